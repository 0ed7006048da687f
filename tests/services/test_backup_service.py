"""BackupService: the daily backup and its rotation, "Back up now", inspecting, restoring."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from peerdesk.domain.backup_rotation import BackupKind, daily_name
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.backup_service import BackupService, inspect_backup
from peerdesk.services.backup_views import (
    BackupCancelled,
    BackupProblem,
    BadBackup,
    contents_text,
    summary_lines,
)
from peerdesk.services.bundle import Services
from peerdesk.store import backup as store_backup
from peerdesk.store.database import Database
from peerdesk.store.errors import DatabaseOpenError, NewerDatabaseError
from tests.store import test_file_check
from tests.store.test_backup import fail_during_copy, files_in, table_rows, write_lock
from tests.store.test_file_check import build_bad, sha256
from tests.ui.app_fixtures import add_person

big_database = test_file_check.big_database

NOON = dt.datetime(2026, 6, 15, 12, 0).astimezone()
MANAGER = Actor(user_id=2, display_name="Amara", role=Role.MANAGER)
ADMIN = Actor.local_administrator()  # backups are for administrators only
SUPERVISOR = Actor(user_id=3, display_name="Zoë", role=Role.SUPERVISOR)


class Clock:
    def __init__(self, now: dt.datetime = NOON) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def backups(data_dir: Path, clock: Clock) -> BackupService:
    return BackupService.for_data_dir(data_dir, now=clock)


def put_backup(folder: Path, name: str, source: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copyfile(source, folder / name)
    return folder / name


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# -- the list -----------------------------------------------------------------------------


def test_the_list_is_newest_first_and_names_each_kind(
    backups: BackupService, template_database: Path
) -> None:
    folder = backups.folder
    for name in (
        "peerdesk-daily-20260610.db",
        "peerdesk-manual-20260612-0900.db",
        "peerdesk-before-upgrade-0003_supervision-20260611T080000Z.db",
        "peerdesk-before-restore-20260613T080000Z.db",
        "peerdesk-backup-20260614-1700.db",
    ):
        put_backup(folder, name, template_database)
    (folder / "peerdesk-daily-20260615.db.partial").write_bytes(b"half")
    (folder / "notes.txt").write_text("not a backup")

    entries = backups.list_backups(ADMIN)

    assert [e.kind for e in entries] == [
        BackupKind.COPY,
        BackupKind.BEFORE_RESTORE,
        BackupKind.MANUAL,
        BackupKind.BEFORE_UPGRADE,
        BackupKind.DAILY,
    ]
    assert entries[-1].made_at.date() == dt.date(2026, 6, 10)
    assert entries[0].size == template_database.stat().st_size
    assert entries[0].kind_label == "Back up now copy"


def test_no_backups_folder_is_an_empty_list(backups: BackupService) -> None:
    assert backups.list_backups() == []
    assert not backups.folder.exists()


@pytest.mark.parametrize("actor", [SUPERVISOR, MANAGER])
def test_only_an_administrator_may_see_or_make_backups(
    backups: BackupService, tmp_path: Path, actor: Actor
) -> None:
    with pytest.raises(AccessDenied):
        backups.list_backups(actor)
    with pytest.raises(AccessDenied):
        backups.back_up_to(actor, tmp_path)
    with pytest.raises(AccessDenied):
        backups.back_up_manual(actor)
    assert files_in(tmp_path) == {"data"}
    assert backups.list_backups(ADMIN) == []


# -- the daily backup ---------------------------------------------------------------------


def test_the_first_start_of_the_day_makes_a_checked_daily_backup(
    backups: BackupService, data_dir: Path
) -> None:
    assert backups.needs_daily_backup()
    result = backups.make_daily_backup()
    assert result.made is not None
    assert result.made.path == data_dir / "backups" / "peerdesk-daily-20260615.db"
    assert result.made.kind is BackupKind.DAILY
    assert integrity(result.made.path) == "ok"
    assert table_rows(result.made.path) == table_rows(data_dir / "peerdesk.db")
    assert files_in(data_dir / "backups") == {"peerdesk-daily-20260615.db"}
    # later the same day: nothing more
    assert not backups.needs_daily_backup()
    assert backups.make_daily_backup().made is None


def test_a_new_day_gets_its_own_backup(backups: BackupService, clock: Clock) -> None:
    backups.make_daily_backup()
    clock.now = NOON + dt.timedelta(days=1)
    assert backups.needs_daily_backup()
    made = backups.make_daily_backup().made
    assert made is not None and made.name == "peerdesk-daily-20260616.db"


def test_no_data_file_means_no_daily_backup(tmp_path: Path) -> None:
    service = BackupService.for_data_dir(tmp_path, now=Clock())
    assert not service.needs_daily_backup()
    assert service.make_daily_backup().made is None
    assert files_in(tmp_path) == set()


def test_the_daily_backup_rotates_old_ones_and_never_others(
    backups: BackupService, template_database: Path
) -> None:
    folder = backups.folder
    first = dt.date(2025, 1, 1)
    for n in range((dt.date(2026, 6, 14) - first).days + 1):
        put_backup(folder, daily_name(first + dt.timedelta(days=n)), template_database)
    never_rotated = {
        "peerdesk-manual-20240101-0900.db",
        "peerdesk-before-upgrade-0003_supervision-20240101T080000Z.db",
        "peerdesk-before-restore-20240101T080000Z.db",
        "peerdesk-backup-20240101-0900.db",
        "holiday copy.db",
    }
    for name in never_rotated:
        put_backup(folder, name, template_database)

    result = backups.make_daily_backup()

    assert result.made is not None
    left = files_in(folder)
    dailies = sorted(n for n in left if n.startswith("peerdesk-daily-"))
    assert never_rotated <= left
    assert len(dailies) == 7 + 2 + 11 - 1
    assert "peerdesk-daily-20260615.db" in dailies
    assert "peerdesk-daily-20250731.db" in dailies  # a month end within the year
    assert "peerdesk-daily-20250630.db" not in dailies
    assert len(result.removed) == 530 - len(dailies) + 1


def test_a_failed_daily_backup_says_why_and_rotates_nothing(
    backups: BackupService, template_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = put_backup(backups.folder, "peerdesk-daily-20240101.db", template_database)
    put_backup(backups.folder, "peerdesk-daily-20240102.db", template_database)
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    fail_during_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(BackupProblem) as raised:
        backups.make_daily_backup()
    assert "not enough free space" in str(raised.value)
    assert old.exists()
    assert files_in(backups.folder) == {"peerdesk-daily-20240101.db", "peerdesk-daily-20240102.db"}


# -- back up now ----------------------------------------------------------------------------


def test_back_up_now_to_a_folder_names_the_copy_by_date_and_time(
    backups: BackupService, tmp_path: Path, clock: Clock
) -> None:
    usb = tmp_path / "USB STICK"
    usb.mkdir()
    first = backups.back_up_to(ADMIN, usb)
    second = backups.back_up_to(ADMIN, usb)  # the same minute
    assert first.path == usb / "peerdesk-backup-20260615-1200.db"
    assert second.path == usb / "peerdesk-backup-20260615-1200-2.db"
    assert integrity(first.path) == "ok"
    assert files_in(usb) == {first.name, second.name}


def test_back_up_now_to_a_file_name(backups: BackupService, tmp_path: Path) -> None:
    entry = backups.back_up_to(ADMIN, tmp_path / "friday.db")
    assert entry.path == tmp_path / "friday.db"
    assert entry.kind is BackupKind.OTHER
    assert entry.size == (tmp_path / "friday.db").stat().st_size


def test_back_up_now_refuses_the_data_file_itself(backups: BackupService, data_dir: Path) -> None:
    before = sha256(data_dir / "peerdesk.db")
    with pytest.raises(BackupProblem):
        backups.back_up_to(ADMIN, data_dir / "peerdesk.db")
    assert sha256(data_dir / "peerdesk.db") == before


def test_a_manual_backup_goes_into_the_backups_folder(backups: BackupService) -> None:
    entry = backups.back_up_manual(ADMIN)
    assert entry.path == backups.folder / "peerdesk-manual-20260615-1200.db"
    assert entry.kind is BackupKind.MANUAL


def test_back_up_now_on_a_full_disk_leaves_nothing(
    backups: BackupService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    fail_during_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(BackupProblem) as raised:
        backups.back_up_to(ADMIN, usb)
    assert "not enough free space" in str(raised.value)
    assert files_in(usb) == set()


def test_back_up_now_can_be_cancelled(backups: BackupService, tmp_path: Path) -> None:
    with pytest.raises(BackupCancelled):
        backups.back_up_to(ADMIN, tmp_path, is_cancelled=lambda: True)
    assert files_in(tmp_path) == {"data"}


def test_backing_up_a_folder_without_data_says_so(tmp_path: Path) -> None:
    service = BackupService.for_data_dir(tmp_path / "empty", now=Clock())
    with pytest.raises(BackupProblem) as raised:
        service.back_up_manual(ADMIN)
    assert "no PeerDesk data" in str(raised.value)


# -- inspecting -----------------------------------------------------------------------------


def test_inspect_says_what_a_backup_holds_without_changing_it(
    database: Database, services: Services, admin: Actor, data_dir: Path
) -> None:
    for name in ("Amara Okafor", "Ben Carter"):
        add_person(services, admin, name)
    add_person(services, admin, "Gwen Davies", start=dt.date(2020, 1, 6), end=dt.date(2025, 3, 31))
    copy = store_backup.backup_database(
        database.path, data_dir / "backups" / "peerdesk-daily-20260303.db"
    )
    before = sha256(copy)

    summary = inspect_backup(copy, dt.date(2026, 6, 15))

    assert summary.ok and summary.problem == ""
    assert (summary.people, summary.current_staff, summary.supervision_sessions) == (3, 2, 0)
    assert summary.last_change is not None and summary.last_change.tzinfo is not None
    assert summary.made_at.date() == dt.date(2026, 3, 3)
    assert summary.kind is BackupKind.DAILY
    assert summary.size == copy.stat().st_size
    assert not summary.needs_upgrade
    assert sha256(copy) == before
    assert files_in(copy.parent) == {copy.name}
    assert contents_text(summary).startswith("3 people (2 current), 0 supervision sessions")
    assert dict(summary_lines(summary))["people"] == "3"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("corrupt pages", "damaged"),
        ("empty", "empty"),
        ("other application", "not a PeerDesk one"),
        ("future version", "newer version of PeerDesk"),
    ],
)
def test_inspect_explains_a_bad_backup(
    kind: str, words: str, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    bad = build_bad(kind, tmp_path, template_database, big_database)
    before = sha256(bad)
    summary = inspect_backup(bad)
    assert not summary.ok
    assert words in summary.problem
    assert summary.people == 0
    assert sha256(bad) == before
    assert "problem" in dict(summary_lines(summary))


def test_inspect_of_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    assert "no file" in inspect_backup(tmp_path / "nope.db").problem
    assert "folder" in inspect_backup(tmp_path).problem


def test_the_newest_good_backup_skips_damaged_ones(
    backups: BackupService, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    folder = backups.folder
    good = put_backup(folder, "peerdesk-daily-20260612.db", template_database)
    put_backup(folder, "peerdesk-daily-20260610.db", template_database)
    bad = build_bad("corrupt pages", tmp_path, template_database, big_database)
    shutil.copyfile(bad, folder / "peerdesk-daily-20260614.db")
    found = backups.newest_good_backup()
    assert found is not None and found.path == good


def test_no_good_backup_at_all(
    backups: BackupService, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    assert backups.newest_good_backup() is None
    bad = build_bad("truncated", tmp_path, template_database, big_database)
    put_backup(backups.folder, "peerdesk-daily-20260614.db", bad)
    assert backups.newest_good_backup() is None


# -- offering a backup when the file is damaged ---------------------------------------------


def damage(data_dir: Path, template_database: Path, big_database: Path, kind: str) -> Path:
    path = data_dir / "peerdesk.db"
    bad = build_bad(kind, data_dir, template_database, big_database)
    bad.replace(path)
    return path


def test_a_damaged_file_is_offered_the_newest_good_backup(
    backups: BackupService, data_dir: Path, template_database: Path, big_database: Path
) -> None:
    good = put_backup(backups.folder, "peerdesk-daily-20260614.db", template_database)
    damage(data_dir, template_database, big_database, "corrupt pages")
    offer = backups.offer_after_failure(DatabaseOpenError("peerdesk.db is damaged"))
    assert offer is not None and offer.path == good
    hint = backups.damage_hint()
    assert hint is not None and str(good) in hint and "peerdesk restore" in hint


def test_no_offer_for_a_newer_file_a_healthy_one_or_without_backups(
    backups: BackupService, data_dir: Path, template_database: Path, big_database: Path
) -> None:
    # a healthy file that failed for another reason (say, an upgrade)
    put_backup(backups.folder, "peerdesk-daily-20260614.db", template_database)
    assert backups.offer_after_failure(DatabaseOpenError("upgrade failed")) is None
    assert backups.offer_after_failure(NewerDatabaseError("newer")) is None
    assert backups.offer_after_failure(ValueError("something else")) is None
    assert backups.damage_hint() is None
    shutil.rmtree(backups.folder)
    damage(data_dir, template_database, big_database, "empty")
    assert backups.offer_after_failure(DatabaseOpenError("empty")) is None
    assert backups.damage_hint() == "There is no good backup in the backups folder to restore."


# -- restoring ------------------------------------------------------------------------------


def test_restore_round_trip_through_the_service(
    database: Database, services: Services, admin: Actor, backups: BackupService
) -> None:
    add_person(services, admin, "Amara Okafor")
    made = backups.back_up_manual(admin)
    add_person(services, admin, "Ben Carter")
    database.close()
    expected = table_rows(made.path)

    result = backups.restore(admin, made.path)

    restored = table_rows(database.path)
    trail = restored.pop("audit_event")
    assert trail[:-1] == expected.pop("audit_event")
    assert restored == expected
    # the restore itself is the restored data's newest audit entry
    assert trail[-1][4:6] == ("restored a backup", made.path.name)
    assert result.restored_from == made.path
    assert result.kept_aside is not None
    assert result.kept_aside.name.startswith("peerdesk-before-restore-")
    assert not result.needs_upgrade
    kinds = {entry.kind for entry in backups.list_backups()}
    assert kinds == {BackupKind.MANUAL, BackupKind.BEFORE_RESTORE}


def test_only_an_administrator_may_restore(backups: BackupService, data_dir: Path) -> None:
    made = backups.back_up_manual(ADMIN)
    before = sha256(data_dir / "peerdesk.db")
    with pytest.raises(AccessDenied):
        backups.restore(MANAGER, made.path)
    assert sha256(data_dir / "peerdesk.db") == before


def test_a_bad_backup_is_refused_by_the_service(
    backups: BackupService, admin: Actor, data_dir: Path, tmp_path: Path, template_database: Path
) -> None:
    bad = build_bad("future version", tmp_path, template_database, template_database)
    before = sha256(data_dir / "peerdesk.db")
    with pytest.raises(BadBackup) as raised:
        backups.restore(admin, bad)
    assert "newer version" in str(raised.value)
    assert sha256(data_dir / "peerdesk.db") == before


@pytest.fixture
def other_peerdesk(data_dir: Path) -> Any:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    write_lock(data_dir, child.pid)
    yield child
    child.kill()
    child.wait()


def test_restore_is_refused_while_another_peerdesk_has_the_folder_open(
    backups: BackupService,
    admin: Actor,
    data_dir: Path,
    template_database: Path,
    other_peerdesk: Any,
) -> None:
    before = sha256(data_dir / "peerdesk.db")
    with pytest.raises(BackupProblem) as raised:
        backups.restore(admin, template_database)
    assert f"process {other_peerdesk.pid}" in str(raised.value)
    assert sha256(data_dir / "peerdesk.db") == before
    assert not backups.folder.exists()
