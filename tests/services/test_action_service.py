"""ActionService: agreeing actions in a session, closing and reopening them, open and overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine, event

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import ValidationError
from peerdesk.services.action_service import ActionService
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.session_service import SessionService
from peerdesk.store.database import Database
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def records(database: Database) -> SessionService:
    return SessionService(database.sessions, today=lambda: TODAY, now=lambda: NOW)


@pytest.fixture
def actions(database: Database) -> ActionService:
    return ActionService(database.sessions, today=lambda: TODAY, now=lambda: NOW)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, int]:
    boss = add_person(services, admin, "Amara Okafor", job_title="Service manager")
    zoe = add_person(services, admin, "Zoë Łukasiewicz", supervisor_id=boss.id)
    ben = add_person(services, admin, "Ben Carter", supervisor_id=boss.id)
    gwen = add_person(
        services,
        admin,
        "Gwen Davies",
        start=dt.date(2020, 1, 6),
        end=dt.date(2025, 3, 31),
        reason="Moved to a new job",
    )
    return {"boss": boss.id, "zoe": zoe.id, "ben": ben.id, "gwen": gwen.id}


def session_for(
    records: SessionService, admin: Actor, supervisee_id: int, day: dt.date, boss: int
) -> int:
    details = SessionDetails(
        supervisee_id=supervisee_id,
        supervisor_id=boss,
        session_date=day,
        session_type=SessionType.LINE_MANAGEMENT,
        mode=SessionMode.IN_PERSON,
        agreed_record="Agreed the actions below.",
    )
    return records.create_session(admin, details).id


@pytest.fixture
def zoe_sessions(records: SessionService, admin: Actor, people: dict[str, int]) -> list[int]:
    """Three of Zoë's sessions, oldest first: 60, 30 and 2 days ago."""
    return [
        session_for(records, admin, people["zoe"], days_ago(n), people["boss"]) for n in (60, 30, 2)
    ]


@contextmanager
def counting_selects(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


# -- adding -------------------------------------------------------------------------------


def test_add_returns_the_action(
    actions: ActionService, admin: Actor, people: dict[str, int], zoe_sessions: list[int]
) -> None:
    session_id = zoe_sessions[1]
    action = actions.add(admin, session_id, "  Book the course  ", people["boss"], TODAY)
    assert action.description == "Book the course"
    assert (action.session_id, action.session_date) == (session_id, days_ago(30))
    assert action.staff_id == people["zoe"]
    assert (action.owner_id, action.owner_name) == (people["boss"], "Amara Okafor")
    assert action.due_date == TODAY
    assert action.status is ActionStatus.OPEN and action.is_open
    assert action.closed_on is None and action.closing_note == ""
    assert not action.is_overdue
    assert actions.get(admin, action.id) == action
    assert actions.for_session(admin, session_id) == [action]


def test_add_without_owner_or_due_date(
    actions: ActionService, admin: Actor, zoe_sessions: list[int]
) -> None:
    action = actions.add(admin, zoe_sessions[0], "Think about it", None, None)
    assert (action.owner_id, action.owner_name, action.due_date) == (None, "", None)


def test_add_checks_each_field(
    actions: ActionService, admin: Actor, zoe_sessions: list[int]
) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.add(admin, zoe_sessions[1], "  ", 424242, days_ago(31))
    assert {e.field for e in exc.value.errors} == {"description", "owner_id", "due_date"}
    # due on the day of the session is fine
    assert actions.add(admin, zoe_sessions[1], "x", None, days_ago(30)).due_date == days_ago(30)
    with pytest.raises(NotFound):
        actions.add(admin, 424242, "x", None, None)


def test_no_actions_are_added_to_a_signed_record(
    actions: ActionService, records: SessionService, admin: Actor, zoe_sessions: list[int]
) -> None:
    records.sign_as_supervisor(admin, zoe_sessions[0], "Amara")
    with pytest.raises(Conflict):
        actions.add(admin, zoe_sessions[0], "Late idea", None, None)
    assert actions.for_session(admin, zoe_sessions[0]) == []


def test_writes_need_a_manager_or_the_supervisor(
    actions: ActionService, admin: Actor, zoe_sessions: list[int], people: dict[str, int]
) -> None:
    # a supervisor changes their own supervisees' actions only; managers everyone's
    zoes_supervisor = replace(SUPERVISOR, staff_id=people["boss"])
    someone_else = replace(SUPERVISOR, staff_id=people["ben"])
    for refused in (SUPERVISOR, someone_else):
        with pytest.raises(AccessDenied):
            actions.add(refused, zoe_sessions[0], "x", None, None)
    action = actions.add(zoes_supervisor, zoe_sessions[0], "x", None, None)
    with pytest.raises(AccessDenied):
        actions.close(someone_else, action.id, ActionStatus.DONE, None, "")
    actions.close(zoes_supervisor, action.id, ActionStatus.DONE, None, "")
    with pytest.raises(AccessDenied):
        actions.reopen(someone_else, action.id)
    assert actions.reopen(MANAGER, action.id).status is ActionStatus.OPEN


# -- open actions -------------------------------------------------------------------------


def test_open_actions_oldest_first(
    actions: ActionService,
    records: SessionService,
    admin: Actor,
    people: dict[str, int],
    zoe_sessions: list[int],
) -> None:
    oldest, middle, latest = zoe_sessions
    # added out of order: the order comes from the session they were agreed in
    c = actions.add(admin, latest, "C", None, None)
    a1 = actions.add(admin, oldest, "A1", None, None)
    b = actions.add(admin, middle, "B", None, None)
    a2 = actions.add(admin, oldest, "A2", None, None)
    done = actions.add(admin, middle, "Done already", None, None)
    actions.close(admin, done.id, ActionStatus.DONE, latest, "")
    ben_session = session_for(records, admin, people["ben"], days_ago(5), people["boss"])
    actions.add(admin, ben_session, "Ben's", None, None)
    assert [a.id for a in actions.open_actions(admin, people["zoe"])] == [a1.id, a2.id, b.id, c.id]
    with pytest.raises(NotFound):
        actions.open_actions(admin, 424242)


# -- closing and reopening ------------------------------------------------------------------


def test_close_as_done_in_a_later_session(
    actions: ActionService, admin: Actor, people: dict[str, int], zoe_sessions: list[int]
) -> None:
    action = actions.add(admin, zoe_sessions[0], "Book the course", None, days_ago(40))
    assert action.is_overdue
    closed = actions.close(admin, action.id, ActionStatus.DONE, zoe_sessions[2], "  Booked ")
    assert closed.status is ActionStatus.DONE and not closed.is_open
    assert closed.closed_on == TODAY
    assert closed.closed_in_session_id == zoe_sessions[2]
    assert closed.closing_note == "Booked"
    assert not closed.is_overdue
    assert actions.open_actions(admin, people["zoe"]) == []
    with pytest.raises(Conflict):
        actions.close(admin, action.id, ActionStatus.DROPPED, None, "again")


def test_closing_rules(
    actions: ActionService,
    records: SessionService,
    admin: Actor,
    people: dict[str, int],
    zoe_sessions: list[int],
) -> None:
    action = actions.add(admin, zoe_sessions[1], "Book the course", None, None)
    other = session_for(records, admin, people["ben"], days_ago(1), people["boss"])
    cases: list[tuple[ActionStatus, int | None, str, str]] = [
        (ActionStatus.DROPPED, None, " ", "note"),
        (ActionStatus.OPEN, None, "x", "status"),
        (ActionStatus.DONE, zoe_sessions[0], "", "closed_in_session_id"),  # earlier session
        (ActionStatus.DONE, other, "", "closed_in_session_id"),  # someone else's session
        (ActionStatus.DONE, 424242, "", "closed_in_session_id"),
    ]
    for status, closing_session, note, field in cases:
        with pytest.raises(ValidationError) as exc:
            actions.close(admin, action.id, status, closing_session, note)
        assert [e.field for e in exc.value.errors] == [field]
    assert actions.get(admin, action.id).is_open
    dropped = actions.close(admin, action.id, ActionStatus.DROPPED, None, "No longer needed")
    assert dropped.status is ActionStatus.DROPPED
    with pytest.raises(NotFound):
        actions.close(admin, 424242, ActionStatus.DONE, None, "")


def test_reopen_clears_the_closure(
    actions: ActionService, admin: Actor, people: dict[str, int], zoe_sessions: list[int]
) -> None:
    action = actions.add(admin, zoe_sessions[0], "Book the course", None, None)
    with pytest.raises(Conflict):
        actions.reopen(admin, action.id)
    actions.close(admin, action.id, ActionStatus.DONE, zoe_sessions[1], "Booked")
    reopened = actions.reopen(admin, action.id)
    assert reopened.status is ActionStatus.OPEN
    assert (reopened.closed_on, reopened.closed_in_session_id, reopened.closing_note) == (
        None,
        None,
        "",
    )
    assert [a.id for a in actions.open_actions(admin, people["zoe"])] == [action.id]


# -- overdue across the organisation --------------------------------------------------------


def test_overdue_across_the_organisation_by_due_date(
    actions: ActionService,
    records: SessionService,
    admin: Actor,
    people: dict[str, int],
    zoe_sessions: list[int],
) -> None:
    ben_session = session_for(records, admin, people["ben"], days_ago(20), people["boss"])
    gwen_session = session_for(records, admin, people["gwen"], dt.date(2025, 1, 10), people["boss"])
    zoe_late = actions.add(admin, zoe_sessions[1], "Zoë: late", people["boss"], days_ago(3))
    ben_later = actions.add(admin, ben_session, "Ben: later", None, days_ago(10))
    gwen_oldest = actions.add(admin, gwen_session, "Gwen: oldest", None, dt.date(2025, 2, 1))
    actions.add(admin, zoe_sessions[1], "due today", None, TODAY)
    actions.add(admin, zoe_sessions[1], "no due date", None, None)
    actions.add(admin, zoe_sessions[1], "not yet due", None, TODAY + dt.timedelta(days=3))
    closed = actions.add(admin, zoe_sessions[0], "closed", None, days_ago(50))
    actions.close(admin, closed.id, ActionStatus.DONE, None, "")

    overdue = actions.overdue(admin, TODAY)
    assert [o.action.id for o in overdue] == [gwen_oldest.id, ben_later.id, zoe_late.id]
    gwen, ben, zoe = overdue
    assert (gwen.supervisee_name, gwen.supervisee_is_current) == ("Gwen Davies", False)
    assert (ben.supervisee_name, ben.days_overdue) == ("Ben Carter", 10)
    assert (zoe.supervisee_name, zoe.days_overdue) == ("Zoë Łukasiewicz", 3)
    assert zoe.supervisee_is_current
    assert zoe.action.owner_name == "Amara Okafor"
    assert all(o.action.is_overdue for o in overdue)
    # the day passed in decides what is overdue
    assert [o.action.id for o in actions.overdue(admin, days_ago(5))] == [
        gwen_oldest.id,
        ben_later.id,
    ]


def test_leavers_actions_stay_visible(
    actions: ActionService, records: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    session_id = session_for(records, admin, people["gwen"], dt.date(2025, 1, 10), people["boss"])
    action = actions.add(admin, session_id, "Hand over the group", None, None)
    assert [a.id for a in actions.open_actions(admin, people["gwen"])] == [action.id]


def test_overdue_is_one_query(
    actions: ActionService,
    admin: Actor,
    people: dict[str, int],
    zoe_sessions: list[int],
    database: Database,
) -> None:
    for n in range(30):
        actions.add(admin, zoe_sessions[n % 2], f"Action {n}", people["boss"], days_ago(1))
    with counting_selects(database.engine) as selects:
        overdue = actions.overdue(admin, TODAY)
    assert len(overdue) == 30
    assert len(selects) == 1


def test_every_open_action_across_the_organisation(
    actions: ActionService,
    records: SessionService,
    admin: Actor,
    people: dict[str, int],
    zoe_sessions: list[int],
) -> None:
    gwen_session = session_for(records, admin, people["gwen"], dt.date(2025, 1, 10), people["boss"])
    undated = actions.add(admin, zoe_sessions[1], "No due date", None, None)
    later = actions.add(admin, zoe_sessions[1], "Not yet due", None, TODAY + dt.timedelta(days=3))
    today = actions.add(admin, zoe_sessions[1], "Due today", people["boss"], TODAY)
    late = actions.add(admin, zoe_sessions[1], "Late", None, days_ago(4))
    leaver = actions.add(admin, gwen_session, "Hand over", None, dt.date(2025, 2, 1))
    closed = actions.add(admin, zoe_sessions[0], "Closed", None, days_ago(50))
    actions.close(admin, closed.id, ActionStatus.DONE, None, "")

    every = actions.open_across_organisation(admin, TODAY)
    assert [o.action.id for o in every] == [leaver.id, late.id, today.id, later.id, undated.id]
    by_id = {o.action.id: o for o in every}
    assert [by_id[i].days_overdue for i in (leaver.id, late.id, today.id, later.id)] == [
        (TODAY - dt.date(2025, 2, 1)).days,
        4,
        0,
        0,
    ]
    assert by_id[late.id].action.is_overdue and not by_id[today.id].action.is_overdue
    assert by_id[late.id].supervisor_name == "Amara Okafor"
    assert by_id[leaver.id].supervisor_name == ""
    assert not by_id[leaver.id].supervisee_is_current
    # the overdue list is the overdue part of the same list, in the same order
    assert [o.action.id for o in actions.overdue(admin, TODAY)] == [leaver.id, late.id]


def test_unfinished_session_outcomes_keep_actions(
    actions: ActionService, records: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    details = SessionDetails(
        supervisee_id=people["zoe"],
        supervisor_id=people["boss"],
        session_date=days_ago(7),
        session_type=SessionType.LINE_MANAGEMENT,
        mode=SessionMode.PHONE,
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISOR,
        outcome_reason="Off sick",
    )
    record = records.create_session(admin, details)
    action = actions.add(admin, record.id, "Rebook within a fortnight", people["boss"], TODAY)
    assert actions.open_actions(admin, people["zoe"]) == [action]
