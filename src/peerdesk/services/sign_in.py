"""Setting PeerDesk up, signing in, locking and unlocking: where the data key comes from.

The data folder holds the encrypted database and the key file. Signing in unlocks the
user's key slot with their password, opens the database with the data key, and finds
their account; the data key is then held in memory (a DatabaseKey) until PeerDesk locks
or closes, when it is overwritten and every connection closed. Both the app and the
command line sign in here, so both obey the same accounts and roles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.domain.accounts import password_problems, username_problems
from peerdesk.domain.recovery_key import RecoveryKeyError, decode, encode
from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import SYSTEM, Actor, Role
from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey, KeyDropped
from peerdesk.store.errors import DatabaseOpenError, NewerDatabaseError
from peerdesk.store.file_check import check_database_file, check_writable
from peerdesk.store.keyring import Keyring, KeyringError, MustWait, utc_now
from peerdesk.store.revisions import is_known

if TYPE_CHECKING:
    from peerdesk.services.audit_service import AuditLog
    from peerdesk.store.database import Database

# SQLAlchemy and the models load only once someone signs in (imported inside the methods
# below), so the sign-in window shows without them.

Now = Callable[[], dt.datetime]


Locked = KeyDropped  # raised by any database work while PeerDesk is locked
__all__ = [
    "DataFileProblem",
    "FolderState",
    "Locked",
    "SetUp",
    "SignInRefused",
    "SignInService",
    "SignedIn",
]


class FolderState(StrEnum):
    NEW = "new"  # nothing here yet: set up an administrator
    UNENCRYPTED = "unencrypted"  # data from before encryption: set up, then encrypt it
    READY = "ready"  # a key file: sign in
    KEY_FILE_MISSING = "key file missing"  # encrypted data, no key file: the recovery key


class SignInRefused(Exception):
    """Signing in did not work; the message says why in plain words. ``wait_seconds``:
    after too many wrong tries, how long until the next try is allowed."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class DataFileProblem(Exception):
    """The password was right but the data file cannot be opened (damaged, newer, read-only).

    Carries the data key, so a backup can be checked and restored (BackupService), and
    the user name, to open the data again afterwards with ``open_after_restore``. Whoever
    catches it drops the key when done.
    """

    def __init__(self, error: DatabaseOpenError, username: str, key: DatabaseKey) -> None:
        super().__init__(str(error))
        self.error = error
        self.username = username
        self.key = key

    @property
    def key_holder(self) -> Actor:
        """Who acts while the data cannot be read: whoever holds a key slot may check it or
        restore a backup (their account, and so their role, is inside the unreadable file)."""
        return Actor(user_id=None, display_name=self.username, role=Role.ADMINISTRATOR)


def _refused(exc: Exception) -> SignInRefused:
    return SignInRefused(str(exc), exc.seconds if isinstance(exc, MustWait) else 0)


@dataclass
class SignedIn:
    """Someone signed in: who, the open database and the data key (while unlocked)."""

    actor: Actor
    username: str
    database: Database
    key: DatabaseKey
    keyring: Keyring
    must_change_password: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return not self.key.present


@dataclass(frozen=True)
class SetUp:
    signed_in: SignedIn
    recovery_key: str  # shown once, to print or write down


class SignInService:
    def __init__(self, database_path: Path, keyring: Keyring | None = None, now: Now = utc_now):
        self.database_path = database_path
        self.keyring = keyring or Keyring.beside(database_path)
        self._now = now

    def state(self) -> FolderState:
        """Where the folder stands. Raises DatabaseOpenError for a data file that is
        plainly damaged (or from a newer PeerDesk) before anyone can sign in."""
        if self.keyring.exists:
            return FolderState.READY
        if not self.database_path.exists() and not self.database_path.is_symlink():
            return FolderState.NEW
        if sqlite_driver.is_plain_sqlite(self.database_path):
            revision = check_database_file(self.database_path, thorough=False)
            if revision is None or not is_known(revision):
                raise NewerDatabaseError(
                    f"{self.database_path.name} was written by a newer version of PeerDesk "
                    f"(schema {revision}). Install that version or newer to open it; this "
                    "file has not been changed."
                )
            return FolderState.UNENCRYPTED
        # not plain SQLite: encrypted (and its key file missing), or not a database at all
        check_database_file(self.database_path, key=DatabaseKey.generate(), shape_only=True)
        return FolderState.KEY_FILE_MISSING

    def usernames(self) -> list[str]:
        try:
            return self.keyring.usernames()
        except KeyringError:
            return []

    # -- setting up ----------------------------------------------------------------------

    def set_up(self, username: str, display_name: str, password: str) -> SetUp:
        """Create the first administrator and encrypt the data (a new folder, or one from
        before encryption, which is backed up first). Raises ValidationError, SignInRefused
        or DatabaseOpenError (nothing changed)."""
        state = self.state()
        if state not in (FolderState.NEW, FolderState.UNENCRYPTED):
            raise SignInRefused("PeerDesk is already set up here; sign in instead.")
        problems = username_problems(username) + password_problems(password, username)
        if not " ".join(display_name.split()):
            problems.append(FieldError("display_name", "Say who you are."))
        if problems:
            raise ValidationError(problems)
        # refuse a damaged file or a folder that cannot be written to before writing the
        # key file: a key file beside plain data would look set up when it is not
        if state is FolderState.UNENCRYPTED:
            check_database_file(self.database_path)
        check_writable(self.database_path)
        key = DatabaseKey.generate()
        recovery = encode(key.raw())
        try:
            # the key file first: whatever happens next, the password opens the data
            self.keyring.create(username, password, key)
        except KeyringError as exc:
            raise SignInRefused(str(exc)) from exc
        signed = self._open(username.strip(), key, display_name=display_name)
        return SetUp(signed_in=signed, recovery_key=recovery)

    # -- signing in ----------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SignedIn:
        """Raises SignInRefused (a wrong password, a wait, a deactivated account) or
        DatabaseOpenError (the data file itself)."""
        if not username.strip() or not password:
            raise SignInRefused("Type your user name and password.")
        try:
            key = self.keyring.unlock(username, password)
        except KeyringError as exc:
            raise _refused(exc) from exc
        return self._open(username.strip(), key)

    def recover(self, recovery_text: str, username: str, new_password: str) -> SignedIn:
        """Every password forgotten (or the key file lost): the recovery key opens the
        data, and ``username`` (an active administrator) gets ``new_password``."""
        from sqlalchemy import select

        from peerdesk.services.account_service import actor_for
        from peerdesk.services.audit_service import AuditLog
        from peerdesk.store.database import open_database
        from peerdesk.store.models import UserAccount

        try:
            raw = decode(recovery_text)
        except RecoveryKeyError as exc:
            raise ValidationError([FieldError("recovery_key", str(exc))]) from exc
        problems = password_problems(new_password, username, field="new")
        if problems:
            raise ValidationError(problems)
        key = DatabaseKey(raw)
        try:
            check_database_file(self.database_path, key=key)
        except DatabaseOpenError as exc:
            key.drop()
            raise SignInRefused(
                "That recovery key does not open this PeerDesk's data; check it was written "
                "for this organisation's PeerDesk."
            ) from exc
        database = open_database(self.database_path, key=key, now=self._now())
        try:
            with database.sessions.begin() as session:
                row = session.scalars(
                    select(UserAccount).where(UserAccount.username_key == fold(username.strip()))
                ).first()
                if row is None or not row.active or row.role != Role.ADMINISTRATOR:
                    raise SignInRefused(
                        "The recovery key sets a new password for an active administrator; "
                        f"{username.strip() or 'that user'} is not one."
                    )
                row.must_change_password = False
                AuditLog(database.sessions).record(
                    actor_for(row),
                    "unlocked with the recovery key",
                    row.username,
                    {"user": row.username},
                    session=session,
                )
                name = row.username
            self._write_recovered_slot(name, new_password, key)
        except BaseException:
            database.close()
            key.drop()
            raise
        database.close()
        return self._open(name, key)

    def _write_recovered_slot(self, username: str, password: str, key: DatabaseKey) -> None:
        try:
            if self.keyring.exists:
                self.keyring.add(username, password, key)
            else:
                self.keyring.create(username, password, key)
        except KeyringError as exc:
            raise SignInRefused(str(exc)) from exc

    def open_after_restore(self, problem: DataFileProblem) -> SignedIn:
        """Open the data again with the key a DataFileProblem carried (after a restore)."""
        return self._open(problem.username, problem.key)

    def _open(self, username: str, key: DatabaseKey, *, display_name: str = "") -> SignedIn:

        from peerdesk.store.database import open_database

        try:
            database = open_database(self.database_path, key=key, now=self._now())
        except DatabaseOpenError as exc:
            raise DataFileProblem(exc, username, key) from exc
        except BaseException:
            key.drop()
            raise
        try:
            return self._account(database, username, key, display_name)
        except BaseException:
            database.close()
            key.drop()
            raise

    def _account(
        self, database: Database, username: str, key: DatabaseKey, display_name: str
    ) -> SignedIn:
        from sqlalchemy import select

        from peerdesk.services.account_service import actor_for
        from peerdesk.services.audit_service import AuditLog
        from peerdesk.store.models import UserAccount

        audit = AuditLog(database.sessions, now=self._now)
        notices: list[str] = []
        if database.encrypted_now:
            notices.append(
                "Your PeerDesk data is now encrypted. A copy of it as it was, also encrypted "
                "now, is in the backups folder."
            )
        if database.unencrypted_backups:
            names = ", ".join(p.name for p in database.unencrypted_backups)
            notices.append(
                f"These backups are damaged, so they could not be encrypted and can still be "
                f"read by anyone with the laptop: {names}. Delete them once you are sure you "
                "do not need them."
            )
        with database.sessions.begin() as session:
            row = session.scalars(
                select(UserAccount).where(UserAccount.username_key == fold(username))
            ).first()
            if row is None and session.scalar(select(UserAccount.id).limit(1)) is None:
                # the first account: whoever holds the first key slot set PeerDesk up
                row = UserAccount(
                    username=username,
                    username_key=fold(username),
                    display_name=" ".join(display_name.split()) or username,
                    role=str(Role.ADMINISTRATOR),
                    active=True,
                    must_change_password=False,
                    created_at=self._now(),
                )
                session.add(row)
                session.flush()
                audit.record(actor_for(row), "set up PeerDesk", row.username, session=session)
                if database.encrypted_now:
                    audit.record(
                        actor_for(row),
                        "encrypted the data file",
                        self.database_path.name,
                        session=session,
                    )
            if row is None or not row.active:
                if row is None:
                    # a key slot without an account (its account was never saved): it
                    # must not open the data again
                    with contextlib.suppress(KeyringError):
                        self.keyring.remove(username)
                self._move_failures_to_audit(audit, session)
                audit.record(
                    SYSTEM,
                    "sign-in refused",
                    username,
                    {
                        "user": username,
                        "reason": "no such account" if row is None else "deactivated",
                    },
                    session=session,
                )
                refused = True
            else:
                refused = False
                row.last_sign_in_at = self._now()
                actor = actor_for(row)
                self._move_failures_to_audit(audit, session)
                audit.record(
                    actor, "signed in", row.username, {"user": row.username}, session=session
                )
                must_change = row.must_change_password
                name = row.username
        if refused:
            raise SignInRefused(
                "This account cannot sign in (it has been deactivated); ask an administrator."
            )
        return SignedIn(
            actor=actor,
            username=name,
            database=database,
            key=key,
            keyring=self.keyring,
            must_change_password=must_change,
            notices=notices,
        )

    def _move_failures_to_audit(self, audit: AuditLog, session: object) -> None:

        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        try:
            pending = self.keyring.pending_failures()
        except KeyringError:
            return
        for failure in pending:
            audit.record(
                SYSTEM,
                "sign-in failed",
                failure.username,
                {"user": failure.username, "reason": failure.reason, "at": failure.at.isoformat()},
                session=session,
            )
        if pending:
            self.keyring.clear_pending(len(pending))

    # -- locking -------------------------------------------------------------------------

    def lock(self, signed: SignedIn, reason: str = "locked") -> None:
        """Close every connection and overwrite the key. ``reason``: "locked" (Ctrl+L or
        idle) or "signed out"."""

        from peerdesk.services.audit_service import AuditLog

        if not signed.locked:
            # a lock must happen even when the trail cannot be written (a full disk)
            with contextlib.suppress(Exception):
                AuditLog(signed.database.sessions, now=self._now).record(
                    signed.actor, reason, signed.username
                )
        signed.database.close()
        signed.key.drop()

    def unlock(self, signed: SignedIn, password: str) -> None:
        """The same user's password opens PeerDesk again (raises SignInRefused)."""

        from peerdesk.services.audit_service import AuditLog

        try:
            key = self.keyring.unlock(signed.username, password)
        except KeyringError as exc:
            raise _refused(exc) from exc
        signed.key.load(key.raw())
        key.drop()
        with signed.database.sessions.begin() as session:
            audit = AuditLog(signed.database.sessions, now=self._now)
            self._move_failures_to_audit(audit, session)
            audit.record(signed.actor, "unlocked", signed.username, session=session)

    def sign_out(self, signed: SignedIn) -> None:
        self.lock(signed, "signed out")
