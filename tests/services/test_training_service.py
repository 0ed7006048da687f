"""The training service: catalogue, records, the matrix, what expires, needs raised in
supervision, and the demo training data."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from peerdesk.domain.enums import CourseKind, RoleCategory, SessionMode, SessionType
from peerdesk.domain.enums import TrainingStatus as S
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.training import (
    CellState,
    add_months,
    cell_text,
    expiry_date,
    normalise_record,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.demo_training import DEMO_COURSES, add_training_demo
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.training_service import TrainingService
from peerdesk.services.training_views import CourseDetails, CourseInfo, RecordDetails
from peerdesk.store.database import Database
from peerdesk.store.models import StaffMember, TrainingRecord
from tests.conftest import TODAY

SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
R = RoleCategory


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def training(services: Services) -> TrainingService:
    return services.training


def add_course(
    training: TrainingService,
    name: str,
    months: int | None = 36,
    *,
    kind: CourseKind = CourseKind.MANDATORY,
    roles: tuple[RoleCategory, ...] = (),
) -> CourseInfo:
    return training.add_course(
        MANAGER, CourseDetails(name=name, kind=kind, validity_months=months, applies_to=roles)
    )


def done(course: CourseInfo, on: dt.date, **changes: object) -> RecordDetails:
    return replace(
        RecordDetails(course_id=course.id, status=S.COMPLETED, completed_on=on), **changes
    )


def booking(course: CourseInfo, on: dt.date) -> RecordDetails:
    return RecordDetails(course_id=course.id, status=S.BOOKED, requested_on=ago(5), booked_for=on)


def request(course: CourseInfo, on: dt.date | None = None) -> RecordDetails:
    return RecordDetails(course_id=course.id, status=S.REQUESTED, requested_on=on or ago(3))


def held_session(services: Services, staff_id: int, on: dt.date, **changes: object) -> int:
    details = SessionDetails(
        supervisee_id=staff_id,
        supervisor_id=None,
        session_date=on,
        session_type=SessionType.LINE_MANAGEMENT,
        mode=SessionMode.IN_PERSON,
        duration_minutes=60,
    )
    return services.supervision.create_session(
        Actor.local_administrator(), replace(details, **changes)
    ).id


# -- the catalogue ------------------------------------------------------------------------


def test_add_and_list_courses_by_kind_then_name(training: TrainingService) -> None:
    add_course(training, "Zest for leadership", None, kind=CourseKind.DEVELOPMENT)
    add_course(training, "Suicide prevention", 24, kind=CourseKind.ROLE_SPECIFIC)
    lone = add_course(training, "Lone working", 24, roles=(R.VOLUNTEER, R.PEER_WORKER))
    add_course(training, "Data protection", 12)
    names = [c.name for c in training.courses(MANAGER)]
    assert names == ["Data protection", "Lone working", "Suicide prevention", "Zest for leadership"]
    assert lone.applies_to == (R.PEER_WORKER, R.VOLUNTEER)
    assert training.course(SUPERVISOR, lone.id) == lone


def test_course_names_are_unique_ignoring_case_and_accents(training: TrainingService) -> None:
    first = add_course(training, "Équality and inclusion")
    with pytest.raises(ValidationError) as exc:
        add_course(training, "  equality AND inclusion ")
    assert exc.value.message_for("name") == (
        "There is already a course called “Équality and inclusion”."
    )
    # renaming a course to its own name in other letters is fine
    renamed = training.update_course(
        MANAGER, first.id, replace(first.details, name="Equality and inclusion")
    )
    assert renamed.name == "Equality and inclusion"


def test_only_managers_change_the_catalogue(training: TrainingService) -> None:
    with pytest.raises(AccessDenied):
        training.add_course(SUPERVISOR, CourseDetails("Fire safety", CourseKind.MANDATORY, 12))
    course = add_course(training, "Fire safety", 12)
    with pytest.raises(AccessDenied):
        training.retire_course(SUPERVISOR, course.id)


def test_retire_and_restore(training: TrainingService) -> None:
    course = add_course(training, "Fire safety", 12)
    retired = training.retire_course(MANAGER, course.id)
    assert retired.retired
    assert training.courses(MANAGER) == []
    assert [c.id for c in training.courses(MANAGER, include_retired=True)] == [course.id]
    with pytest.raises(Conflict):
        training.retire_course(MANAGER, course.id)
    assert not training.restore_course(MANAGER, course.id).retired


def test_unknown_course(training: TrainingService) -> None:
    with pytest.raises(NotFound):
        training.update_course(MANAGER, 999, CourseDetails("X", CourseKind.MANDATORY))


def test_changing_validity_recomputes_stored_expiry(
    training: TrainingService, register: dict[str, StaffRecord]
) -> None:
    course = add_course(training, "First aid at work", 36)
    record = training.add_record(MANAGER, register["zoe"].id, done(course, dt.date(2024, 1, 31)))
    assert record.expires_on == dt.date(2027, 1, 31)
    training.update_course(MANAGER, course.id, replace(course.details, validity_months=1))
    assert training.record(MANAGER, record.id).expires_on == dt.date(2024, 2, 29)
    training.update_course(MANAGER, course.id, replace(course.details, validity_months=None))
    assert training.record(MANAGER, record.id).expires_on is None


# -- a person's records ---------------------------------------------------------------------


def test_expiry_is_computed_and_stored_on_save(
    training: TrainingService, register: dict[str, StaffRecord], database: Database
) -> None:
    course = add_course(training, "Data protection", 12)
    record = training.add_record(MANAGER, register["zoe"].id, done(course, dt.date(2026, 1, 31)))
    assert record.expires_on == dt.date(2027, 1, 31)
    with database.sessions() as session:
        stored = session.scalar(select(TrainingRecord.expires_on))
    assert stored == dt.date(2027, 1, 31)
    assert record.state_text == "Valid to 31 Jan 2027"


def test_records_newest_first_with_course_state_and_session(
    training: TrainingService, services: Services, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    safeguarding = add_course(training, "Safeguarding adults", 36)
    data = add_course(training, "Data protection", 12)
    old = training.add_record(MANAGER, zoe, done(data, dt.date(2024, 3, 1)))
    new = training.add_record(MANAGER, zoe, done(data, ago(20)))
    session_id = held_session(services, zoe, ago(40))
    booked = training.add_record(
        MANAGER,
        zoe,
        replace(
            booking(safeguarding, TODAY + dt.timedelta(days=18)), raised_in_session_id=session_id
        ),
    )
    records = training.records_for(MANAGER, zoe)
    assert [r.id for r in records] == [booked.id, new.id, old.id]
    assert [r.state_text for r in records] == [
        "Booked for 3 Jul 2026",
        "Valid to 26 May 2027",
        "Expired 1 Mar 2025",
    ]
    assert records[0].course_name == "Safeguarding adults"
    assert records[0].raised_in_session_date == ago(40)
    assert records[1].raised_in_session_date is None


def test_records_of_someone_not_in_the_register(training: TrainingService) -> None:
    with pytest.raises(NotFound):
        training.records_for(MANAGER, 999)


def test_add_record_validates(training: TrainingService, register: dict[str, StaffRecord]) -> None:
    course = add_course(training, "Data protection", 12)
    with pytest.raises(ValidationError) as exc:
        training.add_record(MANAGER, register["zoe"].id, done(course, TODAY + dt.timedelta(days=1)))
    assert exc.value.message_for("completed_on") == "The completion date cannot be in the future."
    assert training.records_for(MANAGER, register["zoe"].id) == []


def test_a_record_cannot_use_a_retired_course_or_someone_elses_session(
    training: TrainingService, services: Services, register: dict[str, StaffRecord]
) -> None:
    course = add_course(training, "Data protection", 12)
    training.retire_course(MANAGER, course.id)
    with pytest.raises(ValidationError) as exc:
        training.add_record(MANAGER, register["zoe"].id, request(course))
    assert exc.value.message_for("course_id") == (
        "Data protection has been retired: choose another course."
    )
    other = add_course(training, "Lone working", 24)
    bens_session = held_session(services, register["ben"].id, ago(10))
    with pytest.raises(ValidationError) as exc:
        training.add_record(
            MANAGER,
            register["zoe"].id,
            replace(request(other), raised_in_session_id=bens_session),
        )
    assert exc.value.message_for("raised_in_session_id") == (
        "Choose one of this person's own supervision sessions."
    )


def test_editing_a_record_of_a_course_since_retired_is_allowed(
    training: TrainingService, register: dict[str, StaffRecord]
) -> None:
    course = add_course(training, "Data protection", 12)
    record = training.add_record(MANAGER, register["zoe"].id, booking(course, ago(-9)))
    training.retire_course(MANAGER, course.id)
    updated = training.update_record(MANAGER, record.id, done(course, ago(1)))
    assert updated.status is S.COMPLETED


def test_complete_a_booking(training: TrainingService, register: dict[str, StaffRecord]) -> None:
    course = add_course(training, "Data protection", 12)
    record = training.add_record(MANAGER, register["zoe"].id, booking(course, ago(2)))
    assert record.expires_on is None
    updated = training.update_record(
        MANAGER, record.id, replace(record.details, status=S.COMPLETED, completed_on=ago(2))
    )
    assert updated.expires_on == add_months(ago(2), 12)
    assert updated.details.booked_for == ago(2)
    assert updated.state_text == "Valid to 13 Jun 2027"


def test_cancel_record(training: TrainingService, register: dict[str, StaffRecord]) -> None:
    course = add_course(training, "Data protection", 12)
    record = training.add_record(MANAGER, register["zoe"].id, booking(course, ago(-9)))
    cancelled = training.cancel_record(MANAGER, record.id)
    assert cancelled.status is S.CANCELLED
    assert cancelled.state_text == "Cancelled"
    with pytest.raises(Conflict):
        training.cancel_record(MANAGER, record.id)
    completed = training.add_record(MANAGER, register["zoe"].id, done(course, ago(9)))
    with pytest.raises(Conflict, match="cannot be cancelled"):
        training.cancel_record(MANAGER, completed.id)
    with pytest.raises(NotFound):
        training.cancel_record(MANAGER, 999)


def test_record_writes_need_a_supervisor_or_manager(
    training: TrainingService, register: dict[str, StaffRecord]
) -> None:
    course = add_course(training, "Data protection", 12)
    nobody = Actor(user_id=9, display_name="Guest", role="guest")  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        training.add_record(nobody, register["zoe"].id, request(course))
    assert training.add_record(MANAGER, register["zoe"].id, request(course)).id


# -- needs raised in supervision ----------------------------------------------------------


def test_raise_need_links_a_request_to_the_session(
    training: TrainingService, services: Services, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    course = add_course(
        training, "Recovery college co-facilitation", None, kind=CourseKind.ROLE_SPECIFIC
    )
    session_id = held_session(services, zoe, ago(6))
    record = training.raise_need(MANAGER, session_id, course.id, "  Wants to co-facilitate. ")
    assert record.staff_id == zoe
    assert record.status is S.REQUESTED
    assert record.details.requested_on == ago(6)
    assert record.details.raised_in_session_id == session_id
    assert record.raised_in_session_date == ago(6)
    assert record.details.notes == "Wants to co-facilitate."
    assert training.records_for(MANAGER, zoe) == [record]


def test_raise_need_for_a_missing_session_or_course(
    training: TrainingService, services: Services, register: dict[str, StaffRecord]
) -> None:
    course = add_course(training, "Lone working", 24)
    with pytest.raises(NotFound):
        training.raise_need(MANAGER, 999, course.id)
    session_id = held_session(services, register["zoe"].id, ago(6))
    with pytest.raises(ValidationError):
        training.raise_need(MANAGER, session_id, 999)
    with pytest.raises(AccessDenied):
        training.raise_need(Actor(1, "x", "guest"), session_id, course.id)  # type: ignore[arg-type]


def test_sessions_for_link_are_held_ones_newest_first(
    training: TrainingService, services: Services, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    first = held_session(services, zoe, ago(60))
    second = held_session(services, zoe, ago(30))
    held_session(
        services,
        zoe,
        ago(2),
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISOR,
        outcome_reason="Off sick.",
        duration_minutes=None,
    )
    held_session(services, register["ben"].id, ago(1))
    links = training.sessions_for_link(MANAGER, zoe)
    assert [(s.id, s.session_date) for s in links] == [(second, ago(30)), (first, ago(60))]


# -- the matrix ---------------------------------------------------------------------------


@pytest.fixture
def catalogue(training: TrainingService) -> dict[str, CourseInfo]:
    return {
        "safeguarding": add_course(training, "Safeguarding adults", 36),
        "first_aid": add_course(training, "First aid at work", 36, roles=(R.MANAGER, R.CLINICAL)),
        "data": add_course(training, "Data protection", 12),
        "ips": add_course(training, "IPS core", None, kind=CourseKind.ROLE_SPECIFIC),
    }


def test_matrix_content_and_counts(
    training: TrainingService, register: dict[str, StaffRecord], catalogue: dict[str, CourseInfo]
) -> None:
    c = catalogue
    amara, zoe, ben = register["amara"].id, register["zoe"].id, register["ben"].id
    siobhan, gone = register["siobhan"].id, register["gone"].id
    add = training.add_record
    add(MANAGER, amara, done(c["safeguarding"], dt.date(2025, 3, 3)))
    add(MANAGER, amara, done(c["first_aid"], add_months(TODAY + dt.timedelta(days=12), -36)))
    add(MANAGER, amara, done(c["data"], dt.date(2025, 5, 2)))  # expired 2 May 2026
    add(MANAGER, zoe, done(c["safeguarding"], dt.date(2021, 1, 4)))  # long expired ...
    add(MANAGER, zoe, done(c["safeguarding"], dt.date(2024, 1, 4)))  # ... but renewed
    add(MANAGER, zoe, done(c["data"], dt.date(2025, 2, 1)))
    add(MANAGER, zoe, booking(c["data"], dt.date(2026, 7, 3)))
    add(MANAGER, ben, booking(c["safeguarding"], dt.date(2026, 7, 3)))
    add(MANAGER, ben, request(c["data"]))
    add(MANAGER, siobhan, done(c["first_aid"], dt.date(2026, 1, 5)))
    add(MANAGER, gone, done(c["safeguarding"], dt.date(2024, 1, 4)))  # a leaver
    add(MANAGER, zoe, done(c["ips"], dt.date(2024, 1, 4)))  # not a mandatory course

    matrix = training.matrix(MANAGER)
    assert [course.name for course in matrix.courses] == [
        "Data protection",
        "First aid at work",
        "Safeguarding adults",
    ]
    texts = {row.full_name: [cell_text(cell, TODAY) for cell in row.cells] for row in matrix.rows}
    assert texts == {
        "Amara Okafor": ["Expired 2 May", "Expires in 12 days", "Valid to 3 Mar 2028"],
        "Ben Carter": ["Requested", "Not required", "Booked 3 Jul"],
        "Siobhán Kelly": ["Missing", "Valid to 5 Jan 2029", "Missing"],
        "Tomás Herrera": ["Missing", "Not required", "Missing"],
        "Zoë Łukasiewicz": ["Expired, rebooked for 3 Jul", "Not required", "Valid to 4 Jan 2027"],
    }
    assert list(texts) == [row.full_name for row in matrix.rows]  # by name
    counts = {
        course.name: (n.compliant, n.required)
        for course, n in zip(matrix.courses, matrix.compliance, strict=True)
    }
    assert counts == {
        "Data protection": (0, 5),
        "First aid at work": (2, 2),
        "Safeguarding adults": (2, 5),
    }
    assert matrix.compliance[1].percent == 100
    assert matrix.text(0, 1) == "Expires in 12 days"


def test_matrix_filters_by_team_and_role(
    training: TrainingService,
    services: Services,
    register: dict[str, StaffRecord],
    catalogue: dict[str, CourseInfo],
) -> None:
    training.add_record(MANAGER, register["zoe"].id, done(catalogue["data"], ago(5)))
    training.add_record(MANAGER, register["amara"].id, done(catalogue["data"], ago(5)))
    outreach = register["zoe"].details.team_id
    by_team = training.matrix(MANAGER, team_id=outreach)
    assert [r.full_name for r in by_team.rows] == ["Ben Carter", "Zoë Łukasiewicz"]
    assert by_team.compliance[0].compliant == 1
    assert by_team.rows[1].team_name == "Outreach"
    by_role = training.matrix(MANAGER, role_category=R.MANAGER)
    assert [r.full_name for r in by_role.rows] == ["Amara Okafor"]
    assert [(n.compliant, n.required) for n in by_role.compliance] == [(1, 1), (0, 1), (0, 1)]
    none = training.matrix(MANAGER, role_category=R.VOLUNTEER)
    assert none.rows == () and none.compliance[0].percent is None


def test_matrix_leaves_out_retired_courses_and_cancelled_records(
    training: TrainingService, register: dict[str, StaffRecord], catalogue: dict[str, CourseInfo]
) -> None:
    record = training.add_record(MANAGER, register["zoe"].id, booking(catalogue["data"], ago(-9)))
    training.cancel_record(MANAGER, record.id)
    training.retire_course(MANAGER, catalogue["first_aid"].id)
    matrix = training.matrix(MANAGER)
    assert [c.name for c in matrix.courses] == ["Data protection", "Safeguarding adults"]
    zoe = next(row for row in matrix.rows if row.staff_id == register["zoe"].id)
    assert zoe.cells[0].state is CellState.MISSING


def test_matrix_with_an_empty_catalogue(
    training: TrainingService, register: dict[str, StaffRecord]
) -> None:
    matrix = training.matrix(MANAGER)
    assert matrix.courses == () and len(matrix.rows) == 5
    assert all(row.cells == () for row in matrix.rows)


# -- what expires -------------------------------------------------------------------------


def test_expiring_rules(
    training: TrainingService, register: dict[str, StaffRecord], catalogue: dict[str, CourseInfo]
) -> None:
    c = catalogue
    add = training.add_record
    zoe, amara, siobhan = register["zoe"].id, register["amara"].id, register["siobhan"].id
    suicide = add_course(training, "Suicide prevention", 24, kind=CourseKind.ROLE_SPECIFIC)
    growth = add_course(training, "Leadership", 12, kind=CourseKind.DEVELOPMENT)
    add(MANAGER, zoe, done(c["data"], dt.date(2025, 5, 2)))  # expired 2 May: listed
    add(MANAGER, zoe, booking(c["data"], dt.date(2026, 7, 3)))  # ... and rebooked
    add(MANAGER, zoe, done(suicide, dt.date(2024, 7, 20)))  # expires 20 Jul: listed
    add(MANAGER, zoe, done(growth, dt.date(2025, 6, 1)))  # development: never listed
    add(MANAGER, amara, done(c["data"], dt.date(2025, 5, 2)))  # expired ...
    add(MANAGER, amara, done(c["data"], dt.date(2026, 5, 2)))  # ... but renewed
    add(MANAGER, amara, done(c["safeguarding"], dt.date(2023, 9, 1)))  # in 78 days: not yet
    add(MANAGER, siobhan, done(c["first_aid"], dt.date(2023, 6, 15)))  # expires today
    add(MANAGER, register["gone"].id, done(c["data"], dt.date(2025, 5, 2)))  # a leaver
    add(MANAGER, zoe, done(c["ips"], dt.date(2020, 5, 2)))  # never expires

    expiring = training.expiring(MANAGER, 60)
    assert [
        (e.full_name, e.course, e.expires_on, e.days_until, e.rebooked_for) for e in expiring
    ] == [
        ("Zoë Łukasiewicz", "Data protection", dt.date(2026, 5, 2), -44, dt.date(2026, 7, 3)),
        ("Siobhán Kelly", "First aid at work", TODAY, 0, None),
        ("Zoë Łukasiewicz", "Suicide prevention", dt.date(2026, 7, 20), 35, None),
    ]
    assert expiring[0].is_expired and not expiring[1].is_expired
    assert [e.full_name for e in training.expiring(MANAGER, 90)][-1] == "Amara Okafor"
    assert len(training.expiring(MANAGER, 0)) == 2
    with pytest.raises(ValueError):
        training.expiring(MANAGER, -1)


def test_expiring_respects_who_a_course_applies_to(
    training: TrainingService, register: dict[str, StaffRecord], catalogue: dict[str, CourseInfo]
) -> None:
    # Zoë (a peer worker) did first aid although it is only required of managers and
    # clinical staff: her certificate running out is nobody's concern
    training.add_record(
        MANAGER, register["zoe"].id, done(catalogue["first_aid"], dt.date(2023, 1, 1))
    )
    assert training.expiring(MANAGER, 60) == []


# -- demo data ----------------------------------------------------------------------------


def _people(database: Database) -> list[dict[str, object]]:
    with database.sessions() as session:
        return [
            dict(row._mapping)
            for row in session.execute(
                select(
                    StaffMember.id,
                    StaffMember.full_name,
                    StaffMember.role_category,
                    StaffMember.employment_type,
                    StaffMember.start_date,
                    StaffMember.end_date,
                    StaffMember.supervisor_id,
                    StaffMember.team_id,
                ).order_by(StaffMember.id)
            )
        ]


def test_demo_training_is_realistic_and_deterministic(
    database: Database, services: Services, admin: Actor
) -> None:
    generate_demo(database.sessions, admin, staff=120, months=12, seed=3, today=TODAY)
    people = _people(database)
    with database.sessions.begin() as session:
        written = add_training_demo(session, random.Random(5), people, TODAY)
    assert written > 600
    training = services.training
    courses = training.courses(admin)
    assert len(courses) == len(DEMO_COURSES) == 13
    assert sum(c.kind is CourseKind.MANDATORY for c in courses) == 8
    matrix = training.matrix(admin)
    states = {cell.state for row in matrix.rows for cell in row.cells}
    assert states >= {
        CellState.VALID,
        CellState.EXPIRING_SOON,
        CellState.EXPIRED,
        CellState.BOOKED,
        CellState.REQUESTED,
        CellState.MISSING,
        CellState.NOT_REQUIRED,
    }
    rate = sum(n.compliant for n in matrix.compliance) / sum(n.required for n in matrix.compliance)
    assert 0.6 < rate < 0.95
    expiring = training.expiring(admin, 60)
    assert any(e.is_expired for e in expiring) and any(not e.is_expired for e in expiring)
    assert any(e.rebooked_for for e in expiring)
    with database.sessions() as session:
        linked = session.scalar(
            select(func.count(TrainingRecord.id)).where(
                TrainingRecord.raised_in_session_id.is_not(None)
            )
        )
    assert linked and linked >= 2

    # every record keeps the rules the service applies, and its stored expiry is right
    validity = {c.id: c.validity_months for c in courses}
    with database.sessions() as session:
        for row in session.scalars(select(TrainingRecord)):
            details = RecordDetails(
                course_id=row.course_id,
                status=S(row.status),
                requested_on=row.requested_on,
                booked_for=row.booked_for,
                completed_on=row.completed_on,
                notes=row.notes,
                raised_in_session_id=row.raised_in_session_id,
            )
            assert normalise_record(details, TODAY) == details
            expected = expiry_date(row.completed_on, validity[row.course_id])
            assert row.expires_on == (expected if row.status == S.COMPLETED else None)

    # the same generator gives the same records; existing courses are reused
    with database.sessions.begin() as session:
        again = add_training_demo(session, random.Random(5), people, TODAY)
    assert again == written
    assert len(training.courses(admin)) == 13


def test_demo_training_for_2000_staff_is_fast(database: Database, admin: Actor) -> None:
    generate_demo(database.sessions, admin, staff=2000, months=12, seed=11, today=TODAY)
    people = _people(database)
    started = time.perf_counter()
    with database.sessions.begin() as session:
        written = add_training_demo(session, random.Random(11), people, TODAY)
    assert time.perf_counter() - started < 2.0  # well under a second on a normal laptop
    assert written > 10_000
