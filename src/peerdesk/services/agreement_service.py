"""Supervision agreements: how often, where, what is confidential, how to raise concerns.

A person may have several agreements over time; the current one is the newest by the date
it was agreed. Saving a new agreement keeps the old ones as history.

Administrators and managers read and change everyone's agreements, a supervisor their own
supervisees' (``access_rules``); the reviews due list only those the actor may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.supervision_schedule import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS
from peerdesk.domain.validation import FieldError, ValidationError, check_length, clean_text
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import NotFound
from peerdesk.services.schedule_views import AgreementDetails, AgreementInfo, AgreementReview
from peerdesk.store.models import StaffMember, SupervisionAgreement, employed_on
from peerdesk.store.types import utc_now

__all__ = [
    "AgreementDetails",
    "AgreementInfo",
    "AgreementReview",
    "AgreementService",
    "normalise_agreement",
]

Today = Callable[[], dt.date]
MAX_AGREEMENT_TEXT = 5000
_WHAT = "supervision agreements"


def normalise_agreement(details: AgreementDetails) -> AgreementDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    d = replace(
        details,
        location=clean_text(details.location),
        confidentiality=clean_text(details.confidentiality),
        raising_concerns=clean_text(details.raising_concerns),
    )
    errors: list[FieldError] = []
    if not MIN_INTERVAL_DAYS <= d.frequency_days <= MAX_INTERVAL_DAYS:
        errors.append(
            FieldError(
                "frequency_days",
                f"Agree how often supervision happens: every {MIN_INTERVAL_DAYS} to "
                f"{MAX_INTERVAL_DAYS} days.",
            )
        )
    if d.agreed_on is None:
        errors.append(FieldError("agreed_on", "Enter the date the agreement was made."))
    elif d.review_date is not None and d.review_date < d.agreed_on:
        errors.append(
            FieldError("review_date", "The review date cannot be before the date it was agreed.")
        )
    check_length(errors, "location", "Where supervision happens", d.location, MAX_AGREEMENT_TEXT)
    check_length(
        errors,
        "confidentiality",
        "The confidentiality terms",
        d.confidentiality,
        MAX_AGREEMENT_TEXT,
    )
    check_length(
        errors,
        "raising_concerns",
        "How to raise concerns",
        d.raising_concerns,
        MAX_AGREEMENT_TEXT,
    )
    if errors:
        raise ValidationError(errors)
    return d


class AgreementService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def current_agreement(self, actor: Actor, staff_id: int) -> AgreementInfo | None:
        """The person's newest agreement (by the date agreed), or None if they have none."""
        with self._sessions() as session:
            access_rules.require_can_read_person(session, actor, staff_id, _WHAT)
            row = session.scalars(
                select(SupervisionAgreement)
                .where(SupervisionAgreement.staff_id == staff_id)
                .order_by(SupervisionAgreement.agreed_on.desc(), SupervisionAgreement.id.desc())
                .limit(1)
            ).first()
            return _info(row) if row is not None else None

    def history(self, actor: Actor, staff_id: int) -> list[AgreementInfo]:
        """Every agreement the person has had, newest first."""
        with self._sessions() as session:
            access_rules.require_can_read_person(session, actor, staff_id, _WHAT)
            rows = session.scalars(
                select(SupervisionAgreement)
                .where(SupervisionAgreement.staff_id == staff_id)
                .order_by(SupervisionAgreement.agreed_on.desc(), SupervisionAgreement.id.desc())
            )
            return [_info(row) for row in rows]

    def reviews_due(
        self, actor: Actor, within_days: int, *, today: dt.date | None = None
    ) -> list[AgreementReview]:
        """Current people whose current agreement's review date is at most ``within_days``
        away (overdue ones included), soonest first; only people the actor may see (a
        supervisor's own supervisees)."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        newest = (
            select(
                SupervisionAgreement.id,
                func.row_number()
                .over(
                    partition_by=SupervisionAgreement.staff_id,
                    order_by=(
                        SupervisionAgreement.agreed_on.desc(),
                        SupervisionAgreement.id.desc(),
                    ),
                )
                .label("rank"),
            )
        ).subquery()
        supervisor = aliased(StaffMember)
        query = (
            select(
                SupervisionAgreement.id,
                StaffMember.id,
                StaffMember.full_name,
                supervisor.full_name,
                SupervisionAgreement.agreed_on,
                SupervisionAgreement.review_date,
            )
            .join(newest, newest.c.id == SupervisionAgreement.id)
            .join(StaffMember, StaffMember.id == SupervisionAgreement.staff_id)
            .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
            .where(
                newest.c.rank == 1,
                employed_on(today),
                SupervisionAgreement.review_date.is_not(None),
                SupervisionAgreement.review_date <= today + dt.timedelta(days=within_days),
            )
            .order_by(SupervisionAgreement.review_date, StaffMember.sort_name, StaffMember.id)
        )
        visible = access_rules.supervisee_filter(actor, StaffMember.supervisor_id)
        if visible is not None:
            query = query.where(visible)
        reviews: list[AgreementReview] = []
        with self._sessions() as session:
            for agreement_id, staff_id, name, supervisor_name, agreed_on, review in session.execute(
                query
            ):
                assert review is not None  # the query keeps dated reviews only
                reviews.append(
                    AgreementReview(
                        agreement_id=agreement_id,
                        staff_id=staff_id,
                        full_name=name,
                        supervisor_name=supervisor_name or "",
                        agreed_on=agreed_on,
                        review_date=review,
                        days_until=(review - today).days,
                    )
                )
        return reviews

    # -- changing ------------------------------------------------------------------------

    def save_agreement(
        self, actor: Actor, staff_id: int, details: AgreementDetails
    ) -> AgreementInfo:
        """Record a new agreement for the person; earlier ones stay as history."""
        with self._sessions.begin() as session:
            access_rules.require_can_write_person(session, actor, staff_id, _WHAT)
            cleaned = normalise_agreement(details)
            row = SupervisionAgreement(staff_id=staff_id)
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return _info(row)

    def update_agreement(
        self, actor: Actor, agreement_id: int, details: AgreementDetails
    ) -> AgreementInfo:
        """Correct an agreement as recorded (a typo, a wrong date)."""
        with self._sessions.begin() as session:
            row = session.get(SupervisionAgreement, agreement_id)
            if row is None:
                raise NotFound("That supervision agreement no longer exists.")
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            cleaned = normalise_agreement(details)
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return _info(row)


def _apply(row: SupervisionAgreement, d: AgreementDetails) -> None:
    assert d.agreed_on is not None  # normalise_agreement guarantees it
    row.frequency_days = d.frequency_days
    row.location = d.location
    row.confidentiality = d.confidentiality
    row.raising_concerns = d.raising_concerns
    row.agreed_on = d.agreed_on
    row.review_date = d.review_date


def _info(row: SupervisionAgreement) -> AgreementInfo:
    return AgreementInfo(
        id=row.id,
        staff_id=row.staff_id,
        details=AgreementDetails(
            frequency_days=row.frequency_days,
            agreed_on=row.agreed_on,
            review_date=row.review_date,
            location=row.location,
            confidentiality=row.confidentiality,
            raising_concerns=row.raising_concerns,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
