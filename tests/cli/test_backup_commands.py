"""`peerdesk backup` and `peerdesk restore`: output, exit codes, and the data left as it was."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerdesk import cli
from peerdesk.cli import build_parser, run_command
from peerdesk.store import backup as store_backup
from peerdesk.store.database import open_database
from peerdesk.store.keyring import KEY_FILE_NAME
from tests.cli.conftest import audit_actions, data_key, data_rows, signed_in
from tests.conftest import TODAY
from tests.store import test_file_check
from tests.store.test_backup import fail_during_copy, files_in, write_lock
from tests.store.test_file_check import BAD_NAME, build_bad, sha256
from tests.ui.app_fixtures import add_person

big_database = test_file_check.big_database


@pytest.fixture(autouse=True)
def commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two commands, whether or not cli.COMMANDS lists them yet."""
    extra = tuple(name for name in ("backup", "restore") if name not in cli.COMMANDS)
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, *extra))


def run(argv: list[str], data_dir: Path, answer: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    saved = sys.stdin
    sys.stdin = io.StringIO(answer if answer is not None else "")
    try:
        code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def assert_one_plain_line(err: str) -> None:
    assert err.startswith("peerdesk: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def add_people(data_dir: Path, *names: str) -> None:
    with signed_in(data_dir) as (signed, services):
        for name in names:
            add_person(services, signed.actor, name)


def assert_encrypted(path: Path, *names: str) -> None:
    raw = path.read_bytes()
    for text in ("SQLite format 3", *names):
        assert text.encode("utf-8") not in raw, text


# -- peerdesk backup ------------------------------------------------------------------------


def test_backup_without_out_makes_a_manual_backup_in_the_backups_folder(data_dir: Path) -> None:
    add_people(data_dir, "Amara Okafor")
    code, out, err = run(["backup"], data_dir)
    assert code == 0, err
    (made,) = (data_dir / "backups").iterdir()
    assert re.fullmatch(r"peerdesk-manual-\d{8}-\d{4}\.db", made.name)
    assert str(made) in out and "integrity check" in out
    key, data = data_key(data_dir), data_dir / "peerdesk.db"
    assert data_rows(made, key) == data_rows(data, key)
    # the copy holds the trail up to the backup; the data then records it and the sign-out
    assert audit_actions(data, key) == [*audit_actions(made, key), "backup", "signed out"]
    assert_encrypted(made, "Amara Okafor")  # encrypted with the data's key


def test_backup_to_a_folder_and_to_a_file(data_dir: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run(["backup", "--out", str(usb)], data_dir)
    assert code == 0
    (made,) = usb.iterdir()
    assert re.fullmatch(r"peerdesk-backup-\d{8}-\d{4}\.db", made.name)
    code, out, _ = run(["backup", "--out", str(usb / "friday.db")], data_dir)
    assert code == 0
    assert (usb / "friday.db").is_file() and str(usb / "friday.db") in out
    assert_encrypted(made)
    assert_encrypted(usb / "friday.db")


def test_backup_with_no_data_says_so(tmp_path: Path) -> None:
    code, out, err = run(["backup"], tmp_path)
    assert code == 1 and out == ""
    assert_one_plain_line(err)
    assert "no PeerDesk data" in err
    assert files_in(tmp_path) == set()


def test_backup_into_a_missing_folder_or_onto_the_data_is_bad_input(
    data_dir: Path, tmp_path: Path
) -> None:
    before = sha256(data_dir / "peerdesk.db")
    code, _, err = run(["backup", "--out", str(tmp_path / "no" / "such" / "x.db")], data_dir)
    assert code == 2
    assert_one_plain_line(err)
    code, _, err = run(["backup", "--out", str(data_dir / "peerdesk.db")], data_dir)
    assert code == 2
    assert "own data file" in err
    assert sha256(data_dir / "peerdesk.db") == before


def test_backup_on_a_full_disk_fails_plainly_and_leaves_nothing(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    fail_during_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    code, out, err = run(["backup", "--out", str(usb)], data_dir)
    assert code == 1 and out == ""
    assert_one_plain_line(err)
    assert "not enough free space" in err
    assert files_in(usb) == set()


def test_backup_of_a_damaged_file_fails_and_keeps_nothing(
    tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    bad = build_bad("corrupt pages", tmp_path, template_database, big_database)
    bad.replace(tmp_path / "peerdesk.db")
    before = sha256(tmp_path / "peerdesk.db")
    code, _, err = run(["backup"], tmp_path)
    assert code == 1
    assert_one_plain_line(err)
    assert sha256(tmp_path / "peerdesk.db") == before
    assert files_in(tmp_path / "backups") == set()


# -- peerdesk restore -----------------------------------------------------------------------


@pytest.fixture
def saved(data_dir: Path, tmp_path: Path) -> Path:
    """A backup on a "USB stick" holding one person; the data then gains two more."""
    add_people(data_dir, "Amara Okafor")
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = store_backup.backup_database(
        data_dir / "peerdesk.db", usb / "backup.db", key=data_key(data_dir)
    )
    add_people(data_dir, "Ben Carter", "Tomás Herrera")
    return copy


def test_restore_yes_puts_the_backup_in_place_and_keeps_the_old_data(
    data_dir: Path, saved: Path
) -> None:
    key, data = data_key(data_dir), data_dir / "peerdesk.db"
    expected, expected_trail = data_rows(saved, key), audit_actions(saved, key)
    replaced, replaced_trail = data_rows(data, key), audit_actions(data, key)

    code, out, err = run(["restore", str(saved), "--yes"], data_dir)

    assert code == 0, err
    assert "  people: 1" in out
    assert "  current staff: 1" in out
    assert "  supervision sessions: 0" in out
    assert "  last change: " in out
    assert data_rows(data, key) == expected
    # the restored trail is the backup's, and then the restore itself
    assert audit_actions(data, key) == [*expected_trail, "restored a backup"]
    (kept,) = (data_dir / "backups").iterdir()
    assert kept.name.startswith("peerdesk-before-restore-")
    assert str(kept) in out
    assert data_rows(kept, key) == replaced
    assert audit_actions(kept, key) == [*replaced_trail, "signed in", "signed out"]
    assert_encrypted(kept, "Ben Carter")
    assert "Restore this backup?" not in out


def test_restore_asks_first_and_yes_restores(data_dir: Path, saved: Path) -> None:
    code, out, _ = run(["restore", str(saved)], data_dir, answer="y\n")
    assert code == 0
    assert "Restore this backup? [y/N] " in out
    key = data_key(data_dir)
    assert data_rows(data_dir / "peerdesk.db", key) == data_rows(saved, key)


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "maybe\n"])
def test_restore_anything_but_yes_changes_nothing(data_dir: Path, saved: Path, answer: str) -> None:
    key, data = data_key(data_dir), data_dir / "peerdesk.db"
    before, trail = data_rows(data, key), audit_actions(data, key)
    code, out, _ = run(["restore", str(saved)], data_dir, answer=answer)
    assert code == 1
    assert "nothing was changed" in out
    # nothing but the trail of who ran the command (signing in reads the backup's key)
    assert data_rows(data, key) == before
    assert audit_actions(data, key) == [*trail, "signed in", "signed out"]
    assert not (data_dir / "backups").exists()


@pytest.mark.parametrize(
    "kind", ["corrupt pages", "truncated", "empty", "other application", "future version"]
)
def test_restore_of_a_bad_backup_exits_1_and_changes_nothing(
    kind: str, data_dir: Path, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    bad = build_bad(kind, tmp_path, template_database, big_database)
    key, data = data_key(data_dir), data_dir / "peerdesk.db"
    before, trail, bad_before = data_rows(data, key), audit_actions(data, key), sha256(bad)
    code, out, err = run(["restore", str(bad), "--yes"], data_dir)
    assert code == 1
    assert_one_plain_line(err)
    assert BAD_NAME in err
    assert "  problem: " in out
    assert data_rows(data, key) == before
    assert audit_actions(data, key) == [*trail, "signed in", "signed out"]
    assert sha256(bad) == bad_before
    assert files_in(data_dir) == {"peerdesk.db", KEY_FILE_NAME}


def test_restore_of_no_file_or_a_folder_is_bad_input(data_dir: Path, tmp_path: Path) -> None:
    before = sha256(data_dir / "peerdesk.db")
    code, out, err = run(["restore", str(tmp_path / "missing.db")], data_dir)
    assert (code, out) == (2, "")
    assert_one_plain_line(err)
    code, _, err = run(["restore", str(tmp_path)], data_dir)
    assert code == 2 and "folder" in err
    code, _, err = run(["restore", str(data_dir / "peerdesk.db"), "--yes"], data_dir)
    assert code == 2 and "own data file" in err
    assert sha256(data_dir / "peerdesk.db") == before  # refused before signing in


def test_restore_without_a_file_is_a_usage_error(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["restore"])
    assert exit_info.value.code == 2


def test_restore_is_refused_while_peerdesk_is_open(data_dir: Path, saved: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        write_lock(data_dir, child.pid)
        before = sha256(data_dir / "peerdesk.db")
        code, _, err = run(["restore", str(saved), "--yes"], data_dir)
        assert code == 1
        assert_one_plain_line(err)
        assert "PeerDesk is open" in err
        assert sha256(data_dir / "peerdesk.db") == before
    finally:
        child.kill()
        child.wait()


def test_restore_into_a_data_folder_holding_only_its_key_file(
    data_dir: Path, tmp_path: Path, saved: Path
) -> None:
    new = tmp_path / "new laptop"
    new.mkdir()
    shutil.copy2(data_dir / KEY_FILE_NAME, new / KEY_FILE_NAME)  # the key file came too
    code, out, err = run(["restore", str(saved), "--yes"], new)
    assert code == 0, err
    key = data_key(new)
    assert data_rows(new / "peerdesk.db", key) == data_rows(saved, key)
    assert audit_actions(new / "peerdesk.db", key) == [
        *audit_actions(saved, key),
        "restored a backup",
    ]
    assert "kept in" not in out
    assert files_in(new) == {"peerdesk.db", KEY_FILE_NAME}  # no empty database made first
    # and the administrator signs in to the restored data
    code, out, err = run(["check"], new)
    assert code == 0, err
    assert "people: 1\n" in out


def test_restore_into_an_empty_folder_asks_for_the_key_file_first(
    tmp_path: Path, saved: Path
) -> None:
    new = tmp_path / "new laptop"
    new.mkdir()
    code, out, err = run(["restore", str(saved), "--yes"], new)
    assert (code, out) == (1, "")
    assert_one_plain_line(err)
    assert f"copy {KEY_FILE_NAME} from the data folder the backup came from" in err
    assert files_in(new) == set()


def test_restore_of_an_older_backup_says_it_will_be_upgraded(
    data_dir: Path, tmp_path: Path
) -> None:
    from peerdesk.store import schema
    from peerdesk.store.connection import make_engine, sqlite_url

    old = tmp_path / "old.db"
    engine = make_engine(sqlite_url(old))
    with engine.begin() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
    engine.dispose()
    code, out, err = run(["restore", str(old), "--yes"], data_dir)
    assert code == 0, err
    assert "will be upgraded" in out
    assert "upgrade it" in out
    assert_encrypted(data_dir / "peerdesk.db")  # the plain backup was encrypted on the way in
    database = open_database(data_dir / "peerdesk.db", key=data_key(data_dir))
    try:
        assert database.upgraded_from == schema.REVISIONS[0]
    finally:
        database.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_backup_into_a_read_only_folder_fails_plainly(data_dir: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, out, err = run(["backup", "--out", str(locked)], data_dir)
        assert code == 1 and out == ""
        assert_one_plain_line(err)
        assert "read-only" in err
        assert files_in(locked) == set()
    finally:
        locked.chmod(0o755)


def test_check_on_a_damaged_file_names_the_backup_that_would_put_it_right(
    data_dir: Path,
) -> None:
    assert run(["backup"], data_dir)[0] == 0
    path = data_dir / "peerdesk.db"
    path.write_bytes(b"not a database any more" * 100)
    code, out, err = run(["check"], data_dir)
    assert code == 1
    assert_one_plain_line(err)
    assert out.startswith("The newest good backup is ")
    assert "peerdesk restore" in out
