"""Backups, in Settings: the list of backups, "Back up now…" and "Restore…".

The copying and the checking run off the GUI thread (context.tasks), with progress and a
cancel button. Restoring asks first, showing what the backup holds, then hands over to
``context.restore_backup``, which in the app closes PeerDesk and opens it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.backup_views import (
    BackupCancelled,
    BackupEntry,
    BackupProblem,
    BackupSummary,
    file_size,
    long_date,
)
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_helpers import make_error_label, make_hint, show_error
from peerdesk.ui.restore_dialogs import RestoreConfirmDialog
from peerdesk.ui.row_table_model import RowTableModel
from peerdesk.ui.tasks import IsCancelled, Progress, TaskHandle

COL_KIND, COL_MADE, COL_SIZE = range(3)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
LAST_FOLDER_KEY = "backups/last_folder"
EMPTY_TEXT = (
    "No backups yet. PeerDesk makes one the first time it opens each day; "
    "“Back up now…” makes one at once."
)
INTRO_TEXT = (
    "Each day you use PeerDesk, a checked copy of your data goes into the backups folder; "
    "PeerDesk keeps one a day for a week, one a week for a month and one a month for a "
    "year. Now and then, back up to a USB stick and keep it somewhere safe."
)


class BackupTableModel(RowTableModel[BackupEntry]):
    HEADERS = ("Kind", "Made", "Size")

    def set_rows(self, rows: list[BackupEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_KIND:
                return entry.kind_label
            if column == COL_MADE:
                return entry.made_text
            if column == COL_SIZE:
                return file_size(entry.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(entry.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PATH_ROLE:
            return str(entry.path)
        return None


class BackupPanel(QGroupBox):
    """The Backups section of Settings."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Backups", parent)
        self.setObjectName("backup_panel")
        self._context = context
        self._task: TaskHandle | None = None
        self.confirm_dialog: RestoreConfirmDialog | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(make_hint(INTRO_TEXT))

        buttons = QHBoxLayout()
        self.back_up_button = QPushButton("Back &up now…")
        self.back_up_button.setObjectName("back_up_button")
        self.back_up_button.setToolTip("Copy the data to a folder you choose, such as a USB stick")
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setObjectName("restore_backup_button")
        self.restore_button.setToolTip("Put the selected backup in place of the current data")
        self.restore_file_button = QPushButton("Restore from a &file…")
        self.restore_file_button.setObjectName("restore_file_button")
        self.restore_file_button.setToolTip("Choose a backup elsewhere, such as on a USB stick")
        self.open_folder_button = QPushButton("Open backups &folder")
        self.open_folder_button.setObjectName("open_backups_folder_button")
        for button in (
            self.back_up_button,
            self.restore_button,
            self.restore_file_button,
            self.open_folder_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("backup_progress")
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel_backup_button")
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        layout.addLayout(progress_row)
        self.message = QLabel()
        self.message.setObjectName("backup_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.error = make_error_label("backup")
        layout.addWidget(self.error)

        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("backups_table")
        self.table.setAccessibleName("Backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(150)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_KIND, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MADE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)
        self.folder_label = QLabel(f"Backups folder: {context.backups.folder}")
        self.folder_label.setObjectName("muted")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)

        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.cancel_button.clicked.connect(self.cancel)
        self.table.activated.connect(lambda _index: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    # -- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        context = self._context
        try:
            rows = context.backups.list_backups(context.actor)
        except PermissionError as exc:
            rows = []
            show_error(self.error, str(exc))
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self._update_buttons()

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def _update_buttons(self) -> None:
        busy = self.busy()
        self.back_up_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.selected() is not None)
        self.restore_file_button.setEnabled(not busy)
        self.open_folder_button.setEnabled(self._context.backups.folder.is_dir())

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._context.backups.folder)))

    # -- back up now ------------------------------------------------------------------------

    def back_up_now(self) -> None:
        """Ask for a folder (a USB stick, say), then copy the data there off the GUI thread."""
        if self.busy():
            return
        start = str(self._context.settings.value(LAST_FOLDER_KEY, "") or Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, "Choose where to put the backup", start, QFileDialog.Option.ShowDirsOnly
        )
        if folder:
            self.back_up_to(Path(folder))

    def back_up_to(self, folder: Path) -> None:
        context = self._context
        self._context.settings.setValue(LAST_FOLDER_KEY, str(folder))

        def work(progress: Progress, is_cancelled: IsCancelled) -> BackupEntry:
            return context.backups.back_up_to(context.actor, folder, progress, is_cancelled)

        self._say(f"Backing up to {folder}…")
        self._run(work, self._backed_up, cancellable=True)

    def _backed_up(self, result: object) -> None:
        assert isinstance(result, BackupEntry)
        self._say(
            f"Backed up to {result.path} ({file_size(result.size)}). The copy was checked and "
            "is complete."
        )
        self.refresh()

    # -- restore ----------------------------------------------------------------------------

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is not None and not self.busy():
            self.inspect_then_confirm(entry.path)

    def restore_from_file(self) -> None:
        if self.busy():
            return
        start = str(self._context.settings.value(LAST_FOLDER_KEY, "") or Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a backup to restore",
            start,
            "PeerDesk backups (*.db);;All files (*)",
        )
        if name:
            self.inspect_then_confirm(Path(name))

    def inspect_then_confirm(self, path: Path) -> None:
        """Read what the backup holds (off the GUI thread), then ask before restoring."""
        backups = self._context.backups

        def work(_progress: Progress, _is_cancelled: IsCancelled) -> BackupSummary:
            return backups.inspect(path)

        self._say(f"Checking {path.name}…")
        self._run(work, self._confirm, cancellable=False)

    def _confirm(self, result: object) -> None:
        assert isinstance(result, BackupSummary)
        self._say(None)
        dialog = RestoreConfirmDialog(result, self)
        dialog.accepted.connect(lambda: self.restore(result))
        dialog.finished.connect(dialog.deleteLater)
        self.confirm_dialog = dialog
        dialog.open()

    def restore(self, summary: BackupSummary) -> None:
        """Hand over to the app, which closes PeerDesk, restores and opens it again."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._context.restore_backup(summary.path)
        except (BackupProblem, PermissionError) as exc:
            self._say(None)
            show_error(self.error, f"The backup was not restored. {exc}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        show_error(self.error, None)
        self._say(
            f"Restored the backup from {long_date(summary.made_at)}. The data it replaced is "
            "in the backups folder."
        )
        self.refresh()

    # -- running work -----------------------------------------------------------------------

    def _run(self, work: Any, done: Any, *, cancellable: bool) -> None:
        show_error(self.error, None)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setVisible(cancellable)
        handle = self._context.tasks.run(work)
        handle.progressed.connect(self._progressed)
        handle.finished.connect(lambda result: self._finished(done, result))
        handle.failed.connect(self._failed)
        self._task = handle
        self._update_buttons()

    def cancel(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.cancel()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _finished(self, done: Any, result: object) -> None:
        self._idle()
        done(result)

    def _failed(self, error: object) -> None:
        self._idle()
        if isinstance(error, BackupCancelled):
            self._say("Backup cancelled; no copy was kept.")
            return
        self._say(None)
        if isinstance(error, BackupProblem | PermissionError):
            show_error(self.error, str(error))
        else:
            show_error(self.error, f"That did not work: {error}")

    def _say(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
