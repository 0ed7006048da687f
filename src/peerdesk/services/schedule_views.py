"""What the supervision schedule, agreement, dual-relationship and absence services hand back.

Frozen dataclasses, importable without loading SQLAlchemy. Dates are local days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from peerdesk.domain.enums import DualRelationshipType, RoleCategory
from peerdesk.domain.supervision_schedule import Compliance, SupervisionStatus

# -- who is due ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    """One person on the supervision page: where they stand today.

    ``due_date`` is None while they are away (absent); for someone who has not started yet
    it is their first supervision's due date. ``days_overdue`` is 0 unless overdue.
    ``last_held`` is their last held session up to today.
    """

    staff_id: int
    full_name: str
    preferred_name: str
    role_category: RoleCategory
    team_id: int | None
    team_name: str
    supervisor_id: int | None
    supervisor_name: str
    start_date: dt.date
    status: SupervisionStatus
    due_date: dt.date | None
    days_overdue: int
    last_held: dt.date | None


@dataclass(frozen=True)
class ScheduleCounts:
    """How many current people are in each state, for the dashboard."""

    overdue: int
    due_soon: int
    up_to_date: int
    absent: int
    not_started: int

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon + self.up_to_date + self.absent + self.not_started


def count_statuses(rows: Iterable[ScheduleRow]) -> ScheduleCounts:
    """The counts of some overview rows, e.g. to show beside a list already fetched."""
    tally: dict[SupervisionStatus, int] = defaultdict(int)
    for row in rows:
        tally[row.status] += 1
    return ScheduleCounts(
        overdue=tally[SupervisionStatus.OVERDUE],
        due_soon=tally[SupervisionStatus.DUE_SOON],
        up_to_date=tally[SupervisionStatus.UP_TO_DATE],
        absent=tally[SupervisionStatus.ABSENT],
        not_started=tally[SupervisionStatus.NOT_STARTED],
    )


@dataclass(frozen=True)
class TeamCompliance:
    """Supervision held against expected for one team (``team_id`` None: people with no team).

    ``people`` counts everyone employed at some time in the period, expected or not.
    """

    team_id: int | None
    team_name: str
    people: int
    compliance: Compliance


@dataclass(frozen=True)
class ComplianceReport:
    """Compliance for a period (both ends included), per team by name and overall."""

    period_start: dt.date
    period_end: dt.date
    teams: tuple[TeamCompliance, ...]
    overall: Compliance
    people: int


# -- supervision agreements ---------------------------------------------------------------


@dataclass(frozen=True)
class AgreementDetails:
    """A supervision agreement as entered: how often, where, confidentiality, concerns."""

    frequency_days: int
    agreed_on: dt.date | None
    review_date: dt.date | None = None
    location: str = ""
    confidentiality: str = ""
    raising_concerns: str = ""


@dataclass(frozen=True)
class AgreementInfo:
    id: int
    staff_id: int
    details: AgreementDetails
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class AgreementReview:
    """A current person whose current agreement is due (or overdue) for review."""

    agreement_id: int
    staff_id: int
    full_name: str
    supervisor_name: str
    agreed_on: dt.date
    review_date: dt.date
    days_until: int  # negative when the review is overdue


# -- dual relationships -------------------------------------------------------------------


@dataclass(frozen=True)
class DualRelationshipDetails:
    """One entry in a person's dual-relationship register, as entered."""

    relationship_type: DualRelationshipType
    description: str
    how_managed: str
    agreed_by: str = ""
    agreed_on: dt.date | None = None
    review_date: dt.date | None = None


@dataclass(frozen=True)
class DualRelationshipInfo:
    id: int
    staff_id: int
    details: DualRelationshipDetails
    ended_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True)
class DualRelationshipReview:
    """An active relationship of a current person whose review is due (or overdue)."""

    relationship_id: int
    staff_id: int
    full_name: str
    supervisor_name: str
    relationship_type: DualRelationshipType
    review_date: dt.date
    days_until: int  # negative when the review is overdue


@dataclass(frozen=True)
class DualRelationshipCounts:
    """Figures for reports, with no details: active relationships of current staff."""

    under_management: int
    people: int
    reviews_overdue: int


# -- long absences ------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceInfo:
    """A long absence: first and last day away (``last_day`` None while not known)."""

    id: int
    staff_id: int
    first_day: dt.date
    last_day: dt.date | None
    kind: str

    def covers(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)
