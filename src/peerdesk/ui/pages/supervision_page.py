"""Supervision: who is overdue, due this week, up to date or away, today."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.domain.text import fold
from peerdesk.services.actor import AccessDenied
from peerdesk.services.schedule_views import ScheduleCounts, ScheduleRow, count_statuses
from peerdesk.services.supervision_views import SessionSummary
from peerdesk.ui.context import AppContext
from peerdesk.ui.launchers import open_session_dialog, open_supervision_file
from peerdesk.ui.pages.open_actions_panel import OpenActionsPanel
from peerdesk.ui.row_table_model import make_row_table
from peerdesk.ui.schedule_table_model import COL_STATUS, ScheduleTableModel
from peerdesk.ui.staff_table_model import format_date

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


def history_line(summary: SessionSummary) -> str:
    parts = [format_date(summary.session_date), summary.session_type.label, summary.outcome.label]
    if summary.supervisor_name:
        parts.append(f"with {summary.supervisor_name}")
    parts.append(summary.sign_off_state.label)
    if summary.open_actions:
        parts.append(
            f"{summary.open_actions} open action{'s' if summary.open_actions != 1 else ''}"
        )
    if summary.amendments:
        parts.append("amended")
    return "  ·  ".join(parts)


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
    changed = Signal()  # something was recorded: other pages' figures may be out of date

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

        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervision_tabs")
        self.tabs.setDocumentMode(True)
        people = QWidget()
        people.setObjectName("people_tab")
        self.tabs.addTab(people, "&People")
        self.actions_panel = OpenActionsPanel(context)
        self.actions_panel.setObjectName("actions_tab")
        self.tabs.addTab(self.actions_panel, "Open &actions")
        layout.addWidget(self.tabs, 1)
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 8, 0, 0)
        people_layout.setSpacing(10)

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
        people_layout.addLayout(filters)

        actions = QHBoxLayout()
        self.record_button = QPushButton("&Record a one-to-one…")
        self.record_button.setObjectName("record_session_button")
        self.record_button.setToolTip("Record a session with the selected person (Enter)")
        self.open_button = QPushButton("&Open session…")
        self.open_button.setObjectName("open_session_button")
        self.open_button.setToolTip("Open the selected past session (double-click)")
        self.file_button = QPushButton("Supervision &file…")
        self.file_button.setObjectName("supervision_file_button")
        self.file_button.setToolTip(
            "The person's supervision agreement, dual-relationship register and absences"
        )
        actions.addWidget(self.record_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.file_button)
        actions.addStretch(1)
        people_layout.addLayout(actions)

        self.model = ScheduleTableModel(self)
        self.table = make_row_table(self.model, "schedule_table", "Who is due for supervision")
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_STATUS, 205)
        people_layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        people_layout.addWidget(self.empty_label, 1)

        self.history_label = QLabel("Choose someone to see their supervision history.")
        self.history_label.setObjectName("section_heading")
        people_layout.addWidget(self.history_label)
        self.history_list = QListWidget()
        self.history_list.setObjectName("history_list")
        self.history_list.setAccessibleName("Supervision history")
        self.history_list.setMaximumHeight(150)
        people_layout.addWidget(self.history_list)
        note = QLabel(
            "Due dates follow the organisation's standard in Settings; cancelled and missed "
            "sessions do not count as supervision, and long absences pause the clock."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        people_layout.addWidget(note)

        self.search_edit.textChanged.connect(self._show)
        self.view_combo.currentIndexChanged.connect(self._show)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.record_session())
        self.table.doubleClicked.connect(lambda _index: self.record_session())
        self.record_button.clicked.connect(self.record_session)
        self.open_button.clicked.connect(self.open_session)
        self.file_button.clicked.connect(lambda: self.open_file())
        self.history_list.itemActivated.connect(lambda _item: self.open_session())
        self.history_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.actions_panel.changed.connect(self._actions_changed)
        self._dialog: QDialog | None = None
        self._update_buttons()

    def refresh(self) -> None:
        """Work out everyone's status and the open actions again (a few queries)."""
        self._reload_people()
        self.actions_panel.refresh()

    def _reload_people(self) -> None:
        """Everyone's status again, keeping the chosen person chosen if still listed."""
        staff_id = self.selected_staff_id()
        self._rows = list(self._context.services.schedule.overview(self._context.actor))
        self.summary_label.setText(summary_text(count_statuses(self._rows)))
        self._show()
        if staff_id is not None:
            self.select_staff(staff_id)

    def show_actions(self) -> None:
        self.tabs.setCurrentWidget(self.actions_panel)

    def show_people(self) -> None:
        self.tabs.setCurrentIndex(0)

    def selected_staff_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return row.staff_id if row else None

    def select_staff(self, staff_id: int) -> bool:
        for number in range(self.model.rowCount()):
            row = self.model.row_at(number)
            if row is not None and row.staff_id == staff_id:
                self.table.selectRow(number)
                return True
        return False

    def record_session(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is not None:
            self._open_dialog(staff_id, None)

    def open_session(self) -> None:
        staff_id = self.selected_staff_id()
        item = self.history_list.currentItem()
        if staff_id is None or item is None:
            return
        self._open_dialog(staff_id, int(item.data(Qt.ItemDataRole.UserRole)))

    def open_file(self, tab: str = "agreement") -> None:
        staff_id = self.selected_staff_id()
        if staff_id is not None:
            self._dialog = open_supervision_file(
                self._context, self, staff_id, tab, lambda: self._after_save(staff_id)
            )

    def _open_dialog(self, staff_id: int, session_id: int | None) -> None:
        self._dialog = open_session_dialog(
            self._context, self, staff_id, session_id, lambda: self._after_save(staff_id)
        )

    def _after_save(self, staff_id: int) -> None:
        self.refresh()
        self.select_staff(staff_id)
        self.changed.emit()

    def _actions_changed(self) -> None:
        self._reload_people()
        self.changed.emit()

    def _selection_changed(self) -> None:
        self.history_list.clear()
        staff_id = self.selected_staff_id()
        if staff_id is None:
            self.history_label.setText("Choose someone to see their supervision history.")
            self._update_buttons()
            return
        row = self.model.row_at(self.table.selectionModel().selectedRows()[0].row())
        name = row.full_name if row else ""
        try:
            history = self._context.services.supervision.history(
                self._context.actor, staff_id, include_confidential=False
            )
        except AccessDenied as exc:  # not one of their supervisees
            self.history_label.setText(f"{name}: {exc}")
            self._update_buttons()
            return
        self.history_label.setText(
            f"{name}: {len(history)} session{'s' if len(history) != 1 else ''} recorded"
        )
        for summary in history:
            item = QListWidgetItem(history_line(summary))
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.history_list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_person = self.selected_staff_id() is not None
        self.record_button.setEnabled(has_person)
        self.file_button.setEnabled(has_person)
        self.open_button.setEnabled(has_person and self.history_list.currentItem() is not None)

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
