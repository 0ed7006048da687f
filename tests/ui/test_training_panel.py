"""The training panel: the matrix (driven by the keyboard), a person's records, the
catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import CourseKind, RoleCategory, SessionMode, SessionType
from peerdesk.domain.enums import TrainingStatus as S
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.training import CellState
from peerdesk.services.actor import Actor, Role
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.training_views import CourseDetails, CourseInfo, RecordDetails
from peerdesk.ui.context import AppContext
from peerdesk.ui.course_dialog import CourseDialog
from peerdesk.ui.form_helpers import select_data
from peerdesk.ui.training_matrix_model import STATE_COLOURS, TrainingMatrixModel
from peerdesk.ui.training_panel import TAB_COURSES, TAB_MATRIX, TAB_RECORDS, TrainingPanel
from peerdesk.ui.training_record_dialog import TrainingRecordDialog
from peerdesk.ui.training_records_tab import ConfirmDialog
from tests.conftest import TODAY
from tests.ui.app_fixtures import make_context

Key = Qt.Key
Ctrl = Qt.KeyboardModifier.ControlModifier
R = RoleCategory


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def courses(app_context: AppContext) -> dict[str, CourseInfo]:
    training, actor = app_context.services.training, app_context.actor
    add = training.add_course
    return {
        "data": add(actor, CourseDetails("Data protection", CourseKind.MANDATORY, 12)),
        "safeguarding": add(actor, CourseDetails("Safeguarding adults", CourseKind.MANDATORY, 36)),
        "first_aid": add(
            actor,
            CourseDetails(
                "First aid at work", CourseKind.MANDATORY, 36, applies_to=(R.MANAGER, R.CLINICAL)
            ),
        ),
        "ips": add(actor, CourseDetails("IPS core training", CourseKind.ROLE_SPECIFIC, None)),
    }


def record(app_context: AppContext, staff_id: int, details: RecordDetails) -> int:
    return app_context.services.training.add_record(app_context.actor, staff_id, details).id


def held_session(app_context: AppContext, staff_id: int, on: dt.date) -> int:
    return app_context.services.supervision.create_session(
        app_context.actor,
        SessionDetails(
            supervisee_id=staff_id,
            supervisor_id=None,
            session_date=on,
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            duration_minutes=60,
        ),
    ).id


def make_panel(qtbot: QtBot, context: AppContext) -> TrainingPanel:
    panel = TrainingPanel(context)
    qtbot.addWidget(panel)
    panel.resize(840, 560)
    panel.refresh()
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def activate(qtbot: QtBot, dialog: object) -> None:
    dialog.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(dialog.isActiveWindow)  # type: ignore[attr-defined]


def cell_texts(panel: TrainingPanel) -> dict[str, list[str]]:
    model = panel.matrix_tab.model
    return {
        model.headerData(r, Qt.Orientation.Vertical): [
            model.data(model.index(r, c)) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }


# -- the matrix ---------------------------------------------------------------------------


def test_matrix_shows_people_against_mandatory_courses(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    record(
        app_context,
        register["amara"].id,
        RecordDetails(courses["data"].id, S.COMPLETED, completed_on=dt.date(2025, 5, 2)),
    )
    record(
        app_context,
        register["amara"].id,
        RecordDetails(courses["data"].id, S.BOOKED, booked_for=dt.date(2026, 7, 3)),
    )
    record(
        app_context,
        register["zoe"].id,
        RecordDetails(courses["safeguarding"].id, S.COMPLETED, completed_on=dt.date(2024, 3, 3)),
    )
    panel = make_panel(qtbot, app_context)
    model = panel.matrix_tab.model
    assert [model.course_at(c).name for c in range(model.columnCount())] == [  # type: ignore[union-attr]
        "Data protection",
        "First aid at work",
        "Safeguarding adults",
    ]
    assert cell_texts(panel) == {
        "Amara Okafor": ["Expired, rebooked for 3 Jul", "Missing", "Missing"],
        "Ben Carter": ["Missing", "Not required", "Missing"],
        "Siobhán Kelly": ["Missing", "Missing", "Missing"],
        "Tomás Herrera": ["Missing", "Not required", "Missing"],
        "Zoë Łukasiewicz": ["Missing", "Not required", "Valid to 3 Mar 2027"],
    }
    header = model.headerData(2, Qt.Orientation.Horizontal)
    assert header == "Safeguarding adults\n1 of 5 · 20%"
    # coloured as well as labelled
    valid = model.data(model.index(4, 2), Qt.ItemDataRole.BackgroundRole).color()
    expired = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole).color()
    assert valid != expired
    assert valid == QColor(STATE_COLOURS[CellState.VALID][0])
    assert model.data(model.index(1, 1), Qt.ItemDataRole.BackgroundRole) is None  # not required
    assert panel.matrix_tab.summary_label.text() == "5 people · 8% up to date"
    assert panel.matrix_tab.findChild(object, "legend_expired").text() == "Expired"  # type: ignore[union-attr]


def test_matrix_model_passes_the_model_tester(
    qtmodeltester: object,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    model = TrainingMatrixModel()
    model.set_matrix(app_context.services.training.matrix(app_context.actor))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_complete_a_booking_from_the_matrix_with_the_keyboard(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    zoe = register["zoe"].id
    booking = record(
        app_context,
        zoe,
        RecordDetails(
            courses["safeguarding"].id, S.BOOKED, requested_on=ago(20), booked_for=ago(-10)
        ),
    )
    panel = make_panel(qtbot, app_context)
    matrix = panel.matrix_tab
    table = matrix.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)
    for _ in range(4):  # Amara, Ben, Siobhán, Tomás, then Zoë
        qtbot.keyClick(table, Key.Key_Down)
    for _ in range(2):  # Data protection, First aid, then Safeguarding adults
        qtbot.keyClick(table, Key.Key_Right)
    assert matrix.model.data(table.currentIndex()) == "Booked 25 Jun"
    qtbot.keyClick(table, Key.Key_Return)

    dialog = matrix.current_dialog
    assert isinstance(dialog, TrainingRecordDialog)
    activate(qtbot, dialog)
    assert dialog.status.hasFocus()
    assert dialog.current_status() is S.BOOKED
    assert not dialog.completed_on.isEnabled()
    qtbot.keyClick(dialog.status, Key.Key_Down)  # Booked -> Completed
    assert dialog.current_status() is S.COMPLETED
    assert dialog.completed_check.isChecked() and dialog.completed_on.isEnabled()
    dialog.completed_on.setFocus(Qt.FocusReason.TabFocusReason)  # selects the day
    qtbot.keyClicks(dialog.completed_on, "12")
    assert dialog.completed_on.date().toPython() == dt.date(2026, 6, 12)
    assert dialog.expiry_hint.text() == "Valid to 12 Jun 2029"
    qtbot.keyClick(dialog.completed_on, Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: matrix.current_dialog is None)

    saved = app_context.services.training.record(app_context.actor, booking)
    assert saved.status is S.COMPLETED
    assert saved.details.completed_on == dt.date(2026, 6, 12)
    assert saved.expires_on == dt.date(2029, 6, 12)
    assert matrix.text_at(zoe, courses["safeguarding"].id) == "Valid to 12 Jun 2029"
    # the same cell is still the current one, ready for the next key
    assert matrix.model.data(table.currentIndex()) == "Valid to 12 Jun 2029"
    assert panel.focusWidget() is table


def test_enter_on_a_missing_cell_adds_a_record_for_that_course(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    panel = make_panel(qtbot, app_context)
    matrix = panel.matrix_tab
    matrix.table.setFocus()
    qtbot.keyClick(matrix.table, Key.Key_Right)  # Amara, First aid at work
    qtbot.keyClick(matrix.table, Key.Key_Enter)
    dialog = matrix.current_dialog
    assert isinstance(dialog, TrainingRecordDialog)
    assert dialog.windowTitle() == "Add training: Amara Okafor"
    assert dialog.course.currentText() == "First aid at work"
    assert dialog.current_status() is S.COMPLETED
    activate(qtbot, dialog)
    dialog.completed_on.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(dialog.completed_on, "20")  # 20 Jun: in the future
    qtbot.keyClick(dialog.completed_on, Key.Key_S, Ctrl)
    error = dialog.findChild(object, "completed_on_error")
    assert error.isVisible()  # type: ignore[union-attr]
    assert error.text() == "The completion date cannot be in the future."  # type: ignore[union-attr]
    assert dialog.isVisible()
    assert app_context.services.training.records_for(app_context.actor, register["amara"].id) == []
    qtbot.keyClick(dialog, Key.Key_Escape)
    qtbot.waitUntil(lambda: matrix.current_dialog is None)
    assert matrix.text_at(register["amara"].id, courses["first_aid"].id) == "Missing"


def test_matrix_filters_by_team_role_and_name(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    panel = make_panel(qtbot, app_context)
    matrix = panel.matrix_tab
    select_data(matrix.team_combo, register["zoe"].details.team_id)
    assert list(cell_texts(panel)) == ["Ben Carter", "Zoë Łukasiewicz"]
    select_data(matrix.team_combo, None)
    select_data(matrix.role_combo, R.CLINICAL.value)
    assert list(cell_texts(panel)) == ["Siobhán Kelly"]
    select_data(matrix.role_combo, None)
    qtbot.keyClicks(matrix.search_edit, "zoe")
    assert list(cell_texts(panel)) == ["Zoë Łukasiewicz"]
    assert matrix.summary_label.text() == "1 person · 0% up to date"
    qtbot.keyClicks(matrix.search_edit, "xx")
    assert matrix.empty_label.isVisible() and not matrix.table.isVisible()
    assert matrix.empty_label.text() == "No one shown matches the search."


def test_matrix_explains_an_empty_catalogue(
    qtbot: QtBot, app_context: AppContext, register: dict[str, StaffRecord]
) -> None:
    panel = make_panel(qtbot, app_context)
    matrix = panel.matrix_tab
    assert matrix.empty_label.isVisible()
    assert "No mandatory courses are in the catalogue yet" in matrix.empty_label.text()


# -- a person's records -------------------------------------------------------------------


def test_add_a_need_raised_in_supervision_then_cancel_it(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    ben = register["ben"].id
    session_id = held_session(app_context, ben, ago(8))
    panel = make_panel(qtbot, app_context)
    panel.tabs.setCurrentIndex(TAB_RECORDS)
    tab = panel.records_tab
    assert tab.empty_label.text() == "Choose a person to see their training."
    assert not tab.add_button.isEnabled()

    combo = tab.person_combo
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "carter")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert tab.staff_id() == ben
    assert "No training is recorded for Ben Carter yet" in tab.empty_label.text()

    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.current_dialog
    assert isinstance(dialog, TrainingRecordDialog)
    assert dialog.focusWidget() is dialog.course
    select_data(dialog.course, courses["ips"].id)
    select_data(dialog.status, S.REQUESTED.value)
    assert dialog.requested_check.isChecked()
    assert not dialog.booked_check.isEnabled() and not dialog.completed_check.isEnabled()
    assert dialog.session.itemText(1) == "7 Jun 2026"
    dialog.session.setFocus()
    qtbot.keyClick(dialog.session, Key.Key_Down)
    qtbot.keyClicks(dialog.notes, "Asked for it in supervision")
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: tab.current_dialog is None)

    (saved,) = app_context.services.training.records_for(app_context.actor, ben)
    assert saved.status is S.REQUESTED
    assert saved.details.raised_in_session_id == session_id
    assert saved.details.requested_on == TODAY
    assert saved.details.notes == "Asked for it in supervision"
    model = tab.model
    assert [model.data(model.index(0, c)) for c in range(model.columnCount())] == [
        "IPS core training",
        "Requested",
        "15 Jun 2026",
        "",
        "",
        "7 Jun 2026",
        "Asked for it in supervision",
    ]

    assert tab.cancel_button.isEnabled()
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    confirm = tab.current_dialog
    assert isinstance(confirm, ConfirmDialog)
    texts = [label.text() for label in confirm.findChildren(QLabel)]
    assert any(
        t.startswith("Cancel IPS core training, requested on 15 Jun 2026 for Ben Carter?")
        for t in texts
    )
    activate(qtbot, confirm)
    qtbot.keyClick(confirm, Key.Key_Return)
    qtbot.waitUntil(lambda: tab.current_dialog is None)
    (cancelled,) = app_context.services.training.records_for(app_context.actor, ben)
    assert cancelled.status is S.CANCELLED
    assert model.data(model.index(0, 1)) == "Cancelled"
    assert not tab.cancel_button.isEnabled()


def test_show_records_of_a_person(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    zoe = register["zoe"].id
    record(
        app_context,
        zoe,
        RecordDetails(courses["data"].id, S.COMPLETED, completed_on=dt.date(2026, 1, 31)),
    )
    panel = make_panel(qtbot, app_context)
    assert panel.show_records_of(zoe)
    assert panel.tabs.currentIndex() == TAB_RECORDS
    tab = panel.records_tab
    assert tab.person_combo.currentText() == "Zoë Łukasiewicz"
    assert tab.model.data(tab.model.index(0, 1)) == "Valid to 31 Jan 2027"
    assert not panel.show_records_of(register["gone"].id)  # a leaver is not listed


# -- the catalogue ------------------------------------------------------------------------


def test_add_edit_retire_and_restore_a_course(
    qtbot: QtBot, app_context: AppContext, register: dict[str, StaffRecord]
) -> None:
    panel = make_panel(qtbot, app_context)
    panel.tabs.setCurrentIndex(TAB_COURSES)
    tab = panel.courses_tab
    assert tab.empty_label.isVisible()

    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.current_dialog
    assert isinstance(dialog, CourseDialog)
    qtbot.keyClicks(dialog.name, "Lone working")
    dialog.validity.selectAll()
    qtbot.keyClicks(dialog.validity, "24")
    qtbot.keyClick(dialog.roles[R.PEER_WORKER], Key.Key_Space)
    qtbot.keyClick(dialog.roles[R.VOLUNTEER], Key.Key_Space)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: tab.current_dialog is None)
    (course,) = app_context.services.training.courses(app_context.actor)
    assert course.details == CourseDetails(
        "Lone working", CourseKind.MANDATORY, 24, (R.PEER_WORKER, R.VOLUNTEER)
    )
    model = tab.model
    assert [model.data(model.index(0, c)) for c in range(5)] == [
        "Lone working",
        "Mandatory",
        "2 years",
        "Peer worker, Volunteer",
        "0",
    ]
    # it is in the matrix now
    panel.tabs.setCurrentIndex(TAB_MATRIX)
    assert panel.matrix_tab.model.columnCount() == 1
    panel.tabs.setCurrentIndex(TAB_COURSES)

    # a second course of the same name (other case, no accents aside) is refused
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.current_dialog
    assert isinstance(dialog, CourseDialog)
    qtbot.keyClicks(dialog.name, "LONE working")
    qtbot.keyClick(dialog.never_expires, Key.Key_Space)
    assert not dialog.validity.isEnabled()
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Key.Key_S, Ctrl)
    error = dialog.findChild(object, "name_error")
    assert error.text() == "There is already a course called “Lone working”."  # type: ignore[union-attr]
    qtbot.keyClick(dialog, Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.current_dialog is None)

    # edit: Enter on the row
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Key.Key_Return)
    dialog = tab.current_dialog
    assert isinstance(dialog, CourseDialog)
    assert dialog.name.text() == "Lone working"
    select_data(dialog.kind, CourseKind.ROLE_SPECIFIC.value)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: tab.current_dialog is None)
    assert model.data(model.index(0, 1)) == "Role-specific"
    panel.tabs.setCurrentIndex(TAB_MATRIX)
    assert panel.matrix_tab.model.columnCount() == 0
    panel.tabs.setCurrentIndex(TAB_COURSES)

    qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    assert app_context.services.training.courses(app_context.actor) == []
    assert tab.empty_label.isVisible()
    tab.show_retired.setChecked(True)
    assert model.data(model.index(0, 0)) == "Lone working (retired)"
    assert tab.retire_button.text() == "Res&tore"
    qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    assert model.data(model.index(0, 0)) == "Lone working"


def test_a_supervisor_reads_the_catalogue_but_cannot_change_it(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    supervisor = Actor(user_id=3, display_name="Sam", role=Role.SUPERVISOR)
    context = make_context(app_context.services, supervisor, app_context.data_dir)
    panel = make_panel(qtbot, context)
    panel.tabs.setCurrentIndex(TAB_COURSES)
    tab = panel.courses_tab
    assert tab.model.rowCount() == 4
    assert not tab.new_button.isEnabled()
    assert not tab.edit_button.isEnabled()
    assert not tab.retire_button.isEnabled()
    assert panel.show_records_of(register["zoe"].id)
    assert panel.records_tab.add_button.isEnabled()


def test_a_completion_added_on_the_records_view_shows_in_the_matrix(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    courses: dict[str, CourseInfo],
) -> None:
    zoe = register["zoe"].id
    panel = make_panel(qtbot, app_context)
    assert panel.matrix_tab.text_at(zoe, courses["data"].id) == "Missing"
    panel.tabs.setCurrentIndex(TAB_RECORDS)
    tab = panel.records_tab
    combo = tab.person_combo
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "zoe")  # finds Zoë: accents do not matter
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert combo.currentText() == "Zoë Łukasiewicz"

    dialog = tab.open_add()
    assert isinstance(dialog, TrainingRecordDialog)
    activate(qtbot, dialog)
    assert dialog.course.hasFocus()
    assert dialog.course.currentText() == "Data protection"
    assert dialog.current_status() is S.COMPLETED
    dialog.completed_on.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(dialog.completed_on, "1")
    assert dialog.expiry_hint.text() == "Valid to 1 Jun 2027"
    qtbot.keyClick(dialog.completed_on, Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: tab.current_dialog is None)
    assert tab.model.data(tab.model.index(0, 1)) == "Valid to 1 Jun 2027"

    panel.tabs.setCurrentIndex(TAB_MATRIX)
    assert panel.matrix_tab.text_at(zoe, courses["data"].id) == "Valid to 1 Jun 2027"
