"""Erasure reaches the disk: after erasing a leaver, none of their words is left in the
database file or its WAL (plain SQLite here, so the bytes can be read), the WAL is empty,
and the audit trail records kinds and counts, never the words. And erasure works on an
encrypted database too."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from peerdesk.domain.retention import Keepable, RecordKind
from peerdesk.domain.text import fold
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.retention_service import ERASED_ACTION
from peerdesk.store.database import Database, open_database
from peerdesk.store.database_key import DatabaseKey
from tests.conftest import TODAY
from tests.services.test_retention_service import WORDS, build


def _needles() -> list[str]:
    words = WORDS.all()
    parts = ["Zephyrine", "Quillfeather", "Zephy Quillo"]
    return sorted({*words, *parts, *(fold(w) for w in words + parts)})


def _files(path: Path) -> list[Path]:
    wal = path.with_name(path.name + "-wal")
    return [p for p in (path, wal) if p.exists()]


def _raw(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in _files(path))


def _found(raw: bytes, needles: list[str]) -> list[str]:
    found = []
    for needle in needles:
        for encoding in ("utf-8", "utf-16-le"):
            if needle.encode(encoding) in raw:
                found.append(f"{needle} ({encoding})")
    return found


def _forget_the_name(services: Services, admin: Actor) -> None:
    periods = services.retention.settings(admin).periods
    services.retention.save_settings(admin, periods, frozenset({Keepable.EMPLOYMENT_DATES}))


def test_erased_words_are_gone_from_the_file_and_its_wal(
    services: Services, admin: Actor, database: Database
) -> None:
    people = build(services, admin)
    _forget_the_name(services, admin)
    # reading the records as a user would (views are audited too)
    services.wellness.get(admin, people.leaver)
    services.staff.get(admin, people.leaver)
    needles = _needles()
    before = _raw(database.path)
    missing = [n for n in WORDS.all() if n.encode("utf-8") not in before]
    assert missing == []  # the control: the scan finds the words while they are there

    result = services.retention.erase_person(admin, people.leaver)

    assert result.journal_emptied
    assert _found(_raw(database.path), needles) == []
    # what the organisation kept is still there, and the rest of the data is intact
    assert services.staff.get(admin, people.current).details.full_name == "Cora Current"
    assert services.audit.verify(admin).ok


def test_one_erased_record_is_gone_from_the_raw_bytes_and_the_rest_stays(
    services: Services, admin: Actor, database: Database
) -> None:
    people = build(services, admin)
    (absence,) = services.retention.records(admin, people.leaver, RecordKind.ABSENCES)
    assert WORDS.absence.encode("utf-8") in _raw(database.path)  # the control

    services.retention.erase_record(admin, people.leaver, absence)

    raw = _raw(database.path)
    assert _found(raw, [WORDS.absence]) == []
    # only that record went: the words of the person's other records are still there
    for kept in (WORDS.session, WORDS.plan, WORDS.training, WORDS.relationship):
        assert kept.encode("utf-8") in raw


def test_the_wal_is_empty_after_an_erasure(
    services: Services, admin: Actor, database: Database
) -> None:
    people = build(services, admin)
    wal = database.path.with_name("peerdesk.db-wal")
    assert wal.exists() and wal.stat().st_size > 0
    services.retention.erase_records(admin, people.leaver, RecordKind.WELLBEING)
    assert wal.stat().st_size == 0


def test_the_audit_entry_names_kinds_and_counts_not_the_person(
    services: Services, admin: Actor, database: Database
) -> None:
    people = build(services, admin)
    _forget_the_name(services, admin)
    services.retention.erase_person(admin, people.leaver)
    (entry,) = services.audit.entries(admin, action=ERASED_ACTION)
    assert entry.details["counts"] == {
        "supervision": 3,
        "wellbeing": 3,
        "training": 1,
        "absences": 1,
        "relationships": 1,
        "apprenticeship": 3,
        "personal_details": 1,
    }
    conn = sqlite3.connect(database.path)
    try:
        trail = json.dumps(conn.execute("SELECT * FROM audit_event").fetchall())
    finally:
        conn.close()
    for needle in _needles():
        assert needle not in trail


def test_erasure_works_on_an_encrypted_database(tmp_path: Path, admin: Actor) -> None:
    path = tmp_path / "peerdesk.db"
    database = open_database(path, key=DatabaseKey.generate())
    try:
        services = make_services(database.sessions, today=lambda: TODAY)
        people = build(services, admin)
        result = services.retention.erase_person(admin, people.leaver)
        assert result.journal_emptied and result.counts["supervision"] == 3
        assert path.with_name("peerdesk.db-wal").stat().st_size == 0
        assert services.retention.queue(admin) == []
        details = services.staff.get(admin, people.leaver).details
        assert details.wellbeing_notes == "" and details.end_date == dt.date(2019, 5, 31)
        assert _found(_raw(path), _needles()) == []  # encrypted: never readable anyway
    finally:
        database.close()
