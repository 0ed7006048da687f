"""Apprenticeships: off-the-job hours against the required weekly hours, progress reviews,
and how an apprenticeship ended.

Pure rules: no database, no Qt and no clock. Every function takes the dates it needs, so
callers pass ``today``.

How hours are expected
    An apprenticeship requires some off-the-job training hours each week, as agreed with
    the training provider (the figure has changed over time, so none is assumed here).
    Weeks are counted in blocks of seven days from the start date, both ends of a range
    included: an apprenticeship starting on Monday 2 March has its first week from 2 to 8
    March. Hours are expected up to the *counted-until* day, the earliest of today, the
    planned end date and the outcome date.

    Partial weeks: while the apprenticeship is running, only whole weeks count, so the week
    under way expects nothing until its last day (people often train late in the week, and
    nobody starting today is "behind"). Once it has ended (the planned end or the outcome
    date is on or before today), the final part week counts pro rata by days, since it will
    never be completed: three days of a six-hour week expect 6 x 3/7 hours.

    Long absences (sick leave, parental leave) are NOT taken into account here: hours are
    expected for every week between the start and the counted-until day. When an
    apprentice is away for a long time, agree a new planned end date with the provider and
    record it (which is what pauses the clock in practice). Taking absences into account
    would be a change to ``weeks_expected``.

Hours logged
    Every entry on or before today counts, including any logged after the planned end (an
    apprenticeship that overran); entries are never in the future, nor before the start,
    nor after the outcome date.

This week and the last four weeks
    "This week" runs from Monday to today (calendar week); "the last four weeks" are the
    28 days ending today.

Progress reviews
    The next review is the one the latest review set; before any review it is 12 weeks after
    the start. Once an outcome is recorded no review is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from peerdesk.domain.enums import ApprenticeshipOutcome
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

MIN_WEEKLY_HOURS = 0.5
MAX_WEEKLY_HOURS = 40.0
MIN_ENTRY_HOURS = 0.25
MAX_ENTRY_HOURS = 24.0
FIRST_REVIEW_WEEKS = 12
REVIEW_INTERVAL_WEEKS = 12
MAX_PROGRAMME = 200
MAX_PROVIDER = 200
MAX_ACTIVITY = 500
MAX_NOTES = 5000
WEEKLY_HOURS_LABEL = "Required weekly off-the-job hours (as agreed with the provider)"

_WEEK = 7
_PRECISION = 2  # hours are shown and compared to the hundredth


def day_text(day: dt.date) -> str:
    """A date as people read it, e.g. "2 Mar 2026" (the same as the date fields show)."""
    return f"{day.day} {day:%b %Y}"


def number_text(hours: float) -> str:
    """Hours without needless decimals: 312, 6.5, 0.25, 2.57."""
    value = round(hours, _PRECISION)
    if value == int(value):
        return str(int(value))
    return f"{value:.{_PRECISION}f}".rstrip("0")


def hours_text(hours: float) -> str:
    """ "1 hour", "6.5 hours", "0 hours"."""
    text = number_text(hours)
    return f"{text} hour" if text == "1" else f"{text} hours"


# -- what an apprenticeship is ------------------------------------------------------------


@dataclass(frozen=True)
class ApprenticeshipDetails:
    """An apprenticeship as entered: programme, provider, dates and required weekly hours."""

    programme: str
    start_date: dt.date | None
    planned_end_date: dt.date | None
    required_weekly_hours: float
    provider: str = ""


def normalise_apprenticeship(details: ApprenticeshipDetails) -> ApprenticeshipDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    d = replace(
        details,
        programme=clean_line(details.programme),
        provider=clean_line(details.provider),
    )
    errors: list[FieldError] = []
    if not d.programme:
        errors.append(
            FieldError("programme", "Enter the programme, for example the apprenticeship standard.")
        )
    check_length(errors, "programme", "The programme", d.programme, MAX_PROGRAMME)
    check_length(errors, "provider", "The provider's name", d.provider, MAX_PROVIDER)
    if d.start_date is None:
        errors.append(FieldError("start_date", "Enter the date the apprenticeship started."))
    if d.planned_end_date is None:
        errors.append(FieldError("planned_end_date", "Enter the planned end date."))
    elif d.start_date is not None and d.planned_end_date <= d.start_date:
        errors.append(
            FieldError("planned_end_date", "The planned end date must be after the start date.")
        )
    if not MIN_WEEKLY_HOURS <= d.required_weekly_hours <= MAX_WEEKLY_HOURS:
        errors.append(
            FieldError(
                "required_weekly_hours",
                f"The required weekly off-the-job hours must be between "
                f"{number_text(MIN_WEEKLY_HOURS)} and {number_text(MAX_WEEKLY_HOURS)}.",
            )
        )
    if errors:
        raise ValidationError(errors)
    return d


def check_dates_against_records(
    start_date: dt.date,
    *,
    first_hours: dt.date | None,
    first_review: dt.date | None,
    outcome_on: dt.date | None,
) -> None:
    """A changed start date must not leave hours, reviews or the outcome before it."""
    errors: list[FieldError] = []
    earliest = [
        (day, what)
        for day, what in (
            (first_hours, "Hours are logged"),
            (first_review, "A progress review is recorded"),
            (outcome_on, "The outcome is recorded"),
        )
        if day is not None and day < start_date
    ]
    if earliest:
        day, what = min(earliest)
        errors.append(
            FieldError(
                "start_date",
                f"{what} on {day_text(day)}: the start date cannot be after that.",
            )
        )
        raise ValidationError(errors)


def one_open_problem(has_open: bool) -> str | None:
    """A person has at most one apprenticeship without an outcome at a time."""
    if has_open:
        return (
            "This person already has an apprenticeship in progress: record its outcome "
            "before starting another."
        )
    return None


# -- hours, reviews and outcome -----------------------------------------------------------


def check_hours_entry(
    day: dt.date,
    hours: float,
    activity: str,
    *,
    start_date: dt.date,
    outcome_on: dt.date | None,
    today: dt.date,
) -> str:
    """Return the activity cleaned, or raise ValidationError listing every problem."""
    cleaned = clean_line(activity)
    errors: list[FieldError] = []
    if day > today:
        errors.append(FieldError("day", "Hours cannot be logged for a day in the future."))
    elif day < start_date:
        errors.append(
            FieldError(
                "day",
                f"The day cannot be before the apprenticeship started ({day_text(start_date)}).",
            )
        )
    elif outcome_on is not None and day > outcome_on:
        errors.append(
            FieldError(
                "day",
                f"The apprenticeship ended on {day_text(outcome_on)}: hours cannot be logged "
                "after that.",
            )
        )
    if not MIN_ENTRY_HOURS <= hours <= MAX_ENTRY_HOURS:
        errors.append(
            FieldError(
                "hours",
                f"Enter between {number_text(MIN_ENTRY_HOURS)} and "
                f"{number_text(MAX_ENTRY_HOURS)} hours for one day.",
            )
        )
    check_length(errors, "activity", "The activity", cleaned, MAX_ACTIVITY)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_review(
    review_date: dt.date,
    notes: str,
    next_review: dt.date | None,
    *,
    start_date: dt.date,
    today: dt.date,
) -> str:
    """Return the notes cleaned, or raise ValidationError listing every problem."""
    cleaned = clean_text(notes)
    errors: list[FieldError] = []
    if review_date > today:
        errors.append(
            FieldError("review_date", "Record a review once it has happened: not a future date.")
        )
    elif review_date < start_date:
        errors.append(
            FieldError(
                "review_date",
                f"The review date cannot be before the apprenticeship started "
                f"({day_text(start_date)}).",
            )
        )
    if next_review is not None and next_review <= review_date:
        errors.append(
            FieldError("next_review", "The next review must be after the date of this one.")
        )
    check_length(errors, "notes", "The notes", cleaned, MAX_NOTES)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_outcome(
    outcome: ApprenticeshipOutcome | str | None,
    on: dt.date | None,
    notes: str,
    *,
    start_date: dt.date,
    last_hours: dt.date | None,
    today: dt.date,
) -> tuple[ApprenticeshipOutcome, dt.date, str]:
    """Return the outcome, its date and the notes cleaned, or raise ValidationError."""
    cleaned = clean_text(notes)
    errors: list[FieldError] = []
    chosen: ApprenticeshipOutcome | None = None
    try:
        chosen = ApprenticeshipOutcome(outcome) if outcome is not None else None
    except ValueError:
        chosen = None
    if chosen is None:
        errors.append(FieldError("outcome", "Choose the outcome: job offered, moved on or ended."))
    if on is None:
        errors.append(FieldError("outcome_on", "Enter the date of the outcome."))
    elif on < start_date:
        errors.append(
            FieldError(
                "outcome_on",
                f"The outcome date cannot be before the start date ({day_text(start_date)}).",
            )
        )
    elif on > today:
        errors.append(
            FieldError("outcome_on", "Record the outcome once it has happened: not a future date.")
        )
    elif last_hours is not None and on < last_hours:
        errors.append(
            FieldError(
                "outcome_on",
                f"Hours are logged up to {day_text(last_hours)}: the outcome date cannot be "
                "before that.",
            )
        )
    check_length(errors, "outcome_notes", "The notes", cleaned, MAX_NOTES)
    if errors or chosen is None or on is None:
        raise ValidationError(errors)
    return chosen, on, cleaned


# -- progress -----------------------------------------------------------------------------


def counted_until(
    planned_end: dt.date, outcome_on: dt.date | None, today: dt.date
) -> tuple[dt.date, bool]:
    """The last day hours are expected for, and whether the apprenticeship has ended by then
    (its planned end or outcome date is on or before today)."""
    end = planned_end if outcome_on is None else min(planned_end, outcome_on)
    if end <= today:
        return end, True
    return today, False


def weeks_expected(
    start: dt.date, planned_end: dt.date, outcome_on: dt.date | None, today: dt.date
) -> float:
    """How many weeks of off-the-job hours are expected by ``today`` (see the module notes:
    whole weeks while running, the final part week pro rata once ended)."""
    until, ended = counted_until(planned_end, outcome_on, today)
    days = (until - start).days + 1
    if days <= 0:
        return 0.0
    whole, part = divmod(days, _WEEK)
    return whole + part / _WEEK if ended else float(whole)


def expected_hours(
    required_weekly_hours: float,
    start: dt.date,
    planned_end: dt.date,
    outcome_on: dt.date | None,
    today: dt.date,
) -> float:
    return round(
        required_weekly_hours * weeks_expected(start, planned_end, outcome_on, today), _PRECISION
    )


def behind_by(hours_expected: float, hours_logged: float) -> float:
    """How many hours short of what is expected (0 when on track or ahead)."""
    return max(0.0, round(hours_expected - hours_logged, _PRECISION))


def first_week_ends(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=_WEEK - 1)


@dataclass(frozen=True)
class ApprenticeshipProgress:
    """Off-the-job hours logged against those expected, as of ``today``."""

    start_date: dt.date
    today: dt.date
    ended: bool
    weeks_expected: float
    hours_expected: float
    hours_logged: float
    this_week: float
    last_four_weeks: float

    @property
    def started(self) -> bool:
        return self.today >= self.start_date

    @property
    def behind_by(self) -> float:
        return behind_by(self.hours_expected, self.hours_logged)

    @property
    def ahead_by(self) -> float:
        return max(0.0, round(self.hours_logged - self.hours_expected, _PRECISION))

    @property
    def is_behind(self) -> bool:
        return self.behind_by > 0

    @property
    def status_text(self) -> str:
        """The progress in words, e.g. "On track: 312 of 300 hours" or "Behind by 18 hours:
        282 of 300 hours"."""
        if not self.started:
            return f"Starts on {day_text(self.start_date)}: no hours are expected yet."
        if self.hours_expected == 0:
            ends = day_text(first_week_ends(self.start_date))
            return (
                f"On track: {hours_text(self.hours_logged)} logged; none are expected until "
                f"the first week ends on {ends}."
            )
        of = f"{number_text(self.hours_logged)} of {hours_text(self.hours_expected)}"
        if self.is_behind:
            return f"Behind by {hours_text(self.behind_by)}: {of}"
        return f"On track: {of}"


def measure_progress(
    *,
    start_date: dt.date,
    planned_end_date: dt.date,
    outcome_on: dt.date | None,
    required_weekly_hours: float,
    entries: Iterable[tuple[dt.date, float]],
    today: dt.date,
) -> ApprenticeshipProgress:
    """Hours expected and logged to date, this week's and the last four weeks' hours."""
    monday = today - dt.timedelta(days=today.weekday())
    four_weeks = today - dt.timedelta(days=4 * _WEEK - 1)
    logged = this_week = recent = 0.0
    for day, hours in entries:
        if day > today:
            continue
        logged += hours
        if day >= monday:
            this_week += hours
        if day >= four_weeks:
            recent += hours
    _until, ended = counted_until(planned_end_date, outcome_on, today)
    weeks = weeks_expected(start_date, planned_end_date, outcome_on, today)
    return ApprenticeshipProgress(
        start_date=start_date,
        today=today,
        ended=ended,
        weeks_expected=weeks,
        hours_expected=round(required_weekly_hours * weeks, _PRECISION),
        hours_logged=round(logged, _PRECISION),
        this_week=round(this_week, _PRECISION),
        last_four_weeks=round(recent, _PRECISION),
    )


def next_review_due(
    start_date: dt.date,
    reviews: Sequence[tuple[dt.date, dt.date | None]],
    outcome: ApprenticeshipOutcome | str | None,
) -> dt.date | None:
    """When the next progress review is due: the next review the latest review set (None
    when it set none), or 12 weeks after the start before any review. None once there is an
    outcome. ``reviews`` are (review date, next review) pairs in the order recorded; the
    latest by date wins, the last recorded among those on the same day."""
    if outcome is not None:
        return None
    if not reviews:
        return start_date + dt.timedelta(weeks=FIRST_REVIEW_WEEKS)
    latest = max(range(len(reviews)), key=lambda i: (reviews[i][0], i))
    return reviews[latest][1]


def review_overdue(next_review: dt.date | None, today: dt.date) -> bool:
    return next_review is not None and next_review < today


def default_next_review(review_date: dt.date) -> dt.date:
    return review_date + dt.timedelta(weeks=REVIEW_INTERVAL_WEEKS)
