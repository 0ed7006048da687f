"""The widgets of the add / edit person dialog (OpenLP style: layout here, behaviour in
staff_dialog.py). Every input has a snake_case object name equal to its StaffDetails field,
and every error label is "<field>_error", so tests and other code can find them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from peerdesk.ui.form_helpers import (
    SectionedFormLayout,
    align_label_columns,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_save_cancel_buttons,
    make_scroll_area,
)
from peerdesk.ui.staff_role_dialog import SAVE_FIRST

PRONOUN_CHOICES = ("she/her", "he/him", "they/them")


def _line_edit(name: str, max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


def _text_edit(name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    line = edit.fontMetrics().lineSpacing()
    edit.setFixedHeight(line * lines + 14)
    return edit


def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


def _unwrapped(label: QLabel) -> QLabel:
    label.setWordWrap(False)
    return label


class StaffDialogLayout(SectionedFormLayout):
    """Builds the widgets; holds no behaviour and talks to no service."""

    general_error: QLabel
    scroll_area: QScrollArea
    forms: list[QFormLayout]

    full_name: QLineEdit
    preferred_name: QLineEdit
    pronouns: QComboBox
    job_title: QLineEdit
    role_category: QComboBox
    team_id: QComboBox
    new_team_button: QPushButton
    new_team_panel: QWidget
    new_team_name: QLineEdit
    add_team_button: QPushButton
    cancel_team_button: QPushButton
    employment_type: QComboBox
    hours_per_week: QLineEdit
    start_date: QDateEdit
    has_end_date: QCheckBox
    end_date: QDateEdit
    leaving_reason: QPlainTextEdit
    leaving_reason_row: QWidget
    dates_form: QFormLayout
    line_manager_id: QComboBox
    supervisor_id: QComboBox
    # further roles: the dialog puts its panel in ``other_roles_form`` for a saved person
    other_roles_group: QGroupBox
    other_roles_form: QFormLayout
    other_roles_note: QLabel
    lived_experience: QComboBox
    counted_in_aggregates: QCheckBox
    former_service_user: QCheckBox
    reasonable_adjustments: QPlainTextEdit
    wellbeing_notes: QPlainTextEdit
    button_box: QDialogButtonBox
    save_button: QPushButton
    cancel_button: QPushButton

    # Error labels, one per field that can have a problem, plus the inline team form's.
    errors: dict[str, QLabel]

    def setup_ui(self, dialog: QDialog) -> None:
        dialog.setObjectName("staff_dialog")
        dialog.setSizeGripEnabled(True)
        self.errors = {}
        self.forms = []

        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)

        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)

        content = QWidget()
        content.setObjectName("staff_form")
        sections = QVBoxLayout(content)
        sections.setContentsMargins(0, 0, 6, 6)
        sections.setSpacing(12)
        sections.addWidget(make_hint("Fields marked * must be filled in."))
        sections.addWidget(self._about_group())
        sections.addWidget(self._role_group())
        sections.addWidget(self._dates_group())
        sections.addWidget(self._supervision_group())
        sections.addWidget(self._other_roles_group())
        sections.addWidget(self._lived_experience_group())
        sections.addWidget(self._confidential_group())
        sections.addStretch(1)
        align_label_columns(self.forms)

        self.scroll_area = make_scroll_area(content)
        outer.addWidget(self.scroll_area, 1)

        self.button_box, self.save_button, self.cancel_button = make_save_cancel_buttons()
        outer.addWidget(self.button_box)

        self._set_tab_order()
        # Fits a 1366x768 laptop with a task bar and a title bar; the sections scroll.
        dialog.resize(680, 640)
        dialog.setMinimumSize(520, 420)

    # -- sections -------------------------------------------------------------------------

    def _about_group(self) -> QGroupBox:
        group, form = self._group("About the person", "about_group")
        self.full_name = _line_edit("full_name", 200)
        self._field(form, "Full &name *", "full_name", self.full_name)
        self.preferred_name = _line_edit(
            "preferred_name", 100, "What they like to be called, if different"
        )
        self._field(form, "&Preferred name", "preferred_name", self.preferred_name)
        self.pronouns = _combo("pronouns")
        self.pronouns.setEditable(True)
        self.pronouns.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.pronouns.addItems(["", *PRONOUN_CHOICES])
        line = self.pronouns.lineEdit()
        if line is not None:
            line.setMaxLength(50)
            line.setPlaceholderText("Choose or type their own")
        self._field(form, "Pron&ouns", "pronouns", self.pronouns)
        return group

    def _role_group(self) -> QGroupBox:
        group, form = self._group("Main role", "role_group")
        self.job_title = _line_edit("job_title", 200, "For example, Peer support worker")
        self._field(form, "&Job title", "job_title", self.job_title)
        self.role_category = _combo("role_category")
        self._field(form, "&Role category", "role_category", self.role_category)

        self.team_id = _combo("team_id")
        self.team_id.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.new_team_button = QPushButton("New tea&m…")
        self.new_team_button.setObjectName("new_team_button")
        self.new_team_button.setAutoDefault(False)
        self.new_team_button.setToolTip("Add a team that is not in the list yet")
        self.new_team_name = _line_edit("new_team_name", 100, "Name of the new team")
        self.new_team_name.setAccessibleName("New team name")
        self.add_team_button = QPushButton("Add team")
        self.add_team_button.setObjectName("add_team_button")
        self.add_team_button.setAutoDefault(False)
        self.cancel_team_button = QPushButton("Cancel")
        self.cancel_team_button.setObjectName("cancel_team_button")
        self.cancel_team_button.setAutoDefault(False)
        self.new_team_panel = QWidget()
        self.new_team_panel.setObjectName("new_team_panel")
        panel = QHBoxLayout(self.new_team_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.new_team_name, 1)
        panel.addWidget(self.add_team_button)
        panel.addWidget(self.cancel_team_button)
        self.new_team_panel.setVisible(False)
        new_team_error = make_error_label("new_team_name")
        self.errors["new_team_name"] = new_team_error
        team_rows = QVBoxLayout()
        team_rows.setContentsMargins(0, 0, 0, 0)
        team_rows.setSpacing(4)
        team_rows.addLayout(_row(self.team_id, self.new_team_button, stretch=False))
        team_rows.addWidget(self.new_team_panel)
        team_rows.addWidget(new_team_error)
        self._field(form, "&Team", "team_id", self.team_id, team_rows)

        self.employment_type = _combo("employment_type")
        self._field(form, "&Employment type", "employment_type", self.employment_type)
        self.hours_per_week = _line_edit("hours_per_week", 10, "e.g. 37.5")
        self.hours_per_week.setMaximumWidth(110)
        self._field(
            form,
            "&Hours a week",
            "hours_per_week",
            self.hours_per_week,
            _row(self.hours_per_week, _unwrapped(make_hint("Leave blank if their hours vary."))),
        )
        return group

    def _dates_group(self) -> QGroupBox:
        group, form = self._group("Dates", "dates_group")
        self.dates_form = form
        self.start_date = make_date_edit("start_date")
        self._field(form, "St&art date *", "start_date", self.start_date, _row(self.start_date))
        self.has_end_date = QCheckBox("Has an end date")
        self.has_end_date.setObjectName("has_end_date")
        self.end_date = make_date_edit("end_date")
        self.end_date.setEnabled(False)
        self._field(
            form,
            "En&d date",
            "end_date",
            self.has_end_date,
            _row(self.has_end_date, self.end_date),
        )
        self.leaving_reason = _text_edit(
            "leaving_reason", 3, "Why they are leaving or left (optional)"
        )
        self.leaving_reason_row = self._field(
            form, "&Leaving reason", "leaving_reason", self.leaving_reason
        )
        form.setRowVisible(self.leaving_reason_row, False)
        return group

    def _supervision_group(self) -> QGroupBox:
        group, form = self._group("Supervision", "supervision_group")
        self.line_manager_id = _combo("line_manager_id")
        self._field(form, "L&ine manager", "line_manager_id", self.line_manager_id)
        self.supervisor_id = _combo("supervisor_id")
        self._field(form, "Super&visor", "supervisor_id", self.supervisor_id)
        return group

    def _other_roles_group(self) -> QGroupBox:
        group, form = self._group("Other roles", "other_roles_group")
        self.other_roles_group = group
        self.other_roles_form = form
        self.other_roles_note = make_hint(SAVE_FIRST)
        self.other_roles_note.setObjectName("other_roles_note")
        form.addRow(self.other_roles_note)
        return group

    def _lived_experience_group(self) -> QGroupBox:
        group, form = self._group("Lived experience", "lived_experience_group")
        form.addRow(make_hint("Record only what the person has chosen to tell you."))
        self.lived_experience = _combo("lived_experience")
        self._field(form, "Lived e&xperience", "lived_experience", self.lived_experience)
        self.counted_in_aggregates = QCheckBox("&Consents to be counted in anonymous figures")
        self.counted_in_aggregates.setObjectName("counted_in_aggregates")
        self.counted_in_aggregates.setToolTip(
            "Only when they say they have lived experience. Figures in reports are "
            "anonymous and small numbers are never shown."
        )
        self.counted_in_aggregates.setEnabled(False)
        self.counted_in_aggregates.setSizePolicy(
            QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed
        )
        form.addRow("", self.counted_in_aggregates)
        self.former_service_user = QCheckBox("&Former user of our services")
        self.former_service_user.setObjectName("former_service_user")
        self.former_service_user.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form.addRow("", self.former_service_user)
        return group

    def _confidential_group(self) -> QGroupBox:
        group, form = self._group("Confidential", "confidential_group")
        note = QLabel(
            "These notes are confidential. They stay in this record and never appear "
            "in reports or anonymous figures."
        )
        note.setObjectName("confidential_note")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(note)
        self.reasonable_adjustments = _text_edit(
            "reasonable_adjustments", 4, "Adjustments agreed with the person"
        )
        self._field(
            form, "Reasonable adj&ustments", "reasonable_adjustments", self.reasonable_adjustments
        )
        self.wellbeing_notes = _text_edit(
            "wellbeing_notes", 4, "Wellbeing or recovery plan notes agreed with the person"
        )
        self._field(form, "&Wellbeing notes", "wellbeing_notes", self.wellbeing_notes)
        return group

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.full_name,
            self.preferred_name,
            self.pronouns,
            self.job_title,
            self.role_category,
            self.team_id,
            self.new_team_button,
            self.new_team_name,
            self.add_team_button,
            self.cancel_team_button,
            self.employment_type,
            self.hours_per_week,
            self.start_date,
            self.has_end_date,
            self.end_date,
            self.leaving_reason,
            self.line_manager_id,
            self.supervisor_id,
            self.lived_experience,
            self.counted_in_aggregates,
            self.former_service_user,
            self.reasonable_adjustments,
            self.wellbeing_notes,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
