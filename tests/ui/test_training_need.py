"""A training need raised in a one-to-one becomes a request linked to that session."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton

from peerdesk.domain.enums import CourseKind, SessionMode, SessionType, TrainingStatus
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.training import CourseDetails
from peerdesk.ui.session_dialog import SessionDialog
from peerdesk.ui.training_need_dialog import NO_COURSES, TrainingNeedDialog
from tests.conftest import TODAY


def open_dialog(qtbot, services, admin, supervisee_id, session_id=None) -> SessionDialog:
    dialog = SessionDialog(services, admin, supervisee_id, session_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_raise_a_training_need_in_a_one_to_one(qtbot, services, admin, register) -> None:
    ben = register["ben"]
    course = services.training.add_course(
        admin, CourseDetails(name="Suicide prevention", kind=CourseKind.ROLE_SPECIFIC)
    )
    dialog = open_dialog(qtbot, services, admin, ben.id)
    button = dialog.findChild(QPushButton, "raise_need_button")
    assert not button.isEnabled()  # not saved yet: nothing to link the need to
    dialog.findChild(QPlainTextEdit, "agreed_record").setPlainText("Talked about training.")
    record = dialog.save()
    assert record is not None
    assert button.isEnabled()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    need = dialog.training_need_dialog
    assert isinstance(need, TrainingNeedDialog) and need.isVisible()
    combo = need.findChild(QComboBox, "need_course")
    assert combo.currentText() == "Suicide prevention"
    qtbot.keyClicks(need.findChild(QPlainTextEdit, "need_notes"), "Before the winter rota")
    with qtbot.waitSignal(need.saved, timeout=2000):
        qtbot.mouseClick(need.save_button, Qt.MouseButton.LeftButton)

    [raised] = services.training.records_for(admin, ben.id)
    assert raised.course_id == course.id
    assert raised.status is TrainingStatus.REQUESTED
    assert raised.details.raised_in_session_id == record.id
    assert raised.details.notes == "Before the winter rota"
    label = dialog.findChild(QLabel, "training_needs")
    assert label.isVisible()
    assert (
        label.text() == "Training needs raised in this one-to-one: Suicide prevention (Requested)"
    )


def test_without_courses_the_need_dialog_says_where_to_add_them(
    qtbot, services, admin, register
) -> None:
    record = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=register["ben"].id,
            supervisor_id=register["amara"].id,
            session_date=TODAY - dt.timedelta(days=1),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="Met.",
        ),
    )
    dialog = open_dialog(qtbot, services, admin, register["ben"].id, record.id)
    dialog.raise_training_need()
    need = dialog.training_need_dialog
    assert need is not None
    assert need.findChild(QLabel, "general_error").text() == NO_COURSES
    assert not need.save_button.isEnabled()
