"""Engine and sessions: SQLite in WAL mode with foreign keys on, one session per unit of work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.store.storage_errors import storage_error_for


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def make_engine(url: URL | str) -> Engine:
    """An engine whose SQLite connections enforce foreign keys and survive power loss."""
    is_sqlite = str(url).startswith("sqlite")
    # Connections move between the GUI thread and background tasks (never two at once).
    connect_args = {"check_same_thread": False} if is_sqlite else {}
    engine = create_engine(url, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
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
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
