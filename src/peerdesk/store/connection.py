"""Engine and sessions: SQLite in WAL mode with foreign keys on, one session per unit of work.

Connections come from SQLCipher's SQLite (store/sqlite_driver.py); given a DatabaseKey,
each new connection is keyed first, and none can be made while the key is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.storage_errors import storage_error_for


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def make_engine(url: URL | str, key: DatabaseKey | None = None) -> Engine:
    """An engine whose SQLite connections enforce foreign keys and survive power loss.

    With ``key``, the file is encrypted with it (SQLCipher); the holder is read at each new
    connection, so dropping the key (locking) and disposing the engine leaves nothing
    that can read the file until the key is loaded again.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed)
    target = parsed.database or ""
    if target in ("", ":memory:"):
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
    else:
        # Connections move between the GUI thread and background tasks (never two at once).
        engine = create_engine(
            parsed,
            module=sqlite_driver.driver,
            creator=lambda: sqlite_driver.connect(target, key, check_same_thread=False),
        )
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _plain_storage_error)
    return engine


def _plain_storage_error(context: ExceptionContext) -> None:
    """A full or read-only disk becomes a StorageError that says what to do."""
    error = storage_error_for(context.original_exception)
    if error is not None:
        raise error from context.original_exception


def _sqlite_begin(connection: Connection) -> None:
    # Python's sqlite3 only opens a transaction before INSERT/UPDATE/DELETE, so schema
    # changes would be committed at once; SQLAlchemy's recipe: begin explicitly ourselves.
    connection.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the "begin" listener starts transactions
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        # deleted and overwritten text is zeroed in the file, not left in free space
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
