"""Forms kept across a lock: what someone was typing in the person form or the involvement
form survives PeerDesk locking, comes back when the form opens again, and can be thrown
away; the widget values go out and back unchanged."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.involvement import Stage
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.ui.context import AppContext
from peerdesk.ui.form_state import capture, restore
from peerdesk.ui.involvement_dialog import InvolvementDialog
from peerdesk.ui.lock_controller import LockController
from peerdesk.ui.staff_dialog import StaffDialog
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SAM = Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR, staff_id=None)


def _form() -> QWidget:
    form = QWidget()
    layout = QVBoxLayout(form)
    name = QLineEdit()
    name.setObjectName("name")
    notes = QPlainTextEdit()
    notes.setObjectName("notes")
    kind = QComboBox()
    kind.setObjectName("kind")
    kind.addItems(["Sick", "Parental", "Career break"])
    day = QDateEdit()
    day.setObjectName("day")
    count = QSpinBox()
    count.setObjectName("count")
    hours = QDoubleSpinBox()
    hours.setObjectName("hours")
    tick = QCheckBox("Agreed")
    tick.setObjectName("agreed")
    for widget in (name, notes, kind, day, count, hours, tick):
        layout.addWidget(widget)
    return form


def test_widget_values_go_out_and_come_back(qtbot: QtBot) -> None:
    first = _form()
    qtbot.addWidget(first)
    first.findChild(QLineEdit, "name").setText("Zoë Łukasiewicz")  # type: ignore[union-attr]
    first.findChild(QPlainTextEdit, "notes").setPlainText("Line one\nline <two> & three")  # type: ignore[union-attr]
    first.findChild(QComboBox, "kind").setCurrentIndex(2)  # type: ignore[union-attr]
    first.findChild(QDateEdit, "day").setDate(QDate(2026, 3, 9))  # type: ignore[union-attr]
    first.findChild(QSpinBox, "count").setValue(7)  # type: ignore[union-attr]
    first.findChild(QDoubleSpinBox, "hours").setValue(7.5)  # type: ignore[union-attr]
    first.findChild(QCheckBox, "agreed").setChecked(True)  # type: ignore[union-attr]
    values = capture(first)
    assert values["kind"][:2] == ["choice", "Career break"]
    assert values["day"] == ["date", "2026-03-09"]
    second = _form()
    qtbot.addWidget(second)
    assert capture(second) != values
    assert restore(second, values) == 7
    assert capture(second) == values
    # names no longer in the form, and values of the wrong sort, are passed over
    assert restore(second, {"gone": ["text", "x"], "count": ["text", "seven"]}) == 0


def test_the_involvement_form_keeps_its_typing_and_gives_it_back(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    first = InvolvementDialog(services, admin, None, today=TODAY)
    qtbot.addWidget(first)
    first.open()
    qtbot.waitExposed(first)
    assert not first.save_draft_now()  # nothing typed: nothing kept
    qtbot.keyClicks(first.title_edit, "Co-designed the new induction")
    qtbot.keyClicks(first.you_said, "Shadow shifts first, please")
    first.stage.setCurrentIndex(first.stage.findData(Stage.GOVERNANCE.value))
    first.service_user_count.setValue(4)
    assert first.save_draft_now()
    first.close()  # as the lock closes it: the draft stays
    assert [k.form_key for k in services.form_drafts.held(admin)] == ["involvement:new"]

    again = InvolvementDialog(services, admin, None, today=TODAY)
    qtbot.addWidget(again)
    again.open()
    qtbot.waitExposed(again)
    assert again.keeper.bar.isVisible()
    assert again.keeper.label.text().startswith("Restored what you were typing")
    assert again.title_edit.text() == "Co-designed the new induction"
    assert again.you_said.toPlainText() == "Shadow shifts first, please"
    assert again.stage.currentData() == Stage.GOVERNANCE.value
    assert again.service_user_count.value() == 4
    # saving keeps the activity and forgets the draft
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert [r.title for r in services.involvement.list(admin)] == ["Co-designed the new induction"]
    assert services.form_drafts.held(admin) == []


def test_throwing_a_kept_form_away_goes_back_to_what_is_saved(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    person = add_person(services, admin, "Zebedee Quill")
    first = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(first)
    first.open()
    qtbot.waitExposed(first)
    qtbot.keyClicks(first.ui.wellbeing_notes, "Prefers mornings after a bad night")
    assert first.save_draft_now()
    first.close()
    # another user does not get it back
    assert services.form_drafts.get(SAM, f"staff:{person.id}") is None

    again = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(again)
    again.open()
    qtbot.waitExposed(again)
    assert again.ui.wellbeing_notes.toPlainText() == "Prefers mornings after a bad night"
    qtbot.mouseClick(again.keeper.throw_away_button, Qt.MouseButton.LeftButton)
    assert again.ui.wellbeing_notes.toPlainText() == ""
    assert not again.keeper.bar.isVisible()
    assert services.form_drafts.held(admin) == []
    assert again.ui.full_name.text() == "Zebedee Quill"  # the saved values are untouched


def test_locking_keeps_an_open_person_form_and_reopening_it_restores_it(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    person = add_person(services, admin, "Zebedee Quill")
    window = QWidget()
    window.setWindowTitle("PeerDesk")
    qtbot.addWidget(window)
    window.show()
    dialog = StaffDialog(services, admin, person.id, parent=window, today=TODAY)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.ui.wellbeing_notes, "Told me in confidence about the move")
    qtbot.keyClicks(dialog.ui.preferred_name, "Zeb")
    locked: list[bool] = []
    opened: list[QWidget] = []

    def open_window(_page: int) -> QWidget:
        fresh = QWidget()
        opened.append(fresh)
        return fresh

    controller = LockController(
        display_name="Administrator",
        idle_minutes=10,
        lock_data=lambda: locked.append(True),
        unlock_data=lambda _password: None,
        sign_out=lambda: None,
        open_window=open_window,
        current_page=lambda: 0,
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        controller.lock()
        assert locked == [True]
        qtbot.waitUntil(lambda: not dialog.isVisible())
        kept = services.form_drafts.get(admin, f"staff:{person.id}")
        assert kept is not None and kept.title == "Edit Zebedee Quill"
        # only what was changed: the rest comes from what is saved when it opens again
        assert kept.fields == {
            "wellbeing_notes": ["text", "Told me in confidence about the move"],
            "preferred_name": ["text", "Zeb"],
        }
    finally:
        screen = controller.lock_screen
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        controller.idle.stop()
        app.setQuitOnLastWindowClosed(True)
    # nothing was saved to the person's record by the lock: only kept
    assert services.staff.get(admin, person.id).details.wellbeing_notes == ""
    again = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(again)
    again.open()
    qtbot.waitExposed(again)
    assert again.ui.wellbeing_notes.toPlainText() == "Told me in confidence about the move"
    assert again.ui.preferred_name.text() == "Zeb"
    qtbot.mouseClick(again.ui.save_button, Qt.MouseButton.LeftButton)
    saved = services.staff.get(admin, person.id).details
    assert saved.wellbeing_notes == "Told me in confidence about the move"
    assert services.form_drafts.held(admin) == []


def test_erasing_a_person_erases_forms_kept_about_them(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    from peerdesk.domain.organisation import OrganisationDetails

    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    person = add_person(
        services,
        admin,
        "Gwen Davies",
        start=dt.date(2012, 1, 9),
        end=dt.date(2018, 3, 30),
        reason="Moved away",
    )
    dialog = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.ui.wellbeing_notes, "Kept in a form")
    assert dialog.save_draft_now()
    dialog.close()
    plan = services.retention.plan_person(admin, person.id)
    assert "1 form kept when PeerDesk locked" in " ".join(plan.sentences)
    services.retention.erase_person(admin, person.id)
    assert services.form_drafts.held(admin) == []


def test_the_main_window_says_which_forms_were_kept(qtbot: QtBot, app_context: AppContext) -> None:
    from peerdesk.ui.main_window import MainWindow

    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    window.services_ready()
    assert window.statusBar().currentMessage() == ""  # nothing kept: nothing said
    app_context.services.form_drafts.keep(
        app_context.actor, "staff:new", "Add a person", {"full_name": ["text", "Ada"]}
    )
    window.services_ready()  # as after unlocking
    message = window.statusBar().currentMessage()
    assert message == (
        "Kept when PeerDesk locked: \u201cAdd a person\u201d. Open it again to carry on "
        "where you were."
    )
    assert "Ada" not in message  # the title only, never what was typed


def test_a_change_saved_meanwhile_is_not_undone_by_a_kept_form(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    from dataclasses import replace

    person = add_person(services, admin, "Zebedee Quill", job_title="Peer worker")
    first = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(first)
    first.open()
    qtbot.waitExposed(first)
    qtbot.keyClicks(first.ui.wellbeing_notes, "Kept while locked")
    assert first.save_draft_now()
    first.close()
    # meanwhile someone else saves a new job title
    record = services.staff.get(admin, person.id)
    services.staff.update(admin, person.id, replace(record.details, job_title="Peer lead"))
    again = StaffDialog(services, admin, person.id, today=TODAY)
    qtbot.addWidget(again)
    again.open()
    qtbot.waitExposed(again)
    assert again.ui.job_title.text() == "Peer lead"
    assert again.ui.wellbeing_notes.toPlainText() == "Kept while locked"
