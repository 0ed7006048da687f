"""At start: a damaged data file is offered the newest good backup (and never written to);
a healthy one gets its daily backup in the background once the window shows."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from peerdesk.app import run_gui
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.services.actor import Actor
from peerdesk.services.backup_service import BackupService, inspect_backup
from peerdesk.services.backup_views import BackupProblem
from peerdesk.services.bundle import make_services
from peerdesk.services.sign_in import DataFileProblem, FolderState, SignInService
from peerdesk.store import sqlite_driver
from peerdesk.store.database import open_database
from peerdesk.store.database_key import DatabaseKey
from peerdesk.ui import application
from peerdesk.ui.context import AppContext
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.restore_dialogs import RestoreOfferDialog
from tests.conftest import TODAY
from tests.store import test_file_check
from tests.store.test_backup import files_in, table_rows
from tests.store.test_file_check import build_bad, sha256
from tests.ui.app_fixtures import add_person

big_database = test_file_check.big_database

DAMAGE = "peerdesk.db is damaged (database disk image is malformed). Restore it from a backup."
ADMIN, PASSWORD = "amara", "correct horse battery"


class SignInAs:
    """Stands in for the sign-in windows: sets PeerDesk up (a new or unencrypted folder) or
    signs in as the test's administrator, and keeps a copy of the data key."""

    def __init__(self) -> None:
        self.states: list[FolderState] = []
        self.key: DatabaseKey | None = None

    def __call__(self, service: SignInService, state: FolderState, *_: Any) -> object:
        self.states.append(state)
        try:
            if state in (FolderState.NEW, FolderState.UNENCRYPTED):
                signed = service.set_up(ADMIN, "Amara Okafor", PASSWORD).signed_in
            else:
                signed = service.sign_in(ADMIN, PASSWORD)
        except DataFileProblem as problem:
            self.key = DatabaseKey(problem.key.raw())
            return problem
        self.key = DatabaseKey(signed.key.raw())
        return signed


def encrypted_data(data: Path, *names: str, staff: int = 0) -> tuple[DatabaseKey, Path]:
    """A set-up (encrypted) data folder holding an organisation and the given people (or
    ``staff`` demo people); the data key and the database's path."""
    from peerdesk.services.demo_service import generate_demo

    service = SignInService(data / "peerdesk.db")
    signed = service.set_up(ADMIN, "Amara Okafor", PASSWORD).signed_in
    services = make_services(signed.database.sessions, today=lambda: TODAY)
    if staff:
        generate_demo(
            signed.database.sessions, signed.actor, staff=staff, months=12, seed=3, today=TODAY
        )
    else:
        services.organisation.create(signed.actor, OrganisationDetails(name="Brighter Paths"))
        for name in names:
            add_person(services, signed.actor, name)
    key = DatabaseKey(signed.key.raw())
    service.sign_out(signed)
    return key, data / "peerdesk.db"


def make_data(path: Path, *names: str) -> Path:
    """A PeerDesk database with an organisation and the given people."""
    database = open_database(path)
    try:
        services = make_services(database.sessions, today=lambda: TODAY)
        admin = Actor.local_administrator()
        services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
        for name in names:
            add_person(services, admin, name)
    finally:
        database.close()
    return path


@pytest.fixture(autouse=True)
def own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """run_gui's QSettings() go to a file of the test's own, not the user's."""
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(
        "PySide6.QtCore.QSettings", lambda *a: QSettings(ini, QSettings.Format.IniFormat)
    )


@pytest.fixture
def damaged_folder(tmp_path: Path, template_database: Path, big_database: Path) -> Path:
    """A data folder whose file is cut short, with backups: an old good one, a newer good
    one, and a newest one that is itself damaged."""
    data = tmp_path / "data"
    backups = data / "backups"
    backups.mkdir(parents=True)
    make_data(backups / "peerdesk-daily-20260601.db", "Amara Okafor")
    make_data(backups / "peerdesk-daily-20260612.db", "Amara Okafor", "Ben Carter")
    bad = build_bad("truncated", tmp_path, template_database, big_database)
    shutil.copyfile(bad, backups / "peerdesk-daily-20260614.db")
    shutil.copyfile(bad, data / "peerdesk.db")
    return data


def visible_windows() -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


class Loop:
    """Stands in for QApplication.exec: runs events until ``until()``, notes the windows
    shown, then closes them."""

    def __init__(self, qtbot: QtBot, until: Any = None) -> None:
        self.qtbot = qtbot
        self.until = until
        self.windows: list[Any] = []

    def __call__(self, app: Any = None) -> int:
        self.qtbot.wait(10)
        self.windows = visible_windows()
        if self.until is not None:
            self.qtbot.waitUntil(self.until, timeout=10000)
        for window in visible_windows():
            window.close()
        return 0


# -- the dialog -----------------------------------------------------------------------------


def test_the_offer_explains_and_names_the_backup(qtbot: QtBot, tmp_path: Path) -> None:
    backup = make_data(tmp_path / "peerdesk-daily-20260614.db", "Amara Okafor", "Ben Carter")
    summary = inspect_backup(backup, TODAY)
    dialog = RestoreOfferDialog(DAMAGE, summary)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    texts = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert texts["damage_text"] == DAMAGE
    offer = texts["offer_text"]
    assert offer.startswith("PeerDesk has not changed the damaged file.")
    assert "The newest good backup is from 14 June 2026: " in offer  # the day only: copied later
    assert "2 people, 0 sessions, last change " in offer
    assert "kept, as it is, in the backups folder" in offer
    assert texts["backup_people"] == "2 (2 current)"
    assert dialog.restore_button.isDefault()
    assert dialog.restore_button.text() == "&Restore this backup"
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RestoreOfferDialog.DialogCode.Rejected


# -- at start -------------------------------------------------------------------------------


def answer_offer(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, restore: bool) -> list[Any]:
    """Answer the offer dialog like a person: it opens, and a button is clicked."""
    offered: list[Any] = []

    def exec_(dialog: RestoreOfferDialog) -> int:
        dialog.open()
        qtbot.waitExposed(dialog)
        offered.append(dialog.summary)
        button = dialog.restore_button if restore else dialog.quit_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(RestoreOfferDialog, "exec", exec_)
    return offered


def test_a_damaged_file_is_offered_the_newest_good_backup_and_peerdesk_carries_on(
    qtbot: QtBot, qapp: Any, damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file from before encryption, damaged: its newest good backup is offered before
    anyone signs in; then PeerDesk is set up (encrypting the restored data) and opens."""
    path = damaged_folder / "peerdesk.db"
    damaged_bytes = path.read_bytes()
    good = damaged_folder / "backups" / "peerdesk-daily-20260612.db"
    expected = table_rows(good)["staff_member"]
    offered = answer_offer(monkeypatch, qtbot, restore=True)
    loop = Loop(qtbot)
    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", loop)
    sign_in = SignInAs()

    assert run_gui(damaged_folder, sign_in_flow=sign_in) == 0

    assert [summary.path for summary in offered] == [good]
    assert sign_in.states == [FolderState.UNENCRYPTED]
    assert table_rows(path, sign_in.key)["staff_member"] == expected
    kept = [p for p in (damaged_folder / "backups").iterdir() if "before-restore" in p.name]
    assert len(kept) == 1
    # the damaged file, byte for byte: it cannot be encrypted, and the window says so
    assert kept[0].read_bytes() == damaged_bytes
    (window,) = (w for w in loop.windows if isinstance(w, MainWindow))
    assert kept[0].name in window.statusBar().currentMessage()
    assert "could not be encrypted" in window.statusBar().currentMessage()
    assert "now encrypted" in window.statusBar().currentMessage()


def test_quitting_at_the_offer_changes_nothing(
    qtbot: QtBot, qapp: Any, damaged_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = damaged_folder / "peerdesk.db"
    before = sha256(path)
    listing = files_in(damaged_folder / "backups")
    offered = answer_offer(monkeypatch, qtbot, restore=False)
    errors: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", errors.append)

    assert run_gui(damaged_folder) == 1

    assert len(offered) == 1 and errors == []
    assert sha256(path) == before
    assert files_in(damaged_folder) == {"peerdesk.db", "backups"}
    assert files_in(damaged_folder / "backups") == listing


def test_a_newer_file_is_not_offered_a_backup(
    qapp: Any, tmp_path: Path, template_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    make_data(data / "backups" / "peerdesk-daily-20260612.db", "Amara Okafor")
    path = data / "peerdesk.db"
    shutil.copyfile(template_database, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = sha256(path)
    offered: list[Any] = []
    errors: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.offer_restore", lambda *a: offered.append(a))
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", errors.append)

    assert run_gui(data) == 1

    assert offered == [] and len(errors) == 1 and "newer version" in errors[0]
    assert sha256(path) == before


def test_damage_found_at_sign_in_offers_the_encrypted_backup_and_opens_it(
    qtbot: QtBot, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password opens the key, the full check then finds the data file damaged: its
    newest good (encrypted) backup is offered, restored, and PeerDesk opens on it."""
    data = tmp_path / "data"
    key, path = encrypted_data(data, staff=300)
    good = data / "backups" / "peerdesk-daily-20260614.db"
    good.parent.mkdir(exist_ok=True)
    BackupService.for_data_dir(data, key=key).back_up_to(Actor.local_administrator(), good)
    scribbled = bytearray(path.read_bytes())
    page = 4096
    for start in range(len(scribbled) // 2, len(scribbled) - page, page * 7):
        scribbled[start + 100 : start + 900] = b"\xa5" * 800
    path.write_bytes(bytes(scribbled))
    offered = answer_offer(monkeypatch, qtbot, restore=True)
    loop = Loop(qtbot, until=lambda: bool(offered))
    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", loop)

    assert run_gui(data, sign_in_flow=SignInAs()) == 0

    assert [summary.path for summary in offered] == [good]
    assert table_rows(path, key)["staff_member"] == table_rows(good, key)["staff_member"]
    (kept,) = (p for p in (data / "backups").iterdir() if "before-restore" in p.name)
    assert kept.read_bytes() == bytes(scribbled)
    assert any(isinstance(w, MainWindow) for w in loop.windows)


# -- the daily backup -----------------------------------------------------------------------


def test_the_daily_backup_is_made_in_the_background_once_the_window_shows(
    qtbot: QtBot, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    key, path = encrypted_data(data, "Amara Okafor")
    backups = data / "backups"
    messages: list[str] = []

    def made() -> bool:
        for window in visible_windows():
            if isinstance(window, MainWindow):
                messages.append(window.statusBar().currentMessage())
        return "Today's backup was made and checked." in messages

    loop = Loop(qtbot, until=made)
    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", loop)

    assert run_gui(data, sign_in_flow=SignInAs()) == 0

    (daily,) = backups.iterdir()
    assert daily.name.startswith("peerdesk-daily-")
    assert table_rows(daily, key)["staff_member"] == table_rows(path, key)["staff_member"]
    assert b"Amara Okafor" not in daily.read_bytes()
    timers = [w for w in loop.windows if isinstance(w, MainWindow)]
    assert timers and timers[0].findChild(QTimer, "daily_backup_timer") is not None
    # the backup is in the audit trail, put down to PeerDesk itself
    with sqlite_driver.connect(path, key) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_event")]
    assert "backup" in actions


def test_a_failed_daily_backup_is_said_in_the_status_bar(
    qtbot: QtBot, app_context: AppContext
) -> None:
    class Failing(BackupService):
        def make_daily_backup(self, progress: Any = None, is_cancelled: Any = None) -> Any:
            raise BackupProblem("There is not enough free space in /data/backups for the backup.")

    context = dataclasses.replace(
        app_context, backups=Failing(app_context.data_dir / "peerdesk.db")
    )
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    application.start_daily_backup(window, context)
    qtbot.waitUntil(lambda: "could not be made" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "Today's automatic backup could not be made. There is not enough free space in "
        "/data/backups for the backup."
    )
    assert window.isVisible()
