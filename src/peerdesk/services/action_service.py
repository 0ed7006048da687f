"""Actions agreed in supervision: adding, closing, reopening, and what is open or overdue.

An action belongs to the session it was agreed in and to that session's supervisee. It is
agreed before the record is signed (the signatures cover the actions too), and is closed,
usually in a later session, as done or dropped. Actions on a leaver's record stay visible.

Administrators and managers read and change everyone's actions, a supervisor their own
supervisees'. Since the actions are part of the agreed record, whoever may read a session's
agreed record (the supervisee included) may also read what was agreed in it. Lists across
the organisation hold only the actions the actor may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import ActionStatus
from peerdesk.domain.staff import is_current
from peerdesk.domain.supervision_record import check_action, check_closing
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services import access_rules
from peerdesk.services.access_rules import PersonRef, person_ref
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.supervision_views import ActionView, OpenAction
from peerdesk.store.models import StaffMember, SupervisionAction, SupervisionSession
from peerdesk.store.types import utc_now

__all__ = ["ActionService", "ActionView", "OpenAction"]

Today = Callable[[], dt.date]
Now = Callable[[], dt.datetime]

_ACTION_GONE = "That action no longer exists."
_SESSION_GONE = "That supervision record no longer exists."
_WHAT = "supervision actions"

_owner = aliased(StaffMember, name="owner")
_supervisee = aliased(StaffMember, name="supervisee")
_supervisor = aliased(StaffMember, name="supervisor")


def _base() -> Select[SupervisionAction, dt.date, str]:
    """Each action with the date of the session it was agreed in and its owner's name."""
    return (
        select(SupervisionAction, SupervisionSession.session_date, _owner.full_name)
        .join(SupervisionSession, SupervisionSession.id == SupervisionAction.session_id)
        .outerjoin(_owner, _owner.id == SupervisionAction.owner_id)
    )


class ActionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        now: Now = utc_now,
    ) -> None:
        self._sessions = sessions
        self._today = today
        self._now = now

    # -- reading -------------------------------------------------------------------------

    def open_actions(self, actor: Actor, supervisee_id: int) -> list[ActionView]:
        """The person's open actions, oldest first (by the session they were agreed in),
        to review one by one at the top of the next session."""
        statement = (
            _base()
            .where(
                SupervisionAction.staff_id == supervisee_id,
                SupervisionAction.status == ActionStatus.OPEN.value,
            )
            .order_by(SupervisionSession.session_date, SupervisionAction.id)
        )
        with self._sessions() as session:
            _require_read(actor, person_ref(session, supervisee_id), None)
            return self._views(session, statement)

    def for_session(self, actor: Actor, session_id: int) -> list[ActionView]:
        """Every action agreed in one session, open or closed, in the order they were added."""
        statement = (
            _base().where(SupervisionAction.session_id == session_id).order_by(SupervisionAction.id)
        )
        with self._sessions() as session:
            record = session.get(SupervisionSession, session_id)
            if record is None:
                raise NotFound(_SESSION_GONE)
            _require_read(actor, person_ref(session, record.supervisee_id), record.supervisor_id)
            return self._views(session, statement)

    def overdue(self, actor: Actor, today: dt.date) -> list[OpenAction]:
        """Open actions due before ``today`` across the organisation, most overdue first.

        One query, leavers' records included; only the people the actor may see (a
        supervisor's own supervisees).
        """
        return self._across_organisation(actor, today, overdue_only=True)

    def open_across_organisation(self, actor: Actor, today: dt.date) -> list[OpenAction]:
        """Every open action in the organisation, in one query: overdue ones first (most
        overdue first), then by due date, then those without one; leavers' records included
        (an action outlives the job). Only the people the actor may see (a supervisor's own
        supervisees)."""
        return self._across_organisation(actor, today, overdue_only=False)

    def _across_organisation(
        self, actor: Actor, today: dt.date, *, overdue_only: bool
    ) -> list[OpenAction]:
        statement = (
            _base()
            .add_columns(_supervisee.full_name, _supervisee.end_date, _supervisor.full_name)
            .join(_supervisee, _supervisee.id == SupervisionAction.staff_id)
            .outerjoin(_supervisor, _supervisor.id == _supervisee.supervisor_id)
            .where(SupervisionAction.status == ActionStatus.OPEN.value)
            .order_by(
                SupervisionAction.due_date.is_(None),
                SupervisionAction.due_date,
                _supervisee.sort_name,
                SupervisionAction.id,
            )
        )
        if overdue_only:
            statement = statement.where(SupervisionAction.due_date < today)
        visible = access_rules.supervisee_filter(actor, _supervisee.supervisor_id)
        if visible is not None:
            statement = statement.where(visible)
        with self._sessions() as session:
            rows = session.execute(statement).all()
        result: list[OpenAction] = []
        for action, session_date, owner_name, name, end_date, supervisor_name in rows:
            view = _view(action, session_date, owner_name, today)
            result.append(
                OpenAction(
                    action=view,
                    supervisee_name=name,
                    supervisee_is_current=is_current(end_date, today),
                    supervisor_name=supervisor_name or "",
                    days_overdue=(
                        (today - action.due_date).days
                        if view.is_overdue and action.due_date is not None
                        else 0
                    ),
                )
            )
        return result

    def get(self, actor: Actor, action_id: int) -> ActionView:
        with self._sessions() as session:
            action = _require_action(session, action_id)
            agreed_in = session.get(SupervisionSession, action.session_id)
            _require_read(
                actor,
                person_ref(session, action.staff_id),
                agreed_in.supervisor_id if agreed_in is not None else None,
            )
            return self._one(session, action_id)

    # -- changing ------------------------------------------------------------------------

    def add(
        self,
        actor: Actor,
        session_id: int,
        description: str,
        owner_id: int | None,
        due_date: dt.date | None,
    ) -> ActionView:
        """Agree an action in a session that nobody has signed yet.

        The description is required; the due date cannot be before the session; the
        owner, when given, must be in the register.
        """
        with self._sessions.begin() as session:
            record = session.get(SupervisionSession, session_id)
            if record is None:
                raise NotFound(_SESSION_GONE)
            access_rules.require_can_write_person(session, actor, record.supervisee_id, _WHAT)
            if record.supervisor_signed_at is not None:
                raise Conflict(
                    "This record has been signed, so no actions can be added to it: agree the "
                    "action in the next session."
                )
            errors: list[FieldError] = []
            try:
                cleaned = check_action(description, due_date, record.session_date)
            except ValidationError as exc:
                errors.extend(exc.errors)
            if owner_id is not None and session.get(StaffMember, owner_id) is None:
                errors.append(FieldError("owner_id", "The chosen owner is not in the register."))
            if errors:
                raise ValidationError(errors)
            moment = self._moment()
            action = SupervisionAction(
                session_id=record.id,
                staff_id=record.supervisee_id,
                description=cleaned,
                owner_id=owner_id,
                due_date=due_date,
                status=ActionStatus.OPEN.value,
                created_at=moment,
                updated_at=moment,
            )
            session.add(action)
            session.flush()
            return self._one(session, action.id)

    def close(
        self,
        actor: Actor,
        action_id: int,
        status: ActionStatus,
        closed_in_session_id: int | None,
        note: str,
    ) -> ActionView:
        """Close an open action as done or dropped (a dropped action says why).

        ``closed_in_session_id`` is the session where it was reviewed, if any: one of the
        same person's sessions, not before the one the action was agreed in.
        """
        with self._sessions.begin() as session:
            action = _require_action(session, action_id)
            access_rules.require_can_write_person(session, actor, action.staff_id, _WHAT)
            if action.status != ActionStatus.OPEN.value:
                raise Conflict("That action is already closed.")
            agreed_in = session.get(SupervisionSession, action.session_id)
            assert agreed_in is not None  # the foreign key keeps it
            closing_date: dt.date | None = None
            if closed_in_session_id is not None:
                closing = session.get(SupervisionSession, closed_in_session_id)
                if closing is None or closing.supervisee_id != action.staff_id:
                    raise ValidationError(
                        [
                            FieldError(
                                "closed_in_session_id",
                                "Choose one of this person's own supervision sessions.",
                            )
                        ]
                    )
                closing_date = closing.session_date
            cleaned = check_closing(status, note, agreed_in.session_date, closing_date)
            action.status = status.value
            action.closed_on = self._today()
            action.closed_in_session_id = closed_in_session_id
            action.closing_note = cleaned
            action.updated_at = self._moment()
            session.flush()
            return self._one(session, action.id)

    def reopen(self, actor: Actor, action_id: int) -> ActionView:
        """Open a closed action again; its closing date, session and note are cleared."""
        with self._sessions.begin() as session:
            action = _require_action(session, action_id)
            access_rules.require_can_write_person(session, actor, action.staff_id, _WHAT)
            if action.status == ActionStatus.OPEN.value:
                raise Conflict("That action is already open.")
            action.status = ActionStatus.OPEN.value
            action.closed_on = None
            action.closed_in_session_id = None
            action.closing_note = ""
            action.updated_at = self._moment()
            session.flush()
            return self._one(session, action.id)

    # -- helpers -------------------------------------------------------------------------

    def _moment(self) -> dt.datetime:
        moment = self._now()
        if moment.tzinfo is None:
            raise ValueError("now() must return a time-zone aware datetime")
        return moment.astimezone(dt.UTC)

    def _one(self, session: Session, action_id: int) -> ActionView:
        views = self._views(session, _base().where(SupervisionAction.id == action_id))
        if not views:
            raise NotFound(_ACTION_GONE)
        return views[0]

    def _views(
        self, session: Session, statement: Select[SupervisionAction, dt.date, str]
    ) -> list[ActionView]:
        today = self._today()
        return [
            _view(action, session_date, owner_name, today)
            for action, session_date, owner_name in session.execute(statement)
        ]


def _require_action(session: Session, action_id: int) -> SupervisionAction:
    action = session.get(SupervisionAction, action_id)
    if action is None:
        raise NotFound(_ACTION_GONE)
    return action


def _require_read(actor: Actor, person: PersonRef, session_supervisor_id: int | None) -> None:
    """Whoever may read the agreed record the actions belong to (``may_read_session``)."""
    if not access_rules.may_read_session(actor, person, session_supervisor_id):
        name = access_rules.possessive(person.full_name)
        raise AccessDenied(
            f"Only {name} supervisor, a manager or an administrator can see {name} {_WHAT}."
        )


def _view(
    action: SupervisionAction, session_date: dt.date, owner_name: str | None, today: dt.date
) -> ActionView:
    status = ActionStatus(action.status)
    return ActionView(
        id=action.id,
        session_id=action.session_id,
        session_date=session_date,
        staff_id=action.staff_id,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=owner_name or "",
        due_date=action.due_date,
        status=status,
        closed_on=action.closed_on,
        closed_in_session_id=action.closed_in_session_id,
        closing_note=action.closing_note,
        is_overdue=(
            status is ActionStatus.OPEN and action.due_date is not None and action.due_date < today
        ),
    )
