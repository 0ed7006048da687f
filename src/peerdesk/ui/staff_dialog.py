"""Add a person to the staff register, or edit one (behaviour; widgets in staff_dialog_layout).

Callers open it with ``open()``; ``saved`` carries the StaffRecord after a successful save.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDialog, QVBoxLayout, QWidget

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
from peerdesk.domain.staff import StaffDetails, normalise_staff
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.views import StaffRecord
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    HoursNotANumber,
    add_save_shortcut,
    current_data,
    fill_combo,
    fill_enum_combo,
    from_qdate,
    parse_hours,
    select_data,
    to_qdate,
)
from peerdesk.ui.form_keeper import FormKeeper
from peerdesk.ui.staff_dialog_layout import StaffDialogLayout
from peerdesk.ui.staff_role_dialog import OtherRolesPanel

HOURS_NOT_A_NUMBER = "Enter hours as a number, such as 37.5"

# Fields in the order they appear, so the first one with a problem gets the focus.
FIELD_ORDER = (
    "full_name",
    "preferred_name",
    "pronouns",
    "job_title",
    "role_category",
    "team_id",
    "employment_type",
    "hours_per_week",
    "start_date",
    "end_date",
    "leaving_reason",
    "line_manager_id",
    "supervisor_id",
    "lived_experience",
    "reasonable_adjustments",
    "wellbeing_notes",
)


def format_hours(hours: float | None) -> str:
    return "" if hours is None else f"{hours:g}"


def person_text(name: str, job_title: str) -> str:
    return f"{name} ({job_title})" if job_title else name


class StaffDialog(QDialog):
    saved = Signal(object)  # the StaffRecord, after a successful save

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today or local_today()
        self._record: StaffRecord | None = None
        self.other_roles: OtherRolesPanel | None = None  # for a saved person only

        self.ui = StaffDialogLayout()
        self.ui.setup_ui(self)
        self.errors = FieldErrors(self.ui.general_error, self.ui.scroll_area)
        for field in FIELD_ORDER:
            widget = self.findChild(QWidget, field)
            assert widget is not None, field
            self.errors.add(field, self.ui.errors[field], widget)
        self.errors.add("new_team_name", self.ui.errors["new_team_name"], self.ui.new_team_name)

        self._fill_choices()
        self._connect()

        if staff_id is None:
            self.setWindowTitle("Add a person")
            self.ui.start_date.setDate(to_qdate(self._today))
            self.ui.end_date.setDate(to_qdate(self._today))
        else:
            self._load(staff_id)
        self._update_lived_experience()
        self._update_end_date()
        # what was typed when PeerDesk locked comes back (ui/form_keeper)
        self.keeper = FormKeeper(
            self,
            services,
            actor,
            f"staff:{staff_id if staff_id is not None else 'new'}",
            staff_id=staff_id,
        )
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(0, self.keeper.bar)
        self.keeper.start()
        self.ui.full_name.setFocus()

    def save_draft_now(self) -> bool:
        """Keep what is typed before PeerDesk locks (called by the lock); True if kept."""
        return self.keeper.keep_now()

    @property
    def record(self) -> StaffRecord | None:
        """The person as loaded (when editing) or as last saved."""
        return self._record

    # -- set up ---------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        fill_enum_combo(self.ui.role_category, RoleCategory)
        fill_enum_combo(self.ui.employment_type, EmploymentType)
        fill_enum_combo(
            self.ui.lived_experience,
            (LivedExperience.YES, LivedExperience.NO, LivedExperience.PREFER_NOT_TO_SAY),
        )
        select_data(self.ui.lived_experience, LivedExperience.PREFER_NOT_TO_SAY.value)
        self._fill_teams()
        people = [
            (person_text(p.name, p.job_title), p.id)
            for p in self._services.staff.people(self._actor)
            if p.id != self._staff_id
        ]
        for combo in (self.ui.line_manager_id, self.ui.supervisor_id):
            fill_combo(combo, [(NONE_TEXT, None), *people])

    def _fill_teams(self, select: int | None = None) -> None:
        teams = self._services.teams.list_teams(self._actor)
        fill_combo(self.ui.team_id, [(NONE_TEXT, None), *((t.name, t.id) for t in teams)])
        select_data(self.ui.team_id, select)

    def _connect(self) -> None:
        ui = self.ui
        ui.save_button.clicked.connect(self.save)
        ui.cancel_button.clicked.connect(self.reject)
        add_save_shortcut(self, self.save)

        ui.has_end_date.toggled.connect(self._on_has_end_date_toggled)
        ui.lived_experience.currentIndexChanged.connect(self._update_lived_experience)

        ui.new_team_button.clicked.connect(self._show_new_team)
        ui.add_team_button.clicked.connect(self._add_team)
        ui.cancel_team_button.clicked.connect(self._hide_new_team)
        ui.new_team_name.installEventFilter(self)

        # A field's message goes as soon as the person changes that field.
        for name in ("full_name", "preferred_name", "job_title", "hours_per_week", "new_team_name"):
            edit = getattr(ui, name)
            edit.textChanged.connect(lambda _text, f=name: self.errors.clear(f))
        ui.pronouns.currentTextChanged.connect(lambda _text: self.errors.clear("pronouns"))
        for name in ("role_category", "team_id", "employment_type", "line_manager_id"):
            getattr(ui, name).currentIndexChanged.connect(
                lambda _index, f=name: self.errors.clear(f)
            )
        ui.supervisor_id.currentIndexChanged.connect(lambda _i: self.errors.clear("supervisor_id"))
        ui.lived_experience.currentIndexChanged.connect(
            lambda _i: self.errors.clear("lived_experience")
        )
        ui.employment_type.currentIndexChanged.connect(lambda _i: self.errors.clear("end_date"))
        ui.start_date.dateChanged.connect(lambda _d: self._clear("start_date", "end_date"))
        ui.end_date.dateChanged.connect(lambda _d: self.errors.clear("end_date"))
        ui.has_end_date.toggled.connect(lambda _on: self.errors.clear("end_date"))
        for name in ("leaving_reason", "reasonable_adjustments", "wellbeing_notes"):
            getattr(ui, name).textChanged.connect(lambda f=name: self.errors.clear(f))

    def _clear(self, *fields: str) -> None:
        for field in fields:
            self.errors.clear(field)

    def _load(self, staff_id: int) -> None:
        try:
            record = self._services.staff.get(self._actor, staff_id)
        except NotFound as exc:
            self.setWindowTitle("Edit a person")
            self.errors.show_general(str(exc))
            self.ui.save_button.setEnabled(False)
            return
        self._record = record
        d = record.details
        ui = self.ui
        self._show_other_roles(staff_id)
        self.setWindowTitle(f"Edit {d.full_name}")
        ui.full_name.setText(d.full_name)
        ui.preferred_name.setText(d.preferred_name)
        ui.pronouns.setCurrentText(d.pronouns)
        ui.job_title.setText(d.job_title)
        select_data(ui.role_category, d.role_category.value)
        select_data(ui.team_id, d.team_id)
        select_data(ui.employment_type, d.employment_type.value)
        ui.hours_per_week.setText(format_hours(d.hours_per_week))
        if d.start_date is not None:
            ui.start_date.setDate(to_qdate(d.start_date))
        ui.has_end_date.setChecked(d.end_date is not None)
        ui.end_date.setDate(to_qdate(d.end_date or max(self._today, d.start_date or self._today)))
        ui.leaving_reason.setPlainText(d.leaving_reason)
        self._select_person(ui.line_manager_id, d.line_manager_id, record.line_manager_name)
        self._select_person(ui.supervisor_id, d.supervisor_id, record.supervisor_name)
        select_data(ui.lived_experience, d.lived_experience.value)
        ui.counted_in_aggregates.setChecked(d.counted_in_aggregates)
        ui.former_service_user.setChecked(d.former_service_user)
        ui.reasonable_adjustments.setPlainText(d.reasonable_adjustments)
        ui.wellbeing_notes.setPlainText(d.wellbeing_notes)

    def _show_other_roles(self, staff_id: int) -> None:
        """Replace the "save first" note with the table of the person's further roles."""
        ui = self.ui
        ui.other_roles_note.setVisible(False)
        panel = OtherRolesPanel(self._services, self._actor, staff_id, today=self._today)
        ui.other_roles_form.addRow(panel)
        self.other_roles = panel
        chain = [ui.supervisor_id, *panel.focus_chain(), ui.lived_experience]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _select_person(combo: QComboBox, person_id: int | None, name: str) -> None:
        """Select the person; someone who has left is not in the list, so add them."""
        if person_id is None or select_data(combo, person_id):
            return
        combo.addItem(f"{name or 'Someone'} (left)", person_id)
        combo.setCurrentIndex(combo.count() - 1)

    # -- dependent fields -----------------------------------------------------------------

    def _on_has_end_date_toggled(self, checked: bool) -> None:
        self._update_end_date()
        if checked:
            self.ui.end_date.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_end_date(self) -> None:
        ui = self.ui
        has_end = ui.has_end_date.isChecked()
        ui.end_date.setEnabled(has_end)
        # The reason goes with an end date; keep it in sight while it holds text.
        show_reason = has_end or bool(ui.leaving_reason.toPlainText().strip())
        ui.dates_form.setRowVisible(ui.leaving_reason_row, show_reason)

    def _update_lived_experience(self) -> None:
        yes = current_data(self.ui.lived_experience) == LivedExperience.YES.value
        box = self.ui.counted_in_aggregates
        box.setEnabled(yes)
        if not yes:
            box.setChecked(False)

    # -- new team, inline -----------------------------------------------------------------

    def _show_new_team(self) -> None:
        ui = self.ui
        ui.new_team_panel.setVisible(True)
        ui.new_team_button.setEnabled(False)
        ui.new_team_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ui.scroll_area.ensureWidgetVisible(ui.new_team_panel)

    def _hide_new_team(self) -> None:
        ui = self.ui
        ui.new_team_name.clear()
        self.errors.clear("new_team_name")
        ui.new_team_panel.setVisible(False)
        ui.new_team_button.setEnabled(True)
        ui.team_id.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_team(self) -> None:
        name = self.ui.new_team_name.text()
        try:
            team = self._services.teams.create(self._actor, name)
        except ValidationError as exc:
            message = exc.message_for("name") or str(exc)
            self.errors.show("new_team_name", message)
            self.ui.new_team_name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except (Conflict, NotFound, AccessDenied) as exc:
            self.errors.show("new_team_name", str(exc))
            return
        self._fill_teams(select=team.id)
        self.errors.clear("team_id")
        self._hide_new_team()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # In the new-team box, Enter adds the team and Esc closes the box; neither reaches
        # the dialog (which would save it, or close it).
        if watched is self.ui.new_team_name and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._add_team()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._hide_new_team()
                return True
        return super().eventFilter(watched, event)

    # -- saving ---------------------------------------------------------------------------

    def details(self) -> StaffDetails:
        """What the form holds, as StaffDetails (raises HoursNotANumber for bad hours)."""
        return self._details(parse_hours(self.ui.hours_per_week.text()))

    def _details(self, hours: float | None) -> StaffDetails:
        ui = self.ui
        has_end = ui.has_end_date.isChecked()
        return StaffDetails(
            full_name=ui.full_name.text(),
            preferred_name=ui.preferred_name.text(),
            pronouns=ui.pronouns.currentText(),
            job_title=ui.job_title.text(),
            role_category=RoleCategory(current_data(ui.role_category)),
            team_id=current_data(ui.team_id),
            employment_type=EmploymentType(current_data(ui.employment_type)),
            hours_per_week=hours,
            start_date=from_qdate(ui.start_date.date()),
            end_date=from_qdate(ui.end_date.date()) if has_end else None,
            leaving_reason=ui.leaving_reason.toPlainText(),
            line_manager_id=current_data(ui.line_manager_id),
            supervisor_id=current_data(ui.supervisor_id),
            lived_experience=LivedExperience(current_data(ui.lived_experience)),
            counted_in_aggregates=ui.counted_in_aggregates.isChecked(),
            former_service_user=ui.former_service_user.isChecked(),
            reasonable_adjustments=ui.reasonable_adjustments.toPlainText(),
            wellbeing_notes=ui.wellbeing_notes.toPlainText(),
        )

    def save(self) -> None:
        if not self.ui.save_button.isEnabled():
            return
        self.errors.clear_all()
        try:
            details = self.details()
        except HoursNotANumber:
            # Say what else is wrong too, checked here without asking the service.
            problems = [FieldError("hours_per_week", HOURS_NOT_A_NUMBER)]
            try:
                normalise_staff(self._details(None), own_id=self._staff_id)
            except ValidationError as exc:
                problems += exc.errors
            self._show_problems(problems)
            return
        try:
            if self._staff_id is None:
                record = self._services.staff.create(self._actor, details)
            else:
                record = self._services.staff.update(self._actor, self._staff_id, details)
        except ValidationError as exc:
            self._show_problems(list(exc.errors))
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self._record = record
        self._staff_id = record.id
        self.saved.emit(record)
        self.accept()

    def _show_problems(self, problems: list[FieldError]) -> None:
        ui = self.ui
        if any(p.field == "leaving_reason" for p in problems):
            ui.dates_form.setRowVisible(ui.leaving_reason_row, True)
        # With no end date the date box is disabled: take the person to the check box.
        end_focus = ui.end_date if ui.has_end_date.isChecked() else ui.has_end_date
        self.errors.set_focus_widget("end_date", end_focus)
        self.errors.show_errors(problems)
