"""The audit browser, driven like an administrator would, against real services."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from peerdesk.domain.enums import (
    EmploymentType,
    PolicyStatus,
    RoleCategory,
    SessionMode,
    SessionType,
)
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.audit_service import EXPORT_ACTION, READ_REFUSED, AuditLog
from peerdesk.services.bundle import Services
from peerdesk.services.change_audit import install_change_audit
from peerdesk.services.policy_views import PolicyDetails
from peerdesk.store.database import Database
from peerdesk.ui.audit_panel import PAGE_SIZE, AuditPanel
from peerdesk.ui.audit_table_model import COL_ACTION, COL_DETAILS, COL_WHO
from tests.conftest import TODAY
from tests.ui.app_fixtures import make_context

Ctrl = Qt.KeyboardModifier.ControlModifier
SECRET = "Talked about the anniversary of her brother's death"
MANAGER = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER)
SUPERVISOR = Actor(user_id=3, display_name="Sam Supervisor", role=Role.SUPERVISOR)
SHOTS = Path("/tmp/shots")


class Clock:
    """Moves on a little each time it is read, over the days before TODAY."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.moment += dt.timedelta(hours=7, minutes=13)
        return self.moment


class Signed:
    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor

    def __call__(self) -> Actor | None:
        return self.actor


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def audited(services: Services, database: Database, clock: Clock, admin: Actor) -> Services:
    """The services with their changes recorded, by a clock the test controls."""
    log = AuditLog(database.sessions, now=clock)
    return replace(services, audit=log)


def person(name: str, **changes: Any) -> StaffDetails:
    return StaffDetails(
        full_name=name,
        role_category=changes.pop("role_category", RoleCategory.PEER_WORKER),
        employment_type=EmploymentType.PERMANENT,
        start_date=dt.date(2024, 2, 5),
        job_title=changes.pop("job_title", "Peer worker"),
        **changes,
    )


def fill(services: Services, database: Database, admin: Actor) -> int:
    """About thirty entries of every kind, by four people; returns the supervision id."""
    signed = Signed(admin)
    audit = services.audit
    install_change_audit(database.sessions, audit, who=signed)
    audit.record(admin, "signed in", "", {"computer": "OFFICE-LAPTOP"})
    outreach = services.teams.create(admin, "Outreach")
    hub = services.teams.create(admin, "Wellbeing Hub")
    amara = services.staff.create(
        admin, person("Amara Okafor", role_category=RoleCategory.MANAGER, team_id=hub.id)
    )
    zoe = services.staff.create(
        admin, person("Zoe Lukasiewicz", team_id=outreach.id, supervisor_id=amara.id)
    )
    ben = services.staff.create(admin, person("Ben Carter", team_id=outreach.id))
    audit.record(MANAGER, "signed in")
    signed.actor = MANAGER
    services.staff.update(
        MANAGER,
        zoe.id,
        person(
            "Zoe Lukasiewicz",
            team_id=outreach.id,
            supervisor_id=amara.id,
            job_title="Senior peer worker",
            hours_per_week=37.5,
            wellbeing_notes="Prefers mornings; quiet room for supervision.",
        ),
    )
    audit.record(MANAGER, "export", "Staff list (CSV)", {"report": "staff-list", "rows": 3})
    services.teams.rename(MANAGER, hub.id, "Wellbeing and Recovery Hub")
    audit.record(SUPERVISOR, "signed in")
    signed.actor = SUPERVISOR
    record = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=zoe.id,
            supervisor_id=amara.id,
            session_date=dt.date(2026, 6, 10),
            session_type=SessionType.REFLECTIVE,
            mode=SessionMode.IN_PERSON,
            duration_minutes=60,
            agreed_record="Book the trauma-informed course.",
            confidential_notes=SECRET,
        ),
    )
    audit.record(SUPERVISOR, "viewed supervision record", f"staff member {zoe.id}")
    services.supervision.update_session(
        admin,
        record.id,
        SessionDetails(
            supervisee_id=zoe.id,
            supervisor_id=amara.id,
            session_date=dt.date(2026, 6, 10),
            session_type=SessionType.REFLECTIVE,
            mode=SessionMode.IN_PERSON,
            duration_minutes=75,
            agreed_record="Book the trauma-informed course.",
            confidential_notes=SECRET + " We agreed to come back to it.",
        ),
    )
    audit.record(SUPERVISOR, "signed out")
    signed.actor = admin
    absence = services.absences.add(admin, ben.id, dt.date(2026, 5, 4), None, "Sick leave")
    services.absences.end(admin, absence.id, dt.date(2026, 5, 15))
    audit.record(None, "backup", "peerdesk-2026-06-12-daily.db", {"kind": "daily"})
    audit.record(
        admin,
        "export",
        "Trustee report",
        {"report": "trustee-report", "from": "2026-01-01", "to": "2026-03-31"},
    )
    audit.record(
        admin, "import", "Staff from a CSV file", {"file": "new-starters.csv", "imported": 2}
    )
    policy = services.policies.add(
        admin,
        PolicyDetails(
            title="Lived experience recruitment",
            version="1.0",
            owner_id=amara.id,
            next_review=dt.date(2027, 1, 31),
            notes="Drafted with the peer forum.",
        ),
    )
    services.policies.update(
        admin,
        policy.id,
        PolicyDetails(
            title="Lived experience recruitment",
            status=PolicyStatus.APPROVED,
            version="1.1",
            owner_id=amara.id,
            approved_on=dt.date(2026, 6, 9),
            next_review=dt.date(2027, 6, 9),
            notes="Drafted with the peer forum; approved by the trustees.",
        ),
    )
    audit.record(MANAGER, "viewed supervision record", f"staff member {ben.id}")
    spare = services.teams.create(admin, "Temporary project")
    services.teams.delete(admin, spare.id)
    services.staff.mark_leaver(admin, ben.id, dt.date(2026, 6, 30), "Moved to a new job")
    audit.record(None, "backup", "peerdesk-2026-06-14-daily.db", {"kind": "daily"})
    audit.record(admin, "signed out")
    return record.id


@pytest.fixture
def filled(audited: Services, database: Database, admin: Actor) -> Services:
    fill(audited, database, admin)
    return audited


@pytest.fixture
def make_panel(qtbot: QtBot, data_dir: Path) -> Any:
    def make(services: Services, actor: Actor) -> AuditPanel:
        context = make_context(services, actor, data_dir)
        panel = AuditPanel(context)
        qtbot.addWidget(panel)
        panel.resize(1180, 720)
        panel.show()
        qtbot.waitExposed(panel)
        panel.refresh()
        return panel

    return make


def settle(qtbot: QtBot, panel: AuditPanel) -> None:
    """Wait until the search under way has been shown."""
    qtbot.waitUntil(lambda: not panel.reading, timeout=3000)
    QApplication.processEvents()


def shown_actions(panel: AuditPanel) -> list[str]:
    model = panel.model
    return [model.index(row, COL_ACTION).data() for row in range(model.rowCount())]


def total_entries(services: Services, admin: Actor) -> int:
    return len(services.audit.entries(admin, limit=100_000))


def click_row(qtbot: QtBot, panel: AuditPanel, row: int) -> None:
    rect = panel.table.visualRect(panel.model.index(row, COL_WHO))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_panel_shows_the_newest_entries_first(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor, qtmodeltester: Any
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    total = total_entries(filled, admin)
    assert 25 <= total <= 40
    assert panel.model.rowCount() == total
    assert shown_actions(panel)[:2] == ["signed out", "backup"]
    assert panel.count_label.text() == f"{total} entries"
    names = [panel.who_combo.itemText(i) for i in range(panel.who_combo.count())]
    assert names == ["Everyone", "Administrator", "Mo Manager", "PeerDesk", "Sam Supervisor"]
    assert not panel.more_button.isVisible()
    qtmodeltester.check(panel.model)


def test_typing_a_search_and_choosing_a_kind_filter_the_entries(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    qtbot.keyClicks(panel.search_edit, "team 2")
    qtbot.waitUntil(lambda: panel.count_label.text() == "2 entries", timeout=3000)
    assert shown_actions(panel) == ["changed team", "added team"]
    # the kind combo, from the keyboard: "Ex" picks "Exports"; no export names team 2
    qtbot.keyClicks(panel.kind_combo, "Ex")
    assert panel.kind_combo.currentText() == "Exports"
    settle(qtbot, panel)
    assert panel.count_label.text() == "No entry matches these filters."
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "trustee")
    qtbot.waitUntil(lambda: panel.count_label.text() == "1 entry", timeout=3000)
    assert shown_actions(panel) == ["export"]
    assert "Trustee report" in panel.details.toPlainText()


def test_who_and_dates_filter_the_entries(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    panel.who_combo.setCurrentIndex(panel.who_combo.findText("Sam Supervisor"))
    settle(qtbot, panel)
    whos = {panel.model.index(r, COL_WHO).data() for r in range(panel.model.rowCount())}
    assert whos == {"Sam Supervisor"}
    assert panel.model.rowCount() == 5  # signed in, session added and changed, viewed, out
    panel.who_combo.setCurrentIndex(0)
    settle(qtbot, panel)
    everyone = panel.model.rowCount()
    # from the 4th of June on: the clock moved 7 hours 13 minutes an entry from 1 June
    panel.from_date.setDate(panel.from_date.date().fromString("2026-06-04", "yyyy-MM-dd"))
    panel.from_check.setChecked(True)
    settle(qtbot, panel)
    later = panel.model.rowCount()
    assert 0 < later < everyone
    day = dt.date(2026, 6, 4)
    assert all(entry.at.astimezone().date() >= day for entry in panel.model._rows)
    panel.to_check.setChecked(True)
    panel.to_date.setDate(panel.to_date.date().fromString("2026-06-04", "yyyy-MM-dd"))
    settle(qtbot, panel)
    assert all(e.at.astimezone().date() == day for e in panel.model._rows)


def test_choosing_an_entry_shows_its_details_before_and_after(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    qtbot.keyClicks(panel.search_edit, "changed staff member")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    settle(qtbot, panel)
    assert shown_actions(panel) == ["changed staff member", "changed staff member"]
    click_row(qtbot, panel, 1)  # the older: Mo's edit
    text = panel.details.toPlainText()
    assert "changed staff member: staff member 2" in text
    assert "by Mo Manager (Manager)" in text
    assert "job title: Peer worker → Senior peer worker" in text
    assert "hours per week: none → 37.5" in text
    assert "wellbeing notes: empty → 45 characters" in text
    assert "Prefers mornings" not in text
    summary = panel.model.index(1, COL_DETAILS).data()
    assert summary.startswith("hours per week: none → 37.5; job title:")
    # arrows move through the entries, Enter goes to the details
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert "end date: none → 2026-06-30" in panel.details.toPlainText()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.details.hasFocus()


def test_ctrl_f_goes_to_the_search_box(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Ctrl)
    assert panel.search_edit.hasFocus()


def test_confidential_words_never_reach_the_browser(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    qtbot.keyClicks(panel.search_edit, "anniversary")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    settle(qtbot, panel)
    assert panel.count_label.text() == "No entry matches these filters."
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "supervision session")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    settle(qtbot, panel)
    click_row(qtbot, panel, 0)
    text = panel.details.toPlainText()
    expected = f"confidential notes: {len(SECRET)} characters → {len(SECRET) + 30} characters"
    assert expected in text
    assert "anniversary" not in text


def tamper(database: Database, statement: str) -> None:
    conn = sqlite3.connect(database.path)
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_check_the_trail_says_it_is_in_order_then_names_a_tampered_entry(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor, database: Database
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    total = total_entries(filled, admin)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "in order" in panel.message.text(), timeout=3000)
    assert panel.message.text() == f"All {total} entries are in order."
    assert panel.message.isVisible()
    tamper(database, "UPDATE audit_event SET actor_name = 'Someone else' WHERE id = 7")
    tamper(database, "DELETE FROM audit_event WHERE id = 12")
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not in order" in panel.message.text(), timeout=3000)
    text = panel.message.text()
    assert "• entry 7 was changed after it was written" in text
    assert "• entry 12 is missing" in text
    assert "• entry 13 does not follow the entry before it" in text
    assert "found 3 problems" in text


def test_export_writes_the_filtered_entries_to_a_csv_file(
    qtbot: QtBot,
    make_panel: Any,
    filled: Services,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "chosen" / "trail"
    target.parent.mkdir()
    asked: list[str] = []

    def choose(_parent: Any, title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "CSV files (*.csv)"

    monkeypatch.setattr("peerdesk.ui.csv_export_ui.QFileDialog.getSaveFileName", choose)
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    qtbot.keyClicks(panel.kind_combo, "Sign")
    settle(qtbot, panel)
    assert panel.model.rowCount() == 5
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Saved"), timeout=3000)
    written = target.with_suffix(".csv")
    assert panel.message.text() == f"Saved 5 entries to trail.csv, in {written.parent}."
    assert asked and asked[0].endswith(f"Audit trail {TODAY.isoformat()}.csv")
    with written.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["When", "Who", "Role", "Action", "Subject", "Details", "Entry hash"]
    assert [row[3] for row in rows] == [
        "signed out",
        "signed out",
        "signed in",
        "signed in",
        "signed in",
    ]
    assert rows[-1][1:3] == ["Administrator", "administrator"]
    assert rows[-1][5] == "computer: OFFICE-LAPTOP"
    (record,) = filled.audit.entries(admin, action=EXPORT_ACTION)
    assert record.details["file"] == "trail.csv" and record.details["rows"] == 5
    assert record.details["kind"] == "Sign-ins"
    # the panel reads the trail again: with Exports chosen, the export is listed
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new keyboard search
    qtbot.keyClicks(panel.kind_combo, "Ex")
    assert panel.kind_combo.currentText() == "Exports"
    settle(qtbot, panel)
    assert shown_actions(panel)[0] == EXPORT_ACTION


def test_a_long_trail_is_read_a_page_at_a_time(
    qtbot: QtBot, make_panel: Any, audited: Services, admin: Actor
) -> None:
    for number in range(PAGE_SIZE * 2 + 50):
        audited.audit.record(admin, "export", f"Report {number}", {"rows": number})
    panel = make_panel(audited, admin)
    settle(qtbot, panel)
    total = PAGE_SIZE * 2 + 50
    assert panel.model.rowCount() == PAGE_SIZE
    assert panel.count_label.text() == f"Showing the newest {PAGE_SIZE} of {total} entries"
    assert panel.more_button.isVisible()
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    settle(qtbot, panel)
    assert panel.model.rowCount() == PAGE_SIZE * 2
    # scrolling to the end asks for the rest
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == total, timeout=3000)
    assert panel.count_label.text() == f"{total} entries"
    assert not panel.more_button.isVisible()
    last = panel.model.index(total - 1, 4).data()
    assert last == "Report 0"


def test_a_new_search_drops_the_answer_to_an_older_one(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    panel.search_edit.setText("team")
    panel.search()  # two searches started before either answer arrives
    panel.search_edit.setText("backup")
    panel.search()
    settle(qtbot, panel)
    qtbot.wait(50)
    assert set(shown_actions(panel)) == {"backup"}


@pytest.mark.parametrize("actor", [MANAGER, SUPERVISOR])
def test_the_panel_refuses_anyone_but_administrators(
    make_panel: Any, filled: Services, actor: Actor
) -> None:
    panel = make_panel(filled, actor)
    assert panel.message.text() == READ_REFUSED
    assert not panel.table.isEnabled() and not panel.check_button.isEnabled()
    assert not panel.export_button.isEnabled()
    assert panel.model.rowCount() == 0


def test_screenshot_of_the_panel(
    qtbot: QtBot, make_panel: Any, filled: Services, admin: Actor
) -> None:
    panel = make_panel(filled, admin)
    settle(qtbot, panel)
    row = shown_actions(panel).index("changed policy")
    click_row(qtbot, panel, row)
    assert "version: 1.0 → 1.1" in panel.details.toPlainText()
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "in order" in panel.message.text(), timeout=3000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    image = panel.grab()
    assert image.save(str(SHOTS / "audit_panel.png"))
    assert image.width() >= 1000
    assert panel.table.indexAt(QPoint(5, 5)).isValid()
