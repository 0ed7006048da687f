"""One way to open a SQLite connection: SQLCipher's build of SQLite, with or without a key.

Every connection PeerDesk makes (the engine, quick looks, backups, checks) goes through
``connect``, so errors always come from one driver (``Error``, ``DatabaseError``,
``OperationalError`` below) whether or not the file is encrypted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as _sqlcipher  # type: ignore[import-untyped]

from peerdesk.store.database_key import DatabaseKey

# The driver module, for SQLAlchemy's ``module=`` (its exceptions are the ones raised).
driver: Any = _sqlcipher

if TYPE_CHECKING:  # sqlcipher3 ships no type hints; its API is the standard library's
    Connection = sqlite3.Connection
    Error = sqlite3.Error
    DatabaseError = sqlite3.DatabaseError
    OperationalError = sqlite3.OperationalError
    IntegrityError = sqlite3.IntegrityError
else:
    Connection = _sqlcipher.Connection
    Error = _sqlcipher.Error
    DatabaseError = _sqlcipher.DatabaseError
    OperationalError = _sqlcipher.OperationalError
    IntegrityError = _sqlcipher.IntegrityError


def connect(
    target: Path | str,
    key: DatabaseKey | None = None,
    *,
    uri: bool = False,
    check_same_thread: bool = True,
) -> Connection:
    """A connection to ``target``; with ``key`` the file is read and written encrypted.

    Raises KeyDropped when a key holder is given but PeerDesk is locked.
    """
    statement = key.pragma() if key is not None else None
    conn: Connection = driver.connect(str(target), uri=uri, check_same_thread=check_same_thread)
    try:
        # SQLCipher writes a line to stderr for every failed decryption; a wrong key is
        # reported to the user as an exception instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if statement is not None:
            conn.execute(statement)
    except BaseException:
        conn.close()
        raise
    return conn


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file starts like an unencrypted SQLite database."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
