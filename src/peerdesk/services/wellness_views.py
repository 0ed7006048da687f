"""What the wellness action plan service hands back: frozen dataclasses, no SQLAlchemy.

A wellness action plan belongs to the person it is about: the words are theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_SECTION = 5000
# How far ahead a review counts as due, e.g. for the notice in a new one-to-one.
REVIEW_SOON_DAYS = 14
NOT_ALLOWED = (
    "You cannot see this person's wellness plan: only they, their supervisor and "
    "administrators can."
)


@dataclass(frozen=True)
class WellnessDetails:
    """A plan as written: four parts in the person's own words, and its dates."""

    keeps_me_well: str = ""  # what keeps me well at work
    early_signs: str = ""  # early warning signs others might notice
    what_helps: str = ""  # what helps when I'm struggling, and what doesn't
    who_to_contact: str = ""  # who to contact, and how
    agreed_on: dt.date | None = None
    review_date: dt.date | None = None


@dataclass(frozen=True)
class WellnessPlanInfo:
    id: int
    staff_id: int
    details: WellnessDetails
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class WellnessReview:
    """A current person whose plan is due (or overdue) for review."""

    plan_id: int
    staff_id: int
    full_name: str
    supervisor_name: str
    review_date: dt.date
    days_until: int  # negative when the review is overdue
