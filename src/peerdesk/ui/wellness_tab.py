"""One person's wellness action plan (after Mind's Wellness Action Plan), a tab of their
supervision file.

The plan belongs to the person: the tab says so, and the words in it are theirs. The service
lets only the person, their supervisor and administrators read or change it; anyone else
sees a plain refusal instead of the form. Ctrl+S (through the file dialog) and Enter outside
the text boxes save it.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.wellness_views import (
    REVIEW_SOON_DAYS,
    WellnessDetails,
    WellnessPlanInfo,
)
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR, WARNING_COLOUR
from peerdesk.ui.form_helpers import (
    FieldErrors,
    connect_optional,
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

REVIEW_AFTER_DAYS = 182  # the review date offered when none is set: about six months on

# field, label (with its Alt key), placeholder
SECTIONS = (
    (
        "keeps_me_well",
        "What &keeps me well at work",
        "For example: a walk at lunchtime; knowing my diary a week ahead",
    ),
    (
        "early_signs",
        "&Early warning signs others might notice",
        "For example: I go quiet in team meetings; my notes fall behind",
    ),
    (
        "what_helps",
        "What &helps when I'm struggling, and what doesn't",
        "For example: ask me privately. Not in front of the team",
    ),
    (
        "who_to_contact",
        "Who to &contact, and how",
        "For example: my supervisor, by text first",
    ),
)


class WellnessTab(QWidget):
    changed = Signal()  # after the plan is saved

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
        self.setObjectName("wellness_tab")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._plan: WellnessPlanInfo | None = None
        self._denied = False
        self.general_error = make_general_error_label()
        self.errors = FieldErrors(self.general_error)
        self.sections: dict[str, QPlainTextEdit] = {}
        self._build()
        self._connect()
        self.reload()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(8)

        self.denied = QLabel()
        self.denied.setObjectName("wellness_denied")
        self.denied.setTextFormat(Qt.TextFormat.PlainText)
        self.denied.setWordWrap(True)
        self.denied.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # focusable, so that a keyboard (and screen reader) user lands on the reason
        self.denied.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.denied.setVisible(False)
        outer.addWidget(self.denied, 1)
        outer.addWidget(self.general_error)

        self.form = QWidget()
        self.form.setObjectName("wellness_form")
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        outer.addWidget(self.form, 1)

        self.owner_note = QLabel()
        self.owner_note.setObjectName("wellness_owner_note")
        self.owner_note.setTextFormat(Qt.TextFormat.PlainText)
        self.owner_note.setWordWrap(True)
        font = self.owner_note.font()
        font.setItalic(True)
        self.owner_note.setFont(font)
        form.addWidget(self.owner_note)
        self.status = QLabel()
        self.status.setObjectName("wellness_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        form.addWidget(self.status)
        self.review_warning = QLabel()
        self.review_warning.setObjectName("wellness_review_warning")
        self.review_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.review_warning.setWordWrap(True)
        self.review_warning.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: 600;")
        form.addWidget(self.review_warning)
        self.message = QLabel()
        self.message.setObjectName("wellness_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        self.message.setVisible(False)
        form.addWidget(self.message)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        for index, (field, text, placeholder) in enumerate(SECTIONS):
            edit = make_text_edit(field, 4, placeholder)
            # at least four lines, growing with the room the dialog has
            edit.setMinimumHeight(edit.height())
            edit.setMaximumHeight(16777215)
            edit.setAccessibleName(text.replace("&", ""))
            label = QLabel(text)
            label.setObjectName(f"{field}_label")
            label.setBuddy(edit)
            label.setWordWrap(True)
            error = make_error_label(field)
            self.errors.add(field, error, edit)
            cell = QVBoxLayout()
            cell.setSpacing(3)
            cell.addWidget(label)
            cell.addWidget(edit, 1)
            cell.addWidget(error)
            grid.addLayout(cell, index // 2, index % 2)
            self.sections[field] = edit
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        form.addLayout(grid, 1)

        dates = QHBoxLayout()
        dates.setSpacing(8)
        agreed_label = QLabel("A&greed on *")
        self.agreed_on = make_date_edit("wellness_agreed_on")
        agreed_label.setBuddy(self.agreed_on)
        self.review_check = QCheckBox("&Review on")
        self.review_check.setObjectName("wellness_review_check")
        self.review_date = make_date_edit("wellness_review_date")
        self.review_date.setAccessibleName("Review date")
        connect_optional(self.review_check, self.review_date)
        dates.addWidget(agreed_label)
        dates.addWidget(self.agreed_on)
        dates.addSpacing(16)
        dates.addWidget(self.review_check)
        dates.addWidget(self.review_date)
        dates.addStretch(1)
        self.save_button = QPushButton("&Save the plan")
        self.save_button.setObjectName("save_plan_button")
        self.save_button.setToolTip("Save the plan as written (Ctrl+S)")
        dates.addWidget(self.save_button)
        form.addLayout(dates)
        for field, focus in (("agreed_on", self.agreed_on), ("review_date", self.review_date)):
            # named apart from the agreement tab's date errors in the same dialog
            error = make_error_label(f"wellness_{field}")
            self.errors.add(field, error, focus)
            form.addWidget(error)
        self.privacy = make_hint(
            "Only this person, their supervisor and administrators can see this plan."
        )
        self.privacy.setObjectName("wellness_privacy")
        form.addWidget(self.privacy)

        order: list[QWidget] = [
            *self.sections.values(),
            self.agreed_on,
            self.review_check,
            self.review_date,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save_plan)
        for field, edit in self.sections.items():
            edit.textChanged.connect(lambda f=field: self._edited(f))
        self.agreed_on.dateChanged.connect(lambda _d: self._edited("agreed_on"))
        self.review_date.dateChanged.connect(lambda _d: self._edited("review_date"))
        self.review_check.toggled.connect(self._review_toggled)

    def _edited(self, field: str) -> None:
        self.errors.clear(field)
        self.message.setVisible(False)

    def _review_toggled(self, on: bool) -> None:
        self._edited("review_date")
        agreed = from_qdate(self.agreed_on.date())
        if on and from_qdate(self.review_date.date()) < agreed:
            self.review_date.setDate(to_qdate(agreed + dt.timedelta(days=REVIEW_AFTER_DAYS)))

    # -- reading --------------------------------------------------------------------------

    @property
    def plan(self) -> WellnessPlanInfo | None:
        return self._plan

    @property
    def is_denied(self) -> bool:
        return self._denied

    def first_field(self) -> QWidget:
        return self.denied if self._denied else self.sections["keeps_me_well"]

    def default_button(self) -> QPushButton:
        return self.save_button

    def claim_default(self) -> None:
        """Make Save the dialog's default button (Enter), e.g. when this tab is shown."""
        if self._denied:
            return
        self.save_button.setDefault(False)
        self.save_button.setDefault(True)

    def reload(self) -> None:
        self.errors.clear_all()
        self.message.setVisible(False)
        try:
            plan = self._services.wellness.get(self._actor, self._staff_id)
        except AccessDenied as exc:
            self._deny(str(exc))
            return
        except NotFound as exc:
            self.errors.show_general(str(exc))
            self.form.setEnabled(False)
            return
        self._denied = False
        self.denied.setVisible(False)
        self.form.setVisible(True)
        self.form.setEnabled(True)
        self._plan = plan
        self._fill(plan.details if plan is not None else WellnessDetails(agreed_on=self._today))
        self._show_status()

    def _deny(self, reason: str) -> None:
        """Show only the refusal: not even whether a plan exists."""
        self._denied = True
        self._plan = None
        self.denied.setText(reason)
        self.denied.setVisible(True)
        self.form.setVisible(False)
        self.save_button.setDefault(False)

    def _person_name(self) -> str:
        try:
            return self._services.staff.get(self._actor, self._staff_id).details.full_name
        except (NotFound, AccessDenied):
            return "this person"

    def _fill(self, d: WellnessDetails) -> None:
        for field, edit in self.sections.items():
            edit.setPlainText(str(getattr(d, field)))
        agreed = d.agreed_on or self._today
        self.agreed_on.setDate(to_qdate(agreed))
        self.review_date.setDate(to_qdate(agreed + dt.timedelta(days=REVIEW_AFTER_DAYS)))
        set_optional_date(self.review_check, self.review_date, d.review_date)
        self.errors.clear_all()

    def _show_status(self) -> None:
        own = self._actor.staff_id is not None and self._actor.staff_id == self._staff_id
        name = self._person_name()
        if own:
            self.owner_note.setText(
                "Your plan, in your words. Change it whenever you need to, and talk it through "
                "with your supervisor."
            )
            self.privacy.setText("Only you, your supervisor and administrators can see it.")
        else:
            self.owner_note.setText(f"Written by {name}, in their words: change it only with them.")
            self.privacy.setText(
                f"Only {name}, their supervisor and administrators can see this plan."
            )
        plan = self._plan
        if plan is None:
            self.status.setText(
                f"{'You have' if own else name + ' has'} no wellness action plan yet. "
                "Writing one is a choice: "
                + ("fill it in when you want to." if own else "fill it in together, with them.")
            )
            show_error(self.review_warning, None)
            return
        d = plan.details
        text = f"Agreed on {format_date(d.agreed_on)}" if d.agreed_on else "Saved"
        review = d.review_date
        if review is None:
            text += "; no review date is set."
        elif review >= self._today:
            text += f"; review on {format_date(review)}."
        else:
            text += "."
        self.status.setText(text)
        warning = None
        if review is not None and review < self._today:
            warning = f"Review overdue since {format_date(review)}: talk it through together."
        elif review is not None and (review - self._today).days <= REVIEW_SOON_DAYS:
            warning = f"Review due on {format_date(review)}."
        show_error(self.review_warning, warning)

    # -- saving ---------------------------------------------------------------------------

    def details(self) -> WellnessDetails:
        return WellnessDetails(
            keeps_me_well=self.sections["keeps_me_well"].toPlainText(),
            early_signs=self.sections["early_signs"].toPlainText(),
            what_helps=self.sections["what_helps"].toPlainText(),
            who_to_contact=self.sections["who_to_contact"].toPlainText(),
            agreed_on=from_qdate(self.agreed_on.date()),
            review_date=optional_date(self.review_check, self.review_date),
        )

    def save(self) -> None:
        """Ctrl+S: save the plan, when the form is there to save."""
        if not self._denied and self.form.isEnabled() and self.save_button.isEnabled():
            self.save_button.click()

    def save_plan(self) -> None:
        if self._denied:
            return
        had_one = self._plan is not None
        self.errors.clear_all()
        self.message.setVisible(False)
        try:
            self._services.wellness.save(self._actor, self._staff_id, self.details())
        except ValidationError as exc:
            self.errors.show_errors(list(exc.errors))
            return
        except AccessDenied as exc:
            self._deny(str(exc))
            return
        except (NotFound, Conflict) as exc:
            self.errors.show_general(str(exc))
            return
        self.reload()
        self.message.setText("Saved." if had_one else "Saved as their first plan.")
        if self._actor.staff_id == self._staff_id and not had_one:
            self.message.setText("Saved as your first plan.")
        self.message.setVisible(True)
        self.changed.emit()
