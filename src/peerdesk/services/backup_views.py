"""What the backup service hands the GUI and the command line: plain frozen dataclasses.

Times here are aware datetimes in the computer's local time zone, ready to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from peerdesk.domain.backup_rotation import BackupKind
from peerdesk.domain.text import long_date as long_date  # re-exported


class BackupProblem(Exception):
    """A backup or restore did not happen; the message says why in plain words.

    Nothing half-written was left behind, and the data was not changed.
    """


class BadBackup(BackupProblem):
    """The file chosen as a backup cannot be restored (damaged, not PeerDesk's, newer)."""


class BackupCancelled(BackupProblem):
    """The person cancelled; no copy was kept."""


@dataclass(frozen=True)
class BackupEntry:
    """One backup file."""

    path: Path
    kind: BackupKind
    made_at: dt.datetime
    size: int
    # False when only the day is known (a daily backup whose file was copied later)
    exact_time: bool = True

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def made_text(self) -> str:
        return made_text(self.made_at, self.exact_time)

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, read without changing it. When ``ok`` is False,
    ``problem`` says why it cannot be restored and the counts are zero."""

    path: Path
    ok: bool
    problem: str
    revision: str
    people: int
    current_staff: int
    supervision_sessions: int
    last_change: dt.datetime | None
    size: int
    made_at: dt.datetime
    kind: BackupKind = BackupKind.OTHER
    needs_upgrade: bool = False
    exact_time: bool = True

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def made_text(self) -> str:
        return made_text(self.made_at, self.exact_time)


@dataclass(frozen=True)
class DailyBackupResult:
    """The automatic backup at start: ``made`` is None when today's already existed."""

    made: BackupEntry | None
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_aside: Path | None
    needs_upgrade: bool


# -- words ----------------------------------------------------------------------------------


def long_time(moment: dt.datetime) -> str:
    """ "2 March 2026 17:04"."""
    return f"{long_date(moment)} {moment:%H:%M}"


def made_text(moment: dt.datetime, exact_time: bool = True) -> str:
    """When a backup was made: "3 March 2026 14:05", or "3 March 2026" if the time is not known."""
    return long_time(moment) if exact_time else long_date(moment)


def file_size(size: int) -> str:
    """ "812 KB", "2.4 MB": sizes as a file manager shows them."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1000**2:
        return f"{size / 1000:.0f} KB"
    if size < 1000**3:
        return f"{size / 1000**2:.1f} MB"
    return f"{size / 1000**3:.2f} GB"


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def contents_text(summary: BackupSummary) -> str:
    """ "41 people (38 current), 532 supervision sessions, last change 2 March 2026 17:04"."""
    parts = [
        f"{plural(summary.people, 'person', 'people')} ({summary.current_staff:,} current)",
        plural(summary.supervision_sessions, "supervision session", "supervision sessions"),
    ]
    if summary.last_change is not None:
        parts.append(f"last change {long_time(summary.last_change)}")
    else:
        parts.append("no changes recorded")
    return ", ".join(parts)


def summary_lines(summary: BackupSummary) -> list[tuple[str, str]]:
    """The summary as (label, value) rows, for `peerdesk restore` and the dialogs."""
    rows = [
        ("file", str(summary.path)),
        ("made", summary.made_text),
        ("size", file_size(summary.size)),
    ]
    if not summary.ok:
        return [*rows, ("problem", summary.problem)]
    last = long_time(summary.last_change) if summary.last_change else "none recorded"
    return [
        *rows,
        ("people", f"{summary.people:,}"),
        ("current staff", f"{summary.current_staff:,}"),
        ("supervision sessions", f"{summary.supervision_sessions:,}"),
        ("last change", last),
        ("schema", summary.revision + (" (will be upgraded)" if summary.needs_upgrade else "")),
    ]
