"""The command line: demo, check, --version, data folder choice and plain errors."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peerdesk import __version__
from peerdesk.app import main
from peerdesk.cli import build_parser, run_command
from peerdesk.store.location import DATA_DIR_VARIABLE, resolve_data_dir
from tests.cli.conftest import audit_actions, data_key, data_rows
from tests.conftest import TODAY


def run(argv: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"PeerDesk {__version__}"


def test_demo_then_check_reports_counts(tmp_path: Path) -> None:
    code, out, err = run(["demo", "--staff", "40", "--months", "6", "--seed", "3"], tmp_path)
    assert code == 0, err
    assert "40 people" in out
    code, out, err = run(["check"], tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("healthy:")
    counts = dict(line.split(": ", 1) for line in lines[1:])
    assert counts["people"] == "40"
    assert int(counts["current staff"]) + int(counts["leavers"]) == 40
    assert counts["organisations"] == "1"
    assert int(counts["teams"]) >= 4
    for kind in ("supervision sessions", "checklists", "policies", "training records"):
        assert int(counts[kind]) > 0, kind


def test_demo_refuses_a_register_with_people_and_leaves_it(tmp_path: Path) -> None:
    assert run(["demo", "--staff", "10"], tmp_path)[0] == 0
    path, key = tmp_path / "peerdesk.db", data_key(tmp_path)
    before, trail = data_rows(path, key), audit_actions(path, key)
    code, out, err = run(["demo", "--staff", "10"], tmp_path)
    assert code == 1
    assert out == ""
    assert err.startswith("peerdesk: ") and err.count("\n") == 1
    assert "already holds people" in err
    assert "Traceback" not in err
    # nothing changed but the trail of who ran the command
    assert data_rows(path, key) == before
    assert audit_actions(path, key) == [*trail, "signed in", "signed out"]


def test_demo_if_empty_does_nothing_when_people_exist(tmp_path: Path) -> None:
    assert run(["demo", "--staff", "10"], tmp_path)[0] == 0
    path = tmp_path / "peerdesk.db"
    before = sha256(path)
    code, out, _ = run(["demo", "--if-empty", "--staff", "30"], tmp_path)
    assert code == 0
    assert out == f"{tmp_path} is already set up; no demo data added.\n"
    assert sha256(path) == before  # not even signed in
    assert "people: 10" in run(["check"], tmp_path)[1]


def test_check_on_an_empty_folder_says_there_is_no_data(tmp_path: Path) -> None:
    code, out, _ = run(["check"], tmp_path)
    assert code == 1
    assert "no PeerDesk data" in out
    assert not (tmp_path / "peerdesk.db").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"this is a shopping list, not a database\n" * 20, "not a PeerDesk database"),
        (os.urandom(4096), "not a PeerDesk database"),
    ],
)
def test_damaged_files_give_one_plain_sentence_and_stay_untouched(
    tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "peerdesk.db"
    path.write_bytes(content)
    for command in (["check"], ["demo", "--staff", "5"]):
        code, _out, err = run(command, tmp_path)
        assert code == 1
        assert words in err
        assert "Traceback" not in err
        assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["peerdesk.db"]


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = sha256(path)
    code, _, err = run(["check"], tmp_path)
    assert code == 1
    assert "not a PeerDesk one" in err
    assert sha256(path) == before


def test_bad_arguments_exit_2_with_a_sentence(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path), "demo", "--staff", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "'x' is not a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_runs_as_a_real_process(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path), "demo", "--staff", "12"],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "people: 12" in done.stdout


def test_data_dir_option_beats_the_variable_which_beats_the_default(tmp_path: Path) -> None:
    env = {DATA_DIR_VARIABLE: str(tmp_path / "from-env")}
    assert resolve_data_dir(str(tmp_path / "opt"), env) == (tmp_path / "opt").resolve()
    assert resolve_data_dir(None, env) == (tmp_path / "from-env").resolve()
    default = resolve_data_dir(None, {})
    assert default.name == "PeerDesk"
