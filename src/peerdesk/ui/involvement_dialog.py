"""Log (or change) one involvement activity: what was decided, who took part (counts
only), what they were paid, and the "you said, we did" answer.

Save with Ctrl+S or Enter (outside the multi-line boxes), Cancel with Esc; problems are
shown under the field they belong to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.involvement import (
    MAX_COUNT,
    MAX_TITLE,
    InvolvementDetails,
    Outcome,
    PaymentKind,
    Stage,
    parse_pounds,
    pounds_text,
    validate_involvement,
)
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.involvement_views import InvolvementRecord
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    connect_optional,
    current_data,
    date_row,
    field_with_error,
    fill_enum_combo,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_hint,
    make_text_edit,
    optional_date,
    select_data,
    set_optional_date,
    to_qdate,
)
from peerdesk.ui.form_keeper import FormKeeper

NAMES_NOTE = "Counts only: never write the names of people using services."


def _count_box(name: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, MAX_COUNT)
    box.setGroupSeparatorShown(True)
    box.setMaximumWidth(90)
    return box


class InvolvementDialog(FormDialog):
    """Add an activity (``record`` None) or change one; ``saved`` carries the record."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        record: InvolvementRecord | None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "Log an activity" if record is None else "Change an activity"
        super().__init__(
            title,
            "A time people with lived experience shaped a decision: what was decided, who "
            "took part, what they were paid and what came of it.",
            parent,
        )
        self.setObjectName("involvement_dialog")
        self._services = services
        self._actor = actor
        self._record = record
        self._today = today

        self.held_on = make_date_edit("held_on")
        self.held_on.setAccessibleName("Date it took place")
        self._row("&Date", "held_on", self.held_on, date_row(self.held_on))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setAccessibleName("What was decided or designed")
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText("e.g. Redesigned the peer support induction")
        self._row("&What was decided", "title", self.title_edit)
        self.details_edit = make_text_edit("details", 3, "How it was done (optional)")
        self.details_edit.setAccessibleName("Details")
        self._row("De&tails", "details", self.details_edit)
        self.stage = QComboBox()
        self.stage.setObjectName("stage")
        self.stage.setAccessibleName("Stage")
        fill_enum_combo(self.stage, Stage)
        self._row("Sta&ge", "stage", self.stage)

        self.staff_count = _count_box("staff_count", "Staff taking part")
        self.volunteer_count = _count_box("volunteer_count", "Volunteers taking part")
        self.service_user_count = _count_box(
            "service_user_count", "People using services taking part"
        )
        counts = QWidget()
        counts_row = QHBoxLayout(counts)
        counts_row.setContentsMargins(0, 0, 0, 0)
        for text, box in (
            ("Sta&ff", self.staff_count),
            ("&Volunteers", self.volunteer_count),
            ("&Using services", self.service_user_count),
        ):
            label = QLabel(text)
            label.setBuddy(box)
            counts_row.addWidget(label)
            counts_row.addWidget(box)
        counts_row.addStretch(1)
        self._row("Taking part", "staff_count", self.staff_count, counts)
        for field, box in (
            ("volunteer_count", self.volunteer_count),
            ("service_user_count", self.service_user_count),
        ):
            self.errors.add(field, self._error_label("staff_count"), box)
        note = make_hint(NAMES_NOTE)
        note.setObjectName("names_note")
        self.form.addRow("", note)

        self.payment_kind = QComboBox()
        self.payment_kind.setObjectName("payment_kind")
        self.payment_kind.setAccessibleName("How people were paid")
        fill_enum_combo(self.payment_kind, PaymentKind)
        self._row("&Paid", "payment_kind", self.payment_kind)
        self.amount = QLineEdit()
        self.amount.setObjectName("payment_amount")
        self.amount.setAccessibleName("Total amount given, in pounds")
        self.amount.setPlaceholderText("£0.00")
        self.amount.setMaximumWidth(160)
        self._row("Total &amount", "payment_pence", self.amount)
        self.people_paid = _count_box("people_paid", "Number of people paid")
        self._row("Peop&le paid", "people_paid", self.people_paid, date_row(self.people_paid))
        self.benefits_advice = QCheckBox("&Benefits advice was offered")
        self.benefits_advice.setObjectName("benefits_advice")
        self.form.addRow("", self.benefits_advice)

        self.you_said = make_text_edit("you_said", 2, "What people told us")
        self.you_said.setAccessibleName("You said")
        self._row("&You said", "you_said", self.you_said)
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        self.outcome.setAccessibleName("Outcome")
        fill_enum_combo(self.outcome, Outcome)
        self._row("&Outcome", "outcome", self.outcome)
        self.we_did = make_text_edit("we_did", 2, "What changed, or why not")
        self.we_did.setAccessibleName("We did")
        self._row("W&e did", "we_did", self.we_did)
        self.told = QCheckBox("People were told o&n")
        self.told.setObjectName("told_check")
        self.told_on = make_date_edit("told_on")
        self.told_on.setAccessibleName("Date people were told")
        connect_optional(self.told, self.told_on)
        told_error = make_error_label("told_on")
        self.form.addRow(self.told, field_with_error(date_row(self.told_on), told_error))
        self.errors.add("told_on", told_error, self.told_on)

        self.payment_kind.currentIndexChanged.connect(lambda _i: self._update_payment())
        self.setMinimumWidth(680)
        self._load(record)
        self._update_payment()
        # what was typed when PeerDesk locked comes back (ui/form_keeper)
        self.keeper = FormKeeper(
            self, services, actor, f"involvement:{record.id if record is not None else 'new'}"
        )
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(0, self.keeper.bar)
        self.keeper.start()
        self.title_edit.setFocus()

    def save_draft_now(self) -> bool:
        """Keep what is typed before PeerDesk locks (called by the lock); True if kept."""
        return self.keeper.keep_now()

    # -- layout helpers -----------------------------------------------------------------

    def _error_label(self, field: str) -> QLabel:
        label = self.findChild(QLabel, f"{field}_error")
        assert label is not None
        return label

    def _load(self, record: InvolvementRecord | None) -> None:
        d = record.details if record is not None else InvolvementDetails(held_on=self._today)
        self.held_on.setDate(to_qdate(d.held_on or self._today))
        self.title_edit.setText(d.title)
        self.details_edit.setPlainText(d.details)
        select_data(self.stage, d.stage.value)
        self.staff_count.setValue(d.staff_count)
        self.volunteer_count.setValue(d.volunteer_count)
        self.service_user_count.setValue(d.service_user_count)
        select_data(self.payment_kind, d.payment_kind.value)
        self.amount.setText(pounds_text(d.payment_pence) if d.payment_pence else "")
        self.people_paid.setValue(d.people_paid)
        self.benefits_advice.setChecked(d.benefits_advice_offered)
        self.you_said.setPlainText(d.you_said)
        select_data(self.outcome, d.outcome.value)
        self.we_did.setPlainText(d.we_did)
        self.told_on.setDate(to_qdate(d.told_on or self._today))
        set_optional_date(self.told, self.told_on, d.told_on)

    def _update_payment(self) -> None:
        paid = PaymentKind(current_data(self.payment_kind)).paid
        for widget in (self.amount, self.people_paid, self.benefits_advice):
            widget.setEnabled(paid)

    # -- saving -----------------------------------------------------------------------------

    def details(self) -> InvolvementDetails:
        """What the form says; raises ValidationError when the amount is not money."""
        kind = PaymentKind(current_data(self.payment_kind))
        base = InvolvementDetails(
            held_on=from_qdate(self.held_on.date()),
            title=self.title_edit.text(),
            details=self.details_edit.toPlainText(),
            stage=Stage(current_data(self.stage)),
            staff_count=self.staff_count.value(),
            volunteer_count=self.volunteer_count.value(),
            service_user_count=self.service_user_count.value(),
            payment_kind=kind,
            people_paid=self.people_paid.value() if kind.paid else 0,
            benefits_advice_offered=kind.paid and self.benefits_advice.isChecked(),
            you_said=self.you_said.toPlainText(),
            we_did=self.we_did.toPlainText(),
            outcome=Outcome(current_data(self.outcome)),
            told_on=optional_date(self.told, self.told_on),
        )
        if not kind.paid:
            return base
        try:
            return replace(base, payment_pence=parse_pounds(self.amount.text()))
        except ValidationError as bad_amount:
            # show the amount's problem with every other one the form has
            others: list[FieldError] = []
            try:
                validate_involvement(replace(base, payment_pence=1), self._today)
            except ValidationError as more:
                others = [e for e in more.errors if e.field != "payment_pence"]
            raise ValidationError([*bad_amount.errors, *others]) from None

    def _save(self) -> object:
        details = self.details()
        log = self._services.involvement
        if self._record is None:
            return log.add(self._actor, details)
        return log.update(self._actor, self._record.id, details)
