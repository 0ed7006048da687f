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
            grid.addWidget(self._card(key, caption), 0, column)
        supervision_heading = QLabel("Supervision today")
        supervision_heading.setObjectName("section_heading")
        grid.addWidget(supervision_heading, 1, 0, 1, 3)
        for column, (key, caption) in enumerate(
            (
                ("overdue", "overdue for supervision"),
                ("due_soon", "due this week"),
                ("up_to_date", "up to date"),
            )
        ):
            grid.addWidget(self._card(key, caption), 2, column)
        for column, (key, caption) in enumerate(
            (
                ("overdue_actions", "actions overdue"),
                ("agreement_reviews", "agreement reviews due"),
                ("relationship_reviews", "dual-relationship reviews due"),
            )
        ):
            grid.addWidget(self._card(key, caption), 3, column)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        if startup is not None:
            self._show(startup.organisation, startup.counts)
        else:
            self.refresh()

    def _card(self, key: str, caption: str) -> QFrame:
        card = QFrame()
        card.setObjectName("figure_card")
        card_layout = QVBoxLayout(card)
        number = QLabel("–")
        number.setObjectName("figure_number")
        number.setAccessibleName(caption)
        text = QLabel(caption)
        text.setObjectName("muted")
        card_layout.addWidget(number)
        card_layout.addWidget(text)
        self.figures[key] = number
        return card

    def refresh(self) -> None:
        context = self._context
        services = context.services
        self._show(services.organisation.get(context.actor), services.health.counts(context.actor))
        schedule = services.schedule.counts(context.actor)
        for key in ("overdue", "due_soon", "up_to_date"):
            self.figures[key].setText(f"{getattr(schedule, key):,}")
        actor, today = context.actor, context.today()
        # reviews due: already past, or falling due in the next week
        figures = {
            "overdue_actions": len(services.actions.overdue(actor, today)),
            "agreement_reviews": len(services.agreements.reviews_due(actor, 7, today=today)),
            "relationship_reviews": len(
                services.dual_relationships.reviews_due(actor, 7, today=today)
            ),
        }
        for key, value in figures.items():
            self.figures[key].setText(f"{value:,}")

    def _show(
        self, organisation: OrganisationInfo | None, counts: Sequence[tuple[str, int]]
    ) -> None:
        name = organisation.name if organisation else "No organisation set up yet"
        self.organisation_label.setText(name)
        figures = dict(counts)
        for key in ("current staff", "leavers", "teams"):
            self.figures[key].setText(f"{figures.get(key, 0):,}")
