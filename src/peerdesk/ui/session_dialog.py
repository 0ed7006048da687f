"""Record a one-to-one, sign it on both sides, and amend it once signed (behaviour; widgets
in session_dialog_layout).

Callers open it with ``open()``; ``saved`` carries the SessionRecord after every create,
update, signature and amendment. The dialog stays open after Save, because signing follows
on the same screen: the supervisor signs, then the supervisee reads the agreed record on a
page of its own (the confidential notes are not on it), adds a comment and signs.

What is typed is kept as a draft every few seconds and when the dialog is closed without
saving; opening the dialog for the same person offers to restore it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QWidget

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import (
    SECTION_FIELDS,
    SessionDetails,
    SignOffState,
    check_action,
    check_closing,
    normalise_session,
)
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.supervision_views import ActionView, Amendment, SessionRecord
from peerdesk.services.views import StaffRecord
from peerdesk.ui.amend_dialog import AmendDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    add_save_shortcut,
    current_data,
    fill_combo,
    fill_enum_combo,
    format_date,
    from_qdate,
    select_data,
    show_error,
    to_qdate,
)
from peerdesk.ui.session_dialog_layout import (
    NewActionRow,
    ReviewRow,
    SessionDialogLayout,
    make_amendment_label,
    make_new_action_row,
    make_review_row,
)

DEFAULT_DURATION_MINUTES = 60
DEFAULT_ACTION_DAYS = 28
OWNER_SUPERVISEE = "supervisee"
OWNER_SUPERVISOR = "supervisor"

# Fields in the order they appear, so the first one with a problem gets the focus.
FIELD_ORDER = (
    "session_date",
    "duration_minutes",
    "session_type",
    "mode",
    "outcome",
    "outcome_reason",
    "supervisor_id",
    "wellbeing_score",
    "wellbeing_words",
    *SECTION_FIELDS,
    "agreed_record",
    "confidential_notes",
)


def local_moment(moment: dt.datetime) -> str:
    """An aware UTC moment as the person's local "15 Jun 2026 at 14:05"."""
    local = moment.astimezone()
    return f"{format_date(local.date())} at {local:%H:%M}"


def amendment_text(amendment: Amendment) -> str:
    original = amendment.original_text or "(empty)"
    new = amendment.new_text or "(empty)"
    return (
        f"{amendment.field_label}: amended by {amendment.amended_by} on "
        f"{local_moment(amendment.amended_at)}\n"
        f"Why: {amendment.reason}\n"
        f"Was: {original}\n"
        f"Now: {new}"
    )


def action_text(action: ActionView) -> str:
    parts = [action.description]
    if action.owner_name:
        parts.append(action.owner_name)
    if action.due_date is not None:
        parts.append(f"due {format_date(action.due_date)}")
    if not action.is_open:
        parts.append(action.status.label.lower())
    return " — ".join(parts)


def sign_off_text(record: SessionRecord | None) -> str:
    if record is None:
        return "New record, not saved yet"
    s = record.sign_off
    if s.state is SignOffState.UNSIGNED:
        return "Saved, not signed yet"
    supervisor = f"Signed by {s.supervisor_signed_by}"
    if s.supervisor_signed_at is not None:
        supervisor += f" on {local_moment(s.supervisor_signed_at)}"
    if s.state is SignOffState.AWAITING_SUPERVISEE:
        return f"{supervisor}\nWaiting for the supervisee to sign"
    if s.supervisee_signed_by:
        return f"{supervisor}\nand by {s.supervisee_signed_by}: locked"
    return f"{supervisor}: locked"


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class SessionDialog(QDialog):
    saved = Signal(object)  # the SessionRecord after create/update/sign/amend

    draft_interval_ms = 5000  # how often what is typed is kept as a draft

    def __init__(
        self,
        services: Services,
        actor: Actor,
        supervisee_id: int,
        session_id: int | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._supervisee_id = supervisee_id
        self._session_id = session_id
        self._today = today or local_today()
        self._record: SessionRecord | None = None
        self._supervisee: StaffRecord | None = None
        self.training_need_dialog: QDialog | None = None  # while one is open
        self._reviews: dict[int, tuple[ActionView, ReviewRow]] = {}
        self._new_actions: list[NewActionRow] = []
        self._next_action_number = 0
        self._amend_dialog: AmendDialog | None = None

        self.ui = SessionDialogLayout()
        self.ui.setup_ui(self)
        self.errors = FieldErrors(self.ui.general_error, self.ui.scroll_area)
        for field in FIELD_ORDER:
            focus = self.ui.wellbeing_score_buttons[0] if field == "wellbeing_score" else None
            widget = focus or self.findChild(QWidget, field)
            assert widget is not None, field
            self.errors.add(field, self.ui.errors[field], widget)
        signing: dict[str, QWidget] = {
            "supervisor_signer_name": self.ui.supervisor_signer_name,
            "supervisee_signer_name": self.ui.supervisee_signer_name,
            "comment": self.ui.supervisee_comment,
        }
        for field, widget in signing.items():
            self.errors.add(field, self.ui.errors[field], widget)

        self._fill_choices()
        self._connect()
        self._load()
        self._saved_payload = self.payload()
        self._drafted_payload = self._saved_payload

        self.draft_timer = QTimer(self)
        self.draft_timer.setObjectName("draft_timer")
        self.draft_timer.setInterval(self.draft_interval_ms)
        self.draft_timer.timeout.connect(self.save_draft_now)
        if not self._started:
            self.draft_timer.start()

    # -- what the dialog shows ------------------------------------------------------------

    @property
    def record(self) -> SessionRecord | None:
        """The session as loaded or as last saved, signed or amended."""
        return self._record

    @property
    def session_id(self) -> int | None:
        return self._session_id

    @property
    def _started(self) -> bool:
        return self._record is not None and self._record.sign_off.started

    @property
    def _held(self) -> bool:
        return bool(current_data(self.ui.outcome) == SessionOutcome.HELD.value)

    # -- set up ---------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        fill_enum_combo(self.ui.session_type, SessionType)
        fill_enum_combo(self.ui.mode, SessionMode)
        fill_enum_combo(self.ui.outcome, SessionOutcome)
        people = [
            (f"{p.name} ({p.job_title})" if p.job_title else p.name, p.id)
            for p in self._services.staff.people(self._actor)
            if p.id != self._supervisee_id
        ]
        fill_combo(self.ui.supervisor_id, [(NONE_TEXT, None), *people])

    def _connect(self) -> None:
        ui = self.ui
        ui.save_button.clicked.connect(self.save)
        ui.cancel_button.clicked.connect(self.reject)
        add_save_shortcut(self, self.save)
        ui.outcome.currentIndexChanged.connect(self._update_outcome)
        ui.add_action_button.clicked.connect(self.add_action_row)
        ui.raise_need_button.clicked.connect(self.raise_training_need)
        ui.restore_draft_button.clicked.connect(self.restore_draft)
        ui.discard_draft_button.clicked.connect(self.discard_draft)
        ui.sign_supervisor_button.clicked.connect(self.start_supervisor_sign)
        ui.supervisor_sign_button.clicked.connect(self.sign_as_supervisor)
        ui.supervisor_sign_cancel.clicked.connect(self._hide_supervisor_panel)
        ui.sign_supervisee_button.clicked.connect(self.start_supervisee_sign)
        ui.supervisee_sign_button.clicked.connect(self.sign_as_supervisee)
        ui.supervisee_back_button.clicked.connect(self._show_record_page)
        ui.amend_button.clicked.connect(self.start_amend)
        for edit in (ui.supervisor_signer_name, ui.supervisee_signer_name):
            edit.installEventFilter(self)

        # A field's message goes as soon as the person changes that field.
        ui.session_date.dateChanged.connect(lambda _d: self.errors.clear("session_date"))
        ui.session_date.dateChanged.connect(lambda _d: self._update_wellness_notice())
        ui.duration_minutes.valueChanged.connect(lambda _v: self.errors.clear("duration_minutes"))
        for name in ("session_type", "mode", "outcome", "supervisor_id"):
            getattr(ui, name).currentIndexChanged.connect(lambda _i, f=name: self.errors.clear(f))
        ui.wellbeing_score_group.idToggled.connect(
            lambda _id, _on: self.errors.clear("wellbeing_score")
        )
        ui.wellbeing_words.textChanged.connect(lambda _t: self.errors.clear("wellbeing_words"))
        text_fields = ("outcome_reason", "agreed_record", "confidential_notes")
        for name in text_fields:
            getattr(ui, name).textChanged.connect(lambda f=name: self.errors.clear(f))
        for name, section in ui.sections.items():
            section.textChanged.connect(lambda f=name: self.errors.clear(f))
        ui.supervisor_signer_name.textChanged.connect(
            lambda _t: self.errors.clear("supervisor_signer_name")
        )
        ui.supervisee_signer_name.textChanged.connect(
            lambda _t: self.errors.clear("supervisee_signer_name")
        )
        ui.supervisee_comment.textChanged.connect(lambda: self.errors.clear("comment"))

    def _load(self) -> None:
        ui = self.ui
        try:
            self._supervisee = self._services.staff.get(self._actor, self._supervisee_id)
        except NotFound as exc:
            self._refuse(str(exc))
            return
        person = self._supervisee.details
        ui.supervisee_name.setText(person.full_name)
        ui.supervisee_job_title.setText(person.job_title or person.role_category.label)
        self._select_supervisor(person.supervisor_id, self._supervisee.supervisor_name)
        ui.session_date.setDate(to_qdate(self._today))
        ui.duration_minutes.setValue(DEFAULT_DURATION_MINUTES)

        if self._session_id is None:
            self.setWindowTitle(f"One-to-one with {person.full_name}")
            self._offer_draft()
            self._show_wellness_notice()
        else:
            try:
                record = self._services.supervision.get_session(self._actor, self._session_id)
            except (NotFound, AccessDenied) as exc:
                self._refuse(str(exc))
                return
            if record.supervisee_id != self._supervisee_id:
                self._refuse("That supervision record belongs to someone else.")
                return
            self.setWindowTitle(
                f"One-to-one with {person.full_name}, {format_date(record.session_date)}"
            )
            self._fill(record)
        self._load_actions()
        self._update_outcome()
        self._show_state()
        if self._reviews and not self._started:
            first = next(iter(self._reviews.values()))[1]
            first.status.setFocus()
        else:
            ui.session_date.setFocus()

    def _show_wellness_notice(self) -> None:
        """A new one-to-one: say so when their wellness plan's review is near or overdue
        (nothing when the actor may not see the plan)."""
        try:
            due = self._services.wellness.review_due_for(
                self._actor, self._supervisee_id, today=self._today
            )
        except (NotFound, AccessDenied):
            due = None
        self.ui.wellness_review_notice.setText(
            f"Their wellness action plan is due for review (review date {format_date(due)}): "
            "talk it through today."
            if due is not None
            else ""
        )
        self._update_wellness_notice()

    def _update_wellness_notice(self) -> None:
        # for a session held today (or later), not one written up afterwards
        notice = self.ui.wellness_review_notice
        held_before = from_qdate(self.ui.session_date.date()) < self._today
        notice.setVisible(bool(notice.text()) and not held_before)

    def _refuse(self, message: str) -> None:
        self.errors.show_general(message)
        for button in (
            self.ui.save_button,
            self.ui.sign_supervisor_button,
            self.ui.sign_supervisee_button,
        ):
            button.setEnabled(False)
        self.ui.pages.setEnabled(False)

    def _select_supervisor(self, person_id: int | None, name: str) -> None:
        combo = self.ui.supervisor_id
        if person_id is None or select_data(combo, person_id):
            if person_id is None:
                combo.setCurrentIndex(0)
            return
        combo.addItem(f"{name or 'Someone'} (left)", person_id)
        combo.setCurrentIndex(combo.count() - 1)

    def _fill(self, record: SessionRecord) -> None:
        """Show a saved record in the form."""
        ui = self.ui
        self._record = record
        ui.session_date.setDate(to_qdate(record.session_date))
        ui.duration_minutes.setValue(record.duration_minutes or 0)
        select_data(ui.session_type, record.session_type.value)
        select_data(ui.mode, record.mode.value)
        select_data(ui.outcome, record.outcome.value)
        ui.outcome_reason.setPlainText(record.outcome_reason)
        self._select_supervisor(record.supervisor_id, record.supervisor_name)
        ui.wellbeing_score_buttons[record.wellbeing_score or 0].setChecked(True)
        ui.wellbeing_words.setText(record.wellbeing_words)
        for name, edit in ui.sections.items():
            edit.setPlainText(str(getattr(record, name)))
        ui.agreed_record.setPlainText(record.agreed_record)
        ui.confidential_notes.setPlainText(record.confidential_notes or "")
        if record.confidential_notes is None:
            ui.confidential_group.setVisible(False)
        comment = record.supervisee_comment
        ui.supervisee_comment_label.setText(f"Supervisee's comment: {comment}" if comment else "")
        ui.supervisee_comment_label.setVisible(bool(comment))
        self._show_amendments(record.amendments)

    def raise_training_need(self) -> None:
        """A course request for the supervisee, linked to this (saved) one-to-one."""
        if self._session_id is None or self._supervisee is None:
            return
        from peerdesk.ui.training_need_dialog import TrainingNeedDialog

        dialog = TrainingNeedDialog(
            self._services,
            self._actor,
            self._session_id,
            self._supervisee.details.full_name,
            self,
        )
        dialog.saved.connect(lambda _record: self._load_training_needs())
        dialog.finished.connect(dialog.deleteLater)
        self.training_need_dialog = dialog
        dialog.open()

    def _load_training_needs(self) -> None:
        ui = self.ui
        saved = self._session_id is not None
        ui.raise_need_button.setEnabled(saved)
        ui.raise_need_button.setToolTip(
            "Request a course for them, linked to this one-to-one"
            if saved
            else "Save the record first; a training need is linked to a saved one-to-one"
        )
        needs: list[str] = []
        if saved:
            try:
                records = self._services.training.records_for(self._actor, self._supervisee_id)
            except (NotFound, AccessDenied):
                records = []
            needs = [
                f"{record.course_name} ({record.state_text})"
                for record in records
                if record.details.raised_in_session_id == self._session_id
            ]
        ui.training_needs.setText(
            "Training needs raised in this one-to-one: " + "; ".join(needs) if needs else ""
        )
        ui.training_needs.setVisible(bool(needs))

    def _load_actions(self) -> None:
        """Last sessions' open actions to review, and those agreed in this session."""
        ui = self.ui
        for _action, row in self._reviews.values():
            row.widget.setParent(None)
            row.widget.deleteLater()
        self._reviews.clear()
        if self._supervisee is None:
            return
        agreed: list[ActionView] = []
        try:
            open_actions = self._services.actions.open_actions(self._actor, self._supervisee_id)
            if self._session_id is not None:
                agreed = self._services.actions.for_session(self._actor, self._session_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            open_actions = []
        reviewable = [a for a in open_actions if a.session_id != self._session_id]
        if not self._started:
            for action in reviewable:
                details = f"Agreed on {format_date(action.session_date)}"
                if action.owner_name:
                    details += f" — {action.owner_name}"
                if action.due_date is not None:
                    details += f" — due {format_date(action.due_date)}"
                    if action.is_overdue:
                        details += " (overdue)"
                row = make_review_row(action.id, action.description, details)
                fill_combo(
                    row.status,
                    [
                        ("Still open", ActionStatus.OPEN.value),
                        ("Done", ActionStatus.DONE.value),
                        ("Dropped", ActionStatus.DROPPED.value),
                    ],
                )
                row.status.currentIndexChanged.connect(lambda _i, r=row: show_error(r.error, None))
                row.note.textChanged.connect(lambda _t, r=row: show_error(r.error, None))
                ui.open_actions_layout.addWidget(row.widget)
                row.widget.setVisible(True)
                self._reviews[action.id] = (action, row)
        ui.no_open_actions.setVisible(not self._reviews)
        ui.open_actions_group.setVisible(not self._started)
        lines = [f"• {action_text(a)}" for a in agreed]
        ui.agreed_actions.setText("Agreed in this session:\n" + "\n".join(lines) if lines else "")
        ui.agreed_actions.setVisible(bool(lines))
        self._load_training_needs()
        self._retab()

    def _retab(self) -> None:
        reviews: list[QWidget] = []
        for _action, row in self._reviews.values():
            reviews += [row.status, row.note]
        actions: list[QWidget] = []
        for new in self._new_actions:
            actions += [new.description, new.owner, new.has_due, new.due_date, new.remove]
        self.ui.set_tab_order(reviews, actions)

    # -- dependent fields and state -------------------------------------------------------

    def _update_outcome(self) -> None:
        ui = self.ui
        held = self._held
        ui.session_form.setRowVisible(ui.outcome_reason_row, not held)
        ui.duration_minutes.setEnabled(held and not self._started)
        ui.wellbeing_group.setVisible(held)
        ui.sections_group.setVisible(held)
        ui.not_held_note.setVisible(not held)
        self._show_state()

    def _show_state(self) -> None:
        """Buttons and editability as the sign-off stands."""
        ui = self.ui
        record = self._record
        state = record.sign_off.state if record is not None else SignOffState.UNSIGNED
        started = state is not SignOffState.UNSIGNED
        ui.sign_off_state.setText(sign_off_text(record))
        ui.save_button.setVisible(not started)
        ui.sign_supervisor_button.setVisible(state is SignOffState.UNSIGNED)
        ui.sign_supervisee_button.setVisible(
            state is SignOffState.AWAITING_SUPERVISEE
            or (state is SignOffState.UNSIGNED and self._held)
        )
        ui.sign_supervisee_button.setEnabled(state is SignOffState.AWAITING_SUPERVISEE)
        ui.amend_button.setVisible(state is SignOffState.SIGNED)
        ui.cancel_button.setText("Close" if record is not None else "Cancel")
        self._set_editable(not started)

    def _set_editable(self, editable: bool) -> None:
        ui = self.ui
        texts: list[QPlainTextEdit] = [
            ui.outcome_reason,
            *ui.sections.values(),
            ui.agreed_record,
            ui.confidential_notes,
        ]
        # Read-only text sits on the window colour, so a locked record looks locked.
        look = "" if editable else "background: palette(window);"
        for edit in texts:
            edit.setReadOnly(not editable)
            edit.setStyleSheet(look)
        ui.wellbeing_words.setReadOnly(not editable)
        ui.wellbeing_words.setStyleSheet(look)
        for widget in (
            ui.session_date,
            ui.session_type,
            ui.mode,
            ui.outcome,
            ui.supervisor_id,
            *ui.wellbeing_score_buttons.values(),
        ):
            widget.setEnabled(editable)
        ui.duration_minutes.setEnabled(editable and self._held)
        ui.add_action_button.setVisible(editable)
        ui.actions_group.setTitle("New actions" if editable else "Actions")
        ui.actions_group.setVisible(
            editable
            or ui.agreed_actions.isVisibleTo(ui.actions_group)
            or self._session_id is not None  # training needs can be raised after signing
        )

    def _show_amendments(self, amendments: tuple[Amendment, ...]) -> None:
        layout = self.ui.amendments_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for number, amendment in enumerate(amendments):
            label = make_amendment_label(number, amendment_text(amendment))
            layout.addWidget(label)
            label.setVisible(True)
        self.ui.amendments_group.setVisible(bool(amendments))

    # -- new actions ----------------------------------------------------------------------

    def add_action_row(self) -> NewActionRow:
        """Add an empty row for an action agreed today and put the cursor in it."""
        row = make_new_action_row(self._next_action_number)
        self._next_action_number += 1
        person = self._supervisee.details if self._supervisee is not None else None
        name = (person.preferred_name or person.full_name) if person is not None else "Them"
        fill_combo(
            row.owner,
            [(f"{name} (supervisee)", OWNER_SUPERVISEE), ("Supervisor", OWNER_SUPERVISOR)],
        )
        row.has_due.setChecked(True)
        row.due_date.setDate(
            to_qdate(from_qdate(self.ui.session_date.date()) + dt.timedelta(DEFAULT_ACTION_DAYS))
        )
        row.has_due.toggled.connect(row.due_date.setEnabled)
        row.remove.clicked.connect(lambda: self.remove_action_row(row))
        row.description.textChanged.connect(lambda _t: show_error(row.error, None))
        row.due_date.dateChanged.connect(lambda _d: show_error(row.error, None))
        self.ui.actions_layout.addWidget(row.widget)
        row.widget.setVisible(True)
        self._new_actions.append(row)
        self._retab()
        row.description.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ui.scroll_area.ensureWidgetVisible(row.widget)
        return row

    def remove_action_row(self, row: NewActionRow) -> None:
        if row not in self._new_actions:
            return
        index = self._new_actions.index(row)
        self._new_actions.remove(row)
        row.widget.setParent(None)
        row.widget.deleteLater()
        self._retab()
        if self._new_actions:
            self._new_actions[min(index, len(self._new_actions) - 1)].description.setFocus()
        else:
            self.ui.add_action_button.setFocus()

    def _owner_id(self, owner: object) -> int | None:
        if owner == OWNER_SUPERVISEE:
            return self._supervisee_id
        supervisor = current_data(self.ui.supervisor_id)
        return supervisor if isinstance(supervisor, int) else None

    # -- the form as data -----------------------------------------------------------------

    def details(self) -> SessionDetails:
        """What the form holds. A session not held carries no length, check-in or sections
        (what was typed there stays in the form, in case the outcome changes back)."""
        ui = self.ui
        held = self._held
        score = ui.wellbeing_score_group.checkedId()
        sections = {
            name: (edit.toPlainText() if held else "") for name, edit in ui.sections.items()
        }
        comment = self._record.supervisee_comment if self._record is not None else ""
        return SessionDetails(
            supervisee_id=self._supervisee_id,
            supervisor_id=current_data(ui.supervisor_id),
            session_date=from_qdate(ui.session_date.date()),
            session_type=SessionType(current_data(ui.session_type)),
            mode=SessionMode(current_data(ui.mode)),
            outcome=SessionOutcome(current_data(ui.outcome)),
            duration_minutes=(ui.duration_minutes.value() or None) if held else None,
            outcome_reason="" if held else ui.outcome_reason.toPlainText(),
            wellbeing_score=score if held and score > 0 else None,
            wellbeing_words=ui.wellbeing_words.text() if held else "",
            agreed_record=ui.agreed_record.toPlainText(),
            confidential_notes=ui.confidential_notes.toPlainText(),
            supervisee_comment=comment,
            **sections,
        )

    def payload(self) -> dict[str, Any]:
        """Everything typed, as JSON values, for the draft."""
        ui = self.ui
        data: dict[str, Any] = {
            "session_date": from_qdate(ui.session_date.date()).isoformat(),
            "duration_minutes": ui.duration_minutes.value() or None,
            "session_type": current_data(ui.session_type),
            "mode": current_data(ui.mode),
            "outcome": current_data(ui.outcome),
            "outcome_reason": ui.outcome_reason.toPlainText(),
            "supervisor_id": current_data(ui.supervisor_id),
            "wellbeing_score": ui.wellbeing_score_group.checkedId() or None,
            "wellbeing_words": ui.wellbeing_words.text(),
            "agreed_record": ui.agreed_record.toPlainText(),
            "confidential_notes": ui.confidential_notes.toPlainText(),
        }
        for name, edit in ui.sections.items():
            data[name] = edit.toPlainText()
        data["reviews"] = {
            str(action_id): {"status": current_data(row.status), "note": row.note.text()}
            for action_id, (_action, row) in self._reviews.items()
        }
        data["actions"] = [
            {
                "description": row.description.text(),
                "owner": current_data(row.owner),
                "due_date": (
                    from_qdate(row.due_date.date()).isoformat() if row.has_due.isChecked() else None
                ),
            }
            for row in self._new_actions
        ]
        return data

    def apply_payload(self, data: dict[str, Any] | Any) -> None:
        """Fill the form from a draft's payload, ignoring anything it does not recognise."""
        if not isinstance(data, dict):
            return
        ui = self.ui
        day = _date(data.get("session_date"))
        if day is not None:
            ui.session_date.setDate(to_qdate(day))
        ui.duration_minutes.setValue(_int(data.get("duration_minutes")) or 0)
        for name in ("session_type", "mode", "outcome"):
            select_data(getattr(ui, name), data.get(name))
        ui.outcome_reason.setPlainText(_text(data.get("outcome_reason")))
        supervisor = _int(data.get("supervisor_id"))
        if supervisor is None or not select_data(ui.supervisor_id, supervisor):
            ui.supervisor_id.setCurrentIndex(0)
        score = _int(data.get("wellbeing_score")) or 0
        ui.wellbeing_score_buttons.get(score, ui.wellbeing_score_buttons[0]).setChecked(True)
        ui.wellbeing_words.setText(_text(data.get("wellbeing_words")))
        for name, edit in ui.sections.items():
            edit.setPlainText(_text(data.get(name)))
        ui.agreed_record.setPlainText(_text(data.get("agreed_record")))
        ui.confidential_notes.setPlainText(_text(data.get("confidential_notes")))
        reviews = data.get("reviews")
        if isinstance(reviews, dict):
            for key, review in reviews.items():
                found = self._reviews.get(int(key)) if str(key).isdigit() else None
                if found is not None and isinstance(review, dict):
                    select_data(found[1].status, review.get("status"))
                    found[1].note.setText(_text(review.get("note")))
        for row in list(self._new_actions):
            self.remove_action_row(row)
        actions = data.get("actions")
        if isinstance(actions, list):
            for action in actions:
                if not isinstance(action, dict):
                    continue
                row = self.add_action_row()
                row.description.setText(_text(action.get("description")))
                select_data(row.owner, action.get("owner"))
                due = _date(action.get("due_date"))
                row.has_due.setChecked(due is not None)
                if due is not None:
                    row.due_date.setDate(to_qdate(due))
        self._update_outcome()

    def has_unsaved_changes(self) -> bool:
        return self.payload() != self._saved_payload

    # -- drafts ---------------------------------------------------------------------------

    def _offer_draft(self) -> None:
        try:
            draft = self._services.supervision.draft_for(self._actor, self._supervisee_id)
        except AccessDenied:
            return
        if draft is None:
            return
        self._draft = draft
        self.ui.draft_label.setText(
            f"A record you were typing on {local_moment(draft.saved_at)} was kept."
        )
        self.ui.draft_bar.setVisible(True)

    def restore_draft(self) -> None:
        draft = self._services.supervision.draft_for(self._actor, self._supervisee_id)
        self.ui.draft_bar.setVisible(False)
        if draft is None:
            self._say("The kept record is no longer there.")
            return
        if draft.session_id is not None and self._record is None:
            try:
                record = self._services.supervision.get_session(self._actor, draft.session_id)
            except (NotFound, AccessDenied):
                record = None
            if record is not None and not record.sign_off.started:
                self._session_id = record.id
                self._fill(record)
                self._saved_payload = self.payload()
                self._load_actions()
        self.apply_payload(dict(draft.payload))
        self._drafted_payload = self.payload()
        self._say("The record you were typing is back.")
        self.ui.session_date.setFocus()

    def discard_draft(self) -> None:
        try:
            self._services.supervision.discard_draft(self._actor, self._supervisee_id)
        except AccessDenied as exc:
            self.errors.show_general(str(exc))
            return
        self.ui.draft_bar.setVisible(False)
        self._say("The kept record was thrown away.")
        self.ui.session_date.setFocus()

    def save_draft_now(self) -> bool:
        """Keep what is typed as the supervisee's draft, if it changed; True if kept.

        Not while a kept draft waits to be restored or thrown away (it would replace it),
        and never for a record that has been signed.
        """
        if self._started or self._supervisee is None or self.ui.draft_bar.isVisible():
            return False
        payload = self.payload()
        if payload == self._drafted_payload or payload == self._saved_payload:
            return False
        try:
            self._services.supervision.save_draft(
                self._actor, self._supervisee_id, self._session_id, payload
            )
        except (NotFound, Conflict, AccessDenied, ValidationError) as exc:
            self._say(f"What you typed could not be kept as a draft: {exc}")
            return False
        self._drafted_payload = payload
        return True

    def reject(self) -> None:
        self.draft_timer.stop()
        self.save_draft_now()
        super().reject()

    def done(self, result: int) -> None:
        self.draft_timer.stop()
        if self._amend_dialog is not None:
            self._amend_dialog.close()
        super().done(result)

    # -- saving ---------------------------------------------------------------------------

    def _say(self, message: str) -> None:
        show_error(self.ui.status_label, message)

    def _row_problems(self, session_date: dt.date | None) -> bool:
        """Check the action rows before anything is saved; True if any has a problem."""
        bad = False
        for action, row in self._reviews.values():
            status = ActionStatus(current_data(row.status))
            if status is ActionStatus.OPEN:
                continue
            try:
                check_closing(status, row.note.text(), action.session_date, session_date)
            except ValidationError as exc:
                show_error(row.error, str(exc))
                bad = True
        for new in self._new_actions:
            if not new.description.text().strip():
                continue  # an empty row is left alone
            due = from_qdate(new.due_date.date()) if new.has_due.isChecked() else None
            try:
                check_action(new.description.text(), due, session_date or self._today)
            except ValidationError as exc:
                show_error(new.error, str(exc))
                bad = True
        return bad

    def save(self) -> SessionRecord | None:
        """Save the record, then close reviewed actions and add the new ones.

        Returns the record when everything was kept, None when something needs attention.
        """
        if self._started or not self.ui.save_button.isEnabled():
            return None
        self.errors.clear_all()
        self._say("")
        details = self.details()
        if self._row_problems(details.session_date):
            start = self._supervisee.details.start_date if self._supervisee else None
            try:
                normalise_session(details, today=self._today, supervisee_start=start)
            except ValidationError as exc:
                self._show_problems(list(exc.errors))
            self.errors.show_general("Some actions need attention before the record is saved.")
            return None
        try:
            if self._session_id is None:
                record = self._services.supervision.create_session(self._actor, details)
            else:
                record = self._services.supervision.update_session(
                    self._actor, self._session_id, details
                )
        except ValidationError as exc:
            self._show_problems(list(exc.errors))
            return None
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return None
        self._record = record
        self._session_id = record.id
        complete = self._save_actions(record)
        self._load_actions()
        self._saved_payload = self.payload()
        self._drafted_payload = self._saved_payload
        self.setWindowTitle(
            f"One-to-one with {record.supervisee_name}, {format_date(record.session_date)}"
        )
        self._show_state()
        self._say("Saved." if complete else "Saved, but some actions need attention.")
        self.saved.emit(record)
        return record if complete else None

    def _save_actions(self, record: SessionRecord) -> bool:
        complete = True
        kept_reviews: dict[int, tuple[ActionView, ReviewRow]] = {}
        for action_id, (action, row) in self._reviews.items():
            status = ActionStatus(current_data(row.status))
            if status is ActionStatus.OPEN:
                continue
            try:
                self._services.actions.close(
                    self._actor, action_id, status, record.id, row.note.text()
                )
            except (ValidationError, Conflict, NotFound, AccessDenied) as exc:
                show_error(row.error, str(exc))
                kept_reviews[action_id] = (action, row)
                complete = False
        for new in list(self._new_actions):
            if not new.description.text().strip():
                self.remove_action_row(new)
                continue
            due = from_qdate(new.due_date.date()) if new.has_due.isChecked() else None
            try:
                self._services.actions.add(
                    self._actor,
                    record.id,
                    new.description.text(),
                    self._owner_id(current_data(new.owner)),
                    due,
                )
            except (ValidationError, Conflict, NotFound, AccessDenied) as exc:
                show_error(new.error, str(exc))
                complete = False
                continue
            self.remove_action_row(new)
        return complete

    def _show_problems(self, problems: list[FieldError]) -> None:
        ui = self.ui
        if any(p.field == "outcome_reason" for p in problems):
            ui.session_form.setRowVisible(ui.outcome_reason_row, True)
        self.errors.show_errors(problems)

    # -- sign-off -------------------------------------------------------------------------

    def start_supervisor_sign(self) -> None:
        """Save what is typed, then ask for the supervisor's name to sign with."""
        needs_saving = self._record is None or self.has_unsaved_changes() or self._new_actions
        if needs_saving and self.save() is None:
            return
        record = self._record
        assert record is not None
        if record.outcome.counts_as_supervision and not record.agreed_record.strip():
            self.errors.show("agreed_record", "Write the agreed record before signing it.")
            self.errors.focus(self.ui.agreed_record)
            return
        ui = self.ui
        if not ui.supervisor_signer_name.text():
            name = record.supervisor_name or self._actor.display_name
            ui.supervisor_signer_name.setText(name)
        ui.supervisor_sign_panel.setVisible(True)
        ui.sign_supervisor_button.setEnabled(False)
        ui.supervisor_signer_name.setFocus(Qt.FocusReason.OtherFocusReason)
        ui.supervisor_signer_name.selectAll()

    def _hide_supervisor_panel(self) -> None:
        ui = self.ui
        self.errors.clear("supervisor_signer_name")
        ui.supervisor_sign_panel.setVisible(False)
        ui.sign_supervisor_button.setEnabled(True)
        ui.sign_supervisor_button.setFocus()

    def sign_as_supervisor(self) -> None:
        if self._record is None:
            return
        try:
            record = self._services.supervision.sign_as_supervisor(
                self._actor, self._record.id, self.ui.supervisor_signer_name.text()
            )
        except ValidationError as exc:
            problems = [
                FieldError("supervisor_signer_name", e.message) if e.field == "signer_name" else e
                for e in exc.errors
            ]
            self.errors.show_errors(problems)
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self.ui.supervisor_sign_panel.setVisible(False)
        self.ui.sign_supervisor_button.setEnabled(True)
        self._after_signature(record, "Signed by the supervisor.")
        if self.ui.sign_supervisee_button.isVisible():
            self.ui.sign_supervisee_button.setFocus()

    def start_supervisee_sign(self) -> None:
        """Show the supervisee the agreed record (never the confidential notes) to sign."""
        if self._record is None:
            return
        ui = self.ui
        try:
            view = self._services.supervision.record_for_supervisee(self._actor, self._record.id)
            actions = self._services.actions.for_session(self._actor, self._record.id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        summary = (
            f"{view.session_type.label} supervision with {view.supervisor_name or 'the supervisor'}"
            f" on {format_date(view.session_date)} ({view.mode.label.lower()})."
        )
        ui.supervisee_summary.setText(summary)
        ui.supervisee_agreed_record.setPlainText(view.agreed_record)
        lines = [f"• {action_text(a)}" for a in actions]
        ui.supervisee_actions.setText("Actions agreed:\n" + "\n".join(lines) if lines else "")
        ui.supervisee_actions.setVisible(bool(lines))
        ui.supervisee_comment.setPlainText("")
        if self._supervisee is not None and not ui.supervisee_signer_name.text():
            ui.supervisee_signer_name.setText(self._supervisee.details.full_name)
        ui.pages.setCurrentWidget(ui.supervisee_panel)
        ui.button_box.setVisible(False)
        ui.supervisee_comment.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_record_page(self) -> None:
        ui = self.ui
        self.errors.clear("supervisee_signer_name")
        self.errors.clear("comment")
        ui.pages.setCurrentIndex(0)
        ui.button_box.setVisible(True)
        if ui.sign_supervisee_button.isVisible():
            ui.sign_supervisee_button.setFocus()

    def sign_as_supervisee(self) -> None:
        if self._record is None:
            return
        ui = self.ui
        try:
            record = self._services.supervision.sign_as_supervisee(
                self._actor,
                self._record.id,
                ui.supervisee_signer_name.text(),
                ui.supervisee_comment.toPlainText(),
            )
        except ValidationError as exc:
            problems = [
                FieldError("supervisee_signer_name", e.message) if e.field == "signer_name" else e
                for e in exc.errors
            ]
            self.errors.show_errors(problems)
            return
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return
        self._show_record_page()
        self._after_signature(record, "Signed by both: the record is locked.")
        ui.amend_button.setFocus()

    def _after_signature(self, record: SessionRecord, message: str) -> None:
        self.draft_timer.stop()
        self._fill(record)
        self._load_actions()
        self._show_state()
        self._update_outcome()
        self._saved_payload = self._drafted_payload = self.payload()
        self._say(message)
        self.saved.emit(record)

    # -- amendments -----------------------------------------------------------------------

    def start_amend(self) -> AmendDialog | None:
        if self._record is None:
            return None
        signer = self._record.sign_off.supervisor_signed_by
        dialog = AmendDialog(
            self._services, self._actor, self._record, signer_name=signer, parent=self
        )
        dialog.amended.connect(self._on_amended)
        dialog.finished.connect(lambda _r: setattr(self, "_amend_dialog", None))
        self._amend_dialog = dialog
        dialog.open()
        return dialog

    def _on_amended(self, record: SessionRecord) -> None:
        self._fill(record)
        self._show_state()
        self._say("The amendment is kept with the record.")
        self.saved.emit(record)

    # -- keys -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a signing name signs (it must not fall through to Save).
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if watched is self.ui.supervisor_signer_name:
                self.sign_as_supervisor()
                return True
            if watched is self.ui.supervisee_signer_name:
                self.sign_as_supervisee()
                return True
        return super().eventFilter(watched, event)
