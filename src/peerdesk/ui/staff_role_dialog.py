"""A person's further roles: the "Other roles" panel of the staff dialog, and the dialog
that adds or edits one role.

The main role stays in the staff dialog's own fields; each further role is saved as soon as
its dialog is saved (it does not wait for the person's Save). Dialogs are opened with
``open()`` and kept in ``current_dialog`` while open.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import HOURS_VARY_NOTE, MAX_TITLE, RoleDetails
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.staff_role_views import PersonRoles, RoleRow
from peerdesk.ui.form_dialog import DateDialog, FormDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    HoursNotANumber,
    connect_optional,
    current_data,
    date_row,
    field_with_error,
    fill_combo,
    fill_enum_combo,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    optional_date,
    parse_hours,
    select_data,
    set_optional_date,
    to_qdate,
)
from peerdesk.ui.row_table_model import AnyIndex, RowTableModel, make_row_table

HOURS_NOT_A_NUMBER = "Enter hours as a number, such as 7.5, or leave them empty when they vary."
SAVE_FIRST = "Save the person first to add further roles."
SAVED_AT_ONCE = (
    "Roles they hold beside their main one (above). A change here is saved at once. A role "
    "whose hours vary adds nothing to the FTE."
)
D = TypeVar("D", bound=FormDialog)


def hours_text(hours: float | None) -> str:
    return "varies" if hours is None else f"{hours:g}"


class RoleTableModel(RowTableModel[RoleRow]):
    HEADERS = ("Job title", "Team", "Hours", "Supervisor", "From", "To")

    def set_rows(self, rows: list[RoleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        d = row.details
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                d.job_title,
                row.team_name,
                hours_text(d.hours_per_week),
                row.supervisor_name,
                format_date(d.start_date) if d.start_date else "",
                format_date(d.end_date) if d.end_date else "",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and not row.is_current:
            return "This role has ended."
        return None


class RoleDialog(FormDialog):
    """Add a further role (``role`` None) or edit one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        person: PersonRoles,
        role: RoleRow | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "Add a role" if role is None else "Edit a role"
        super().__init__(title, f"A further role of {person.full_name}.", parent)
        self.setObjectName("role_dialog")
        self._services = services
        self._actor = actor
        self._person = person
        self._role = role

        self.job_title = QLineEdit()
        self.job_title.setObjectName("job_title")
        self.job_title.setMaxLength(MAX_TITLE)
        self.job_title.setPlaceholderText("For example, Volunteer befriender")
        self._row("&Job title *", "job_title", self.job_title)

        self.role_category = QComboBox()
        self.role_category.setObjectName("role_category")
        fill_enum_combo(self.role_category, RoleCategory)
        self._row("&Role category *", "role_category", self.role_category)

        self.employment_type = QComboBox()
        self.employment_type.setObjectName("employment_type")
        fill_enum_combo(self.employment_type, EmploymentType)
        self._row("&Employment type *", "employment_type", self.employment_type)

        self.team_id = QComboBox()
        self.team_id.setObjectName("team_id")
        teams = services.teams.list_teams(actor)
        fill_combo(self.team_id, [(NONE_TEXT, None), *((t.name, t.id) for t in teams)])
        self._row("&Team", "team_id", self.team_id)

        self.hours_per_week = QLineEdit()
        self.hours_per_week.setObjectName("hours_per_week")
        self.hours_per_week.setMaxLength(10)
        self.hours_per_week.setMaximumWidth(110)
        self.hours_per_week.setPlaceholderText("e.g. 7.5")
        hours_box = QWidget()
        hours_row = QHBoxLayout(hours_box)
        hours_row.setContentsMargins(0, 0, 0, 0)
        hours_row.addWidget(self.hours_per_week)
        hint = make_hint(HOURS_VARY_NOTE)
        hint.setObjectName("hours_hint")
        hours_row.addWidget(hint, 1)
        self._row("&Hours a week", "hours_per_week", self.hours_per_week, hours_box)

        self.supervisor_id = QComboBox()
        self.supervisor_id.setObjectName("supervisor_id")
        people = [
            (f"{p.name} ({p.job_title})" if p.job_title else p.name, p.id)
            for p in services.staff.people(actor)
            if p.id != person.staff_id
        ]
        fill_combo(self.supervisor_id, [(NONE_TEXT, None), *people])
        self._row("Super&visor", "supervisor_id", self.supervisor_id)

        self.start_date = make_date_edit("start_date")
        self._row("St&art date *", "start_date", self.start_date, date_row(self.start_date))

        self.has_end_date = QCheckBox("En&d date")
        self.has_end_date.setObjectName("has_end_date")
        self.end_date = make_date_edit("end_date")
        self.end_date.setAccessibleName("End date")
        end_error = make_error_label("end_date")
        self.errors.add("end_date", end_error, self.end_date)
        connect_optional(self.has_end_date, self.end_date)
        self.form.addRow(self.has_end_date, field_with_error(date_row(self.end_date), end_error))

        start = max(today, person.person_start)
        if person.person_end is not None:
            start = min(start, person.person_end)
        self.start_date.setDate(to_qdate(start))
        self.end_date.setDate(to_qdate(person.person_end or start))
        if role is None:
            select_data(self.role_category, RoleCategory.VOLUNTEER.value)
            select_data(self.employment_type, EmploymentType.VOLUNTEER.value)
            set_optional_date(self.has_end_date, self.end_date, person.person_end)
        else:
            self._fill(role)
        self.job_title.textChanged.connect(lambda _t: self.errors.clear("job_title"))
        self.hours_per_week.textChanged.connect(lambda _t: self.errors.clear("hours_per_week"))
        self.start_date.dateChanged.connect(lambda _d: self.errors.clear("start_date"))
        self.end_date.dateChanged.connect(lambda _d: self.errors.clear("end_date"))
        chain: list[QWidget] = [
            self.job_title,
            self.role_category,
            self.employment_type,
            self.team_id,
            self.hours_per_week,
            self.supervisor_id,
            self.start_date,
            self.has_end_date,
            self.end_date,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.resize(560, self.sizeHint().height())
        self.job_title.setFocus()

    def _fill(self, role: RoleRow) -> None:
        d = role.details
        self.job_title.setText(d.job_title)
        select_data(self.role_category, d.role_category.value)
        select_data(self.employment_type, d.employment_type.value)
        if not select_data(self.team_id, d.team_id):
            select_data(self.team_id, None)
        self.hours_per_week.setText("" if d.hours_per_week is None else f"{d.hours_per_week:g}")
        if d.supervisor_id is not None and not select_data(self.supervisor_id, d.supervisor_id):
            self.supervisor_id.addItem(
                f"{role.supervisor_name or 'Someone'} (left)", d.supervisor_id
            )
            self.supervisor_id.setCurrentIndex(self.supervisor_id.count() - 1)
        if d.start_date is not None:
            self.start_date.setDate(to_qdate(d.start_date))
        set_optional_date(self.has_end_date, self.end_date, d.end_date)

    def details(self) -> RoleDetails:
        """What the form holds (raises ValidationError for hours that are not a number)."""
        try:
            hours = parse_hours(self.hours_per_week.text())
        except HoursNotANumber:
            raise ValidationError([FieldError("hours_per_week", HOURS_NOT_A_NUMBER)]) from None
        return RoleDetails(
            job_title=self.job_title.text(),
            role_category=RoleCategory(current_data(self.role_category)),
            employment_type=EmploymentType(current_data(self.employment_type)),
            start_date=from_qdate(self.start_date.date()),
            team_id=current_data(self.team_id),
            hours_per_week=hours,
            supervisor_id=current_data(self.supervisor_id),
            end_date=optional_date(self.has_end_date, self.end_date),
        )

    def _save(self) -> RoleRow:
        service = self._services.roles
        if self._role is None or self._role.id is None:
            return service.add(self._actor, self._person.staff_id, self.details())
        return service.update(self._actor, self._role.id, self.details())


class OtherRolesPanel(QWidget):
    """The table of a person's further roles with Add, Edit, End and Remove."""

    changed = Signal()

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
        self.setObjectName("other_roles_panel")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._person: PersonRoles | None = None
        self.current_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        intro = make_hint(SAVED_AT_ONCE)
        intro.setObjectName("other_roles_hint")
        layout.addWidget(intro)
        self.general_error = make_general_error_label()
        self.general_error.setObjectName("other_roles_error")
        layout.addWidget(self.general_error)
        self.errors = FieldErrors(self.general_error)
        self.model = RoleTableModel(self)
        self.table = make_row_table(self.model, "other_roles_table", "Other roles")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(RoleTableModel.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)  # a few roles; more scroll
        self.table.doubleClicked.connect(lambda _i: self.open_edit())
        layout.addWidget(self.table)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.add_button = self._button("Add ro&le…", "add_role_button", self.open_add)
        self.edit_button = self._button("Edit…", "edit_role_button", self.open_edit)
        self.end_button = self._button("End…", "end_role_button", self.open_end)
        self.remove_button = self._button("Remove…", "remove_role_button", self.remove)
        self.edit_button.setToolTip("Change the selected role")
        self.end_button.setToolTip("The selected role has ended or will end: keep it as history")
        self.remove_button.setToolTip("Delete the selected role: only for one added by mistake")
        for button in (self.add_button, self.edit_button, self.end_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.add_button, self.edit_button, self.end_button, self.remove_button]

    # -- reading --------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        try:
            self._person = self._services.roles.roles_of(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self._person = None
            self.model.set_rows([])
            self.errors.show_general(str(exc))
            self._update_buttons()
            return
        self.model.set_rows(list(self._person.further))
        for row, role in enumerate(self._person.further):
            if role.id == select_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> RoleRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        role = self.selected()
        self.add_button.setEnabled(self._person is not None)
        self.edit_button.setEnabled(role is not None)
        self.end_button.setEnabled(role is not None and role.details.end_date is None)
        self.remove_button.setEnabled(role is not None)

    # -- changing -------------------------------------------------------------------------

    def open_add(self) -> RoleDialog | None:
        if self._person is None:
            return None
        dialog = RoleDialog(
            self._services, self._actor, self._person, None, self, today=self._today
        )
        return self._open(dialog)

    def open_edit(self) -> RoleDialog | None:
        role = self.selected()
        if role is None or self._person is None:
            return None
        dialog = RoleDialog(
            self._services, self._actor, self._person, role, self, today=self._today
        )
        return self._open(dialog)

    def open_end(self) -> DateDialog | None:
        role = self.selected()
        if role is None or role.id is None or role.details.end_date is not None:
            return None
        role_id = role.id
        start = role.details.start_date or self._today
        dialog = DateDialog(
            "End a role",
            f"{role.details.job_title}: its last day. It stays in the list as history.",
            "&Last day *",
            "end_date",
            max(self._today, start),
            lambda day: self._services.roles.end(self._actor, role_id, day),
            self,
        )
        return self._open(dialog)

    def remove(self) -> bool:
        role = self.selected()
        if role is None or role.id is None:
            return False
        self.errors.clear_all()
        answer = QMessageBox.question(
            self,
            "Remove this role?",
            f"Remove the role {role.details.job_title}?\n\nOnly do this for a role added by "
            "mistake: a role that has ended should be ended instead, so it stays as history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self._services.roles.remove(self._actor, role.id)
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            self.reload()
            return False
        self.reload()
        self.changed.emit()
        self.table.setFocus()
        return True

    def _open(self, dialog: D) -> D:
        self.errors.clear_all()
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self, role: object) -> None:
        self.reload(select_id=role.id if isinstance(role, RoleRow) else None)
        self.changed.emit()
        self.table.setFocus()
