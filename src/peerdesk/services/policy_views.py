"""What the policy register hands back: frozen dataclasses, importable without SQLAlchemy.

Dates are local days. ``days_until`` is negative when a review is overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.enums import PolicyStatus

MAX_TITLE = 200
MAX_VERSION = 40
MAX_LOCATION = 1000
MAX_NOTES = 5000
# The policy page's "Reviews due" view and the dashboard look this far ahead.
REVIEW_NOTICE_DAYS = 60


@dataclass(frozen=True)
class PolicyDetails:
    """A policy as entered. ``owner_id`` is a person in the staff register."""

    title: str
    status: PolicyStatus = PolicyStatus.DRAFT
    version: str = ""
    owner_id: int | None = None
    approved_on: dt.date | None = None
    next_review: dt.date | None = None
    location: str = ""  # where the document lives: a file, a shared-drive path or a link
    notes: str = ""


@dataclass(frozen=True)
class PolicyInfo:
    """One entry of the register, with its owner's name and where its review stands."""

    id: int
    details: PolicyDetails
    owner_name: str
    owner_is_current: bool
    days_until_review: int | None  # None when retired or with no review date
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def status(self) -> PolicyStatus:
        return self.details.status

    @property
    def is_retired(self) -> bool:
        return self.details.status is PolicyStatus.RETIRED

    @property
    def review_overdue(self) -> bool:
        return self.days_until_review is not None and self.days_until_review < 0


@dataclass(frozen=True)
class PolicyReview:
    """A policy in use (not retired) whose review is due soon or overdue, for the dashboard."""

    policy_id: int
    title: str
    owner_name: str
    next_review: dt.date
    days_until: int  # negative when the review is overdue
    status: PolicyStatus = PolicyStatus.APPROVED


@dataclass(frozen=True)
class PolicyCounts:
    """Figures for reports: policies in force, reviews overdue (of any policy in use),
    drafts, policies under review and retired ones."""

    in_force: int
    overdue_reviews: int
    drafts: int
    under_review: int
    retired: int
