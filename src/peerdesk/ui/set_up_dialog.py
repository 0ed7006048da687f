"""First run: create the first administrator and encrypt PeerDesk's data on this computer.

For a folder with data from before encryption (``unencrypted=True``) the data is backed up,
then encrypted. Creating runs off the GUI thread. On success the recovery key is shown once
(RecoveryKeyDialog); when that closes, ``set_up_done(SignedIn)`` is emitted and the dialog
accepts. ``data_problem(DataFileProblem)`` (then it accepts): the key file was made but the
data file could not be opened.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from peerdesk.services.sign_in import DataFileProblem, SetUp, SignedIn, SignInService
from peerdesk.ui.password_form import PasswordFormDialog
from peerdesk.ui.recovery_key_dialog import RecoveryKeyDialog
from peerdesk.ui.sign_in_parts import PASSWORDS_DIFFER, password_edit
from peerdesk.ui.tasks import TaskRunner

NEW_TEXT = [
    "PeerDesk keeps its data encrypted on this computer, so only people with an account can "
    "open it. This creates the first account: the administrator, who adds everyone else.",
]
UNENCRYPTED_TEXT = [
    "PeerDesk now keeps its data encrypted on this computer, so only people with an account "
    "can open it. This creates the first account: the administrator, who adds everyone else.",
    "The records already here will be encrypted now, straight after PeerDesk has made a "
    "backup of them.",
]


class SetUpDialog(PasswordFormDialog):
    set_up_done = Signal(object)  # SignedIn
    data_problem = Signal(object)  # DataFileProblem

    def __init__(
        self,
        service: SignInService,
        unencrypted: bool,
        *,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Set up PeerDesk",
            UNENCRYPTED_TEXT if unencrypted else NEW_TEXT,
            "&Create" if not unencrypted else "&Create and encrypt",
            cancel="Quit",
            tasks=tasks,
            parent=parent,
        )
        self.setObjectName("set_up_dialog")
        self._service = service
        self._unencrypted = unencrypted
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self._signed: SignedIn | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("display_name")
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText("e.g. Sam Jones")
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.username_edit.setAccessibleName("User name")
        self.username_edit.setMaxLength(100)
        self.username_edit.setPlaceholderText("e.g. sam.jones")
        self.password_edit = password_edit("password", "Password")
        self.again_edit = password_edit("password_again", "Password again")
        self.add_row("Your &name", "display_name", self.name_edit)
        self.add_row(
            "&User name", "username", self.username_edit, "What you type to sign in; no spaces."
        )
        self.add_row(
            "&Password",
            "password",
            self.password_edit,
            "At least 10 characters. A short sentence is easy to remember and hard to guess.",
        )
        self.add_row("Password &again", "password_again", self.again_edit)
        self.name_edit.setFocus()

    def _submit(self) -> None:
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.again_edit.clear()
            self.refuse("password_again", PASSWORDS_DIFFER)
            return
        service = self._service
        username, name = self.username_edit.text(), self.name_edit.text()
        self.work.run(
            "Backing up and encrypting the data…" if self._unencrypted else "Setting up…",
            lambda: service.set_up(username, name, password),
            self._done,
            self._failed,
        )

    def _done(self, result: object) -> None:
        assert isinstance(result, SetUp)
        self.password_edit.clear()
        self.again_edit.clear()
        self._signed = result.signed_in
        for widget in (self.name_edit, self.username_edit, self.button_box):
            widget.setEnabled(False)  # done: nothing here to change any more
        dialog = RecoveryKeyDialog(result.recovery_key, self)
        dialog.finished.connect(self._key_shown)
        self.recovery_dialog = dialog
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DataFileProblem):
            self.data_problem.emit(error)
            self.accept()
            return
        self.show_refusal(error)

    def _key_shown(self, _result: int) -> None:
        signed = self._signed
        assert signed is not None
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None
        self.set_up_done.emit(signed)
        self.accept()

    def may_close(self) -> bool:
        # once set up, only the recovery key dialog closes this one
        return super().may_close() and self._signed is None
