"""The dashboard: what the register holds today, from real data only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from peerdesk.ui.context import AppContext


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(16)
        self.heading = QLabel("Dashboard")
        self.heading.setObjectName("page_heading")
        layout.addWidget(self.heading)
        self.organisation_label = QLabel()
        self.organisation_label.setObjectName("organisation_label")
        self.organisation_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.organisation_label)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.figures: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(
            (("current staff", "current staff"), ("leavers", "leavers"), ("teams", "teams"))
        ):
            card = QFrame()
            card.setObjectName("figure_card")
            card_layout = QVBoxLayout(card)
            number = QLabel("0")
            number.setObjectName("figure_number")
            number.setAccessibleName(caption)
            text = QLabel(caption)
            text.setObjectName("muted")
            card_layout.addWidget(number)
            card_layout.addWidget(text)
            grid.addWidget(card, 0, column)
            self.figures[key] = number
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        note = QLabel(
            "Who is due or overdue for supervision, and overdue actions, will appear here "
            "once supervision records are built."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        context = self._context
        organisation = context.services.organisation.get(context.actor)
        name = organisation.name if organisation else "No organisation set up yet"
        self.organisation_label.setText(name)
        counts = dict(context.services.health.counts(context.actor))
        for key, label in self.figures.items():
            label.setText(f"{counts.get(key, 0):,}")
