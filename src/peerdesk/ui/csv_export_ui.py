"""Export a list to a CSV file from any page: ask where, write off the GUI thread, say how
it went.

    export_csv(context, self, title="Export the staff list", file_stem="Staff list",
               build=lambda: staff_list_rows(actor, services, query))

``build`` runs on the worker thread (it may read the database); the file is written
atomically by ``services.csv_export.export_file``, so a failed or cancelled export leaves no
file behind, and the export is recorded in the audit trail. The folder chosen last is
remembered in the machine's settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from peerdesk.services.actor import AccessDenied
from peerdesk.services.csv_export import CsvData, CsvWriteError, ExportCancelled, export_file
from peerdesk.ui.context import AppContext
from peerdesk.ui.tasks import IsCancelled, Progress, TaskHandle

LAST_FOLDER_KEY = "export/last_folder"
CSV_FILTER = "CSV files (*.csv);;All files (*)"


def last_folder(context: AppContext, key: str = LAST_FOLDER_KEY) -> Path:
    """The folder a file was last exported to (or imported from), else the home folder."""
    value = context.settings.value(key, "")
    folder = Path(str(value)) if value else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember_folder(context: AppContext, path: Path, key: str = LAST_FOLDER_KEY) -> None:
    context.settings.setValue(key, str(path.parent))


class CsvExport(QObject):
    """One export under way: ``succeeded(message)`` or ``failed(message)`` when done, and the
    message is shown to the user in ``message_box``."""

    succeeded = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget,
        path: Path,
        build: Callable[[], CsvData],
        title: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("csv_export")
        self._parent = parent
        self._title = title
        self.path = path
        self.message_box: QMessageBox | None = None
        self.progress = QProgressDialog(f"Writing {path.name}…", "Cancel", 0, 0, parent)
        self.progress.setObjectName("export_progress")
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(500)  # shown only if it takes a while
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

        def work(progress: Progress, is_cancelled: IsCancelled) -> str:
            data = build()
            count = export_file(
                context.actor,
                context.services,
                path,
                data,
                progress=progress,
                is_cancelled=is_cancelled,
            )
            return data.describe(count)

        self.handle: TaskHandle = context.tasks.run(work)
        self.handle.progressed.connect(self._progressed)
        self.handle.finished.connect(self._finished)
        self.handle.failed.connect(self._failed)
        self.progress.canceled.connect(self.handle.cancel)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _finished(self, described: object) -> None:
        self._done()
        text = f"Saved {described} to {self.path.name}, in {self.path.parent}."
        self._tell(QMessageBox.Icon.Information, text)
        self.succeeded.emit(text)

    def _failed(self, error: object) -> None:
        self._done()
        if isinstance(error, ExportCancelled):
            text = "The export was cancelled; no file was written."
        elif isinstance(error, AccessDenied):
            text = str(error)
        elif isinstance(error, CsvWriteError):
            text = str(error.strerror)
        elif isinstance(error, OSError | LookupError | ValueError):
            text = f"The export failed: {error} No file was written."
        else:
            text = (
                f"The export failed unexpectedly ({error.__class__.__name__}); no file was written."
            )
        self._tell(QMessageBox.Icon.Warning, text)
        self.failed.emit(text)

    def _done(self) -> None:
        self.progress.canceled.disconnect(self.handle.cancel)
        self.progress.reset()
        self.progress.hide()
        self.progress.deleteLater()

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self._title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("export_message")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()


def ask_for_csv_file(
    context: AppContext, parent: QWidget, title: str, file_stem: str
) -> Path | None:
    """Ask where to save; None when the user cancels. Adds ".csv" when no extension."""
    suggested = last_folder(context) / f"{file_stem} {context.today().isoformat()}.csv"
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), CSV_FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(".csv")
    remember_folder(context, path)
    return path


def export_csv(
    context: AppContext,
    parent: QWidget,
    *,
    title: str,
    file_stem: str,
    build: Callable[[], CsvData],
) -> CsvExport | None:
    """Ask for a file, then write ``build()`` to it off the GUI thread; None if cancelled."""
    path = ask_for_csv_file(context, parent, title, file_stem)
    if path is None:
        return None
    return CsvExport(context, parent, path, build, title)
