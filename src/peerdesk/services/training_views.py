"""What the training service hands back: frozen dataclasses, importable without SQLAlchemy.

Dates are local days. The rules behind the states live in ``peerdesk.domain.training``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.enums import CourseKind, RoleCategory, TrainingStatus
from peerdesk.domain.training import (
    Cell,
    CellState,
    CourseDetails,
    RecordDetails,
    RecordState,
    cell_text,
    long_date,
    record_state_text,
)

__all__ = [
    "Cell",
    "CellState",
    "CourseCompliance",
    "CourseDetails",
    "CourseInfo",
    "ExpiringTraining",
    "LinkableSession",
    "MatrixRow",
    "RecordDetails",
    "RecordInfo",
    "RecordState",
    "TrainingMatrix",
]


@dataclass(frozen=True)
class CourseInfo:
    id: int
    details: CourseDetails
    retired: bool
    records: int  # how many records (any status) refer to it

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def kind(self) -> CourseKind:
        return self.details.kind

    @property
    def validity_months(self) -> int | None:
        return self.details.validity_months

    @property
    def applies_to(self) -> tuple[RoleCategory, ...]:
        return self.details.applies_to


@dataclass(frozen=True)
class RecordInfo:
    """One of a person's training records, with what it means today."""

    id: int
    staff_id: int
    course_id: int
    course_name: str
    course_kind: CourseKind
    details: RecordDetails
    expires_on: dt.date | None
    state: RecordState
    raised_in_session_date: dt.date | None
    today: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def status(self) -> TrainingStatus:
        return self.details.status

    @property
    def state_text(self) -> str:
        """E.g. "Valid to 3 Mar 2027", "Expires in 12 days", "Booked for 3 Jul 2026"."""
        d = self.details
        return record_state_text(
            self.state,
            self.today,
            booked_for=d.booked_for,
            completed_on=d.completed_on,
            expires_on=self.expires_on,
        )

    @property
    def description(self) -> str:
        """ "Safeguarding adults, booked for 3 Jul 2026": for confirmations."""
        d = self.details
        if d.status is TrainingStatus.BOOKED and d.booked_for is not None:
            return f"{self.course_name}, booked for {long_date(d.booked_for)}"
        if d.status is TrainingStatus.REQUESTED and d.requested_on is not None:
            return f"{self.course_name}, requested on {long_date(d.requested_on)}"
        return f"{self.course_name} ({self.state_text.lower()})"

    @property
    def key_date(self) -> dt.date | None:
        """The date that matters most: completed, else booked, else requested."""
        d = self.details
        return d.completed_on or d.booked_for or d.requested_on


@dataclass(frozen=True)
class CourseCompliance:
    """For one mandatory course over the rows shown: how many of those who must do it can
    show a valid completion (expiring soon included)."""

    course_id: int
    compliant: int
    required: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.compliant / self.required) if self.required else None


@dataclass(frozen=True)
class MatrixRow:
    staff_id: int
    full_name: str
    role_category: RoleCategory
    team_id: int | None
    team_name: str
    cells: tuple[Cell, ...]  # one per course of the matrix, in its order


@dataclass(frozen=True)
class TrainingMatrix:
    """Current people (by name) against the mandatory courses in the catalogue."""

    courses: tuple[CourseInfo, ...]
    rows: tuple[MatrixRow, ...]
    compliance: tuple[CourseCompliance, ...]  # one per course, in its order
    today: dt.date

    @property
    def counts(self) -> tuple[CourseCompliance, ...]:
        return self.compliance

    def text(self, row: int, column: int) -> str:
        return cell_text(self.rows[row].cells[column], self.today)


@dataclass(frozen=True)
class ExpiringTraining:
    """A current person's mandatory or role-specific course that has expired or soon will,
    with no newer completion. ``days_until`` is negative once expired."""

    staff_id: int
    full_name: str
    course: str
    expires_on: dt.date
    days_until: int
    rebooked_for: dt.date | None
    course_id: int = 0
    record_id: int = 0

    @property
    def is_expired(self) -> bool:
        return self.days_until < 0


@dataclass(frozen=True)
class LinkableSession:
    """A held supervision session a training need can be linked to."""

    id: int
    session_date: dt.date
