"""Encrypting a data file that was written before PeerDesk encrypted its data.

The file is checked, copied as it is into ``backups/`` first, then an encrypted copy is
written beside it, checked (integrity and the number of rows in every table) and renamed
into place. The backups already in ``backups/`` (all unencrypted until now) are encrypted
in turn, each replaced only once its encrypted copy is checked, so no readable copy of
the data is left in the data folder. If anything fails, the original file is as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from peerdesk.store import sqlite_driver
from peerdesk.store.backup import (
    backup_database,
    backup_folder,
    remove_partial,
    sync_folder,
    write_verified_copy,
)
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DatabaseOpenError
from peerdesk.store.file_check import (
    check_database_file,
    check_writable,
    read_only_uri,
    sidecars,
)


@dataclass(frozen=True)
class EncryptionReport:
    backup: Path
    backups_encrypted: int
    backups_left: tuple[Path, ...]  # could not be read, so left as they were


def encrypt_in_place(path: Path, key: DatabaseKey, now: dt.datetime) -> EncryptionReport:
    """Encrypt the plain database at ``path`` with ``key``. Raises DatabaseOpenError (the
    file unchanged) when it is not a healthy PeerDesk file or cannot be written."""
    check_database_file(path, thorough=True)
    check_writable(path)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        backup = backup_database(
            path, backup_folder(path) / f"{path.stem}-before-encryption-{stamp}.db"
        )
    except Exception as exc:
        raise DatabaseOpenError(
            f"PeerDesk needs to encrypt {path.name} but could not back it up first ({exc}). "
            "Nothing was changed."
        ) from exc
    encrypting = path.with_name(path.name + ".encrypting")
    try:
        write_verified_copy(path, encrypting, key=key)
        _same_rows(path, None, encrypting, key)
        for side in sidecars(path):  # the copy above included what the -wal held
            side.unlink(missing_ok=True)
        os.replace(encrypting, path)
        sync_folder(path.parent)
    except (OSError, sqlite_driver.Error, DatabaseOpenError) as exc:
        remove_partial(encrypting)
        raise DatabaseOpenError(
            f"PeerDesk could not encrypt {path.name} ({exc}); it was left as it was, and a "
            f"copy is in {backup}."
        ) from exc
    encrypted, left = encrypt_backups(backup_folder(path), key)
    return EncryptionReport(backup=backup, backups_encrypted=encrypted, backups_left=left)


def encrypt_backups(folder: Path, key: DatabaseKey) -> tuple[int, tuple[Path, ...]]:
    """Encrypt every unencrypted backup in ``folder``; (how many, those left as they were)."""
    done = 0
    left: list[Path] = []
    if not folder.is_dir():
        return 0, ()
    finish_interrupted(folder)
    for plain in sorted(folder.glob("*.db")):
        if not sqlite_driver.is_plain_sqlite(plain):
            continue
        encrypting = plain.with_name(plain.name + ".encrypting")
        shredding = plain.with_name(plain.name + SHREDDING)
        try:
            check_database_file(plain, thorough=True)
            write_verified_copy(plain, encrypting, live=False, key=key)
            _same_rows(plain, None, encrypting, key)
            # the plain copy steps aside (a rename: killed here, the next opening finishes
            # the job), the encrypted one takes its name, then the plain bytes are zeroed
            os.replace(plain, shredding)
            os.replace(encrypting, plain)
            sync_folder(folder)
            _shred(shredding)
            done += 1
        except (OSError, sqlite_driver.Error, DatabaseOpenError):
            remove_partial(encrypting)
            if shredding.exists() and not plain.exists():
                os.replace(shredding, plain)
            left.append(plain)
    sync_folder(folder)
    return done, tuple(left)


SHREDDING = ".shredding"


def plain_backups_left(folder: Path) -> bool:
    """Whether ``backups/`` holds anything an interrupted encryption left readable."""
    if not folder.is_dir():
        return False
    return any(folder.glob(f"*{SHREDDING}")) or any(
        sqlite_driver.is_plain_sqlite(p) for p in folder.glob("*.db")
    )


def finish_interrupted(folder: Path) -> None:
    """After a kill part-way through encrypting backups: a plain copy that had stepped
    aside is zeroed and removed once its encrypted copy is in place (or put back, when it
    is not), and half-written encrypted copies are removed."""
    for shredding in folder.glob(f"*{SHREDDING}"):
        original = shredding.with_name(shredding.name[: -len(SHREDDING)])
        if original.exists() and not sqlite_driver.is_plain_sqlite(original):
            _shred(shredding)
        elif not original.exists():
            os.replace(shredding, original)
        else:
            _shred(shredding)
    for leftover in folder.glob("*.encrypting*"):
        leftover.unlink(missing_ok=True)


def _shred(path: Path) -> None:
    _overwrite(path)
    path.unlink()


def _overwrite(path: Path) -> None:
    """Write zeros over a file's bytes before it is replaced (best effort: a journaling
    file system or an SSD may keep old blocks; whole-disk encryption covers those)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())


def _same_rows(
    first: Path, first_key: DatabaseKey | None, second: Path, second_key: DatabaseKey | None
) -> None:
    counts = [_row_counts(first, first_key), _row_counts(second, second_key)]
    if counts[0] != counts[1]:
        raise DatabaseOpenError(f"the encrypted copy of {first.name} did not hold every row")


def _row_counts(path: Path, key: DatabaseKey | None) -> dict[str, int]:
    conn = sqlite_driver.connect(read_only_uri(path), key, uri=True)
    try:
        tables = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in tables
        }
    finally:
        conn.close()
