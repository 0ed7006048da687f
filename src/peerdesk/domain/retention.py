"""Retention of leavers' records: the kinds of record, how long each is kept, and what
erasing a person keeps on their row.

A leaver's records of one kind are due for review (and erasure) once the months set for
that kind have passed since their last working day. Current staff are never due.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from peerdesk.domain.training import add_months
from peerdesk.domain.validation import FieldError, ValidationError

MIN_MONTHS = 1
MAX_MONTHS = 1200  # a hundred years: "keep for ever", in practice


class RecordKind(StrEnum):
    """The kinds of a person's records, each with its own retention period (the strings
    are the ones revision 0010_retention writes)."""

    SUPERVISION = "supervision"
    WELLBEING = "wellbeing"
    TRAINING = "training"
    ABSENCES = "absences"
    RELATIONSHIPS = "relationships"
    APPRENTICESHIP = "apprenticeship"
    PERSONAL_DETAILS = "personal_details"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_LABELS: dict[RecordKind, str] = {
    RecordKind.SUPERVISION: "Supervision records",
    RecordKind.WELLBEING: "Wellbeing",
    RecordKind.TRAINING: "Training records",
    RecordKind.ABSENCES: "Absences",
    RecordKind.RELATIONSHIPS: "Dual relationships",
    RecordKind.APPRENTICESHIP: "Apprenticeship",
    RecordKind.PERSONAL_DETAILS: "Personal details",
}

_DESCRIPTIONS: dict[RecordKind, str] = {
    RecordKind.SUPERVISION: (
        "Supervision records: one-to-ones, actions, agreements, amendments and drafts"
    ),
    RecordKind.WELLBEING: "Wellbeing: wellness plan, reasonable adjustments and wellbeing notes",
    RecordKind.TRAINING: "Training records",
    RecordKind.ABSENCES: "Absences",
    RecordKind.RELATIONSHIPS: "Dual relationships",
    RecordKind.APPRENTICESHIP: "Apprenticeship: programme, hours and reviews",
    RecordKind.PERSONAL_DETAILS: (
        "Personal details: preferred name, pronouns, lived experience, leaving reason, etc."
    ),
}

# the kinds made of separate records, which can also be erased one record at a time
# (personal details are fields of the person's own row: erased as a whole)
SINGLE_RECORD_KINDS: frozenset[RecordKind] = frozenset(RecordKind) - {RecordKind.PERSONAL_DETAILS}


class Keepable(StrEnum):
    """What an organisation may keep on an erased person's row (to answer a reference
    request or prove someone worked there)."""

    NAME = "name"
    EMPLOYMENT_DATES = "employment_dates"
    JOB_TITLE = "job_title"
    TEAM = "team"

    @property
    def label(self) -> str:
        return KEEPABLE[self]


KEEPABLE: dict[Keepable, str] = {
    Keepable.NAME: "Name",
    Keepable.EMPLOYMENT_DATES: "Dates of employment",
    Keepable.JOB_TITLE: "Job title",
    Keepable.TEAM: "Team",
}

DEFAULT_KEPT: frozenset[Keepable] = frozenset({Keepable.NAME, Keepable.EMPLOYMENT_DATES})


def parse_kept(text: str | None) -> frozenset[Keepable]:
    """The stored comma-separated list as a set; unknown keys are ignored (a newer
    version may know more)."""
    kept: set[Keepable] = set()
    for part in (text or "").split(","):
        key = part.strip().lower()
        if key in Keepable._value2member_map_:
            kept.add(Keepable(key))
    return frozenset(kept)


def format_kept(kept: frozenset[Keepable] | set[Keepable]) -> str:
    """The set as stored: keys in the order of ``Keepable``, comma-separated."""
    return ",".join(key.value for key in Keepable if key in kept)


def erased_name(staff_id: int) -> str:
    """What an erased person whose name is not kept is called."""
    return f"Erased person #{staff_id}"


def due_on(left_on: dt.date, months: int) -> dt.date:
    """The first day a leaver's records kept ``months`` after ``left_on`` are past their
    date: the day after the period ends."""
    return add_months(left_on, months) + dt.timedelta(days=1)


def is_due(left_on: dt.date | None, months: int, today: dt.date) -> bool:
    """True when a leaver's records kept ``months`` are past their date on ``today``;
    never for someone without an end date (current staff)."""
    if left_on is None or left_on >= today:
        return False
    return add_months(left_on, months) < today


def month_error(months: int) -> str | None:
    """Why a number of months cannot be a retention period, or None."""
    if months < MIN_MONTHS:
        return "Keep records for at least one month."
    if months > MAX_MONTHS:
        return f"Keep records for at most {MAX_MONTHS} months (100 years)."
    return None


def check_periods(periods: dict[RecordKind, int]) -> None:
    """Raise ValidationError naming every kind whose period is out of range, or any kind
    missing."""
    errors: list[FieldError] = []
    for kind in RecordKind:
        if kind not in periods:
            errors.append(FieldError(kind.value, f"Say how long to keep {kind.label.lower()}."))
            continue
        problem = month_error(periods[kind])
        if problem is not None:
            errors.append(FieldError(kind.value, f"{kind.label}: {problem}"))
    if errors:
        raise ValidationError(errors)


def months_text(months: int) -> str:
    """ "6 years", "1 year and 3 months", "18 months" → in years and months."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " and ".join(parts)
