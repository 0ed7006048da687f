"""The plain data the trustee workforce report is built from.

``services.trustee_report_service`` fills these from the database; ``trustee_report`` only
reads them. Every figure about people is already a ``Shown`` (or a ``Rate``): small numbers
are suppressed before they get here, so the builder cannot print one by mistake. Nothing
here holds a person's name or anything written about a person; the only free text is the
organisation's name, team names, course names, checklist titles and policy titles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peerdesk.domain.suppression import Rate, Shown
from peerdesk.domain.text import long_date as long_date  # re-exported
from peerdesk.reports.coproduction_data import CoProductionSection
from peerdesk.reports.fair_chance_data import FairChanceCounts

FULL_TIME_HOURS = 37.5  # the same as domain.staff_roles.FULL_TIME_HOURS
EXPIRING_DAYS = 60


def period_text(start: dt.date, end: dt.date) -> str:
    """ "1 April 2026 to 30 June 2026"."""
    return f"{long_date(start)} to {long_date(end)}"


@dataclass(frozen=True)
class Headline:
    """One line of the summary: this period, the previous one, and the change."""

    key: str
    label: str
    current: str
    previous: str
    change: str


@dataclass(frozen=True)
class CountRow:
    label: str
    count: Shown


@dataclass(frozen=True)
class GroupRow:
    """Headcount and full-time equivalent of one role category or team."""

    label: str
    headcount: Shown
    fte: str


@dataclass(frozen=True)
class MovementRow:
    """Starters and leavers of one role category."""

    label: str
    starters: Shown
    leavers: Shown


@dataclass(frozen=True)
class Workforce:
    headcount: Shown
    fte: str
    by_role: tuple[GroupRow, ...]
    by_team: tuple[GroupRow, ...]
    starters: Shown
    leavers: Shown
    average_headcount: str
    turnover: Rate
    movement_by_role: tuple[MovementRow, ...]
    length_of_service: tuple[CountRow, ...]
    apprenticeships_ending: Shown
    apprenticeship_outcomes: tuple[CountRow, ...]
    # people in the headcount holding a further role beside their main one at the end
    several_roles: Shown = field(default_factory=lambda: Shown.of(0))


@dataclass(frozen=True)
class LivedExperienceRow:
    """Self-identified lived experience of the people in one role category (or everyone)
    who agreed to be counted, and how many did not agree."""

    label: str
    yes: Shown
    no: Shown
    prefer_not_to_say: Shown
    not_counted: Shown
    total: Shown
    share_yes: Rate  # "yes" as a share of those counted


@dataclass(frozen=True)
class LivedExperience:
    by_role: tuple[LivedExperienceRow, ...]
    everyone: LivedExperienceRow


@dataclass(frozen=True)
class ComplianceRow:
    """Supervision held against expected, for a team, a month (or quarter) or everyone."""

    label: str
    people: Shown
    expected: Shown
    held: Shown  # held sessions counted (each person's capped at what was expected)
    rate: Rate


@dataclass(frozen=True)
class Supervision:
    overall: ComplianceRow
    by_team: tuple[ComplianceRow, ...]
    by_time: tuple[ComplianceRow, ...]
    time_unit: str  # "month", "quarter" or "year"
    overdue_people: Shown
    not_held: tuple[CountRow, ...]  # by who cancelled
    not_held_total: Shown


@dataclass(frozen=True)
class Actions:
    agreed: int
    closed: int
    open_at_end: int
    overdue_at_end: int


@dataclass(frozen=True)
class CheckInPoint:
    """The average wellbeing check-in (1 to 5) of the held sessions in one month."""

    label: str
    check_ins: Shown
    average: Rate


@dataclass(frozen=True)
class CourseRow:
    name: str
    compliant: Shown
    required: Shown
    rate: Rate


@dataclass(frozen=True)
class Training:
    courses: tuple[CourseRow, ...]
    overall: CourseRow
    expiring_soon: Shown


@dataclass(frozen=True)
class ChecklistRow:
    title: str
    in_place: int
    applicable: int
    percent: int


@dataclass(frozen=True)
class Readiness:
    checklists: tuple[ChecklistRow, ...]
    overall: ChecklistRow
    policies_in_use: int
    policies_past_review: tuple[str, ...]  # titles, most overdue first


@dataclass(frozen=True)
class DualRelationships:
    under_management: Shown
    people: Shown
    reviews_overdue: Shown


@dataclass(frozen=True)
class TrusteeReportData:
    """Everything the trustee workforce report prints."""

    organisation: str
    prepared_by: str
    prepared_on: dt.date
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    threshold: int
    summary: tuple[Headline, ...]
    workforce: Workforce
    lived_experience: LivedExperience
    supervision: Supervision
    actions: Actions
    check_ins: tuple[CheckInPoint, ...]
    training: Training
    readiness: Readiness
    dual_relationships: DualRelationships
    coproduction: CoProductionSection | None = None
    fair_chance: FairChanceCounts | None = None
    full_time_hours: float = FULL_TIME_HOURS
    expiring_days: int = EXPIRING_DAYS

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    @property
    def previous_period(self) -> str:
        return period_text(self.previous_start, self.previous_end)

    def headline(self, key: str) -> Headline:
        for line in self.summary:
            if line.key == key:
                return line
        raise KeyError(key)
