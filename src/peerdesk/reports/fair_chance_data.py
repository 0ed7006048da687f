"""The fair-chance recruitment figures a report prints: counts only, never names.

Made by ``FairChanceService.fair_chance_counts``; printed by ``fair_chance_section``.
Figures about people (assessments) are already suppressed (domain/suppression.py); the
numbers of roles at each check level are about roles, not people, and are printed as
they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.suppression import Shown


@dataclass(frozen=True)
class FairChanceCounts:
    period_start: dt.date
    period_end: dt.date
    threshold: int  # the organisation's small-number threshold
    keep_months: int  # how long assessments are kept after the decision
    # (level label, number of roles), in the order none, basic, standard, enhanced
    roles_by_level: tuple[tuple[str, Shown], ...]
    # (decision label, assessments decided in the period), every decision listed
    decisions: tuple[tuple[str, Shown], ...]
    decided_total: Shown
    held: Shown  # assessments held now
    past_deletion: Shown  # of those, how many are past their deletion date
