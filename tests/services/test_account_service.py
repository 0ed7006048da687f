"""Accounts: administrators manage them; a password is a key slot; one admin always stays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from peerdesk.domain.validation import ValidationError
from peerdesk.services.account_service import AccountService, UserDetails
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import make_services, services_for
from peerdesk.services.errors import Conflict
from peerdesk.services.sign_in import SignedIn, SignInRefused, SignInService
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

PASSWORD = "correct horse battery"


@pytest.fixture
def service(tmp_path: Path) -> SignInService:
    return SignInService(tmp_path / "data" / "peerdesk.db")


@pytest.fixture
def signed(service: SignInService) -> Iterator[SignedIn]:
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    yield signed
    service.sign_out(signed)


@pytest.fixture
def accounts(signed: SignedIn) -> AccountService:
    return services_for(signed, today=lambda: TODAY).accounts


def test_an_administrator_adds_a_supervisor_who_can_then_sign_in(
    service: SignInService, signed: SignedIn, accounts: AccountService
) -> None:
    services = make_services(signed.database.sessions, today=lambda: TODAY)
    jo = add_person(services, signed.actor, "Jo Bloggs")
    sam = accounts.add(
        signed.actor,
        UserDetails("sam.k", "Sam Kaur", Role.SUPERVISOR, staff_id=jo.id),
        "a long supervisor phrase",
    )
    assert (sam.username, sam.role, sam.staff_name, sam.must_change_password) == (
        "sam.k",
        Role.SUPERVISOR,
        "Jo Bloggs",
        True,
    )
    assert [u.username for u in accounts.users(signed.actor)] == ["amara", "sam.k"]
    other = service.sign_in("SAM.K", "a long supervisor phrase")
    assert other.actor == Actor(sam.id, "Sam Kaur", Role.SUPERVISOR, staff_id=jo.id)
    assert other.must_change_password
    service.sign_out(other)


def test_only_administrators_manage_accounts(signed: SignedIn, accounts: AccountService) -> None:
    manager = Actor(user_id=99, display_name="Mo", role=Role.MANAGER)
    for call in (
        lambda: accounts.users(manager),
        lambda: accounts.add(manager, UserDetails("x1", "X", Role.MANAGER), PASSWORD),
        lambda: accounts.reset_password(manager, 1, PASSWORD),
        lambda: accounts.deactivate(manager, 1),
        lambda: accounts.set_idle_lock_minutes(manager, 5),
    ):
        with pytest.raises(AccessDenied, match="Only administrators"):
            call()


def test_names_and_passwords_are_checked_in_plain_words(
    signed: SignedIn, accounts: AccountService
) -> None:
    with pytest.raises(ValidationError) as bad:
        accounts.add(signed.actor, UserDetails("sam k", "", Role.SUPERVISOR), "short")
    assert "no spaces" in (bad.value.message_for("username") or "")
    assert bad.value.message_for("display_name") == "Say whose account this is."
    assert bad.value.message_for("password") == "A password needs at least 10 characters."
    with pytest.raises(Conflict, match="already an account called"):
        accounts.add(signed.actor, UserDetails("AMARA", "Another", Role.MANAGER), PASSWORD)


def test_the_last_administrator_cannot_be_demoted_or_deactivated(
    signed: SignedIn, accounts: AccountService
) -> None:
    me = signed.actor.user_id
    assert me is not None
    with pytest.raises(Conflict, match="at least one administrator"):
        accounts.update(signed.actor, me, UserDetails("amara", "Amara Okafor", Role.MANAGER))
    other = accounts.add(
        signed.actor, UserDetails("ben", "Ben Carter", Role.ADMINISTRATOR), "a long admin phrase"
    )
    with pytest.raises(Conflict, match="your own account"):
        accounts.deactivate(signed.actor, me)
    accounts.update(signed.actor, other.id, UserDetails("ben", "Ben Carter", Role.MANAGER))
    with pytest.raises(Conflict, match="at least one administrator"):
        accounts.update(signed.actor, me, UserDetails("amara", "Amara", Role.SUPERVISOR))


def test_deactivating_removes_the_slot_and_reactivating_gives_a_new_one(
    service: SignInService, signed: SignedIn, accounts: AccountService
) -> None:
    sam = accounts.add(
        signed.actor, UserDetails("sam", "Sam Kaur", Role.SUPERVISOR), "a long supervisor phrase"
    )
    accounts.deactivate(signed.actor, sam.id)
    assert service.keyring.usernames() == ["amara"]
    with pytest.raises(SignInRefused):
        service.sign_in("sam", "a long supervisor phrase")
    accounts.reactivate(signed.actor, sam.id, "another long phrase")
    service.sign_out(service.sign_in("sam", "another long phrase"))


def test_reset_and_change_of_password_keep_the_data(
    service: SignInService, signed: SignedIn, accounts: AccountService
) -> None:
    services = make_services(signed.database.sessions, today=lambda: TODAY)
    add_person(services, signed.actor, "Jo Bloggs")
    sam = accounts.add(
        signed.actor, UserDetails("sam", "Sam Kaur", Role.SUPERVISOR), "a long supervisor phrase"
    )
    accounts.reset_password(signed.actor, sam.id, "temporary long phrase")
    other = service.sign_in("sam", "temporary long phrase")
    assert other.must_change_password
    theirs = AccountService(
        other.database.sessions, AuditLog(other.database.sessions), service.keyring, other.key
    )
    with pytest.raises(ValidationError) as wrong:
        theirs.change_own_password(other.actor, "not it at all", "my very own phrase")
    assert wrong.value.message_for("current") == "That is not your current password."
    theirs.change_own_password(other.actor, "temporary long phrase", "my very own phrase")
    service.sign_out(other)
    again = service.sign_in("sam", "my very own phrase")
    assert not again.must_change_password
    with again.database.sessions() as session:
        assert session.execute(text("SELECT full_name FROM staff_member")).scalar() == "Jo Bloggs"
    service.sign_out(again)


def test_account_changes_are_in_the_audit_trail_without_passwords(
    signed: SignedIn, accounts: AccountService
) -> None:
    sam = accounts.add(
        signed.actor, UserDetails("sam", "Sam Kaur", Role.SUPERVISOR), "a long supervisor phrase"
    )
    accounts.update(signed.actor, sam.id, UserDetails("sam", "Sam Kaur", Role.MANAGER))
    accounts.reset_password(signed.actor, sam.id, "temporary long phrase")
    accounts.deactivate(signed.actor, sam.id)
    with signed.database.sessions() as session:
        rows = session.execute(
            text("SELECT action, actor_name, details FROM audit_event ORDER BY id")
        ).all()
    mine = [(r[0], r[1]) for r in rows if "user account" in r[0] or r[0] == "reset password"]
    assert mine == [
        ("added user account", "Amara Okafor"),
        ("changed user account", "Amara Okafor"),  # the role
        ("reset password", "Amara Okafor"),
        ("changed user account", "Amara Okafor"),  # deactivated
    ]
    changes = [r[2] for r in rows if r[0] == "changed user account"]
    assert '"supervisor"' in changes[0] and '"manager"' in changes[0]
    assert "active" in changes[-1]
    assert not any("phrase" in r[2] for r in rows)


def test_the_idle_lock_time_is_ten_minutes_until_an_administrator_changes_it(
    signed: SignedIn, accounts: AccountService
) -> None:
    from peerdesk.domain.organisation import OrganisationDetails

    services = make_services(signed.database.sessions, today=lambda: TODAY)
    services.organisation.create(signed.actor, OrganisationDetails(name="Brighter Paths"))
    assert accounts.idle_lock_minutes(signed.actor) == 10
    assert accounts.set_idle_lock_minutes(signed.actor, 3) == 3
    assert accounts.idle_lock_minutes(signed.actor) == 3
    with pytest.raises(ValidationError, match="between 1 and 240"):
        accounts.set_idle_lock_minutes(signed.actor, 0)
