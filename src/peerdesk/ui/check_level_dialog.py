"""Set the criminal-record check level of a role, and why the role is eligible for it.

Callers open it with ``open()``; ``saved`` carries the CheckLevelInfo the service returned.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from peerdesk.domain.fair_chance import MAX_LINE
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.fair_chance_views import CheckLevel, CheckLevelDetails, CheckLevelInfo
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

CHOOSE = "Choose a level…"


class CheckLevelDialog(FormDialog):
    """Add a role's check level (``level`` None) or change one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        level: CheckLevelInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(
            "Check level for a role" if level is None else "Change a role's check level",
            "Ask only for the check a role is eligible for. Say which of its duties make it "
            "eligible: a basic, standard or enhanced check needs a reason.",
            parent,
        )
        self.setObjectName("check_level_dialog")
        self._services = services
        self._actor = actor
        self._level = level

        self.job_title = QLineEdit()
        self.job_title.setObjectName("job_title")
        self.job_title.setMaxLength(MAX_LINE)
        self.job_title.setPlaceholderText("For example: Peer Support Worker")
        completer = QCompleter(services.fair_chance.job_titles(actor), self.job_title)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.job_title.setCompleter(completer)
        self._row("&Role (job title) *", "job_title", self.job_title)

        self.check_level = QComboBox()
        self.check_level.setObjectName("check_level")
        fill_combo(self.check_level, [(CHOOSE, None), *((c.label, c.value) for c in CheckLevel)])
        self._row("&Level of check *", "check_level", self.check_level, date_row(self.check_level))

        self.reason = make_text_edit(
            "eligibility_reason", 4, "Which duties make the role eligible for this level"
        )
        self.reason.setAccessibleName("Why the role is eligible")
        self._reason_label = self._row("&Why eligible", "eligibility_reason", self.reason)

        self.decided_on = make_date_edit("decided_on")
        self.decided_on.setDate(to_qdate(today))
        self._row("&Decided on *", "decided_on", self.decided_on, date_row(self.decided_on))

        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("decided_by")
        self.decided_by.setMaxLength(MAX_LINE)
        self.decided_by.setText(actor.display_name)
        self._row("Decided &by", "decided_by", self.decided_by)

        if level is not None:
            d = level.details
            self.job_title.setText(d.job_title)
            select_data(self.check_level, level.level.value)
            self.reason.setPlainText(d.eligibility_reason)
            if d.decided_on is not None:
                self.decided_on.setDate(to_qdate(d.decided_on))
            self.decided_by.setText(d.decided_by)
        self._level_changed()

        self.job_title.textChanged.connect(lambda _t: self.errors.clear("job_title"))
        self.check_level.currentIndexChanged.connect(lambda _i: self._level_changed())
        self.reason.textChanged.connect(lambda: self.errors.clear("eligibility_reason"))
        self.decided_on.dateChanged.connect(lambda _d: self.errors.clear("decided_on"))
        self.decided_by.textChanged.connect(lambda _t: self.errors.clear("decided_by"))
        order = (self.job_title, self.check_level, self.reason, self.decided_on, self.decided_by)
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(560, self.sizeHint().height())
        self.job_title.setFocus()

    def _level_changed(self) -> None:
        self.errors.clear("check_level")
        self.errors.clear("eligibility_reason")
        value = current_data(self.check_level)
        needed = value is not None and CheckLevel(value).needs_reason
        self._reason_label.setText("&Why eligible *" if needed else "&Why eligible")

    def details(self) -> CheckLevelDetails:
        value = current_data(self.check_level)
        return CheckLevelDetails(
            job_title=self.job_title.text(),
            check_level=CheckLevel(value) if value is not None else None,
            eligibility_reason=self.reason.toPlainText(),
            decided_on=from_qdate(self.decided_on.date()),
            decided_by=self.decided_by.text(),
        )

    def _save(self) -> object:
        level_id = self._level.id if self._level is not None else None
        return self._services.fair_chance.save_check_level(self._actor, level_id, self.details())
