"""The staff table: a QAbstractTableModel that fetches rows from the service in pages.

Filtering and sorting happen in SQL (the service); the model only holds the rows it has
fetched so far and asks for more as the view scrolls (canFetchMore / fetchMore).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from peerdesk.domain.text import short_date
from peerdesk.services.actor import Actor
from peerdesk.services.views import StaffQuery, StaffRow, StaffSort
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel

if TYPE_CHECKING:
    from peerdesk.services.staff_service import StaffService

COL_NAME = 0
COL_JOB_TITLE = 1
COL_ROLE = 2
COL_TEAM = 3
COL_SUPERVISOR = 4
COL_START = 5
COL_STATUS = 6

HEADERS = ("Name", "Job title", "Role category", "Team", "Supervisor", "Start date", "Status")
SORT_KEYS = (
    StaffSort.NAME,
    StaffSort.JOB_TITLE,
    StaffSort.ROLE_CATEGORY,
    StaffSort.TEAM,
    StaffSort.SUPERVISOR,
    StaffSort.START_DATE,
    StaffSort.STATUS,
)
# The staff id behind a row, for the view's actions.
StaffIdRole = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200


def format_date(value: dt.date | None) -> str:
    return short_date(value) if value else ""


def status_text(row: StaffRow) -> str:
    if row.end_date is None:
        return "Current"
    if row.is_current:
        return f"Ends {format_date(row.end_date)}"
    left = f"Left {format_date(row.end_date)}"
    return f"{left} · erased" if row.erased else left


def job_title_text(row: StaffRow) -> str:
    """The main role's title, and how many more roles the person holds today."""
    if not row.further_roles:
        return row.job_title
    more = "1 more role" if row.further_roles == 1 else f"{row.further_roles} more roles"
    return f"{row.job_title} (+{more})" if row.job_title else f"+{more}"


class StaffTableModel(RowTableModel[StaffRow]):
    HEADERS = HEADERS

    def __init__(
        self,
        service: StaffService | Callable[[], StaffService],
        actor: Actor,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        # a getter lets the model be built before the services have finished loading
        self._service_getter: Callable[[], StaffService] = (
            service if callable(service) else (lambda: service)
        )
        self._actor = actor
        self._query = StaffQuery()
        self._total = 0
        self._leaver_brush = QBrush(QColor("#6b6b6b"))

    # -- what to show --------------------------------------------------------------------

    @property
    def query(self) -> StaffQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many people match the query (not only the rows fetched so far)."""
        return self._total

    def set_query(self, query: StaffQuery) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        service = self._service_getter()
        self.beginResetModel()
        self._total = service.count(self._actor, self._query)
        first = service.page(self._actor, self._query, 0, PAGE_SIZE)
        self._rows = list(first.rows)
        self.endResetModel()

    def prime(self, query: StaffQuery, total: int, rows: Sequence[StaffRow]) -> None:
        """Show rows already read elsewhere (at start-up), without asking the service."""
        self.beginResetModel()
        self._query = query
        self._total = total
        self._rows = list(rows)
        self.endResetModel()

    def staff_row(self, number: int) -> StaffRow | None:
        """The loaded row at ``number`` (None past the end)."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def row_of(self, staff_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == staff_id:
                return number
        return None

    # -- Qt model interface --------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        service = self._service_getter()
        more = service.page(self._actor, self._query, len(self._rows), PAGE_SIZE).rows
        more = more[: max(0, self._total - len(self._rows))]
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME and row.preferred_name:
            return f"Prefers to be called {row.preferred_name}"
        if role == Qt.ItemDataRole.ForegroundRole and not row.is_current:
            return self._leaver_brush
        if role == StaffIdRole:
            return row.id
        return None

    def _display(self, row: StaffRow, column: int) -> str:
        if column == COL_NAME:
            if row.preferred_name and row.preferred_name not in row.full_name:
                return f"{row.full_name} ({row.preferred_name})"
            return row.full_name
        if column == COL_JOB_TITLE:
            return job_title_text(row)
        if column == COL_ROLE:
            return row.role_category.label
        if column == COL_TEAM:
            return row.team_name
        if column == COL_SUPERVISOR:
            return row.supervisor_name
        if column == COL_START:
            return format_date(row.start_date)
        if column == COL_STATUS:
            return status_text(row)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._query.sort, self._query.descending) == (SORT_KEYS[column], descending):
            return  # already in that order (e.g. the view setting its sort indicator)
        self.set_query(replace(self._query, sort=SORT_KEYS[column], descending=descending))
