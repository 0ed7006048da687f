"""The Backups section: the list, "Back up now…" and "Restore…", driven like a user would."""

from __future__ import annotations

import dataclasses
import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from peerdesk.services.actor import Actor
from peerdesk.services.backup_views import BackupProblem
from peerdesk.services.bundle import Services
from peerdesk.store import backup as store_backup
from peerdesk.ui.backup_panel import EMPTY_TEXT, LAST_FOLDER_KEY, BackupPanel
from peerdesk.ui.context import AppContext
from peerdesk.ui.restore_dialogs import RestoreConfirmDialog
from tests.store import test_file_check
from tests.store.test_backup import fail_during_copy, files_in, table_rows
from tests.store.test_file_check import build_bad, sha256
from tests.ui.app_fixtures import add_person

big_database = test_file_check.big_database


@pytest.fixture
def make_panel(qtbot: QtBot) -> Any:
    def make(context: AppContext) -> BackupPanel:
        panel = BackupPanel(context)
        qtbot.addWidget(panel)
        panel.resize(760, 480)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def click(qtbot: QtBot, button: QPushButton | None) -> None:
    assert button is not None
    assert button.isEnabled() and button.isVisible(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_row(qtbot: QtBot, panel: BackupPanel, row: int) -> None:
    rect = panel.table.visualRect(panel.model.index(row, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected() is panel.model.row_at(row)


def open_confirmation(qtbot: QtBot, panel: BackupPanel) -> RestoreConfirmDialog:
    qtbot.waitUntil(lambda: panel.confirm_dialog is not None and panel.confirm_dialog.isVisible())
    dialog = panel.confirm_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def text_of(dialog: RestoreConfirmDialog, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


@pytest.fixture
def with_backups(app_context: AppContext, template_database: Path) -> AppContext:
    folder = app_context.data_dir / "backups"
    folder.mkdir()
    for name in (
        "peerdesk-daily-20260613.db",
        "peerdesk-daily-20260614.db",
        "peerdesk-before-upgrade-0003_supervision-20260601T080000Z.db",
    ):
        shutil.copyfile(template_database, folder / name)
    return app_context


# -- the list -------------------------------------------------------------------------------


def test_no_backups_says_why_and_what_to_do(make_panel: Any, app_context: AppContext) -> None:
    panel = make_panel(app_context)
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == EMPTY_TEXT
    assert not panel.table.isVisible()
    assert not panel.restore_button.isEnabled()
    assert panel.back_up_button.isEnabled()


def test_the_list_shows_kind_date_and_size_newest_first(
    make_panel: Any, with_backups: AppContext, qtmodeltester: Any
) -> None:
    panel = make_panel(with_backups)
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert [model.index(r, 0).data() for r in range(3)] == [
        "Daily (automatic)",
        "Daily (automatic)",
        "Before an upgrade",
    ]
    assert model.index(0, 1).data().startswith("14 June 2026")
    assert model.index(0, 2).data().endswith("KB")
    assert panel.table.isVisible() and not panel.empty_label.isVisible()


# -- back up now ----------------------------------------------------------------------------


def test_back_up_now_copies_to_the_chosen_folder(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    services: Services,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_person(services, admin, "Amara Okafor")
    usb = tmp_path / "USB"
    usb.mkdir()
    asked: list[str] = []

    def choose(parent: Any, caption: str, start: str, *args: Any) -> str:
        asked.append(caption)
        return str(usb)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    panel = make_panel(app_context)

    click(qtbot, panel.back_up_button)

    qtbot.waitUntil(lambda: "Backed up to" in panel.message.text())
    (made,) = usb.iterdir()
    assert made.name.startswith("peerdesk-backup-") and made.suffix == ".db"
    assert str(made) in panel.message.text()
    assert table_rows(made) == table_rows(app_context.data_dir / "peerdesk.db")
    assert asked == ["Choose where to put the backup"]
    assert app_context.settings.value(LAST_FOLDER_KEY) == str(usb)
    assert not panel.progress.isVisible()
    assert not panel.error.isVisible()
    assert panel.back_up_button.isEnabled()


def test_choosing_no_folder_does_nothing(
    qtbot: QtBot, make_panel: Any, app_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    panel = make_panel(app_context)
    click(qtbot, panel.back_up_button)
    assert not panel.message.isVisible() and not panel.progress.isVisible()
    assert not (app_context.data_dir / "backups").exists()


def test_a_full_usb_stick_is_explained_and_leaves_no_file(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    fail_during_copy(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    panel = make_panel(app_context)

    click(qtbot, panel.back_up_button)

    qtbot.waitUntil(panel.error.isVisible)
    assert "not enough free space" in panel.error.text()
    assert str(usb) in panel.error.text()
    assert files_in(usb) == set()
    assert panel.back_up_button.isEnabled()


def test_progress_shows_while_the_copy_runs_and_cancel_stops_it(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_backup, "PAGES_PER_STEP", 1)
    panel = make_panel(app_context)
    seen: list[tuple[bool, bool]] = []
    real = store_backup._copy_pages

    def slow_copy(source: Any, target: Any, progress: Any, is_cancelled: Any) -> None:
        def step(done: int, total: int) -> None:
            seen.append((panel.progress.isVisible(), panel.cancel_button.isVisible()))
            if len(seen) == 2:
                panel.cancel_button.click()  # the person presses Cancel mid-copy
            progress(done, total)

        real(source, target, step, is_cancelled)

    monkeypatch.setattr(store_backup, "_copy_pages", slow_copy)
    panel.back_up_to(tmp_path)
    qtbot.waitUntil(lambda: "cancelled" in panel.message.text())
    assert seen[0] == (True, True)
    assert files_in(tmp_path) == {"data"}  # no copy, no partial file
    assert not panel.progress.isVisible() and not panel.cancel_button.isVisible()


# -- restore --------------------------------------------------------------------------------


def test_restore_shows_the_summary_and_calls_restore_backup_with_the_path(
    qtbot: QtBot, make_panel: Any, with_backups: AppContext
) -> None:
    restored: list[Path] = []
    context = dataclasses.replace(with_backups, restore_backup=restored.append)
    panel = make_panel(context)
    select_row(qtbot, panel, 0)

    click(qtbot, panel.restore_button)

    dialog = open_confirmation(qtbot, panel)
    text = text_of(dialog, "restore_text")
    assert text.startswith(
        "This replaces everything in PeerDesk with the backup from 14 June 2026 "
        "(0 people, 0 sessions"
    )
    assert "kept aside as peerdesk-before-restore-" in text
    assert "PeerDesk will close and open again." in text
    assert dialog.cancel_button.isDefault()
    assert dialog.restore_button is not None and not dialog.restore_button.isDefault()
    click(qtbot, dialog.restore_button)
    assert restored == [context.data_dir / "backups" / "peerdesk-daily-20260614.db"]


def test_cancel_is_the_default_and_restores_nothing(
    qtbot: QtBot, make_panel: Any, with_backups: AppContext
) -> None:
    restored: list[Path] = []
    context = dataclasses.replace(with_backups, restore_backup=restored.append)
    panel = make_panel(context)
    select_row(qtbot, panel, 1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on a backup asks to restore it
    dialog = open_confirmation(qtbot, panel)
    assert dialog.summary.path.name == "peerdesk-daily-20260613.db"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter presses the default: Cancel
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert restored == []


def test_restoring_in_place_replaces_the_data_and_lists_the_copy_kept_aside(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    services: Services,
    admin: Actor,
) -> None:
    add_person(services, admin, "Amara Okafor")
    made = app_context.backups.back_up_manual(admin)
    add_person(services, admin, "Ben Carter")
    panel = make_panel(app_context)
    select_row(qtbot, panel, 0)
    click(qtbot, panel.restore_button)
    dialog = open_confirmation(qtbot, panel)
    assert "(1 person, 0 sessions, last change " in text_of(dialog, "restore_text")
    assert text_of(dialog, "backup_people") == "1 (1 current)"

    click(qtbot, dialog.restore_button)

    qtbot.waitUntil(lambda: "Restored the backup" in panel.message.text())
    data = app_context.data_dir / "peerdesk.db"
    assert table_rows(data)["staff_member"] == table_rows(made.path)["staff_member"]
    labels = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert sorted(labels) == ["Before a restore", "Made on request"]


def test_a_restore_that_fails_says_why(
    qtbot: QtBot, make_panel: Any, with_backups: AppContext
) -> None:
    def refuse(path: Path) -> None:
        raise BackupProblem("PeerDesk is open on this data folder (process 99).")

    panel = make_panel(dataclasses.replace(with_backups, restore_backup=refuse))
    select_row(qtbot, panel, 0)
    click(qtbot, panel.restore_button)
    click(qtbot, open_confirmation(qtbot, panel).restore_button)
    qtbot.waitUntil(panel.error.isVisible)
    assert panel.error.text() == (
        "The backup was not restored. PeerDesk is open on this data folder (process 99)."
    )


def test_a_damaged_backup_from_disk_is_explained_and_cannot_be_restored(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    tmp_path: Path,
    template_database: Path,
    big_database: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = build_bad("corrupt pages", tmp_path, template_database, big_database)
    before = sha256(bad)
    restored: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    panel = make_panel(dataclasses.replace(app_context, restore_backup=restored.append))

    click(qtbot, panel.restore_file_button)

    dialog = open_confirmation(qtbot, panel)
    assert dialog.windowTitle() == "This backup cannot be restored"
    assert "damaged" in text_of(dialog, "restore_problem")
    assert dialog.restore_button is None
    assert dialog.cancel_button.text() == "Close"
    click(qtbot, dialog.cancel_button)
    assert restored == []
    assert sha256(bad) == before


def test_a_good_backup_from_disk_can_be_chosen(
    qtbot: QtBot,
    make_panel: Any,
    app_context: AppContext,
    template_database: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    restored: list[Path] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(template_database), "")
    )
    panel = make_panel(dataclasses.replace(app_context, restore_backup=restored.append))
    click(qtbot, panel.restore_file_button)
    click(qtbot, open_confirmation(qtbot, panel).restore_button)
    assert restored == [template_database]
