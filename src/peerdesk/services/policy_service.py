"""The policy register: each policy's owner, version, approval, next review, status and document.

A policy is never deleted: one that no longer applies is retired (the date goes in its
notes) and leaves the list of reviews due. Anyone may read the register; changing it is for
managers.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import PolicyStatus
from peerdesk.domain.text import fold, long_date
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
from peerdesk.services.policy_views import (
    MAX_LOCATION,
    MAX_NOTES,
    MAX_TITLE,
    MAX_VERSION,
    PolicyCounts,
    PolicyDetails,
    PolicyInfo,
    PolicyReview,
)
from peerdesk.store.models import Policy, StaffMember
from peerdesk.store.types import utc_now

__all__ = [
    "PolicyCounts",
    "PolicyDetails",
    "PolicyInfo",
    "PolicyReview",
    "PolicyService",
    "normalise_policy",
]

Today = Callable[[], dt.date]
_GONE = "That policy is no longer in the register."


def normalise_policy(details: PolicyDetails, *, today: dt.date) -> PolicyDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    d = replace(
        details,
        status=PolicyStatus(details.status),
        title=clean_line(details.title),
        version=clean_line(details.version),
        location=clean_line(details.location),
        notes=clean_text(details.notes),
    )
    errors: list[FieldError] = []
    if not d.title:
        errors.append(FieldError("title", "Enter the policy's title."))
    check_length(errors, "title", "The title", d.title, MAX_TITLE)
    check_length(errors, "version", "The version", d.version, MAX_VERSION)
    if d.approved_on is None and d.status is PolicyStatus.APPROVED:
        errors.append(
            FieldError("approved_on", "Enter the date it was approved: it is marked in force.")
        )
    if d.approved_on is not None and d.approved_on > today:
        errors.append(FieldError("approved_on", "The approval date cannot be in the future."))
    if d.next_review is None and d.status is not PolicyStatus.RETIRED:
        errors.append(FieldError("next_review", "Enter the date of the next review."))
    if d.next_review is not None and d.approved_on is not None and d.next_review < d.approved_on:
        errors.append(
            FieldError("next_review", "The review date cannot be before the approval date.")
        )
    check_length(errors, "location", "Where the document is", d.location, MAX_LOCATION)
    check_length(errors, "notes", "The notes", d.notes, MAX_NOTES)
    if errors:
        raise ValidationError(errors)
    return d


class PolicyService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def list(
        self, actor: Actor, include_retired: bool = False, *, today: dt.date | None = None
    ) -> list[PolicyInfo]:
        """The register, soonest review first (overdue ones at the top); retired policies,
        when asked for, come last by title."""
        today = today or self._today()
        query = select(Policy, StaffMember.full_name, StaffMember.end_date).outerjoin(
            StaffMember, StaffMember.id == Policy.owner_id
        )
        if not include_retired:
            query = query.where(Policy.status != PolicyStatus.RETIRED.value)
        with self._sessions() as session:
            rows = [
                _info(policy, name, end_date, today)
                for policy, name, end_date in session.execute(query)
            ]
        return sorted(rows, key=_register_order)

    def get(self, actor: Actor, policy_id: int, *, today: dt.date | None = None) -> PolicyInfo:
        with self._sessions() as session:
            return self._read(session, _require(session, policy_id), today or self._today())

    def reviews_due(
        self, actor: Actor, within_days: int, today: dt.date | None = None
    ) -> builtins.list[PolicyReview]:
        """Policies in use (not retired) whose next review is at most ``within_days`` away,
        overdue ones included, soonest first."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        query = (
            select(
                Policy.id,
                Policy.title,
                Policy.status,
                Policy.next_review,
                StaffMember.full_name,
            )
            .outerjoin(StaffMember, StaffMember.id == Policy.owner_id)
            .where(
                Policy.status != PolicyStatus.RETIRED.value,
                Policy.next_review.is_not(None),
                Policy.next_review <= today + dt.timedelta(days=within_days),
            )
            .order_by(Policy.next_review, Policy.id)
        )
        reviews: list[PolicyReview] = []
        with self._sessions() as session:
            for policy_id, title, status, next_review, owner in session.execute(query):
                assert next_review is not None  # the query keeps dated reviews only
                reviews.append(
                    PolicyReview(
                        policy_id=policy_id,
                        title=title,
                        owner_name=owner or "",
                        next_review=next_review,
                        days_until=(next_review - today).days,
                        status=PolicyStatus(status),
                    )
                )
        reviews.sort(key=lambda r: (r.next_review, fold(r.title), r.policy_id))
        return reviews

    def counts(self, actor: Actor, *, today: dt.date | None = None) -> PolicyCounts:
        """Figures only: in force, overdue reviews (of policies in use), drafts, under
        review and retired."""
        today = today or self._today()
        with self._sessions() as session:
            by_status = dict(
                session.execute(
                    select(Policy.status, func.count(Policy.id)).group_by(Policy.status)
                ).all()
            )
            overdue = session.scalar(
                select(func.count(Policy.id)).where(
                    Policy.status != PolicyStatus.RETIRED.value,
                    Policy.next_review.is_not(None),
                    Policy.next_review < today,
                )
            )
        return PolicyCounts(
            in_force=by_status.get(PolicyStatus.APPROVED.value, 0),
            overdue_reviews=overdue or 0,
            drafts=by_status.get(PolicyStatus.DRAFT.value, 0),
            under_review=by_status.get(PolicyStatus.UNDER_REVIEW.value, 0),
            retired=by_status.get(PolicyStatus.RETIRED.value, 0),
        )

    # -- changing ------------------------------------------------------------------------

    def add(self, actor: Actor, details: PolicyDetails) -> PolicyInfo:
        access_rules.require_manager(actor, "change the policy register")
        today = self._today()
        cleaned = normalise_policy(details, today=today)
        with self._sessions.begin() as session:
            _check_owner(session, cleaned.owner_id)
            _check_unique(session, cleaned.title, None)
            row = Policy()
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return self._read(session, row, today)

    def update(self, actor: Actor, policy_id: int, details: PolicyDetails) -> PolicyInfo:
        access_rules.require_manager(actor, "change the policy register")
        today = self._today()
        cleaned = normalise_policy(details, today=today)
        with self._sessions.begin() as session:
            row = _require(session, policy_id)
            _check_owner(session, cleaned.owner_id)
            _check_unique(session, cleaned.title, policy_id)
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return self._read(session, row, today)

    def mark_reviewed(
        self,
        actor: Actor,
        policy_id: int,
        *,
        approved_on: dt.date,
        version: str,
        next_review: dt.date,
    ) -> PolicyInfo:
        """Record a review: approved again (in force) on a date, as a version, with the
        date of the next review."""
        access_rules.require_manager(actor, "change the policy register")
        today = self._today()
        with self._sessions.begin() as session:
            row = _require(session, policy_id)
            if row.status == PolicyStatus.RETIRED.value:
                raise Conflict(
                    "That policy is retired: change its status with Edit before reviewing it."
                )
            current = _details(row)
            cleaned = normalise_policy(
                replace(
                    current,
                    status=PolicyStatus.APPROVED,
                    approved_on=approved_on,
                    version=version,
                    next_review=next_review,
                ),
                today=today,
            )
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return self._read(session, row, today)

    def retire(self, actor: Actor, policy_id: int, on: dt.date) -> PolicyInfo:
        """Retire a policy on a day (today or earlier): it stays in the register, leaves the
        reviews due, and its notes say when it was retired."""
        access_rules.require_manager(actor, "change the policy register")
        today = self._today()
        with self._sessions.begin() as session:
            row = _require(session, policy_id)
            if row.status == PolicyStatus.RETIRED.value:
                raise Conflict("That policy is already retired.")
            if on > today:
                raise ValidationError(
                    [FieldError("retired_on", "Retire a policy on the day it stops, not before.")]
                )
            if row.approved_on is not None and on < row.approved_on:
                raise ValidationError(
                    [
                        FieldError(
                            "retired_on",
                            "A policy cannot be retired before the date it was approved.",
                        )
                    ]
                )
            note = f"Retired on {long_date(on)}."
            row.notes = f"{row.notes}\n{note}" if row.notes else note
            row.status = PolicyStatus.RETIRED.value
            row.next_review = None
            row.updated_at = utc_now()
            session.flush()
            return self._read(session, row, today)

    # -- helpers -------------------------------------------------------------------------

    def _read(self, session: Session, row: Policy, today: dt.date) -> PolicyInfo:
        owner = session.get(StaffMember, row.owner_id) if row.owner_id is not None else None
        return _info(
            row,
            owner.full_name if owner is not None else None,
            owner.end_date if owner is not None else None,
            today,
        )


def _register_order(info: PolicyInfo) -> tuple[int, int, str, int]:
    review = info.details.next_review
    if info.is_retired:
        return 2, 0, fold(info.title), info.id
    if review is None:
        return 1, 0, fold(info.title), info.id
    return 0, review.toordinal(), fold(info.title), info.id


def _require(session: Session, policy_id: int) -> Policy:
    row = session.get(Policy, policy_id)
    if row is None:
        raise NotFound(_GONE)
    return row


def _check_owner(session: Session, owner_id: int | None) -> None:
    if owner_id is not None and session.get(StaffMember, owner_id) is None:
        raise ValidationError(
            [FieldError("owner_id", "That person is no longer in the register: choose another.")]
        )


def _check_unique(session: Session, title: str, policy_id: int | None) -> None:
    wanted = fold(title)
    for other_id, other_title in session.execute(select(Policy.id, Policy.title)):
        if other_id != policy_id and fold(other_title) == wanted:
            raise Conflict(f"There is already a policy called “{other_title}”.")


def _apply(row: Policy, d: PolicyDetails) -> None:
    row.title = d.title
    row.status = PolicyStatus(d.status).value
    row.version = d.version
    row.owner_id = d.owner_id
    row.approved_on = d.approved_on
    row.next_review = None if d.status is PolicyStatus.RETIRED else d.next_review
    row.location = d.location
    row.notes = d.notes


def _details(row: Policy) -> PolicyDetails:
    return PolicyDetails(
        title=row.title,
        status=PolicyStatus(row.status),
        version=row.version,
        owner_id=row.owner_id,
        approved_on=row.approved_on,
        next_review=row.next_review,
        location=row.location,
        notes=row.notes,
    )


def _info(
    row: Policy, owner_name: str | None, owner_end: dt.date | None, today: dt.date
) -> PolicyInfo:
    details = _details(row)
    review = details.next_review
    days = (
        (review - today).days
        if review is not None and details.status is not PolicyStatus.RETIRED
        else None
    )
    return PolicyInfo(
        id=row.id,
        details=details,
        owner_name=owner_name or "",
        owner_is_current=owner_name is not None and (owner_end is None or owner_end >= today),
        days_until_review=days,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
