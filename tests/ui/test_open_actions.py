"""The supervision page's list of every open action across the organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.action_table_model import COL_ACTION, COL_OWNER, COL_PERSON, COL_STATE
from peerdesk.ui.close_action_dialog import CloseActionDialog
from peerdesk.ui.context import AppContext
from peerdesk.ui.main_window import PAGE_SUPERVISION, MainWindow
from peerdesk.ui.session_dialog import SessionDialog
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

Click = Qt.MouseButton.LeftButton


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def session(context: AppContext, supervisee: int, supervisor: int, when: dt.date) -> int:
    return context.services.supervision.create_session(
        context.actor,
        SessionDetails(
            supervisee_id=supervisee,
            supervisor_id=supervisor,
            session_date=when,
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.PHONE,
            agreed_record="Agreed the actions below.",
        ),
    ).id


@pytest.fixture
def actions(app_context: AppContext, register: dict[str, StaffRecord]) -> dict[str, int]:
    services, admin = app_context.services, app_context.actor
    amara = register["amara"].id
    gwen = add_person(
        services,
        admin,
        "Gwen Davies",
        start=dt.date(2020, 1, 6),
        end=dt.date(2025, 3, 31),
        reason="Moved to a new job",
    )
    zoe = session(app_context, register["zoe"].id, amara, days_ago(20))
    ben = session(app_context, register["ben"].id, amara, days_ago(10))
    left = session(app_context, gwen.id, amara, dt.date(2025, 1, 10))
    add = services.actions.add
    return {
        "zoe_late": add(admin, zoe, "Write up the outreach log", amara, days_ago(6)).id,
        "ben_open": add(admin, ben, "Read the lone working policy", None, TODAY).id,
        "ben_undated": add(admin, ben, "Think about the NVQ", register["ben"].id, None).id,
        "gwen": add(admin, left, "Hand over the Friday group", gwen.id, dt.date(2025, 2, 1)).id,
    }


def show_actions(qtbot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_SUPERVISION)
    page = window.supervision_page
    page.tabs.setCurrentWidget(page.actions_panel)
    return window


def shown(panel) -> list[tuple[str, str, str, str]]:
    model = panel.model
    return [
        tuple(model.data(model.index(r, c)) for c in (COL_ACTION, COL_STATE, COL_OWNER, COL_PERSON))
        for r in range(model.rowCount())
    ]


def test_overdue_first_then_every_open_action(qtbot, app_context, register, actions) -> None:
    panel = show_actions(qtbot, app_context).supervision_page.actions_panel
    assert panel.summary_label.text() == "4 open · 2 overdue"
    # it opens on what is overdue, the longest overdue first; a leaver's action stays
    assert shown(panel) == [
        ("Hand over the Friday group", "Overdue by 499 days", "Gwen Davies", "Gwen Davies (left)"),
        ("Write up the outreach log", "Overdue by 6 days", "Amara Okafor", "Zoë Łukasiewicz"),
    ]
    panel.view_combo.setCurrentIndex(1)
    assert [row[0] for row in shown(panel)] == [
        "Hand over the Friday group",
        "Write up the outreach log",
        "Read the lone working policy",
        "Think about the NVQ",
    ]
    assert shown(panel)[2][1:3] == ("Open", "Not named")
    assert shown(panel)[3][1] == "Open, no due date"
    qtbot.keyClicks(panel.search_edit, "ben nvq")
    assert [row[0] for row in shown(panel)] == ["Think about the NVQ"]
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "nothing like this")
    assert panel.empty_label.isVisibleTo(panel)
    assert panel.empty_label.text() == "No open action matches the search."


def test_nothing_overdue_says_so(qtbot, app_context, register) -> None:
    panel = show_actions(qtbot, app_context).supervision_page.actions_panel
    assert panel.empty_label.isVisibleTo(panel)
    assert panel.empty_label.text() == "No action is overdue."
    panel.view_combo.setCurrentIndex(1)
    assert "No action is open" in panel.empty_label.text()


def test_enter_opens_a_one_to_one_to_review_it(qtbot, app_context, register, actions) -> None:
    window = show_actions(qtbot, app_context)
    panel = window.supervision_page.actions_panel
    assert not panel.record_button.isEnabled()
    panel.table.selectRow(1)  # Zoë's
    assert panel.record_button.isEnabled()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = next(d for d in panel.findChildren(SessionDialog) if d.isVisible())
    assert "Zoë Łukasiewicz" in dialog.windowTitle()
    assert dialog.findChild(QLabel, f"review_description_{actions['zoe_late']}") is not None
    dialog.close()

    panel.table.selectRow(0)  # Gwen has left: no new one-to-one, but the session opens
    assert not panel.record_button.isEnabled()
    qtbot.mouseClick(panel.agreed_button, Click)
    opened = [d for d in panel.findChildren(SessionDialog) if d.isVisible()]
    assert len(opened) == 1 and opened[0].session_id is not None


def test_close_a_leavers_action_as_dropped_with_a_reason(
    qtbot, app_context, register, actions
) -> None:
    window = show_actions(qtbot, app_context)
    page = window.supervision_page
    panel = page.actions_panel
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.close_button, Click)
    dialog = panel.close_dialog
    assert isinstance(dialog, CloseActionDialog) and dialog.isVisible()
    assert dialog.findChild(QLabel, "action_description").text() == "Hand over the Friday group"
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Dropped"))

    # dropped needs a reason: nothing is saved without it
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Click)
    error = dialog.findChild(QLabel, "note_error")
    assert error.isVisible() and error.text() == "Say why the action was dropped."
    services, admin = app_context.services, app_context.actor
    assert services.actions.get(admin, actions["gwen"]).is_open

    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "close_note"), "Gwen left; group ended")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Click)
    closed = services.actions.get(admin, actions["gwen"])
    assert (closed.status, closed.closing_note) == (ActionStatus.DROPPED, "Gwen left; group ended")
    assert closed.closed_in_session_id is None
    assert panel.summary_label.text() == "3 open · 1 overdue"
    assert [row[0] for row in shown(panel)] == ["Write up the outreach log"]


def test_close_as_done_needs_no_note(qtbot, app_context, register, actions) -> None:
    panel = show_actions(qtbot, app_context).supervision_page.actions_panel
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.close_button, Click)
    dialog = panel.close_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Click)
    done = app_context.services.actions.get(app_context.actor, actions["zoe_late"])
    assert done.status is ActionStatus.DONE
    assert done.closed_on == TODAY


def test_the_dashboard_lists_current_staffs_overdue_actions_only(
    qtbot, app_context, register, actions
) -> None:
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    dashboard = window.dashboard_page
    assert dashboard.figures["overdue_actions"].text() == "1"
    listed = dashboard.actions_list
    assert listed.topLevelItemCount() == 1
    assert listed.topLevelItem(0).text(0) == "Write up the outreach log"
    assert listed.topLevelItem(0).text(1) == "Zoë Łukasiewicz"
    # the leaver's action is still in the full list
    panel = window.supervision_page.actions_panel
    window.show_page(PAGE_SUPERVISION)
    assert "Hand over the Friday group" in [row[0] for row in shown(panel)]
