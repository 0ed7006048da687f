"""The policy register: its rules, its order, the reviews due and who may change it."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from peerdesk.domain.enums import PolicyStatus, RoleCategory
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.demo_policies import add_policy_demo
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.policy_views import PolicyCounts, PolicyDetails, PolicyReview
from peerdesk.store.database import Database
from peerdesk.store.models import Policy
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
S = PolicyStatus


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def details(title: str = "Supervision", **changes: object) -> PolicyDetails:
    fields: dict[str, object] = {
        "title": title,
        "status": S.APPROVED,
        "version": "3.1",
        "approved_on": ago(300),
        "next_review": ago(-65),
        "location": r"S:\Policies\Supervision policy.docx",
        "notes": "",
    }
    fields.update(changes)
    return PolicyDetails(**fields)  # type: ignore[arg-type]


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


# -- rules ----------------------------------------------------------------------------------


def test_add_and_get_clean_the_text(services: Services, admin: Actor) -> None:
    owner = add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    added = services.policies.add(
        admin,
        details(
            "  Lone   working ",
            version=" 2.0 ",
            owner_id=owner.id,
            notes="  Agreed by the board.\n",
        ),
    )
    got = services.policies.get(admin, added.id)
    assert got == added
    assert got.details.title == "Lone working"
    assert got.details.version == "2.0"
    assert got.details.notes == "Agreed by the board."
    assert got.owner_name == "Amara Okafor"
    assert got.owner_is_current
    assert got.days_until_review == 65
    assert not got.review_overdue


def test_a_title_is_required_and_unique_ignoring_case(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details("   "))
    assert problems(exc) == {"title": "Enter the policy's title."}
    services.policies.add(admin, details("Safeguarding adults"))
    with pytest.raises(Conflict, match="already a policy called “Safeguarding adults”"):
        services.policies.add(admin, details("SAFEGUARDING  adults"))
    other = services.policies.add(admin, details("Safeguarding children"))
    with pytest.raises(Conflict):
        services.policies.update(admin, other.id, details("safeguarding adults"))
    # a policy may keep (or re-case) its own title
    renamed = services.policies.update(admin, other.id, details("SAFEGUARDING CHILDREN"))
    assert renamed.title == "SAFEGUARDING CHILDREN"


def test_the_dates_must_make_sense(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(approved_on=ago(10), next_review=ago(11)))
    assert problems(exc) == {"next_review": "The review date cannot be before the approval date."}
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(approved_on=None))
    assert "approved_on" in problems(exc)
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(approved_on=ago(-1)))
    assert problems(exc) == {"approved_on": "The approval date cannot be in the future."}
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(status=S.DRAFT, approved_on=None, next_review=None))
    assert problems(exc) == {"next_review": "Enter the date of the next review."}
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(title="x" * 201, version="v" * 41, notes="n" * 5001))
    assert set(problems(exc)) == {"title", "version", "notes"}
    assert services.policies.list(admin, include_retired=True) == []  # nothing half-saved


def test_a_draft_needs_no_approval_date_and_a_retired_one_no_review(
    services: Services, admin: Actor
) -> None:
    draft = services.policies.add(admin, details("Social media", status=S.DRAFT, approved_on=None))
    assert draft.details.approved_on is None
    retired = services.policies.add(
        admin, details("Old lone working", status=S.RETIRED, next_review=None)
    )
    assert retired.details.next_review is None
    assert retired.days_until_review is None


def test_an_unknown_owner_or_policy(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as exc:
        services.policies.add(admin, details(owner_id=999))
    assert "owner_id" in problems(exc)
    with pytest.raises(NotFound, match="no longer in the register"):
        services.policies.get(admin, 999)
    with pytest.raises(NotFound):
        services.policies.update(admin, 999, details())


def test_an_owner_who_left_is_shown_as_such(services: Services, admin: Actor) -> None:
    gone = add_person(services, admin, "Gwen Davies", end=ago(20), reason="Retired")
    policy = services.policies.add(admin, details(owner_id=gone.id))
    assert policy.owner_name == "Gwen Davies"
    assert not policy.owner_is_current


# -- order and reviews -----------------------------------------------------------------------


def seed_register(services: Services, admin: Actor) -> dict[str, int]:
    made = {
        "later": details("Whistleblowing", next_review=ago(-200)),
        "soon": details("Boundaries", next_review=ago(-20)),
        "overdue": details("Lone working", next_review=ago(40)),
        "very_overdue": details("Expenses", approved_on=ago(800), next_review=ago(70)),
        "draft": details("Social media", status=S.DRAFT, approved_on=None, next_review=ago(-30)),
        "under_review": details("Supervision", status=S.UNDER_REVIEW, next_review=ago(5)),
        "retired": details("Gifts", status=S.RETIRED, next_review=None),
    }
    return {key: services.policies.add(admin, d).id for key, d in made.items()}


def test_the_list_puts_overdue_reviews_first_and_hides_retired(
    services: Services, admin: Actor
) -> None:
    ids = seed_register(services, admin)
    titles = [p.title for p in services.policies.list(admin)]
    assert titles == [
        "Expenses",
        "Lone working",
        "Supervision",
        "Boundaries",
        "Social media",
        "Whistleblowing",
    ]
    everything = services.policies.list(admin, include_retired=True)
    assert everything[-1].id == ids["retired"]
    assert everything[0].review_overdue
    assert everything[0].days_until_review == -70


def test_reviews_due_include_overdue_and_leave_out_retired(
    services: Services, admin: Actor
) -> None:
    ids = seed_register(services, admin)
    due = services.policies.reviews_due(admin, 30)
    assert [r.policy_id for r in due] == [
        ids["very_overdue"],
        ids["overdue"],
        ids["under_review"],
        ids["soon"],
        ids["draft"],
    ]
    assert due[0] == PolicyReview(
        policy_id=ids["very_overdue"],
        title="Expenses",
        owner_name="",
        next_review=ago(70),
        days_until=-70,
        status=S.APPROVED,
    )
    assert [r.policy_id for r in services.policies.reviews_due(admin, 0)] == [
        ids["very_overdue"],
        ids["overdue"],
        ids["under_review"],
    ]
    # another day, from the caller
    later = services.policies.reviews_due(admin, 0, today=ago(-25))
    assert ids["soon"] in [r.policy_id for r in later]
    with pytest.raises(ValueError):
        services.policies.reviews_due(admin, -1)


def test_counts(services: Services, admin: Actor) -> None:
    seed_register(services, admin)
    assert services.policies.counts(admin) == PolicyCounts(
        in_force=4, overdue_reviews=3, drafts=1, under_review=1, retired=1
    )


# -- review and retire -----------------------------------------------------------------------


def test_mark_reviewed_approves_a_new_version(services: Services, admin: Actor) -> None:
    ids = seed_register(services, admin)
    reviewed = services.policies.mark_reviewed(
        admin, ids["under_review"], approved_on=TODAY, version="4.0", next_review=ago(-365)
    )
    assert reviewed.details.status is S.APPROVED
    assert reviewed.details.version == "4.0"
    assert reviewed.details.approved_on == TODAY
    assert reviewed.days_until_review == 365
    with pytest.raises(ValidationError) as exc:
        services.policies.mark_reviewed(
            admin, ids["soon"], approved_on=TODAY, version="2", next_review=ago(1)
        )
    assert "next_review" in problems(exc)
    with pytest.raises(Conflict):
        services.policies.mark_reviewed(
            admin, ids["retired"], approved_on=TODAY, version="2", next_review=ago(-365)
        )


def test_retire_keeps_the_policy_and_says_when(services: Services, admin: Actor) -> None:
    ids = seed_register(services, admin)
    retired = services.policies.retire(admin, ids["soon"], ago(2))
    assert retired.details.status is S.RETIRED
    assert retired.details.next_review is None
    assert retired.details.notes.endswith("Retired on 13 June 2026.")
    assert ids["soon"] not in [r.policy_id for r in services.policies.reviews_due(admin, 365)]
    assert ids["soon"] not in [p.id for p in services.policies.list(admin)]
    with pytest.raises(Conflict, match="already retired"):
        services.policies.retire(admin, ids["soon"], TODAY)
    with pytest.raises(ValidationError) as exc:
        services.policies.retire(admin, ids["later"], ago(-1))
    assert "retired_on" in problems(exc)
    with pytest.raises(ValidationError) as exc:
        services.policies.retire(admin, ids["later"], ago(400))
    assert problems(exc) == {
        "retired_on": "A policy cannot be retired before the date it was approved."
    }


# -- who may change it -----------------------------------------------------------------------


def test_managers_change_the_register_and_supervisors_only_read_it(
    services: Services, admin: Actor
) -> None:
    added = services.policies.add(MANAGER, details())
    services.policies.update(MANAGER, added.id, replace(added.details, version="3.2"))
    with pytest.raises(AccessDenied):
        services.policies.add(SUPERVISOR, details("Whistleblowing"))
    with pytest.raises(AccessDenied):
        services.policies.update(SUPERVISOR, added.id, details())
    with pytest.raises(AccessDenied):
        services.policies.retire(SUPERVISOR, added.id, TODAY)
    with pytest.raises(AccessDenied):
        services.policies.mark_reviewed(
            SUPERVISOR, added.id, approved_on=TODAY, version="4", next_review=ago(-365)
        )
    assert [p.details.version for p in services.policies.list(SUPERVISOR)] == ["3.2"]
    assert services.policies.reviews_due(SUPERVISOR, 365)


# -- demo data -------------------------------------------------------------------------------


def demo_people(services: Services, admin: Actor, total: int) -> list[dict[str, object]]:
    """``total`` people as the demo hands them over; the first 24 (two of them managers)
    are in the register, so they can own policies."""
    rng = random.Random(3)
    real = [
        add_person(
            services,
            admin,
            f"Person {index}",
            role=RoleCategory.MANAGER if index in (1, 13) else RoleCategory.PEER_WORKER,
        ).id
        for index in range(1, 25)
    ]
    people: list[dict[str, object]] = []
    for index in range(total):
        person_id = real[index] if index < len(real) else real[-1] + index
        role = "manager" if index in (0, 12) else rng.choice(["peer_worker", "clinical"])
        people.append(
            {
                "id": person_id,
                "full_name": f"Person {index + 1}",
                "role_category": role,
                "employment_type": "permanent",
                "start_date": dt.date(2021, 1, 4),
                "end_date": ago(30) if index == 12 else None,
                "supervisor_id": real[0] if index else None,
                "team_id": None,
            }
        )
    return people


def test_the_demo_register_is_realistic_and_deterministic(
    services: Services, admin: Actor, database: Database
) -> None:
    people = demo_people(services, admin, 24)
    with database.sessions.begin() as session:
        added = add_policy_demo(session, random.Random(7), people, TODAY)
    assert 12 <= added <= 16
    policies = services.policies.list(admin, include_retired=True)
    assert len(policies) == added
    counts = services.policies.counts(admin)
    assert counts.retired == 1 and counts.drafts == 1 and counts.under_review == 1
    assert counts.overdue_reviews >= 2
    managers = {p["id"] for p in people if p["role_category"] == "manager" and not p["end_date"]}
    assert {p.details.owner_id for p in policies} <= managers | {None}
    assert all(p.details.version for p in policies)
    for p in policies:  # every one keeps the register's own rules
        d = p.details
        if d.status is not S.RETIRED:
            assert d.next_review is not None
        if d.approved_on and d.next_review:
            assert d.next_review >= d.approved_on
        if d.status is S.APPROVED:
            assert d.approved_on is not None and d.approved_on <= TODAY
    with database.sessions() as session:
        first = session.execute(select(Policy.title, Policy.version, Policy.next_review)).all()
    # the same seed gives the same register
    with database.sessions.begin() as session:
        session.query(Policy).delete()
        add_policy_demo(session, random.Random(7), people, TODAY)
    with database.sessions() as session:
        again = session.execute(select(Policy.title, Policy.version, Policy.next_review)).all()
    assert again == first


def test_the_demo_register_skips_titles_already_there_and_is_fast(
    services: Services, admin: Actor, database: Database
) -> None:
    services.policies.add(admin, details("Lone working"))
    people = demo_people(services, admin, 2000)
    start = time.perf_counter()
    with database.sessions.begin() as session:
        add_policy_demo(session, random.Random(1), people, TODAY)
    assert time.perf_counter() - start < 0.5
    titles = [p.title.casefold() for p in services.policies.list(admin, include_retired=True)]
    assert titles.count("lone working") == 1
