"""The apprenticeship tab, driven with the keyboard like a user, on real services.

The tab sits in a small dialog with a default button of its own, as it will in the
supervision file, so that a stray Enter would show up as that button being pressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.apprenticeship import ApprenticeshipDetails
from peerdesk.domain.enums import ApprenticeshipOutcome, RoleCategory
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.ui.apprenticeship_tab import ApprenticeshipTab
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

W = TypeVar("W", bound=QWidget)
Ctrl = Qt.KeyboardModifier.ControlModifier
Alt = Qt.KeyboardModifier.AltModifier
START = dt.date(2026, 3, 2)  # 15 whole weeks before TODAY (Monday 15 June 2026)


def find(widget: QWidget, kind: type[W], name: str) -> W:
    found = widget.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} called {name!r}"
    return found


def shown_text(widget: QWidget, name: str) -> str:
    label = find(widget, QLabel, name)
    return label.text() if label.isVisible() else ""


def activate(qtbot: QtBot, dialog: QWidget) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)


def sub_dialog(qtbot: QtBot, tab: ApprenticeshipTab) -> QDialog:
    qtbot.waitUntil(lambda: tab.current_dialog is not None and tab.current_dialog.isVisible())
    dialog = tab.current_dialog
    assert isinstance(dialog, QDialog)
    activate(qtbot, dialog)
    return dialog


def press(qtbot: QtBot, button: QPushButton) -> None:
    """Tab to a button and press Space, as a keyboard user does."""
    assert button.isVisible() and button.isEnabled(), button.objectName()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def tab_out_of(qtbot: QtBot, date: QDateEdit) -> None:
    """Tab past a date edit: Qt's date fields take Tab from day to month to year first."""
    for _ in range(4):
        if not date.hasFocus():
            return
        qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert not date.hasFocus()


def cells(tree: QTreeWidget) -> list[list[str]]:
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


class Host(QDialog):
    """A dialog holding the tab, with a default button that must never fire by accident."""

    def __init__(self, tab: ApprenticeshipTab) -> None:
        super().__init__()
        self.tab = tab
        self.pressed = 0
        layout = QVBoxLayout(self)
        layout.addWidget(tab)
        self.default_button = QPushButton("Save agreement")
        self.default_button.setDefault(True)
        self.default_button.clicked.connect(self._pressed)
        layout.addWidget(self.default_button)
        self.resize(860, 620)

    def _pressed(self) -> None:
        self.pressed += 1


@pytest.fixture
def ben(services: Services, admin: Actor) -> int:
    record = add_person(
        services, admin, "Ben Carter", role=RoleCategory.PEER_APPRENTICE, start=START
    )
    return record.id


@pytest.fixture
def open_tab(services: Services, admin: Actor, qtbot: QtBot) -> Callable[[int], ApprenticeshipTab]:
    hosts: list[Host] = []  # qtbot holds widgets weakly: keep them alive for the test

    def make(staff_id: int) -> ApprenticeshipTab:
        tab = ApprenticeshipTab(services, admin, staff_id, today=TODAY)
        host = Host(tab)
        hosts.append(host)
        qtbot.addWidget(host)
        host.open()
        qtbot.waitExposed(host)
        activate(qtbot, host)
        tab.first_field().setFocus()
        return tab

    return make


def seed(services: Services, admin: Actor, staff_id: int, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "programme": "Peer Worker (Level 3) apprenticeship standard",
        "provider": "Northgate Training Partnership",
        "start_date": START,
        "planned_end_date": dt.date(2027, 6, 1),
        "required_weekly_hours": 6.0,
    }
    fields.update(changes)
    info = services.apprenticeships.start(admin, staff_id, ApprenticeshipDetails(**fields))
    return info.id


def seed_hours(services: Services, admin: Actor, apprenticeship_id: int, weeks: int) -> None:
    for week in range(weeks):
        day = START + dt.timedelta(weeks=week, days=2)
        services.apprenticeships.log_hours(admin, apprenticeship_id, day, 6, "Study day")


# -- no apprenticeship yet ------------------------------------------------------------------


def test_no_apprenticeship_says_so_and_offers_to_start(open_tab, ben) -> None:
    tab = open_tab(ben)
    assert "No apprenticeship is recorded for this person." in shown_text(
        tab, "apprenticeship_empty"
    )
    start = find(tab, QPushButton, "start_apprenticeship_button")
    assert start.isVisible() and start.isEnabled()
    assert tab.first_field() is start
    assert not find(tab, QWidget, "current_apprenticeship").isVisible()
    assert not find(tab, QPushButton, "record_outcome_button").isVisible()
    assert not find(tab, QTreeWidget, "earlier_list").isVisible()


def test_start_an_apprenticeship_today_with_the_keyboard(
    qtbot, open_tab, ben, services, admin
) -> None:
    tab = open_tab(ben)
    press(qtbot, find(tab, QPushButton, "start_apprenticeship_button"))
    dialog = sub_dialog(qtbot, tab)
    programme = find(dialog, QLineEdit, "programme")
    assert dialog.focusWidget() is programme
    assert find(dialog, QDateEdit, "start_date").date() == QDate(2026, 6, 15)
    assert find(dialog, QDateEdit, "planned_end_date").date() == QDate(2027, 9, 15)
    assert find(dialog, QDoubleSpinBox, "required_weekly_hours").value() == 6.0
    assert "as agreed with the provider" in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )
    qtbot.keyClicks(programme, "Lived Experience Practitioner")
    qtbot.keyClick(programme, Qt.Key.Key_Tab)
    provider = find(dialog, QLineEdit, "provider")
    assert dialog.focusWidget() is provider
    qtbot.keyClicks(provider, "Northgate Training Partnership")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(provider, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    [info] = services.apprenticeships.for_person(admin, ben)
    assert info.details == ApprenticeshipDetails(
        programme="Lived Experience Practitioner",
        provider="Northgate Training Partnership",
        start_date=TODAY,
        planned_end_date=dt.date(2027, 9, 15),
        required_weekly_hours=6.0,
    )
    assert shown_text(tab, "programme_text") == "Lived Experience Practitioner"
    assert "15 Jun 2026 to 15 Sep 2027" in shown_text(tab, "details_text")
    assert shown_text(tab, "progress_text") == (
        "On track: 0 hours logged; none are expected until the first week ends on 21 Jun 2026."
    )
    assert shown_text(tab, "apprenticeship_message") == "Apprenticeship started."
    assert not find(tab, QPushButton, "start_apprenticeship_button").isVisible()
    assert tab.window().pressed == 0  # Enter never reached the host's default button


def test_start_shows_problems_under_the_fields(qtbot, open_tab, ben, services, admin) -> None:
    tab = open_tab(ben)
    press(qtbot, find(tab, QPushButton, "start_apprenticeship_button"))
    dialog = sub_dialog(qtbot, tab)
    end = find(dialog, QDateEdit, "planned_end_date")
    end.setFocus()
    end.setDate(QDate(2026, 6, 1))
    qtbot.keyClick(end, Qt.Key.Key_Return)
    assert dialog.isVisible()
    errors = {
        name: find(dialog, QLabel, f"{name}_error") for name in ("programme", "planned_end_date")
    }
    assert errors["programme"].text() == (
        "Enter the programme, for example the apprenticeship standard."
    )
    assert errors["planned_end_date"].text() == "The planned end date must be after the start date."
    assert all(label.isVisible() for label in errors.values())
    assert dialog.focusWidget() is find(dialog, QLineEdit, "programme")
    assert services.apprenticeships.for_person(admin, ben) == []
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# -- hours ----------------------------------------------------------------------------------


def test_log_hours_with_enter_and_see_progress_change(
    qtbot, open_tab, ben, services, admin
) -> None:
    apprenticeship = seed(services, admin, ben)
    seed_hours(services, admin, apprenticeship, 14)  # 84 of the 90 hours expected
    tab = open_tab(ben)
    assert shown_text(tab, "progress_text") == "Behind by 6 hours: 84 of 90 hours"
    bar = find(tab, QProgressBar, "progress_bar")
    assert bar.text() == "84 of 90 hours (93%)"
    assert bar.accessibleDescription() == "Behind by 6 hours: 84 of 90 hours"
    assert tab.first_field() is find(tab, QPushButton, "log_hours_button")

    qtbot.keyClick(tab.first_field(), Qt.Key.Key_H, Alt)  # Log &hours…
    dialog = sub_dialog(qtbot, tab)
    day = find(dialog, QDateEdit, "day")
    assert dialog.focusWidget() is day
    assert day.date() == QDate(2026, 6, 15)
    qtbot.keyClick(day, Qt.Key.Key_Down)  # yesterday
    tab_out_of(qtbot, day)
    hours = find(dialog, QDoubleSpinBox, "hours")
    assert dialog.focusWidget() is hours
    qtbot.keyClicks(hours, "7.5")
    qtbot.keyClick(hours, Qt.Key.Key_Tab)
    activity = find(dialog, QLineEdit, "activity")
    qtbot.keyClicks(activity, "Provider workshop")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(activity, Qt.Key.Key_Enter)

    assert not dialog.isVisible()
    newest = services.apprenticeships.hours(admin, apprenticeship)[0]
    assert (newest.day, newest.hours, newest.activity) == (
        dt.date(2026, 6, 14),
        7.5,
        "Provider workshop",
    )
    assert shown_text(tab, "progress_text") == "On track: 91.5 of 90 hours"
    assert bar.text() == "91.5 of 90 hours (102%)"
    assert shown_text(tab, "apprenticeship_message") == "7.5 hours logged for 14 Jun 2026."
    assert "last 4 weeks: 25.5 hours" in shown_text(tab, "figures_text")
    tree = find(tab, QTreeWidget, "hours_list")
    assert cells(tree)[0] == ["14 Jun 2026", "7.5", "Provider workshop"]
    assert tree.currentItem() is tree.topLevelItem(0)
    assert tab.window().pressed == 0


def test_hours_for_a_future_day_are_refused_in_the_dialog(
    qtbot, open_tab, ben, services, admin
) -> None:
    apprenticeship = seed(services, admin, ben)
    tab = open_tab(ben)
    press(qtbot, find(tab, QPushButton, "log_hours_button"))
    dialog = sub_dialog(qtbot, tab)
    day = find(dialog, QDateEdit, "day")
    qtbot.keyClick(day, Qt.Key.Key_Up)  # tomorrow
    qtbot.keyClick(day, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert shown_text(dialog, "day_error") == "Hours cannot be logged for a day in the future."
    assert services.apprenticeships.hours(admin, apprenticeship) == []
    qtbot.keyClick(day, Qt.Key.Key_Down)
    assert shown_text(dialog, "day_error") == ""  # cleared once the day changes
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(day, Qt.Key.Key_Return)
    assert [e.hours for e in services.apprenticeships.hours(admin, apprenticeship)] == [6.0]


def test_remove_hours_asks_first_with_no_as_the_default(
    qtbot, open_tab, ben, services, admin, monkeypatch
) -> None:
    apprenticeship = seed(services, admin, ben)
    seed_hours(services, admin, apprenticeship, 2)
    tab = open_tab(ben)
    asked: list[tuple[Any, ...]] = []
    answer = QMessageBox.StandardButton.No

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    tree = find(tab, QTreeWidget, "hours_list")
    assert cells(tree) == [
        ["11 Mar 2026", "6", "Study day"],
        ["4 Mar 2026", "6", "Study day"],
    ]
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the older entry
    remove = find(tab, QPushButton, "remove_hours_button")
    with qtbot.assertNotEmitted(tab.changed):
        press(qtbot, remove)
    assert "Remove 6 hours logged on 4 Mar 2026 (Study day)?" in asked[0][2]
    assert asked[0][4] == QMessageBox.StandardButton.No
    assert len(services.apprenticeships.hours(admin, apprenticeship)) == 2

    answer = QMessageBox.StandardButton.Yes
    tree.setFocus()
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(tree, Qt.Key.Key_Delete)  # the same as Remove
    assert len(asked) == 2
    assert [e.day for e in services.apprenticeships.hours(admin, apprenticeship)] == [
        dt.date(2026, 3, 11)
    ]
    assert cells(tree) == [["11 Mar 2026", "6", "Study day"]]
    assert shown_text(tab, "progress_text") == "Behind by 84 hours: 6 of 90 hours"


# -- reviews and outcome --------------------------------------------------------------------


def test_add_a_review_with_the_keyboard(qtbot, open_tab, ben, services, admin) -> None:
    apprenticeship = seed(services, admin, ben)
    tab = open_tab(ben)
    assert shown_text(tab, "apprenticeship_warning") == "Progress review overdue since 25 May 2026"
    assert "No progress reviews are recorded yet." in shown_text(tab, "reviews_empty")

    press(qtbot, find(tab, QPushButton, "add_review_button"))
    dialog = sub_dialog(qtbot, tab)
    review_date = find(dialog, QDateEdit, "review_date")
    assert dialog.focusWidget() is review_date
    next_review = find(dialog, QDateEdit, "next_review")
    assert next_review.date() == QDate(2026, 9, 7)  # twelve weeks on
    qtbot.keyClick(review_date, Qt.Key.Key_Down)
    assert next_review.date() == QDate(2026, 9, 6)  # follows the review date
    tab_out_of(qtbot, review_date)
    notes = find(dialog, QPlainTextEdit, "notes")
    assert dialog.focusWidget() is notes
    qtbot.keyClicks(notes, "Good progress on the portfolio.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(notes, Qt.Key.Key_S, Ctrl)

    assert not dialog.isVisible()
    [review] = services.apprenticeships.reviews(admin, apprenticeship)
    assert (review.review_date, review.notes, review.next_review) == (
        dt.date(2026, 6, 14),
        "Good progress on the portfolio.",
        dt.date(2026, 9, 6),
    )
    assert cells(find(tab, QTreeWidget, "reviews_list")) == [
        ["14 Jun 2026", "6 Sep 2026", "Good progress on the portfolio."]
    ]
    assert shown_text(tab, "apprenticeship_warning") == ""
    assert "next progress review 6 Sep 2026" in shown_text(tab, "figures_text")
    assert shown_text(tab, "apprenticeship_message") == "Progress review saved."


def test_record_the_outcome_then_start_another(qtbot, open_tab, ben, services, admin) -> None:
    apprenticeship = seed(services, admin, ben)
    seed_hours(services, admin, apprenticeship, 15)
    tab = open_tab(ben)
    outcome_button = find(tab, QPushButton, "record_outcome_button")
    assert outcome_button.text() == "Record &outcome…"
    press(qtbot, outcome_button)
    dialog = sub_dialog(qtbot, tab)
    combo = find(dialog, QComboBox, "outcome")
    assert dialog.focusWidget() is combo
    assert combo.currentText() == "Job offered"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Moved on"
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    tab_out_of(qtbot, find(dialog, QDateEdit, "outcome_on"))
    notes = find(dialog, QPlainTextEdit, "outcome_notes")
    assert dialog.focusWidget() is notes
    qtbot.keyClicks(notes, "Moved on to a job with another organisation.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(notes, Qt.Key.Key_S, Ctrl)

    [info] = services.apprenticeships.for_person(admin, ben)
    assert (info.outcome, info.outcome_on) == (ApprenticeshipOutcome.MOVED_ON, TODAY)
    assert info.outcome_notes == "Moved on to a job with another organisation."
    assert shown_text(tab, "outcome_text") == (
        "Outcome: Moved on (15 Jun 2026). Moved on to a job with another organisation."
    )
    # it ended today: the day of the week under way now counts pro rata
    assert shown_text(tab, "progress_text") == "Behind by 0.86 hours: 90 of 90.86 hours"
    assert shown_text(tab, "apprenticeship_warning") == ""  # no review due once ended
    assert outcome_button.text() == "Change &outcome…"
    start = find(tab, QPushButton, "start_apprenticeship_button")
    assert start.isVisible() and start.isEnabled()
    assert tab.first_field() is start

    press(qtbot, start)
    dialog = sub_dialog(qtbot, tab)
    qtbot.keyClicks(find(dialog, QLineEdit, "programme"), "Peer Worker")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(find(dialog, QLineEdit, "programme"), Qt.Key.Key_Return)
    assert shown_text(tab, "programme_text") == "Peer Worker"
    earlier = find(tab, QTreeWidget, "earlier_list")
    assert earlier.isVisible()
    assert cells(earlier)[0][0] == "Peer Worker (Level 3) apprenticeship standard"
    assert cells(earlier)[0][2] == "Moved on (15 Jun 2026)"


def test_an_earlier_apprenticeship_is_shown_with_enter(
    qtbot, open_tab, ben, services, admin
) -> None:
    first = seed(services, admin, ben, programme="Lived Experience Practitioner")
    services.apprenticeships.log_hours(admin, first, START, 6, "Study day")
    services.apprenticeships.record_outcome(
        admin, first, ApprenticeshipOutcome.JOB_OFFERED, dt.date(2026, 3, 31), "Offered a post."
    )
    seed(services, admin, ben, start_date=dt.date(2026, 4, 6))
    tab = open_tab(ben)
    assert shown_text(tab, "programme_text") == ("Peer Worker (Level 3) apprenticeship standard")
    assert find(tab, QLabel, "earlier_heading").text() == "Ea&rlier apprenticeships"
    earlier = find(tab, QTreeWidget, "earlier_list")
    assert cells(earlier) == [
        [
            "Lived Experience Practitioner",
            "2 Mar 2026 to 1 Jun 2027",
            "Job offered (31 Mar 2026)",
            "6 of 25.71 hours",
        ]
    ]
    earlier.setFocus()
    qtbot.keyClick(earlier, Qt.Key.Key_Return)
    assert shown_text(tab, "programme_text") == "Lived Experience Practitioner"
    assert shown_text(tab, "outcome_text") == "Outcome: Job offered (31 Mar 2026). Offered a post."
    assert cells(find(tab, QTreeWidget, "hours_list")) == [["2 Mar 2026", "6", "Study day"]]
    assert find(tab, QLabel, "earlier_heading").text() == "Othe&r apprenticeships"
    assert cells(earlier)[0][0] == "Peer Worker (Level 3) apprenticeship standard"
    assert tab.window().pressed == 0  # Enter stayed in the tab


def test_edit_corrects_the_apprenticeship(qtbot, open_tab, ben, services, admin) -> None:
    seed(services, admin, ben)
    tab = open_tab(ben)
    qtbot.keyClick(tab.first_field(), Qt.Key.Key_E, Alt)  # &Edit…
    dialog = sub_dialog(qtbot, tab)
    assert find(dialog, QDateEdit, "start_date").date() == QDate(2026, 3, 2)
    weekly = find(dialog, QDoubleSpinBox, "required_weekly_hours")
    weekly.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(weekly, "7.5")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(weekly, Qt.Key.Key_Return)
    [info] = services.apprenticeships.for_person(admin, ben)
    assert info.details.required_weekly_hours == 7.5
    assert "7.5 hours a week off the job" in shown_text(tab, "details_text")
    assert shown_text(tab, "progress_text") == "Behind by 112.5 hours: 0 of 112.5 hours"
    assert shown_text(tab, "apprenticeship_message") == "Changes saved."


def test_someone_no_longer_in_the_register(qtbot, services, admin) -> None:
    tab = ApprenticeshipTab(services, admin, 999, today=TODAY)
    qtbot.addWidget(tab)
    assert not tab.general_error.isHidden()
    assert tab.general_error.text() == "That person is no longer in the register."
    assert not find(tab, QPushButton, "start_apprenticeship_button").isEnabled()


def test_remove_a_review_recorded_by_mistake(
    qtbot, open_tab, ben, services, admin, monkeypatch
) -> None:
    apprenticeship = seed(services, admin, ben)
    services.apprenticeships.add_review(admin, apprenticeship, dt.date(2026, 5, 26), "", None)
    tab = open_tab(ben)
    assert shown_text(tab, "apprenticeship_warning") == ""
    assert "no next progress review set" in shown_text(tab, "figures_text")
    asked: list[str] = []

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    tree = find(tab, QTreeWidget, "reviews_list")
    tree.setFocus()
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert "Remove the progress review of 26 May 2026?" in asked[0]
    assert services.apprenticeships.reviews(admin, apprenticeship) == []
    assert shown_text(tab, "reviews_empty") == "No progress reviews are recorded yet."
    assert shown_text(tab, "apprenticeship_warning") == "Progress review overdue since 25 May 2026"
    assert not find(tab, QPushButton, "remove_review_button").isEnabled()
