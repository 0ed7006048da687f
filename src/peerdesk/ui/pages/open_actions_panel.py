"""Every open action agreed in supervision, across the organisation: overdue ones first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.text import fold
from peerdesk.services.supervision_views import OpenAction
from peerdesk.ui.action_table_model import (
    COL_ACTION,
    COL_AGREED,
    COL_DUE,
    COL_OWNER,
    COL_PERSON,
    COL_STATE,
    ActionTableModel,
)
from peerdesk.ui.context import AppContext
from peerdesk.ui.launchers import open_session_dialog
from peerdesk.ui.row_table_model import make_row_table

if TYPE_CHECKING:
    from peerdesk.ui.close_action_dialog import CloseActionDialog
    from peerdesk.ui.csv_export_ui import CsvExport

SHOW_OVERDUE, SHOW_ALL_OPEN = range(2)


def actions_summary(rows: Sequence[OpenAction]) -> str:
    overdue = sum(1 for row in rows if row.action.is_overdue)
    return f"{len(rows):,} open · {overdue:,} overdue"


class OpenActionsPanel(QWidget):
    """The organisation's open actions; an action is closed by reviewing it in the
    person's next one-to-one, which this panel opens."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[OpenAction] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)

        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("actions_search")
        self.search_edit.setPlaceholderText("Search actions, people and owners")
        self.search_edit.setClearButtonEnabled(True)
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("actions_view")
        self.view_combo.setAccessibleName("Show actions")
        self.view_combo.addItems(["Overdue actions", "All open actions"])
        self.summary_label = QLabel()
        self.summary_label.setObjectName("count_label")
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.view_combo, 2)
        filters.addWidget(self.summary_label)
        layout.addLayout(filters)

        buttons = QHBoxLayout()
        self.record_button = QPushButton("Record a one-to-one to &review it…")
        self.record_button.setObjectName("review_action_button")
        self.record_button.setToolTip(
            "Open a new one-to-one with the person whose action it is; their open actions "
            "are at the top, to close one by one (Enter)"
        )
        self.agreed_button = QPushButton("Open the session it was a&greed in…")
        self.agreed_button.setObjectName("agreed_session_button")
        self.close_button = QPushButton("&Close action…")
        self.close_button.setObjectName("close_action_button")
        self.close_button.setToolTip(
            "Close it as done or dropped without a one-to-one (for example, the person has left)"
        )
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.agreed_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setObjectName("export_actions_button")
        self.export_button.setToolTip("Save the actions listed as a CSV file")
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)

        self.model = ActionTableModel(self)
        self.table = make_row_table(self.model, "actions_table", "Open actions")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_DUE, 100),
            (COL_STATE, 150),
            (COL_OWNER, 170),
            (COL_PERSON, 170),
            (COL_AGREED, 100),
        ):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)

        self.search_edit.textChanged.connect(self._show)
        self.view_combo.currentIndexChanged.connect(self._show)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.review_selected())
        self.record_button.clicked.connect(self.review_selected)
        self.agreed_button.clicked.connect(self.open_agreed_session)
        self.close_button.clicked.connect(self.close_selected)
        self.export_button.clicked.connect(self.export_csv)
        self.close_dialog: CloseActionDialog | None = None
        self.last_export: CsvExport | None = None
        self._update_buttons()

    def refresh(self) -> None:
        context = self._context
        self._rows = context.services.actions.open_across_organisation(
            context.actor, context.today()
        )
        self.summary_label.setText(actions_summary(self._rows))
        self._show()

    def selected(self) -> OpenAction | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def review_selected(self) -> None:
        row = self.selected()
        if row is not None and row.supervisee_is_current:
            open_session_dialog(self._context, self, row.action.staff_id, None, self._saved)

    def open_agreed_session(self) -> None:
        row = self.selected()
        if row is not None:
            open_session_dialog(
                self._context, self, row.action.staff_id, row.action.session_id, self._saved
            )

    def close_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from peerdesk.ui.close_action_dialog import CloseActionDialog

        dialog = CloseActionDialog(self._context.services, self._context.actor, row, self)
        dialog.saved.connect(lambda _closed: self._saved())
        dialog.finished.connect(dialog.deleteLater)
        self.close_dialog = dialog
        dialog.open()

    def export_csv(self) -> None:
        """Save the actions listed (this view and search) as a CSV file."""
        from peerdesk.services.csv_export import actions_csv
        from peerdesk.ui.csv_export_ui import export_csv

        rows = self.visible_rows()
        overdue = self.view_combo.currentIndex() == SHOW_OVERDUE
        self.last_export = export_csv(
            self._context,
            self,
            title="Export actions",
            file_stem="Overdue actions" if overdue else "Open actions",
            build=lambda: actions_csv(rows),
        )

    def visible_rows(self) -> list[OpenAction]:
        overdue_only = self.view_combo.currentIndex() == SHOW_OVERDUE
        words = fold(self.search_edit.text()).split()
        shown = []
        for row in self._rows:
            if overdue_only and not row.action.is_overdue:
                continue
            action = row.action
            haystack = fold(
                f"{action.description} {row.supervisee_name} {action.owner_name} "
                f"{row.supervisor_name}"
            )
            if all(word in haystack for word in words):
                shown.append(row)
        return shown

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    def _show(self) -> None:
        rows = self.visible_rows()
        self.model.set_rows(rows)
        empty = not rows
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty:
            if self.search_edit.text().strip():
                self.empty_label.setText("No open action matches the search.")
            elif self.view_combo.currentIndex() == SHOW_OVERDUE:
                self.empty_label.setText("No action is overdue.")
            else:
                self.empty_label.setText("No action is open: everything agreed has been closed.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected()
        # a new one-to-one is for people still here; a leaver's actions are closed directly
        self.record_button.setEnabled(row is not None and row.supervisee_is_current)
        self.agreed_button.setEnabled(row is not None)
        self.close_button.setEnabled(row is not None)
        self.export_button.setEnabled(bool(self.model.rowCount()))
