"""Add or edit a policy in the register, and record a policy's review.

Callers open them with ``open()``; ``saved`` carries the PolicyInfo the service returned.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from peerdesk.domain.enums import PolicyStatus
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.policy_views import (
    MAX_LOCATION,
    MAX_TITLE,
    MAX_VERSION,
    PolicyDetails,
    PolicyInfo,
)
from peerdesk.ui.agreement_tab import a_year_after
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    connect_optional,
    current_data,
    date_row,
    field_with_error,
    fill_combo,
    fill_enum_combo,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_text_edit,
    optional_date,
    select_data,
    set_optional_date,
    to_qdate,
)

IN_USE = (PolicyStatus.DRAFT, PolicyStatus.APPROVED, PolicyStatus.UNDER_REVIEW)


def next_version(version: str) -> str:
    """A suggestion for the version after a review: "3.1" -> "3.2", "2" -> "3", "v1.9" ->
    "v1.10", "2024-03" -> "2024-04"; unchanged when there is no number to go on."""
    match = re.search(r"(\d+)(?!.*\d)", version)
    if match is None:
        return version
    digits = match.group(1)
    number = str(int(digits) + 1).zfill(len(digits))
    return version[: match.start(1)] + number + version[match.end(1) :]


class PolicyDialog(FormDialog):
    """Add a policy (``policy`` None) or edit one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        policy: PolicyInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "New policy" if policy is None else "Edit a policy"
        intro = (
            "Add a policy to the register: who owns it, which version is in force and when it "
            "is next reviewed."
            if policy is None
            else ""
        )
        super().__init__(title, intro, parent)
        self.setObjectName("policy_dialog")
        self._services = services
        self._actor = actor
        self._policy = policy

        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText("For example: Lone working")
        self._row("&Title *", "title", self.title)

        self.status = QComboBox()
        self.status.setObjectName("status")
        retired = policy is not None and policy.is_retired
        fill_enum_combo(self.status, (*IN_USE, PolicyStatus.RETIRED) if retired else IN_USE)
        self._row("Stat&us *", "status", self.status, date_row(self.status))

        self.version = QLineEdit()
        self.version.setObjectName("version")
        self.version.setMaxLength(MAX_VERSION)
        self.version.setPlaceholderText("For example: 3.1")
        self.version.setMaximumWidth(160)
        self._row("&Version", "version", self.version, date_row(self.version))

        self.owner = QComboBox()
        self.owner.setObjectName("owner_id")
        people = [
            (f"{p.name} ({p.job_title})" if p.job_title else p.name, p.id)
            for p in services.staff.people(actor)
        ]
        fill_combo(self.owner, [(NONE_TEXT, None), *people])
        self._row("&Owner", "owner_id", self.owner)

        self.approved_check = QCheckBox("A&pproved on")
        self.approved_check.setObjectName("approved_check")
        self.approved_on = make_date_edit("approved_on")
        self.approved_on.setAccessibleName("Approved on")
        error = make_error_label("approved_on")
        self.errors.add("approved_on", error, self.approved_on)
        connect_optional(self.approved_check, self.approved_on)
        self.form.addRow(self.approved_check, field_with_error(date_row(self.approved_on), error))

        self.next_review = make_date_edit("next_review")
        self._next_review_label = self._row(
            "&Next review *", "next_review", self.next_review, date_row(self.next_review)
        )

        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setMaxLength(MAX_LOCATION)
        self.location.setPlaceholderText(r"A file, a shared-drive path (S:\Policies\…) or a link")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setObjectName("browse_button")
        self.browse_button.setToolTip("Choose the document's file")
        self.browse_button.setAutoDefault(False)
        document = QWidget()
        row = QHBoxLayout(document)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.location, 1)
        row.addWidget(self.browse_button)
        self._row("&Document", "location", self.location, document)

        self.notes = make_text_edit("notes", 3)
        self._row("Not&es", "notes", self.notes)

        self.approved_on.setDate(to_qdate(today))
        self.next_review.setDate(to_qdate(a_year_after(today)))
        if policy is None:
            select_data(self.status, PolicyStatus.DRAFT.value)
        else:
            self._fill(policy)
        self._status_changed()

        self.title.textChanged.connect(lambda _t: self.errors.clear("title"))
        self.version.textChanged.connect(lambda _t: self.errors.clear("version"))
        self.owner.currentIndexChanged.connect(lambda _i: self.errors.clear("owner_id"))
        self.approved_check.toggled.connect(lambda _on: self.errors.clear("approved_on"))
        self.approved_on.dateChanged.connect(lambda _d: self.errors.clear("approved_on"))
        self.next_review.dateChanged.connect(lambda _d: self.errors.clear("next_review"))
        self.location.textChanged.connect(lambda _t: self.errors.clear("location"))
        self.notes.textChanged.connect(lambda: self.errors.clear("notes"))
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self.browse_button.clicked.connect(self.browse)
        order = (
            self.title,
            self.status,
            self.version,
            self.owner,
            self.approved_check,
            self.approved_on,
            self.next_review,
            self.location,
            self.browse_button,
            self.notes,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(600, self.sizeHint().height())
        self.title.setFocus()

    def _fill(self, policy: PolicyInfo) -> None:
        d = policy.details
        self.title.setText(d.title)
        select_data(self.status, d.status.value)
        self.version.setText(d.version)
        if d.owner_id is not None and not select_data(self.owner, d.owner_id):
            self.owner.addItem(f"{policy.owner_name or 'Someone'} (left)", d.owner_id)
            self.owner.setCurrentIndex(self.owner.count() - 1)
        set_optional_date(self.approved_check, self.approved_on, d.approved_on)
        if d.next_review is not None:
            self.next_review.setDate(to_qdate(d.next_review))
        self.location.setText(d.location)
        self.location.setCursorPosition(0)
        self.notes.setPlainText(d.notes)

    def _chosen_status(self) -> PolicyStatus:
        return PolicyStatus(current_data(self.status))

    def _status_changed(self) -> None:
        status = self._chosen_status()
        self.errors.clear("status")
        if status is PolicyStatus.APPROVED and not self.approved_check.isChecked():
            self.approved_check.setChecked(True)  # in force means approved: offer the date
        self.next_review.setEnabled(status is not PolicyStatus.RETIRED)

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the policy document", self.location.text().strip()
        )
        if path:
            self.location.setText(path)

    def details(self) -> PolicyDetails:
        status = self._chosen_status()
        return PolicyDetails(
            title=self.title.text(),
            status=status,
            version=self.version.text(),
            owner_id=current_data(self.owner),
            approved_on=optional_date(self.approved_check, self.approved_on),
            next_review=(
                None if status is PolicyStatus.RETIRED else from_qdate(self.next_review.date())
            ),
            location=self.location.text(),
            notes=self.notes.toPlainText(),
        )

    def _save(self) -> PolicyInfo:
        service = self._services.policies
        if self._policy is None:
            return service.add(self._actor, self.details())
        return service.update(self._actor, self._policy.id, self.details())


class ReviewPolicyDialog(FormDialog):
    """Record a review: approved again on a date, as a version, with the next review (one
    year on unless changed)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        policy: PolicyInfo,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(
            "Mark a policy as reviewed",
            f"Record that “{policy.title}” has been reviewed and approved: it will be in force "
            "as the version below.",
            parent,
        )
        self.setObjectName("review_policy_dialog")
        self._services = services
        self._actor = actor
        self._policy = policy

        self.approved_on = make_date_edit("approved_on")
        self.approved_on.setDate(to_qdate(today))
        self._row("&Approved on *", "approved_on", self.approved_on, date_row(self.approved_on))
        self.version = QLineEdit(next_version(policy.details.version))
        self.version.setObjectName("version")
        self.version.setMaxLength(MAX_VERSION)
        self.version.setMaximumWidth(160)
        current = policy.details.version
        self._row("&Version", "version", self.version, date_row(self.version))
        if current:
            self.version.setToolTip(f"The version until now: {current}")
        self.next_review = make_date_edit("next_review")
        self.next_review.setDate(to_qdate(a_year_after(today)))
        self._row("&Next review *", "next_review", self.next_review, date_row(self.next_review))
        self._review_follows = True

        self.approved_on.dateChanged.connect(self._approved_changed)
        self.version.textChanged.connect(lambda _t: self.errors.clear("version"))
        self.next_review.dateChanged.connect(self._review_changed)
        self.setMinimumWidth(480)
        self.resize(520, self.sizeHint().height())
        self.version.setFocus()
        self.version.selectAll()

    def _approved_changed(self) -> None:
        self.errors.clear("approved_on")
        if self._review_follows:
            blocked = self.next_review.blockSignals(True)
            self.next_review.setDate(to_qdate(a_year_after(from_qdate(self.approved_on.date()))))
            self.next_review.blockSignals(blocked)

    def _review_changed(self) -> None:
        self.errors.clear("next_review")
        self._review_follows = False  # chosen by hand: leave it be

    def _save(self) -> PolicyInfo:
        return self._services.policies.mark_reviewed(
            self._actor,
            self._policy.id,
            approved_on=from_qdate(self.approved_on.date()),
            version=self.version.text(),
            next_review=from_qdate(self.next_review.date()),
        )
