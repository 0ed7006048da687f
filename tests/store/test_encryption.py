"""Encryption at rest: the data file, its WAL and its backups hold nothing readable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from peerdesk.store import sqlite_driver
from peerdesk.store.backup import backup_database, read_backup_contents, restore_database
from peerdesk.store.database import open_database, open_read_only
from peerdesk.store.database_key import DatabaseKey, KeyDropped
from peerdesk.store.errors import DamagedDatabaseError
from peerdesk.store.file_check import check_database_file

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
NAME = "Zoë Łukasiewicz-Marchetti"
NOTE = "Spoke about the court date and feeling shaky"


def _add_person(sessions: object, name: str = NAME, note: str = NOTE) -> None:
    with sessions.begin() as session:  # type: ignore[attr-defined]
        session.execute(
            text(
                "INSERT INTO staff_member (full_name, preferred_name, pronouns, job_title, "
                "role_category, employment_type, start_date, leaving_reason, lived_experience, "
                "counted_in_aggregates, former_service_user, reasonable_adjustments, "
                "wellbeing_notes, sort_name, job_title_key, search_text, created_at, updated_at) "
                "VALUES (:n, '', '', 'Peer worker', 'peer_worker', 'permanent', '2025-01-06', '',"
                " 'prefer_not_to_say', 0, 0, '', :w, :n, '', :n, :t, :t)"
            ),
            {"n": name, "w": note, "t": NOW.isoformat()},
        )


def _scan(*paths: Path) -> list[str]:
    found = []
    for path in paths:
        if not path.exists():
            continue
        raw = path.read_bytes()
        for needle in (NAME, NOTE, "Peer worker", "staff_member", "SQLite format 3"):
            if needle.encode("utf-8") in raw:
                found.append(f"{path.name}: {needle}")
    return found


def test_a_new_encrypted_database_keeps_no_readable_byte(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    database = open_database(path, key=key)
    try:
        _add_person(database.sessions)
        wal = path.with_name("peerdesk.db-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the change is in the WAL still
        assert _scan(path, wal) == []
        backup = backup_database(path, tmp_path / "backups" / "b.db", key=key)
        assert _scan(backup) == []
    finally:
        database.close()
    assert _scan(path, path.with_name("peerdesk.db-wal")) == []
    # plain SQLite sees nothing it can read
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM staff_member").fetchall()


def test_the_backup_opens_with_the_same_key_and_holds_the_data(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    database = open_database(path, key=key)
    _add_person(database.sessions)
    backup = backup_database(path, tmp_path / "backups" / "b.db", key=key)
    database.close()
    contents = read_backup_contents(backup, dt.date(2026, 6, 15), key=key)
    assert contents.people == 1
    with pytest.raises(DamagedDatabaseError):
        read_backup_contents(backup, dt.date(2026, 6, 15), key=DatabaseKey.generate())


def test_a_wrong_key_is_refused_without_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    open_database(path, key=DatabaseKey.generate()).close()
    before = path.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="cannot be read with this key"):
        open_database(path, key=DatabaseKey.generate())
    assert path.read_bytes() == before


def test_a_locked_engine_cannot_connect_until_the_key_is_back(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    raw = key.raw()
    database = open_database(path, key=key)
    _add_person(database.sessions)
    database.engine.dispose()
    key.drop()
    with pytest.raises(KeyDropped), database.sessions() as session:
        session.execute(text("SELECT COUNT(*) FROM staff_member")).scalar()
    key.load(raw)
    with database.sessions() as session:
        assert session.execute(text("SELECT COUNT(*) FROM staff_member")).scalar() == 1
    database.close()


def test_an_unencrypted_database_is_backed_up_then_encrypted_with_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "peerdesk.db"
    plain = open_database(path)
    _add_person(plain.sessions)
    with plain.sessions.begin() as session:
        session.execute(
            text(
                "INSERT INTO audit_event (at, actor_name, actor_role, action, subject, details, "
                "previous_hash, entry_hash) VALUES (:t, 'A', 'administrator', 'x', '', '{}', '',"
                " 'h1')"
            ),
            {"t": NOW.isoformat()},
        )
    plain.close()
    old_backup = backup_database(path, tmp_path / "backups" / "peerdesk-daily-2026-06-14.db")
    assert _scan(old_backup) != []  # made before encryption: readable

    key = DatabaseKey.generate()
    database = open_database(path, key=key, now=NOW)
    try:
        assert database.encrypted_now
        with database.sessions() as session:
            assert session.execute(text("SELECT full_name FROM staff_member")).scalar() == NAME
            # the append-only triggers came across too
            with pytest.raises(Exception, match="cannot be changed"):
                session.execute(text("DELETE FROM audit_event"))
    finally:
        database.close()
    assert not sqlite_driver.is_plain_sqlite(path)
    backups = sorted((tmp_path / "backups").glob("*.db"))
    assert any("before-encryption" in b.name for b in backups)
    for backup in backups:  # every backup, old and new, is encrypted and still readable
        assert _scan(backup) == []
        assert check_database_file(backup, key=key) is not None
    assert _scan(path, path.with_name("peerdesk.db-wal")) == []


def test_a_damaged_unencrypted_file_is_not_encrypted_or_changed(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[3000:5000] = b"\xff" * 2000
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError):
        open_database(path, key=DatabaseKey.generate())
    assert path.read_bytes() == bytes(data)
    assert not path.with_name("peerdesk.db.encrypting").exists()


def test_restoring_an_old_unencrypted_backup_encrypts_it(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    plain_backup = tmp_path / "elsewhere" / "old.db"
    plain_backup.parent.mkdir()
    plain = open_database(plain_backup)
    _add_person(plain.sessions)
    plain.close()
    key = DatabaseKey.generate()
    open_database(path, key=key).close()
    restore_database(path, plain_backup, NOW, key=key)
    assert _scan(path) == []
    database = open_read_only(path, key=key)
    with database.sessions() as session:
        assert session.execute(text("SELECT full_name FROM staff_member")).scalar() == NAME
    database.close()


def test_backups_left_plain_by_an_interrupted_first_encryption_are_encrypted_next_time(
    tmp_path: Path,
) -> None:
    from peerdesk.store.backup import backup_folder
    from peerdesk.store.encryption import SHREDDING

    path = tmp_path / "peerdesk.db"
    plain = open_database(path)
    _add_person(plain.sessions)
    plain.close()
    left_plain = backup_database(path, tmp_path / "backups" / "peerdesk-daily-2026-06-13.db")
    stepped_aside = backup_database(path, tmp_path / "backups" / "peerdesk-daily-2026-06-14.db")
    key = DatabaseKey.generate()
    # as if killed part-way: the data file encrypted, one backup still plain, another
    # encrypted with its plain copy stepped aside but not yet zeroed
    from peerdesk.store.backup import write_verified_copy

    write_verified_copy(path, path.with_name("enc.tmp"), key=key)
    path.with_name("enc.tmp").replace(path)
    encrypted_copy = tmp_path / "encrypted.tmp"
    write_verified_copy(stepped_aside, encrypted_copy, live=False, key=key)
    stepped_aside.replace(stepped_aside.with_name(stepped_aside.name + SHREDDING))
    encrypted_copy.replace(stepped_aside)
    (backup_folder(path) / "peerdesk-daily-2026-06-15.db.encrypting").write_bytes(b"half")

    open_database(path, key=key).close()

    names = sorted(p.name for p in backup_folder(path).iterdir())
    assert names == [left_plain.name, stepped_aside.name]
    for backup in (left_plain, stepped_aside):
        assert _scan(backup) == []
        assert check_database_file(backup, key=key) is not None
