"""Opening the data file: check it, back it up and upgrade it when needed, never harm it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.store import schema, sqlite_driver
from peerdesk.store.backup import backup_before_migration
from peerdesk.store.connection import make_engine, make_session_factory, sqlite_url
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DatabaseOpenError, NewerDatabaseError
from peerdesk.store.file_check import (
    check_database_file,
    check_writable,
    existing_sidecars,
    read_only_uri,
    remove_new_sidecars,
)
from peerdesk.store.location import DATABASE_FILE_NAME


@dataclass
class Database:
    """An open PeerDesk database: the engine and a factory of sessions for units of work."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    upgraded_from: str | None = None
    backup_path: Path | None = None
    encrypted_now: bool = False  # this opening encrypted a file that was not encrypted
    # backups that could not be encrypted with it (damaged): still readable, so named
    unencrypted_backups: tuple[Path, ...] = ()

    def close(self) -> None:
        self.engine.dispose()


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE_NAME


def open_database(
    path: Path, *, key: DatabaseKey | None = None, now: dt.datetime | None = None
) -> Database:
    """Open (creating or upgrading if needed) the PeerDesk database at ``path``.

    A file that is not a healthy PeerDesk database raises DatabaseOpenError and is left
    byte-for-byte as it was. Before an upgrade the file is backed up into ``backups/``.
    With ``key`` the file is encrypted: a new one is created encrypted, and one that is
    not encrypted yet is backed up (as it is), then encrypted (see store/encryption.py).
    """
    moment = now or dt.datetime.now(dt.UTC)
    if not path.exists():
        check_writable(path)
        _create(path, key)
        return _connect(path, key)
    encrypted_now = False
    left: tuple[Path, ...] = ()
    if key is not None and sqlite_driver.is_plain_sqlite(path):
        from peerdesk.store.encryption import encrypt_in_place

        left = encrypt_in_place(path, key, moment).backups_left
        encrypted_now = True
    elif key is not None:
        from peerdesk.store.backup import backup_folder
        from peerdesk.store.encryption import encrypt_backups, plain_backups_left

        if plain_backups_left(backup_folder(path)):  # the first encryption was interrupted
            left = encrypt_backups(backup_folder(path), key)[1]
    revision = check_database_file(path, key=key)
    if revision is None or not schema.is_known(revision):
        raise NewerDatabaseError(
            f"{path.name} was written by a newer version of PeerDesk (schema {revision}). "
            "Install that version or newer to open it; this file has not been changed."
        )
    check_writable(path)
    if revision == schema.HEAD:
        database = _connect(path, key)
        database.encrypted_now = encrypted_now
        database.unencrypted_backups = left
        return database
    try:
        backup = backup_before_migration(path, revision, moment, key)
    except Exception as exc:
        raise DatabaseOpenError(
            f"PeerDesk needs to upgrade {path.name} but could not back it up first ({exc}). "
            "Nothing was changed."
        ) from exc
    database = _connect(path, key)
    database.encrypted_now = encrypted_now
    database.unencrypted_backups = left
    try:
        with database.engine.begin() as connection:
            schema.upgrade(connection)
    except SQLAlchemyError as exc:
        database.close()
        raise DatabaseOpenError(
            f"Upgrading {path.name} failed ({exc.__class__.__name__}); it was left as it was "
            f"and a copy is in {backup}."
        ) from exc
    database.upgraded_from = revision
    database.backup_path = backup
    return database


def _create(path: Path, key: DatabaseKey | None = None) -> None:
    """Create a new database beside ``path`` and move it into place only once complete."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseOpenError(
            f"PeerDesk cannot create its data folder {path.parent}: {exc.strerror or exc}."
        ) from exc
    partial = path.with_name(path.name + ".creating")
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    engine = make_engine(sqlite_url(partial), key)
    try:
        with engine.begin() as connection:
            schema.upgrade(connection)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        os.replace(partial, path)
    except (OSError, SQLAlchemyError) as exc:
        engine.dispose()
        partial.unlink(missing_ok=True)
        raise DatabaseOpenError(
            f"PeerDesk could not create {path}: {exc}. Check there is space and the folder "
            "can be written to."
        ) from exc
    finally:
        for suffix in ("-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _connect(path: Path, key: DatabaseKey | None = None) -> Database:
    engine = make_engine(sqlite_url(path), key)
    return Database(path=path, engine=engine, sessions=make_session_factory(engine))


def open_read_only(path: Path, key: DatabaseKey | None = None) -> Database:
    """Open an existing, checked database without any possibility of writing to it."""
    from sqlalchemy import create_engine

    check_database_file(path, key=key)
    existed = existing_sidecars(path)
    uri = read_only_uri(path)
    file_key = None if sqlite_driver.is_plain_sqlite(path) else key
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlite_driver.driver,
        creator=lambda: sqlite_driver.connect(uri, file_key, uri=True, check_same_thread=False),
    )
    return ReadOnlyDatabase(
        path=path, engine=engine, sessions=make_session_factory(engine), sidecars=existed
    )


@dataclass
class ReadOnlyDatabase(Database):
    sidecars: set[Path] = field(default_factory=set)

    def close(self) -> None:
        self.engine.dispose()
        remove_new_sidecars(self.path, self.sidecars)
