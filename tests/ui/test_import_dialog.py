"""Importing staff through the dialog, and the Export CSV buttons, driven like a user (the
file dialogs patched)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import CourseKind, SessionMode, SessionType, StaffStatus
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.import_views import ImportResult
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.training_views import CourseDetails
from peerdesk.services.views import StaffQuery
from peerdesk.ui.context import AppContext
from peerdesk.ui.import_dialog import COL_STATUS, ImportDialog
from peerdesk.ui.pages.open_actions_panel import OpenActionsPanel
from peerdesk.ui.pages.staff_page import StaffPage
from peerdesk.ui.tasks import TaskHandle, Work
from peerdesk.ui.training_panel import TrainingPanel
from tests.conftest import TODAY

Key = Qt.Key
HEADER = "Name,Job title,Role category,Team,Employment type,Start date,Supervisor,Payroll"
ROWS = [
    "Sam Lee,Peer worker,Peer worker,Outreach,Permanent,2024-01-08,Amara Okafor,101",
    "Kim Hall,Peer worker,Peer worker,Night Line,Permanent,08/01/2024,,102",
    "Ash Green,Peer worker,Peer worker,Outreach,Permanent,2024-02-05,Sam Lee,103",
]


def write_csv_file(folder: Path, *rows: str, header: str = HEADER) -> Path:
    path = folder / "new staff.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8-sig")
    return path


def patch_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def choose(*args: Any) -> tuple[str, str]:
        calls.append(args)
        return str(path), "CSV files (*.csv *.txt *.tsv)"

    monkeypatch.setattr("peerdesk.ui.import_dialog.QFileDialog.getOpenFileName", choose)
    return calls


def patch_save(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def choose(*args: Any) -> tuple[str, str]:
        calls.append(args)
        return (str(path) if path else ""), "CSV files (*.csv)"

    monkeypatch.setattr("peerdesk.ui.csv_export_ui.QFileDialog.getSaveFileName", choose)
    return calls


def open_dialog(qtbot: QtBot, context: AppContext) -> ImportDialog:
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def choose_file_with_keyboard(qtbot: QtBot, dialog: ImportDialog) -> None:
    assert dialog.focusWidget() is dialog.ui.choose_button
    qtbot.keyClick(dialog.ui.choose_button, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy())


def statuses(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        tuple(model.data(model.index(r, c)) for c in range(3))  # type: ignore[misc]
        for r in range(model.rowCount())
    ]


def everyone(context: AppContext) -> list[str]:
    query = StaffQuery(status=StaffStatus.ALL)
    rows = context.services.staff.page(context.actor, query, 0, 1000).rows
    return sorted(r.full_name for r in rows)


def wait_checked(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog._busy())


# -- the import dialog ----------------------------------------------------------------------


def test_import_with_the_keyboard_from_file_to_summary(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write_csv_file(tmp_path, *ROWS)
    calls = patch_open(monkeypatch, path)
    dialog = open_dialog(qtbot, app_context)
    ui = dialog.ui
    assert not ui.import_button.isEnabled()
    assert ui.empty_label.text() == "Choose a CSV file to see what would be imported."

    choose_file_with_keyboard(qtbot, dialog)
    assert calls[0][1] == "Choose a CSV file to import"
    assert ui.file_label.text() == "new staff.csv"
    assert ui.detected_label.text() == "UTF-8 with BOM · comma-separated · 3 rows"
    assert ui.ignored_label.text() == "Not imported: Payroll."
    assert [combo.currentText() for combo in dialog.combos] == [
        "Name",
        "Job title",
        "Role category",
        "Team",
        "Employment type",
        "Start date",
        "Supervisor",
        "(not imported)",
    ]
    assert ui.counts_label.text() == "2 ready · 1 with problems"
    assert statuses(dialog) == [
        ("2", "Sam Lee", "Ready"),
        ("3", "Kim Hall", "There is no team called 'Night Line'"),
        ("4", "Ash Green", "Ready"),
    ]
    assert ui.import_button.text() == "&Import 2 people"
    assert ui.import_button.isEnabled()

    ui.create_teams_check.setFocus()
    qtbot.keyClick(ui.create_teams_check, Key.Key_Space)
    wait_checked(qtbot, dialog)
    assert ui.counts_label.text() == "3 ready · 0 with problems · 1 new team: Night Line"
    assert ui.import_button.text() == "&Import 3 people"

    with qtbot.waitSignal(dialog.imported, timeout=5000) as imported:
        qtbot.keyClick(ui.create_teams_check, Key.Key_Return)  # the default button
    result = imported.args[0]
    assert isinstance(result, ImportResult)
    assert result.imported == 3
    assert ui.summary_label.text() == "Imported 3 people. Added 1 new team: Night Line."
    assert ui.summary_label.isVisible()
    assert ui.close_button.text() == "Close"
    assert not ui.import_button.isEnabled()
    assert {"Sam Lee", "Kim Hall", "Ash Green"} <= set(everyone(app_context))
    ash = app_context.services.staff.get(app_context.actor, result.staff_ids[2])
    assert ash.supervisor_name == "Sam Lee"
    assert app_context.settings.value("import/last_folder") == str(tmp_path)
    audit = app_context.services.audit.entries(app_context.actor, action="import")
    assert audit[0].details["file"] == "new staff.csv"
    qtbot.keyClick(dialog, Key.Key_Escape)
    assert not dialog.isVisible()


def test_changing_a_column_checks_the_rows_again(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    header = "Name,Role category,Employment type,Start date,First day"
    path = write_csv_file(
        tmp_path, "Sam Lee,Peer worker,Permanent,someday,2024-01-08", header=header
    )
    patch_open(monkeypatch, path)
    dialog = open_dialog(qtbot, app_context)
    choose_file_with_keyboard(qtbot, dialog)
    ui = dialog.ui
    assert statuses(dialog)[0][2].startswith("The start date 'someday' is not a date")
    assert not ui.import_button.isEnabled()

    start, first_day = dialog.combos[3], dialog.combos[4]
    start.setFocus()
    qtbot.keyClick(start, Key.Key_Home)  # "(not imported)"
    wait_checked(qtbot, dialog)
    assert ui.mapping_problems.isVisible()
    assert ui.mapping_problems.text() == "No column is set to Start date, which every person needs."
    assert statuses(dialog)[0][2] == "The start date is missing"

    first_day.setFocus()
    qtbot.keyClicks(first_day, "Start")  # typing picks the field
    wait_checked(qtbot, dialog)
    assert first_day.currentText() == "Start date"
    assert not ui.mapping_problems.isVisible()
    assert statuses(dialog) == [("2", "Sam Lee", "Ready")]
    assert ui.ignored_label.text() == "Not imported: Start date."
    assert ui.import_button.isEnabled()

    # choosing a field another column holds takes it from that column
    start.setFocus()
    qtbot.keyClicks(start, "Start")
    wait_checked(qtbot, dialog)
    assert (start.currentText(), first_day.currentText()) == ("Start date", "(not imported)")
    assert statuses(dialog)[0][2].startswith("The start date 'someday'")


def test_only_rows_with_problems_can_be_shown_and_have_the_full_message(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    patch_open(monkeypatch, write_csv_file(tmp_path, *ROWS))
    dialog = open_dialog(qtbot, app_context)
    choose_file_with_keyboard(qtbot, dialog)
    ui = dialog.ui
    ui.problems_only_check.setFocus()
    qtbot.keyClick(ui.problems_only_check, Key.Key_Space)
    assert [row[1] for row in statuses(dialog)] == ["Kim Hall"]
    tip = dialog.model.data(dialog.model.index(0, COL_STATUS), Qt.ItemDataRole.ToolTipRole)
    assert tip == "line 3: there is no team called 'Night Line'"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "new staff.csv: The file is empty."),
        (b"\x00\xff\x00\xfe" * 64, "This is not a text file PeerDesk can read as CSV."),
    ],
)
def test_a_file_that_cannot_be_read_is_explained_and_nothing_can_be_imported(
    qtbot: QtBot,
    app_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    content: bytes,
    words: str,
) -> None:
    path = tmp_path / "new staff.csv"
    path.write_bytes(content)
    patch_open(monkeypatch, path)
    dialog = open_dialog(qtbot, app_context)
    qtbot.keyClick(dialog.ui.choose_button, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.ui.general_error.isVisible())
    assert words in dialog.ui.general_error.text()
    assert not dialog.ui.import_button.isEnabled()
    assert dialog.combos == []
    assert dialog.ui.empty_label.isVisible()


class ManualRunner:
    """Holds tasks until the test runs them, so it can act while one is under way."""

    def __init__(self) -> None:
        self.pending: list[tuple[Work, TaskHandle]] = []

    def run(self, work: Work) -> TaskHandle:
        handle = TaskHandle()
        self.pending.append((work, handle))
        return handle

    def run_all(self) -> None:
        while self.pending:
            work, handle = self.pending.pop(0)
            result = work(handle.progressed.emit, handle.is_cancelled)
            handle.done = True
            handle.finished.emit(result)


def test_escape_during_the_import_cancels_it_and_nobody_is_added(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    runner = ManualRunner()
    context = dataclasses.replace(app_context, tasks=runner)
    patch_open(monkeypatch, write_csv_file(tmp_path, ROWS[0], ROWS[2]))
    before = everyone(context)
    dialog = open_dialog(qtbot, context)
    qtbot.keyClick(dialog.ui.choose_button, Key.Key_Space)
    assert dialog.ui.busy_label.text() == "Reading the file…"
    runner.run_all()
    assert dialog.ui.import_button.isEnabled()

    qtbot.keyClick(dialog.ui.import_button, Key.Key_Space)
    assert dialog.ui.progress.isVisible()
    assert not dialog.ui.import_button.isEnabled()
    assert not dialog.ui.columns_group.isEnabled()
    qtbot.keyClick(dialog, Key.Key_Escape)
    assert dialog.isVisible()  # Esc stops the import; it does not walk away from it
    assert dialog.ui.busy_label.text() == "Cancelling…"
    runner.run_all()
    assert dialog.ui.summary_label.text() == "The import was cancelled: nobody was added."
    assert everyone(context) == before
    assert dialog.ui.import_button.isEnabled()  # can be tried again
    assert dialog.ui.close_button.text() == "Cancel"


def test_a_register_changed_meanwhile_is_checked_again_not_imported(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    patch_open(monkeypatch, write_csv_file(tmp_path, ROWS[0]))
    dialog = open_dialog(qtbot, app_context)
    choose_file_with_keyboard(qtbot, dialog)
    services, admin = app_context.services, app_context.actor
    sam = services.staff.get(admin, register["zoe"].id).details
    services.staff.create(
        admin, dataclasses.replace(sam, full_name="Sam Lee", start_date=dt.date(2024, 1, 8))
    )
    qtbot.keyClick(dialog.ui.import_button, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.ui.general_error.isVisible())
    assert "The register changed since this preview was made" in dialog.ui.general_error.text()
    wait_checked(qtbot, dialog)
    assert statuses(dialog)[0][2] == "Sam Lee starting 2024-01-08 is already in the register"
    assert not dialog.ui.import_button.isEnabled()


# -- the staff page -------------------------------------------------------------------------


def make_page(qtbot: QtBot, context: AppContext) -> StaffPage:
    page = StaffPage(context)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    return page


def test_the_staff_page_imports_and_shows_the_new_people(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    patch_open(monkeypatch, write_csv_file(tmp_path, ROWS[0], ROWS[2]))
    page = make_page(qtbot, app_context)
    assert page.ui.count_label.text() == "5 people · current staff"
    changed: list[bool] = []
    page.staff_changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(page.ui.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.ui.choose_button, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.ui.import_button.isEnabled())
    qtbot.keyClick(dialog.ui.import_button, Key.Key_Space)
    qtbot.waitUntil(lambda: page.ui.count_label.text() == "7 people · current staff")
    assert changed == [True]


def test_only_managers_can_start_an_import(
    qtbot: QtBot, app_context: AppContext, register: dict[str, StaffRecord]
) -> None:
    supervisor = Actor(user_id=3, display_name="Sam", role=Role.SUPERVISOR)
    page = make_page(qtbot, dataclasses.replace(app_context, actor=supervisor))
    assert not page.ui.import_button.isEnabled()
    assert page.ui.import_button.toolTip() == "Only a manager can import people"
    # supervisors read the register but do not take copies of it, nor change it
    assert not page.ui.export_button.isEnabled()
    assert not page.ui.new_button.isEnabled()


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def export_and_wait(qtbot: QtBot, button: Any, owner: Any) -> str:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    export = owner.last_export
    assert export is not None
    qtbot.waitUntil(lambda: export.message_box is not None)
    return str(export.message_box.text())


def test_the_staff_page_exports_the_people_listed(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    calls = patch_save(monkeypatch, tmp_path / "staff")  # no extension: .csv is added
    page = make_page(qtbot, app_context)
    qtbot.keyClicks(page.ui.search_edit, "outreach")
    text = export_and_wait(qtbot, page.ui.export_button, page)
    assert text == f"Saved 2 people to staff.csv, in {tmp_path}."
    rows = read(tmp_path / "staff.csv")
    assert [row[0] for row in rows] == ["Name", "Ben Carter", "Zoë Łukasiewicz"]
    assert app_context.settings.value("export/last_folder") == str(tmp_path)
    audit = app_context.services.audit.entries(app_context.actor, action="export")
    assert audit[0].details["file"] == "staff.csv"
    title, suggested = calls[0][1], calls[0][2]
    assert title == "Export the staff list"
    assert Path(suggested).name == f"Staff list {TODAY.isoformat()}.csv"
    # the next export starts in the folder used last
    text = export_and_wait(qtbot, page.ui.export_button, page)
    assert Path(calls[1][2]).parent == tmp_path


def test_a_failed_export_says_why_and_leaves_no_file(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "gone" / "staff.csv"
    patch_save(monkeypatch, target)
    page = make_page(qtbot, app_context)
    text = export_and_wait(qtbot, page.ui.export_button, page)
    assert text == f"The folder {target.parent} does not exist (any more). Choose another place."
    assert not target.parent.exists()


def test_cancelling_the_file_dialog_exports_nothing(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    patch_save(monkeypatch, None)
    page = make_page(qtbot, app_context)
    qtbot.mouseClick(page.ui.export_button, Qt.MouseButton.LeftButton)
    assert page.last_export is None


def test_the_actions_panel_exports_what_it_shows(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    services, admin = app_context.services, app_context.actor
    session = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=register["zoe"].id,
            supervisor_id=register["amara"].id,
            session_date=TODAY - dt.timedelta(days=20),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.PHONE,
            confidential_notes="NOT-FOR-EXPORT",
        ),
    )
    services.actions.add(admin, session.id, "Write up the log", None, TODAY - dt.timedelta(2))
    services.actions.add(admin, session.id, "Book a course", None, TODAY + dt.timedelta(9))
    patch_save(monkeypatch, tmp_path / "actions.csv")
    panel = OpenActionsPanel(app_context)
    qtbot.addWidget(panel)
    panel.refresh()
    panel.show()
    assert panel.export_button.isEnabled()
    text = export_and_wait(qtbot, panel.export_button, panel)
    assert text.startswith("Saved 1 action to actions.csv")
    rows = read(tmp_path / "actions.csv")
    assert [row[3] for row in rows] == ["Action", "Write up the log"]
    assert "NOT-FOR-EXPORT" not in (tmp_path / "actions.csv").read_text(encoding="utf-8-sig")
    panel.view_combo.setCurrentIndex(1)  # all open actions
    text = export_and_wait(qtbot, panel.export_button, panel)
    assert text.startswith("Saved 2 actions")


def test_the_training_matrix_exports_what_it_shows(
    qtbot: QtBot,
    app_context: AppContext,
    register: dict[str, StaffRecord],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    app_context.services.training.add_course(
        app_context.actor, CourseDetails("Data protection", CourseKind.MANDATORY, 12)
    )
    patch_save(monkeypatch, tmp_path / "matrix.csv")
    panel = TrainingPanel(app_context)
    qtbot.addWidget(panel)
    panel.refresh()
    panel.show()
    matrix = panel.matrix_tab
    qtbot.keyClicks(matrix.search_edit, "ben")
    text = export_and_wait(qtbot, matrix.export_button, matrix)
    assert text.startswith("Saved 1 person to matrix.csv")
    assert read(tmp_path / "matrix.csv") == [
        ["Name", "Team", "Role category", "Data protection"],
        ["Ben Carter", "Outreach", "Peer apprentice", "Missing"],
    ]


def test_the_matrix_export_is_disabled_without_courses(
    qtbot: QtBot, app_context: AppContext, register: dict[str, StaffRecord]
) -> None:
    panel = TrainingPanel(app_context)
    qtbot.addWidget(panel)
    panel.refresh()
    assert not panel.matrix_tab.export_button.isEnabled()
