"""The risk assessment made with a person who disclosed a conviction: add or open one.

This is criminal-offence data: only administrators open this dialog (the service refuses
anyone else), every opening is recorded in the audit trail, and the assessment is erased
after the date shown. Callers open it with ``open()``; ``saved`` carries the
AssessmentInfo the service returned.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from peerdesk.domain.fair_chance import (
    MAX_KEEP_MONTHS,
    MAX_LINE,
    default_delete_after,
    latest_delete_after,
)
from peerdesk.domain.text import long_date
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.fair_chance_views import AssessmentDetails, AssessmentInfo, Decision
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    current_data,
    date_row,
    fill_combo,
    from_qdate,
    make_date_edit,
    make_text_edit,
    select_data,
    to_qdate,
)

CHOOSE_PERSON = "Choose the person…"
CHOOSE_DECISION = "Choose what was decided…"


def erasure_note(delete_after: dt.date) -> str:
    return (
        "This is criminal-offence data. Only administrators can see it, every time it is "
        "opened is recorded in the audit trail, and PeerDesk asks for it to be erased after "
        f"{long_date(delete_after)}. Write only what the decision needs."
    )


class ConvictionDialog(FormDialog):
    """Add an assessment (``assessment`` None) or change one already opened."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        assessment: AssessmentInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(
            "New risk assessment" if assessment is None else "Risk assessment",
            "Weigh a disclosed conviction with the person: how relevant it is to the role, "
            "how long ago it was, the circumstances, and what support or safeguards help.",
            parent,
        )
        self.setObjectName("conviction_dialog")
        self._services = services
        self._actor = actor
        self._assessment = assessment
        self._keep_months = services.fair_chance.keep_months(actor)
        self._delete_after_touched = assessment is not None

        self.note = QLabel()
        self.note.setObjectName("conviction_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("font-weight: bold;")
        self.form.addRow(self.note)

        self.person = QComboBox()
        self.person.setObjectName("staff_id")
        people = services.staff.people(actor, include_leavers=assessment is not None)
        self._titles = {p.id: p.job_title for p in people}
        fill_combo(self.person, [(CHOOSE_PERSON, None), *((p.name, p.id) for p in people)])
        self._row("&Person *", "staff_id", self.person)

        self.role_title = QLineEdit()
        self.role_title.setObjectName("role_title")
        self.role_title.setMaxLength(MAX_LINE)
        self.role_title.setPlaceholderText("The role they applied for or hold")
        self._row("R&ole", "role_title", self.role_title)

        self.disclosed_on = make_date_edit("disclosed_on")
        self._row("Dis&closed on *", "disclosed_on", self.disclosed_on, date_row(self.disclosed_on))

        self.relevance = make_text_edit("relevance", 2, "How relevant it is to the role's duties")
        self._row("Re&levance", "relevance", self.relevance)
        self.time_since = make_text_edit("time_since", 2, "How long ago, and what since")
        self._row("&Time since", "time_since", self.time_since)
        self.circumstances = make_text_edit(
            "circumstances", 3, "The circumstances, as the person chose to describe them"
        )
        self._row("C&ircumstances", "circumstances", self.circumstances)
        self.safeguards = make_text_edit("safeguards", 2, "Support and safeguards agreed")
        self._row("&Safeguards", "safeguards", self.safeguards)

        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        fill_combo(
            self.decision, [(CHOOSE_DECISION, None), *((d.label, d.value) for d in Decision)]
        )
        self._row("Decisio&n *", "decision", self.decision, date_row(self.decision))

        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("decided_by")
        self.decided_by.setMaxLength(MAX_LINE)
        self.decided_by.setText(actor.display_name)
        self._row("Decided &by *", "decided_by", self.decided_by)

        self.decided_on = make_date_edit("decided_on")
        self._row("&Decided on *", "decided_on", self.decided_on, date_row(self.decided_on))

        self.delete_after = make_date_edit("delete_after")
        self.delete_after.setToolTip(
            f"At most {MAX_KEEP_MONTHS} months after the decision; "
            f"{self._keep_months} months unless you change it"
        )
        self._row("&Erase after *", "delete_after", self.delete_after, date_row(self.delete_after))

        self.disclosed_on.setDate(to_qdate(today))
        self.decided_on.setDate(to_qdate(today))
        self.delete_after.setDate(to_qdate(default_delete_after(today, self._keep_months)))
        if assessment is not None:
            self._fill(assessment)
        self.delete_after.setMaximumDate(
            to_qdate(latest_delete_after(from_qdate(self.decided_on.date())))
        )
        self._update_note()

        self.person.currentIndexChanged.connect(lambda _i: self._person_changed())
        self.role_title.textChanged.connect(lambda _t: self.errors.clear("role_title"))
        self.disclosed_on.dateChanged.connect(lambda _d: self.errors.clear("disclosed_on"))
        for field, edit in (
            ("relevance", self.relevance),
            ("time_since", self.time_since),
            ("circumstances", self.circumstances),
            ("safeguards", self.safeguards),
        ):
            edit.textChanged.connect(lambda field=field: self.errors.clear(field))
        self.decision.currentIndexChanged.connect(lambda _i: self.errors.clear("decision"))
        self.decided_by.textChanged.connect(lambda _t: self.errors.clear("decided_by"))
        self.decided_on.dateChanged.connect(lambda _d: self._decided_changed())
        self.delete_after.dateChanged.connect(lambda _d: self._delete_after_changed())
        order = (
            self.person,
            self.role_title,
            self.disclosed_on,
            self.relevance,
            self.time_since,
            self.circumstances,
            self.safeguards,
            self.decision,
            self.decided_by,
            self.decided_on,
            self.delete_after,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(620, self.sizeHint().height())
        self.person.setFocus()

    def _fill(self, a: AssessmentInfo) -> None:
        d = a.details
        if not select_data(self.person, d.staff_id):
            self.person.addItem(a.full_name, d.staff_id)
            self.person.setCurrentIndex(self.person.count() - 1)
        self.person.setEnabled(False)  # an assessment stays with its person
        self.role_title.setText(d.role_title)
        if d.disclosed_on is not None:
            self.disclosed_on.setDate(to_qdate(d.disclosed_on))
        self.relevance.setPlainText(d.relevance)
        self.time_since.setPlainText(d.time_since)
        self.circumstances.setPlainText(d.circumstances)
        self.safeguards.setPlainText(d.safeguards)
        if d.decision is not None:
            select_data(self.decision, d.decision.value)
        self.decided_by.setText(d.decided_by)
        if d.decided_on is not None:
            self.decided_on.setDate(to_qdate(d.decided_on))
        self.delete_after.setDate(to_qdate(a.delete_after))

    def _person_changed(self) -> None:
        self.errors.clear("staff_id")
        staff_id = current_data(self.person)
        if staff_id is not None and not self.role_title.text().strip():
            self.role_title.setText(self._titles.get(staff_id, ""))

    def _decided_changed(self) -> None:
        self.errors.clear("decided_on")
        decided = from_qdate(self.decided_on.date())
        if not self._delete_after_touched:
            blocked = self.delete_after.blockSignals(True)
            self.delete_after.setDate(to_qdate(default_delete_after(decided, self._keep_months)))
            self.delete_after.blockSignals(blocked)
        self.delete_after.setMaximumDate(to_qdate(latest_delete_after(decided)))
        self._update_note()

    def _delete_after_changed(self) -> None:
        self._delete_after_touched = True
        self.errors.clear("delete_after")
        self._update_note()

    def _update_note(self) -> None:
        self.note.setText(erasure_note(from_qdate(self.delete_after.date())))

    def details(self) -> AssessmentDetails:
        decision = current_data(self.decision)
        return AssessmentDetails(
            staff_id=current_data(self.person),
            role_title=self.role_title.text(),
            disclosed_on=from_qdate(self.disclosed_on.date()),
            relevance=self.relevance.toPlainText(),
            time_since=self.time_since.toPlainText(),
            circumstances=self.circumstances.toPlainText(),
            safeguards=self.safeguards.toPlainText(),
            decision=Decision(decision) if decision is not None else None,
            decided_by=self.decided_by.text(),
            decided_on=from_qdate(self.decided_on.date()),
            delete_after=from_qdate(self.delete_after.date()),
        )

    def _save(self) -> object:
        fc = self._services.fair_chance
        if self._assessment is None:
            return fc.add(self._actor, self.details())
        return fc.change(self._actor, self._assessment.id, self.details())
