"""peerdesk import staff and peerdesk export (CSV kinds): output, exit codes, dry runs and
the way further export kinds plug in."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from peerdesk.cli import build_parser, run_command
from peerdesk.commands import Invocation
from peerdesk.commands.export_csv import register, register_export_kind
from peerdesk.domain.enums import SessionMode, SessionType, StaffStatus
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.views import StaffQuery
from peerdesk.store.database import Database
from tests.cli.conftest import ADMIN_NAME, audit_actions, data_key, data_rows
from tests.conftest import TODAY

HEADER = "Name,Job title,Role category,Team,Employment type,Start date,Supervisor"
GOOD = [
    "Sam Lee,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Amara Okafor",
    "Ash Green,Peer worker,Peer worker,Outreach,Permanent,08/01/2024,Sam Lee",
]
BAD = [
    "Bad Date,Peer worker,Peer worker,Outreach,Permanent,31/02/2024,",
    "Kim Hall,Peer worker,Peer worker,Outreech,Permanent,2024-01-08,",
]


def run(argv: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def names(services: Services, admin: Actor) -> list[str]:
    query = StaffQuery(status=StaffStatus.ALL)
    return sorted(r.full_name for r in services.staff.page(admin, query, 0, 1000).rows)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# -- import ---------------------------------------------------------------------------------


def test_a_clean_file_is_imported_and_exits_0(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor, register: object
) -> None:
    path = write(tmp_path / "new staff.csv", *GOOD)
    code, out, err = run(["import", "staff", str(path)], data_dir)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Read new staff.csv: UTF-8, comma-separated, 2 rows.",
        "Imported 2 people.",
    ]
    assert {"Sam Lee", "Ash Green"} <= set(names(services, admin))
    entry = services.audit.entries(admin, action="import")[0]
    assert entry.details["file"] == "new staff.csv"
    assert entry.actor_name == ADMIN_NAME  # who signed in to run the command


def test_failing_rows_are_listed_and_the_good_ones_still_imported_exit_1(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor, register: object
) -> None:
    path = write(tmp_path / "staff.csv", GOOD[0], *BAD, GOOD[1], header=HEADER + ",Payroll")
    code, out, err = run(["import", "staff", str(path)], data_dir)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "Read staff.csv: UTF-8, comma-separated, 4 rows.",
        "Columns not imported: Payroll.",
        "line 3: the start date '31/02/2024' is not a real date",
        "line 4: there is no team called 'Outreech' (did you mean 'Outreach'?)",
        "To create the missing teams as part of the import, run it again with --create-teams.",
        "Imported 2 people. 2 rows with problems were left out.",
        "The 2 rows listed above were not imported: fix them and import just those rows again.",
    ]
    added = set(names(services, admin))
    assert {"Sam Lee", "Ash Green"} <= added
    assert not {"Bad Date", "Kim Hall"} & added


def test_a_dry_run_lists_the_problems_and_writes_nothing(
    data_dir: Path, tmp_path: Path, database: Database, register: object
) -> None:
    path = write(tmp_path / "staff.csv", *GOOD, *BAD)
    key, data = data_key(data_dir), data_dir / "peerdesk.db"
    before, trail = data_rows(data, key), audit_actions(data, key)
    code, out, err = run(["import", "staff", str(path), "--dry-run"], data_dir)
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == (
        "Dry run: nothing was imported. 2 of 4 rows would be imported; 2 have problems "
        "(listed above)."
    )
    # nothing written but the trail of who ran the dry run
    assert data_rows(data, key) == before
    assert audit_actions(data, key) == [*trail, "signed in", "signed out"]
    code, out, _ = run(["import", "staff", str(write(path, *GOOD)), "--dry-run"], data_dir)
    assert code == 0
    assert out.splitlines()[-1] == "Dry run: nothing was imported. 2 of 2 rows would be imported."
    assert data_rows(data, key) == before
    assert audit_actions(data, key) == [*trail, *["signed in", "signed out"] * 2]


def test_create_teams_adds_the_missing_teams(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor, register: object
) -> None:
    path = write(tmp_path / "staff.csv", BAD[1])
    assert run(["import", "staff", str(path)], data_dir)[0] == 1
    path = write(path, "Kim Hall,Peer worker,Peer worker,Night Line,Permanent,2024-01-08,")
    code, out, _ = run(["import", "staff", str(path), "--dry-run", "--create-teams"], data_dir)
    assert code == 0
    assert out.splitlines()[-1] == (
        "Dry run: nothing was imported. 1 of 1 rows would be imported, with 1 new team "
        "(Night Line)."
    )
    code, out, _ = run(["import", "staff", str(path), "--create-teams"], data_dir)
    assert code == 0
    assert "Imported 1 person. Added 1 new team: Night Line." in out
    assert "Night Line" in [t.name for t in services.teams.list_teams(admin)]


def test_a_file_where_every_row_fails_imports_nobody(
    data_dir: Path, tmp_path: Path, register: object
) -> None:
    code, out, _ = run(["import", "staff", str(write(tmp_path / "x.csv", *BAD))], data_dir)
    assert code == 1
    assert out.splitlines()[-1] == "Nobody was imported: all 2 rows have problems (listed above)."


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "x.csv: The file is empty."),
        (b"Name,Team\n", "x.csv: The file has a header line but no rows"),
        (b"\x00\x01\x02\x03" * 100, "x.csv: This is not a text file PeerDesk can read as CSV."),
        (None, "There is no file called x.csv"),
    ],
)
def test_an_unreadable_file_exits_2_with_one_sentence_and_changes_nothing(
    data_dir: Path, tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / "x.csv"
    if content is not None:
        path.write_bytes(content)
    before = digest(data_dir)
    code, out, err = run(["import", "staff", str(path)], data_dir)
    assert code == 2
    assert out == ""
    assert err.startswith(f"peerdesk: {words}")
    assert err.count("\n") == 1
    assert digest(data_dir) == before


def test_importing_into_a_folder_without_data_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "staff.csv", *GOOD)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run(["import", "staff", str(path)], empty)
    assert code == 1
    assert "There is no PeerDesk data in" in err
    assert list(empty.iterdir()) == []


# -- export ---------------------------------------------------------------------------------


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_each_csv_export_writes_its_file(
    data_dir: Path,
    tmp_path: Path,
    services: Services,
    admin: Actor,
    register: dict[str, StaffRecord],
) -> None:
    session = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=register["zoe"].id,
            supervisor_id=register["amara"].id,
            session_date=TODAY.replace(day=1),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.PHONE,
            confidential_notes="NOT-FOR-EXPORT",
        ),
    )
    services.actions.add(admin, session.id, "Write up the log", None, TODAY.replace(day=5))
    services.actions.add(admin, session.id, "Book a course", None, None)

    code, out, err = run(["export", "staff-list", "--out", str(tmp_path / "s.csv")], data_dir)
    assert (code, err) == (0, "")
    assert out == f"Wrote 5 people to {tmp_path / 's.csv'}.\n"
    assert len(read(tmp_path / "s.csv")) == 6
    code, out, _ = run(
        ["export", "staff-list", "--status", "all", "--out", str(tmp_path / "a.csv")], data_dir
    )
    assert out.startswith("Wrote 6 people")

    code, out, _ = run(["export", "actions", "--out", str(tmp_path / "o.csv")], data_dir)
    assert (code, out) == (0, f"Wrote 2 actions to {tmp_path / 'o.csv'}.\n")
    code, out, _ = run(
        ["export", "actions", "--overdue", "--out", str(tmp_path / "d.csv")], data_dir
    )
    assert out.startswith("Wrote 1 action to")
    assert [row[3] for row in read(tmp_path / "d.csv")] == ["Action", "Write up the log"]

    code, out, _ = run(["export", "training-matrix", "--out", str(tmp_path / "t.csv")], data_dir)
    assert code == 0
    assert read(tmp_path / "t.csv")[0] == ["Name", "Team", "Role category"]
    for name in ("s.csv", "a.csv", "o.csv", "d.csv", "t.csv"):
        assert "NOT-FOR-EXPORT" not in (tmp_path / name).read_text(encoding="utf-8-sig")
    exported = [e.details["file"] for e in services.audit.entries(admin, action="export")]
    assert sorted(exported) == ["a.csv", "d.csv", "o.csv", "s.csv", "t.csv"]


def test_an_export_that_cannot_be_written_is_one_sentence_and_exit_1(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "s.csv"
    code, out, err = run(["export", "staff-list", "--out", str(target)], data_dir)
    assert code == 1
    assert out == ""
    assert err.startswith(f"peerdesk: The folder {target.parent} does not exist")
    assert err.count("\n") == 1


def test_export_without_a_kind_or_out_is_a_usage_error(tmp_path: Path) -> None:
    for argv in (["export"], ["export", "staff-list"], ["export", "payroll", "--out", "x"]):
        done = subprocess.run(
            [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path), *argv],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, argv
        assert done.stderr.startswith("peerdesk: ")
        assert "Traceback" not in done.stderr


def test_import_runs_as_a_real_process(data_dir: Path, tmp_path: Path, database: Database) -> None:
    database.close()
    path = write(tmp_path / "staff.csv", "Sam Lee,Peer worker,Peer worker,,Permanent,2024-01-08,")
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(data_dir), "import", "staff", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 1 person." in done.stdout


# -- more export kinds ----------------------------------------------------------------------


def test_further_export_kinds_plug_in_whatever_the_order(tmp_path: Path) -> None:
    ran: list[str] = []

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--from", dest="start", required=True)

    def run_report(call: Invocation) -> int:
        ran.append(call.args.start)
        return 0

    for pdf_first in (True, False):
        parser = argparse.ArgumentParser(prog="peerdesk")
        commands = parser.add_subparsers(dest="command")
        if pdf_first:
            register_export_kind(commands, "trustee-report", "a PDF report", configure, run_report)
        register(commands)
        if not pdf_first:
            register_export_kind(commands, "trustee-report", "a PDF report", configure, run_report)
        args = parser.parse_args(["export", "trustee-report", "--from", "2026-01-01"])
        assert args.kind == "trustee-report"
        assert args.run(Invocation(args, tmp_path, io.StringIO(), io.StringIO(), TODAY)) == 0
        staff = parser.parse_args(["export", "staff-list", "--out", "x.csv"])
        assert staff.kind == "staff-list"
    assert ran == ["2026-01-01", "2026-01-01"]
