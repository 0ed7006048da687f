"""The apprenticeship rules: hours expected to date, progress in words, reviews, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from peerdesk.domain.apprenticeship import (
    ApprenticeshipDetails,
    ApprenticeshipProgress,
    behind_by,
    check_dates_against_records,
    check_hours_entry,
    check_outcome,
    check_review,
    counted_until,
    default_next_review,
    expected_hours,
    hours_text,
    measure_progress,
    next_review_due,
    normalise_apprenticeship,
    number_text,
    one_open_problem,
    review_overdue,
    weeks_expected,
)
from peerdesk.domain.enums import ApprenticeshipOutcome
from peerdesk.domain.validation import ValidationError

START = dt.date(2026, 3, 2)  # a Monday
END = dt.date(2027, 6, 1)
DAY = dt.timedelta(days=1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def progress(
    today: dt.date,
    entries: list[tuple[dt.date, float]] | None = None,
    *,
    weekly: float = 6.0,
    start: dt.date = START,
    end: dt.date = END,
    outcome_on: dt.date | None = None,
) -> ApprenticeshipProgress:
    return measure_progress(
        start_date=start,
        planned_end_date=end,
        outcome_on=outcome_on,
        required_weekly_hours=weekly,
        entries=entries or [],
        today=today,
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {error.field: error.message for error in exc.value.errors}


# -- weeks and hours expected -------------------------------------------------------------


def test_nothing_is_expected_on_the_first_day_or_before_the_start() -> None:
    assert weeks_expected(START, END, None, START) == 0
    assert weeks_expected(START, END, None, START - days(30)) == 0
    assert expected_hours(6, START, END, None, START) == 0


def test_a_week_is_expected_once_its_seventh_day_is_reached() -> None:
    assert weeks_expected(START, END, None, START + days(5)) == 0
    assert weeks_expected(START, END, None, START + days(6)) == 1  # Sunday 8 March
    assert weeks_expected(START, END, None, START + days(12)) == 1
    assert weeks_expected(START, END, None, START + days(13)) == 2
    assert expected_hours(6, START, END, None, START + days(13)) == 12


def test_the_week_under_way_expects_nothing_while_running() -> None:
    # 52 whole weeks and 3 days: the part week is not expected yet
    today = START + days(52 * 7 + 2)
    assert weeks_expected(START, END, None, today) == 52
    assert expected_hours(6.5, START, END, None, today) == 338


def test_expected_hours_stop_at_the_planned_end_with_the_last_part_week_pro_rata() -> None:
    end = START + days(10 * 7 + 2)  # ten weeks and three days, both ends included
    assert counted_until(end, None, end + days(100)) == (end, True)
    assert weeks_expected(START, end, None, end + days(100)) == pytest.approx(10 + 3 / 7)
    assert expected_hours(7, START, end, None, end + days(100)) == 73
    # on the planned end itself it has ended, so the part week already counts
    assert weeks_expected(START, end, None, end) == pytest.approx(10 + 3 / 7)
    # the day before it has not
    assert weeks_expected(START, end, None, end - DAY) == 10


def test_expected_hours_stop_at_the_outcome_date() -> None:
    outcome_on = START + days(4 * 7 + 1)  # four weeks and two days
    assert counted_until(END, outcome_on, START + days(300)) == (outcome_on, True)
    assert weeks_expected(START, END, outcome_on, START + days(300)) == pytest.approx(4 + 2 / 7)
    assert expected_hours(6, START, END, outcome_on, START + days(300)) == pytest.approx(
        25.71, abs=0.001
    )
    # an outcome after the planned end changes nothing: the planned end comes first
    assert weeks_expected(START, START + days(13), START + days(40), START + days(90)) == 2


def test_a_future_outcome_or_planned_end_leaves_today_as_the_last_day() -> None:
    today = START + days(19)  # 20 days, both ends included
    assert counted_until(END, None, today) == (today, False)
    assert counted_until(END, today + DAY, today) == (today, False)
    assert weeks_expected(START, END, None, today) == 2
    assert weeks_expected(START, END, today + DAY, today) == 2


def test_behind_by_is_never_negative_and_ignores_float_noise() -> None:
    assert behind_by(30, 12) == 18
    assert behind_by(30, 31.5) == 0
    assert behind_by(0.3, 0.1 + 0.2) == 0


# -- progress -----------------------------------------------------------------------------


def test_progress_counts_hours_this_week_and_the_last_four_weeks() -> None:
    today = dt.date(2026, 6, 17)  # a Wednesday
    entries = [
        (dt.date(2026, 6, 17), 2.0),  # today
        (dt.date(2026, 6, 15), 3.0),  # Monday this week
        (dt.date(2026, 6, 14), 6.0),  # last Sunday
        (dt.date(2026, 5, 21), 1.5),  # 27 days ago: inside four weeks
        (dt.date(2026, 5, 20), 4.0),  # 28 days ago: outside
        (dt.date(2026, 6, 18), 5.0),  # tomorrow: never counted
    ]
    p = progress(today, entries)
    assert p.hours_logged == 16.5
    assert p.this_week == 5
    assert p.last_four_weeks == 12.5
    assert p.weeks_expected == 15  # 2 Mar to 17 Jun: 108 days
    assert p.hours_expected == 90
    assert p.behind_by == 73.5 and p.ahead_by == 0
    assert p.is_behind


def test_status_text_on_track_and_behind() -> None:
    today = START + days(49 * 7 - 1)  # 49 whole weeks
    p = progress(today, [(START + days(3), 312.0)], weekly=300 / 49)
    assert p.hours_expected == 300
    assert p.status_text == "On track: 312 of 300 hours"
    behind = progress(today, [(START + days(3), 282.0)], weekly=300 / 49)
    assert behind.status_text == "Behind by 18 hours: 282 of 300 hours"
    one = progress(today, [(START + days(3), 299.0)], weekly=300 / 49)
    assert one.status_text.startswith("Behind by 1 hour: ")
    exact = progress(START + days(6), [(START, 6.0)])
    assert exact.status_text == "On track: 6 of 6 hours" and not exact.is_behind


def test_status_text_before_the_first_week_is_over_and_before_the_start() -> None:
    assert progress(START).status_text == (
        "On track: 0 hours logged; none are expected until the first week ends on 8 Mar 2026."
    )
    assert progress(START + days(2), [(START, 1.0)]).status_text.startswith(
        "On track: 1 hour logged;"
    )
    early = progress(START - days(3))
    assert not early.started
    assert early.status_text == "Starts on 2 Mar 2026: no hours are expected yet."


def test_progress_after_the_planned_end_and_after_the_outcome() -> None:
    end = START + days(13)
    late = progress(end + days(60), [(START + days(1), 6.0), (end + days(2), 6.0)], end=end)
    assert late.ended
    assert late.hours_expected == 12
    assert late.hours_logged == 12  # hours logged after an overrun still count
    stopped = progress(START + days(90), [(START, 6.0)], outcome_on=START + days(9))
    assert stopped.ended
    assert stopped.hours_expected == pytest.approx(6 + 6 * 3 / 7, abs=0.01)
    assert stopped.behind_by == pytest.approx(6 * 3 / 7, abs=0.01)


def test_numbers_in_words() -> None:
    assert number_text(312.0) == "312"
    assert number_text(6.5) == "6.5"
    assert number_text(0.25) == "0.25"
    assert number_text(2.5714) == "2.57"
    assert number_text(0.1 + 0.2) == "0.3"
    assert hours_text(1) == "1 hour"
    assert hours_text(0) == "0 hours"
    assert hours_text(1.5) == "1.5 hours"


# -- reviews ------------------------------------------------------------------------------


def test_first_review_is_due_twelve_weeks_after_the_start() -> None:
    assert next_review_due(START, [], None) == START + days(84)


def test_next_review_is_the_one_the_latest_review_set() -> None:
    reviews = [
        (dt.date(2026, 5, 20), dt.date(2026, 8, 12)),
        (dt.date(2026, 8, 10), dt.date(2026, 11, 2)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 1)),  # recorded late, but older
    ]
    assert next_review_due(START, reviews, None) == dt.date(2026, 11, 2)
    same_day = [(dt.date(2026, 5, 20), dt.date(2026, 8, 1)), (dt.date(2026, 5, 20), None)]
    assert next_review_due(START, same_day, None) is None  # the last recorded that day


def test_no_review_is_due_once_there_is_an_outcome() -> None:
    assert next_review_due(START, [], ApprenticeshipOutcome.JOB_OFFERED) is None


def test_review_overdue_only_after_the_day() -> None:
    due = dt.date(2026, 6, 1)
    assert not review_overdue(due, due)
    assert review_overdue(due, due + DAY)
    assert not review_overdue(None, due)
    assert default_next_review(due) == due + days(84)


# -- validation ---------------------------------------------------------------------------


def details(**changes: object) -> ApprenticeshipDetails:
    fields: dict[str, object] = {
        "programme": "  Peer Worker   (Level 3) ",
        "provider": " Northgate Training Partnership ",
        "start_date": START,
        "planned_end_date": END,
        "required_weekly_hours": 6.0,
    }
    fields.update(changes)
    return ApprenticeshipDetails(**fields)  # type: ignore[arg-type]


def test_details_are_cleaned() -> None:
    d = normalise_apprenticeship(details())
    assert d.programme == "Peer Worker (Level 3)"
    assert d.provider == "Northgate Training Partnership"


def test_details_need_a_programme_and_dates_in_order() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_apprenticeship(details(programme=" ", planned_end_date=START))
    assert messages(exc) == {
        "programme": "Enter the programme, for example the apprenticeship standard.",
        "planned_end_date": "The planned end date must be after the start date.",
    }
    with pytest.raises(ValidationError) as exc:
        normalise_apprenticeship(details(start_date=None, planned_end_date=None))
    assert set(messages(exc)) == {"start_date", "planned_end_date"}
    assert normalise_apprenticeship(details(planned_end_date=START + DAY))


@pytest.mark.parametrize("hours", [0.0, 0.49, 40.01, -6.0])
def test_weekly_hours_must_be_between_half_an_hour_and_forty(hours: float) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_apprenticeship(details(required_weekly_hours=hours))
    assert messages(exc) == {
        "required_weekly_hours": (
            "The required weekly off-the-job hours must be between 0.5 and 40."
        )
    }


@pytest.mark.parametrize("hours", [0.5, 6.0, 40.0])
def test_weekly_hours_limits_are_allowed(hours: float) -> None:
    assert normalise_apprenticeship(details(required_weekly_hours=hours))


def test_long_text_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_apprenticeship(details(programme="x" * 201, provider="y" * 201))
    assert set(messages(exc)) == {"programme", "provider"}


def entry(day: dt.date, hours: float = 3.0, *, outcome_on: dt.date | None = None) -> str:
    return check_hours_entry(
        day,
        hours,
        "  Study   day ",
        start_date=START,
        outcome_on=outcome_on,
        today=START + days(30),
    )


def test_an_hours_entry_is_cleaned() -> None:
    assert entry(START) == "Study day"
    assert entry(START + days(30), 0.25) == "Study day"
    assert entry(START + days(9), 24.0, outcome_on=START + days(9)) == "Study day"


@pytest.mark.parametrize(
    ("day", "hours", "expected"),
    [
        (START + days(31), 3.0, {"day": "Hours cannot be logged for a day in the future."}),
        (
            START - DAY,
            3.0,
            {"day": "The day cannot be before the apprenticeship started (2 Mar 2026)."},
        ),
        (START, 0.2, {"hours": "Enter between 0.25 and 24 hours for one day."}),
        (START, 24.5, {"hours": "Enter between 0.25 and 24 hours for one day."}),
    ],
)
def test_hours_entry_problems(day: dt.date, hours: float, expected: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as exc:
        entry(day, hours)
    assert messages(exc) == expected


def test_no_hours_after_the_outcome() -> None:
    with pytest.raises(ValidationError) as exc:
        entry(START + days(10), outcome_on=START + days(9))
    assert messages(exc) == {
        "day": "The apprenticeship ended on 11 Mar 2026: hours cannot be logged after that."
    }


def test_review_rules() -> None:
    today = START + days(100)
    assert check_review(START, "  Fine ", None, start_date=START, today=today) == "Fine"
    with pytest.raises(ValidationError) as exc:
        check_review(today + DAY, "", today, start_date=START, today=today)
    assert messages(exc) == {
        "review_date": "Record a review once it has happened: not a future date.",
        "next_review": "The next review must be after the date of this one.",
    }
    with pytest.raises(ValidationError) as exc:
        check_review(START - DAY, "", None, start_date=START, today=today)
    assert messages(exc) == {
        "review_date": "The review date cannot be before the apprenticeship started (2 Mar 2026)."
    }


def outcome(
    on: dt.date | None, last_hours: dt.date | None = None, chosen: object = "job_offered"
) -> tuple[ApprenticeshipOutcome, dt.date, str]:
    return check_outcome(
        chosen,  # type: ignore[arg-type]
        on,
        " Offered a post. ",
        start_date=START,
        last_hours=last_hours,
        today=START + days(200),
    )


def test_outcome_rules() -> None:
    assert outcome(START) == (ApprenticeshipOutcome.JOB_OFFERED, START, "Offered a post.")
    assert outcome(START + days(200), chosen=ApprenticeshipOutcome.ENDED)[0] is (
        ApprenticeshipOutcome.ENDED
    )
    for on, last, field, text in (
        (None, None, "outcome_on", "Enter the date of the outcome."),
        (
            START - DAY,
            None,
            "outcome_on",
            "The outcome date cannot be before the start date (2 Mar 2026).",
        ),
        (
            START + days(201),
            None,
            "outcome_on",
            "Record the outcome once it has happened: not a future date.",
        ),
        (
            START + days(10),
            START + days(11),
            "outcome_on",
            "Hours are logged up to 13 Mar 2026: the outcome date cannot be before that.",
        ),
    ):
        with pytest.raises(ValidationError) as exc:
            outcome(on, last)
        assert messages(exc) == {field: text}
    with pytest.raises(ValidationError) as exc:
        outcome(START, chosen="promoted")
    assert messages(exc) == {"outcome": "Choose the outcome: job offered, moved on or ended."}


def test_start_date_cannot_move_past_records() -> None:
    check_dates_against_records(START, first_hours=START, first_review=None, outcome_on=None)
    with pytest.raises(ValidationError) as exc:
        check_dates_against_records(
            START + days(10),
            first_hours=START + days(5),
            first_review=START + days(3),
            outcome_on=None,
        )
    assert messages(exc) == {
        "start_date": "A progress review is recorded on 5 Mar 2026: the start date cannot be "
        "after that."
    }


def test_one_open_apprenticeship_at_a_time() -> None:
    assert one_open_problem(False) is None
    problem = one_open_problem(True)
    assert problem is not None and "record its outcome" in problem
