"""Locking PeerDesk: after the idle time, on Ctrl+L, or from the Account menu.

Locking saves what a one-to-one form holds as its draft (and what a person's or an
involvement form holds: ui/form_keeper), closes every window (so no item
model keeps a row of data), closes the database and overwrites the key (through
``lock_data``), and shows only the lock screen. Unlocking needs the same user's password;
a fresh main window then opens on the page that was showing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from peerdesk.ui.idle_watcher import IdleWatcher
from peerdesk.ui.lock_screen import LockScreen
from peerdesk.ui.tasks import TaskRunner


class LockController(QObject):
    locked = Signal()
    unlocked = Signal()
    signed_out = Signal()

    def __init__(
        self,
        *,
        display_name: str,
        idle_minutes: int,
        lock_data: Callable[[], None],
        unlock_data: Callable[[str], None],
        sign_out: Callable[[], None],
        open_window: Callable[[int], QWidget],
        current_page: Callable[[], int],
        tasks: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._display_name = display_name
        self._lock_data = lock_data
        self._unlock_data = unlock_data
        self._sign_out = sign_out
        self._open_window = open_window
        self._current_page = current_page
        self._tasks = tasks
        self._page = 0
        self.lock_screen: LockScreen | None = None
        self.idle = IdleWatcher(idle_minutes, parent=self)
        self.idle.idle.connect(self.lock)

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None

    def set_idle_minutes(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)

    def lock(self) -> None:
        if self.is_locked:
            return
        self.idle.pause()
        try:
            self._page = self._current_page()
        except RuntimeError:  # the window has already gone
            self._page = 0
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        for window in windows:  # drafts first, while the data is still open
            save = getattr(window, "save_draft_now", None)
            if callable(save):
                # a draft that cannot be kept must never stop the lock
                with contextlib.suppress(Exception):
                    save()
        for window in windows:
            window.hide()
        for window in windows:
            window.close()
            window.deleteLater()
        self._lock_data()
        screen = LockScreen(
            self._display_name, self._unlock_data, self._sign_out, tasks=self._tasks
        )
        screen.setObjectName("lock_screen")
        screen.unlocked.connect(self._unlocked)
        screen.signed_out.connect(self._signed_out)
        self.lock_screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        self.locked.emit()

    def _unlocked(self) -> None:
        screen = self.lock_screen
        self.lock_screen = None
        window = self._open_window(self._page)
        window.show()
        window.raise_()
        window.activateWindow()
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(True)
        self.idle.resume()
        self.unlocked.emit()

    def _signed_out(self) -> None:
        self.idle.stop()
        if self.lock_screen is not None:
            self.lock_screen.hide()
            self.lock_screen.deleteLater()
            self.lock_screen = None
        self.signed_out.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()
