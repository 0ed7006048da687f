"""What the staff import hands back: the CSV as read, the preview and the result.

Frozen dataclasses, importable without loading SQLAlchemy (the GUI shows them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from peerdesk.domain.staff import StaffDetails

__all__ = [
    "ColumnMapping",
    "CsvReadError",
    "CsvRow",
    "CsvTable",
    "ImportFailed",
    "ImportField",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
]


class CsvReadError(ValueError):
    """The file cannot be read as a CSV of people; the message says why, in plain words."""


class ImportFailed(RuntimeError):
    """The import could not be saved (the database refused it); nothing was added."""


class ImportField(StrEnum):
    """A staff field a CSV column can fill."""

    FULL_NAME = "full_name"
    PREFERRED_NAME = "preferred_name"
    PRONOUNS = "pronouns"
    JOB_TITLE = "job_title"
    ROLE_CATEGORY = "role_category"
    TEAM = "team"
    EMPLOYMENT_TYPE = "employment_type"
    HOURS_PER_WEEK = "hours_per_week"
    START_DATE = "start_date"
    END_DATE = "end_date"
    LEAVING_REASON = "leaving_reason"
    SUPERVISOR = "supervisor"
    LINE_MANAGER = "line_manager"
    LIVED_EXPERIENCE = "lived_experience"

    @property
    def label(self) -> str:
        return _FIELD_LABELS[self]

    @property
    def required(self) -> bool:
        """Every row needs a value for it (there is no sensible default)."""
        return self in REQUIRED_FIELDS


_FIELD_LABELS = {
    ImportField.FULL_NAME: "Name",
    ImportField.PREFERRED_NAME: "Preferred name",
    ImportField.PRONOUNS: "Pronouns",
    ImportField.JOB_TITLE: "Job title",
    ImportField.ROLE_CATEGORY: "Role category",
    ImportField.TEAM: "Team",
    ImportField.EMPLOYMENT_TYPE: "Employment type",
    ImportField.HOURS_PER_WEEK: "Hours per week",
    ImportField.START_DATE: "Start date",
    ImportField.END_DATE: "End date",
    ImportField.LEAVING_REASON: "Leaving reason",
    ImportField.SUPERVISOR: "Supervisor",
    ImportField.LINE_MANAGER: "Line manager",
    ImportField.LIVED_EXPERIENCE: "Lived experience",
}

REQUIRED_FIELDS = frozenset(
    {
        ImportField.FULL_NAME,
        ImportField.ROLE_CATEGORY,
        ImportField.EMPLOYMENT_TYPE,
        ImportField.START_DATE,
    }
)

# column index (0-based) -> the field it fills, or None to leave it out
ColumnMapping = Mapping[int, ImportField | None]

_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class CsvRow:
    """One record of the file; ``line`` is where it starts (the header is line 1)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read: its header, its rows, and how it was written."""

    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...] = field(repr=False)
    encoding: str  # as people say it: "UTF-8", "UTF-8 with BOM", "Windows-1252", ...
    delimiter: str  # ",", ";" or "\t"
    source: str = ""  # the file's name, when read from a file

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    @property
    def description(self) -> str:
        """E.g. "UTF-8 with BOM, semicolon-separated, 120 rows"."""
        rows = len(self.rows)
        return (
            f"{self.encoding}, {self.delimiter_name}-separated, "
            f"{rows:,} {'row' if rows == 1 else 'rows'}"
        )


@dataclass(frozen=True)
class ImportRow:
    """One row of the file, checked: the cleaned details ready to save, or its problems.

    ``problems`` are plain sentences without the line number ("the start date '31/02/2024'
    is not a real date"); ``messages`` adds it ("line 7: ...").
    """

    line: int
    name: str  # as written in the file (cleaned), for showing; may be empty
    details: StaffDetails | None
    problems: tuple[str, ...] = ()
    new_team: str = ""  # a team to create for this row (when that option is on)
    supervisor_line: int | None = None  # the supervisor is the person on this line
    line_manager_line: int | None = None  # the line manager is the person on this line

    @property
    def is_good(self) -> bool:
        return self.details is not None and not self.problems

    @property
    def status(self) -> str:
        """ "Ready", or the problems, for the preview table."""
        if self.is_good:
            return "Ready"
        text = "; ".join(self.problems)
        return text[:1].upper() + text[1:]

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(f"line {self.line}: {problem}" for problem in self.problems)

    @property
    def summary(self) -> str:
        """All the row's problems on one line: "line 7: ...; ..."."""
        return f"line {self.line}: " + "; ".join(self.problems)


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: each row checked against the register, nothing saved."""

    table: CsvTable = field(repr=False)
    mapping: tuple[ImportField | None, ...]  # one per column of the table
    rows: tuple[ImportRow, ...] = field(repr=False)
    create_missing_teams: bool
    today: dt.date
    mapping_problems: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()  # headers of the columns left out
    new_teams: tuple[str, ...] = ()  # teams the import would create
    missing_teams: tuple[str, ...] = ()  # teams named in the file that do not exist (not created)

    @property
    def good(self) -> int:
        return sum(1 for row in self.rows if row.is_good)

    @property
    def failing(self) -> int:
        return len(self.rows) - self.good

    @property
    def good_rows(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.is_good)

    @property
    def failing_rows(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if not row.is_good)

    @property
    def counts(self) -> tuple[int, int]:
        """(good, failing)."""
        good = self.good
        return good, len(self.rows) - good


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``cancelled``: stopped on request, nothing saved."""

    imported: int
    skipped: int
    teams_created: tuple[str, ...] = ()
    staff_ids: tuple[int, ...] = field(default=(), repr=False)
    cancelled: bool = False

    @property
    def summary(self) -> str:
        if self.cancelled:
            return "The import was cancelled: nobody was added."
        people = "person" if self.imported == 1 else "people"
        text = f"Imported {self.imported:,} {people}."
        if self.teams_created:
            teams = "team" if len(self.teams_created) == 1 else "teams"
            text += (
                f" Added {len(self.teams_created)} new {teams}: {', '.join(self.teams_created)}."
            )
        if self.skipped == 1:
            text += " 1 row with problems was left out."
        elif self.skipped:
            text += f" {self.skipped:,} rows with problems were left out."
        return text
