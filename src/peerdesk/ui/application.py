"""The QApplication: look and feel, start-up flow, and start-up errors in plain words."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from peerdesk.resources import resource_path
from peerdesk.services.backup_views import BackupProblem, BackupSummary, DailyBackupResult
from peerdesk.ui.tasks import IsCancelled, Progress

if TYPE_CHECKING:  # the main window loads after sign-in, not before the first window
    from peerdesk.services.startup_view import StartupView
    from peerdesk.ui.context import AccountControls, AppContext
    from peerdesk.ui.lock_controller import LockController
    from peerdesk.ui.main_window import MainWindow

# While PeerDesk stays open, look this often whether a new day needs its backup.
DAILY_BACKUP_CHECK_MS = 60 * 60 * 1000

# Set to the launch time (time.time()) to quit as soon as the main window is up, printing
# how long that took: used by benchmarks/bench_startup.py.
QUIT_WHEN_SHOWN = "PEERDESK_QUIT_WHEN_SHOWN"

STYLE = """
QWidget { font-size: 10pt; }
QListWidget#navigation {
    background: #f1f3f2; border: none; border-right: 1px solid #d9dedb;
    padding-top: 12px; font-size: 11pt;
}
QListWidget#navigation::item { padding-left: 18px; color: #25302b; }
QListWidget#navigation::item:selected {
    background: #dce9e2; color: #12372a; border-left: 4px solid #2f6f55;
}
QLabel#page_heading { font-size: 17pt; font-weight: 600; color: #1d2a24; }
QLabel#muted, QLabel#count_label { color: #5b6661; }
QLabel#section_heading { font-size: 12pt; font-weight: 600; color: #1d2a24; padding-top: 8px; }
QLabel[role="error"] { color: #b3261e; }
QLabel#figure_number { font-size: 18pt; font-weight: 600; color: #2f6f55; }
QLabel#register_number { font-weight: 600; color: #1d2a24; }
QLabel#organisation_label { font-size: 11pt; color: #3b4842; }
QFrame#figure_card {
    background: #ffffff; border: 1px solid #dfe4e1; border-radius: 6px; min-width: 96px;
}
QLabel#empty_label { color: #5b6661; font-size: 11pt; }
QTableView { gridline-color: #e4e8e6; selection-background-color: #cfe3d8;
    selection-color: #10231b; }
QHeaderView::section { padding: 4px 6px; }
"""


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("PeerDesk")
    app.setOrganizationName("PeerDesk")
    app.setApplicationDisplayName("PeerDesk")
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource_path("icons", "peerdesk.svg"))))
    app.setStyleSheet(STYLE)
    return app


def show_startup_error(message: str) -> None:
    """Explain, in plain words, why PeerDesk cannot open its data."""
    box = QMessageBox(QMessageBox.Icon.Critical, "PeerDesk cannot open its data", message)
    box.setInformativeText("Your data file has not been changed.")
    box.exec()


def offer_restore(message: str, backup: BackupSummary) -> bool:
    """The data file is damaged: explain, name the newest good backup, and ask whether to
    restore it (True) or quit (False)."""
    from peerdesk.ui.restore_dialogs import RestoreOfferDialog

    dialog = RestoreOfferDialog(message, backup)
    return dialog.exec() == RestoreOfferDialog.DialogCode.Accepted


def start_daily_backup(window: MainWindow, context: AppContext) -> None:
    """Make today's automatic backup (and rotate old ones) off the GUI thread, if there is
    none yet. A failure is said in the status bar and never stops anyone working."""

    def work(progress: Progress, is_cancelled: IsCancelled) -> DailyBackupResult:
        return context.backups.make_daily_backup(progress, is_cancelled)

    def done(result: object) -> None:
        if isinstance(result, DailyBackupResult) and result.made is not None:
            window.statusBar().showMessage("Today's backup was made and checked.", 8000)

    def failed(error: object) -> None:
        window.statusBar().showMessage(f"Today's automatic backup could not be made. {error}")

    handle = context.tasks.run(work)
    handle.finished.connect(done)
    handle.failed.connect(failed)


def _keep_backing_up(window: MainWindow, context: AppContext) -> None:
    """Back up now, and again each new day PeerDesk stays open."""
    start_daily_backup(window, context)
    timer = QTimer(window)
    timer.setObjectName("daily_backup_timer")
    timer.timeout.connect(lambda: start_daily_backup(window, context))
    timer.start(DAILY_BACKUP_CHECK_MS)


def _loading_failed(window: MainWindow, context: AppContext, error: BaseException) -> None:
    """The full check (or the upgrade) failed after the window showed. A damaged file with
    a good backup: offer it (restoring closes and reopens PeerDesk); otherwise explain."""
    offer = context.backups.offer_after_failure(error)
    if offer is not None and offer_restore(str(error), offer):
        try:
            context.restore_backup(offer.path)
        except BackupProblem as exc:
            show_startup_error(str(exc))
        else:
            return
    elif offer is None:
        show_startup_error(str(error))
    window.close()


def _report_and_quit(app: QApplication, context: AppContext) -> None:
    """For the start-up benchmark: say how long since launch the window took (and the
    services behind it), then quit."""
    launched = os.environ.get(QUIT_WHEN_SHOWN, "")
    with contextlib.suppress(ValueError):
        print(f"shown after {time.time() - float(launched):.4f} s", flush=True)
        context.services_source.get()
        print(f"ready after {time.time() - float(launched):.4f} s", flush=True)
    app.quit()


def _watch_loading(window: MainWindow, context: AppContext) -> None:
    """If the storage layer failed to load in the background, say so and close."""
    if not shiboken6.isValid(window) or not window.isVisible():
        return  # closed (or PeerDesk locked) meanwhile: a new window loads afresh
    source = context.services_source
    if not source.done:
        QTimer.singleShot(100, lambda: _watch_loading(window, context))
        return
    if source.error is not None:
        _loading_failed(window, context, source.error)
    else:
        window.services_ready()
        _keep_backing_up(window, context)


def start(app: QApplication, context: AppContext, startup: StartupView | None = None) -> int:
    """Show the first-run dialog if the organisation is not set up, then the main window.

    With a ``startup`` view the window is filled from it at once, and the services behind
    it finish loading in the background once the window is on screen. Signed in (an
    ``account`` in the context), PeerDesk locks itself after the idle time and on Ctrl+L.
    """
    from peerdesk.ui.main_window import MainWindow

    windows: list[MainWindow] = []
    lock: list[LockController] = []

    def new_window(view: StartupView | None, page: int | None = None) -> MainWindow:
        window = MainWindow(context, startup=view)
        windows[:] = [window]
        if page is not None:
            window.show_page(page)
        window.lock_requested.connect(lambda: lock[0].lock() if lock else None)
        return window

    def open_main_window(view: StartupView | None) -> None:
        window = new_window(view)
        window.show()
        if os.environ.get(QUIT_WHEN_SHOWN):
            QTimer.singleShot(0, lambda: _report_and_quit(app, context))
        QTimer.singleShot(0, context.services_source.start)
        QTimer.singleShot(0, lambda: _watch_loading(window, context))
        if context.account is not None:
            lock.append(_lock_controller(context, context.account, new_window, windows))
            if context.account.notices:
                window.statusBar().showMessage(" ".join(context.account.notices), 60000)

    def first_screen() -> None:
        organisation = startup.organisation if startup else None
        if organisation is None:
            organisation = context.services.organisation.get(context.actor)
        if organisation is None:
            from peerdesk.ui.first_run_dialog import FirstRunDialog

            dialog = FirstRunDialog(context)
            dialog.accepted.connect(lambda: open_main_window(None))
            dialog.rejected.connect(app.quit)
            dialog.show()
        else:
            open_main_window(startup)

    if context.account is not None and context.account.must_change_password:
        from peerdesk.ui.change_password_dialog import ChangePasswordDialog

        choose = ChangePasswordDialog(
            context.services.accounts, context.actor, must_change=True, tasks=context.tasks
        )
        choose.changed.connect(first_screen)
        choose.rejected.connect(app.quit)
        choose.show()
    else:
        first_screen()
    return app.exec()


def _lock_controller(
    context: AppContext,
    account: AccountControls,
    new_window: Callable[[StartupView | None, int | None], MainWindow],
    windows: list[MainWindow],
) -> LockController:
    from peerdesk.ui.lock_controller import LockController

    def open_window(page: int) -> MainWindow:
        window = new_window(None, page)
        window.services_ready()
        _keep_backing_up(window, context)  # the daily backup timer went with the old window
        return window

    def current_page() -> int:
        return windows[0].current_page() if windows else 0

    controller = LockController(
        display_name=context.actor.display_name,
        idle_minutes=account.idle_minutes,
        lock_data=account.lock_data,
        unlock_data=account.unlock_data,
        sign_out=account.sign_out,
        open_window=open_window,
        current_page=current_page,
        tasks=context.tasks,
        parent=QApplication.instance(),
    )
    controller.setObjectName("lock_controller")
    account.idle_minutes_changed = controller.set_idle_minutes
    return controller
