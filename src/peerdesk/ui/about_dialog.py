"""About PeerDesk: version, where the data lives, and the promise that it stays there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class AboutDialog(QDialog):
    def __init__(self, version: str, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About PeerDesk")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        title = QLabel("PeerDesk")
        title.setObjectName("page_heading")
        layout.addWidget(title)
        self.version_label = QLabel(f"Version {version}")
        self.version_label.setObjectName("version_label")
        layout.addWidget(self.version_label)
        body = QLabel(
            "Staff, supervision and policy records for organisations that employ people "
            "with lived experience. Everything stays on this computer: PeerDesk never "
            "connects to the internet."
        )
        body.setWordWrap(True)
        layout.addWidget(body)
        where = QLabel(f"Data folder: {data_dir}")
        where.setObjectName("muted")
        where.setWordWrap(True)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
