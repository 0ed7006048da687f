"""The main window: pages and shortcuts, settings, about, geometry, first run."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.ui.first_run_dialog import FirstRunDialog
from peerdesk.ui.main_window import (
    PAGE_CHECKLISTS,
    PAGE_DASHBOARD,
    PAGE_INVOLVEMENT,
    PAGE_REPORTS,
    PAGE_SETTINGS,
    PAGE_STAFF,
    PAGE_SUPERVISION,
    MainWindow,
)
from tests.ui.app_fixtures import make_context


def make_window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    # shortcuts reach only the active window; offscreen activation arrives a moment later
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def with_organisation(context) -> None:
    context.services.organisation.create(
        context.actor, OrganisationDetails(name="Riverside Peer Support", charity_number="1188776")
    )


def test_ctrl_number_switches_pages(qtbot, app_context, register) -> None:
    with_organisation(app_context)
    window = make_window(qtbot, app_context)
    assert window.current_page() == PAGE_DASHBOARD  # opens on who needs supervision
    for number, page in enumerate(
        (
            PAGE_DASHBOARD,
            PAGE_STAFF,
            PAGE_SUPERVISION,
            PAGE_CHECKLISTS,
            PAGE_INVOLVEMENT,
            PAGE_REPORTS,
            PAGE_SETTINGS,
        ),
        start=1,
    ):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page() == page
        assert window.navigation.currentRow() == page


def test_every_page_is_built_and_none_is_a_placeholder(qtbot, app_context) -> None:
    from peerdesk.ui.pages.checklists_page import ChecklistsPage
    from peerdesk.ui.pages.involvement_page import InvolvementPage
    from peerdesk.ui.pages.reports_page import ReportsPage

    window = make_window(qtbot, app_context)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_INVOLVEMENT
    assert isinstance(window.involvement_page, InvolvementPage)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_REPORTS
    assert isinstance(window.reports_page, ReportsPage)
    assert window.stack.widget(PAGE_REPORTS).findChild(ReportsPage) is window.reports_page
    assert isinstance(window.checklists_page, ChecklistsPage)
    texts = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "not built yet" not in texts


def test_the_file_menu_backs_up_from_settings(qtbot, app_context, monkeypatch) -> None:
    from peerdesk.ui.backup_panel import BackupPanel

    called: list[bool] = []
    monkeypatch.setattr(BackupPanel, "back_up_now", lambda self: called.append(True))
    window = make_window(qtbot, app_context)
    window.back_up_action.trigger()
    assert window.current_page() == PAGE_SETTINGS
    assert called == [True]


def test_ctrl_f_goes_to_the_staff_search(qtbot, app_context, register) -> None:
    window = make_window(qtbot, app_context)
    window.show_page(PAGE_SETTINGS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_STAFF
    assert QApplication.focusWidget() is window.staff_page.ui.search_edit


def test_ctrl_n_opens_the_new_person_form(qtbot, app_context) -> None:
    window = make_window(qtbot, app_context)
    window.show_page(PAGE_DASHBOARD)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_STAFF
    dialog = window.staff_page.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QLineEdit, "full_name") is not None


def test_dashboard_shows_real_counts(qtbot, app_context, register) -> None:
    with_organisation(app_context)
    window = make_window(qtbot, app_context)
    figures = window.dashboard_page.figures
    assert figures["current staff"].text() == "5"
    assert figures["leavers"].text() == "1"
    assert figures["teams"].text() == "2"
    assert window.dashboard_page.organisation_label.text() == "Riverside Peer Support"
    assert window.windowTitle() == "Riverside Peer Support · PeerDesk"


def test_settings_change_the_organisation_and_say_what_is_wrong(qtbot, app_context) -> None:
    with_organisation(app_context)
    window = make_window(qtbot, app_context)
    form = window.settings_page.organisation_form
    form.charity_edit.clear()
    qtbot.keyClicks(form.charity_edit, "<b>")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.charity_error.isVisibleTo(window.settings_page)
    assert "charity number" in form.charity_error.text()
    form.charity_edit.clear()
    form.name_edit.clear()
    qtbot.keyClicks(form.name_edit, "Hillside Peers")
    form.interval_spin.setValue(21)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = app_context.services.organisation.get(app_context.actor)
    assert saved is not None
    assert saved.details.name == "Hillside Peers"
    assert saved.details.supervision_interval_days == 21
    assert window.organisation_label.text() == "Hillside Peers"


def test_teams_are_managed_inline_in_settings(qtbot, app_context, register) -> None:
    window = make_window(qtbot, app_context)
    editor = window.settings_page.teams_editor
    qtbot.keyClicks(editor.name_edit, "Recovery College")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    teams = {t.name: t for t in app_context.services.teams.list_teams(app_context.actor)}
    assert "Recovery College" in teams
    assert window.staff_page.ui.team_combo.findText("Recovery College") >= 0
    # removing a team with people in it is refused, in words
    row = [editor.team_list.item(i).text() for i in range(editor.team_list.count())]
    editor.team_list.setCurrentRow(next(i for i, t in enumerate(row) if t.startswith("Outreach")))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert "cannot be removed" in editor.message.text()
    # renaming works
    editor.name_edit.clear()
    qtbot.keyClicks(editor.name_edit, "Street Outreach")
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    names = {t.name for t in app_context.services.teams.list_teams(app_context.actor)}
    assert "Street Outreach" in names and "Outreach" not in names


def test_about_shows_the_version(qtbot, app_context) -> None:
    window = make_window(qtbot, app_context)
    window.about_action.trigger()
    dialog = window.findChild(QDialog, "about_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.version_label.text() == "Version 9.9.9-test"


def test_window_geometry_is_remembered(qtbot, app_context) -> None:
    window = make_window(qtbot, app_context)
    window.resize(780, 540)
    qtbot.waitUntil(lambda: window.windowHandle().geometry().width() == 780, timeout=3000)
    window.close()
    settings = QSettings(app_context.settings.fileName(), QSettings.Format.IniFormat)
    assert settings.contains("main_window/geometry")
    again = make_window(qtbot, app_context)
    assert (again.width(), again.height()) == (780, 540)


def test_first_run_creates_the_organisation(qtbot, app_context) -> None:
    dialog = FirstRunDialog(app_context)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.name_error.isVisible()
    assert "organisation's name" in dialog.ui.name_error.text()
    assert app_context.services.organisation.get(app_context.actor) is None
    qtbot.keyClicks(dialog.ui.name_edit, "Riverside Peer Support")
    assert not dialog.ui.name_error.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    saved = app_context.services.organisation.get(app_context.actor)
    assert saved is not None and saved.name == "Riverside Peer Support"


def test_first_run_can_load_demo_data_off_the_gui_thread(qtbot, services, admin, data_dir) -> None:
    from peerdesk.services.demo_service import generate_demo
    from tests.conftest import TODAY

    calls = []

    def load_demo(progress, is_cancelled):
        calls.append(1)
        from peerdesk.store.database import open_database

        database = open_database(data_dir / "peerdesk.db")
        try:
            return generate_demo(
                database.sessions,
                admin,
                staff=25,
                months=6,
                seed=5,
                today=TODAY,
                progress=progress,
                is_cancelled=is_cancelled,
            )
        finally:
            database.close()

    context = make_context(services, admin, data_dir, load_demo)
    dialog = FirstRunDialog(context)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ui.demo_button, Qt.MouseButton.LeftButton)
    assert calls == [1]
    assert dict(services.health.counts(admin))["people"] == 25
    assert services.organisation.get(admin) is not None


def test_set_text_many_times_does_not_crash(qtbot) -> None:
    # PySide6 6.12.0 crashed CPython 3.11 after ~5,000 None-returning calls (STACK.md).
    label = QLabel()
    qtbot.addWidget(label)
    for number in range(20_000):
        label.setText(str(number))
    assert label.text() == "19999"


def test_window_filled_from_the_startup_view_matches_the_services(
    qtbot, app_context, register, database
) -> None:
    from peerdesk.services.startup_view import read_startup_view
    from peerdesk.ui.staff_table_model import COL_NAME, PAGE_SIZE
    from tests.conftest import TODAY

    with_organisation(app_context)
    view = read_startup_view(database.path, TODAY, PAGE_SIZE)
    fast = MainWindow(app_context, startup=view)
    slow = MainWindow(app_context)
    for window in (fast, slow):
        qtbot.addWidget(window)

    def shown(window: MainWindow) -> list[str]:
        model = window.staff_page.model
        return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]

    assert (
        shown(fast)
        == shown(slow)
        == [
            "Amara Okafor",
            "Ben Carter",
            "Siobhán Kelly",
            "Tomás Herrera",
            "Zoë Łukasiewicz",
        ]
    )
    assert fast.dashboard_page.figures["leavers"].text() == "1"
    assert fast.windowTitle() == slow.windowTitle() == "Riverside Peer Support · PeerDesk"
    teams = fast.staff_page.ui.team_combo
    assert [teams.itemText(i) for i in range(teams.count())] == [
        "All teams",
        "Outreach",
        "Wellbeing Hub",
    ]


def test_the_supervision_standard_is_set_in_settings(qtbot, app_context, register) -> None:
    from peerdesk.domain.enums import RoleCategory

    with_organisation(app_context)
    window = make_window(qtbot, app_context)
    editor = window.settings_page.standard_editor
    assert editor.role_spins[RoleCategory.VOLUNTEER].text() == "Same as the default"
    spin = editor.role_spins[RoleCategory.VOLUNTEER]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "56")
    editor.new_starter_spin.setValue(10)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved_label.text() == "Saved."
    standard = app_context.services.schedule.standard(app_context.actor)
    assert standard.interval_for(RoleCategory.VOLUNTEER) == 56
    assert standard.interval_for(RoleCategory.PEER_WORKER) == 28
    assert standard.new_starter_days == 10


def test_the_logo_for_reports_is_chosen_previewed_and_removed_in_settings(
    qtbot, app_context, tmp_path, monkeypatch
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QFileDialog

    with_organisation(app_context)
    window = make_window(qtbot, app_context)
    window.show_page(PAGE_SETTINGS)
    form = window.settings_page.organisation_form
    logo = form.logo
    assert logo.preview.text() == "No logo"
    assert not logo.remove_button.isEnabled()
    image = QImage(240, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6f55"))
    good = tmp_path / "Riverside logo.png"
    assert image.save(str(good))
    not_an_image = tmp_path / "logo.jpg"
    not_an_image.write_text("not an image", encoding="utf-8")
    answers = [str(not_an_image), str(good)]
    asked = []

    def choose(_parent, title, _start, filters):
        asked.append((title, filters))
        return answers.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)

    def logo_path() -> str:
        info = app_context.services.organisation.get(app_context.actor)
        assert info is not None
        return info.logo_path

    logo.choose_button.setFocus()
    qtbot.keyClick(logo.choose_button, Qt.Key.Key_Space)  # a text file: refused, in words
    assert logo.error.isVisibleTo(window.settings_page)
    assert logo.error.text() == "logo.jpg is not a PNG or JPEG image. Choose a PNG or JPEG file."
    assert logo_path() == ""
    qtbot.keyClick(logo.choose_button, Qt.Key.Key_Space)  # a real PNG: saved and shown
    assert asked[0] == ("Choose the logo for reports", "Images (*.png *.jpg *.jpeg);;All files (*)")
    assert logo_path() == str(good)
    assert not logo.error.isVisibleTo(window.settings_page)
    pixmap = logo.preview.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= logo.PREVIEW.width()
    assert logo.file_label.text() == "Riverside logo.png"
    assert form.saved_label.text() == "Logo saved."
    # saving the other details keeps it
    form.name_edit.clear()
    qtbot.keyClicks(form.name_edit, "Hillside Peers")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert logo_path() == str(good)
    # a logo whose file has gone is pointed out
    good.unlink()
    form.load()
    assert "cannot be found or read" in logo.error.text()
    qtbot.mouseClick(logo.remove_button, Qt.MouseButton.LeftButton)
    assert logo_path() == ""
    assert logo.preview.text() == "No logo"
    assert form.saved_label.text() == "Logo removed."


def test_ctrl_n_on_the_involvement_log_logs_an_activity(qtbot, app_context) -> None:
    from peerdesk.ui.involvement_dialog import InvolvementDialog

    window = make_window(qtbot, app_context)
    window.show_page(PAGE_INVOLVEMENT)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.involvement_page.findChild(InvolvementDialog)
    assert dialog is not None and dialog.isVisible()
    assert window.staff_page.findChild(QDialog) is None
    dialog.reject()
    # elsewhere Ctrl+N is a new person again
    window.show_page(PAGE_DASHBOARD)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == PAGE_STAFF
    assert window.staff_page.findChild(QDialog) is not None
