"""Mark someone as a leaver: the date they leave (or left) and why. Nothing else changes.

Small enough for layout and behaviour to share a file; the layout is still its own class.
Callers open it with ``open()``; ``saved`` carries the StaffRecord after a successful save.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.clock import local_today
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.views import StaffRecord
from peerdesk.ui.form_helpers import (
    FieldErrors,
    field_with_error,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_save_cancel_buttons,
    to_qdate,
)


class LeaverDialogLayout:
    """Builds the widgets; holds no behaviour."""

    general_error: QLabel
    person: QLabel
    started: QLabel
    end_date: QDateEdit
    end_date_error: QLabel
    leaving_reason: QPlainTextEdit
    leaving_reason_error: QLabel
    button_box: QDialogButtonBox
    save_button: QPushButton
    cancel_button: QPushButton

    def setup_ui(self, dialog: QDialog) -> None:
        dialog.setObjectName("leaver_dialog")
        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(10)

        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)

        self.person = QLabel()
        self.person.setObjectName("person_name")
        self.person.setTextFormat(Qt.TextFormat.PlainText)
        self.person.setWordWrap(True)
        font = self.person.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.person.setFont(font)
        outer.addWidget(self.person)
        self.started = make_hint("")
        self.started.setObjectName("started")
        outer.addWidget(self.started)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.end_date = make_date_edit("end_date")
        # The messages are short: unwrapped, they count in the dialog's minimum size.
        self.end_date_error = make_error_label("end_date")
        self.end_date_error.setWordWrap(False)
        date_row = QHBoxLayout()
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.end_date)
        date_row.addStretch(1)
        date_label = QLabel("Leaving &date *")
        date_label.setBuddy(self.end_date)
        form.addRow(date_label, field_with_error(date_row, self.end_date_error))

        self.leaving_reason = QPlainTextEdit()
        self.leaving_reason.setObjectName("leaving_reason")
        self.leaving_reason.setTabChangesFocus(True)
        self.leaving_reason.setPlaceholderText(
            "For example: end of fixed-term contract; moved to a new job"
        )
        lines = self.leaving_reason.fontMetrics().lineSpacing()
        self.leaving_reason.setMinimumHeight(lines * 3 + 14)
        self.leaving_reason.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.leaving_reason_error = make_error_label("leaving_reason")
        self.leaving_reason_error.setWordWrap(False)
        reason_label = QLabel("&Reason *")
        reason_label.setBuddy(self.leaving_reason)
        form.addRow(reason_label, field_with_error(self.leaving_reason, self.leaving_reason_error))
        outer.addLayout(form)

        note = make_hint(
            "Their record stays in the register as a leaver, with their supervision "
            "history. Nothing is deleted."
        )
        outer.addWidget(note)

        self.button_box, self.save_button, self.cancel_button = make_save_cancel_buttons()
        outer.addWidget(self.button_box)

        QWidget.setTabOrder(self.end_date, self.leaving_reason)
        dialog.setMinimumWidth(400)
        dialog.resize(480, 340)


class LeaverDialog(QDialog):
    saved = Signal(object)  # the StaffRecord, after a successful save

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today or local_today()
        self._record: StaffRecord | None = None

        self.ui = LeaverDialogLayout()
        self.ui.setup_ui(self)
        self.errors = FieldErrors(self.ui.general_error)
        self.errors.add("end_date", self.ui.end_date_error, self.ui.end_date)
        self.errors.add("leaving_reason", self.ui.leaving_reason_error, self.ui.leaving_reason)

        self.ui.save_button.clicked.connect(self.save)
        self.ui.cancel_button.clicked.connect(self.reject)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.activated.connect(self.save)
        self.ui.end_date.dateChanged.connect(lambda _d: self.errors.clear("end_date"))
        self.ui.leaving_reason.textChanged.connect(lambda: self.errors.clear("leaving_reason"))

        self.setWindowTitle("Mark as a leaver")
        self.ui.end_date.setDate(to_qdate(self._today))
        self._load()
        self.ui.end_date.setFocus()

    @property
    def record(self) -> StaffRecord | None:
        return self._record

    def _load(self) -> None:
        try:
            record = self._services.staff.get(self._actor, self._staff_id)
        except NotFound as exc:
            self.errors.show_general(str(exc))
            self.ui.save_button.setEnabled(False)
            return
        self._record = record
        d = record.details
        self.setWindowTitle(f"Mark {d.full_name} as a leaver")
        self.ui.person.setText(d.full_name)
        started = f"Started {format_date(d.start_date)}" if d.start_date else ""
        extra = [part for part in (d.job_title, record.team_name, started) if part]
        self.ui.started.setText(" · ".join(extra))
        self.ui.started.setVisible(bool(extra))
        if d.end_date is not None:
            # Already has an end date (a fixed term, say): start from what is recorded.
            self.ui.end_date.setDate(to_qdate(d.end_date))
        self.ui.leaving_reason.setPlainText(d.leaving_reason)

    def save(self) -> None:
        if not self.ui.save_button.isEnabled():
            return
        self.errors.clear_all()
        try:
            record = self._services.staff.mark_leaver(
                self._actor,
                self._staff_id,
                from_qdate(self.ui.end_date.date()),
                self.ui.leaving_reason.toPlainText(),
            )
        except ValidationError as exc:
            self.errors.show_errors(list(exc.errors))
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self._record = record
        self.saved.emit(record)
        self.accept()
