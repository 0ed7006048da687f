"""The dashboard reminds an administrator of records past their date, and leads to them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from peerdesk.domain.fair_chance import AssessmentDetails, Decision
from peerdesk.services.actor import Actor, Role
from peerdesk.ui.erasure_reminder import reminder_text
from peerdesk.ui.main_window import PAGE_CHECKLISTS, PAGE_SETTINGS, MainWindow
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person, make_context


def test_reminder_text() -> None:
    assert reminder_text(0, 0) == ""
    assert reminder_text(1, 0) == (
        "1 risk assessment is past its deletion date. Erase what is no longer needed."
    )
    assert reminder_text(2, 3) == (
        "2 risk assessments are past their deletion date and 3 leavers have records past "
        "their retention period. Erase what is no longer needed."
    )
    assert reminder_text(0, 1).startswith("1 leaver has records past their retention period")


def _assessment_past_its_date(services, admin) -> None:
    person = add_person(services, admin, "Rowan Ashdown")
    decided = TODAY - dt.timedelta(days=300)
    services.fair_chance.add(
        admin,
        AssessmentDetails(
            staff_id=person.id,
            role_title="Peer worker",
            disclosed_on=decided,
            relevance="Not relevant to the duties",
            decision=Decision.APPOINTED,
            decided_by="Admin",
            decided_on=decided,
            delete_after=decided + dt.timedelta(days=180),
        ),
    )


def _window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_administrator_is_reminded_and_led_to_the_assessments(
    qtbot, services, admin, data_dir
) -> None:
    _assessment_past_its_date(services, admin)
    window = _window(qtbot, make_context(services, admin, data_dir))
    reminder = window.dashboard_page.erasure_reminder
    assert reminder.isVisible()
    assert reminder.label.text().startswith("1 risk assessment is past its deletion date")
    assert reminder.assessments_button.isVisible()
    assert not reminder.retention_button.isVisible()  # no leaver is past their date
    qtbot.mouseClick(reminder.assessments_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == PAGE_CHECKLISTS
    assert window.checklists_page.tabs.currentWidget().objectName() == "fair_chance_tab"


def test_a_leaver_past_their_retention_period_leads_to_the_queue(
    qtbot, services, admin, data_dir
) -> None:
    add_person(
        services,
        admin,
        "Tamsin Fairweather",
        start=dt.date(2010, 1, 4),
        end=dt.date(2015, 3, 31),
        reason="Moved away",
    )
    window = _window(qtbot, make_context(services, admin, data_dir))
    reminder = window.dashboard_page.erasure_reminder
    assert reminder.isVisible()
    assert "1 leaver has records past their retention period" in reminder.label.text()
    qtbot.mouseClick(reminder.retention_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == PAGE_SETTINGS
    panel = window.settings_page.retention_panel
    assert panel is not None
    qtbot.waitUntil(panel.isVisible)  # a widget added to a shown tab shows a moment later
    assert window.settings_page.tabs.tabText(window.settings_page.tabs.currentIndex()) == (
        "Retention and erasure"
    )


def test_a_manager_is_not_reminded(qtbot, services, admin, data_dir) -> None:
    _assessment_past_its_date(services, admin)
    manager = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=None)
    window = _window(qtbot, make_context(services, manager, data_dir))
    assert not window.dashboard_page.erasure_reminder.isVisible()
