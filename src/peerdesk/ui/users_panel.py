"""User accounts, for administrators: who can sign in, with which role, linked to which staff
record; and after how many idle minutes PeerDesk locks itself.

Keys: Alt+A add, Enter (or double-click) edits, Alt+E edit, Alt+R reset password, Alt+D
deactivate or reactivate.

``UsersPanel(services, actor)``: ``services`` is a callable giving an object with
``accounts`` (AccountService) and ``staff`` (StaffService), e.g. ``context.services_source.get``;
it is asked only when the panel refreshes. Signals: ``changed()`` after an account changes,
``idle_minutes_changed(int)`` after the idle lock is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.validation import ValidationError
from peerdesk.services.account_service import AccountService, UserView
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.staff_service import StaffService
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import ERROR_COLOUR, confirm, local_time_text, make_hint
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel, make_row_table
from peerdesk.ui.user_dialog import ROLE_NAMES, SetPasswordDialog, UserDialog

COL_USERNAME, COL_NAME, COL_ROLE, COL_STAFF, COL_ACTIVE, COL_LAST = range(6)
ADMINISTRATORS_ONLY = "Only administrators can manage user accounts."
INACTIVE_COLOUR = "#6b7570"


class UserServices(Protocol):
    @property
    def accounts(self) -> AccountService: ...

    @property
    def staff(self) -> StaffService: ...


def last_sign_in_text(moment: dt.datetime | None) -> str:
    """A stored UTC moment as the local "15 Jun 2026 14:05"; "Never" when there is none."""
    return "Never" if moment is None else local_time_text(moment)


class UsersTableModel(RowTableModel[UserView]):
    HEADERS: ClassVar[tuple[str, ...]] = (
        "User name",
        "Name",
        "Role",
        "Their staff record",
        "Active",
        "Last signed in",
    )

    def set_rows(self, rows: list[UserView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, user_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == user_id:
                return number
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user = self.row_at(index.row()) if index.isValid() else None
        if user is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                user.username,
                user.display_name,
                ROLE_NAMES[user.role],
                user.staff_name or "—",
                "Yes" if user.active else "Deactivated",
                last_sign_in_text(user.last_sign_in_at),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_ACTIVE:
            if not user.active:
                return "Cannot sign in: Reactivate… gives the account a password again"
            if user.must_change_password:
                return "Chooses their own password at their next sign-in"
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QColor(INACTIVE_COLOUR)
        return None


class UsersPanel(QWidget):
    changed = Signal()
    idle_minutes_changed = Signal(int)

    def __init__(
        self,
        services: Callable[[], UserServices],
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("users_panel")
        self._services = services
        self._actor = actor
        self._rows: list[UserView] = []
        self._allowed = True
        self.current_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        intro = make_hint(
            "Everyone who uses PeerDesk signs in with their own account. Their role decides "
            "what they can see and change; a supervisor's own staff record says whom they "
            "supervise."
        )
        intro.setObjectName("users_intro")
        layout.addWidget(intro)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add…")
        self.add_button.setObjectName("add_user_button")
        self.add_button.setToolTip("Add a user account (Alt+A)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_user_button")
        self.edit_button.setToolTip("Change the selected account's name, role or staff record")
        self.reset_button = QPushButton("&Reset password…")
        self.reset_button.setObjectName("reset_password_button")
        self.reset_button.setToolTip(
            "Give them a new password; they choose their own when they next sign in"
        )
        self.active_button = QPushButton("&Deactivate…")
        self.active_button.setObjectName("deactivate_button")
        for button in (self.add_button, self.edit_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("users_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = UsersTableModel(self)
        self.table = make_row_table(self.model, "users_table", "User accounts")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in (
            (COL_USERNAME, 130),
            (COL_ROLE, 110),
            (COL_STAFF, 170),
            (COL_ACTIVE, 100),
            (COL_LAST, 140),
        ):
            self.table.setColumnWidth(column, width)
        self.table.setMinimumHeight(180)
        layout.addWidget(self.table, 1)

        idle = QHBoxLayout()
        before = QLabel("&Lock PeerDesk after")
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idle_lock_minutes")
        self.idle_spin.setAccessibleName("Minutes without use before PeerDesk locks")
        self.idle_spin.setRange(1, 240)
        self.idle_spin.setValue(10)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setKeyboardTracking(False)  # saved on Enter, arrows or leaving it
        before.setBuddy(self.idle_spin)
        after = QLabel("without use")
        self.idle_saved = make_hint("")
        self.idle_saved.setObjectName("idle_saved")
        idle.addWidget(before)
        idle.addWidget(self.idle_spin)
        idle.addWidget(after)
        idle.addSpacing(12)
        idle.addWidget(self.idle_saved, 1)
        layout.addLayout(idle)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.active_button.clicked.connect(self.toggle_selected)
        self.idle_spin.valueChanged.connect(self._save_idle_minutes)
        self._update_buttons()

    @property
    def _accounts(self) -> AccountService:
        return self._services().accounts

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self._rows = self._accounts.users(self._actor)
            minutes = self._accounts.idle_lock_minutes(self._actor)
        except AccessDenied as exc:
            self._allowed = False
            self._rows = []
            self.model.set_rows([])
            self._say(str(exc) or ADMINISTRATORS_ONLY, problem=True)
            self._update_buttons()
            return
        chosen = self.selected()
        self.model.set_rows(self._rows)
        blocked = self.idle_spin.blockSignals(True)
        self.idle_spin.setValue(minutes)
        self.idle_spin.blockSignals(blocked)
        if chosen is not None:
            self.select_user(chosen.id)
        self._update_buttons()

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_user(self, user_id: int) -> bool:
        row = self.model.row_of(user_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_USERNAME, QModelIndex()))
        return True

    def _update_buttons(self) -> None:
        user = self.selected()
        allowed = self._allowed
        self.add_button.setEnabled(allowed)
        self.edit_button.setEnabled(allowed and user is not None)
        self.reset_button.setEnabled(allowed and user is not None and user.active)
        self.active_button.setEnabled(allowed and user is not None)
        self.idle_spin.setEnabled(allowed)
        if user is not None and not user.active:
            self.active_button.setText("Reac&tivate…")
            self.active_button.setObjectName("reactivate_button")
            self.active_button.setToolTip("Let them sign in again, with a new password")
        else:
            self.active_button.setText("&Deactivate…")
            self.active_button.setObjectName("deactivate_button")
            self.active_button.setToolTip(
                "They can no longer sign in; their history stays (Reactivate… undoes it)"
            )

    # -- changing -------------------------------------------------------------------------

    def add_user(self) -> None:
        if not self._allowed:
            return
        dialog = self._user_dialog(None)
        if dialog is not None:
            self._open(
                dialog,
                "Added {name}'s account. They choose their own password when they first sign in.",
            )

    def edit_selected(self) -> None:
        user = self.selected()
        if user is None or not self._allowed:
            return
        dialog = self._user_dialog(user)
        if dialog is not None:
            self._open(dialog, "Saved {name}'s account.")

    def _user_dialog(self, user: UserView | None) -> UserDialog | None:
        services = self._services()
        try:
            people = services.staff.people(self._actor)
        except AccessDenied as exc:
            self._say(str(exc), problem=True)
            return None
        linked = {row.staff_id: row.username for row in self._rows if row.staff_id is not None}
        return UserDialog(services.accounts, self._actor, people, user, linked, self)

    def reset_selected(self) -> None:
        user = self.selected()
        if user is None or not user.active or not self._allowed:
            return
        accounts, actor, user_id = self._accounts, self._actor, user.id
        dialog = SetPasswordDialog(
            "Reset a password",
            f"Give {user.display_name} ({user.username}) a new password to sign in with. "
            "Tell it to them in person; they choose their own when they next sign in.",
            "&Reset password",
            lambda password: accounts.reset_password(actor, user_id, password),
            self,
        )
        self._open(dialog, "Reset {name}'s password. They choose their own at their next sign-in.")

    def toggle_selected(self) -> None:
        user = self.selected()
        if user is None or not self._allowed:
            return
        if user.active:
            self.deactivate(user)
        else:
            self.reactivate(user)

    def deactivate(self, user: UserView) -> None:
        if not confirm(
            self,
            "Deactivate an account",
            f"Deactivate {user.display_name}'s account ({user.username})?\n\n"
            "They will no longer be able to sign in. Everything they recorded stays, and "
            "Reactivate… lets them back in later.",
        ):
            return
        try:
            view = self._accounts.deactivate(self._actor, user.id)
        except (Conflict, NotFound, AccessDenied, ValidationError) as exc:
            self._say(str(exc), problem=True)
            return
        self.refresh()
        self.select_user(view.id)
        self._say(f"Deactivated {view.display_name}'s account: they can no longer sign in.")
        self.changed.emit()

    def reactivate(self, user: UserView) -> None:
        accounts, actor, user_id = self._accounts, self._actor, user.id
        dialog = SetPasswordDialog(
            "Reactivate an account",
            f"{user.display_name} ({user.username}) will be able to sign in again with this "
            "password, and then choose their own.",
            "Reac&tivate",
            lambda password: accounts.reactivate(actor, user_id, password),
            self,
        )
        self._open(dialog, "Reactivated {name}'s account.")

    def _open(self, dialog: FormDialog, message: str) -> None:
        def saved(view: object) -> None:
            assert isinstance(view, UserView)
            self.refresh()
            self.select_user(view.id)
            self._say(message.format(name=view.display_name))
            self.changed.emit()

        def closed(_result: int) -> None:
            if self.current_dialog is dialog:
                self.current_dialog = None
            self.table.setFocus()

        dialog.saved.connect(saved)
        dialog.finished.connect(closed)
        dialog.finished.connect(dialog.deleteLater)
        self.current_dialog = dialog
        dialog.open()

    # -- the idle lock --------------------------------------------------------------------

    def _save_idle_minutes(self, minutes: int) -> None:
        try:
            saved = self._accounts.set_idle_lock_minutes(self._actor, minutes)
        except (ValidationError, Conflict, AccessDenied) as exc:
            self.idle_saved.setText("")
            self._say(str(exc), problem=True)
            return
        unit = "minute" if saved == 1 else "minutes"
        self.idle_saved.setText(f"Saved: PeerDesk locks after {saved} {unit} without use.")
        self.idle_minutes_changed.emit(saved)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if problem else SUCCESS_COLOUR};")
        self.message.setVisible(True)
