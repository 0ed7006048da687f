"""The frame of the small password forms (set-up, recovery, changing a password): the
PeerDesk line, a calm explanation, labelled fields each with its error under it, a general
message, "Working…" while the slow password step runs off the GUI thread, and the buttons.

Subclasses add their rows and say what submitting does with ``_submit``; refusals come back
through ``show_refusal``: a ValidationError by field, anything else in the general message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.ui.form_helpers import (
    FieldErrors,
    make_error_label,
    make_general_error_label,
    make_hint,
)
from peerdesk.ui.sign_in_parts import PasswordWork, brand_line, status_label
from peerdesk.ui.tasks import TaskRunner


class PasswordFormDialog(QDialog):
    def __init__(
        self,
        title: str,
        intro: list[str],
        action: str,
        *,
        cancel: str | None = "Cancel",
        brand: bool = True,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 18)
        outer.setSpacing(12)
        if brand:  # before PeerDesk's window opens, say what is asking
            outer.addWidget(brand_line())
        self.heading = QLabel(title)
        self.heading.setObjectName("form_heading")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        outer.addWidget(self.heading)
        self.intro_labels: list[QLabel] = []
        for text in intro:
            label = QLabel(text)
            label.setObjectName(f"intro_{len(self.intro_labels)}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            outer.addWidget(label)
            self.intro_labels.append(label)
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)
        self.errors = FieldErrors(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(8)
        outer.addLayout(self.form)
        self.status_label = status_label()
        outer.addWidget(self.status_label)
        outer.addStretch(1)

        self.button_box = QDialogButtonBox()
        self.button_box.setObjectName("button_box")
        self.action_button = QPushButton(action)
        self.action_button.setObjectName("action_button")
        self.action_button.setDefault(True)
        self.button_box.addButton(self.action_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton | None = None
        if cancel is not None:
            self.cancel_button = QPushButton(cancel)
            self.cancel_button.setObjectName("cancel_button")
            self.cancel_button.setAutoDefault(False)
            self.button_box.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
            self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(self.button_box)
        self.action_button.clicked.connect(self.submit)
        self.work = PasswordWork(self.status_label, [self.button_box], tasks, self)

    def add_row(self, text: str, field: str, widget: QWidget, hint: str = "") -> QLabel:
        """A labelled field with its error label under it (and a quiet hint, if given)."""
        label = QLabel(text)
        label.setObjectName(f"{field}_label")
        label.setBuddy(widget)
        error = make_error_label(field)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = make_hint(hint)
            hint_label.setObjectName(f"{field}_hint")
            column.addWidget(hint_label)
        column.addWidget(error)
        self.form.addRow(label, box)
        self.errors.add(field, error, widget)
        self.work.add_controls([widget])
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.errors.clear(field))
        return label

    def submit(self) -> None:
        if self.work.busy:
            return
        self.errors.clear_all()
        self._submit()

    def _submit(self) -> None:
        raise NotImplementedError

    def refuse(self, field: str, message: str) -> None:
        self.errors.show_errors([FieldError(field, message)])

    def show_refusal(self, error: BaseException) -> None:
        """A ValidationError by field; anything else (a refusal, the data file) in plain
        words at the top."""
        if isinstance(error, ValidationError):
            self.errors.show_errors(list(error.errors))
            return
        self.errors.show_general(str(error) or "That did not work; nothing was changed.")

    # -- closing --------------------------------------------------------------------------

    def may_close(self) -> bool:
        return not self.work.busy

    def reject(self) -> None:
        if self.may_close():
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.may_close():
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)
