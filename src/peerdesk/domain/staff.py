"""A staff member as the register holds them, and the rules a record must keep."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

MAX_HOURS_PER_WEEK = 80.0


@dataclass(frozen=True)
class StaffDetails:
    """Everything a person's record holds, as entered in the form or an import."""

    full_name: str
    role_category: RoleCategory
    employment_type: EmploymentType
    start_date: dt.date | None
    preferred_name: str = ""
    pronouns: str = ""
    job_title: str = ""
    team_id: int | None = None
    hours_per_week: float | None = None
    end_date: dt.date | None = None
    leaving_reason: str = ""
    line_manager_id: int | None = None
    supervisor_id: int | None = None
    lived_experience: LivedExperience = LivedExperience.PREFER_NOT_TO_SAY
    counted_in_aggregates: bool = False
    former_service_user: bool = False
    reasonable_adjustments: str = ""
    wellbeing_notes: str = ""


def is_current(end_date: dt.date | None, today: dt.date) -> bool:
    """A person is current until the day after their end date."""
    return end_date is None or end_date >= today


def normalise_staff(details: StaffDetails, *, own_id: int | None = None) -> StaffDetails:
    """Return the details cleaned, or raise ValidationError with one message per bad field.

    ``own_id`` is the person's id when editing, so that they cannot supervise themselves.
    """
    d = replace(
        details,
        full_name=clean_line(details.full_name),
        preferred_name=clean_line(details.preferred_name),
        pronouns=clean_line(details.pronouns),
        job_title=clean_line(details.job_title),
        leaving_reason=clean_text(details.leaving_reason),
        reasonable_adjustments=clean_text(details.reasonable_adjustments),
        wellbeing_notes=clean_text(details.wellbeing_notes),
    )
    errors: list[FieldError] = []
    if not d.full_name:
        errors.append(FieldError("full_name", "Enter the person's name."))
    check_length(errors, "full_name", "The name", d.full_name, 200)
    check_length(errors, "preferred_name", "The preferred name", d.preferred_name, 100)
    check_length(errors, "pronouns", "Pronouns", d.pronouns, 50)
    check_length(errors, "job_title", "The job title", d.job_title, 200)
    check_length(errors, "leaving_reason", "The leaving reason", d.leaving_reason, 2000)
    check_length(errors, "reasonable_adjustments", "Adjustments", d.reasonable_adjustments, 20000)
    check_length(errors, "wellbeing_notes", "Wellbeing notes", d.wellbeing_notes, 20000)

    if d.start_date is None:
        errors.append(FieldError("start_date", "Enter the date they started."))
    if d.start_date and d.end_date and d.end_date < d.start_date:
        errors.append(FieldError("end_date", "The end date cannot be before the start date."))
    if d.employment_type is EmploymentType.APPRENTICESHIP and d.end_date is None:
        errors.append(FieldError("end_date", "An apprenticeship needs the date it is due to end."))
    if d.leaving_reason and d.end_date is None:
        errors.append(
            FieldError("end_date", "Enter the date they leave to go with the leaving reason.")
        )
    if d.hours_per_week is not None and not 0 <= d.hours_per_week <= MAX_HOURS_PER_WEEK:
        errors.append(
            FieldError(
                "hours_per_week",
                f"Hours a week must be between 0 and {MAX_HOURS_PER_WEEK:g}.",
            )
        )
    if own_id is not None and d.supervisor_id == own_id:
        errors.append(FieldError("supervisor_id", "A person cannot supervise themselves."))
    if own_id is not None and d.line_manager_id == own_id:
        errors.append(FieldError("line_manager_id", "A person cannot be their own line manager."))
    if d.lived_experience is not LivedExperience.YES and d.counted_in_aggregates:
        d = replace(d, counted_in_aggregates=False)
    if errors:
        raise ValidationError(errors)
    return d


def check_leaving(
    start_date: dt.date | None, end_date: dt.date | None, reason: str
) -> tuple[dt.date, str]:
    """Validate marking someone as a leaver; return the cleaned date and reason."""
    errors: list[FieldError] = []
    cleaned = clean_text(reason)
    if end_date is None:
        errors.append(FieldError("end_date", "Enter the date they leave."))
    elif start_date is not None and end_date < start_date:
        errors.append(FieldError("end_date", "The leaving date cannot be before the start date."))
    if not cleaned:
        errors.append(FieldError("leaving_reason", "Say briefly why they are leaving."))
    check_length(errors, "leaving_reason", "The leaving reason", cleaned, 2000)
    if errors or end_date is None:
        raise ValidationError(errors)
    return end_date, cleaned
