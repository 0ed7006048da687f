"""The involvement log (co-production): each time people with lived experience shaped a decision.

Who may do what (decided here, so every front end meets the same refusals):

- **Reading** the log: everyone signed in (administrators, managers, supervisors). It
  holds counts of people, never names, so there is nothing in it to hide from a role.
- **Logging** an activity: administrators, managers and supervisors, since supervisors
  often run the groups and panels being logged.
- **Changing** one: administrators and managers, any entry; a supervisor only the entries
  they logged themselves (known by their user account, so a change of name does not
  matter and two people with one name cannot change each other's).
- **Deleting** one: administrators and managers only.

Every change is recorded in the audit trail by ``change_audit`` (free text by length
only), so nothing extra is recorded here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.involvement import (
    InvolvementDetails,
    Outcome,
    PaymentKind,
    Stage,
    validate_involvement,
)
from peerdesk.domain.text import fold
from peerdesk.services.access_rules import sees_everyone
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import NotFound
from peerdesk.services.involvement_views import (
    InvolvementFilter,
    InvolvementRecord,
    InvolvementSummary,
    summarise,
)
from peerdesk.store.models import InvolvementActivity
from peerdesk.store.types import utc_now

__all__ = [
    "InvolvementFilter",
    "InvolvementRecord",
    "InvolvementService",
    "InvolvementSummary",
    "may_add",
    "may_delete",
    "may_edit",
]

GONE = "That activity is no longer in the involvement log."
_READERS = (Role.ADMINISTRATOR, Role.MANAGER, Role.SUPERVISOR)


def may_add(actor: Actor) -> bool:
    return actor.role in _READERS


def may_edit(actor: Actor, created_by_user_id: int | None) -> bool:
    """Administrators and managers any entry; a supervisor the ones they logged."""
    if sees_everyone(actor):
        return True
    return (
        actor.role is Role.SUPERVISOR
        and actor.user_id is not None
        and created_by_user_id == actor.user_id
    )


def may_delete(actor: Actor) -> bool:
    return sees_everyone(actor)


def _require_reader(actor: Actor) -> None:
    if actor.role not in _READERS:
        raise AccessDenied("Sign in to read the involvement log.")


class InvolvementService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        *,
        today: Callable[[], dt.date] = local_today,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def list(self, actor: Actor, query: InvolvementFilter | None = None) -> list[InvolvementRecord]:
        """The activities ``query`` selects, newest first."""
        _require_reader(actor)
        query = query or InvolvementFilter()
        statement = select(InvolvementActivity).order_by(
            InvolvementActivity.held_on.desc(), InvolvementActivity.id.desc()
        )
        if query.stage is not None:
            statement = statement.where(InvolvementActivity.stage == Stage(query.stage).value)
        if query.outcome is not None:
            statement = statement.where(InvolvementActivity.outcome == Outcome(query.outcome).value)
        if query.start is not None:
            statement = statement.where(InvolvementActivity.held_on >= query.start)
        if query.end is not None:
            statement = statement.where(InvolvementActivity.held_on <= query.end)
        words = fold(query.search).split()
        with self._sessions() as session:
            rows = session.scalars(statement).all()
            records = [_record(row, actor) for row in rows if _matches(row, words)]
        return records

    def get(self, actor: Actor, activity_id: int) -> InvolvementRecord:
        _require_reader(actor)
        with self._sessions() as session:
            return _record(_find(session, activity_id), actor)

    def summary(self, actor: Actor, query: InvolvementFilter | None = None) -> InvolvementSummary:
        """How many activities ``query`` selects, the total paid, and how many have an
        answer (for the line under the table)."""
        return summarise(self.list(actor, query))

    # -- changing ------------------------------------------------------------------------

    def add(self, actor: Actor, details: InvolvementDetails) -> InvolvementRecord:
        if not may_add(actor):
            raise AccessDenied("Only administrators, managers and supervisors can log an activity.")
        cleaned = validate_involvement(details, self._today())
        with self._sessions.begin() as session:
            row = InvolvementActivity(
                created_by=actor.display_name, created_by_user_id=actor.user_id
            )
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return _record(row, actor)

    def update(
        self, actor: Actor, activity_id: int, details: InvolvementDetails
    ) -> InvolvementRecord:
        _require_reader(actor)
        cleaned = validate_involvement(details, self._today())
        with self._sessions.begin() as session:
            row = _find(session, activity_id)
            if not may_edit(actor, row.created_by_user_id):
                raise AccessDenied(
                    "Supervisors can change only the activities they logged themselves; "
                    "ask a manager to change this one."
                )
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return _record(row, actor)

    def delete(self, actor: Actor, activity_id: int) -> None:
        if not may_delete(actor):
            raise AccessDenied(
                "Only managers and administrators can delete an activity from the log."
            )
        with self._sessions.begin() as session:
            session.delete(_find(session, activity_id))


def _find(session: Session, activity_id: int) -> InvolvementActivity:
    row = session.get(InvolvementActivity, activity_id)
    if row is None:
        raise NotFound(GONE)
    return row


def _matches(row: InvolvementActivity, words: list[str]) -> bool:
    if not words:
        return True
    haystack = fold(f"{row.title} {row.details} {row.you_said} {row.we_did}")
    return all(word in haystack for word in words)


def _apply(row: InvolvementActivity, d: InvolvementDetails) -> None:
    row.held_on = d.held_on  # type: ignore[assignment]  # validated: never None
    row.title = d.title
    row.details = d.details
    row.stage = d.stage.value
    row.staff_count = d.staff_count
    row.volunteer_count = d.volunteer_count
    row.service_user_count = d.service_user_count
    row.payment_kind = d.payment_kind.value
    row.payment_pence = d.payment_pence
    row.people_paid = d.people_paid
    row.benefits_advice_offered = d.benefits_advice_offered
    row.you_said = d.you_said
    row.we_did = d.we_did
    row.outcome = d.outcome.value
    row.told_on = d.told_on


def details_of(row: InvolvementActivity) -> InvolvementDetails:
    return InvolvementDetails(
        held_on=row.held_on,
        title=row.title,
        details=row.details,
        stage=Stage(row.stage),
        staff_count=row.staff_count,
        volunteer_count=row.volunteer_count,
        service_user_count=row.service_user_count,
        payment_kind=PaymentKind(row.payment_kind),
        payment_pence=row.payment_pence,
        people_paid=row.people_paid,
        benefits_advice_offered=row.benefits_advice_offered,
        you_said=row.you_said,
        we_did=row.we_did,
        outcome=Outcome(row.outcome),
        told_on=row.told_on,
    )


def _record(row: InvolvementActivity, actor: Actor) -> InvolvementRecord:
    return InvolvementRecord(
        id=row.id,
        details=details_of(row),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        may_edit=may_edit(actor, row.created_by_user_id),
        may_delete=may_delete(actor),
    )
