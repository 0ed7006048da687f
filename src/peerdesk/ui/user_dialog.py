"""Adding or editing a user account (administrators), and giving an account a password
(reset, or reactivating a deactivated account).

Callers open them with ``open()``; ``saved`` carries the UserView the service returned.
Refusals (a name already taken, the last administrator, a rule about passwords) are shown
in the dialog in plain words. Setting a password takes about half a second (argon2), done
on the GUI thread with a busy cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QVBoxLayout, QWidget

from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.account_service import AccountService, UserDetails, UserView
from peerdesk.services.actor import Actor, Role
from peerdesk.services.views import PersonChoice
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import NONE_TEXT, current_data, make_hint, select_data
from peerdesk.ui.sign_in_parts import PASSWORDS_DIFFER, password_edit

ROLE_NAMES = {
    Role.ADMINISTRATOR: "Administrator",
    Role.MANAGER: "Manager",
    Role.SUPERVISOR: "Supervisor",
}
ROLE_EXPLANATIONS = {
    Role.ADMINISTRATOR: "Everything: every record, user accounts, settings and backups.",
    Role.MANAGER: (
        "The whole staff register, everyone's supervision file, reports, policies and "
        "checklists; not user accounts or settings."
    ),
    Role.SUPERVISOR: (
        "Reads the register; keeps the supervision files of the people they supervise "
        "(link their own staff record below)."
    ),
}
T = TypeVar("T")
PASSWORD_HINT = "At least 10 characters. They choose their own when they first sign in."


def person_text(person: PersonChoice) -> str:
    return f"{person.name} ({person.job_title})" if person.job_title else person.name


def hinted(edit: QLineEdit, text: str = PASSWORD_HINT) -> QWidget:
    """A password field with the rule for passwords under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(edit)
    hint = make_hint(text)
    hint.setObjectName("password_hint")
    column.addWidget(hint)
    return box


def with_busy_cursor(work: Callable[[], T]) -> T:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QApplication.restoreOverrideCursor()


class UserDialog(FormDialog):
    """Add an account (``user`` None) or edit one: name, role and their own staff record."""

    def __init__(
        self,
        accounts: AccountService,
        actor: Actor,
        people: Sequence[PersonChoice],
        user: UserView | None = None,
        linked: Mapping[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        adding = user is None
        super().__init__(
            "Add a user account" if user is None else f"Edit {user.display_name}'s account",
            (
                "Everyone who uses PeerDesk signs in with their own account."
                if adding
                else "The user name stays as it is; the rest can change."
            ),
            parent,
        )
        self.setObjectName("user_dialog")
        self.setMinimumWidth(540)
        self._accounts = accounts
        self._actor = actor
        self._user = user

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.username_edit.setMaxLength(100)
        self.username_edit.setPlaceholderText("e.g. sam.jones")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("display_name")
        self.name_edit.setMaxLength(200)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        for role, name in ROLE_NAMES.items():
            self.role_combo.addItem(name, role.value)
        self.role_hint = make_hint("")
        self.role_hint.setObjectName("role_hint")
        role_box = QWidget()
        role_column = QVBoxLayout(role_box)
        role_column.setContentsMargins(0, 0, 0, 0)
        role_column.setSpacing(4)
        role_column.addWidget(self.role_combo)
        role_column.addWidget(self.role_hint)
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("staff_id")
        self._fill_people(people, linked or {}, user)

        self._row("&User name", "username", self.username_edit)
        self._row("&Name", "display_name", self.name_edit)
        self._row("&Role", "role", self.role_combo, role_box)
        self._row("Their own &staff record", "staff_id", self.staff_combo)
        self.password_edit: QLineEdit | None = None
        self.again_edit: QLineEdit | None = None
        if adding:
            self.password_edit = password_edit("password", "First password")
            self.again_edit = password_edit("password_again", "First password again")
            self._row("First &password", "password", self.password_edit, hinted(self.password_edit))
            self._row("Password &again", "password_again", self.again_edit)
            self.username_edit.setFocus()
        else:
            assert user is not None
            self.username_edit.setText(user.username)
            self.username_edit.setReadOnly(True)
            self.username_edit.setStyleSheet("QLineEdit { background: palette(window); }")
            self.username_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.name_edit.setText(user.display_name)
            select_data(self.role_combo, user.role.value)
            self.name_edit.setFocus()
        if adding:
            select_data(self.role_combo, Role.SUPERVISOR.value)
        self.save_button.setText("&Add account" if adding else "&Save")
        self._show_role_hint()
        self.role_combo.currentIndexChanged.connect(lambda _i: self._show_role_hint())
        for field, edit in (("username", self.username_edit), ("display_name", self.name_edit)):
            edit.textEdited.connect(lambda _t, f=field: self.errors.clear(f))

    def _fill_people(
        self, people: Sequence[PersonChoice], linked: Mapping[int, str], user: UserView | None
    ) -> None:
        """None, then current staff; someone already linked to another account is listed
        but cannot be chosen."""
        combo = self.staff_combo
        combo.addItem(NONE_TEXT, None)
        model = combo.model()
        for person in people:
            other = linked.get(person.id)
            if other is not None and (user is None or other != user.username):
                combo.addItem(f"{person_text(person)}: {other}'s account", person.id)
                if isinstance(model, QStandardItemModel):
                    item = model.item(combo.count() - 1)
                    if item is not None:
                        item.setEnabled(False)
            else:
                combo.addItem(person_text(person), person.id)
        staff_id = user.staff_id if user is not None else None
        if user is not None and staff_id is not None and not select_data(combo, staff_id):
            combo.addItem(f"{user.staff_name or 'Someone'} (left)", staff_id)
            combo.setCurrentIndex(combo.count() - 1)

    def _show_role_hint(self) -> None:
        role = Role(current_data(self.role_combo))
        self.role_hint.setText(ROLE_EXPLANATIONS[role])

    def details(self) -> UserDetails:
        return UserDetails(
            username=self.username_edit.text(),
            display_name=self.name_edit.text(),
            role=Role(current_data(self.role_combo)),
            staff_id=current_data(self.staff_combo),
        )

    def _save(self) -> object:
        details = self.details()
        if self._user is not None:
            user_id = self._user.id
            return self._accounts.update(self._actor, user_id, details)
        assert self.password_edit is not None and self.again_edit is not None
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.again_edit.clear()
            raise ValidationError([FieldError("password_again", PASSWORDS_DIFFER)])
        return with_busy_cursor(lambda: self._accounts.add(self._actor, details, password))


class SetPasswordDialog(FormDialog):
    """Give an account a password: ``save(password)`` resets it, or reactivates the account."""

    def __init__(
        self,
        title: str,
        intro: str,
        action: str,
        save: Callable[[str], UserView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, intro, parent)
        self.setObjectName("set_password_dialog")
        self.setMinimumWidth(500)
        self._save_password = save
        self.password_edit = password_edit("password", "New password")
        self.again_edit = password_edit("password_again", "New password again")
        self._row(
            "New &password",
            "password",
            self.password_edit,
            hinted(self.password_edit, "At least 10 characters."),
        )
        self._row("Password &again", "password_again", self.again_edit)
        self.save_button.setText(action)
        self.password_edit.setFocus()

    def _save(self) -> object:
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.again_edit.clear()
            raise ValidationError([FieldError("password_again", PASSWORDS_DIFFER)])
        return with_busy_cursor(lambda: self._save_password(password))
