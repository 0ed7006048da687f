"""scripts/fault_injection.py works on encrypted folders: a few kills end clean, and its
detectors see damage, plain text and key slots that do not match."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from peerdesk.services.sign_in import SignInService
from peerdesk.store import sqlite_driver
from peerdesk.store.database import open_database
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.keyring import Keyring

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fault_injection.py"
WORKER = ROOT / "scripts" / "fault_worker.py"
# restore is left to the full run (a kill there can leave a stray file, reported), and so is
# encrypt (a kill while setup encrypts the old backups leaves them plain: a known bug, see
# the scenario's docstring), so that this test fails only on a new problem
SCENARIOS = ("demo", "signoff", "staff", "erase", "import", "backup")
A_NAME = "Ottoline Quarrendon-Vasquez"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fault_injection", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fault_injection", module)
    spec.loader.exec_module(module)
    return module


def add_team(path: Path, key: DatabaseKey | None, name: str) -> None:
    connection = sqlite_driver.connect(path, key)
    try:
        connection.execute(
            "INSERT INTO team (name, name_key, created_at) VALUES (?, ?, ?)",
            (name, name.casefold(), "2026-01-05T09:00:00.000000+00:00"),
        )
        connection.commit()
    finally:
        connection.close()


@pytest.mark.timeout(120)
def test_a_few_kills_on_encrypted_folders_leave_everything_intact(tmp_path: Path) -> None:
    work = tmp_path / "faults"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERDESK_")}
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--runs",
            "6",
            "--seed",
            "1",
            "--quick",
            "--data-dir",
            str(work),
            "--scenario",
            *SCENARIOS,
        ],
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
        cwd=tmp_path,  # works from anywhere, as from a clean clone
        env=env,  # the harness gives its processes the credentials itself
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "RESULT: passed" in output
    kills = re.search(r"^kills: (\d+)", output, re.MULTILINE)
    assert kills is not None and int(kills.group(1)) >= 6, output
    for figure in (
        "corruptions",
        "lost committed records",
        "non-atomic imports",
        "partial demos",
        "files readable without the key (plain SQLite, or a staff name in plain text)",
        "key slots and accounts that do not match",
    ):
        assert f"{figure}: 0" in output, output
    # every scenario either ran or says plainly why it was skipped
    for name in SCENARIOS:
        assert re.search(rf"^(ready|SKIPPED) +{name}:", output, re.MULTILINE), output
    assert re.search(r"^run +\d+ .* signoff .* ok: \d+ commits reported", output, re.MULTILINE)
    # the folders it worked on were encrypted: a key file beside each database, which is
    # not plain SQLite, and the password is in no file the harness wrote
    keys = sorted(work.rglob("peerdesk.keys"))
    assert keys, output
    for key_file in keys:
        database = key_file.with_name("peerdesk.db")
        if database.exists():
            assert not sqlite_driver.is_plain_sqlite(database), database
    script = load_script()
    password = script.HARNESS_PASSWORD.encode()
    assert not [p for p in work.rglob("*") if p.is_file() and password in p.read_bytes()]


def test_the_health_check_reads_an_encrypted_file_with_its_key(tmp_path: Path) -> None:
    script = load_script()
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    open_database(path, key=key).close()
    assert not sqlite_driver.is_plain_sqlite(path)
    assert script.health_problems(path, key) == []
    # another key does not read it
    problems = script.health_problems(path, DatabaseKey.generate())
    assert problems and "cannot read" in problems[0], problems


def test_the_health_check_sees_a_damaged_file(tmp_path: Path) -> None:
    script = load_script()
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    open_database(path, key=key).close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\xa5" * page  # scribble over a table's page
    path.write_bytes(bytes(data))
    assert script.health_problems(path, key)


def test_the_health_check_sees_orphaned_rows(tmp_path: Path) -> None:
    script = load_script()
    path = tmp_path / "peerdesk.db"
    key = DatabaseKey.generate()
    open_database(path, key=key).close()
    connection = sqlite_driver.connect(path, key)
    connection.execute(
        "INSERT INTO staff_absence (staff_id, first_day, kind, created_at) "
        "VALUES (999, '2026-01-05', 'x', '2026-01-05T00:00:00+00:00')"
    )
    connection.commit()
    connection.close()
    problems = script.health_problems(path, key)
    assert any("foreign_key_check" in p for p in problems), problems


def test_the_health_check_refuses_a_plain_file_without_encrypting_it(tmp_path: Path) -> None:
    script = load_script()
    path = tmp_path / "peerdesk.db"
    open_database(path).close()
    problems = script.health_problems(path, DatabaseKey.generate())
    assert problems and "plain SQLite" in problems[0], problems
    assert sqlite_driver.is_plain_sqlite(path)  # left as the kill left it


def test_plain_names_are_found_in_plain_files_and_not_in_encrypted_ones(tmp_path: Path) -> None:
    script = load_script()
    key = DatabaseKey.generate()
    encrypted = tmp_path / "encrypted" / "peerdesk.db"
    plain = tmp_path / "plain" / "peerdesk.db"
    open_database(encrypted, key=key).close()
    open_database(plain).close()
    add_team(encrypted, key, A_NAME)
    add_team(plain, None, A_NAME)
    files = script.data_files(encrypted.parent)
    assert files and script.plaintext_problems(files, [A_NAME], tmp_path) == []
    problems = script.plaintext_problems(script.data_files(plain.parent), [A_NAME], tmp_path)
    assert any("plain SQLite" in p for p in problems), problems
    assert any(A_NAME in p for p in problems), problems
    # a name in an uncheckpointed -wal is found too, and the key file is never searched
    wal = encrypted.with_name("peerdesk.db-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + A_NAME.encode())
    (encrypted.parent / "peerdesk.keys").write_text(A_NAME, encoding="utf-8")
    problems = script.plaintext_problems(script.data_files(encrypted.parent), [A_NAME], tmp_path)
    assert problems == [
        f"{Path('encrypted', 'peerdesk.db-wal')} holds the staff name {A_NAME!r} in plain text"
    ]


def test_a_key_slot_without_an_account_is_seen(tmp_path: Path) -> None:
    script = load_script()
    data_dir = tmp_path / "data"
    service = SignInService(data_dir / "peerdesk.db")
    signed = service.set_up(script.HARNESS_USER, "Harness", script.HARNESS_PASSWORD).signed_in
    key = signed.key.copy()
    service.sign_out(signed)
    assert script.key_slot_problems(data_dir, key) == []
    Keyring.beside(data_dir / "peerdesk.db").add("ghost", "A ghost's long password", key)
    problems = script.key_slot_problems(data_dir, key)
    assert problems == ["key slots with no active account: ghost"], problems


def test_the_worker_signs_in_with_the_credentials_in_its_environment(tmp_path: Path) -> None:
    script = load_script()
    data_dir = tmp_path / "data"
    service = SignInService(data_dir / "peerdesk.db")
    signed = service.set_up(script.HARNESS_USER, "Harness", script.HARNESS_PASSWORD).signed_in
    key = signed.key.copy()
    service.sign_out(signed)
    command = [
        sys.executable,
        str(WORKER),
        "staff",
        "--data-dir",
        str(data_dir),
        "--today",
        "2026-06-15",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERDESK_")}
    refused = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert refused.returncode != 0 and "PEERDESK_PASSWORD" in refused.stderr
    env |= {"PEERDESK_USER": script.HARNESS_USER, "PEERDESK_PASSWORD": script.HARNESS_PASSWORD}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]  # two committed units of work
    finally:
        process.kill()
        process.wait()
    events = script._events(lines)
    assert [e["k"] for e in events] == ["team", "created"], lines
    assert script.people_count(data_dir / "peerdesk.db", key) >= 1
    assert not sqlite_driver.is_plain_sqlite(data_dir / "peerdesk.db")
    # it signed in as the harness's account: set_up's sign-in, then the worker's
    connection = sqlite_driver.connect(data_dir / "peerdesk.db", key)
    try:
        signed_in = connection.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'signed in' AND actor_name = ?",
            ("Harness",),
        ).fetchone()[0]
    finally:
        connection.close()
    assert signed_in == 2


def test_lines_cut_by_the_kill_are_not_counted() -> None:
    script = load_script()
    events = script._events(['{"k": "session", "sid": 1, "seq": 5}', '{"k": "act', "noise"])
    assert events == [{"k": "session", "sid": 1, "seq": 5}]


def test_a_half_written_key_file_is_a_leftover_only_if_the_next_sign_in_keeps_it(
    tmp_path: Path,
) -> None:
    script = load_script()
    ring = Keyring.beside(tmp_path / "peerdesk.db")
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    killed = tmp_path / "peerdesk.keys.99999999.partial"  # its writer was killed
    killed.write_text("{half")
    writing = tmp_path / f"peerdesk.keys.{os.getpid()}.partial"  # its writer still is
    writing.write_text("{half")
    ring.unlock("amara", "correct horse battery").drop()  # the next sign-in
    result = script.RunResult(launch=None, delay=None)
    script.check_half_written_keys(tmp_path, result, "the next sign-in")
    assert not killed.exists()
    assert result.counts["leftover"] == 1  # the live writer's file stays, and is reported
    assert any(writing.name in message for _kind, message in result.messages)
    # with no key file yet, setting up's own clearing is what runs
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "peerdesk.keys.99999999.partial").write_text("{half")
    clean = script.RunResult(launch=None, delay=None)
    script.check_half_written_keys(fresh, clean, "the next setting up")
    assert not clean.failed and not list(fresh.iterdir())
