"""First run with an empty data folder: set the organisation up, or explore demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.errors import Conflict
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_helpers import make_error_label, show_error
from peerdesk.ui.tasks import TaskHandle


class FirstRunLayout:
    def setup(self, dialog: QDialog) -> None:
        dialog.setWindowTitle("Welcome to PeerDesk")
        dialog.setMinimumWidth(560)
        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(28, 24, 28, 20)
        outer.setSpacing(14)
        title = QLabel("Welcome to PeerDesk")
        title.setObjectName("page_heading")
        outer.addWidget(title)
        intro = QLabel(
            "PeerDesk keeps your staff register, supervision and policy records on this "
            "computer only. Start by telling it about your organisation, or look around "
            "with fictional demo data first."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("organisation_name")
        self.name_edit.setPlaceholderText("e.g. Riverside Peer Support")
        self.name_error = make_error_label("organisation_name")
        self.charity_edit = QLineEdit()
        self.charity_edit.setObjectName("charity_number")
        self.charity_edit.setPlaceholderText("optional")
        self.charity_error = make_error_label("charity_number")
        self.interval_spin = QSpinBox()
        self.interval_spin.setObjectName("supervision_interval_days")
        self.interval_spin.setRange(1, 365)
        self.interval_spin.setValue(28)
        self.interval_spin.setSuffix(" days")
        for text, widget, error in (
            ("Organisation &name", self.name_edit, self.name_error),
            ("&Charity number", self.charity_edit, self.charity_error),
            ("&Supervision at least every", self.interval_spin, None),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if error is not None:
                form.addRow("", error)
        outer.addLayout(form)
        self.create_button = QPushButton("&Set up my organisation")
        self.create_button.setObjectName("create_organisation_button")
        self.create_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        outer.addLayout(row)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)

        demo_text = QLabel(
            "Not ready yet? Load a fictional organisation with invented staff to try "
            "PeerDesk out. You can start again with an empty data folder later."
        )
        demo_text.setWordWrap(True)
        demo_text.setObjectName("muted")
        outer.addWidget(demo_text)
        demo_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("demo_progress")
        self.progress.hide()
        self.demo_button = QPushButton("Explore with &demo data")
        self.demo_button.setObjectName("demo_button")
        self.cancel_button = QPushButton("Quit")
        self.cancel_button.setObjectName("cancel_button")
        demo_row.addWidget(self.progress, 1)
        demo_row.addStretch(0)
        demo_row.addWidget(self.demo_button)
        demo_row.addWidget(self.cancel_button)
        outer.addLayout(demo_row)
        self.message = make_error_label("first_run")
        outer.addWidget(self.message)


class FirstRunDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._task: TaskHandle | None = None
        self.ui = FirstRunLayout()
        self.ui.setup(self)
        self.ui.create_button.clicked.connect(self.create_organisation)
        self.ui.demo_button.clicked.connect(self.load_demo)
        self.ui.cancel_button.clicked.connect(self._cancel)
        self.ui.name_edit.textEdited.connect(lambda _t: show_error(self.ui.name_error, None))
        self.ui.charity_edit.textEdited.connect(lambda _t: show_error(self.ui.charity_error, None))

    def create_organisation(self) -> None:
        details = OrganisationDetails(
            name=self.ui.name_edit.text(),
            charity_number=self.ui.charity_edit.text(),
            supervision_interval_days=self.ui.interval_spin.value(),
        )
        try:
            self._context.services.organisation.create(self._context.actor, details)
        except ValidationError as exc:
            show_error(self.ui.name_error, exc.message_for("name"))
            show_error(self.ui.charity_error, exc.message_for("charity_number"))
            first_bad = self.ui.name_edit if exc.message_for("name") else self.ui.charity_edit
            first_bad.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except Conflict:
            pass  # set up meanwhile (e.g. by the command line): carry on with it
        self.accept()

    def load_demo(self) -> None:
        self._busy(True)
        self.ui.progress.setRange(0, 0)
        handle = self._context.tasks.run(self._context.load_demo)
        handle.progressed.connect(self._progressed)
        handle.finished.connect(lambda _summary: self.accept())
        handle.failed.connect(self._demo_failed)
        self._task = handle

    def _progressed(self, done: int, total: int) -> None:
        self.ui.progress.setRange(0, max(total, 1))
        self.ui.progress.setValue(done)

    def _demo_failed(self, error: object) -> None:
        self._busy(False)
        show_error(self.ui.message, f"The demo data could not be loaded: {error}")

    def _busy(self, busy: bool) -> None:
        self.ui.progress.setVisible(busy)
        self.ui.create_button.setEnabled(not busy)
        self.ui.demo_button.setEnabled(not busy)

    def _cancel(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.cancel()
            return
        self.reject()

    def reject(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.cancel()
            return
        super().reject()
