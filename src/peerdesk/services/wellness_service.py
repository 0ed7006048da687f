"""Wellness action plans: one per person, owned by them, kept current.

The plan is the person's own, written in their words (after Mind's Wellness Action Plan).
Only three kinds of people may read or change it: administrators, the person themselves,
and their supervisor (``access_rules.may_see_wellness_plan``); a manager is no exception.
The rule is applied here, so no screen or export can get round it, and every reading of a
plan is recorded in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.validation import FieldError, ValidationError, check_length, clean_text
from peerdesk.services import access_rules
from peerdesk.services.access_rules import PersonRef
from peerdesk.services.actor import Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.wellness_views import (
    MAX_SECTION,
    REVIEW_SOON_DAYS,
    WellnessDetails,
    WellnessPlanInfo,
    WellnessReview,
)
from peerdesk.store.models import StaffMember, WellnessPlan, employed_on
from peerdesk.store.types import utc_now

__all__ = [
    "WellnessDetails",
    "WellnessPlanInfo",
    "WellnessReview",
    "WellnessService",
    "normalise_wellness_plan",
]

Today = Callable[[], dt.date]
SECTIONS = (
    ("keeps_me_well", "What keeps you well at work"),
    ("early_signs", "The early warning signs"),
    ("what_helps", "What helps when you are struggling"),
    ("who_to_contact", "Who to contact"),
)


def normalise_wellness_plan(details: WellnessDetails, *, today: dt.date) -> WellnessDetails:
    """Return the plan cleaned, or raise ValidationError listing every problem."""
    d = replace(
        details,
        keeps_me_well=clean_text(details.keeps_me_well),
        early_signs=clean_text(details.early_signs),
        what_helps=clean_text(details.what_helps),
        who_to_contact=clean_text(details.who_to_contact),
    )
    errors: list[FieldError] = []
    if not any(getattr(d, field) for field, _label in SECTIONS):
        errors.append(
            FieldError("keeps_me_well", "Write at least one part of the plan before saving it.")
        )
    for field, label in SECTIONS:
        check_length(errors, field, label, getattr(d, field), MAX_SECTION)
    if d.agreed_on is None:
        errors.append(FieldError("agreed_on", "Enter the date the plan was agreed."))
    elif d.agreed_on > today:
        errors.append(FieldError("agreed_on", "The date it was agreed cannot be in the future."))
    elif d.review_date is not None and d.review_date < d.agreed_on:
        errors.append(
            FieldError("review_date", "The review date cannot be before the date it was agreed.")
        )
    if errors:
        raise ValidationError(errors)
    return d


def may_see_plan(actor: Actor, staff_id: int, supervisor_id: int | None) -> bool:
    """Administrators, the person themselves and their supervisor; nobody else."""
    return access_rules.may_see_wellness_plan(actor, staff_id, supervisor_id)


class WellnessService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        audit: AuditLog | None = None,
    ) -> None:
        """``audit``: where readings of a plan are recorded (the app's log; by default one
        on the same database)."""
        self._sessions = sessions
        self._today = today
        self._audit = audit if audit is not None else AuditLog(sessions)

    # -- reading -------------------------------------------------------------------------

    def get(self, actor: Actor, staff_id: int) -> WellnessPlanInfo | None:
        """The person's plan, or None if they have none yet. Raises AccessDenied for anyone
        but an administrator, the person and their supervisor. Reading a plan is recorded
        in the audit trail."""
        plan, person = self._read(actor, staff_id)
        if plan is not None:
            self._audit.record(
                actor,
                "viewed wellness plan",
                f"wellness plan of staff member {person.id}",  # never a name: see audit
                {"staff_id": person.id, "plan_id": plan.id},
            )
        return plan

    def _read(self, actor: Actor, staff_id: int) -> tuple[WellnessPlanInfo | None, PersonRef]:
        with self._sessions() as session:
            person = access_rules.require_can_see_wellness_plan(session, actor, staff_id)
            row = _plan_of(session, staff_id)
            return (_info(row) if row is not None else None), person

    def reviews_due(
        self, actor: Actor, within_days: int, today: dt.date | None = None
    ) -> list[WellnessReview]:
        """Current people whose plan's review is at most ``within_days`` away (overdue ones
        included), soonest first; only the plans ``actor`` may read."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        visible = _visible_to(actor)
        if visible is None:
            return []
        supervisor = aliased(StaffMember)
        query = (
            select(
                WellnessPlan.id,
                StaffMember.id,
                StaffMember.full_name,
                supervisor.full_name,
                WellnessPlan.review_date,
            )
            .join(StaffMember, StaffMember.id == WellnessPlan.staff_id)
            .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
            .where(
                visible,
                employed_on(today),
                WellnessPlan.review_date.is_not(None),
                WellnessPlan.review_date <= today + dt.timedelta(days=within_days),
            )
            .order_by(WellnessPlan.review_date, StaffMember.sort_name, StaffMember.id)
        )
        reviews: list[WellnessReview] = []
        with self._sessions() as session:
            for plan_id, staff_id, name, supervisor_name, review in session.execute(query):
                assert review is not None  # the query keeps dated reviews only
                reviews.append(
                    WellnessReview(
                        plan_id=plan_id,
                        staff_id=staff_id,
                        full_name=name,
                        supervisor_name=supervisor_name or "",
                        review_date=review,
                        days_until=(review - today).days,
                    )
                )
        return reviews

    def review_due_for(
        self, actor: Actor, staff_id: int, today: dt.date | None = None
    ) -> dt.date | None:
        """The review date of the person's plan when it is due within two weeks or overdue,
        else None. Raises AccessDenied like ``get``; only the date is read, so nothing is
        recorded in the audit trail."""
        today = today or self._today()
        plan, _person = self._read(actor, staff_id)
        if plan is None or plan.details.review_date is None:
            return None
        review = plan.details.review_date
        return review if review <= today + dt.timedelta(days=REVIEW_SOON_DAYS) else None

    # -- changing ------------------------------------------------------------------------

    def save(self, actor: Actor, staff_id: int, details: WellnessDetails) -> WellnessPlanInfo:
        """Write the person's plan: the first one, or the current one changed (one each)."""
        cleaned = normalise_wellness_plan(details, today=self._today())
        with self._sessions.begin() as session:
            access_rules.require_can_see_wellness_plan(session, actor, staff_id)
            row = _plan_of(session, staff_id)
            if row is None:
                row = WellnessPlan(staff_id=staff_id)
                session.add(row)
            else:
                row.updated_at = utc_now()
            _apply(row, cleaned)
            session.flush()
            return _info(row)


def _visible_to(actor: Actor) -> ColumnElement[bool] | None:
    """SQL for "plans the actor may read"; None when they may read none."""
    if actor.role is Role.ADMINISTRATOR:
        return StaffMember.id.is_not(None)
    if actor.staff_id is None or actor.role not in (Role.MANAGER, Role.SUPERVISOR):
        return None
    return or_(StaffMember.id == actor.staff_id, StaffMember.supervisor_id == actor.staff_id)


def _plan_of(session: Session, staff_id: int) -> WellnessPlan | None:
    return session.scalars(
        select(WellnessPlan).where(WellnessPlan.staff_id == staff_id).limit(1)
    ).first()


def _apply(row: WellnessPlan, d: WellnessDetails) -> None:
    row.keeps_me_well = d.keeps_me_well
    row.early_signs = d.early_signs
    row.what_helps = d.what_helps
    row.who_to_contact = d.who_to_contact
    row.agreed_on = d.agreed_on
    row.review_date = d.review_date


def _info(row: WellnessPlan) -> WellnessPlanInfo:
    return WellnessPlanInfo(
        id=row.id,
        staff_id=row.staff_id,
        details=WellnessDetails(
            keeps_me_well=row.keeps_me_well,
            early_signs=row.early_signs,
            what_helps=row.what_helps,
            who_to_contact=row.who_to_contact,
            agreed_on=row.agreed_on,
            review_date=row.review_date,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
