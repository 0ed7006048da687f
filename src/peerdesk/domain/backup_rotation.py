"""Backups: how their files are named, and which automatic ones to keep.

Pure rules: no files, no clock. The automatic daily backups are rotated (the newest per
day for the last 7 days, per ISO week for the last 4 weeks, per month for the last 12
months); every other kind of backup (before an upgrade, before a restore, made by hand) is
named differently and never rotated away.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

PREFIX = "peerdesk"
SUFFIX = ".db"


class BackupKind(StrEnum):
    DAILY = "daily"
    MANUAL = "manual"
    COPY = "backup"
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_RESTORE = "before-restore"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def rotated(self) -> bool:
        """Only the automatic daily backups are ever deleted by PeerDesk."""
        return self is BackupKind.DAILY


_KIND_LABELS = {
    BackupKind.DAILY: "Daily (automatic)",
    BackupKind.MANUAL: "Made on request",
    BackupKind.COPY: "Back up now copy",
    BackupKind.BEFORE_UPGRADE: "Before an upgrade",
    BackupKind.BEFORE_RESTORE: "Before a restore",
    BackupKind.OTHER: "Other database file",
}

_DAY = r"(?P<day>\d{8})"
_MINUTE = r"(?P<day>\d{8})-(?P<time>\d{4})(?:-(?P<n>\d+))?"
_UTC = r"(?P<day>\d{8})T(?P<time>\d{6})Z"
_PATTERNS: tuple[tuple[BackupKind, re.Pattern[str]], ...] = (
    (BackupKind.DAILY, re.compile(rf"{PREFIX}-daily-{_DAY}\{SUFFIX}")),
    (BackupKind.MANUAL, re.compile(rf"{PREFIX}-manual-{_MINUTE}\{SUFFIX}")),
    (BackupKind.COPY, re.compile(rf"{PREFIX}-backup-{_MINUTE}\{SUFFIX}")),
    (BackupKind.BEFORE_UPGRADE, re.compile(rf"{PREFIX}-before-upgrade-.+-{_UTC}\{SUFFIX}")),
    (BackupKind.BEFORE_RESTORE, re.compile(rf"{PREFIX}-before-restore-{_UTC}(?:-\d+)?\{SUFFIX}")),
)


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says. ``made`` is naive local time for the kinds named in
    local time, aware UTC for the kinds named in UTC, and midnight for a daily backup
    (whose name holds only the day: ``has_time`` is False)."""

    kind: BackupKind
    made: dt.datetime
    has_time: bool

    @property
    def day(self) -> dt.date:
        return self.made.date()


def parse_backup_name(name: str) -> BackupName | None:
    """The kind and time a PeerDesk backup's file name gives, or None for any other name."""
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        try:
            if kind is BackupKind.DAILY:
                made = dt.datetime.strptime(match["day"], "%Y%m%d")  # noqa: DTZ007
                return BackupName(kind, made, has_time=False)
            if kind in (BackupKind.BEFORE_UPGRADE, BackupKind.BEFORE_RESTORE):
                stamp = f"{match['day']}{match['time']}"
                made = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
                return BackupName(kind, made, has_time=True)
            made = dt.datetime.strptime(f"{match['day']}{match['time']}", "%Y%m%d%H%M")  # noqa: DTZ007
            return BackupName(kind, made, has_time=True)
        except ValueError:  # digits that are no real date, e.g. 20261345
            return None
    return None


def daily_name(day: dt.date) -> str:
    return f"{PREFIX}-daily-{day:%Y%m%d}{SUFFIX}"


def manual_name(local_time: dt.datetime, number: int = 1) -> str:
    """A backup made on request into the backups folder (``peerdesk backup``)."""
    return _minute_name("manual", local_time, number)


def copy_name(local_time: dt.datetime, number: int = 1) -> str:
    """The default name of a "Back up now" copy to a folder the user picks."""
    return _minute_name("backup", local_time, number)


def before_restore_name(moment: dt.datetime, number: int = 1) -> str:
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    extra = f"-{number}" if number > 1 else ""
    return f"{PREFIX}-before-restore-{stamp}{extra}{SUFFIX}"


def _minute_name(word: str, local_time: dt.datetime, number: int) -> str:
    extra = f"-{number}" if number > 1 else ""
    return f"{PREFIX}-{word}-{local_time:%Y%m%d-%H%M}{extra}{SUFFIX}"


def first_free_name(make: Callable[[int], str], taken: Callable[[str], bool]) -> str:
    """``make(1)``, or ``make(2)``, ``make(3)``… when that name is already taken."""
    number = 1
    while taken(make(number)):
        number += 1
    return make(number)


# -- rotation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationPolicy:
    days: int = 7
    weeks: int = 4
    months: int = 12


DEFAULT_POLICY = RotationPolicy()


def backups_to_keep(
    days: Iterable[dt.date], today: dt.date, policy: RotationPolicy = DEFAULT_POLICY
) -> frozenset[dt.date]:
    """Of the days that have an automatic backup, those whose backup is kept.

    Kept: the newest backup of each of the last ``policy.days`` days (today included), of
    each of the last ``policy.weeks`` ISO weeks (this week included) and of each of the
    last ``policy.months`` months (this month included). Also always kept: the newest
    backup of all (even a very old one, so a long pause in use never leaves no backup at
    all) and any dated after today (the clock may be wrong now rather than then).
    """
    made = frozenset(days)
    if not made:
        return frozenset()
    past = [day for day in made if day <= today]
    keep = {day for day in made if day > today}
    keep.add(max(made))
    recent_days = {today - dt.timedelta(days=n) for n in range(policy.days)}
    recent_weeks = {_week(today - dt.timedelta(weeks=n)) for n in range(policy.weeks)}
    recent_months = {_month_back(today, n) for n in range(policy.months)}
    keep |= _newest_per(past, lambda day: day, recent_days)
    keep |= _newest_per(past, _week, recent_weeks)
    keep |= _newest_per(past, lambda day: (day.year, day.month), recent_months)
    return frozenset(keep)


def backups_to_remove(
    days: Iterable[dt.date], today: dt.date, policy: RotationPolicy = DEFAULT_POLICY
) -> frozenset[dt.date]:
    made = frozenset(days)
    return made - backups_to_keep(made, today, policy)


def _week(day: dt.date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def _month_back(today: dt.date, months: int) -> tuple[int, int]:
    index = today.year * 12 + (today.month - 1) - months
    return index // 12, index % 12 + 1


def _newest_per(
    days: Iterable[dt.date], bucket: Callable[[dt.date], Hashable], wanted: AbstractSet[Hashable]
) -> set[dt.date]:
    newest: dict[Hashable, dt.date] = {}
    for day in days:
        key = bucket(day)
        if key in wanted and (key not in newest or day > newest[key]):
            newest[key] = day
    return set(newest.values())
