"""One PeerDesk per data folder: real QLockFile and QLocalServer in a temporary folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from peerdesk.ui.single_instance import (
    LOCK_FILE_NAME,
    SingleInstance,
    already_running_message,
    bring_app_to_front,
    claim_data_folder,
    lock_holder,
    notify_running,
    server_name,
)


@pytest.fixture
def instances(qapp: object) -> Iterator[list[SingleInstance]]:
    """Instances acquired in a test, released afterwards whatever happens."""
    held: list[SingleInstance] = []
    yield held
    for instance in held:
        instance.release()


def acquire(data_dir: Path, held: list[SingleInstance]) -> SingleInstance | None:
    instance = SingleInstance.acquire(data_dir)
    if instance is not None:
        held.append(instance)
    return instance


def lock_pid(data_dir: Path) -> int:
    return int((data_dir / LOCK_FILE_NAME).read_text().splitlines()[0])


# A PeerDesk in another process: takes the lock, says "ready", prints "raised" when asked.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from peerdesk.ui.single_instance import SingleInstance

    app = QCoreApplication([])
    instance = SingleInstance.acquire(Path(sys.argv[1]))
    if instance is None:
        print("refused", flush=True)
        sys.exit(3)
    instance.raise_requested.connect(lambda: print("raised", flush=True))
    print("ready", flush=True)
    app.exec()
    """
)


@pytest.fixture
def other_peerdesk(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    data_dir = tmp_path / "shared"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    yield child, data_dir
    if child.poll() is None:
        child.kill()
    child.wait(10)
    child.stdout.close()


def test_a_second_acquire_fails_while_the_first_holds_the_folder(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = acquire(tmp_path, instances)
    assert first is not None and first.holds_lock and first.listening
    assert lock_pid(tmp_path) == os.getpid()

    assert acquire(tmp_path, instances) is None
    # the same folder spelt another way is the same folder
    assert acquire(tmp_path / "sub" / "..", instances) is None
    assert first.holds_lock


def test_the_data_folder_is_created_for_the_lock(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    data_dir = tmp_path / "new" / "PeerDesk"
    instance = acquire(data_dir, instances)
    assert instance is not None and instance.holds_lock
    assert (data_dir / LOCK_FILE_NAME).is_file()


def test_notify_reaches_the_first_instance_which_is_asked_to_raise(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = acquire(tmp_path, instances)
    assert first is not None
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert notify_running(tmp_path) is True
    # a second request is answered as well
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert notify_running(tmp_path) is True


def test_notify_with_nobody_listening_says_so(tmp_path: Path, qapp: object) -> None:
    assert notify_running(tmp_path, timeout_ms=500) is False


def test_a_second_process_is_refused_and_raises_the_first(
    other_peerdesk: tuple[subprocess.Popen[str], Path], instances: list[SingleInstance]
) -> None:
    child, data_dir = other_peerdesk
    assert lock_pid(data_dir) == child.pid

    assert acquire(data_dir, instances) is None
    assert notify_running(data_dir) is True
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "raised"
    assert child.poll() is None


def test_a_lock_left_by_a_killed_process_is_taken_over(
    qtbot: QtBot,
    other_peerdesk: tuple[subprocess.Popen[str], Path],
    instances: list[SingleInstance],
) -> None:
    child, data_dir = other_peerdesk
    assert acquire(data_dir, instances) is None

    child.send_signal(signal.SIGKILL)  # a crash: no chance to remove the lock or socket
    child.wait(10)
    assert (data_dir / LOCK_FILE_NAME).exists()
    assert lock_pid(data_dir) == child.pid

    taken = acquire(data_dir, instances)
    assert taken is not None and taken.holds_lock
    assert lock_pid(data_dir) == os.getpid()
    # the dead process's socket was replaced: a newcomer reaches the new holder
    assert taken.listening
    with qtbot.waitSignal(taken.raise_requested, timeout=3000):
        assert notify_running(data_dir) is True


def test_an_empty_lock_file_left_by_a_crash_is_taken_over(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    # a crash between creating the lock file and writing it leaves it empty, which
    # QLockFile alone never treats as stale
    (tmp_path / LOCK_FILE_NAME).write_bytes(b"")
    taken = acquire(tmp_path, instances)
    assert taken is not None and taken.holds_lock
    assert lock_pid(tmp_path) == os.getpid()


def test_a_lock_from_another_computer_is_left_alone_and_explained(
    qapp: QApplication,
    tmp_path: Path,
    instances: list[SingleInstance],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # a data folder on a network drive, open on the office laptop
    lock = tmp_path / LOCK_FILE_NAME
    lock.write_text("4242\nPeerDesk\noffice-laptop\n")
    assert acquire(tmp_path, instances) is None
    assert claim_data_folder(qapp, tmp_path) is None
    assert lock.read_text() == "4242\nPeerDesk\noffice-laptop\n"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "on another computer, office-laptop; close it there first" in err
    assert str(lock) in err
    holder = lock_holder(tmp_path)
    assert holder is not None and holder.on_another_computer and holder.pid == 4242


def test_two_data_folders_each_have_their_own_instance(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    office = acquire(tmp_path / "office", instances)
    training = acquire(tmp_path / "training", instances)
    assert office is not None and training is not None
    assert office.holds_lock and training.holds_lock
    assert server_name(tmp_path / "office") != server_name(tmp_path / "training")

    training_asked: list[bool] = []
    training.raise_requested.connect(lambda: training_asked.append(True))
    with qtbot.waitSignal(office.raise_requested, timeout=3000):
        assert notify_running(tmp_path / "office")
    qtbot.wait(50)
    assert training_asked == []


def test_release_lets_a_new_instance_take_the_folder(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = acquire(tmp_path, instances)
    assert first is not None
    first.release()
    assert not first.holds_lock and not first.listening
    assert not (tmp_path / LOCK_FILE_NAME).exists()
    assert notify_running(tmp_path, timeout_ms=500) is False

    second = acquire(tmp_path, instances)
    assert second is not None and second.holds_lock and second.listening
    first.release()  # a second release is harmless and does not touch the new holder
    assert second.holds_lock
    assert (tmp_path / LOCK_FILE_NAME).exists()


def test_a_folder_that_cannot_hold_a_lock_does_not_claim_another_copy_is_open(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the data folder should be")
    instance = acquire(blocker / "PeerDesk", instances)
    assert instance is not None
    assert not instance.holds_lock
    assert blocker.read_text() == "a file where the data folder should be"


def test_the_message_for_a_second_copy_is_plain(tmp_path: Path) -> None:
    message = already_running_message(tmp_path)
    assert message.startswith("PeerDesk is already open for this data folder")
    assert str(tmp_path) in message
    assert message.endswith("it has been brought to the front.")
    unreached = already_running_message(tmp_path, brought_forward=False)
    assert "brought to the front" not in unreached
    assert "switch to its window" in unreached


def test_raise_requested_brings_a_minimised_window_back(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = acquire(tmp_path, instances)
    assert first is not None
    window = QMainWindow()
    window.setWindowTitle("PeerDesk")
    qtbot.addWidget(window)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    first.raise_requested.connect(bring_app_to_front)

    assert notify_running(tmp_path)
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isActiveWindow(), timeout=3000)
    assert window.isVisible()


def test_claiming_a_folder_already_open_raises_that_one_and_says_so(
    qtbot: QtBot,
    qapp: QApplication,
    tmp_path: Path,
    instances: list[SingleInstance],
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = claim_data_folder(qapp, tmp_path)
    assert first is not None
    instances.append(first)

    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert claim_data_folder(qapp, tmp_path) is None
    err = capsys.readouterr().err
    assert err == f"peerdesk: {already_running_message(tmp_path)}\n"
    assert first.holds_lock
