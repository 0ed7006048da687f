"""The training matrix as a table: one row per person (their name is the row's header, so it
stays in view while the courses scroll), one column per mandatory course.

Each cell is coloured and says in words where the person stands ("Valid to 3 Mar 2027",
"Expired, rebooked for 3 Jul", "Missing"); the column header counts how many of those who
must do the course are up to date, among the rows shown.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from peerdesk.domain.training import Cell, CellState, applies_to_text, cell_text, validity_text
from peerdesk.services.training_views import CourseInfo, MatrixRow, TrainingMatrix
from peerdesk.ui.form_helpers import format_date
from peerdesk.ui.row_table_model import AnyIndex

CellRole = Qt.ItemDataRole.UserRole + 1  # the Cell
StaffIdRole = Qt.ItemDataRole.UserRole + 2
CourseIdRole = Qt.ItemDataRole.UserRole + 3
StateRole = Qt.ItemDataRole.UserRole + 4  # the CellState value

TEXT_COLOUR = "#1f1f1f"
# (background, text): light fills with dark text, readable on the light and dark palettes
STATE_COLOURS: dict[CellState, tuple[str, str]] = {
    CellState.VALID: ("#d3ecd9", "#143d22"),
    CellState.EXPIRING_SOON: ("#fbe3ad", "#4d3200"),
    CellState.EXPIRED: ("#f2bdb7", "#5c1610"),
    CellState.BOOKED: ("#d4e3f6", "#10325c"),
    CellState.REQUESTED: ("#e5ddf3", "#3a2466"),
    CellState.MISSING: ("#fce6e3", "#8c1d18"),
}
NOT_REQUIRED_COLOUR = "#6b6b6b"
LEGEND = (
    (CellState.VALID, "Valid"),
    (CellState.EXPIRING_SOON, "Expires within 60 days"),
    (CellState.EXPIRED, "Expired"),
    (CellState.BOOKED, "Booked"),
    (CellState.REQUESTED, "Requested"),
    (CellState.MISSING, "Missing"),
    (CellState.NOT_REQUIRED, "Not required"),
)
HEADER_WIDTH = 20  # characters a course name is wrapped to in its column header


def compliance_text(compliant: int, required: int) -> str:
    """ "45 of 50 · 90%", or "Nobody needs it" among the rows shown."""
    if not required:
        return "Nobody shown needs it"
    return f"{compliant:,} of {required:,} · {round(100 * compliant / required)}%"


def wrap_name(name: str) -> str:
    return "\n".join(textwrap.wrap(name, HEADER_WIDTH, break_long_words=True)) or name


class TrainingMatrixModel(QAbstractTableModel):
    """Rows of a TrainingMatrix (optionally a subset, e.g. matching a search)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._courses: tuple[CourseInfo, ...] = ()
        self._rows: list[MatrixRow] = []
        self._today = dt.date.min  # set with the matrix
        self._compliant: list[int] = []
        self._required: list[int] = []

    # -- contents ---------------------------------------------------------------------------

    def set_matrix(self, matrix: TrainingMatrix, rows: Sequence[MatrixRow] | None = None) -> None:
        self.beginResetModel()
        self._courses = matrix.courses
        self._rows = list(matrix.rows if rows is None else rows)
        self._today = matrix.today
        self._count()
        self.endResetModel()

    def _count(self) -> None:
        compliant = [0] * len(self._courses)
        required = [0] * len(self._courses)
        for row in self._rows:
            for i, cell in enumerate(row.cells):
                if cell.state is not CellState.NOT_REQUIRED:
                    required[i] += 1
                    if cell.state.is_compliant:
                        compliant[i] += 1
        self._compliant, self._required = compliant, required

    @property
    def courses(self) -> tuple[CourseInfo, ...]:
        return self._courses

    def row_at(self, row: int) -> MatrixRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def course_at(self, column: int) -> CourseInfo | None:
        return self._courses[column] if 0 <= column < len(self._courses) else None

    def cell_at(self, row: int, column: int) -> Cell | None:
        person = self.row_at(row)
        if person is None or not 0 <= column < len(person.cells):
            return None
        return person.cells[column]

    def row_of(self, staff_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.staff_id == staff_id:
                return i
        return -1

    def column_of(self, course_id: int) -> int:
        for i, course in enumerate(self._courses):
            if course.id == course_id:
                return i
        return -1

    def compliance(self, column: int) -> tuple[int, int]:
        return self._compliant[column], self._required[column]

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._courses)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell_at(index.row(), index.column())
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell, self._today)
        if role == Qt.ItemDataRole.BackgroundRole:
            colours = STATE_COLOURS.get(cell.state)
            return QBrush(QColor(colours[0])) if colours else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colours = STATE_COLOURS.get(cell.state)
            return QBrush(QColor(colours[1] if colours else NOT_REQUIRED_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column(), cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            course = self._courses[index.column()]
            return f"{course.name}: {cell_text(cell, self._today)}"
        if role == CellRole:
            return cell
        if role == StateRole:
            return cell.state.value
        if role == StaffIdRole:
            return self._rows[index.row()].staff_id
        if role == CourseIdRole:
            return self._courses[index.column()].id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            person = self.row_at(section)
            if person is None:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return person.full_name
            if role == Qt.ItemDataRole.ToolTipRole:
                team = f", {person.team_name}" if person.team_name else ""
                return f"{person.full_name}\n{person.role_category.label}{team}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return None
        course = self.course_at(section)
        if course is None:
            return None
        compliant, required = self.compliance(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{wrap_name(course.name)}\n{compliance_text(compliant, required)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{course.name}, {compliance_text(compliant, required)} up to date"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{course.name}\nValid for: {validity_text(course.validity_months)}\n"
                f"Required of: {applies_to_text(course.applies_to)}\n"
                f"Up to date: {compliance_text(compliant, required)} of those shown "
                "who must do it"
            )
        return None

    def _tooltip(self, row: int, column: int, cell: Cell) -> str:
        person = self._rows[row]
        course = self._courses[column]
        lines = [f"{person.full_name}: {course.name}", cell_text(cell, self._today)]
        if cell.completed_on is not None:
            lines.append(f"Completed {format_date(cell.completed_on)}")
        if cell.state is CellState.NOT_REQUIRED:
            lines.append(f"Required of: {applies_to_text(course.applies_to)}")
        lines.append("Enter opens the record")
        return "\n".join(lines)
