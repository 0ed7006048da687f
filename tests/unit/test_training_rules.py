"""Training rules: expiry arithmetic, record and cell states, who a course applies to, and
what a course or a record must hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from peerdesk.domain.enums import CourseKind, RoleCategory, TrainingStatus
from peerdesk.domain.training import (
    MISSING_CELL,
    NOT_REQUIRED_CELL,
    Cell,
    CellState,
    CourseDetails,
    RecordDetails,
    RecordFacts,
    RecordState,
    add_months,
    applies_to_role,
    applies_to_text,
    best_cell,
    cell_text,
    decode_roles,
    encode_roles,
    expiry_date,
    is_required,
    normalise_course,
    normalise_record,
    open_booking,
    record_state,
    record_state_text,
    short_date,
    validity_text,
)
from peerdesk.domain.validation import ValidationError

TODAY = dt.date(2026, 6, 15)
D = dt.date
S = TrainingStatus


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


# -- expiry arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped to the month's end
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # a leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 Feb + 1 year: no 29 Feb next year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # ... but four years on there is
        (D(2023, 2, 28), 12, D(2024, 2, 28)),  # does not jump to the leap day
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year end
        (D(2026, 6, 15), 36, D(2029, 6, 15)),
        (D(2026, 6, 15), 120, D(2036, 6, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards too
        (D(2026, 1, 10), -1, D(2025, 12, 10)),
        (D(2026, 5, 5), 0, D(2026, 5, 5)),
    ],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_expiry_date_is_completion_plus_validity() -> None:
    assert expiry_date(D(2025, 1, 31), 12) == D(2026, 1, 31)
    assert expiry_date(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_a_course_without_validity_never_expires() -> None:
    assert expiry_date(D(2020, 5, 1), None) is None


def test_nothing_expires_before_it_is_completed() -> None:
    assert expiry_date(None, 12) is None


# -- one record's state -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        (None, RecordState.VALID),
        (day(61), RecordState.VALID),
        (day(60), RecordState.EXPIRING_SOON),  # inclusive
        (day(1), RecordState.EXPIRING_SOON),
        (day(0), RecordState.EXPIRING_SOON),  # valid up to and including its expiry date
        (day(-1), RecordState.EXPIRED),
    ],
)
def test_completed_record_state(expires: dt.date | None, state: RecordState) -> None:
    assert record_state(S.COMPLETED, expires, TODAY) is state


def test_expiring_window_can_be_changed() -> None:
    assert record_state(S.COMPLETED, day(20), TODAY, soon_days=14) is RecordState.VALID
    assert record_state(S.COMPLETED, day(14), TODAY, soon_days=14) is RecordState.EXPIRING_SOON


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (S.REQUESTED, RecordState.REQUESTED),
        (S.BOOKED, RecordState.BOOKED),
        (S.CANCELLED, RecordState.CANCELLED),
    ],
)
def test_other_record_states(status: TrainingStatus, state: RecordState) -> None:
    assert record_state(status, None, TODAY) is state


def test_record_state_texts() -> None:
    assert record_state_text(RecordState.VALID, TODAY, expires_on=D(2027, 3, 3)) == (
        "Valid to 3 Mar 2027"
    )
    assert record_state_text(RecordState.VALID, TODAY) == "Completed, no expiry"
    assert record_state_text(RecordState.EXPIRING_SOON, TODAY, expires_on=day(12)) == (
        "Expires in 12 days"
    )
    assert record_state_text(RecordState.EXPIRING_SOON, TODAY, expires_on=day(1)) == (
        "Expires tomorrow"
    )
    assert record_state_text(RecordState.EXPIRING_SOON, TODAY, expires_on=TODAY) == (
        "Expires today"
    )
    assert record_state_text(RecordState.EXPIRED, TODAY, expires_on=D(2026, 5, 2)) == (
        "Expired 2 May 2026"
    )
    assert record_state_text(RecordState.BOOKED, TODAY, booked_for=D(2026, 7, 3)) == (
        "Booked for 3 Jul 2026"
    )
    assert record_state_text(RecordState.REQUESTED, TODAY) == "Requested"
    assert record_state_text(RecordState.CANCELLED, TODAY) == "Cancelled"


def test_short_date_leaves_out_this_year() -> None:
    assert short_date(D(2026, 7, 3), TODAY) == "3 Jul"
    assert short_date(D(2027, 7, 3), TODAY) == "3 Jul 2027"
    assert short_date(D(2025, 12, 1), TODAY) == "1 Dec 2025"


# -- a cell of the matrix -----------------------------------------------------------------


def completed(record_id: int, done: dt.date, months: int | None = 36) -> RecordFacts:
    return RecordFacts(record_id, S.COMPLETED, None, None, done, expiry_date(done, months))


def booked(record_id: int, on: dt.date | None, requested: dt.date | None = None) -> RecordFacts:
    return RecordFacts(record_id, S.BOOKED, requested, on, None, None)


def requested(record_id: int, on: dt.date | None) -> RecordFacts:
    return RecordFacts(record_id, S.REQUESTED, on, None, None, None)


def cancelled(record_id: int, on: dt.date | None) -> RecordFacts:
    return RecordFacts(record_id, S.CANCELLED, None, on, None, None)


def cell(*records: RecordFacts, required: bool = True) -> Cell:
    return best_cell(records, required=required, today=TODAY)


def test_nothing_recorded_is_missing() -> None:
    assert cell() is MISSING_CELL
    assert cell_text(MISSING_CELL, TODAY) == "Missing"


def test_not_required_wins_over_everything() -> None:
    result = cell(completed(1, D(2026, 1, 1)), required=False)
    assert result is NOT_REQUIRED_CELL
    assert cell_text(result, TODAY) == "Not required"


def test_a_valid_completion() -> None:
    result = cell(completed(1, D(2024, 3, 3)))
    assert result.state is CellState.VALID
    assert result.record_id == 1
    assert result.expires_on == D(2027, 3, 3)
    assert result.is_compliant
    assert cell_text(result, TODAY) == "Valid to 3 Mar 2027"


def test_a_completion_that_never_expires() -> None:
    result = cell(completed(1, D(2015, 3, 3), months=None))
    assert result.state is CellState.VALID
    assert cell_text(result, TODAY) == "Valid, no expiry"


def test_expiring_soon_counts_as_compliant() -> None:
    result = cell(completed(1, add_months(day(12), -36)))
    assert result.state is CellState.EXPIRING_SOON
    assert result.is_compliant
    assert cell_text(result, TODAY) == "Expires in 12 days"


def test_expired() -> None:
    result = cell(completed(1, D(2023, 5, 2)))
    assert result.state is CellState.EXPIRED
    assert not result.is_compliant
    assert cell_text(result, TODAY) == "Expired 2 May"


def test_expired_last_year_shows_the_year() -> None:
    assert cell_text(cell(completed(1, D(2022, 5, 2))), TODAY) == "Expired 2 May 2025"


def test_a_valid_completion_beats_an_older_expired_one() -> None:
    old, new = completed(1, D(2021, 1, 10)), completed(2, D(2025, 1, 10))
    for order in ((old, new), (new, old)):
        result = cell(*order)
        assert result.state is CellState.VALID
        assert result.record_id == 2


def test_a_completion_that_never_expires_beats_a_dated_one() -> None:
    result = cell(completed(1, D(2025, 1, 10)), completed(2, D(2019, 1, 10), months=None))
    assert result.record_id == 2


def test_a_booking_after_an_expiry_shows_rebooked() -> None:
    result = cell(completed(1, D(2023, 5, 2)), booked(2, D(2026, 7, 3)))
    assert result.state is CellState.EXPIRED
    assert result.open_record_id == 2
    assert result.booked_for == D(2026, 7, 3)
    assert cell_text(result, TODAY) == "Expired, rebooked for 3 Jul"


def test_a_request_after_an_expiry() -> None:
    result = cell(completed(1, D(2023, 5, 2)), requested(2, day(-3)))
    assert result.open_record_id == 2
    assert cell_text(result, TODAY) == "Expired 2 May, requested"


def test_expiring_soon_and_rebooked() -> None:
    result = cell(completed(1, add_months(day(20), -36)), booked(2, day(10)))
    assert result.state is CellState.EXPIRING_SOON
    assert cell_text(result, TODAY) == "Expires in 20 days, rebooked for 25 Jun"


def test_a_valid_completion_with_a_refresher_booked_is_still_valid() -> None:
    result = cell(completed(1, D(2025, 1, 10)), booked(2, day(30)))
    assert result.state is CellState.VALID
    assert result.open_record_id == 2
    assert cell_text(result, TODAY) == "Valid to 10 Jan 2028"


def test_a_booking_before_the_latest_completion_is_stale() -> None:
    result = cell(booked(1, D(2025, 1, 10)), completed(2, D(2025, 1, 10)))
    assert result.state is CellState.VALID
    assert result.open_record_id is None


def test_a_request_made_before_the_completion_is_stale() -> None:
    result = cell(requested(1, D(2024, 12, 1)), completed(2, D(2023, 1, 10)))
    assert result.open_record_id == 1  # made after the (now expired) completion
    result = cell(requested(1, D(2022, 12, 1)), completed(2, D(2023, 1, 10)))
    assert result.open_record_id is None
    assert cell_text(result, TODAY) == "Expired 10 Jan"


def test_booked_without_a_completion() -> None:
    result = cell(booked(1, D(2026, 7, 3)))
    assert result.state is CellState.BOOKED
    assert not result.is_compliant
    assert cell_text(result, TODAY) == "Booked 3 Jul"
    assert cell_text(cell(booked(1, D(2027, 1, 3))), TODAY) == "Booked 3 Jan 2027"


def test_a_booking_beats_a_request() -> None:
    result = cell(requested(1, day(-10)), booked(2, day(20)))
    assert result.state is CellState.BOOKED
    assert result.open_record_id == 2


def test_requested_only() -> None:
    result = cell(requested(1, day(-10)))
    assert result.state is CellState.REQUESTED
    assert result.open_record_id == 1
    assert cell_text(result, TODAY) == "Requested"


def test_cancelled_records_count_for_nothing() -> None:
    assert cell(cancelled(1, day(5))) is MISSING_CELL
    result = cell(completed(1, D(2023, 5, 2)), cancelled(2, day(5)))
    assert cell_text(result, TODAY) == "Expired 2 May"


def test_the_next_booking_ahead_is_shown() -> None:
    bookings = [booked(1, day(40)), booked(2, day(10)), booked(3, day(-5))]
    assert open_booking(bookings, None, TODAY) == bookings[1]


def test_a_passed_booking_shows_when_none_is_ahead() -> None:
    bookings = [booked(1, day(-40)), booked(2, day(-5))]
    assert open_booking(bookings, None, TODAY) == bookings[1]
    assert cell_text(cell(*bookings), TODAY) == "Booked 10 Jun"


def test_an_undated_booking_counts_only_without_a_completion() -> None:
    assert open_booking([booked(1, None)], None, TODAY) is not None
    assert open_booking([booked(1, None)], D(2025, 1, 1), TODAY) is None
    assert cell_text(cell(booked(1, None)), TODAY) == "Booked"


# -- who a course applies to --------------------------------------------------------------


def test_roles_round_trip_in_enum_order() -> None:
    roles = (RoleCategory.VOLUNTEER, RoleCategory.PEER_WORKER)
    assert encode_roles(roles) == "peer_worker,volunteer"
    assert decode_roles("volunteer, peer_worker,unknown,,") == (
        RoleCategory.PEER_WORKER,
        RoleCategory.VOLUNTEER,
    )
    assert decode_roles("") == ()


def test_empty_applies_to_means_everyone() -> None:
    assert applies_to_role("", "clinical")
    assert applies_to_role((), "volunteer")
    assert applies_to_text(()) == "Everyone"


def test_applies_to_listed_roles_only() -> None:
    assert applies_to_role("manager,clinical", "clinical")
    assert not applies_to_role("manager,clinical", "peer_worker")
    assert applies_to_text((RoleCategory.MANAGER, RoleCategory.CLINICAL)) == ("Manager, Clinical")


def test_only_mandatory_courses_are_required() -> None:
    assert is_required(CourseKind.MANDATORY, "", "peer_worker")
    assert is_required(CourseKind.MANDATORY, "peer_worker", "peer_worker")
    assert not is_required(CourseKind.MANDATORY, "manager", "peer_worker")
    assert not is_required(CourseKind.ROLE_SPECIFIC, "peer_worker", "peer_worker")
    assert not is_required(CourseKind.DEVELOPMENT, "", "peer_worker")


@pytest.mark.parametrize(
    ("months", "text"),
    [(None, "Does not expire"), (1, "1 month"), (18, "18 months"), (12, "1 year"), (36, "3 years")],
)
def test_validity_text(months: int | None, text: str) -> None:
    assert validity_text(months) == text


# -- validating a course --------------------------------------------------------------------


def course(**changes: object) -> CourseDetails:
    base = CourseDetails(name="Safeguarding adults", kind=CourseKind.MANDATORY, validity_months=36)
    return replace(base, **changes)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_a_valid_course_comes_back_cleaned() -> None:
    d = normalise_course(
        course(
            name="  Lone   working ",
            applies_to=(RoleCategory.VOLUNTEER, RoleCategory.PEER_WORKER),
            description="  Staying safe  ",
        )
    )
    assert d.name == "Lone working"
    assert d.applies_to == (RoleCategory.PEER_WORKER, RoleCategory.VOLUNTEER)
    assert d.description == "Staying safe"


@pytest.mark.parametrize("name", ["", "   ", "\x00"])
def test_course_name_is_required(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_course(course(name=name))
    assert errors_of(exc) == {"name": "Enter the course name."}


def test_course_name_has_a_limit() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_course(course(name="x" * 201))
    assert "200 characters" in errors_of(exc)["name"]


@pytest.mark.parametrize("months", [1, 12, 120, None])
def test_validity_in_range_or_none(months: int | None) -> None:
    assert normalise_course(course(validity_months=months)).validity_months == months


@pytest.mark.parametrize("months", [0, -1, 121, 1000])
def test_validity_out_of_range(months: int) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_course(course(validity_months=months))
    assert errors_of(exc) == {
        "validity_months": "A course stays valid for 1 to 120 months, or choose that it "
        "does not expire."
    }


def test_course_kind_must_be_known() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_course(course(kind="compulsory"))
    assert errors_of(exc) == {"kind": "Choose the kind of course."}


# -- validating a record --------------------------------------------------------------------


def record(**changes: object) -> RecordDetails:
    base = RecordDetails(course_id=1, status=S.COMPLETED, completed_on=day(-10))
    return replace(base, **changes)


def test_a_valid_completion_record() -> None:
    d = record(requested_on=day(-40), booked_for=day(-10), notes="  Online  ")
    assert normalise_record(d, TODAY) == replace(d, notes="Online")


def test_completed_today_is_fine() -> None:
    assert normalise_record(record(completed_on=TODAY), TODAY).completed_on == TODAY


def test_course_is_required() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(course_id=None), TODAY)
    assert errors_of(exc) == {"course_id": "Choose the course."}


def test_completed_needs_a_completion_date() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(completed_on=None), TODAY)
    assert errors_of(exc) == {"completed_on": "Enter the date the course was completed."}


def test_completion_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(completed_on=day(1)), TODAY)
    assert errors_of(exc) == {"completed_on": "The completion date cannot be in the future."}


def test_completion_cannot_be_before_the_request() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(requested_on=day(-5), completed_on=day(-6)), TODAY)
    assert errors_of(exc) == {
        "completed_on": "The completion date cannot be before the request date."
    }


def test_completion_on_the_request_day_is_fine() -> None:
    assert normalise_record(record(requested_on=day(-5), completed_on=day(-5)), TODAY)


def test_booked_needs_a_date() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(status=S.BOOKED, completed_on=None), TODAY)
    assert errors_of(exc) == {"booked_for": "Enter the date the course is booked for."}


def test_a_booking_may_be_in_the_future_but_not_before_the_request() -> None:
    assert normalise_record(record(status=S.BOOKED, booked_for=day(30)), TODAY)
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(status=S.BOOKED, requested_on=day(-1), booked_for=day(-2)), TODAY)
    assert errors_of(exc) == {"booked_for": "The booked date cannot be before the request date."}


def test_a_request_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(status=S.REQUESTED, requested_on=day(1)), TODAY)
    assert errors_of(exc) == {"requested_on": "The request date cannot be in the future."}


def test_dates_a_status_cannot_have_are_dropped() -> None:
    d = normalise_record(record(status=S.REQUESTED, requested_on=day(-3), booked_for=day(9)), TODAY)
    assert (d.booked_for, d.completed_on) == (None, None)
    d = normalise_record(record(status=S.BOOKED, booked_for=day(9)), TODAY)
    assert d.completed_on is None
    assert d.booked_for == day(9)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_record(record(course_id=None, completed_on=day(3), notes="x" * 5001), TODAY)
    assert set(errors_of(exc)) == {"course_id", "completed_on", "notes"}
