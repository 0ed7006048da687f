"""What each row of the dashboard's lists says: plain words built from the services' rows.

No widgets here, so the wording is easy to test on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peerdesk.domain.supervision_schedule import SupervisionStatus
from peerdesk.ui.schedule_table_model import status_text
from peerdesk.ui.staff_table_model import format_date

if TYPE_CHECKING:  # only the shapes: importing them all would slow the window's first show
    from peerdesk.services.apprenticeship_views import ApprenticeshipReviewDue
    from peerdesk.services.policy_views import PolicyReview
    from peerdesk.services.schedule_views import (
        AgreementReview,
        DualRelationshipReview,
        ScheduleRow,
    )
    from peerdesk.services.supervision_views import OpenAction
    from peerdesk.services.training_views import ExpiringTraining
    from peerdesk.services.wellness_views import WellnessReview


def due_text(due: dt.date, today: dt.date) -> str:
    if due == today:
        return "Due today"
    if due == today + dt.timedelta(days=1):
        return "Due tomorrow"
    return f"Due {due:%A} {format_date(due)}"


def person_line(row: ScheduleRow, today: dt.date) -> tuple[str, str, str]:
    """Name, where their supervision stands, and who supervises them."""
    status = status_text(row)
    if row.status is SupervisionStatus.DUE_SOON and row.due_date is not None:
        status = due_text(row.due_date, today)
    return row.full_name, status, row.supervisor_name or "No supervisor"


def action_line(row: OpenAction) -> tuple[str, str, str]:
    """The action, whose supervision it came from, and how late it is."""
    description = " ".join(row.action.description.split())
    days = row.days_overdue
    return description, row.supervisee_name, f"{days} day{'s' if days != 1 else ''} late"


def review_when(review_date: dt.date, days_until: int) -> str:
    if days_until < 0:
        days = -days_until
        return f"overdue by {days} day{'s' if days != 1 else ''}"
    if days_until == 0:
        return "due today"
    return f"due {format_date(review_date)}"


def agreement_line(review: AgreementReview) -> tuple[str, str, str]:
    when = review_when(review.review_date, review.days_until)
    return review.full_name, "Agreement", when


def relationship_line(review: DualRelationshipReview) -> tuple[str, str, str]:
    when = review_when(review.review_date, review.days_until)
    return review.full_name, f"Dual relationship ({review.relationship_type.label.lower()})", when


@dataclass(frozen=True)
class ReviewLine:
    """One review due: what it says, and where Enter takes the user.

    A person's review opens their supervision file on ``tab``; a policy's opens the policy
    register on ``policy_id``.
    """

    due: dt.date
    columns: tuple[str, str, str]
    overdue: bool
    staff_id: int | None = None
    tab: str = ""
    policy_id: int | None = None


def review_lines(
    agreements: Iterable[AgreementReview] = (),
    relationships: Iterable[DualRelationshipReview] = (),
    wellness: Iterable[WellnessReview] = (),
    apprenticeships: Iterable[ApprenticeshipReviewDue] = (),
    policies: Iterable[PolicyReview] = (),
) -> list[ReviewLine]:
    """Every review due, soonest (most overdue) first."""
    lines = [
        *(
            ReviewLine(
                r.review_date,
                agreement_line(r),
                r.days_until < 0,
                staff_id=r.staff_id,
                tab="agreement",
            )
            for r in agreements
        ),
        *(
            ReviewLine(
                r.review_date,
                relationship_line(r),
                r.days_until < 0,
                staff_id=r.staff_id,
                tab="relationships",
            )
            for r in relationships
        ),
        *(
            ReviewLine(
                r.review_date,
                (r.full_name, "Wellness action plan", review_when(r.review_date, r.days_until)),
                r.days_until < 0,
                staff_id=r.staff_id,
                tab="wellness",
            )
            for r in wellness
        ),
        *(
            ReviewLine(
                r.due_on,
                (r.full_name, "Apprenticeship progress", review_when(r.due_on, r.days_until)),
                r.days_until < 0,
                staff_id=r.staff_id,
                tab="apprenticeship",
            )
            for r in apprenticeships
        ),
        *(
            ReviewLine(
                r.next_review,
                (r.title, policy_kind(r), review_when(r.next_review, r.days_until)),
                r.days_until < 0,
                policy_id=r.policy_id,
            )
            for r in policies
        ),
    ]
    return sorted(lines, key=lambda line: (line.due, line.columns))


def policy_kind(review: PolicyReview) -> str:
    return f"Policy (owner: {review.owner_name})" if review.owner_name else "Policy"


def training_line(row: ExpiringTraining) -> tuple[str, str, str]:
    """Who, which course, and when it expires (or did), with any new booking."""
    if row.days_until < 0:
        days = -row.days_until
        when = f"expired {days} day{'s' if days != 1 else ''} ago"
    elif row.days_until == 0:
        when = "expires today"
    else:
        when = f"expires {format_date(row.expires_on)}"
    if row.rebooked_for is not None:
        when += f", rebooked for {format_date(row.rebooked_for)}"
    return row.full_name, row.course, when
