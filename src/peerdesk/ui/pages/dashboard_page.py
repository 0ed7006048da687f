"""The dashboard: what the register holds today, from real data only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from peerdesk.services.startup_view import StartupView
from peerdesk.services.views import OrganisationInfo
from peerdesk.ui.context import AppContext


class DashboardPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        startup: StartupView | None = None,
    ) -> None:
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
        if startup is not None:
            self._show(startup.organisation, startup.counts)
        else:
            self.refresh()

    def refresh(self) -> None:
        context = self._context
        services = context.services
        self._show(services.organisation.get(context.actor), services.health.counts(context.actor))

    def _show(
        self, organisation: OrganisationInfo | None, counts: Sequence[tuple[str, int]]
    ) -> None:
        name = organisation.name if organisation else "No organisation set up yet"
        self.organisation_label.setText(name)
        figures = dict(counts)
        for key, label in self.figures.items():
            label.setText(f"{figures.get(key, 0):,}")
