"""Training rules: when a completed course expires, what a record means on a given day, what
a cell of the training matrix shows, and what a course or record must hold to be saved.

A completed course stays valid up to and including its expiry date, which is the completion
date plus the course's validity in calendar months (31 January + 1 month = 28 or 29
February). A course without a validity never expires.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, TypeVar

from peerdesk.domain.enums import CourseKind, LabelledEnum, RoleCategory, TrainingStatus
from peerdesk.domain.text import short_date as day_month_year
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

DEFAULT_SOON_DAYS = 60
MIN_VALIDITY_MONTHS = 1
MAX_VALIDITY_MONTHS = 120
MAX_COURSE_NAME = 200
MAX_DESCRIPTION = 2000
MAX_NOTES = 5000


class RecordState(LabelledEnum):
    """What one record means on a given day."""

    REQUESTED = "requested"
    BOOKED = "booked"
    VALID = "valid"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class CellState(LabelledEnum):
    """Where one person stands on one mandatory course, all their records considered."""

    VALID = "valid"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"
    BOOKED = "booked"
    REQUESTED = "requested"
    MISSING = "missing"
    NOT_REQUIRED = "not_required"

    @property
    def is_compliant(self) -> bool:
        return self in (CellState.VALID, CellState.EXPIRING_SOON)


# -- dates --------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def expiry_date(completed_on: dt.date | None, validity_months: int | None) -> dt.date | None:
    """The last day a completion is valid; None when it never expires (or is not done)."""
    if completed_on is None or validity_months is None:
        return None
    return add_months(completed_on, validity_months)


def long_date(day: dt.date) -> str:
    """ "3 Mar 2027"."""
    return day_month_year(day)


def short_date(day: dt.date, today: dt.date) -> str:
    """ "3 Jul" in the current year, "3 Jul 2027" otherwise."""
    return f"{day.day} {day:%b}" if day.year == today.year else long_date(day)


def days_text(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


# -- records on a day ---------------------------------------------------------------------


RecordT = TypeVar("RecordT", bound="RecordFacts")


class RecordFacts(NamedTuple):
    """The parts of a record the rules need."""

    id: int
    status: str
    requested_on: dt.date | None
    booked_for: dt.date | None
    completed_on: dt.date | None
    expires_on: dt.date | None


def completion_state(
    expires_on: dt.date | None, today: dt.date, soon_days: int = DEFAULT_SOON_DAYS
) -> RecordState:
    """Valid, expiring soon (expiry at most ``soon_days`` away, inclusive) or expired."""
    if expires_on is None:
        return RecordState.VALID
    days = (expires_on - today).days
    if days < 0:
        return RecordState.EXPIRED
    return RecordState.EXPIRING_SOON if days <= soon_days else RecordState.VALID


def record_state(
    status: str,
    expires_on: dt.date | None,
    today: dt.date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> RecordState:
    """What a single record means on ``today``."""
    if status == TrainingStatus.COMPLETED:
        return completion_state(expires_on, today, soon_days)
    if status == TrainingStatus.BOOKED:
        return RecordState.BOOKED
    if status == TrainingStatus.REQUESTED:
        return RecordState.REQUESTED
    return RecordState.CANCELLED


def record_state_text(
    state: RecordState,
    today: dt.date,
    *,
    booked_for: dt.date | None = None,
    completed_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> str:
    """How a person's records list describes one record, e.g. "Valid to 3 Mar 2027"."""
    if state is RecordState.VALID:
        if expires_on is None:
            return "Completed, no expiry"
        return f"Valid to {long_date(expires_on)}"
    if state is RecordState.EXPIRING_SOON and expires_on is not None:
        return _expires_in(expires_on, today)
    if state is RecordState.EXPIRED and expires_on is not None:
        return f"Expired {long_date(expires_on)}"
    if state is RecordState.BOOKED:
        return f"Booked for {long_date(booked_for)}" if booked_for else "Booked"
    return state.label


def _expires_in(expires_on: dt.date, today: dt.date) -> str:
    days = (expires_on - today).days
    if days == 0:
        return "Expires today"
    if days == 1:
        return "Expires tomorrow"
    return f"Expires in {days_text(days)}"


# -- a matrix cell ------------------------------------------------------------------------


class Cell(NamedTuple):
    """One person and one mandatory course (immutable; a tuple, as a matrix holds many).

    ``record_id`` is the completion the state comes from (valid, expiring or expired);
    ``open_record_id`` a booking or request still open (after that completion, if any),
    with ``booked_for`` its date.
    """

    state: CellState
    record_id: int | None = None
    open_record_id: int | None = None
    completed_on: dt.date | None = None
    expires_on: dt.date | None = None
    booked_for: dt.date | None = None
    requested: bool = False

    @property
    def is_compliant(self) -> bool:
        return self.state.is_compliant


NOT_REQUIRED_CELL = Cell(CellState.NOT_REQUIRED)
MISSING_CELL = Cell(CellState.MISSING)
_CELL_FOR = {
    RecordState.VALID: CellState.VALID,
    RecordState.EXPIRING_SOON: CellState.EXPIRING_SOON,
    RecordState.EXPIRED: CellState.EXPIRED,
}
# plain strings: compared once per record of a large matrix
_COMPLETED = TrainingStatus.COMPLETED.value
_BOOKED = TrainingStatus.BOOKED.value
_REQUESTED = TrainingStatus.REQUESTED.value


def _completion_key(record: RecordFacts) -> tuple[int, int, int, int]:
    # the completion that lasts longest wins: one that never expires beats all
    expires = record.expires_on.toordinal() if record.expires_on else dt.date.max.toordinal()
    completed = record.completed_on.toordinal() if record.completed_on else 0
    return (1 if record.expires_on is None else 0, expires, completed, record.id)


def best_cell(
    records: Sequence[RecordFacts],
    *,
    required: bool,
    today: dt.date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Cell:
    """The cell for one person and one course from all their records for it.

    The completion that lasts longest decides valid / expiring soon / expired (so a valid
    completion beats an older expired one). A booking or request counts only when made
    after that completion; without any completion, a booking beats a request, and nothing
    at all is "missing". A course the person is not required to do is "not required".
    """
    if not required:
        return NOT_REQUIRED_CELL
    if len(records) == 1:  # the usual case, quickly: one completion
        only = records[0]
        if only.status == _COMPLETED and only.completed_on is not None:
            return Cell(
                _CELL_FOR[completion_state(only.expires_on, today, soon_days)],
                only.id,
                None,
                only.completed_on,
                only.expires_on,
            )
    completion: RecordFacts | None = None
    bookings: list[RecordFacts] = []
    requests: list[RecordFacts] = []
    for record in records:
        status = record.status
        if status == _COMPLETED:
            if record.completed_on is not None and (
                completion is None or _completion_key(record) > _completion_key(completion)
            ):
                completion = record
        elif status == _BOOKED:
            bookings.append(record)
        elif status == _REQUESTED:
            requests.append(record)
    done_on = completion.completed_on if completion is not None else None
    booking = open_booking(bookings, done_on, today) if bookings else None
    request = _open_request(requests, done_on) if requests and booking is None else None
    open_record = booking or request
    open_id = open_record.id if open_record is not None else None
    booked_for = booking.booked_for if booking is not None else None
    if completion is not None:
        return Cell(
            _CELL_FOR[completion_state(completion.expires_on, today, soon_days)],
            record_id=completion.id,
            open_record_id=open_id,
            completed_on=completion.completed_on,
            expires_on=completion.expires_on,
            booked_for=booked_for,
            requested=request is not None,
        )
    if booking is not None:
        return Cell(CellState.BOOKED, open_record_id=open_id, booked_for=booked_for)
    if request is not None:
        return Cell(CellState.REQUESTED, open_record_id=open_id, requested=True)
    return MISSING_CELL


def open_booking(
    bookings: Iterable[RecordT], done_on: dt.date | None, today: dt.date
) -> RecordT | None:
    """The booking that counts after a completion on ``done_on`` (None: no completion): the
    soonest one still ahead, else the latest one that has passed. Undated bookings come
    last and count only when there is no completion."""
    ahead: RecordT | None = None
    passed: RecordT | None = None
    for b in bookings:
        day = b.booked_for
        if day is None:
            if done_on is None and passed is None:
                passed = b
        elif done_on is not None and day <= done_on:
            continue  # a stale booking: the course was done after it
        elif day >= today:
            if ahead is None or (day, b.id) < (ahead.booked_for, ahead.id):
                ahead = b
        elif (
            passed is None
            or passed.booked_for is None
            or (day, b.id) > (passed.booked_for, passed.id)
        ):
            passed = b
    return ahead or passed


def _open_request(requests: Sequence[RecordFacts], done_on: dt.date | None) -> RecordFacts | None:
    live = [
        r for r in requests if done_on is None or r.requested_on is None or r.requested_on > done_on
    ]
    return max(live, key=lambda r: (r.requested_on or dt.date.min, r.id)) if live else None


def cell_text(cell: Cell, today: dt.date) -> str:
    """What the matrix cell reads, e.g. "Valid to 3 Mar 2027", "Expired, rebooked for 3 Jul"."""
    state = cell.state
    booked = short_date(cell.booked_for, today) if cell.booked_for else None
    if state is CellState.VALID:
        if cell.expires_on is None:
            return "Valid, no expiry"
        return f"Valid to {long_date(cell.expires_on)}"
    if state is CellState.EXPIRING_SOON:
        assert cell.expires_on is not None
        text = _expires_in(cell.expires_on, today)
        if booked:
            return f"{text}, rebooked for {booked}"
        return f"{text}, requested" if cell.requested else text
    if state is CellState.EXPIRED:
        if booked:
            return f"Expired, rebooked for {booked}"
        assert cell.expires_on is not None
        text = f"Expired {short_date(cell.expires_on, today)}"
        return f"{text}, requested" if cell.requested else text
    if state is CellState.BOOKED:
        return f"Booked {booked}" if booked else "Booked"
    return state.label


# -- who a course applies to ----------------------------------------------------------------


def encode_roles(roles: Iterable[RoleCategory]) -> str:
    """The stored form of ``applies_to``: values in the enum's order, comma-separated."""
    wanted = {RoleCategory(role) for role in roles}
    return ",".join(role.value for role in RoleCategory if role in wanted)


def decode_roles(text: str) -> tuple[RoleCategory, ...]:
    """The role categories in a stored ``applies_to``; unknown values are ignored."""
    values = {part.strip() for part in text.split(",") if part.strip()}
    return tuple(role for role in RoleCategory if role.value in values)


def applies_to_role(applies_to: Sequence[RoleCategory] | str, role: str) -> bool:
    """Whether a course for ``applies_to`` (empty: everyone) applies to someone in ``role``."""
    roles = decode_roles(applies_to) if isinstance(applies_to, str) else applies_to
    return not roles or role in roles


def is_required(kind: str, applies_to: Sequence[RoleCategory] | str, role: str) -> bool:
    """A mandatory course is required of the role categories it applies to (empty: all)."""
    return kind == CourseKind.MANDATORY and applies_to_role(applies_to, role)


def applies_to_text(roles: Sequence[RoleCategory]) -> str:
    """ "Everyone", or the role labels, e.g. "Peer worker, Peer apprentice"."""
    return ", ".join(role.label for role in roles) if roles else "Everyone"


def validity_text(months: int | None) -> str:
    if months is None:
        return "Does not expire"
    if months % 12 == 0:
        years = months // 12
        return "1 year" if years == 1 else f"{years} years"
    return "1 month" if months == 1 else f"{months} months"


# -- what a course and a record must hold -----------------------------------------------------


@dataclass(frozen=True)
class CourseDetails:
    """A catalogue entry as entered."""

    name: str
    kind: CourseKind
    validity_months: int | None = None
    applies_to: tuple[RoleCategory, ...] = ()
    description: str = ""


def normalise_course(details: CourseDetails) -> CourseDetails:
    """Return the course cleaned, or raise ValidationError listing every problem.

    (Whether the name is already taken is the service's check.)
    """
    errors: list[FieldError] = []
    kind = details.kind
    try:
        kind = CourseKind(details.kind)
    except ValueError:
        errors.append(FieldError("kind", "Choose the kind of course."))
    d = replace(
        details,
        name=clean_line(details.name),
        kind=kind,
        description=clean_text(details.description),
        applies_to=decode_roles(encode_roles(details.applies_to)),
    )
    if not d.name:
        errors.append(FieldError("name", "Enter the course name."))
    check_length(errors, "name", "The course name", d.name, MAX_COURSE_NAME)
    months = d.validity_months
    if months is not None and not MIN_VALIDITY_MONTHS <= months <= MAX_VALIDITY_MONTHS:
        errors.append(
            FieldError(
                "validity_months",
                f"A course stays valid for {MIN_VALIDITY_MONTHS} to {MAX_VALIDITY_MONTHS} "
                "months, or choose that it does not expire.",
            )
        )
    check_length(errors, "description", "The description", d.description, MAX_DESCRIPTION)
    if errors:
        raise ValidationError(errors)
    return d


@dataclass(frozen=True)
class RecordDetails:
    """One person's record for one course, as entered."""

    course_id: int | None
    status: TrainingStatus
    requested_on: dt.date | None = None
    booked_for: dt.date | None = None
    completed_on: dt.date | None = None
    notes: str = ""
    raised_in_session_id: int | None = None


def normalise_record(details: RecordDetails, today: dt.date) -> RecordDetails:
    """Return the record cleaned, or raise ValidationError listing every problem."""
    errors: list[FieldError] = []
    status = details.status
    try:
        status = TrainingStatus(details.status)
    except ValueError:
        errors.append(FieldError("status", "Choose where this training stands."))
    d = replace(details, status=status, notes=clean_text(details.notes))
    # dates a record in this status cannot have are dropped: a request is not yet booked,
    # and only a completed record has a completion date
    if status is TrainingStatus.REQUESTED:
        d = replace(d, booked_for=None, completed_on=None)
    elif status is not TrainingStatus.COMPLETED:
        d = replace(d, completed_on=None)
    if d.course_id is None:
        errors.append(FieldError("course_id", "Choose the course."))
    if d.requested_on is not None and d.requested_on > today:
        errors.append(FieldError("requested_on", "The request date cannot be in the future."))
    if status is TrainingStatus.BOOKED and d.booked_for is None:
        errors.append(FieldError("booked_for", "Enter the date the course is booked for."))
    if d.booked_for is not None and d.requested_on is not None and d.booked_for < d.requested_on:
        errors.append(
            FieldError("booked_for", "The booked date cannot be before the request date.")
        )
    if status is TrainingStatus.COMPLETED and d.completed_on is None:
        errors.append(FieldError("completed_on", "Enter the date the course was completed."))
    if d.completed_on is not None:
        if d.completed_on > today:
            errors.append(
                FieldError("completed_on", "The completion date cannot be in the future.")
            )
        elif d.requested_on is not None and d.completed_on < d.requested_on:
            errors.append(
                FieldError("completed_on", "The completion date cannot be before the request date.")
            )
    check_length(errors, "notes", "The notes", d.notes, MAX_NOTES)
    if errors:
        raise ValidationError(errors)
    return d
