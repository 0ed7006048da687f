"""The audit trail as a read-only table that grows a page at a time.

The model holds the entries fetched so far and how many match in all. When the view
scrolls to the end it asks for more (``canFetchMore``/``fetchMore``); the model does not
query anything itself: it emits ``more_wanted`` and the panel fetches the next page off
the GUI thread, then hands it over with ``append_page``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from peerdesk.domain.text import short_date
from peerdesk.services.audit_service import AuditEntry, AuditPage, describe_details
from peerdesk.ui.form_helpers import local_time_text
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel

COL_WHEN, COL_WHO, COL_ROLE, COL_ACTION, COL_SUBJECT, COL_DETAILS = range(6)
HEADERS = ("When", "Who", "Role", "Action", "Subject", "Details")
# The entry id behind a row.
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DETAILS_SHOWN = 160  # characters of the details summary in the table


def when_text(moment: dt.datetime) -> str:
    """A stored UTC moment as the local "15 Jun 2026 14:05"."""
    return local_time_text(moment)


def when_long(moment: dt.datetime) -> str:
    """The same with seconds and the time zone, for the details pane."""
    local = moment.astimezone()
    return f"{short_date(local.date())} at {local:%H:%M:%S} ({local.tzname() or 'local time'})"


def role_text(role: str) -> str:
    return role.replace("_", " ").capitalize() if role else ""


# Details that say best what an entry is about come first in the table's summary.
FIRST_DETAILS = ("full_name", "name", "title", "report", "file", "programme")
_BLANK = (None, "", "empty", False)


def details_summary(entry: AuditEntry) -> str:
    """The details on one line: the telling ones first; a blank value of a row added or
    removed is left out (the details pane lists everything)."""
    details = entry.details
    keys = [key for key in FIRST_DETAILS if key in details]
    keys += [key for key in details if key not in keys]
    shown = {
        key: details[key]
        for key in keys
        if isinstance(details[key], Mapping) or details[key] not in _BLANK
    }
    text = "; ".join(describe_details(shown))
    return text if len(text) <= DETAILS_SHOWN else text[: DETAILS_SHOWN - 1] + "…"


class AuditTableModel(RowTableModel[AuditEntry]):
    HEADERS = HEADERS
    more_wanted = Signal()  # the view reached the end and more entries match

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._total = 0
        self.loading = False  # a page is being fetched: do not ask again

    @property
    def total(self) -> int:
        """How many entries match the filter (not only those fetched so far)."""
        return self._total

    @property
    def fetched(self) -> int:
        return len(self._rows)

    def set_page(self, page: AuditPage) -> None:
        """Show the first page of a new search."""
        self.beginResetModel()
        self._rows = list(page.entries)
        self._total = page.total
        self.loading = False
        self.endResetModel()

    def append_page(self, page: AuditPage) -> None:
        """Add the next page (fetched from ``fetched`` on) below the rows shown."""
        self.loading = False
        more = list(page.entries)
        self._total = page.total
        if page.offset != len(self._rows) or not more:
            if not more:
                self._total = len(self._rows)  # fewer than counted: stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def row_of(self, entry_id: int) -> int | None:
        for number, entry in enumerate(self._rows):
            if entry.id == entry_id:
                return number
        return None

    # -- Qt model interface ----------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self.loading and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if self.canFetchMore(parent):
            self.loading = True
            self.more_wanted.emit()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_WHEN:
                return when_long(entry.at)
            if column == COL_SUBJECT and entry.subject:
                return entry.subject
            if column == COL_DETAILS:
                return "\n".join(describe_details(entry.details)) or None
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None

    def _display(self, entry: AuditEntry, column: int) -> str:
        if column == COL_WHEN:
            return when_text(entry.at)
        if column == COL_WHO:
            return entry.actor_name
        if column == COL_ROLE:
            return role_text(entry.actor_role)
        if column == COL_ACTION:
            return entry.action
        if column == COL_SUBJECT:
            return entry.subject
        if column == COL_DETAILS:
            return details_summary(entry)
        return ""
