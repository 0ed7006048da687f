"""`peerdesk check` finds an audit entry changed or removed outside PeerDesk, and names it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from peerdesk.cli import build_parser, run_command
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.store import sqlite_driver
from peerdesk.store.database import Database
from peerdesk.store.models import AuditEvent
from tests.cli.conftest import data_key
from tests.conftest import TODAY


def check(data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["check"])
    code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def recorded(database: Database, admin: Actor, data_dir: Path) -> dict[int, int]:
    """Four exports in the trail (after setting up and signing in): their entry ids."""
    log = AuditLog(database.sessions)
    for number in range(1, 5):
        log.record(admin, "export", f"Staff list {number} (CSV)", {"rows": number})
    with database.sessions() as session:
        ids = {
            number: session.scalars(
                select(AuditEvent.id).where(AuditEvent.subject == f"Staff list {number} (CSV)")
            ).one()
            for number in range(1, 5)
        }
    database.close()
    assert [ids[n + 1] - ids[n] for n in range(1, 4)] == [1, 1, 1]
    return ids


def tamper(data_dir: Path, statement: str) -> None:
    """Change the encrypted file outside PeerDesk, with its key (as someone holding a
    password and a SQLCipher shell could)."""
    conn = sqlite_driver.connect(data_dir / "peerdesk.db", data_key(data_dir))
    try:
        conn.execute("DROP TRIGGER audit_event_no_update")  # PeerDesk's own guard, removed
        conn.execute("DROP TRIGGER audit_event_no_delete")
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def problems(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("problem: ")]


def test_an_untouched_trail_is_healthy(data_dir: Path, recorded: dict[int, int]) -> None:
    code, out, err = check(data_dir)
    assert code == 0, err
    assert out.startswith("healthy:") and problems(out) == []


def test_a_changed_entry_makes_the_data_unhealthy(data_dir: Path, recorded: dict[int, int]) -> None:
    changed = recorded[3]
    tamper(data_dir, f"UPDATE audit_event SET details = '{{\"rows\": 400}}' WHERE id = {changed}")
    code, out, _err = check(data_dir)
    assert code == 1
    assert out.startswith("not healthy:")
    assert problems(out) == [
        f"problem: audit trail: entry {changed} was changed after it was written"
    ]


def test_a_removed_entry_makes_the_data_unhealthy(data_dir: Path, recorded: dict[int, int]) -> None:
    removed = recorded[2]
    tamper(data_dir, f"DELETE FROM audit_event WHERE id = {removed}")
    code, out, _err = check(data_dir)
    assert code == 1
    assert out.startswith("not healthy:")
    assert problems(out) == [
        f"problem: audit trail: entry {removed} is missing",
        f"problem: audit trail: entry {removed + 1} does not follow the entry before it",
    ]
    assert "people: 0" in out  # the rest of the report is still there
