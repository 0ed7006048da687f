"""The add / edit person dialog, driven like a user, against real services."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory, StaffStatus
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_service import StaffQuery
from peerdesk.ui.staff_dialog import HOURS_NOT_A_NUMBER, HoursNotANumber, parse_hours

# -- helpers ----------------------------------------------------------------------------------


W = TypeVar("W", bound=QWidget)


def find(dialog: QDialog, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered in {combo.objectName()}"
    combo.setCurrentIndex(index)


def offered(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def error_text(dialog: QDialog, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, one key event per character (keyClicks aborts on non-ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def people_count(services, admin) -> int:
    return services.staff.count(admin, StaffQuery(status=StaffStatus.ALL))


def save(qtbot, dialog) -> object:
    with qtbot.waitSignal(dialog.saved, timeout=2000) as blocker:
        qtbot.mouseClick(find(dialog, QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    return blocker.args[0]


def save_refused(qtbot, dialog) -> None:
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(find(dialog, QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()


# -- adding -----------------------------------------------------------------------------------


def test_a_new_person_starts_today_with_nothing_chosen(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    assert dialog.windowTitle() == "Add a person"
    assert find(dialog, QDateEdit, "start_date").date() == QDate(2026, 6, 15)
    assert not find(dialog, QCheckBox, "has_end_date").isChecked()
    assert not find(dialog, QDateEdit, "end_date").isEnabled()
    assert not find(dialog, QPlainTextEdit, "leaving_reason").isVisible()
    assert find(dialog, QComboBox, "team_id").currentText() == "— none —"
    assert find(dialog, QComboBox, "supervisor_id").currentText() == "— none —"
    assert find(dialog, QComboBox, "line_manager_id").currentText() == "— none —"
    assert find(dialog, QComboBox, "lived_experience").currentText() == "Prefer not to say"
    assert find(dialog, QPushButton, "save_button").isDefault()
    assert dialog.focusWidget() is find(dialog, QLineEdit, "full_name")
    date_edit = find(dialog, QDateEdit, "start_date")
    assert date_edit.calendarPopup()
    assert date_edit.text() == "15 Jun 2026"


def test_add_a_person_by_typing_and_choosing(
    qtbot, staff_dialog_factory, services, admin, staff_member_factory
) -> None:
    team = services.teams.create(admin, "Outreach")
    boss = staff_member_factory("Amara Okafor", role_category=RoleCategory.MANAGER)
    dialog = staff_dialog_factory()

    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Priya Shah")
    qtbot.keyClicks(find(dialog, QLineEdit, "preferred_name"), "Pri")
    pronouns = find(dialog, QComboBox, "pronouns")
    choose(pronouns, "they/them")
    qtbot.keyClicks(find(dialog, QLineEdit, "job_title"), "Peer support worker")
    choose(find(dialog, QComboBox, "role_category"), "Peer apprentice")
    choose(find(dialog, QComboBox, "team_id"), "Outreach")
    choose(find(dialog, QComboBox, "employment_type"), "Fixed term")
    qtbot.keyClicks(find(dialog, QLineEdit, "hours_per_week"), "22.5")
    find(dialog, QDateEdit, "start_date").setDate(QDate(2026, 7, 1))
    qtbot.mouseClick(find(dialog, QCheckBox, "has_end_date"), Qt.MouseButton.LeftButton)
    find(dialog, QDateEdit, "end_date").setDate(QDate(2027, 6, 30))
    choose(find(dialog, QComboBox, "supervisor_id"), "Amara Okafor")
    choose(find(dialog, QComboBox, "line_manager_id"), "Amara Okafor")
    choose(find(dialog, QComboBox, "lived_experience"), "Yes")
    qtbot.mouseClick(find(dialog, QCheckBox, "counted_in_aggregates"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(dialog, QCheckBox, "former_service_user"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "reasonable_adjustments"), "Later starts")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "wellbeing_notes"), "WRAP agreed")

    saved = save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    record = services.staff.get(admin, saved.id)
    d = record.details
    assert d.full_name == "Priya Shah"
    assert d.preferred_name == "Pri"
    assert d.pronouns == "they/them"
    assert d.job_title == "Peer support worker"
    assert d.role_category is RoleCategory.PEER_APPRENTICE
    assert d.team_id == team.id
    assert d.employment_type is EmploymentType.FIXED_TERM
    assert d.hours_per_week == 22.5
    assert d.start_date == dt.date(2026, 7, 1)
    assert d.end_date == dt.date(2027, 6, 30)
    assert d.supervisor_id == boss.id
    assert d.line_manager_id == boss.id
    assert d.lived_experience is LivedExperience.YES
    assert d.counted_in_aggregates
    assert d.former_service_user
    assert d.reasonable_adjustments == "Later starts"
    assert d.wellbeing_notes == "WRAP agreed"


def test_own_pronouns_can_be_typed(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Sam Reed")
    qtbot.keyClicks(find(dialog, QComboBox, "pronouns").lineEdit(), "xe/xem")
    saved = save(qtbot, dialog)
    assert services.staff.get(admin, saved.id).details.pronouns == "xe/xem"


def test_non_ascii_names_round_trip(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    find(dialog, QLineEdit, "full_name").setText("Zoë Łukasiewicz")
    type_text(find(dialog, QLineEdit, "preferred_name"), "Zoë")
    type_text(find(dialog, QPlainTextEdit, "wellbeing_notes"), "Café on Fridays ☕")
    saved = save(qtbot, dialog)
    d = services.staff.get(admin, saved.id).details
    assert (d.full_name, d.preferred_name) == ("Zoë Łukasiewicz", "Zoë")
    assert d.wellbeing_notes == "Café on Fridays ☕"

    again = staff_dialog_factory(saved.id)
    assert again.windowTitle() == "Edit Zoë Łukasiewicz"
    assert find(again, QLineEdit, "full_name").text() == "Zoë Łukasiewicz"
    assert find(again, QLineEdit, "preferred_name").text() == "Zoë"


# -- problems ---------------------------------------------------------------------------------


def test_empty_name_is_shown_under_the_name_and_nothing_is_saved(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "job_title"), "Peer worker")
    save_refused(qtbot, dialog)

    assert error_text(dialog, "full_name") == "Enter the person's name."
    name = find(dialog, QLineEdit, "full_name")
    label = find(dialog, QLabel, "full_name_error")
    # directly under its field
    assert label.parentWidget() is name.parentWidget()
    assert label.geometry().top() >= name.geometry().bottom()
    assert dialog.focusWidget() is name
    assert people_count(services, admin) == 0
    # what was typed is kept; the message goes as soon as the name is edited
    assert find(dialog, QLineEdit, "job_title").text() == "Peer worker"
    qtbot.keyClicks(name, "A")
    assert error_text(dialog, "full_name") == ""


def test_end_date_before_start_date(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    find(dialog, QDateEdit, "start_date").setDate(QDate(2026, 5, 1))
    qtbot.mouseClick(find(dialog, QCheckBox, "has_end_date"), Qt.MouseButton.LeftButton)
    find(dialog, QDateEdit, "end_date").setDate(QDate(2026, 4, 30))
    save_refused(qtbot, dialog)
    assert error_text(dialog, "end_date") == "The end date cannot be before the start date."
    assert dialog.focusWidget() is find(dialog, QDateEdit, "end_date")
    assert people_count(services, admin) == 0

    find(dialog, QDateEdit, "end_date").setDate(QDate(2026, 5, 31))
    assert error_text(dialog, "end_date") == ""
    save(qtbot, dialog)
    assert people_count(services, admin) == 1


def test_an_apprenticeship_needs_an_end_date(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    choose(find(dialog, QComboBox, "employment_type"), "Apprenticeship")
    save_refused(qtbot, dialog)
    assert error_text(dialog, "end_date") == ("An apprenticeship needs the date it is due to end.")
    # the end date box is switched off, so the focus goes to its check box
    assert dialog.focusWidget() is find(dialog, QCheckBox, "has_end_date")
    assert people_count(services, admin) == 0


def test_hours_that_are_not_a_number_are_refused_without_asking_the_service(
    qtbot, staff_dialog_factory, services, admin, monkeypatch
) -> None:
    dialog = staff_dialog_factory()
    calls: list[object] = []
    monkeypatch.setattr(services.staff, "create", lambda *a: calls.append(a))
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    hours = find(dialog, QLineEdit, "hours_per_week")
    qtbot.keyClicks(hours, "abc")
    save_refused(qtbot, dialog)
    assert error_text(dialog, "hours_per_week") == HOURS_NOT_A_NUMBER
    assert dialog.focusWidget() is hours
    assert calls == []
    assert hours.text() == "abc"


def test_bad_hours_and_other_problems_are_shown_together(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "hours_per_week"), "lots")
    save_refused(qtbot, dialog)
    assert error_text(dialog, "full_name") == "Enter the person's name."
    assert error_text(dialog, "hours_per_week") == HOURS_NOT_A_NUMBER
    assert dialog.focusWidget() is find(dialog, QLineEdit, "full_name")


def test_hours_out_of_range_come_back_from_the_service(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    qtbot.keyClicks(find(dialog, QLineEdit, "hours_per_week"), "120")
    save_refused(qtbot, dialog)
    assert error_text(dialog, "hours_per_week") == "Hours a week must be between 0 and 80."
    assert people_count(services, admin) == 0


@pytest.mark.parametrize(
    ("text", "hours"), [("", None), ("  ", None), ("37.5", 37.5), ("37,5", 37.5), ("0", 0.0)]
)
def test_parse_hours(text: str, hours: float | None) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1.2.3", "37.5h"])
def test_parse_hours_refuses(text: str) -> None:
    with pytest.raises(HoursNotANumber):
        parse_hours(text)


def test_a_problem_for_no_field_goes_to_the_top(
    qtbot, staff_dialog_factory, services, monkeypatch
) -> None:
    def refuse(*args: object) -> None:
        raise ValidationError([FieldError("mystery", "Something else is wrong.")])

    monkeypatch.setattr(services.staff, "create", refuse)
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    save_refused(qtbot, dialog)
    assert error_text(dialog, "general") == "Something else is wrong."


def test_someone_removed_meanwhile_is_said_at_the_top(
    qtbot, staff_dialog_factory, staff_member_factory, services, monkeypatch
) -> None:
    person = staff_member_factory("Ben Carter")

    def gone(*args: object) -> None:
        raise NotFound("That person is no longer in the register.")

    dialog = staff_dialog_factory(person.id)
    monkeypatch.setattr(services.staff, "update", gone)
    save_refused(qtbot, dialog)
    assert error_text(dialog, "general") == "That person is no longer in the register."


def test_editing_someone_who_does_not_exist_says_so(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory(9999)
    assert error_text(dialog, "general") == "That person is no longer in the register."
    assert not find(dialog, QPushButton, "save_button").isEnabled()


# -- editing ----------------------------------------------------------------------------------


def test_edit_changes_job_title_and_supervisor(
    qtbot, staff_dialog_factory, staff_member_factory, services, admin
) -> None:
    amara = staff_member_factory("Amara Okafor", job_title="Service manager")
    tomas = staff_member_factory("Tomás Herrera", job_title="Senior peer worker")
    ben = staff_member_factory(
        "Ben Carter",
        job_title="Peer worker",
        supervisor_id=amara.id,
        hours_per_week=30.0,
        wellbeing_notes="Check in weekly",
    )
    dialog = staff_dialog_factory(ben.id)
    assert dialog.windowTitle() == "Edit Ben Carter"
    job = find(dialog, QLineEdit, "job_title")
    assert job.text() == "Peer worker"
    assert find(dialog, QLineEdit, "hours_per_week").text() == "30"
    supervisor = find(dialog, QComboBox, "supervisor_id")
    assert supervisor.currentData() == amara.id

    job.clear()
    qtbot.keyClicks(job, "Senior peer worker")
    choose(supervisor, "Tomás Herrera (Senior peer worker)")
    saved = save(qtbot, dialog)

    d = services.staff.get(admin, ben.id).details
    assert saved.id == ben.id
    assert d.job_title == "Senior peer worker"
    assert d.supervisor_id == tomas.id
    assert d.hours_per_week == 30.0
    assert d.wellbeing_notes == "Check in weekly"
    assert people_count(services, admin) == 3


def test_a_person_is_not_offered_as_their_own_supervisor(
    staff_dialog_factory, staff_member_factory
) -> None:
    staff_member_factory("Amara Okafor")
    ben = staff_member_factory("Ben Carter")
    dialog = staff_dialog_factory(ben.id)
    for name in ("supervisor_id", "line_manager_id"):
        combo = find(dialog, QComboBox, name)
        assert offered(combo) == ["— none —", "Amara Okafor"]
        assert ben.id not in [combo.itemData(i) for i in range(combo.count())]


def test_a_supervisor_who_has_left_still_shows_when_editing(
    qtbot, staff_dialog_factory, staff_member_factory, services, admin
) -> None:
    gwen = staff_member_factory(
        "Gwen Davies",
        start_date=dt.date(2020, 1, 6),
        end_date=dt.date(2025, 3, 31),
        leaving_reason="Moved to a new job",
    )
    ben = staff_member_factory("Ben Carter", supervisor_id=gwen.id)
    # not offered to someone new
    assert "Gwen Davies" not in offered(find(staff_dialog_factory(), QComboBox, "supervisor_id"))

    dialog = staff_dialog_factory(ben.id)
    supervisor = find(dialog, QComboBox, "supervisor_id")
    assert supervisor.currentText() == "Gwen Davies (left)"
    assert supervisor.currentData() == gwen.id
    save(qtbot, dialog)
    assert services.staff.get(admin, ben.id).details.supervisor_id == gwen.id


def test_leaving_reason_shows_with_an_end_date(
    qtbot, staff_dialog_factory, staff_member_factory, services, admin
) -> None:
    person = staff_member_factory(
        "Gwen Davies", end_date=dt.date(2026, 8, 31), leaving_reason="Retiring"
    )
    dialog = staff_dialog_factory(person.id)
    has_end = find(dialog, QCheckBox, "has_end_date")
    reason = find(dialog, QPlainTextEdit, "leaving_reason")
    assert has_end.isChecked() and find(dialog, QDateEdit, "end_date").isEnabled()
    assert find(dialog, QDateEdit, "end_date").date() == QDate(2026, 8, 31)
    assert reason.isVisible() and reason.toPlainText() == "Retiring"

    new = staff_dialog_factory()
    reason = find(new, QPlainTextEdit, "leaving_reason")
    assert not reason.isVisible()
    qtbot.mouseClick(find(new, QCheckBox, "has_end_date"), Qt.MouseButton.LeftButton)
    assert reason.isVisible()
    assert new.focusWidget() is find(new, QDateEdit, "end_date")


# -- teams ------------------------------------------------------------------------------------


def test_new_team_is_created_inline_and_chosen(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    services.teams.create(admin, "Wellbeing Hub")
    dialog = staff_dialog_factory()
    panel = find(dialog, QWidget, "new_team_panel")
    assert not panel.isVisible()
    qtbot.mouseClick(find(dialog, QPushButton, "new_team_button"), Qt.MouseButton.LeftButton)
    assert panel.isVisible()
    name = find(dialog, QLineEdit, "new_team_name")
    assert dialog.focusWidget() is name
    qtbot.keyClicks(name, "Outreach")
    qtbot.mouseClick(find(dialog, QPushButton, "add_team_button"), Qt.MouseButton.LeftButton)

    teams = {t.name: t.id for t in services.teams.list_teams(admin)}
    assert set(teams) == {"Outreach", "Wellbeing Hub"}
    combo = find(dialog, QComboBox, "team_id")
    assert combo.currentText() == "Outreach"
    assert combo.currentData() == teams["Outreach"]
    assert offered(combo) == ["— none —", "Outreach", "Wellbeing Hub"]
    assert not panel.isVisible()

    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    saved = save(qtbot, dialog)
    assert services.staff.get(admin, saved.id).details.team_id == teams["Outreach"]


def test_enter_in_the_new_team_box_adds_the_team_not_the_person(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    qtbot.mouseClick(find(dialog, QPushButton, "new_team_button"), Qt.MouseButton.LeftButton)
    name = find(dialog, QLineEdit, "new_team_name")
    qtbot.keyClicks(name, "Outreach")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert [t.name for t in services.teams.list_teams(admin)] == ["Outreach"]
    assert people_count(services, admin) == 0
    assert find(dialog, QComboBox, "team_id").currentText() == "Outreach"

    # Esc in the box closes the box, not the dialog
    qtbot.mouseClick(find(dialog, QPushButton, "new_team_button"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(find(dialog, QLineEdit, "new_team_name"), Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert not find(dialog, QWidget, "new_team_panel").isVisible()


def test_a_duplicate_team_name_is_shown_inline(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    services.teams.create(admin, "Outreach")
    dialog = staff_dialog_factory()
    qtbot.mouseClick(find(dialog, QPushButton, "new_team_button"), Qt.MouseButton.LeftButton)
    name = find(dialog, QLineEdit, "new_team_name")
    qtbot.keyClicks(name, "outreach")
    qtbot.mouseClick(find(dialog, QPushButton, "add_team_button"), Qt.MouseButton.LeftButton)
    assert error_text(dialog, "new_team_name") == "There is already a team called Outreach."
    assert find(dialog, QWidget, "new_team_panel").isVisible()
    assert name.text() == "outreach"
    assert len(services.teams.list_teams(admin)) == 1
    assert dialog.isVisible()
    qtbot.keyClicks(name, "2")
    assert error_text(dialog, "new_team_name") == ""


def test_an_empty_team_name_is_refused_inline(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.mouseClick(find(dialog, QPushButton, "new_team_button"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(dialog, QPushButton, "add_team_button"), Qt.MouseButton.LeftButton)
    assert error_text(dialog, "new_team_name") == "Enter the team's name."
    assert services.teams.list_teams(admin) == []


# -- lived experience -------------------------------------------------------------------------


def test_consent_can_only_be_given_with_lived_experience(
    qtbot, staff_dialog_factory, services, admin
) -> None:
    dialog = staff_dialog_factory()
    lived = find(dialog, QComboBox, "lived_experience")
    consent = find(dialog, QCheckBox, "counted_in_aggregates")
    assert offered(lived) == ["Yes", "No", "Prefer not to say"]
    assert not consent.isEnabled()
    choose(lived, "Yes")
    assert consent.isEnabled()
    qtbot.mouseClick(consent, Qt.MouseButton.LeftButton)
    assert consent.isChecked()
    choose(lived, "No")
    assert not consent.isEnabled() and not consent.isChecked()
    choose(lived, "Prefer not to say")
    assert not consent.isEnabled()

    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    saved = save(qtbot, dialog)
    d = services.staff.get(admin, saved.id).details
    assert d.lived_experience is LivedExperience.PREFER_NOT_TO_SAY
    assert not d.counted_in_aggregates


def test_confidential_notes_say_they_are_confidential(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    note = find(dialog, QLabel, "confidential_note").text()
    assert "confidential" in note and "never appear in reports" in note


# -- keyboard ---------------------------------------------------------------------------------


def test_escape_closes_and_saves_nothing(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.keyClick(find(dialog, QLineEdit, "full_name"), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert people_count(services, admin) == 0


def test_cancel_saves_nothing(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    qtbot.keyClicks(find(dialog, QLineEdit, "full_name"), "Ben Carter")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(find(dialog, QPushButton, "cancel_button"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert people_count(services, admin) == 0


def test_ctrl_s_saves(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    name = find(dialog, QLineEdit, "full_name")
    qtbot.keyClicks(name, "Ben Carter")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert people_count(services, admin) == 1


def test_enter_saves(qtbot, staff_dialog_factory, services, admin) -> None:
    dialog = staff_dialog_factory()
    name = find(dialog, QLineEdit, "full_name")
    qtbot.keyClicks(name, "Ben Carter")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert people_count(services, admin) == 1


def test_tab_follows_the_visual_order(qtbot, staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    find(dialog, QLineEdit, "full_name").setFocus()
    expected = [
        "preferred_name",
        "pronouns",
        "job_title",
        "role_category",
        "team_id",
        "new_team_button",
        "employment_type",
        "hours_per_week",
        "start_date",
        "has_end_date",
        "line_manager_id",
        "supervisor_id",
        "lived_experience",
        "former_service_user",
        "reasonable_adjustments",
        "wellbeing_notes",
    ]
    seen: list[str] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        # an editable combo's or date edit's inner line edit stands for its owner
        while widget is not None and not widget.objectName():
            widget = widget.parentWidget()
        name = widget.objectName() if widget is not None else ""
        # Tab steps through a date's day, month and year before leaving it (Qt's way)
        if not seen or seen[-1] != name:
            seen.append(name)
        if name == expected[-1]:
            break
    assert seen == expected


def test_every_field_has_a_label_with_a_mnemonic(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    buddies = {
        label.buddy().objectName(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.buddy() is not None
    }
    fields = [
        "full_name",
        "preferred_name",
        "pronouns",
        "job_title",
        "role_category",
        "team_id",
        "employment_type",
        "hours_per_week",
        "start_date",
        "has_end_date",
        "leaving_reason",
        "line_manager_id",
        "supervisor_id",
        "lived_experience",
        "reasonable_adjustments",
        "wellbeing_notes",
    ]
    for field in fields:
        assert "&" in buddies.get(field, ""), f"{field} has no label with a mnemonic"
    for name in ("counted_in_aggregates", "former_service_user"):
        assert "&" in find(dialog, QCheckBox, name).text()

    keys = [text[text.index("&") + 1].lower() for text in buddies.values()]
    keys += [
        b.text()[b.text().index("&") + 1].lower()
        for b in dialog.findChildren(QAbstractButton)
        if "&" in b.text()
    ]
    assert len(keys) == len(set(keys)), f"mnemonics clash: {sorted(keys)}"


def test_fits_a_small_laptop_screen(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    assert dialog.height() <= 720 and dialog.width() <= 1366
    assert dialog.minimumSizeHint().height() <= 600
