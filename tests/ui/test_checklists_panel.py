"""The Checklists tab: start a checklist, work through it with the keyboard, review it,
update it to a newer template version and save it as a template."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QLabel

from peerdesk.domain.enums import ChecklistItemStatus as S
from peerdesk.domain.enums import RoleCategory
from peerdesk.services.actor import Actor, Role
from peerdesk.services.checklist_service import ChecklistService
from peerdesk.services.checklist_views import ItemAnswer
from peerdesk.ui import checklist_item_dialog
from peerdesk.ui.checklist_dialogs import (
    AddItemDialog,
    ConfirmDialog,
    NewChecklistDialog,
    SaveTemplateDialog,
)
from peerdesk.ui.checklist_item_dialog import ChecklistItemDialog
from peerdesk.ui.checklists_panel import NO_CHECKLISTS, ChecklistsPanel
from peerdesk.ui.context import AppContext
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person, make_context

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checklists"
Key = Qt.Key
Click = Qt.MouseButton.LeftButton
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    shipped = tmp_path / "shipped"
    shutil.copytree(FIXTURES / "v1", shipped)
    return shipped, tmp_path / "own"


@pytest.fixture
def context(services, admin, data_dir, database, folders) -> AppContext:
    checklists = ChecklistService(database.sessions, today=lambda: TODAY, template_folders=folders)
    return make_context(replace(services, checklists=checklists), admin, data_dir)


@pytest.fixture
def panel(qtbot, context) -> ChecklistsPanel:
    widget = ChecklistsPanel(context)
    qtbot.addWidget(widget)
    widget.resize(840, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def save_with_ctrl_s(qtbot, dialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def visible_error(dialog, field: str) -> str:
    label = dialog.findChild(QLabel, f"{field}_error")
    return label.text() if label is not None and label.isVisibleTo(dialog) else ""


def start(panel: ChecklistsPanel, qtbot, row: int = 0) -> None:
    """Start a checklist from the template in ``row`` with the keyboard."""
    panel.new_button.setFocus()
    qtbot.keyClick(panel.new_button, Key.Key_Space)
    dialog = panel.current_dialog
    assert isinstance(dialog, NewChecklistDialog)
    for _ in range(row):
        qtbot.keyClick(dialog.templates, Key.Key_Down)
    qtbot.keyClick(dialog.templates, Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted


# -- working through a checklist --------------------------------------------------------------


def test_work_through_a_checklist_with_the_keyboard(qtbot, panel, context) -> None:
    assert panel.empty_label.isVisibleTo(panel)
    assert panel.empty_label.text() == NO_CHECKLISTS
    assert not panel.review_button.isEnabled()

    start(panel, qtbot, row=1)  # Peer roles
    assert panel.message_label.text() == "Started 'Peer roles' with 3 items, each not started."
    assert panel.title_label.text() == "Peer roles"
    assert panel.progress_bar.format() == "0 of 3 in place (0%)"
    assert panel.section_rows() == [("The roles", "0 of 3 in place")]
    assert panel.focusWidget() is panel.tree
    assert panel.selected_item().item_key == "job-description"

    # arrows move between items; Enter opens one
    qtbot.keyClick(panel.tree, Key.Key_Down)
    assert panel.selected_item().item_key == "pay-band"
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    assert isinstance(dialog, ChecklistItemDialog)
    assert dialog.item_text.text() == "Peer roles sit on the pay scale like any other role."
    assert dialog.history_rows() == []
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.status
    qtbot.keyClick(dialog.focusWidget(), Key.Key_Down)
    qtbot.keyClick(dialog.focusWidget(), Key.Key_Down)
    assert dialog.selected_status() is S.IN_PLACE
    for _ in range(3):  # past the owner and the due date (the reason is for N/A only)
        qtbot.keyClick(dialog.focusWidget(), Key.Key_Tab)
    assert dialog.focusWidget() is dialog.change_note
    qtbot.keyClicks(dialog.focusWidget(), "Agreed by trustees")
    qtbot.keyClick(dialog.focusWidget(), Key.Key_Tab)
    assert dialog.focusWidget() is dialog.evidence
    qtbot.keyClicks(dialog.focusWidget(), "Pay scale 2026, band 4")
    qtbot.keyClick(dialog.focusWidget(), Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.current_dialog is None)

    assert panel.progress_bar.format() == "1 of 3 in place (33%)"
    assert panel.section_rows() == [("The roles", "1 of 3 in place")]
    assert panel.selected_item().status is S.IN_PLACE
    assert panel.tree.currentItem().text(1) == "✔ In place"
    assert panel.list.currentItem().text().splitlines()[1] == "33% in place"
    saved = context.services.checklists.get(context.actor, panel.detail.id)
    item = next(i for i in saved.items() if i.item_key == "pay-band")
    assert (item.status, item.evidence) == (S.IN_PLACE, "Pay scale 2026, band 4")

    # opened again, its history is listed
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    assert isinstance(dialog, ChecklistItemDialog)
    assert dialog.history_rows() == [
        ("15 Jun 2026", "Not started → In place", "Administrator", "Agreed by trustees")
    ]
    assert dialog.evidence.toPlainText() == "Pay scale 2026, band 4"
    qtbot.keyClick(dialog, Key.Key_Escape)
    assert panel.current_dialog is None


def test_not_applicable_needs_a_reason_in_the_dialog(qtbot, panel, context) -> None:
    start(panel, qtbot)
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    assert not dialog.na_reason.isEnabled()
    for _ in range(3):
        qtbot.keyClick(dialog.status, Key.Key_Down)
    assert dialog.selected_status() is S.NOT_APPLICABLE
    assert dialog.na_reason.isEnabled()
    qtbot.mouseClick(dialog.save_button, Click)
    assert visible_error(dialog, "na_reason") == (
        "Say why this item does not apply to the organisation."
    )
    assert dialog.focusWidget() is dialog.na_reason
    assert panel.current_dialog is dialog  # still open, nothing saved
    qtbot.keyClicks(dialog.na_reason, "We never advertise")
    qtbot.mouseClick(dialog.save_button, Click)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.selected_item().na_reason == "We never advertise"
    assert panel.progress_bar.format() == "0 of 4 in place (0%)"
    assert "1 not applicable" in panel.counts_label.text()


def test_evidence_documents_are_added_opened_and_removed(
    qtbot, panel, context, tmp_path, monkeypatch
) -> None:
    policy = tmp_path / "Recruitment policy.pdf"
    policy.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "moved" / "Old minutes.docx"
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *_a, **_k: ([str(policy), str(missing)], "All files (*)")),
    )
    opened: list[QUrl] = []
    monkeypatch.setattr(
        checklist_item_dialog.QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url) or True),
    )
    start(panel, qtbot)
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    qtbot.mouseClick(dialog.add_button, Click)
    assert dialog.paths() == [str(policy), str(missing)]
    assert dialog.documents.currentRow() == 1
    qtbot.mouseClick(dialog.open_button, Click)
    assert "Old minutes.docx is not there any more" in visible_error(dialog, "evidence_paths")
    assert opened == []
    dialog.documents.setCurrentRow(0)
    qtbot.keyClick(dialog.documents, Key.Key_Return)
    assert opened == [QUrl.fromLocalFile(str(policy))]
    assert visible_error(dialog, "evidence_paths") == ""
    dialog.documents.setCurrentRow(1)
    qtbot.keyClick(dialog.documents, Key.Key_Delete)
    assert dialog.paths() == [str(policy)]
    save_with_ctrl_s(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.selected_item().evidence_paths == (str(policy),)
    assert panel.selected_item().status is S.NOT_STARTED  # no status change, no history
    assert context.services.checklists.history(context.actor, panel.selected_item().id) == []


def test_owner_and_due_date_show_in_the_list(qtbot, panel, context, services, admin) -> None:
    add_person(services, admin, "Amara Okafor", role=RoleCategory.MANAGER)
    start(panel, qtbot)
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    qtbot.keyClick(dialog.status, Key.Key_Down)  # in progress
    dialog.owner.setFocus()
    qtbot.keyClick(dialog.owner, Key.Key_Down)
    assert dialog.owner.currentText() == "Amara Okafor"
    qtbot.keyClick(dialog.due_check, Key.Key_Space)
    assert dialog.due_date.isEnabled()
    save_with_ctrl_s(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    row = panel.tree.currentItem()
    assert (row.text(1), row.text(2), row.text(3)) == (
        "◐ In progress",
        "Amara Okafor",
        f"15{NBSP}Jun{NBSP}2026",
    )


# -- reviews, updates and templates -----------------------------------------------------------


def test_update_to_a_newer_template_version(qtbot, panel, context, folders) -> None:
    service = context.services.checklists
    info = service.start(context.actor, "fair-recruitment")
    first = service.get(context.actor, info.id).items()[0]
    service.update_item(context.actor, first.id, ItemAnswer(status=S.IN_PLACE, evidence="Ad"))
    shutil.copyfile(FIXTURES / "v2" / "fair-recruitment.toml", folders[0] / "fair-recruitment.toml")
    service.reload_templates()
    panel.refresh()
    assert panel.list.currentItem().text().splitlines()[-1] == "↑ Version 2 available"
    assert panel.update_button.isEnabled()
    assert panel.update_button.text() == "&Update to version 2…"
    qtbot.mouseClick(panel.update_button, Click)
    dialog = panel.current_dialog
    assert isinstance(dialog, ConfirmDialog)
    message = dialog.message.text()
    assert "Version 2 of 'Fair recruitment' is available" in message
    assert "New items, added as not started (2):" in message
    assert "• An easy-read application pack is available." in message
    assert "No longer in the template: kept with their answers, but no longer counted (1):" in (
        message
    )
    save_with_ctrl_s(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.message_label.text().startswith("Updated to version 2: 2 added, 2 changed, 1 ")
    assert not panel.update_button.isEnabled()
    assert panel.detail.template_version == 2
    assert panel.progress_bar.format() == "1 of 6 in place (16%)"
    texts = [panel.tree.topLevelItem(1).child(i).text(1) for i in range(4)]
    assert texts[-1] == "○ Not started (retired)"


def test_review_again_archives_the_earlier_checklist(qtbot, panel, context) -> None:
    service = context.services.checklists
    info = service.start(context.actor, "peer-roles")
    item = service.get(context.actor, info.id).items()[0]
    service.update_item(context.actor, item.id, ItemAnswer(status=S.IN_PLACE, notes="Kept"))
    panel.refresh()
    qtbot.mouseClick(panel.review_button, Click)
    dialog = panel.current_dialog
    assert isinstance(dialog, ConfirmDialog)
    assert "This checklist is then archived" in dialog.message.text()
    qtbot.keyClick(dialog.save_button, Key.Key_Space)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert "The review of 'Peer roles' has started" in panel.message_label.text()
    review = panel.detail
    assert review.review_of_id == info.id
    assert panel.progress_bar.format() == "1 of 3 in place (33%)"
    assert panel.list.count() == 1  # the archived one is hidden
    qtbot.keyClick(panel.archived_check, Key.Key_Space)
    assert panel.list.count() == 2
    archived = panel.list.item(1)
    assert archived.text().splitlines()[-1] == f"Archived 15{NBSP}Jun{NBSP}2026"
    assert archived.font().italic()
    panel.list.setCurrentRow(1)
    assert panel.detail.id == info.id
    assert "it can be read but no longer changed" in panel.meta_label.text()
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Key.Key_Return)  # Enter on a checklist goes to its items
    assert panel.focusWidget() is panel.tree
    assert not panel.review_button.isEnabled() and not panel.add_item_button.isEnabled()
    qtbot.keyClick(panel.tree, Key.Key_Return)
    dialog = panel.current_dialog
    assert isinstance(dialog, ChecklistItemDialog)
    assert not dialog.save_button.isVisible() and not dialog.status.isEnabled()
    assert dialog.notes.isReadOnly() and dialog.notes.toPlainText() == "Kept"
    save_with_ctrl_s(qtbot, dialog)  # does nothing
    assert panel.current_dialog is dialog
    qtbot.keyClick(dialog, Key.Key_Escape)


def test_save_as_template_and_start_from_it(qtbot, panel, context, folders) -> None:
    service = context.services.checklists
    service.start(context.actor, "peer-roles")
    panel.refresh()
    qtbot.mouseClick(panel.save_template_button, Click)
    dialog = panel.current_dialog
    assert isinstance(dialog, SaveTemplateDialog)
    assert dialog.title_edit.text() == "Peer roles (our version)"
    assert dialog.key_edit.text() == "peer-roles-our-version"
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, "Peer Roles")
    qtbot.mouseClick(dialog.save_button, Click)
    assert "lowercase letters" in visible_error(dialog, "key")
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, "our-peer-roles")
    qtbot.mouseClick(dialog.save_button, Click)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    path = folders[1] / "our-peer-roles.toml"
    assert path.is_file()
    assert str(path) in panel.message_label.text()
    qtbot.mouseClick(panel.new_button, Click)
    dialog = panel.current_dialog
    titles = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
    assert titles == ["Fair recruitment", "Peer roles", "Peer roles (our version) (own)"]
    dialog.templates.setCurrentRow(2)
    assert "the organisation's own template" in dialog.details.text()
    qtbot.keyClick(dialog, Key.Key_Escape)


def test_broken_template_files_are_listed_plainly(qtbot, panel, folders) -> None:
    (folders[0] / "half-done.toml").write_text('key = "half-done"\ntitle = "Half\n', "utf-8")
    panel.refresh()
    qtbot.mouseClick(panel.new_button, Click)
    dialog = panel.current_dialog
    assert not dialog.problems.isVisibleTo(dialog)  # read before the file was there
    qtbot.mouseClick(dialog.reload_button, Click)
    assert dialog.problems.isVisibleTo(dialog)
    text = dialog.problems.text()
    assert text.startswith("Some template files could not be read, so they are not listed:")
    assert "• half-done.toml, line 2: this is not valid TOML" in text
    assert dialog.templates.count() == 2
    assert str(folders[0]) in dialog.findChild(QLabel, "template_folders").text()
    qtbot.keyClicks(dialog.title_edit, "Recruitment 2026")
    qtbot.mouseClick(dialog.save_button, Click)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.title_label.text() == "Recruitment 2026"


def test_own_items_are_added_and_removed(qtbot, panel, context) -> None:
    context.services.checklists.start(context.actor, "peer-roles")
    panel.refresh()
    qtbot.mouseClick(panel.add_item_button, Click)
    dialog = panel.current_dialog
    assert isinstance(dialog, AddItemDialog)
    assert dialog.section.currentText() == "The roles"
    assert dialog.focusWidget() is dialog.text
    qtbot.mouseClick(dialog.save_button, Click)
    assert visible_error(dialog, "text") == "Enter what the item asks for."
    qtbot.keyClicks(dialog.text, "Peer workers meet monthly as a group")
    save_with_ctrl_s(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.selected_item().text == "Peer workers meet monthly as a group"
    assert panel.section_rows() == [("The roles", "0 of 4 in place")]
    assert panel.remove_item_button.isEnabled()
    qtbot.mouseClick(panel.remove_item_button, Click)
    dialog = panel.current_dialog
    qtbot.mouseClick(dialog.save_button, Click)
    qtbot.waitUntil(lambda: panel.current_dialog is None)
    assert panel.section_rows() == [("The roles", "0 of 3 in place")]
    qtbot.keyClick(panel.tree, Key.Key_Down)
    assert not panel.remove_item_button.isEnabled()  # a template item


def test_a_supervisor_can_read_but_not_change(qtbot, services, data_dir, database, folders) -> None:
    admin = Actor.local_administrator()
    checklists = ChecklistService(database.sessions, today=lambda: TODAY, template_folders=folders)
    checklists.start(admin, "peer-roles")
    supervisor = Actor(user_id=3, display_name="Sam", role=Role.SUPERVISOR)
    context = make_context(replace(services, checklists=checklists), supervisor, data_dir)
    panel = ChecklistsPanel(context)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.title_label.text() == "Peer roles"
    for button in (
        panel.new_button,
        panel.review_button,
        panel.save_template_button,
        panel.add_item_button,
    ):
        assert not button.isEnabled()
    assert panel.open_button.isEnabled()
    dialog = panel.open_item()
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isVisibleTo(dialog)
    assert dialog.findChild(QLabel, "read_only_note").text() == (
        "Only a manager can change checklists."
    )
