"""Property-based tests of the CSV staff import: any text in any cell, any bytes as a file.

The property: reading, previewing and importing never fail with anything but a plain error
(CsvReadError for a file that is not CSV text at all), and every row either carries its
problems in plain words or is imported, and then reads back through ``services.staff.get``
exactly as the preview showed it (the text cleaned as the staff form cleans it).

Cells mix every Unicode category but lone surrogates (which UTF-8 cannot hold) and NUL
(which makes a file "not text"; tested on its own): control characters, right-to-left
text and overrides, emoji with joiners, SQL-looking strings; ``@example`` adds 1 MB cells.
Each test uses one database for its examples, with a new start date per example so that
rows never collide with people imported by earlier examples.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from peerdesk.domain.validation import clean_line, clean_text
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import Services
from peerdesk.services.import_views import CsvReadError, ImportField, ImportRow
from peerdesk.services.staff_import import StaffImportService, read_csv, suggest_mapping
from peerdesk.store.database import Database
from tests.conftest import TODAY

F = ImportField
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
    ],
)
HEADERS = (
    "Name",
    "Preferred name",
    "Pronouns",
    "Job title",
    "Role category",
    "Team",
    "Employment type",
    "Hours per week",
    "Start date",
    "End date",
    "Leaving reason",
    "Supervisor",
    "Line manager",
    "Lived experience",
)
ONE_LINE = (F.FULL_NAME, F.PREFERRED_NAME, F.PRONOUNS, F.JOB_TITLE, F.TEAM)
OTHERS = (
    F.ROLE_CATEGORY,
    F.EMPLOYMENT_TYPE,
    F.HOURS_PER_WEEK,
    F.START_DATE,
    F.END_DATE,
    F.LEAVING_REASON,
    F.SUPERVISOR,
    F.LINE_MANAGER,
    F.LIVED_EXPERIENCE,
)

ANY_TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=300
)
SPECIAL = st.sampled_from(
    [
        "Robert'); DROP TABLE staff_member;--",
        "' OR '1'='1",
        "%_\\%",
        "مريم الحسن",
        "\u202eevil.exe\u202c",
        "שרה כהן",
        "👩🏽‍⚕️ Amara 🇬🇧",
        "Zoë\u0301 Łukasiewicz",
        "\t\r\n\x0b\x0c\x1b[31m",
        '=HYPERLINK("http://x")',
        " " * 50,
        "\u200b\u200d\ufeff",
    ]
)
LONG = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["x", "é", "😀", "م ", "ab\n"]),
    st.integers(min_value=40, max_value=3000),
)
CELL = st.one_of(ANY_TEXT, SPECIAL, LONG)
DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [d.isoformat(), f"{d.day:02d}/{d.month:02d}/{d.year:04d}", f"{d.day}.{d.month}.{d.year}"]
    )
)
DELIMITERS = st.sampled_from([",", ";", "\t"])

_start_days = itertools.count()


def next_start() -> dt.date:
    """A start date no earlier example used: rows never duplicate an earlier import."""
    return dt.date(2000, 1, 1) + dt.timedelta(days=next(_start_days))


def base_row(start: dt.date) -> dict[ImportField, str]:
    return {
        F.FULL_NAME: "Sam Lee",
        F.ROLE_CATEGORY: "Peer worker",
        F.EMPLOYMENT_TYPE: "Permanent",
        F.START_DATE: start.isoformat(),
    }


def csv_bytes(row: dict[ImportField, str], delimiter: str, bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerow([row.get(f, "") for f in ImportField])
    data = buffer.getvalue().encode("utf-8")
    return codecs.BOM_UTF8 + data if bom else data


@pytest.fixture
def importer(database: Database) -> StaffImportService:
    return StaffImportService(database.sessions, AuditLog(database.sessions), today=lambda: TODAY)


def check_row(
    importer: StaffImportService,
    services: Services,
    admin: Actor,
    row: dict[ImportField, str],
    delimiter: str,
    bom: bool,
) -> ImportRow | None:
    """Preview and import one row; return it when it was imported (None: it has problems
    or the file was refused, plainly)."""
    assert list(ImportField) == [suggest_mapping(HEADERS)[i] for i in range(len(HEADERS))]
    try:
        table = read_csv(csv_bytes(row, delimiter, bom))
    except CsvReadError as exc:
        assert "not a text file" in str(exc)  # only a cell of control characters does this
        return None
    assert table.headers == HEADERS
    assert len(table.rows) == 1
    preview = importer.preview(
        admin, table, suggest_mapping(table.headers), create_missing_teams=True
    )
    checked = preview.rows[0]
    if not checked.is_good:
        assert checked.problems
        for problem in checked.problems:
            assert problem and "\n" not in problem and "Traceback" not in problem
            assert len(problem) < 500
        return None
    result = importer.import_rows(admin, preview)
    assert result.imported == 1
    stored = services.staff.get(admin, result.staff_ids[0])
    assert checked.details is not None
    expected = checked.details
    if checked.new_team:
        assert stored.team_name == clean_line(row[F.TEAM])
        expected = replace(expected, team_id=stored.details.team_id)
    assert stored.details == expected
    return checked


@SETTINGS
@given(field=st.sampled_from(ONE_LINE), value=CELL, delimiter=DELIMITERS, bom=st.booleans())
@example(field=F.FULL_NAME, value="x" * 1_000_000, delimiter=",", bom=False)
@example(field=F.JOB_TITLE, value="é" * 1_000_000, delimiter=";", bom=True)
@example(field=F.FULL_NAME, value="Robert'); DROP TABLE staff_member;--", delimiter=",", bom=True)
def test_any_text_in_a_one_line_column_is_refused_plainly_or_read_back_identical(
    importer: StaffImportService,
    services: Services,
    admin: Actor,
    field: ImportField,
    value: str,
    delimiter: str,
    bom: bool,
) -> None:
    row = {**base_row(next_start()), field: value}
    imported = check_row(importer, services, admin, row, delimiter, bom)
    if imported is not None:
        assert imported.details is not None
        stored = {
            F.FULL_NAME: imported.details.full_name,
            F.PREFERRED_NAME: imported.details.preferred_name,
            F.PRONOUNS: imported.details.pronouns,
            F.JOB_TITLE: imported.details.job_title,
            F.TEAM: None,
        }[field]
        if stored is not None:
            assert stored == clean_line(value)


@SETTINGS
@given(
    field=st.sampled_from(OTHERS),
    value=st.one_of(CELL, DATES),
    delimiter=DELIMITERS,
    bom=st.booleans(),
)
@example(field=F.START_DATE, value="0001-01-01", delimiter=",", bom=False)
@example(field=F.END_DATE, value="31/12/9999", delimiter=",", bom=False)
@example(field=F.LEAVING_REASON, value="Moved on\r\nto Leeds " * 50_000, delimiter="\t", bom=False)
@example(field=F.HOURS_PER_WEEK, value="1e308", delimiter=",", bom=False)
def test_any_text_in_any_other_column_is_refused_plainly_or_read_back_identical(
    importer: StaffImportService,
    services: Services,
    admin: Actor,
    field: ImportField,
    value: str,
    delimiter: str,
    bom: bool,
) -> None:
    start = next_start()
    row = {**base_row(start), field: value}
    if field is F.LEAVING_REASON:
        row[F.END_DATE] = (start + dt.timedelta(days=400)).isoformat()
    imported = check_row(importer, services, admin, row, delimiter, bom)
    if imported is not None and field is F.LEAVING_REASON:
        assert imported.details is not None
        assert imported.details.leaving_reason == clean_text(value)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
@example(data=b"\x00" * 10)
@example(data=b"Name\x00,Team\nA,B\n")
@example(data=codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate in UTF-16
@example(data=b'Name,Team\n"unterminated,quote\n')
def test_any_bytes_are_read_as_a_table_or_refused_plainly(data: bytes) -> None:
    try:
        table = read_csv(data)
    except CsvReadError as exc:
        message = str(exc)
        assert message.endswith(".") and "\n" not in message
        return
    assert table.rows
    assert all(row.line >= 2 for row in table.rows)
    suggest_mapping(table.headers)
