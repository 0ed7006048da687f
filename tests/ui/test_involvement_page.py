"""The involvement log page, driven like a user against real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.involvement import InvolvementDetails, Outcome, PaymentKind, Stage
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.ui.context import AppContext
from peerdesk.ui.involvement_dialog import NAMES_NOTE
from peerdesk.ui.pages.involvement_page import InvolvementPage
from tests.conftest import TODAY
from tests.ui.app_fixtures import make_context

W = TypeVar("W", bound=QWidget)
Ctrl = Qt.KeyboardModifier.ControlModifier


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def open_page(qtbot: QtBot, context: AppContext) -> InvolvementPage:
    page = InvolvementPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def table_text(page: InvolvementPage) -> list[list[str]]:
    model = page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def the_dialog(qtbot: QtBot, page: InvolvementPage) -> QDialog:
    qtbot.waitUntil(lambda: page.current_dialog is not None and page.current_dialog.isVisible())
    dialog = page.current_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"no {text!r} in {combo.objectName()}"
    combo.setCurrentIndex(index)


def type_count(qtbot: QtBot, dialog: QDialog, name: str, value: int) -> None:
    box = find(dialog, QSpinBox, name)
    box.selectAll()
    qtbot.keyClicks(box, str(value))
    assert box.value() == value


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def test_log_an_activity_filter_it_and_delete_it(
    qtbot: QtBot, app_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_page(qtbot, app_context)
    assert page.model.rowCount() == 0
    assert "Nothing logged yet" in find(page, QLabel, "involvement_summary").text()
    qtbot.mouseClick(find(page, QPushButton, "add_involvement_button"), Qt.MouseButton.LeftButton)
    dialog = the_dialog(qtbot, page)
    assert NAMES_NOTE in find(dialog, QLabel, "names_note").text()
    qtbot.keyClicks(find(dialog, QLineEdit, "title"), "Redesigned the induction <draft> & more")
    choose(find(dialog, QComboBox, "stage"), "Recruitment")
    type_count(qtbot, dialog, "staff_count", 2)
    type_count(qtbot, dialog, "service_user_count", 5)
    choose(find(dialog, QComboBox, "payment_kind"), "Vouchers")
    qtbot.keyClicks(find(dialog, QLineEdit, "payment_amount"), "100.50")
    type_count(qtbot, dialog, "people_paid", 5)
    qtbot.keyClick(find(dialog, QCheckBox, "benefits_advice"), Qt.Key.Key_Space)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "you_said"), "First week was all forms.")
    choose(find(dialog, QComboBox, "outcome"), "We did")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "we_did"), "Shadowing day first.")
    with qtbot.waitSignal(page.changed, timeout=2000):
        qtbot.keyClick(find(dialog, QLineEdit, "title"), Qt.Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert table_text(page) == [
        [
            "15 Jun 2026",
            "Redesigned the induction <draft> & more",
            "Recruitment",
            "7 (2 staff, 5 using services)",
            "£100.50 (vouchers)",
            "We did (not yet told): Shadowing day first.",
        ]
    ]
    assert page.selected() is not None  # the new row is selected
    summary = find(page, QLabel, "involvement_summary").text()
    assert summary == "1 activity · £100.50 paid · 100% with a “you said, we did” answer"
    saved = app_context.services.involvement.list(app_context.actor)[0]
    assert saved.details.benefits_advice_offered and saved.details.people_paid == 5

    # filtering by another stage hides it; back to all shows it again
    stage = find(page, QComboBox, "stage_filter")
    choose(stage, "Design")
    assert page.model.rowCount() == 0
    assert find(page, QLabel, "involvement_summary").text() == "No activity matches the filter."
    choose(stage, "All stages")
    choose(find(page, QComboBox, "outcome_filter"), "Awaiting an answer")
    assert page.model.rowCount() == 0
    choose(find(page, QComboBox, "outcome_filter"), "We did")
    assert page.model.rowCount() == 1
    qtbot.keyClicks(find(page, QLineEdit, "involvement_search"), "shadowing")
    assert page.model.rowCount() == 1

    # delete, after saying No once and then Yes
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    page.table.selectRow(0)
    delete = find(page, QPushButton, "delete_involvement_button")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(page.changed, timeout=2000):
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert "Delete “Redesigned the induction <draft> & more”" in asked[0]
    assert page.model.rowCount() == 0
    assert app_context.services.involvement.list(app_context.actor) == []


def test_nobody_taking_part_is_shown_in_the_dialog(qtbot: QtBot, app_context: AppContext) -> None:
    page = open_page(qtbot, app_context)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Ctrl)  # Log an activity…
    dialog = the_dialog(qtbot, page)
    qtbot.keyClicks(find(dialog, QLineEdit, "title"), "Panel with nobody")
    choose(find(dialog, QComboBox, "payment_kind"), "Payment")
    qtbot.keyClicks(find(dialog, QLineEdit, "payment_amount"), "ten pounds")
    qtbot.mouseClick(find(dialog, QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert error_text(dialog, "staff_count") == "Count at least one person who took part."
    assert "like £25 or £1,234.50" in error_text(dialog, "payment_pence")
    assert page.model.rowCount() == 0


def test_edit_with_enter_and_sorting(
    qtbot: QtBot, app_context: AppContext, services: Services, admin: Actor
) -> None:
    for day, title in ((dt.date(2026, 1, 5), "Older"), (dt.date(2026, 5, 5), "Newer")):
        services.involvement.add(
            admin,
            InvolvementDetails(held_on=day, title=title, stage=Stage.DESIGN, staff_count=1),
        )
    page = open_page(qtbot, app_context)
    assert [row[1] for row in table_text(page)] == ["Newer", "Older"]
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [row[1] for row in table_text(page)] == ["Newer", "Older"]
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[1] for row in table_text(page)] == ["Older", "Newer"]
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = the_dialog(qtbot, page)
    title = find(dialog, QLineEdit, "title")
    assert title.text() == "Older"
    title.selectAll()
    qtbot.keyClicks(title, "Oldest")
    with qtbot.waitSignal(page.changed, timeout=2000):
        qtbot.keyClick(title, Qt.Key.Key_Return)
    assert [row[1] for row in table_text(page)] == ["Oldest", "Newer"]


def test_a_supervisor_cannot_change_what_others_logged(
    qtbot: QtBot, services: Services, admin: Actor, data_dir: Path
) -> None:
    services.involvement.add(
        admin,
        InvolvementDetails(
            held_on=TODAY,
            title="Board away day",
            stage=Stage.GOVERNANCE,
            service_user_count=6,
            payment_kind=PaymentKind.PAYMENT,
            payment_pence=6000,
            people_paid=6,
            outcome=Outcome.PENDING,
        ),
    )
    supervisor = Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR)
    page = open_page(qtbot, make_context(services, supervisor, data_dir))
    page.table.selectRow(0)
    assert find(page, QPushButton, "add_involvement_button").isEnabled()
    assert not find(page, QPushButton, "edit_involvement_button").isEnabled()
    assert not find(page, QPushButton, "delete_involvement_button").isEnabled()
