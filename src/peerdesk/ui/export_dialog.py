"""An export under way: the work runs off the GUI thread (``context.tasks``) while a small
window-modal dialog shows its progress, with a Cancel that works.

    progress = ExportProgressDialog(page)              # one per page, used again and again
    progress.succeeded.connect(...)   # the work's result
    progress.cancelled.connect(...)   # cancelled before anything was saved
    progress.failed.connect(...)      # any other exception, for the caller to put in words
    progress.start(context.tasks, "Trustee workforce report", "the report", work)

The dialog appears only when the work takes more than a moment (``SHOW_AFTER_MS``), so a
quick export does not flash it. Cancel (or Esc, or closing the dialog) asks the work to
stop; the dialog stays, saying "Cancelling…", until the work has stopped and cleaned up,
so that "nothing was saved" is true when it is said. Work that finishes before it notices
the cancel counts as saved.

The dialog is kept (hidden) between exports rather than deleted after each: deleting the
receiver of a worker thread's signals just after the work ends crashed PySide 6.11 now
and then (a use-after-free in the deferred delete), and keeping it costs nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.reports.pdf_base import ExportCancelled as PdfExportCancelled
from peerdesk.services.csv_export import ExportCancelled as CsvExportCancelled
from peerdesk.ui.tasks import TaskHandle, TaskRunner, Work

SHOW_AFTER_MS = 400
CANCELLED = (PdfExportCancelled, CsvExportCancelled)


class ExportProgressDialog(QDialog):
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(object)

    def __init__(self, parent: QWidget, *, show_after_ms: int = SHOW_AFTER_MS) -> None:
        super().__init__(parent)
        self.setObjectName("export_progress")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        self._what = ""
        self.handle: TaskHandle | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.label = QLabel()
        self.label.setObjectName("export_progress_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setObjectName("export_progress_bar")
        self.bar.setAccessibleName("Export progress")
        layout.addWidget(self.bar)
        self.detail = QLabel()
        self.detail.setObjectName("muted")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.detail)
        buttons = QDialogButtonBox()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel_export_button")
        self.cancel_button.setToolTip("Stop the export; nothing is saved (Esc)")
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.cancel_button.clicked.connect(self.request_cancel)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(show_after_ms)
        self._show_timer.timeout.connect(self._show_if_running)

    @property
    def running(self) -> bool:
        return self.handle is not None

    def start(self, tasks: TaskRunner, title: str, what: str, work: Work) -> TaskHandle:
        """Run ``work`` off the GUI thread and follow it; one export at a time."""
        if self.handle is not None:
            raise RuntimeError("an export is already under way")
        self.setWindowTitle(title)
        self._what = what
        self.label.setText(f"Preparing {what}…")
        self.detail.setText("")
        self.bar.setRange(0, 0)  # busy until the work says how far it is
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        handle = tasks.run(work)
        handle.progressed.connect(self._progressed)
        handle.finished.connect(self._finished)
        handle.failed.connect(self._failed)
        self.handle = handle
        self._show_timer.start()
        return handle

    # -- progress --------------------------------------------------------------------------

    def _show_if_running(self) -> None:
        if self.running:
            self.open()
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _progressed(self, done: int, total: int) -> None:
        if self.handle is None or self.handle.is_cancelled():
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.label.setText(f"Preparing {self._what}…")
            self.detail.setText(f"{min(done, total):,} of {total:,}")
        else:  # the PDF is being laid out: the page count is not known in advance
            self.bar.setRange(0, 0)
            self.label.setText(f"Writing {self._what}…")
            self.detail.setText(f"Page {done:,}")

    # -- cancelling ------------------------------------------------------------------------

    def request_cancel(self) -> None:
        """Ask the work to stop; the dialog closes once it has."""
        if self.handle is None or self.handle.is_cancelled():
            return
        self.handle.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.label.setText("Stopping the export…")
        self.detail.setText("Nothing will be saved.")

    def reject(self) -> None:  # Esc
        if self.running:
            self.request_cancel()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.running:
            super().closeEvent(event)
            return
        self.request_cancel()
        event.ignore()

    # -- the end ---------------------------------------------------------------------------

    def _end(self) -> None:
        handle = self.handle
        self.handle = None
        self._show_timer.stop()
        if handle is not None:
            handle.progressed.disconnect(self._progressed)
            handle.finished.disconnect(self._finished)
            handle.failed.disconnect(self._failed)
        self.done(QDialog.DialogCode.Accepted)
        self.hide()

    def _finished(self, result: Any) -> None:
        self._end()
        self.succeeded.emit(result)

    def _failed(self, error: object) -> None:
        self._end()
        if isinstance(error, CANCELLED):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
