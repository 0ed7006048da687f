"""One person's apprenticeship: the current one with its off-the-job hours against those
required, its progress reviews and outcome; earlier apprenticeships listed below.

Start, Edit, Log hours, Add review and Record outcome each open a small dialog (kept in
``current_dialog`` while it is open); Remove (or Delete in a list) asks first, with No as
the default answer.
Enter (or a double-click) on an earlier apprenticeship shows it above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.apprenticeship import hours_text, number_text
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.apprenticeship_views import (
    ApprenticeshipInfo,
    HoursEntry,
    ReviewInfo,
)
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.ui.agreement_tab import SUCCESS_COLOUR, WARNING_COLOUR
from peerdesk.ui.apprenticeship_dialogs import (
    ApprenticeshipDialog,
    LogHoursDialog,
    OutcomeDialog,
    ReviewDialog,
)
from peerdesk.ui.form_dialog import FormDialog
from peerdesk.ui.form_helpers import (
    NONE_TEXT,
    FieldErrors,
    format_date,
    make_general_error_label,
    make_hint,
    show_error,
)

IdRole = Qt.ItemDataRole.UserRole
HOURS_HEADERS = ("Day", "Hours", "Activity")
REVIEW_HEADERS = ("Date", "Next review", "Notes")
EARLIER_HEADERS = ("Programme", "Dates", "Outcome", "Hours")
EMPTY_TEXT = (
    "No apprenticeship is recorded for this person. Start one to log their off-the-job "
    "training hours against the hours required each week, and their progress reviews."
)


def dates_text(info: ApprenticeshipInfo) -> str:
    return f"{format_date(info.start_date)} to {format_date(info.planned_end_date)}"


def outcome_text(info: ApprenticeshipInfo) -> str:
    """E.g. "Job offered (3 Mar 2026)", or "In progress"."""
    if info.outcome is None or info.outcome_on is None:
        return "In progress"
    return f"{info.outcome.label} ({format_date(info.outcome_on)})"


def figures_text(info: ApprenticeshipInfo, today: dt.date) -> str:
    """This week's and the last four weeks' hours, and the next review."""
    p = info.progress
    parts = [
        f"This week: {hours_text(p.this_week)}",
        f"last 4 weeks: {hours_text(p.last_four_weeks)}",
    ]
    if info.is_open:
        review = info.next_review
        if review is None:
            parts.append("no next progress review set")
        elif review < today:
            pass  # the warning above says so
        elif review == today:
            parts.append("progress review due today")
        else:
            parts.append(f"next progress review {format_date(review)}")
    return " · ".join(parts)


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def _tree(name: str, accessible: str, headers: tuple[str, ...]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(True)
    return tree


def _plain_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ApprenticeshipTab(QWidget):
    changed = Signal()  # after anything about an apprenticeship is saved or removed

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
        self.setObjectName("apprenticeship_tab")
        self._services = services
        self._actor = actor
        self._staff_id = staff_id
        self._today = today
        self._all: list[ApprenticeshipInfo] = []
        self._shown: ApprenticeshipInfo | None = None
        self._hours: dict[int, HoursEntry] = {}
        self._reviews: dict[int, ReviewInfo] = {}
        self._loaded = False
        self.current_dialog: QDialog | None = None
        self._build()
        self.errors = FieldErrors(self.general_error)
        self._connect()
        self.reload()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(6)
        self.general_error = make_general_error_label()
        outer.addWidget(self.general_error)
        self.message = _plain_label("apprenticeship_message")
        self.message.setStyleSheet(f"color: {SUCCESS_COLOUR};")
        self.message.setVisible(False)
        outer.addWidget(self.message)

        self.empty = _plain_label("apprenticeship_empty")
        self.empty.setText(EMPTY_TEXT)
        outer.addWidget(self.empty)

        self.current_box = QWidget()
        self.current_box.setObjectName("current_apprenticeship")
        outer.addWidget(self.current_box, 1)
        box = QVBoxLayout(self.current_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)

        title_row = QHBoxLayout()
        self.programme = _plain_label("programme_text")
        font = self.programme.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.programme.setFont(font)
        title_row.addWidget(self.programme, 1)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("edit_apprenticeship_button")
        self.edit_button.setToolTip("Correct the programme, provider, dates or weekly hours")
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(title_row)
        self.details = make_hint("")
        self.details.setObjectName("details_text")
        box.addWidget(self.details)
        self.outcome = _plain_label("outcome_text")
        box.addWidget(self.outcome)
        self.warning = _plain_label("apprenticeship_warning")
        self.warning.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: 600;")
        box.addWidget(self.warning)

        progress_row = QHBoxLayout()
        self.progress_text = _plain_label("progress_text")
        progress_row.addWidget(self.progress_text, 1)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setAccessibleName("Off-the-job hours logged against those expected")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setMinimumWidth(260)
        progress_row.addWidget(self.progress_bar)
        box.addLayout(progress_row)
        self.figures = make_hint("")
        self.figures.setObjectName("figures_text")
        box.addWidget(self.figures)
        box.addSpacing(4)

        lists = QHBoxLayout()
        lists.setSpacing(12)
        box.addLayout(lists, 1)

        hours_box = QVBoxLayout()
        self.hours_list = _tree("hours_list", "Off-the-job hours logged", HOURS_HEADERS)
        self.hours_list.setColumnWidth(0, 100)
        self.hours_list.setColumnWidth(1, 60)
        hours_box.addWidget(_heading("O&ff-the-job hours logged", self.hours_list))
        hours_box.addWidget(self.hours_list, 1)
        self.hours_empty = make_hint("No hours are logged yet.")
        self.hours_empty.setObjectName("hours_empty")
        hours_box.addWidget(self.hours_empty)
        hours_buttons = QHBoxLayout()
        self.log_hours_button = QPushButton("Log &hours…")
        self.log_hours_button.setObjectName("log_hours_button")
        self.log_hours_button.setToolTip("Log off-the-job training hours for a day")
        self.remove_hours_button = QPushButton("Re&move")
        self.remove_hours_button.setObjectName("remove_hours_button")
        self.remove_hours_button.setToolTip("Delete hours logged by mistake (Delete)")
        hours_buttons.addWidget(self.log_hours_button)
        hours_buttons.addWidget(self.remove_hours_button)
        hours_buttons.addStretch(1)
        hours_box.addLayout(hours_buttons)
        lists.addLayout(hours_box, 1)

        reviews_box = QVBoxLayout()
        self.reviews_list = _tree("reviews_list", "Progress reviews", REVIEW_HEADERS)
        self.reviews_list.setColumnWidth(0, 100)
        self.reviews_list.setColumnWidth(1, 100)
        reviews_box.addWidget(_heading("Progress re&views", self.reviews_list))
        reviews_box.addWidget(self.reviews_list, 1)
        self.reviews_empty = make_hint("No progress reviews are recorded yet.")
        self.reviews_empty.setObjectName("reviews_empty")
        reviews_box.addWidget(self.reviews_empty)
        review_buttons = QHBoxLayout()
        self.add_review_button = QPushButton("A&dd review…")
        self.add_review_button.setObjectName("add_review_button")
        self.remove_review_button = QPushButton("Remove rev&iew")
        self.remove_review_button.setObjectName("remove_review_button")
        self.remove_review_button.setToolTip("Delete a review recorded by mistake (Delete)")
        review_buttons.addWidget(self.add_review_button)
        review_buttons.addWidget(self.remove_review_button)
        review_buttons.addStretch(1)
        reviews_box.addLayout(review_buttons)
        lists.addLayout(reviews_box, 1)

        buttons = QHBoxLayout()
        self.outcome_button = QPushButton("Record &outcome…")
        self.outcome_button.setObjectName("record_outcome_button")
        self.outcome_button.setToolTip("Job offered, moved on or ended, and when")
        self.start_button = QPushButton("&Start an apprenticeship…")
        self.start_button.setObjectName("start_apprenticeship_button")
        buttons.addWidget(self.outcome_button)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        self.earlier = _tree("earlier_list", "Earlier apprenticeships", EARLIER_HEADERS)
        for column, width in ((0, 280), (1, 200), (2, 180)):
            self.earlier.setColumnWidth(column, width)
        self.earlier_heading = _heading("Ea&rlier apprenticeships", self.earlier)
        self.earlier_heading.setObjectName("earlier_heading")
        self.earlier_hint = make_hint("Press Enter on one to show it above.")
        self.earlier_hint.setObjectName("earlier_hint")
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.earlier_heading)
        heading_row.addWidget(self.earlier_hint, 1)
        outer.addLayout(heading_row)
        outer.addWidget(self.earlier)
        outer.addStretch(0)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self.open_start)
        self.edit_button.clicked.connect(self.open_edit)
        self.log_hours_button.clicked.connect(self.open_log_hours)
        self.remove_hours_button.clicked.connect(self.remove_selected_hours)
        self.add_review_button.clicked.connect(self.open_add_review)
        self.remove_review_button.clicked.connect(self.remove_selected_review)
        self.outcome_button.clicked.connect(self.open_outcome)
        self.hours_list.itemSelectionChanged.connect(self._update_buttons)
        self.reviews_list.itemSelectionChanged.connect(self._update_buttons)
        self.earlier.itemActivated.connect(lambda item, _c: self.show_apprenticeship(item))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on an earlier apprenticeship has shown it; were the key to reach the
        # supervision file, QDialog would press its default button (the agreement's Save).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Delete and self.hours_list.hasFocus():
            event.accept()
            self.remove_selected_hours()
            return
        if event.key() == Qt.Key.Key_Delete and self.reviews_list.hasFocus():
            event.accept()
            self.remove_selected_review()
            return
        super().keyPressEvent(event)

    # -- reading --------------------------------------------------------------------------

    @property
    def shown(self) -> ApprenticeshipInfo | None:
        """The apprenticeship shown above: the one in progress unless another was chosen."""
        return self._shown

    def first_field(self) -> QWidget:
        if self._shown is None:
            return self.start_button
        if self._shown.is_open:
            return self.log_hours_button
        return self.start_button if self.start_button.isEnabled() else self.hours_list

    def reload(self) -> None:
        wanted = self._shown.id if self._shown is not None else None
        self.errors.clear_all()
        try:
            everything = self._services.apprenticeships.for_person(self._actor, self._staff_id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            everything = []
            self._loaded = False
        else:
            self._loaded = True
        self._all = everything
        shown = next((a for a in everything if a.id == wanted), None)
        self._shown = shown or (everything[0] if everything else None)
        self._show_current()
        self._show_earlier()
        self._update_buttons()

    def _show_current(self) -> None:
        info = self._shown
        self.empty.setVisible(info is None)
        self.current_box.setVisible(info is not None)
        if info is None:
            self._fill_hours([])
            self._fill_reviews([])
            return
        d = info.details
        self.programme.setText(d.programme)
        parts = [
            d.provider,
            dates_text(info),
            f"{hours_text(d.required_weekly_hours)} a week off the job",
        ]
        self.details.setText(" · ".join(part for part in parts if part))
        self.details.setToolTip("Required weekly off-the-job hours (as agreed with the provider)")
        notes = f". {info.outcome_notes}" if info.outcome_notes else ""
        self.outcome.setText(f"Outcome: {outcome_text(info)}{notes}")
        self.outcome.setVisible(not info.is_open)
        show_error(self.warning, self._warning_for(info))
        p = info.progress
        self.progress_text.setText(p.status_text)
        colour = WARNING_COLOUR if p.is_behind else SUCCESS_COLOUR
        self.progress_text.setStyleSheet(f"color: {colour}; font-weight: 600;")
        if p.hours_expected > 0:
            expected = max(1, round(p.hours_expected))
            self.progress_bar.setRange(0, expected)
            self.progress_bar.setValue(min(expected, round(p.hours_logged)))
            percent = round(100 * p.hours_logged / p.hours_expected)
            text = f"{number_text(p.hours_logged)} of {hours_text(p.hours_expected)} ({percent}%)"
        else:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            text = f"{hours_text(p.hours_logged)} logged, none expected yet"
        self.progress_bar.setFormat(text)  # no %p, %v or %m in it: shown as it is
        self.progress_bar.setAccessibleDescription(p.status_text)
        self.progress_bar.setToolTip(p.status_text)
        self.figures.setText(figures_text(info, self._today))
        try:
            hours = self._services.apprenticeships.hours(self._actor, info.id)
            reviews = self._services.apprenticeships.reviews(self._actor, info.id)
        except (NotFound, AccessDenied) as exc:
            self.errors.show_general(str(exc))
            hours, reviews = [], []
        self._fill_hours(hours)
        self._fill_reviews(reviews)

    def _warning_for(self, info: ApprenticeshipInfo) -> str | None:
        if not info.is_open:
            return None
        if info.planned_end_date < self._today:
            return (
                f"The planned end date ({format_date(info.planned_end_date)}) has passed: "
                "record the outcome, or change the planned end date if it was extended."
            )
        if info.review_overdue and info.next_review is not None:
            return f"Progress review overdue since {format_date(info.next_review)}"
        return None

    def _fill_hours(self, entries: list[HoursEntry]) -> None:
        previous = self._selected(self.hours_list)
        self.hours_list.clear()
        self._hours = {}
        for entry in entries:
            self._hours[entry.id] = entry
            item = QTreeWidgetItem(
                [format_date(entry.day), number_text(entry.hours), entry.activity]
            )
            item.setData(0, IdRole, entry.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, entry.activity)
            self.hours_list.addTopLevelItem(item)
            if entry.id == previous:
                self.hours_list.setCurrentItem(item)
        self._select_first(self.hours_list)
        self.hours_empty.setVisible(not entries)

    def _fill_reviews(self, reviews: list[ReviewInfo]) -> None:
        previous = self._selected(self.reviews_list)
        self.reviews_list.clear()
        self._reviews = {}
        for review in reviews:
            self._reviews[review.id] = review
            nxt = format_date(review.next_review) if review.next_review else NONE_TEXT
            notes = " ".join(review.notes.split())
            item = QTreeWidgetItem([format_date(review.review_date), nxt, notes])
            item.setData(0, IdRole, review.id)
            for column in range(len(REVIEW_HEADERS)):
                item.setToolTip(column, review.notes)
            self.reviews_list.addTopLevelItem(item)
            if review.id == previous:
                self.reviews_list.setCurrentItem(item)
        self._select_first(self.reviews_list)
        self.reviews_empty.setVisible(not reviews)

    def _show_earlier(self) -> None:
        self.earlier.clear()
        others = [a for a in self._all if self._shown is None or a.id != self._shown.id]
        for info in others:
            p = info.progress
            item = QTreeWidgetItem(
                [
                    info.details.programme,
                    dates_text(info),
                    outcome_text(info),
                    f"{number_text(p.hours_logged)} of {hours_text(p.hours_expected)}",
                ]
            )
            item.setData(0, IdRole, info.id)
            tip = "\n".join(
                part for part in (info.details.provider, info.outcome_notes, p.status_text) if part
            )
            for column in range(len(EARLIER_HEADERS)):
                item.setToolTip(column, tip)
            self.earlier.addTopLevelItem(item)
        self._select_first(self.earlier)
        lines = min(max(len(others), 1), 4)
        self.earlier.setFixedHeight(self.earlier.fontMetrics().lineSpacing() * lines + 36)
        shown_is_first = bool(self._all) and self._shown is self._all[0]
        title = "Ea&rlier apprenticeships" if shown_is_first else "Othe&r apprenticeships"
        self.earlier_heading.setText(title)
        for widget in (self.earlier, self.earlier_heading, self.earlier_hint):
            widget.setVisible(bool(others))

    @staticmethod
    def _select_first(tree: QTreeWidget) -> None:
        first = tree.topLevelItem(0)
        if tree.currentItem() is None and first is not None:
            tree.setCurrentItem(first)

    @staticmethod
    def _selected(tree: QTreeWidget) -> int | None:
        item = tree.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(0, IdRole)
        return value if isinstance(value, int) else None

    def selected_hours(self) -> HoursEntry | None:
        key = self._selected(self.hours_list)
        return self._hours.get(key) if key is not None else None

    def selected_review(self) -> ReviewInfo | None:
        key = self._selected(self.reviews_list)
        return self._reviews.get(key) if key is not None else None

    def _update_buttons(self) -> None:
        info = self._shown
        has_open = any(a.is_open for a in self._all)
        self.start_button.setVisible(not has_open)
        self.start_button.setEnabled(self._loaded)
        for button in (self.edit_button, self.log_hours_button, self.add_review_button):
            button.setEnabled(info is not None)
        self.outcome_button.setVisible(info is not None)
        self.outcome_button.setText(
            "Record &outcome…" if info is None or info.is_open else "Change &outcome…"
        )
        self.remove_hours_button.setEnabled(self.selected_hours() is not None)
        self.remove_review_button.setEnabled(self.selected_review() is not None)

    # -- changing -------------------------------------------------------------------------

    def show_apprenticeship(self, item: QTreeWidgetItem | None) -> None:
        """Show the earlier (or other) apprenticeship of a list row above."""
        if item is None:
            return
        wanted = item.data(0, IdRole)
        info = next((a for a in self._all if a.id == wanted), None)
        if info is None:
            return
        self._shown = info
        self.reload()
        self.first_field().setFocus()

    def open_start(self) -> ApprenticeshipDialog:
        dialog = ApprenticeshipDialog(
            self._services, self._actor, self._staff_id, None, self, today=self._today
        )
        self._open(dialog, "Apprenticeship started.")
        return dialog

    def open_edit(self) -> ApprenticeshipDialog | None:
        info = self._shown
        if info is None:
            return None
        dialog = ApprenticeshipDialog(
            self._services, self._actor, self._staff_id, info, self, today=self._today
        )
        self._open(dialog, "Changes saved.")
        return dialog

    def open_log_hours(self) -> LogHoursDialog | None:
        info = self._shown
        if info is None:
            return None
        dialog = LogHoursDialog(self._services, self._actor, info, self, today=self._today)
        self._open(dialog, "", focus=self.log_hours_button)
        return dialog

    def open_add_review(self) -> ReviewDialog | None:
        info = self._shown
        if info is None:
            return None
        dialog = ReviewDialog(self._services, self._actor, info, self, today=self._today)
        self._open(dialog, "Progress review saved.", focus=self.reviews_list)
        return dialog

    def open_outcome(self) -> OutcomeDialog | None:
        info = self._shown
        if info is None:
            return None
        dialog = OutcomeDialog(self._services, self._actor, info, self, today=self._today)
        self._open(dialog, "Outcome saved.")
        return dialog

    def remove_selected_hours(self) -> bool:
        entry = self.selected_hours()
        if entry is None:
            return False
        activity = f" ({entry.activity})" if entry.activity else ""
        return self._remove(
            "Remove these hours?",
            f"Remove {hours_text(entry.hours)} logged on {format_date(entry.day)}{activity}?"
            "\n\nOnly do this for hours logged by mistake.",
            lambda: self._services.apprenticeships.remove_hours(self._actor, entry.id),
            self.hours_list,
            "Hours removed.",
        )

    def remove_selected_review(self) -> bool:
        review = self.selected_review()
        if review is None:
            return False
        return self._remove(
            "Remove this review?",
            f"Remove the progress review of {format_date(review.review_date)}?\n\nOnly do "
            "this for a review recorded by mistake.",
            lambda: self._services.apprenticeships.remove_review(self._actor, review.id),
            self.reviews_list,
            "Progress review removed.",
        )

    def _remove(
        self,
        title: str,
        question: str,
        action: Callable[[], None],
        focus: QWidget,
        done: str,
    ) -> bool:
        self.errors.clear_all()
        self.message.setVisible(False)
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            action()
        except (NotFound, Conflict, AccessDenied) as exc:
            self.reload()
            self.errors.show_general(str(exc))
            return False
        self.reload()
        self._say(done)
        focus.setFocus()
        return True

    def _open(self, dialog: FormDialog, done: str, focus: QWidget | None = None) -> None:
        self.errors.clear_all()
        self.message.setVisible(False)
        dialog.saved.connect(lambda result: self._saved(result, done, focus))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.current_dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.current_dialog is dialog:
            self.current_dialog = None
        dialog.deleteLater()

    def _saved(self, result: object, done: str, focus: QWidget | None) -> None:
        if isinstance(result, ApprenticeshipInfo):
            self._shown = result
        self.reload()
        if isinstance(result, HoursEntry):
            done = f"{hours_text(result.hours)} logged for {format_date(result.day)}."
            self._select(self.hours_list, result.id)
        if isinstance(result, ReviewInfo):
            self._select(self.reviews_list, result.id)
        self._say(done)
        (focus or self.first_field()).setFocus()

    @staticmethod
    def _select(tree: QTreeWidget, key: int) -> None:
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            if item is not None and item.data(0, IdRole) == key:
                tree.setCurrentItem(item)
                return

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.changed.emit()
