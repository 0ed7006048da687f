"""`peerdesk check` and `peerdesk demo` on hostile data files: one plain sentence, exit 1.

The files are those of tests/store/test_hostile_files.py, each the data folder's
peerdesk.db, and the commands run through ``peerdesk.cli.main`` as a script would. None
of them has a key file beside it, so each is refused before anyone signs in; the data
folders that are set up (encrypted, with a key file) but read-only, from a newer PeerDesk
or left by a crash are built below.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from peerdesk.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, main
from peerdesk.store import sqlite_driver
from peerdesk.store.keyring import KEY_FILE_NAME
from tests.cli.conftest import audit_actions, data_key, data_rows, reading, set_up
from tests.store import test_hostile_files as hostile
from tests.store.test_hostile_files import (
    CRASH_NAMES,
    DB_NAME,
    DEMO_STAFF,
    HOSTILE,
    Snapshot,
    Sources,
    assert_one_plain_sentence,
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


# Without its key, an encrypted file cannot be told from random bytes: the command says so.
WITHOUT_A_KEY_FILE = {
    "random bytes": (
        f"its key file {KEY_FILE_NAME} is missing, or it is not a PeerDesk database at all",
        "Put the key file back, or open PeerDesk and use the recovery key",
    )
}


def assert_refused(code: int, out: str, err: str, kind: str) -> None:
    assert code == EXIT_PROBLEM
    assert out == ""
    assert err.startswith("peerdesk: ") and err.endswith("\n")
    message = err.removeprefix("peerdesk: ").removesuffix("\n")
    assert_one_plain_sentence(message)
    says, advice = WITHOUT_A_KEY_FILE.get(kind, (HOSTILE[kind].says, HOSTILE[kind].advice))
    assert says in message
    assert advice in message


# Every command on every hostile file is refused in one sentence: none has a key file, so
# nobody can sign in to it. (A set-up folder that is read-only, or from a newer PeerDesk,
# is reported on by check: below.)
REFUSED = [(kind, command) for kind in HOSTILE for command in COMMANDS]


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


@pytest.fixture
def set_up_folder(tmp_path: Path, sources: Sources) -> Iterator[Callable[[str], Path]]:
    """A data folder holding the demo data, set up and encrypted (so with a key file and
    the encrypted copy made first in backups/); write permission restored after."""
    made: list[Path] = []

    def build(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(sources.filled, folder / DB_NAME)
        set_up(folder)
        made.append(folder)
        return folder

    yield build
    for folder in made:
        for entry in (folder, *folder.rglob("*")):
            entry.chmod(entry.stat().st_mode | stat.S_IWUSR)


def test_check_reports_on_a_read_only_database_without_writing(
    capsys: pytest.CaptureFixture[str], set_up_folder: Callable[[str], Path]
) -> None:
    folder = set_up_folder("read-only")
    os.chmod(folder / DB_NAME, 0o444)
    before = Snapshot.of(folder)
    code, out, err = run(capsys, folder, "check")
    assert code == EXIT_OK
    assert err == ""
    assert out.startswith("healthy:")
    assert f"people: {DEMO_STAFF}\n" in out
    assert Snapshot.of(folder) == before


def test_check_says_a_newer_database_is_not_healthy(
    capsys: pytest.CaptureFixture[str], set_up_folder: Callable[[str], Path]
) -> None:
    folder = set_up_folder("newer schema")
    conn = sqlite_driver.connect(folder / DB_NAME, data_key(folder))
    try:  # as a future PeerDesk would leave it: a new table and revision
        conn.execute("CREATE TABLE volunteer_shift (id INTEGER PRIMARY KEY, staff_id INTEGER)")
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        conn.commit()
    finally:
        conn.close()
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


# Signed in as the tests' administrator, adds three people, then is killed: the commits
# are left in the encrypted -wal file only.
CRASHING_WRITER = textwrap.dedent(
    """
    import datetime as dt, os, signal, sys
    from pathlib import Path
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.staff import StaffDetails
    from peerdesk.services.bundle import services_for
    from peerdesk.services.sign_in import SignInService

    signed = SignInService(Path(sys.argv[1])).sign_in(
        os.environ["PEERDESK_USER"], os.environ["PEERDESK_PASSWORD"]
    )
    services = services_for(signed, today=lambda: dt.date(2026, 6, 15))
    for name in sys.argv[2:]:
        services.staff.create(
            signed.actor,
            StaffDetails(
                full_name=name,
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                start_date=dt.date(2025, 9, 1),
            ),
        )
    print("committed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_after_a_crash_check_and_demo_see_every_committed_record(
    capsys: pytest.CaptureFixture[str], set_up_folder: Callable[[str], Path]
) -> None:
    folder = set_up_folder("crashed")
    path = folder / DB_NAME
    writer = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(path), *sorted(CRASH_NAMES)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert writer.returncode == -signal.SIGKILL, writer.stderr
    assert writer.stdout.strip() == "committed"
    wal = folder / (DB_NAME + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the commits are in the sidecar only
    key = data_key(folder)
    before, trail = data_rows(path, key), audit_actions(path, key)
    backups = Snapshot.of(folder / "backups")

    code, out, err = run(capsys, folder, "check")
    assert (code, err) == (EXIT_OK, "")
    assert f"people: {DEMO_STAFF + len(CRASH_NAMES)}\n" in out
    # the check changed nothing but the trail of who ran it
    assert data_rows(path, key) == before
    assert audit_actions(path, key) == [*trail, "signed in", "signed out"]

    code, out, err = run(capsys, folder, "demo", "--if-empty")
    assert (code, err) == (EXIT_OK, "")
    assert "already set up; no demo data added" in out

    # closing folded the sidecar back into the file; the backups are as they were
    assert sorted(p.name for p in folder.iterdir()) == ["backups", DB_NAME, KEY_FILE_NAME]
    assert Snapshot.of(folder / "backups") == backups
    with reading(path, key) as conn:
        names = [row[0] for row in conn.execute("SELECT full_name FROM staff_member")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
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
