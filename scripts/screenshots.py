"""Save a PNG of every screen, for looking at the app as a user would.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_FOLDER]

Builds a demo data folder in a temporary place and grabs each page and dialog.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from peerdesk.domain.clock import local_today
from peerdesk.services.bundle import make_services, services_for
from peerdesk.services.deferred import Deferred
from peerdesk.services.demo_accounts import add_demo_accounts
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.sign_in import SignInService
from peerdesk.store.database import open_database


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from peerdesk.ui.application import create_application
    from peerdesk.ui.context import AccountControls, AppContext
    from peerdesk.ui.first_run_dialog import FirstRunDialog
    from peerdesk.ui.main_window import MainWindow
    from peerdesk.ui.tasks import InlineRunner

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    with tempfile.TemporaryDirectory() as tmp:
        empty = open_database(Path(tmp) / "empty" / "peerdesk.db")
        signing_in = SignInService(Path(tmp) / "demo" / "peerdesk.db")
        set_up = signing_in.set_up("admin", "Amara Okafor", "PeerDesk demo 2026")
        signed = set_up.signed_in
        actor = signed.actor
        database = signed.database
        generate_demo(database.sessions, actor, staff=400, months=24, seed=4, today=local_today())
        demo_services = services_for(signed)
        add_demo_accounts(database.sessions, demo_services.accounts, actor)
        account = AccountControls(
            username="admin",
            idle_minutes=10,
            lock_data=lambda: None,
            unlock_data=lambda _password: None,
            sign_out=lambda: None,
        )

        def context(db_sessions: object, folder: str) -> AppContext:
            services = (
                demo_services if db_sessions is database.sessions else make_services(db_sessions)  # type: ignore[arg-type]
            )
            return AppContext(
                services_source=Deferred.ready(services),
                actor=actor,
                data_dir=Path(tmp) / folder,
                version="0.1.0",
                settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat),
                tasks=InlineRunner(),
                load_demo=lambda progress, cancelled: None,
                account=account if folder == "demo" else None,
            )

        first = FirstRunDialog(context(empty.sessions, "empty"))
        first.show()
        save(first, "first_run")

        window = MainWindow(context(database.sessions, "demo"))
        window.resize(1280, 800)
        window.show()
        for number, name in enumerate(
            (
                "dashboard",
                "staff",
                "supervision",
                "checklists",
                "involvement",
                "reports",
                "settings",
            )
        ):
            window.show_page(number)
            save(window, f"page_{number + 1}_{name}")
        window.show_page(2)
        supervision = window.supervision_page
        supervision.view_combo.setCurrentIndex(5)
        supervision.table.selectRow(12)
        save(window, "supervision_history")
        supervision.record_session()
        session_dialog = [d for d in supervision.findChildren(QDialog) if d.isVisible()][-1]
        save(session_dialog, "session_new")
        session_dialog.close()
        supervision.history_list.setCurrentRow(0)
        supervision.open_session()
        session_dialog = [d for d in supervision.findChildren(QDialog) if d.isVisible()][-1]
        save(session_dialog, "session_signed")
        session_dialog.close()
        supervision.show_actions()
        supervision.actions_panel.view_combo.setCurrentIndex(1)
        save(window, "supervision_actions")
        supervision.actions_panel.table.selectRow(0)
        supervision.actions_panel.close_selected()
        close_dialog = supervision.actions_panel.close_dialog
        assert close_dialog is not None
        save(close_dialog, "close_action_dialog")
        close_dialog.close()
        supervision.show_people()
        services = window.dashboard_page._context.services
        with_relationship = services.dual_relationships.reviews_due(actor, 3650)[0].staff_id
        supervision.select_staff(with_relationship)
        for tab in ("agreement", "relationships", "absences"):
            supervision.open_file(tab)
            file_dialog = [d for d in supervision.findChildren(QDialog) if d.isVisible()][-1]
            save(file_dialog, f"supervision_file_{tab}")
            file_dialog.close()
        for tab in ("wellness", "apprenticeship"):
            person = (
                services.wellness.reviews_due(actor, 3650)[0].staff_id
                if tab == "wellness"
                else services.apprenticeships.overview(actor)[0].staff_id
            )
            supervision.view_combo.setCurrentIndex(5)
            supervision.select_staff(person)
            supervision.open_file(tab)
            file_dialog = [d for d in supervision.findChildren(QDialog) if d.isVisible()][-1]
            save(file_dialog, f"supervision_file_{tab}")
            file_dialog.close()
        window.show_page(3)
        checklists_page = window.checklists_page
        panel = checklists_page.panel(0)
        panel.list.setCurrentRow(0)  # type: ignore[attr-defined]
        save(window, "checklists")
        tree = panel.tree  # type: ignore[attr-defined]
        section = tree.topLevelItem(0)
        tree.setCurrentItem(section.child(0))
        item_dialog = panel.open_item()  # type: ignore[attr-defined]
        if item_dialog is not None:
            save(item_dialog, "checklist_item_dialog")
            item_dialog.close()
        for index, name in ((1, "policies"), (2, "training"), (3, "fair_chance")):
            checklists_page.show_tab(index)
            save(window, name)
        fair_chance = checklists_page.panel(3)
        fair_chance.assessment_table.selectRow(0)  # type: ignore[attr-defined]
        fair_chance.open_assessment()  # type: ignore[attr-defined]
        dialog = fair_chance.current_dialog  # type: ignore[attr-defined]
        if dialog is not None:
            save(dialog, "conviction_dialog")
            dialog.close()
        window.show_page(4)
        involvement = window.involvement_page
        involvement.table.selectRow(0)
        save(window, "involvement")
        involvement.edit_selected()
        if involvement.current_dialog is not None:
            save(involvement.current_dialog, "involvement_dialog")
            involvement.current_dialog.close()
        window.show_page(5)
        save(window, "reports")
        window.show_page(6)
        save(window, "settings_with_backups")
        # keep one-to-ones of leavers for a year, so the demo has records past their date
        from peerdesk.domain.retention import RecordKind

        kept = services.retention.settings(actor)
        services.retention.save_settings(
            actor, {**kept.periods, RecordKind.SUPERVISION: 12}, kept.kept
        )
        retention = window.settings_page.show_retention()
        app.processEvents()
        save(window, "settings_retention")
        retention.table.selectRow(0)  # type: ignore[attr-defined]
        retention.erase_person()
        if retention.current_dialog is not None:
            save(retention.current_dialog, "erasure_dialog")
            retention.current_dialog.close()
        # one record at a time: the picker, then its confirmation
        from peerdesk.domain.retention import SINGLE_RECORD_KINDS
        from peerdesk.ui.record_picker_dialog import RecordPickerDialog

        queue_model = retention.model
        single = next(
            (
                n
                for n in range(queue_model.rowCount())
                if queue_model.row_at(n).kind in SINGLE_RECORD_KINDS
            ),
            None,
        )
        if single is not None:
            retention.table.selectRow(single)
            retention.erase_one_record()
            picker = retention.current_dialog
            if isinstance(picker, RecordPickerDialog):
                save(picker, "record_picker")
                picker.choose()
                if retention.current_dialog is not None:
                    save(retention.current_dialog, "erasure_one_record")
                    retention.current_dialog.close()
        window.show_page(0)
        save(window, "dashboard_reminder")
        window.show_page(6)
        window.settings_page.show_users()
        save(window, "settings_users")
        window.settings_page.show_audit_trail()
        app.processEvents()
        save(window, "settings_audit_trail")

        from peerdesk.ui.lock_screen import LockScreen
        from peerdesk.ui.recovery_key_dialog import RecoveryKeyDialog
        from peerdesk.ui.set_up_dialog import SetUpDialog
        from peerdesk.ui.sign_in_dialog import SignInDialog

        sign_in_dialog = SignInDialog(signing_in, "admin", tasks=InlineRunner())
        sign_in_dialog.show()
        save(sign_in_dialog, "sign_in")
        sign_in_dialog.password_edit.setText("not the password")
        sign_in_dialog.sign_in()
        save(sign_in_dialog, "sign_in_refused")
        sign_in_dialog.close()
        fresh = SignInService(Path(tmp) / "fresh" / "peerdesk.db")
        set_up_dialog = SetUpDialog(fresh, False, tasks=InlineRunner())
        set_up_dialog.show()
        save(set_up_dialog, "set_up")
        set_up_dialog.close()
        key_dialog = RecoveryKeyDialog(set_up.recovery_key)
        key_dialog.show()
        save(key_dialog, "recovery_key")
        key_dialog.hide()
        lock = LockScreen("Amara Okafor", lambda _p: None, lambda: None, tasks=InlineRunner())
        lock.show()
        save(lock, "lock_screen")
        lock.hide()
        window.resize(1024, 640)
        window.show_page(0)
        save(window, "dashboard_small_window")
        window.resize(1280, 800)
        window.show_page(1)
        page = window.staff_page
        page.ui.search_edit.setText("peer")
        page.ui.status_combo.setCurrentIndex(2)
        save(window, "staff_search_everyone")
        page.ui.search_edit.setText("nobody by this name")
        save(window, "staff_no_match")
        page.ui.search_edit.clear()
        page.ui.status_combo.setCurrentIndex(0)
        page.ui.table.selectRow(2)
        page.edit_selected()
        dialog = page.findChild(QDialog)
        assert dialog is not None
        save(dialog, "staff_edit_dialog")
        dialog.close()
        from sqlalchemy import select

        from peerdesk.store.models import StaffRole
        from peerdesk.ui.staff_dialog import StaffDialog

        with database.sessions() as db_session:
            two_roles = db_session.scalars(select(StaffRole.staff_id).limit(1)).one()
        roles_dialog = StaffDialog(demo_services, actor, two_roles, parent=window)
        roles_dialog.open()
        from PySide6.QtWidgets import QScrollArea

        scroll = roles_dialog.findChild(QScrollArea)
        if scroll is not None and roles_dialog.other_roles is not None:
            app.processEvents()
            from PySide6.QtCore import QPoint

            inner = scroll.widget()
            top = roles_dialog.other_roles.mapTo(inner, QPoint(0, 0)).y()
            scroll.verticalScrollBar().setValue(top - 60)
        save(roles_dialog, "staff_dialog_other_roles")
        assert roles_dialog.other_roles is not None
        roles_dialog.other_roles.table.selectRow(0)
        role_dialog = roles_dialog.other_roles.open_edit()
        if role_dialog is not None:
            save(role_dialog, "staff_role_dialog")
            role_dialog.close()
        roles_dialog.close()
        # a form kept when PeerDesk locked, given back when it opens again
        kept_form = StaffDialog(demo_services, actor, two_roles, parent=window)
        kept_form.open()
        kept_form.ui.wellbeing_notes.setPlainText("Prefers a call before a home visit.")
        kept_form.save_draft_now()
        kept_form.close()
        restored = StaffDialog(demo_services, actor, two_roles, parent=window)
        restored.open()
        app.processEvents()
        save(restored, "staff_dialog_kept_form")
        restored.keeper.throw_away()
        restored.close()
        page.new_person()
        new = [d for d in page.findChildren(QDialog) if d.isVisible()][-1]
        new.save()  # type: ignore[attr-defined]
        save(new, "staff_new_dialog_errors")
        new.close()
        page.mark_selected_leaver()
        leaver = [d for d in page.findChildren(QDialog) if d.isVisible()][-1]
        save(leaver, "leaver_dialog")
        leaver.close()
        # a leaver erased (retention queue): the register marks them so
        queue = services.retention.queue(actor)
        if queue:
            services.retention.erase_person(actor, queue[0].staff_id)
            page.ui.status_combo.setCurrentIndex(1)  # leavers
            page.model.refresh()
            page.select_staff(queue[0].staff_id)
            save(window, "staff_leaver_erased")
            page.ui.status_combo.setCurrentIndex(0)
        window.show_about()
        about = window.findChild(QDialog, "about_dialog")
        assert about is not None
        save(about, "about")
        window.close()
        QApplication.processEvents()
        signing_in.sign_out(signed)
        empty.close()


if __name__ == "__main__":
    main()
