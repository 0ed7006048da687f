"""Changing your own password: the current one, then the new one twice. Refusals are shown
under the field they are about.

``must_change=True`` after an administrator set the password: titled "Choose your own
password", with no Cancel (Esc and the close button do nothing). Signals: ``changed()``
after the new password is saved (then the dialog accepts).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from peerdesk.domain.validation import ValidationError
from peerdesk.services.account_service import AccountService
from peerdesk.services.actor import Actor
from peerdesk.ui.password_form import PasswordFormDialog
from peerdesk.ui.sign_in_parts import PASSWORDS_DIFFER, password_edit
from peerdesk.ui.tasks import TaskRunner

CHANGE_TEXT = ["Type the password you use now, then the new one twice."]
MUST_CHANGE_TEXT = [
    "An administrator set the password you signed in with. Choose your own now, one that "
    "only you know, to carry on.",
]


class ChangePasswordDialog(PasswordFormDialog):
    changed = Signal()

    def __init__(
        self,
        accounts: AccountService,
        actor: Actor,
        *,
        must_change: bool = False,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Choose your own password" if must_change else "Change your password",
            MUST_CHANGE_TEXT if must_change else CHANGE_TEXT,
            "&Save password" if must_change else "&Change password",
            cancel=None if must_change else "Cancel",
            brand=must_change,
            tasks=tasks,
            parent=parent,
        )
        self.setObjectName("change_password_dialog")
        self._accounts = accounts
        self._actor = actor
        self._must_change = must_change
        self._saved = False
        self.current_edit = password_edit("current", "Current password")
        self.new_edit = password_edit("new", "New password")
        self.again_edit = password_edit("new_again", "New password again")
        self.add_row(
            "The password you were &given" if must_change else "C&urrent password",
            "current",
            self.current_edit,
        )
        self.add_row(
            "&New password", "new", self.new_edit, "At least 10 characters; a short sentence works."
        )
        self.add_row("New password a&gain", "new_again", self.again_edit)
        self.current_edit.setFocus()

    def _submit(self) -> None:
        current, new = self.current_edit.text(), self.new_edit.text()
        if not current:
            self.refuse("current", "Type the password you use now.")
            return
        if new != self.again_edit.text():
            self.again_edit.clear()
            self.refuse("new_again", PASSWORDS_DIFFER)
            return
        accounts, actor = self._accounts, self._actor
        self.work.run(
            "Saving the new password…",
            lambda: accounts.change_own_password(actor, current, new),
            self._done,
            self._failed,
        )

    def _done(self, _result: object) -> None:
        for edit in (self.current_edit, self.new_edit, self.again_edit):
            edit.clear()
        self._saved = True
        self.changed.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            if error.message_for("current"):
                self.current_edit.clear()
            if error.message_for("new"):
                self.new_edit.clear()
                self.again_edit.clear()
        self.show_refusal(error)

    def may_close(self) -> bool:
        return super().may_close() and (self._saved or not self._must_change)
