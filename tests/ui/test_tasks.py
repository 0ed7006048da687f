"""Background tasks: work runs off the GUI thread and reports back on it."""

from __future__ import annotations

import threading

from peerdesk.ui.tasks import InlineRunner, ThreadPoolRunner


def test_thread_pool_runs_work_off_the_gui_thread(qtbot) -> None:
    runner = ThreadPoolRunner()
    threads: list[threading.Thread] = []
    progress: list[tuple[int, int]] = []

    def work(report, is_cancelled) -> str:
        threads.append(threading.current_thread())
        for done in range(1, 4):
            report(done, 3)
        return "finished"

    handle = runner.run(work)
    handle.progressed.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(handle.finished, timeout=5000) as finished:
        pass
    assert finished.args == ["finished"]
    assert threads and threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: len(progress) == 3)
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert runner.wait(1000)


def test_errors_and_cancelling_reach_the_caller(qtbot) -> None:
    runner = ThreadPoolRunner()
    started = threading.Event()

    def stubborn(report, is_cancelled) -> None:
        started.set()
        while not is_cancelled():
            threading.Event().wait(0.01)
        raise RuntimeError("stopped on request")

    handle = runner.run(stubborn)
    qtbot.waitUntil(started.is_set, timeout=5000)
    with qtbot.waitSignal(handle.failed, timeout=5000) as failed:
        handle.cancel()
    assert str(failed.args[0]) == "stopped on request"
    assert handle.done


def test_inline_runner_delivers_after_the_caller_connects(qtbot) -> None:
    handle = InlineRunner().run(lambda report, cancelled: 42)
    with qtbot.waitSignal(handle.finished, timeout=2000) as finished:
        pass
    assert finished.args == [42]
