"""Retention rules: kinds, what erasing keeps, and when a leaver's records are past date."""

from __future__ import annotations

import datetime as dt

import pytest

from peerdesk.domain.retention import (
    KEEPABLE,
    Keepable,
    RecordKind,
    check_periods,
    due_on,
    erased_name,
    format_kept,
    is_due,
    month_error,
    months_text,
    parse_kept,
)
from peerdesk.domain.validation import ValidationError


def test_kinds_are_the_strings_the_migration_writes() -> None:
    assert [kind.value for kind in RecordKind] == [
        "supervision",
        "wellbeing",
        "training",
        "absences",
        "relationships",
        "apprenticeship",
        "personal_details",
    ]
    assert RecordKind.SUPERVISION.description.startswith("Supervision records: one-to-ones")
    assert all(kind.label and kind.description for kind in RecordKind)


def test_kept_list_round_trips_and_ignores_unknown_keys() -> None:
    assert parse_kept("name,employment_dates") == {Keepable.NAME, Keepable.EMPLOYMENT_DATES}
    assert parse_kept(" Team , bogus,,job_title") == {Keepable.TEAM, Keepable.JOB_TITLE}
    assert parse_kept("") == frozenset() and parse_kept(None) == frozenset()
    assert format_kept({Keepable.TEAM, Keepable.NAME}) == "name,team"
    assert format_kept(set()) == ""
    assert set(KEEPABLE) == set(Keepable)
    assert Keepable.EMPLOYMENT_DATES.label == "Dates of employment"


def test_due_on_is_the_day_after_the_period_ends() -> None:
    assert due_on(dt.date(2020, 1, 31), 1) == dt.date(2020, 3, 1)  # 29 Feb, then the day after
    assert due_on(dt.date(2019, 6, 14), 84) == dt.date(2026, 6, 15)


def test_is_due_only_for_leavers_past_the_period() -> None:
    today = dt.date(2026, 6, 15)
    assert not is_due(None, 1, today)  # current staff never
    assert not is_due(today, 1, today)  # still working today
    assert not is_due(dt.date(2026, 5, 15), 1, today)  # exactly one month: not yet past
    assert is_due(dt.date(2026, 5, 14), 1, today)
    assert is_due(dt.date(2019, 6, 14), 84, today)
    assert not is_due(dt.date(2019, 6, 15), 84, today)


@pytest.mark.parametrize(("months", "ok"), [(0, False), (1, True), (1200, True), (1201, False)])
def test_month_range(months: int, ok: bool) -> None:
    assert (month_error(months) is None) is ok


def test_check_periods_names_every_bad_kind() -> None:
    periods = {kind: 12 for kind in RecordKind}
    check_periods(periods)
    periods[RecordKind.TRAINING] = 0
    del periods[RecordKind.ABSENCES]
    with pytest.raises(ValidationError) as raised:
        check_periods(periods)
    assert {error.field for error in raised.value.errors} == {"training", "absences"}


def test_words() -> None:
    assert months_text(72) == "6 years"
    assert months_text(15) == "1 year and 3 months"
    assert months_text(1) == "1 month"
    assert erased_name(12) == "Erased person #12"
