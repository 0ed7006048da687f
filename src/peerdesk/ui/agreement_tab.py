"""The supervision agreement of one person: the current one as an editable form, and the
earlier ones as a short read-only list.

"Save as a new agreement" keeps the current one as history; "Save corrections" changes the
current one as recorded. Ctrl+S and Enter use the highlighted (default) button: corrections
while the agreed-on date is the current agreement's, a new agreement once it differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.organisation import DEFAULT_SUPERVISION_INTERVAL_DAYS
from peerdesk.domain.supervision_schedule import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.agreement_service import MAX_AGREEMENT_TEXT
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_views import AgreementDetails, AgreementInfo
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    connect_optional,
    date_row,
    field_with_error,
    format_date,
    from_qdate,
    make_date_edit,
    make_error_label,
    make_general_error_label,
    make_hint,
    make_text_edit,
    optional_date,
    set_optional_date,
    show_error,
    to_qdate,
)

# Amber, as the schedule shows "due soon": readable on white (contrast > 4.5:1).
WARNING_COLOUR = "#8a5a00"
SUCCESS_COLOUR = "#2f6f55"


def every_days(days: int) -> str:
    return f"every {days} day{'s' if days != 1 else ''}"


def a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class AgreementTab(QWidget):
    changed = Signal()  # after an agreement is saved

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
        self.setObjectName("agreement_tab")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._current: AgreementInfo | None = None
        self.general_error = make_general_error_label()
        self.errors = FieldErrors(self.general_error)
        self._build()
        self._connect()
        self.reload()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)
        self.status = QLabel()
        self.status.setObjectName("agreement_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.review_warning = QLabel()
        self.review_warning.setObjectName("review_warning")
        self.review_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.review_warning.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: 600;")
        outer.addWidget(self.review_warning)
        self.message = QLabel()
        self.message.setObjectName("agreement_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        outer.addWidget(self.general_error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(form)

        def row(label: QWidget, field: str, widget: QWidget, shown: QWidget | None = None) -> None:
            if isinstance(label, QLabel):
                label.setBuddy(widget)
            error = make_error_label(field)
            self.errors.add(field, error, widget)
            form.addRow(label, field_with_error(shown if shown is not None else widget, error))

        self.frequency_days = QSpinBox()
        self.frequency_days.setObjectName("frequency_days")
        self.frequency_days.setRange(MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS)
        self.frequency_days.setPrefix("every ")
        self.frequency_days.setSuffix(" days")
        self.frequency_days.setMinimumWidth(self.frequency_days.sizeHint().width() + 10)
        frequency_row = date_row(self.frequency_days)
        row(QLabel("How &often *"), "frequency_days", self.frequency_days, frequency_row)
        self.agreed_on = make_date_edit("agreed_on")
        row(QLabel("A&greed on *"), "agreed_on", self.agreed_on, date_row(self.agreed_on))
        self.review_check = QCheckBox("&Review on")
        self.review_check.setObjectName("review_check")
        self.review_date = make_date_edit("review_date")
        self.review_date.setAccessibleName("Review date")
        connect_optional(self.review_check, self.review_date)
        row(self.review_check, "review_date", self.review_date, date_row(self.review_date))
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setMaxLength(MAX_AGREEMENT_TEXT)
        self.location.setPlaceholderText("For example: the quiet room at the hub, or a video call")
        row(QLabel("Where it &happens"), "location", self.location)
        self.confidentiality = make_text_edit(
            "confidentiality", 3, "What stays between you, and when it cannot (risk of harm)"
        )
        confidential = QLabel("What is &confidential,\nand its limits")
        row(confidential, "confidentiality", self.confidentiality)
        self.raising_concerns = make_text_edit(
            "raising_concerns", 3, "Who either of you can go to, and how"
        )
        row(QLabel("How to raise conc&erns"), "raising_concerns", self.raising_concerns)

        buttons = QHBoxLayout()
        how = make_hint(
            "Reviewed or renewed: change the date agreed and save a new agreement. "
            "A mistake: save corrections."
        )
        how.setObjectName("save_hint")
        buttons.addWidget(how, 1)
        self.save_new_button = QPushButton("Save as a &new agreement")
        self.save_new_button.setObjectName("save_new_button")
        self.save_new_button.setToolTip("Record a new agreement; the current one stays as history")
        self.save_corrections_button = QPushButton("Save correc&tions")
        self.save_corrections_button.setObjectName("save_corrections_button")
        self.save_corrections_button.setToolTip("Correct the current agreement as recorded")
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_corrections_button)
        outer.addLayout(buttons)

        outer.addSpacing(4)
        heading = QLabel("Earlier agreements")
        heading.setObjectName("history_heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        self.history = QTreeWidget()
        self.history.setObjectName("agreement_history")
        self.history.setAccessibleName("Earlier agreements")
        self.history.setHeaderLabels(["Agreed on", "How often", "Review"])
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setFixedHeight(self.history.fontMetrics().lineSpacing() * 5 + 30)
        for column, width in ((0, 140), (1, 140)):
            self.history.setColumnWidth(column, width)
        outer.addWidget(self.history)
        self.history_empty = make_hint("None: earlier agreements will be listed here.")
        self.history_empty.setObjectName("history_empty")
        outer.addWidget(self.history_empty)
        outer.addStretch(1)

    def _connect(self) -> None:
        self.save_new_button.clicked.connect(self.save_new)
        self.save_corrections_button.clicked.connect(self.save_corrections)
        self.agreed_on.dateChanged.connect(lambda _d: self._update_default())
        self.frequency_days.valueChanged.connect(lambda _v: self._edited("frequency_days"))
        self.agreed_on.dateChanged.connect(lambda _d: self._edited("agreed_on"))
        self.review_date.dateChanged.connect(lambda _d: self._edited("review_date"))
        self.review_check.toggled.connect(lambda _on: self._edited("review_date"))
        self.location.textChanged.connect(lambda _t: self._edited("location"))
        self.confidentiality.textChanged.connect(lambda: self._edited("confidentiality"))
        self.raising_concerns.textChanged.connect(lambda: self._edited("raising_concerns"))

    def _edited(self, field: str) -> None:
        self.errors.clear(field)
        self.message.setVisible(False)

    # -- reading --------------------------------------------------------------------------

    @property
    def current(self) -> AgreementInfo | None:
        return self._current

    def first_field(self) -> QWidget:
        return self.frequency_days

    def default_button(self) -> QPushButton:
        """What Ctrl+S and Enter do: correct the current agreement while its agreed-on
        date is unchanged, otherwise record a new one."""
        if (
            self._current is not None
            and from_qdate(self.agreed_on.date()) == self._current.details.agreed_on
        ):
            return self.save_corrections_button
        return self.save_new_button

    def reload(self) -> None:
        self.errors.clear_all()
        try:
            current = self._services.agreements.current_agreement(self._actor, self._staff_id)
            history = self._services.agreements.history(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            self.save_new_button.setEnabled(False)
            self.save_corrections_button.setEnabled(False)
            return
        self._current = current
        if current is not None:
            self._fill(current.details)
        else:
            self._fill(
                AgreementDetails(frequency_days=self._default_frequency(), agreed_on=self._today)
            )
        self._show_status()
        self._show_history([h for h in history if current is None or h.id != current.id])
        self.save_corrections_button.setEnabled(current is not None)
        self._update_default()

    def _default_frequency(self) -> int:
        try:
            record = self._services.staff.get(self._actor, self._staff_id)
            standard = self._services.schedule.standard(self._actor)
        except (NotFound, AccessDenied):
            return DEFAULT_SUPERVISION_INTERVAL_DAYS
        return standard.interval_for(record.details.role_category)

    def _fill(self, d: AgreementDetails) -> None:
        self.frequency_days.setValue(d.frequency_days)
        agreed = d.agreed_on or self._today
        self.agreed_on.setDate(to_qdate(agreed))
        self.review_date.setDate(to_qdate(a_year_after(agreed)))
        set_optional_date(self.review_check, self.review_date, d.review_date)
        self.location.setText(d.location)
        self.location.setCursorPosition(0)
        self.confidentiality.setPlainText(d.confidentiality)
        self.raising_concerns.setPlainText(d.raising_concerns)
        self.errors.clear_all()

    def _show_status(self) -> None:
        current = self._current
        if current is None:
            self.status.setText(
                "No supervision agreement is recorded yet. The form starts from the usual "
                "frequency and today's date: check it, then save it as the first agreement."
            )
            show_error(self.review_warning, None)
            return
        d = current.details
        assert d.agreed_on is not None
        text = f"The current agreement was made on {format_date(d.agreed_on)}"
        review = d.review_date
        if review is None:
            text += "; no review date is set."
        elif review == self._today:
            text += "; it is due for review today."
        elif review > self._today:
            text += f"; review on {format_date(review)}."
        else:
            text += "."
        self.status.setText(text)
        overdue = review is not None and review < self._today
        show_error(
            self.review_warning,
            f"Review overdue since {format_date(review)}" if overdue and review else None,
        )

    def _show_history(self, earlier: list[AgreementInfo]) -> None:
        self.history.clear()
        for info in earlier:
            d = info.details
            item = QTreeWidgetItem(
                [
                    format_date(d.agreed_on) if d.agreed_on else NONE_TEXT,
                    every_days(d.frequency_days),
                    format_date(d.review_date) if d.review_date else NONE_TEXT,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            tip = "\n".join(
                f"{title}: {text}"
                for title, text in (
                    ("Where", d.location),
                    ("Confidentiality", d.confidentiality),
                    ("Raising concerns", d.raising_concerns),
                )
                if text
            )
            for column in range(3):
                item.setToolTip(column, tip)
            self.history.addTopLevelItem(item)
        self.history.setVisible(bool(earlier))
        self.history_empty.setVisible(not earlier)

    def claim_default(self) -> None:
        """Make the default button the dialog's, e.g. once the tab is in a dialog (a button
        already marked default does not tell a dialog it joins)."""
        button = self.default_button()
        button.setDefault(False)
        button.setDefault(True)

    def _update_default(self) -> None:
        default = self.default_button()
        other = (
            self.save_new_button
            if default is self.save_corrections_button
            else self.save_corrections_button
        )
        other.setDefault(False)
        default.setDefault(True)
        default.setToolTip(default.toolTip().split(" (")[0] + " (Ctrl+S)")
        other.setToolTip(other.toolTip().split(" (")[0])

    # -- saving ---------------------------------------------------------------------------

    def details(self) -> AgreementDetails:
        return AgreementDetails(
            frequency_days=self.frequency_days.value(),
            agreed_on=from_qdate(self.agreed_on.date()),
            review_date=optional_date(self.review_check, self.review_date),
            location=self.location.text(),
            confidentiality=self.confidentiality.toPlainText(),
            raising_concerns=self.raising_concerns.toPlainText(),
        )

    def save(self) -> None:
        """Ctrl+S: what the default button does."""
        button = self.default_button()
        if button.isEnabled():
            button.click()

    def save_new(self) -> None:
        had_one = self._current is not None
        saved = self._call(
            lambda: self._services.agreements.save_agreement(
                self._actor, self._staff_id, self.details()
            )
        )
        if saved is None:
            return
        self.reload()
        if self._current is not None and self._current.id != saved.id:
            text = (
                "Saved. It was agreed before the current agreement, so it is listed "
                "under earlier agreements."
            )
        elif had_one:
            text = "Saved as the current agreement; the previous one is kept below."
        else:
            text = "Saved as the first agreement."
        self._say(text)

    def save_corrections(self) -> None:
        current = self._current
        if current is None:
            return
        saved = self._call(
            lambda: self._services.agreements.update_agreement(
                self._actor, current.id, self.details()
            )
        )
        if saved is None:
            return
        self.reload()
        self._say("Corrections saved.")

    def _call(self, action: Callable[[], AgreementInfo]) -> AgreementInfo | None:
        self.errors.clear_all()
        self.message.setVisible(False)
        try:
            result = action()
        except ValidationError as exc:
            self.errors.show_errors(list(exc.errors))
            return None
        except (NotFound, Conflict, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            return None
        return result

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.changed.emit()
