"""Training, as a tab of the Checklists page: the matrix of current people against the
mandatory courses, each person's records, and the course catalogue.

In the matrix, arrow keys move from cell to cell and Enter opens that person's record for
that course: the booking or request still open, else a valid completion, else a new record.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import RoleCategory, TrainingStatus
from peerdesk.domain.text import fold
from peerdesk.domain.training import CellState
from peerdesk.services.actor import AccessDenied
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.training_views import MatrixRow, RecordInfo, TrainingMatrix
from peerdesk.ui.context import AppContext
from peerdesk.ui.csv_export_ui import CsvExport, export_csv
from peerdesk.ui.form_helpers import (
    FieldErrors,
    fill_combo,
    make_general_error_label,
    make_hint,
)
from peerdesk.ui.row_table_model import AnyIndex
from peerdesk.ui.training_courses_tab import TrainingCoursesTab
from peerdesk.ui.training_matrix_model import (
    LEGEND,
    NOT_REQUIRED_COLOUR,
    STATE_COLOURS,
    TrainingMatrixModel,
)
from peerdesk.ui.training_record_dialog import TrainingRecordDialog
from peerdesk.ui.training_records_tab import TrainingRecordsTab, can_write_records

NAME_WIDTH = 210
CELL_WIDTH = 172
ROW_HEIGHT = 26
TAB_MATRIX, TAB_RECORDS, TAB_COURSES = range(3)


def make_legend() -> QWidget:
    """A row of coloured swatches, each with the state it stands for."""
    legend = QWidget()
    legend.setObjectName("training_legend")
    legend.setAccessibleName("Legend")
    row = QHBoxLayout(legend)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for state, text in LEGEND:
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        background, _text = STATE_COLOURS.get(state, ("transparent", NOT_REQUIRED_COLOUR))
        swatch.setStyleSheet(f"background: {background}; border: 1px solid #8c8c8c;")
        label = QLabel(text)
        label.setObjectName(f"legend_{state.value}")
        row.addWidget(swatch)
        row.addWidget(label)
        row.addSpacing(8)
    row.addStretch(1)
    return legend


class CellDelegate(QStyledItemDelegate):
    """Paints a cell in its state's colours even when it is the current one, which gets a
    frame in the highlight colour instead of a fill (so the colour is never hidden)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.state &= ~QStyle.StateFlag.State_Selected
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, opt, index)
        if selected:
            painter.save()
            colour = option.palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(colour, 3))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


class MatrixView(QTableView):
    """The matrix table; Enter opens the current cell (signal ``open_cell``)."""

    open_cell = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_cell.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class TrainingMatrixTab(QWidget):
    changed = Signal()  # after a record is saved from the matrix

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_matrix_tab")
        self._context = context
        self._matrix: TrainingMatrix | None = None
        self.current_dialog: QDialog | None = None
        self.last_export: CsvExport | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self.search_edit.textChanged.connect(lambda _t: self._show())
        self.team_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.role_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.open_cell.connect(self.open_cell)
        self.table.doubleClicked.connect(self.open_cell)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("matrix_search")
        self.search_edit.setPlaceholderText("Find a person")
        self.search_edit.setAccessibleName("Find a person")
        self.search_edit.setClearButtonEnabled(True)
        self.team_combo = QComboBox()
        self.team_combo.setObjectName("matrix_team")
        self.team_combo.setAccessibleName("Team")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("matrix_role")
        self.role_combo.setAccessibleName("Role category")
        fill_combo(
            self.role_combo,
            [("All role categories", None), *((r.label, r.value) for r in RoleCategory)],
        )
        self.summary_label = QLabel()
        self.summary_label.setObjectName("matrix_summary")
        for combo in (self.team_combo, self.role_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.team_combo, 2)
        filters.addWidget(self.role_combo, 2)
        filters.addWidget(self.summary_label)
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setObjectName("export_matrix_button")
        self.export_button.setToolTip("Save the matrix as shown (these filters) as a CSV file")
        self.export_button.clicked.connect(self.export_csv)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        layout.addWidget(make_legend())
        self.general_error = make_general_error_label()
        layout.addWidget(self.general_error)

        self.model = TrainingMatrixModel(self)
        self.table = MatrixView()
        self.table.setObjectName("training_matrix")
        self.table.setAccessibleName("Training matrix")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setCornerButtonEnabled(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # the names are the rows' headers: they stay in view while the courses scroll
        names = self.table.verticalHeader()
        names.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        names.setDefaultSectionSize(ROW_HEIGHT)
        names.setFixedWidth(NAME_WIDTH)
        names.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        names.setHighlightSections(True)
        courses = self.table.horizontalHeader()
        courses.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        courses.setDefaultSectionSize(CELL_WIDTH)
        courses.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        courses.setHighlightSections(True)
        layout.addWidget(self.table, 1)
        self.empty_label = make_hint("")
        self.empty_label.setObjectName("matrix_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Fetch the matrix again for the chosen team and role, keeping the current cell."""
        context = self._context
        keep = self.current_key()
        self.errors.clear_all()
        self._fill_teams()
        team = self.team_combo.currentData()
        role = self.role_combo.currentData()
        try:
            self._matrix = context.services.training.matrix(
                context.actor,
                team_id=team,
                role_category=RoleCategory(role) if role else None,
                today=context.today(),
            )
        except AccessDenied as exc:
            self.errors.show_general(str(exc))
            self._matrix = None
        self._show(keep)

    def _fill_teams(self) -> None:
        context = self._context
        keep = self.team_combo.currentData()
        try:
            teams = context.services.teams.list_teams(context.actor)
        except AccessDenied:
            teams = []
        blocked = self.team_combo.blockSignals(True)
        try:
            fill_combo(self.team_combo, [("All teams", None), *((t.name, t.id) for t in teams)])
            index = self.team_combo.findData(keep) if keep is not None else 0
            self.team_combo.setCurrentIndex(max(index, 0))
        finally:
            self.team_combo.blockSignals(blocked)

    def visible_rows(self) -> list[MatrixRow]:
        if self._matrix is None:
            return []
        words = fold(self.search_edit.text()).split()
        if not words:
            return list(self._matrix.rows)
        return [r for r in self._matrix.rows if all(w in fold(r.full_name) for w in words)]

    def _show(self, keep: tuple[int, int] | None = None) -> None:
        keep = keep or self.current_key()
        matrix = self._matrix
        rows = self.visible_rows()
        if matrix is not None:
            self.model.set_matrix(matrix, rows)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, CELL_WIDTH)
        empty = matrix is None or not rows or not matrix.courses
        self.export_button.setEnabled(not empty)
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self.empty_label.setText(self._empty_text(matrix, rows))
        self.summary_label.setText(self._summary(matrix, rows))
        if not empty:
            self._restore(keep)

    def _empty_text(self, matrix: TrainingMatrix | None, rows: list[MatrixRow]) -> str:
        if matrix is None:
            return ""
        if not matrix.courses:
            return (
                "No mandatory courses are in the catalogue yet. Add them on the Courses tab "
                "(kind: Mandatory) and the matrix shows who has done them."
            )
        if self.search_edit.text().strip() and matrix.rows:
            return "No one shown matches the search."
        if self.team_combo.currentData() is not None or self.role_combo.currentData():
            return "Nobody currently employed is in this team and role category."
        return "Nobody is in the staff register yet: add people on the Staff page."

    def _summary(self, matrix: TrainingMatrix | None, rows: list[MatrixRow]) -> str:
        if matrix is None or not matrix.courses:
            return ""
        required = sum(1 for r in rows for c in r.cells if c.state is not CellState.NOT_REQUIRED)
        done = sum(1 for r in rows for c in r.cells if c.state.is_compliant)
        people = f"{len(rows):,} {'person' if len(rows) == 1 else 'people'}"
        if not required:
            return people
        return f"{people} · {round(100 * done / required)}% up to date"

    def current_key(self) -> tuple[int, int] | None:
        """(staff id, course id) of the current cell, to find it again after a refresh."""
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        course = self.model.course_at(index.column()) if index.isValid() else None
        return (row.staff_id, course.id) if row is not None and course is not None else None

    def _restore(self, keep: tuple[int, int] | None) -> None:
        row, column = 0, 0
        if keep is not None:
            row = max(self.model.row_of(keep[0]), 0)
            column = max(self.model.column_of(keep[1]), 0)
        index = self.model.index(row, column)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.scrollTo(index)

    def export_csv(self) -> None:
        """Save the matrix as shown (team, role and search) as a CSV file."""
        from peerdesk.services.csv_export import training_matrix_csv

        matrix, rows = self._matrix, self.visible_rows()
        if matrix is None:
            return
        self.last_export = export_csv(
            self._context,
            self,
            title="Export the training matrix",
            file_stem="Training matrix",
            build=lambda: training_matrix_csv(matrix, rows),
        )

    def text_at(self, staff_id: int, course_id: int) -> str:
        index = self.model.index(self.model.row_of(staff_id), self.model.column_of(course_id))
        return str(self.model.data(index) or "")

    # -- opening a record -----------------------------------------------------------------

    def open_cell(self, index: QModelIndex) -> TrainingRecordDialog | None:
        if not index.isValid() or not can_write_records(self._context.actor):
            return None
        person = self.model.row_at(index.row())
        course = self.model.course_at(index.column())
        cell = self.model.cell_at(index.row(), index.column())
        if person is None or course is None or cell is None:
            return None
        context = self._context
        record: RecordInfo | None = None
        wanted = cell.open_record_id
        if wanted is None and cell.state is CellState.VALID:
            wanted = cell.record_id  # to look at or correct; renewals are new records
        if wanted is not None:
            try:
                record = context.services.training.record(context.actor, wanted)
            except (NotFound, AccessDenied) as exc:
                self.errors.show_general(str(exc))
                return None
        dialog = TrainingRecordDialog(
            context.services,
            context.actor,
            person.staff_id,
            person.full_name,
            record,
            self,
            today=context.today(),
            course_id=course.id,
            status=TrainingStatus.COMPLETED,
        )
        dialog.saved.connect(lambda _r: self._saved())
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()
        self.table.setFocus()


class TrainingPanel(QWidget):
    """Matrix, Records and Courses: everything about training, for the Checklists page."""

    changed = Signal()  # after anything is saved

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_panel")
        self._context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("training_tabs")
        self.tabs.setDocumentMode(True)
        self.matrix_tab = TrainingMatrixTab(context)
        self.records_tab = TrainingRecordsTab(self._services, context.actor, context.today)
        self.courses_tab = TrainingCoursesTab(self._services, context.actor)
        self.tabs.addTab(self.matrix_tab, "Matrix")
        self.tabs.addTab(self.records_tab, "Records")
        self.tabs.addTab(self.courses_tab, "Courses")
        layout.addWidget(self.tabs)
        # a view is fetched when shown; the others are marked out of date until then
        self._stale: set[int] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.matrix_tab.changed.connect(lambda: self._changed(TAB_MATRIX))
        self.records_tab.changed.connect(lambda: self._changed(TAB_RECORDS))
        self.courses_tab.changed.connect(lambda: self._changed(TAB_COURSES))

    def _services(self) -> Services:
        return self._context.services

    def refresh(self) -> None:
        """Fetch the view on show again; the others are fetched when next shown."""
        self._stale = {TAB_MATRIX, TAB_RECORDS, TAB_COURSES}
        self._tab_shown(self.tabs.currentIndex())

    def show_records_of(self, staff_id: int) -> bool:
        """Switch to the Records view with that person chosen."""
        self.tabs.setCurrentWidget(self.records_tab)
        self._tab_shown(TAB_RECORDS)
        return self.records_tab.show_person(staff_id)

    def _tab_shown(self, index: int) -> None:
        if index not in self._stale:
            return
        self._stale.discard(index)
        if index == TAB_MATRIX:
            self.matrix_tab.refresh()
        elif index == TAB_RECORDS:
            self.records_tab.refresh()
        elif index == TAB_COURSES:
            self.courses_tab.refresh()

    def _changed(self, source: int) -> None:
        """Something was saved in one view: the others are out of date."""
        self._stale |= {TAB_MATRIX, TAB_RECORDS, TAB_COURSES} - {source}
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter has opened a record; it must not reach a dialog this panel may sit in
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
