"""The supervision file (agreement, dual relationships, absences), driven like a user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import DualRelationshipType, RoleCategory
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.supervision_schedule import SupervisionStandard
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.dual_relationship_service import NON_IDENTIFYING_GUIDANCE
from peerdesk.services.schedule_views import AgreementDetails, DualRelationshipDetails
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.supervision_file_dialog import SupervisionFileDialog
from tests.conftest import TODAY

W = TypeVar("W", bound=QWidget)
Click = Qt.MouseButton.LeftButton
Ctrl = Qt.KeyboardModifier.ControlModifier
Alt = Qt.KeyboardModifier.AltModifier


def find(dialog: QWidget, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def general_error(dialog: QWidget) -> str:
    label = find(dialog, QLabel, "general_error")
    return label.text() if label.isVisible() else ""


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    button = find(dialog, QPushButton, name)
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Click)


def replace_text(qtbot: QtBot, edit: QLineEdit | QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def activate(qtbot: QtBot, dialog: QDialog) -> None:
    dialog.activateWindow()
    # keys and shortcuts reach only the active window; offscreen it arrives a moment later
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)


def sub_dialog(qtbot: QtBot, tab: Any) -> QDialog:
    """The small dialog a tab has just opened (with open(), so nothing blocks)."""
    qtbot.waitUntil(lambda: tab.current_dialog is not None and tab.current_dialog.isVisible())
    dialog = tab.current_dialog
    assert isinstance(dialog, QDialog)
    activate(qtbot, dialog)
    return dialog


def select_row(tree: QTreeWidget, row: int) -> None:
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(row))


def rows(tree: QTreeWidget) -> list[list[str]]:
    """The cells as shown, with no-break spaces (that keep dates whole) as plain ones."""

    def cell(row: int, column: int) -> str:
        return tree.topLevelItem(row).text(column).replace("\N{NO-BREAK SPACE}", " ")

    return [
        [cell(r, c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())
    ]


@pytest.fixture
def ben(staff_member_factory: Callable[..., StaffRecord]) -> StaffRecord:
    return staff_member_factory("Ben Carter", job_title="Peer support worker")


@pytest.fixture
def open_file(
    services: Services, admin: Actor, qtbot: QtBot
) -> Callable[..., SupervisionFileDialog]:
    def make(staff_id: int, tab: str | None = None) -> SupervisionFileDialog:
        dialog = SupervisionFileDialog(services, admin, staff_id, today=TODAY)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        activate(qtbot, dialog)
        if tab is not None:
            dialog.show_tab(tab)
        return dialog

    return make


AGREED = dt.date(2025, 5, 2)


def seed_agreement(services: Services, admin: Actor, staff_id: int, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "frequency_days": 28,
        "agreed_on": AGREED,
        "review_date": dt.date(2026, 5, 2),
        "location": "Office",
        "confidentiality": "Stays between us unless someone is at risk.",
        "raising_concerns": "Speak to the service manager.",
    }
    fields.update(changes)
    return services.agreements.save_agreement(admin, staff_id, AgreementDetails(**fields)).id


def seed_relationship(services: Services, admin: Actor, staff_id: int) -> int:
    details = DualRelationshipDetails(
        relationship_type=DualRelationshipType.FRIEND,
        description="A long-standing friend now volunteers in the same team.",
        how_managed="Neither supervises the other.",
        agreed_by="Amara Okafor",
        agreed_on=dt.date(2026, 1, 10),
        review_date=dt.date(2026, 3, 1),
    )
    return services.dual_relationships.add(admin, staff_id, details).id


# -- opening ----------------------------------------------------------------------------------


def test_opens_on_the_agreement_with_sensible_defaults(open_file, ben) -> None:
    dialog = open_file(ben.id)
    assert dialog.windowTitle() == "Supervision file: Ben Carter"
    assert find(dialog, QLabel, "person_name").text() == "Ben Carter"
    tabs = find(dialog, QTabWidget, "tabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "&Agreement",
        "Dual re&lationships",
        "A&bsences",
        "&Wellness plan",
        "A&pprenticeship",
    ]
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names == [
        "agreement_tab",
        "relationships_tab",
        "absences_tab",
        "wellness_tab",
        "apprenticeship_tab",
    ]
    assert (
        "No supervision agreement is recorded yet"
        in find(dialog, QLabel, "agreement_status").text()
    )
    assert not find(dialog, QLabel, "review_warning").isVisible()
    spin = find(dialog, QSpinBox, "frequency_days")
    assert spin.value() == 28
    assert find(dialog, QDateEdit, "agreed_on").date() == QDate(2026, 6, 15)
    assert not find(dialog, QCheckBox, "review_check").isChecked()
    assert not find(dialog, QDateEdit, "review_date").isEnabled()
    assert not find(dialog, QPushButton, "save_corrections_button").isEnabled()
    assert find(dialog, QPushButton, "save_new_button").isDefault()
    assert dialog.focusWidget() is spin


def test_the_apprenticeship_tab_is_only_for_apprentices(open_file, staff_member_factory) -> None:
    from peerdesk.domain.enums import EmploymentType, RoleCategory

    nurse = staff_member_factory("Siobhan Kelly", role_category=RoleCategory.CLINICAL)
    first = open_file(nurse.id)
    tabs = find(first, QTabWidget, "tabs")
    assert not tabs.isTabVisible(4)
    assert tabs.isTabVisible(3)  # everyone may have a wellness plan
    apprentice = staff_member_factory(
        "Ali Khan",
        role_category=RoleCategory.PEER_APPRENTICE,
        employment_type=EmploymentType.APPRENTICESHIP,
        end_date=dt.date(2027, 6, 30),
    )
    second = open_file(apprentice.id)
    assert find(second, QTabWidget, "tabs").isTabVisible(4)


def test_the_default_frequency_follows_the_organisation_standard(
    open_file, ben, services, admin
) -> None:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    peer_workers = {RoleCategory.PEER_WORKER: 21}
    standard = SupervisionStandard(default_interval_days=42, interval_by_role=peer_workers)
    services.schedule.set_standard(admin, standard)
    dialog = open_file(ben.id)
    assert find(dialog, QSpinBox, "frequency_days").value() == 21


def test_tabs_answer_their_mnemonics_and_show_tab(qtbot, open_file, ben) -> None:
    dialog = open_file(ben.id)
    tabs = find(dialog, QTabWidget, "tabs")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_L, Alt)
    assert tabs.currentWidget().objectName() == "relationships_tab"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_B, Alt)
    assert tabs.currentWidget().objectName() == "absences_tab"
    dialog.show_tab("agreement")
    assert dialog.focusWidget() is find(dialog, QSpinBox, "frequency_days")
    dialog.show_tab("absences")
    assert dialog.focusWidget() is find(dialog, QPushButton, "add_absence_button")
    with pytest.raises(ValueError):
        dialog.show_tab("notes")


def test_escape_closes(qtbot, open_file, ben) -> None:
    dialog = open_file(ben.id)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_someone_no_longer_in_the_register(qtbot, services, admin) -> None:
    dialog = SupervisionFileDialog(services, admin, 999, today=TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.general_error.isHidden()
    assert dialog.general_error.text() == "That person is no longer in the register."
    assert not find(dialog, QTabWidget, "tabs").isEnabled()


# -- the agreement ----------------------------------------------------------------------------


def test_first_agreement_is_saved_with_ctrl_s(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id)
    spin = find(dialog, QSpinBox, "frequency_days")
    spin.selectAll()
    qtbot.keyClicks(spin, "21")
    find(dialog, QDateEdit, "agreed_on").setDate(QDate(2026, 6, 1))
    qtbot.mouseClick(find(dialog, QCheckBox, "review_check"), Click)
    find(dialog, QDateEdit, "review_date").setDate(QDate(2027, 6, 1))
    qtbot.keyClicks(find(dialog, QLineEdit, "location"), "The quiet room at the hub")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "confidentiality"), "Stays between us.")
    concerns = find(dialog, QPlainTextEdit, "raising_concerns")
    qtbot.keyClicks(concerns, "Speak to the service manager.")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(concerns, Qt.Key.Key_S, Ctrl)

    current = services.agreements.current_agreement(admin, ben.id)
    assert current is not None
    assert current.details == AgreementDetails(
        frequency_days=21,
        agreed_on=dt.date(2026, 6, 1),
        review_date=dt.date(2027, 6, 1),
        location="The quiet room at the hub",
        confidentiality="Stays between us.",
        raising_concerns="Speak to the service manager.",
    )
    assert dialog.isVisible()
    assert find(dialog, QLabel, "agreement_message").text() == "Saved as the first agreement."
    assert "made on 1 Jun 2026" in find(dialog, QLabel, "agreement_status").text()
    assert find(dialog, QPushButton, "save_corrections_button").isEnabled()


def test_a_new_agreement_keeps_the_old_one_as_history(
    qtbot, open_file, ben, services, admin
) -> None:
    old_id = seed_agreement(services, admin, ben.id)
    dialog = open_file(ben.id)
    assert find(dialog, QLineEdit, "location").text() == "Office"
    assert find(dialog, QCheckBox, "review_check").isChecked()
    assert find(dialog, QPushButton, "save_corrections_button").isDefault()
    assert not find(dialog, QTreeWidget, "agreement_history").isVisible()

    find(dialog, QDateEdit, "agreed_on").setDate(QDate(2026, 6, 10))
    find(dialog, QDateEdit, "review_date").setDate(QDate(2027, 6, 10))
    # a new date agreed: Enter now records a new agreement
    assert find(dialog, QPushButton, "save_new_button").isDefault()
    spin = find(dialog, QSpinBox, "frequency_days")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "14")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(spin, Qt.Key.Key_Return)

    history = services.agreements.history(admin, ben.id)
    assert [h.details.agreed_on for h in history] == [dt.date(2026, 6, 10), AGREED]
    assert history[0].details.frequency_days == 14
    assert history[0].details.location == "Office"
    assert history[1].id == old_id and history[1].details.frequency_days == 28
    earlier = find(dialog, QTreeWidget, "agreement_history")
    assert earlier.isVisible()
    assert rows(earlier) == [["2 May 2025", "every 28 days", "2 May 2026"]]
    assert "previous one is kept" in find(dialog, QLabel, "agreement_message").text()


def test_corrections_update_the_current_agreement(qtbot, open_file, ben, services, admin) -> None:
    agreement_id = seed_agreement(services, admin, ben.id)
    dialog = open_file(ben.id)
    replace_text(qtbot, find(dialog, QLineEdit, "location"), "Video call")
    replace_text(qtbot, find(dialog, QPlainTextEdit, "raising_concerns"), "Ask HR in confidence.")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, dialog, "save_corrections_button")

    [only] = services.agreements.history(admin, ben.id)
    assert only.id == agreement_id
    assert only.details.location == "Video call"
    assert only.details.raising_concerns == "Ask HR in confidence."
    assert only.details.agreed_on == AGREED
    assert find(dialog, QLabel, "agreement_message").text() == "Corrections saved."


def test_a_review_before_the_agreed_date_is_refused(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id)
    qtbot.mouseClick(find(dialog, QCheckBox, "review_check"), Click)
    review = find(dialog, QDateEdit, "review_date")
    review.setDate(QDate(2026, 6, 1))
    with qtbot.assertNotEmitted(dialog.changed):
        click(qtbot, dialog, "save_new_button")
    assert error_text(dialog, "review_date") == (
        "The review date cannot be before the date it was agreed."
    )
    assert dialog.focusWidget() is review
    assert services.agreements.current_agreement(admin, ben.id) is None
    # putting it right clears the message
    review.setDate(QDate(2026, 12, 1))
    assert error_text(dialog, "review_date") == ""


def test_an_overdue_review_is_shown(open_file, ben, services, admin) -> None:
    seed_agreement(services, admin, ben.id, review_date=dt.date(2026, 5, 1))
    dialog = open_file(ben.id)
    warning = find(dialog, QLabel, "review_warning")
    assert warning.isVisible()
    assert warning.text() == "Review overdue since 1 May 2026"


def test_a_refusal_is_shown_plainly(qtbot, open_file, ben, services, admin, monkeypatch) -> None:
    def refuse(*args: Any) -> None:
        raise AccessDenied("Jo is not allowed to do that.")

    monkeypatch.setattr(services.agreements, "save_agreement", refuse)
    dialog = open_file(ben.id)
    with qtbot.assertNotEmitted(dialog.changed):
        click(qtbot, dialog, "save_new_button")
    assert general_error(dialog.agreement_tab) == "Jo is not allowed to do that."


# -- dual relationships -----------------------------------------------------------------------


def test_add_a_dual_relationship(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id, "relationships")
    tab = dialog.relationships_tab
    assert find(dialog, QLabel, "relationships_empty").isVisible()
    assert not find(dialog, QPushButton, "edit_relationship_button").isEnabled()
    click(qtbot, dialog, "add_relationship_button")
    form = sub_dialog(qtbot, tab)
    assert form.windowTitle() == "Add a dual relationship"
    assert find(form, QLabel, "description_hint").text() == NON_IDENTIFYING_GUIDANCE + "."
    kind = find(form, QComboBox, "relationship_type")
    assert form.focusWidget() is kind
    kind.setCurrentIndex(kind.findText(DualRelationshipType.FRIEND.label))
    qtbot.keyClicks(find(form, QPlainTextEdit, "description"), "A friend volunteers here.")
    qtbot.keyClicks(find(form, QPlainTextEdit, "how_managed"), "Never work one-to-one.")
    agreed_by = find(form, QLineEdit, "agreed_by")
    qtbot.keyClicks(agreed_by, "Amara Okafor")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(agreed_by, Qt.Key.Key_S, Ctrl)

    assert tab.current_dialog is None
    [entry] = services.dual_relationships.list_for(admin, ben.id)
    d = entry.details
    assert d.relationship_type is DualRelationshipType.FRIEND
    assert (d.description, d.how_managed, d.agreed_by) == (
        "A friend volunteers here.",
        "Never work one-to-one.",
        "Amara Okafor",
    )
    assert d.agreed_on == TODAY and d.review_date is None
    tree = find(dialog, QTreeWidget, "relationships_list")
    assert rows(tree) == [
        [
            "Friend",
            "A friend volunteers here.",
            "Never work one-to-one.",
            "Amara Okafor\n15 Jun 2026",
            "— none —",
        ]
    ]
    assert find(dialog, QPushButton, "edit_relationship_button").isEnabled()


def test_an_empty_description_is_refused(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id, "relationships")
    click(qtbot, dialog, "add_relationship_button")
    form = sub_dialog(qtbot, dialog.relationships_tab)
    qtbot.keyClicks(find(form, QPlainTextEdit, "how_managed"), "Never work one-to-one.")
    with qtbot.assertNotEmitted(dialog.changed):
        click(qtbot, form, "save_button")
    assert form.isVisible()
    assert error_text(form, "description") == NON_IDENTIFYING_GUIDANCE + "."
    assert form.focusWidget() is find(form, QPlainTextEdit, "description")
    assert services.dual_relationships.list_for(admin, ben.id) == []


def test_edit_a_dual_relationship(qtbot, open_file, ben, services, admin) -> None:
    entry_id = seed_relationship(services, admin, ben.id)
    dialog = open_file(ben.id, "relationships")
    tree = find(dialog, QTreeWidget, "relationships_list")
    assert rows(tree)[0][4] == "Overdue since 1 Mar 2026"
    select_row(tree, 0)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on an entry edits it
    form = sub_dialog(qtbot, dialog.relationships_tab)
    assert form.windowTitle() == "Edit a dual relationship"
    assert form.focusWidget() is find(form, QPlainTextEdit, "description")
    managed = find(form, QPlainTextEdit, "how_managed")
    assert managed.toPlainText() == "Neither supervises the other."
    replace_text(qtbot, managed, "Different teams from July.")
    find(form, QDateEdit, "review_date").setDate(QDate(2026, 12, 1))
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, form, "save_button")

    d = services.dual_relationships.get(admin, entry_id).details
    assert d.how_managed == "Different teams from July."
    assert d.review_date == dt.date(2026, 12, 1)
    assert d.description == "A long-standing friend now volunteers in the same team."
    assert rows(tree)[0][4] == "1 Dec 2026"


def test_end_a_dual_relationship(qtbot, open_file, ben, services, admin) -> None:
    entry_id = seed_relationship(services, admin, ben.id)
    dialog = open_file(ben.id, "relationships")
    tree = find(dialog, QTreeWidget, "relationships_list")
    select_row(tree, 0)
    click(qtbot, dialog, "end_relationship_button")
    ask = sub_dialog(qtbot, dialog.relationships_tab)
    date = find(ask, QDateEdit, "ended_on")
    assert date.date() == QDate(2026, 6, 15)
    assert ask.focusWidget() is date
    date.setDate(QDate(2026, 6, 20))
    with qtbot.assertNotEmitted(dialog.changed):
        qtbot.keyClick(date, Qt.Key.Key_Return)
    assert error_text(ask, "ended_on") == "Record the end once it has happened, not before."
    assert services.dual_relationships.get(admin, entry_id).ended_on is None

    date.setDate(QDate(2026, 6, 12))
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(date, Qt.Key.Key_Return)
    assert services.dual_relationships.get(admin, entry_id).ended_on == dt.date(2026, 6, 12)
    assert rows(tree)[0][4] == "Ended 12 Jun 2026"
    select_row(tree, 0)
    assert not find(dialog, QPushButton, "edit_relationship_button").isEnabled()
    assert not find(dialog, QPushButton, "end_relationship_button").isEnabled()
    assert dialog.relationships_tab.open_edit() is None


# -- absences ---------------------------------------------------------------------------------


def test_add_an_absence_then_record_the_return(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id, "absences")
    tab = dialog.absences_tab
    click(qtbot, dialog, "add_absence_button")
    form = sub_dialog(qtbot, tab)
    first = find(form, QDateEdit, "first_day")
    assert form.focusWidget() is first
    first.setDate(QDate(2026, 6, 1))
    assert not find(form, QDateEdit, "last_day").isEnabled()
    kind = find(form, QLineEdit, "kind")
    qtbot.keyClicks(kind, "Sick leave")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(kind, Qt.Key.Key_Return)

    [absence] = services.absences.list_for(admin, ben.id)
    assert (absence.first_day, absence.last_day, absence.kind) == (
        dt.date(2026, 6, 1),
        None,
        "Sick leave",
    )
    tree = find(dialog, QTreeWidget, "absences_list")
    assert rows(tree) == [["1 Jun 2026", "not back yet", "Sick leave"]]

    select_row(tree, 0)
    assert find(dialog, QPushButton, "record_return_button").isEnabled()
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on an open absence records the return
    ask = sub_dialog(qtbot, tab)
    assert services.absences.list_for(admin, ben.id)[0].last_day is None  # only asked yet
    last = find(ask, QDateEdit, "last_day")
    assert last.date() == QDate(2026, 6, 14)  # back today: the last day away was yesterday
    last.setDate(QDate(2026, 6, 12))
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, ask, "save_button")
    [absence] = services.absences.list_for(admin, ben.id)
    assert absence.last_day == dt.date(2026, 6, 12)
    assert rows(tree) == [["1 Jun 2026", "12 Jun 2026", "Sick leave"]]
    select_row(tree, 0)
    assert not find(dialog, QPushButton, "record_return_button").isEnabled()


def test_an_absence_with_a_known_last_day(qtbot, open_file, ben, services, admin) -> None:
    dialog = open_file(ben.id, "absences")
    click(qtbot, dialog, "add_absence_button")
    form = sub_dialog(qtbot, dialog.absences_tab)
    find(form, QDateEdit, "first_day").setDate(QDate(2026, 3, 2))
    qtbot.mouseClick(find(form, QCheckBox, "last_day_check"), Click)
    last = find(form, QDateEdit, "last_day")
    assert last.isEnabled()
    last.setDate(QDate(2026, 2, 20))
    click(qtbot, form, "save_button")
    assert error_text(form, "last_day") == (
        "The last day away cannot be before the first day away."
    )
    assert services.absences.list_for(admin, ben.id) == []
    last.setDate(QDate(2026, 3, 27))
    qtbot.keyClicks(find(form, QLineEdit, "kind"), "Parental leave")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, form, "save_button")
    [absence] = services.absences.list_for(admin, ben.id)
    assert absence.last_day == dt.date(2026, 3, 27)


def test_an_overlapping_absence_shows_the_conflict(qtbot, open_file, ben, services, admin) -> None:
    services.absences.add(admin, ben.id, dt.date(2026, 5, 1), None, "Sick leave")
    dialog = open_file(ben.id, "absences")
    click(qtbot, dialog, "add_absence_button")
    form = sub_dialog(qtbot, dialog.absences_tab)
    find(form, QDateEdit, "first_day").setDate(QDate(2026, 6, 1))
    with qtbot.assertNotEmitted(dialog.changed):
        click(qtbot, form, "save_button")
    assert form.isVisible()
    assert general_error(form) == (
        "Ben Carter is already recorded as away from 1 May 2026 until further notice "
        "(Sick leave), and one person's absences cannot overlap."
    )
    assert len(services.absences.list_for(admin, ben.id)) == 1


def test_remove_an_absence_after_confirming(
    qtbot, open_file, ben, services, admin, monkeypatch
) -> None:
    services.absences.add(admin, ben.id, dt.date(2026, 5, 1), dt.date(2026, 5, 8), "Sick")
    dialog = open_file(ben.id, "absences")
    asked: list[tuple[Any, ...]] = []
    answer = QMessageBox.StandardButton.No

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    tree = find(dialog, QTreeWidget, "absences_list")
    select_row(tree, 0)
    with qtbot.assertNotEmitted(dialog.changed):
        click(qtbot, dialog, "remove_absence_button")
    assert len(services.absences.list_for(admin, ben.id)) == 1
    assert "1 May 2026 to 8 May 2026 (Sick)" in asked[0][2]
    assert asked[0][4] == QMessageBox.StandardButton.No  # No is the default answer

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, dialog, "remove_absence_button")
    assert services.absences.list_for(admin, ben.id) == []
    assert tree.topLevelItemCount() == 0
    assert find(dialog, QLabel, "absences_empty").isVisible()
    assert not find(dialog, QPushButton, "remove_absence_button").isEnabled()


def test_the_wellness_plan_is_saved_with_ctrl_s_in_the_file(
    qtbot, open_file, ben, services, admin
) -> None:
    dialog = open_file(ben.id, "wellness")
    assert dialog.current_tab_name() == "wellness"
    keeps_well = find(dialog, QPlainTextEdit, "keeps_me_well")
    assert dialog.focusWidget() is keeps_well
    qtbot.keyClicks(keeps_well, "A walk at lunchtime and a quiet start on Mondays.")
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        qtbot.keyClick(keeps_well, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    plan = services.wellness.get(admin, ben.id)
    assert plan is not None
    assert plan.details.keeps_me_well == "A walk at lunchtime and a quiet start on Mondays."
    # the agreement was not touched by the same key
    assert services.agreements.current_agreement(admin, ben.id) is None
