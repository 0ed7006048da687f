"""Further roles: a person may hold more than one role at once (a paid peer worker who also
volunteers, an apprentice who also takes sessional shifts).

The person's MAIN role stays on their own record (job title, category, team, hours,
supervisor): the supervision schedule keys off it. Each further role has its own title,
category, employment type, team, hours, supervisor and dates.

Counting people with several roles (the rules the trustee report follows):

- **Headcount** counts a person once, however many roles they hold, under their main role.
- **Full-time equivalent** at a day is the sum of the weekly hours of the main role and of
  every further role current that day, divided by ``FULL_TIME_HOURS`` (37.5). A main role
  with no hours recorded counts as full time (as it always has); a further role with no
  hours ("hours vary") adds nothing. The sum is NOT capped at 1.0 per person: someone
  working 37.5 hours in one role and 10 in another works 1.27 FTE, and trustees want the
  hours really worked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff import MAX_HOURS_PER_WEEK
from peerdesk.domain.validation import FieldError, ValidationError, check_length, clean_line

__all__ = [
    "FULL_TIME_HOURS",
    "HOURS_VARY_NOTE",
    "MAX_TITLE",
    "RoleDetails",
    "fte",
    "headcount",
    "person_fte",
    "role_current_on",
    "validate_role",
]

FULL_TIME_HOURS = 37.5  # the same as reports.trustee_data.FULL_TIME_HOURS
MAX_TITLE = 200
HOURS_VARY_NOTE = "Leave the hours empty when they vary: such a role adds nothing to the FTE."


@dataclass(frozen=True)
class RoleDetails:
    """A further role as entered in the form."""

    job_title: str
    role_category: RoleCategory
    employment_type: EmploymentType
    start_date: dt.date | None
    team_id: int | None = None
    hours_per_week: float | None = None  # None: the hours vary
    supervisor_id: int | None = None
    end_date: dt.date | None = None


def validate_role(
    details: RoleDetails,
    person_start: dt.date,
    person_end: dt.date | None,
    today: dt.date,
    *,
    person_id: int | None = None,
) -> RoleDetails:
    """Return the role cleaned, or raise ValidationError with one message per bad field.
    A role with no end date, of a person who has an end date, ends on that day.

    ``person_id`` is the person holding the role, so that they cannot supervise themselves
    in it. ``today`` is accepted for rules about the present (none yet: a role may be
    recorded ahead of its start or after it ended)."""
    del today  # no rule depends on it yet
    d = replace(details, job_title=clean_line(details.job_title))
    if d.end_date is None and person_end is not None and not _after(d.start_date, person_end):
        d = replace(d, end_date=person_end)  # a role ends with the person's last day at most
    errors: list[FieldError] = []
    if not d.job_title:
        errors.append(FieldError("job_title", "Enter the role's job title."))
    check_length(errors, "job_title", "The job title", d.job_title, MAX_TITLE)
    if not isinstance(d.role_category, RoleCategory):
        errors.append(FieldError("role_category", "Choose the role's category."))
    if not isinstance(d.employment_type, EmploymentType):
        errors.append(FieldError("employment_type", "Choose the role's employment type."))
    if d.hours_per_week is not None and not 0 <= d.hours_per_week <= MAX_HOURS_PER_WEEK:
        errors.append(
            FieldError(
                "hours_per_week",
                f"Hours a week must be between 0 and {MAX_HOURS_PER_WEEK:g}, "
                "or empty when they vary.",
            )
        )
    if d.start_date is None:
        errors.append(FieldError("start_date", "Enter the date the role started."))
    elif d.start_date < person_start:
        errors.append(FieldError("start_date", "The role cannot start before the person started."))
    elif person_end is not None and d.start_date > person_end:
        errors.append(FieldError("start_date", "The role cannot start after the person left."))
    if d.end_date is not None:
        if d.start_date is not None and d.end_date < d.start_date:
            errors.append(FieldError("end_date", "The role cannot end before it starts."))
        elif person_end is not None and d.end_date > person_end:
            errors.append(
                FieldError("end_date", "The role cannot end after the person's last day.")
            )
    if person_id is not None and d.supervisor_id == person_id:
        errors.append(FieldError("supervisor_id", "A person cannot supervise themselves."))
    if errors:
        raise ValidationError(errors)
    return d


def _after(day: dt.date | None, limit: dt.date) -> bool:
    return day is not None and day > limit


def role_current_on(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """Whether a role is held on ``day``: started by then and not ended before it (the end
    date itself is a working day)."""
    return start <= day and (end is None or end >= day)


def fte(hours_list: Iterable[float | None]) -> float:
    """The full-time equivalent of weekly hours: their sum over ``FULL_TIME_HOURS``.

    ``None`` hours (a further role whose hours vary) add nothing. Not capped at 1.0: see
    the module's rules. Use ``person_fte`` for a person's main role plus further ones."""
    return sum(h for h in hours_list if h is not None) / FULL_TIME_HOURS


def person_fte(main_hours: float | None, further_hours: Iterable[float | None]) -> float:
    """One person's FTE: the main role (no hours recorded counts as full time) plus every
    further role current that day (the caller picks them). Not capped."""
    main = FULL_TIME_HOURS if main_hours is None else main_hours
    return fte([main, *further_hours])


def headcount(staff_ids: Iterable[int]) -> int:
    """People counted once however many roles they hold: the number of distinct ids."""
    return len(set(staff_ids))
