"""Import people from a CSV file: choose it, check the columns, see each row's problems,
then add all the good rows in one go (or, on any failure or cancel, none).

Reading, checking and importing run off the GUI thread (``context.tasks``). After an
import the dialog says what happened and emits ``imported(ImportResult)`` so the staff
page can refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.actor import AccessDenied
from peerdesk.services.errors import Conflict
from peerdesk.services.import_views import (
    CsvReadError,
    CsvTable,
    ImportFailed,
    ImportField,
    ImportPreview,
    ImportResult,
    ImportRow,
)
from peerdesk.ui.context import AppContext
from peerdesk.ui.csv_export_ui import last_folder, remember_folder
from peerdesk.ui.form_helpers import (
    ERROR_COLOUR,
    make_error_label,
    make_general_error_label,
    make_hint,
    show_error,
)
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel
from peerdesk.ui.tasks import IsCancelled, Progress, TaskHandle

LAST_FOLDER_KEY = "import/last_folder"
OPEN_FILTER = "CSV files (*.csv *.txt *.tsv);;All files (*)"
NOT_IMPORTED = "(not imported)"
COMBOS_PER_ROW = 3
VISIBLE_COMBO_ROWS = 4  # more columns than this shows scroll
COL_LINE, COL_NAME, COL_STATUS = range(3)


class ImportRowsModel(RowTableModel[ImportRow]):
    """The preview's rows: line in the file, name, and "Ready" or what is wrong."""

    HEADERS = ("Line", "Name", "Status")

    def set_rows(self, rows: Sequence[ImportRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == COL_LINE:
                return str(row.line)
            if column == COL_NAME:
                return row.name or "(no name)"
            if column == COL_STATUS:
                return row.status
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_STATUS and not row.is_good:
            return "\n".join(row.messages)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS and not row.is_good:
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ImportDialogLayout:
    """Builds the dialog's widgets; behaviour lives in ImportDialog."""

    def setup(self, dialog: QDialog) -> None:
        dialog.setWindowTitle("Import staff from a CSV file")
        dialog.resize(900, 640)
        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)
        outer.addWidget(
            make_hint(
                "Add people from a spreadsheet saved as CSV. Its first line names the columns "
                "(for example Name, Job title, Role category, Team, Employment type, Start "
                "date). Dates as YYYY-MM-DD or DD/MM/YYYY. Nothing is saved until you import; "
                "then all the ready rows are added in one go."
            )
        )

        file_row = QHBoxLayout()
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.setObjectName("choose_file_button")
        self.file_label = QLabel("No file chosen yet.")
        self.file_label.setObjectName("file_label")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detected_label = make_hint("")
        self.detected_label.setObjectName("detected_label")
        self.detected_label.setWordWrap(False)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.detected_label)
        outer.addLayout(file_row)

        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)

        self.columns_group = QGroupBox("Columns: what each one holds")
        self.columns_group.setObjectName("columns_group")
        group_layout = QVBoxLayout(self.columns_group)
        group_layout.setContentsMargins(8, 6, 8, 6)
        self.columns_area = QScrollArea()
        self.columns_area.setObjectName("columns_area")
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setFrameShape(QFrame.Shape.NoFrame)
        self.columns_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns_widget = QWidget()
        self.columns_grid = QGridLayout(self.columns_widget)
        self.columns_grid.setContentsMargins(0, 0, 0, 0)
        self.columns_grid.setHorizontalSpacing(8)
        self.columns_grid.setVerticalSpacing(4)
        self.columns_area.setWidget(self.columns_widget)
        group_layout.addWidget(self.columns_area)
        self.mapping_problems = make_error_label("mapping_problems")
        group_layout.addWidget(self.mapping_problems)
        self.ignored_label = make_hint("")
        self.ignored_label.setObjectName("ignored_label")
        group_layout.addWidget(self.ignored_label)
        self.create_teams_check = QCheckBox("Create &teams that do not exist yet")
        self.create_teams_check.setObjectName("create_teams_check")
        self.create_teams_check.setToolTip(
            "Rows naming a team PeerDesk does not have yet would otherwise not be imported"
        )
        group_layout.addWidget(self.create_teams_check)
        outer.addWidget(self.columns_group)

        rows_header = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.problems_only_check = QCheckBox("Show only rows with &problems")
        self.problems_only_check.setObjectName("problems_only_check")
        rows_header.addWidget(self.counts_label, 1)
        rows_header.addWidget(self.problems_only_check)
        outer.addLayout(rows_header)

        self.table = QTableView()
        self.table.setObjectName("preview_table")
        self.table.setAccessibleName("Rows of the file")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        outer.addWidget(self.table, 1)
        self.empty_label = make_hint("Choose a CSV file to see what would be imported.")
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.empty_label, 1)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.summary_label.hide()
        outer.addWidget(self.summary_label)

        buttons = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.busy_label = make_hint("")
        self.busy_label.setObjectName("busy_label")
        self.busy_label.setWordWrap(False)
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("import_button")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("Cancel")
        self.close_button.setObjectName("close_button")
        self.close_button.setToolTip("Close without importing (Esc)")
        buttons.addWidget(self.busy_label)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)


class ImportDialog(QDialog):
    """Behaviour of the staff import dialog (see the module's description)."""

    imported = Signal(object)  # ImportResult, after people were added

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self._context = context
        self.ui = ImportDialogLayout()
        self.ui.setup(self)
        self.model = ImportRowsModel(self)
        self.ui.table.setModel(self.model)
        header = self.ui.table.horizontalHeader()
        header.setSectionResizeMode(COL_LINE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Stretch)
        self.ui.table.setColumnWidth(COL_LINE, 56)
        self.ui.table.setColumnWidth(COL_NAME, 220)

        self.path: Path | None = None
        self.table: CsvTable | None = None
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.combos: list[QComboBox] = []
        self._read_task: TaskHandle | None = None
        self._preview_task: TaskHandle | None = None
        self._import_task: TaskHandle | None = None

        ui = self.ui
        ui.choose_button.clicked.connect(self.choose_file)
        ui.create_teams_check.toggled.connect(lambda _on: self.check_again())
        ui.problems_only_check.toggled.connect(lambda _on: self._show_rows())
        ui.import_button.clicked.connect(self.start_import)
        ui.close_button.clicked.connect(self.reject)
        self._show_state()
        ui.choose_button.setFocus()

    # -- choosing and reading the file ----------------------------------------------------

    def choose_file(self) -> None:
        if self._busy():
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a CSV file to import",
            str(last_folder(self._context, LAST_FOLDER_KEY)),
            OPEN_FILTER,
        )
        if chosen:
            path = Path(chosen)
            remember_folder(self._context, path, LAST_FOLDER_KEY)
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Read and check ``path`` (off the GUI thread); the preview follows."""
        from peerdesk.services.staff_import import read_csv_file, suggest_mapping

        context = self._context
        create = self.ui.create_teams_check.isChecked()

        def work(progress: Progress, is_cancelled: IsCancelled) -> tuple[CsvTable, ImportPreview]:
            table = read_csv_file(path)
            mapping = suggest_mapping(table.headers)
            preview = context.services.staff_import.preview(
                context.actor, table, mapping, create_missing_teams=create
            )
            return table, preview

        self.path = path
        self.import_result = None
        self.ui.file_label.setText(path.name)
        self.ui.file_label.setToolTip(str(path))
        show_error(self.ui.general_error, None)
        self.ui.summary_label.hide()
        self._read_task = context.tasks.run(work)
        self._read_task.finished.connect(self._file_read)
        self._read_task.failed.connect(self._task_failed)
        self._show_state()

    def _file_read(self, result: object) -> None:
        if self.sender() is not self._read_task:
            return
        self._read_task = None
        assert isinstance(result, tuple)
        table, preview = result
        self.table = table
        self._build_combos(table, preview.mapping)
        self._set_preview(preview)

    # -- the columns ----------------------------------------------------------------------

    def _clear_combos(self) -> None:
        grid = self.ui.columns_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []

    def _build_combos(self, table: CsvTable, fields: Sequence[ImportField | None]) -> None:
        grid = self.ui.columns_grid
        self._clear_combos()
        for index, chosen in enumerate(fields):
            header = table.headers[index] if index < len(table.headers) else ""
            title = header or f"Column {index + 1}"
            label = QLabel(_elide(title, 24))
            label.setToolTip(title)
            label.setTextFormat(Qt.TextFormat.PlainText)
            combo = QComboBox()
            combo.setObjectName(f"column_combo_{index}")
            combo.setAccessibleName(f"What the column {title} holds")
            combo.addItem(NOT_IMPORTED, None)
            for f in ImportField:
                combo.addItem(f.label, f.value)
            combo.setCurrentIndex(max(combo.findData(chosen.value if chosen else None), 0))
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            label.setBuddy(combo)
            combo.currentIndexChanged.connect(lambda _i, column=index: self._column_changed(column))
            row, pair = divmod(index, COMBOS_PER_ROW)
            grid.addWidget(label, row, pair * 2)
            grid.addWidget(combo, row, pair * 2 + 1)
            self.combos.append(combo)
        for pair in range(COMBOS_PER_ROW):
            grid.setColumnStretch(pair * 2 + 1, 1)
        # whole rows of combos only: never one cut in half
        rows = min(max(1, -(-len(fields) // COMBOS_PER_ROW)), VISIBLE_COMBO_ROWS)
        height = self.combos[0].sizeHint().height() if self.combos else 0
        self.ui.columns_area.setFixedHeight(rows * height + (rows - 1) * grid.verticalSpacing())

    def mapping(self) -> dict[int, ImportField | None]:
        result: dict[int, ImportField | None] = {}
        for index, combo in enumerate(self.combos):
            value = combo.currentData()
            result[index] = ImportField(value) if value else None
        return result

    def _column_changed(self, column: int) -> None:
        """A column now holds a field another column held: that one no longer does."""
        value = self.combos[column].currentData()
        if value:
            for index, combo in enumerate(self.combos):
                if index != column and combo.currentData() == value:
                    blocked = combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(blocked)
        self.check_again()

    # -- the preview ----------------------------------------------------------------------

    def check_again(self) -> None:
        """Check every row again with the columns and options as they are now."""
        table = self.table
        if table is None or self._import_task is not None:
            return
        context = self._context
        mapping = self.mapping()
        create = self.ui.create_teams_check.isChecked()

        def work(progress: Progress, is_cancelled: IsCancelled) -> ImportPreview:
            return context.services.staff_import.preview(
                context.actor, table, mapping, create_missing_teams=create
            )

        self.import_result = None
        self.ui.summary_label.hide()
        self._preview_task = context.tasks.run(work)
        self._preview_task.finished.connect(self._checked)
        self._preview_task.failed.connect(self._task_failed)
        self._show_state()

    def _checked(self, preview: object) -> None:
        if self.sender() is not self._preview_task:
            return  # an older check, overtaken by a newer one
        self._preview_task = None
        assert isinstance(preview, ImportPreview)
        self._set_preview(preview)

    def _set_preview(self, preview: ImportPreview) -> None:
        ui = self.ui
        self.preview = preview
        table = preview.table
        ui.detected_label.setText(
            f"{table.encoding} · {table.delimiter_name}-separated · {len(table.rows):,} "
            f"{'row' if len(table.rows) == 1 else 'rows'}"
        )
        show_error(ui.mapping_problems, "\n".join(preview.mapping_problems) or None)
        if preview.ignored_columns:
            ui.ignored_label.setText(f"Not imported: {', '.join(preview.ignored_columns)}.")
        else:
            ui.ignored_label.setText("Every column is imported.")
        good, failing = preview.counts
        text = f"{good:,} ready · {failing:,} with problems"
        if preview.new_teams:
            teams = "team" if len(preview.new_teams) == 1 else "teams"
            text += f" · {len(preview.new_teams)} new {teams}: {', '.join(preview.new_teams)}"
        ui.counts_label.setText(text)
        self._show_rows()
        self._show_state()

    def _show_rows(self) -> None:
        preview = self.preview
        if preview is None:
            self.model.set_rows([])
            return
        if self.ui.problems_only_check.isChecked():
            self.model.set_rows(preview.failing_rows)
        else:
            self.model.set_rows(preview.rows)
        self._show_state()

    # -- importing ------------------------------------------------------------------------

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or preview.good == 0 or self._busy():
            return
        context = self._context

        def work(progress: Progress, is_cancelled: IsCancelled) -> ImportResult:
            return context.services.staff_import.import_rows(
                context.actor, preview, progress=progress, is_cancelled=is_cancelled
            )

        show_error(self.ui.general_error, None)
        self.ui.progress.setRange(0, max(preview.good, 1))
        self.ui.progress.setValue(0)
        self._import_task = context.tasks.run(work)
        self._import_task.progressed.connect(self._import_progressed)
        self._import_task.finished.connect(self._import_done)
        self._import_task.failed.connect(self._task_failed)
        self._show_state()

    def _import_progressed(self, done: int, total: int) -> None:
        self.ui.progress.setRange(0, max(total, 1))
        self.ui.progress.setValue(done)

    def _import_done(self, result: object) -> None:
        if self.sender() is not self._import_task:
            return
        self._import_task = None
        assert isinstance(result, ImportResult)
        ui = self.ui
        ui.summary_label.setText(result.summary)
        ui.summary_label.show()
        if result.cancelled:
            self._show_state()
            return
        self.import_result = result
        self._show_state()
        self.imported.emit(result)
        ui.close_button.setFocus()

    def _task_failed(self, error: object) -> None:
        sender = self.sender()
        if sender is self._read_task:
            self._read_task = None
            self.table = None
            self.preview = None
            self.model.set_rows([])
            self._forget_file()
        elif sender is self._preview_task:
            self._preview_task = None
        elif sender is self._import_task:
            self._import_task = None
        else:
            return
        show_error(self.ui.general_error, _failure_text(error))
        if isinstance(error, Conflict):
            self.check_again()
        self._show_state()

    def _forget_file(self) -> None:
        self._clear_combos()
        self.ui.detected_label.setText("")
        self.ui.counts_label.setText("")
        self.ui.ignored_label.setText("")
        show_error(self.ui.mapping_problems, None)

    # -- state ----------------------------------------------------------------------------

    def _busy(self) -> bool:
        return any(t is not None for t in (self._read_task, self._preview_task, self._import_task))

    def _show_state(self) -> None:
        ui = self.ui
        importing = self._import_task is not None
        checking = self._read_task is not None or self._preview_task is not None
        preview = self.preview
        good = preview.good if preview is not None else 0
        done = self.import_result is not None
        ui.choose_button.setEnabled(not importing)
        ui.columns_group.setVisible(bool(self.combos))
        ui.columns_group.setEnabled(preview is not None and not importing and not done)
        ui.problems_only_check.setVisible(preview is not None)
        ui.import_button.setEnabled(good > 0 and not importing and not checking and not done)
        people = "person" if good == 1 else "people"
        ui.import_button.setText(f"&Import {good:,} {people}" if good else "&Import")
        ui.close_button.setText("Close" if done else "Cancel")
        ui.close_button.setToolTip(
            "Stop the import: nobody is added (Esc)"
            if importing
            else ("Close (Esc)" if done else "Close without importing (Esc)")
        )
        ui.progress.setVisible(importing)
        if importing:
            ui.busy_label.setText("Importing…")
        elif self._read_task is not None:
            ui.busy_label.setText("Reading the file…")
        elif self._preview_task is not None:
            ui.busy_label.setText("Checking the rows…")
        else:
            ui.busy_label.setText("")
        has_rows = self.model.rowCount() > 0
        ui.table.setVisible(has_rows)
        ui.empty_label.setVisible(not has_rows)
        if preview is None:
            ui.empty_label.setText("Choose a CSV file to see what would be imported.")
        elif not has_rows:
            ui.empty_label.setText("No row has a problem: every row is ready.")

    def reject(self) -> None:
        """Esc or Cancel: stop an import under way (nothing is saved), else close."""
        if self._import_task is not None:
            self._import_task.cancel()
            self.ui.busy_label.setText("Cancelling…")
            return
        super().reject()


def _failure_text(error: object) -> str:
    if isinstance(error, CsvReadError | ImportFailed | Conflict | AccessDenied):
        return str(error)
    if isinstance(error, OSError):
        return f"The import could not be saved: {error}"
    return f"Something went wrong ({error.__class__.__name__}); nobody was added."


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
