"""The rules a staff record keeps: normalise_staff, check_leaving and is_current."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
from peerdesk.domain.staff import (
    MAX_HOURS_PER_WEEK,
    StaffDetails,
    check_leaving,
    is_current,
    normalise_staff,
)
from peerdesk.domain.validation import ValidationError

TODAY = dt.date(2026, 6, 15)
START = dt.date(2024, 1, 8)


def details(**changes: object) -> StaffDetails:
    base = StaffDetails(
        full_name="Zoë Łukasiewicz",
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.PERMANENT,
        start_date=START,
    )
    return replace(base, **changes)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


# -- a valid record -----------------------------------------------------------------------


def test_valid_record_comes_back_equal() -> None:
    d = details(job_title="Peer worker", hours_per_week=22.5, pronouns="she/her")
    assert normalise_staff(d) == d


def test_normalise_does_not_change_the_input() -> None:
    d = details(full_name="  Ann   Smith  ")
    normalise_staff(d)
    assert d.full_name == "  Ann   Smith  "


# -- name ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\x00\x07", "\u200b"])
def test_name_is_required(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(full_name=name))
    assert exc.value.message_for("full_name") == "Enter the person's name."
    assert [e.field for e in exc.value.errors] == ["full_name"]


def test_name_is_trimmed_and_inner_white_space_collapsed() -> None:
    cleaned = normalise_staff(details(full_name="  Ann \t  Marie\n Smith  "))
    assert cleaned.full_name == "Ann Marie Smith"


def test_control_characters_are_removed_from_one_line_fields() -> None:
    cleaned = normalise_staff(
        details(
            full_name="Ann\x00 Sm\x1bith\u202e",
            preferred_name="\x07Annie ",
            pronouns=" she/\x08her",
            job_title="Peer\u200b worker",
        )
    )
    assert cleaned.full_name == "Ann Smith"
    assert cleaned.preferred_name == "Annie"
    assert cleaned.pronouns == "she/her"
    assert cleaned.job_title == "Peer worker"


def test_multi_line_fields_keep_line_breaks_but_lose_controls_and_outer_space() -> None:
    cleaned = normalise_staff(
        details(
            reasonable_adjustments="  Quiet room\x00\nBreaks every hour\t(flexible)  \n",
            wellbeing_notes="\nWRAP plan agreed\x1b\n\nreview in March ",
        )
    )
    assert cleaned.reasonable_adjustments == "Quiet room\nBreaks every hour\t(flexible)"
    assert cleaned.wellbeing_notes == "WRAP plan agreed\n\nreview in March"


def test_decomposed_accents_are_composed() -> None:
    cleaned = normalise_staff(details(full_name="Zoe\u0308"))
    assert cleaned.full_name == "Zo\u00eb"


def test_zero_width_joiner_is_kept_for_scripts_that_need_it() -> None:
    name = "क्\u200dष"
    assert normalise_staff(details(full_name=name)).full_name == name


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("full_name", 200),
        ("preferred_name", 100),
        ("pronouns", 50),
        ("job_title", 200),
    ],
)
def test_one_line_fields_have_a_length_limit(field: str, limit: int) -> None:
    assert getattr(normalise_staff(details(**{field: "a" * limit})), field) == "a" * limit
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(**{field: "a" * (limit + 1)}))
    message = exc.value.message_for(field)
    assert message is not None
    assert f"keep it to {limit} characters" in message


# -- dates --------------------------------------------------------------------------------


def test_start_date_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(start_date=None))
    assert errors_of(exc) == {"start_date": "Enter the date they started."}


def test_end_date_before_start_date_is_an_error_on_end_date() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(end_date=START - dt.timedelta(days=1)))
    assert errors_of(exc) == {"end_date": "The end date cannot be before the start date."}


def test_end_date_on_start_date_is_allowed() -> None:
    assert normalise_staff(details(end_date=START)).end_date == START


def test_apprenticeship_needs_an_end_date() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(employment_type=EmploymentType.APPRENTICESHIP))
    assert errors_of(exc) == {"end_date": "An apprenticeship needs the date it is due to end."}
    ok = normalise_staff(
        details(employment_type=EmploymentType.APPRENTICESHIP, end_date=dt.date(2027, 3, 31))
    )
    assert ok.end_date == dt.date(2027, 3, 31)


def test_leaving_reason_without_end_date_is_an_error_on_end_date() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(leaving_reason="Moved to a new job"))
    assert errors_of(exc) == {
        "end_date": "Enter the date they leave to go with the leaving reason."
    }


def test_blank_leaving_reason_needs_no_end_date() -> None:
    assert normalise_staff(details(leaving_reason=" \n\x00 ")).leaving_reason == ""


def test_leaving_reason_with_end_date_is_kept() -> None:
    cleaned = normalise_staff(
        details(end_date=dt.date(2026, 7, 1), leaving_reason="  Moved to a new job \n")
    )
    assert cleaned.leaving_reason == "Moved to a new job"
    assert cleaned.end_date == dt.date(2026, 7, 1)


# -- hours --------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [None, 0.0, 0.5, 37.5, MAX_HOURS_PER_WEEK])
def test_hours_in_range_are_accepted(hours: float | None) -> None:
    assert normalise_staff(details(hours_per_week=hours)).hours_per_week == hours


@pytest.mark.parametrize("hours", [-0.5, -1.0, 80.01, 168.0, float("nan"), float("inf")])
def test_hours_out_of_range_are_rejected(hours: float) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(hours_per_week=hours))
    assert errors_of(exc) == {"hours_per_week": "Hours a week must be between 0 and 80."}


# -- relationships ------------------------------------------------------------------------


def test_cannot_supervise_self_when_editing() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(supervisor_id=7), own_id=7)
    assert errors_of(exc) == {"supervisor_id": "A person cannot supervise themselves."}


def test_cannot_line_manage_self_when_editing() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(line_manager_id=7), own_id=7)
    assert errors_of(exc) == {"line_manager_id": "A person cannot be their own line manager."}


def test_someone_else_may_supervise_and_line_manage() -> None:
    cleaned = normalise_staff(details(supervisor_id=3, line_manager_id=4), own_id=7)
    assert (cleaned.supervisor_id, cleaned.line_manager_id) == (3, 4)


def test_without_own_id_any_supervisor_is_accepted() -> None:
    assert normalise_staff(details(supervisor_id=7, line_manager_id=7)).supervisor_id == 7


# -- lived experience and aggregate consent -----------------------------------------------


@pytest.mark.parametrize(
    ("lived", "expected"),
    [
        (LivedExperience.YES, True),
        (LivedExperience.NO, False),
        (LivedExperience.PREFER_NOT_TO_SAY, False),
    ],
)
def test_counted_in_aggregates_only_with_lived_experience(
    lived: LivedExperience, expected: bool
) -> None:
    cleaned = normalise_staff(details(lived_experience=lived, counted_in_aggregates=True))
    assert cleaned.counted_in_aggregates is expected
    assert cleaned.lived_experience is lived


def test_lived_experience_without_consent_is_not_counted() -> None:
    cleaned = normalise_staff(
        details(lived_experience=LivedExperience.YES, counted_in_aggregates=False)
    )
    assert cleaned.counted_in_aggregates is False


# -- several problems ---------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    bad = details(
        full_name="  ",
        end_date=START - dt.timedelta(days=30),
        hours_per_week=100.0,
        supervisor_id=9,
        line_manager_id=9,
        job_title="x" * 201,
    )
    with pytest.raises(ValidationError) as exc:
        normalise_staff(bad, own_id=9)
    fields = [e.field for e in exc.value.errors]
    assert set(fields) == {
        "full_name",
        "job_title",
        "end_date",
        "hours_per_week",
        "supervisor_id",
        "line_manager_id",
    }
    assert len(fields) == 6
    text = str(exc.value)
    assert "Enter the person's name." in text
    assert "Hours a week must be between 0 and 80." in text


def test_validation_error_message_for_unknown_field_is_none() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_staff(details(full_name=""))
    assert exc.value.message_for("pronouns") is None


# -- check_leaving ------------------------------------------------------------------------


def test_check_leaving_returns_date_and_cleaned_reason() -> None:
    date, reason = check_leaving(START, dt.date(2026, 6, 30), "  New job\x00 elsewhere \n")
    assert date == dt.date(2026, 6, 30)
    assert reason == "New job elsewhere"


def test_check_leaving_on_start_date_is_allowed() -> None:
    assert check_leaving(START, START, "Did not pass probation")[0] == START


def test_check_leaving_without_start_date_accepts_any_date() -> None:
    assert check_leaving(None, dt.date(1990, 1, 1), "Retired")[0] == dt.date(1990, 1, 1)


def test_check_leaving_needs_a_date() -> None:
    with pytest.raises(ValidationError) as exc:
        check_leaving(START, None, "Retired")
    assert errors_of(exc) == {"end_date": "Enter the date they leave."}


def test_check_leaving_date_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        check_leaving(START, START - dt.timedelta(days=1), "Retired")
    assert errors_of(exc) == {"end_date": "The leaving date cannot be before the start date."}


@pytest.mark.parametrize("reason", ["", "   ", "\n\t", "\x00"])
def test_check_leaving_needs_a_reason(reason: str) -> None:
    with pytest.raises(ValidationError) as exc:
        check_leaving(START, dt.date(2026, 6, 30), reason)
    assert errors_of(exc) == {"leaving_reason": "Say briefly why they are leaving."}


def test_check_leaving_reason_length_limit() -> None:
    assert check_leaving(START, TODAY, "r" * 2000)[1] == "r" * 2000
    with pytest.raises(ValidationError) as exc:
        check_leaving(START, TODAY, "r" * 2001)
    assert "keep it to 2000 characters" in (exc.value.message_for("leaving_reason") or "")


def test_check_leaving_reports_date_and_reason_together() -> None:
    with pytest.raises(ValidationError) as exc:
        check_leaving(START, None, "")
    assert {e.field for e in exc.value.errors} == {"end_date", "leaving_reason"}


# -- is_current ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end_date", "expected"),
    [
        (None, True),
        (TODAY + dt.timedelta(days=365), True),
        (TODAY + dt.timedelta(days=1), True),
        (TODAY, True),  # their last day: still here
        (TODAY - dt.timedelta(days=1), False),  # left yesterday
        (dt.date(2001, 1, 1), False),
    ],
)
def test_is_current_boundary(end_date: dt.date | None, expected: bool) -> None:
    assert is_current(end_date, TODAY) is expected
