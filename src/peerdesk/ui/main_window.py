"""The main window: navigation sidebar, pages, menus, shortcuts and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.services.startup_view import StartupView
from peerdesk.services.views import OrganisationInfo
from peerdesk.ui.about_dialog import AboutDialog
from peerdesk.ui.context import AppContext
from peerdesk.ui.pages.checklists_page import ChecklistsPage
from peerdesk.ui.pages.dashboard_page import DashboardPage

if TYPE_CHECKING:
    from peerdesk.ui.pages.involvement_page import InvolvementPage
    from peerdesk.ui.pages.reports_page import ReportsPage
    from peerdesk.ui.pages.settings_page import SettingsPage
from peerdesk.ui.pages.staff_page import StaffPage
from peerdesk.ui.pages.supervision_page import SupervisionPage

(
    PAGE_DASHBOARD,
    PAGE_STAFF,
    PAGE_SUPERVISION,
    PAGE_CHECKLISTS,
    PAGE_INVOLVEMENT,
    PAGE_REPORTS,
    PAGE_SETTINGS,
) = range(7)
PAGE_NAMES = (
    "Dashboard",
    "Staff",
    "Supervision",
    "Checklists",
    "Involvement",
    "Reports",
    "Settings",
)
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"


class MainWindow(QMainWindow):
    lock_requested = Signal()  # Ctrl+L or Account › Lock PeerDesk

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        startup: StartupView | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.setObjectName("main_window")
        self.setWindowTitle("PeerDesk")
        self.setMinimumSize(QSize(760, 500))

        self.dashboard_page = DashboardPage(context, startup=startup)
        self.staff_page = StaffPage(context, startup=startup)
        # Settings are built the first time they are shown, to keep start-up quick.
        self._settings_page: SettingsPage | None = None
        self._settings_holder = QWidget()
        QVBoxLayout(self._settings_holder).setContentsMargins(0, 0, 0, 0)
        self._supervision_page: SupervisionPage | None = None
        self._supervision_holder = QWidget()
        QVBoxLayout(self._supervision_holder).setContentsMargins(0, 0, 0, 0)
        self._checklists_page: ChecklistsPage | None = None
        self._checklists_holder = QWidget()
        QVBoxLayout(self._checklists_holder).setContentsMargins(0, 0, 0, 0)
        self._involvement_page: InvolvementPage | None = None
        self._involvement_holder = QWidget()
        QVBoxLayout(self._involvement_holder).setContentsMargins(0, 0, 0, 0)
        self._reports_page: ReportsPage | None = None
        self._reports_holder = QWidget()
        QVBoxLayout(self._reports_holder).setContentsMargins(0, 0, 0, 0)
        pages: list[QWidget] = [
            self.dashboard_page,
            self.staff_page,
            self._supervision_holder,
            self._checklists_holder,
            self._involvement_holder,
            self._reports_holder,
            self._settings_holder,
        ]

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setFixedWidth(180)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for number, (name, page) in enumerate(zip(PAGE_NAMES, pages, strict=True), start=1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Ctrl+{number})")
            item.setSizeHint(QSize(160, 38))
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self._page_chosen)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.organisation_label = QLabel()
        self.organisation_label.setObjectName("status_organisation")
        self.statusBar().addWidget(self.organisation_label, 1)
        self.data_label = QLabel(f"Data: {context.data_dir}")
        self.data_label.setObjectName("status_data")
        self.statusBar().addPermanentWidget(self.data_label)

        self.staff_page.staff_changed.connect(self._staff_changed)
        self.dashboard_page.actions_requested.connect(self.show_open_actions)
        self.dashboard_page.policy_requested.connect(self.show_policy)
        self.dashboard_page.training_requested.connect(self.show_training_of)
        self.dashboard_page.assessments_requested.connect(self.show_fair_chance)
        self.dashboard_page.retention_requested.connect(self.show_retention_queue)
        if startup is not None:
            self._show_organisation(startup.organisation)
        else:
            self._organisation_changed()
        self._restore_geometry()
        self._shown_once = False
        # PeerDesk opens on who needs supervision today
        self.show_page(PAGE_DASHBOARD)
        self._shown_once = True

    # -- navigation ----------------------------------------------------------------------

    def show_page(self, number: int) -> None:
        self.navigation.setCurrentRow(number)

    @property
    def settings_page(self) -> SettingsPage:
        if self._settings_page is None:
            from peerdesk.ui.pages.settings_page import SettingsPage

            page = SettingsPage(self._context)
            page.organisation_saved.connect(self._organisation_changed)
            page.teams_changed.connect(self._teams_changed)
            page.records_erased.connect(self._records_erased)
            layout = self._settings_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._settings_page = page
        return self._settings_page

    @property
    def supervision_page(self) -> SupervisionPage:
        if self._supervision_page is None:
            page = SupervisionPage(self._context)
            layout = self._supervision_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._supervision_page = page
        return self._supervision_page

    def show_open_actions(self) -> None:
        """The supervision page's list of every open action across the organisation."""
        self.show_page(PAGE_SUPERVISION)
        self.supervision_page.show_actions()

    def show_policy(self, policy_id: int) -> None:
        """The policy register, with one policy chosen."""
        from peerdesk.ui.pages.checklists_page import TAB_POLICIES
        from peerdesk.ui.policy_panel import PolicyPanel

        self.show_page(PAGE_CHECKLISTS)
        self.checklists_page.show_tab(TAB_POLICIES)
        panel = self.checklists_page.panel(TAB_POLICIES)
        assert isinstance(panel, PolicyPanel)
        if not panel.select_policy(policy_id):  # hidden by a search or filter: show all
            panel.search_edit.clear()
            panel.view_combo.setCurrentIndex(panel.view_combo.count() - 1)
            panel.select_policy(policy_id)
        panel.table.setFocus()

    def show_training_of(self, staff_id: int) -> None:
        """One person's training records, on the Checklists page."""
        from peerdesk.ui.pages.checklists_page import TAB_TRAINING
        from peerdesk.ui.training_panel import TrainingPanel

        self.show_page(PAGE_CHECKLISTS)
        self.checklists_page.show_tab(TAB_TRAINING)
        panel = self.checklists_page.panel(TAB_TRAINING)
        assert isinstance(panel, TrainingPanel)
        panel.show_records_of(staff_id)

    def show_fair_chance(self) -> None:
        """Checklists › Fair chance: check levels and (administrators) risk assessments."""
        from peerdesk.ui.pages.checklists_page import TAB_FAIR_CHANCE

        self.show_page(PAGE_CHECKLISTS)
        self.checklists_page.show_tab(TAB_FAIR_CHANCE)

    def show_retention_queue(self) -> None:
        """Settings › Retention and erasure (administrators)."""
        self.show_page(PAGE_SETTINGS)
        self.settings_page.show_retention()

    def services_ready(self) -> None:
        """The services finished loading after the window showed: fill in what needs them."""
        if self.current_page() == PAGE_DASHBOARD:
            self.dashboard_page.refresh()
        self._tell_about_kept_forms()

    def _tell_about_kept_forms(self) -> None:
        """After a lock (or a sign-out from the lock screen), say which forms were kept."""
        from peerdesk.services.errors import StorageError

        context = self._context
        try:
            kept = context.services.form_drafts.held(context.actor)
        except StorageError:
            return
        if not kept:
            return
        titles = ", ".join(f"\u201c{k.title}\u201d" for k in kept[:3])
        if len(kept) > 3:
            titles += f" and {len(kept) - 3} more"
        self.statusBar().showMessage(
            f"Kept when PeerDesk locked: {titles}. Open {'it' if len(kept) == 1 else 'them'} "
            "again to carry on where you were.",
            60_000,
        )

    @property
    def checklists_page(self) -> ChecklistsPage:
        if self._checklists_page is None:
            page = ChecklistsPage(self._context)
            layout = self._checklists_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._checklists_page = page
        return self._checklists_page

    @property
    def involvement_page(self) -> InvolvementPage:
        if self._involvement_page is None:
            from peerdesk.ui.pages.involvement_page import InvolvementPage

            page = InvolvementPage(self._context)
            layout = self._involvement_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._involvement_page = page
        return self._involvement_page

    @property
    def reports_page(self) -> ReportsPage:
        if self._reports_page is None:
            from peerdesk.ui.pages.reports_page import ReportsPage

            page = ReportsPage(self._context)
            layout = self._reports_holder.layout()
            assert layout is not None
            layout.addWidget(page)
            self._reports_page = page
        return self._reports_page

    def back_up_now(self) -> None:
        """Settings › Backups, where the copy's progress, Cancel and result show."""
        self.show_page(PAGE_SETTINGS)
        self.settings_page.backup_panel.back_up_now()

    def import_staff(self) -> None:
        self.show_page(PAGE_STAFF)
        self.staff_page.import_staff()

    def _page_chosen(self, number: int) -> None:
        # on the involvement log Ctrl+N logs an activity; everywhere else it adds a person
        self.new_action.setShortcut(
            QKeySequence() if number == PAGE_INVOLVEMENT else QKeySequence.StandardKey.New
        )
        if number == PAGE_SETTINGS:
            self.settings_page.refresh()
        elif number == PAGE_REPORTS:
            self.reports_page.refresh()
        elif number == PAGE_INVOLVEMENT:
            self.involvement_page.refresh()
        elif number == PAGE_CHECKLISTS:
            self.checklists_page.refresh()
        elif number == PAGE_SUPERVISION:
            self.supervision_page.refresh()
        elif number == PAGE_DASHBOARD and self._shown_once:
            self.dashboard_page.refresh()
        self.stack.setCurrentIndex(number)

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def new_person(self) -> None:
        self.show_page(PAGE_STAFF)
        self.staff_page.new_person()

    def find_person(self) -> None:
        self.show_page(PAGE_STAFF)
        self.staff_page.focus_search()

    def change_password(self) -> None:
        from peerdesk.ui.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            self._context.services.accounts,
            self._context.actor,
            tasks=self._context.tasks,
            parent=self,
        )
        dialog.setObjectName("change_password_dialog")
        dialog.changed.connect(
            lambda: self.statusBar().showMessage("Your password was changed.", 8000)
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_about(self) -> None:
        dialog = AboutDialog(self._context.version, self._context.data_dir, self)
        dialog.setObjectName("about_dialog")
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -- menus and shortcuts -------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_action = self._action(
            "&New person…", QKeySequence(QKeySequence.StandardKey.New), self.new_person
        )
        file_menu.addAction(self.new_action)
        self.import_action = self._action("&Import staff from CSV…", None, self.import_staff)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.back_up_action = self._action("&Back up now…", None, self.back_up_now)
        file_menu.addAction(self.back_up_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu("&Edit")
        self.find_action = self._action(
            "&Find a person", QKeySequence(QKeySequence.StandardKey.Find), self.find_person
        )
        edit_menu.addAction(self.find_action)

        go_menu = menu.addMenu("&Go")
        self.page_actions = []
        for number, name in enumerate(PAGE_NAMES):
            action = self._action(
                f"&{name}", f"Ctrl+{number + 1}", lambda _=False, n=number: self.show_page(n)
            )
            go_menu.addAction(action)
            self.page_actions.append(action)

        account = self._context.account
        if account is not None:
            account_menu = menu.addMenu("&Account")
            who = QAction(f"Signed in as {self._context.actor.display_name}", self)
            who.setEnabled(False)
            account_menu.addAction(who)
            account_menu.addSeparator()
            self.change_password_action = self._action(
                "&Change my password…", None, self.change_password
            )
            account_menu.addAction(self.change_password_action)
            self.lock_action = self._action("&Lock PeerDesk", "Ctrl+L", self.lock_requested.emit)
            account_menu.addAction(self.lock_action)
            self.sign_out_action = self._action("&Sign out and close", None, self.close)
            account_menu.addAction(self.sign_out_action)

        help_menu = menu.addMenu("&Help")
        self.about_action = self._action("&About PeerDesk", None, self.show_about)
        help_menu.addAction(self.about_action)

    # -- keeping pages in step -----------------------------------------------------------

    def _staff_changed(self) -> None:
        self.dashboard_page.refresh()
        if self._settings_page is not None:
            self._settings_page.refresh()

    def _records_erased(self) -> None:
        """A leaver's records went: their name may have, too."""
        self.staff_page.refresh()
        self.dashboard_page.refresh()

    def _teams_changed(self) -> None:
        self.staff_page.reload_teams()
        self.staff_page.refresh()
        self.dashboard_page.refresh()

    def _organisation_changed(self) -> None:
        self._show_organisation(self._context.services.organisation.get(self._context.actor))
        self.dashboard_page.refresh()

    def _show_organisation(self, organisation: OrganisationInfo | None) -> None:
        name = organisation.name if organisation else ""
        self.organisation_label.setText(name)
        self.setWindowTitle(f"{name} · PeerDesk" if name else "PeerDesk")

    # -- geometry ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = self._context.settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 720)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._context.settings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.sync()
        super().closeEvent(event)
