"""Revision 0010_retention: every kind of record gets the organisation's retention period,
and nobody arrives erased."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peerdesk.domain.retention import Keepable, RecordKind, parse_kept
from peerdesk.store import schema
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import open_database
from tests.store.test_migrations import ORGANISATION, STAFF, TEAM, _insert, _revision


def _build_at_fair_chance(path: Path, retention_years: int) -> None:
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn, "0009_fair_chance")
        with engine.begin() as conn:
            _insert(conn, "organisation", {**ORGANISATION, "retention_years": retention_years})
            _insert(conn, "team", TEAM)
            for row in STAFF:
                _insert(conn, "staff_member", row)
    finally:
        engine.dispose()
    assert _revision(path) == "0009_fair_chance"


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_every_kind_is_kept_as_long_as_the_organisation_kept_records(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at_fair_chance(path, retention_years=7)
    open_database(path).close()
    assert _revision(path) == schema.HEAD
    periods = {row[0]: row[1] for row in _query(path, "SELECT kind, months FROM retention_period")}
    assert periods == {kind.value: 84 for kind in RecordKind}


def test_nobody_arrives_erased_and_name_and_dates_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at_fair_chance(path, retention_years=7)
    open_database(path).close()
    people = _query(path, "SELECT id, erased_on FROM staff_member ORDER BY id")
    assert people == [(row["id"], None) for row in STAFF]
    (kept,) = _query(path, "SELECT kept_after_erasure FROM organisation")
    assert parse_kept(str(kept[0])) == {Keepable.NAME, Keepable.EMPLOYMENT_DATES}
