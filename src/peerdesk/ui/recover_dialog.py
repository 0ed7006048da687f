"""Every password forgotten (or the key file lost): the recovery key opens the data and an
administrator chooses a new password. Refusals are shown by field.

Signals: ``recovered(SignedIn)``: the administrator is signed in; or
``data_problem(DataFileProblem)``: the key was right but the data file cannot be opened.
Either way the dialog then accepts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLineEdit, QWidget

from peerdesk.services.sign_in import DataFileProblem, SignedIn, SignInService
from peerdesk.ui.password_form import PasswordFormDialog
from peerdesk.ui.sign_in_parts import PASSWORDS_DIFFER, password_edit
from peerdesk.ui.tasks import TaskRunner


class RecoverDialog(PasswordFormDialog):
    recovered = Signal(object)  # SignedIn
    data_problem = Signal(object)  # DataFileProblem

    def __init__(
        self,
        service: SignInService,
        username: str = "",
        *,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Use the recovery key",
            [
                "The recovery key was shown once when PeerDesk was set up, to print or write "
                "down. Type it here to choose a new password for an administrator.",
            ],
            "&Set password and sign in",
            tasks=tasks,
            parent=parent,
        )
        self.setObjectName("recover_dialog")
        self._service = service
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("recovery_key")
        self.key_edit.setAccessibleName("Recovery key")
        self.key_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.key_edit.setMaxLength(200)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.key_edit.setFont(mono)
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.username_edit.setAccessibleName("Administrator's user name")
        self.username_edit.setMaxLength(100)
        self.new_edit = password_edit("new", "New password")
        self.again_edit = password_edit("new_again", "New password again")
        self.add_row(
            "&Recovery key",
            "recovery_key",
            self.key_edit,
            "56 letters and digits; the dashes and spaces do not matter.",
        )
        self.add_row("&Administrator's user name", "username", self.username_edit)
        self.add_row(
            "&New password", "new", self.new_edit, "At least 10 characters; a short sentence works."
        )
        self.add_row("New password a&gain", "new_again", self.again_edit)
        self.key_edit.setFocus()

    def _submit(self) -> None:
        if not self.key_edit.text().strip():
            self.refuse("recovery_key", "Type the recovery key.")
            return
        username = self.username_edit.text().strip()
        if not username:
            self.refuse("username", "Type the user name of an administrator.")
            return
        new = self.new_edit.text()
        if new != self.again_edit.text():
            self.again_edit.clear()
            self.refuse("new_again", PASSWORDS_DIFFER)
            return
        service, key = self._service, self.key_edit.text()
        self.work.run(
            "Checking the recovery key…",
            lambda: service.recover(key, username, new),
            self._done,
            self._failed,
        )

    def _done(self, result: object) -> None:
        assert isinstance(result, SignedIn)
        for edit in (self.new_edit, self.again_edit, self.key_edit):
            edit.clear()
        self.recovered.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DataFileProblem):
            self.data_problem.emit(error)
            self.accept()
            return
        self.show_refusal(error)
