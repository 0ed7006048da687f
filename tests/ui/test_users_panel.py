"""User accounts for administrators: the panel and its dialogs, driven with the keyboard and
mouse against a real encrypted data folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.services.account_service import AccountService, UserDetails, UserView
from peerdesk.services.actor import Actor, Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.bundle import make_services
from peerdesk.services.sign_in import SignedIn, SignInRefused, SignInService
from peerdesk.services.staff_service import StaffService
from peerdesk.services.views import StaffRecord
from peerdesk.store.keyring import KeyDerivation
from peerdesk.ui.user_dialog import ROLE_EXPLANATIONS, SetPasswordDialog, UserDialog
from peerdesk.ui.users_panel import (
    COL_ACTIVE,
    COL_LAST,
    COL_ROLE,
    COL_STAFF,
    COL_USERNAME,
    UsersPanel,
)
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

W = TypeVar("W", bound=QWidget)
PASSWORD = "river stones at dawn"
SAM_PASSWORD = "blue door green gate"


@pytest.fixture(autouse=True)
def fast_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("peerdesk.store.keyring.DERIVATION", KeyDerivation(1, 8 * 1024, 1))


@dataclass(frozen=True)
class Bundle:
    accounts: AccountService
    staff: StaffService


@dataclass
class World:
    path: Path
    signed: SignedIn
    bundle: Bundle
    sam: StaffRecord
    kim: StaffRecord

    @property
    def accounts(self) -> AccountService:
        return self.bundle.accounts

    def sign_in(self, username: str, password: str) -> SignedIn:
        service = SignInService(self.path)
        signed = service.sign_in(username, password)
        service.sign_out(signed)
        return signed


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Ada, the administrator who set PeerDesk up, signed in; two staff members."""
    path = tmp_path / "peerdesk.db"
    signed = SignInService(path).set_up("ada", "Ada Admin", PASSWORD).signed_in
    sessions = signed.database.sessions
    services = make_services(sessions, today=lambda: TODAY)
    services.organisation.create(signed.actor, OrganisationDetails(name="Riverside Peer Support"))
    sam = add_person(services, signed.actor, "Sam Khan", job_title="Peer supervisor")
    kim = add_person(services, signed.actor, "Kim Osei", job_title="Peer worker")
    accounts = AccountService(sessions, AuditLog(sessions), keyring=signed.keyring, key=signed.key)
    yield World(path, signed, Bundle(accounts, services.staff), sam, kim)
    signed.database.close()
    signed.key.drop()


def make_panel(qtbot: QtBot, world: World, actor: Actor | None = None) -> UsersPanel:
    panel = UsersPanel(lambda: world.bundle, actor or world.signed.actor)
    qtbot.addWidget(panel)
    panel.resize(900, 480)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    return panel


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def cell(panel: UsersPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def row_of(panel: UsersPanel, username: str) -> int:
    for row in range(panel.model.rowCount()):
        if cell(panel, row, COL_USERNAME) == username:
            return row
    raise AssertionError(f"{username} is not in the table")


def click_row(qtbot: QtBot, panel: UsersPanel, username: str) -> None:
    rect = panel.table.visualRect(panel.model.index(row_of(panel, username), COL_USERNAME))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    selected = panel.selected()
    assert selected is not None and selected.username == username


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_dialog(qtbot: QtBot, panel: UsersPanel, button: QPushButton) -> Any:
    click(qtbot, button)
    dialog = panel.current_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def general_error(dialog: QWidget) -> str:
    label = find(dialog, QLabel, "general_error")
    return label.text() if label.isVisible() else ""


def add_sam(qtbot: QtBot, panel: UsersPanel) -> UserDialog:
    dialog = open_dialog(qtbot, panel, panel.add_button)
    assert isinstance(dialog, UserDialog)
    qtbot.keyClicks(dialog.username_edit, "sam.k")
    qtbot.keyClicks(dialog.name_edit, "Sam Khan")
    qtbot.keyClicks(dialog.staff_combo, "Sam")  # keyboard search in the list
    assert dialog.staff_combo.currentText() == "Sam Khan (Peer supervisor)"
    assert dialog.password_edit is not None and dialog.again_edit is not None
    qtbot.keyClicks(dialog.password_edit, SAM_PASSWORD)
    qtbot.keyClicks(dialog.again_edit, SAM_PASSWORD)
    return dialog


def user(world: World, username: str) -> UserView:
    return next(u for u in world.accounts.users(world.signed.actor) if u.username == username)


# -- the table ---------------------------------------------------------------------------------


def test_panel_lists_accounts_with_role_staff_record_and_last_sign_in(
    qtbot: QtBot, world: World
) -> None:
    panel = make_panel(qtbot, world)
    assert panel.model.rowCount() == 1
    assert cell(panel, 0, COL_USERNAME) == "ada"
    assert cell(panel, 0, COL_ROLE) == "Administrator"
    assert cell(panel, 0, COL_STAFF) == "—"
    assert cell(panel, 0, COL_ACTIVE) == "Yes"
    last = user(world, "ada").last_sign_in_at
    assert last is not None
    local = last.astimezone()
    assert cell(panel, 0, COL_LAST) == f"{local.day} {local:%b %Y} {local:%H:%M}"
    assert not panel.edit_button.isEnabled()  # nothing selected yet
    assert panel.idle_spin.value() == 10


def test_only_administrators_manage_accounts(qtbot: QtBot, world: World) -> None:
    manager = Actor(user_id=99, display_name="Mo Manager", role=Role.MANAGER)
    panel = make_panel(qtbot, world, manager)
    assert panel.message.text() == "Only administrators can manage user accounts."
    assert panel.model.rowCount() == 0
    for button in (panel.add_button, panel.edit_button, panel.reset_button):
        assert not button.isEnabled()
    assert not panel.idle_spin.isEnabled()


# -- adding and editing ------------------------------------------------------------------------


def test_add_a_supervisor_linked_to_their_staff_record(qtbot: QtBot, world: World) -> None:
    panel = make_panel(qtbot, world)
    dialog = add_sam(qtbot, panel)
    assert dialog.role_combo.currentText() == "Supervisor"  # the usual case first
    assert find(dialog, QLabel, "role_hint").text() == ROLE_EXPLANATIONS[Role.SUPERVISOR]
    with qtbot.waitSignal(panel.changed):
        click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    row = row_of(panel, "sam.k")
    assert cell(panel, row, COL_ROLE) == "Supervisor"
    assert cell(panel, row, COL_STAFF) == "Sam Khan"
    assert cell(panel, row, COL_LAST) == "Never"
    assert panel.selected() is not None and panel.selected().username == "sam.k"  # type: ignore[union-attr]
    assert "Added Sam Khan's account" in panel.message.text()
    sam = user(world, "sam.k")
    assert sam.staff_id == world.sam.id and sam.must_change_password

    signed = world.sign_in("sam.k", SAM_PASSWORD)  # the first password opens PeerDesk
    assert signed.actor.role is Role.SUPERVISOR
    assert signed.actor.staff_id == world.sam.id
    assert signed.must_change_password


def test_add_shows_refusals_in_the_dialog(qtbot: QtBot, world: World) -> None:
    panel = make_panel(qtbot, world)
    dialog = add_sam(qtbot, panel)
    assert dialog.again_edit is not None
    dialog.again_edit.clear()
    qtbot.keyClicks(dialog.again_edit, "blue door green gat")
    click(qtbot, dialog.save_button)
    assert "not the same" in error_text(dialog, "password_again")

    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, "ADA")  # names are told apart without case
    qtbot.keyClicks(dialog.again_edit, SAM_PASSWORD)
    click(qtbot, dialog.save_button)
    assert general_error(dialog) == "There is already an account called ADA."
    assert dialog.isVisible()

    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, "sam k")
    click(qtbot, dialog.save_button)
    assert "no spaces" in error_text(dialog, "username")
    assert panel.model.rowCount() == 1


def test_a_staff_record_linked_to_another_account_cannot_be_chosen(
    qtbot: QtBot, world: World
) -> None:
    admin = world.signed.actor
    world.accounts.add(
        admin, UserDetails("sam.k", "Sam Khan", Role.SUPERVISOR, world.sam.id), SAM_PASSWORD
    )
    panel = make_panel(qtbot, world)
    dialog = open_dialog(qtbot, panel, panel.add_button)
    combo = find(dialog, QComboBox, "staff_id")
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == [
        "— none —",
        "Kim Osei (Peer worker)",
        "Sam Khan (Peer supervisor): sam.k's account",
    ]
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    assert not model.item(2).isEnabled()
    assert model.item(1).isEnabled()
    dialog.reject()

    click_row(qtbot, panel, "sam.k")  # editing sam.k: their own record is theirs to keep
    dialog = open_dialog(qtbot, panel, panel.edit_button)
    assert dialog.staff_combo.currentText() == "Sam Khan (Peer supervisor)"


def test_edit_changes_the_role_and_keeps_the_user_name(qtbot: QtBot, world: World) -> None:
    admin = world.signed.actor
    world.accounts.add(
        admin, UserDetails("sam.k", "Sam Khan", Role.SUPERVISOR, world.sam.id), SAM_PASSWORD
    )
    panel = make_panel(qtbot, world)
    click_row(qtbot, panel, "sam.k")
    dialog = open_dialog(qtbot, panel, panel.edit_button)
    assert dialog.windowTitle() == "Edit Sam Khan's account"
    assert dialog.username_edit.isReadOnly()
    qtbot.keyClicks(dialog.role_combo, "Manager")
    assert dialog.role_combo.currentText() == "Manager"
    assert find(dialog, QLabel, "role_hint").text() == ROLE_EXPLANATIONS[Role.MANAGER]
    with qtbot.waitSignal(panel.changed):
        click(qtbot, dialog.save_button)
    assert cell(panel, row_of(panel, "sam.k"), COL_ROLE) == "Manager"
    assert user(world, "sam.k").role is Role.MANAGER
    assert user(world, "sam.k").staff_id == world.sam.id


def test_the_last_administrator_keeps_the_role(qtbot: QtBot, world: World) -> None:
    panel = make_panel(qtbot, world)
    click_row(qtbot, panel, "ada")
    dialog = open_dialog(qtbot, panel, panel.edit_button)
    qtbot.keyClicks(dialog.role_combo, "Supervisor")
    click(qtbot, dialog.save_button)
    assert general_error(dialog).startswith("PeerDesk needs at least one administrator")
    assert dialog.isVisible()
    assert user(world, "ada").role is Role.ADMINISTRATOR


# -- passwords and deactivating ----------------------------------------------------------------


def test_reset_password_lets_them_sign_in_with_the_new_one(qtbot: QtBot, world: World) -> None:
    admin = world.signed.actor
    world.accounts.add(admin, UserDetails("sam.k", "Sam Khan", Role.SUPERVISOR), SAM_PASSWORD)
    panel = make_panel(qtbot, world)
    click_row(qtbot, panel, "sam.k")
    dialog = open_dialog(qtbot, panel, panel.reset_button)
    assert isinstance(dialog, SetPasswordDialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(text.startswith("Give Sam Khan (sam.k) a new password") for text in texts)
    new = "yellow kite over hill"
    qtbot.keyClicks(find(dialog, QLineEdit, "password"), "too short")
    qtbot.keyClicks(find(dialog, QLineEdit, "password_again"), "too short")
    click(qtbot, dialog.save_button)
    assert "at least 10 characters" in error_text(dialog, "password")
    for name in ("password", "password_again"):
        edit = find(dialog, QLineEdit, name)
        edit.clear()
        qtbot.keyClicks(edit, new)
    with qtbot.waitSignal(panel.changed):
        click(qtbot, dialog.save_button)
    assert "Reset Sam Khan's password" in panel.message.text()
    with pytest.raises(SignInRefused):
        world.sign_in("sam.k", SAM_PASSWORD)
    assert world.sign_in("sam.k", new).must_change_password


def test_deactivate_asks_naming_the_person_then_reactivate(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = world.signed.actor
    world.accounts.add(admin, UserDetails("sam.k", "Sam Khan", Role.SUPERVISOR), SAM_PASSWORD)
    panel = make_panel(qtbot, world)
    asked: list[tuple[Any, ...]] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    click_row(qtbot, panel, "sam.k")
    assert panel.active_button.text().replace("&", "") == "Deactivate…"
    click(qtbot, panel.active_button)
    assert "Deactivate Sam Khan's account (sam.k)?" in asked[0][2]
    assert user(world, "sam.k").active  # cancelled

    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.active_button)
    row = row_of(panel, "sam.k")
    assert cell(panel, row, COL_ACTIVE) == "Deactivated"
    assert not user(world, "sam.k").active
    assert "can no longer sign in" in panel.message.text()
    with pytest.raises(SignInRefused):
        world.sign_in("sam.k", SAM_PASSWORD)
    assert not panel.reset_button.isEnabled()
    assert panel.active_button.text().replace("&", "") == "Reactivate…"

    new = "yellow kite over hill"
    dialog = open_dialog(qtbot, panel, panel.active_button)
    assert dialog.windowTitle() == "Reactivate an account"
    for name in ("password", "password_again"):
        qtbot.keyClicks(find(dialog, QLineEdit, name), new)
    with qtbot.waitSignal(panel.changed):
        click(qtbot, dialog.save_button)
    assert cell(panel, row_of(panel, "sam.k"), COL_ACTIVE) == "Yes"
    assert world.sign_in("sam.k", new).actor.display_name == "Sam Khan"


def test_you_cannot_deactivate_yourself_nor_the_last_administrator(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    panel = make_panel(qtbot, world)
    click_row(qtbot, panel, "ada")
    click(qtbot, panel.active_button)
    assert panel.message.text() == "You cannot deactivate your own account."
    assert user(world, "ada").active

    # someone else acting as administrator (the command line, say) meets the other rule
    other = make_panel(qtbot, world, Actor.local_administrator())
    click_row(qtbot, other, "ada")
    click(qtbot, other.active_button)
    assert other.message.text().startswith("PeerDesk needs at least one administrator")
    assert "ada's account" in other.message.text()
    assert user(world, "ada").active
    assert cell(other, row_of(other, "ada"), COL_ACTIVE) == "Yes"


# -- the idle lock -----------------------------------------------------------------------------


def test_idle_lock_minutes_are_saved(qtbot: QtBot, world: World) -> None:
    panel = make_panel(qtbot, world)
    spin = panel.idle_spin
    assert (spin.minimum(), spin.maximum()) == (1, 240)
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignal(panel.idle_minutes_changed) as saved:
        qtbot.keyClicks(spin, "25")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert saved.args == [25]
    assert world.accounts.idle_lock_minutes(world.signed.actor) == 25
    assert "25 minutes" in find(panel, QLabel, "idle_saved").text()
    with qtbot.waitSignal(panel.idle_minutes_changed) as saved:
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert saved.args == [26]
    assert world.accounts.idle_lock_minutes(world.signed.actor) == 26

    again = make_panel(qtbot, world)  # read back when the panel refreshes
    assert again.idle_spin.value() == 26
