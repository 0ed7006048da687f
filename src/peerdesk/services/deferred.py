"""A value made once, possibly on a background thread, and waited for where it is needed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Deferred(Generic[T]):
    """Holds ``make()``'s result. ``start()`` makes it in the background; ``get()`` waits.

    ``get()`` before ``start()`` makes the value at once on the calling thread. An exception
    raised by ``make`` is raised again by every ``get()``.
    """

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._done = threading.Event()

    @classmethod
    def ready(cls, value: T) -> Deferred[T]:
        deferred: Deferred[T] = cls(lambda: value)
        deferred._run()
        return deferred

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def error(self) -> BaseException | None:
        return self._error

    def start(self) -> None:
        with self._lock:
            if self._thread is not None or self._done.is_set():
                return
            self._thread = threading.Thread(target=self._run, name="peerdesk-load", daemon=True)
            self._thread.start()

    def get(self) -> T:
        with self._lock:
            thread = self._thread
        if thread is None and not self._done.is_set():
            self._run()
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value

    def _run(self) -> None:
        with self._lock:
            make, self._make = self._make, None
        if make is None:
            return
        try:
            self._value = make()
        except BaseException as exc:  # handed to whoever asks for the value
            self._error = exc
        finally:
            self._done.set()
