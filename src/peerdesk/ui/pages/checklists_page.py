"""Is the organisation ready? Checklists worked item by item, the policy register, training
and fair-chance recruitment: four tabs of one page, each built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from peerdesk.ui.context import AppContext

TAB_CHECKLISTS, TAB_POLICIES, TAB_TRAINING, TAB_FAIR_CHANCE = range(4)
Built = tuple[QWidget, Callable[[], None]]  # a tab's panel and how to refresh it


def _checklists(context: AppContext) -> Built:
    from peerdesk.ui.checklists_panel import ChecklistsPanel

    panel = ChecklistsPanel(context)
    return panel, panel.refresh


def _policies(context: AppContext) -> Built:
    from peerdesk.ui.policy_panel import PolicyPanel

    panel = PolicyPanel(context)
    return panel, panel.refresh


def _training(context: AppContext) -> Built:
    from peerdesk.ui.training_panel import TrainingPanel

    panel = TrainingPanel(context)
    return panel, panel.refresh


def _fair_chance(context: AppContext) -> Built:
    from peerdesk.ui.fair_chance_panel import FairChancePanel

    panel = FairChancePanel(context)
    return panel, panel.refresh


TABS: tuple[tuple[str, str, Callable[[AppContext], Built]], ...] = (
    ("checklists_tab", "&Checklists", _checklists),
    ("policies_tab", "&Policy register", _policies),
    ("training_tab", "&Training", _training),
    ("fair_chance_tab", "&Fair chance", _fair_chance),
)


class ChecklistsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel("Checklists, policies, training and fair-chance recruitment")
        heading.setObjectName("page_heading")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("checklists_tabs")
        self.tabs.setDocumentMode(True)
        self._panels: dict[int, Built] = {}
        for name, title, _build in TABS:
            holder = QWidget()
            holder.setObjectName(name)
            QVBoxLayout(holder).setContentsMargins(0, 8, 0, 0)
            self.tabs.addTab(holder, title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_chosen)

    def panel(self, index: int) -> QWidget:
        """The panel of a tab, built (and filled) the first time it is asked for."""
        if index not in self._panels:
            built = TABS[index][2](self._context)
            holder = self.tabs.widget(index)
            layout = holder.layout() if holder is not None else None
            assert layout is not None
            layout.addWidget(built[0])
            self._panels[index] = built
            built[1]()
        return self._panels[index][0]

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.panel(index)

    def refresh(self) -> None:
        """Refresh the tab showing (the others refresh when they are next shown)."""
        self._tab_chosen(self.tabs.currentIndex())

    def _tab_chosen(self, index: int) -> None:
        if index in self._panels:
            self._panels[index][1]()
        else:
            self.panel(index)
