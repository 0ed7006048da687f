"""Locks PeerDesk after some minutes without use: watches every key press, click, mouse move
and wheel turn in the application and emits ``idle`` when none came for ``minutes``.

Installed as an event filter on the QApplication when made; ``pause()`` while locked,
``resume()`` once unlocked, ``stop()`` to take it off.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
DEFAULT_MINUTES = 10


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int = DEFAULT_MINUTES, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setObjectName("idle_timer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        self._paused = False
        self.set_minutes(minutes)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def paused(self) -> bool:
        return self._paused

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, ms))
        if not self._paused and self._timer.isActive():
            self._timer.start()  # counted again from now, with the new length

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._timer.start()

    def stop(self) -> None:
        self.pause()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._paused and event.type() in ACTIVITY:
            self._timer.start()
        return False

    def _timed_out(self) -> None:
        if not self._paused:
            self.idle.emit()
