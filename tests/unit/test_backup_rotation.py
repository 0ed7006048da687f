"""Backup names and the rotation rule: 7 daily, 4 weekly (ISO weeks), 12 monthly."""

from __future__ import annotations

import datetime as dt

import pytest

from peerdesk.domain.backup_rotation import (
    BackupKind,
    RotationPolicy,
    backups_to_keep,
    backups_to_remove,
    before_restore_name,
    copy_name,
    daily_name,
    first_free_name,
    manual_name,
    parse_backup_name,
)

D = dt.date


def every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


# -- names ---------------------------------------------------------------------------------


def test_names_round_trip_through_the_parser() -> None:
    local = dt.datetime(2026, 3, 3, 14, 5)  # noqa: DTZ001 (local wall time)
    utc = dt.datetime(2026, 3, 3, 13, 5, 9, tzinfo=dt.UTC)
    assert daily_name(D(2026, 3, 3)) == "peerdesk-daily-20260303.db"
    assert manual_name(local) == "peerdesk-manual-20260303-1405.db"
    assert copy_name(local) == "peerdesk-backup-20260303-1405.db"
    assert copy_name(local, 2) == "peerdesk-backup-20260303-1405-2.db"
    assert before_restore_name(utc) == "peerdesk-before-restore-20260303T130509Z.db"

    daily = parse_backup_name("peerdesk-daily-20260303.db")
    assert daily is not None
    assert (daily.kind, daily.day, daily.has_time) == (BackupKind.DAILY, D(2026, 3, 3), False)
    manual = parse_backup_name("peerdesk-manual-20260303-1405.db")
    assert manual is not None and (manual.kind, manual.made) == (BackupKind.MANUAL, local)
    second = parse_backup_name("peerdesk-backup-20260303-1405-2.db")
    assert second is not None and (second.kind, second.made) == (BackupKind.COPY, local)
    restore = parse_backup_name(before_restore_name(utc))
    assert restore is not None and (restore.kind, restore.made) == (BackupKind.BEFORE_RESTORE, utc)
    upgrade = parse_backup_name("peerdesk-before-upgrade-0003_supervision-20260303T130509Z.db")
    assert upgrade is not None
    assert (upgrade.kind, upgrade.made) == (BackupKind.BEFORE_UPGRADE, utc)


@pytest.mark.parametrize(
    "name",
    [
        "peerdesk.db",
        "peerdesk-daily-20261345.db",  # no such date
        "peerdesk-daily-20260303.db.partial",
        "peerdesk-daily-20260303.db-wal",
        "notes.txt",
        "peerdesk-daily-2026033.db",
        "other-daily-20260303.db",
    ],
)
def test_other_names_are_not_taken_for_backups(name: str) -> None:
    assert parse_backup_name(name) is None


def test_only_daily_backups_are_rotated() -> None:
    assert [kind for kind in BackupKind if kind.rotated] == [BackupKind.DAILY]
    assert all(kind.label for kind in BackupKind)


def test_first_free_name_counts_up_past_taken_names() -> None:
    taken = {"a-1", "a-2"}
    assert first_free_name(lambda n: f"a-{n}", taken.__contains__) == "a-3"
    assert first_free_name(lambda n: f"b-{n}", taken.__contains__) == "b-1"


# -- rotation ------------------------------------------------------------------------------


def test_nothing_to_keep_when_there_are_no_backups() -> None:
    assert backups_to_keep([], D(2026, 6, 15)) == frozenset()
    assert backups_to_remove([], D(2026, 6, 15)) == frozenset()


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() -> None:
    today = D(2026, 6, 15)  # a Monday
    days = every_day(D(2025, 1, 1), today)
    keep = backups_to_keep(days, today)
    last_week = set(every_day(D(2026, 6, 9), today))
    assert last_week <= keep
    # newest of each of the last 4 ISO weeks: this week (today), and the Sundays before
    assert {D(2026, 6, 14), D(2026, 6, 7), D(2026, 5, 31)} <= keep
    # newest of each of the last 12 months: month ends from July 2025 to May 2026
    month_ends = {
        D(2025, 7, 31),
        D(2025, 8, 31),
        D(2025, 9, 30),
        D(2025, 10, 31),
        D(2025, 11, 30),
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 5, 31),
    }
    assert month_ends <= keep
    assert keep == last_week | {D(2026, 6, 7), D(2026, 5, 31)} | month_ends
    assert len(keep) == 7 + 2 + 11 - 1  # 31 May is both the week's and the month's newest
    assert backups_to_remove(days, today) == frozenset(days) - keep
    assert D(2025, 6, 30) not in keep  # 13 months ago


def test_rotation_is_stable_day_after_day() -> None:
    """Rotating every day never removes a backup it kept the day before and still wants."""
    kept: set[dt.date] = set()
    for today in every_day(D(2025, 11, 1), D(2026, 3, 31)):
        kept.add(today)
        kept -= backups_to_remove(kept, today)
        assert len(kept) <= 7 + 4 + 12
        assert today in kept
    assert D(2026, 3, 25) in kept  # the last 7 days
    assert D(2025, 11, 30) in kept  # a month end within 12 months


def test_year_boundary_keeps_december_and_the_weeks_across_new_year() -> None:
    today = D(2027, 1, 3)  # a Sunday in ISO week 53 of 2026
    days = every_day(D(2026, 11, 1), today)
    keep = backups_to_keep(days, today)
    assert D(2026, 12, 31) in keep  # newest of December 2026 (and of the last 7 days)
    assert D(2026, 11, 30) in keep  # newest of November
    assert D(2027, 1, 3) in keep
    # ISO weeks 53, 52, 51 and 50 of 2026: their newest days are the Sundays
    assert {D(2026, 12, 27), D(2026, 12, 20), D(2026, 12, 13)} <= keep
    assert D(2026, 12, 6) not in keep  # week 49: five weeks back
    assert D(2026, 12, 26) not in keep  # not the newest of its week


def test_iso_week_53_is_one_week_across_the_new_year() -> None:
    # 2026-12-28 (Mon) to 2027-01-03 (Sun) is ISO week 53 of 2026
    assert D(2026, 12, 28).isocalendar()[:2] == D(2027, 1, 3).isocalendar()[:2] == (2026, 53)
    today = D(2027, 1, 20)
    days = [D(2026, 12, 29), D(2027, 1, 2)]
    keep = backups_to_keep(days, today, RotationPolicy(days=1, weeks=4, months=0))
    assert keep == {D(2027, 1, 2)}  # one week: only its newest, though it spans two years


def test_gaps_keep_the_newest_that_exists_in_each_period() -> None:
    today = D(2026, 6, 15)
    days = [D(2026, 6, 15), D(2026, 6, 2), D(2026, 5, 20), D(2026, 5, 3), D(2026, 1, 10)]
    keep = backups_to_keep(days, today)
    assert keep == {
        D(2026, 6, 15),  # today
        D(2026, 6, 2),  # week 23
        D(2026, 5, 20),  # week 21 (and newest of May)
        D(2026, 1, 10),  # newest of January
    }
    assert backups_to_remove(days, today) == {D(2026, 5, 3)}


def test_the_newest_backup_is_kept_however_old() -> None:
    today = D(2026, 6, 15)
    days = [D(2023, 1, 1), D(2023, 2, 1)]
    assert backups_to_keep(days, today) == {D(2023, 2, 1)}


def test_backups_dated_in_the_future_are_kept() -> None:
    today = D(2026, 6, 15)
    days = [D(2026, 6, 15), D(2026, 9, 1), D(2031, 1, 1)]
    assert backups_to_keep(days, today) == set(days)


def test_leap_day_and_short_months() -> None:
    today = D(2028, 3, 10)  # a Friday
    days = every_day(D(2028, 2, 1), today)
    assert backups_to_keep(days, today) == {
        *every_day(D(2028, 3, 4), today),  # the last 7 days
        D(2028, 3, 5),  # week 9 (28 Feb to 5 Mar)
        D(2028, 2, 27),  # week 8
        D(2028, 2, 20),  # week 7
        D(2028, 2, 29),  # the newest of February, a leap day
    }


def test_a_policy_of_one_day_keeps_only_the_newest() -> None:
    today = D(2026, 6, 15)
    days = every_day(D(2026, 6, 1), today)
    assert backups_to_keep(days, today, RotationPolicy(days=1, weeks=0, months=0)) == {today}
