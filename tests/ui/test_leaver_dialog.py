"""The mark-as-leaver dialog, driven like a user, against real services."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QPlainTextEdit, QPushButton, QWidget

from peerdesk.domain.enums import StaffStatus
from peerdesk.services.staff_service import StaffQuery

W = TypeVar("W", bound=QWidget)


def find(dialog: QDialog, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def error_text(dialog: QDialog, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def leavers(services, admin) -> int:
    return services.staff.count(admin, StaffQuery(status=StaffStatus.LEAVERS))


def click_save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(find(dialog, QPushButton, "save_button"), Qt.MouseButton.LeftButton)


def test_shows_the_person_and_leaves_today_by_default(
    leaver_dialog_factory, staff_member_factory
) -> None:
    ben = staff_member_factory("Ben Carter", job_title="Peer apprentice")
    dialog = leaver_dialog_factory(ben.id)
    assert dialog.windowTitle() == "Mark Ben Carter as a leaver"
    assert find(dialog, QLabel, "person_name").text() == "Ben Carter"
    assert "Started 3 Apr 2023" in find(dialog, QLabel, "started").text()
    date = find(dialog, QDateEdit, "end_date")
    assert date.date() == QDate(2026, 6, 15)
    assert date.calendarPopup()
    assert find(dialog, QPlainTextEdit, "leaving_reason").toPlainText() == ""
    assert find(dialog, QPushButton, "save_button").isDefault()
    assert dialog.focusWidget() is date


def test_marks_a_leaver(qtbot, leaver_dialog_factory, staff_member_factory, services, admin):
    ben = staff_member_factory("Ben Carter", wellbeing_notes="Kept")
    dialog = leaver_dialog_factory(ben.id)
    find(dialog, QDateEdit, "end_date").setDate(QDate(2026, 5, 29))
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "leaving_reason"), "Moved to a new job")
    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        click_save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert blocker.args[0].id == ben.id
    assert leavers(services, admin) == 1
    d = services.staff.get(admin, ben.id).details
    assert d.end_date == dt.date(2026, 5, 29)
    assert d.leaving_reason == "Moved to a new job"
    assert d.wellbeing_notes == "Kept"


def test_a_reason_is_required(qtbot, leaver_dialog_factory, staff_member_factory, services, admin):
    ben = staff_member_factory("Ben Carter")
    dialog = leaver_dialog_factory(ben.id)
    find(dialog, QDateEdit, "end_date").setDate(QDate(2026, 5, 29))
    with qtbot.assertNotEmitted(dialog.saved):
        click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert error_text(dialog, "leaving_reason") == "Say briefly why they are leaving."
    reason = find(dialog, QPlainTextEdit, "leaving_reason")
    assert dialog.focusWidget() is reason
    assert leavers(services, admin) == 0
    assert services.staff.get(admin, ben.id).details.end_date is None

    qtbot.keyClicks(reason, "Retired")
    assert error_text(dialog, "leaving_reason") == ""
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        click_save(qtbot, dialog)
    assert leavers(services, admin) == 1


def test_cannot_leave_before_they_started(
    qtbot, leaver_dialog_factory, staff_member_factory, services, admin
):
    ben = staff_member_factory("Ben Carter", start_date=dt.date(2026, 3, 2))
    dialog = leaver_dialog_factory(ben.id)
    date = find(dialog, QDateEdit, "end_date")
    date.setDate(QDate(2026, 3, 1))
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "leaving_reason"), "Did not start")
    with qtbot.assertNotEmitted(dialog.saved):
        click_save(qtbot, dialog)
    assert error_text(dialog, "end_date") == "The leaving date cannot be before the start date."
    assert error_text(dialog, "leaving_reason") == ""
    assert dialog.focusWidget() is date
    assert services.staff.get(admin, ben.id).details.end_date is None
    date.setDate(QDate(2026, 3, 2))
    assert error_text(dialog, "end_date") == ""


def test_starts_from_an_end_date_already_recorded(leaver_dialog_factory, staff_member_factory):
    ben = staff_member_factory(
        "Ben Carter", end_date=dt.date(2026, 9, 30), leaving_reason="End of fixed term"
    )
    dialog = leaver_dialog_factory(ben.id)
    assert find(dialog, QDateEdit, "end_date").date() == QDate(2026, 9, 30)
    assert find(dialog, QPlainTextEdit, "leaving_reason").toPlainText() == "End of fixed term"


def test_escape_and_cancel_save_nothing(
    qtbot, leaver_dialog_factory, staff_member_factory, services, admin
):
    ben = staff_member_factory("Ben Carter")
    dialog = leaver_dialog_factory(ben.id)
    reason = find(dialog, QPlainTextEdit, "leaving_reason")
    qtbot.keyClicks(reason, "Moved away")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.keyClick(reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    dialog = leaver_dialog_factory(ben.id)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "leaving_reason"), "Moved away")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(find(dialog, QPushButton, "cancel_button"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert services.staff.get(admin, ben.id).details.end_date is None


def test_ctrl_s_saves(qtbot, leaver_dialog_factory, staff_member_factory, services, admin):
    ben = staff_member_factory("Ben Carter")
    dialog = leaver_dialog_factory(ben.id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    reason = find(dialog, QPlainTextEdit, "leaving_reason")
    qtbot.keyClicks(reason, "Moved away")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.staff.get(admin, ben.id).details.leaving_reason == "Moved away"


def test_a_person_no_longer_there_is_said_at_the_top(leaver_dialog_factory) -> None:
    dialog = leaver_dialog_factory(9999)
    assert error_text(dialog, "general") == "That person is no longer in the register."
    assert not find(dialog, QPushButton, "save_button").isEnabled()


def test_labels_have_mnemonics(leaver_dialog_factory, staff_member_factory) -> None:
    dialog = leaver_dialog_factory(staff_member_factory("Ben Carter").id)
    buddies = {
        label.buddy().objectName(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    }
    assert "&" in buddies["end_date"]
    assert "&" in buddies["leaving_reason"]
