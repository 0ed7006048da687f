"""The dual-relationship register: a peer worker's other relationships inside the organisation.

Each entry says what kind of relationship it is, describes it without naming anyone, how it
is managed, who agreed that and when, and when it is next reviewed. An entry that no longer
applies is ended (with the date), never deleted, so the history stays honest.

Administrators and managers read and change everyone's entries, a supervisor their own
supervisees' (``access_rules``); the reviews due list only those the actor may see. The
counts are organisation-wide figures, never details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import DualRelationshipType
from peerdesk.domain.text import long_date
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_views import (
    DualRelationshipCounts,
    DualRelationshipDetails,
    DualRelationshipInfo,
    DualRelationshipReview,
)
from peerdesk.store.models import DualRelationship, StaffMember, employed_on
from peerdesk.store.types import utc_now

__all__ = [
    "MAX_DESCRIPTION",
    "NON_IDENTIFYING_GUIDANCE",
    "DualRelationshipCounts",
    "DualRelationshipDetails",
    "DualRelationshipInfo",
    "DualRelationshipReview",
    "DualRelationshipService",
    "normalise_dual_relationship",
]

Today = Callable[[], dt.date]

NON_IDENTIFYING_GUIDANCE = (
    "Describe the relationship without naming anyone: "
    "e.g. 'a former service user in the same programme'"
)
MAX_DESCRIPTION = 500
MAX_HOW_MANAGED = 5000
MAX_AGREED_BY = 200
_GONE = "That dual relationship is no longer in the register."
_WHAT = "dual relationships"


def normalise_dual_relationship(details: DualRelationshipDetails) -> DualRelationshipDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    errors: list[FieldError] = []
    relationship_type = details.relationship_type
    try:
        relationship_type = DualRelationshipType(details.relationship_type)
    except ValueError:
        errors.append(FieldError("relationship_type", "Choose the kind of relationship."))
    d = replace(
        details,
        relationship_type=relationship_type,
        description=clean_text(details.description),
        how_managed=clean_text(details.how_managed),
        agreed_by=clean_line(details.agreed_by),
    )
    if not d.description:
        errors.append(FieldError("description", NON_IDENTIFYING_GUIDANCE + "."))
    elif len(d.description) > MAX_DESCRIPTION:
        errors.append(
            FieldError(
                "description",
                f"Keep the description short, {MAX_DESCRIPTION} characters at most, "
                "and without naming anyone.",
            )
        )
    if not d.how_managed:
        errors.append(FieldError("how_managed", "Say how the relationship is managed."))
    check_length(errors, "how_managed", "How it is managed", d.how_managed, MAX_HOW_MANAGED)
    check_length(errors, "agreed_by", "Who agreed it", d.agreed_by, MAX_AGREED_BY)
    if d.agreed_on is not None and d.review_date is not None and d.review_date < d.agreed_on:
        errors.append(
            FieldError("review_date", "The review date cannot be before the date it was agreed.")
        )
    if errors:
        raise ValidationError(errors)
    return d


class DualRelationshipService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def list_for(self, actor: Actor, staff_id: int) -> list[DualRelationshipInfo]:
        """The person's register: active entries first (next review first, undated last),
        then ended ones (most recently ended first)."""
        query = select(DualRelationship).where(DualRelationship.staff_id == staff_id)
        with self._sessions() as session:
            access_rules.require_can_read_person(session, actor, staff_id, _WHAT)
            entries = [_info(row) for row in session.scalars(query)]
        return sorted(entries, key=_register_order)

    def get(self, actor: Actor, relationship_id: int) -> DualRelationshipInfo:
        with self._sessions() as session:
            row = _require(session, relationship_id)
            access_rules.require_can_read_person(session, actor, row.staff_id, _WHAT)
            return _info(row)

    def reviews_due(
        self, actor: Actor, within_days: int, *, today: dt.date | None = None
    ) -> list[DualRelationshipReview]:
        """Active relationships of current people due for review within ``within_days``
        (overdue ones included), soonest first; only people the actor may see (a
        supervisor's own supervisees)."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        supervisor = aliased(StaffMember)
        query = (
            select(
                DualRelationship.id,
                StaffMember.id,
                StaffMember.full_name,
                supervisor.full_name,
                DualRelationship.relationship_type,
                DualRelationship.review_date,
            )
            .join(StaffMember, StaffMember.id == DualRelationship.staff_id)
            .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
            .where(
                _active_of_current(today),
                DualRelationship.review_date.is_not(None),
                DualRelationship.review_date <= today + dt.timedelta(days=within_days),
            )
            .order_by(DualRelationship.review_date, StaffMember.sort_name, DualRelationship.id)
        )
        visible = access_rules.supervisee_filter(actor, StaffMember.supervisor_id)
        if visible is not None:
            query = query.where(visible)
        reviews: list[DualRelationshipReview] = []
        with self._sessions() as session:
            for relationship_id, staff_id, name, supervisor_name, kind, review in session.execute(
                query
            ):
                assert review is not None  # the query keeps dated reviews only
                reviews.append(
                    DualRelationshipReview(
                        relationship_id=relationship_id,
                        staff_id=staff_id,
                        full_name=name,
                        supervisor_name=supervisor_name or "",
                        relationship_type=DualRelationshipType(kind),
                        review_date=review,
                        days_until=(review - today).days,
                    )
                )
        return reviews

    def counts(self, actor: Actor, *, today: dt.date | None = None) -> DualRelationshipCounts:
        """How many active relationships current staff have, how many people have one,
        and how many reviews are overdue. Figures only, never details."""
        today = today or self._today()
        overdue = and_(
            DualRelationship.review_date.is_not(None), DualRelationship.review_date < today
        )
        query = (
            select(
                func.count(DualRelationship.id),
                func.count(func.distinct(DualRelationship.staff_id)),
                func.coalesce(func.sum(case((overdue, 1), else_=0)), 0),
            )
            .join(StaffMember, StaffMember.id == DualRelationship.staff_id)
            .where(_active_of_current(today))
        )
        with self._sessions() as session:
            relationships, people, reviews_overdue = session.execute(query).one()
        return DualRelationshipCounts(
            under_management=relationships, people=people, reviews_overdue=reviews_overdue
        )

    # -- changing ------------------------------------------------------------------------

    def add(
        self, actor: Actor, staff_id: int, details: DualRelationshipDetails
    ) -> DualRelationshipInfo:
        with self._sessions.begin() as session:
            access_rules.require_can_write_person(session, actor, staff_id, _WHAT)
            cleaned = normalise_dual_relationship(details)
            row = DualRelationship(staff_id=staff_id)
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return _info(row)

    def update(
        self, actor: Actor, relationship_id: int, details: DualRelationshipDetails
    ) -> DualRelationshipInfo:
        with self._sessions.begin() as session:
            row = _require(session, relationship_id)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            cleaned = normalise_dual_relationship(details)
            if row.ended_on is not None and cleaned.agreed_on and row.ended_on < cleaned.agreed_on:
                raise ValidationError(
                    [FieldError("agreed_on", "It cannot be agreed after it ended.")]
                )
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return _info(row)

    def end(self, actor: Actor, relationship_id: int, ended_on: dt.date) -> DualRelationshipInfo:
        """Record that the relationship no longer applies (it stays in the register)."""
        with self._sessions.begin() as session:
            row = _require(session, relationship_id)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            if row.ended_on is not None:
                raise Conflict(f"That relationship already ended on {long_date(row.ended_on)}.")
            if row.agreed_on is not None and ended_on < row.agreed_on:
                raise ValidationError(
                    [FieldError("ended_on", "It cannot end before the date it was agreed.")]
                )
            if ended_on > self._today():
                raise ValidationError(
                    [FieldError("ended_on", "Record the end once it has happened, not before.")]
                )
            row.ended_on = ended_on
            row.updated_at = utc_now()
            session.flush()
            return _info(row)


def _register_order(entry: DualRelationshipInfo) -> tuple[int, int, int]:
    if entry.ended_on is not None:
        return 1, -entry.ended_on.toordinal(), entry.id
    review = entry.details.review_date
    return 0, review.toordinal() if review is not None else dt.date.max.toordinal(), entry.id


def _active_of_current(today: dt.date) -> ColumnElement[bool]:
    return and_(
        DualRelationship.ended_on.is_(None),
        employed_on(today),
    )


def _require(session: Session, relationship_id: int) -> DualRelationship:
    row = session.get(DualRelationship, relationship_id)
    if row is None:
        raise NotFound(_GONE)
    return row


def _apply(row: DualRelationship, d: DualRelationshipDetails) -> None:
    row.relationship_type = DualRelationshipType(d.relationship_type).value
    row.description = d.description
    row.how_managed = d.how_managed
    row.agreed_by = d.agreed_by
    row.agreed_on = d.agreed_on
    row.review_date = d.review_date


def _info(row: DualRelationship) -> DualRelationshipInfo:
    return DualRelationshipInfo(
        id=row.id,
        staff_id=row.staff_id,
        details=DualRelationshipDetails(
            relationship_type=DualRelationshipType(row.relationship_type),
            description=row.description,
            how_managed=row.how_managed,
            agreed_by=row.agreed_by,
            agreed_on=row.agreed_on,
            review_date=row.review_date,
        ),
        ended_on=row.ended_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
