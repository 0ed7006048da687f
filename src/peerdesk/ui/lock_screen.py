"""The lock screen: a window of its own that shows who is signed in and nothing from the data.

``unlock(password)`` (raises SignInRefused, with ``wait_seconds`` after too many wrong
tries) runs off the GUI thread; on success ``unlocked`` is emitted. "Sign out and close"
(and the window's close button) call ``sign_out()`` and emit ``signed_out``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from peerdesk.services.sign_in import SignInRefused
from peerdesk.ui.form_helpers import make_error_label
from peerdesk.ui.sign_in_parts import (
    PasswordWork,
    WaitCountdown,
    brand_line,
    countdown_label,
    password_edit,
    status_label,
)
from peerdesk.ui.tasks import TaskRunner

TOO_MANY = "Too many wrong passwords. Wait, then try again, or sign out and close."


class LockScreen(QWidget):
    unlocked = Signal()
    signed_out = Signal()

    def __init__(
        self,
        display_name: str,
        unlock: Callable[[str], None],
        sign_out: Callable[[], None],
        *,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lock_screen")
        self.setWindowTitle("PeerDesk is locked")
        self.setMinimumSize(480, 340)
        self._unlock = unlock
        self._sign_out = sign_out
        self._finished = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 24)
        outer.addStretch(1)
        column = QWidget()
        column.setObjectName("lock_column")
        column.setMaximumWidth(420)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        inner.addWidget(brand_line())
        heading = QLabel("PeerDesk is locked")
        heading.setObjectName("lock_heading")
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        inner.addWidget(heading)
        self.who_label = QLabel(f"Signed in as {display_name}. Type your password to carry on.")
        self.who_label.setObjectName("who_label")
        self.who_label.setTextFormat(Qt.TextFormat.PlainText)
        self.who_label.setWordWrap(True)
        inner.addWidget(self.who_label)
        self.password_edit = password_edit("password", "Password")
        self.password_edit.setPlaceholderText("Password")
        inner.addWidget(self.password_edit)
        self.message_label = make_error_label("unlock")
        self.message_label.setObjectName("message_label")
        inner.addWidget(self.message_label)
        self.countdown_label = countdown_label()
        inner.addWidget(self.countdown_label)
        self.status_label = status_label()
        inner.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.sign_out_button = QPushButton("Sign &out and close")
        self.sign_out_button.setObjectName("sign_out_button")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.countdown = WaitCountdown(self.countdown_label, self)
        self.countdown.finished.connect(self._wait_over)
        self.work = PasswordWork(
            self.status_label,
            [self.password_edit, self.unlock_button, self.sign_out_button],
            tasks,
            self,
        )
        self.password_edit.returnPressed.connect(self.try_unlock)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.password_edit.textEdited.connect(lambda _t: self._clear_message())
        self.password_edit.setFocus()

    def try_unlock(self) -> None:
        if self.work.busy or self.countdown.running or self._finished:
            return
        password = self.password_edit.text()
        if not password:
            self._say("Type your password.")
            return
        self._clear_message()
        unlock = self._unlock
        self.work.run("Unlocking…", lambda: unlock(password), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self.password_edit.clear()
        self._finished = True
        self.unlocked.emit()
        self.close()

    def _failed(self, error: BaseException) -> None:
        self.password_edit.clear()
        if isinstance(error, SignInRefused) and error.wait_seconds > 0:
            self._say(TOO_MANY)
            self.unlock_button.setEnabled(False)
            self.countdown.start(error.wait_seconds)
            return
        self._say(str(error) or "That password did not unlock PeerDesk.")

    def _wait_over(self) -> None:
        self.unlock_button.setEnabled(True)
        self._clear_message()
        self.password_edit.setFocus()

    def _say(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_message(self) -> None:
        if not self.countdown.running:
            self.message_label.clear()
            self.message_label.hide()

    def sign_out(self) -> None:
        if self.work.busy or self._finished:
            return
        self._leave()
        self.close()

    def _leave(self) -> None:
        self._finished = True
        self.countdown.stop()
        self._sign_out()
        self.signed_out.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.work.busy:
            event.ignore()
            return
        if not self._finished:  # the window's close button: the same as Sign out and close
            self._leave()
        super().closeEvent(event)
