"""Deferred: made once, in the background or on demand; errors reach whoever asks."""

from __future__ import annotations

import threading

import pytest

from peerdesk.services.deferred import Deferred


def test_get_before_start_makes_the_value_once() -> None:
    calls: list[int] = []
    deferred = Deferred(lambda: calls.append(1) or "value")
    assert not deferred.done
    assert deferred.get() == "value"
    assert deferred.get() == "value"
    deferred.start()  # nothing more to do
    assert calls == [1]
    assert deferred.done


def test_start_makes_it_on_another_thread() -> None:
    release = threading.Event()
    seen: list[str] = []

    def make() -> str:
        seen.append(threading.current_thread().name)
        release.wait(5)
        return "loaded"

    deferred = Deferred(make)
    deferred.start()
    assert not deferred.done
    release.set()
    assert deferred.get() == "loaded"
    assert seen == ["peerdesk-load"]


def test_an_error_is_raised_to_every_caller() -> None:
    def broken() -> str:
        raise OSError("disk gone")

    deferred = Deferred(broken)
    deferred.start()
    for _ in range(2):
        with pytest.raises(OSError, match="disk gone"):
            deferred.get()
    assert isinstance(deferred.error, OSError)


def test_ready_holds_a_value_already_made() -> None:
    deferred = Deferred.ready(42)
    assert deferred.done
    assert deferred.get() == 42
