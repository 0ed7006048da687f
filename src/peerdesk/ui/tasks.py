"""Running long work off the GUI thread (Picard's run_task), with an inline runner for tests.

Work is a plain function ``work(progress, is_cancelled)``; ``on_done(result)`` or
``on_error(exception)`` are called back on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Work = Callable[[Progress, IsCancelled], Any]


class TaskHandle(QObject):
    """Follows one task: progress and completion arrive as signals on the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class TaskRunner(Protocol):
    def run(self, work: Work) -> TaskHandle: ...


class _Job(QRunnable):
    def __init__(self, work: Work, handle: TaskHandle) -> None:
        super().__init__()
        self._work = work
        self._handle = handle

    def run(self) -> None:
        _run_now(self._work, self._handle)


class ThreadPoolRunner:
    """Runs each task on a QThreadPool thread; one at a time, so database work is serialised."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._handles: list[TaskHandle] = []

    def run(self, work: Work) -> TaskHandle:
        handle = TaskHandle()
        self._handles = [h for h in self._handles if not h.done] + [handle]
        job = _Job(work, handle)
        # Start once the caller has connected to the handle's signals: a quick job could
        # otherwise finish, and report, before anyone is listening.
        QTimer.singleShot(0, lambda: self._pool.start(job))
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)


class InlineRunner:
    """Runs work at once on the calling thread: for tests, so they need no waiting."""

    def run(self, work: Work) -> TaskHandle:
        handle = TaskHandle()
        # Deliver after the caller has connected its slots, as a thread would.
        QTimer.singleShot(0, lambda: _run_now(work, handle))
        return handle


def _run_now(work: Work, handle: TaskHandle) -> None:
    """Run ``work`` and report its result or its error through ``handle``'s signals."""
    try:
        result = work(handle.progressed.emit, handle.is_cancelled)
    except Exception as exc:
        handle.done = True
        handle.failed.emit(exc)
    else:
        handle.done = True
        handle.finished.emit(result)
