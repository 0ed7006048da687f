"""Read-only tables of the training panel: one person's records, and the course catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from peerdesk.domain.training import RecordState, applies_to_text, validity_text
from peerdesk.services.training_views import CourseInfo, RecordInfo
from peerdesk.ui.form_helpers import format_date
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel

IdRole = Qt.ItemDataRole.UserRole + 1
MUTED_COLOUR = "#6b6b6b"
STATE_TEXT_COLOURS = {
    RecordState.EXPIRED: "#b3261e",
    RecordState.EXPIRING_SOON: "#8a5a00",
    RecordState.CANCELLED: MUTED_COLOUR,
}

# -- one person's records -------------------------------------------------------------------

COL_COURSE = 0
COL_STATE = 1
COL_REQUESTED = 2
COL_BOOKED = 3
COL_COMPLETED = 4
COL_RAISED = 5
COL_NOTES = 6
RECORD_HEADERS = (
    "Course",
    "Where it stands",
    "Requested",
    "Booked for",
    "Completed",
    "Raised in supervision",
    "Notes",
)


def _day(value: Any) -> str:
    return format_date(value) if value is not None else ""


class RecordTableModel(RowTableModel[RecordInfo]):
    HEADERS = RECORD_HEADERS

    def set_rows(self, rows: Sequence[RecordInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, record_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == record_id:
                return i
        return -1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_COURSE, COL_NOTES):
            return record.course_name if column == COL_COURSE else record.details.notes or None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = STATE_TEXT_COLOURS.get(record.state)
            if record.state is RecordState.CANCELLED or (colour and column == COL_STATE):
                return QBrush(QColor(colour))
        if role == IdRole:
            return record.id
        return None

    def _display(self, record: RecordInfo, column: int) -> str:
        d = record.details
        if column == COL_COURSE:
            return record.course_name
        if column == COL_STATE:
            return record.state_text
        if column == COL_REQUESTED:
            return _day(d.requested_on)
        if column == COL_BOOKED:
            return _day(d.booked_for)
        if column == COL_COMPLETED:
            return _day(d.completed_on)
        if column == COL_RAISED:
            return _day(record.raised_in_session_date)
        if column == COL_NOTES:
            return " ".join(d.notes.split())
        return ""


# -- the catalogue ----------------------------------------------------------------------------

COL_NAME = 0
COL_KIND = 1
COL_VALIDITY = 2
COL_APPLIES = 3
COL_RECORDS = 4
COURSE_HEADERS = ("Course", "Kind", "Valid for", "Applies to", "Records")


class CourseTableModel(RowTableModel[CourseInfo]):
    HEADERS = COURSE_HEADERS

    def set_rows(self, rows: Sequence[CourseInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, course_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.id == course_id:
                return i
        return -1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        course = self.row_at(index.row()) if index.isValid() else None
        if course is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(course, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NAME:
                return course.details.description or course.name
            if column == COL_APPLIES:
                return applies_to_text(course.applies_to)
        if role == Qt.ItemDataRole.ForegroundRole and course.retired:
            return QBrush(QColor(MUTED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_RECORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return course.id
        return None

    def _display(self, course: CourseInfo, column: int) -> str:
        if column == COL_NAME:
            return course.name + (" (retired)" if course.retired else "")
        if column == COL_KIND:
            return course.kind.label
        if column == COL_VALIDITY:
            return validity_text(course.validity_months)
        if column == COL_APPLIES:
            return applies_to_text(course.applies_to)
        if column == COL_RECORDS:
            return f"{course.records:,}"
        return ""
