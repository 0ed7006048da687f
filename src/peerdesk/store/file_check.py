"""Look at a data file before opening it for writing, without changing a byte of it."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from peerdesk.store.errors import DatabaseOpenError

SQLITE_MAGIC = b"SQLite format 3\x00"
PEERDESK_TABLES = frozenset({"alembic_version", "organisation", "staff_member"})


def read_only_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


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


def check_database_file(path: Path, *, thorough: bool = True) -> str | None:
    """Check an existing file is a healthy PeerDesk database; return its schema revision.

    Raises DatabaseOpenError, in plain words, for anything else. Opens the file read-only.
    ``thorough=False`` skips SQLite's quick_check, which reads the whole file (about 50 ms
    for a few years of a large organisation's records, seconds from a cold disk); start-up
    uses it to show the window, and the full check follows before anything is written.
    """
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseOpenError(
            f"PeerDesk cannot read {name}: {exc.strerror or exc}. Check the file's permissions."
        ) from exc
    if size == 0:
        raise DatabaseOpenError(
            f"{name} is empty (0 bytes), so it holds no PeerDesk data. "
            "It may have been copied half-way; restore it from a backup."
        )
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise DatabaseOpenError(
            f"{name} is not a PeerDesk database: it is not a database file at all. "
            "It may be damaged or encrypted; restore it from a backup."
        )
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_count and valid_for == change_counter and size < page_count * page_size:
        raise DatabaseOpenError(
            f"{name} is cut short ({size:,} of {page_count * page_size:,} bytes): "
            "it looks truncated, perhaps by an interrupted copy. Restore it from a backup."
        )
    existed = existing_sidecars(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"PeerDesk cannot open {name}: {exc}.") from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables >= PEERDESK_TABLES:
            raise DatabaseOpenError(
                f"{name} is a database, but not a PeerDesk one (it may belong to another "
                "program). PeerDesk has left it as it was."
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")] if thorough else ["ok"]
        if problems != ["ok"]:
            raise DatabaseOpenError(
                f"{name} is damaged ({problems[0]}). PeerDesk has not changed it; "
                "restore it from a backup."
            )
        revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(
            f"{name} is damaged and cannot be read ({exc}). PeerDesk has not changed it; "
            "restore it from a backup."
        ) from exc
    finally:
        conn.close()
        remove_new_sidecars(path, existed)
    if len(revisions) != 1:
        raise DatabaseOpenError(
            f"{name} does not record which version of PeerDesk wrote it; it may be damaged."
        )
    return str(revisions[0])
