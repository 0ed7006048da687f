"""The supervision page and dashboard show who is overdue, due this week and up to date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.store.database import Database
from peerdesk.store.models import SupervisionSession
from peerdesk.ui.main_window import PAGE_DASHBOARD, PAGE_SUPERVISION, MainWindow
from peerdesk.ui.schedule_table_model import COL_NAME, COL_STATUS
from tests.conftest import TODAY


def held(database: Database, supervisee: int, supervisor: int, days_ago: int, **extra) -> None:
    with database.sessions.begin() as session:
        session.add(
            SupervisionSession(
                supervisee_id=supervisee,
                supervisor_id=supervisor,
                session_date=TODAY - dt.timedelta(days=days_ago),
                session_type="line_management",
                mode="in_person",
                outcome=extra.pop("outcome", SessionOutcome.HELD.value),
                outcome_reason=extra.pop("reason", ""),
            )
        )


def names(window: MainWindow) -> list[tuple[str, str]]:
    model = window.supervision_page.model
    return [
        (model.data(model.index(r, COL_NAME)), model.data(model.index(r, COL_STATUS)))
        for r in range(model.rowCount())
    ]


def test_supervision_page_opens_on_who_needs_attention(
    qtbot, app_context, register, database
) -> None:
    amara = register["amara"].id
    held(database, register["zoe"].id, amara, 40)  # 28-day standard: 12 days overdue
    held(database, register["ben"].id, amara, 24)  # due in 4 days
    held(database, register["siobhan"].id, amara, 3)  # up to date
    # a cancelled session does not count: Tomás was last supervised 60 days ago
    held(database, register["tomas"].id, amara, 60)
    held(database, register["tomas"].id, amara, 10, outcome="cancelled_by_supervisor", reason="ill")
    held(database, amara, register["tomas"].id, 5)
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    window.show_page(PAGE_SUPERVISION)
    page = window.supervision_page
    assert names(window) == [
        ("Tomás Herrera", "Overdue by 32 days"),
        ("Zoë Łukasiewicz", "Overdue by 12 days"),
        ("Ben Carter", "Due this week"),
    ]
    assert page.summary_label.text() == "2 overdue · 1 due this week · 2 up to date"
    page.view_combo.setCurrentIndex(3)  # up to date
    assert [n for n, _ in names(window)] == ["Amara Okafor", "Siobhán Kelly"]
    page.view_combo.setCurrentIndex(5)  # everyone
    qtbot.keyClicks(page.search_edit, "zoe")
    assert [n for n, _ in names(window)] == ["Zoë Łukasiewicz"]
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "nobody")
    assert page.empty_label.isVisibleTo(page)
    assert "No one matches" in page.empty_label.text()


def test_dashboard_counts_supervision(qtbot, app_context, register, database) -> None:
    held(database, register["zoe"].id, register["amara"].id, 40)
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show_page(PAGE_DASHBOARD)
    figures = window.dashboard_page.figures
    # Zoë is overdue; the others were never supervised and started long ago: overdue too
    assert figures["overdue"].text() == "5"
    held(database, register["ben"].id, register["amara"].id, 2)
    window.show_page(PAGE_SUPERVISION)
    window.show_page(PAGE_DASHBOARD)
    assert figures["overdue"].text() == "4"
    assert figures["up_to_date"].text() == "1"


def test_record_a_one_to_one_from_the_page_and_see_the_dashboard_change(
    qtbot, app_context, register, database
) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    from peerdesk.ui.session_dialog import SessionDialog

    amara = register["amara"].id
    for person in ("zoe", "ben", "siobhan", "tomas"):
        held(database, register[person].id, amara, 3)
    held(database, amara, register["tomas"].id, 40)  # Amara is the one overdue
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_DASHBOARD)
    assert window.dashboard_page.figures["overdue"].text() == "1"

    window.show_page(PAGE_SUPERVISION)
    page = window.supervision_page
    assert names(window) == [("Amara Okafor", "Overdue by 12 days")]
    page.table.selectRow(0)
    assert page.history_label.text() == "Amara Okafor: 1 session recorded"
    assert page.history_list.count() == 1
    assert "Line management" in page.history_list.item(0).text()

    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(SessionDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "agreed_record"), "Caught up after leave.")
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    dialog.close()

    assert names(window) == []
    assert "No one is overdue or due this week" in page.empty_label.text()
    page.view_combo.setCurrentIndex(5)
    assert page.select_staff(amara)
    assert page.history_list.count() == 2
    page.history_list.setCurrentRow(0)
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    reopened = [d for d in page.findChildren(SessionDialog) if d.isVisible()]
    assert reopened and reopened[-1].session_id is not None
    window.show_page(PAGE_DASHBOARD)
    assert window.dashboard_page.figures["overdue"].text() == "0"


def test_dashboard_counts_overdue_actions(qtbot, app_context, register) -> None:
    from peerdesk.domain.enums import SessionMode, SessionType
    from peerdesk.domain.supervision_record import SessionDetails

    services, actor = app_context.services, app_context.actor
    record = services.supervision.create_session(
        actor,
        SessionDetails(
            supervisee_id=register["ben"].id,
            supervisor_id=register["amara"].id,
            session_date=TODAY - dt.timedelta(days=30),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            agreed_record="Agreed to book training.",
        ),
    )
    services.actions.add(
        actor, record.id, "Book training", register["ben"].id, TODAY - dt.timedelta(days=3)
    )
    services.actions.add(actor, record.id, "Read the guidance", None, TODAY + dt.timedelta(9))
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show_page(PAGE_DASHBOARD)
    assert window.dashboard_page.figures["overdue_actions"].text() == "1"
    assert window.dashboard_page.figures["agreement_reviews"].text() == "0"
