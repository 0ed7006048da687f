"""open_database: creates a missing file safely, refuses bad ones without touching them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from peerdesk.store import schema
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import open_database
from peerdesk.store.errors import DatabaseOpenError, NewerDatabaseError
from tests.store import test_file_check
from tests.store.test_file_check import (
    BAD_FILES,
    BAD_NAME,
    DB_NAME,
    assert_plain_words,
    build_bad,
    listing,
    sha256,
)

# the same fixture: a PeerDesk database with 300 people, for the truncated and corrupt files
big_database = test_file_check.big_database

ALL_BAD = [*BAD_FILES, "future version"]


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


# -- bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_BAD)
def test_bad_file_is_refused_in_plain_words_and_left_unchanged(
    kind: str, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    path = build_bad(kind, tmp_path, template_database, big_database)
    before = sha256(path)

    with pytest.raises(DatabaseOpenError) as exc:
        open_database(path)

    message = str(exc.value)
    assert_plain_words(message)
    if kind in BAD_FILES:
        assert BAD_FILES[kind][1] in message
    assert sha256(path) == before
    assert not (tmp_path / "backups").exists()
    assert not list(tmp_path.glob("*.creating*"))


@pytest.mark.parametrize(
    "kind",
    ALL_BAD,
)
def test_bad_file_leaves_nothing_new_beside_it(
    kind: str, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    build_bad(kind, tmp_path, template_database, big_database)
    before = listing(tmp_path)
    with pytest.raises(DatabaseOpenError):
        open_database(tmp_path / BAD_NAME)
    assert listing(tmp_path) == before


def test_newer_database_is_refused_with_newer_version_message(
    tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    path = build_bad("future version", tmp_path, template_database, big_database)
    before = sha256(path)
    with pytest.raises(NewerDatabaseError) as exc:
        open_database(path)
    message = str(exc.value)
    assert "newer version of PeerDesk" in message
    assert "9999_future" in message
    assert "has not been changed" in message
    assert sha256(path) == before
    assert revision_of(path) == "9999_future"


def test_existing_wal_and_shm_files_are_kept_when_refusing(
    tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    path = build_bad("random bytes", tmp_path, template_database, big_database)
    (tmp_path / (BAD_NAME + "-wal")).write_bytes(b"wal")
    (tmp_path / (BAD_NAME + "-shm")).write_bytes(b"shm")
    before = {name: sha256(tmp_path / name) for name in listing(tmp_path)}
    with pytest.raises(DatabaseOpenError):
        open_database(path)
    assert {name: sha256(tmp_path / name) for name in listing(tmp_path)} == before


# -- a missing file is created ------------------------------------------------------------


def test_missing_file_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    database = open_database(path)
    try:
        assert database.path == path
        assert database.upgraded_from is None
        assert database.backup_path is None
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == schema.HEAD
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
    finally:
        database.close()
    assert path.exists()
    assert listing(tmp_path) == {DB_NAME}


def test_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / DB_NAME
    open_database(path).close()
    assert revision_of(path) == schema.HEAD


def test_leftover_creating_file_from_a_crash_is_cleaned_up(tmp_path: Path) -> None:
    (tmp_path / "peerdesk.db.creating").write_bytes(b"half-written junk from a crash")
    (tmp_path / "peerdesk.db.creating-wal").write_bytes(b"junk")
    (tmp_path / "peerdesk.db.creating-shm").write_bytes(b"junk")

    open_database(tmp_path / DB_NAME).close()

    assert listing(tmp_path) == {DB_NAME}
    assert revision_of(tmp_path / DB_NAME) == schema.HEAD
    conn = sqlite3.connect(tmp_path / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_created_database_is_usable_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    open_database(path).close()
    database = open_database(path)
    try:
        assert database.upgraded_from is None
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO team (name, name_key, created_at) VALUES ('A','a','x')"))
            assert conn.scalar(text("SELECT count(*) FROM team")) == 1
    finally:
        database.close()


# -- a good file --------------------------------------------------------------------------


def test_database_at_head_opens_without_a_backup(data_dir: Path) -> None:
    path = data_dir / DB_NAME
    database = open_database(path)
    try:
        assert database.upgraded_from is None
        assert database.backup_path is None
    finally:
        database.close()
    assert not (data_dir / "backups").exists()
    assert not list(data_dir.glob("*before-upgrade*"))


def test_opening_and_closing_a_database_leaves_only_the_file(data_dir: Path) -> None:
    database = open_database(data_dir / DB_NAME)
    with database.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM staff_member")) == 0
    database.close()
    assert listing(data_dir) == {DB_NAME}


# -- a failed upgrade ---------------------------------------------------------------------


def _schema_objects(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name FROM sqlite_master").fetchall())
    finally:
        conn.close()


def test_failed_upgrade_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / DB_NAME
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
    engine.dispose()
    objects_before = _schema_objects(path)

    real_upgrade = schema.upgrade

    def upgrade_then_fail(connection, revision="head"):  # type: ignore[no-untyped-def]
        real_upgrade(connection, revision)
        raise OperationalError("a later step", {}, Exception("disk I/O error"))

    monkeypatch.setattr(schema, "upgrade", upgrade_then_fail)
    with pytest.raises(DatabaseOpenError) as exc:
        open_database(path)
    assert "left it as it was" in str(exc.value) or "left as it was" in str(exc.value)
    monkeypatch.setattr(schema, "upgrade", real_upgrade)

    assert revision_of(path) == schema.REVISIONS[0]
    assert _schema_objects(path) == objects_before  # no half-applied migration
    database = open_database(path)  # and a later attempt succeeds
    try:
        assert database.upgraded_from == schema.REVISIONS[0]
    finally:
        database.close()


def test_failed_upgrade_message_is_plain_and_names_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / DB_NAME
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
    engine.dispose()

    def fail(connection, revision="head"):  # type: ignore[no-untyped-def]
        raise OperationalError("upgrade", {}, Exception("disk I/O error"))

    monkeypatch.setattr(schema, "upgrade", fail)
    with pytest.raises(DatabaseOpenError) as exc:
        open_database(path)
    message = str(exc.value)
    assert_plain_words(message, DB_NAME)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    assert str(backups[0]) in message
    assert revision_of(backups[0]) == schema.REVISIONS[0]
    assert revision_of(path) == schema.REVISIONS[0]


def test_backup_failure_stops_the_upgrade_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / DB_NAME
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
    engine.dispose()
    before = sha256(path)
    (tmp_path / "backups").write_text("a file where the backups folder should be")

    with pytest.raises(DatabaseOpenError) as exc:
        open_database(path)
    message = str(exc.value)
    assert "could not back it up" in message
    assert "Nothing was changed" in message
    assert DB_NAME in message
    assert sha256(path) == before
    assert revision_of(path) == schema.REVISIONS[0]


def test_template_copy_is_independent(data_dir: Path, template_database: Path) -> None:
    # guard for the fixtures the whole suite relies on
    assert sha256(data_dir / DB_NAME) == sha256(template_database)
    shutil.copyfile(template_database, data_dir / "copy.db")
    assert revision_of(data_dir / "copy.db") == schema.HEAD
