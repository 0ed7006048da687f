"""OrganisationService: setting the organisation up once and changing its details."""

from __future__ import annotations

import pytest

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict

SUPERVISOR = Actor(user_id=5, display_name="S", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="M", role=Role.MANAGER)

DETAILS = OrganisationDetails(
    name="Brighter Paths",
    charity_number="SC012345",
    supervision_interval_days=21,
    small_number_threshold=7,
    retention_years=8,
)


def test_nothing_set_up_at_first(services: Services, admin: Actor) -> None:
    assert services.organisation.get(admin) is None


def test_create_and_get(services: Services, admin: Actor) -> None:
    created = services.organisation.create(admin, DETAILS)
    assert created.details == DETAILS
    assert created.name == "Brighter Paths"
    fetched = services.organisation.get(admin)
    assert fetched == created


def test_create_stores_cleaned_details(services: Services, admin: Actor) -> None:
    created = services.organisation.create(
        admin, OrganisationDetails(name="  Brighter\x00  Paths ", charity_number=" sc012345 ")
    )
    fetched = services.organisation.get(admin)
    assert fetched is not None
    assert fetched.details == OrganisationDetails(name="Brighter Paths", charity_number="SC012345")
    assert fetched.details.supervision_interval_days == 28
    assert fetched.details.small_number_threshold == 5
    assert fetched.details.retention_years == 6
    assert created == fetched


def test_second_create_is_a_conflict(services: Services, admin: Actor) -> None:
    first = services.organisation.create(admin, DETAILS)
    with pytest.raises(Conflict) as exc:
        services.organisation.create(admin, OrganisationDetails(name="Another Charity"))
    assert "already been set up" in str(exc.value)
    assert services.organisation.get(admin) == first


def test_update(services: Services, admin: Actor) -> None:
    created = services.organisation.create(admin, DETAILS)
    changed = OrganisationDetails(
        name="Brighter Paths CIO",
        charity_number="1234567",
        supervision_interval_days=30,
        small_number_threshold=10,
        retention_years=7,
    )
    updated = services.organisation.update(admin, changed)
    assert updated.id == created.id
    assert updated.details == changed
    assert services.organisation.get(admin) == updated


def test_update_can_clear_the_charity_number(services: Services, admin: Actor) -> None:
    services.organisation.create(admin, DETAILS)
    services.organisation.update(admin, OrganisationDetails(name="Brighter Paths"))
    fetched = services.organisation.get(admin)
    assert fetched is not None
    assert fetched.details.charity_number == ""


def test_update_before_set_up_is_a_conflict(services: Services, admin: Actor) -> None:
    with pytest.raises(Conflict) as exc:
        services.organisation.update(admin, DETAILS)
    assert "Set the organisation up first." in str(exc.value)
    assert services.organisation.get(admin) is None


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (OrganisationDetails(name=""), "name"),
        (OrganisationDetails(name="X", charity_number="<b>"), "charity_number"),
        (OrganisationDetails(name="X", supervision_interval_days=0), "supervision_interval_days"),
        (OrganisationDetails(name="X", small_number_threshold=1), "small_number_threshold"),
        (OrganisationDetails(name="X", retention_years=101), "retention_years"),
    ],
)
def test_invalid_create_is_refused_and_nothing_stored(
    services: Services, admin: Actor, details: OrganisationDetails, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.organisation.create(admin, details)
    assert [e.field for e in exc.value.errors] == [field]
    assert services.organisation.get(admin) is None


def test_invalid_update_is_refused_and_changes_nothing(services: Services, admin: Actor) -> None:
    created = services.organisation.create(admin, DETAILS)
    with pytest.raises(ValidationError) as exc:
        services.organisation.update(
            admin, OrganisationDetails(name="New name", supervision_interval_days=366)
        )
    assert exc.value.message_for("supervision_interval_days") is not None
    assert services.organisation.get(admin) == created


@pytest.mark.parametrize("actor", [SUPERVISOR, MANAGER], ids=["supervisor", "manager"])
def test_only_the_administrator_sets_the_organisation_up(
    services: Services, admin: Actor, actor: Actor
) -> None:
    with pytest.raises(AccessDenied):
        services.organisation.create(actor, DETAILS)
    assert services.organisation.get(admin) is None
    services.organisation.create(admin, DETAILS)
    with pytest.raises(AccessDenied):
        services.organisation.update(actor, OrganisationDetails(name="Taken over"))
    fetched = services.organisation.get(actor)
    assert fetched is not None
    assert fetched.name == "Brighter Paths"
