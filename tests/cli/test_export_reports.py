"""peerdesk export trustee-report | supervision-record | checklist | person: arguments,
finding a person or checklist by name or id, exit codes and what is printed."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from peerdesk import cli
from peerdesk.cli import build_parser, run_command
from peerdesk.commands import export_reports
from peerdesk.commands.export_reports import Candidate, NoMatch, find_one
from peerdesk.reports.pdf_base import DocumentInfo, para, styles, write_pdf
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.trustee_report_service import TrusteeReportService
from tests.cli.conftest import ADMIN_NAME
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person


def parser() -> argparse.ArgumentParser:
    """The real command line, with this module's kinds whether or not cli.py lists it yet."""
    built = build_parser()
    if "export_reports" not in cli.COMMANDS:
        for action in built._actions:
            if isinstance(action, argparse._SubParsersAction):
                export_reports.register(action)
    return built


def run(argv: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: bad input
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


class FakeTrusteeExport:
    """Stands in for TrusteeReportService.export until it is written: a one-page PDF."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self,
        service: TrusteeReportService,
        actor: Actor,
        start: dt.date,
        end: dt.date,
        destination: Path,
        *,
        prepared_by: str = "",
        progress: Any = None,
        is_cancelled: Any = None,
    ) -> Path:
        self.calls.append({"start": start, "end": end, "prepared_by": prepared_by})

        def story() -> list[Any]:
            return [para(f"Period {start.isoformat()} to {end.isoformat()}", styles().body)]

        info = DocumentInfo("Trustee workforce report", prepared_by, "Riverside")
        return write_pdf(destination, info, story)


@pytest.fixture
def fake_trustee(monkeypatch: pytest.MonkeyPatch) -> FakeTrusteeExport:
    fake = FakeTrusteeExport()

    def export(self: TrusteeReportService, *args: Any, **kwargs: Any) -> Path:
        return fake(self, *args, **kwargs)

    monkeypatch.setattr(TrusteeReportService, "export", export, raising=False)
    return fake


# -- trustee-report -------------------------------------------------------------------------


def test_trustee_report_writes_the_pdf_and_prints_where(
    data_dir: Path, tmp_path: Path, fake_trustee: FakeTrusteeExport
) -> None:
    out = tmp_path / "board.pdf"
    argv = ["export", "trustee-report", "--from", "2025-04-01", "--to", "31/03/2026"]
    code, text, err = run([*argv, "--out", str(out)], data_dir)
    assert (code, err) == (0, "")
    assert text == f"Wrote the trustee report for 1 Apr 2025 to 31 Mar 2026 to {out}.\n"
    assert "Period 2025-04-01 to 2026-03-31" in pdf_text(out)
    assert fake_trustee.calls[-1]["prepared_by"] == ADMIN_NAME  # who signed in
    code, _text, _err = run([*argv, "--out", str(out), "--prepared-by", "Amara Okafor"], data_dir)
    assert code == 0
    assert fake_trustee.calls[-1]["prepared_by"] == "Amara Okafor"
    assert PdfReader(out).metadata.author == "Amara Okafor"


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        (["--from", "31/02/2026", "--to", "2026-03-31"], "'31/02/2026' is not a real date"),
        (["--from", "yesterday", "--to", "2026-03-31"], "is not a date PeerDesk can read"),
        (["--from", "2026-01-01", "--to", "2026-13-01"], "'2026-13-01' is not a real date"),
        (["--from", "2026-01-01"], "the following arguments are required: --to"),
    ],
)
def test_bad_dates_exit_2_with_one_sentence(
    data_dir: Path, tmp_path: Path, fake_trustee: FakeTrusteeExport, dates: list[str], words: str
) -> None:
    out = tmp_path / "r.pdf"
    code, text, err = run(["export", "trustee-report", *dates, "--out", str(out)], data_dir)
    assert code == 2
    assert text == ""
    assert err.startswith("peerdesk: ")
    assert words in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not out.exists() and fake_trustee.calls == []


def test_a_folder_as_the_pdf_is_bad_input(
    data_dir: Path, tmp_path: Path, fake_trustee: FakeTrusteeExport
) -> None:
    argv = ["export", "trustee-report", "--from", "2026-01-01", "--to", "2026-03-31"]
    code, _text, err = run([*argv, "--out", str(tmp_path)], data_dir)
    assert code == 2
    assert err == f"peerdesk: {tmp_path} is a folder: give the name of the PDF file to write.\n"


def test_without_data_it_says_so_and_exits_1(
    tmp_path: Path, fake_trustee: FakeTrusteeExport
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = ["export", "trustee-report", "--from", "2026-01-01", "--to", "2026-03-31"]
    code, _text, err = run([*argv, "--out", str(tmp_path / "r.pdf")], empty)
    assert code == 1
    assert "There is no PeerDesk data in" in err
    assert list(empty.iterdir()) == []


def test_the_real_trustee_report_from_the_command_line(
    data_dir: Path, tmp_path: Path, register: dict[str, StaffRecord]
) -> None:
    if not hasattr(TrusteeReportService, "export"):
        pytest.skip("TrusteeReportService.export is not written yet (helper R-A)")
    out = tmp_path / "trustees.pdf"
    argv = ["export", "trustee-report", "--from", "2025-04-01", "--to", "2026-03-31"]
    code, text, err = run([*argv, "--out", str(out)], data_dir)
    assert (code, err) == (0, "")
    assert text.endswith(f" to {out}.\n")
    assert "Okafor" not in pdf_text(out)


# -- supervision-record and finding people --------------------------------------------------


def test_supervision_record_by_name_whatever_the_accents_or_by_id(
    data_dir: Path, tmp_path: Path, register: dict[str, StaffRecord]
) -> None:
    out = tmp_path / "record.pdf"
    for staff in ("zoe lukasiewicz", "ZOË", "lukas", str(register["zoe"].id)):
        code, text, err = run(
            ["export", "supervision-record", "--staff", staff, "--out", str(out)], data_dir
        )
        assert (code, err) == (0, ""), staff
        assert text == f"Wrote Zoë Łukasiewicz's supervision record to {out}.\n"
    assert "Łukasiewicz" in pdf_text(out)


def test_supervision_record_for_a_period(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor, register: object
) -> None:
    out = tmp_path / "record.pdf"
    argv = ["export", "supervision-record", "--staff", "Ben Carter", "--out", str(out)]
    code, text, _err = run([*argv, "--from", "01/01/2026", "--to", "2026-06-30"], data_dir)
    assert code == 0
    assert (
        text == f"Wrote Ben Carter's supervision record for 1 Jan 2026 to 30 Jun 2026 to {out}.\n"
    )
    entry = services.audit.entries(admin, action="export")[0]
    assert (entry.details.get("from"), entry.details.get("to")) == ("2026-01-01", "2026-06-30")
    code, _text, err = run([*argv, "--from", "2026-01-01"], data_dir)
    assert code == 2
    assert err == "peerdesk: Give both --from and --to, or neither (for every session).\n"


def test_a_name_that_matches_nobody_exits_2(
    data_dir: Path, tmp_path: Path, register: object
) -> None:
    out = tmp_path / "r.pdf"
    code, text, err = run(
        ["export", "supervision-record", "--staff", "Nobody Here", "--out", str(out)], data_dir
    )
    assert (code, text) == (2, "")
    assert err == (
        "peerdesk: There is nobody called 'Nobody Here' in the staff register (current "
        "staff or leavers).\n"
    )
    code, _text, err = run(
        ["export", "supervision-record", "--staff", "999", "--out", str(out)], data_dir
    )
    assert code == 2
    assert err == "peerdesk: There is no person with id 999.\n"
    assert not out.exists()


def test_a_name_that_matches_several_lists_them_with_their_ids(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor, register: object
) -> None:
    first = add_person(services, admin, "Sam Lee")
    second = add_person(
        services, admin, "Sam Lee", start=dt.date(2019, 1, 7), end=dt.date(2024, 1, 5)
    )
    out = tmp_path / "r.pdf"
    code, text, err = run(
        ["export", "person", "--staff", "sam lee", "--out", str(tmp_path)], data_dir
    )
    assert (code, text) == (2, "")
    assert err == (
        f"peerdesk: 2 match 'sam lee': Sam Lee (id {first.id}, Peer worker); Sam Lee "
        f"(id {second.id}, Peer worker, leaver). Give the id instead, for example "
        f"--staff {first.id}.\n"
    )
    # the id settles it
    code, text, err = run(
        ["export", "supervision-record", "--staff", str(second.id), "--out", str(out)], data_dir
    )
    assert (code, err) == (0, "")
    assert out.exists()


def test_the_matching_rule() -> None:
    people = [
        Candidate(1, "Zoë Łukasiewicz"),
        Candidate(2, "Zoe Smith"),
        Candidate(3, "Ben Carter"),
        Candidate(4, "Ben Carter-Jones"),
    ]

    def find(text: str) -> int:
        return find_one(text, people, what="person", nobody="none {name}", option="--staff").id

    assert find("ben carter") == 3  # the exact name wins over a longer one
    assert find("  BEN   CARTER ") == 3
    assert find("jones") == 4
    assert find("łukasiewicz") == 1
    assert find("zoe l") == 1  # every word somewhere in the name
    assert find("2") == 2
    with pytest.raises(NoMatch, match=r"^2 match 'zoe'"):
        find("zoe")
    with pytest.raises(NoMatch, match=r"^none Ada$"):
        find("Ada")
    with pytest.raises(NoMatch, match="Give the person's name or id after --staff"):
        find("   ")
    many = [Candidate(i, f"Alex {i}") for i in range(1, 15)]
    with pytest.raises(NoMatch) as raised:
        find_one("alex", many, what="person", nobody="", option="--staff")
    assert "; and 4 more. Give the id instead" in str(raised.value)


# -- checklist ------------------------------------------------------------------------------


def test_checklist_by_title_or_id_and_several_with_one_title(
    data_dir: Path, tmp_path: Path, services: Services, admin: Actor
) -> None:
    out = tmp_path / "checklist.pdf"
    code, _text, err = run(
        ["export", "checklist", "--checklist", "supervision", "--out", str(out)], data_dir
    )
    assert code == 2
    assert err == "peerdesk: There is no checklist called 'supervision'.\n"
    first = services.checklists.start(admin, "peer-supervision")
    code, text, err = run(
        ["export", "checklist", "--checklist", "supervision for PEER", "--out", str(out)],
        data_dir,
    )
    assert (code, err) == (0, "")
    assert text == f"Wrote the checklist '{first.title}' to {out}.\n"
    assert out.exists()
    second = services.checklists.start(admin, "peer-supervision")
    code, _text, err = run(
        ["export", "checklist", "--checklist", first.title, "--out", str(out)], data_dir
    )
    assert code == 2
    assert f"(id {first.id}, started {first.started_on.isoformat()})" in err
    assert f"(id {second.id}, started" in err
    code, _text, err = run(
        ["export", "checklist", "--checklist", str(second.id), "--out", str(out)], data_dir
    )
    assert (code, err) == (0, "")


# -- person ---------------------------------------------------------------------------------


def test_person_writes_a_pdf_and_a_json_file_into_the_folder(
    data_dir: Path, tmp_path: Path, register: object
) -> None:
    folder = tmp_path / "sar"
    folder.mkdir()
    code, text, err = run(["export", "person", "--staff", "gwen", "--out", str(folder)], data_dir)
    assert (code, err) == (0, "")
    lines = text.splitlines()
    assert lines[0] == "Wrote everything held about Gwen Davies to:"
    written = sorted(p for p in folder.iterdir())
    assert sorted(lines[1:]) == sorted(str(p) for p in written)
    assert sorted(p.suffix for p in written) == [".json", ".pdf"]


def test_person_needs_a_folder(data_dir: Path, tmp_path: Path, register: object) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _text, err = run(["export", "person", "--staff", "ben", "--out", str(a_file)], data_dir)
    assert code == 2
    assert err == f"peerdesk: {a_file} is a file: give the folder to write the two files in.\n"
    missing = tmp_path / "no such folder"
    code, _text, err = run(["export", "person", "--staff", "ben", "--out", str(missing)], data_dir)
    assert code == 2
    assert err.startswith("peerdesk: The folder") and "does not exist" in err
    assert not missing.exists()


def test_the_kinds_are_listed_in_the_help() -> None:
    help_text = parser()._subparsers._group_actions[0].choices["export"].format_help()  # type: ignore[union-attr]
    for kind in ("trustee-report", "supervision-record", "checklist", "person", "staff-list"):
        assert kind in help_text


@pytest.mark.skipif(
    "export_reports" not in cli.COMMANDS, reason="cli.COMMANDS does not list export_reports yet"
)
def test_bad_input_from_a_real_process_is_one_sentence(tmp_path: Path) -> None:
    import subprocess
    import sys

    argv = ["export", "trustee-report", "--from", "2026-02-30", "--to", "2026-03-31"]
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path), *argv, "--out", "x.pdf"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("peerdesk: argument --from: The date '2026-02-30' is not")
    assert done.stderr.count("\n") == 1
