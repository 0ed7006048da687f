"""The dashboard opens on who needs supervision, overdue actions and reviews due, and a
whole one-to-one recorded from it (keyboard, both signatures, an amendment) changes it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import (
    ActionStatus,
    DualRelationshipType,
    SessionMode,
    SessionType,
)
from peerdesk.domain.supervision_record import SessionDetails, SignOffState
from peerdesk.services.schedule_views import AgreementDetails, DualRelationshipDetails
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.amend_dialog import AmendDialog
from peerdesk.ui.context import AppContext
from peerdesk.ui.main_window import PAGE_DASHBOARD, PAGE_SUPERVISION, MainWindow
from peerdesk.ui.session_dialog import SessionDialog
from tests.conftest import TODAY

Ctrl = Qt.KeyboardModifier.ControlModifier


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def held(context: AppContext, supervisee: int, supervisor: int, when: dt.date) -> int:
    record = context.services.supervision.create_session(
        context.actor,
        SessionDetails(
            supervisee_id=supervisee,
            supervisor_id=supervisor,
            session_date=when,
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="Met as planned.",
        ),
    )
    return record.id


@pytest.fixture
def zoe_overdue(app_context: AppContext, register: dict[str, StaffRecord]) -> int:
    """Everyone supervised recently except Zoë (never supervised); Ben has an overdue action.

    Returns the id of Ben's overdue action.
    """
    amara = register["amara"].id
    for person in ("siobhan", "tomas"):
        held(app_context, register[person].id, amara, days_ago(3))
    held(app_context, amara, register["tomas"].id, days_ago(3))
    ben_session = held(app_context, register["ben"].id, amara, days_ago(5))
    action = app_context.services.actions.add(
        app_context.actor, ben_session, "Book the boundaries course", None, days_ago(2)
    )
    return action.id


def open_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


def active_dialog(qtbot: QtBot, window: MainWindow) -> SessionDialog:
    dialogs = [d for d in window.findChildren(SessionDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def texts(widget) -> list[str]:
    """Each row of a dashboard list, its columns joined."""
    rows = []
    for n in range(widget.topLevelItemCount()):
        item = widget.topLevelItem(n)
        rows.append("  ·  ".join(item.text(c) for c in range(widget.columnCount()) if item.text(c)))
    return rows


def test_the_app_opens_on_who_needs_supervision(qtbot, app_context, register, zoe_overdue):
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    assert window.current_page() == PAGE_DASHBOARD
    assert page.figures["overdue"].text() == "1"
    assert page.figures["overdue_actions"].text() == "1"
    assert texts(page.attention_list) == [
        "Zoë Łukasiewicz  ·  Amara Okafor  ·  Overdue: never supervised"
    ]
    assert page.tabs.currentIndex() == 0
    titles = [page.tabs.tabText(n) for n in range(page.tabs.count())]
    assert titles == [
        "&Who needs supervision (1)",
        "Overdue ac&tions (1)",
        "Re&views due (0)",
        "Training e&xpiring (0)",
    ]
    assert texts(page.actions_list) == ["Book the boundaries course  ·  Ben Carter  ·  2 days late"]
    assert texts(page.reviews_list) == [
        "Nothing is due for review: no agreement, dual relationship, wellness plan, "
        "apprenticeship or policy."
    ]
    # the first person is chosen, so Enter records a one-to-one with them at once
    assert page.chosen_staff_id() == register["zoe"].id
    assert page.record_button.isEnabled()


def test_record_sign_and_amend_a_one_to_one_from_the_dashboard_with_the_keyboard(
    qtbot, app_context, register, zoe_overdue
) -> None:
    services, admin = app_context.services, app_context.actor
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    page.attention_list.setFocus()
    qtbot.keyClick(page.attention_list, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, window)
    assert dialog.windowTitle().startswith("One-to-one with Zoë")

    # type the agreed record and an action, then Ctrl+S
    agreed = dialog.findChild(QPlainTextEdit, "agreed_record")
    agreed.setFocus()
    qtbot.keyClicks(agreed, "She will lead the Tuesday group.")
    qtbot.keyClick(agreed, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)  # add an action
    qtbot.keyClicks(dialog.focusWidget(), "Plan the group")
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Ctrl)
    session_id = saved.args[0].id

    # the supervisor signs (Enter in the name), then the supervisee on the same screen
    dialog.findChild(QPushButton, "sign_supervisor_button").setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(dialog.findChild(QLineEdit, "supervisor_signer_name"), Qt.Key.Key_Return)
    dialog.findChild(QPushButton, "sign_supervisee_button").setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    comment = dialog.findChild(QPlainTextEdit, "supervisee_comment")
    assert dialog.focusWidget() is comment
    qtbot.keyClicks(comment, "Good to have this written down.")
    signer = dialog.findChild(QLineEdit, "supervisee_signer_name")
    signer.setFocus()
    with qtbot.waitSignal(dialog.saved, timeout=2000) as signed:
        qtbot.keyClick(signer, Qt.Key.Key_Return)
    assert signed.args[0].sign_off.state is SignOffState.SIGNED

    # a signed record is locked: a change is an amendment with a reason
    dialog.findChild(QPushButton, "amend_button").setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    amend = dialog.findChild(AmendDialog)
    qtbot.waitExposed(amend)
    new_text = amend.findChild(QPlainTextEdit, "new_text")
    new_text.selectAll()
    qtbot.keyClicks(new_text, "She will lead the Thursday group.")
    reason = amend.findChild(QPlainTextEdit, "reason")
    reason.setFocus()
    qtbot.keyClicks(reason, "Wrong day")
    qtbot.keyClick(reason, Qt.Key.Key_Tab)
    amended_by = amend.findChild(QLineEdit, "amended_by")
    assert amend.focusWidget() is amended_by
    assert amended_by.text() == "Amara Okafor"
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(amended_by, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    record = services.supervision.get_session(admin, session_id)
    assert record.agreed_record == "She will lead the Thursday group."
    assert record.supervisee_comment == "Good to have this written down."
    [amendment] = record.amendments
    assert (amendment.original_text, amendment.reason) == (
        "She will lead the Tuesday group.",
        "Wrong day",
    )
    # the dashboard changed: nobody is overdue now
    assert page.figures["overdue"].text() == "0"
    assert texts(page.attention_list) == ["No one is overdue or due this week."]
    assert not page.record_button.isEnabled()
    assert page.figures["up_to_date"].text() == "5"


def test_an_overdue_action_is_reviewed_in_the_next_one_to_one(
    qtbot, app_context, register, zoe_overdue
) -> None:
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Overdue ac&tions
    assert page.tabs.currentIndex() == 1
    page.actions_list.setCurrentItem(page.actions_list.topLevelItem(0))
    page.actions_list.setFocus()
    qtbot.keyClick(page.actions_list, Qt.Key.Key_Return)
    dialog = active_dialog(qtbot, window)
    assert "Ben Carter" in dialog.windowTitle()
    status = dialog.findChild(QComboBox, f"review_status_{zoe_overdue}")
    assert dialog.focusWidget() is status  # the open action is the first thing to review
    status.setCurrentIndex(status.findText("Done"))
    dialog.findChild(QPlainTextEdit, "agreed_record").setPlainText("Course booked.")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert app_context.services.actions.get(app_context.actor, zoe_overdue).status is (
        ActionStatus.DONE
    )
    assert page.figures["overdue_actions"].text() == "0"
    assert texts(page.actions_list) == ["No action is overdue."]


def test_see_all_open_actions_goes_to_the_supervision_page(
    qtbot, app_context, register, zoe_overdue
) -> None:
    window = open_window(qtbot, app_context)
    qtbot.mouseClick(window.dashboard_page.all_actions_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == PAGE_SUPERVISION
    page = window.supervision_page
    assert page.tabs.currentWidget() is page.actions_panel
    assert page.actions_panel.model.rowCount() == 1


def test_reviews_due_show_and_open_the_supervision_file(
    qtbot, app_context, register, zoe_overdue
) -> None:
    services, admin = app_context.services, app_context.actor
    services.agreements.save_agreement(
        admin,
        register["ben"].id,
        AgreementDetails(frequency_days=28, agreed_on=dt.date(2025, 6, 1), review_date=days_ago(4)),
    )
    services.dual_relationships.add(
        admin,
        register["zoe"].id,
        DualRelationshipDetails(
            relationship_type=DualRelationshipType.FRIEND,
            description="A friend from college works in the same team",
            how_managed="Not in each other's line management",
            review_date=TODAY + dt.timedelta(days=3),
        ),
    )
    # a review further off than a week does not show yet
    services.agreements.save_agreement(
        admin,
        register["siobhan"].id,
        AgreementDetails(frequency_days=28, agreed_on=days_ago(10), review_date=days_ago(-30)),
    )
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    assert texts(page.reviews_list) == [
        "Ben Carter  ·  Agreement  ·  overdue by 4 days",
        "Zoë Łukasiewicz  ·  Dual relationship (friend)  ·  due 18 Jun 2026",
    ]
    assert page.figures["agreement_reviews"].text() == "1"
    assert page.figures["relationship_reviews"].text() == "1"

    from peerdesk.ui.supervision_file_dialog import SupervisionFileDialog

    page.tabs.setCurrentIndex(2)
    page.reviews_list.setCurrentItem(page.reviews_list.topLevelItem(1))
    assert page.open_review_button.isEnabled()
    qtbot.mouseClick(page.open_review_button, Qt.MouseButton.LeftButton)
    files = [d for d in page.findChildren(SupervisionFileDialog) if d.isVisible()]
    assert len(files) == 1
    assert "Zoë Łukasiewicz" in files[0].windowTitle()
    assert files[0].tabs.currentWidget().objectName() == "relationships_tab"


def test_a_window_shown_before_the_services_load_fills_in_afterwards(
    qtbot, app_context, register, zoe_overdue, database
) -> None:
    from peerdesk.services.startup_view import read_startup_view

    view = read_startup_view(database.path, TODAY, 200)
    window = MainWindow(app_context, startup=view)
    qtbot.addWidget(window)
    page = window.dashboard_page
    assert texts(page.attention_list) == ["Working out who is due…"]
    assert not page.record_button.isEnabled()
    window.services_ready()
    assert texts(page.attention_list)[0].startswith("Zoë Łukasiewicz")


def test_due_this_week_says_which_day(qtbot, app_context, register, zoe_overdue) -> None:
    from peerdesk.ui.pages.dashboard_lines import due_text

    assert due_text(TODAY, TODAY) == "Due today"
    assert due_text(TODAY + dt.timedelta(days=1), TODAY) == "Due tomorrow"
    assert due_text(TODAY + dt.timedelta(days=2), TODAY) == "Due Wednesday 17 Jun 2026"
    # Zoë's last supervision was 26 days ago on a 28-day standard: due on Wednesday
    held(app_context, register["zoe"].id, register["amara"].id, days_ago(26))
    window = open_window(qtbot, app_context)
    assert texts(window.dashboard_page.attention_list) == [
        "Zoë Łukasiewicz  ·  Amara Okafor  ·  Due Wednesday 17 Jun 2026"
    ]
    assert window.dashboard_page.figures["due_soon"].text() == "1"


def test_every_kind_of_review_due_is_listed_and_a_policy_opens_in_the_register(
    qtbot, app_context, register, zoe_overdue
) -> None:
    from peerdesk.domain.enums import PolicyStatus
    from peerdesk.services.policy_views import PolicyDetails
    from peerdesk.services.wellness_views import WellnessDetails
    from peerdesk.ui.main_window import PAGE_CHECKLISTS

    services, admin = app_context.services, app_context.actor
    policy = services.policies.add(
        admin,
        PolicyDetails(
            title="Lone working",
            status=PolicyStatus.APPROVED,
            version="2.0",
            owner_id=register["amara"].id,
            approved_on=dt.date(2025, 6, 1),
            next_review=TODAY + dt.timedelta(days=20),
        ),
    )
    services.wellness.save(
        admin,
        register["tomas"].id,
        WellnessDetails(
            keeps_me_well="Regular breaks",
            agreed_on=dt.date(2025, 12, 1),
            review_date=days_ago(1),
        ),
    )
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    assert texts(page.reviews_list) == [
        "Tomás Herrera  ·  Wellness action plan  ·  overdue by 1 day",
        "Lone working  ·  Policy (owner: Amara Okafor)  ·  due 5 Jul 2026",
    ]
    assert page.figures["policy_reviews"].text() == "1"
    page.tabs.setCurrentIndex(2)
    page.reviews_list.setCurrentItem(page.reviews_list.topLevelItem(1))
    page.reviews_list.setFocus()
    qtbot.keyClick(page.reviews_list, Qt.Key.Key_Return)
    assert window.current_page() == PAGE_CHECKLISTS
    panel = window.checklists_page.panel(1)
    assert panel.selected().id == policy.id


def test_training_expiring_is_listed_and_opens_the_persons_records(
    qtbot, app_context, register, zoe_overdue
) -> None:
    from peerdesk.domain.enums import CourseKind, TrainingStatus
    from peerdesk.domain.training import CourseDetails, RecordDetails
    from peerdesk.ui.main_window import PAGE_CHECKLISTS

    services, admin = app_context.services, app_context.actor
    course = services.training.add_course(
        admin,
        CourseDetails(name="Safeguarding adults", kind=CourseKind.MANDATORY, validity_months=36),
    )
    services.training.add_record(
        admin,
        register["ben"].id,
        RecordDetails(
            course_id=course.id,
            status=TrainingStatus.COMPLETED,
            completed_on=dt.date(2023, 6, 25),
        ),
    )
    window = open_window(qtbot, app_context)
    page = window.dashboard_page
    assert page.figures["training_expiring"].text() == "1"
    assert texts(page.training_list) == [
        "Ben Carter  ·  Safeguarding adults  ·  expires 25 Jun 2026"
    ]
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # Training e&xpiring
    assert page.tabs.currentIndex() == 3
    page.training_list.setCurrentItem(page.training_list.topLevelItem(0))
    qtbot.mouseClick(page.open_training_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == PAGE_CHECKLISTS
    panel = window.checklists_page.panel(2)
    assert panel.tabs.currentWidget() is panel.records_tab
