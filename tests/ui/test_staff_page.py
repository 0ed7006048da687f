"""The staff page driven like a user: search as you type, filters, sorting, add, leaver."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from peerdesk.domain.enums import RoleCategory, StaffStatus
from peerdesk.ui.pages.staff_page import StaffPage
from peerdesk.ui.staff_table_model import COL_NAME, COL_START, COL_STATUS


def names(page: StaffPage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def make_page(qtbot, app_context) -> StaffPage:
    page = StaffPage(app_context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def test_lists_current_staff_by_name_with_a_count(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    assert names(page) == [
        "Amara Okafor",
        "Ben Carter",
        "Siobhán Kelly",
        "Tomás Herrera",
        "Zoë Łukasiewicz",
    ]
    assert page.ui.count_label.text() == "5 people · current staff"
    assert page.ui.table.isColumnHidden(COL_STATUS)


def test_typing_in_search_filters_as_you_type_ignoring_accents(
    qtbot, app_context, register
) -> None:
    page = make_page(qtbot, app_context)
    qtbot.keyClicks(page.ui.search_edit, "zo")
    assert names(page) == ["Zoë Łukasiewicz"]
    assert page.ui.count_label.text() == "1 person · current staff"
    page.ui.search_edit.clear()
    qtbot.keyClicks(page.ui.search_edit, "nurse")
    assert names(page) == ["Siobhán Kelly"]
    page.ui.search_edit.clear()
    qtbot.keyClicks(page.ui.search_edit, "outreach")
    assert names(page) == ["Ben Carter", "Zoë Łukasiewicz"]


def test_no_match_shows_a_plain_empty_state(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    qtbot.keyClicks(page.ui.search_edit, "nobody-here")
    assert page.model.rowCount() == 0
    assert page.ui.empty_label.isVisible()
    assert not page.ui.table.isVisible()
    assert "No one matches" in page.ui.empty_label.text()
    page.ui.search_edit.clear()
    assert page.ui.table.isVisible()


def test_team_role_and_status_filters_combine(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    choose(page.ui.team_combo, "Outreach")
    assert names(page) == ["Ben Carter", "Zoë Łukasiewicz"]
    choose(page.ui.role_combo, RoleCategory.PEER_APPRENTICE.label)
    assert names(page) == ["Ben Carter"]
    choose(page.ui.role_combo, "All role categories")
    choose(page.ui.status_combo, StaffStatus.LEAVERS.label)
    assert names(page) == ["Gwen Davies"]
    assert not page.ui.table.isColumnHidden(COL_STATUS)
    status = page.model.data(page.model.index(0, COL_STATUS))
    assert status == "Left 31 Mar 2025"
    choose(page.ui.status_combo, StaffStatus.ALL.label)
    assert names(page) == ["Ben Carter", "Gwen Davies", "Zoë Łukasiewicz"]
    assert page.ui.count_label.text() == "3 people · in the register"


def test_clicking_a_column_header_sorts_in_sql(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    header = page.ui.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_NAME) + 10
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert names(page)[0] == "Zoë Łukasiewicz"
    assert page.model.query.descending
    page.ui.table.sortByColumn(COL_START, Qt.SortOrder.AscendingOrder)
    assert page.model.query.sort.value == "start_date"


def test_new_person_is_added_through_the_form_and_selected(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    qtbot.mouseClick(page.ui.new_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "full_name"), "Priya Shah")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "job_title"), "Peer worker")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    assert "Priya Shah" in names(page)
    assert page.selected_staff_id() is not None
    selected = page.model.row_at(page.ui.table.currentIndex().row())
    assert selected is not None and selected.full_name == "Priya Shah"
    assert page.ui.count_label.text() == "6 people · current staff"


def test_mark_as_leaver_moves_them_out_of_current_staff(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    assert page.select_staff(register["ben"].id)
    assert page.ui.leaver_button.isEnabled()
    qtbot.mouseClick(page.ui.leaver_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "leaving_reason"), "Apprenticeship ended")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    # leaving today: still current until tomorrow, shown as leaving
    record = app_context.services.staff.get(app_context.actor, register["ben"].id)
    assert record.details.leaving_reason == "Apprenticeship ended"
    assert record.details.end_date is not None


def test_enter_on_a_row_opens_the_person_for_editing(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    page.ui.search_edit.setFocus()
    qtbot.keyClicks(page.ui.search_edit, "ben")
    qtbot.keyClick(page.ui.search_edit, Qt.Key.Key_Down)
    assert page.selected_staff_id() == register["ben"].id
    qtbot.keyClick(page.ui.table, Qt.Key.Key_Return)
    dialog = page.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QLineEdit, "full_name").text() == "Ben Carter"


def test_buttons_need_a_selection(qtbot, app_context, register) -> None:
    page = make_page(qtbot, app_context)
    assert not page.ui.edit_button.isEnabled()
    assert not page.ui.leaver_button.isEnabled()
    page.ui.table.selectRow(0)
    assert page.ui.edit_button.isEnabled()
    assert page.selected_staff_id() == page.model.row_at(0).id


def test_a_one_to_one_can_be_started_from_the_staff_page(qtbot, app_context, register) -> None:
    from peerdesk.ui.session_dialog import SessionDialog

    page = make_page(qtbot, app_context)
    assert not page.ui.session_button.isEnabled()
    assert page.select_staff(register["ben"].id)
    assert page.ui.session_button.isEnabled()
    qtbot.mouseClick(page.ui.session_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(SessionDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Ben Carter" in dialog.windowTitle() or "Ben Carter" in " ".join(
        label.text() for label in dialog.findChildren(QLabel)
    )


def test_someone_with_a_further_role_shows_it_beside_their_job_title(
    qtbot, app_context, register
) -> None:
    import datetime as dt

    from peerdesk.domain.enums import EmploymentType
    from peerdesk.domain.staff_roles import RoleDetails
    from peerdesk.ui.staff_table_model import COL_JOB_TITLE

    services, actor = app_context.services, app_context.actor
    zoe = register["zoe"]
    services.roles.add(
        actor,
        zoe.id,
        RoleDetails(
            "Befriender", RoleCategory.VOLUNTEER, EmploymentType.VOLUNTEER, dt.date(2024, 1, 8)
        ),
    )
    services.roles.add(  # ended before today: not counted
        actor,
        zoe.id,
        RoleDetails(
            "Sessional cover",
            RoleCategory.PEER_WORKER,
            EmploymentType.SESSIONAL,
            dt.date(2024, 1, 8),
            end_date=dt.date(2024, 12, 31),
        ),
    )
    page = make_page(qtbot, app_context)
    row = names(page).index("Zoë Łukasiewicz")
    title = page.model.data(page.model.index(row, COL_JOB_TITLE))
    assert title == f"{zoe.details.job_title} (+1 more role)"
    other = names(page).index("Ben Carter")
    assert "more role" not in page.model.data(page.model.index(other, COL_JOB_TITLE))


def test_an_administrator_erases_a_leaver_from_the_register(qtbot, app_context, register) -> None:
    from PySide6.QtWidgets import QCheckBox

    from peerdesk.domain.enums import StaffStatus

    page = make_page(qtbot, app_context)
    button = page.ui.erase_button
    assert button.isVisible()
    assert page.select_staff(register["amara"].id)
    assert not button.isEnabled()  # current staff cannot be erased
    choose(page.ui.status_combo, StaffStatus.LEAVERS.label)
    gwen = register["gone"].id
    assert page.select_staff(gwen)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.erasure_dialog
    assert dialog is not None and dialog.isVisible()
    erase = dialog.findChild(QPushButton, "erase_button")
    assert erase is not None and not erase.isEnabled()  # not until the tick
    tick = dialog.findChild(QCheckBox)
    assert tick is not None
    tick.setChecked(True)
    qtbot.mouseClick(erase, Qt.MouseButton.LeftButton)
    assert dialog.result_value is not None
    done = dialog.findChild(QLabel, "erasure_done")
    assert done is not None and done.text().startswith("Erased.")
    close = dialog.findChild(QPushButton, "cancel_button")
    assert close is not None and close.text() == "Close"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    record = app_context.services.staff.get(app_context.actor, gwen)
    assert record.details.wellbeing_notes == "" and record.details.leaving_reason == ""
    # the register says so, beside the leaving date
    from peerdesk.ui.staff_table_model import StaffIdRole

    model = page.model
    statuses = {
        model.data(model.index(r, 0), StaffIdRole): model.data(model.index(r, COL_STATUS))
        for r in range(model.rowCount())
    }
    assert statuses[gwen].startswith("Left ") and statuses[gwen].endswith("· erased")
    assert not any(text.endswith("erased") for sid, text in statuses.items() if sid != gwen)


def test_a_manager_has_no_erase_button(qtbot, services, data_dir, register) -> None:
    from peerdesk.services.actor import Actor, Role
    from tests.ui.app_fixtures import make_context

    manager = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=None)
    page = make_page(qtbot, make_context(services, manager, data_dir))
    assert not page.ui.erase_button.isVisible()
