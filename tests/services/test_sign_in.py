"""Setting up, signing in, locking, the recovery key: through SignInService."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.recovery_key import decode
from peerdesk.domain.validation import ValidationError
from peerdesk.services.account_service import AccountService, UserDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import make_services
from peerdesk.services.sign_in import (
    DataFileProblem,
    FolderState,
    Locked,
    SignInRefused,
    SignInService,
)
from peerdesk.store import sqlite_driver
from peerdesk.store.database import open_database
from peerdesk.store.errors import DamagedDatabaseError
from tests.conftest import TODAY

PASSWORD = "correct horse battery"


def audit_actions(sessions: object) -> list[tuple[str, str]]:
    with sessions() as session:  # type: ignore[operator]
        return [
            (row[0], row[1])
            for row in session.execute(text("SELECT action, subject FROM audit_event ORDER BY id"))
        ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def service(folder: Path) -> SignInService:
    return SignInService(folder / "peerdesk.db")


def test_a_new_folder_is_set_up_with_an_administrator_and_a_recovery_key(
    service: SignInService,
) -> None:
    assert service.state() is FolderState.NEW
    done = service.set_up("amara", "Amara Okafor", PASSWORD)
    signed = done.signed_in
    assert signed.actor.role is Role.ADMINISTRATOR
    assert signed.actor.display_name == "Amara Okafor"
    assert decode(done.recovery_key) == signed.key.raw()
    assert service.state() is FolderState.READY
    assert not sqlite_driver.is_plain_sqlite(service.database_path)
    assert [a for a, _ in audit_actions(signed.database.sessions)] == [
        "set up PeerDesk",
        "signed in",
    ]
    service.sign_out(signed)
    assert signed.locked


def test_set_up_refuses_weak_input_and_writes_nothing(service: SignInService) -> None:
    with pytest.raises(ValidationError) as refused:
        service.set_up("amara", "", "short")
    assert refused.value.message_for("password") == "A password needs at least 10 characters."
    assert refused.value.message_for("display_name") == "Say who you are."
    assert not service.keyring.path.exists()
    assert not service.database_path.exists()


def test_sign_in_with_the_right_password_and_refusals_are_audited(
    service: SignInService,
) -> None:
    service.sign_out(service.set_up("amara", "Amara Okafor", PASSWORD).signed_in)
    with pytest.raises(SignInRefused, match="do not match"):
        service.sign_in("amara", "not the password")
    with pytest.raises(SignInRefused, match="do not match"):
        service.sign_in("mallory", "not the password")
    signed = service.sign_in("Amara", PASSWORD)
    actions = audit_actions(signed.database.sessions)
    assert actions[-3:] == [
        ("sign-in failed", "amara"),
        ("sign-in failed", "mallory"),
        ("signed in", "amara"),
    ]
    assert service.keyring.pending_failures() == []
    service.sign_out(signed)


def test_five_wrong_passwords_make_the_next_try_wait(folder: Path) -> None:
    moments = [dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)]
    from peerdesk.store.keyring import Keyring

    path = folder / "peerdesk.db"
    service = SignInService(path, keyring=Keyring.beside(path, now=lambda: moments[0]))
    service.sign_out(service.set_up("amara", "Amara Okafor", PASSWORD).signed_in)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            service.sign_in("amara", "wrong wrong wrong")
    with pytest.raises(SignInRefused) as waiting:
        service.sign_in("amara", PASSWORD)
    assert waiting.value.wait_seconds == 30
    moments[0] += dt.timedelta(seconds=31)
    service.sign_out(service.sign_in("amara", PASSWORD))


def test_lock_drops_the_key_and_only_the_same_password_unlocks(
    service: SignInService,
) -> None:
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    services = make_services(signed.database.sessions, today=lambda: TODAY)
    services.organisation.create(signed.actor, OrganisationDetails(name="Brighter Paths"))
    service.lock(signed)
    assert signed.locked
    with pytest.raises(Locked):
        services.organisation.get(signed.actor)
    with pytest.raises(SignInRefused):
        service.unlock(signed, "wrong wrong wrong")
    assert signed.locked
    service.unlock(signed, PASSWORD)
    organisation = services.organisation.get(signed.actor)
    assert organisation is not None and organisation.name == "Brighter Paths"
    actions = [a for a, _ in audit_actions(signed.database.sessions)]
    assert actions[-3:] == ["locked", "sign-in failed", "unlocked"]
    service.sign_out(signed)


def test_a_deactivated_account_cannot_sign_in(service: SignInService) -> None:
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    accounts = AccountService(
        signed.database.sessions, AuditLog(signed.database.sessions), service.keyring, signed.key
    )
    sam = accounts.add(
        signed.actor,
        UserDetails("sam", "Sam Supervisor", Role.SUPERVISOR),
        "a long supervisor phrase",
    )
    accounts.deactivate(signed.actor, sam.id)
    service.sign_out(signed)
    with pytest.raises(SignInRefused):
        service.sign_in("sam", "a long supervisor phrase")


def test_the_recovery_key_opens_the_data_and_sets_a_new_password(
    service: SignInService,
) -> None:
    done = service.set_up("amara", "Amara Okafor", PASSWORD)
    service.sign_out(done.signed_in)
    last = done.recovery_key[-1]
    mistyped = done.recovery_key[:-1] + ("Z" if last != "Z" else "Y")
    with pytest.raises(ValidationError) as typo:
        service.recover(mistyped, "amara", "a brand new passphrase")
    assert typo.value.message_for("recovery_key")
    signed = service.recover(done.recovery_key, "amara", "a brand new passphrase")
    assert signed.actor.display_name == "Amara Okafor"
    assert ("unlocked with the recovery key", "amara") in audit_actions(signed.database.sessions)
    service.sign_out(signed)
    with pytest.raises(SignInRefused):
        service.sign_in("amara", PASSWORD)
    service.sign_out(service.sign_in("amara", "a brand new passphrase"))


def test_the_recovery_key_works_when_the_key_file_is_lost(service: SignInService) -> None:
    done = service.set_up("amara", "Amara Okafor", PASSWORD)
    service.sign_out(done.signed_in)
    service.keyring.path.unlink()
    assert service.state() is FolderState.KEY_FILE_MISSING
    signed = service.recover(done.recovery_key, "amara", "a brand new passphrase")
    service.sign_out(signed)
    assert service.state() is FolderState.READY
    service.sign_out(service.sign_in("amara", "a brand new passphrase"))


def test_another_installations_recovery_key_is_refused(tmp_path: Path) -> None:
    first = SignInService(tmp_path / "a" / "peerdesk.db")
    second = SignInService(tmp_path / "b" / "peerdesk.db")
    first.sign_out(first.set_up("amara", "Amara Okafor", PASSWORD).signed_in)
    other = second.set_up("ben", "Ben Carter", PASSWORD)
    second.sign_out(other.signed_in)
    with pytest.raises(SignInRefused, match="does not open"):
        first.recover(other.recovery_key, "amara", "a brand new passphrase")


def test_an_unencrypted_folder_is_encrypted_at_set_up_keeping_its_data(
    folder: Path, template_database: Path
) -> None:
    folder.mkdir()
    shutil.copyfile(template_database, folder / "peerdesk.db")
    plain = open_database(folder / "peerdesk.db")
    make_services(plain.sessions, today=lambda: TODAY).organisation.create(
        Actor.local_administrator(), OrganisationDetails(name="Brighter Paths")
    )
    plain.close()
    service = SignInService(folder / "peerdesk.db")
    assert service.state() is FolderState.UNENCRYPTED
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    assert signed.notices and "now encrypted" in signed.notices[0]
    assert b"Brighter Paths" not in (folder / "peerdesk.db").read_bytes()
    organisation = make_services(signed.database.sessions).organisation.get(signed.actor)
    assert organisation is not None and organisation.name == "Brighter Paths"
    assert ("encrypted the data file", "peerdesk.db") in audit_actions(signed.database.sessions)
    service.sign_out(signed)
    (backup,) = (folder / "backups").glob("peerdesk-before-encryption-*.db")
    assert b"Brighter Paths" not in backup.read_bytes()


def test_a_damaged_data_file_after_the_password_carries_the_key_for_a_restore(
    service: SignInService,
) -> None:
    service.sign_out(service.set_up("amara", "Amara Okafor", PASSWORD).signed_in)
    path = service.database_path
    data = bytearray(path.read_bytes())
    data[5000:9000] = b"\xa5" * 4000
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileProblem) as problem:
        service.sign_in("amara", PASSWORD)
    assert isinstance(problem.value.error, DamagedDatabaseError)
    assert problem.value.key.present
    problem.value.key.drop()


def test_plainly_damaged_files_are_said_before_sign_in(service: SignInService) -> None:
    service.database_path.parent.mkdir(parents=True)
    service.database_path.write_bytes(b"not a database at all\n" * 40)
    with pytest.raises(DamagedDatabaseError, match="not a PeerDesk database"):
        service.state()


def test_the_key_file_never_holds_the_password_or_key(service: SignInService) -> None:
    done = service.set_up("amara", "Amara Okafor", PASSWORD)
    document = json.loads(service.keyring.path.read_text())
    text_form = json.dumps(document)
    assert PASSWORD not in text_form
    assert done.signed_in.key.raw().hex() not in text_form
    assert decode(done.recovery_key).hex() not in text_form
    service.sign_out(done.signed_in)


def test_a_key_slot_without_an_account_is_refused_and_removed(service: SignInService) -> None:
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    # as if PeerDesk was killed after the slot was written, before the account was saved
    service.keyring.add("ghost", "a long ghostly phrase", signed.key)
    service.sign_out(signed)
    with pytest.raises(SignInRefused):
        service.sign_in("ghost", "a long ghostly phrase")
    assert service.keyring.usernames() == ["amara"]


def test_set_up_in_a_folder_that_cannot_be_written_to_writes_no_key_file(
    service: SignInService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peerdesk.store.errors import ReadOnlyDatabaseError

    def read_only(path: Path) -> None:
        raise ReadOnlyDatabaseError("the folder is read-only")

    monkeypatch.setattr("peerdesk.services.sign_in.check_writable", read_only)
    with pytest.raises(ReadOnlyDatabaseError):
        service.set_up("amara", "Amara Okafor", PASSWORD)
    assert not service.keyring.path.exists()
