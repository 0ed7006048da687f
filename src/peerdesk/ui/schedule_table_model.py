"""Who is due for supervision: one row per current person, in the order the service gives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.services.schedule_views import ScheduleRow
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel
from peerdesk.ui.staff_table_model import format_date

COL_NAME = 0
COL_STATUS = 1
COL_DUE = 2
COL_LAST_HELD = 3
COL_SUPERVISOR = 4
COL_TEAM = 5
HEADERS = ("Name", "Supervision", "Due", "Last held", "Supervisor", "Team")
StaffIdRole = Qt.ItemDataRole.UserRole + 1


_STATUS_COLOURS = {
    SupervisionStatus.OVERDUE: "#b3261e",
    SupervisionStatus.DUE_SOON: "#8a5a00",
}


def status_text(row: ScheduleRow) -> str:
    if row.status is SupervisionStatus.OVERDUE:
        if row.last_held is None:
            return "Overdue: never supervised"
        days = row.days_overdue
        return f"Overdue by {days} day{'s' if days != 1 else ''}"
    if row.status is SupervisionStatus.DUE_SOON:
        return "Due this week"
    if row.status is SupervisionStatus.UP_TO_DATE:
        return "Up to date"
    if row.status is SupervisionStatus.ABSENT:
        return "Away (absence)"
    if row.status is SupervisionStatus.NOT_STARTED:
        return "Not started yet"
    return "Left"


class ScheduleTableModel(RowTableModel[ScheduleRow]):
    HEADERS = HEADERS

    def set_rows(self, rows: Sequence[ScheduleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            colour = _STATUS_COLOURS.get(row.status)
            return QBrush(QColor(colour)) if colour else None
        if role == StaffIdRole:
            return row.staff_id
        return None

    def _display(self, row: ScheduleRow, column: int) -> str:
        if column == COL_NAME:
            return row.full_name
        if column == COL_STATUS:
            return status_text(row)
        if column == COL_DUE:
            return format_date(row.due_date)
        if column == COL_LAST_HELD:
            return format_date(row.last_held) if row.last_held else "Never"
        if column == COL_SUPERVISOR:
            return row.supervisor_name or "No supervisor"
        if column == COL_TEAM:
            return row.team_name
        return ""
