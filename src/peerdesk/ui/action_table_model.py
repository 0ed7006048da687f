"""Open supervision actions across the organisation, one row per action."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from peerdesk.services.supervision_views import OpenAction
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel
from peerdesk.ui.staff_table_model import format_date

COL_DUE = 0
COL_STATE = 1
COL_ACTION = 2
COL_OWNER = 3
COL_PERSON = 4
COL_AGREED = 5
HEADERS = ("Due", "State", "Action", "Who does it", "Whose supervision", "Agreed on")
OVERDUE_COLOUR = "#b3261e"


def action_state(row: OpenAction) -> str:
    if row.action.is_overdue:
        days = row.days_overdue
        return f"Overdue by {days} day{'s' if days != 1 else ''}"
    if row.action.due_date is None:
        return "Open, no due date"
    return "Open"


def owner_text(row: OpenAction) -> str:
    return row.action.owner_name or "Not named"


def person_text(row: OpenAction) -> str:
    return row.supervisee_name if row.supervisee_is_current else f"{row.supervisee_name} (left)"


class ActionTableModel(RowTableModel[OpenAction]):
    HEADERS = HEADERS

    def set_rows(self, rows: Sequence[OpenAction]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_ACTION:
            return row.action.description
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column in (COL_DUE, COL_STATE)
            and row.action.is_overdue
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return None

    def _display(self, row: OpenAction, column: int) -> str:
        action = row.action
        if column == COL_DUE:
            return format_date(action.due_date) if action.due_date else "No date"
        if column == COL_STATE:
            return action_state(row)
        if column == COL_ACTION:
            return " ".join(action.description.split())
        if column == COL_OWNER:
            return owner_text(row)
        if column == COL_PERSON:
            return person_text(row)
        if column == COL_AGREED:
            return format_date(action.session_date)
        return ""
