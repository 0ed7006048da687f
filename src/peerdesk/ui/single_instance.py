"""One PeerDesk per data folder: a lock file in the folder, and a local server to be raised.

The first PeerDesk to open a data folder holds ``peerdesk.lock`` there (a QLockFile: it
records the process id and the computer's name, so a lock left behind by a crash, whose
process is gone, is taken over) and listens on a local server whose name is derived from
the folder. A second PeerDesk on the same folder cannot take the lock; it asks the first
to come to the front (``notify_running``), says so in plain words, and exits.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

LOCK_FILE_NAME = "peerdesk.lock"
RAISE_MESSAGE = b"raise\n"
# How long a second PeerDesk waits for the first to answer, in milliseconds.
CONNECT_TIMEOUT_MS = 1500


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_FILE_NAME


def server_name(data_dir: Path) -> str:
    """The local server's name for ``data_dir``: the same for every spelling of the folder.

    A hash of the resolved folder (and the user, so that two people's sockets never clash
    in a shared temporary folder) keeps the name short enough for a Unix socket path.
    """
    folder = os.path.normcase(str(data_dir.expanduser().resolve()))
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:32]
    return f"peerdesk-{digest}"


class SingleInstance(QObject):
    """Holds the data folder's lock and answers a second PeerDesk's request to be raised.

    Create it with ``SingleInstance.acquire(data_dir)`` once the QApplication exists, and
    ``release()`` it when the app quits.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, lock: QLockFile | None, server: QLocalServer) -> None:
        super().__init__()
        self.data_dir = data_dir
        self._lock = lock
        self._server = server
        server.setParent(self)
        server.newConnection.connect(self._accept)

    @property
    def holds_lock(self) -> bool:
        """False when the folder could not hold a lock file at all (a read-only folder)."""
        return self._lock is not None and self._lock.isLocked()

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    @classmethod
    def acquire(cls, data_dir: Path) -> SingleInstance | None:
        """Become the PeerDesk for ``data_dir``; None if another one, still running, is.

        A lock left by a PeerDesk that crashed (its process no longer exists on this
        computer) is removed and taken over. When no lock file can be written at all (the
        folder is read-only or cannot be created), PeerDesk runs without one rather than
        claim another copy is open: opening the data will then explain the real problem.
        """
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            return cls(data_dir, None, _listen(data_dir, take_over=False))
        lock = QLockFile(str(lock_path(data_dir)))
        # Never judge a lock stale by its age: PeerDesk stays open for days. A lock is stale
        # only when the process that wrote it is gone (QLockFile checks the recorded id).
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:
                return cls(data_dir, None, _listen(data_dir, take_over=False))
            # tryLock already takes over a lock whose process is gone. What it never takes
            # over is a lock file it cannot read (empty or half-written by a crash) or one
            # whose process is gone in a way it missed: remove those, and try once more.
            # (Removal itself fails while a live PeerDesk holds the file: on Unix it keeps
            # an flock on it, on Windows the file is open and cannot be deleted.)
            if not (_looks_abandoned(lock) and lock.removeStaleLockFile() and lock.tryLock(0)):
                return None
        return cls(data_dir, lock, _listen(data_dir, take_over=True))

    def release(self) -> None:
        """Stop answering and give up the lock (removing the lock file). Safe to repeat."""
        if self._server.isListening():
            self._server.close()
        if self._lock is not None and self._lock.isLocked():
            self._lock.unlock()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._read(s, closing=True))
            if socket.bytesAvailable():
                self._read(socket)
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                socket.deleteLater()  # it left before we listened for it leaving

    def _read(self, socket: QLocalSocket, *, closing: bool = False) -> None:
        request = bytes(socket.readAll().data())
        if RAISE_MESSAGE.strip() in request:
            self.raise_requested.emit()
        if closing:
            socket.deleteLater()


@dataclass(frozen=True)
class LockHolder:
    """Who holds a data folder's lock, as its lock file records it."""

    pid: int
    host: str

    @property
    def on_another_computer(self) -> bool:
        return bool(self.host) and self.host != QSysInfo.machineHostName()


def lock_holder(data_dir: Path) -> LockHolder | None:
    """Who ``data_dir``'s lock file names; None if there is none or it cannot be read."""
    path = lock_path(data_dir)
    if not path.is_file():
        return None
    pid, host, _app = QLockFile(str(path)).getLockInfo()
    return LockHolder(pid, host) if pid > 0 else None


def _looks_abandoned(lock: QLockFile) -> bool:
    """Whether a lock tryLock refused may be removed: unreadable, or left by a process of
    this computer that no longer exists. A lock from another computer (a data folder on a
    network drive) is never removed: whether PeerDesk still runs there cannot be known."""
    pid, host, _app = lock.getLockInfo()
    if pid <= 0:
        return True  # empty or garbled: a crash while the lock file was being written
    if host and host != QSysInfo.machineHostName():
        return False
    if os.name != "posix":
        return False  # tryLock has already asked Windows whether the process lives
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, run by someone else
    return False


def _listen(data_dir: Path, *, take_over: bool) -> QLocalServer:
    server = QLocalServer()
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    name = server_name(data_dir)
    if take_over:
        # Holding the lock means no other PeerDesk answers on this name: a socket left by
        # a crash is removed, or listening would fail with "address in use".
        QLocalServer.removeServer(name)
    server.listen(name)
    return server


def notify_running(data_dir: Path, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Ask the PeerDesk that holds ``data_dir`` to come to the front; True if it was reached."""
    if sys.platform == "win32":
        # Windows lets only the program the person just started take the foreground; pass
        # that right on, or the first PeerDesk could only flash in the taskbar.
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE_MESSAGE)
    sent = socket.waitForBytesWritten(timeout_ms) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return sent


def claim_data_folder(app: QApplication, data_dir: Path) -> SingleInstance | None:
    """Make this PeerDesk the one for ``data_dir``, or hand over to the one that already is.

    On success the instance raises the app's windows when another PeerDesk asks, and lets
    go of the folder when the app quits. Otherwise the running PeerDesk is asked to come to
    the front, the person is told so (stderr, and a message box when there is a screen),
    and None is returned: the caller exits, with code 0 (they have the window they wanted).
    """
    instance = SingleInstance.acquire(data_dir)
    if instance is None:
        holder = lock_holder(data_dir)
        if holder is not None and holder.on_another_computer:
            message = already_running_message(data_dir, other_computer=holder.host)
        else:
            reached = notify_running(data_dir)
            message = already_running_message(data_dir, brought_forward=reached)
        show_already_running(message)
        return None
    instance.raise_requested.connect(bring_app_to_front)
    app.aboutToQuit.connect(instance.release)
    return instance


def already_running_message(
    data_dir: Path, *, brought_forward: bool = True, other_computer: str | None = None
) -> str:
    """What a second PeerDesk says before it exits."""
    if other_computer:
        return (
            f"PeerDesk is already open for this data folder ({data_dir}) on another computer, "
            f"{other_computer}; close it there first (if that computer is off or PeerDesk "
            f"stopped there unexpectedly, delete {lock_path(data_dir)} and try again)."
        )
    if brought_forward:
        return (
            f"PeerDesk is already open for this data folder ({data_dir}); "
            "it has been brought to the front."
        )
    return (
        f"PeerDesk is already open for this data folder ({data_dir}); "
        "switch to its window, or close it before opening PeerDesk again."
    )


def show_already_running(message: str) -> None:
    """Say so on stderr, and in a message box when there is a screen to show it on."""
    print(f"peerdesk: {message}", file=sys.stderr)
    if QApplication.platformName() in ("offscreen", "minimal"):
        return
    box = QMessageBox(QMessageBox.Icon.Information, "PeerDesk is already open", message)
    box.exec()


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` (restoring it if minimised), raise it and give it the focus."""
    if window.isMinimized():
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
    window.show()
    window.raise_()
    window.activateWindow()


def bring_app_to_front() -> None:
    """Raise this PeerDesk's windows, with its open dialog (if any) on top."""
    windows = [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible()
        and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
    ]
    modal = QApplication.activeModalWidget()
    windows.sort(key=lambda widget: widget is modal)  # the dialog last, so it ends on top
    for window in windows:
        bring_to_front(window)
