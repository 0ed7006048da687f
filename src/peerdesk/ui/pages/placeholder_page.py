"""A page whose feature is not built yet: it says plainly what will live there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("page_heading")
        layout.addWidget(heading)
        body = QLabel(explanation)
        body.setObjectName("placeholder_text")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setMaximumWidth(640)
        layout.addWidget(body)
        note = QLabel("This part of PeerDesk is not built yet. Nothing here is sample data.")
        note.setObjectName("muted")
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        layout.addStretch(1)


REPORTS_TEXT = (
    "Reports will be exported from here as PDFs: the trustee workforce report (figures "
    "only, small numbers suppressed), a person's supervision record, checklist reports, "
    "and everything held about one person when they ask for it."
)
