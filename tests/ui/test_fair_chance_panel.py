"""The fair-chance tab: check levels by role, and risk assessments (administrators only),
driven like a user against real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.fair_chance_views import (
    ADMINISTRATORS_ONLY,
    AssessmentDetails,
    CheckLevel,
    Decision,
)
from peerdesk.ui import fair_chance_panel as panel_module
from peerdesk.ui.context import AppContext
from peerdesk.ui.fair_chance_panel import FairChancePanel
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person, make_context

W = TypeVar("W", bound=QWidget)
Ctrl = Qt.KeyboardModifier.ControlModifier


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def open_dialog(qtbot: QtBot, panel: FairChancePanel) -> QDialog:
    qtbot.waitUntil(lambda: panel.current_dialog is not None and panel.current_dialog.isVisible())
    dialog = panel.current_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def rows(model: object) -> list[list[str]]:
    m = model  # a RowTableModel
    return [
        [m.index(r, c).data() for c in range(m.columnCount())]  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
    ]


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, int]:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    return {
        "jordan": add_person(services, admin, "Jordan Quill", job_title="Peer Mentor").id,
        "robin": add_person(services, admin, "Robin Vale").id,
        "casey": add_person(services, admin, "Casey Moor").id,
    }


def make_panel(qtbot: QtBot, context: AppContext) -> FairChancePanel:
    panel = FairChancePanel(context)
    qtbot.addWidget(panel)
    panel.resize(1000, 800)
    panel.show()
    panel.refresh()
    return panel


def due(services: Services, admin: Actor, staff_id: int, days_ago: int) -> None:
    decided = TODAY - dt.timedelta(days=days_ago)
    services.fair_chance.add(
        admin,
        AssessmentDetails(
            staff_id=staff_id,
            role_title="Peer Support Worker",
            disclosed_on=decided,
            decision=Decision.APPOINTED,
            decided_by="Amara",
            decided_on=decided,
        ),
    )


def test_admin_sets_a_check_level_by_typing(
    qtbot: QtBot, app_context: AppContext, people: dict[str, int], services: Services
) -> None:
    panel = make_panel(qtbot, app_context)
    qtbot.mouseClick(panel.add_level_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel)
    qtbot.keyClicks(find(dialog, QLineEdit, "job_title"), "Peer Mentor")
    level = find(dialog, QComboBox, "check_level")
    level.setFocus()
    qtbot.keyClicks(level, "Enh")
    assert level.currentText() == "Enhanced check"
    qtbot.keyClick(dialog, Qt.Key.Key_S, Ctrl)
    assert dialog.isVisible()  # a check needs a reason
    assert "eligible" in error_text(dialog, "eligibility_reason")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "eligibility_reason"), "One-to-one home visits")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(panel.level_model) == [
        ["Peer Mentor", "Enhanced check", "One-to-one home visits", "15 Jun 2026"]
    ]
    assert [c.level for c in services.fair_chance.check_levels(app_context.actor)] == [
        CheckLevel.ENHANCED
    ]
    assert panel.message.text() == "Set the check level of “Peer Mentor”."


def test_admin_adds_an_assessment_by_typing(
    qtbot: QtBot, app_context: AppContext, people: dict[str, int], services: Services
) -> None:
    panel = make_panel(qtbot, app_context)
    assert not panel.banner.isVisible()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel)
    note = find(dialog, QLabel, "conviction_note")
    assert "criminal-offence data" in note.text()
    assert "15 December 2026" in note.text()  # six months after today's decision
    qtbot.keyClick(dialog, Qt.Key.Key_S, Ctrl)
    assert error_text(dialog, "staff_id") and error_text(dialog, "decision")
    person = find(dialog, QComboBox, "staff_id")
    person.setFocus()
    qtbot.keyClicks(person, "Jordan")
    assert find(dialog, QLineEdit, "role_title").text() == "Peer Mentor"
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "circumstances"), "Told us at interview")
    decision = find(dialog, QComboBox, "decision")
    decision.setFocus()
    qtbot.keyClicks(decision, "Appointed")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(panel.assessment_model) == [
        ["Jordan Quill", "Peer Mentor", "15 Jun 2026", "Appointed", "15 Dec 2026"]
    ]
    held = services.fair_chance.assessments(app_context.actor)
    assert services.fair_chance.get(app_context.actor, held[0].id).details.circumstances == (
        "Told us at interview"
    )


def test_the_banner_asks_to_erase_and_erasing_says_what_goes(
    qtbot: QtBot,
    app_context: AppContext,
    people: dict[str, int],
    services: Services,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    due(services, admin, people["jordan"], 300)
    due(services, admin, people["robin"], 250)
    due(services, admin, people["casey"], 10)
    panel = make_panel(qtbot, app_context)
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == (
        "2 risk assessments are past their deletion date. Erase them now."
    )
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: QWidget, _title: str, text: str) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(panel_module, "confirm", confirm)
    qtbot.mouseClick(panel.banner_erase_button, Qt.MouseButton.LeftButton)
    assert "Jordan Quill" in asked[0] and "deleted for good" in asked[0]
    assert len(services.fair_chance.assessments(admin)) == 3  # cancelled: nothing went

    answer[0] = True
    qtbot.mouseClick(panel.banner_erase_button, Qt.MouseButton.LeftButton)
    assert "Jordan Quill" in asked[1]
    names = [a.full_name for a in services.fair_chance.assessments(admin)]
    assert names == ["Robin Vale", "Casey Moor"]
    assert panel.banner_label.text() == "1 risk assessment is past its deletion date. Erase it now."
    assert panel.message.text() == "Erased the risk assessment of Jordan Quill."

    qtbot.mouseClick(panel.banner_erase_button, Qt.MouseButton.LeftButton)
    assert not panel.banner.isVisible()
    assert [r[0] for r in rows(panel.assessment_model)] == ["Casey Moor"]
    erased = [
        e for e in services.audit.entries(admin) if e.action == "conviction assessment erased"
    ]
    assert len(erased) == 2


def test_keep_months_is_set_on_the_panel(
    qtbot: QtBot, app_context: AppContext, people: dict[str, int], services: Services
) -> None:
    panel = make_panel(qtbot, app_context)
    assert panel.keep_spin.value() == 6
    panel.keep_spin.setValue(3)
    qtbot.mouseClick(panel.keep_button, Qt.MouseButton.LeftButton)
    assert services.fair_chance.keep_months(app_context.actor) == 3


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SUPERVISOR])
def test_others_see_no_assessments_part(
    qtbot: QtBot,
    services: Services,
    admin: Actor,
    data_dir: Path,
    people: dict[str, int],
    role: Role,
) -> None:
    due(services, admin, people["jordan"], 300)
    actor = Actor(user_id=2, display_name="Mo", role=role, staff_id=people["robin"])
    panel = make_panel(qtbot, make_context(services, actor, data_dir))
    label = panel.admin_only_label
    assert label is not None and label.isVisible()
    assert label.text() == ADMINISTRATORS_ONLY
    assert panel.findChild(QWidget, "assessment_table") is None
    assert panel.findChild(QWidget, "due_banner") is None
    assert panel.add_level_button.isEnabled() is (role is Role.MANAGER)
