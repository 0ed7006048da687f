"""Signing in: user name and password open PeerDesk's encrypted data.

The password check takes about half a second on purpose (argon2), so it runs off the GUI
thread (``tasks``; a thread pool by default) with a busy cursor and "Signing in…", and the
dialog stays responsive. After too many wrong passwords the service says how long to wait:
a live countdown shows and Sign in stays disabled until it reaches zero. "Forgotten your
password?" opens the recovery key dialog; recovering signs in too.

Signals: ``signed_in(SignedIn)``, or ``data_problem(DataFileProblem)`` when the password
was right but the data file cannot be opened (the receiver offers a backup and drops the
key); either way the dialog then accepts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.sign_in import DataFileProblem, SignedIn, SignInRefused, SignInService
from peerdesk.ui.form_helpers import make_error_label, make_hint
from peerdesk.ui.recover_dialog import RecoverDialog
from peerdesk.ui.sign_in_parts import (
    PasswordWork,
    WaitCountdown,
    brand_line,
    countdown_label,
    password_edit,
    status_label,
)
from peerdesk.ui.tasks import TaskRunner

TOO_MANY = (
    "Too many wrong passwords for this user name. Wait, then try again, or ask an "
    "administrator to reset the password."
)


def signed_in_or_waiting(service: SignInService, username: str, password: str) -> SignedIn:
    """Sign in; when a wrong password has just used up the free tries, say so at once (with
    the wait) rather than at the next try."""
    try:
        return service.sign_in(username, password)
    except SignInRefused as refused:
        if refused.wait_seconds > 0 or not username.strip():
            raise
        try:
            wait = service.keyring.wait_for(username)
        except Exception:  # no key file to ask: the refusal says enough
            raise refused from None
        if wait > 0:
            raise SignInRefused(str(refused), wait) from refused
        raise


class SignInDialog(QDialog):
    signed_in = Signal(object)  # SignedIn
    # the password was right but the data file cannot be opened (a DataFileProblem): the
    # app offers a backup, so the dialog closes
    data_problem = Signal(object)
    data_problem = Signal(object)  # DataFileProblem

    def __init__(
        self,
        service: SignInService,
        last_username: str = "",
        *,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle("Sign in to PeerDesk")
        self.setMinimumWidth(440)
        self._service = service
        self._tasks = tasks
        self.recover_dialog: RecoverDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 18)
        outer.setSpacing(12)
        outer.addWidget(brand_line())
        outer.addWidget(make_hint("Sign in with your own user name and password."))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.username_edit = QLineEdit(last_username)
        self.username_edit.setObjectName("username")
        self.username_edit.setAccessibleName("User name")
        self.username_edit.setMaxLength(100)
        self.password_edit = password_edit("password", "Password")
        for text, widget in (("&User name", self.username_edit), ("&Password", self.password_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        outer.addLayout(form)

        self.message_label = make_error_label("sign_in")
        self.message_label.setObjectName("message_label")
        outer.addWidget(self.message_label)
        self.countdown_label = countdown_label()
        outer.addWidget(self.countdown_label)
        self.status_label = status_label()
        outer.addWidget(self.status_label)
        outer.addStretch(1)

        buttons = QHBoxLayout()
        self.forgotten_button = QPushButton("&Forgotten your password?")
        self.forgotten_button.setObjectName("forgotten_button")
        self.forgotten_button.setAutoDefault(False)
        self.forgotten_button.setToolTip("Set a new password with the recovery key")
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setObjectName("sign_in_button")
        self.sign_in_button.setDefault(True)
        buttons.addWidget(self.forgotten_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        outer.addLayout(buttons)

        self.countdown = WaitCountdown(self.countdown_label, self)
        self.countdown.finished.connect(self._wait_over)
        self.work = PasswordWork(
            self.status_label,
            [self.username_edit, self.password_edit, self.sign_in_button, self.forgotten_button],
            tasks,
            self,
        )
        self.sign_in_button.clicked.connect(self.sign_in)
        self.forgotten_button.clicked.connect(self.open_recovery)
        self.username_edit.textEdited.connect(lambda _t: self._clear_message())
        self.password_edit.textEdited.connect(lambda _t: self._clear_message())

        if last_username:
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()

    # -- signing in -----------------------------------------------------------------------

    def sign_in(self) -> None:
        if self.work.busy or self.countdown.running:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self._refuse("Type your user name.", self.username_edit)
            return
        if not password:
            self._refuse("Type your password.", self.password_edit)
            return
        self._clear_message()
        service = self._service
        self.work.run(
            "Signing in…",
            lambda: signed_in_or_waiting(service, username, password),
            self._done,
            self._failed,
        )

    def _done(self, result: object) -> None:
        assert isinstance(result, SignedIn)
        self.password_edit.clear()
        self.signed_in.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.password_edit.clear()
        if isinstance(error, DataFileProblem):
            self.data_problem.emit(error)
            self.accept()
            return
        if isinstance(error, DataFileProblem):
            self._data_problem(error)
            return
        if isinstance(error, SignInRefused) and error.wait_seconds > 0:
            self._refuse(TOO_MANY, self.password_edit)
            self.sign_in_button.setEnabled(False)
            self.countdown.start(error.wait_seconds)
            return
        # a SignInRefused, or anything else the data folder said: its message is plain
        self._refuse(str(error) or "PeerDesk could not open its data.", self.password_edit)

    def _data_problem(self, problem: object) -> None:
        self.countdown.stop()
        self.data_problem.emit(problem)
        self.accept()

    def _wait_over(self) -> None:
        self.sign_in_button.setEnabled(True)
        self._clear_message()
        self.password_edit.setFocus()

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_message(self) -> None:
        if not self.countdown.running:
            self.message_label.clear()
            self.message_label.hide()

    # -- the recovery key -----------------------------------------------------------------

    def open_recovery(self) -> None:
        if self.work.busy:
            return
        dialog = RecoverDialog(
            self._service, self.username_edit.text().strip(), tasks=self._tasks, parent=self
        )
        dialog.recovered.connect(self._recovered)
        dialog.data_problem.connect(self._data_problem)
        dialog.finished.connect(lambda _r: self._recovery_closed(dialog))
        self.recover_dialog = dialog
        dialog.open()

    def _recovered(self, signed: object) -> None:
        self.countdown.stop()
        self._done(signed)

    def _recovery_closed(self, dialog: RecoverDialog) -> None:
        if self.recover_dialog is dialog:
            self.recover_dialog = None
        dialog.deleteLater()

    # -- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        if self.work.busy:  # the check finishes in a moment; its result must not be lost
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.work.busy:
            event.ignore()
            return
        super().closeEvent(event)
