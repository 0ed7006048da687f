"""The involvement log as a read-only table: one row per activity, sortable by any column.

The log is small (a few activities a month), so the page holds every row the filter
selects and sorts them here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from peerdesk.domain.involvement import Outcome, pounds_text
from peerdesk.services.involvement_views import InvolvementRecord
from peerdesk.ui.form_helpers import format_date
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel

COL_DATE, COL_TITLE, COL_STAGE, COL_TAKING_PART, COL_PAID, COL_ANSWER = range(6)
HEADERS = ("Date", "What was decided", "Stage", "Taking part", "Paid", "You said / we did")
ACTIVITY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def taking_part_text(record: InvolvementRecord) -> str:
    d = record.details
    parts = [
        (d.staff_count, "staff"),
        (d.volunteer_count, "volunteers" if d.volunteer_count != 1 else "volunteer"),
        (d.service_user_count, "using services"),
    ]
    detail = ", ".join(f"{n} {what}" for n, what in parts if n)
    return f"{d.taking_part} ({detail})"


def paid_text(record: InvolvementRecord) -> str:
    d = record.details
    if not d.payment_kind.paid:
        return "Not paid"
    return f"{pounds_text(d.payment_pence)} ({d.payment_kind.label.lower()})"


def answer_text(record: InvolvementRecord) -> str:
    d = record.details
    if d.outcome is Outcome.PENDING:
        return "Awaiting an answer"
    said = "We did" if d.outcome is Outcome.CHANGED else "We didn't"
    told = f"told {format_date(d.told_on)}" if d.told_on is not None else "not yet told"
    first_line = d.we_did.splitlines()[0] if d.we_did else ""
    return f"{said} ({told}): {first_line}"


_TEXT: tuple[Callable[[InvolvementRecord], str], ...] = (
    lambda r: format_date(r.held_on),
    lambda r: r.title,
    lambda r: r.details.stage.label,
    taking_part_text,
    paid_text,
    answer_text,
)
_SORT_KEY: tuple[Callable[[InvolvementRecord], Any], ...] = (
    lambda r: (r.held_on, r.id),
    lambda r: (r.title.casefold(), r.id),
    lambda r: (r.details.stage.label, r.held_on),
    lambda r: (r.taking_part, r.held_on),
    lambda r: (r.details.payment_pence, r.held_on),
    lambda r: (list(Outcome).index(r.details.outcome), r.held_on),
)


class InvolvementTableModel(RowTableModel[InvolvementRecord]):
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sort: tuple[int, Qt.SortOrder] = (COL_DATE, Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: Sequence[InvolvementRecord]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self.endResetModel()

    def row_of(self, activity_id: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.id == activity_id:
                return index
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._sorted(self._rows)
        self.layoutChanged.emit()

    def _sorted(self, rows: Sequence[InvolvementRecord]) -> list[InvolvementRecord]:
        column, order = self._sort
        return sorted(rows, key=_SORT_KEY[column], reverse=order == Qt.SortOrder.DescendingOrder)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None or not 0 <= index.column() < len(HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _TEXT[index.column()](record)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COL_TITLE, COL_ANSWER):
            d = record.details
            if index.column() == COL_TITLE:
                return d.details or d.title
            return f"You said: {d.you_said or '—'}\nWe did: {d.we_did or '—'}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_TAKING_PART:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ACTIVITY_ID_ROLE:
            return record.id
        return None
