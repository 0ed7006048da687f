"""Consistent copies of the database file, made with SQLite's online backup API, and restoring one.

Every copy is written aside (``<name>.partial``), checked with ``PRAGMA integrity_check``,
synced to the disk and only then moved into place, so a failure (a full disk, a read-only
folder, a USB stick pulled out, a cancel) never leaves a half-written file behind. Restoring
keeps the current file aside first and never writes to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peerdesk.domain.backup_rotation import before_restore_name, first_free_name
from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DatabaseOpenError
from peerdesk.store.file_check import (
    check_database_file,
    existing_sidecars,
    read_only_uri,
    remove_new_sidecars,
    sidecars,
)
from peerdesk.store.revisions import is_known

BACKUP_FOLDER_NAME = "backups"
LOCK_FILE_NAME = "peerdesk.lock"
# Pages copied per step of the backup API: progress and cancel are checked between steps.
PAGES_PER_STEP = 512
# Tables whose rows are the organisation's records, and their "last changed" columns.
_TIMESTAMP_COLUMNS = ("updated_at", "created_at", "amended_at", "changed_at")

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class BackupError(Exception):
    """A backup or restore could not be made. Nothing half-written was left behind."""


class BadBackupError(BackupError):
    """The file offered as a backup cannot be restored (damaged, not PeerDesk's, newer)."""


class BackupCancelled(BackupError):
    """The person cancelled the backup; nothing was kept."""


class CopyFailedCheck(BackupError):
    """The copy failed SQLite's integrity check: the source is damaged."""


def backup_folder(database_path: Path) -> Path:
    return database_path.parent / BACKUP_FOLDER_NAME


# -- making a copy --------------------------------------------------------------------------


def backup_database(
    database_path: Path,
    destination: Path,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
    live: bool = True,
    key: DatabaseKey | None = None,
) -> Path:
    """Copy the database to ``destination`` (written aside, verified, then moved into place).

    Raises BackupError in plain words (BackupCancelled if ``is_cancelled()`` became true);
    whatever happens, no ``.partial`` file is left behind. ``live``: see write_verified_copy
    (False opens the source strictly read-only).
    """
    partial = partial_path(destination)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        sweep_partials(destination.parent)
        write_verified_copy(
            database_path,
            partial,
            progress=progress,
            is_cancelled=is_cancelled,
            live=live,
            key=key,
        )
        os.replace(partial, destination)
        sync_folder(destination.parent)
    except BackupError:
        remove_partial(partial)
        raise
    except (OSError, sqlite_driver.Error) as exc:
        remove_partial(partial)
        raise plain_error(exc, destination) from exc
    except BaseException:
        remove_partial(partial)
        raise
    return destination


def backup_before_migration(
    database_path: Path, from_revision: str, now: dt.datetime, key: DatabaseKey | None = None
) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{database_path.stem}-before-upgrade-{from_revision}-{stamp}.db"
    return backup_database(database_path, backup_folder(database_path) / name, key=key)


def write_verified_copy(
    source_path: Path,
    partial: Path,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
    live: bool = True,
    key: DatabaseKey | None = None,
) -> None:
    """Write a consistent copy of ``source_path`` to ``partial``, checked and synced.

    With ``key`` the copy is encrypted with it: an encrypted source is copied page by page
    (the same key reads both), a plain one (an old backup, or the file being encrypted
    for the first time) is exported into the encrypted copy by SQLCipher.

    A source in WAL mode is copied with what its -wal file holds; the copy is a standalone
    file (rollback journal mode). ``live``: the source is PeerDesk's own (checked) data
    file, which the app may have open: it is read through an ordinary connection that
    changes nothing (``query_only``), so SQLite itself looks after its -wal and -shm files
    alongside the app's connections. Otherwise (a backup file being restored) it is opened
    read-only, and any empty -wal / -shm the look created are removed again. Errors are
    raised as they come (the caller removes ``partial``).
    """
    if not source_path.is_file():
        raise BackupError(f"There is no PeerDesk data at {source_path} to copy.")
    remove_partial(partial)  # a leftover from a crash
    existed = existing_sidecars(source_path)
    plain_source = key is None or sqlite_driver.is_plain_sqlite(source_path)
    source_key = None if plain_source else key
    exporting = key is not None and plain_source
    if live:
        source = sqlite_driver.connect(source_path, source_key)
        if not exporting:  # the export writes to the attached copy only
            source.execute("PRAGMA query_only=1")
    else:
        source = sqlite_driver.connect(read_only_uri(source_path), source_key, uri=True)
    try:
        if exporting:
            assert key is not None
            _export_encrypted(source, partial, key)
        target = sqlite_driver.connect(partial, key)
        try:
            if not exporting:
                _copy_pages(source, target, progress, is_cancelled)
            verdict = target.execute("PRAGMA integrity_check").fetchone()
            if verdict is None or verdict[0] != "ok":
                raise CopyFailedCheck(
                    f"The copy of {source_path.name} failed its integrity check, so it was not "
                    "kept. The data file itself may be damaged: run 'peerdesk check'."
                )
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
        if not live:
            remove_new_sidecars(source_path, existed)
    fsync_file(partial)


def _export_encrypted(source: sqlite_driver.Connection, partial: Path, key: DatabaseKey) -> None:
    """Write every table, index and trigger of the plain ``source`` into a new encrypted
    file at ``partial`` (SQLCipher's sqlcipher_export; the backup API cannot encrypt)."""
    # the key goes in as a bound parameter: ATTACH ... KEY accepts one
    source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(partial), key.literal()))
    try:
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
    finally:
        source.execute("DETACH DATABASE encrypted")


# After this many restarts (the app kept writing between steps) copy in one step instead.
MAX_RESTARTS = 3


class _KeptChanging(Exception):
    """The source changed under the step-by-step copy too often."""


def _copy_pages(
    source: sqlite_driver.Connection,
    target: sqlite_driver.Connection,
    progress: Progress | None,
    is_cancelled: IsCancelled | None,
) -> None:
    """SQLite's online backup, a few hundred pages a step (tests replace this to fail).

    A write by another connection (the app, saving) restarts the copy; if that keeps
    happening, the copy is made in one step, which holds a read transaction throughout
    (writers in WAL mode carry on regardless) and so always finishes.
    """
    last_remaining: int | None = None
    restarts = 0

    def step(_status: int, remaining: int, total: int) -> None:
        nonlocal last_remaining, restarts
        if is_cancelled is not None and is_cancelled():
            raise BackupCancelled("The backup was cancelled; no copy was kept.")
        if last_remaining is not None and remaining >= last_remaining:  # started again
            restarts += 1
            if restarts > MAX_RESTARTS:
                raise _KeptChanging
        last_remaining = remaining
        if progress is not None:
            progress(total - remaining, total)

    try:
        source.backup(target, pages=PAGES_PER_STEP, progress=step)
    except _KeptChanging:
        source.backup(target, pages=-1)
        if progress is not None:
            progress(1, 1)


def partial_path(destination: Path) -> Path:
    """Where a copy is written before it is complete: named with this process's id, so a
    later backup can tell a crashed writer's leftover from a copy still being written."""
    return destination.with_name(f"{destination.name}.{os.getpid()}.partial")


def sweep_partials(folder: Path) -> int:
    """Remove half-written copies left by a process that died (killed mid-backup, the power
    cut); a copy whose writer is still running is left alone. Returns how many went."""
    removed = 0
    try:
        leftovers = list(folder.glob("*.partial"))
    except OSError:
        return 0
    for partial in leftovers:
        writer = partial.name.rsplit(".", 2)[-2] if partial.name.count(".") >= 2 else ""
        if writer.isdigit() and _alive(int(writer)):
            continue
        remove_partial(partial)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    # (never os.kill(pid, 0) on Windows: there signal 0 is CTRL_C_EVENT)
    return pid == os.getpid() or process_alive(pid)


def remove_partial(partial: Path) -> None:
    """Remove a half-written copy and any journal SQLite kept beside it."""
    for path in (partial, *(partial.with_name(partial.name + s) for s in _SQLITE_SIDE_FILES)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows does not need it)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def plain_error(exc: BaseException, destination: Path) -> BackupError:
    """A disk problem met while writing ``destination``, in words a manager understands."""
    folder = destination.parent
    text = str(exc).casefold()
    code = exc.errno if isinstance(exc, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return BackupError(
            f"There is not enough free space in {folder} for the backup. Free some space or "
            "choose another drive; no half-written file was left there."
        )
    cannot_open = "unable to open database file" in text
    read_only = folder.is_dir() and not os.access(folder, os.W_OK)
    if (
        code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "readonly" in text
        or (cannot_open and read_only)
    ):
        return BackupError(
            f"PeerDesk cannot write to {folder}: the folder is read-only or you do not have "
            "permission. Choose another folder, or check the USB stick is not "
            "write-protected."
        )
    if code in (errno.ENOTDIR, errno.EEXIST):
        return BackupError(
            f"{folder} is not a folder PeerDesk can write a backup into. Choose another folder."
        )
    if cannot_open or code == errno.ENOENT:
        return BackupError(
            f"PeerDesk cannot create a file in {folder}: the drive may have been removed or "
            "the folder renamed. Check it, then try again."
        )
    if code == errno.EIO or "disk i/o error" in text:
        return BackupError(
            f"The disk holding {folder} reported an error while PeerDesk was writing the "
            "backup. The disk may be failing or was removed; no half-written file was kept."
        )
    return BackupError(f"The backup could not be written to {folder} ({exc}).")


# -- what a backup holds --------------------------------------------------------------------


@dataclass(frozen=True)
class BackupContents:
    """What a checked PeerDesk database holds. ``last_change`` is an aware UTC time."""

    revision: str
    people: int
    current_staff: int
    supervision_sessions: int
    last_change: dt.datetime | None


def read_backup_contents(
    path: Path, today: dt.date, key: DatabaseKey | None = None
) -> BackupContents:
    """Check ``path`` thoroughly and count what it holds, read-only: not a byte changes.

    Raises DatabaseOpenError (in plain words) for a file that is not a healthy PeerDesk
    database; a backup made by a newer PeerDesk is read, and its revision is reported.
    """
    revision = check_database_file(path, thorough=True, key=key)
    existed = existing_sidecars(path)
    file_key = None if sqlite_driver.is_plain_sqlite(path) else key
    try:
        conn = sqlite_driver.connect(read_only_uri(path), file_key, uri=True)
    except sqlite_driver.Error as exc:
        raise DatabaseOpenError(f"PeerDesk cannot open {path.name}: {exc}.") from exc
    try:
        tables = {
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }

        def count(table: str, where: str = "", **params: object) -> int:
            if table not in tables:
                return 0
            sql = f'SELECT COUNT(*) FROM "{table}" {where}'  # noqa: S608 (known names)
            return int(conn.execute(sql, params).fetchone()[0])

        people = count("staff_member")
        current = count(
            "staff_member", "WHERE end_date IS NULL OR end_date >= :today", today=today.isoformat()
        )
        sessions = count("supervision_session")
        last_change = _last_change(conn, sorted(tables))
    except sqlite_driver.DatabaseError as exc:
        raise DatabaseOpenError(
            f"{path.name} is damaged and cannot be read ({exc}). PeerDesk has not changed it."
        ) from exc
    finally:
        conn.close()
        remove_new_sidecars(path, existed)
    return BackupContents(
        revision=str(revision),
        people=people,
        current_staff=current,
        supervision_sessions=sessions,
        last_change=last_change,
    )


def _last_change(conn: sqlite_driver.Connection, tables: list[str]) -> dt.datetime | None:
    """The newest created/updated time in any table (stored as ISO 8601 UTC text)."""
    newest: dt.datetime | None = None
    for table in tables:
        if table.startswith("sqlite_") or table == "alembic_version":
            continue
        columns = {str(row[1]) for row in conn.execute(f'PRAGMA table_info("{table}")')}
        for column in _TIMESTAMP_COLUMNS:
            if column not in columns:
                continue
            sql = f'SELECT MAX("{column}") FROM "{table}"'  # noqa: S608 (names from the file)
            value = conn.execute(sql).fetchone()[0]
            moment = _parse_time(value)
            if moment is not None and (newest is None or moment > newest):
                newest = moment
    return newest


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# -- restoring ------------------------------------------------------------------------------


def restore_database(
    database_path: Path,
    backup_path: Path,
    now: dt.datetime,
    *,
    progress: Progress | None = None,
    key: DatabaseKey | None = None,
) -> Path | None:
    """Put the backup at ``backup_path`` in place of the database at ``database_path``.

    The backup is checked first (thoroughly, read-only): a damaged file, one that is not a
    PeerDesk database or one made by a newer PeerDesk raises BadBackupError and nothing
    changes. The current file is then kept aside in ``backups/`` as
    ``peerdesk-before-restore-<time>.db`` (a consistent copy made with the backup API when
    it is healthy, a byte-for-byte copy, with its -wal and -shm files, when it is damaged:
    it is only ever read). Then a checked copy of the backup replaces it in one atomic
    rename, after the old file's -wal and -shm files are removed so SQLite cannot apply
    them to the restored data. Returns the path of the copy kept aside (None when there
    was no current file). A backup with an older schema is upgraded by ``open_database``
    as usual, the next time PeerDesk opens.

    Must not be called while anything has the database open.
    """
    _check_backup(database_path, backup_path, key)
    if database_path.is_dir():
        raise BackupError(
            f"There is a folder where PeerDesk's data file should be ({database_path}). "
            "Move it out of the way, then restore."
        )
    kept: Path | None = None
    if database_path.exists():
        kept = keep_aside(database_path, now, key)
    restoring = database_path.with_name(database_path.name + ".restoring")
    try:
        database_path.parent.mkdir(parents=True, exist_ok=True)
        write_verified_copy(backup_path, restoring, progress=progress, live=False, key=key)
        _fold_in_wal(database_path, key)
        for side in sidecars(database_path):
            side.unlink(missing_ok=True)
        os.replace(restoring, database_path)
        sync_folder(database_path.parent)
    except BackupError:
        remove_partial(restoring)
        raise
    except (OSError, sqlite_driver.Error) as exc:
        remove_partial(restoring)
        raise plain_error(exc, database_path) from exc
    except BaseException:
        remove_partial(restoring)
        raise
    return kept


def _fold_in_wal(database_path: Path, key: DatabaseKey | None = None) -> None:
    """Move what a healthy file's -wal holds into the file itself before the -wal is
    removed: killed between that removal and the rename, the old data keeps its last
    commits. A damaged file is left as it is (it has been copied aside byte for byte)."""
    wal = sidecars(database_path)[0]
    if not wal.exists() or not database_path.exists():
        return
    try:
        check_database_file(database_path, thorough=False, key=key)
        plain = sqlite_driver.is_plain_sqlite(database_path)
        conn = sqlite_driver.connect(database_path, None if plain else key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except (DatabaseOpenError, sqlite_driver.Error, OSError):
        return


def _check_backup(database_path: Path, backup_path: Path, key: DatabaseKey | None) -> None:
    if not backup_path.is_file():
        raise BadBackupError(f"There is no backup file at {backup_path}.")
    if database_path.exists() and _same_file(database_path, backup_path):
        raise BadBackupError(
            f"{backup_path} is PeerDesk's own data file, not a backup of it. Choose a backup."
        )
    try:
        revision = check_database_file(backup_path, thorough=True, key=key)
    except DatabaseOpenError as exc:
        raise BadBackupError(f"This backup cannot be restored: {exc}") from exc
    if revision is None or not is_known(revision):
        raise BadBackupError(
            f"{backup_path.name} was made by a newer version of PeerDesk (schema {revision}). "
            "Install that version or newer to restore it. Nothing was changed."
        )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()


def keep_aside(database_path: Path, now: dt.datetime, key: DatabaseKey | None = None) -> Path:
    """Copy the current data file into ``backups/`` before it is replaced; return the copy.

    A healthy file is copied with the backup API (so what its -wal file holds is included);
    a damaged one byte for byte, with its -wal and -shm files beside the copy. The file
    itself is only ever read (opened read-only, or not opened by SQLite at all).
    """
    folder = backup_folder(database_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_partials(folder)
        name = first_free_name(
            lambda number: before_restore_name(now, number), lambda n: (folder / n).exists()
        )
    except OSError as exc:
        raise plain_error(exc, folder / "copy.db") from exc
    aside = folder / name
    healthy = True
    try:
        check_database_file(database_path, thorough=True, key=key)
    except DatabaseOpenError:
        healthy = False
    if healthy:
        with contextlib.suppress(CopyFailedCheck):  # damage the quick check missed
            return backup_database(database_path, aside, live=False, key=key)
    _copy_bytes(database_path, aside)
    for side in existing_sidecars(database_path):
        _copy_bytes(side, aside.with_name(aside.name + side.name[len(database_path.name) :]))
    return aside


def _copy_bytes(source: Path, destination: Path) -> None:
    partial = partial_path(destination)
    try:
        shutil.copyfile(source, partial)
        fsync_file(partial)
        os.replace(partial, destination)
        sync_folder(destination.parent)
    except OSError as exc:
        remove_partial(partial)
        if source.exists() and not os.access(source, os.R_OK):
            raise BackupError(
                f"PeerDesk cannot read {source.name} to keep a copy of it, so it did not "
                "restore. Check the file's permissions."
            ) from exc
        raise plain_error(exc, destination) from exc
    except BaseException:
        remove_partial(partial)
        raise


# -- another PeerDesk using the folder ------------------------------------------------------


def running_instance(data_dir: Path) -> int | None:
    """The process id of another PeerDesk holding ``peerdesk.lock`` in the data folder.

    The app holds the lock (a QLockFile: its first line is the process id, the third the
    computer's name) while it is open. None when there is no lock, when it is this
    process's own, or when it is left from a crash (its process is gone). A lock taken on
    another computer (a shared folder) counts as held: it cannot be checked from here.
    """
    lock = data_dir / LOCK_FILE_NAME
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    try:
        pid = int(lines[0].strip())
    except (IndexError, ValueError):
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    if host and host.casefold() != _host_name().casefold():
        return pid
    return pid if _process_alive(pid) else None


def _host_name() -> str:
    import socket

    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (Windows and POSIX)."""
    return _process_alive(pid)


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return bool(code.value == 259)  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
