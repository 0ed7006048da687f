"""The audit trail: entries in order, and any change or gap outside PeerDesk is found."""

from __future__ import annotations

import datetime as dt
import sqlite3

from peerdesk.services.audit_service import AuditLog

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def test_entries_are_recorded_newest_first(database, admin) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(admin, "export", "Trustee report", {"from": "2026-01-01", "to": "2026-03-31"})
    log.record(admin, "backup", "peerdesk-manual.db")
    first, second = log.entries(admin)
    assert (first.action, second.action) == ("backup", "export")
    assert second.details == {"from": "2026-01-01", "to": "2026-03-31"}
    assert second.actor_name == "Administrator" and second.at == NOW
    assert log.verify(admin).ok and log.verify(admin).checked == 2


def _raw(database):
    conn = sqlite3.connect(database.path)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    return conn


def test_a_changed_entry_breaks_the_chain(database, admin) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for number in range(3):
        log.record(admin, "export", f"report {number}")
    conn = _raw(database)
    conn.execute("UPDATE audit_event SET subject = 'something else' WHERE id = 2")
    conn.commit()
    conn.close()
    report = log.verify(admin)
    assert not report.ok
    assert "entry 2 was changed after it was written" in report.problems


def test_a_missing_entry_is_found(database, admin) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for number in range(4):
        log.record(admin, "export", f"report {number}")
    conn = _raw(database)
    conn.execute("DELETE FROM audit_event WHERE id = 2")
    conn.commit()
    conn.close()
    report = log.verify(admin)
    assert not report.ok
    assert "entries 2 to 2 are missing from the audit trail" in report.problems
    assert "entry 3 does not follow the entry before it" in report.problems
