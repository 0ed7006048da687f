"""Settings: the organisation's details (and its logo for reports), its teams and backups;
for administrators also the user accounts and the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Role
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.ui.backup_panel import BackupPanel
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_helpers import make_error_label, make_hint, show_error
from peerdesk.ui.pages.standard_editor import StandardEditor

if TYPE_CHECKING:
    from peerdesk.ui.audit_panel import AuditPanel
    from peerdesk.ui.retention_panel import RetentionPanel
    from peerdesk.ui.users_panel import UsersPanel


class OrganisationForm(QGroupBox):
    """The organisation's name, charity number and standards."""

    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Organisation", parent)
        self._context = context
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("organisation_name")
        self.name_error = make_error_label("organisation_name")
        self.charity_edit = QLineEdit()
        self.charity_edit.setObjectName("charity_number")
        self.charity_error = make_error_label("charity_number")
        self.interval_spin = QSpinBox()
        self.interval_spin.setObjectName("supervision_interval_days")
        self.interval_spin.setRange(1, 365)
        self.interval_spin.setSuffix(" days")
        self.threshold_spin = QSpinBox()
        self.threshold_spin.setObjectName("small_number_threshold")
        self.threshold_spin.setRange(2, 50)
        self.retention_spin = QSpinBox()
        self.retention_spin.setObjectName("retention_years")
        self.retention_spin.setRange(1, 100)
        self.retention_spin.setSuffix(" years")
        for text, line_edit, error in (
            ("&Name", self.name_edit, self.name_error),
            ("&Charity number", self.charity_edit, self.charity_error),
        ):
            label = QLabel(text)
            label.setBuddy(line_edit)
            form.addRow(label, line_edit)
            form.addRow("", error)
        for text, widget in (
            ("&Supervision at least every", self.interval_spin),
            ("Hide &figures about fewer than", self.threshold_spin),
            ("Keep leavers' &records for", self.retention_spin),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.logo = LogoField(context)
        logo_label = QLabel("&Logo on reports")
        logo_label.setBuddy(self.logo.choose_button)
        logo_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(logo_label, self.logo)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save organisation details")
        self.save_button.setObjectName("save_organisation_button")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("muted")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        form.addRow("", buttons)
        self.save_button.clicked.connect(self.save)
        self.logo.changed.connect(
            lambda: self.saved_label.setText("Logo saved." if self.logo.path else "Logo removed.")
        )
        self.name_edit.textEdited.connect(lambda _t: show_error(self.name_error, None))
        self.charity_edit.textEdited.connect(lambda _t: show_error(self.charity_error, None))
        self.load()

    def load(self) -> None:
        info = self._context.services.organisation.get(self._context.actor)
        details = info.details if info else OrganisationDetails(name="")
        self.name_edit.setText(details.name)
        self.charity_edit.setText(details.charity_number)
        self.interval_spin.setValue(details.supervision_interval_days)
        self.threshold_spin.setValue(details.small_number_threshold)
        self.retention_spin.setValue(details.retention_years)
        self.logo.show_logo(info.logo_path if info else None)

    def save(self) -> None:
        details = OrganisationDetails(
            name=self.name_edit.text(),
            charity_number=self.charity_edit.text(),
            supervision_interval_days=self.interval_spin.value(),
            small_number_threshold=self.threshold_spin.value(),
            retention_years=self.retention_spin.value(),
        )
        service = self._context.services.organisation
        try:
            if service.get(self._context.actor) is None:
                service.create(self._context.actor, details)
            else:
                service.update(self._context.actor, details)
        except ValidationError as exc:
            show_error(self.name_error, exc.message_for("name"))
            show_error(self.charity_error, exc.message_for("charity_number"))
            self.saved_label.setText("Not saved: see the messages above.")
            return
        except Conflict as exc:
            self.saved_label.setText(str(exc))
            return
        self.load()
        self.saved_label.setText("Saved.")
        self.saved.emit()


class LogoField(QWidget):
    """The organisation's logo for reports: a small preview, Choose image… and Remove.

    A chosen image is checked and saved at once (it must be a PNG or JPEG under 2 MB);
    problems are shown under the preview.
    """

    PREVIEW = QSize(96, 48)
    FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._path = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.preview = QLabel()
        self.preview.setObjectName("logo_preview")
        self.preview.setFixedSize(self.PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAccessibleName("Logo preview")
        self.choose_button = QPushButton("Choose &image…")
        self.choose_button.setObjectName("choose_logo_button")
        self.choose_button.setToolTip("Choose a PNG or JPEG file under 2 MB")
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setObjectName("remove_logo_button")
        self.remove_button.setToolTip("Print reports without a logo")
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        layout.addLayout(row)
        self.file_label = QLabel()
        self.file_label.setObjectName("logo_file")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        self.error = make_error_label("logo_path")
        layout.addWidget(self.error)
        self.hint = make_hint(
            "Printed at the top of every report. A PNG or JPEG file under 2 MB; it is "
            "saved as soon as you choose it."
        )
        layout.addWidget(self.hint)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)

    @property
    def path(self) -> str:
        """The logo's file as saved, or "" when there is none."""
        return self._path

    def show_logo(self, logo_path: str | None) -> None:
        """Show the saved logo; ``None`` when the organisation is not set up yet."""
        self._path = logo_path or ""
        set_up = logo_path is not None
        self.choose_button.setEnabled(set_up)
        self.remove_button.setEnabled(bool(self._path))
        show_error(self.error, None)
        self.preview.setPixmap(QPixmap())
        if not self._path:
            self.preview.setText("No logo")
            self.file_label.setText("")
            self.file_label.setVisible(False)
            if not set_up:
                self.preview.setText("Save the details first")
            return
        path = Path(self._path)
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.file_label.setVisible(True)
        pixmap = QPixmap(str(path)) if path.is_file() else QPixmap()
        if pixmap.isNull():
            self.preview.setText("Cannot show it")
            show_error(
                self.error,
                f"The logo file {path} cannot be found or read, so reports are printed "
                "without it. Choose it again, or remove it.",
            )
            return
        self.preview.setText("")
        self.preview.setPixmap(
            pixmap.scaled(
                self.PREVIEW - QSize(8, 8),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def choose(self) -> None:
        start = Path(self._path).parent if self._path else Path.home()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the logo for reports", str(start), self.FILTER
        )
        if chosen:
            self._save(Path(chosen))

    def remove(self) -> None:
        self._save(None)

    def _save(self, path: Path | None) -> None:
        service = self._context.services.organisation
        try:
            info = service.set_logo(self._context.actor, path)
        except ValidationError as exc:
            show_error(self.error, exc.message_for("logo_path") or str(exc))
            return
        except (Conflict, AccessDenied) as exc:
            show_error(self.error, str(exc))
            return
        self.show_logo(info.logo_path)
        self.changed.emit()


class TeamsEditor(QGroupBox):
    """Add, rename and remove teams in place."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Teams", parent)
        self._context = context
        layout = QVBoxLayout(self)
        self.team_list = QListWidget()
        self.team_list.setObjectName("team_list")
        layout.addWidget(self.team_list)
        row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("team_name")
        self.name_edit.setPlaceholderText("Team name")
        self.add_button = QPushButton("&Add team")
        self.add_button.setObjectName("add_team_button")
        self.rename_button = QPushButton("Re&name")
        self.rename_button.setObjectName("rename_team_button")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setObjectName("remove_team_button")
        row.addWidget(self.name_edit, 1)
        for button in (self.add_button, self.rename_button, self.remove_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.message = make_error_label("team")
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.name_edit.returnPressed.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.team_list.currentItemChanged.connect(self._current_changed)
        self.load()

    def load(self) -> None:
        self.team_list.clear()
        for team in self._context.services.teams.list_teams(self._context.actor):
            people = "person" if team.member_count == 1 else "people"
            item = QListWidgetItem(f"{team.name}  ·  {team.member_count} {people}")
            item.setData(Qt.ItemDataRole.UserRole, team.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, team.name)
            self.team_list.addItem(item)
        self._current_changed()

    def _selected_id(self) -> int | None:
        item = self.team_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _current_changed(self, *_args: object) -> None:
        item = self.team_list.currentItem()
        has = item is not None
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        if item is not None:
            self.name_edit.setText(str(item.data(Qt.ItemDataRole.UserRole + 1)))

    def _run(self, action: str) -> None:
        teams = self._context.services.teams
        actor = self._context.actor
        try:
            if action == "add":
                teams.create(actor, self.name_edit.text())
                self.name_edit.clear()
            elif action == "rename" and (team_id := self._selected_id()) is not None:
                teams.rename(actor, team_id, self.name_edit.text())
            elif action == "remove" and (team_id := self._selected_id()) is not None:
                teams.delete(actor, team_id)
                self.name_edit.clear()
        except ValidationError as exc:
            show_error(self.message, exc.message_for("name") or str(exc))
            return
        except (Conflict, NotFound) as exc:
            show_error(self.message, str(exc))
            return
        show_error(self.message, None)
        self.load()
        self.changed.emit()

    def add(self) -> None:
        self._run("add")

    def rename(self) -> None:
        self._run("rename")

    def remove(self) -> None:
        self._run("remove")


class SettingsPage(QWidget):
    """Settings, in tabs: the organisation (details, standard, teams, backups) for everyone;
    users and sign-in, and the audit trail, for administrators. Those two tabs are built
    the first time they are shown."""

    organisation_saved = Signal()
    teams_changed = Signal()
    records_erased = Signal()  # a leaver's records were erased: the lists elsewhere change

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.setContentsMargins(24, 20, 24, 0)
        heading = QLabel("Settings")
        heading.setObjectName("page_heading")
        heading_row.addWidget(heading)
        outer.addLayout(heading_row)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)

        content = QWidget()
        scroll = QScrollArea()
        scroll.setObjectName("settings_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.tabs.addTab(scroll, "Organisation")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(16)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        self.organisation_form = OrganisationForm(context)
        self.teams_editor = TeamsEditor(context)
        self.standard_editor = StandardEditor(context)
        left = QVBoxLayout()
        left.addWidget(self.organisation_form)
        left.addWidget(self.standard_editor)
        columns.addLayout(left, 3)
        columns.addWidget(self.teams_editor, 2)
        layout.addLayout(columns)
        self.backup_panel = BackupPanel(context)
        layout.addWidget(self.backup_panel)
        self.backup_panel.setVisible(context.actor.role is Role.ADMINISTRATOR)
        where = QLabel(f"Data folder: {context.data_dir}")
        where.setObjectName("muted")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(where)
        layout.addStretch(1)

        self.users_panel: UsersPanel | None = None
        self.audit_panel: AuditPanel | None = None
        self.retention_panel: RetentionPanel | None = None
        self._users_holder = _holder(margins=(24, 12, 24, 16))
        self._audit_holder = _holder()  # the audit panel keeps its own page margins
        self._retention_holder = _holder(margins=(24, 12, 24, 16))
        if context.actor.role is Role.ADMINISTRATOR:
            self.tabs.addTab(self._users_holder, "Users and sign-in")
            self.tabs.addTab(self._audit_holder, "Audit trail")
            self.tabs.addTab(self._retention_holder, "Retention and erasure")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.organisation_form.saved.connect(self.organisation_saved)
        self.teams_editor.changed.connect(self.teams_changed)

    def show_users(self) -> UsersPanel:
        self.tabs.setCurrentWidget(self._users_holder)
        return self._users()

    def show_audit_trail(self) -> AuditPanel:
        self.tabs.setCurrentWidget(self._audit_holder)
        return self._audit()

    def show_retention(self) -> RetentionPanel:
        self.tabs.setCurrentWidget(self._retention_holder)
        return self._retention()

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self._users_holder:
            self._users().refresh()
        elif widget is self._audit_holder:
            self._audit().refresh()
        elif widget is self._retention_holder:
            self._retention().refresh()

    def _users(self) -> UsersPanel:
        if self.users_panel is None:
            from peerdesk.ui.users_panel import UsersPanel

            context = self._context
            panel = UsersPanel(lambda: context.services, context.actor)
            account = context.account
            if account is not None:
                panel.idle_minutes_changed.connect(
                    lambda minutes: account.idle_minutes_changed(minutes)
                )
            layout = self._users_holder.layout()
            assert layout is not None
            layout.addWidget(panel)
            self.users_panel = panel
        return self.users_panel

    def _audit(self) -> AuditPanel:
        if self.audit_panel is None:
            from peerdesk.ui.audit_panel import AuditPanel

            panel = AuditPanel(self._context)
            layout = self._audit_holder.layout()
            assert layout is not None
            layout.addWidget(panel)
            self.audit_panel = panel
        return self.audit_panel

    def _retention(self) -> RetentionPanel:
        if self.retention_panel is None:
            from peerdesk.ui.retention_panel import RetentionPanel

            panel = RetentionPanel(self._context)
            panel.erased.connect(self.records_erased)
            layout = self._retention_holder.layout()
            assert layout is not None
            layout.addWidget(panel)
            self.retention_panel = panel
        return self.retention_panel

    def refresh(self) -> None:
        self.backup_panel.refresh()
        self.teams_editor.load()
        current = self.tabs.currentWidget()
        if current is self._users_holder and self.users_panel is not None:
            self.users_panel.refresh()
        elif current is self._audit_holder and self.audit_panel is not None:
            self.audit_panel.refresh()
        elif current is self._retention_holder and self.retention_panel is not None:
            self.retention_panel.refresh()


def _holder(margins: tuple[int, int, int, int] = (0, 0, 0, 0)) -> QWidget:
    holder = QWidget()
    QVBoxLayout(holder).setContentsMargins(*margins)
    return holder
