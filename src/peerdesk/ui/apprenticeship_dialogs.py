"""The small dialogs of the apprenticeship tab: start or edit an apprenticeship, log hours,
add a progress review, record the outcome.

Each saves through the apprenticeship service (Save, Ctrl+S or Enter; Esc cancels).
Callers open them with ``open()``; ``saved`` carries what the service returned.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.apprenticeship import (
    MAX_ACTIVITY,
    MAX_ENTRY_HOURS,
    MAX_PROGRAMME,
    MAX_PROVIDER,
    MAX_WEEKLY_HOURS,
    MIN_ENTRY_HOURS,
    MIN_WEEKLY_HOURS,
    WEEKLY_HOURS_LABEL,
    ApprenticeshipDetails,
    default_next_review,
    hours_text,
)
from peerdesk.domain.enums import ApprenticeshipOutcome
from peerdesk.services.actor import Actor
from peerdesk.services.apprenticeship_views import ApprenticeshipInfo, HoursEntry, ReviewInfo
from peerdesk.services.bundle import Services
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    current_data,
    date_row,
    field_with_error,
    fill_enum_combo,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_hint,
    make_text_edit,
    select_data,
    to_qdate,
)

COMMON_PROGRAMMES = (
    "Peer Worker (Level 3) apprenticeship standard",
    "Lived Experience Practitioner",
    "Community Support Practitioner (Level 3)",
)
COMMON_ACTIVITIES = (
    "Study day with the training provider",
    "Provider workshop",
    "Online learning module",
    "Shadowing a senior peer worker",
    "Portfolio and reflective log",
    "Session with the workplace mentor",
    "Team training day",
)
DEFAULT_WEEKLY_HOURS = 6.0
DEFAULT_LENGTH_MONTHS = 15


def months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _completer(words: tuple[str, ...], edit: QLineEdit) -> QCompleter:
    completer = QCompleter(list(words), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def hours_spin(name: str, low: float, high: float, value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setDecimals(2)
    spin.setRange(low, high)
    spin.setSingleStep(0.25 if low < 0.5 else 0.5)
    spin.setValue(value)
    spin.setSuffix(" hours")
    spin.setMinimumWidth(spin.sizeHint().width() + 10)
    return spin


def _labelled(widget: QWidget, hint: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(make_hint(hint))
    return box


class ApprenticeshipDialog(FormDialog):
    """Start an apprenticeship (``info`` None) or correct one."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        staff_id: int,
        info: ApprenticeshipInfo | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "Start an apprenticeship" if info is None else "Edit the apprenticeship"
        intro = (
            "The programme and training provider, its dates, and the off-the-job training "
            "hours it requires each week."
        )
        super().__init__(title, intro, parent)
        self.setObjectName("apprenticeship_dialog")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._info = info
        self._end_touched = info is not None

        self.programme = QLineEdit()
        self.programme.setObjectName("programme")
        self.programme.setMaxLength(MAX_PROGRAMME)
        self.programme.setPlaceholderText("For example: the apprenticeship standard")
        self.programme.setCompleter(_completer(COMMON_PROGRAMMES, self.programme))
        self._row("&Programme *", "programme", self.programme)

        self.provider = QLineEdit()
        self.provider.setObjectName("provider")
        self.provider.setMaxLength(MAX_PROVIDER)
        self.provider.setPlaceholderText("The training provider")
        self._row("Pro&vider", "provider", self.provider)

        self.start_date = make_date_edit("start_date")
        self._row("&Start date *", "start_date", self.start_date, date_row(self.start_date))
        self.planned_end_date = make_date_edit("planned_end_date")
        self._row(
            "Planned &end date *",
            "planned_end_date",
            self.planned_end_date,
            date_row(self.planned_end_date),
        )

        self.required_weekly_hours = hours_spin(
            "required_weekly_hours", MIN_WEEKLY_HOURS, MAX_WEEKLY_HOURS, DEFAULT_WEEKLY_HOURS
        )
        self._row(
            "&Weekly off-the-job\nhours *",
            "required_weekly_hours",
            self.required_weekly_hours,
            _labelled(date_row(self.required_weekly_hours), WEEKLY_HOURS_LABEL + "."),
        )

        if info is None:
            self.start_date.setDate(to_qdate(today))
            self.planned_end_date.setDate(to_qdate(months_after(today, DEFAULT_LENGTH_MONTHS)))
        else:
            d = info.details
            self.programme.setText(d.programme)
            self.programme.setCursorPosition(0)
            self.provider.setText(d.provider)
            self.provider.setCursorPosition(0)
            self.start_date.setDate(to_qdate(info.start_date))
            self.planned_end_date.setDate(to_qdate(info.planned_end_date))
            self.required_weekly_hours.setValue(d.required_weekly_hours)

        self.programme.textChanged.connect(lambda _t: self.errors.clear("programme"))
        self.provider.textChanged.connect(lambda _t: self.errors.clear("provider"))
        self.start_date.dateChanged.connect(self._start_changed)
        self.planned_end_date.dateChanged.connect(self._end_changed)
        self.required_weekly_hours.valueChanged.connect(
            lambda _v: self.errors.clear("required_weekly_hours")
        )
        self.resize(560, self.sizeHint().height())
        self.programme.setFocus()

    def _start_changed(self) -> None:
        self.errors.clear("start_date")
        if not self._end_touched:
            end = months_after(from_qdate(self.start_date.date()), DEFAULT_LENGTH_MONTHS)
            blocked = self.planned_end_date.blockSignals(True)
            self.planned_end_date.setDate(to_qdate(end))
            self.planned_end_date.blockSignals(blocked)

    def _end_changed(self) -> None:
        self._end_touched = True
        self.errors.clear("planned_end_date")

    def details(self) -> ApprenticeshipDetails:
        return ApprenticeshipDetails(
            programme=self.programme.text(),
            provider=self.provider.text(),
            start_date=from_qdate(self.start_date.date()),
            planned_end_date=from_qdate(self.planned_end_date.date()),
            required_weekly_hours=self.required_weekly_hours.value(),
        )

    def _save(self) -> ApprenticeshipInfo:
        service = self._services.apprenticeships
        if self._info is None:
            return service.start(self._actor, self._staff_id, self.details())
        return service.update(self._actor, self._info.id, self.details())


class LogHoursDialog(FormDialog):
    """Log off-the-job hours for one day. Enter saves."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        info: ApprenticeshipInfo,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        weekly = hours_text(info.details.required_weekly_hours)
        super().__init__(
            "Log off-the-job hours",
            f"{info.details.programme}: {weekly} a week are required.",
            parent,
        )
        self.setObjectName("log_hours_dialog")
        self._services = services
        self._actor = actor
        self._info = info

        self.day = make_date_edit("day")
        day = today if info.outcome_on is None else min(today, info.outcome_on)
        self.day.setDate(to_qdate(day))
        self._row("&Day *", "day", self.day, date_row(self.day))

        self.hours = hours_spin(
            "hours",
            MIN_ENTRY_HOURS,
            MAX_ENTRY_HOURS,
            min(info.details.required_weekly_hours, MAX_ENTRY_HOURS),
        )
        self._row("&Hours *", "hours", self.hours, date_row(self.hours))

        self.activity = QLineEdit()
        self.activity.setObjectName("activity")
        self.activity.setMaxLength(MAX_ACTIVITY)
        self.activity.setPlaceholderText("For example: study day, online module, shadowing")
        self.activity.setCompleter(_completer(COMMON_ACTIVITIES, self.activity))
        self._row("&Activity", "activity", self.activity)

        self.day.dateChanged.connect(lambda _d: self.errors.clear("day"))
        self.hours.valueChanged.connect(lambda _v: self.errors.clear("hours"))
        self.activity.textChanged.connect(lambda _t: self.errors.clear("activity"))
        self.resize(500, self.sizeHint().height())
        self.day.setFocus()

    def _save(self) -> HoursEntry:
        return self._services.apprenticeships.log_hours(
            self._actor,
            self._info.id,
            from_qdate(self.day.date()),
            self.hours.value(),
            self.activity.text(),
        )


class ReviewDialog(FormDialog):
    """Record a progress review that has happened, and when the next one is due."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        info: ApprenticeshipInfo,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        super().__init__(
            "Add a progress review",
            "A review with the apprentice and the training provider: how it is going, and "
            "when the next review is due.",
            parent,
        )
        self.setObjectName("review_dialog")
        self._services = services
        self._actor = actor
        self._info = info
        self._next_touched = False

        self.review_date = make_date_edit("review_date")
        self.review_date.setDate(to_qdate(today))
        self._row("Review &date *", "review_date", self.review_date, date_row(self.review_date))

        self.notes = make_text_edit("notes", 4, "Progress, anything agreed, support needed")
        self._row("&Notes", "notes", self.notes)

        self.next_review_check = QCheckBox("&Next review on")
        self.next_review_check.setObjectName("next_review_check")
        self.next_review_check.setChecked(True)
        self.next_review = make_date_edit("next_review")
        self.next_review.setAccessibleName("Next review date")
        self.next_review.setDate(to_qdate(default_next_review(today)))
        self.next_review_check.toggled.connect(self.next_review.setEnabled)
        error = make_error_label("next_review")
        self.errors.add("next_review", error, self.next_review)
        hint = "Usually 12 weeks on. Untick when no further review is planned."
        self.form.addRow(
            self.next_review_check,
            field_with_error(_labelled(date_row(self.next_review), hint), error),
        )

        self.review_date.dateChanged.connect(self._review_changed)
        self.next_review.dateChanged.connect(self._next_changed)
        self.next_review_check.toggled.connect(lambda _on: self.errors.clear("next_review"))
        self.notes.textChanged.connect(lambda: self.errors.clear("notes"))
        QWidget.setTabOrder(self.review_date, self.notes)
        QWidget.setTabOrder(self.notes, self.next_review_check)
        QWidget.setTabOrder(self.next_review_check, self.next_review)
        self.resize(540, self.sizeHint().height())
        self.review_date.setFocus()

    def _review_changed(self) -> None:
        self.errors.clear("review_date")
        if not self._next_touched:
            later = default_next_review(from_qdate(self.review_date.date()))
            blocked = self.next_review.blockSignals(True)
            self.next_review.setDate(to_qdate(later))
            self.next_review.blockSignals(blocked)

    def _next_changed(self) -> None:
        self._next_touched = True
        self.errors.clear("next_review")

    def _save(self) -> ReviewInfo:
        next_review = (
            from_qdate(self.next_review.date()) if self.next_review_check.isChecked() else None
        )
        return self._services.apprenticeships.add_review(
            self._actor,
            self._info.id,
            from_qdate(self.review_date.date()),
            self.notes.toPlainText(),
            next_review,
        )


class OutcomeDialog(FormDialog):
    """Record how the apprenticeship ended, or correct the outcome already recorded."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        info: ApprenticeshipInfo,
        parent: QWidget | None = None,
        *,
        today: dt.date,
    ) -> None:
        title = "Record the outcome" if info.is_open else "Change the outcome"
        super().__init__(
            title,
            f"{info.details.programme}, started on {format_date(info.start_date)}. Once an "
            "outcome is recorded no more reviews are due, and another apprenticeship can "
            "be started.",
            parent,
        )
        self.setObjectName("outcome_dialog")
        self._services = services
        self._actor = actor
        self._info = info

        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        fill_enum_combo(self.outcome, ApprenticeshipOutcome)
        self._row("&Outcome *", "outcome", self.outcome, date_row(self.outcome))

        self.outcome_on = make_date_edit("outcome_on")
        self._row("&Date *", "outcome_on", self.outcome_on, date_row(self.outcome_on))

        self.outcome_notes = make_text_edit(
            "outcome_notes", 3, "For example: the post offered, or where they moved on to"
        )
        self._row("&Notes", "outcome_notes", self.outcome_notes)

        if info.outcome is not None and info.outcome_on is not None:
            select_data(self.outcome, info.outcome.value)
            self.outcome_on.setDate(to_qdate(info.outcome_on))
            self.outcome_notes.setPlainText(info.outcome_notes)
        else:
            self.outcome_on.setDate(to_qdate(today))
        self.outcome.currentIndexChanged.connect(lambda _i: self.errors.clear("outcome"))
        self.outcome_on.dateChanged.connect(lambda _d: self.errors.clear("outcome_on"))
        self.outcome_notes.textChanged.connect(lambda: self.errors.clear("outcome_notes"))
        self.resize(540, self.sizeHint().height())
        self.outcome.setFocus()

    def _save(self) -> ApprenticeshipInfo:
        return self._services.apprenticeships.record_outcome(
            self._actor,
            self._info.id,
            ApprenticeshipOutcome(current_data(self.outcome)),
            from_qdate(self.outcome_on.date()),
            self.outcome_notes.toPlainText(),
        )
