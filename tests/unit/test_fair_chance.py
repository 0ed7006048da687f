"""Fair-chance recruitment rules: check levels, the assessment form, erasure dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from peerdesk.domain.fair_chance import (
    MAX_KEEP_MONTHS,
    AssessmentDetails,
    CheckLevel,
    CheckLevelDetails,
    Decision,
    check_keep_months,
    default_delete_after,
    latest_delete_after,
    normalise_assessment,
    normalise_check_level,
)
from peerdesk.domain.validation import ValidationError

TODAY = dt.date(2026, 6, 15)


def form(**changes: object) -> AssessmentDetails:
    base = AssessmentDetails(
        staff_id=7,
        role_title="  Peer   Mentor ",
        disclosed_on=dt.date(2026, 6, 1),
        circumstances="  In their words.  ",
        decision=Decision.APPOINTED_WITH_SAFEGUARDS,
        decided_by=" Amara ",
        decided_on=dt.date(2026, 6, 10),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in error.value.errors}


@pytest.mark.parametrize(
    ("decided", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 1, 31), 24, dt.date(2028, 1, 31)),
    ],
)
def test_default_delete_after_counts_months_and_clamps(
    decided: dt.date, months: int, expected: dt.date
) -> None:
    assert default_delete_after(decided, months) == expected


def test_latest_is_24_months() -> None:
    assert MAX_KEEP_MONTHS == 24
    assert latest_delete_after(dt.date(2026, 2, 28)) == dt.date(2028, 2, 28)


def test_a_valid_form_is_cleaned_and_given_its_erasure_date() -> None:
    d = normalise_assessment(form(), today=TODAY, keep_months=6)
    assert d.role_title == "Peer Mentor"
    assert d.circumstances == "In their words."
    assert d.decided_by == "Amara"
    assert d.delete_after == dt.date(2026, 12, 10)


def test_a_chosen_erasure_date_is_kept_within_bounds() -> None:
    d = normalise_assessment(form(delete_after=dt.date(2026, 6, 10)), today=TODAY, keep_months=6)
    assert d.delete_after == dt.date(2026, 6, 10)  # the day of the decision is allowed
    d = normalise_assessment(form(delete_after=dt.date(2028, 6, 10)), today=TODAY, keep_months=6)
    assert d.delete_after == dt.date(2028, 6, 10)
    for bad in (dt.date(2026, 6, 9), dt.date(2028, 6, 11)):
        with pytest.raises(ValidationError) as error:
            normalise_assessment(form(delete_after=bad), today=TODAY, keep_months=6)
        assert fields(error) == {"delete_after"}


def test_every_problem_is_listed() -> None:
    with pytest.raises(ValidationError) as error:
        normalise_assessment(AssessmentDetails(decided_by=" "), today=TODAY, keep_months=6)
    assert fields(error) == {"staff_id", "decision", "decided_by", "disclosed_on", "decided_on"}


def test_dates_cannot_be_in_the_future_or_out_of_order() -> None:
    with pytest.raises(ValidationError) as error:
        normalise_assessment(
            form(disclosed_on=dt.date(2026, 6, 16), decided_on=dt.date(2026, 6, 16)),
            today=TODAY,
            keep_months=6,
        )
    assert fields(error) == {"disclosed_on", "decided_on"}
    with pytest.raises(ValidationError) as error:
        normalise_assessment(form(disclosed_on=dt.date(2026, 6, 12)), today=TODAY, keep_months=6)
    assert error.value.message_for("decided_on") == (
        "The decision cannot be before the conviction was disclosed."
    )


def test_text_length_is_limited() -> None:
    with pytest.raises(ValidationError) as error:
        normalise_assessment(form(safeguards="x" * 5001), today=TODAY, keep_months=6)
    assert fields(error) == {"safeguards"}


@pytest.mark.parametrize("months", [1, 6, 24])
def test_keep_months_allowed(months: int) -> None:
    check_keep_months(months)


@pytest.mark.parametrize("months", [0, 25])
def test_keep_months_refused(months: int) -> None:
    with pytest.raises(ValidationError):
        check_keep_months(months)


def test_a_check_needs_a_reason_but_no_check_does_not() -> None:
    base = CheckLevelDetails(
        job_title=" Peer  Worker ", check_level=CheckLevel.NONE, decided_on=TODAY
    )
    assert normalise_check_level(base, today=TODAY).job_title == "Peer Worker"
    for level in (CheckLevel.BASIC, CheckLevel.STANDARD, CheckLevel.ENHANCED):
        with pytest.raises(ValidationError) as error:
            normalise_check_level(dataclasses.replace(base, check_level=level), today=TODAY)
        assert fields(error) == {"eligibility_reason"}
        ok = dataclasses.replace(base, check_level=level, eligibility_reason="Care duties")
        assert normalise_check_level(ok, today=TODAY).check_level is level


def test_a_check_level_needs_title_level_and_a_past_date() -> None:
    with pytest.raises(ValidationError) as error:
        normalise_check_level(
            CheckLevelDetails(decided_on=TODAY + dt.timedelta(days=1)), today=TODAY
        )
    assert fields(error) == {"job_title", "check_level", "decided_on"}


def test_every_level_and_decision_has_a_label() -> None:
    assert [c.label for c in CheckLevel] == [
        "No check",
        "Basic check",
        "Standard check",
        "Enhanced check",
    ]
    assert all(d.label for d in Decision)
