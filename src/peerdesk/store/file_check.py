"""Look at a data file before opening it for writing, without changing a byte of it.

Every refusal is a DatabaseOpenError whose message is one plain sentence: what is wrong
with the file (named), that PeerDesk has left it alone, and what to do next.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DamagedDatabaseError, DatabaseOpenError, ReadOnlyDatabaseError

SQLITE_MAGIC = b"SQLite format 3\x00"
PEERDESK_TABLES = frozenset({"alembic_version", "organisation", "staff_member"})
RESTORE = "restore it from a backup"


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only with sqlite3 (``uri=True``).

    To read a WAL-mode file SQLite needs its -shm file beside it, and creates it if it is
    missing; in a folder it cannot write to (a write-protected USB stick, a CD, a shared
    folder with read access only) that fails with "attempt to write a readonly database".
    There, and only when no -wal file holds changes still to be read, SQLite is told the
    file is immutable, so it reads it without a -shm (nothing can change it meanwhile).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    wal, _shm = sidecars(path)
    if is_read_only(path.parent) and not wal.exists():
        uri += "&immutable=1"
    return uri


def sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def existing_sidecars(path: Path) -> set[Path]:
    return {side for side in sidecars(path) if side.exists()}


def remove_new_sidecars(path: Path, existed_before: set[Path]) -> None:
    """Remove the -wal / -shm files a read-only look created, if they hold nothing.

    SQLite creates them when it opens a WAL-mode file, and a read-only connection cannot
    remove them again; a check must not leave anything behind in the user's folder.
    """
    wal, shm = sidecars(path)
    if wal in existed_before or shm in existed_before:
        return
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return
        wal.unlink(missing_ok=True)
        shm.unlink(missing_ok=True)
    except OSError:
        pass


def is_read_only(path: Path) -> bool:
    """Whether ``path`` (a file or a folder) must be treated as read-only.

    ``os.access`` answers for the user running PeerDesk, but for root it says "writable"
    for every file, whatever its permissions. So the owner's write permission bit is
    checked as well: a file someone deliberately made read-only (``chmod a-w``, or
    "Read-only" in its Properties on Windows) is left alone even when PeerDesk runs as
    root. Windows folders are the exception: there the read-only attribute on a folder
    does not stop writing into it (Explorer uses it to mark customised folders), so for
    folders only ``os.access`` is asked.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if not os.access(path, os.W_OK):
        return True
    if stat.S_ISDIR(mode) and os.name == "nt":
        return False
    return not mode & stat.S_IWUSR


def check_writable(path: Path) -> None:
    """Refuse, before anything is written, a data file that PeerDesk cannot write to.

    Checks the file (when it exists) and the folder that holds it, which must be a folder
    (SQLite writes its journal and PeerDesk its backups beside the file). A missing file
    whose name is a shortcut (symbolic link) to somewhere that is not there, such as a USB
    stick that is not plugged in, is refused too, rather than replaced by a new, empty
    database. Raises ReadOnlyDatabaseError for a read-only file or folder (the file can
    still be read and checked with open_read_only), DatabaseOpenError for the rest.
    """
    name = path.name
    if not path.exists() and path.is_symlink():
        raise DatabaseOpenError(
            f"{name} is a shortcut to {os.readlink(path)}, which cannot be found (a USB stick "
            "or network drive may not be connected); connect it, then open PeerDesk again."
        )
    if path.exists() and is_read_only(path):
        raise ReadOnlyDatabaseError(
            f"PeerDesk cannot write to {name}: the file is read-only; PeerDesk has left it as "
            "it was, so make it writable (or ask whoever manages this computer to), then "
            "open PeerDesk again."
        )
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise DatabaseOpenError(
            f"The data folder {folder} is a file, not a folder, so PeerDesk cannot keep "
            f"{name} in it; choose the folder that should hold {name} instead (PeerDesk has "
            "not touched the file)."
        )
    if folder.is_dir() and is_read_only(folder):
        raise ReadOnlyDatabaseError(
            f"PeerDesk cannot write to the folder that holds {name} ({folder}): the folder is "
            "read-only, so make it writable or choose another data folder, then open "
            "PeerDesk again."
        )


def _refuse_unreadable(path: Path) -> tuple[int, bytes]:
    """The file's size and first 100 bytes, or a plain refusal if it cannot be read."""
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise DatabaseOpenError(
            f"{name} cannot be found in {path.parent}; it may have been moved or renamed."
        ) from exc
    except OSError as exc:
        raise DatabaseOpenError(
            f"PeerDesk cannot read {name} ({exc.strerror or exc}); check that the drive it is "
            "on is connected and working."
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseOpenError(
            f"{name} is a folder, but PeerDesk keeps its data in a file of that name; "
            "PeerDesk has not touched the folder, so rename or move it, then open PeerDesk "
            "again."
        )
    if not stat.S_ISREG(info.st_mode):
        # a pipe or a device: reading it could wait for ever or never end
        raise DatabaseOpenError(
            f"{name} is not an ordinary file (it may be a device or a pipe), so it cannot "
            "hold PeerDesk data; remove or rename it, then open PeerDesk again."
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise DatabaseOpenError(
            f"PeerDesk is not allowed to read {name}; ask whoever manages this computer to "
            "give you access to it."
        ) from exc
    except OSError as exc:
        raise DatabaseOpenError(
            f"PeerDesk cannot read {name} ({exc.strerror or exc}); check that the drive it is "
            "on is connected and working."
        ) from exc
    return info.st_size, header


def check_database_file(
    path: Path, *, thorough: bool = True, key: DatabaseKey | None = None, shape_only: bool = False
) -> str | None:
    """Check an existing file is a healthy PeerDesk database; return its schema revision.

    Raises DatabaseOpenError, in plain words, for anything else (DamagedDatabaseError when
    restoring a backup is the answer). Opens the file read-only and leaves nothing beside
    it. ``thorough=False`` skips SQLite's quick_check, which reads the whole file (about
    50 ms for a few years of a large organisation's records, seconds from a cold disk);
    start-up uses it to show the window, and the full check follows before anything is
    written. Whether the file can be written to is a separate question: check_writable.
    With ``key`` the file is read as an encrypted one (a plain file is read as it is).
    ``shape_only``: only what can be told without opening it (its kind, size and header);
    returns None.
    """
    name = path.name
    size, header = _refuse_unreadable(path)
    if size == 0:
        raise DamagedDatabaseError(
            f"{name} is empty (0 bytes), so it holds no PeerDesk data; it may have been "
            f"copied half-way, so {RESTORE}."
        )
    encrypted = key is not None and not header.startswith(SQLITE_MAGIC)
    if encrypted:
        if size < 512 or size % 512:
            raise DamagedDatabaseError(
                f"{name} is not a PeerDesk database: it is not a database file at all (it may "
                f"be damaged, or cut short by an interrupted copy), so {RESTORE}."
            )
    elif not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise DamagedDatabaseError(
            f"{name} is not a PeerDesk database: it is not a database file at all (it may be "
            f"damaged or encrypted), so {RESTORE}."
        )
    if not encrypted:
        _refuse_cut_short(name, size, header)
    if shape_only:
        return None
    existed = existing_sidecars(path)
    try:
        conn = sqlite_driver.connect(read_only_uri(path), key if encrypted else None, uri=True)
    except sqlite_driver.Error as exc:
        raise DatabaseOpenError(
            f"PeerDesk cannot open {name}; check that the drive it is on is connected and "
            "that you are allowed to read the file."
        ) from exc
    try:
        return _revision_of(conn, name, thorough=thorough, encrypted=encrypted)
    finally:
        conn.close()
        remove_new_sidecars(path, existed)


def _refuse_cut_short(name: str, size: int, header: bytes) -> None:
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_count and valid_for == change_counter and size < page_count * page_size:
        raise DamagedDatabaseError(
            f"{name} is cut short ({size:,} of {page_count * page_size:,} bytes), perhaps "
            f"by an interrupted copy, so {RESTORE}."
        )


def _revision_of(
    conn: sqlite_driver.Connection, name: str, *, thorough: bool, encrypted: bool
) -> str:
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables >= PEERDESK_TABLES:
            raise DatabaseOpenError(
                f"{name} is a database, but not a PeerDesk one (it may belong to another "
                "program); PeerDesk has not changed it, so move it out of the data folder "
                "and restore PeerDesk's own file from a backup."
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")] if thorough else ["ok"]
        if problems != ["ok"]:
            # SQLite's own words ("Page 307: btreeInitPage() returns error code 11", a line
            # per page) mean nothing to the reader; the backups/support route is the same.
            raise DamagedDatabaseError(
                f"{name} is damaged (its built-in consistency check found problems inside "
                f"it); PeerDesk has not changed it, so {RESTORE}."
            )
        revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite_driver.OperationalError as exc:
        raise _not_readable_now(name, exc) from exc
    except sqlite_driver.DatabaseError as exc:
        if encrypted:
            raise DamagedDatabaseError(
                f"{name} cannot be read with this key file's key: it is damaged, or it was "
                "encrypted by another PeerDesk installation; PeerDesk has not changed it, so "
                f"{RESTORE}, or unlock it with its own recovery key."
            ) from exc
        raise DamagedDatabaseError(
            f"{name} is damaged and cannot be read; PeerDesk has not changed it, so {RESTORE}."
        ) from exc
    if len(revisions) != 1:
        raise DamagedDatabaseError(
            f"{name} does not record which version of PeerDesk wrote it, so it may be "
            f"damaged; {RESTORE}."
        )
    return str(revisions[0])


def _not_readable_now(name: str, exc: sqlite_driver.Error) -> DatabaseOpenError:
    """A file SQLite could not read at this moment: not (necessarily) a damaged one."""
    text = str(exc).casefold()
    if "readonly" in text or "read-only" in text:
        return DatabaseOpenError(
            f"PeerDesk cannot read {name} where it is, because its folder is read-only and "
            "changes from the last session are still beside it; copy the folder somewhere "
            "you can write to, then open it there."
        )
    if "locked" in text or "busy" in text:
        return DatabaseOpenError(
            f"Another program is holding {name} (perhaps a backup or sync tool), so PeerDesk "
            "could not read it; wait a moment, then open PeerDesk again."
        )
    if "unable to open" in text or "disk i/o" in text:
        return DatabaseOpenError(
            f"PeerDesk cannot read {name}; check that the drive it is on is connected and "
            "working, then open PeerDesk again."
        )
    return DamagedDatabaseError(
        f"{name} is damaged and cannot be read; PeerDesk has not changed it, so {RESTORE}."
    )
