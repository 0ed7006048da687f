"""Add or edit one of a person's training records: the course, where it stands (requested,
booked, completed), its dates, the one-to-one it was raised in, and notes.

The dates a status needs switch on with it: choosing "Booked" ticks "Booked for", choosing
"Completed" ticks "Completed on" (a completion date only exists for a completed course).
Callers open it with ``open()``; ``saved`` carries the RecordInfo the service returned.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from peerdesk.domain.enums import CourseKind, TrainingStatus
from peerdesk.domain.training import expiry_date, long_date
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.training_views import CourseInfo, LinkableSession, RecordDetails, RecordInfo
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    current_data,
    field_with_error,
    fill_combo,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_hint,
    make_text_edit,
    select_data,
    to_qdate,
)

NOT_RAISED = "— not raised in supervision —"
S = TrainingStatus


class TrainingRecordDialog(FormDialog):
    """Add a record (``record`` None; ``course_id`` may preselect the course) or edit one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        person_name: str,
        record: RecordInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
        course_id: int | None = None,
        status: TrainingStatus = TrainingStatus.COMPLETED,
    ) -> None:
        verb = "Add" if record is None else "Edit"
        super().__init__(f"{verb} training: {person_name}", "", parent)
        self.setObjectName("training_record_dialog")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._record = record
        self._today = today
        self._courses: dict[int, CourseInfo] = {}

        self.course = QComboBox()
        self.course.setObjectName("course")
        self._row("&Course *", "course_id", self.course)

        self.status = QComboBox()
        self.status.setObjectName("status")
        statuses = [S.REQUESTED, S.BOOKED, S.COMPLETED]
        if record is not None and record.status is S.CANCELLED:
            statuses.append(S.CANCELLED)  # so that a cancellation can be undone
        fill_combo(self.status, ((s.label, s.value) for s in statuses))
        self._row("&Status *", "status", self.status)

        self.requested_check = QCheckBox("&Requested on")
        self.requested_check.setObjectName("requested_check")
        self.requested_on = make_date_edit("requested_on")
        self.requested_on.setAccessibleName("Requested on")
        self._date_row("requested_on", self.requested_check, self.requested_on)

        self.booked_check = QCheckBox("&Booked for")
        self.booked_check.setObjectName("booked_check")
        self.booked_for = make_date_edit("booked_for")
        self.booked_for.setAccessibleName("Booked for")
        self._date_row("booked_for", self.booked_check, self.booked_for)

        self.completed_check = QCheckBox("Com&pleted on")
        self.completed_check.setObjectName("completed_check")
        self.completed_on = make_date_edit("completed_on")
        self.completed_on.setAccessibleName("Completed on")
        self.expiry_hint = make_hint("")
        self.expiry_hint.setObjectName("expiry_hint")
        self._date_row("completed_on", self.completed_check, self.completed_on, self.expiry_hint)

        self.session = QComboBox()
        self.session.setObjectName("raised_in_session")
        self.session.setAccessibleName("Raised in supervision on")
        self._row("Raised in s&upervision on", "raised_in_session_id", self.session)

        self.notes = make_text_edit("notes", 3, "For example: the provider, online or in person")
        self._row("&Notes", "notes", self.notes)

        for edit in (self.requested_on, self.booked_for, self.completed_on):
            edit.setDate(to_qdate(today))
        self._fill_courses(record.course_id if record is not None else course_id)
        self._fill_sessions()
        if record is None:
            select_data(self.status, status.value)
            self._status_changed(initial=True)
        else:
            self._fill(record)
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self.course.currentIndexChanged.connect(lambda _i: self._update_expiry())
        self.completed_on.dateChanged.connect(lambda _d: self._update_expiry())
        self.completed_check.toggled.connect(lambda _on: self._update_expiry())
        self.course.currentIndexChanged.connect(lambda _i: self.errors.clear("course_id"))
        self.status.currentIndexChanged.connect(lambda _i: self.errors.clear_all())
        self.notes.textChanged.connect(lambda: self.errors.clear("notes"))
        self._update_expiry()
        order: list[QWidget] = [
            self.course,
            self.status,
            self.requested_check,
            self.requested_on,
            self.booked_check,
            self.booked_for,
            self.completed_check,
            self.completed_on,
            self.session,
            self.notes,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.resize(560, self.sizeHint().height())
        (self.course if record is None and course_id is None else self.status).setFocus()

    # -- layout -----------------------------------------------------------------------------

    def _date_row(
        self, field: str, check: QCheckBox, date: QDateEdit, extra: QLabel | None = None
    ) -> None:
        error = make_error_label(field)
        self.errors.add(field, error, date)
        check.toggled.connect(date.setEnabled)
        check.toggled.connect(lambda _on: self.errors.clear(field))
        date.dateChanged.connect(lambda _d: self.errors.clear(field))
        date.setEnabled(check.isChecked())
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(date)
        if extra is not None:
            line.addSpacing(8)
            line.addWidget(extra, 1)
        else:
            line.addStretch(1)
        self.form.addRow(check, field_with_error(row, error))

    def _fill_courses(self, wanted: int | None) -> None:
        try:
            courses = self._services.training.courses(self._actor, include_retired=True)
        except AccessDenied as exc:
            self.errors.show_general(str(exc))
            courses = []
        items: list[tuple[str, int]] = []
        for course in courses:
            if course.retired and course.id != wanted:
                continue
            self._courses[course.id] = course
            label = course.name + (" (retired)" if course.retired else "")
            if course.kind is not CourseKind.MANDATORY:
                label += f" — {course.kind.label.lower()}"
            items.append((label, course.id))
        fill_combo(self.course, items)
        if wanted is not None:
            select_data(self.course, wanted)
        elif not items:
            self.errors.show_general(
                "The course catalogue is empty: add the courses on the Courses tab first."
            )

    def _fill_sessions(self) -> None:
        sessions: list[LinkableSession] = []
        try:
            sessions = self._services.training.sessions_for_link(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
        items: list[tuple[str, int | None]] = [(NOT_RAISED, None)]
        items += [(format_date(s.session_date), s.id) for s in sessions]
        record = self._record
        linked = record.details.raised_in_session_id if record is not None else None
        if linked is not None and all(s.id != linked for s in sessions):
            day = record.raised_in_session_date if record is not None else None
            items.append((format_date(day) if day else "An earlier session", linked))
        fill_combo(self.session, items)
        self.session.setEnabled(len(items) > 1)
        if len(items) == 1:
            self.session.setToolTip("No one-to-one has been held with this person yet")

    def _fill(self, record: RecordInfo) -> None:
        d = record.details
        select_data(self.status, d.status.value)
        for check, edit, value in (
            (self.requested_check, self.requested_on, d.requested_on),
            (self.booked_check, self.booked_for, d.booked_for),
            (self.completed_check, self.completed_on, d.completed_on),
        ):
            check.setChecked(value is not None)
            if value is not None:
                edit.setDate(to_qdate(value))
        select_data(self.session, d.raised_in_session_id)
        self.notes.setPlainText(d.notes)
        self._status_changed(initial=True)

    # -- behaviour --------------------------------------------------------------------------

    def current_status(self) -> TrainingStatus:
        return TrainingStatus(current_data(self.status))

    def _status_changed(self, *, initial: bool = False) -> None:
        """Switch on the dates the chosen status needs, and off those it cannot have."""
        status = self.current_status()
        self.completed_check.setEnabled(status is S.COMPLETED)
        if status is not S.COMPLETED:
            self.completed_check.setChecked(False)
        elif not self.completed_check.isChecked():
            if not initial:  # completing a booking: most likely done on the booked day
                booked = (
                    from_qdate(self.booked_for.date()) if self.booked_check.isChecked() else None
                )
                done = booked if booked is not None and booked <= self._today else self._today
                self.completed_on.setDate(to_qdate(done))
            self.completed_check.setChecked(True)
        self.booked_check.setEnabled(status is not S.REQUESTED)
        if status is S.REQUESTED:
            self.booked_check.setChecked(False)
        elif status is S.BOOKED:
            self.booked_check.setChecked(True)
        fresh = not initial or self._record is None
        if status is S.REQUESTED and fresh:
            self.requested_check.setChecked(True)
        self._update_expiry()

    def _update_expiry(self) -> None:
        course = self._courses.get(current_data(self.course) or -1)
        if not self.completed_check.isChecked() or course is None:
            self.expiry_hint.setText("")
            return
        if course.validity_months is None:
            self.expiry_hint.setText("Does not expire")
            return
        expires = expiry_date(from_qdate(self.completed_on.date()), course.validity_months)
        assert expires is not None
        verb = "Expired" if expires < self._today else "Valid to"
        self.expiry_hint.setText(f"{verb} {long_date(expires)}")

    def details(self) -> RecordDetails:
        def optional(check: QCheckBox, edit: QDateEdit) -> dt.date | None:
            return from_qdate(edit.date()) if check.isChecked() and check.isEnabled() else None

        return RecordDetails(
            course_id=current_data(self.course),
            status=self.current_status(),
            requested_on=optional(self.requested_check, self.requested_on),
            booked_for=optional(self.booked_check, self.booked_for),
            completed_on=optional(self.completed_check, self.completed_on),
            notes=self.notes.toPlainText(),
            raised_in_session_id=current_data(self.session),
        )

    def _save(self) -> RecordInfo:
        service = self._services.training
        if self._record is None:
            return service.add_record(self._actor, self._staff_id, self.details())
        return service.update_record(self._actor, self._record.id, self.details())
