"""The staff register page: search as you type, filters, sorting, add / edit / leaver."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import RoleCategory, StaffStatus
from peerdesk.services.actor import AccessDenied, Role
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.startup_view import StartupView
from peerdesk.services.views import StaffRecord, TeamInfo
from peerdesk.ui.context import AppContext
from peerdesk.ui.launchers import open_session_dialog

if TYPE_CHECKING:
    from peerdesk.ui.csv_export_ui import CsvExport
    from peerdesk.ui.erasure_dialog import ErasureDialog
    from peerdesk.ui.import_dialog import ImportDialog
    from peerdesk.ui.leaver_dialog import LeaverDialog
    from peerdesk.ui.staff_dialog import StaffDialog
from peerdesk.ui.staff_table_model import (
    COL_NAME,
    COL_ROLE,
    COL_START,
    COL_STATUS,
    StaffIdRole,
    StaffTableModel,
)


class StaffPageLayout:
    """Builds the page's widgets; behaviour lives in StaffPage."""

    def setup(self, page: QWidget) -> None:
        outer = QVBoxLayout(page)
        outer.setContentsMargins(24, 20, 24, 16)
        outer.setSpacing(12)

        heading_row = QHBoxLayout()
        self.heading = QLabel("Staff")
        self.heading.setObjectName("page_heading")
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        heading_row.addWidget(self.count_label)
        outer.addLayout(heading_row)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText("Search names, job titles and teams  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        filters.addWidget(self.search_edit, 3)
        self.team_combo = QComboBox()
        self.team_combo.setObjectName("team_filter")
        self.team_combo.setAccessibleName("Team")
        filters.addWidget(self.team_combo, 1)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role_filter")
        self.role_combo.setAccessibleName("Role category")
        filters.addWidget(self.role_combo, 1)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter")
        self.status_combo.setAccessibleName("Current staff or leavers")
        filters.addWidget(self.status_combo, 1)
        outer.addLayout(filters)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.new_button = QPushButton("&New person")
        self.new_button.setObjectName("new_person_button")
        self.new_button.setToolTip("Add a person to the register (Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_person_button")
        self.edit_button.setToolTip("Edit the selected person (Enter)")
        self.leaver_button = QPushButton("Mark as &leaver…")
        self.leaver_button.setObjectName("leaver_button")
        self.session_button = QPushButton("Record a &one-to-one…")
        self.session_button.setObjectName("record_session_button")
        self.session_button.setToolTip("Record a supervision session with the selected person")
        self.erase_button = QPushButton("E&rase…")
        self.erase_button.setObjectName("erase_person_button")
        self.erase_button.setToolTip(
            "Erase a leaver's records now (for example when they ask), keeping only what "
            "your organisation keeps"
        )
        for button in (
            self.new_button,
            self.edit_button,
            self.leaver_button,
            self.session_button,
            self.erase_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.import_button = QPushButton("&Import…")
        self.import_button.setObjectName("import_staff_button")
        self.import_button.setToolTip("Add people from a CSV file (from a spreadsheet)")
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setObjectName("export_staff_button")
        self.export_button.setToolTip("Save the people listed (with these filters) as a CSV file")
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        outer.addLayout(actions)

        self.table = QTableView()
        self.table.setObjectName("staff_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setTabKeyNavigation(False)
        outer.addWidget(self.table, 1)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        outer.addWidget(self.empty_label, 1)


class StaffPage(QWidget):
    """Behaviour of the staff register page."""

    staff_changed = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        startup: StartupView | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.ui = StaffPageLayout()
        self.ui.setup(self)
        self.model = StaffTableModel(lambda: context.services.staff, context.actor, parent=self)
        self._dialog: StaffDialog | LeaverDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.erasure_dialog: ErasureDialog | None = None
        self.last_export: CsvExport | None = None

        ui = self.ui
        ui.table.setModel(self.model)
        ui.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = ui.table.horizontalHeader()
        # Text columns share the spare width; short ones keep a fixed, adjustable width.
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_ROLE, 125), (COL_START, 100), (COL_STATUS, 175)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            ui.table.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)

        ui.role_combo.addItem("All role categories", None)
        for category in RoleCategory:
            ui.role_combo.addItem(category.label, category)
        for status in StaffStatus:
            ui.status_combo.addItem(status.label, status)
        self.reload_teams(startup.teams if startup else None)

        ui.search_edit.textChanged.connect(self._apply_filters)
        ui.team_combo.currentIndexChanged.connect(self._apply_filters)
        ui.role_combo.currentIndexChanged.connect(self._apply_filters)
        ui.status_combo.currentIndexChanged.connect(self._apply_filters)
        ui.new_button.clicked.connect(self.new_person)
        ui.edit_button.clicked.connect(self.edit_selected)
        ui.leaver_button.clicked.connect(self.mark_selected_leaver)
        ui.session_button.clicked.connect(self.record_session)
        ui.erase_button.clicked.connect(self.erase_selected)
        # erasing is for administrators (the services refuse everyone else too)
        ui.erase_button.setVisible(context.actor.role is Role.ADMINISTRATOR)
        ui.import_button.clicked.connect(self.import_staff)
        ui.export_button.clicked.connect(self.export_staff)
        can_import = context.actor.role in (Role.ADMINISTRATOR, Role.MANAGER)
        ui.import_button.setEnabled(can_import)
        if not can_import:
            ui.import_button.setToolTip("Only a manager can import people")
        # supervisors read the register; the services refuse their changes too
        self._may_change = can_import
        ui.new_button.setEnabled(can_import)
        ui.export_button.setEnabled(can_import)
        if not can_import:
            ui.new_button.setToolTip("Only a manager or an administrator can add people")
            ui.export_button.setToolTip(
                "Only a manager or an administrator can export the register"
            )
        ui.table.doubleClicked.connect(lambda _index: self.edit_selected())
        ui.table.activated.connect(lambda _index: self.edit_selected())
        self.model.modelReset.connect(self._after_reload)
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        # Down arrow in the search box moves into the results.
        ui.search_edit.installEventFilter(self)

        if startup is not None:
            self.model.prime(startup.staff_query, startup.staff_total, startup.staff_rows)
        else:
            self.model.refresh()

    # -- actions -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.ui.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search_edit.selectAll()

    def new_person(self) -> None:
        if not self._may_change:
            return
        from peerdesk.ui.staff_dialog import StaffDialog

        dialog = StaffDialog(
            self._context.services, self._context.actor, None, self, today=self._context.today()
        )
        self._open(dialog)

    def edit_selected(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is None:
            return
        from peerdesk.ui.staff_dialog import StaffDialog

        dialog = StaffDialog(
            self._context.services, self._context.actor, staff_id, self, today=self._context.today()
        )
        self._open(dialog)

    def mark_selected_leaver(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is None:
            return
        from peerdesk.ui.leaver_dialog import LeaverDialog

        dialog = LeaverDialog(
            self._context.services, self._context.actor, staff_id, self, today=self._context.today()
        )
        self._open(dialog)

    def record_session(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is not None:
            open_session_dialog(self._context, self, staff_id, None, self.staff_changed.emit)

    def erase_selected(self) -> None:
        """A leaver's records, erased after a confirmation that says what goes and stays."""
        staff_id = self.selected_staff_id()
        if staff_id is None or self._context.actor.role is not Role.ADMINISTRATOR:
            return
        from peerdesk.ui.erasure_dialog import ErasureDialog

        retention = self._context.services.retention
        actor = self._context.actor
        try:
            plan = retention.plan_person(actor, staff_id)
        except (AccessDenied, Conflict, NotFound) as exc:
            QMessageBox.information(self, "Erase", str(exc))
            return
        dialog = ErasureDialog(plan, lambda: retention.erase_person(actor, staff_id), self)
        dialog.erased.connect(lambda _result: self._erased())
        dialog.finished.connect(dialog.deleteLater)
        self.erasure_dialog = dialog
        dialog.open()

    def _erased(self) -> None:
        self.model.refresh()
        self.staff_changed.emit()

    def import_staff(self) -> None:
        from peerdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self._context, self)
        dialog.imported.connect(lambda _result: self._imported())
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()

    def export_staff(self) -> None:
        from peerdesk.services.csv_export import staff_list_rows
        from peerdesk.ui.csv_export_ui import export_csv

        context, query = self._context, self.model.query
        self.last_export = export_csv(
            context,
            self,
            title="Export the staff list",
            file_stem="Staff list",
            build=lambda: staff_list_rows(context.actor, context.services, query),
        )

    def _imported(self) -> None:
        self.reload_teams()
        self.model.refresh()
        self.staff_changed.emit()

    def selected_staff_id(self) -> int | None:
        indexes = self.ui.table.selectionModel().selectedRows()
        if not indexes:
            return None
        value = self.model.data(indexes[0], StaffIdRole)
        return int(value) if value is not None else None

    def select_staff(self, staff_id: int) -> bool:
        row = self.model.row_of(staff_id)
        while row is None and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
            row = self.model.row_of(staff_id)
        if row is None:
            return False
        index = self.model.index(row, COL_NAME)
        self.ui.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.ui.table.scrollTo(index)
        return True

    def reload_teams(self, teams: Sequence[TeamInfo] | None = None) -> None:
        if teams is None:
            teams = self._context.services.teams.list_teams(self._context.actor)
        combo = self.ui.team_combo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All teams", None)
        for team in teams:
            combo.addItem(team.name, team.id)
        found = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        selected = self.selected_staff_id()
        self.model.refresh()
        if selected is not None:
            self.select_staff(selected)

    # -- internals -----------------------------------------------------------------------

    def _open(self, dialog: StaffDialog | LeaverDialog) -> None:
        self._dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _saved(self, record: StaffRecord) -> None:
        self.reload_teams()
        self.model.refresh()
        if not self.select_staff(record.id):
            # Saved, but the current filters hide them: say so rather than vanish.
            self.ui.count_label.setText(
                self.ui.count_label.text()
                + f"  ·  {record.details.full_name} saved (hidden by the filters)"
            )
        self.staff_changed.emit()

    def _apply_filters(self) -> None:
        ui = self.ui
        # Qt hands enum data back as plain strings: turn them back into enums.
        status = StaffStatus(ui.status_combo.currentData() or StaffStatus.CURRENT)
        role = ui.role_combo.currentData()
        team = ui.team_combo.currentData()
        self.model.set_query(
            replace(
                self.model.query,
                search=ui.search_edit.text(),
                team_id=int(team) if team is not None else None,
                role_category=RoleCategory(role) if role else None,
                status=status,
            )
        )

    def _after_reload(self) -> None:
        self._update_count()
        has_rows = self.model.total > 0
        self.ui.table.setVisible(has_rows)
        self.ui.empty_label.setVisible(not has_rows)
        if not has_rows:
            self.ui.empty_label.setText(self._empty_text())
        self._selection_changed()
        self.ui.table.setColumnHidden(COL_STATUS, self.model.query.status is StaffStatus.CURRENT)

    def _selection_changed(self) -> None:
        has_selection = self.selected_staff_id() is not None
        self.ui.edit_button.setEnabled(has_selection and self._may_change)
        self.ui.leaver_button.setEnabled(has_selection and self._may_change)
        self.ui.session_button.setEnabled(has_selection)
        indexes = self.ui.table.selectionModel().selectedRows()
        row = self.model.staff_row(indexes[0].row()) if indexes else None
        self.ui.erase_button.setEnabled(row is not None and not row.is_current)

    def _update_count(self) -> None:
        total = self.model.total
        status = self.model.query.status
        noun = "person" if total == 1 else "people"
        where = {
            StaffStatus.CURRENT: "current staff",
            StaffStatus.LEAVERS: "leavers",
            StaffStatus.ALL: "in the register",
        }[status]
        self.ui.count_label.setText(f"{total:,} {noun} · {where}")

    def _empty_text(self) -> str:
        query = self.model.query
        filtered = bool(query.search.strip()) or query.team_id or query.role_category
        if filtered:
            return "No one matches these filters. Clear the search or choose another team."
        if query.status is StaffStatus.LEAVERS:
            return "No one has left yet."
        return "No one is in the register yet. Add the first person with New person (Ctrl+N)."

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.ui.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._focus_table()
            return True
        return super().eventFilter(watched, event)

    def _focus_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.ui.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.selected_staff_id() is None:
            self.select_staff(int(self.model.data(self.model.index(0, 0), StaffIdRole)))
