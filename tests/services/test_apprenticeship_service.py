"""Apprenticeships through the service: hours, reviews, outcome, the overview and demo data."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from peerdesk.domain.apprenticeship import ApprenticeshipDetails
from peerdesk.domain.enums import ApprenticeshipOutcome, EmploymentType, RoleCategory
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.apprenticeship_service import ApprenticeshipService
from peerdesk.services.bundle import Services
from peerdesk.services.demo_apprenticeships import add_apprenticeship_demo
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.store.database import Database
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    OffTheJobHours,
    StaffMember,
)
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
START = dt.date(2026, 3, 2)  # a Monday; TODAY (15 Jun 2026) is 15 weeks and 1 day on
Outcome = ApprenticeshipOutcome


def details(**changes: Any) -> ApprenticeshipDetails:
    d = ApprenticeshipDetails(
        programme="Peer Worker (Level 3) apprenticeship standard",
        provider="Northgate Training Partnership",
        start_date=START,
        planned_end_date=dt.date(2027, 6, 1),
        required_weekly_hours=6.0,
    )
    return replace(d, **changes)


@pytest.fixture
def apprenticeships(services: Services) -> ApprenticeshipService:
    return services.apprenticeships


@pytest.fixture
def ben(services: Services, admin: Actor) -> int:
    return add_person(
        services, admin, "Ben Carter", role=RoleCategory.PEER_APPRENTICE, start=START
    ).id


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_start_and_read_back(apprenticeships: ApprenticeshipService, ben: int) -> None:
    assert apprenticeships.for_person(SUPERVISOR, ben) == []
    info = apprenticeships.start(MANAGER, ben, details(programme="  Peer  Worker "))
    assert info.details.programme == "Peer Worker"
    assert info.is_open and info.outcome is None
    assert info.progress.hours_expected == 15 * 6
    assert info.progress.status_text == "Behind by 90 hours: 0 of 90 hours"
    assert info.next_review == START + dt.timedelta(weeks=12)
    assert info.review_overdue  # 25 May 2026 has passed
    assert apprenticeships.for_person(MANAGER, ben) == [info]
    assert apprenticeships.get(MANAGER, info.id) == info


def test_writes_need_a_supervisor_or_manager(
    apprenticeships: ApprenticeshipService, ben: int
) -> None:
    reader = Actor(user_id=9, display_name="Rae Reader", role="trustee")  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        apprenticeships.start(reader, ben, details())
    info = apprenticeships.start(MANAGER, ben, details())
    with pytest.raises(AccessDenied):
        apprenticeships.log_hours(reader, info.id, START, 3, "")
    with pytest.raises(AccessDenied):
        apprenticeships.record_outcome(reader, info.id, Outcome.ENDED, TODAY, "")


def test_validation_and_unknown_people(apprenticeships: ApprenticeshipService, ben: int) -> None:
    with pytest.raises(ValidationError) as exc:
        apprenticeships.start(
            MANAGER, ben, details(programme="", planned_end_date=START, required_weekly_hours=0)
        )
    assert set(messages(exc)) == {"programme", "planned_end_date", "required_weekly_hours"}
    with pytest.raises(NotFound, match="no longer in the register"):
        apprenticeships.start(MANAGER, 9999, details())
    with pytest.raises(NotFound):
        apprenticeships.for_person(SUPERVISOR, 9999)
    assert apprenticeships.for_person(SUPERVISOR, ben) == []  # nothing half-saved


def test_log_and_remove_hours(apprenticeships: ApprenticeshipService, ben: int) -> None:
    info = apprenticeships.start(MANAGER, ben, details())
    first = apprenticeships.log_hours(MANAGER, info.id, START, 6, "  Study   day ")
    assert first.activity == "Study day"
    apprenticeships.log_hours(MANAGER, info.id, TODAY, 2.5, "Online module")
    mistake = apprenticeships.log_hours(MANAGER, info.id, TODAY - dt.timedelta(days=3), 24, "")
    for back, hours in ((4, 24), (5, 24), (6, 12)):
        apprenticeships.log_hours(MANAGER, info.id, TODAY - dt.timedelta(days=back), hours, "")
    entries = apprenticeships.hours(SUPERVISOR, info.id)
    assert [e.hours for e in entries] == [2.5, 24, 24, 24, 12, 6]  # newest first
    progress = apprenticeships.get(SUPERVISOR, info.id).progress
    assert (progress.hours_logged, progress.this_week, progress.last_four_weeks) == (
        92.5,
        2.5,
        86.5,
    )
    assert progress.status_text == "On track: 92.5 of 90 hours"

    apprenticeships.remove_hours(MANAGER, mistake.id)
    progress = apprenticeships.get(SUPERVISOR, info.id).progress
    assert progress.status_text == "Behind by 21.5 hours: 68.5 of 90 hours"
    assert len(apprenticeships.hours(SUPERVISOR, info.id)) == 5
    with pytest.raises(NotFound, match="no longer recorded"):
        apprenticeships.remove_hours(MANAGER, mistake.id)


def test_hours_are_checked(apprenticeships: ApprenticeshipService, ben: int) -> None:
    info = apprenticeships.start(MANAGER, ben, details())
    with pytest.raises(ValidationError) as exc:
        apprenticeships.log_hours(MANAGER, info.id, TODAY + dt.timedelta(days=1), 30, "")
    assert messages(exc) == {
        "day": "Hours cannot be logged for a day in the future.",
        "hours": "Enter between 0.25 and 24 hours for one day.",
    }
    with pytest.raises(ValidationError) as exc:
        apprenticeships.log_hours(MANAGER, info.id, START - dt.timedelta(days=1), 3, "")
    assert "before the apprenticeship started" in messages(exc)["day"]
    with pytest.raises(NotFound, match="That apprenticeship is no longer recorded"):
        apprenticeships.log_hours(MANAGER, 9999, TODAY, 3, "")
    assert apprenticeships.hours(SUPERVISOR, info.id) == []


def test_reviews_set_the_next_one(apprenticeships: ApprenticeshipService, ben: int) -> None:
    info = apprenticeships.start(MANAGER, ben, details())
    review = apprenticeships.add_review(
        MANAGER, info.id, dt.date(2026, 5, 26), "  Going well. ", dt.date(2026, 8, 18)
    )
    assert review.notes == "Going well."
    apprenticeships.add_review(MANAGER, info.id, dt.date(2026, 4, 1), "Earlier", None)
    assert [r.review_date for r in apprenticeships.reviews(SUPERVISOR, info.id)] == [
        dt.date(2026, 5, 26),
        dt.date(2026, 4, 1),
    ]
    current = apprenticeships.get(SUPERVISOR, info.id)
    assert current.next_review == dt.date(2026, 8, 18)
    assert not current.review_overdue
    assert (current.reviews_held, current.last_review) == (2, dt.date(2026, 5, 26))

    with pytest.raises(ValidationError) as exc:
        apprenticeships.add_review(MANAGER, info.id, TODAY, "", TODAY)
    assert messages(exc) == {"next_review": "The next review must be after the date of this one."}

    apprenticeships.remove_review(MANAGER, review.id)
    assert apprenticeships.get(SUPERVISOR, info.id).next_review is None  # the April one set none
    with pytest.raises(NotFound):
        apprenticeships.remove_review(MANAGER, review.id)


def test_outcome_closes_it_and_allows_another(
    apprenticeships: ApprenticeshipService, ben: int
) -> None:
    first = apprenticeships.start(MANAGER, ben, details())
    with pytest.raises(Conflict, match="already has an apprenticeship in progress"):
        apprenticeships.start(MANAGER, ben, details(start_date=dt.date(2026, 4, 1)))
    apprenticeships.log_hours(MANAGER, first.id, dt.date(2026, 3, 10), 6, "")
    with pytest.raises(ValidationError) as exc:
        apprenticeships.record_outcome(MANAGER, first.id, Outcome.MOVED_ON, dt.date(2026, 3, 9), "")
    assert messages(exc) == {
        "outcome_on": "Hours are logged up to 10 Mar 2026: the outcome date cannot be before that."
    }
    ended = apprenticeships.record_outcome(
        MANAGER, first.id, Outcome.MOVED_ON, dt.date(2026, 3, 13), " Left for college. "
    )
    assert (ended.outcome, ended.outcome_on, ended.outcome_notes) == (
        Outcome.MOVED_ON,
        dt.date(2026, 3, 13),
        "Left for college.",
    )
    assert not ended.is_open and ended.next_review is None and not ended.review_overdue
    assert ended.progress.hours_expected == pytest.approx(6 + 6 * 5 / 7, abs=0.01)
    with pytest.raises(ValidationError) as exc:
        apprenticeships.log_hours(MANAGER, first.id, dt.date(2026, 3, 14), 3, "")
    assert "hours cannot be logged after that" in messages(exc)["day"]

    second = apprenticeships.start(MANAGER, ben, details(start_date=dt.date(2026, 4, 6)))
    people = apprenticeships.for_person(SUPERVISOR, ben)
    assert [a.id for a in people] == [second.id, first.id]  # the one in progress first

    corrected = apprenticeships.record_outcome(
        MANAGER, first.id, Outcome.JOB_OFFERED, dt.date(2026, 3, 20), ""
    )
    assert corrected.outcome is Outcome.JOB_OFFERED
    apprenticeships.record_outcome(MANAGER, second.id, Outcome.ENDED, TODAY, "")
    people = apprenticeships.for_person(SUPERVISOR, ben)
    assert [a.id for a in people] == [second.id, first.id]  # newest first when none is open


def test_update_keeps_records_consistent(apprenticeships: ApprenticeshipService, ben: int) -> None:
    info = apprenticeships.start(MANAGER, ben, details())
    apprenticeships.log_hours(MANAGER, info.id, dt.date(2026, 3, 4), 6, "")
    changed = apprenticeships.update(
        MANAGER, info.id, details(required_weekly_hours=7.5, provider="Eastmere")
    )
    assert changed.details.required_weekly_hours == 7.5
    assert changed.progress.hours_expected == 15 * 7.5
    with pytest.raises(ValidationError) as exc:
        apprenticeships.update(MANAGER, info.id, details(start_date=dt.date(2026, 3, 5)))
    assert messages(exc) == {
        "start_date": "Hours are logged on 4 Mar 2026: the start date cannot be after that."
    }
    assert apprenticeships.get(MANAGER, info.id).details.start_date == START
    with pytest.raises(NotFound):
        apprenticeships.update(MANAGER, 9999, details())


def test_overview_lists_current_apprentices_with_behind_by(
    services: Services, admin: Actor, apprenticeships: ApprenticeshipService, ben: int
) -> None:
    ada = add_person(services, admin, "Ada Ahmed", start=START).id
    gone = add_person(
        services, admin, "Gwen Davies", start=START, end=dt.date(2026, 6, 1), reason="Moved on"
    ).id
    done = add_person(services, admin, "Cal Done", start=START).id
    ben_app = apprenticeships.start(MANAGER, ben, details())
    ada_app = apprenticeships.start(
        MANAGER, ada, details(start_date=dt.date(2026, 6, 1), required_weekly_hours=5)
    )
    apprenticeships.start(MANAGER, gone, details())
    done_app = apprenticeships.start(MANAGER, done, details())
    apprenticeships.record_outcome(MANAGER, done_app.id, Outcome.JOB_OFFERED, TODAY, "")
    apprenticeships.log_hours(MANAGER, ben_app.id, dt.date(2026, 3, 3), 24, "")
    apprenticeships.log_hours(MANAGER, ben_app.id, dt.date(2026, 6, 1), 24, "")
    apprenticeships.log_hours(MANAGER, ada_app.id, dt.date(2026, 6, 2), 11, "")
    apprenticeships.add_review(MANAGER, ben_app.id, dt.date(2026, 6, 1), "", dt.date(2026, 9, 1))

    rows = apprenticeships.overview(MANAGER)
    assert [(r.full_name, r.hours_expected, r.hours_logged, r.behind_by) for r in rows] == [
        ("Ada Ahmed", 10, 11, 0),
        ("Ben Carter", 90, 48, 42),
    ]
    ada_row, ben_row = rows
    assert (ada_row.next_review, ada_row.review_overdue) == (dt.date(2026, 8, 24), False)
    assert (ben_row.next_review, ben_row.review_overdue) == (dt.date(2026, 9, 1), False)
    assert ben_row.staff_id == ben and ben_row.apprenticeship_id == ben_app.id
    # as of an earlier day: Gwen had not left, Ada had not started, less was expected
    earlier = apprenticeships.overview(MANAGER, today=dt.date(2026, 3, 15))
    assert [(r.full_name, r.hours_expected, r.hours_logged) for r in earlier] == [
        ("Ada Ahmed", 0, 0),
        ("Ben Carter", 12, 24),
        ("Gwen Davies", 12, 0),
    ]


def test_reviews_due(
    services: Services, admin: Actor, apprenticeships: ApprenticeshipService, ben: int
) -> None:
    ada = add_person(services, admin, "Ada Ahmed", start=START).id
    ben_app = apprenticeships.start(MANAGER, ben, details())  # first review 25 May: overdue
    ada_app = apprenticeships.start(MANAGER, ada, details(start_date=dt.date(2026, 4, 6)))
    due = apprenticeships.reviews_due(MANAGER, 13)
    assert [(r.full_name, r.due_on, r.days_until) for r in due] == [
        ("Ben Carter", dt.date(2026, 5, 25), -21)
    ]
    assert due[0].apprenticeship_id == ben_app.id
    later = apprenticeships.reviews_due(MANAGER, 30)
    assert [r.apprenticeship_id for r in later] == [ben_app.id, ada_app.id]  # 29 Jun for Ada
    apprenticeships.add_review(MANAGER, ben_app.id, TODAY, "", None)
    assert [r.apprenticeship_id for r in apprenticeships.reviews_due(MANAGER, 30)] == [ada_app.id]
    with pytest.raises(ValueError):
        apprenticeships.reviews_due(MANAGER, -1)


# -- demo data ----------------------------------------------------------------------------


def demo_people(count: int) -> list[dict[str, Any]]:
    rng = random.Random(4)
    people: list[dict[str, Any]] = []
    for index in range(count):
        apprentice = index % 10 == 0
        leaver = apprentice and index % 30 == 0
        length = rng.choice((365, 456, 548, 730))
        start = TODAY - dt.timedelta(days=rng.randint(10, 700))
        end: dt.date | None = None
        if apprentice:
            end = start + dt.timedelta(days=length)
            if leaver:
                end = TODAY - dt.timedelta(days=rng.randint(1, 300))
                start = end - dt.timedelta(days=length)
        people.append(
            {
                "id": index + 1,
                "full_name": f"Person {index}",
                "role_category": (
                    RoleCategory.PEER_APPRENTICE.value if apprentice else "peer_worker"
                ),
                "employment_type": (
                    EmploymentType.APPRENTICESHIP.value if apprentice else "permanent"
                ),
                "start_date": start,
                "end_date": end,
                "supervisor_id": None,
                "team_id": None,
            }
        )
    return people


def insert_people(database: Database, people: list[dict[str, Any]]) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with database.sessions.begin() as session:
        session.add_all(
            StaffMember(
                id=p["id"],
                full_name=p["full_name"],
                role_category=p["role_category"],
                employment_type=p["employment_type"],
                start_date=p["start_date"],
                end_date=p["end_date"],
                sort_name=p["full_name"].lower(),
                search_text=p["full_name"].lower(),
                created_at=now,
                updated_at=now,
            )
            for p in people
        )


def test_demo_apprenticeships_are_plausible_and_deterministic(
    database: Database, services: Services
) -> None:
    people = demo_people(2000)
    insert_people(database, people)
    started = time.perf_counter()
    with database.sessions.begin() as session:
        added = add_apprenticeship_demo(session, random.Random(7), people, TODAY)
    elapsed = time.perf_counter() - started
    assert added == 200
    assert elapsed < 1.0

    by_id = {p["id"]: p for p in people}
    with database.sessions() as session:
        rows = list(session.scalars(select(Apprenticeship)))
        hours = list(session.scalars(select(OffTheJobHours)))
        reviews = list(session.scalars(select(ApprenticeshipReview)))
    outcomes = [row.outcome for row in rows if row.outcome is not None]
    assert len(outcomes) == sum(1 for p in people if p["end_date"] and p["end_date"] < TODAY)
    assert set(outcomes) <= {o.value for o in Outcome}
    assert outcomes.count(Outcome.JOB_OFFERED.value) > len(outcomes) / 3
    starts = {row.id: row for row in rows}
    for row in rows:
        person = by_id[row.staff_id]
        assert person["start_date"] <= row.start_date <= TODAY
        assert 360 <= (row.planned_end_date - row.start_date).days <= 18 * 31
        assert 5 <= row.required_weekly_hours <= 7.5
        assert "Northgate" in row.provider or "Eastmere" in row.provider
        if row.outcome is not None:
            assert row.outcome_on == person["end_date"]
    for entry in hours:
        a = starts[entry.apprenticeship_id]
        assert a.start_date <= entry.day <= min(TODAY, a.outcome_on or TODAY)
        assert 0.25 <= entry.hours <= 24
    for review in reviews:
        a = starts[review.apprenticeship_id]
        assert a.start_date < review.review_date <= TODAY
        assert review.next_review is not None and review.next_review > review.review_date

    overview = services.apprenticeships.overview(Actor.local_administrator())
    behind = [row for row in overview if row.behind_by > 6]
    assert 0 < len(behind) < len(overview) / 2  # some apprentices behind, most not

    with database.sessions.begin() as session:  # the same random numbers: the same data
        session.query(OffTheJobHours).delete()
        session.query(ApprenticeshipReview).delete()
        session.query(Apprenticeship).delete()
        add_apprenticeship_demo(session, random.Random(7), people, TODAY)
    with database.sessions() as session:
        again = list(session.scalars(select(OffTheJobHours)))
    assert [(h.day, h.hours, h.activity) for h in again] == [
        (h.day, h.hours, h.activity) for h in hours
    ]
