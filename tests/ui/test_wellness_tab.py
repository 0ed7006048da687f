"""The wellness action plan tab, and the notice in a new one-to-one when its review is due.

The tab is hosted the way the supervision file hosts its tabs: in a dialog whose Ctrl+S
calls the tab's ``save`` and whose Enter is the tab's default button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import RoleCategory, SessionMode, SessionType
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.wellness_views import NOT_ALLOWED, WellnessDetails
from peerdesk.ui.form_helpers import add_save_shortcut
from peerdesk.ui.session_dialog import SessionDialog
from peerdesk.ui.wellness_tab import WellnessTab
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

W = TypeVar("W", bound=QWidget)
Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def error_text(parent: QWidget, field: str) -> str:
    label = find(parent, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    # keys and shortcuts reach only the active window; offscreen it arrives a moment later
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


PLAN = WellnessDetails(
    keeps_me_well="A walk at lunchtime.",
    early_signs="I go quiet in team meetings.",
    what_helps="Ask me privately.",
    who_to_contact="Amara, by text first.",
    agreed_on=ago(200),
    review_date=ago(12),
)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, StaffRecord]:
    """Amara supervises Ben; Siobhan supervises Tomas."""
    made: dict[str, StaffRecord] = {}
    made["amara"] = add_person(
        services, admin, "Amara Okafor", role=RoleCategory.MANAGER, job_title="Service manager"
    )
    made["siobhan"] = add_person(services, admin, "Siobhan Kelly", role=RoleCategory.CLINICAL)
    made["ben"] = add_person(services, admin, "Ben Carter", supervisor_id=made["amara"].id)
    made["tomas"] = add_person(services, admin, "Tomas Herrera", supervisor_id=made["siobhan"].id)
    return made


def as_person(record: StaffRecord, role: Role = Role.SUPERVISOR) -> Actor:
    return Actor(
        user_id=record.id + 100,
        display_name=record.details.full_name,
        role=role,
        staff_id=record.id,
    )


class Host(QDialog):
    """Like the supervision file: Ctrl+S saves the tab, Enter presses its default button."""

    def __init__(self, tab: WellnessTab) -> None:
        super().__init__()
        self.tab = tab
        QVBoxLayout(self).addWidget(tab)
        add_save_shortcut(self, tab.save)
        tab.claim_default()
        self.resize(860, 620)


@pytest.fixture
def open_tab(services: Services, admin: Actor, qtbot: QtBot) -> Callable[..., WellnessTab]:
    hosts: list[Host] = []  # qtbot holds widgets weakly: keep the hosts alive for the test

    def make(staff_id: int, actor: Actor | None = None) -> WellnessTab:
        tab = WellnessTab(services, actor or admin, staff_id, today=TODAY)
        host = Host(tab)
        hosts.append(host)
        qtbot.addWidget(host)
        host.open()
        qtbot.waitExposed(host)
        activate(qtbot, host)
        tab.first_field().setFocus()
        return tab

    return make


# -- writing the plan ------------------------------------------------------------------------


def test_a_first_plan_written_from_the_keyboard(
    qtbot, open_tab, people, services: Services, admin: Actor
) -> None:
    ben = people["ben"]
    tab = open_tab(ben.id)
    owner_note = find(tab, QLabel, "wellness_owner_note")
    assert owner_note.text() == "Written by Ben Carter, in their words: change it only with them."
    assert (
        find(tab, QLabel, "wellness_status")
        .text()
        .startswith("Ben Carter has no wellness action plan yet.")
    )
    assert not find(tab, QLabel, "wellness_review_warning").isVisible()
    first = tab.first_field()
    assert first is find(tab, QPlainTextEdit, "keeps_me_well")
    assert tab.focusWidget() is first

    typed = {
        "keeps_me_well": "A walk at lunchtime.",
        "early_signs": "I go quiet in team meetings.",
        "what_helps": "Ask me privately. Not in front of the team.",
        "who_to_contact": "Amara, by text first.",
    }
    for field, text in typed.items():
        edit = find(tab, QPlainTextEdit, field)
        assert tab.focusWidget() is edit  # Tab walks the four parts in order
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
    agreed = find(tab, QDateEdit, "wellness_agreed_on")
    assert tab.focusWidget() is agreed
    assert agreed.date() == QDate(2026, 6, 15)
    qtbot.keyClick(agreed, Qt.Key.Key_Tab)
    check = find(tab, QCheckBox, "wellness_review_check")
    qtbot.keyClick(check, Qt.Key.Key_Space)
    review = find(tab, QDateEdit, "wellness_review_date")
    assert review.isEnabled()
    assert review.date() == QDate(2026, 12, 14)  # about six months on
    review.setDate(QDate(2026, 12, 1))
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(review, Qt.Key.Key_S, Ctrl)

    plan = services.wellness.get(admin, ben.id)
    assert plan is not None
    assert plan.details == WellnessDetails(
        **typed, agreed_on=TODAY, review_date=dt.date(2026, 12, 1)
    )
    assert find(tab, QLabel, "wellness_message").text() == "Saved as their first plan."
    assert (
        find(tab, QLabel, "wellness_status").text()
        == "Agreed on 15 Jun 2026; review on 1 Dec 2026."
    )


def test_an_overdue_review_is_shown_and_enter_saves_changes(
    qtbot, open_tab, people, services: Services, admin: Actor
) -> None:
    ben = people["ben"]
    services.wellness.save(admin, ben.id, PLAN)
    tab = open_tab(ben.id)
    warning = find(tab, QLabel, "wellness_review_warning")
    assert warning.isVisible()
    assert warning.text() == "Review overdue since 3 Jun 2026: talk it through together."
    assert find(tab, QPlainTextEdit, "what_helps").toPlainText() == "Ask me privately."
    assert find(tab, QCheckBox, "wellness_review_check").isChecked()

    # the review, done together: the Alt keys reach each part
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_E, Alt)
    signs = find(tab, QPlainTextEdit, "early_signs")
    assert tab.focusWidget() is signs
    signs.moveCursor(signs.textCursor().MoveOperation.End)
    qtbot.keyClicks(signs, " I stop joking.")
    find(tab, QDateEdit, "wellness_agreed_on").setDate(QDate(2026, 6, 15))
    review = find(tab, QDateEdit, "wellness_review_date")
    review.setDate(QDate(2026, 12, 15))
    assert find(tab, QPushButton, "save_plan_button").isDefault()
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(review, Qt.Key.Key_Return)  # Enter: the default button
    plan = services.wellness.get(admin, ben.id)
    assert plan is not None
    assert plan.details.early_signs == "I go quiet in team meetings. I stop joking."
    assert plan.details.review_date == dt.date(2026, 12, 15)
    assert not warning.isVisible()
    assert find(tab, QLabel, "wellness_message").text() == "Saved."


def test_a_review_before_the_agreed_date_is_refused_and_nothing_saved(
    qtbot, open_tab, people, services: Services, admin: Actor
) -> None:
    ben = people["ben"]
    services.wellness.save(admin, ben.id, PLAN)
    tab = open_tab(ben.id)
    find(tab, QDateEdit, "wellness_review_date").setDate(QDate(2025, 1, 1))
    qtbot.keyClicks(find(tab, QPlainTextEdit, "keeps_me_well"), " Changed.")
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert error_text(tab, "wellness_review_date") == (
        "The review date cannot be before the date it was agreed."
    )
    assert tab.focusWidget() is find(tab, QDateEdit, "wellness_review_date")
    plan = services.wellness.get(admin, ben.id)
    assert plan is not None and plan.details == PLAN


def test_an_empty_plan_is_not_saved(qtbot, open_tab, people, services: Services, admin) -> None:
    tab = open_tab(people["ben"].id)
    qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert error_text(tab, "keeps_me_well") == (
        "Write at least one part of the plan before saving it."
    )
    assert services.wellness.get(admin, people["ben"].id) is None


# -- whose plan it is, and who may see it ----------------------------------------------------


def test_the_person_sees_their_own_plan_as_theirs(
    qtbot, open_tab, people, services: Services, admin: Actor
) -> None:
    ben = people["ben"]
    tab = open_tab(ben.id, as_person(ben))
    assert find(tab, QLabel, "wellness_owner_note").text().startswith("Your plan, in your words.")
    qtbot.keyClicks(tab.first_field(), "Time to myself on the bus home.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        qtbot.keyClick(tab.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert find(tab, QLabel, "wellness_message").text() == "Saved as your first plan."
    plan = services.wellness.get(admin, ben.id)
    assert plan is not None and plan.details.keeps_me_well == "Time to myself on the bus home."


def test_their_supervisor_may_change_it(
    qtbot, open_tab, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    tab = open_tab(people["ben"].id, as_person(people["amara"], Role.MANAGER))
    assert not tab.is_denied
    assert find(tab, QPlainTextEdit, "keeps_me_well").toPlainText() == "A walk at lunchtime."


@pytest.mark.parametrize("who", ["another supervisor", "a manager who is not their supervisor"])
def test_anyone_else_sees_only_a_plain_refusal(
    qtbot, open_tab, people, services: Services, admin: Actor, who: str
) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    services.wellness.save(admin, people["tomas"].id, PLAN)
    if who == "another supervisor":
        tab = open_tab(people["ben"].id, as_person(people["siobhan"]))
    else:
        tab = open_tab(people["tomas"].id, as_person(people["amara"], Role.MANAGER))
    denied = find(tab, QLabel, "wellness_denied")
    assert tab.is_denied
    assert denied.isVisible()
    assert denied.text() == NOT_ALLOWED
    assert denied.text().startswith("You cannot see this person's wellness plan")
    assert not find(tab, QWidget, "wellness_form").isVisible()
    assert find(tab, QPlainTextEdit, "keeps_me_well").toPlainText() == ""  # nothing leaks
    assert tab.first_field() is denied
    qtbot.keyClick(tab.first_field(), Qt.Key.Key_S, Ctrl)  # Ctrl+S does nothing
    assert not tab.message.isVisible()


# -- the notice in a new one-to-one ----------------------------------------------------------


@pytest.fixture
def open_session(services: Services, admin: Actor, qtbot: QtBot) -> Callable[..., SessionDialog]:
    def make(
        supervisee_id: int, session_id: int | None = None, actor: Actor | None = None
    ) -> SessionDialog:
        dialog = SessionDialog(services, actor or admin, supervisee_id, session_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def notice(dialog: SessionDialog) -> QLabel:
    return find(dialog, QLabel, "wellness_review_notice")


def test_a_new_one_to_one_says_when_the_plan_review_is_due(
    open_session, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, replace(PLAN, review_date=dt.date(2026, 6, 3)))
    dialog = open_session(people["ben"].id)
    assert notice(dialog).isVisible()
    assert notice(dialog).text() == (
        "Their wellness action plan is due for review (review date 3 Jun 2026): "
        "talk it through today."
    )
    # it sits above the open actions
    open_actions = find(dialog, QWidget, "open_actions_group")
    assert (
        notice(dialog).mapTo(dialog, notice(dialog).rect().topLeft()).y()
        < open_actions.mapTo(dialog, open_actions.rect().topLeft()).y()
    )


def test_due_within_two_weeks_counts_but_later_does_not(
    open_session, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, replace(PLAN, review_date=ago(-14)))
    services.wellness.save(admin, people["tomas"].id, replace(PLAN, review_date=ago(-15)))
    assert notice(open_session(people["ben"].id)).isVisible()
    assert "29 Jun 2026" in notice(open_session(people["ben"].id)).text()
    assert not notice(open_session(people["tomas"].id)).isVisible()


def test_no_notice_without_a_plan_or_a_review_date(
    open_session, people, services: Services, admin: Actor
) -> None:
    assert not notice(open_session(people["ben"].id)).isVisible()
    services.wellness.save(admin, people["tomas"].id, replace(PLAN, review_date=None))
    assert not notice(open_session(people["tomas"].id)).isVisible()


def test_no_notice_on_a_past_session(
    open_session, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    record = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=people["ben"].id,
            supervisor_id=people["amara"].id,
            session_date=dt.date(2026, 5, 18),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="Agreed to book training.",
        ),
    )
    dialog = open_session(people["ben"].id, record.id)
    assert not notice(dialog).isVisible()


def test_no_notice_for_a_session_written_up_afterwards(
    open_session, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    dialog = open_session(people["ben"].id)
    assert notice(dialog).isVisible()
    dialog.ui.session_date.setDate(QDate(2026, 6, 8))
    assert not notice(dialog).isVisible()
    dialog.ui.session_date.setDate(QDate(2026, 6, 15))
    assert notice(dialog).isVisible()


def test_no_notice_when_the_plan_is_not_theirs_to_see(
    open_session, people, services: Services, admin: Actor
) -> None:
    services.wellness.save(admin, people["ben"].id, PLAN)
    dialog = open_session(people["ben"].id, actor=as_person(people["siobhan"], Role.MANAGER))
    assert not notice(dialog).isVisible()
    assert notice(dialog).text() == ""
    assert not dialog.ui.general_error.isVisible()  # the refusal is swallowed
