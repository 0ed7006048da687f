"""ScheduleService: the standard, everyone's supervision status today, counts and compliance."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.supervision_schedule import (
    Compliance,
    PersonSchedule,
    SessionOutcome,
    SupervisionStandard,
    SupervisionStatus,
    compliance,
    dates_held,
    status,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.services.absence_service import AbsenceService
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_service import (
    NO_TEAM,
    ScheduleCounts,
    ScheduleService,
    count_statuses,
)
from peerdesk.store.database import Database
from peerdesk.store.models import (
    StaffAbsence,
    StaffMember,
    SupervisionInterval,
    SupervisionSession,
)
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

S = SupervisionStatus
SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
LONG_AGO = dt.date(2023, 4, 3)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def fixed(day: dt.date) -> Callable[[], dt.date]:
    return lambda: day


def add_session(
    database: Database,
    staff_id: int,
    day: dt.date,
    outcome: SessionOutcome = SessionOutcome.HELD,
) -> None:
    with database.sessions.begin() as session:
        session.add(
            SupervisionSession(
                supervisee_id=staff_id,
                session_date=day,
                session_type="line_management",
                mode="in_person",
                outcome=outcome.value,
            )
        )


def set_up_organisation(services: Services, admin: Actor) -> None:
    services.organisation.create(admin, OrganisationDetails(name="Riverside Peer Support"))


@pytest.fixture
def schedule(database: Database) -> ScheduleService:
    return ScheduleService(database.sessions, today=lambda: TODAY)


@pytest.fixture
def absences(database: Database) -> AbsenceService:
    return AbsenceService(database.sessions, today=lambda: TODAY)


# -- the standard ---------------------------------------------------------------------------


def test_without_an_organisation_the_domain_defaults_apply(
    schedule: ScheduleService, admin: Actor
) -> None:
    assert schedule.standard(admin) == SupervisionStandard()
    with pytest.raises(Conflict, match="Set the organisation up first"):
        schedule.set_standard(admin, SupervisionStandard(default_interval_days=14))


def test_standard_comes_from_the_organisation_and_interval_rows(
    services: Services, admin: Actor, database: Database, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    assert schedule.standard(admin) == SupervisionStandard(
        default_interval_days=28, new_starter_days=14, due_soon_days=7
    )
    with database.sessions.begin() as session:
        session.add(SupervisionInterval(role_category="volunteer", interval_days=56))
    assert schedule.standard(admin).interval_by_role == {RoleCategory.VOLUNTEER: 56}


def test_set_standard_round_trip_replaces_per_role_rows(
    services: Services, admin: Actor, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    first = SupervisionStandard(
        default_interval_days=21,
        interval_by_role={RoleCategory.VOLUNTEER: 56, RoleCategory.CLINICAL: 30},
        new_starter_days=10,
        due_soon_days=5,
    )
    assert schedule.set_standard(MANAGER, first) == first
    assert schedule.standard(admin) == first
    organisation = services.organisation.get(admin)
    assert organisation is not None
    assert organisation.details.supervision_interval_days == 21

    second = SupervisionStandard(
        default_interval_days=28, interval_by_role={RoleCategory.PEER_APPRENTICE: 14}
    )
    schedule.set_standard(admin, second)
    assert schedule.standard(admin) == second
    assert dict(schedule.standard(admin).interval_by_role) == {RoleCategory.PEER_APPRENTICE: 14}


@pytest.mark.parametrize(
    ("standard", "field"),
    [
        (SupervisionStandard(default_interval_days=0), "default_interval_days"),
        (SupervisionStandard(default_interval_days=366), "default_interval_days"),
        (
            SupervisionStandard(interval_by_role={RoleCategory.VOLUNTEER: 400}),
            "interval_by_role.volunteer",
        ),
        (SupervisionStandard(new_starter_days=0), "new_starter_days"),
        (SupervisionStandard(due_soon_days=61), "due_soon_days"),
    ],
)
def test_set_standard_refuses_a_bad_standard_and_writes_nothing(
    services: Services,
    admin: Actor,
    schedule: ScheduleService,
    standard: SupervisionStandard,
    field: str,
) -> None:
    set_up_organisation(services, admin)
    before = schedule.standard(admin)
    with pytest.raises(ValidationError) as exc:
        schedule.set_standard(admin, standard)
    assert exc.value.message_for(field)
    assert schedule.standard(admin) == before


def test_only_managers_set_the_standard(
    services: Services, admin: Actor, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    with pytest.raises(AccessDenied):
        schedule.set_standard(SUPERVISOR, SupervisionStandard(default_interval_days=14))
    assert schedule.standard(SUPERVISOR).default_interval_days == 28


# -- everyone's status ----------------------------------------------------------------------


@pytest.fixture
def crafted(
    services: Services,
    admin: Actor,
    database: Database,
    absences: AbsenceService,
) -> dict[str, int]:
    """People in every state, under the default standard (28 days, 14 for starters, 7 soon)."""
    set_up_organisation(services, admin)
    team = services.teams.create(admin, "Outreach")
    boss = add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    add_session(database, boss.id, ago(2))

    def person(name: str, **kwargs: Any) -> int:
        kwargs.setdefault("team_id", team.id)
        kwargs.setdefault("supervisor_id", boss.id)
        return add_person(services, admin, name, **kwargs).id

    ids = {"boss": boss.id}
    ids["very_overdue"] = person("Vic Very")
    add_session(database, ids["very_overdue"], ago(100))
    ids["overdue"] = person("Olu Over")
    add_session(database, ids["overdue"], ago(40))
    add_session(database, ids["overdue"], ago(10), SessionOutcome.CANCELLED_BY_SUPERVISOR)
    add_session(database, ids["overdue"], ago(-3))  # a "held" session in the future is ignored
    ids["new_overdue"] = person("Nia New", start=ago(20))
    ids["due_soon"] = person("Dee Soon")
    add_session(database, ids["due_soon"], ago(25))
    ids["new_due_soon"] = person("Ned Newer", start=ago(10))
    ids["up_to_date"] = person("Uma Upto")
    add_session(database, ids["up_to_date"], ago(5))
    add_session(database, ids["up_to_date"], ago(33))
    ids["absent"] = person("Abe Away")
    add_session(database, ids["absent"], ago(60))
    absences.add(admin, ids["absent"], ago(30), None, "Sick leave")
    ids["not_started"] = person("Nat Later", start=ago(-10))
    ids["leaver"] = person("Lee Left", start=LONG_AGO, end=ago(1), reason="New job")
    ids["leaving_today"] = person("Tod Today", start=LONG_AGO, end=TODAY, reason="New job")
    add_session(database, ids["leaving_today"], ago(50))
    ids["no_team"] = person("Zed Alone", team_id=None, supervisor_id=None)
    add_session(database, ids["no_team"], ago(14))
    return ids


def test_statuses_of_crafted_people(
    crafted: dict[str, int], schedule: ScheduleService, admin: Actor
) -> None:
    rows = {row.staff_id: row for row in schedule.overview(admin)}
    assert crafted["leaver"] not in rows

    def check(name: str, state: S, due: dt.date | None, overdue: int = 0) -> None:
        row = rows[crafted[name]]
        assert (row.status, row.due_date, row.days_overdue) == (state, due, overdue), name

    check("very_overdue", S.OVERDUE, ago(72), 72)
    check("overdue", S.OVERDUE, ago(12), 12)
    check("new_overdue", S.OVERDUE, ago(6), 6)
    check("due_soon", S.DUE_SOON, ago(-3))
    check("new_due_soon", S.DUE_SOON, ago(-4))
    check("up_to_date", S.UP_TO_DATE, ago(-23))
    check("absent", S.ABSENT, None)
    check("not_started", S.NOT_STARTED, ago(-24))
    check("leaving_today", S.OVERDUE, ago(22), 22)

    overdue = rows[crafted["overdue"]]
    assert overdue.last_held == ago(40)
    assert overdue.full_name == "Olu Over"
    assert overdue.team_name == "Outreach"
    assert overdue.supervisor_name == "Amara Okafor"
    assert overdue.supervisor_id == crafted["boss"]
    assert overdue.role_category is RoleCategory.PEER_WORKER
    assert rows[crafted["absent"]].last_held == ago(60)
    assert rows[crafted["new_overdue"]].last_held is None
    alone = rows[crafted["no_team"]]
    assert (alone.team_name, alone.supervisor_name, alone.team_id) == ("", "", None)


def test_overview_order(crafted: dict[str, int], schedule: ScheduleService, admin: Actor) -> None:
    names = {v: k for k, v in crafted.items()}
    order = [names[row.staff_id] for row in schedule.overview(admin)]
    assert order == [
        "very_overdue",  # 72 days
        "leaving_today",  # 22 days
        "overdue",  # 12 days
        "new_overdue",  # 6 days
        "due_soon",  # in 3 days
        "new_due_soon",  # in 4 days
        "no_team",  # in 14 days
        "up_to_date",  # in 23 days
        "boss",  # in 26 days
        "absent",
        "not_started",
    ]


def test_ties_go_by_name(
    services: Services, admin: Actor, database: Database, schedule: ScheduleService
) -> None:
    for name in ("Cara", "Ali", "Bea"):
        add_session(database, add_person(services, admin, name).id, ago(30))
    assert [row.full_name for row in schedule.overview(admin)] == ["Ali", "Bea", "Cara"]


def test_counts(crafted: dict[str, int], schedule: ScheduleService, admin: Actor) -> None:
    counts = schedule.counts(admin)
    assert counts == ScheduleCounts(overdue=4, due_soon=2, up_to_date=3, absent=1, not_started=1)
    assert counts.total == 11
    assert count_statuses(schedule.overview(admin)) == counts


def test_counts_of_an_empty_register(schedule: ScheduleService, admin: Actor) -> None:
    assert schedule.counts(admin) == ScheduleCounts(0, 0, 0, 0, 0)
    assert schedule.overview(admin) == []


def test_overview_narrowed_to_a_team_or_a_supervisor(
    crafted: dict[str, int], schedule: ScheduleService, admin: Actor
) -> None:
    supervised = schedule.overview(admin, supervisor_id=crafted["boss"])
    assert crafted["no_team"] not in {row.staff_id for row in supervised}
    assert crafted["boss"] not in {row.staff_id for row in supervised}
    assert len(supervised) == 9
    team_id = supervised[0].team_id
    assert team_id is not None
    in_team = schedule.overview(admin, team_id=team_id)
    assert {row.staff_id for row in in_team} == {row.staff_id for row in supervised}


def test_one_person_and_a_leaver(
    crafted: dict[str, int], schedule: ScheduleService, admin: Actor
) -> None:
    assert schedule.person(admin, crafted["overdue"]).days_overdue == 12
    assert schedule.person(admin, crafted["absent"]).status is S.ABSENT
    assert schedule.person(admin, crafted["leaver"]).status is S.LEFT
    with pytest.raises(NotFound):
        schedule.person(admin, 9999)


def test_per_role_intervals_are_honoured(
    services: Services, admin: Actor, database: Database, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    volunteer = add_person(services, admin, "Val Volunteer", role=RoleCategory.VOLUNTEER).id
    peer = add_person(services, admin, "Pat Peer").id
    for person in (volunteer, peer):
        add_session(database, person, ago(40))
    rows = {row.staff_id: row for row in schedule.overview(admin)}
    assert rows[volunteer].status is rows[peer].status is S.OVERDUE

    with database.sessions.begin() as session:
        session.add(SupervisionInterval(role_category="volunteer", interval_days=56))
    rows = {row.staff_id: row for row in schedule.overview(admin)}
    assert (rows[volunteer].status, rows[volunteer].due_date) == (S.UP_TO_DATE, ago(-16))
    assert (rows[peer].status, rows[peer].due_date) == (S.OVERDUE, ago(12))


def test_changing_the_standard_changes_statuses_at_once(
    services: Services, admin: Actor, database: Database, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    person = add_person(services, admin, "Pat Peer").id
    add_session(database, person, ago(22))
    starter = add_person(services, admin, "Sal Starter", start=ago(5)).id
    assert schedule.person(admin, person).status is S.DUE_SOON  # due in 6 days
    assert schedule.person(admin, starter).status is S.UP_TO_DATE  # due in 9 days
    schedule.set_standard(admin, SupervisionStandard(default_interval_days=14, new_starter_days=3))
    assert schedule.person(admin, person).days_overdue == 8
    assert schedule.person(admin, starter).days_overdue == 2
    schedule.set_standard(admin, SupervisionStandard(default_interval_days=60, due_soon_days=0))
    assert schedule.person(admin, person).status is S.UP_TO_DATE


def test_coming_back_from_an_absence_restarts_the_clock(
    services: Services,
    admin: Actor,
    database: Database,
    schedule: ScheduleService,
    absences: AbsenceService,
) -> None:
    person = add_person(services, admin, "Ria Returner").id
    add_session(database, person, ago(100))
    absence = absences.add(admin, person, ago(80), None, "Parental leave")
    assert schedule.person(admin, person).status is S.ABSENT
    absences.end(admin, absence.id, ago(3))  # back two days ago
    row = schedule.person(admin, person)
    assert (row.status, row.due_date) == (S.UP_TO_DATE, ago(2 - 28))


def test_an_absence_taken_while_overdue_does_not_clear_the_debt(
    services: Services,
    admin: Actor,
    database: Database,
    schedule: ScheduleService,
    absences: AbsenceService,
) -> None:
    person = add_person(services, admin, "Oscar Owed").id
    add_session(database, person, ago(60))  # due 32 days ago
    absences.add(admin, person, ago(20), ago(10), "Annual leave")
    row = schedule.person(admin, person)
    assert (row.status, row.days_overdue) == (S.OVERDUE, 32)


# -- the service agrees with the rules on the full history ---------------------------------


_OUTCOMES = list(SessionOutcome)


def _random_population(rng: random.Random) -> dict[int, dict[str, Any]]:
    """Staff rows, sessions and absences for ~150 people of every kind, kept for checking."""
    people: dict[int, dict[str, Any]] = {}
    roles = list(RoleCategory)
    for index in range(150):
        staff_id = 1000 + index
        start = TODAY - dt.timedelta(days=rng.randint(-40, 900))
        end: dt.date | None = None
        if rng.random() < 0.2:
            end = start + dt.timedelta(days=rng.randint(0, 900))
        role = rng.choice(roles)
        sessions: list[tuple[dt.date, SessionOutcome]] = []
        day = start - dt.timedelta(days=rng.randint(0, 20))
        while day <= TODAY + dt.timedelta(days=20):
            day += dt.timedelta(days=rng.choice([7, 14, 21, 28, 30, 35, 45, 60, 90, 120]))
            outcome = SessionOutcome.HELD if rng.random() < 0.7 else rng.choice(_OUTCOMES)
            sessions.append((day, outcome))
        if rng.random() < 0.15:
            sessions = []
        absences: list[tuple[dt.date, dt.date | None]] = []
        first = start + dt.timedelta(days=rng.randint(-10, 200))
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            last = first + dt.timedelta(days=rng.randint(0, 90))
            open_ended = rng.random() < 0.25
            absences.append((first, None if open_ended else last))
            if open_ended:
                break
            first = last + dt.timedelta(days=rng.randint(1, 120))
        people[staff_id] = {
            "start": start,
            "end": end,
            "role": role,
            "sessions": sessions,
            "absences": absences,
        }
    return people


def _insert_population(database: Database, people: dict[int, dict[str, Any]]) -> None:
    staff_rows = [
        {
            "id": staff_id,
            "full_name": f"Person {staff_id}",
            "sort_name": f"person {staff_id}",
            "search_text": f"person {staff_id}",
            "role_category": p["role"].value,
            "employment_type": "permanent",
            "start_date": p["start"],
            "end_date": p["end"],
        }
        for staff_id, p in people.items()
    ]
    session_rows = [
        {
            "supervisee_id": staff_id,
            "session_date": day,
            "session_type": "reflective",
            "mode": "video",
            "outcome": outcome.value,
        }
        for staff_id, p in people.items()
        for day, outcome in p["sessions"]
    ]
    absence_rows = [
        {"staff_id": staff_id, "first_day": first, "last_day": last, "kind": "away"}
        for staff_id, p in people.items()
        for first, last in p["absences"]
    ]
    with database.sessions.begin() as session:
        session.execute(insert(StaffMember), staff_rows)
        session.execute(insert(SupervisionSession), session_rows)
        session.execute(insert(StaffAbsence), absence_rows)


def test_overview_agrees_with_the_rules_on_full_histories(
    services: Services, admin: Actor, database: Database
) -> None:
    rng = random.Random(20260615)
    set_up_organisation(services, admin)
    people = _random_population(rng)
    _insert_population(database, people)
    standard = SupervisionStandard(
        default_interval_days=28,
        interval_by_role={RoleCategory.VOLUNTEER: 56, RoleCategory.CLINICAL: 14},
        new_starter_days=10,
        due_soon_days=7,
    )
    ScheduleService(database.sessions, today=lambda: TODAY).set_standard(admin, standard)
    seen: set[S] = set()
    for offset in (0, 9, 23, 61):
        today = TODAY - dt.timedelta(days=offset)
        service = ScheduleService(database.sessions, today=fixed(today))
        rows = {row.staff_id: row for row in service.overview(admin)}
        for staff_id, p in people.items():
            schedule = PersonSchedule(
                start_date=p["start"],
                role_category=p["role"],
                end_date=p["end"],
                absences=p["absences"],
                held_dates=dates_held(p["sessions"]),
            )
            expected = status(schedule, standard, today)
            seen.add(expected.status)
            if expected.status is S.LEFT:
                assert staff_id not in rows
                row = service.person(admin, staff_id)
            else:
                row = rows.pop(staff_id)
            got = (row.status, row.due_date, row.days_overdue, row.last_held)
            assert got == (
                expected.status,
                expected.due_date,
                expected.days_overdue,
                expected.last_held,
            ), (staff_id, today, p)
        assert rows == {}
    assert seen == set(S)


# -- compliance -----------------------------------------------------------------------------

Q1_START = dt.date(2026, 1, 1)
Q1_END = dt.date(2026, 3, 31)  # 90 days: 3 sessions expected at 28 days


def test_compliance_per_team_with_a_leaver_and_capping(
    services: Services,
    admin: Actor,
    database: Database,
    schedule: ScheduleService,
    absences: AbsenceService,
) -> None:
    set_up_organisation(services, admin)
    alpha = services.teams.create(admin, "Alpha").id
    beta = services.teams.create(admin, "beta").id
    # Alpha: one supervised more often than needed (capped), one who left mid-period.
    keen = add_person(services, admin, "Keen", team_id=alpha).id
    for day in (5, 20, 40, 60, 80):
        add_session(database, keen, Q1_START + dt.timedelta(days=day))
    leaver = add_person(
        services, admin, "Leaver", team_id=alpha, end=dt.date(2026, 2, 11), reason="Moved"
    ).id  # 42 days employed: 1 expected
    add_session(database, leaver, dt.date(2026, 2, 20))  # after leaving: not counted
    # Beta: two of three held; a cancelled one and one outside the period do not count.
    steady = add_person(services, admin, "Steady", team_id=beta).id
    add_session(database, steady, dt.date(2026, 1, 20))
    add_session(database, steady, dt.date(2026, 2, 17), SessionOutcome.DID_NOT_ATTEND)
    add_session(database, steady, dt.date(2026, 3, 3))
    add_session(database, steady, dt.date(2026, 4, 3))
    # Beta: away for February, so 31 + 31 days at work: 2 expected, 1 held.
    away = add_person(services, admin, "Away", team_id=beta).id
    absences.add(admin, away, dt.date(2026, 2, 1), dt.date(2026, 2, 28), "Sick leave")
    add_session(database, away, dt.date(2026, 3, 10))
    # No team: started near the end (nothing expected), one held anyway.
    late = add_person(services, admin, "Late", start=dt.date(2026, 3, 20)).id
    add_session(database, late, dt.date(2026, 3, 25))
    # Not counted at all: left before the period, starts after it.
    add_person(services, admin, "Gone", end=dt.date(2025, 12, 31), reason="Retired")
    add_person(services, admin, "Future", start=dt.date(2026, 4, 1))

    report = schedule.compliance(admin, Q1_START, Q1_END)
    assert (report.period_start, report.period_end, report.people) == (Q1_START, Q1_END, 5)
    teams = [(t.team_name, t.people, t.compliance) for t in report.teams]
    assert teams == [
        ("Alpha", 2, Compliance(expected=4, held=5, counted=3)),
        ("beta", 2, Compliance(expected=5, held=3, counted=3)),
        (NO_TEAM, 1, Compliance(expected=0, held=1, counted=0)),
    ]
    assert report.teams[0].team_id == alpha
    assert report.teams[2].team_id is None
    assert report.overall == Compliance(expected=9, held=9, counted=6)
    assert report.overall.rate == pytest.approx(6 / 9)

    with pytest.raises(ValueError):
        schedule.compliance(admin, Q1_END, Q1_START)


def test_compliance_of_nobody(schedule: ScheduleService, admin: Actor) -> None:
    report = schedule.compliance(admin, Q1_START, Q1_END)
    assert report.teams == ()
    assert report.overall == Compliance(0, 0, 0)
    assert report.overall.rate is None


def test_compliance_uses_per_role_intervals(
    services: Services, admin: Actor, database: Database, schedule: ScheduleService
) -> None:
    set_up_organisation(services, admin)
    schedule.set_standard(admin, SupervisionStandard(interval_by_role={RoleCategory.VOLUNTEER: 45}))
    volunteer = add_person(services, admin, "Vol", role=RoleCategory.VOLUNTEER).id
    add_session(database, volunteer, dt.date(2026, 2, 1))
    report = schedule.compliance(admin, Q1_START, Q1_END)
    expected = compliance(
        PersonSchedule(
            start_date=LONG_AGO,
            role_category=RoleCategory.VOLUNTEER,
            held_dates=(dt.date(2026, 2, 1),),
        ),
        schedule.standard(admin),
        Q1_START,
        Q1_END,
    )
    assert report.overall == expected == Compliance(expected=2, held=1, counted=1)
