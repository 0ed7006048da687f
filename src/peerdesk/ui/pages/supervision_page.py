"""Supervision: who is overdue, due this week, up to date or away, today."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.domain.text import fold
from peerdesk.services.schedule_views import ScheduleCounts, ScheduleRow
from peerdesk.ui.context import AppContext
from peerdesk.ui.schedule_table_model import COL_STATUS, ScheduleTableModel

S = SupervisionStatus
# (label, statuses shown); the first is where the page opens
VIEWS: tuple[tuple[str, frozenset[SupervisionStatus]], ...] = (
    ("Needs attention (overdue or due this week)", frozenset({S.OVERDUE, S.DUE_SOON})),
    ("Overdue", frozenset({S.OVERDUE})),
    ("Due this week", frozenset({S.DUE_SOON})),
    ("Up to date", frozenset({S.UP_TO_DATE})),
    ("Away or not started yet", frozenset({S.ABSENT, S.NOT_STARTED})),
    ("Everyone", frozenset(S)),
)


def summary_text(counts: ScheduleCounts) -> str:
    parts = [
        f"{counts.overdue:,} overdue",
        f"{counts.due_soon:,} due this week",
        f"{counts.up_to_date:,} up to date",
    ]
    if counts.absent:
        parts.append(f"{counts.absent:,} away")
    if counts.not_started:
        parts.append(f"{counts.not_started:,} not started yet")
    return " · ".join(parts)


class SupervisionPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[ScheduleRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading_row = QHBoxLayout()
        heading = QLabel("Supervision")
        heading.setObjectName("page_heading")
        heading_row.addWidget(heading)
        heading_row.addStretch(1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("count_label")
        heading_row.addWidget(self.summary_label)
        layout.addLayout(heading_row)

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("schedule_search")
        self.search_edit.setPlaceholderText("Search names, supervisors and teams")
        self.search_edit.setClearButtonEnabled(True)
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("schedule_view")
        self.view_combo.setAccessibleName("Show")
        for label, _statuses in VIEWS:
            self.view_combo.addItem(label)
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.view_combo, 2)
        layout.addLayout(filters)

        self.model = ScheduleTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("schedule_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_STATUS, 170)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)
        note = QLabel(
            "Due dates follow the organisation's standard in Settings; cancelled and missed "
            "sessions do not count as supervision, and long absences pause the clock."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)

        self.search_edit.textChanged.connect(self._show)
        self.view_combo.currentIndexChanged.connect(self._show)

    def refresh(self) -> None:
        """Work out everyone's status again (cheap: a few queries and a pass in Python)."""
        schedule = self._context.services.schedule
        self._rows = list(schedule.overview(self._context.actor))
        self.summary_label.setText(summary_text(schedule.counts(self._context.actor)))
        self._show()

    def visible_rows(self) -> Sequence[ScheduleRow]:
        statuses = VIEWS[max(self.view_combo.currentIndex(), 0)][1]
        words = fold(self.search_edit.text()).split()
        shown = []
        for row in self._rows:
            if row.status not in statuses:
                continue
            haystack = fold(f"{row.full_name} {row.supervisor_name} {row.team_name}")
            if all(word in haystack for word in words):
                shown.append(row)
        return shown

    def _show(self) -> None:
        rows = self.visible_rows()
        self.model.set_rows(rows)
        empty = not rows
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty:
            if self.search_edit.text().strip():
                self.empty_label.setText("No one matches the search.")
            elif self.view_combo.currentIndex() == 0:
                self.empty_label.setText("No one is overdue or due this week.")
            else:
                self.empty_label.setText("No one is in this group today.")
        self.table.horizontalHeader().setSortIndicatorShown(False)
