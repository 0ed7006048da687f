"""Who runs a command: ``--user NAME`` (or PEERDESK_USER) and a password, asked for or
taken from PEERDESK_PASSWORD, signing in exactly as the app does, so the same accounts,
roles and audit trail apply to every command."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_PROBLEM, Invocation

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.bundle import Services
    from peerdesk.services.sign_in import SignedIn, SignInService

USER_VARIABLE = "PEERDESK_USER"
PASSWORD_VARIABLE = "PEERDESK_PASSWORD"


class CommandRefused(Exception):
    """The command cannot run as asked; the message is one plain sentence."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class SignedInCommand:
    signed: SignedIn
    services: Services
    data_dir: Path

    @property
    def actor(self) -> Actor:
        return self.signed.actor

    def backups(self) -> BackupService:
        """Backups of the data, encrypted with its key; each one made goes in the trail."""
        from peerdesk.services.backup_service import BackupService

        return BackupService.for_data_dir(
            self.data_dir, key=self.signed.key, record=self.services.audit.record
        )


def username(call: Invocation) -> str:
    name = (getattr(call.args, "user", None) or os.environ.get(USER_VARIABLE, "")).strip()
    if not name:
        raise CommandRefused(
            f"Say who you are: add --user NAME, or set {USER_VARIABLE} (and "
            f"{PASSWORD_VARIABLE}) for scripts.",
            EXIT_BAD_INPUT,
        )
    return name


def password(call: Invocation, name: str, *, prompt: str = "") -> str:
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CommandRefused(
            f"PeerDesk needs {name}'s password: run the command in a terminal to type it, "
            f"or set {PASSWORD_VARIABLE} for scripts.",
            EXIT_BAD_INPUT,
        )
    return getpass.getpass(prompt or f"Password for {name}: ")


def sign_in_service(call: Invocation) -> SignInService:
    from peerdesk.services.sign_in import SignInService
    from peerdesk.store.database import database_path

    return SignInService(database_path(call.data_dir))


def refuse_unwritable(service: SignInService) -> None:
    """Before setting up: refuse a data file or folder PeerDesk cannot write to (raises
    DatabaseOpenError), so no key file is written for data that cannot then be encrypted."""
    from peerdesk.store.file_check import check_writable

    check_writable(service.database_path)


def refuse_unless_ready(service: SignInService, call: Invocation) -> None:
    from peerdesk.services.sign_in import FolderState

    state = service.state()
    if state is FolderState.NEW:
        raise CommandRefused(
            f"There is no PeerDesk data in {call.data_dir} yet. Open PeerDesk to set it up, "
            "or run 'peerdesk setup' (or 'peerdesk demo' for fictional data)."
        )
    if state is FolderState.UNENCRYPTED:
        refuse_unwritable(service)  # setting up could not encrypt it: say why first
        raise CommandRefused(
            f"The PeerDesk data in {call.data_dir} is not encrypted yet. Open PeerDesk, or run "
            "'peerdesk setup --user NAME', to create the first administrator; the data is "
            "then encrypted (after a backup)."
        )
    if state is FolderState.KEY_FILE_MISSING:
        # an encrypted file and a file of random bytes look the same without the key
        raise CommandRefused(
            f"{service.database_path.name} in {call.data_dir} cannot be opened: its key file "
            f"{service.keyring.path.name} is missing, or it is not a PeerDesk database at all. "
            "Put the key file back, or open PeerDesk and use the recovery key."
        )


def sign_in(call: Invocation) -> SignedIn:
    from peerdesk.services.sign_in import SignInRefused

    service = sign_in_service(call)
    refuse_unless_ready(service, call)
    name = username(call)
    try:
        return service.sign_in(name, password(call, name))
    except SignInRefused as exc:
        raise CommandRefused(str(exc)) from exc


@contextmanager
def signed_in(call: Invocation) -> Iterator[SignedInCommand]:
    """Sign in, yield the services as that user, and sign out (the key dropped) after."""
    from peerdesk.services.bundle import services_for

    signed = sign_in(call)
    try:
        services = services_for(
            signed,
            today=lambda: call.today,
            organisation_templates=call.data_dir / "checklists",
        )
        yield SignedInCommand(signed, services, call.data_dir)
    finally:
        sign_in_service(call).sign_out(signed)
