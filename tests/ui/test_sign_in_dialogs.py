"""Setting PeerDesk up, the recovery key, signing in, recovering and changing a password:
the real dialogs driven with the keyboard and mouse against a real encrypted data folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from peerdesk.domain.recovery_key import decode
from peerdesk.services.account_service import AccountService
from peerdesk.services.actor import Role
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.sign_in import (
    DataFileProblem,
    FolderState,
    SignedIn,
    SignInRefused,
    SignInService,
)
from peerdesk.store.keyring import KeyDerivation, Keyring
from peerdesk.ui import recovery_key_dialog as key_module
from peerdesk.ui.change_password_dialog import ChangePasswordDialog
from peerdesk.ui.recovery_key_dialog import RecoveryKeyDialog
from peerdesk.ui.set_up_dialog import SetUpDialog
from peerdesk.ui.sign_in_dialog import TOO_MANY, SignInDialog
from peerdesk.ui.tasks import InlineRunner

W = TypeVar("W", bound=QWidget)
PASSWORD = "river stones at dawn"
NEW_PASSWORD = "a kettle on the hob"


@pytest.fixture(autouse=True)
def fast_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("peerdesk.store.keyring.DERIVATION", KeyDerivation(1, 8 * 1024, 1))
    # a recovery key dialog still open when qtbot closes it would ask (a modal box)
    monkeypatch.setattr(key_module, "confirm_close", lambda parent: True)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Folder:
    path: Path
    recovery_key: str
    clock: Clock

    def service(self) -> SignInService:
        return SignInService(self.path, keyring=Keyring.beside(self.path, now=self.clock))


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    """A data folder set up with one administrator, ada, and signed out."""
    path = tmp_path / "data" / "peerdesk.db"
    path.parent.mkdir()
    service = SignInService(path)
    made = service.set_up("ada", "Ada Admin", PASSWORD)
    service.sign_out(made.signed_in)
    return Folder(path, made.recovery_key, Clock())


@pytest.fixture
def sessions() -> Iterator[list[SignedIn]]:
    """Signed-in sessions a test opened, signed out (their database closed) afterwards."""
    opened: list[SignedIn] = []
    yield opened
    for signed in opened:
        signed.database.close()
        signed.key.drop()


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def type_into(qtbot: QtBot, dialog: QWidget, name: str, text: str) -> None:
    edit = find(dialog, QLineEdit, name)
    edit.clear()
    qtbot.keyClicks(edit, text)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def show(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


# -- setting up -----------------------------------------------------------------------------


def fill_set_up(qtbot: QtBot, dialog: SetUpDialog, again: str = PASSWORD) -> None:
    type_into(qtbot, dialog, "display_name", "Ada Admin")
    type_into(qtbot, dialog, "username", "ada")
    type_into(qtbot, dialog, "password", PASSWORD)
    type_into(qtbot, dialog, "password_again", again)


def test_set_up_creates_the_administrator_and_shows_the_recovery_key_once(
    qtbot: QtBot, tmp_path: Path, sessions: list[SignedIn]
) -> None:
    path = tmp_path / "peerdesk.db"
    service = SignInService(path)
    assert service.state() is FolderState.NEW
    dialog = SetUpDialog(service, unencrypted=False, tasks=InlineRunner())
    show(qtbot, dialog)
    assert "encrypted on this computer" in find(dialog, QLabel, "intro_0").text()
    fill_set_up(qtbot, dialog)
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=5000)
    keys = dialog.recovery_dialog
    assert isinstance(keys, RecoveryKeyDialog)
    qtbot.waitExposed(keys)
    shown = find(keys, QLabel, "recovery_key").text()
    assert len(decode(shown)) == 32  # what is on screen is a valid key
    assert decode(shown) == decode(keys.recovery_key)
    assert "PeerDesk will not show it again" in find(keys, QLabel, "explanation").text()
    assert service.state() is FolderState.READY  # the key file exists already

    continue_button = find(keys, QPushButton, "continue_button")
    assert not continue_button.isEnabled()
    activate(qtbot, keys)
    qtbot.keyClick(keys, Qt.Key.Key_Escape)  # does nothing: the key would be lost
    assert keys.isVisible()
    qtbot.mouseClick(find(keys, QWidget, "kept_check"), Qt.MouseButton.LeftButton)
    assert continue_button.isEnabled()
    with qtbot.waitSignal(dialog.set_up_done, timeout=5000) as done:
        click(qtbot, continue_button)
    signed = done.args[0]
    assert isinstance(signed, SignedIn)
    sessions.append(signed)
    assert signed.actor.role is Role.ADMINISTRATOR
    assert signed.actor.display_name == "Ada Admin"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not keys.isVisible()


def test_set_up_refuses_passwords_that_differ_and_the_service_rules_by_field(
    qtbot: QtBot, tmp_path: Path
) -> None:
    service = SignInService(tmp_path / "peerdesk.db")
    dialog = SetUpDialog(service, unencrypted=False, tasks=InlineRunner())
    show(qtbot, dialog)
    fill_set_up(qtbot, dialog, again="river stones at dusk")
    click(qtbot, dialog.action_button)
    assert "not the same" in error_text(dialog, "password_again")
    assert find(dialog, QLineEdit, "password_again").text() == ""
    assert service.state() is FolderState.NEW  # nothing was written

    type_into(qtbot, dialog, "username", "ada lovelace")
    type_into(qtbot, dialog, "password", "short")
    type_into(qtbot, dialog, "password_again", "short")
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: bool(error_text(dialog, "password")), timeout=5000)
    assert "no spaces" in error_text(dialog, "username")
    assert "at least 10 characters" in error_text(dialog, "password")
    assert error_text(dialog, "password_again") == ""
    assert service.state() is FolderState.NEW
    assert dialog.recovery_dialog is None


def test_set_up_of_data_from_before_encryption_says_so_and_encrypts_it(
    qtbot: QtBot, data_dir: Path, sessions: list[SignedIn], monkeypatch: pytest.MonkeyPatch
) -> None:
    service = SignInService(data_dir / "peerdesk.db")
    assert service.state() is FolderState.UNENCRYPTED
    dialog = SetUpDialog(service, unencrypted=True, tasks=InlineRunner())
    show(qtbot, dialog)
    assert "encrypted now" in find(dialog, QLabel, "intro_1").text()
    assert "backup" in find(dialog, QLabel, "intro_1").text()
    assert dialog.action_button.text().replace("&", "") == "Create and encrypt"
    fill_set_up(qtbot, dialog)
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=10000)
    keys = dialog.recovery_dialog
    assert keys is not None
    monkeypatch.setattr(key_module, "confirm_close", lambda parent: True)
    with qtbot.waitSignal(dialog.set_up_done, timeout=5000) as done:
        keys.close()  # the close button, confirmed: set up all the same
    sessions.append(done.args[0])
    assert service.state() is FolderState.READY
    assert any("now encrypted" in notice for notice in done.args[0].notices)


# -- the recovery key dialog ------------------------------------------------------------------


def test_recovery_key_close_button_asks_before_closing(
    qtbot: QtBot, folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RecoveryKeyDialog(folder.recovery_key)
    show(qtbot, dialog)
    asked: list[tuple[Any, ...]] = []
    answer = [False]

    def confirm(parent: QWidget) -> bool:
        asked.append((parent,))
        return answer[0]

    monkeypatch.setattr(key_module, "confirm_close", confirm)
    dialog.close()
    assert asked and dialog.isVisible()  # asked, and kept open on Cancel
    answer[0] = True
    dialog.close()
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_recovery_key_closes_without_asking_once_ticked(
    qtbot: QtBot, folder: Folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RecoveryKeyDialog(folder.recovery_key)
    show(qtbot, dialog)
    monkeypatch.setattr(key_module, "confirm_close", lambda parent: pytest.fail("asked"))
    qtbot.mouseClick(find(dialog, QWidget, "kept_check"), Qt.MouseButton.LeftButton)
    dialog.close()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_recovery_key_copies_and_prints(
    qtbot: QtBot, folder: Folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RecoveryKeyDialog(folder.recovery_key)
    show(qtbot, dialog)
    click(qtbot, find(dialog, QPushButton, "copy_button"))
    assert QGuiApplication.clipboard().text() == folder.recovery_key
    QGuiApplication.clipboard().clear()

    pdf = tmp_path / "key.pdf"

    def to_pdf(parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        return printer

    monkeypatch.setattr(key_module, "choose_printer", to_pdf)
    click(qtbot, find(dialog, QPushButton, "print_button"))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    printed = "".join(ch for ch in text if ch.isalnum())
    assert "".join(folder.recovery_key.split("-")) in printed
    assert "PeerDesk will not show it again" in text

    monkeypatch.setattr(key_module, "choose_printer", lambda parent: None)  # cancelled
    pdf.unlink()
    click(qtbot, find(dialog, QPushButton, "print_button"))
    assert not pdf.exists()


# -- signing in -------------------------------------------------------------------------------


def test_sign_in_refuses_a_wrong_password_then_signs_in(
    qtbot: QtBot, folder: Folder, sessions: list[SignedIn]
) -> None:
    dialog = SignInDialog(folder.service(), "ada", tasks=InlineRunner())
    show(qtbot, dialog)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "password")  # name prefilled
    assert find(dialog, QLineEdit, "password").echoMode() == QLineEdit.EchoMode.Password
    message = find(dialog, QLabel, "message_label")

    qtbot.keyClicks(dialog.password_edit, "not my password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert message.text() == "That user name and password do not match."
    assert dialog.password_edit.text() == ""
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    assert not message.isVisible()  # typing again clears the refusal
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    signed = signal.args[0]
    sessions.append(signed)
    assert signed.username == "ada"
    assert not signed.locked
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_sign_in_asks_for_a_user_name_first(qtbot: QtBot, folder: Folder) -> None:
    dialog = SignInDialog(folder.service(), tasks=InlineRunner())
    show(qtbot, dialog)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.username_edit
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    click(qtbot, dialog.sign_in_button)
    assert find(dialog, QLabel, "message_label").text() == "Type your user name."
    assert dialog.focusWidget() is dialog.username_edit


def test_sign_in_counts_down_after_too_many_wrong_passwords(
    qtbot: QtBot, folder: Folder, sessions: list[SignedIn]
) -> None:
    dialog = SignInDialog(folder.service(), "ada", tasks=InlineRunner())
    show(qtbot, dialog)
    dialog.countdown.tick_ms = 20  # a second passes in 20 ms here
    message = find(dialog, QLabel, "message_label")
    countdown = find(dialog, QLabel, "countdown_label")
    for attempt in range(5):
        qtbot.keyClicks(dialog.password_edit, f"wrong guess {attempt}")
        click(qtbot, dialog.sign_in_button)
        qtbot.waitUntil(lambda: dialog.password_edit.text() == "", timeout=5000)
        qtbot.waitUntil(lambda: not dialog.work.busy, timeout=5000)
        folder.clock.now += dt.timedelta(seconds=1)
    # the fifth wrong password used up the free tries: the wait shows at once
    assert message.text() == TOO_MANY
    assert countdown.isVisible()
    assert countdown.text().startswith("You can try again in ")
    assert not dialog.sign_in_button.isEnabled()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # refused while waiting
    assert dialog.isVisible() and not dialog.work.busy

    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=5000)
    assert not countdown.isVisible()
    assert not message.isVisible()
    folder.clock.now += dt.timedelta(seconds=60)  # the keyring's wait is over too
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        click(qtbot, dialog.sign_in_button)
    sessions.append(signal.args[0])


def test_sign_in_shows_a_wait_the_service_reports(qtbot: QtBot, folder: Folder) -> None:
    class Waiting(SignInService):
        def sign_in(self, username: str, password: str) -> SignedIn:
            raise SignInRefused("Too many wrong passwords. Try again in 2 minutes.", 120)

    dialog = SignInDialog(Waiting(folder.path), "ada", tasks=InlineRunner())
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    click(qtbot, dialog.sign_in_button)
    countdown = find(dialog, QLabel, "countdown_label")
    qtbot.waitUntil(countdown.isVisible, timeout=5000)
    assert countdown.text() == "You can try again in 2 minutes."
    assert not dialog.sign_in_button.isEnabled()
    qtbot.waitUntil(lambda: countdown.text() == "You can try again in 1 minute 59 seconds.")


def test_sign_in_hands_on_a_damaged_data_file(qtbot: QtBot, folder: Folder) -> None:
    with folder.path.open("r+b") as data:  # the right password, but the file is damaged
        data.seek(0)
        data.write(b"\0" * 4096)
    dialog = SignInDialog(folder.service(), "ada", tasks=InlineRunner())
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.data_problem, timeout=5000) as signal:
        click(qtbot, dialog.sign_in_button)
    problem = signal.args[0]
    assert isinstance(problem, DataFileProblem)
    assert problem.username == "ada"
    assert problem.key.present  # for checking and restoring a backup
    problem.key.drop()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_forgotten_password_recovers_with_the_key_and_signs_in(
    qtbot: QtBot, folder: Folder, sessions: list[SignedIn]
) -> None:
    service = folder.service()
    dialog = SignInDialog(service, "ada", tasks=InlineRunner())
    show(qtbot, dialog)
    click(qtbot, find(dialog, QPushButton, "forgotten_button"))
    recover = dialog.recover_dialog
    assert recover is not None
    qtbot.waitExposed(recover)
    assert recover.username_edit.text() == "ada"  # carried over from the sign-in
    qtbot.keyClicks(recover.key_edit, folder.recovery_key.lower().replace("-", " "))
    qtbot.keyClicks(recover.new_edit, NEW_PASSWORD)
    qtbot.keyClicks(recover.again_edit, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        click(qtbot, recover.action_button)
    signed = signal.args[0]
    assert signed.username == "ada"
    assert dialog.result() == QDialog.DialogCode.Accepted
    service.sign_out(signed)

    with pytest.raises(SignInRefused):
        service.sign_in("ada", PASSWORD)  # the old password is gone
    sessions.append(service.sign_in("ada", NEW_PASSWORD))


def test_recover_dialog_shows_refusals_by_field(qtbot: QtBot, folder: Folder) -> None:
    from peerdesk.ui.recover_dialog import RecoverDialog

    service = folder.service()
    dialog = RecoverDialog(service, tasks=InlineRunner())
    show(qtbot, dialog)
    click(qtbot, dialog.action_button)
    assert error_text(dialog, "recovery_key") == "Type the recovery key."

    typo = ("A" if folder.recovery_key[0] != "A" else "B") + folder.recovery_key[1:]
    qtbot.keyClicks(dialog.key_edit, typo)
    qtbot.keyClicks(dialog.username_edit, "ada")
    qtbot.keyClicks(dialog.new_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.again_edit, "something else entirely")
    click(qtbot, dialog.action_button)
    assert "not the same" in error_text(dialog, "new_again")

    qtbot.keyClicks(dialog.again_edit, NEW_PASSWORD)
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: bool(error_text(dialog, "recovery_key")), timeout=5000)
    assert "typo" in error_text(dialog, "recovery_key")

    type_into(qtbot, dialog, "recovery_key", folder.recovery_key)
    type_into(qtbot, dialog, "new", "short")
    type_into(qtbot, dialog, "new_again", "short")
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: bool(error_text(dialog, "new")), timeout=5000)
    assert "at least 10 characters" in error_text(dialog, "new")

    type_into(qtbot, dialog, "username", "nobody")
    type_into(qtbot, dialog, "new", NEW_PASSWORD)
    type_into(qtbot, dialog, "new_again", NEW_PASSWORD)
    click(qtbot, dialog.action_button)
    general = find(dialog, QLabel, "general_error")
    qtbot.waitUntil(general.isVisible, timeout=5000)
    assert "is not one" in general.text()
    assert dialog.isVisible()


# -- changing a password ----------------------------------------------------------------------


def accounts_for(signed: SignedIn) -> AccountService:
    sessions = signed.database.sessions
    return AccountService(sessions, AuditLog(sessions), keyring=signed.keyring, key=signed.key)


def test_change_password_refuses_a_wrong_current_one_then_changes_it(
    qtbot: QtBot, folder: Folder, sessions: list[SignedIn]
) -> None:
    service = folder.service()
    signed = service.sign_in("ada", PASSWORD)
    dialog = ChangePasswordDialog(accounts_for(signed), signed.actor, tasks=InlineRunner())
    show(qtbot, dialog)
    assert dialog.windowTitle() == "Change your password"
    assert dialog.cancel_button is not None
    qtbot.keyClicks(dialog.current_edit, "not it at all")
    qtbot.keyClicks(dialog.new_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.again_edit, NEW_PASSWORD)
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: bool(error_text(dialog, "current")), timeout=5000)
    assert error_text(dialog, "current") == "That is not your current password."
    assert dialog.current_edit.text() == ""
    assert dialog.new_edit.text() == NEW_PASSWORD  # kept: only the wrong field is cleared

    qtbot.keyClicks(dialog.current_edit, PASSWORD)
    assert error_text(dialog, "current") == ""
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        click(qtbot, dialog.action_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    service.sign_out(signed)

    with pytest.raises(SignInRefused):
        service.sign_in("ada", PASSWORD)
    sessions.append(service.sign_in("ada", NEW_PASSWORD))


def test_must_change_password_mode_cannot_be_cancelled(
    qtbot: QtBot, folder: Folder, sessions: list[SignedIn]
) -> None:
    signed = folder.service().sign_in("ada", PASSWORD)
    sessions.append(signed)
    dialog = ChangePasswordDialog(
        accounts_for(signed), signed.actor, must_change=True, tasks=InlineRunner()
    )
    show(qtbot, dialog)
    assert dialog.windowTitle() == "Choose your own password"
    assert dialog.cancel_button is None
    assert dialog.findChild(QPushButton, "cancel_button") is None
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.current_edit, PASSWORD)
    qtbot.keyClicks(dialog.new_edit, PASSWORD)
    qtbot.keyClicks(dialog.again_edit, PASSWORD)
    click(qtbot, dialog.action_button)
    qtbot.waitUntil(lambda: bool(error_text(dialog, "new")), timeout=5000)
    assert "different from the current one" in error_text(dialog, "new")
    qtbot.keyClicks(dialog.new_edit, NEW_PASSWORD)
    qtbot.keyClicks(dialog.again_edit, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        click(qtbot, dialog.action_button)
    assert not dialog.isVisible()
