"""The policy register tab, driven from the keyboard against real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import PolicyStatus, RoleCategory
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.policy_views import PolicyDetails
from peerdesk.ui import policy_panel as panel_module
from peerdesk.ui.context import AppContext
from peerdesk.ui.policy_dialog import next_version
from peerdesk.ui.policy_panel import SHOW_ALL, SHOW_DUE, SHOW_IN_USE, SHOW_RETIRED, PolicyPanel
from peerdesk.ui.policy_table_model import (
    COL_NEXT_REVIEW,
    COL_REVIEW,
    OVERDUE_COLOUR,
    PolicyTableModel,
)
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person, make_context

W = TypeVar("W", bound=QWidget)
Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
S = PolicyStatus


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def find(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} called {name!r}"
    return widget


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    # keys and shortcuts reach only the active window; offscreen it arrives a moment later
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def error_text(dialog: QWidget, field: str) -> str:
    label = find(dialog, QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def table_text(panel: PolicyPanel) -> list[list[str]]:
    model = panel.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def open_dialog(qtbot: QtBot, panel: PolicyPanel) -> QDialog:
    qtbot.waitUntil(lambda: panel.current_dialog is not None and panel.current_dialog.isVisible())
    dialog = panel.current_dialog
    assert dialog is not None
    activate(qtbot, dialog)
    return dialog


def save_with_ctrl_s(qtbot: QtBot, panel: PolicyPanel, dialog: QDialog) -> None:
    with qtbot.waitSignal(panel.changed, timeout=2000):
        focus = dialog.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_S, Ctrl)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.fixture
def owners(services: Services, admin: Actor) -> dict[str, int]:
    amara = add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    priya = add_person(services, admin, "Priya Raman", role=RoleCategory.MANAGER)
    return {"amara": amara.id, "priya": priya.id}


def add(services: Services, admin: Actor, title: str, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "title": title,
        "status": S.APPROVED,
        "version": "3.1",
        "approved_on": ago(300),
        "next_review": ago(-200),
    }
    fields.update(changes)
    return services.policies.add(admin, PolicyDetails(**fields)).id


@pytest.fixture
def register(services: Services, admin: Actor, owners: dict[str, int]) -> dict[str, int]:
    return {
        "lone": add(services, admin, "Lone working", next_review=ago(12), owner_id=owners["amara"]),
        "boundaries": add(services, admin, "Boundaries", next_review=ago(-30)),
        "whistle": add(services, admin, "Whistleblowing", location=""),
        "social": add(
            services,
            admin,
            "Social media",
            status=S.DRAFT,
            approved_on=None,
            version="0.2",
            next_review=ago(-100),
        ),
        "gifts": add(services, admin, "Gifts", status=S.RETIRED, next_review=None),
    }


@pytest.fixture
def make_panel(qtbot: QtBot, services: Services, data_dir: Path) -> Any:
    def make(actor: Actor | None = None) -> PolicyPanel:
        context: AppContext = make_context(services, actor or Actor.local_administrator(), data_dir)
        panel = PolicyPanel(context)
        qtbot.addWidget(panel)
        panel.resize(840, 520)
        panel.show()
        qtbot.waitExposed(panel)
        activate(qtbot, panel)
        panel.refresh()
        return panel

    return make


# -- showing ---------------------------------------------------------------------------------


def test_an_empty_register_says_why_and_how_to_start(make_panel) -> None:
    panel = make_panel()
    assert panel.empty_label.isVisible()
    assert "The register is empty" in panel.empty_label.text()
    assert "New policy… (Alt+N)" in panel.empty_label.text()
    assert not panel.table.isVisible()
    assert panel.new_button.isEnabled()
    for button in (
        panel.edit_button,
        panel.review_button,
        panel.retire_button,
        panel.open_button,
    ):
        assert not button.isEnabled()


def test_the_register_words_and_colours_each_review(make_panel, register, qtmodeltester) -> None:
    panel = make_panel()
    qtmodeltester.check(panel.model)
    rows = table_text(panel)
    assert [row[0] for row in rows] == [
        "Lone working",
        "Boundaries",
        "Social media",
        "Whistleblowing",
    ]
    assert rows[0] == [
        "Lone working",
        "In force",
        "3.1",
        "Amara Okafor",
        "19 Aug 2025",
        "3 Jun 2026",
        "Overdue by 12 days",
    ]
    assert rows[1][6] == "Due in 30 days"
    assert rows[2][1:5] == ["Draft", "0.2", "No owner", "Not yet"]
    assert rows[2][6] == "Due in 3 months"
    assert rows[3][6] == "Due in 6 months"
    overdue = panel.model.index(0, COL_REVIEW).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue.color() == QColor(OVERDUE_COLOUR)
    assert panel.model.index(0, COL_NEXT_REVIEW).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert panel.model.index(3, COL_REVIEW).data(Qt.ItemDataRole.ForegroundRole) is None
    assert panel.summary_label.text() == "4 in use · 1 review overdue"


def test_filters_and_search_with_empty_states(qtbot, make_panel, register) -> None:
    panel = make_panel()
    combo = find(panel, QComboBox, "policy_view")
    # Alt+W reaches the view combo; the arrow keys choose
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_W, Alt)
    assert panel.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == SHOW_DUE
    assert [r[0] for r in table_text(panel)] == ["Lone working", "Boundaries"]
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == SHOW_RETIRED
    assert table_text(panel)[0][:2] == ["Gifts", "Retired"]
    assert table_text(panel)[0][6] == "Retired"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == SHOW_ALL
    assert len(table_text(panel)) == 5

    qtbot.keyClicks(panel.search_edit, "amara")
    assert [r[0] for r in table_text(panel)] == ["Lone working"]
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "nothing like it")
    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "No policy in the register matches the search."
    combo.setCurrentIndex(SHOW_IN_USE)
    assert "choose All to search the whole register" in panel.empty_label.text()


def test_when_no_review_is_due_the_view_says_so(
    make_panel, services: Services, admin: Actor
) -> None:
    add(services, admin, "Whistleblowing")
    panel = make_panel()
    panel.view_combo.setCurrentIndex(SHOW_DUE)
    assert panel.empty_label.text().startswith("No review is overdue or due in the next 60 days")
    panel.view_combo.setCurrentIndex(SHOW_RETIRED)
    assert panel.empty_label.text() == "No policy has been retired."


# -- adding and editing ----------------------------------------------------------------------


def test_add_a_policy_from_the_keyboard(
    qtbot, make_panel, services: Services, admin: Actor, owners
) -> None:
    panel = make_panel()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_N, Alt)
    dialog = open_dialog(qtbot, panel)
    assert dialog.windowTitle() == "New policy"
    title = find(dialog, QLineEdit, "title")
    assert dialog.focusWidget() is title
    qtbot.keyClicks(title, "Lone working")
    status = find(dialog, QComboBox, "status")
    assert status.currentText() == "Draft"
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is status
    qtbot.keyClick(status, Qt.Key.Key_Down)
    assert status.currentText() == "In force"
    assert find(dialog, QCheckBox, "approved_check").isChecked()  # in force needs the date
    qtbot.keyClick(status, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "2.0")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    owner = find(dialog, QComboBox, "owner_id")
    assert dialog.focusWidget() is owner
    qtbot.keyClicks(owner, "Priya")
    assert owner.currentData() == owners["priya"]
    find(dialog, QDateEdit, "approved_on").setDate(QDate(2026, 6, 1))
    find(dialog, QDateEdit, "next_review").setDate(QDate(2027, 6, 1))
    qtbot.keyClicks(find(dialog, QLineEdit, "location"), r"S:\Policies\Lone working v2.0.docx")
    notes = find(dialog, QPlainTextEdit, "notes")
    qtbot.keyClicks(notes, "Buddy system for evening visits.")
    save_with_ctrl_s(qtbot, panel, dialog)

    (policy,) = services.policies.list(admin)
    assert policy.details == PolicyDetails(
        title="Lone working",
        status=S.APPROVED,
        version="2.0",
        owner_id=owners["priya"],
        approved_on=dt.date(2026, 6, 1),
        next_review=dt.date(2027, 6, 1),
        location=r"S:\Policies\Lone working v2.0.docx",
        notes="Buddy system for evening visits.",
    )
    assert panel.selected() is not None and panel.selected().id == policy.id
    assert panel.message.text() == "Added “Lone working” to the register."
    # back on the new row (offscreen, the panel's window is not made active again by itself)
    assert panel.focusWidget() is panel.table


def test_the_dialog_refuses_a_blank_title_and_a_duplicate(
    qtbot, make_panel, register, services: Services, admin: Actor
) -> None:
    panel = make_panel()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_N, Alt)
    dialog = open_dialog(qtbot, panel)
    title = find(dialog, QLineEdit, "title")
    qtbot.keyClick(title, Qt.Key.Key_S, Ctrl)
    assert dialog.isVisible()
    assert error_text(dialog, "title") == "Enter the policy's title."
    assert dialog.focusWidget() is title
    qtbot.keyClicks(title, "LONE WORKING")
    assert error_text(dialog, "title") == ""  # goes as soon as it is put right
    qtbot.keyClick(title, Qt.Key.Key_Return)  # Enter saves too
    general = find(dialog, QLabel, "general_error")
    assert general.isVisible()
    assert general.text() == "There is already a policy called “Lone working”."
    assert len(services.policies.list(admin, include_retired=True)) == 5
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_on_a_row_edits_it(
    qtbot, make_panel, register, services: Services, admin: Actor
) -> None:
    panel = make_panel()
    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, panel)
    assert dialog.windowTitle() == "Edit a policy"
    title = find(dialog, QLineEdit, "title")
    assert title.text() == "Boundaries"
    version = find(dialog, QLineEdit, "version")
    assert version.text() == "3.1"
    version.selectAll()
    qtbot.keyClicks(version, "3.2")
    qtbot.keyClick(version, Qt.Key.Key_D, Alt)  # the document field
    qtbot.keyClicks(dialog.focusWidget(), "https://example.org/boundaries")
    save_with_ctrl_s(qtbot, panel, dialog)
    policy = services.policies.get(admin, register["boundaries"])
    assert policy.details.version == "3.2"
    assert policy.details.location == "https://example.org/boundaries"
    assert panel.message.text() == "Saved “Boundaries”."


def test_a_draft_needs_a_next_review(qtbot, make_panel, register) -> None:
    panel = make_panel()
    panel.table.selectRow(2)  # Social media, a draft
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Alt)
    dialog = open_dialog(qtbot, panel)
    find(dialog, QCheckBox, "approved_check").setChecked(True)
    find(dialog, QDateEdit, "approved_on").setDate(QDate(2026, 6, 10))
    find(dialog, QDateEdit, "next_review").setDate(QDate(2026, 6, 1))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert error_text(dialog, "next_review") == (
        "The review date cannot be before the approval date."
    )


# -- reviewing and retiring ------------------------------------------------------------------


def test_mark_reviewed_suggests_the_next_version_and_a_year_on(
    qtbot, make_panel, register, services: Services, admin: Actor
) -> None:
    panel = make_panel()
    panel.table.selectRow(0)  # Lone working, overdue
    qtbot.keyClick(panel.table, Qt.Key.Key_R, Alt)
    dialog = open_dialog(qtbot, panel)
    assert dialog.objectName() == "review_policy_dialog"
    version = find(dialog, QLineEdit, "version")
    assert version.text() == "3.2"
    assert dialog.focusWidget() is version
    approved = find(dialog, QDateEdit, "approved_on")
    review = find(dialog, QDateEdit, "next_review")
    assert approved.date() == QDate(2026, 6, 15)
    assert review.date() == QDate(2027, 6, 15)
    approved.setDate(QDate(2026, 6, 10))
    assert review.date() == QDate(2027, 6, 10)  # follows the approval date
    qtbot.keyClicks(version, "4.0")  # typing replaces the selected suggestion
    save_with_ctrl_s(qtbot, panel, dialog)
    policy = services.policies.get(admin, register["lone"])
    assert policy.details.status is S.APPROVED
    assert policy.details.version == "4.0"
    assert policy.details.approved_on == dt.date(2026, 6, 10)
    assert policy.details.next_review == dt.date(2027, 6, 10)
    assert panel.message.text() == (
        "Marked “Lone working” as reviewed: version 4.0, next review 10 Jun 2027."
    )
    assert panel.summary_label.text() == "4 in use · 0 reviews overdue"


def test_retire_moves_it_to_the_retired_list(
    qtbot, make_panel, register, services: Services, admin: Actor
) -> None:
    panel = make_panel()
    panel.table.selectRow(1)  # Boundaries
    qtbot.keyClick(panel.table, Qt.Key.Key_I, Alt)
    dialog = open_dialog(qtbot, panel)
    assert dialog.windowTitle() == "Retire a policy"
    assert find(dialog, QDateEdit, "retired_on").date() == QDate(2026, 6, 15)
    save_with_ctrl_s(qtbot, panel, dialog)
    policy = services.policies.get(admin, register["boundaries"])
    assert policy.is_retired
    assert panel.view_combo.currentIndex() == SHOW_ALL  # so it can still be seen
    assert panel.selected() is not None and panel.selected().id == policy.id
    assert not panel.retire_button.isEnabled()
    assert not panel.review_button.isEnabled()
    assert panel.message.text() == "Retired “Boundaries”: it is listed under Retired."
    assert register["boundaries"] not in [
        r.policy_id for r in services.policies.reviews_due(admin, 365)
    ]


def test_a_future_retirement_is_refused_in_the_dialog(qtbot, make_panel, register) -> None:
    panel = make_panel()
    panel.table.selectRow(1)
    panel.retire_selected()
    dialog = open_dialog(qtbot, panel)
    find(dialog, QDateEdit, "retired_on").setDate(QDate(2026, 7, 1))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Ctrl)
    assert dialog.isVisible()
    assert error_text(dialog, "retired_on") == "Retire a policy on the day it stops, not before."


# -- the document ----------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(panel_module, "open_url", fake_open)
    return urls


def test_open_a_document_that_exists(
    qtbot, make_panel, services: Services, admin: Actor, tmp_path: Path, opened
) -> None:
    document = tmp_path / "Lone working.docx"
    document.write_text("policy")
    add(services, admin, "Lone working", location=str(document))
    panel = make_panel()
    panel.table.selectRow(0)
    assert panel.open_button.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_O, Alt)
    qtbot.waitUntil(lambda: bool(opened))  # a mnemonic clicks after a short flash
    assert opened == [QUrl.fromLocalFile(str(document))]
    assert panel.message.text() == "Opened the document for “Lone working”."


def test_open_a_link(qtbot, make_panel, services: Services, admin: Actor, opened) -> None:
    add(services, admin, "Lone working", location="https://example.org/policies/lone")
    panel = make_panel()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_O, Alt)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [QUrl("https://example.org/policies/lone")]


def test_a_missing_document_gets_a_plain_message(
    qtbot, make_panel, services: Services, admin: Actor, opened
) -> None:
    add(services, admin, "Lone working", location=r"S:\Policies\Lone working.docx")
    add(services, admin, "Whistleblowing", next_review=ago(-300))
    panel = make_panel()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_O, Alt)
    qtbot.waitUntil(panel.message.isVisible)
    assert opened == []
    assert panel.message.text().startswith(
        r"The document for “Lone working” is not at S:\Policies\Lone working.docx."
    )
    panel.table.selectRow(1)  # no location recorded: nothing to open
    assert not panel.open_button.isEnabled()


def test_a_document_no_program_opens(
    qtbot, make_panel, services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(panel_module, "open_url", lambda url: False)
    add(services, admin, "Lone working", location="https://example.org/x")
    panel = make_panel()
    panel.table.selectRow(0)
    panel.open_document()
    assert "could not be opened" in panel.message.text()


# -- who may change it -----------------------------------------------------------------------


def test_a_supervisor_reads_the_register_but_cannot_change_it(qtbot, make_panel, register) -> None:
    supervisor = Actor(user_id=4, display_name="Sam", role=Role.SUPERVISOR)
    panel = make_panel(supervisor)
    assert len(table_text(panel)) == 4
    panel.table.selectRow(0)
    for button in (panel.new_button, panel.edit_button, panel.review_button, panel.retire_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Only managers can change the policy register."
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.current_dialog is None


def test_next_version() -> None:
    assert next_version("3.1") == "3.2"
    assert next_version("2") == "3"
    assert next_version("v1.9") == "v1.10"
    assert next_version("2024-03 draft") == "2024-04 draft"
    assert next_version("") == ""
    assert next_version("final") == "final"


def test_the_table_model_alone(qtmodeltester) -> None:
    model = PolicyTableModel()
    qtmodeltester.check(model)
