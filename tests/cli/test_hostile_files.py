"""`peerdesk check` and `peerdesk demo` on hostile data files: one plain sentence, exit 1.

The files are those of tests/store/test_hostile_files.py, each the data folder's
peerdesk.db, and the commands run through ``peerdesk.cli.main`` as a script would.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from peerdesk.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, main
from tests.store import test_hostile_files as hostile
from tests.store.test_hostile_files import (
    CRASH_NAMES,
    DB_NAME,
    DEMO_STAFF,
    HOSTILE,
    Snapshot,
    Sources,
    assert_one_plain_sentence,
    crashed_with_wal,
)

# the same fixtures: good source databases, and a data folder holding one hostile file
sources = hostile.sources
data_dir_for = hostile.data_dir_for

COMMANDS = {"check": ["check"], "demo": ["demo", "--staff", "5", "--months", "2"]}


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def assert_refused(code: int, out: str, err: str, kind: str) -> None:
    assert code == EXIT_PROBLEM
    assert out == ""
    assert err.startswith("peerdesk: ") and err.endswith("\n")
    message = err.removeprefix("peerdesk: ").removesuffix("\n")
    assert_one_plain_sentence(message)
    assert HOSTILE[kind].says in message
    assert HOSTILE[kind].advice in message


# Every command on every hostile file is refused in one sentence, except where the file is a
# readable PeerDesk database and the command only reads: those report on it (below).
REFUSED = [
    (kind, command)
    for kind in HOSTILE
    for command in COMMANDS
    if (kind, command) not in {("read-only", "check"), ("newer schema", "check")}
]


@pytest.mark.parametrize(("kind", "command"), REFUSED)
def test_a_command_on_a_hostile_file_says_why_in_one_sentence_and_changes_nothing(
    kind: str,
    command: str,
    capsys: pytest.CaptureFixture[str],
    data_dir_for: Callable[[str], Path],
) -> None:
    folder = data_dir_for(kind)
    before = Snapshot.of(folder)

    code, out, err = run(capsys, folder, *COMMANDS[command])

    assert_refused(code, out, err, kind)
    assert Snapshot.of(folder) == before


def test_check_reports_on_a_read_only_database_without_writing(
    capsys: pytest.CaptureFixture[str], data_dir_for: Callable[[str], Path]
) -> None:
    folder = data_dir_for("read-only")
    before = Snapshot.of(folder)
    code, out, err = run(capsys, folder, "check")
    assert code == EXIT_OK
    assert err == ""
    assert out.startswith("healthy:")
    assert f"people: {DEMO_STAFF}\n" in out
    assert Snapshot.of(folder) == before


def test_check_says_a_newer_database_is_not_healthy(
    capsys: pytest.CaptureFixture[str], data_dir_for: Callable[[str], Path]
) -> None:
    folder = data_dir_for("newer schema")
    before = Snapshot.of(folder)
    code, out, err = run(capsys, folder, "check")
    assert code == EXIT_PROBLEM
    assert err == ""
    assert out.startswith("not healthy:")
    assert "0099_from_the_future" in out
    assert Snapshot.of(folder) == before


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_bad_arguments_exit_2_before_the_file_is_opened(
    kind: str, capsys: pytest.CaptureFixture[str], data_dir_for: Callable[[str], Path]
) -> None:
    folder = data_dir_for(kind)
    before = Snapshot.of(folder)
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(folder), "demo", "--staff", "none"])
    assert stopped.value.code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'none' is not a whole number" in err
    assert Snapshot.of(folder) == before


def test_a_data_folder_that_is_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sources: Sources
) -> None:
    mistaken = tmp_path / DB_NAME  # --data-dir given the database, not its folder
    mistaken.write_bytes(sources.empty.read_bytes())
    before = Snapshot.of(tmp_path)
    code, out, err = run(capsys, mistaken, *COMMANDS["demo"])
    assert code == EXIT_PROBLEM
    assert out == ""
    assert err.count("\n") == 1 and "is a file, not a folder" in err
    code, out, err = run(capsys, mistaken, "check")
    assert code == EXIT_PROBLEM
    assert Snapshot.of(tmp_path) == before


def test_after_a_crash_check_and_demo_see_every_committed_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sources: Sources
) -> None:
    path = crashed_with_wal(tmp_path, sources)

    code, out, err = run(capsys, tmp_path, "check")
    assert (code, err) == (EXIT_OK, "")
    assert f"people: {DEMO_STAFF + len(CRASH_NAMES)}\n" in out
    assert (tmp_path / (DB_NAME + "-wal")).stat().st_size > 0  # the check wrote nothing

    code, out, err = run(capsys, tmp_path, "demo", "--if-empty")
    assert (code, err) == (EXIT_OK, "")
    assert "already holds data" in out

    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]
    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute("SELECT full_name FROM staff_member")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert len(names) == DEMO_STAFF + len(CRASH_NAMES)
    assert set(names) >= CRASH_NAMES


def test_the_command_line_runs_as_a_real_process_on_a_hostile_file(
    data_dir_for: Callable[[str], Path],
) -> None:
    folder = data_dir_for("truncated")
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "--data-dir", str(folder), "demo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == EXIT_PROBLEM
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "cut short" in done.stderr
