"""The dashboard's reminder to an administrator that records are past their date: risk
assessments past their deletion date, and leavers' records past their retention period.

Hidden when there is nothing to erase (and always for managers and supervisors).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


def reminder_text(assessments: int, people: int) -> str:
    """ "1 risk assessment is past its deletion date, and 2 leavers have records past their
    retention period." (empty when there is nothing)."""
    parts = []
    if assessments:
        parts.append(
            "1 risk assessment is past its deletion date"
            if assessments == 1
            else f"{assessments:,} risk assessments are past their deletion date"
        )
    if people:
        parts.append(
            "1 leaver has records past their retention period"
            if people == 1
            else f"{people:,} leavers have records past their retention period"
        )
    if not parts:
        return ""
    return " and ".join(parts) + ". Erase what is no longer needed."


class ErasureReminder(QFrame):
    assessments_requested = Signal()  # open the fair-chance risk assessments
    retention_requested = Signal()  # open the retention review queue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erasure_reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.label = QLabel()
        self.label.setObjectName("erasure_reminder_text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.assessments_button = QPushButton("Risk assess&ments…")
        self.assessments_button.setObjectName("erasure_assessments_button")
        self.assessments_button.setToolTip("Checklists › Fair chance, where they are erased")
        self.retention_button = QPushButton("Retention &queue…")
        self.retention_button.setObjectName("erasure_retention_button")
        self.retention_button.setToolTip("Settings › Retention and erasure")
        layout.addWidget(self.assessments_button)
        layout.addWidget(self.retention_button)
        self.assessments_button.clicked.connect(self.assessments_requested.emit)
        self.retention_button.clicked.connect(self.retention_requested.emit)
        self.setVisible(False)

    def show_counts(self, assessments: int, people: int) -> None:
        text = reminder_text(assessments, people)
        self.label.setText(text)
        self.assessments_button.setVisible(assessments > 0)
        self.retention_button.setVisible(people > 0)
        self.setVisible(bool(text))
