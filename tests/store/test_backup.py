"""store/backup.py: checked copies, nothing half-written on failure, and restoring safely."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from peerdesk.domain.enums import StaffStatus
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.staff_service import StaffQuery
from peerdesk.store import backup as store_backup
from peerdesk.store import schema, sqlite_driver
from peerdesk.store.backup import (
    BackupCancelled,
    BackupError,
    BadBackupError,
    backup_database,
    read_backup_contents,
    restore_database,
    running_instance,
)
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import Database, open_database
from peerdesk.store.database_key import DatabaseKey
from tests.conftest import TODAY
from tests.store import test_file_check
from tests.store.test_file_check import BAD_FILES, BAD_NAME, build_bad, sha256
from tests.ui.app_fixtures import add_person

big_database = test_file_check.big_database

NOW = dt.datetime(2026, 6, 15, 9, 30, tzinfo=dt.UTC)
AS_ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def table_rows(path: Path, key: DatabaseKey | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read-only: to compare two databases' data (an encrypted
    one with its ``key``)."""
    conn = sqlite_driver.connect(path.resolve().as_uri() + "?mode=ro", key, uri=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def add_staff(database: Database, *names: str) -> Services:
    services = make_services(database.sessions, today=lambda: TODAY)
    admin = Actor.local_administrator()
    for name in names:
        add_person(services, admin, name)
    return services


# -- making a copy --------------------------------------------------------------------------


def test_a_backup_of_an_open_database_holds_all_committed_data(
    database: Database, tmp_path: Path
) -> None:
    add_staff(database, "Amara Okafor", "Zoë Łukasiewicz")
    source = database.path
    assert (source.parent / "peerdesk.db-wal").exists()  # open, in WAL mode, not checkpointed
    destination = tmp_path / "usb" / "copy.db"
    done: list[tuple[int, int]] = []

    assert backup_database(source, destination, progress=lambda d, t: done.append((d, t))) == (
        destination
    )

    assert table_rows(destination) == table_rows(source)
    assert files_in(destination.parent) == {"copy.db"}
    assert done and done[-1][0] == done[-1][1] > 0
    conn = sqlite3.connect(destination)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_backing_up_leaves_the_source_folder_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    source = data_dir / "peerdesk.db"
    before = sha256(source)
    backup_database(source, tmp_path / "copy.db")
    assert sha256(source) == before
    assert files_in(data_dir) == {"peerdesk.db"}  # no -wal / -shm left by the read-only look


@pytest.mark.usefixtures("small_steps")
def test_a_cancelled_backup_leaves_nothing(big_database: Path, tmp_path: Path) -> None:
    destination = tmp_path / "out" / "copy.db"
    steps: list[int] = []

    def progress(done: int, total: int) -> None:
        steps.append(done)

    with pytest.raises(BackupCancelled):
        backup_database(
            big_database, destination, progress=progress, is_cancelled=lambda: len(steps) >= 1
        )
    assert files_in(destination.parent) == set()


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 4)


def fail_during_copy(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make the disk "fill up" after the copy has started writing the partial file."""
    real = store_backup._copy_pages

    def copy_then_fail(source: Any, target: Any, progress: Any, is_cancelled: Any) -> None:
        steps = 0

        def failing_progress(done: int, total: int) -> None:
            nonlocal steps
            steps += 1
            if steps == 3:
                raise error

        real(source, target, failing_progress, is_cancelled)

    monkeypatch.setattr(store_backup, "_copy_pages", copy_then_fail)


@pytest.mark.usefixtures("small_steps")
@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite_driver.OperationalError("database or disk is full"),
    ],
    ids=["ENOSPC", "sqlite full"],
)
def test_a_full_disk_leaves_no_partial_file_and_says_so(
    big_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    destination = tmp_path / "usb" / "peerdesk-backup-20260615-0930.db"
    partial_seen: list[bool] = []
    real_replace = os.replace
    fail_during_copy(monkeypatch, error)
    monkeypatch.setattr(os, "replace", lambda *a: partial_seen.append(True) or real_replace(*a))

    with pytest.raises(BackupError) as raised:
        backup_database(big_database, destination)

    message = str(raised.value)
    assert "not enough free space" in message
    assert str(destination.parent) in message
    assert "Traceback" not in message and "errno" not in message.casefold()
    assert files_in(destination.parent) == set()  # no .partial, no -journal
    assert not partial_seen  # never renamed into place


@pytest.mark.usefixtures("small_steps")
def test_the_partial_file_existed_before_the_failure(
    big_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The simulated failure really strikes mid-copy, with the partial file on disk (SQLite
    holds the copied pages until the copy is complete, so it may still be empty)."""
    destination = tmp_path / "copy.db"
    partial = store_backup.partial_path(destination)
    sizes: list[int] = []
    real = store_backup._copy_pages

    def watch(source: Any, target: Any, progress: Any, is_cancelled: Any) -> None:
        def look(done: int, total: int) -> None:
            sizes.append(partial.stat().st_size if partial.exists() else -1)
            if len(sizes) == 3:
                raise OSError(errno.ENOSPC, "No space left on device")

        real(source, target, look, is_cancelled)

    monkeypatch.setattr(store_backup, "_copy_pages", watch)
    with pytest.raises(BackupError):
        backup_database(big_database, destination)
    assert len(sizes) == 3 and min(sizes) >= 0  # the partial file existed at each step
    assert files_in(tmp_path) == set()


@pytest.mark.skipif(AS_ROOT, reason="root ignores folder permissions")
def test_a_read_only_folder_is_refused_in_plain_words(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(BackupError) as raised:
            backup_database(data_dir / "peerdesk.db", folder / "copy.db")
        assert "read-only" in str(raised.value)
        assert files_in(folder) == set()
    finally:
        folder.chmod(0o755)


def test_a_read_only_folder_simulated_for_root_too(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_during_copy(
        monkeypatch, sqlite_driver.OperationalError("attempt to write a readonly database")
    )
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    with pytest.raises(BackupError) as raised:
        backup_database(data_dir / "peerdesk.db", tmp_path / "copy.db")
    assert "read-only" in str(raised.value)
    assert files_in(tmp_path) == {"data"}


def test_a_file_where_the_folder_should_be_is_refused(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "usb").write_text("not a folder")
    with pytest.raises(BackupError) as raised:
        backup_database(data_dir / "peerdesk.db", tmp_path / "usb" / "copy.db")
    assert "not a folder" in str(raised.value)


def test_a_damaged_source_gives_no_backup(big_database: Path, tmp_path: Path) -> None:
    damaged = build_bad("corrupt pages", tmp_path, big_database, big_database)
    destination = tmp_path / "out" / "copy.db"
    with pytest.raises(BackupError):
        backup_database(damaged, destination)
    assert files_in(destination.parent) == set()


# -- what a backup holds --------------------------------------------------------------------


def test_contents_are_counted_without_changing_the_file(database: Database) -> None:
    services = add_staff(database, "Amara Okafor", "Ben Carter")
    admin = Actor.local_administrator()
    gone = add_person(
        services, admin, "Gwen Davies", start=dt.date(2020, 1, 6), end=dt.date(2025, 3, 31)
    )
    assert gone.id
    database.close()
    path = database.path
    before = sha256(path)
    contents = read_backup_contents(path, TODAY)
    assert (contents.people, contents.current_staff) == (3, 2)
    assert contents.supervision_sessions == 0
    assert contents.revision == schema.HEAD
    assert contents.last_change is not None
    assert contents.last_change.tzinfo is not None
    assert abs(contents.last_change - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert sha256(path) == before
    assert files_in(path.parent) == {"peerdesk.db"}


# -- restoring ------------------------------------------------------------------------------


def test_restore_round_trip_puts_the_backups_data_back(data_dir: Path) -> None:
    path = data_dir / "peerdesk.db"
    database = open_database(path)
    add_staff(database, "Amara Okafor")
    backup = backup_database(path, data_dir / "backups" / "peerdesk-daily-20260614.db")
    add_staff(database, "Ben Carter", "Tomás Herrera")
    database.close()
    expected = table_rows(backup)
    replaced = table_rows(path)
    assert expected != replaced

    kept = restore_database(path, backup, NOW)

    assert table_rows(path) == expected
    assert kept == data_dir / "backups" / "peerdesk-before-restore-20260615T093000Z.db"
    assert table_rows(kept) == replaced  # the data that was replaced is kept aside
    assert files_in(data_dir) == {"peerdesk.db", "backups"}
    reopened = open_database(path)
    try:
        services = make_services(reopened.sessions, today=lambda: TODAY)
        everyone = services.staff.page(
            Actor.local_administrator(), StaffQuery(status=StaffStatus.ALL), 0, 10
        )
        assert [row.full_name for row in everyone.rows] == ["Amara Okafor"]
    finally:
        reopened.close()


def test_restore_keeps_what_the_wal_held_and_drops_the_stale_wal(data_dir: Path) -> None:
    """The current file's -wal holds committed rows: they go into the kept-aside copy, and
    the -wal is removed so SQLite cannot replay it onto the restored data."""
    path = data_dir / "peerdesk.db"
    backup = backup_database(path, data_dir / "elsewhere.db")
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO team (name, name_key, created_at) "
        "VALUES ('Outreach', 'outreach', '2026-06-15T09:00:00.000000+00:00')"
    )
    writer.commit()
    wal = data_dir / "peerdesk.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    # copy the file with its -wal as a crashed app would leave them
    crashed = data_dir / "crashed"
    crashed.mkdir()
    for name in ("peerdesk.db", "peerdesk.db-wal"):
        shutil.copyfile(data_dir / name, crashed / name)
    writer.close()
    shutil.copyfile(crashed / "peerdesk.db", path)
    shutil.copyfile(crashed / "peerdesk.db-wal", wal)

    kept = restore_database(path, backup, NOW)

    assert kept is not None
    assert not wal.exists() and not (data_dir / "peerdesk.db-shm").exists()
    assert table_rows(path)["team"] == []
    assert [row[1] for row in table_rows(kept)["team"]] == ["Outreach"]


@pytest.mark.parametrize("kind", ["corrupt pages", "truncated", "random bytes", "empty"])
def test_a_damaged_current_file_is_kept_aside_byte_for_byte(
    kind: str, tmp_path: Path, big_database: Path, template_database: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    damaged = build_bad(kind, data, template_database, big_database)
    path = damaged.rename(data / "peerdesk.db")
    (data / "peerdesk.db-wal").write_bytes(b"leftover wal bytes")
    original = path.read_bytes()
    backup = data / "backups" / "peerdesk-daily-20260614.db"
    backup_database(template_database, backup)

    kept = restore_database(path, backup, NOW)

    assert kept is not None
    assert kept.read_bytes() == original
    assert (kept.parent / (kept.name + "-wal")).read_bytes() == b"leftover wal bytes"
    assert not (data / "peerdesk.db-wal").exists()
    assert table_rows(path) == table_rows(template_database)
    assert files_in(data) == {"peerdesk.db", "backups"}


@pytest.mark.parametrize("kind", [*BAD_FILES, "future version"])
def test_a_bad_backup_is_refused_and_nothing_changes(
    kind: str, data_dir: Path, tmp_path: Path, big_database: Path, template_database: Path
) -> None:
    path = data_dir / "peerdesk.db"
    before = sha256(path)
    folder = tmp_path / "usb"
    folder.mkdir()
    bad = build_bad(kind, folder, template_database, big_database)
    bad_before = sha256(bad)

    with pytest.raises(BadBackupError) as raised:
        restore_database(path, bad, NOW)

    message = str(raised.value)
    assert BAD_NAME in message
    if kind == "future version":
        assert "newer version of PeerDesk" in message
    assert sha256(path) == before
    assert sha256(bad) == bad_before
    assert files_in(data_dir) == {"peerdesk.db"}  # no backups/ folder, no partial file
    assert files_in(folder) == {BAD_NAME}


def test_restoring_the_data_file_onto_itself_is_refused(data_dir: Path) -> None:
    path = data_dir / "peerdesk.db"
    with pytest.raises(BadBackupError) as raised:
        restore_database(path, path, NOW)
    assert "own data file" in str(raised.value)


def test_a_missing_backup_is_refused(data_dir: Path) -> None:
    with pytest.raises(BadBackupError):
        restore_database(data_dir / "peerdesk.db", data_dir / "nope.db", NOW)


def test_restore_into_an_empty_folder_needs_nothing_kept(
    tmp_path: Path, template_database: Path
) -> None:
    path = tmp_path / "new laptop" / "peerdesk.db"
    path.parent.mkdir()
    assert restore_database(path, template_database, NOW) is None
    assert table_rows(path) == table_rows(template_database)
    assert files_in(path.parent) == {"peerdesk.db"}


@pytest.mark.usefixtures("small_steps")
def test_a_failure_while_restoring_changes_nothing(
    data_dir: Path, big_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "peerdesk.db"
    before = sha256(path)
    real = store_backup.write_verified_copy

    def fail_for_the_restore(source: Path, partial: Path, **kwargs: Any) -> None:
        if partial.name.endswith(".restoring"):
            fail_during_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
        real(source, partial, **kwargs)

    monkeypatch.setattr(store_backup, "write_verified_copy", fail_for_the_restore)
    with pytest.raises(BackupError) as raised:
        restore_database(path, big_database, NOW)
    assert "not enough free space" in str(raised.value)
    assert sha256(path) == before
    assert not list(data_dir.glob("*.restoring*"))
    assert files_in(data_dir) == {"peerdesk.db", "backups"}


def test_an_older_backup_is_upgraded_when_next_opened(data_dir: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(sqlite_url(old))
    with engine.begin() as conn:
        schema.upgrade(conn, schema.REVISIONS[0])
    engine.dispose()
    path = data_dir / "peerdesk.db"

    restore_database(path, old, NOW)

    database = open_database(path, now=NOW + dt.timedelta(minutes=1))
    try:
        assert database.upgraded_from == schema.REVISIONS[0]
        assert database.backup_path is not None
        assert "before-upgrade" in database.backup_path.name
    finally:
        database.close()
    names = files_in(data_dir / "backups")
    assert any(n.startswith("peerdesk-before-restore-") for n in names)
    assert any(n.startswith("peerdesk-before-upgrade-") for n in names)


def test_two_restores_in_the_same_second_keep_both_copies(
    data_dir: Path, template_database: Path
) -> None:
    path = data_dir / "peerdesk.db"
    first = restore_database(path, template_database, NOW)
    second = restore_database(path, template_database, NOW)
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


# -- another PeerDesk open on the folder ----------------------------------------------------


def write_lock(folder: Path, pid: int, host: str | None = None) -> None:
    import socket

    host = socket.gethostname() if host is None else host
    (folder / "peerdesk.lock").write_text(f"{pid}\npeerdesk\n{host}\n", encoding="utf-8")


@pytest.fixture
def other_process() -> Any:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    yield child
    child.kill()
    child.wait()


def test_no_lock_file_means_no_other_peerdesk(tmp_path: Path) -> None:
    assert running_instance(tmp_path) is None


def test_a_live_process_holding_the_lock_is_found(tmp_path: Path, other_process: Any) -> None:
    write_lock(tmp_path, other_process.pid)
    assert running_instance(tmp_path) == other_process.pid


def test_a_lock_left_by_a_crash_or_held_by_this_process_does_not_count(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    write_lock(tmp_path, child.pid)
    assert running_instance(tmp_path) is None
    write_lock(tmp_path, os.getpid())
    assert running_instance(tmp_path) is None
    (tmp_path / "peerdesk.lock").write_text("garbage")
    assert running_instance(tmp_path) is None


def test_a_lock_from_another_computer_counts_as_held(tmp_path: Path) -> None:
    write_lock(tmp_path, 4242, host="office-laptop-that-is-not-this-one")
    assert running_instance(tmp_path) == 4242


def test_backing_up_while_the_app_writes_gives_a_consistent_copy(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves by the app (another connection) restart the step-by-step copy; it still ends,
    consistent, and the app's connections and a new one still agree afterwards."""
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    services = add_staff(database, "Amara Okafor")
    admin = Actor.local_administrator()
    stop = threading.Event()
    written: list[int] = []

    def keep_saving() -> None:
        while not stop.is_set():
            add_person(services, admin, f"Person {len(written):04d}")
            written.append(1)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        while len(written) < 3:
            time.sleep(0.01)
        backup_database(database.path, tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()
    copied = table_rows(tmp_path / "copy.db")["staff_member"]
    assert 1 <= len(copied) <= len(written) + 1
    conn = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    add_person(services, admin, "After the backup")
    everyone = services.staff.page(admin, StaffQuery(status=StaffStatus.ALL), 0, 10_000)
    assert len(everyone.rows) == len(written) + 2 == len(table_rows(database.path)["staff_member"])


def test_a_copy_restarted_by_every_save_finishes_in_one_step(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step of the copy is followed by a save from another connection, so each
    restarts it: after a few restarts the copy is made in one step, with every save."""
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    services = add_staff(database, "Amara Okafor")
    admin = Actor.local_administrator()
    reports: list[tuple[int, int]] = []

    def save_between_steps(done: int, total: int) -> None:
        reports.append((done, total))
        if total > 1:  # not after the final one-step copy
            add_person(services, admin, f"Saved during step {len(reports)}")

    backup_database(database.path, tmp_path / "copy.db", progress=save_between_steps)

    assert reports[-1] == (1, 1)  # the one-step copy at the end
    assert len(reports) == 1 + store_backup.MAX_RESTARTS + 1
    copied = table_rows(tmp_path / "copy.db")["staff_member"]
    assert len(copied) == 1 + 1 + store_backup.MAX_RESTARTS  # Amara and every save
    assert copied == table_rows(database.path)["staff_member"]


def test_a_crashed_writers_leftover_is_swept_but_a_running_ones_is_not(
    big_database: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    dead = tmp_path / f"copy.db.{dead_pid}.partial"
    dead.write_bytes(b"half")
    (tmp_path / f"copy.db.{dead_pid}.partial-journal").write_bytes(b"j")
    old_style = tmp_path / "other.db.partial"
    old_style.write_bytes(b"half")
    running = tmp_path / f"next.db.{os.getppid()}.partial"  # our parent is alive
    running.write_bytes(b"being written")
    backup_database(big_database, tmp_path / "copy.db")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["copy.db", running.name]
