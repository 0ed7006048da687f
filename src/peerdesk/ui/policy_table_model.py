"""The policy register as a read-only table: one row per policy, reviews worded and coloured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from peerdesk.domain.enums import PolicyStatus
from peerdesk.services.policy_views import REVIEW_NOTICE_DAYS, PolicyInfo
from peerdesk.ui.form_helpers import format_date
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel

COL_TITLE = 0
COL_STATUS = 1
COL_VERSION = 2
COL_OWNER = 3
COL_APPROVED = 4
COL_NEXT_REVIEW = 5
COL_REVIEW = 6
HEADERS = ("Policy", "Status", "Version", "Owner", "Approved", "Next review", "Review")
OVERDUE_COLOUR = "#b3261e"
DUE_SOON_COLOUR = "#8a5a00"
# The item role holding a row's policy id.
POLICY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def review_text(policy: PolicyInfo) -> str:
    """Where the review stands, in words: "Overdue by 3 days", "Due in 12 days"…"""
    days = policy.days_until_review
    if policy.is_retired:
        return "Retired"
    if days is None:
        return "No review date"
    if days < 0:
        return f"Overdue by {_days(-days)}"
    if days == 0:
        return "Due today"
    if days <= REVIEW_NOTICE_DAYS:
        return f"Due in {_days(days)}"
    months = days // 30
    return f"Due in {months} month{'s' if months != 1 else ''}"


def review_colour(policy: PolicyInfo) -> str | None:
    days = policy.days_until_review
    if days is None:
        return None
    if days < 0:
        return OVERDUE_COLOUR
    if days <= REVIEW_NOTICE_DAYS:
        return DUE_SOON_COLOUR
    return None


def owner_text(policy: PolicyInfo) -> str:
    if not policy.owner_name:
        return "No owner"
    return policy.owner_name if policy.owner_is_current else f"{policy.owner_name} (left)"


def approved_text(policy: PolicyInfo) -> str:
    approved = policy.details.approved_on
    if approved is not None:
        return format_date(approved)
    return "Not yet" if policy.status is PolicyStatus.DRAFT else "Not recorded"


class PolicyTableModel(RowTableModel[PolicyInfo]):
    HEADERS = HEADERS

    def set_rows(self, rows: Sequence[PolicyInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, policy_id: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.id == policy_id:
                return index
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == POLICY_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            parts = [row.title]
            if row.details.location:
                parts.append(f"Document: {row.details.location}")
            if row.details.notes:
                parts.append(row.details.notes)
            return "\n".join(parts)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_NEXT_REVIEW, COL_REVIEW):
            colour = review_colour(row)
            return QBrush(QColor(colour)) if colour else None
        return None

    def _display(self, row: PolicyInfo, column: int) -> str:
        d = row.details
        if column == COL_TITLE:
            return d.title
        if column == COL_STATUS:
            return d.status.label
        if column == COL_VERSION:
            return d.version
        if column == COL_OWNER:
            return owner_text(row)
        if column == COL_APPROVED:
            return approved_text(row)
        if column == COL_NEXT_REVIEW:
            return format_date(d.next_review) if d.next_review else "—"
        if column == COL_REVIEW:
            return review_text(row)
        return ""
