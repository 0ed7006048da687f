"""The plain data of the trustee report's co-production section.

``services.coproduction_report`` fills it from the involvement log; ``reports`` only reads
it. Every figure is already suppressed (a ``Shown`` or a ``Rate``), so the builder cannot
print a small number by mistake. Nothing here holds a name or anything anyone wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.suppression import Rate, Shown

__all__ = ["CoProductionSection", "StageCount"]


@dataclass(frozen=True)
class StageCount:
    """How many activities were held at one stage (design, delivery, …)."""

    label: str
    activities: Shown


@dataclass(frozen=True)
class CoProductionSection:
    start: dt.date
    end: dt.date
    threshold: int
    stages: tuple[StageCount, ...]  # every stage, in a fixed order
    activities: Shown  # all the activities of the period (the stages add up to it)
    # places taken by capacity: a person at two activities counts twice
    staff: Shown
    volunteers: Shown
    service_users: Shown
    people: Shown  # the three add up to it
    paid_activities: Shown  # activities with a payment, vouchers or both
    people_paid: Shown
    total_paid: str  # "£1,234.00", or "not shown" when too few activities were paid
    benefits_advice: Rate  # share of paid activities where benefits advice was offered
    answered: Rate  # share of activities with a "you said, we did" answer
    told: Rate  # share of activities where people were told the answer

    @property
    def is_empty(self) -> bool:
        return self.activities.value == 0
