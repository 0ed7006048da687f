"""The recovery key, shown once, right after PeerDesk is set up: to print or write down.

Continue is enabled only once "I have written down or printed the recovery key" is ticked.
Esc does nothing; the window's close button asks first (the key is not shown again).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeyEvent, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.clock import local_today
from peerdesk.domain.text import long_date
from peerdesk.ui.form_helpers import make_hint
from peerdesk.ui.sign_in_parts import brand_line

WHAT_IT_IS_FOR = (
    "If every password is forgotten, this key opens PeerDesk's data. Keep it somewhere safe, "
    "away from this laptop. PeerDesk will not show it again."
)
GROUPS_PER_LINE = 7
KEY_STYLE = (
    'font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 20pt; font-weight: bold'
)


def key_lines(key: str) -> str:
    """The key in two lines of seven groups, easier to copy by hand."""
    groups = key.split("-")
    lines = [
        "-".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)
    ]
    return "\n".join(lines)


def choose_printer(parent: QWidget) -> QPrinter | None:
    """Ask which printer (tests replace this)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the recovery key")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def recovery_document(key: str) -> QTextDocument:
    lines = html.escape(key_lines(key)).replace("\n", "<br>")
    document = QTextDocument()
    document.setHtml(
        "<h1>PeerDesk recovery key</h1>"
        f"<p>Written on {html.escape(long_date(local_today()))}.</p>"
        f"<p style='{KEY_STYLE}'>{lines}</p>"
        f"<p>{html.escape(WHAT_IT_IS_FOR)}</p>"
        "<p>To use it: on PeerDesk's sign-in window choose “Forgotten your password?”, type "
        "this key and an administrator's user name, and choose a new password.</p>"
    )
    return document


def confirm_close(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Close without the recovery key?",
        "You have not ticked that the recovery key is written down or printed. PeerDesk "
        "will not show it again.\n\nClose anyway?",
        QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Close


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle("Your recovery key")
        self.setMinimumWidth(560)
        self._key = recovery_key

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 18)
        outer.setSpacing(12)
        outer.addWidget(brand_line())
        heading = QLabel("Your recovery key")
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        outer.addWidget(heading)

        frame = QFrame()
        frame.setObjectName("key_frame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(
            "QFrame#key_frame { background: #f6f8f7; border: 1px solid #cfd8d3;"
            " border-radius: 6px; }"
        )
        inside = QVBoxLayout(frame)
        inside.setContentsMargins(18, 14, 18, 14)
        self.key_label = QLabel(key_lines(recovery_key))
        self.key_label.setObjectName("recovery_key")
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.key_label.setFont(mono)
        # a style sheet, as the application's own sets every widget's font size
        self.key_label.setStyleSheet(
            f'background: transparent; border: none; font-family: "{mono.family()}";'
            " font-size: 17pt; font-weight: 600;"
        )
        inside.addWidget(self.key_label)
        outer.addWidget(frame)

        self.explanation = QLabel(WHAT_IT_IS_FOR)
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        outer.addWidget(self.explanation)

        actions = QHBoxLayout()
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip("Copy the key, to paste it into a password manager")
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("print_button")
        self.print_button.setAutoDefault(False)
        self.feedback = make_hint("")
        self.feedback.setObjectName("feedback")
        actions.addWidget(self.copy_button)
        actions.addWidget(self.print_button)
        actions.addSpacing(8)
        actions.addWidget(self.feedback, 1)
        outer.addLayout(actions)

        self.kept_check = QCheckBox("&I have written down or printed the recovery key")
        self.kept_check.setObjectName("kept_check")
        outer.addWidget(self.kept_check)
        outer.addStretch(1)

        row = QHBoxLayout()
        row.addStretch(1)
        self.continue_button = QPushButton("C&ontinue")
        self.continue_button.setObjectName("continue_button")
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        row.addWidget(self.continue_button)
        outer.addLayout(row)

        self.copy_button.clicked.connect(self.copy_key)
        self.print_button.clicked.connect(self.print_key)
        self.kept_check.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.accept)

    @property
    def recovery_key(self) -> str:
        return self._key

    def copy_key(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._key)
        self.feedback.setText("Copied. Paste it somewhere safe, then clear the clipboard.")

    def print_key(self) -> None:
        printer = choose_printer(self)
        if printer is None:
            return
        recovery_document(self._key).print_(printer)
        self.feedback.setText("Sent to the printer. Check that the page came out.")

    # -- closing only once the key is kept -----------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc does nothing here: the key would be gone
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """The window's close button (and Alt+F4) come here: ask first."""
        if self.kept_check.isChecked():
            self.accept()
            return
        if confirm_close(self):
            super().reject()
