"""What the sign-in, set-up, recovery, password and lock windows share: the PeerDesk line at
the top, password fields, the countdown after too many wrong passwords, and running the
slow password check (about half a second of argon2) off the GUI thread with a busy cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from peerdesk.resources import resource_path
from peerdesk.ui.form_helpers import make_hint
from peerdesk.ui.tasks import TaskHandle, TaskRunner, ThreadPoolRunner

PASSWORDS_DIFFER = "The two passwords are not the same; type it again in both boxes."
LOGO_SIZE = 36


def brand_line(subtitle: str = "") -> QWidget:
    """PeerDesk's logo and name, with an optional quiet line beside them."""
    widget = QWidget()
    widget.setObjectName("brand_line")
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)
    logo = QLabel()
    logo.setObjectName("logo")
    logo.setPixmap(QIcon(str(resource_path("icons", "peerdesk.svg"))).pixmap(LOGO_SIZE))
    name = QLabel("PeerDesk")
    name.setObjectName("page_heading")
    name.setStyleSheet("font-size: 17pt; font-weight: 600;")
    row.addWidget(logo)
    row.addWidget(name)
    if subtitle:
        row.addSpacing(6)
        row.addWidget(make_hint(subtitle), 1)
    else:
        row.addStretch(1)
    return widget


def password_edit(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


def status_label() -> QLabel:
    """ "Signing in…" and the like, shown while the slow check runs."""
    label = make_hint("")
    label.setObjectName("status_label")
    label.hide()
    return label


def wait_words(seconds: int) -> str:
    """45 → "45 seconds"; 90 → "1 minute 30 seconds"; 120 → "2 minutes"."""
    minutes, rest = divmod(max(seconds, 0), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


class WaitCountdown(QObject):
    """After too many wrong passwords: "You can try again in 29 seconds.", counting down
    once a second, then ``finished``. ``tick_ms`` is shortened in tests."""

    finished = Signal()

    def __init__(self, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self._label.hide()
        self.remaining = 0
        self.tick_ms = 1000
        self._timer = QTimer(self)
        self._timer.setObjectName("wait_timer")
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self.remaining > 0

    def start(self, seconds: int) -> None:
        self.remaining = max(seconds, 0)
        if not self.remaining:
            self.stop()
            return
        self._show()
        self._timer.start(self.tick_ms)

    def stop(self) -> None:
        self._timer.stop()
        self.remaining = 0
        self._label.clear()
        self._label.hide()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self._show()
            return
        self.stop()
        self.finished.emit()

    def _show(self) -> None:
        self._label.setText(f"You can try again in {wait_words(self.remaining)}.")
        self._label.show()


def countdown_label() -> QLabel:
    label = QLabel()
    label.setObjectName("countdown_label")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("font-weight: 600;")
    label.hide()
    return label


class PasswordWork(QObject):
    """Runs one slow password step off the GUI thread. While it runs the window's
    ``controls`` are disabled, the cursor is busy and ``status`` says what is happening;
    then ``done(result)`` or ``failed(error)`` is called on the GUI thread."""

    def __init__(
        self,
        status: QLabel,
        controls: Sequence[QWidget],
        tasks: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status = status
        self._controls = list(controls)
        self._tasks: TaskRunner = tasks if tasks is not None else ThreadPoolRunner()
        self._handle: TaskHandle | None = None

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def add_controls(self, controls: Sequence[QWidget]) -> None:
        self._controls.extend(controls)

    def run(
        self,
        text: str,
        work: Callable[[], object],
        done: Callable[[object], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        if self._handle is not None:
            return
        self._set_busy(text)
        handle = self._tasks.run(lambda _progress, _is_cancelled: work())
        self._handle = handle

        def finished(result: object) -> None:
            self._set_idle()
            done(result)

        def refused(error: object) -> None:
            self._set_idle()
            failed(error if isinstance(error, BaseException) else RuntimeError(str(error)))

        handle.finished.connect(finished)
        handle.failed.connect(refused)

    def _set_busy(self, text: str) -> None:
        for control in self._controls:
            control.setEnabled(False)
        self._status.setText(text)
        self._status.show()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def _set_idle(self) -> None:
        self._handle = None
        QApplication.restoreOverrideCursor()
        self._status.clear()
        self._status.hide()
        for control in self._controls:
            control.setEnabled(True)
