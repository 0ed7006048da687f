"""The one-to-one dialog, driven like a user, against real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import SECTION_FIELDS, SessionDetails, SignOffState
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.amend_dialog import AmendDialog
from peerdesk.ui.session_dialog import SessionDialog
from tests.conftest import TODAY

W = TypeVar("W", bound=QWidget)
Click = Qt.MouseButton.LeftButton


def find(dialog: QWidget, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered in {combo.objectName()}"
    combo.setCurrentIndex(index)


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    button = find(dialog, QPushButton, name)
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Click)


@pytest.fixture
def open_dialog(services: Services, admin: Actor, qtbot: QtBot) -> Callable[..., SessionDialog]:
    # services before qtbot: qtbot closes the dialogs (which may keep a draft) first.
    def make(supervisee_id: int, session_id: int | None = None) -> SessionDialog:
        dialog = SessionDialog(services, admin, supervisee_id, session_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        # keys and shortcuts reach only the active window; offscreen it arrives a moment later
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        return dialog

    return make


@pytest.fixture
def ben(register: dict[str, StaffRecord]) -> StaffRecord:
    return register["ben"]


@pytest.fixture
def amara(register: dict[str, StaffRecord]) -> StaffRecord:
    return register["amara"]


def past_session(services: Services, admin: Actor, ben: StaffRecord, amara: StaffRecord) -> int:
    record = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=ben.id,
            supervisor_id=amara.id,
            session_date=dt.date(2026, 5, 18),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="Agreed to book training.",
        ),
    )
    return record.id


def held_session(services: Services, admin: Actor, ben: StaffRecord, amara: StaffRecord) -> int:
    record = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=ben.id,
            supervisor_id=amara.id,
            session_date=TODAY,
            session_type=SessionType.REFLECTIVE,
            mode=SessionMode.VIDEO,
            duration_minutes=45,
            agreed_record="Ben will shadow Amara on Tuesday.",
            confidential_notes="SECRET worry about burnout",
        ),
    )
    return record.id


# -- opening ----------------------------------------------------------------------------------


def test_a_new_record_shows_the_person_and_sensible_defaults(open_dialog, ben, amara) -> None:
    dialog = open_dialog(ben.id)
    assert find(dialog, QLabel, "supervisee_name").text() == "Ben Carter"
    assert find(dialog, QLabel, "supervisee_job_title").text() == "Peer apprentice"
    assert find(dialog, QDateEdit, "session_date").text() == "15 Jun 2026"
    assert find(dialog, QComboBox, "supervisor_id").currentText().startswith("Amara Okafor")
    assert find(dialog, QComboBox, "outcome").currentText() == "Held"
    assert find(dialog, QRadioButton, "wellbeing_score_0").isChecked()
    assert not find(dialog, QPlainTextEdit, "outcome_reason").isVisible()
    assert find(dialog, QLabel, "no_open_actions").isVisible()
    note = find(dialog, QLabel, "confidential_note").text()
    assert "Never shown to the supervisee or in any report" in note
    assert dialog.focusWidget() is find(dialog, QDateEdit, "session_date")
    assert not find(dialog, QPushButton, "amend_button").isVisible()


def test_the_dialog_fits_a_small_laptop_screen(open_dialog, ben) -> None:
    dialog = open_dialog(ben.id)
    assert dialog.width() <= 1366 and dialog.height() <= 700
    assert dialog.minimumSizeHint().height() <= 700


# -- recording a held one-to-one ------------------------------------------------------------


def test_record_a_whole_held_one_to_one_with_the_keyboard(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    dialog = open_dialog(ben.id)
    duration = find(dialog, QSpinBox, "duration_minutes")
    duration.setFocus()
    duration.selectAll()
    qtbot.keyClicks(duration, "50")
    choose(find(dialog, QComboBox, "session_type"), "Reflective")
    choose(find(dialog, QComboBox, "mode"), "Video")

    # The check-in: into the scale, then the arrow keys move along it.
    not_asked = find(dialog, QRadioButton, "wellbeing_score_0")
    not_asked.setFocus()
    for _ in range(4):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Right)
    assert find(dialog, QRadioButton, "wellbeing_score_4").isChecked()
    words = find(dialog, QLineEdit, "wellbeing_words")
    words.setFocus()
    qtbot.keyClicks(words, "Tired but hopeful")

    # Each section, then Tab to the next.
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    for name in SECTION_FIELDS:
        assert dialog.focusWidget() is find(dialog, QPlainTextEdit, name), name
        qtbot.keyClicks(dialog.focusWidget(), f"Talked about {name}")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is find(dialog, QPlainTextEdit, "agreed_record")
    qtbot.keyClicks(dialog.focusWidget(), "Ben will shadow Amara on Tuesday.")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is find(dialog, QPushButton, "add_action_button")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "action_description_0")
    qtbot.keyClicks(dialog.focusWidget(), "Book the boundaries course")
    find(dialog, QDateEdit, "action_due_0").setDate(dt.date(2026, 7, 1))
    find(dialog, QPlainTextEdit, "confidential_notes").setFocus()
    qtbot.keyClicks(dialog.focusWidget(), "Keep an eye on hours")

    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    record = blocker.args[0]
    assert dialog.isVisible()  # signing follows on the same screen

    history = services.supervision.history(admin, ben.id, include_confidential=False)
    assert [h.id for h in history] == [record.id]
    saved = services.supervision.get_session(admin, record.id)
    assert saved.duration_minutes == 50
    assert saved.session_type is SessionType.REFLECTIVE
    assert saved.mode is SessionMode.VIDEO
    assert saved.wellbeing_score == 4
    assert saved.wellbeing_words == "Tired but hopeful"
    assert saved.workload == "Talked about workload"
    assert saved.agreed_record == "Ben will shadow Amara on Tuesday."
    assert saved.confidential_notes == "Keep an eye on hours"
    assert saved.supervisor_id == amara.id
    [action] = services.actions.for_session(admin, record.id)
    assert action.description == "Book the boundaries course"
    assert action.owner_id == ben.id
    assert action.due_date == dt.date(2026, 7, 1)
    # The row is now an agreed action, not a new one to add again.
    assert dialog.findChild(QLineEdit, "action_description_0") is None
    assert "Book the boundaries course" in find(dialog, QLabel, "agreed_actions").text()


def test_an_action_row_can_be_removed_and_a_supervisor_can_own_one(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    dialog = open_dialog(ben.id)
    find(dialog, QPlainTextEdit, "agreed_record").setPlainText("Agreed.")
    click(qtbot, dialog, "add_action_button")
    qtbot.keyClicks(find(dialog, QLineEdit, "action_description_0"), "Forget this")
    click(qtbot, dialog, "add_action_button")
    qtbot.keyClicks(find(dialog, QLineEdit, "action_description_1"), "Check the rota")
    choose(find(dialog, QComboBox, "action_owner_1"), "Supervisor")
    qtbot.mouseClick(find(dialog, QWidget, "action_has_due_1"), Click)
    click(qtbot, dialog, "remove_action_0")
    assert dialog.findChild(QLineEdit, "action_description_0") is None

    record = dialog.save()
    assert record is not None
    [action] = services.actions.for_session(admin, record.id)
    assert (action.description, action.owner_id, action.due_date) == (
        "Check the rota",
        amara.id,
        None,
    )


def test_an_action_due_before_the_session_is_refused_and_nothing_is_saved(
    qtbot, open_dialog, services, admin, ben
) -> None:
    dialog = open_dialog(ben.id)
    click(qtbot, dialog, "add_action_button")
    qtbot.keyClicks(find(dialog, QLineEdit, "action_description_0"), "Too late")
    find(dialog, QDateEdit, "action_due_0").setDate(dt.date(2026, 6, 1))
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "save_button")
    assert "cannot be before the session" in error_text(dialog, "action_0")
    assert services.supervision.history(admin, ben.id, include_confidential=False) == []


# -- last session's open actions ---------------------------------------------------------------


def test_review_last_sessions_open_actions_one_by_one(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    old = past_session(services, admin, ben, amara)
    done = services.actions.add(admin, old, "Book the boundaries training", ben.id, None)
    kept = services.actions.add(admin, old, "Check rota for July", amara.id, None)
    dropped = services.actions.add(admin, old, "Visit the hub", ben.id, None)

    dialog = open_dialog(ben.id)
    assert not find(dialog, QLabel, "no_open_actions").isVisible()
    assert find(dialog, QLabel, f"review_description_{done.id}").text() == (
        "Book the boundaries training"
    )
    first = find(dialog, QComboBox, f"review_status_{done.id}")
    assert dialog.focusWidget() is first  # the review comes first
    choose(first, "Done")
    choose(find(dialog, QComboBox, f"review_status_{dropped.id}"), "Dropped")
    find(dialog, QPlainTextEdit, "agreed_record").setPlainText("Reviewed last month's actions.")

    # Dropped needs a reason: nothing is saved until it has one.
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "save_button")
    assert "Say why the action was dropped" in error_text(dialog, f"review_{dropped.id}")
    assert len(services.supervision.history(admin, ben.id, include_confidential=False)) == 1

    qtbot.keyClicks(find(dialog, QLineEdit, f"review_note_{dropped.id}"), "The hub closed")
    record = dialog.save()
    assert record is not None

    closed = services.actions.get(admin, done.id)
    assert closed.status is ActionStatus.DONE
    assert closed.closed_in_session_id == record.id
    gone = services.actions.get(admin, dropped.id)
    assert (gone.status, gone.closing_note) == (ActionStatus.DROPPED, "The hub closed")
    assert services.actions.get(admin, kept.id).is_open
    # Only the one still open is left to review.
    assert dialog.findChild(QComboBox, f"review_status_{done.id}") is None
    assert dialog.findChild(QComboBox, f"review_status_{kept.id}") is not None


# -- a session that did not happen ----------------------------------------------------------


def test_cancelled_by_supervisee_needs_a_reason(qtbot, open_dialog, services, admin, ben) -> None:
    dialog = open_dialog(ben.id)
    choose(find(dialog, QComboBox, "outcome"), "Cancelled by supervisee")
    assert find(dialog, QPlainTextEdit, "outcome_reason").isVisible()
    assert not find(dialog, QWidget, "wellbeing_group").isVisible()
    assert not find(dialog, QWidget, "sections_group").isVisible()
    assert not find(dialog, QSpinBox, "duration_minutes").isEnabled()

    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "save_button")
    assert "Say why the session was cancelled by supervisee" in error_text(dialog, "outcome_reason")
    assert dialog.focusWidget() is find(dialog, QPlainTextEdit, "outcome_reason")
    assert services.supervision.history(admin, ben.id, include_confidential=False) == []

    qtbot.keyClicks(dialog.focusWidget(), "Ben was unwell")
    assert error_text(dialog, "outcome_reason") == ""
    record = dialog.save()
    assert record is not None
    assert record.outcome is SessionOutcome.CANCELLED_BY_SUPERVISEE
    assert record.outcome_reason == "Ben was unwell"
    assert record.duration_minutes is None
    # Not held: the supervisor's signature alone locks it.
    assert not find(dialog, QPushButton, "sign_supervisee_button").isVisible()


def test_a_date_after_today_is_shown_under_the_date(qtbot, open_dialog, ben) -> None:
    dialog = open_dialog(ben.id)
    find(dialog, QDateEdit, "session_date").setDate(dt.date(2026, 6, 16))
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "save_button")
    assert "cannot be after today" in error_text(dialog, "session_date")


# -- sign-off and amendments ------------------------------------------------------------------


def test_both_sign_on_the_same_screen_and_the_record_locks(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    dialog = open_dialog(ben.id, held_session(services, admin, ben, amara))
    assert not find(dialog, QPushButton, "sign_supervisee_button").isEnabled()

    click(qtbot, dialog, "sign_supervisor_button")
    name = find(dialog, QLineEdit, "supervisor_signer_name")
    assert name.isVisible() and name.text() == "Amara Okafor"
    assert dialog.focusWidget() is name
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert not find(dialog, QWidget, "supervisor_sign_panel").isVisible()
    assert find(dialog, QPlainTextEdit, "agreed_record").isReadOnly()
    assert "Waiting for the supervisee" in find(dialog, QLabel, "sign_off_state").text()

    click(qtbot, dialog, "sign_supervisee_button")
    panel = find(dialog, QWidget, "supervisee_panel")
    assert panel.isVisible()
    assert not find(dialog, QWidget, "confidential_notes").isVisible()
    agreed = find(dialog, QPlainTextEdit, "supervisee_agreed_record")
    assert agreed.isReadOnly()
    assert agreed.toPlainText() == "Ben will shadow Amara on Tuesday."
    assert find(dialog, QLineEdit, "supervisee_signer_name").text() == "Ben Carter"
    comment = find(dialog, QPlainTextEdit, "supervisee_comment")
    assert dialog.focusWidget() is comment
    qtbot.keyClicks(comment, "A helpful session, thank you.")
    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        click(qtbot, dialog, "supervisee_sign_button")
    record = blocker.args[0]

    assert record.sign_off.state is SignOffState.SIGNED
    assert record.supervisee_comment == "A helpful session, thank you."
    assert record.sign_off.supervisee_signed_by == "Ben Carter"
    assert not panel.isVisible()
    for name in (*SECTION_FIELDS, "agreed_record", "confidential_notes"):
        assert find(dialog, QPlainTextEdit, name).isReadOnly(), name
    assert find(dialog, QLineEdit, "wellbeing_words").isReadOnly()
    for name in ("session_type", "mode", "outcome", "supervisor_id"):
        assert not find(dialog, QComboBox, name).isEnabled(), name
    assert not find(dialog, QDateEdit, "session_date").isEnabled()
    assert not find(dialog, QPushButton, "save_button").isVisible()
    assert not find(dialog, QPushButton, "add_action_button").isVisible()
    assert find(dialog, QPushButton, "amend_button").isVisible()
    assert "A helpful session" in find(dialog, QLabel, "supervisee_comment_view").text()


def test_the_supervisor_cannot_sign_without_an_agreed_record(
    qtbot, open_dialog, services, admin, ben
) -> None:
    dialog = open_dialog(ben.id)
    click(qtbot, dialog, "sign_supervisor_button")
    assert "Write the agreed record" in error_text(dialog, "agreed_record")
    assert not find(dialog, QWidget, "supervisor_sign_panel").isVisible()
    [summary] = services.supervision.history(admin, ben.id, include_confidential=False)
    assert summary.sign_off_state is SignOffState.UNSIGNED


def test_a_signer_needs_a_name(qtbot, open_dialog, services, admin, ben, amara) -> None:
    dialog = open_dialog(ben.id, held_session(services, admin, ben, amara))
    click(qtbot, dialog, "sign_supervisor_button")
    find(dialog, QLineEdit, "supervisor_signer_name").clear()
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, dialog, "supervisor_sign_button")
    assert "Enter the name" in error_text(dialog, "supervisor_signer_name")


def test_confidential_notes_never_reach_the_supervisee_panel(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    session_id = held_session(services, admin, ben, amara)
    services.supervision.sign_as_supervisor(admin, session_id, "Amara Okafor")
    dialog = open_dialog(ben.id, session_id)
    assert find(dialog, QPlainTextEdit, "confidential_notes").toPlainText() == (
        "SECRET worry about burnout"
    )
    click(qtbot, dialog, "sign_supervisee_button")
    panel = find(dialog, QWidget, "supervisee_panel")
    shown: list[str] = []
    for label in panel.findChildren(QLabel):
        shown.append(label.text())
    for edit in panel.findChildren(QPlainTextEdit):
        shown.append(edit.toPlainText())
    for line in panel.findChildren(QLineEdit):
        shown.append(line.text())
    assert shown
    assert not any("SECRET" in text for text in shown)
    # The form holding the notes is not on screen while the supervisee reads.
    assert not find(dialog, QWidget, "confidential_group").isVisible()
    click(qtbot, dialog, "supervisee_back_button")
    assert find(dialog, QWidget, "confidential_group").isVisible()


def test_amend_the_agreed_record_with_a_reason(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    session_id = held_session(services, admin, ben, amara)
    services.supervision.sign_as_supervisor(admin, session_id, "Amara Okafor")
    services.supervision.sign_as_supervisee(admin, session_id, "Ben Carter")
    dialog = open_dialog(ben.id, session_id)
    assert not find(dialog, QWidget, "amendments_group").isVisible()

    click(qtbot, dialog, "amend_button")
    amend = dialog.findChild(AmendDialog)
    assert amend is not None
    qtbot.waitExposed(amend)
    assert find(amend, QComboBox, "field").currentText() == "Agreed record"
    new_text = find(amend, QPlainTextEdit, "new_text")
    assert amend.focusWidget() is new_text
    new_text.selectAll()
    qtbot.keyClicks(new_text, "Ben will shadow Amara on Thursday.")

    # No reason: refused, under the reason.
    with qtbot.assertNotEmitted(dialog.saved):
        click(qtbot, amend, "save_button")
    assert "Say why" in error_text(amend, "reason")

    qtbot.keyClicks(find(amend, QPlainTextEdit, "reason"), "The day was wrong")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click(qtbot, amend, "save_button")
    assert not amend.isVisible()

    record = services.supervision.get_session(admin, session_id)
    assert record.agreed_record == "Ben will shadow Amara on Thursday."
    [amendment] = record.amendments
    assert amendment.original_text == "Ben will shadow Amara on Tuesday."
    assert amendment.reason == "The day was wrong"
    assert amendment.amended_by == "Amara Okafor"

    assert find(dialog, QWidget, "amendments_group").isVisible()
    listed = find(dialog, QLabel, "amendment_0").text()
    assert "amended by Amara Okafor" in listed
    assert "Why: The day was wrong" in listed
    assert "Was: Ben will shadow Amara on Tuesday." in listed
    assert "Now: Ben will shadow Amara on Thursday." in listed
    assert find(dialog, QPlainTextEdit, "agreed_record").toPlainText() == (
        "Ben will shadow Amara on Thursday."
    )


# -- drafts -----------------------------------------------------------------------------------


def test_a_draft_is_kept_on_close_and_restored_when_reopened(
    qtbot, open_dialog, services, admin, ben, amara
) -> None:
    old = past_session(services, admin, ben, amara)
    action = services.actions.add(admin, old, "Book the training", ben.id, None)
    dialog = open_dialog(ben.id)
    assert dialog.draft_timer.isActive()
    assert dialog.draft_timer.interval() == SessionDialog.draft_interval_ms
    assert not dialog.save_draft_now()  # nothing typed yet

    choose(find(dialog, QComboBox, f"review_status_{action.id}"), "Done")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "workload"), "Busy month")
    find(dialog, QRadioButton, "wellbeing_score_3").setChecked(True)
    click(qtbot, dialog, "add_action_button")
    qtbot.keyClicks(find(dialog, QLineEdit, "action_description_0"), "Rest more")
    assert dialog.save_draft_now()  # what the timer calls
    assert not dialog.save_draft_now()  # unchanged since
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "agreed_record"), "Agreed to rest")
    click(qtbot, dialog, "cancel_button")  # closing keeps the latest typing
    assert not dialog.isVisible()
    draft = services.supervision.draft_for(admin, ben.id)
    assert draft is not None and draft.payload["agreed_record"] == "Agreed to rest"

    again = open_dialog(ben.id)
    bar = find(again, QWidget, "draft_bar")
    assert bar.isVisible()
    assert find(again, QLabel, "draft_label").text().startswith("A record you were typing on ")
    assert find(again, QPlainTextEdit, "workload").toPlainText() == ""
    click(qtbot, again, "restore_draft_button")
    assert not bar.isVisible()
    assert find(again, QPlainTextEdit, "workload").toPlainText() == "Busy month"
    assert find(again, QPlainTextEdit, "agreed_record").toPlainText() == "Agreed to rest"
    assert find(again, QRadioButton, "wellbeing_score_3").isChecked()
    assert find(again, QComboBox, f"review_status_{action.id}").currentText() == "Done"
    assert find(again, QLineEdit, "action_description_0").text() == "Rest more"

    record = again.save()
    assert record is not None
    assert services.supervision.draft_for(admin, ben.id) is None  # saving discards it
    assert services.actions.get(admin, action.id).status is ActionStatus.DONE


def test_discard_throws_the_draft_away(qtbot, open_dialog, services, admin, ben) -> None:
    services.supervision.save_draft(admin, ben.id, None, {"agreed_record": "Old typing"})
    dialog = open_dialog(ben.id)
    assert find(dialog, QWidget, "draft_bar").isVisible()
    click(qtbot, dialog, "discard_draft_button")
    assert not find(dialog, QWidget, "draft_bar").isVisible()
    assert services.supervision.draft_for(admin, ben.id) is None
    assert find(dialog, QPlainTextEdit, "agreed_record").toPlainText() == ""


def test_a_waiting_draft_is_not_overwritten_before_a_choice(
    qtbot, open_dialog, services, admin, ben
) -> None:
    services.supervision.save_draft(admin, ben.id, None, {"agreed_record": "Old typing"})
    dialog = open_dialog(ben.id)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "agreed_record"), "New")
    assert not dialog.save_draft_now()
    draft = services.supervision.draft_for(admin, ben.id)
    assert draft is not None and draft.payload == {"agreed_record": "Old typing"}


def test_a_signed_record_is_never_drafted(qtbot, open_dialog, services, admin, ben, amara) -> None:
    session_id = held_session(services, admin, ben, amara)
    services.supervision.sign_as_supervisor(admin, session_id, "Amara Okafor")
    dialog = open_dialog(ben.id, session_id)
    assert not dialog.draft_timer.isActive()
    assert not dialog.save_draft_now()
    dialog.reject()
    assert services.supervision.draft_for(admin, ben.id) is None


def test_a_record_of_someone_else_is_refused(open_dialog, services, admin, ben, amara) -> None:
    session_id = held_session(services, admin, ben, amara)
    dialog = open_dialog(amara.id, session_id)
    assert "belongs to someone else" in find(dialog, QLabel, "general_error").text()
    assert not find(dialog, QPushButton, "save_button").isEnabled()


def test_amend_dialog_offers_only_the_written_parts(services, admin, ben, amara, qtbot) -> None:
    session_id = held_session(services, admin, ben, amara)
    services.supervision.sign_as_supervisor(admin, session_id, "Amara Okafor")
    record = services.supervision.get_session(admin, session_id)
    amend = AmendDialog(services, admin, record)
    qtbot.addWidget(amend)
    combo = find(amend, QComboBox, "field")
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered[0] == "Agreed record"
    assert "Confidential notes" not in offered
    assert isinstance(amend, QDialog)
