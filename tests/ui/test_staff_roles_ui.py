"""The staff dialog's "Other roles": adding, editing, ending and removing a further role,
driven like a user against real services."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

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
    QPushButton,
    QTableView,
    QWidget,
)

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import RoleDetails
from peerdesk.ui.staff_role_dialog import SAVE_FIRST

W = TypeVar("W", bound=QWidget)


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered in {combo.objectName()}"
    combo.setCurrentIndex(index)


def click(qtbot, parent: QWidget, name: str) -> None:
    qtbot.mouseClick(find(parent, QPushButton, name), Qt.MouseButton.LeftButton)


def table_text(dialog: QDialog) -> list[list[str]]:
    model = find(dialog, QTableView, "other_roles_table").model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select_row(qtbot, dialog: QDialog, row: int) -> None:
    table = find(dialog, QTableView, "other_roles_table")
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_new_person_is_asked_to_save_first(staff_dialog_factory) -> None:
    dialog = staff_dialog_factory()
    note = find(dialog, QLabel, "other_roles_note")
    assert note.isVisible() and note.text() == SAVE_FIRST
    assert dialog.findChild(QTableView, "other_roles_table") is None


def test_add_a_role_then_end_it(qtbot, staff_dialog_factory, services, admin, register) -> None:
    zoe = register["zoe"]
    dialog = staff_dialog_factory(zoe.id)
    assert not find(dialog, QLabel, "other_roles_note").isVisible()
    assert table_text(dialog) == []
    assert not find(dialog, QPushButton, "end_role_button").isEnabled()

    click(qtbot, dialog, "add_role_button")
    role_dialog = dialog.other_roles.current_dialog
    assert role_dialog is not None and role_dialog.isVisible()
    assert "FTE" in find(role_dialog, QLabel, "hours_hint").text()
    qtbot.keyClicks(find(role_dialog, QLineEdit, "job_title"), "Volunteer befriender")
    choose(find(role_dialog, QComboBox, "team_id"), "Wellbeing Hub")
    qtbot.keyClicks(find(role_dialog, QLineEdit, "hours_per_week"), "7.5")
    choose(find(role_dialog, QComboBox, "supervisor_id"), "Siobhán Kelly (Mental health nurse)")
    find(role_dialog, QDateEdit, "start_date").setDate(QDate(2026, 1, 5))
    with qtbot.waitSignal(role_dialog.saved, timeout=2000):
        qtbot.keyClick(find(role_dialog, QLineEdit, "job_title"), Qt.Key.Key_Return)
    assert not role_dialog.isVisible()

    assert table_text(dialog) == [
        ["Volunteer befriender", "Wellbeing Hub", "7.5", "Siobhán Kelly", "5 Jan 2026", ""]
    ]
    [saved] = services.roles.roles_of(admin, zoe.id).further
    assert saved.details.role_category is RoleCategory.VOLUNTEER  # the dialog's default
    assert saved.details.hours_per_week == 7.5

    # the row is selected after saving: End… asks for its last day
    assert find(dialog, QPushButton, "end_role_button").isEnabled()
    click(qtbot, dialog, "end_role_button")
    end_dialog = dialog.other_roles.current_dialog
    assert end_dialog is not None
    find(end_dialog, QDateEdit, "end_date").setDate(QDate(2026, 6, 30))
    with qtbot.waitSignal(end_dialog.saved, timeout=2000):
        click(qtbot, end_dialog, "save_button")
    assert table_text(dialog)[0][5] == "30 Jun 2026"
    assert services.roles.roles_of(admin, zoe.id).further[0].details.end_date == dt.date(
        2026, 6, 30
    )
    assert not find(dialog, QPushButton, "end_role_button").isEnabled()  # already ended
    # the person's own record was not touched
    assert services.staff.get(admin, zoe.id).details == zoe.details


def test_problems_show_in_the_role_dialog(qtbot, staff_dialog_factory, services, admin, register):
    dialog = staff_dialog_factory(register["zoe"].id)
    click(qtbot, dialog, "add_role_button")
    role_dialog = dialog.other_roles.current_dialog
    qtbot.keyClicks(find(role_dialog, QLineEdit, "hours_per_week"), "lots")
    with qtbot.assertNotEmitted(role_dialog.saved):
        click(qtbot, role_dialog, "save_button")
    assert "as a number" in find(role_dialog, QLabel, "hours_per_week_error").text()
    find(role_dialog, QLineEdit, "hours_per_week").clear()
    find(role_dialog, QDateEdit, "start_date").setDate(QDate(2020, 1, 1))
    with qtbot.assertNotEmitted(role_dialog.saved):
        click(qtbot, role_dialog, "save_button")
    assert find(role_dialog, QLabel, "job_title_error").text() == "Enter the role's job title."
    assert "before the person started" in find(role_dialog, QLabel, "start_date_error").text()
    assert role_dialog.isVisible()
    assert services.roles.roles_of(admin, register["zoe"].id).further == ()


def test_edit_and_remove_a_role(
    qtbot, staff_dialog_factory, services, admin, register, monkeypatch: pytest.MonkeyPatch
) -> None:
    zoe = register["zoe"].id
    services.roles.add(
        admin,
        zoe,
        RoleDetails(
            "Sessional worker",
            RoleCategory.OTHER,
            EmploymentType.SESSIONAL,
            dt.date(2025, 1, 6),
            hours_per_week=4,
        ),
    )
    dialog = staff_dialog_factory(zoe)
    select_row(qtbot, dialog, 0)
    click(qtbot, dialog, "edit_role_button")
    role_dialog = dialog.other_roles.current_dialog
    hours = find(role_dialog, QLineEdit, "hours_per_week")
    assert hours.text() == "4"
    hours.clear()  # the hours vary
    assert not find(role_dialog, QCheckBox, "has_end_date").isChecked()
    with qtbot.waitSignal(role_dialog.saved, timeout=2000):
        click(qtbot, role_dialog, "save_button")
    assert table_text(dialog)[0][2] == "varies"

    asked: list[str] = []

    def answer(_parent, title, _text, *_args):
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    select_row(qtbot, dialog, 0)
    click(qtbot, dialog, "remove_role_button")
    assert asked == ["Remove this role?"]
    assert table_text(dialog) == []
    assert services.roles.roles_of(admin, zoe).further == ()
