"""Revision 0012_form_drafts: the table for forms kept across a lock arrives empty, and
the data from before is carried across untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peerdesk.store import schema
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import open_database
from tests.store.test_migrations import ORGANISATION, STAFF, TEAM, _insert, _revision


def test_the_kept_forms_table_arrives_empty_and_the_rest_stays(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn, "0011_involvement_creator")
        with engine.begin() as conn:
            _insert(conn, "organisation", ORGANISATION)
            _insert(conn, "team", TEAM)
            for row in STAFF:
                _insert(conn, "staff_member", row)
    finally:
        engine.dispose()
    assert _revision(path) == "0011_involvement_creator"
    open_database(path).close()
    assert _revision(path) == schema.HEAD
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM form_draft").fetchone() == (0,)
        names = [r[0] for r in conn.execute("SELECT full_name FROM staff_member ORDER BY id")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(form_draft)")]
    finally:
        conn.close()
    assert names == [row["full_name"] for row in STAFF]
    assert columns == ["id", "user_id", "form_key", "staff_id", "title", "fields", "saved_at"]
