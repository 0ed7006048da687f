"""Importing people from a CSV file (a spreadsheet or another HR system's export).

Three steps, each usable on its own (the GUI and ``peerdesk import staff`` share them):

1. ``read_csv(data)``: detect the encoding (UTF-8 with or without a BOM, UTF-16 with a BOM,
   else Windows-1252) and the delimiter (comma, semicolon or tab), and read the header and
   rows, quoted fields with line breaks included. A file that is not text, is empty, has no
   rows, or is too big raises CsvReadError with a plain sentence.
2. ``suggest_mapping(headers)`` then ``StaffImportService.preview(actor, table, mapping)``:
   each row checked against the register with the same rules as the staff form (through
   ``normalise_staff``), each problem in plain words ("the start date '31/02/2024' is not a
   real date"). Nothing is saved.
3. ``StaffImportService.import_rows(actor, preview, progress=..., is_cancelled=...)``: all
   the good rows in one transaction, or nothing (on any error, or when cancelled).

Dates are YYYY-MM-DD or DD/MM/YYYY (day first, as in the UK; never guessed the US way).
Supervisors and line managers are found by full name among current staff or among the
people in the same file (linked once everyone is inserted). Unknown teams are a problem
unless ``create_missing_teams`` is on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import (
    EmploymentType,
    LabelledEnum,
    LivedExperience,
    RoleCategory,
)
from peerdesk.domain.staff import StaffDetails, is_current, normalise_staff
from peerdesk.domain.text import fold
from peerdesk.domain.validation import ValidationError, clean_line
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import Conflict
from peerdesk.services.import_views import (
    ColumnMapping,
    CsvReadError,
    CsvRow,
    CsvTable,
    ImportFailed,
    ImportField,
    ImportPreview,
    ImportResult,
    ImportRow,
)
from peerdesk.services.staff_service import _apply as apply_staff_details
from peerdesk.store.models import StaffMember, Team

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "CsvReadError",
    "CsvTable",
    "ImportFailed",
    "ImportField",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "StaffImportService",
    "header_key",
    "parse_date",
    "read_csv",
    "read_csv_file",
    "suggest_mapping",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 32 * 1024
_CHUNK = 500  # rows inserted per flush, between progress reports and cancel checks
_SUGGESTION_LIMIT = 50  # "did you mean" look-ups per preview (each compares many names)

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Today = Callable[[], dt.date]


# -- reading the file -----------------------------------------------------------------------


def read_csv_file(path: Path) -> CsvTable:
    """Read ``path`` as a CSV of people; CsvReadError (plain words) when it cannot be."""
    name = path.name
    try:
        if path.is_dir():
            raise CsvReadError(f"{name} is a folder, not a CSV file.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CsvReadError(_too_big(name, size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvReadError(f"There is no file called {name} in {path.parent}.") from None
    except OSError as exc:
        raise CsvReadError(
            f"PeerDesk cannot read {name}: {exc.strerror or exc}. Check that the file is "
            "not open in another program and that you may read it."
        ) from exc
    try:
        return replace(read_csv(data), source=name)
    except CsvReadError as exc:
        raise CsvReadError(f"{name}: {exc}") from None


def _too_big(name: str, size: int) -> str:
    return (
        f"{name} is {size / 1024 / 1024:.1f} MB; PeerDesk imports files of up to "
        f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
    )


def read_csv(data: bytes) -> CsvTable:
    """The header and rows of a CSV file's bytes, with the encoding and delimiter found.

    Blank lines and rows whose cells are all empty are skipped; each row keeps the line
    it starts on (the header is line 1), so problems can point at the file.
    """
    if len(data) > MAX_BYTES:
        raise CsvReadError(_too_big("The file", len(data)))
    text, encoding = _decode(data)
    if not text.strip():
        raise CsvReadError("The file is empty.")
    delimiter = _detect_delimiter(text)
    # A cell may be long (the rules then say it is too long); the csv module's default
    # limit (128 KB) would stop the whole file instead. Raising it is harmless.
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: tuple[str, ...] | None = None
    rows: list[CsvRow] = []
    last_line = 0
    try:
        for record in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers = tuple(clean_line(cell) for cell in record)
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvReadError(
                    f"The file has more than {MAX_ROWS:,} rows; PeerDesk imports up to "
                    f"{MAX_ROWS:,} people at a time. Split it into smaller files."
                )
            rows.append(CsvRow(line=start, cells=tuple(record)))
    except csv.Error as exc:
        raise CsvReadError(
            f"PeerDesk cannot read line {reader.line_num} as CSV ({exc}). Check the quotes "
            "on that line."
        ) from None
    if headers is None:
        raise CsvReadError("The file is empty.")
    if not rows:
        raise CsvReadError(
            "The file has a header line but no rows of people under it, so there is "
            "nothing to import."
        )
    return CsvTable(headers=headers, rows=tuple(rows), encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name, as people know it."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data[3:], "utf-8"), "UTF-8 with BOM"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # what Excel writes as "Unicode text"
        text, encoding = _strict(data, "utf-16"), "UTF-16 with BOM"
    else:
        if b"\x00" in data:
            raise CsvReadError(_NOT_TEXT)
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, encoding = _strict(data, "cp1252"), "Windows-1252"
    if "\x00" in text:
        raise CsvReadError(_NOT_TEXT)
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch not in "\t\r\n\f" and unicodedata.category(ch) == "Cc")
    if controls >= 32 and controls > len(sample) // 4:
        raise CsvReadError(_NOT_TEXT)
    return text, encoding


_NOT_TEXT = (
    "This is not a text file PeerDesk can read as CSV. Save the spreadsheet as "
    '"CSV UTF-8 (comma delimited)" and choose that file.'
)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise CsvReadError(_NOT_TEXT) from None


def _detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: csv.Sniffer limited to those, checked against the header
    line; else the one the header line uses most (a comma when it uses none)."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in DELIMITERS}
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in DELIMITERS and counts[sniffed]:
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier in DELIMITERS
    return best if counts[best] else ","


# -- matching columns to fields -------------------------------------------------------------


def header_key(text: str) -> str:
    """A header folded for matching: case, accents, spaces, underscores and hyphens aside."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


_ALIASES: dict[str, ImportField] = {
    header_key(alias): f
    for f, aliases in {
        ImportField.FULL_NAME: ("name", "full name", "fullname", "staff name"),
        ImportField.PREFERRED_NAME: ("preferred name", "known as", "nickname"),
        ImportField.PRONOUNS: ("pronouns", "pronoun"),
        # not "title": in HR exports that is often Mr, Ms or Dr
        ImportField.JOB_TITLE: ("job title", "job", "role", "position"),
        ImportField.ROLE_CATEGORY: ("role category", "category", "staff category"),
        ImportField.TEAM: ("team", "team name", "department", "service"),
        ImportField.EMPLOYMENT_TYPE: ("employment type", "contract type", "contract"),
        ImportField.HOURS_PER_WEEK: (
            "hours per week",
            "hours a week",
            "weekly hours",
            "hours",
            "contracted hours",
        ),
        ImportField.START_DATE: ("start date", "started", "start", "date started"),
        ImportField.END_DATE: ("end date", "leaving date", "left", "date left", "end"),
        ImportField.LEAVING_REASON: ("leaving reason", "reason for leaving"),
        ImportField.SUPERVISOR: ("supervisor", "supervisor name"),
        ImportField.LINE_MANAGER: ("line manager", "manager"),
        ImportField.LIVED_EXPERIENCE: ("lived experience",),
    }.items()
    for alias in aliases
}


def suggest_mapping(headers: Sequence[str]) -> dict[int, ImportField | None]:
    """For each column, the field its header names, or None (left out). When two columns
    name the same field, the first one gets it."""
    mapping: dict[int, ImportField | None] = {}
    taken: set[ImportField] = set()
    for index, header in enumerate(headers):
        found = _ALIASES.get(header_key(header))
        if found is not None and found not in taken:
            taken.add(found)
            mapping[index] = found
        else:
            mapping[index] = None
    return mapping


def column_title(table: CsvTable, index: int) -> str:
    """The header of a column, or "column 3" when it has none."""
    header = table.headers[index] if index < len(table.headers) else ""
    return header or f"column {index + 1}"


# -- reading values -------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?", re.ASCII)
_UK_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)
_NUMBER = re.compile(r"\d{1,4}(?:[.,]\d{1,4})?", re.ASCII)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def parse_date(text: str, what: str = "the date") -> dt.date:
    """A date written YYYY-MM-DD or DD/MM/YYYY (also with dots or hyphens, day first).

    Raises ValueError with a plain sentence, e.g. "the start date '31/02/2024' is not a
    real date".
    """
    value = text.strip()
    shown = _quote(value)
    iso = _ISO_DATE.fullmatch(value)
    uk = None if iso else _UK_DATE.fullmatch(value)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif uk:
        day, month, year = int(uk[1]), int(uk[3]), int(uk[4])
    else:
        raise ValueError(
            f"{what} {shown} is not a date PeerDesk can read: write it as YYYY-MM-DD or DD/MM/YYYY"
        )
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{what} {shown} is not a real date") from None
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise ValueError(f"{what} {shown} is not a likely date: check the year")
    return date


def _quote(value: str, limit: int = 40) -> str:
    """A value as typed, for a message: one line, shortened, in single quotes."""
    shown = clean_line(value)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


def _parse_hours(text: str) -> float:
    value = text.strip()
    if not _NUMBER.fullmatch(value):
        raise ValueError(f"the hours per week {_quote(value)} is not a number")
    return float(value.replace(",", "."))


_E = TypeVar("_E", bound=LabelledEnum)


def _parse_enum(kind: type[_E], text: str, what: str) -> _E:
    try:
        return kind.from_text(text)
    except ValueError:
        pass
    labels = [member.label for member in kind]
    close = difflib.get_close_matches(text.strip().casefold(), [x.casefold() for x in labels], 1)
    if close:
        hint = next(label for label in labels if label.casefold() == close[0])
        raise ValueError(
            f"{what} {_quote(text)} is not one PeerDesk knows (did you mean '{hint}'?)"
        ) from None
    raise ValueError(
        f"{what} {_quote(text)} is not one PeerDesk knows: use one of {', '.join(labels)}"
    ) from None


# -- the register, as the checks need it ----------------------------------------------------


@dataclass
class _Register:
    teams: dict[str, tuple[int, str]]  # folded name -> (id, name)
    current: dict[str, list[int]]  # folded full name -> ids of current staff
    current_names: dict[str, str]  # folded full name -> a full name, for suggestions
    people: set[tuple[str, dt.date]]  # (folded full name, start date) of everyone
    suggestions: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def suggest(self, kind: str, key: str, choices: dict[str, str]) -> str | None:
        """The closest name to ``key`` among ``choices`` (folded -> shown), if close."""
        cache_key = (kind, key)
        if cache_key in self.suggestions:
            return self.suggestions[cache_key]
        found = None
        if len(self.suggestions) < _SUGGESTION_LIMIT and key:
            close = difflib.get_close_matches(key, choices, n=1, cutoff=0.75)
            found = choices[close[0]] if close else None
        self.suggestions[cache_key] = found
        return found


def _load_register(session: Session, today: dt.date) -> _Register:
    teams = {
        key: (id_, name)
        for id_, name, key in session.execute(select(Team.id, Team.name, Team.name_key))
    }
    current: dict[str, list[int]] = {}
    current_names: dict[str, str] = {}
    people: set[tuple[str, dt.date]] = set()
    rows = session.execute(
        select(StaffMember.id, StaffMember.full_name, StaffMember.start_date, StaffMember.end_date)
    )
    for id_, full_name, start, end in rows:
        key = fold(full_name)
        people.add((key, start))
        if is_current(end, today):
            current.setdefault(key, []).append(id_)
            current_names.setdefault(key, full_name)
    return _Register(teams=teams, current=current, current_names=current_names, people=people)


# -- checking rows --------------------------------------------------------------------------


@dataclass
class _Draft:
    """A row being checked (mutable until the preview is built)."""

    line: int
    name: str
    key: str  # folded name
    start: dt.date | None
    details: StaffDetails | None
    problems: list[str]
    new_team: str = ""
    references: dict[ImportField, str] = field(default_factory=dict)  # field -> name in file
    links: dict[ImportField, int] = field(default_factory=dict)  # field -> line in file
    same_as: bool = False  # a duplicate of someone in the register or earlier in the file

    def set_reference(self, f: ImportField, staff_id: int) -> None:
        if self.details is not None:
            if f is ImportField.SUPERVISOR:
                self.details = replace(self.details, supervisor_id=staff_id)
            else:
                self.details = replace(self.details, line_manager_id=staff_id)

    def freeze(self) -> ImportRow:
        return ImportRow(
            line=self.line,
            name=self.name,
            details=self.details if not self.problems else None,
            problems=tuple(self.problems),
            new_team=self.new_team if not self.problems else "",
            supervisor_line=self.links.get(ImportField.SUPERVISOR),
            line_manager_line=self.links.get(ImportField.LINE_MANAGER),
        )


_REFERENCE_WORDS = {ImportField.SUPERVISOR: "supervisor", ImportField.LINE_MANAGER: "line manager"}
_FORM_FIELD_OF = {
    "full_name": ImportField.FULL_NAME,
    "start_date": ImportField.START_DATE,
    "end_date": ImportField.END_DATE,
    "hours_per_week": ImportField.HOURS_PER_WEEK,
    "supervisor_id": ImportField.SUPERVISOR,
    "line_manager_id": ImportField.LINE_MANAGER,
}


class _Checker:
    """Checks every row of a table against one snapshot of the register."""

    def __init__(
        self,
        table: CsvTable,
        fields: tuple[ImportField | None, ...],
        register: _Register,
        create_missing_teams: bool,
    ) -> None:
        self.table = table
        self.columns = {f: i for i, f in enumerate(fields) if f is not None}
        self.register = register
        self.create_missing_teams = create_missing_teams
        self.new_teams: dict[str, str] = {}  # folded -> name as first written
        self.missing_teams: dict[str, str] = {}

    def check(self) -> list[_Draft]:
        drafts = [self._row(row) for row in self.table.rows]
        self._duplicates(drafts)
        self._references(drafts)
        return drafts

    def _row(self, row: CsvRow) -> _Draft:
        cells = row.cells
        width = len(self.table.headers)

        def get(wanted: ImportField) -> str:
            index = self.columns.get(wanted)
            return cells[index] if index is not None and index < len(cells) else ""

        problems: list[str] = []
        reported: set[ImportField] = set()

        def problem(f: ImportField, message: str) -> None:
            problems.append(message)
            reported.add(f)

        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            problems.append(
                f"the row has {len(cells)} cells but the header has {width}: check for "
                f"a stray {self.table.delimiter_name} or a missing quote"
            )
        name = clean_line(get(ImportField.FULL_NAME))
        if not name:
            problem(ImportField.FULL_NAME, "the name is missing")

        role = RoleCategory.OTHER
        text = get(ImportField.ROLE_CATEGORY)
        if not text.strip():
            problem(ImportField.ROLE_CATEGORY, "the role category is missing")
        else:
            try:
                role = _parse_enum(RoleCategory, text, "the role category")
            except ValueError as exc:
                problem(ImportField.ROLE_CATEGORY, str(exc))

        employment = EmploymentType.PERMANENT
        text = get(ImportField.EMPLOYMENT_TYPE)
        if not text.strip():
            problem(ImportField.EMPLOYMENT_TYPE, "the employment type is missing")
        else:
            try:
                employment = _parse_enum(EmploymentType, text, "the employment type")
            except ValueError as exc:
                problem(ImportField.EMPLOYMENT_TYPE, str(exc))

        lived = LivedExperience.PREFER_NOT_TO_SAY
        text = get(ImportField.LIVED_EXPERIENCE)
        if text.strip():
            try:
                lived = _parse_enum(LivedExperience, text, "the lived experience answer")
            except ValueError as exc:
                problem(ImportField.LIVED_EXPERIENCE, str(exc))

        start: dt.date | None = None
        text = get(ImportField.START_DATE)
        if not text.strip():
            problem(ImportField.START_DATE, "the start date is missing")
        else:
            try:
                start = parse_date(text, "the start date")
            except ValueError as exc:
                problem(ImportField.START_DATE, str(exc))

        end: dt.date | None = None
        text = get(ImportField.END_DATE)
        if text.strip():
            try:
                end = parse_date(text, "the end date")
            except ValueError as exc:
                problem(ImportField.END_DATE, str(exc))

        hours: float | None = None
        text = get(ImportField.HOURS_PER_WEEK)
        if text.strip():
            try:
                hours = _parse_hours(text)
            except ValueError as exc:
                problem(ImportField.HOURS_PER_WEEK, str(exc))

        team_id, new_team = self._team(get(ImportField.TEAM), problems)

        details = StaffDetails(
            full_name=get(ImportField.FULL_NAME),
            role_category=role,
            employment_type=employment,
            start_date=start,
            preferred_name=get(ImportField.PREFERRED_NAME),
            pronouns=get(ImportField.PRONOUNS),
            job_title=get(ImportField.JOB_TITLE),
            team_id=team_id,
            hours_per_week=hours,
            end_date=end,
            leaving_reason=get(ImportField.LEAVING_REASON),
            lived_experience=lived,
        )
        cleaned: StaffDetails | None = None
        try:
            cleaned = normalise_staff(details)
        except ValidationError as exc:
            for error in exc.errors:
                own = _FORM_FIELD_OF.get(error.field)
                if own is not None and own in reported:
                    continue  # already said, in the import's own words
                if error.field == "start_date" and start is None:
                    continue
                problems.append(_sentence_part(error.message))
        draft = _Draft(
            line=row.line,
            name=name,
            key=fold(name),
            start=start,
            details=cleaned,
            problems=problems,
            new_team=new_team,
        )
        for f in _REFERENCE_WORDS:
            written = clean_line(get(f))
            if written:
                draft.references[f] = written
        return draft

    def _team(self, text: str, problems: list[str]) -> tuple[int | None, str]:
        name = clean_line(text)
        if not name:
            return None, ""
        key = fold(name)
        known = self.register.teams.get(key)
        if known is not None:
            return known[0], ""
        if len(name) > 100:
            problems.append("the team name is too long: keep it to 100 characters")
            return None, ""
        if self.create_missing_teams:
            return None, self.new_teams.setdefault(key, name)
        self.missing_teams.setdefault(key, name)
        choices = {k: shown for k, (_id, shown) in self.register.teams.items()}
        hint = self.register.suggest("team", key, choices)
        message = f"there is no team called {_quote(name)}"
        problems.append(f"{message} (did you mean '{hint}'?)" if hint else message)
        return None, ""

    def _duplicates(self, drafts: list[_Draft]) -> None:
        seen: dict[tuple[str, dt.date], int] = {}
        for draft in drafts:
            start = draft.start
            if not draft.key or start is None:
                continue
            person = (draft.key, start)
            if person in self.register.people:
                draft.problems.append(
                    f"{draft.name} starting {start.isoformat()} is already in the register"
                )
                draft.same_as = True
            if person in seen:
                draft.problems.append(f"the same person as line {seen[person]}")
                draft.same_as = True
            else:
                seen[person] = draft.line

    def _references(self, drafts: list[_Draft]) -> None:
        """Supervisors and line managers, by full name: the one current person of that name
        in the register, or the one person of that name in the file; else say why not."""
        in_file: dict[str, list[_Draft]] = {}
        for draft in drafts:
            if draft.key and not draft.same_as:
                in_file.setdefault(draft.key, []).append(draft)
        people = {**self.register.current_names}  # for "did you mean"
        people.update((key, rows[0].name) for key, rows in in_file.items())
        for draft in drafts:
            for f, written in draft.references.items():
                word = _REFERENCE_WORDS[f]
                key = fold(written)
                registered = self.register.current.get(key, [])
                rows = in_file.get(key, [])
                if len(registered) + len(rows) > 1:
                    draft.problems.append(
                        f"{len(registered) + len(rows)} people are called {_quote(written)}, so "
                        f"PeerDesk cannot tell who the {word} is: leave it empty and choose "
                        "them in PeerDesk after the import"
                    )
                elif rows and rows[0] is draft:
                    draft.problems.append(
                        "a person cannot supervise themselves"
                        if f is ImportField.SUPERVISOR
                        else "a person cannot be their own line manager"
                    )
                elif rows:
                    draft.links[f] = rows[0].line
                elif registered:
                    draft.set_reference(f, registered[0])
                else:
                    hint = self.register.suggest("person", key, people)
                    message = f"there is no current member of staff called {_quote(written)}"
                    draft.problems.append(
                        f"{message} (did you mean '{hint}'?)" if hint else message
                    )
        # A row linked to a row that cannot be imported cannot be imported either; along
        # chains too (each failing row is visited once).
        dependents: dict[int, list[tuple[_Draft, ImportField]]] = {}
        for draft in drafts:
            for f, line in draft.links.items():
                dependents.setdefault(line, []).append((draft, f))
        failing = [d for d in drafts if d.problems or d.details is None]
        while failing:
            target = failing.pop()
            for draft, f in dependents.get(target.line, ()):
                if draft.problems or draft.details is None:
                    continue
                draft.problems.append(
                    f"the {_REFERENCE_WORDS[f]} {_quote(target.name)} on line {target.line} "
                    "cannot be imported, so neither can this row"
                )
                failing.append(draft)


def _sentence_part(message: str) -> str:
    """A form message ("The end date cannot be ...") as part of a sentence, no full stop."""
    text = message.rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _fields_of(
    table: CsvTable, mapping: ColumnMapping
) -> tuple[tuple[ImportField | None, ...], list[str], list[str]]:
    """One field (or None) per column, the mapping's problems and the columns left out."""
    fields: list[ImportField | None] = []
    problems: list[str] = []
    ignored: list[str] = []
    first: dict[ImportField, int] = {}
    for index in range(len(table.headers)):
        value = mapping.get(index)
        chosen = ImportField(value) if value is not None else None
        if chosen is not None and chosen in first:
            problems.append(
                f"The columns '{column_title(table, first[chosen])}' and "
                f"'{column_title(table, index)}' are both set to {chosen.label}; only "
                f"'{column_title(table, first[chosen])}' is used."
            )
            chosen = None
        if chosen is None:
            ignored.append(column_title(table, index))
        else:
            first[chosen] = index
        fields.append(chosen)
    for f in ImportField:
        if f.required and f not in first:
            problems.append(f"No column is set to {f.label}, which every person needs.")
    return tuple(fields), problems, ignored


# -- the service ----------------------------------------------------------------------------


class StaffImportService:
    """Previews and imports people from a CSV table (see the module's description).

    Each import is recorded in the audit trail ("import"), in its own transaction.
    """

    def __init__(
        self, sessions: sessionmaker[Session], audit: AuditLog, today: Today = local_today
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today

    def preview(
        self,
        actor: Actor,
        table: CsvTable,
        mapping: ColumnMapping,
        *,
        create_missing_teams: bool = False,
    ) -> ImportPreview:
        """Check every row against the register; nothing is saved."""
        access_rules.require_manager(actor, "import staff")
        today = self._today()
        with self._sessions() as session:
            return _preview(session, table, mapping, create_missing_teams, today)

    def import_rows(
        self,
        actor: Actor,
        preview: ImportPreview,
        *,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> ImportResult:
        """Add every good row of ``preview`` in one transaction: all of them, or (on any
        error, or when cancelled) none. The rows are checked again inside the transaction;
        if the register changed meanwhile so that the preview no longer holds, Conflict.
        """
        access_rules.require_manager(actor, "import staff")
        report = progress or (lambda _done, _total: None)
        cancelled = is_cancelled or (lambda: False)
        skipped = preview.failing
        try:
            with self._sessions.begin() as session:
                fresh = _preview(
                    session,
                    preview.table,
                    dict(enumerate(preview.mapping)),
                    preview.create_missing_teams,
                    preview.today,
                )
                if fresh.good_rows != preview.good_rows:
                    raise Conflict(
                        "The register changed since this preview was made, so some rows "
                        "would now be checked differently. Check the preview again, then "
                        "import."
                    )
                result = _insert(session, fresh, report, cancelled)
                if cancelled():
                    raise _Cancelled
                self._audit.record(
                    actor,
                    "import",
                    "Staff from a CSV file",
                    {
                        "file": preview.table.source,
                        "imported": result.imported,
                        "skipped": skipped,
                        "teams_created": list(result.teams_created),
                    },
                    session=session,
                )
        except _Cancelled:
            return ImportResult(imported=0, skipped=len(preview.rows), cancelled=True)
        except SQLAlchemyError as exc:
            raise ImportFailed(
                "The import stopped because the database refused a change "
                f"({exc.__class__.__name__}), so nobody was added. Nothing was half-saved."
            ) from exc
        return replace(result, skipped=skipped)


class _Cancelled(Exception):
    """Stops the transaction (rolling it back) when the import is cancelled."""


def _preview(
    session: Session,
    table: CsvTable,
    mapping: ColumnMapping,
    create_missing_teams: bool,
    today: dt.date,
) -> ImportPreview:
    fields, mapping_problems, ignored = _fields_of(table, mapping)
    checker = _Checker(table, fields, _load_register(session, today), create_missing_teams)
    drafts = checker.check()
    rows = tuple(draft.freeze() for draft in drafts)
    used_keys = {fold(row.new_team) for row in rows if row.new_team}
    return ImportPreview(
        table=table,
        mapping=fields,
        rows=rows,
        create_missing_teams=create_missing_teams,
        today=today,
        mapping_problems=tuple(mapping_problems),
        ignored_columns=tuple(ignored),
        new_teams=tuple(name for key, name in checker.new_teams.items() if key in used_keys),
        missing_teams=tuple(checker.missing_teams.values()),
    )


def _insert(
    session: Session, preview: ImportPreview, report: Progress, cancelled: IsCancelled
) -> ImportResult:
    rows = preview.good_rows
    total = len(rows)
    report(0, total)
    team_ids: dict[str, int] = {}
    if preview.new_teams:
        teams = [Team(name=name, name_key=fold(name)) for name in preview.new_teams]
        session.add_all(teams)
        session.flush()
        team_ids = {team.name_key: team.id for team in teams}
    members: dict[int, StaffMember] = {}  # line -> member
    for start in range(0, total, _CHUNK):
        if cancelled():
            raise _Cancelled
        chunk = rows[start : start + _CHUNK]
        batch = []
        for row in chunk:
            assert row.details is not None  # good rows have details
            details = row.details
            if row.new_team:
                details = replace(details, team_id=team_ids[fold(row.new_team)])
            member = StaffMember()
            apply_staff_details(member, details)
            members[row.line] = member
            batch.append(member)
        session.add_all(batch)
        session.flush()
        report(start + len(chunk), total)
    linked = False
    for row in rows:
        member = members[row.line]
        if row.supervisor_line is not None:
            member.supervisor_id = members[row.supervisor_line].id
            linked = True
        if row.line_manager_line is not None:
            member.line_manager_id = members[row.line_manager_line].id
            linked = True
    if linked:
        session.flush()
    return ImportResult(
        imported=total,
        skipped=0,
        teams_created=preview.new_teams,
        staff_ids=tuple(members[row.line].id for row in rows),
    )
