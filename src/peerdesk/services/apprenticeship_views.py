"""What the apprenticeship service hands back.

Frozen dataclasses, importable without loading SQLAlchemy. Dates are local days; hours are
hours (floats, to the quarter hour as entered).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.apprenticeship import ApprenticeshipDetails, ApprenticeshipProgress
from peerdesk.domain.enums import ApprenticeshipOutcome

__all__ = [
    "ApprenticeshipDetails",
    "ApprenticeshipInfo",
    "ApprenticeshipProgress",
    "ApprenticeshipReviewDue",
    "ApprenticeshipRow",
    "HoursEntry",
    "ReviewInfo",
]


@dataclass(frozen=True)
class ApprenticeshipInfo:
    """One apprenticeship with its progress as of the day it was read.

    ``next_review`` is None once there is an outcome, or when the latest review set none.
    """

    id: int
    staff_id: int
    details: ApprenticeshipDetails
    outcome: ApprenticeshipOutcome | None
    outcome_on: dt.date | None
    outcome_notes: str
    progress: ApprenticeshipProgress
    reviews_held: int
    last_review: dt.date | None
    next_review: dt.date | None
    review_overdue: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def is_open(self) -> bool:
        """Still running: no outcome recorded."""
        return self.outcome is None

    @property
    def start_date(self) -> dt.date:
        assert self.details.start_date is not None  # a stored apprenticeship always has one
        return self.details.start_date

    @property
    def planned_end_date(self) -> dt.date:
        assert self.details.planned_end_date is not None
        return self.details.planned_end_date


@dataclass(frozen=True)
class HoursEntry:
    """Off-the-job hours logged for one day."""

    id: int
    apprenticeship_id: int
    day: dt.date
    hours: float
    activity: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ReviewInfo:
    """A progress review: when, what was said, and when the next one is due."""

    id: int
    apprenticeship_id: int
    review_date: dt.date
    notes: str
    next_review: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True)
class ApprenticeshipRow:
    """A current apprentice in the organisation-wide overview (dashboard, reports)."""

    staff_id: int
    full_name: str
    programme: str
    planned_end_date: dt.date
    hours_expected: float
    hours_logged: float
    behind_by: float
    next_review: dt.date | None
    review_overdue: bool
    apprenticeship_id: int
    start_date: dt.date
    supervisor_name: str


@dataclass(frozen=True)
class ApprenticeshipReviewDue:
    """A current apprentice whose next progress review is due soon (or overdue)."""

    apprenticeship_id: int
    staff_id: int
    full_name: str
    supervisor_name: str
    programme: str
    due_on: dt.date
    days_until: int  # negative when overdue
