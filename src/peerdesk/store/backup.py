"""Consistent copies of the database file, made with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from peerdesk.store.errors import DatabaseOpenError
from peerdesk.store.file_check import read_only_uri


def backup_folder(database_path: Path) -> Path:
    return database_path.parent / "backups"


def backup_database(database_path: Path, destination: Path) -> Path:
    """Copy the database to ``destination`` (written aside, verified, then moved into place)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    source = sqlite3.connect(read_only_uri(database_path), uri=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            verdict = target.execute("PRAGMA integrity_check").fetchone()
            if verdict is None or verdict[0] != "ok":
                raise DatabaseOpenError("The backup copy failed its integrity check.")
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return destination


def backup_before_migration(database_path: Path, from_revision: str, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{database_path.stem}-before-upgrade-{from_revision}-{stamp}.db"
    return backup_database(database_path, backup_folder(database_path) / name)
