"""The rules of further roles (domain/staff_roles.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from peerdesk.domain import staff_roles
from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import (
    FULL_TIME_HOURS,
    RoleDetails,
    fte,
    headcount,
    person_fte,
    role_current_on,
    validate_role,
)
from peerdesk.domain.validation import ValidationError
from peerdesk.reports import trustee_data

STARTED = dt.date(2024, 4, 1)
TODAY = dt.date(2026, 6, 15)


def role(**changes: object) -> RoleDetails:
    base = RoleDetails(
        job_title="  Volunteer   befriender ",
        role_category=RoleCategory.VOLUNTEER,
        employment_type=EmploymentType.VOLUNTEER,
        start_date=dt.date(2025, 1, 6),
        hours_per_week=4,
        supervisor_id=2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def errors(details: RoleDetails, end: dt.date | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        validate_role(details, STARTED, end, TODAY, person_id=1)
    return {e.field: e.message for e in raised.value.errors}


def test_a_good_role_comes_back_cleaned() -> None:
    cleaned = validate_role(role(), STARTED, None, TODAY, person_id=1)
    assert cleaned.job_title == "Volunteer befriender"
    assert cleaned.hours_per_week == 4


def test_hours_may_vary() -> None:
    assert validate_role(role(hours_per_week=None), STARTED, None, TODAY).hours_per_week is None
    assert "FTE" in staff_roles.HOURS_VARY_NOTE


def test_the_title_is_required_and_limited() -> None:
    assert errors(role(job_title="   ")) == {"job_title": "Enter the role's job title."}
    assert "200 characters" in errors(role(job_title="x" * 201))["job_title"]
    validate_role(role(job_title="x" * 200), STARTED, None, TODAY)


@pytest.mark.parametrize("hours", [-1, 80.5, 200])
def test_hours_are_between_0_and_80(hours: float) -> None:
    assert "between 0 and 80" in errors(role(hours_per_week=hours))["hours_per_week"]


@pytest.mark.parametrize("hours", [0, 0.5, 80])
def test_hours_at_the_limits_are_kept(hours: float) -> None:
    assert validate_role(role(hours_per_week=hours), STARTED, None, TODAY).hours_per_week == hours


def test_the_category_and_type_come_from_the_enums() -> None:
    found = errors(role(role_category="volunteer", employment_type="unpaid"))
    assert set(found) == {"role_category", "employment_type"}


def test_the_dates_sit_inside_the_persons_own() -> None:
    assert errors(role(start_date=None)) == {"start_date": "Enter the date the role started."}
    assert errors(role(start_date=STARTED - dt.timedelta(days=1))) == {
        "start_date": "The role cannot start before the person started."
    }
    validate_role(role(start_date=STARTED), STARTED, None, TODAY)
    assert errors(role(end_date=dt.date(2025, 1, 5))) == {
        "end_date": "The role cannot end before it starts."
    }
    left = dt.date(2025, 12, 31)
    assert errors(role(end_date=dt.date(2026, 1, 1)), end=left) == {
        "end_date": "The role cannot end after the person's last day."
    }
    assert errors(role(start_date=dt.date(2026, 1, 1)), end=left) == {
        "start_date": "The role cannot start after the person left."
    }
    validate_role(role(end_date=left), STARTED, left, TODAY)
    assert validate_role(role(), STARTED, left, TODAY).end_date == left  # ends with them
    validate_role(role(end_date=dt.date(2025, 1, 6)), STARTED, None, TODAY)  # a one-day role


def test_nobody_supervises_themselves() -> None:
    assert errors(role(supervisor_id=1)) == {
        "supervisor_id": "A person cannot supervise themselves."
    }


def test_every_problem_is_listed_at_once() -> None:
    found = errors(role(job_title="", hours_per_week=99, supervisor_id=1, start_date=None))
    assert set(found) == {"job_title", "hours_per_week", "supervisor_id", "start_date"}


def test_the_full_time_hours_match_the_trustee_report() -> None:
    assert FULL_TIME_HOURS == trustee_data.FULL_TIME_HOURS == 37.5


def test_fte_sums_every_roles_hours_without_a_cap() -> None:
    assert fte([37.5]) == 1.0
    assert fte([18.75, 7.5]) == pytest.approx(0.7)
    assert fte([37.5, 10]) == pytest.approx(47.5 / 37.5)  # over full time: not capped
    assert fte([None, 7.5]) == pytest.approx(0.2)  # hours that vary add nothing
    assert fte([]) == 0


def test_a_persons_fte_counts_a_main_role_with_no_hours_as_full_time() -> None:
    assert person_fte(None, []) == 1.0
    assert person_fte(None, [7.5]) == pytest.approx(1.2)
    assert person_fte(18.75, [None, 18.75]) == 1.0
    assert person_fte(0, [None]) == 0


def test_headcount_counts_a_person_once_however_many_roles() -> None:
    assert headcount([1, 1, 2, 3, 3, 3]) == 3
    assert headcount([]) == 0


def test_a_role_is_current_through_its_last_day() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    assert not role_current_on(start, end, dt.date(2025, 12, 31))
    assert role_current_on(start, end, start)
    assert role_current_on(start, end, end)
    assert not role_current_on(start, end, dt.date(2026, 4, 1))
    assert role_current_on(start, None, dt.date(2030, 1, 1))
