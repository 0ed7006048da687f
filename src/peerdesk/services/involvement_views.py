"""What the involvement log service hands back: frozen dataclasses, no SQLAlchemy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peerdesk.domain.involvement import InvolvementDetails, Outcome, Stage, pounds_text
from peerdesk.domain.suppression import percent_text

__all__ = [
    "InvolvementFilter",
    "InvolvementRecord",
    "InvolvementSummary",
    "summarise",
]


@dataclass(frozen=True)
class InvolvementFilter:
    """Which activities to list; None (or "") leaves that part out."""

    stage: Stage | None = None
    outcome: Outcome | None = None
    start: dt.date | None = None  # held on or after
    end: dt.date | None = None  # held on or before
    search: str = ""  # words found in what was decided, the details or the answer


@dataclass(frozen=True)
class InvolvementRecord:
    """One activity of the log, and whether the actor who asked may change it."""

    id: int
    details: InvolvementDetails
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    may_edit: bool = False
    may_delete: bool = False

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def held_on(self) -> dt.date:
        assert self.details.held_on is not None  # stored activities always have a date
        return self.details.held_on

    @property
    def taking_part(self) -> int:
        return self.details.taking_part


@dataclass(frozen=True)
class InvolvementSummary:
    """The line under the log's table."""

    count: int
    total_paid_pence: int
    answered: int  # activities with a "you said, we did" answer

    @property
    def share_answered(self) -> float | None:
        return 100 * self.answered / self.count if self.count else None

    @property
    def text(self) -> str:
        if not self.count:
            return "No activities."
        noun = "activity" if self.count == 1 else "activities"
        share = self.share_answered
        answered = percent_text(share) if share is not None else "–"
        return (
            f"{self.count:,} {noun} · {pounds_text(self.total_paid_pence)} paid · "
            f"{answered} with a “you said, we did” answer"
        )


def summarise(records: Sequence[InvolvementRecord]) -> InvolvementSummary:
    return InvolvementSummary(
        count=len(records),
        total_paid_pence=sum(r.details.payment_pence for r in records),
        answered=sum(1 for r in records if r.details.outcome.answered),
    )
