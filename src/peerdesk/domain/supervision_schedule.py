"""When supervision is due, who is overdue, and how much of the expected supervision was held.

Pure rules: no database, no Qt and no clock. Every function takes the dates it needs, so
callers pass ``today`` (``clock.local_today()`` in the app, a fixed date in tests).

Days are whole local days and every range includes both ends, as in ``staff.is_current``:
a person whose end date is 30 June works on 30 June and has left from 1 July; an absence
from 1 to 3 March means absent on the 1st, 2nd and 3rd and back on the 4th (the return
date).

Interval changes: the rules use the standard they are given, for every person, for the
whole history. Callers pass the standard in force today, so a changed interval applies to
everyone's next due date at once: shortening the interval from 28 to 14 days makes someone
last supervised 20 days ago overdue straight away. The same goes for a person's role
category: their interval is the one for the role they hold now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from peerdesk.domain.enums import LabelledEnum, RoleCategory
from peerdesk.domain.organisation import DEFAULT_SUPERVISION_INTERVAL_DAYS
from peerdesk.domain.staff import is_current
from peerdesk.domain.validation import FieldError, ValidationError

DEFAULT_NEW_STARTER_DAYS = 14
DEFAULT_DUE_SOON_DAYS = 7
MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 365
MAX_DUE_SOON_DAYS = 60

_ONE_DAY = dt.timedelta(days=1)


def _later(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, but never past the last date there is (a start date in 9999)."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max


Absence = tuple[dt.date, dt.date | None]
"""A long absence (sick leave, parental leave, a career break): first and last day away.

The last day is None while the return date is not known.
"""


class SessionOutcome(LabelledEnum):
    """What became of a planned one-to-one. Only a held session is supervision received."""

    HELD = "held"
    CANCELLED_BY_SUPERVISOR = "cancelled_by_supervisor"
    CANCELLED_BY_SUPERVISEE = "cancelled_by_supervisee"
    DID_NOT_ATTEND = "did_not_attend"
    RESCHEDULED = "rescheduled"

    @property
    def counts_as_supervision(self) -> bool:
        return self is SessionOutcome.HELD


def dates_held(sessions: Iterable[tuple[dt.date, SessionOutcome]]) -> tuple[dt.date, ...]:
    """The dates of the sessions that were held, once each, oldest first.

    Cancelled, did-not-attend and rescheduled sessions are part of an honest history but
    never count as supervision: they neither reset the clock nor count towards compliance.
    """
    return tuple(sorted({day for day, outcome in sessions if outcome.counts_as_supervision}))


# -- the organisation's standard ----------------------------------------------------------


@dataclass(frozen=True)
class SupervisionStandard:
    """How often people must be supervised.

    ``interval_by_role`` overrides ``default_interval_days`` for some role categories
    (volunteers every 56 days, say). A new starter's first supervision is due
    ``new_starter_days`` after their start date. Someone is "due soon" (due this week) when
    their due date is today or within the next ``due_soon_days`` days.
    """

    default_interval_days: int = DEFAULT_SUPERVISION_INTERVAL_DAYS
    interval_by_role: Mapping[RoleCategory, int] = field(default_factory=dict)
    new_starter_days: int = DEFAULT_NEW_STARTER_DAYS
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS

    def __post_init__(self) -> None:
        # A private read-only copy, so that changing the caller's dict later changes nothing.
        overrides = {RoleCategory(role): days for role, days in self.interval_by_role.items()}
        object.__setattr__(self, "interval_by_role", MappingProxyType(overrides))

    def __hash__(self) -> int:
        return hash(
            (
                self.default_interval_days,
                frozenset(self.interval_by_role.items()),
                self.new_starter_days,
                self.due_soon_days,
            )
        )

    def interval_for(self, role: RoleCategory) -> int:
        """Days between supervisions for this role: its override, else the default."""
        return self.interval_by_role.get(role, self.default_interval_days)


def standard_problems(standard: SupervisionStandard) -> list[FieldError]:
    """Every way the standard breaks the rules, in words a manager can act on.

    Intervals (default and per role) are 1 to 365 days, a new starter's first supervision
    is due 1 to 365 days after they start, and "due soon" looks 0 to 60 days ahead.
    """
    errors: list[FieldError] = []
    if not MIN_INTERVAL_DAYS <= standard.default_interval_days <= MAX_INTERVAL_DAYS:
        errors.append(
            FieldError(
                "default_interval_days",
                f"Supervision interval must be between {MIN_INTERVAL_DAYS} and "
                f"{MAX_INTERVAL_DAYS} days.",
            )
        )
    for role in RoleCategory:
        days = standard.interval_by_role.get(role)
        if days is not None and not MIN_INTERVAL_DAYS <= days <= MAX_INTERVAL_DAYS:
            errors.append(
                FieldError(
                    f"interval_by_role.{role.value}",
                    f"{role.label}: the supervision interval must be between "
                    f"{MIN_INTERVAL_DAYS} and {MAX_INTERVAL_DAYS} days.",
                )
            )
    if not MIN_INTERVAL_DAYS <= standard.new_starter_days <= MAX_INTERVAL_DAYS:
        errors.append(
            FieldError(
                "new_starter_days",
                f"A new starter's first supervision must be due {MIN_INTERVAL_DAYS} to "
                f"{MAX_INTERVAL_DAYS} days after they start.",
            )
        )
    if not 0 <= standard.due_soon_days <= MAX_DUE_SOON_DAYS:
        errors.append(
            FieldError(
                "due_soon_days",
                f"“Due soon” must look between 0 and {MAX_DUE_SOON_DAYS} days ahead.",
            )
        )
    return errors


def validate_standard(standard: SupervisionStandard) -> SupervisionStandard:
    """Return the standard unchanged, or raise ValidationError listing every problem."""
    errors = standard_problems(standard)
    if errors:
        raise ValidationError(errors)
    return standard


# -- one person's schedule ----------------------------------------------------------------


@dataclass(frozen=True)
class PersonSchedule:
    """What the rules need to know about one person.

    ``held_dates`` are the dates of held sessions only (see ``dates_held``), in any order;
    duplicates count once. Dates before the start date or after the end date are ignored.
    ``absences`` are long absences in any order; they may overlap and may start before the
    start date (only the part within employment matters).
    """

    start_date: dt.date
    role_category: RoleCategory
    end_date: dt.date | None = None
    absences: Sequence[Absence] = ()
    held_dates: Sequence[dt.date] = ()

    def __post_init__(self) -> None:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("The end date is before the start date.")
        for first, last in self.absences:
            if last is not None and last < first:
                raise ValueError(f"The absence from {first} ends before it starts.")
        object.__setattr__(self, "absences", tuple(self.absences))
        object.__setattr__(self, "held_dates", tuple(sorted(set(self.held_dates))))


class SupervisionStatus(LabelledEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UP_TO_DATE = "up_to_date"
    ABSENT = "absent"
    LEFT = "left"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class StatusResult:
    """Where one person stands today.

    ``due_date`` is None for leavers and for people absent today; ``days_overdue`` is 0
    unless the status is overdue; ``last_held`` is their last held session while employed.
    """

    status: SupervisionStatus
    due_date: dt.date | None
    days_overdue: int
    last_held: dt.date | None


def status(person: PersonSchedule, standard: SupervisionStandard, today: dt.date) -> StatusResult:
    """Whether the person is overdue, due soon, up to date, absent, left or not started.

    - Left: their end date is before today. Leavers are never due.
    - Not started: their start date is after today; the first supervision is due
      ``new_starter_days`` after the start date.
    - Absent: today falls inside an absence. Nobody is due while away.
    - Otherwise the due date (see ``next_due``) decides: overdue when it is before today
      (``days_overdue`` = days since it), due soon when it is today or at most
      ``due_soon_days`` ahead, up to date when it is further ahead.
    """
    if not is_current(person.end_date, today):
        return StatusResult(SupervisionStatus.LEFT, None, 0, _last_held(person, today))
    if person.start_date > today:
        first_due = _later(person.start_date, dt.timedelta(days=standard.new_starter_days))
        return StatusResult(SupervisionStatus.NOT_STARTED, first_due, 0, None)
    absences = _merged_absences(person)
    due, last_held = _due_date(person, standard, absences, today)
    if any(_covers(absence, today) for absence in absences):
        return StatusResult(SupervisionStatus.ABSENT, None, 0, last_held)
    if due < today:
        return StatusResult(SupervisionStatus.OVERDUE, due, (today - due).days, last_held)
    if (due - today).days <= standard.due_soon_days:
        return StatusResult(SupervisionStatus.DUE_SOON, due, 0, last_held)
    return StatusResult(SupervisionStatus.UP_TO_DATE, due, 0, last_held)


def next_due(
    person: PersonSchedule, standard: SupervisionStandard, today: dt.date
) -> dt.date | None:
    """The date the person's next supervision is due, or None if they have left or are away.

    The clock, walked through the person's history up to today:

    - It starts at the start date: the first supervision is due ``new_starter_days`` later.
    - Each held session restarts it: the next is due the role's interval after the session
      (cancelled and did-not-attend sessions are not held and change nothing).
    - Coming back from an absence restarts it from the return date (the day after the last
      day away): the next supervision is due the interval after the return, or after the
      last held session if that is later; ``new_starter_days`` after the return if they have
      never been supervised. So nobody is overdue on the day they come back.
    - Except that an absence that began after the due date had already passed (they were
      overdue when they went) does not wipe the debt: unless a session was held while they
      were away, the due date stays where it was and they are still overdue on their return.
      Otherwise a day's leave would clear any overdue supervision.

    Held sessions dated after today are ignored (a future "held" session is a mistake, and
    must not hide that someone is overdue now); so are absences that have not started.
    """
    return status(person, standard, today).due_date


def _due_date(
    person: PersonSchedule,
    standard: SupervisionStandard,
    absences: Sequence[Absence],
    today: dt.date,
) -> tuple[dt.date, dt.date | None]:
    """The due date and the last held session, walking the history up to today."""
    interval = dt.timedelta(days=standard.interval_for(person.role_category))
    new_starter = dt.timedelta(days=standard.new_starter_days)
    # (date, 0, first day away) for each return up to today; (date, 1, date) for each
    # session. A return and a session on the same day give the same answer in either order.
    events: list[tuple[dt.date, int, dt.date]] = [
        (last + _ONE_DAY, 0, first) for first, last in absences if last is not None and last < today
    ]
    events += [(day, 1, day) for day in person.held_dates if person.start_date <= day <= today]
    due = person.start_date + new_starter
    last_held: dt.date | None = None
    for day, kind, first_away in sorted(events):
        if kind == 1:
            last_held = day
            due = day + interval
        elif due >= first_away:  # not overdue when they went, or supervised while away
            due = max(due, day + (interval if last_held is not None else new_starter))
    return due, last_held


def _last_held(person: PersonSchedule, today: dt.date) -> dt.date | None:
    last_day = today if person.end_date is None else min(today, person.end_date)
    held = [day for day in person.held_dates if person.start_date <= day <= last_day]
    return held[-1] if held else None


def _merged_absences(person: PersonSchedule) -> list[Absence]:
    """Absences from the start date on, in order, joined where they overlap or touch."""
    merged: list[Absence] = []
    for first, last in sorted(person.absences, key=lambda absence: absence[0]):
        first = max(first, person.start_date)
        if last is not None and last < first:
            continue  # over before they started
        if merged:
            prev_first, prev_last = merged[-1]
            if prev_last is None:
                break  # the previous absence never ends: it swallows this one
            if first <= _later(prev_last, _ONE_DAY):
                merged[-1] = (prev_first, None if last is None else max(prev_last, last))
                continue
        merged.append((first, last))
    return merged


def _covers(absence: Absence, day: dt.date) -> bool:
    first, last = absence
    return first <= day and (last is None or day <= last)


# -- compliance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Compliance:
    """Supervision held against supervision expected, for one person or many.

    ``held`` is the raw count of held sessions. ``counted`` is the part of it that counts
    towards the rate: for one person, no more than they were expected to have.
    ``rate`` is counted / expected (0 to 1), or None when nothing was expected.
    """

    expected: int
    held: int
    counted: int

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else self.counted / self.expected

    @property
    def missed(self) -> int:
        """Expected sessions that were not held."""
        return self.expected - self.counted


def expected_sessions(
    person: PersonSchedule,
    standard: SupervisionStandard,
    period_start: dt.date,
    period_end: dt.date,
) -> int:
    """How many supervisions the person should have had between two dates (both included).

    Take the days of the period on which the person was employed (start date to end date)
    and not absent. They fall into unbroken stretches (an absence splits one stretch in
    two). A stretch of N days expects N // interval sessions (the role's interval, whole
    intervals only), and the period expects the sum over its stretches.

    The reasoning: every run of ``interval`` days at work should hold a session, and a
    stretch of N days holds N // interval runs that do not overlap. Partial intervals
    expect nothing, just as the clock restarts on return from an absence, so someone who
    started in the last week of the period expects 0, someone who left halfway through
    expects about half, and long absences reduce the expectation. A full year at 28 days
    expects 13 (365 // 28). The new-starter rule does not add an early session here.
    """
    _check_period(period_start, period_end)
    interval = standard.interval_for(person.role_category)
    return sum(days // interval for days in _stretches_at_work(person, period_start, period_end))


def compliance(
    person: PersonSchedule,
    standard: SupervisionStandard,
    period_start: dt.date,
    period_end: dt.date,
) -> Compliance:
    """Sessions held against sessions expected between two dates (both included).

    Held: the person's held sessions dated within the period and within their employment,
    once per date (a session held while away, such as on a keeping-in-touch day, counts).
    Expected: see ``expected_sessions``. Counted: held, but no more than expected, so the
    rate never exceeds 1; ``held`` keeps the raw count.
    """
    expected = expected_sessions(person, standard, period_start, period_end)
    first = max(period_start, person.start_date)
    last = period_end if person.end_date is None else min(period_end, person.end_date)
    held = sum(1 for day in person.held_dates if first <= day <= last)
    return Compliance(expected=expected, held=held, counted=min(held, expected))


def combined_compliance(results: Iterable[Compliance]) -> Compliance:
    """Compliance across many people: the sums of expected, held and counted sessions.

    Each person's counted sessions are already capped at what they were expected to have,
    so the combined rate is (sum of min(held, expected)) / (sum of expected): one person
    supervised more often than needed cannot hide another's missed sessions. ``held`` is
    the raw total. With nothing expected of anyone the rate is None.
    """
    expected = held = counted = 0
    for result in results:
        expected += result.expected
        held += result.held
        counted += result.counted
    return Compliance(expected=expected, held=held, counted=counted)


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    if period_end < period_start:
        raise ValueError("The period ends before it starts.")


def _stretches_at_work(
    person: PersonSchedule, period_start: dt.date, period_end: dt.date
) -> list[int]:
    """Lengths in days of the unbroken stretches in the period when the person was at work."""
    cursor = max(period_start, person.start_date)
    last = period_end if person.end_date is None else min(period_end, person.end_date)
    stretches: list[int] = []
    for first_away, last_away in _merged_absences(person):
        if cursor > last or first_away > last:
            break
        if last_away is not None and last_away < cursor:
            continue
        if first_away > cursor:
            stretches.append((first_away - cursor).days)
        if last_away is None or last_away == dt.date.max:
            return stretches  # away for good
        cursor = last_away + _ONE_DAY
    if cursor <= last:
        stretches.append((last - cursor).days + 1)
    return stretches
