"""The audit trail: entries in order, any change or gap outside PeerDesk is found, only
administrators read it, and it is searched and exported in SQL pages."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.audit_service import (
    CSV_HEADERS,
    EXPORT_ACTION,
    READ_REFUSED,
    SYSTEM_NAME,
    AuditFilter,
    AuditKind,
    AuditLog,
    ChainReport,
    action_kind,
    describe_details,
)
from peerdesk.services.csv_export import CsvWriteError
from peerdesk.store.database import Database

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
MANAGER = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER)
SUPERVISOR = Actor(user_id=3, display_name="Sam Supervisor", role=Role.SUPERVISOR)
ADA = Actor(user_id=4, display_name="Ada Admin", role=Role.ADMINISTRATOR)


class Clock:
    """A settable UTC clock."""

    def __init__(self, moment: dt.datetime = NOW) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def test_entries_are_recorded_newest_first(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(admin, "export", "Trustee report", {"from": "2026-01-01", "to": "2026-03-31"})
    log.record(admin, "backup", "peerdesk-manual.db")
    first, second = log.entries(admin)
    assert (first.action, second.action) == ("backup", "export")
    assert second.details == {"from": "2026-01-01", "to": "2026-03-31"}
    assert second.actor_name == "Administrator" and second.at == NOW
    assert log.verify(admin).ok and log.verify(admin).checked == 2


def test_an_entry_with_no_actor_is_peerdesk_itself(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(None, "backup", "peerdesk-daily.db")
    (entry,) = log.entries(admin)
    assert (entry.actor_name, entry.actor_role) == (SYSTEM_NAME, "system")
    assert log.verify(admin).ok


def _raw(database: Database) -> sqlite3.Connection:
    conn = sqlite3.connect(database.path)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    return conn


def test_the_database_refuses_changes_to_the_trail(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(admin, "export", "report")
    conn = sqlite3.connect(database.path)
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        conn.execute("UPDATE audit_event SET subject = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        conn.execute("DELETE FROM audit_event")
    conn.close()
    # and PeerDesk offers no way to: the log has no method that changes or removes
    assert not [name for name in dir(log) if name.startswith(("update", "delete", "remove"))]


def test_a_changed_entry_breaks_the_chain(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for number in range(3):
        log.record(admin, "export", f"report {number}")
    conn = _raw(database)
    conn.execute("UPDATE audit_event SET subject = 'something else' WHERE id = 2")
    conn.commit()
    conn.close()
    report = log.verify(admin)
    assert not report.ok
    assert report.problems == ("entry 2 was changed after it was written",)
    assert "entry 2 was changed after it was written" in report.summary()


def test_a_missing_entry_is_found(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for number in range(4):
        log.record(admin, "export", f"report {number}")
    conn = _raw(database)
    conn.execute("DELETE FROM audit_event WHERE id = 2")
    conn.commit()
    conn.close()
    report = log.verify(admin)
    assert not report.ok and report.checked == 3
    assert report.problems == (
        "entry 2 is missing",
        "entry 3 does not follow the entry before it",
    )


def test_missing_first_entries_are_found(database: Database, admin: Actor) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for number in range(4):
        log.record(admin, "export", f"report {number}")
    conn = _raw(database)
    conn.execute("DELETE FROM audit_event WHERE id <= 2")
    conn.commit()
    conn.close()
    report = log.verify(admin)
    assert "entries 1 to 2 are missing" in report.problems


def test_summaries_in_plain_words() -> None:
    assert ChainReport(ok=True, checked=1234).summary() == "All 1,234 entries are in order."
    assert ChainReport(ok=True, checked=1).summary() == "The one entry is in order."
    assert "nothing to check" in ChainReport(ok=True, checked=0).summary()
    broken = ChainReport(ok=False, checked=9, problems=("entry 4 was changed", "entry 6 x"))
    assert broken.summary() == (
        "The audit trail has 2 problems (checked 9 entries): entry 4 was changed; entry 6 x."
    )


# -- only administrators read it --------------------------------------------------------


@pytest.mark.parametrize("reader", [MANAGER, SUPERVISOR])
def test_only_administrators_read_the_trail(
    database: Database, admin: Actor, reader: Actor, tmp_path: Path
) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(reader, "export", "Staff list (CSV)")  # everyone's actions are written
    calls: list[Any] = [
        lambda: log.entries(reader),
        lambda: log.verify(reader),
        lambda: log.search(reader, AuditFilter()),
        lambda: log.actors(reader),
        lambda: log.export_csv(reader, AuditFilter(), tmp_path / "trail.csv"),
    ]
    for call in calls:
        with pytest.raises(AccessDenied) as refused:
            call()
        assert str(refused.value) == READ_REFUSED
    assert not (tmp_path / "trail.csv").exists()
    assert [e.actor_name for e in log.entries(admin)] == [reader.display_name]
    assert log.search(ADA, AuditFilter()).total == 1  # any administrator may


# -- kinds of action --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("signed in", AuditKind.SIGN_INS),
        ("sign-in failed", AuditKind.SIGN_INS),
        ("Signed out", AuditKind.SIGN_INS),
        ("viewed supervision record", AuditKind.VIEWS),
        ("added staff member", AuditKind.CHANGES),
        ("changed policy", AuditKind.CHANGES),
        ("removed team", AuditKind.CHANGES),
        ("erased records", AuditKind.CHANGES),
        ("conviction assessment erased", AuditKind.CHANGES),
        ("export", AuditKind.EXPORTS),
        ("exported audit trail", AuditKind.EXPORTS),
        ("backup", AuditKind.BACKUPS),
        ("restored backup", AuditKind.BACKUPS),
        ("import", AuditKind.IMPORTS),
        ("checked the trail", AuditKind.OTHER),
        ("addendum", AuditKind.OTHER),
    ],
)
def test_actions_fall_into_one_kind(action: str, kind: AuditKind) -> None:
    assert action_kind(action) is kind


ACTIONS = [
    "signed in",
    "sign-in refused",
    "locked",
    "unlocked with the recovery key",
    "changed own password",
    "reset password",
    "viewed supervision record",
    "added user account",
    "deactivated user account",
    "changed staff member",
    "export",
    "exported audit trail",
    "backup",
    "restored backup",
    "import",
    "set up PeerDesk",
    "encrypted the data file",
    "addendum",
]


def test_sql_sorts_actions_into_kinds_exactly_as_python_does(
    database: Database, admin: Actor
) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    for action in ACTIONS:
        log.record(admin, action)
    assert action_kind("changed own password") is AuditKind.SIGN_INS  # first kind wins
    assert action_kind("set up PeerDesk") is AuditKind.OTHER
    for kind in AuditKind:
        found = {e.action for e in log.search(admin, AuditFilter(kind=kind, limit=100)).entries}
        assert found == {action for action in ACTIONS if action_kind(action) is kind}, kind


# -- searching --------------------------------------------------------------------------


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def trail(database: Database, admin: Actor, clock: Clock) -> AuditLog:
    """Twelve entries over four days, by three people, of every kind."""
    log = AuditLog(database.sessions, now=clock)
    entries: list[tuple[int, Actor | None, str, str, dict[str, object]]] = [
        (1, ADA, "signed in", "", {}),
        (1, ADA, "added staff member", "staff member 1", {"full_name": "Zoë Łukasiewicz"}),
        (1, MANAGER, "export", "Staff list (CSV)", {"file": "staff.csv", "rows": 12}),
        (2, MANAGER, "changed policy", "policy 4", {"status": {"before": "draft", "after": "x"}}),
        (2, SUPERVISOR, "viewed supervision record", "staff member 1", {}),
        (2, None, "backup", "peerdesk-daily.db", {"file": "peerdesk-daily.db"}),
        (3, ADA, "import", "Staff from a CSV file", {"file": "people 100%.csv", "imported": 3}),
        (3, SUPERVISOR, "changed supervision session", "supervision session 7", {}),
        (3, ADA, "checked the trail", "", {}),
        (4, MANAGER, "removed team", "team 2", {"name": "Outreach"}),
        (4, SUPERVISOR, "signed out", "", {}),
        (4, ADA, "export", "Trustee report", {"file": "trustees_q1.pdf"}),
    ]
    for day, who, action, subject, details in entries:
        clock.moment = dt.datetime(2026, 6, 10 + day, 12, 0, tzinfo=dt.UTC)
        log.record(who, action, subject, details)
    return log


def actions(page: Any) -> list[str]:
    return [entry.action for entry in page.entries]


def test_search_without_a_filter_pages_newest_first(trail: AuditLog, admin: Actor) -> None:
    first = trail.search(admin, AuditFilter(limit=5))
    assert first.total == 12 and first.has_more
    assert [e.id for e in first.entries] == [12, 11, 10, 9, 8]
    last = trail.search(admin, AuditFilter(limit=5, offset=10))
    assert [e.id for e in last.entries] == [2, 1] and not last.has_more
    assert last.offset == 10 and last.total == 12


def test_search_by_who(trail: AuditLog, admin: Actor) -> None:
    exact = trail.search(admin, AuditFilter(who="Mo Manager", who_exact=True))
    assert exact.total == 3
    assert {e.actor_name for e in exact.entries} == {"Mo Manager"}
    assert trail.search(admin, AuditFilter(who="Mo", who_exact=True)).total == 0
    part = trail.search(admin, AuditFilter(who="super"))  # part of the name, any case
    assert part.total == 3 and {e.actor_name for e in part.entries} == {"Sam Supervisor"}
    assert trail.search(admin, AuditFilter(who=SYSTEM_NAME, who_exact=True)).total == 1


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (AuditKind.SIGN_INS, ["signed out", "signed in"]),
        (AuditKind.VIEWS, ["viewed supervision record"]),
        (
            AuditKind.CHANGES,
            ["removed team", "changed supervision session", "changed policy", "added staff member"],
        ),
        (AuditKind.EXPORTS, ["export", "export"]),
        (AuditKind.BACKUPS, ["backup"]),
        (AuditKind.IMPORTS, ["import"]),
        (AuditKind.OTHER, ["checked the trail"]),
    ],
)
def test_search_by_kind(
    trail: AuditLog, admin: Actor, kind: AuditKind, expected: list[str]
) -> None:
    page = trail.search(admin, AuditFilter(kind=kind))
    assert actions(page) == expected
    assert page.total == len(expected)
    assert all(entry.kind is kind for entry in page.entries)


def test_search_by_dates_includes_both_days(trail: AuditLog, admin: Actor) -> None:
    page = trail.search(admin, AuditFilter(start=dt.date(2026, 6, 12), end=dt.date(2026, 6, 13)))
    assert page.total == 6
    assert {e.at.date() for e in page.entries} == {dt.date(2026, 6, 12), dt.date(2026, 6, 13)}
    assert trail.search(admin, AuditFilter(start=dt.date(2026, 6, 14))).total == 3
    assert trail.search(admin, AuditFilter(end=dt.date(2026, 6, 11))).total == 3
    assert trail.search(admin, AuditFilter(start=dt.date(2026, 6, 20))).total == 0


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time zones can only be changed at run time on POSIX")
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_search_dates_are_local_days(
    database: Database, admin: Actor, clock: Clock, london: None
) -> None:
    log = AuditLog(database.sessions, now=clock)
    # 23:30 UTC on 14 June is 00:30 on 15 June in London (summer time)
    clock.moment = dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC)
    log.record(admin, "export", "late")
    clock.moment = dt.datetime(2026, 6, 14, 22, 30, tzinfo=dt.UTC)  # 23:30 on the 14th
    log.record(admin, "export", "earlier")
    june_15 = log.search(admin, AuditFilter(start=dt.date(2026, 6, 15), end=dt.date(2026, 6, 15)))
    assert [e.subject for e in june_15.entries] == ["late"]
    june_14 = log.search(admin, AuditFilter(start=dt.date(2026, 6, 14), end=dt.date(2026, 6, 14)))
    assert [e.subject for e in june_14.entries] == ["earlier"]


def test_search_by_text(trail: AuditLog, admin: Actor) -> None:
    assert actions(trail.search(admin, AuditFilter(text="trustees"))) == ["export"]  # details
    by_subject = trail.search(admin, AuditFilter(text="STAFF MEMBER 1"))
    assert actions(by_subject) == ["viewed supervision record", "added staff member"]
    assert trail.search(admin, AuditFilter(text="Łukasiewicz")).total == 1  # not ASCII
    assert trail.search(admin, AuditFilter(text="100%")).total == 1  # % is a character
    assert trail.search(admin, AuditFilter(text="1_0")).total == 0  # and _ too
    phrase = trail.search(admin, AuditFilter(text="  staff   from "))  # as one phrase
    assert actions(phrase) == ["import"]
    assert trail.search(admin, AuditFilter(text="csv staff")).total == 0


def test_filters_combine_and_count(trail: AuditLog, admin: Actor) -> None:
    query = AuditFilter(
        who="Ada Admin", who_exact=True, kind=AuditKind.EXPORTS, start=dt.date(2026, 6, 14)
    )
    page = trail.search(admin, query)
    assert page.total == 1 and page.entries[0].subject == "Trustee report"
    page = trail.search(admin, AuditFilter(kind=AuditKind.CHANGES, limit=2, offset=2))
    assert page.total == 4 and actions(page) == ["changed policy", "added staff member"]


def test_search_is_done_in_sql_pages(trail: AuditLog, admin: Actor, database: Database) -> None:
    fetched: list[int] = []

    def count_rows(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        fetched.append(1)

    event.listen(database.engine, "before_cursor_execute", count_rows)
    try:
        page = trail.search(admin, AuditFilter(kind=AuditKind.CHANGES, limit=2))
    finally:
        event.remove(database.engine, "before_cursor_execute", count_rows)
    assert len(page.entries) == 2 and page.total == 4
    assert len(fetched) <= 3  # the count and the page (and the BEGIN)


def test_actors_lists_every_name_once(trail: AuditLog, admin: Actor) -> None:
    assert trail.actors(admin) == ["Ada Admin", "Mo Manager", SYSTEM_NAME, "Sam Supervisor"]


# -- export -----------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_writes_the_filtered_entries_and_records_itself(
    trail: AuditLog, admin: Actor, tmp_path: Path, clock: Clock
) -> None:
    target = tmp_path / "trail.csv"
    clock.moment = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
    query = AuditFilter(kind=AuditKind.CHANGES, limit=1)  # the export has every page
    assert trail.export_csv(admin, query, target) == 4
    header, *rows = read_csv(target)
    assert tuple(header) == CSV_HEADERS
    assert [row[3] for row in rows] == [
        "removed team",
        "changed supervision session",
        "changed policy",
        "added staff member",
    ]
    newest = rows[0]
    assert newest[1:3] == ["Mo Manager", "manager"]
    expected_when = dt.datetime(2026, 6, 14, 12, 0, tzinfo=dt.UTC).astimezone()
    assert newest[0] == expected_when.isoformat(sep=" ", timespec="seconds")
    assert newest[4] == "team 2" and newest[5] == "name: Outreach"
    assert rows[2][5] == "status: draft → x"
    assert len(newest[6]) == 64
    assert not list(tmp_path.glob(".*part"))  # no temporary file left
    (record,) = trail.entries(admin, action=EXPORT_ACTION)
    assert record.subject == "trail.csv"
    assert record.details == {"file": "trail.csv", "format": "csv", "rows": 4, "kind": "Changes"}
    assert trail.verify(admin).ok


def test_export_names_the_filter_it_used(trail: AuditLog, admin: Actor, tmp_path: Path) -> None:
    query = AuditFilter(
        who="Mo", start=dt.date(2026, 6, 11), end=dt.date(2026, 6, 14), text="policy"
    )
    assert trail.export_csv(admin, query, tmp_path / "mo.csv") == 1
    (record,) = trail.entries(admin, action=EXPORT_ACTION)
    assert record.details == {
        "file": "mo.csv",
        "format": "csv",
        "rows": 1,
        "who": "Mo",
        "from": "2026-06-11",
        "to": "2026-06-14",
        "search": "policy",
    }


def test_a_failed_export_leaves_no_file_and_no_record(
    trail: AuditLog, admin: Actor, tmp_path: Path
) -> None:
    with pytest.raises(CsvWriteError):
        trail.export_csv(admin, AuditFilter(), tmp_path / "missing folder" / "trail.csv")
    assert trail.entries(admin, action=EXPORT_ACTION) == []


def test_export_neutralises_formulas(database: Database, admin: Actor, tmp_path: Path) -> None:
    log = AuditLog(database.sessions, now=lambda: NOW)
    log.record(admin, "export", '=HYPERLINK("http://x")', {"file": "+cmd"})
    log.export_csv(admin, AuditFilter(kind=AuditKind.EXPORTS), tmp_path / "t.csv")
    _header, row = read_csv(tmp_path / "t.csv")[:2]
    assert row[4].startswith("'=") and row[5] == "file: +cmd"


def test_details_described_in_words() -> None:
    details = {
        "hours_per_week": {"before": None, "after": 37.5},
        "counted_in_aggregates": {"before": False, "after": True},
        "wellbeing_notes": {"before": "empty", "after": "412 characters"},
        "teams_created": ["Outreach", "Hub"],
        "file": "staff.csv",
    }
    assert describe_details(details) == [
        "hours per week: none → 37.5",
        "counted in aggregates: no → yes",
        "wellbeing notes: empty → 412 characters",
        "teams created: Outreach, Hub",
        "file: staff.csv",
    ]
