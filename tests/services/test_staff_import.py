"""Importing staff from CSV: reading any sensible file, mapping columns, each row's problems
in plain words, and all-or-nothing imports."""

from __future__ import annotations

import codecs
import datetime as dt
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory, StaffStatus
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict
from peerdesk.services.import_views import (
    CsvReadError,
    CsvTable,
    ImportFailed,
    ImportField,
    ImportPreview,
)
from peerdesk.services.staff_import import (
    MAX_BYTES,
    MAX_ROWS,
    StaffImportService,
    parse_date,
    read_csv,
    read_csv_file,
    suggest_mapping,
)
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.views import StaffQuery
from peerdesk.store.database import Database
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

F = ImportField
HEADER = "Name,Job title,Role category,Team,Employment type,Start date,Supervisor"


@pytest.fixture
def importer(database: Database) -> StaffImportService:
    return StaffImportService(database.sessions, AuditLog(database.sessions), today=lambda: TODAY)


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def preview_of(
    importer: StaffImportService,
    admin: Actor,
    data: bytes,
    *,
    create_missing_teams: bool = False,
) -> ImportPreview:
    table = read_csv(data)
    return importer.preview(
        admin, table, suggest_mapping(table.headers), create_missing_teams=create_missing_teams
    )


def problems(preview: ImportPreview) -> dict[int, list[str]]:
    return {row.line: list(row.problems) for row in preview.rows if row.problems}


def everyone(services: Services, admin: Actor) -> list[str]:
    query = StaffQuery(status=StaffStatus.ALL)
    return sorted(r.full_name for r in services.staff.page(admin, query, 0, 10_000).rows)


# -- reading the file -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Name,Team\nZoë Łukasiewicz,Outreach\n".encode(), "UTF-8"),
        (codecs.BOM_UTF8 + "Name,Team\nZoë Łukasiewicz,Outreach\n".encode(), "UTF-8 with BOM"),
        ("Name,Team\nZoë Müller,Outreach\n".encode("cp1252"), "Windows-1252"),
        ("Name\tTeam\r\nZoë Łukasiewicz\tOutreach\r\n".encode("utf-16"), "UTF-16 with BOM"),
    ],
)
def test_encodings_are_detected_and_named(data: bytes, encoding: str) -> None:
    table = read_csv(data)
    assert table.encoding == encoding
    assert table.headers == ("Name", "Team")  # a BOM never sticks to the first header
    assert table.rows[0].cells[0] in ("Zoë Łukasiewicz", "Zoë Müller")
    assert table.description.startswith(f"{encoding}, ")


def test_windows_1252_punctuation_reads_as_meant() -> None:
    data = "Name,Job title\nSiobhán O’Neill,Peer worker – nights\n".encode("cp1252")
    table = read_csv(data)
    assert table.rows[0].cells == ("Siobhán O’Neill", "Peer worker – nights")


@pytest.mark.parametrize(
    ("text", "delimiter", "name"),
    [
        ("Name,Team\nAmy,Outreach\n", ",", "comma"),
        ("Name;Team;Job title\nAmy;Outreach;Peer worker, nights\n", ";", "semicolon"),
        ("Name\tTeam\nAmy\tOutreach\n", "\t", "tab"),
        # the values' commas outnumber the header's semicolons: the header decides
        ('Name;Team\n"Carter, Ben, Jr";"A, B, C"\n', ";", "semicolon"),
        ("Name\nAmy\nBen\n", ",", "comma"),  # one column: nothing to detect
    ],
)
def test_delimiters_are_detected(text: str, delimiter: str, name: str) -> None:
    table = read_csv(text.encode())
    assert table.delimiter == delimiter
    assert table.delimiter_name == name
    assert f"{name}-separated" in table.description


def test_quoted_fields_keep_line_breaks_and_rows_keep_their_line_numbers() -> None:
    data = b'Name,Leaving reason\r\nAmy,"Moved away\r\nto Leeds"\r\n\r\nBen,\r\n,,\r\nCara,x\r\n'
    table = read_csv(data)
    assert [row.line for row in table.rows] == [2, 5, 7]  # blank and empty rows skipped
    assert table.rows[0].cells[1] == "Moved away\r\nto Leeds"
    assert [row.cells[0] for row in table.rows] == ["Amy", "Ben", "Cara"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty."),
        (b" \r\n\n  \n", "The file is empty."),
        (b"Name,Team\n", "header line but no rows"),
        (b"Name,Team\n,\n,,\n", "header line but no rows"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8, "not a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 4 + b"\x81\x8d", "not a text file"),
    ],
)
def test_files_that_are_not_csv_of_people_say_why(data: bytes, words: str) -> None:
    with pytest.raises(CsvReadError) as raised:
        read_csv(data)
    assert words in str(raised.value)


def test_too_many_rows_or_bytes_are_refused_plainly() -> None:
    many = b"Name\n" + b"A\n" * (MAX_ROWS + 1)
    with pytest.raises(CsvReadError, match=r"more than 50,000 rows.*Split it"):
        read_csv(many)
    read_csv(b"Name\n" + b"A\n" * MAX_ROWS)  # exactly the limit is fine
    with pytest.raises(CsvReadError, match=r"up to 20 MB"):
        read_csv(b"Name\n" + b"x" * MAX_BYTES)


def test_reading_a_path_keeps_the_files_name(tmp_path: Path) -> None:
    path = tmp_path / "from HR.csv"
    path.write_bytes(b"Name\nAmy\n")
    assert read_csv_file(path).source == "from HR.csv"


def test_reading_a_path_names_the_file_in_its_errors(tmp_path: Path) -> None:
    with pytest.raises(CsvReadError, match=r"There is no file called missing\.csv"):
        read_csv_file(tmp_path / "missing.csv")
    with pytest.raises(CsvReadError, match="is a folder"):
        read_csv_file(tmp_path)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CsvReadError, match=r"^empty.csv: The file is empty\.$"):
        read_csv_file(tmp_path / "empty.csv")
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(CsvReadError, match=r"big.csv is 20.0 MB"):
        read_csv_file(big)


# -- columns --------------------------------------------------------------------------------


def test_mapping_suggestions_ignore_case_spaces_underscores_and_hyphens() -> None:
    headers = [
        "Full Name",
        "preferred_name",
        "PRONOUNS",
        "Job-Title",
        "role category",
        "Team",
        "Employment_Type",
        "Hours a week",
        "START DATE",
        "end-date",
        "Leaving reason",
        "Supervisor",
        "Line manager",
        "Lived experience",
        "Payroll no",
        "Name",  # a second name column: the first one has it
    ]
    mapping = suggest_mapping(headers)
    assert [mapping[i] for i in range(len(headers))] == [*list(ImportField), None, None]


def test_unknown_columns_are_listed_and_a_missing_required_column_is_explained(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    data = csv_of(
        "Sam Lee,Peer worker,Peer worker,Outreach,Permanent,,",
        header="Name,Job title,Role category,Team,Employment type,Notes,Payroll",
    )
    preview = preview_of(importer, admin, data)
    assert preview.ignored_columns == ("Notes", "Payroll")
    assert preview.mapping_problems == (
        "No column is set to Start date, which every person needs.",
    )
    assert problems(preview) == {2: ["the start date is missing"]}


def test_a_changed_mapping_is_used_and_two_columns_for_one_field_are_reported(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    table = read_csv(
        csv_of(
            "Sam Lee,Peer worker,Permanent,2024-01-08,08/01/2024",
            header="Name,Role category,Employment type,Start,Started on",
        )
    )
    mapping = suggest_mapping(table.headers)
    assert mapping[4] is None
    both = importer.preview(admin, table, {**mapping, 4: F.START_DATE})
    assert both.mapping_problems == (
        "The columns 'Start' and 'Started on' are both set to Start date; only 'Start' is used.",
    )
    chosen = importer.preview(admin, table, {**mapping, 3: None, 4: F.START_DATE})
    assert chosen.mapping_problems == ()
    assert chosen.ignored_columns == ("Start",)
    assert chosen.good_rows[0].details is not None
    assert chosen.good_rows[0].details.start_date == dt.date(2024, 1, 8)


# -- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-04-03", dt.date(2024, 4, 3)),
        ("03/04/2024", dt.date(2024, 4, 3)),  # 3 April: day first, always
        ("3/4/2024", dt.date(2024, 4, 3)),
        ("03.04.2024", dt.date(2024, 4, 3)),
        ("2024-04-03 00:00:00", dt.date(2024, 4, 3)),  # a spreadsheet's date and time
        (" 2024-4-3 ", dt.date(2024, 4, 3)),
    ],
)
def test_dates_are_iso_or_day_first(written: str, expected: dt.date) -> None:
    assert parse_date(written, "the start date") == expected


# (cells after the name, the problem in plain words)
ROW_PROBLEMS = [
    (
        "Peer worker,Peer worker,Outreach,Permanent,31/02/2024,",
        "the start date '31/02/2024' is not a real date",
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,04/13/2024,",  # US order is never guessed
        "the start date '04/13/2024' is not a real date",
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,3rd April 2024,",
        "the start date '3rd April 2024' is not a date PeerDesk can read: write it as "
        "YYYY-MM-DD or DD/MM/YYYY",
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,0001-01-01,",
        "the start date '0001-01-01' is not a likely date: check the year",
    ),
    ("Peer worker,Peer worker,Outreach,Permanent,,", "the start date is missing"),
    (
        "Peer worker,Peer wrker,Outreach,Permanent,2024-01-08,",
        "the role category 'Peer wrker' is not one PeerDesk knows (did you mean 'Peer worker'?)",
    ),
    ("Peer worker,,Outreach,Permanent,2024-01-08,", "the role category is missing"),
    (
        "Peer worker,Peer worker,Outreach,Zero hours,2024-01-08,",
        "the employment type 'Zero hours' is not one PeerDesk knows: use one of Permanent, "
        "Fixed term, Apprenticeship, Sessional, Volunteer",
    ),
    (
        "Peer worker,Peer worker,Outreech,Permanent,2024-01-08,",
        "there is no team called 'Outreech' (did you mean 'Outreach'?)",
    ),
    (
        "Peer worker,Peer worker,Finance,Permanent,2024-01-08,",
        "there is no team called 'Finance'",
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Amara Okafr",
        "there is no current member of staff called 'Amara Okafr' (did you mean 'Amara Okafor'?)",
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Gwen Davies",  # a leaver
        "there is no current member of staff called 'Gwen Davies'",
    ),
    (
        "Peer worker,Peer apprentice,Outreach,Apprenticeship,2024-01-08,",
        "an apprenticeship needs the date it is due to end",  # the form's own rule and words
    ),
    (
        "Peer worker,Peer worker,Outreach,Permanent,2024-01-08,,extra",
        "the row has 8 cells but the header has 7: check for a stray comma or a missing quote",
    ),
]


@pytest.mark.parametrize(("cells", "message"), ROW_PROBLEMS)
def test_each_kind_of_row_problem_is_worded_plainly(
    importer: StaffImportService,
    admin: Actor,
    register: dict[str, StaffRecord],
    cells: str,
    message: str,
) -> None:
    preview = preview_of(importer, admin, csv_of("Sam Lee," + cells))
    assert problems(preview) == {2: [message]}
    row = preview.rows[0]
    assert row.messages == (f"line 2: {message}",)
    assert row.status == message[0].upper() + message[1:]
    assert row.details is None
    assert preview.counts == (0, 1)


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        ("Name,Role category,Employment type,Start date", ",Peer worker,Permanent,2024-01-08",
         "the name is missing"),
        ("Name,Role category,Employment type,Start date,End date",
         "Sam Lee,Peer worker,Permanent,2024-01-08,2023-12-31",
         "the end date cannot be before the start date"),
        ("Name,Role category,Employment type,Start date,Leaving reason",
         "Sam Lee,Peer worker,Permanent,2024-01-08,Moved away",
         "enter the date they leave to go with the leaving reason"),
        ("Name,Role category,Employment type,Start date,Hours per week",
         "Sam Lee,Peer worker,Permanent,2024-01-08,120", "hours a week must be between 0 and 80"),
        ("Name,Role category,Employment type,Start date,Hours per week",
         "Sam Lee,Peer worker,Permanent,2024-01-08,full time",
         "the hours per week 'full time' is not a number"),
        ("Name,Role category,Employment type,Start date,Hours per week",
         "Sam Lee,Peer worker,Permanent,2024-01-08,nan",
         "the hours per week 'nan' is not a number"),
        ("Name,Role category,Employment type,Start date,Pronouns",
         "Sam Lee,Peer worker,Permanent,2024-01-08," + "x" * 51,
         "pronouns is too long: keep it to 50 characters"),
        ("Name,Role category,Employment type,Start date,Lived experience",
         "Sam Lee,Peer worker,Permanent,2024-01-08,maybe",
         "the lived experience answer 'maybe' is not one PeerDesk knows: use one of Yes, No, "
         "Prefer not to say"),
    ],
)  # fmt: skip
def test_the_forms_rules_apply_with_the_forms_words(
    importer: StaffImportService, admin: Actor, header: str, row: str, message: str
) -> None:
    preview = preview_of(importer, admin, csv_of(row, header=header))
    assert problems(preview) == {2: [message]}


def test_several_problems_on_one_row_are_all_listed(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    preview = preview_of(importer, admin, csv_of(",,Nurse,Outreech,,31/02/2024,"))
    assert problems(preview)[2] == [
        "the name is missing",
        "the role category 'Nurse' is not one PeerDesk knows: use one of Peer worker, Peer "
        "apprentice, Senior peer worker, Manager, Clinical, Non-clinical, Volunteer, Other",
        "the employment type is missing",
        "the start date '31/02/2024' is not a real date",
        "there is no team called 'Outreech' (did you mean 'Outreach'?)",
    ]
    assert preview.rows[0].summary.startswith("line 2: the name is missing; the role category")


def test_a_good_row_is_cleaned_like_the_form_and_labels_or_values_are_accepted(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    header = (
        "Name,Preferred name,Pronouns,Job title,Role category,Team,Employment type,"
        "Hours per week,Start date,End date,Supervisor,Line manager,Lived experience"
    )
    data = csv_of(
        "  Sam   Lee ,Sammy,they/them,Peer  worker,peer_apprentice,wellbeing hub,"
        'fixed-term,"22,5",08/01/2024,31/12/2026,amara okafor,Siobhan Kelly,yes',
        header=header,
    )
    preview = preview_of(importer, admin, data)
    assert problems(preview) == {}
    details = preview.rows[0].details
    assert details is not None
    assert details.full_name == "Sam Lee"
    assert details.job_title == "Peer worker"
    assert details.role_category is RoleCategory.PEER_APPRENTICE
    assert details.employment_type is EmploymentType.FIXED_TERM
    assert details.hours_per_week == 22.5
    assert details.start_date == dt.date(2024, 1, 8)
    assert details.end_date == dt.date(2026, 12, 31)
    assert details.supervisor_id == register["amara"].id
    assert details.line_manager_id == register["siobhan"].id  # accents aside
    assert details.lived_experience is LivedExperience.YES
    assert details.team_id is not None


# -- duplicates and people named in the file ------------------------------------------------


def test_duplicates_in_the_register_and_in_the_file_are_reported(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    data = csv_of(
        "Sam Lee,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,",
        "Zoe Lukasiewicz,Peer worker,Peer worker,Outreach,Permanent,2023-04-03,",
        "Zoë Łukasiewicz,Peer worker,Peer worker,Outreach,Permanent,2025-09-01,",  # rejoined
        "SAM LEE,Peer worker,Peer worker,Outreach,Permanent,08/01/2024,",
        "Gwen Davies,Peer worker,Peer worker,Outreach,Permanent,2020-01-06,",  # a leaver
    )
    preview = preview_of(importer, admin, data)
    assert problems(preview) == {
        3: ["Zoe Lukasiewicz starting 2023-04-03 is already in the register"],
        5: ["the same person as line 2"],
        6: ["Gwen Davies starting 2020-01-06 is already in the register"],
    }
    assert preview.counts == (2, 3)


def test_supervisors_found_in_the_file_in_any_order_are_linked_after_insert(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
) -> None:
    data = csv_of(
        "Dee Marsh,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Cal Jones",
        "Cal Jones,Team leader,Senior peer worker,Outreach,Permanent,2022-05-03,Amara Okafor",
        "Eli Ross,Peer worker,Peer worker,Outreach,Permanent,2024-02-05,Cal Jones",
    )
    preview = preview_of(importer, admin, data)
    assert preview.counts == (3, 0)
    assert preview.rows[0].supervisor_line == 3
    result = importer.import_rows(admin, preview)
    assert result.imported == 3
    dee, cal, eli = (services.staff.get(admin, i) for i in result.staff_ids)
    assert dee.supervisor_name == "Cal Jones"
    assert eli.details.supervisor_id == cal.id
    assert cal.supervisor_name == "Amara Okafor"


def test_people_named_ambiguously_or_supervising_themselves_are_reported(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    data = csv_of(
        "Ben Carter,Peer worker,Peer worker,Outreach,Permanent,2025-01-06,",  # a second Ben
        "Ash Green,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Ben Carter",
        "Kim Hall,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Kim Hall",
    )
    preview = preview_of(importer, admin, data)
    assert problems(preview) == {
        3: [
            "2 people are called 'Ben Carter', so PeerDesk cannot tell who the supervisor "
            "is: leave it empty and choose them in PeerDesk after the import"
        ],
        4: ["a person cannot supervise themselves"],
    }


def test_a_row_whose_supervisor_cannot_be_imported_cannot_be_either(
    importer: StaffImportService, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    data = csv_of(
        "Cal Jones,Team leader,Senior peer worker,Outreach,Permanent,31/02/2022,",
        "Dee Marsh,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Cal Jones",
        "Eli Ross,Peer worker,Peer worker,Outreach,Permanent,2024-02-05,Dee Marsh",
    )
    preview = preview_of(importer, admin, data)
    assert problems(preview) == {
        2: ["the start date '31/02/2022' is not a real date"],
        3: ["the supervisor 'Cal Jones' on line 2 cannot be imported, so neither can this row"],
        4: ["the supervisor 'Dee Marsh' on line 3 cannot be imported, so neither can this row"],
    }


# -- teams ----------------------------------------------------------------------------------


def test_missing_teams_are_a_problem_unless_creating_them_is_chosen(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
) -> None:
    data = csv_of(
        "Sam Lee,Peer worker,Peer worker,Night Line,Permanent,2024-01-08,",
        "Ash Green,Peer worker,Peer worker,night  line,Permanent,2024-01-08,",
        "Kim Hall,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,",
        "Bad Date,Peer worker,Peer worker,Housing,Permanent,2024-13-01,",
    )
    refused = preview_of(importer, admin, data)
    assert refused.counts == (1, 3)
    assert refused.missing_teams == ("Night Line", "Housing")
    assert refused.new_teams == ()

    created = preview_of(importer, admin, data, create_missing_teams=True)
    assert created.counts == (3, 1)
    assert created.new_teams == ("Night Line",)  # once; Housing's only row has a problem
    result = importer.import_rows(admin, created)
    assert result.teams_created == ("Night Line",)
    assert "Added 1 new team: Night Line." in result.summary
    teams = {t.name: t for t in services.teams.list_teams(admin)}
    assert sorted(teams) == ["Night Line", "Outreach", "Wellbeing Hub"]
    assert teams["Night Line"].member_count == 2


# -- importing ------------------------------------------------------------------------------


def test_only_the_good_rows_are_imported_and_the_result_says_so(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
) -> None:
    before = everyone(services, admin)
    data = csv_of(
        "Sam Lee,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Amara Okafor",
        "Bad Date,Peer worker,Peer worker,Outreach,Permanent,2024-02-30,",
        "Ash Green,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,",
    )
    preview = preview_of(importer, admin, data)
    progress: list[tuple[int, int]] = []
    result = importer.import_rows(admin, preview, progress=lambda d, t: progress.append((d, t)))
    assert (result.imported, result.skipped, result.cancelled) == (2, 1, False)
    assert result.summary == "Imported 2 people. 1 row with problems was left out."
    assert progress[0] == (0, 2) and progress[-1] == (2, 2)
    assert everyone(services, admin) == sorted([*before, "Sam Lee", "Ash Green"])
    entry = services.audit.entries(admin, action="import")[0]
    assert entry.subject == "Staff from a CSV file"
    assert entry.details == {"file": "", "imported": 2, "skipped": 1, "teams_created": []}
    sam = services.staff.get(admin, result.staff_ids[0])
    assert sam.supervisor_name == "Amara Okafor"
    assert sam.team_name == "Outreach"
    # searchable like anyone added through the form
    found = services.staff.page(admin, StaffQuery(search="sam lee"), 0, 10).rows
    assert [r.full_name for r in found] == ["Sam Lee"]


def many_rows(count: int, start: int = 0) -> bytes:
    return csv_of(
        *(
            f"Person {i:05d},Peer worker,Peer worker,Outreach,Permanent,2024-01-08,"
            for i in range(start, start + count)
        )
    )


def test_a_failure_on_the_third_insert_leaves_nothing_behind(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    database: Database,
    register: dict[str, StaffRecord],
) -> None:
    before = everyone(services, admin)
    teams_before = services.teams.list_teams(admin)
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_third BEFORE INSERT ON staff_member "
                "WHEN NEW.full_name = 'Person 00002' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
        )
    data = csv_of(
        *(
            f"Person {i:05d},Peer worker,Peer worker,New Team,Permanent,2024-01-08,"
            for i in range(5)
        )
    )
    preview = preview_of(importer, admin, data, create_missing_teams=True)
    assert preview.counts == (5, 0)
    with pytest.raises(ImportFailed, match="nobody was added"):
        importer.import_rows(admin, preview)
    assert everyone(services, admin) == before
    assert services.teams.list_teams(admin) == teams_before  # the new team went too
    assert services.audit.entries(admin, action="import") == []


@pytest.mark.parametrize("cancel_after", [1, 2, 3])
def test_cancelling_leaves_nothing_behind(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
    cancel_after: int,
) -> None:
    """Cancelled before the first rows, between two chunks, or after the last one."""
    before = everyone(services, admin)
    preview = preview_of(importer, admin, many_rows(1000))
    asked = 0

    def is_cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked >= cancel_after

    result = importer.import_rows(admin, preview, is_cancelled=is_cancelled)
    assert result.cancelled
    assert result.imported == 0
    assert result.summary == "The import was cancelled: nobody was added."
    assert everyone(services, admin) == before
    assert services.audit.entries(admin, action="import") == []


def test_a_register_changed_since_the_preview_is_not_imported_blindly(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
) -> None:
    preview = preview_of(
        importer,
        admin,
        csv_of("Sam Lee,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,"),
    )
    add_person(services, admin, "Sam Lee", start=dt.date(2024, 1, 8))  # meanwhile
    with pytest.raises(Conflict, match="Check the preview again"):
        importer.import_rows(admin, preview)
    assert everyone(services, admin).count("Sam Lee") == 1


def test_only_managers_may_import(importer: StaffImportService, admin: Actor) -> None:
    supervisor = Actor(user_id=3, display_name="Sam", role=Role.SUPERVISOR)
    manager = Actor(user_id=4, display_name="Mo", role=Role.MANAGER)
    table = read_csv(csv_of("Sam Lee,Peer worker,Peer worker,,Permanent,2024-01-08,"))
    with pytest.raises(AccessDenied):
        importer.preview(supervisor, table, suggest_mapping(table.headers))
    preview = importer.preview(manager, table, suggest_mapping(table.headers))
    with pytest.raises(AccessDenied):
        importer.import_rows(supervisor, preview)
    assert importer.import_rows(manager, preview).imported == 1


def test_five_thousand_rows_preview_and_import_in_a_couple_of_seconds(
    importer: StaffImportService,
    admin: Actor,
    services: Services,
    register: dict[str, StaffRecord],
) -> None:
    def supervisor(i: int) -> str:
        return "Amara Okafor" if i % 10 == 0 else f"Person {i - 1:05d}"

    rows = [
        f"Person {i:05d},Peer worker,Peer worker,{'Outreach' if i % 2 else 'Wellbeing Hub'},"
        f"Permanent,{1 + i % 28:02d}/03/2024,{supervisor(i)}"
        for i in range(5000)
    ]
    data = csv_of(*rows)
    started = time.perf_counter()
    preview = preview_of(importer, admin, data)
    result = importer.import_rows(admin, preview)
    elapsed = time.perf_counter() - started
    assert result.imported == 5000
    assert elapsed < 6, f"took {elapsed:.1f} s"  # about 1.5 s on a laptop; CI is slower
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.ALL)) == 5006


def test_csv_table_rows_are_kept_out_of_reprs() -> None:
    table = read_csv(csv_of("Sam Lee,Peer worker,Peer worker,,Permanent,2024-01-08,"))
    assert isinstance(table, CsvTable)
    assert "Sam Lee" not in repr(table)
