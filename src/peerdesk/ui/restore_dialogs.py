"""Restoring a backup: the confirmation that says what it holds, and the offer made at start
when the data file is damaged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.backup_views import (
    BackupSummary,
    file_size,
    long_date,
    long_time,
    plural,
)

KEPT_ASIDE_NAME = "peerdesk-before-restore-<date and time>.db"


TEXT_WIDTH = 540  # wrapped text in these dialogs: wide enough to read at a glance


def _paragraph(text: str, name: str) -> QLabel:
    label = _text(text, name)
    label.setWordWrap(True)
    label.setMinimumWidth(TEXT_WIDTH)
    return label


def _text(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("section_heading")
    label.setMinimumWidth(TEXT_WIDTH)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def holds_text(summary: BackupSummary) -> str:
    """ "41 people, 532 sessions, last change 2 March 2026 17:04"."""
    parts = [
        plural(summary.people, "person", "people"),
        plural(summary.supervision_sessions, "session", "sessions"),
    ]
    if summary.last_change is not None:
        parts.append(f"last change {long_time(summary.last_change)}")
    return ", ".join(parts)


def confirmation_text(summary: BackupSummary) -> str:
    upgrade = (
        " It was made by an earlier version of PeerDesk and is upgraded as it opens."
        if summary.needs_upgrade
        else ""
    )
    return (
        f"This replaces everything in PeerDesk with the backup from "
        f"{long_date(summary.made_at)} ({holds_text(summary)}).{upgrade} Anything entered "
        f"since then is not in it.\n\n"
        f"The current data is kept aside as {KEPT_ASIDE_NAME} in the backups folder, so "
        f"nothing is lost: it can be restored in the same way.\n\n"
        f"PeerDesk will close and open again."
    )


def details_form(summary: BackupSummary) -> QFormLayout:
    """The backup's particulars, one labelled row each."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    path = QLineEdit(str(summary.path))
    path.setObjectName("backup_file")
    path.setReadOnly(True)
    path.setFrame(False)
    path.setCursorPosition(0)
    path.setToolTip(str(summary.path))
    path.setStyleSheet("background: transparent;")
    form.addRow("File:", path)
    rows = [
        ("Made", summary.made_text, "backup_made"),
        ("Size", file_size(summary.size), "backup_size"),
    ]
    if summary.ok:
        last = long_time(summary.last_change) if summary.last_change else "None recorded"
        rows += [
            (
                "People",
                f"{summary.people:,} ({summary.current_staff:,} current)",
                "backup_people",
            ),
            ("Supervision sessions", f"{summary.supervision_sessions:,}", "backup_sessions"),
            ("Last change", last, "backup_last_change"),
        ]
    for label, value, name in rows:
        form.addRow(f"{label}:", _text(value, name))
    return form


class RestoreConfirmDialog(QDialog):
    """ "Restore this backup?" with what it holds; Cancel is the default. A backup that
    cannot be restored is explained instead, with only a Close button."""

    def __init__(self, summary: BackupSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setObjectName("restore_confirm_dialog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        if summary.ok:
            self.setWindowTitle("Restore a backup")
            layout.addWidget(_heading(f"Restore the backup from {long_date(summary.made_at)}?"))
            self.message = _paragraph(confirmation_text(summary), "restore_text")
        else:
            self.setWindowTitle("This backup cannot be restored")
            layout.addWidget(_heading("This backup cannot be restored"))
            self.message = _paragraph(
                f"{summary.problem}\n\nNothing was changed.", "restore_problem"
            )
        layout.addWidget(self.message)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(details_form(summary))

        self.buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if summary.ok:
            self.restore_button = self.buttons.addButton(
                "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.setObjectName("restore_button")
            self.restore_button.setAutoDefault(False)
            self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)


class RestoreOfferDialog(QDialog):
    """At start, when the data file is damaged: what happened, the newest good backup and
    what it holds; "Restore this backup" or "Quit"."""

    def __init__(self, message: str, summary: BackupSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = summary
        self.setObjectName("restore_offer_dialog")
        self.setWindowTitle("PeerDesk's data file is damaged")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(_heading("PeerDesk cannot open its data: the file is damaged"))
        self.problem = _paragraph(message, "damage_text")
        self.problem.setStyleSheet(
            "background: #fbeeed; border: 1px solid #e6b8b4; border-radius: 4px; padding: 8px;"
        )
        layout.addWidget(self.problem)
        self.offer = _paragraph(
            "PeerDesk has not changed the damaged file. The newest good backup is from "
            f"{summary.made_text}: {holds_text(summary)}.\n\n"
            "Restoring puts that backup in place and opens PeerDesk. Anything entered after "
            "the backup was made is not in it. The damaged file is kept, as it is, in the "
            f"backups folder (as {KEPT_ASIDE_NAME}), in case it can be repaired.",
            "offer_text",
        )
        layout.addWidget(self.offer)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(details_form(summary))
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "&Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setDefault(True)
        self.quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quit_button")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
