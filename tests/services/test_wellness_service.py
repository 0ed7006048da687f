"""Wellness action plans: one each, in the person's words, seen only by those it allows."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, insert, select

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.demo_policies import add_wellness_demo
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.wellness_views import NOT_ALLOWED, WellnessDetails, WellnessReview
from peerdesk.store.database import Database
from peerdesk.store.models import StaffMember, WellnessPlan
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


PLAN = WellnessDetails(
    keeps_me_well="A walk at lunchtime.",
    early_signs="I go quiet in team meetings.",
    what_helps="Ask me privately. Not in front of the team.",
    who_to_contact="My supervisor, by text first.",
    agreed_on=ago(100),
    review_date=ago(-80),
)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, StaffRecord]:
    """Amara supervises Ben and Zoe; Siobhan supervises Tomas; Gwen left."""
    made: dict[str, StaffRecord] = {}
    made["amara"] = add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    made["siobhan"] = add_person(services, admin, "Siobhan Kelly", role=RoleCategory.CLINICAL)
    made["ben"] = add_person(services, admin, "Ben Carter", supervisor_id=made["amara"].id)
    made["zoe"] = add_person(services, admin, "Zoe Lukas", supervisor_id=made["amara"].id)
    made["tomas"] = add_person(services, admin, "Tomas Herrera", supervisor_id=made["siobhan"].id)
    made["gwen"] = add_person(
        services,
        admin,
        "Gwen Davies",
        supervisor_id=made["amara"].id,
        start=dt.date(2020, 1, 6),
        end=ago(30),
        reason="Moved away",
    )
    return made


def as_person(record: StaffRecord, role: Role = Role.SUPERVISOR) -> Actor:
    return Actor(
        user_id=record.id + 100,
        display_name=record.details.full_name,
        role=role,
        staff_id=record.id,
    )


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


# -- saving ---------------------------------------------------------------------------------


def test_one_plan_per_person_created_then_updated(services: Services, admin: Actor, people) -> None:
    ben = people["ben"].id
    assert services.wellness.get(admin, ben) is None
    first = services.wellness.save(admin, ben, replace(PLAN, keeps_me_well="  A walk.\r\n  "))
    assert first.details.keeps_me_well == "A walk."
    assert first.staff_id == ben
    second = services.wellness.save(admin, ben, replace(PLAN, early_signs="I stop joking."))
    assert second.id == first.id
    got = services.wellness.get(admin, ben)
    assert got is not None
    assert got.details == replace(PLAN, early_signs="I stop joking.")
    assert got.updated_at >= got.created_at


def test_validation(services: Services, admin: Actor, people) -> None:
    ben = people["ben"].id
    with pytest.raises(ValidationError) as exc:
        services.wellness.save(admin, ben, replace(PLAN, review_date=ago(101)))
    assert problems(exc) == {
        "review_date": "The review date cannot be before the date it was agreed."
    }
    with pytest.raises(ValidationError) as exc:
        services.wellness.save(admin, ben, replace(PLAN, agreed_on=None))
    assert problems(exc) == {"agreed_on": "Enter the date the plan was agreed."}
    with pytest.raises(ValidationError) as exc:
        services.wellness.save(admin, ben, replace(PLAN, agreed_on=ago(-1), review_date=None))
    assert "agreed_on" in problems(exc)
    with pytest.raises(ValidationError) as exc:
        services.wellness.save(admin, ben, WellnessDetails(agreed_on=TODAY))
    assert problems(exc) == {
        "keeps_me_well": "Write at least one part of the plan before saving it."
    }
    too_long = "x" * 5001
    with pytest.raises(ValidationError) as exc:
        services.wellness.save(
            admin, ben, replace(PLAN, what_helps=too_long, who_to_contact=too_long)
        )
    assert set(problems(exc)) == {"what_helps", "who_to_contact"}
    assert "keep it to 5000 characters" in problems(exc)["what_helps"]
    # exactly at the limit is fine; no review date is fine
    services.wellness.save(admin, ben, replace(PLAN, what_helps="y" * 5000, review_date=None))
    with pytest.raises(NotFound):
        services.wellness.save(admin, 999, PLAN)


# -- the access rule ----------------------------------------------------------------------


def test_an_administrator_may_read_and_write_anyone_s_plan(
    services: Services, admin: Actor, people
) -> None:
    services.wellness.save(admin, people["tomas"].id, PLAN)
    assert services.wellness.get(admin, people["tomas"].id) is not None


def test_the_person_themselves_may_read_and_write(services: Services, people) -> None:
    ben = as_person(people["ben"])
    saved = services.wellness.save(ben, people["ben"].id, PLAN)
    assert services.wellness.get(ben, people["ben"].id) == saved
    with pytest.raises(AccessDenied):
        services.wellness.get(ben, people["zoe"].id)  # a colleague's plan is not theirs


def test_their_supervisor_may_read_and_write(services: Services, admin: Actor, people) -> None:
    amara = as_person(people["amara"], Role.MANAGER)
    services.wellness.save(amara, people["ben"].id, PLAN)
    got = services.wellness.get(amara, people["ben"].id)
    assert got is not None and got.details == PLAN


def test_another_supervisor_is_refused(services: Services, admin: Actor, people) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    siobhan = as_person(people["siobhan"])
    with pytest.raises(AccessDenied) as exc:
        services.wellness.get(siobhan, people["ben"].id)
    assert str(exc.value) == NOT_ALLOWED
    with pytest.raises(AccessDenied):
        services.wellness.save(siobhan, people["ben"].id, replace(PLAN, early_signs="changed"))
    with pytest.raises(AccessDenied):
        services.wellness.review_due_for(siobhan, people["ben"].id)
    plan = services.wellness.get(admin, people["ben"].id)
    assert plan is not None and plan.details == PLAN  # nothing changed


def test_a_manager_who_is_not_their_supervisor_is_refused(
    services: Services, admin: Actor, people
) -> None:
    services.wellness.save(admin, people["tomas"].id, PLAN)
    amara = as_person(people["amara"], Role.MANAGER)  # a manager, but not Tomas's supervisor
    with pytest.raises(AccessDenied):
        services.wellness.get(amara, people["tomas"].id)
    with pytest.raises(AccessDenied):
        services.wellness.save(amara, people["tomas"].id, PLAN)
    unlinked = Actor(user_id=9, display_name="Office manager", role=Role.MANAGER)
    with pytest.raises(AccessDenied):
        services.wellness.get(unlinked, people["tomas"].id)


# -- reviews ------------------------------------------------------------------------------


def seed_reviews(services: Services, admin: Actor, people) -> None:
    dates = {
        "ben": ago(10),  # overdue
        "zoe": ago(-5),  # due soon
        "tomas": ago(-14),  # due in exactly two weeks
        "amara": ago(-40),  # not yet
        "gwen": ago(20),  # overdue, but she left
    }
    for key, review in dates.items():
        services.wellness.save(
            admin, people[key].id, replace(PLAN, agreed_on=ago(200), review_date=review)
        )
    services.wellness.save(admin, people["siobhan"].id, replace(PLAN, review_date=None))


def test_reviews_due_for_current_staff_overdue_first(
    services: Services, admin: Actor, people
) -> None:
    seed_reviews(services, admin, people)
    due = services.wellness.reviews_due(admin, 14)
    assert [r.full_name for r in due] == ["Ben Carter", "Zoe Lukas", "Tomas Herrera"]
    assert due[0] == WellnessReview(
        plan_id=due[0].plan_id,
        staff_id=people["ben"].id,
        full_name="Ben Carter",
        supervisor_name="Amara Okafor",
        review_date=ago(10),
        days_until=-10,
    )
    assert [r.full_name for r in services.wellness.reviews_due(admin, 0)] == ["Ben Carter"]
    with pytest.raises(ValueError):
        services.wellness.reviews_due(admin, -1)


def test_reviews_due_list_only_the_plans_the_actor_may_read(
    services: Services, admin: Actor, people
) -> None:
    seed_reviews(services, admin, people)
    amara = as_person(people["amara"], Role.MANAGER)
    # her supervisees and her own plan, never Tomas's
    assert [r.full_name for r in services.wellness.reviews_due(amara, 60)] == [
        "Ben Carter",
        "Zoe Lukas",
        "Amara Okafor",
    ]
    tomas = as_person(people["tomas"])
    assert [r.full_name for r in services.wellness.reviews_due(tomas, 60)] == ["Tomas Herrera"]
    nobody = Actor(user_id=9, display_name="Office manager", role=Role.MANAGER)
    assert services.wellness.reviews_due(nobody, 60) == []


def test_review_due_for_the_session_notice(services: Services, admin: Actor, people) -> None:
    seed_reviews(services, admin, people)
    due_for = services.wellness.review_due_for
    assert due_for(admin, people["ben"].id) == ago(10)
    assert due_for(admin, people["zoe"].id) == ago(-5)
    assert due_for(admin, people["tomas"].id) == ago(-14)
    assert due_for(admin, people["amara"].id) is None  # 40 days away
    assert due_for(admin, people["siobhan"].id) is None  # no review date
    assert due_for(admin, people["amara"].id, today=ago(-30)) == ago(-40)
    assert due_for(as_person(people["amara"]), people["ben"].id) == ago(10)
    fresh = add_person(services, admin, "New Starter")
    assert due_for(admin, fresh.id) is None  # no plan at all


# -- demo data ------------------------------------------------------------------------------


def test_the_demo_plans_cover_about_half_of_current_staff(
    services: Services, admin: Actor, database: Database
) -> None:
    manager = add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    people: list[dict[str, object]] = [
        {
            "id": manager.id,
            "full_name": "Amara Okafor",
            "role_category": "manager",
            "employment_type": "permanent",
            "start_date": dt.date(2019, 1, 7),
            "end_date": None,
            "supervisor_id": None,
            "team_id": None,
        }
    ]
    for index in range(80):
        end = ago(10) if index % 10 == 0 else None
        start = ago(-20) if index % 25 == 3 else dt.date(2022, 5, 3) + dt.timedelta(days=index * 9)
        record = add_person(
            services,
            admin,
            f"Person {index}",
            start=min(start, TODAY),
            end=end,
            reason="Moved on" if end else "",
            supervisor_id=manager.id,
        )
        people.append(
            {
                "id": record.id,
                "full_name": f"Person {index}",
                "role_category": "peer_worker",
                "employment_type": "permanent",
                "start_date": start,
                "end_date": end,
                "supervisor_id": manager.id,
                "team_id": None,
            }
        )
    with database.sessions.begin() as session:
        added = add_wellness_demo(session, random.Random(4), people, TODAY)
    current = [p for p in people if p["end_date"] is None and p["start_date"] <= TODAY]
    assert 0.3 * len(current) <= added <= 0.7 * len(current)
    leavers = {p["id"] for p in people if p["end_date"] is not None}
    plans = {pid: services.wellness.get(admin, pid) for pid in (p["id"] for p in people)}
    with_plan = {pid: plan for pid, plan in plans.items() if plan is not None}
    assert len(with_plan) == added
    assert not leavers & set(with_plan)
    for plan in with_plan.values():
        d = plan.details
        assert d.agreed_on is not None and d.agreed_on <= TODAY
        assert d.review_date is None or d.review_date >= d.agreed_on
        assert d.keeps_me_well and d.early_signs and d.what_helps
        assert "Amara Okafor" in d.who_to_contact or "duty manager" in d.who_to_contact
        for part in (d.keeps_me_well, d.early_signs, d.what_helps, d.who_to_contact):
            assert re.search(r"\b(I|I'm|I'd|my|me|My)\b", part), part  # their own voice
    assert services.wellness.reviews_due(admin, 14)  # some due or overdue
    # the same seed again writes the same plans: a fresh run would match
    with database.sessions.begin() as session:
        session.query(WellnessPlan).delete()
        again = add_wellness_demo(session, random.Random(4), people, TODAY)
    assert again == added
    redone = {pid: services.wellness.get(admin, pid) for pid in with_plan}
    assert {pid: plan.details for pid, plan in with_plan.items()} == {
        pid: plan.details for pid, plan in redone.items() if plan is not None
    }


def test_the_demo_plans_are_fast_for_a_large_register(database: Database) -> None:
    people = [
        {
            "id": 10_000 + index,
            "full_name": f"Person {index}",
            "role_category": "peer_worker",
            "employment_type": "permanent",
            "start_date": dt.date(2021, 1, 4),
            "end_date": None,
            "supervisor_id": 10_000,
            "team_id": None,
        }
        for index in range(2000)
    ]
    staff = [{**p, "sort_name": p["full_name"], "search_text": p["full_name"]} for p in people]
    with database.sessions.begin() as session:
        session.execute(insert(StaffMember), staff)
        start = time.perf_counter()
        added = add_wellness_demo(session, random.Random(1), people, TODAY)
        elapsed = time.perf_counter() - start
    assert 800 <= added <= 1200
    assert elapsed < 0.5
    with database.sessions() as session:
        assert session.scalar(select(func.count(WellnessPlan.id))) == added
