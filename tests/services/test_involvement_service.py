"""The involvement log service: adding, changing, listing, filtering and who may do what."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from peerdesk.domain.involvement import (
    InvolvementDetails,
    Outcome,
    PaymentKind,
    Stage,
    validate_involvement,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.demo_involvement import DEMO_ACTIVITIES, add_demo_involvement
from peerdesk.services.errors import NotFound
from peerdesk.services.involvement_views import InvolvementFilter
from peerdesk.store.database import Database
from tests.conftest import TODAY

MANAGER = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=None)
SAM = Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR, staff_id=None)
SUE = Actor(user_id=4, display_name="Sue Two", role=Role.SUPERVISOR, staff_id=None)

BASE = InvolvementDetails(
    held_on=dt.date(2026, 3, 10),
    title="Redesigned the peer support induction",
    details="Two workshops.",
    stage=Stage.DESIGN,
    staff_count=2,
    volunteer_count=1,
    service_user_count=6,
)


def details(**changes: object) -> InvolvementDetails:
    return replace(BASE, **changes)  # type: ignore[arg-type]


def test_add_get_update_and_delete(services: Services, admin: Actor) -> None:
    log = services.involvement
    added = log.add(
        admin,
        details(
            payment_kind=PaymentKind.VOUCHERS,
            payment_pence=12000,
            people_paid=6,
            benefits_advice_offered=True,
        ),
    )
    assert added.created_by == "Administrator"
    assert added.taking_part == 9
    got = log.get(admin, added.id)
    assert got.details.payment_pence == 12000 and got.details.benefits_advice_offered
    changed = log.update(
        admin,
        added.id,
        replace(got.details, outcome=Outcome.CHANGED, we_did="Shadowing day first."),
    )
    assert changed.details.outcome is Outcome.CHANGED
    assert log.get(admin, added.id).details.we_did == "Shadowing day first."
    log.delete(admin, added.id)
    with pytest.raises(NotFound):
        log.get(admin, added.id)
    with pytest.raises(NotFound):
        log.delete(admin, added.id)


def test_bad_details_are_refused_with_field_errors(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.involvement.add(
            admin, details(staff_count=0, volunteer_count=0, service_user_count=0)
        )
    assert caught.value.message_for("staff_count") == "Count at least one person who took part."
    assert services.involvement.list(admin) == []


def test_changes_are_recorded_in_the_audit_trail(services: Services, admin: Actor) -> None:
    added = services.involvement.add(admin, BASE)
    services.involvement.update(admin, added.id, details(staff_count=3))
    entries = services.audit.entries(admin, limit=10)
    actions = [(e.action, e.subject) for e in entries]
    assert ("added involvement activity", f"involvement activity {added.id}") in actions
    changed = next(e for e in entries if e.action == "changed involvement activity")
    assert changed.details == {"staff_count": {"before": 2, "after": 3}}
    # free text goes in by length only
    added_entry = next(e for e in entries if e.action == "added involvement activity")
    assert "Two workshops." not in str(added_entry.details)


def test_list_is_newest_first_and_filters(services: Services, admin: Actor) -> None:
    log = services.involvement
    old = log.add(
        admin,
        details(held_on=dt.date(2025, 1, 5), title="Old governance review", stage=Stage.GOVERNANCE),
    )
    mid = log.add(
        admin,
        details(
            held_on=dt.date(2025, 9, 1),
            title="Interview panel for peer worker posts",
            stage=Stage.RECRUITMENT,
            outcome=Outcome.NOT_CHANGED,
            we_did="Budget ran out.",
        ),
    )
    new = log.add(admin, details(held_on=dt.date(2026, 5, 1), title="Café feedback"))
    assert [r.id for r in log.list(admin)] == [new.id, mid.id, old.id]
    assert [r.id for r in log.list(admin, InvolvementFilter(stage=Stage.RECRUITMENT))] == [mid.id]
    assert [r.id for r in log.list(admin, InvolvementFilter(outcome=Outcome.PENDING))] == [
        new.id,
        old.id,
    ]
    period = InvolvementFilter(start=dt.date(2025, 1, 6), end=dt.date(2026, 4, 30))
    assert [r.id for r in log.list(admin, period)] == [mid.id]
    # the search looks in the title and the answer, ignoring case and accents
    assert [r.id for r in log.list(admin, InvolvementFilter(search="CAFE"))] == [new.id]
    assert [r.id for r in log.list(admin, InvolvementFilter(search="budget"))] == [mid.id]
    summary = log.summary(admin)
    assert (summary.count, summary.answered) == (3, 1)
    assert summary.text == "3 activities · £0.00 paid · 33% with a “you said, we did” answer"


def test_supervisors_add_and_change_only_their_own(services: Services, admin: Actor) -> None:
    log = services.involvement
    theirs = log.add(SAM, BASE)
    assert theirs.created_by == "Sam One" and theirs.may_edit and not theirs.may_delete
    log.update(SAM, theirs.id, details(title="Induction, second draft"))
    others = log.add(admin, BASE)
    assert not log.get(SAM, others.id).may_edit
    with pytest.raises(AccessDenied, match="only the activities they logged themselves"):
        log.update(SAM, others.id, details(title="Not mine"))
    with pytest.raises(AccessDenied):
        log.update(SUE, theirs.id, details(title="Not mine either"))
    with pytest.raises(AccessDenied, match="Only managers and administrators can delete"):
        log.delete(SAM, theirs.id)
    assert log.get(admin, theirs.id).title == "Induction, second draft"
    # every role reads the whole log
    assert len(log.list(SUE)) == 2


def test_a_supervisor_is_known_by_their_account_not_their_name(
    services: Services, admin: Actor
) -> None:
    log = services.involvement
    theirs = log.add(SAM, BASE)
    renamed = replace(SAM, display_name="Sam One-Ahmed")
    assert log.get(renamed, theirs.id).may_edit
    log.update(renamed, theirs.id, details(title="Still mine after marrying"))
    namesake = replace(SUE, display_name="Sam One")
    assert not log.get(namesake, theirs.id).may_edit
    with pytest.raises(AccessDenied, match="only the activities they logged themselves"):
        log.update(namesake, theirs.id, details(title="Same name, not mine"))
    assert log.get(admin, theirs.id).title == "Still mine after marrying"


def test_managers_change_and_delete_anything(services: Services, admin: Actor) -> None:
    log = services.involvement
    theirs = log.add(SAM, BASE)
    assert log.get(MANAGER, theirs.id).may_delete
    log.update(MANAGER, theirs.id, details(title="Tidied by a manager"))
    log.delete(MANAGER, theirs.id)
    assert log.list(admin) == []


def test_demo_activities_are_valid_and_cover_every_stage(
    services: Services, admin: Actor, database: Database
) -> None:
    with database.sessions.begin() as session:
        added = add_demo_involvement(session, TODAY, random.Random(3))
    records = services.involvement.list(admin)
    assert len(records) == added == len(DEMO_ACTIVITIES)
    assert {r.details.stage for r in records} == set(Stage)
    for record in records:  # every one passes the rules the form applies
        assert validate_involvement(record.details, TODAY) == record.details
    assert min(r.held_on for r in records) >= TODAY - dt.timedelta(days=18 * 31)
    answered = sum(1 for r in records if r.details.outcome.answered)
    assert answered > len(records) / 2
    paid = [r for r in records if r.details.payment_kind.paid]
    assert sum(1 for r in paid if r.details.benefits_advice_offered) > len(paid) / 2
