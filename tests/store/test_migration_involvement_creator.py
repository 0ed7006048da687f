"""Revision 0011_involvement_creator: involvement entries logged before it are matched to
the one account that had the name they were logged under."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peerdesk.store import schema
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import open_database
from tests.store.test_migrations import STAMP, _insert, _revision

ACCOUNTS = [
    (1, "amara", "Amara Okafor", "administrator"),
    (2, "sam", "Sam Supervisor", "supervisor"),
    (3, "jo1", "Jo Bloggs", "supervisor"),
    (4, "jo2", "Jo Bloggs", "manager"),
]
# (id, logged under)
ACTIVITIES = [
    (1, "Sam Supervisor"),  # one account has that name: matched
    (2, "Jo Bloggs"),  # two accounts share it: left without an account
    (3, "Someone who left"),  # no account has it: left without an account
    (4, ""),  # logged by the demo
    (5, "Amara Okafor"),
]


def _activity(activity_id: int, created_by: str) -> dict[str, object]:
    return {
        "id": activity_id,
        "held_on": "2026-05-01",
        "title": f"Activity {activity_id}",
        "details": "Co-designed the induction with peer workers.",
        "stage": "design",
        "staff_count": 3,
        "volunteer_count": 1,
        "service_user_count": 4,
        "payment_kind": "none",
        "payment_pence": 0,
        "people_paid": 0,
        "benefits_advice_offered": 0,
        "you_said": "",
        "we_did": "",
        "outcome": "pending",
        "told_on": None,
        "created_by": created_by,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def _build_at_retention(path: Path) -> None:
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn, "0010_retention")
        with engine.begin() as conn:
            for user_id, username, name, role in ACCOUNTS:
                conn.exec_driver_sql(
                    "INSERT INTO user_account (id, username, username_key, display_name, role,"
                    " active, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, 1, 0, ?)",
                    (user_id, username, username, name, role, STAMP),
                )
            for activity_id, created_by in ACTIVITIES:
                _insert(conn, "involvement_activity", _activity(activity_id, created_by))
    finally:
        engine.dispose()
    assert _revision(path) == "0010_retention"


def test_entries_are_matched_to_the_one_account_with_their_name(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at_retention(path)
    open_database(path).close()
    assert _revision(path) == schema.HEAD
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT id, created_by, created_by_user_id, title, staff_count"
            " FROM involvement_activity ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "Sam Supervisor", 2),
        (2, "Jo Bloggs", None),
        (3, "Someone who left", None),
        (4, "", None),
        (5, "Amara Okafor", 1),
    ]
    # everything else is carried across untouched
    assert all(r[3] == f"Activity {r[0]}" and r[4] == 3 for r in rows)
