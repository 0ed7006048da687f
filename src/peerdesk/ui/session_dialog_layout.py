"""The widgets of the one-to-one dialog (OpenLP style: layout here, behaviour in
session_dialog.py). Inputs have snake_case object names equal to their SessionDetails field,
and every error label is "<field>_error", so tests and other code can find them.

Rows that come and go (last session's open actions, new actions, amendments) are built by
the ``make_*`` functions here and placed by the dialog.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.supervision_record import (
    FIELD_LABELS,
    MAX_DURATION_MINUTES,
    MAX_NAME_LENGTH,
    MAX_WORDS_LENGTH,
    SECTION_FIELDS,
)
from peerdesk.ui.form_helpers import (
    SectionedFormLayout,
    align_label_columns,
    field_with_error,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_save_cancel_buttons,
    make_scroll_area,
    make_section_form,
)

CONFIDENTIAL_NOTE = "Never shown to the supervisee or in any report."
NOT_HELD_NOTE = (
    "A session that did not happen has no wellbeing check-in or sections: "
    "give the reason above. The agreed record can still say what was agreed (a new date, say)."
)
SECTION_PLACEHOLDERS = {
    "wellbeing": "How they are, what is helping, what is not",
    "workload": "Caseload, hours, pressures",
    "boundaries": "Other relationships inside the organisation and how they are managed",
    "reflective_practice": "A piece of work to think through together",
    "learning": "Training wanted or done, skills to grow",
    "achievements": "What went well",
    "other": "Anything else raised",
}


def _text_edit(name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    line = edit.fontMetrics().lineSpacing()
    edit.setFixedHeight(line * lines + 14)
    return edit


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


def _plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


# -- rows built on demand ------------------------------------------------------------------


@dataclass
class ReviewRow:
    """One of last session's open actions, to close as done or dropped (or keep open)."""

    widget: QWidget
    status: QComboBox
    note: QLineEdit
    error: QLabel


def make_review_row(action_id: int, description: str, details: str) -> ReviewRow:
    widget = QFrame()
    widget.setObjectName(f"review_row_{action_id}")
    widget.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(8, 6, 8, 6)
    layout.setSpacing(4)
    text = _plain_label(description, f"review_description_{action_id}")
    layout.addWidget(text)
    layout.addWidget(make_hint(details))
    status = _combo(f"review_status_{action_id}")
    status.setMinimumContentsLength(10)
    status.setAccessibleName(f"Outcome of the action: {description[:60]}")
    note = QLineEdit()
    note.setObjectName(f"review_note_{action_id}")
    note.setPlaceholderText("Note (say why, if dropped)")
    note.setAccessibleName("Note on the action")
    layout.addLayout(_row(status, note, stretch=False))
    error = make_error_label(f"review_{action_id}")
    layout.addWidget(error)
    return ReviewRow(widget, status, note, error)


@dataclass
class NewActionRow:
    """An action agreed in this session, typed into the form."""

    widget: QWidget
    description: QLineEdit
    owner: QComboBox
    has_due: QCheckBox
    due_date: QDateEdit
    remove: QPushButton
    error: QLabel


def make_new_action_row(number: int) -> NewActionRow:
    widget = QWidget()
    widget.setObjectName(f"action_row_{number}")
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    description = QLineEdit()
    description.setObjectName(f"action_description_{number}")
    description.setPlaceholderText("What will be done")
    description.setAccessibleName("Action")
    description.setMinimumWidth(220)
    owner = _combo(f"action_owner_{number}")
    owner.setMinimumContentsLength(22)
    owner.setAccessibleName("Who will do it")
    has_due = QCheckBox("Due")
    has_due.setObjectName(f"action_has_due_{number}")
    due_date = make_date_edit(f"action_due_{number}")
    due_date.setAccessibleName("Due date")
    remove = _button("Remove", f"remove_action_{number}", "Remove this action")
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(description, 1)
    row.addWidget(owner)
    row.addWidget(has_due)
    row.addWidget(due_date)
    row.addWidget(remove)
    layout.addLayout(row)
    error = make_error_label(f"action_{number}")
    layout.addWidget(error)
    return NewActionRow(widget, description, owner, has_due, due_date, remove, error)


def make_amendment_label(number: int, text: str) -> QLabel:
    label = _plain_label(text, f"amendment_{number}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setContentsMargins(6, 4, 6, 4)
    return label


# -- the dialog ----------------------------------------------------------------------------


class SessionDialogLayout(SectionedFormLayout):
    """Builds the widgets; holds no behaviour and talks to no service."""

    general_error: QLabel
    status_label: QLabel
    draft_bar: QFrame
    draft_label: QLabel
    restore_draft_button: QPushButton
    discard_draft_button: QPushButton
    supervisee_name: QLabel
    supervisee_job_title: QLabel
    sign_off_state: QLabel
    pages: QStackedWidget
    scroll_area: QScrollArea
    forms: list[QFormLayout]

    wellness_review_notice: QLabel
    open_actions_group: QGroupBox
    open_actions_layout: QVBoxLayout
    no_open_actions: QLabel

    session_date: QDateEdit
    duration_minutes: QSpinBox
    session_type: QComboBox
    mode: QComboBox
    outcome: QComboBox
    outcome_reason: QPlainTextEdit
    outcome_reason_row: QWidget
    session_form: QFormLayout
    supervisor_id: QComboBox

    not_held_note: QLabel
    wellbeing_group: QGroupBox
    wellbeing_score_group: QButtonGroup
    wellbeing_score_buttons: dict[int, QRadioButton]  # 0 is "not asked"
    wellbeing_words: QLineEdit
    sections_group: QGroupBox
    sections: dict[str, QPlainTextEdit]

    agreed_record: QPlainTextEdit
    actions_group: QGroupBox
    actions_layout: QVBoxLayout
    agreed_actions: QLabel
    add_action_button: QPushButton
    training_needs: QLabel
    raise_need_button: QPushButton
    confidential_group: QGroupBox
    confidential_notes: QPlainTextEdit
    supervisee_comment_label: QLabel
    amendments_group: QGroupBox
    amendments_layout: QVBoxLayout

    supervisor_sign_panel: QFrame
    supervisor_signer_name: QLineEdit
    supervisor_sign_button: QPushButton
    supervisor_sign_cancel: QPushButton

    supervisee_panel: QWidget
    supervisee_summary: QLabel
    supervisee_agreed_record: QPlainTextEdit
    supervisee_actions: QLabel
    supervisee_comment: QPlainTextEdit
    supervisee_signer_name: QLineEdit
    supervisee_sign_button: QPushButton
    supervisee_back_button: QPushButton

    button_box: QDialogButtonBox
    save_button: QPushButton
    cancel_button: QPushButton
    sign_supervisor_button: QPushButton
    sign_supervisee_button: QPushButton
    amend_button: QPushButton

    errors: dict[str, QLabel]

    def setup_ui(self, dialog: QDialog) -> None:
        dialog.setObjectName("session_dialog")
        dialog.setSizeGripEnabled(True)
        self.errors = {}
        self.forms = []

        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)
        outer.addLayout(self._header())
        outer.addWidget(self._draft_bar())
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)

        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self._record_page())
        self.supervisee_panel = self._supervisee_page()
        self.pages.addWidget(self.supervisee_panel)
        outer.addWidget(self.pages, 1)

        outer.addWidget(self._supervisor_sign_panel())
        self.status_label = _plain_label("", "status_label")
        self.status_label.setVisible(False)
        outer.addWidget(self.status_label)
        outer.addWidget(self._buttons())

        self.set_tab_order()
        # Fits a 1366x768 laptop with a task bar and a title bar; the record scrolls.
        dialog.resize(860, 680)
        dialog.setMinimumSize(600, 460)

    # -- top -------------------------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        self.supervisee_name = _plain_label("", "supervisee_name")
        font = self.supervisee_name.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.supervisee_name.setFont(font)
        self.supervisee_job_title = _plain_label("", "supervisee_job_title")
        self.sign_off_state = _plain_label("", "sign_off_state")
        self.sign_off_state.setWordWrap(False)
        self.sign_off_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.supervisee_name)
        who.addWidget(self.supervisee_job_title)
        header = QHBoxLayout()
        header.addLayout(who, 1)
        header.addWidget(self.sign_off_state)
        return header

    def _draft_bar(self) -> QFrame:
        self.draft_bar = QFrame()
        self.draft_bar.setObjectName("draft_bar")
        self.draft_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_bar.setStyleSheet(
            "#draft_bar { background: palette(alternate-base); border-radius: 3px; }"
        )
        self.draft_label = _plain_label("", "draft_label")
        self.restore_draft_button = _button("&Restore", "restore_draft_button")
        self.discard_draft_button = _button("&Discard", "discard_draft_button")
        bar = QHBoxLayout(self.draft_bar)
        bar.setContentsMargins(8, 6, 8, 6)
        bar.addWidget(self.draft_label, 1)
        bar.addWidget(self.restore_draft_button)
        bar.addWidget(self.discard_draft_button)
        self.draft_bar.setVisible(False)
        return self.draft_bar

    # -- the record page ---------------------------------------------------------------------

    def _record_page(self) -> QWidget:
        content = QWidget()
        content.setObjectName("session_form")
        sections = QVBoxLayout(content)
        sections.setContentsMargins(0, 0, 6, 6)
        sections.setSpacing(12)
        self.wellness_review_notice = _plain_label("", "wellness_review_notice")
        self.wellness_review_notice.setStyleSheet(
            "#wellness_review_notice { color: #8a5a00; font-weight: 600;"
            " border: 1px solid #8a5a00; border-radius: 3px; padding: 6px; }"
        )
        self.wellness_review_notice.setVisible(False)
        sections.addWidget(self.wellness_review_notice)
        sections.addWidget(self._open_actions_group())
        sections.addWidget(self._session_group())
        self.not_held_note = make_hint(NOT_HELD_NOTE)
        self.not_held_note.setObjectName("not_held_note")
        self.not_held_note.setVisible(False)
        sections.addWidget(self.not_held_note)
        sections.addWidget(self._wellbeing_group())
        sections.addWidget(self._sections_group())
        sections.addWidget(self._agreed_group())
        sections.addWidget(self._actions_group())
        sections.addWidget(self._confidential_group())
        sections.addWidget(self._amendments_group())
        sections.addStretch(1)
        align_label_columns(self.forms)
        self.scroll_area = make_scroll_area(content)
        return self.scroll_area

    def _open_actions_group(self) -> QGroupBox:
        self.open_actions_group = QGroupBox("Last session's open actions")
        self.open_actions_group.setObjectName("open_actions_group")
        self.open_actions_layout = QVBoxLayout(self.open_actions_group)
        self.open_actions_layout.setSpacing(6)
        self.no_open_actions = make_hint("No open actions to review.")
        self.no_open_actions.setObjectName("no_open_actions")
        self.open_actions_layout.addWidget(self.no_open_actions)
        return self.open_actions_group

    def _session_group(self) -> QGroupBox:
        group, form = self._group("The session", "session_group")
        self.session_form = form
        self.session_date = make_date_edit("session_date")
        self._field(form, "&Date *", "session_date", self.session_date, _row(self.session_date))
        self.duration_minutes = QSpinBox()
        self.duration_minutes.setObjectName("duration_minutes")
        self.duration_minutes.setRange(0, MAX_DURATION_MINUTES)
        self.duration_minutes.setSingleStep(5)
        self.duration_minutes.setSpecialValueText("not recorded")
        self.duration_minutes.setSuffix(" minutes")
        self.duration_minutes.setMinimumWidth(140)
        self._field(
            form,
            "D&uration",
            "duration_minutes",
            self.duration_minutes,
            _row(self.duration_minutes),
        )
        self.session_type = _combo("session_type")
        self._field(form, "&Type", "session_type", self.session_type, _row(self.session_type))
        self.mode = _combo("mode")
        self._field(form, "&Mode", "mode", self.mode, _row(self.mode))
        self.outcome = _combo("outcome")
        self._field(form, "&Outcome", "outcome", self.outcome, _row(self.outcome))
        self.outcome_reason = _text_edit(
            "outcome_reason", 2, "Why it did not happen, and what happens next"
        )
        self.outcome_reason_row = self._field(
            form, "&Reason *", "outcome_reason", self.outcome_reason
        )
        form.setRowVisible(self.outcome_reason_row, False)
        self.supervisor_id = _combo("supervisor_id")
        self.supervisor_id.setMinimumContentsLength(28)
        self._field(form, "Super&visor", "supervisor_id", self.supervisor_id)
        return group

    def _wellbeing_group(self) -> QGroupBox:
        group, form = self._group("How they are", "wellbeing_group")
        self.wellbeing_group = group
        self.wellbeing_score_group = QButtonGroup(group)
        self.wellbeing_score_group.setObjectName("wellbeing_score")
        self.wellbeing_score_buttons = {}
        scale = QHBoxLayout()
        scale.setContentsMargins(0, 0, 0, 0)
        scale.setSpacing(14)
        for score in range(6):
            text = "Not asked" if score == 0 else str(score)
            button = QRadioButton(text)
            button.setObjectName(f"wellbeing_score_{score}")
            if score:
                button.setAccessibleName(f"Wellbeing {score} out of 5")
            self.wellbeing_score_group.addButton(button, score)
            self.wellbeing_score_buttons[score] = button
            scale.addWidget(button)
        self.wellbeing_score_buttons[0].setChecked(True)
        scale_hint = make_hint("1 = struggling, 5 = very well")
        scale_hint.setWordWrap(False)
        scale.addWidget(scale_hint)
        scale.addStretch(1)
        self._field(
            form, "Chec&k-in (1–5)", "wellbeing_score", self.wellbeing_score_buttons[0], scale
        )
        self.wellbeing_words = QLineEdit()
        self.wellbeing_words.setObjectName("wellbeing_words")
        self.wellbeing_words.setMaxLength(MAX_WORDS_LENGTH)
        self.wellbeing_words.setPlaceholderText("In their own words")
        self._field(form, "In &words", "wellbeing_words", self.wellbeing_words)
        return group

    def _sections_group(self) -> QGroupBox:
        group, form = self._group("What you talked about", "sections_group")
        self.sections_group = group
        self.sections = {}
        for name in SECTION_FIELDS:
            edit = _text_edit(name, 3, SECTION_PLACEHOLDERS.get(name, ""))
            self.sections[name] = edit
            self._field(form, FIELD_LABELS[name], name, edit)
        return group

    def _agreed_group(self) -> QGroupBox:
        group, form = self._group("Agreed record", "agreed_group")
        form.addRow(
            make_hint(
                "What you both agree to keep: the supervisee reads this and signs it. "
                "Needed before signing a session that was held."
            )
        )
        self.agreed_record = _text_edit("agreed_record", 5)
        self._field(form, "&Agreed record", "agreed_record", self.agreed_record)
        self.supervisee_comment_label = _plain_label("", "supervisee_comment_view")
        self.supervisee_comment_label.setVisible(False)
        form.addRow(self.supervisee_comment_label)
        return group

    def _actions_group(self) -> QGroupBox:
        self.actions_group = QGroupBox("New actions")
        self.actions_group.setObjectName("actions_group")
        box = QVBoxLayout(self.actions_group)
        box.setSpacing(6)
        self.agreed_actions = _plain_label("", "agreed_actions")
        self.agreed_actions.setVisible(False)
        box.addWidget(self.agreed_actions)
        self.actions_layout = QVBoxLayout()
        self.actions_layout.setSpacing(4)
        box.addLayout(self.actions_layout)
        self.add_action_button = _button(
            "Add a&n action", "add_action_button", "Add a row for an action agreed today"
        )
        box.addLayout(_row(self.add_action_button))
        self.training_needs = _plain_label("", "training_needs")
        self.training_needs.setVisible(False)
        box.addWidget(self.training_needs)
        self.raise_need_button = _button(
            "Raise a training n&eed…",
            "raise_need_button",
            "Request a course for them, linked to this one-to-one",
        )
        box.addLayout(_row(self.raise_need_button))
        return self.actions_group

    def _confidential_group(self) -> QGroupBox:
        group, form = self._group("Confidential supervisor notes", "confidential_group")
        self.confidential_group = group
        group.setStyleSheet(
            "#confidential_group { border: 2px dashed palette(mid); border-radius: 4px;"
            " margin-top: 1.2em; padding-top: 6px; }"
            " #confidential_group::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }"
        )
        note = _plain_label(CONFIDENTIAL_NOTE, "confidential_note")
        font = note.font()
        font.setBold(True)
        note.setFont(font)
        form.addRow(note)
        self.confidential_notes = _text_edit(
            "confidential_notes", 4, "Your own notes: concerns, things to follow up"
        )
        self._field(form, "Co&nfidential notes", "confidential_notes", self.confidential_notes)
        return group

    def _amendments_group(self) -> QGroupBox:
        self.amendments_group = QGroupBox("Amendments")
        self.amendments_group.setObjectName("amendments_group")
        self.amendments_layout = QVBoxLayout(self.amendments_group)
        self.amendments_layout.setSpacing(6)
        self.amendments_group.setVisible(False)
        return self.amendments_group

    # -- sign-off ----------------------------------------------------------------------------

    def _supervisor_sign_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("supervisor_sign_panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(
            _plain_label(
                "Sign as supervisor. Once signed the record is not edited any more: "
                "later changes are amendments, with the reason."
            )
        )
        self.supervisor_signer_name = QLineEdit()
        self.supervisor_signer_name.setObjectName("supervisor_signer_name")
        self.supervisor_signer_name.setMaxLength(MAX_NAME_LENGTH)
        self.supervisor_signer_name.setAccessibleName("Supervisor's name")
        self.supervisor_sign_button = _button("Si&gn", "supervisor_sign_button")
        self.supervisor_sign_cancel = _button("Not yet", "supervisor_sign_cancel")
        name_label = QLabel("Your na&me")
        name_label.setBuddy(self.supervisor_signer_name)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(name_label)
        row.addWidget(self.supervisor_signer_name, 1)
        row.addWidget(self.supervisor_sign_button)
        row.addWidget(self.supervisor_sign_cancel)
        layout.addLayout(row)
        error = make_error_label("supervisor_signer_name")
        self.errors["supervisor_signer_name"] = error
        layout.addWidget(error)
        panel.setVisible(False)
        self.supervisor_sign_panel = panel
        return panel

    def _supervisee_page(self) -> QWidget:
        content = QWidget()
        content.setObjectName("supervisee_panel")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 6, 6)
        layout.setSpacing(8)
        title = _plain_label("For the supervisee to read and sign", "supervisee_title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.supervisee_summary = _plain_label("", "supervisee_summary")
        layout.addWidget(self.supervisee_summary)

        group = QGroupBox("Agreed record")
        group.setObjectName("supervisee_record_group")
        box = QVBoxLayout(group)
        self.supervisee_agreed_record = QPlainTextEdit()
        self.supervisee_agreed_record.setObjectName("supervisee_agreed_record")
        self.supervisee_agreed_record.setReadOnly(True)
        self.supervisee_agreed_record.setTabChangesFocus(True)
        self.supervisee_agreed_record.setMinimumHeight(
            self.supervisee_agreed_record.fontMetrics().lineSpacing() * 6 + 14
        )
        box.addWidget(self.supervisee_agreed_record)
        self.supervisee_actions = _plain_label("", "supervisee_actions")
        box.addWidget(self.supervisee_actions)
        layout.addWidget(group, 1)

        sign = QGroupBox("Your comment and signature")
        sign.setObjectName("supervisee_sign_group")
        form = make_section_form(sign)
        self.supervisee_comment = _text_edit(
            "supervisee_comment", 3, "Anything you want to add, in your own words (optional)"
        )
        comment_label = QLabel("Your &comment")
        comment_label.setBuddy(self.supervisee_comment)
        comment_error = make_error_label("comment")
        self.errors["comment"] = comment_error
        form.addRow(comment_label, field_with_error(self.supervisee_comment, comment_error))
        self.supervisee_signer_name = QLineEdit()
        self.supervisee_signer_name.setObjectName("supervisee_signer_name")
        self.supervisee_signer_name.setMaxLength(MAX_NAME_LENGTH)
        name_label = QLabel("Your na&me")
        name_label.setBuddy(self.supervisee_signer_name)
        name_error = make_error_label("supervisee_signer_name")
        self.errors["supervisee_signer_name"] = name_error
        form.addRow(name_label, field_with_error(self.supervisee_signer_name, name_error))
        self.supervisee_sign_button = _button("&Sign the record", "supervisee_sign_button")
        self.supervisee_back_button = _button(
            "&Back to the record", "supervisee_back_button", "Return without signing"
        )
        form.addRow("", _row(self.supervisee_sign_button, self.supervisee_back_button))
        layout.addWidget(sign)
        align_label_columns([form])
        scroll = make_scroll_area(content)
        scroll.setObjectName("supervisee_scroll_area")
        return scroll

    # -- buttons -----------------------------------------------------------------------------

    def _buttons(self) -> QDialogButtonBox:
        self.button_box, self.save_button, self.cancel_button = make_save_cancel_buttons()
        self.cancel_button.setToolTip("Close (Esc). Unsaved typing is kept as a draft.")
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.amend_button = _button("A&mend…", "amend_button", "Change the text, giving the reason")
        self.sign_supervisor_button = _button(
            "Sign as su&pervisor…", "sign_supervisor_button", "Saves the record, then signs it"
        )
        self.sign_supervisee_button = _button(
            "Supervisee s&igns…", "sign_supervisee_button", "Show the agreed record to sign"
        )
        for button in (self.amend_button, self.sign_supervisor_button, self.sign_supervisee_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            self.button_box.addButton(button, role)
        self.amend_button.setVisible(False)
        return self.button_box

    def set_tab_order(
        self, reviews: Sequence[QWidget] = (), actions: Sequence[QWidget] = ()
    ) -> None:
        """Tab through the record in the order it reads, with the rows that come and go."""
        chain: list[QWidget] = [
            self.restore_draft_button,
            self.discard_draft_button,
            *reviews,
            self.session_date,
            self.duration_minutes,
            self.session_type,
            self.mode,
            self.outcome,
            self.outcome_reason,
            self.supervisor_id,
            self.wellbeing_score_buttons[0],
            self.wellbeing_words,
            *(self.sections[name] for name in SECTION_FIELDS),
            self.agreed_record,
            *actions,
            self.add_action_button,
            self.raise_need_button,
            self.confidential_notes,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
