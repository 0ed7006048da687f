"""The supervision rules: due dates, overdue status, compliance and the standard."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

import pytest

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.supervision_schedule import (
    Absence,
    Compliance,
    PersonSchedule,
    SessionOutcome,
    StatusResult,
    SupervisionStandard,
    SupervisionStatus,
    combined_compliance,
    compliance,
    dates_held,
    expected_sessions,
    next_due,
    standard_problems,
    status,
    validate_standard,
)
from peerdesk.domain.validation import ValidationError

S = SupervisionStatus
PEER = RoleCategory.PEER_WORKER
VOLUNTEER = RoleCategory.VOLUNTEER
START = dt.date(2024, 1, 8)
STANDARD = SupervisionStandard(
    default_interval_days=28,
    interval_by_role={PEER: 28, VOLUNTEER: 56},
    new_starter_days=14,
    due_soon_days=7,
)
YEAR_START = dt.date(2025, 1, 1)
YEAR_END = dt.date(2025, 12, 31)


def day(n: int, base: dt.date = START) -> dt.date:
    return base + dt.timedelta(days=n)


def person(
    *,
    start: dt.date = START,
    role: RoleCategory = PEER,
    end: dt.date | None = None,
    absences: tuple[Absence, ...] = (),
    held: tuple[dt.date, ...] = (),
) -> PersonSchedule:
    return PersonSchedule(
        start_date=start, role_category=role, end_date=end, absences=absences, held_dates=held
    )


def monthly(first: dt.date, count: int, every: int = 28) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=every * i) for i in range(count))


# -- session outcomes ----------------------------------------------------------------------


def test_only_held_counts_as_supervision() -> None:
    assert [o for o in SessionOutcome if o.counts_as_supervision] == [SessionOutcome.HELD]
    assert SessionOutcome.DID_NOT_ATTEND.label == "Did not attend"
    assert SessionOutcome.CANCELLED_BY_SUPERVISEE.label == "Cancelled by supervisee"
    assert SessionOutcome.from_text("cancelled by supervisor") is (
        SessionOutcome.CANCELLED_BY_SUPERVISOR
    )


def test_dates_held_keeps_held_sessions_once_in_order() -> None:
    sessions = [
        (day(30), SessionOutcome.HELD),
        (day(2), SessionOutcome.HELD),
        (day(30), SessionOutcome.HELD),
        (day(40), SessionOutcome.CANCELLED_BY_SUPERVISOR),
        (day(41), SessionOutcome.CANCELLED_BY_SUPERVISEE),
        (day(42), SessionOutcome.DID_NOT_ATTEND),
        (day(43), SessionOutcome.RESCHEDULED),
    ]
    assert dates_held(sessions) == (day(2), day(30))
    assert dates_held([]) == ()


# -- the standard ------------------------------------------------------------------------


def test_standard_defaults_and_interval_for() -> None:
    plain = SupervisionStandard()
    assert (plain.default_interval_days, plain.new_starter_days, plain.due_soon_days) == (
        28,
        14,
        7,
    )
    assert all(plain.interval_for(role) == 28 for role in RoleCategory)
    assert STANDARD.interval_for(VOLUNTEER) == 56
    assert STANDARD.interval_for(PEER) == 28
    assert STANDARD.interval_for(RoleCategory.CLINICAL) == 28  # no override: the default


def test_standard_keeps_its_own_copy_and_is_hashable() -> None:
    overrides = {VOLUNTEER: 56}
    standard = SupervisionStandard(interval_by_role=overrides)
    overrides[VOLUNTEER] = 7
    assert standard.interval_for(VOLUNTEER) == 56
    same = SupervisionStandard(interval_by_role={VOLUNTEER: 56})
    assert standard == same
    assert hash(standard) == hash(same)
    assert SupervisionStandard(interval_by_role={"volunteer": 56}) == same  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        SupervisionStandard(interval_by_role={"astronaut": 56})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "standard",
    [
        SupervisionStandard(),
        STANDARD,
        SupervisionStandard(
            default_interval_days=1, interval_by_role={PEER: 365}, new_starter_days=1
        ),
        SupervisionStandard(default_interval_days=365, new_starter_days=365, due_soon_days=0),
        SupervisionStandard(due_soon_days=60),
    ],
)
def test_valid_standards(standard: SupervisionStandard) -> None:
    assert standard_problems(standard) == []
    assert validate_standard(standard) is standard


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"default_interval_days": 0}, "default_interval_days"),
        ({"default_interval_days": 366}, "default_interval_days"),
        ({"default_interval_days": -28}, "default_interval_days"),
        ({"interval_by_role": {VOLUNTEER: 0}}, "interval_by_role.volunteer"),
        ({"interval_by_role": {PEER: 28, VOLUNTEER: 400}}, "interval_by_role.volunteer"),
        ({"new_starter_days": 0}, "new_starter_days"),
        ({"new_starter_days": 366}, "new_starter_days"),
        ({"due_soon_days": -1}, "due_soon_days"),
        ({"due_soon_days": 61}, "due_soon_days"),
    ],
)
def test_invalid_standards(changes: dict[str, Any], field: str) -> None:
    standard = replace(STANDARD, **changes)
    assert [e.field for e in standard_problems(standard)] == [field]
    with pytest.raises(ValidationError) as exc:
        validate_standard(standard)
    assert exc.value.message_for(field)


def test_every_problem_is_listed_with_a_readable_message() -> None:
    standard = SupervisionStandard(
        default_interval_days=0,
        interval_by_role={RoleCategory.NON_CLINICAL: 0},
        new_starter_days=0,
        due_soon_days=99,
    )
    with pytest.raises(ValidationError) as exc:
        validate_standard(standard)
    assert [e.field for e in exc.value.errors] == [
        "default_interval_days",
        "interval_by_role.non_clinical",
        "new_starter_days",
        "due_soon_days",
    ]
    assert exc.value.message_for("interval_by_role.non_clinical") == (
        "Non-clinical: the supervision interval must be between 1 and 365 days."
    )


# -- the person's schedule -----------------------------------------------------------------


def test_person_schedule_rejects_impossible_dates() -> None:
    with pytest.raises(ValueError, match="end date"):
        person(end=day(-1))
    with pytest.raises(ValueError, match="ends before it starts"):
        person(absences=((day(10), day(9)),))


def test_person_schedule_stores_held_dates_sorted_once() -> None:
    p = PersonSchedule(START, PEER, held_dates=[day(9), day(3), day(9)], absences=[])
    assert p.held_dates == (day(3), day(9))
    assert p.absences == ()
    assert hash(p) == hash(person(held=(day(3), day(9))))


# -- new starters and people not yet started -----------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (0, StatusResult(S.UP_TO_DATE, day(14), 0, None)),
        (6, StatusResult(S.UP_TO_DATE, day(14), 0, None)),
        (7, StatusResult(S.DUE_SOON, day(14), 0, None)),
        (13, StatusResult(S.DUE_SOON, day(14), 0, None)),
        (14, StatusResult(S.DUE_SOON, day(14), 0, None)),
        (15, StatusResult(S.OVERDUE, day(14), 1, None)),
        (100, StatusResult(S.OVERDUE, day(14), 86, None)),
    ],
)
def test_new_starter_first_supervision_is_due_after_new_starter_days(
    today: int, expected: StatusResult
) -> None:
    assert status(person(), STANDARD, day(today)) == expected
    assert next_due(person(), STANDARD, day(today)) == day(14)


def test_new_starter_supervised_early_counts_from_that_session() -> None:
    p = person(held=(day(5),))
    assert status(p, STANDARD, day(20)) == StatusResult(S.UP_TO_DATE, day(33), 0, day(5))


def test_start_date_in_the_future_is_not_started() -> None:
    p = person()
    assert status(p, STANDARD, day(-1)) == StatusResult(S.NOT_STARTED, day(14), 0, None)
    assert next_due(p, STANDARD, day(-30)) == day(14)
    assert status(p, STANDARD, day(0)).status is S.UP_TO_DATE


# -- held sessions -------------------------------------------------------------------------


def test_due_exactly_today_is_due_soon_and_one_day_past_is_overdue() -> None:
    p = person(held=(day(50),))
    assert status(p, STANDARD, day(78)) == StatusResult(S.DUE_SOON, day(78), 0, day(50))
    assert status(p, STANDARD, day(79)) == StatusResult(S.OVERDUE, day(78), 1, day(50))
    assert status(p, STANDARD, day(70)).status is S.UP_TO_DATE  # 8 days ahead
    assert status(p, STANDARD, day(71)).status is S.DUE_SOON  # 7 days ahead


def test_due_soon_days_zero_means_due_today_only() -> None:
    standard = replace(STANDARD, due_soon_days=0)
    p = person(held=(day(50),))
    assert status(p, standard, day(77)).status is S.UP_TO_DATE
    assert status(p, standard, day(78)).status is S.DUE_SOON


def test_cancelled_and_missed_sessions_do_not_reset_the_clock() -> None:
    sessions = [
        (day(50), SessionOutcome.HELD),
        (day(70), SessionOutcome.CANCELLED_BY_SUPERVISOR),
        (day(75), SessionOutcome.CANCELLED_BY_SUPERVISEE),
        (day(78), SessionOutcome.DID_NOT_ATTEND),
        (day(80), SessionOutcome.RESCHEDULED),
    ]
    p = person(held=dates_held(sessions))
    assert status(p, STANDARD, day(85)) == StatusResult(S.OVERDUE, day(78), 7, day(50))


def test_only_cancelled_sessions_leave_a_new_starter_on_the_new_starter_rule() -> None:
    sessions = [(day(10), SessionOutcome.DID_NOT_ATTEND)]
    p = person(held=dates_held(sessions))
    assert status(p, STANDARD, day(20)) == StatusResult(S.OVERDUE, day(14), 6, None)


def test_sessions_before_the_start_date_are_ignored() -> None:
    p = person(held=(day(-30), day(-1)))
    assert status(p, STANDARD, day(20)) == StatusResult(S.OVERDUE, day(14), 6, None)


def test_sessions_dated_after_today_are_ignored() -> None:
    p = person(held=(day(50), day(90)))
    assert status(p, STANDARD, day(85)) == StatusResult(S.OVERDUE, day(78), 7, day(50))
    assert status(p, STANDARD, day(90)) == StatusResult(S.UP_TO_DATE, day(118), 0, day(90))


def test_duplicate_and_unordered_dates_give_the_same_answer() -> None:
    plain = person(held=(day(10), day(40)))
    messy = person(held=(day(40), day(10), day(40), day(10), day(40)))
    for today in range(0, 120, 3):
        assert status(messy, STANDARD, day(today)) == status(plain, STANDARD, day(today))


def test_interval_depends_on_the_role_category() -> None:
    peer = person(role=PEER, held=(day(50),))
    volunteer = person(role=VOLUNTEER, held=(day(50),))
    clinical = person(role=RoleCategory.CLINICAL, held=(day(50),))
    assert status(peer, STANDARD, day(90)) == StatusResult(S.OVERDUE, day(78), 12, day(50))
    assert status(volunteer, STANDARD, day(90)) == StatusResult(S.UP_TO_DATE, day(106), 0, day(50))
    assert status(volunteer, STANDARD, day(100)).status is S.DUE_SOON
    assert status(volunteer, STANDARD, day(107)).days_overdue == 1
    assert next_due(clinical, STANDARD, day(90)) == day(78)


def test_volunteer_new_starter_still_uses_new_starter_days() -> None:
    assert next_due(person(role=VOLUNTEER), STANDARD, day(3)) == day(14)


def test_a_shorter_interval_makes_someone_overdue_at_once() -> None:
    p = person(held=(day(100),))
    today = day(120)
    assert status(p, STANDARD, today) == StatusResult(S.UP_TO_DATE, day(128), 0, day(100))
    fortnightly = replace(STANDARD, interval_by_role={PEER: 14})
    assert status(p, fortnightly, today) == StatusResult(S.OVERDUE, day(114), 6, day(100))
    monthly_again = replace(STANDARD, interval_by_role={PEER: 56})
    assert next_due(p, monthly_again, today) == day(156)


# -- leavers -----------------------------------------------------------------------------


def test_leaver_is_never_due() -> None:
    today = day(200)
    p = person(end=today - dt.timedelta(days=1), held=(day(50), day(300)))
    assert status(p, STANDARD, today) == StatusResult(S.LEFT, None, 0, day(50))
    assert next_due(p, STANDARD, today) is None
    assert status(p, STANDARD, day(1000)).status is S.LEFT


def test_someone_leaving_today_is_still_counted() -> None:
    today = day(200)
    p = person(end=today, held=(day(50),))
    assert status(p, STANDARD, today) == StatusResult(S.OVERDUE, day(78), 122, day(50))


def test_a_future_end_date_changes_nothing_yet() -> None:
    p = person(end=day(400), held=(day(100),))
    assert status(p, STANDARD, day(130)) == StatusResult(S.OVERDUE, day(128), 2, day(100))


# -- absences ------------------------------------------------------------------------------


def test_absent_today_is_not_due() -> None:
    p = person(held=(day(50),), absences=((day(60), day(150)),))
    for today in (60, 100, 150):
        assert status(p, STANDARD, day(today)) == StatusResult(S.ABSENT, None, 0, day(50))
        assert next_due(p, STANDARD, day(today)) is None
    assert status(p, STANDARD, day(59)).status is S.UP_TO_DATE


def test_absence_with_no_return_date_is_absent_until_it_ends() -> None:
    p = person(held=(day(50),), absences=((day(60), None),))
    assert status(p, STANDARD, day(500)) == StatusResult(S.ABSENT, None, 0, day(50))


def test_an_absence_that_has_not_started_changes_nothing() -> None:
    p = person(held=(day(50),), absences=((day(90), day(200)),))
    assert status(p, STANDARD, day(80)) == StatusResult(S.OVERDUE, day(78), 2, day(50))


def test_return_from_a_long_absence_restarts_the_clock() -> None:
    # Supervised on 1 February, signed off sick from 10 February to 9 May: back on 10 May.
    base = dt.date(2025, 1, 1)
    back = dt.date(2025, 5, 10)
    p = person(
        start=base,
        held=(dt.date(2025, 2, 1),),
        absences=((dt.date(2025, 2, 10), dt.date(2025, 5, 9)),),
    )
    due = back + dt.timedelta(days=28)
    assert status(p, STANDARD, back) == StatusResult(S.UP_TO_DATE, due, 0, dt.date(2025, 2, 1))
    assert status(p, STANDARD, due).status is S.DUE_SOON
    assert status(p, STANDARD, due + dt.timedelta(days=1)).days_overdue == 1


def test_session_after_the_return_counts_from_that_session() -> None:
    p = person(held=(day(50), day(160)), absences=((day(60), day(150)),))
    assert next_due(p, STANDARD, day(170)) == day(188)


def test_session_on_the_return_day() -> None:
    p = person(held=(day(50), day(151)), absences=((day(60), day(150)),))
    assert next_due(p, STANDARD, day(151)) == day(179)


def test_short_absence_that_ends_before_the_due_date_still_restarts() -> None:
    p = person(held=(day(50),), absences=((day(70), day(71)),))
    assert next_due(p, STANDARD, day(75)) == day(100)


def test_absence_starting_on_the_due_date_restarts_the_clock() -> None:
    p = person(held=(day(50),), absences=((day(78), day(100)),))
    assert status(p, STANDARD, day(101)) == StatusResult(S.UP_TO_DATE, day(129), 0, day(50))


def test_absence_begun_while_overdue_does_not_clear_the_debt() -> None:
    # Due on day 78, still not supervised when they went off on day 79.
    p = person(held=(day(50),), absences=((day(79), day(80)),))
    assert status(p, STANDARD, day(81)) == StatusResult(S.OVERDUE, day(78), 3, day(50))
    long_away = person(held=(day(50),), absences=((day(90), day(200)),))
    assert status(long_away, STANDARD, day(201)) == StatusResult(S.OVERDUE, day(78), 123, day(50))


def test_supervision_held_while_away_restarts_the_clock_on_return() -> None:
    # Overdue when they went, but a keeping-in-touch session was held while away.
    p = person(held=(day(50), day(120)), absences=((day(90), day(200)),))
    assert status(p, STANDARD, day(201)) == StatusResult(S.UP_TO_DATE, day(229), 0, day(120))


def test_never_supervised_starter_returning_from_absence_gets_new_starter_days() -> None:
    p = person(absences=((day(3), day(99)),))
    assert status(p, STANDARD, day(100)) == StatusResult(S.UP_TO_DATE, day(114), 0, None)
    assert status(p, STANDARD, day(107)).status is S.DUE_SOON
    assert status(p, STANDARD, day(115)).days_overdue == 1


def test_absence_before_the_start_date() -> None:
    wholly_before = person(absences=((day(-90), day(-10)),))
    assert next_due(wholly_before, STANDARD, day(5)) == day(14)
    into_employment = person(absences=((day(-30), day(20)),))
    assert status(into_employment, STANDARD, day(10)).status is S.ABSENT
    assert next_due(into_employment, STANDARD, day(21)) == day(35)


def test_overlapping_and_touching_absences_are_one_absence() -> None:
    p = person(
        held=(day(50),),
        absences=((day(100), day(140)), (day(60), day(110)), (day(141), day(150))),
    )
    for today in (60, 120, 141, 150):
        assert status(p, STANDARD, day(today)).status is S.ABSENT
    assert next_due(p, STANDARD, day(151)) == day(179)
    open_ended = person(held=(day(50),), absences=((day(60), None), (day(70), day(80))))
    assert status(open_ended, STANDARD, day(90)).status is S.ABSENT


# -- properties over many generated histories ---------------------------------------------


def _random_person(rng: random.Random) -> PersonSchedule:
    start = day(rng.randrange(0, 60))
    end = None if rng.random() < 0.6 else start + dt.timedelta(days=rng.randrange(0, 400))
    held = tuple(day(rng.randrange(-20, 450)) for _ in range(rng.randrange(0, 12)))
    absences: list[Absence] = []
    for _ in range(rng.randrange(0, 3)):
        first = day(rng.randrange(-10, 420))
        last = None if rng.random() < 0.15 else first + dt.timedelta(days=rng.randrange(0, 120))
        absences.append((first, last))
    role = rng.choice([PEER, VOLUNTEER, RoleCategory.MANAGER])
    return PersonSchedule(start, role, end, tuple(absences), held)


def test_status_agrees_with_the_due_date_on_generated_histories() -> None:
    rng = random.Random(20250101)
    for _ in range(400):
        p = _random_person(rng)
        today = day(rng.randrange(-10, 480))
        result = status(p, STANDARD, today)
        assert result.days_overdue >= 0
        assert (result.days_overdue > 0) == (result.status is S.OVERDUE)
        if result.status in (S.LEFT, S.ABSENT):
            assert result.due_date is None
            continue
        assert result.due_date is not None
        gap = (result.due_date - today).days
        if result.status is S.OVERDUE:
            assert result.days_overdue == -gap
        elif result.status is S.DUE_SOON:
            assert 0 <= gap <= STANDARD.due_soon_days
        elif result.status is S.UP_TO_DATE:
            assert gap > STANDARD.due_soon_days
        if result.last_held is not None:
            interval = STANDARD.interval_for(p.role_category)
            assert p.start_date <= result.last_held <= today
            assert result.due_date >= result.last_held + dt.timedelta(days=interval)
            assert result.last_held == max(d for d in p.held_dates if p.start_date <= d <= today)


def test_absences_never_bring_supervision_forward() -> None:
    rng = random.Random(7)
    for _ in range(400):
        p = _random_person(rng)
        today = day(rng.randrange(0, 480))
        with_absences = next_due(p, STANDARD, today)
        without = next_due(replace(p, absences=()), STANDARD, today)
        if with_absences is not None and without is not None:
            assert with_absences >= without


def test_compliance_invariants_on_generated_histories() -> None:
    rng = random.Random(99)
    for _ in range(400):
        p = _random_person(rng)
        first = day(rng.randrange(-30, 300))
        last = first + dt.timedelta(days=rng.randrange(0, 400))
        result = compliance(p, STANDARD, first, last)
        assert 0 <= result.counted == min(result.held, result.expected)
        assert result.rate is None or 0.0 <= result.rate <= 1.0
        assert result.missed == result.expected - result.counted >= 0
        # A longer period never expects less; absences never expect more.
        longer = last + dt.timedelta(days=rng.randrange(0, 60))
        assert expected_sessions(p, STANDARD, first, longer) >= result.expected
        present = replace(p, absences=())
        assert expected_sessions(present, STANDARD, first, last) >= result.expected


# -- compliance ----------------------------------------------------------------------------


def test_full_year_at_28_days_expects_13() -> None:
    p = person(start=dt.date(2020, 3, 1), held=monthly(dt.date(2025, 1, 10), 13))
    assert expected_sessions(p, STANDARD, YEAR_START, YEAR_END) == 13
    assert compliance(p, STANDARD, YEAR_START, YEAR_END) == Compliance(13, 13, 13)
    assert compliance(p, STANDARD, YEAR_START, YEAR_END).rate == 1.0
    fewer = replace(p, held_dates=p.held_dates[:12])
    assert compliance(fewer, STANDARD, YEAR_START, YEAR_END).rate == pytest.approx(12 / 13)


def test_volunteer_full_year_at_56_days_expects_6() -> None:
    p = person(start=dt.date(2020, 3, 1), role=VOLUNTEER)
    assert expected_sessions(p, STANDARD, YEAR_START, YEAR_END) == 6


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2025, 12, 25), 0),  # the last week
        (dt.date(2025, 12, 5), 0),  # 27 days
        (dt.date(2025, 12, 4), 1),  # exactly 28 days
        (dt.date(2025, 11, 7), 1),  # 55 days
        (dt.date(2025, 11, 6), 2),  # 56 days
        (dt.date(2025, 7, 1), 6),  # 184 days
    ],
)
def test_starters_during_the_period(start: dt.date, expected: int) -> None:
    assert expected_sessions(person(start=start), STANDARD, YEAR_START, YEAR_END) == expected


def test_starter_in_the_last_week_expects_nothing_and_has_no_rate() -> None:
    p = person(start=dt.date(2025, 12, 25), held=(dt.date(2025, 12, 29),))
    result = compliance(p, STANDARD, YEAR_START, YEAR_END)
    assert result == Compliance(expected=0, held=1, counted=0)
    assert result.rate is None


def test_leaver_halfway_expects_about_half() -> None:
    # Worked 1 January to 30 June (181 days); sessions dated after they left do not count.
    p = person(
        start=dt.date(2019, 5, 1),
        end=dt.date(2025, 6, 30),
        held=(*monthly(dt.date(2025, 1, 20), 6), dt.date(2025, 7, 15), dt.date(2025, 9, 1)),
    )
    assert compliance(p, STANDARD, YEAR_START, YEAR_END) == Compliance(6, 6, 6)


def test_someone_who_left_before_the_period_expects_nothing() -> None:
    p = person(start=dt.date(2019, 5, 1), end=dt.date(2024, 12, 31), held=(YEAR_START,))
    assert compliance(p, STANDARD, YEAR_START, YEAR_END) == Compliance(0, 0, 0)
    later = person(start=dt.date(2026, 1, 1))
    assert compliance(later, STANDARD, YEAR_START, YEAR_END) == Compliance(0, 0, 0)


def test_three_month_absence_reduces_the_expectation() -> None:
    # Away 1 April to 30 June: at work 90 days before (3) and 184 days after (6).
    p = person(start=dt.date(2020, 3, 1), absences=((dt.date(2025, 4, 1), dt.date(2025, 6, 30)),))
    assert expected_sessions(p, STANDARD, YEAR_START, YEAR_END) == 9


def test_absences_split_the_period_into_stretches() -> None:
    # Two stretches of 20 days each expect nothing, as the clock restarts after each absence.
    p = person(
        start=dt.date(2020, 3, 1),
        absences=((dt.date(2025, 1, 21), dt.date(2025, 1, 31)),),
    )
    assert expected_sessions(p, STANDARD, dt.date(2025, 1, 1), dt.date(2025, 2, 20)) == 0
    assert expected_sessions(person(), STANDARD, dt.date(2025, 1, 1), dt.date(2025, 2, 9)) == 1


def test_open_ended_absence_ends_the_expectation() -> None:
    p = person(start=dt.date(2020, 3, 1), absences=((dt.date(2025, 3, 1), None),))
    assert expected_sessions(p, STANDARD, YEAR_START, YEAR_END) == 2  # 59 days


def test_absence_covering_the_whole_period_expects_nothing() -> None:
    p = person(start=dt.date(2020, 3, 1), absences=((dt.date(2024, 11, 1), dt.date(2026, 1, 5)),))
    assert expected_sessions(p, STANDARD, YEAR_START, YEAR_END) == 0


def test_held_counts_only_held_sessions_in_the_period_once() -> None:
    sessions = [
        (dt.date(2024, 12, 31), SessionOutcome.HELD),  # before the period
        (dt.date(2025, 1, 1), SessionOutcome.HELD),
        (dt.date(2025, 1, 1), SessionOutcome.HELD),  # the same date twice
        (dt.date(2025, 1, 20), SessionOutcome.CANCELLED_BY_SUPERVISOR),
        (dt.date(2025, 1, 25), SessionOutcome.DID_NOT_ATTEND),
        (dt.date(2025, 2, 26), SessionOutcome.HELD),
        (dt.date(2025, 3, 1), SessionOutcome.HELD),  # after the period
    ]
    p = person(start=dt.date(2020, 3, 1), held=dates_held(sessions))
    result = compliance(p, STANDARD, dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    assert result == Compliance(expected=2, held=2, counted=2)


def test_held_more_than_expected_keeps_the_raw_count_and_caps_the_rate() -> None:
    p = person(start=dt.date(2020, 3, 1), held=monthly(dt.date(2025, 1, 3), 26, every=14))
    result = compliance(p, STANDARD, YEAR_START, YEAR_END)
    assert result == Compliance(expected=13, held=26, counted=13)
    assert result.rate == 1.0
    assert result.missed == 0


def test_one_day_period() -> None:
    p = person(start=dt.date(2020, 3, 1), held=(YEAR_START,))
    assert compliance(p, STANDARD, YEAR_START, YEAR_START) == Compliance(0, 1, 0)


def test_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        expected_sessions(person(), STANDARD, YEAR_END, YEAR_START)
    with pytest.raises(ValueError):
        compliance(person(), STANDARD, YEAR_END, YEAR_START)


def test_combined_compliance_caps_each_person_at_their_expectation() -> None:
    over = compliance(
        person(start=dt.date(2020, 3, 1), held=monthly(dt.date(2025, 1, 3), 26, every=14)),
        STANDARD,
        YEAR_START,
        YEAR_END,
    )
    under = compliance(
        person(start=dt.date(2020, 3, 1), held=monthly(dt.date(2025, 1, 3), 6, every=56)),
        STANDARD,
        YEAR_START,
        YEAR_END,
    )
    newcomer = compliance(
        person(start=dt.date(2025, 12, 28), held=(dt.date(2025, 12, 30),)),
        STANDARD,
        YEAR_START,
        YEAR_END,
    )
    total = combined_compliance([over, under, newcomer])
    assert total == Compliance(expected=26, held=33, counted=19)
    assert total.rate == pytest.approx(19 / 26)
    assert total.missed == 7


def test_combined_compliance_of_nobody_has_no_rate() -> None:
    assert combined_compliance([]) == Compliance(0, 0, 0)
    assert combined_compliance([]).rate is None
    assert combined_compliance(iter([Compliance(0, 2, 0)])).rate is None
