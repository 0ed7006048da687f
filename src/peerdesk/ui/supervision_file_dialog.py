"""One person's supervision file: their agreement, dual relationships, long absences, their
own wellness action plan and, for apprentices, their apprenticeship.

Each part is a tab of its own (``agreement_tab``, ``dual_relationship_tab``, ``absence_tab``)
that saves through its service straight away; ``changed`` tells the caller to refresh.
Callers open it with ``open()``. Close and Esc close it; Ctrl+S saves the agreement or the
wellness plan, whichever is showing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.views import StaffRecord
from peerdesk.ui.absence_tab import AbsenceTab
from peerdesk.ui.agreement_tab import AgreementTab
from peerdesk.ui.apprenticeship_tab import ApprenticeshipTab
from peerdesk.ui.dual_relationship_tab import DualRelationshipTab
from peerdesk.ui.form_helpers import (
    add_save_shortcut,
    make_general_error_label,
    make_hint,
    show_error,
)
from peerdesk.ui.wellness_tab import WellnessTab

TAB_NAMES = ("agreement", "relationships", "absences", "wellness", "apprenticeship")
FileTab = AgreementTab | DualRelationshipTab | AbsenceTab | WellnessTab | ApprenticeshipTab


class SupervisionFileDialog(QDialog):
    changed = Signal()  # after anything in the file is saved

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervision_file_dialog")
        self.setWindowTitle("Supervision file")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._record: StaffRecord | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(6)
        self.person = QLabel()
        self.person.setObjectName("person_name")
        self.person.setTextFormat(Qt.TextFormat.PlainText)
        font = self.person.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.person.setFont(font)
        outer.addWidget(self.person)
        self.person_details = make_hint("")
        self.person_details.setObjectName("person_details")
        outer.addWidget(self.person_details)
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)

        self.agreement_tab = AgreementTab(services, actor, staff_id, today=today)
        self.relationships_tab = DualRelationshipTab(services, actor, staff_id, today=today)
        self.absences_tab = AbsenceTab(services, actor, staff_id, today=today)
        self.wellness_tab = WellnessTab(services, actor, staff_id, today=today)
        self.apprenticeship_tab = ApprenticeshipTab(services, actor, staff_id, today=today)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.agreement_tab, "&Agreement")
        self.tabs.addTab(self.relationships_tab, "Dual re&lationships")
        self.tabs.addTab(self.absences_tab, "A&bsences")
        self.tabs.addTab(self.wellness_tab, "&Wellness plan")
        self.tabs.addTab(self.apprenticeship_tab, "A&pprenticeship")
        outer.addWidget(self.tabs, 1)

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.setObjectName("button_box")
        close = self.button_box.button(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        self.close_button: QPushButton = close
        self.close_button.setObjectName("close_button")
        self.close_button.setText("Close")
        self.close_button.setToolTip("Close the file (Esc); everything is saved as you go")
        self.close_button.setAutoDefault(False)
        outer.addWidget(self.button_box)

        self.close_button.clicked.connect(self.reject)
        for tab in self._all_tabs():
            tab.changed.connect(self.changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        add_save_shortcut(self, self._save)

        self.agreement_tab.claim_default()
        self._load_person()
        self.resize(860, 660)
        self.agreement_tab.first_field().setFocus()

    @property
    def record(self) -> StaffRecord | None:
        return self._record

    def _load_person(self) -> None:
        try:
            record = self._services.staff.get(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            show_error(self.general_error, str(exc))
            self.tabs.setEnabled(False)
            self.person.setVisible(False)
            self.person_details.setVisible(False)
            return
        self._record = record
        d = record.details
        self.setWindowTitle(f"Supervision file: {d.full_name}")
        self.person.setText(d.full_name)
        supervisor = f"Supervisor: {record.supervisor_name}" if record.supervisor_name else ""
        left = "Left the organisation" if not record.is_current else ""
        extra = [part for part in (d.job_title, record.team_name, supervisor, left) if part]
        self.person_details.setText(" · ".join(extra))
        self.person_details.setVisible(bool(extra))
        # the apprenticeship tab is for apprentices, and anyone who has had one
        apprentice = (
            d.role_category is RoleCategory.PEER_APPRENTICE
            or d.employment_type is EmploymentType.APPRENTICESHIP
            or bool(self._services.apprenticeships.for_person(self._actor, self._staff_id))
        )
        self.tabs.setTabVisible(TAB_NAMES.index("apprenticeship"), apprentice)

    # -- tabs -----------------------------------------------------------------------------

    def show_tab(self, name: str) -> None:
        """Bring a tab (one of TAB_NAMES) to the front, focused."""
        if name not in TAB_NAMES:
            raise ValueError(f"No tab called {name!r}; expected one of {TAB_NAMES}")
        tab = self._tab(name)
        self.tabs.setCurrentWidget(tab)
        tab.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _all_tabs(self) -> tuple[FileTab, ...]:
        return (
            self.agreement_tab,
            self.relationships_tab,
            self.absences_tab,
            self.wellness_tab,
            self.apprenticeship_tab,
        )

    def _tab(self, name: str) -> FileTab:
        return self._all_tabs()[TAB_NAMES.index(name)]

    def current_tab_name(self) -> str:
        return TAB_NAMES[self.tabs.currentIndex()]

    def _tab_changed(self, index: int) -> None:
        if index == 0:
            self.agreement_tab.claim_default()
        elif self.tabs.widget(index) is self.wellness_tab:
            self.wellness_tab.claim_default()
        # Keep the focus on the tab bar while someone walks it with the arrow keys.
        if not self.tabs.tabBar().hasFocus():
            self._tab(TAB_NAMES[index]).first_field().setFocus(Qt.FocusReason.TabFocusReason)

    def _save(self) -> None:
        if self.tabs.currentWidget() is self.agreement_tab:
            self.agreement_tab.save()
        elif self.tabs.currentWidget() is self.wellness_tab:
            self.wellness_tab.save()

    def done(self, result: int) -> None:
        for tab in (self.relationships_tab, self.absences_tab, self.apprenticeship_tab):
            if tab.current_dialog is not None:
                tab.current_dialog.close()
        super().done(result)
