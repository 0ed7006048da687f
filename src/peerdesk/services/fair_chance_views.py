"""What the fair-chance service hands back: frozen dataclasses, no SQLAlchemy.

Risk assessments are criminal-offence data: only administrators ever receive one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.fair_chance import (
    AssessmentDetails,
    CheckLevel,
    CheckLevelDetails,
    Decision,
)
from peerdesk.reports.fair_chance_data import FairChanceCounts

__all__ = [
    "ADMINISTRATORS_ONLY",
    "AssessmentDetails",
    "AssessmentInfo",
    "AssessmentSummary",
    "CheckLevel",
    "CheckLevelDetails",
    "CheckLevelInfo",
    "Decision",
    "Erased",
    "FairChanceCounts",
]

# The refusal, also said in the panel in place of the assessments.
ADMINISTRATORS_ONLY = (
    "Only administrators can see risk assessments of disclosed convictions: they are "
    "criminal-offence data."
)


@dataclass(frozen=True)
class CheckLevelInfo:
    id: int
    details: CheckLevelDetails

    @property
    def job_title(self) -> str:
        return self.details.job_title

    @property
    def level(self) -> CheckLevel:
        assert self.details.check_level is not None  # always set on a saved one
        return self.details.check_level


@dataclass(frozen=True)
class AssessmentSummary:
    """One row of the list: who, which role, when decided, what, when it goes."""

    id: int
    staff_id: int
    full_name: str
    role_title: str
    decision: Decision
    decided_on: dt.date
    delete_after: dt.date
    past_deletion: bool  # delete_after is before today: it should be erased now


@dataclass(frozen=True)
class AssessmentInfo:
    id: int
    full_name: str
    details: AssessmentDetails  # delete_after always filled in
    past_deletion: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def staff_id(self) -> int:
        assert self.details.staff_id is not None
        return self.details.staff_id

    @property
    def delete_after(self) -> dt.date:
        assert self.details.delete_after is not None
        return self.details.delete_after


@dataclass(frozen=True)
class Erased:
    """An assessment erased; ``journal_emptied`` False: a copy may stay in the database's
    journal until PeerDesk next closes (another reader kept it from being emptied)."""

    assessment_id: int
    journal_emptied: bool
