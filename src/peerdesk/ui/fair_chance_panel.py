"""Fair-chance recruitment, a tab of the Checklists page.

Two parts:

- **Check levels by role**: the criminal-record check each role is eligible for, and why.
  Everyone reads it; administrators and managers add, change and remove levels.
- **Risk assessments** of disclosed convictions: administrators only. For anyone else
  the part is a plain sentence saying so (the service refuses them too). A banner at the
  top says when assessments are past their deletion date, with a button to erase them;
  the keeping time (months after the decision) is set here.

Keys: Alt+A add a role's level, Alt+E edit it, Alt+R remove it; Alt+N new assessment,
Enter (or double-click) or Alt+O opens one, Alt+S erases one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.fair_chance import MAX_KEEP_MONTHS, MIN_KEEP_MONTHS
from peerdesk.domain.text import long_date, short_date
from peerdesk.domain.validation import ValidationError
from peerdesk.services import access_rules
from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.fair_chance_views import (
    ADMINISTRATORS_ONLY,
    AssessmentInfo,
    AssessmentSummary,
    CheckLevelInfo,
)
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.check_level_dialog import CheckLevelDialog
from peerdesk.ui.context import AppContext
from peerdesk.ui.conviction_dialog import ConvictionDialog
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import ERROR_COLOUR, confirm
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel, make_row_table

MANAGERS_ONLY = "Only managers and administrators can set the check level of a role."
BANNER_COLOUR = "#fff4e5"


def due_banner_text(count: int) -> str:
    if count == 1:
        return "1 risk assessment is past its deletion date. Erase it now."
    return f"{count} risk assessments are past their deletion date. Erase them now."


def erase_question(row: AssessmentSummary) -> str:
    role = f" for the role of {row.role_title}" if row.role_title else ""
    return (
        f"Erase the risk assessment of {row.full_name}{role}, decided on "
        f"{long_date(row.decided_on)} ({row.decision.label.lower()})?\n\n"
        "Everything written in it (the relevance, time since, circumstances, safeguards "
        "and decision) is deleted for good and cannot be restored. The audit trail keeps "
        "only that an assessment was erased, and when. Their staff record is not changed."
    )


class CheckLevelModel(RowTableModel[CheckLevelInfo]):
    HEADERS = ("Role", "Level", "Why eligible", "Decided")

    def set_rows(self, rows: Sequence[CheckLevelInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        d = row.details
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                return d.job_title
            if column == 1:
                return row.level.label
            if column == 2:
                return " ".join(d.eligibility_reason.split())
            return short_date(d.decided_on) if d.decided_on else ""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return d.eligibility_reason or None
        return None


class AssessmentModel(RowTableModel[AssessmentSummary]):
    HEADERS = ("Person", "Role", "Decided", "Decision", "Delete after")

    def rows(self) -> list[AssessmentSummary]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[AssessmentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return row.full_name
            if column == 1:
                return row.role_title
            if column == 2:
                return short_date(row.decided_on)
            if column == 3:
                return row.decision.label
            text = short_date(row.delete_after)
            return f"{text} (now due)" if row.past_deletion else text
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.past_deletion:
            return QBrush(QColor(ERROR_COLOUR))
        return None


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    return button


class FairChancePanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fair_chance_panel")
        self._context = context
        actor = context.actor
        self._may_set_levels = access_rules.sees_everyone(actor)
        self._is_admin = access_rules.is_administrator(actor)
        self.current_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        self.message = QLabel()
        self.message.setObjectName("fair_chance_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        # -- check levels by role ---------------------------------------------------------
        levels_box = QGroupBox("Check levels by role")
        levels_box.setObjectName("check_levels_box")
        levels_layout = QVBoxLayout(levels_box)
        hint = QLabel(
            "The criminal-record check each role is eligible for, and why. Ask for no more "
            "than the role needs."
        )
        hint.setWordWrap(True)
        levels_layout.addWidget(hint)
        buttons = QHBoxLayout()
        self.add_level_button = _button(
            "&Add role…", "add_check_level_button", "Set the check level of a role (Alt+A)"
        )
        self.edit_level_button = _button(
            "&Edit…", "edit_check_level_button", "Change the selected role's level (Alt+E)"
        )
        self.remove_level_button = _button(
            "&Remove…", "remove_check_level_button", "Remove the selected role's level (Alt+R)"
        )
        for button in (self.add_level_button, self.edit_level_button, self.remove_level_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        levels_layout.addLayout(buttons)
        self.level_model = CheckLevelModel(self)
        self.level_table = make_row_table(self.level_model, "check_level_table", "Check levels")
        header = self.level_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.level_table.setColumnWidth(0, 200)
        self.level_table.setColumnWidth(1, 120)
        self.level_table.setColumnWidth(3, 92)
        levels_layout.addWidget(self.level_table, 1)
        layout.addWidget(levels_box, 1)
        layout.addWidget(self.message)

        # -- risk assessments (administrators only) ---------------------------------------
        box = QGroupBox("Risk assessments")
        box.setObjectName("assessments_box")
        self.assessments_box = box
        part = QVBoxLayout(box)
        self.admin_only_label: QLabel | None = None
        if not self._is_admin:
            self.admin_only_label = QLabel(ADMINISTRATORS_ONLY)
            self.admin_only_label.setObjectName("assessments_admin_only")
            self.admin_only_label.setWordWrap(True)
            self.admin_only_label.setTextFormat(Qt.TextFormat.PlainText)
            part.addWidget(self.admin_only_label)
            layout.addWidget(box)
        else:
            self._build_assessments(part)
            layout.addWidget(box, 2)

        self.add_level_button.clicked.connect(self.add_level)
        self.edit_level_button.clicked.connect(self.edit_level)
        self.remove_level_button.clicked.connect(self.remove_level)
        self.level_table.activated.connect(lambda _i: self.edit_level())
        self.level_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    def _build_assessments(self, part: QVBoxLayout) -> None:
        self.banner = QFrame()
        self.banner.setObjectName("due_banner")
        self.banner.setStyleSheet(
            f"#due_banner {{ background: {BANNER_COLOUR}; border: 1px solid {ERROR_COLOUR};"
            " border-radius: 4px; }"
        )
        banner_row = QHBoxLayout(self.banner)
        self.banner_label = QLabel()
        self.banner_label.setObjectName("due_banner_text")
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_erase_button = _button(
            "Erase &now…", "banner_erase_button", "Erase the selected (or first) one now due"
        )
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.banner_erase_button)
        self.banner.hide()
        part.addWidget(self.banner)

        note = QLabel(
            "Criminal-offence data: only administrators can see these, and every time they "
            "are listed or opened is recorded in the audit trail."
        )
        note.setWordWrap(True)
        part.addWidget(note)

        keep_row = QHBoxLayout()
        keep_label = QLabel("&Keep each for")
        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("keep_months")
        self.keep_spin.setAccessibleName("Months to keep each risk assessment after the decision")
        self.keep_spin.setRange(MIN_KEEP_MONTHS, MAX_KEEP_MONTHS)
        self.keep_spin.setSuffix(" months after the decision")
        keep_label.setBuddy(self.keep_spin)
        self.keep_button = _button(
            "Set", "set_keep_months_button", "Use this for new risk assessments"
        )
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.keep_spin)
        keep_row.addWidget(self.keep_button)
        keep_row.addStretch(1)
        part.addLayout(keep_row)

        buttons = QHBoxLayout()
        self.add_button = _button(
            "&New assessment…", "add_assessment_button", "Record a risk assessment (Alt+N)"
        )
        self.open_button = _button(
            "&Open…", "open_assessment_button", "Read or change the selected one (Enter)"
        )
        self.erase_button = _button(
            "Era&se…", "erase_assessment_button", "Erase the selected one for good"
        )
        for button in (self.add_button, self.open_button, self.erase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        part.addLayout(buttons)

        self.assessment_model = AssessmentModel(self)
        self.assessment_table = make_row_table(
            self.assessment_model, "assessment_table", "Risk assessments"
        )
        header = self.assessment_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.assessment_table.setColumnWidth(0, 180)
        self.assessment_table.setColumnWidth(2, 92)
        self.assessment_table.setColumnWidth(3, 200)
        self.assessment_table.setColumnWidth(4, 140)
        part.addWidget(self.assessment_table, 1)

        self.keep_button.clicked.connect(self.set_keep_months)
        self.add_button.clicked.connect(self.add_assessment)
        self.open_button.clicked.connect(self.open_assessment)
        self.erase_button.clicked.connect(self.erase_selected)
        self.banner_erase_button.clicked.connect(self.erase_due)
        self.assessment_table.activated.connect(lambda _i: self.open_assessment())
        self.assessment_table.selectionModel().selectionChanged.connect(lambda *_: self._update())

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        context = self._context
        fc = context.services.fair_chance
        self.level_model.set_rows(fc.check_levels(context.actor))
        if self._is_admin:
            rows = fc.assessments(context.actor)
            self.assessment_model.set_rows(rows)
            due = sum(1 for row in rows if row.past_deletion)
            self.banner_label.setText(due_banner_text(due))
            self.banner.setVisible(due > 0)
            self.keep_spin.setValue(fc.keep_months(context.actor))
        self._update()

    def selected_level(self) -> CheckLevelInfo | None:
        rows = self.level_table.selectionModel().selectedRows()
        return self.level_model.row_at(rows[0].row()) if rows else None

    def selected_assessment(self) -> AssessmentSummary | None:
        if not self._is_admin:
            return None
        rows = self.assessment_table.selectionModel().selectedRows()
        return self.assessment_model.row_at(rows[0].row()) if rows else None

    def select_assessment(self, assessment_id: int) -> bool:
        for index in range(self.assessment_model.rowCount(QModelIndex())):
            row = self.assessment_model.row_at(index)
            if row is not None and row.id == assessment_id:
                self.assessment_table.selectRow(index)
                return True
        return False

    def _update(self) -> None:
        may = self._may_set_levels
        has_level = self.selected_level() is not None
        self.add_level_button.setEnabled(may)
        self.edit_level_button.setEnabled(may and has_level)
        self.remove_level_button.setEnabled(may and has_level)
        if not may:
            for button in (self.add_level_button, self.edit_level_button):
                button.setToolTip(MANAGERS_ONLY)
            self.remove_level_button.setToolTip(MANAGERS_ONLY)
        if self._is_admin:
            chosen = self.selected_assessment() is not None
            self.open_button.setEnabled(chosen)
            self.erase_button.setEnabled(chosen)

    # -- check levels -----------------------------------------------------------------------

    def add_level(self) -> None:
        if not self._may_set_levels:
            return
        c = self._context
        dialog = CheckLevelDialog(c.services, c.actor, None, self, today=c.today())
        self._open(dialog, lambda info: f"Set the check level of “{info.job_title}”.")

    def edit_level(self) -> None:
        level = self.selected_level()
        if level is None or not self._may_set_levels:
            return
        c = self._context
        dialog = CheckLevelDialog(c.services, c.actor, level, self, today=c.today())
        self._open(dialog, lambda info: f"Saved the check level of “{info.job_title}”.")

    def remove_level(self) -> None:
        level = self.selected_level()
        if level is None or not self._may_set_levels:
            return
        if not confirm(
            self,
            "Remove a check level",
            f"Remove the check level of “{level.job_title}”? The role will have no level "
            "recorded until one is set again.",
        ):
            return
        c = self._context
        if self._attempt(lambda: c.services.fair_chance.remove_check_level(c.actor, level.id)):
            self.refresh()
            self._say(f"Removed the check level of “{level.job_title}”.")
            self.changed.emit()

    # -- risk assessments -----------------------------------------------------------------

    def set_keep_months(self) -> None:
        c = self._context
        months = self.keep_spin.value()
        if self._attempt(lambda: c.services.fair_chance.set_keep_months(c.actor, months)):
            self._say(
                f"New risk assessments will be kept for {months} months after the decision. "
                "Those already held keep their own dates."
            )

    def add_assessment(self) -> None:
        if not self._is_admin:
            return
        c = self._context
        dialog = ConvictionDialog(c.services, c.actor, None, self, today=c.today())
        self._open(dialog, lambda info: f"Recorded the risk assessment of {info.full_name}.")

    def open_assessment(self) -> None:
        row = self.selected_assessment()
        if row is None:
            return
        c = self._context
        info: list[AssessmentInfo] = []
        if not self._attempt(lambda: info.append(c.services.fair_chance.get(c.actor, row.id))):
            return
        dialog = ConvictionDialog(c.services, c.actor, info[0], self, today=c.today())
        self._open(dialog, lambda saved: f"Saved the risk assessment of {saved.full_name}.")

    def erase_due(self) -> None:
        """The banner's button: erase the selected assessment if it is due, else the
        first one due (selecting it, so the question matches what is shown)."""
        row = self.selected_assessment()
        if row is None or not row.past_deletion:
            due = [r for r in self.assessment_model.rows() if r.past_deletion]
            if not due:
                return
            self.select_assessment(due[0].id)
        self.erase_selected()

    def erase_selected(self) -> None:
        row = self.selected_assessment()
        if row is None:
            return
        if not confirm(self, "Erase a risk assessment", erase_question(row)):
            return
        c = self._context
        result: list[Any] = []
        if not self._attempt(lambda: result.append(c.services.fair_chance.erase(c.actor, row.id))):
            return
        self.refresh()
        text = f"Erased the risk assessment of {row.full_name}."
        if not result[0].journal_emptied:
            text += " A copy stays in the database's journal until PeerDesk next closes."
        self._say(text)
        self.changed.emit()

    # -- helpers --------------------------------------------------------------------------

    def _attempt(self, action: Any) -> bool:
        try:
            action()
        except (AccessDenied, NotFound, Conflict, ValidationError) as exc:
            self._say(str(exc), problem=True)
            if isinstance(exc, NotFound):
                self.refresh()
            return False
        return True

    def _open(self, dialog: FormDialog, message: Any) -> None:
        def saved(info: object) -> None:
            self.refresh()
            self._say(message(info))
            if isinstance(info, AssessmentInfo):
                self.select_assessment(info.id)
            self.changed.emit()

        def closed(_result: int) -> None:
            if self.current_dialog is dialog:
                self.current_dialog = None

        dialog.saved.connect(saved)
        dialog.finished.connect(closed)
        dialog.finished.connect(dialog.deleteLater)
        self.current_dialog = dialog
        dialog.open()

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if problem else SUCCESS_COLOUR};")
        self.message.setVisible(True)
