"""User accounts: who may sign in, with which role, linked to which staff record.

Only administrators manage accounts. Each account's password is its key slot in the key
file (store/keyring.py): adding an account, resetting or changing a password writes a
new slot with the data key held while PeerDesk is unlocked, and deactivating an account
removes its slot, so that password no longer opens anything. The database keeps who the
account is; the key file keeps nothing but the slots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.accounts import password_problems, username_problems
from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role, require_role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.keyring import Keyring, KeyringError, MustWait, WrongPassword
from peerdesk.store.models import Organisation, StaffMember, UserAccount
from peerdesk.store.types import utc_now

Now = Callable[[], dt.datetime]
DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    staff_id: int | None
    staff_name: str
    active: bool
    must_change_password: bool
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None


@dataclass(frozen=True)
class UserDetails:
    """What an administrator sets for an account (the password is set separately)."""

    username: str
    display_name: str
    role: Role
    staff_id: int | None = None


class AccountService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        keyring: Keyring | None = None,
        key: DatabaseKey | None = None,
        now: Now = utc_now,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._keyring = keyring
        self._key = key
        self._now = now

    # -- reading -------------------------------------------------------------------------

    def users(self, actor: Actor) -> list[UserView]:
        _require_admin(actor)
        with self._sessions() as session:
            rows = session.execute(
                select(UserAccount, StaffMember.full_name)
                .outerjoin(StaffMember, StaffMember.id == UserAccount.staff_id)
                .order_by(UserAccount.active.desc(), UserAccount.username_key)
            ).all()
            return [_view(row, name) for row, name in rows]

    def get(self, actor: Actor, user_id: int) -> UserView:
        if actor.user_id != user_id:
            _require_admin(actor)
        with self._sessions() as session:
            return self._view_of(session, user_id)

    def count(self) -> int:
        """How many accounts exist (any role may ask: the sign-in flow needs it)."""
        with self._sessions() as session:
            return int(session.scalar(select(func.count(UserAccount.id))) or 0)

    # -- changing (administrators) -------------------------------------------------------

    def add(self, actor: Actor, details: UserDetails, password: str) -> UserView:
        _require_admin(actor)
        cleaned = self._validated(details, password=password)
        keyring, key = self._keys()
        with self._sessions.begin() as session:
            if session.scalar(
                select(UserAccount.id).where(UserAccount.username_key == fold(cleaned.username))
            ):
                raise Conflict(f"There is already an account called {cleaned.username}.")
            self._check_staff_link(session, cleaned.staff_id, None)
            row = UserAccount(
                username=cleaned.username,
                username_key=fold(cleaned.username),
                display_name=cleaned.display_name,
                role=str(cleaned.role),
                staff_id=cleaned.staff_id,
                active=True,
                must_change_password=True,
                created_at=self._now(),
            )
            session.add(row)
            session.flush()  # the change audit records the new account
            # the slot last: if writing it fails, the account is rolled back with it
            _write_slot(keyring, cleaned.username, password, key)
            return self._view_of(session, row.id)

    def update(self, actor: Actor, user_id: int, details: UserDetails) -> UserView:
        """Change the display name, role or staff link (the user name stays)."""
        _require_admin(actor)
        with self._sessions.begin() as session:
            row = self._row(session, user_id)
            cleaned = self._validated(
                UserDetails(row.username, details.display_name, details.role, details.staff_id),
                password=None,
            )
            if row.role == Role.ADMINISTRATOR and cleaned.role is not Role.ADMINISTRATOR:
                self._refuse_last_administrator(session, row, "change the role of")
            self._check_staff_link(session, cleaned.staff_id, row.id)
            row.display_name = cleaned.display_name
            row.role = str(cleaned.role)
            row.staff_id = cleaned.staff_id
            session.flush()
            return self._view_of(session, row.id)

    def deactivate(self, actor: Actor, user_id: int) -> UserView:
        """The account can no longer sign in: its key slot is removed. Its history stays."""
        _require_admin(actor)
        keyring, _key = self._keys()
        with self._sessions.begin() as session:
            row = self._row(session, user_id)
            if not row.active:
                return self._view_of(session, row.id)
            if row.id == actor.user_id:
                raise Conflict("You cannot deactivate your own account.")
            if row.role == Role.ADMINISTRATOR:
                self._refuse_last_administrator(session, row, "deactivate")
            row.active = False
            row.deactivated_at = self._now()
            session.flush()  # the change audit records active: yes → no
            try:
                keyring.remove(row.username)
            except KeyringError as exc:
                raise Conflict(str(exc)) from exc
            return self._view_of(session, row.id)

    def reactivate(self, actor: Actor, user_id: int, password: str) -> UserView:
        _require_admin(actor)
        keyring, key = self._keys()
        with self._sessions.begin() as session:
            row = self._row(session, user_id)
            _raise_problems(password_problems(password, row.username))
            row.active = True
            row.deactivated_at = None
            row.must_change_password = True
            session.flush()  # the change audit records active: no → yes
            _write_slot(keyring, row.username, password, key)
            return self._view_of(session, row.id)

    def reset_password(self, actor: Actor, user_id: int, password: str) -> UserView:
        """Set a new password for someone who forgot theirs; they choose their own at their
        next sign-in."""
        _require_admin(actor)
        keyring, key = self._keys()
        with self._sessions.begin() as session:
            row = self._row(session, user_id)
            if not row.active:
                raise Conflict(f"{row.username}'s account is deactivated; reactivate it instead.")
            _raise_problems(password_problems(password, row.username))
            row.must_change_password = row.id != actor.user_id
            session.flush()
            self._audit.record(
                actor, "reset password", row.username, {"user": row.username}, session=session
            )
            _write_slot(keyring, row.username, password, key)
            return self._view_of(session, row.id)

    def mark_password_chosen(self, actor: Actor, username: str) -> None:
        """No change of password asked at the next sign-in (for documented demo accounts)."""
        _require_admin(actor)
        with self._sessions.begin() as session:
            row = session.scalars(
                select(UserAccount).where(UserAccount.username_key == fold(username))
            ).first()
            if row is None:
                raise NotFound(f"There is no account called {username}.")
            row.must_change_password = False

    # -- the idle lock ------------------------------------------------------------------

    def idle_lock_minutes(self, actor: Actor) -> int:
        """After how many minutes without use PeerDesk locks itself (default 10)."""
        with self._sessions() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            return row.idle_lock_minutes if row is not None else DEFAULT_IDLE_MINUTES

    def set_idle_lock_minutes(self, actor: Actor, minutes: int) -> int:
        _require_admin(actor)
        if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
            raise ValidationError(
                [
                    FieldError(
                        "idle_lock_minutes",
                        f"Choose between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes.",
                    )
                ]
            )
        with self._sessions.begin() as session:
            row = session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()
            if row is None:
                raise Conflict("Set the organisation up first.")
            row.idle_lock_minutes = minutes
        return minutes

    # -- anyone, for themselves ----------------------------------------------------------

    def change_own_password(self, actor: Actor, current: str, new: str) -> None:
        """Raises ValidationError (field "current" or "new") in plain words."""
        if actor.user_id is None:
            raise AccessDenied("Only a signed-in user can change their password.")
        keyring, key = self._keys()
        with self._sessions.begin() as session:
            row = self._row(session, actor.user_id)
            try:
                keyring.unlock(row.username, current).drop()
            except MustWait as exc:
                raise ValidationError([FieldError("current", str(exc))]) from exc
            except WrongPassword as exc:
                raise ValidationError(
                    [FieldError("current", "That is not your current password.")]
                ) from exc
            _raise_problems(password_problems(new, row.username, field="new"))
            if new == current:
                raise ValidationError(
                    [FieldError("new", "Choose a password different from the current one.")]
                )
            row.must_change_password = False
            session.flush()
            self._audit.record(actor, "changed own password", row.username, session=session)
            _write_slot(keyring, row.username, new, key)

    # -- inside --------------------------------------------------------------------------

    def _keys(self) -> tuple[Keyring, DatabaseKey]:
        if self._keyring is None or self._key is None:
            raise Conflict("Accounts can only be managed while PeerDesk's data is encrypted.")
        return self._keyring, self._key

    def _validated(self, details: UserDetails, *, password: str | None) -> UserDetails:
        problems = username_problems(details.username)
        display = " ".join(details.display_name.split())
        if not display:
            problems.append(FieldError("display_name", "Say whose account this is."))
        elif len(display) > 200:
            problems.append(FieldError("display_name", "A name can have at most 200 characters."))
        if password is not None:
            problems += password_problems(password, details.username)
        _raise_problems(problems)
        return UserDetails(details.username.strip(), display, Role(details.role), details.staff_id)

    def _check_staff_link(
        self, session: Session, staff_id: int | None, user_id: int | None
    ) -> None:
        if staff_id is None:
            return
        if session.get(StaffMember, staff_id) is None:
            raise NotFound("That staff record no longer exists.")
        other = session.scalars(
            select(UserAccount).where(UserAccount.staff_id == staff_id, UserAccount.id != user_id)
        ).first()
        if other is not None:
            raise Conflict(f"That staff record is already linked to {other.username}'s account.")

    def _refuse_last_administrator(self, session: Session, row: UserAccount, doing: str) -> None:
        others = session.scalar(
            select(func.count(UserAccount.id)).where(
                UserAccount.role == str(Role.ADMINISTRATOR),
                UserAccount.active.is_(True),
                UserAccount.id != row.id,
            )
        )
        if not others:
            raise Conflict(
                f"PeerDesk needs at least one administrator, so you cannot {doing} "
                f"{row.username}'s account until another administrator exists."
            )

    def _row(self, session: Session, user_id: int) -> UserAccount:
        row = session.get(UserAccount, user_id)
        if row is None:
            raise NotFound("That account no longer exists.")
        return row

    def _view_of(self, session: Session, user_id: int) -> UserView:
        row = self._row(session, user_id)
        name = session.get(StaffMember, row.staff_id).full_name if row.staff_id else ""  # type: ignore[union-attr]
        return _view(row, name)


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMINISTRATOR:
        raise AccessDenied("Only administrators can manage user accounts.")
    require_role(actor, Role.ADMINISTRATOR)


def _write_slot(keyring: Keyring, username: str, password: str, key: DatabaseKey) -> None:
    try:
        keyring.add(username, password, key)
    except KeyringError as exc:
        raise Conflict(str(exc)) from exc


def _raise_problems(problems: list[FieldError]) -> None:
    if problems:
        raise ValidationError(problems)


def _view(row: UserAccount, staff_name: str | None) -> UserView:
    return UserView(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        staff_id=row.staff_id,
        staff_name=staff_name or "",
        active=row.active,
        must_change_password=row.must_change_password,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
    )


def actor_for(row: UserAccount) -> Actor:
    return Actor(
        user_id=row.id, display_name=row.display_name, role=Role(row.role), staff_id=row.staff_id
    )
