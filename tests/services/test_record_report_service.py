"""RecordReportService on a real database: the supervision record, the checklist report and
everything held about one person, read back from the files written (pypdf, json)."""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from peerdesk.domain.enums import (
    ActionStatus,
    ApprenticeshipOutcome,
    ChecklistItemStatus,
    CourseKind,
    DualRelationshipType,
    PolicyStatus,
    SessionMode,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import ValidationError
from peerdesk.reports.pdf_base import ExportCancelled
from peerdesk.reports.person_report import CONFIDENTIAL_HEADING
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_views import ItemAnswer
from peerdesk.services.errors import NotFound
from peerdesk.services.record_report_service import subject_access_file_names
from peerdesk.store.database import Database
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    Base,
    ChecklistItem,
    DualRelationship,
    OffTheJobHours,
    Policy,
    SessionDraft,
    StaffAbsence,
    StaffMember,
    SupervisionAgreement,
    SupervisionSession,
    TrainingCourse,
    TrainingRecord,
    WellnessPlan,
)
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

HOSTILE_NAME = '<b>Bo</b> & "Co"'
HOSTILE_NOTE = 'Said <img src="/etc/passwd"/> & left'
SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
SECRET = "SECRETNOTE"


def text_of(path: Path) -> str:
    """The PDF's text, ligatures (ﬁ, ﬆ) read as their letters, wrapped lines joined."""
    pages = (page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", "\n".join(pages)).split())


def page_numbers_hold(path: Path) -> bool:
    reader = PdfReader(path)
    total = len(reader.pages)
    return all(
        f"page {n} of {total}" in page.extract_text() for n, page in enumerate(reader.pages, 1)
    )


# -- a register with everything filled in, for two people -----------------------------------


def add_session(
    services: Services, admin: Actor, supervisee: int, supervisor: int, tag: str, **extra: Any
) -> int:
    details = SessionDetails(
        supervisee_id=supervisee,
        supervisor_id=supervisor,
        session_date=extra.pop("day", dt.date(2026, 5, 1)),
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.VIDEO,
        duration_minutes=50,
        wellbeing_score=4,
        wellbeing_words=f"{tag}_WORDS",
        wellbeing=f"{tag}_WELLBEING",
        workload=f"{tag}_WORKLOAD",
        learning=HOSTILE_NOTE,
        agreed_record=f"{tag}_AGREED",
        confidential_notes=f"{SECRET}_{tag}",
    )
    details = replace(details, **extra)
    return services.supervision.create_session(admin, details).id


def fill_the_rest(database: Database, staff_id: int, tag: str, course_id: int) -> None:
    """A row in every other table about the person, each naming the tag."""
    day = dt.date(2025, 3, 3)
    with database.sessions.begin() as session:
        session.add_all(
            [
                SupervisionAgreement(
                    staff_id=staff_id,
                    frequency_days=28,
                    location=f"{tag}_AGREEMENT_PLACE",
                    confidentiality="Stays in the room",
                    raising_concerns="Talk to the manager",
                    agreed_on=day,
                ),
                DualRelationship(
                    staff_id=staff_id,
                    relationship_type=DualRelationshipType.FRIEND.value,
                    description=f"{tag}_DUAL a friend who volunteers",
                    how_managed="Neither supervises the other",
                    agreed_by="Amara",
                    agreed_on=day,
                ),
                StaffAbsence(staff_id=staff_id, first_day=day, last_day=day, kind=f"{tag}_ABSENCE"),
                WellnessPlan(
                    staff_id=staff_id,
                    keeps_me_well=f"{tag}_KEEPS_WELL",
                    early_signs="Going quiet",
                    what_helps="A walk",
                    who_to_contact="The supervisor",
                ),
                TrainingRecord(
                    staff_id=staff_id,
                    course_id=course_id,
                    status=TrainingStatus.COMPLETED.value,
                    completed_on=day,
                    notes=f"{tag}_TRAINING",
                ),
                Policy(
                    title=f"{tag}_POLICY",
                    owner_id=staff_id,
                    status=PolicyStatus.APPROVED.value,
                ),
                SessionDraft(
                    supervisee_id=staff_id,
                    payload=json.dumps(
                        {
                            "session_date": "2026-06-14",
                            "agreed_record": f"{tag}_DRAFT_RECORD",
                            "confidential_notes": f"{SECRET}_{tag}_DRAFT",
                        }
                    ),
                ),
            ]
        )
        apprenticeship = Apprenticeship(
            staff_id=staff_id,
            programme=f"{tag}_PROGRAMME",
            provider="Northern College",
            start_date=dt.date(2025, 1, 6),
            planned_end_date=dt.date(2026, 12, 31),
            required_weekly_hours=6,
            outcome=ApprenticeshipOutcome.JOB_OFFERED.value,
            outcome_on=dt.date(2026, 6, 1),
            outcome_notes=f"{tag}_OUTCOME",
        )
        session.add(apprenticeship)
        session.flush()
        session.add_all(
            [
                OffTheJobHours(
                    apprenticeship_id=apprenticeship.id,
                    day=dt.date(2025, 1, 7),
                    hours=6.5,
                    activity=f"{tag}_HOURS",
                ),
                ApprenticeshipReview(
                    apprenticeship_id=apprenticeship.id,
                    review_date=dt.date(2025, 4, 1),
                    notes=f"{tag}_REVIEW",
                ),
            ]
        )


@pytest.fixture
def world(services: Services, admin: Actor, database: Database) -> dict[str, int]:
    boss = add_person(services, admin, "Sam Boss", job_title="Service manager")
    alpha = add_person(services, admin, HOSTILE_NAME, supervisor_id=boss.id)
    bravo = add_person(services, admin, "Bravo Person", supervisor_id=boss.id)
    with database.sessions.begin() as session:
        session.execute(
            update(StaffMember)
            .where(StaffMember.id == alpha.id)
            .values(
                reasonable_adjustments="ALPHA_ADJUSTMENTS",
                wellbeing_notes="ALPHA_WELLBEING_NOTES\x07",
                leaving_reason="ALPHA_LEAVING",
                pronouns="they/them",
            )
        )
        session.execute(
            update(StaffMember)
            .where(StaffMember.id == bravo.id)
            .values(reasonable_adjustments="BRAVO_ADJUSTMENTS", wellbeing_notes="BRAVO_NOTES")
        )
        course = TrainingCourse(
            name="Safeguarding", name_key="safeguarding", kind=CourseKind.MANDATORY.value
        )
        session.add(course)
        session.flush()
        course_id = course.id

    # alpha: a signed and amended session, a cancelled one, an unsigned one
    first = add_session(services, admin, alpha.id, boss.id, "ALPHA1", day=dt.date(2026, 4, 1))
    services.actions.add(admin, first, "ALPHA_ACTION_DONE", alpha.id, dt.date(2026, 5, 1))
    services.actions.add(admin, first, "ALPHA_ACTION_OPEN", boss.id, None)
    services.supervision.sign_as_supervisor(admin, first, "Sam Boss")
    services.supervision.sign_as_supervisee(admin, first, HOSTILE_NAME, "ALPHA_COMMENT")
    services.supervision.amend(
        admin, first, "agreed_record", "ALPHA_AGREED_NEW", "ALPHA_AMEND_REASON", "Sam Boss"
    )
    cancelled = services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=alpha.id,
            supervisor_id=boss.id,
            session_date=dt.date(2026, 5, 1),
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.PHONE,
            outcome=SessionOutcome.CANCELLED_BY_SUPERVISEE,
            outcome_reason="ALPHA_CANCEL_REASON",
            confidential_notes=f"{SECRET}_ALPHA2",
        ),
    ).id
    services.supervision.sign_as_supervisor(admin, cancelled, "Sam Boss")
    third = add_session(services, admin, alpha.id, boss.id, "ALPHA3", day=dt.date(2026, 6, 10))
    done = services.actions.open_actions(admin, alpha.id)[0]
    services.actions.close(admin, done.id, ActionStatus.DONE, third, "ALPHA_CLOSING")
    # hostile text and a control character, as an old import might have left them
    with database.sessions.begin() as session:
        session.execute(
            update(SupervisionSession)
            .where(SupervisionSession.id == third)
            .values(section_other="Other\x07 <b>not bold</b> & <img src='x.png'/>")
        )

    # bravo: a session of their own, and an action alpha owns on bravo's record
    bravo_session = add_session(services, admin, bravo.id, boss.id, "BRAVO")
    services.actions.add(admin, bravo_session, "ALPHA_OWNS_THIS", alpha.id, None)
    services.actions.add(admin, bravo_session, "BRAVO_ACTION", bravo.id, None)

    fill_the_rest(database, alpha.id, "ALPHA", course_id)
    fill_the_rest(database, bravo.id, "BRAVO", course_id)
    # forms about them someone was typing when PeerDesk locked
    for person, tag in ((alpha.id, "ALPHA"), (bravo.id, "BRAVO")):
        services.form_drafts.keep(
            admin,
            f"staff:{person}",
            f"Edit {tag} person",
            {"wellbeing_notes": ["text", f"{tag}_KEPT_FORM <&>"], "has_end_date": ["tick", False]},
            staff_id=person,
        )
    checklist = services.checklists.start(admin, "organisational-readiness")
    items = services.checklists.get(admin, checklist.id).items()
    services.checklists.update_item(
        admin, items[0].id, ItemAnswer(ChecklistItemStatus.IN_PROGRESS, owner_id=alpha.id)
    )
    services.checklists.update_item(
        admin, items[1].id, ItemAnswer(ChecklistItemStatus.IN_PLACE, owner_id=bravo.id)
    )
    return {
        "boss": boss.id,
        "alpha": alpha.id,
        "bravo": bravo.id,
        "checklist": checklist.id,
        "first": first,
        "third": third,
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the reports (``tmp_path`` also holds the database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# -- the supervision record ------------------------------------------------------------------


def test_the_supervision_record_holds_the_record_and_never_the_notes(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    path = services.record_reports.export_supervision_record(
        admin, world["alpha"], out / "record.pdf"
    )
    assert path == out / "record.pdf"
    text = text_of(path)
    for expected in (
        f"{HOSTILE_NAME} (they/them)",
        "Sam Boss",
        "Every session recorded",
        "3 recorded, 2 held; 1 not yet signed",
        "1 April 2026: reflective supervision",
        "ALPHA1_WORDS",
        "ALPHA1_WELLBEING",
        "ALPHA1_WORKLOAD",
        HOSTILE_NOTE,
        "ALPHA_AGREED_NEW",
        "ALPHA_ACTION_DONE",
        "Done on 15 Jun 2026, reviewed in the session of 10 Jun 2026: ALPHA_CLOSING",
        "ALPHA_ACTION_OPEN",
        "ALPHA_COMMENT",
        "Amendment 1: Agreed record",
        "Original text ALPHA1_AGREED",
        "New text ALPHA_AGREED_NEW",
        "ALPHA_AMEND_REASON",
        "ALPHA_CANCEL_REASON",
        "Other <b>not bold</b> & <img src='x.png'/>",
        "Not yet signed",
    ):
        assert expected in text, expected
    assert SECRET not in text
    assert "\x07" not in text
    assert "BRAVO" not in text and "ALPHA_OWNS_THIS" not in text
    assert page_numbers_hold(path)
    reader = PdfReader(path)
    assert reader.metadata.title == f"Supervision record: {HOSTILE_NAME}"
    assert reader.metadata.author == "Administrator"
    entry = services.audit.entries(admin, action="export")[0]
    assert entry.subject == f"Supervision record: staff {world['alpha']}"
    assert dict(entry.details) == {
        "report": "supervision-record",
        "from": None,
        "to": None,
        "staff_id": world["alpha"],
        "sessions": 3,
        "file": "record.pdf",
    }
    assert HOSTILE_NAME not in entry.subject


def test_a_period_chooses_the_sessions(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    alphas_supervisor = replace(SUPERVISOR, staff_id=world["boss"])
    path = services.record_reports.export_supervision_record(
        alphas_supervisor,
        world["alpha"],
        out / "may.pdf",
        start=dt.date(2026, 4, 15),
        end=dt.date(2026, 5, 31),
    )
    text = text_of(path)
    assert "15 April 2026 to 31 May 2026" in text
    assert "ALPHA_CANCEL_REASON" in text
    assert "ALPHA1_AGREED" not in text and "ALPHA3_AGREED" not in text
    entry = services.audit.entries(admin, action="export")[0]
    assert entry.details["from"] == "2026-04-15" and entry.details["to"] == "2026-05-31"
    assert entry.actor_name == "Sam Supervisor"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 4, 1), "end"),
        (dt.date(2010, 1, 1), dt.date(2026, 1, 1), "start"),
        (dt.date(2015, 1, 1), None, "start"),
    ],
)
def test_a_bad_period_is_refused(
    services: Services,
    admin: Actor,
    world: dict[str, int],
    out: Path,
    start: dt.date,
    end: dt.date | None,
    field: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.record_reports.export_supervision_record(
            admin, world["alpha"], out / "r.pdf", start=start, end=end
        )
    assert caught.value.message_for(field)
    assert list(out.iterdir()) == []
    assert services.audit.entries(admin, action="export") == []


def test_bad_destinations_and_missing_records(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    reports = services.record_reports
    with pytest.raises(ValidationError) as caught:
        reports.export_supervision_record(admin, world["alpha"], out / "nope" / "r.pdf")
    assert "does not exist" in (caught.value.message_for("destination") or "")
    with pytest.raises(ValidationError):
        reports.export_supervision_record(admin, world["alpha"], out)
    with pytest.raises(ValidationError) as caught:
        reports.export_person(admin, world["alpha"], out / "nope")
    assert caught.value.message_for("folder")
    with pytest.raises(NotFound):
        reports.export_supervision_record(admin, 9999, out / "r.pdf")
    with pytest.raises(NotFound):
        reports.export_checklist(admin, 9999, out / "c.pdf")
    with pytest.raises(NotFound):
        reports.export_person(admin, 9999, out)
    assert list(out.iterdir()) == []


def test_who_may_export_what(services: Services, world: dict[str, int], out: Path) -> None:
    reports = services.record_reports
    with pytest.raises(AccessDenied):
        reports.export_checklist(SUPERVISOR, world["checklist"], out / "c.pdf")
    with pytest.raises(AccessDenied):
        reports.export_person(SUPERVISOR, world["alpha"], out)
    # a manager may not read the confidential notes, so cannot make a complete export
    with pytest.raises(AccessDenied) as caught:
        reports.export_person(MANAGER, world["alpha"], out)
    assert "administrator" in str(caught.value)
    assert list(out.iterdir()) == []
    reports.export_checklist(MANAGER, world["checklist"], out / "c.pdf")
    reports.export_supervision_record(MANAGER, world["alpha"], out / "r.pdf")


def test_a_cancelled_record_export_leaves_nothing(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    calls = iter(range(100))
    with pytest.raises(ExportCancelled):
        services.record_reports.export_supervision_record(
            admin, world["alpha"], out / "r.pdf", is_cancelled=lambda: next(calls) >= 2
        )
    assert list(out.iterdir()) == []
    assert services.audit.entries(admin, action="export") == []


# -- the checklist report --------------------------------------------------------------------


def test_the_checklist_report(
    services: Services, admin: Actor, world: dict[str, int], out: Path, database: Database
) -> None:
    checklist_id = world["checklist"]
    detail = services.checklists.get(admin, checklist_id)
    first = detail.items()[0]
    services.checklists.update_item(
        admin,
        first.id,
        ItemAnswer(
            ChecklistItemStatus.IN_PLACE,
            owner_id=world["alpha"],
            evidence=HOSTILE_NOTE,
            evidence_paths=("Shared/HR/Roles.docx",),
            due_date=dt.date(2026, 7, 1),
            notes="Board minutes",
        ),
        note="Approved by the board",
    )
    na = detail.items()[2]
    services.checklists.update_item(
        admin, na.id, ItemAnswer(ChecklistItemStatus.NOT_APPLICABLE, na_reason="One pay scale")
    )
    with database.sessions.begin() as session:
        session.execute(
            update(ChecklistItem)
            .where(ChecklistItem.id == detail.items()[3].id)
            .values(retired=True)
        )
    services.checklists.start_review(admin, checklist_id)  # archives this one
    path = services.record_reports.export_checklist(admin, checklist_id, out / "c.pdf")
    text = text_of(path)
    for expected in (
        detail.title,
        f"{detail.template_title}, version {detail.template_version}",
        "Archived on 15 June 2026",
        "Progress by section",
        first.text,
        HOSTILE_NAME,
        HOSTILE_NOTE,
        "Shared/HR/Roles.docx",
        "1 July 2026",
        "Board minutes",
        "In place on 15 June 2026 (was in progress), by Administrator: Approved by the board",
        "Why not applicable One pay scale",
        "Retired: no longer in the template, not counted",
        "Bravo Person",
    ):
        assert expected in text, expected
    for section in detail.sections:
        assert section.title in text
    assert page_numbers_hold(path)
    reader = PdfReader(path)
    assert reader.metadata.title == f"Checklist: {detail.title}"
    entry = services.audit.entries(admin, action="export")[0]
    assert entry.subject == f"Checklist report: checklist {checklist_id}"
    assert entry.details["file"] == "c.pdf"


# -- everything held about one person --------------------------------------------------------


# Each table that can hold something about a person, and where the JSON has it. A new table
# that refers to the staff register fails the test below until it is added to the export.
COVERED = {
    "staff_member": "person",
    "staff_absence": "absences",
    "staff_role": "other_roles",
    "conviction_assessment": "fair_chance_risk_assessments",
    "supervision_session": "supervision_sessions",
    "session_amendment": "supervision_sessions",
    "supervision_action": "supervision_sessions",
    "supervision_agreement": "supervision_agreements",
    "dual_relationship": "dual_relationships",
    "session_draft": "session_draft",
    "form_draft": "forms_kept_when_locked",
    "checklist_item": "checklist_items_owned",
    "policy": "policies_owned",
    "training_record": "training_records",
    "wellness_plan": "wellness_action_plan",
    "apprenticeship": "apprenticeships",
    "off_the_job_hours": "apprenticeships",
    "apprenticeship_review": "apprenticeships",
    "audit_event": "audit_trail",
    "user_account": "user_account",
}


def test_every_table_about_a_person_is_covered() -> None:
    referring = {
        table.name
        for table in Base.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column.table.name == "staff_member"
    }
    assert referring <= set(COVERED), referring - set(COVERED)


def test_everything_held_about_one_person(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    alpha = world["alpha"]
    services.record_reports.export_supervision_record(admin, alpha, out / "first.pdf")
    folder = out / "sar"
    folder.mkdir()
    pdf, data_file = services.record_reports.export_person(admin, alpha, folder)
    stem = f"bBob & Co-subject-access-{TODAY.isoformat()}"
    assert (pdf.name, data_file.name) == (f"{stem}.pdf", f"{stem}.json")
    assert sorted(p.name for p in folder.iterdir()) == sorted([pdf.name, data_file.name])

    raw = data_file.read_bytes()
    document = json.loads(raw.decode("utf-8"))
    text = raw.decode("utf-8")
    assert document["schema"] == "peerdesk-subject-access/1"
    generated = dt.datetime.fromisoformat(document["generated_at"])
    assert generated.utcoffset() == dt.timedelta(0)
    assert document["generated_by"] == "Administrator"
    assert '\n  "person": {\n    "id"' in text  # indented by two, keys in order
    person = document["person"]
    assert person["full_name"] == HOSTILE_NAME
    assert person["reasonable_adjustments"] == "ALPHA_ADJUSTMENTS"
    assert person["wellbeing_notes"] == "ALPHA_WELLBEING_NOTES\x07"  # held as it is
    assert person["leaving_reason"] == "ALPHA_LEAVING"
    assert person["supervisor"] == "Sam Boss"
    assert person["lived_experience"] == "yes"
    assert person["start_date"] == "2023-04-03"
    for tag in (
        "ALPHA1_AGREED",  # the amendment's original text
        "ALPHA_AGREED_NEW",
        "ALPHA_AMEND_REASON",
        "ALPHA_ACTION_DONE",
        "ALPHA_CLOSING",
        "ALPHA_COMMENT",
        "ALPHA_CANCEL_REASON",
        "ALPHA_OWNS_THIS",
        "ALPHA_AGREEMENT_PLACE",
        "ALPHA_DUAL",
        "ALPHA_ABSENCE",
        "ALPHA_KEEPS_WELL",
        "ALPHA_TRAINING",
        "ALPHA_PROGRAMME",
        "ALPHA_OUTCOME",
        "ALPHA_HOURS",
        "ALPHA_REVIEW",
        "ALPHA_POLICY",
        "ALPHA_DRAFT_RECORD",
        "ALPHA_KEPT_FORM",
    ):
        assert tag in text, tag
    # nobody else's data: not bravo's record, nor bravo's own actions
    assert "BRAVO" not in text
    assert "Bravo Person" not in text
    # the confidential notes: under their own key, never inside the sessions
    notes = document["confidential_notes"]
    assert [n["text"] for n in notes] == [
        f"{SECRET}_ALPHA1",
        f"{SECRET}_ALPHA2",
        f"{SECRET}_ALPHA3",
        f"{SECRET}_ALPHA_DRAFT",
    ]
    assert notes[-1]["source"] == "draft"
    assert SECRET not in json.dumps(document["supervision_sessions"])
    assert SECRET not in json.dumps(document["session_draft"])
    sessions = document["supervision_sessions"]
    assert [s["session_date"] for s in sessions] == ["2026-04-01", "2026-05-01", "2026-06-10"]
    assert sessions[0]["amendments"][0]["original_text"] == "ALPHA1_AGREED"
    assert sessions[0]["supervisee_signature"]["name"] == HOSTILE_NAME
    assert document["checklist_items_owned"] == [
        {
            "checklist": services.checklists.get(admin, world["checklist"]).title,
            "item": services.checklists.get(admin, world["checklist"]).items()[0].text,
            "status": "in_progress",
        }
    ]
    trail = document["audit_trail"]
    # changes to their records (in the order made), then the export of their record
    assert trail[-1]["subject"] == f"Supervision record: staff {alpha}"
    assert any(a["action"].startswith("added ") for a in trail[:-1])
    assert all(str(alpha) in json.dumps(a["details"]) for a in trail)
    assert document["user_account"] is None  # no sign-in account linked to them
    (kept,) = document["forms_kept_when_locked"]
    assert kept["title"] == "Edit ALPHA person"
    assert kept["fields"] == {"has_end_date": "No", "wellbeing_notes": "ALPHA_KEPT_FORM <&>"}

    pdf_text = text_of(pdf)
    assert CONFIDENTIAL_HEADING in pdf_text
    heading_at = pdf_text.index(CONFIDENTIAL_HEADING)
    for n in ("1", "2", "3"):
        assert pdf_text.index(f"{SECRET}_ALPHA{n}") > heading_at
    for tag in ("ALPHA_ADJUSTMENTS", "ALPHA_WELLBEING_NOTES", "ALPHA_KEEPS_WELL", "ALPHA_HOURS"):
        assert tag in pdf_text, tag
    assert "Forms kept when PeerDesk locked" in pdf_text
    assert "ALPHA_KEPT_FORM <&>" in pdf_text  # user text, escaped for the PDF
    assert HOSTILE_NOTE in pdf_text and "\x07" not in pdf_text
    assert "BRAVO" not in pdf_text and "Bravo Person" not in pdf_text
    assert page_numbers_hold(pdf)
    reader = PdfReader(pdf)
    assert reader.metadata.title == f"Everything held about {HOSTILE_NAME}"
    assert reader.metadata.author == "Administrator"

    entry = services.audit.entries(admin, action="export")[0]
    assert entry.subject == f"Everything held about a person: staff {alpha}"
    assert entry.details["report"] == "person" and entry.details["staff_id"] == alpha
    assert entry.details["file"] == pdf.name and entry.details["data_file"] == data_file.name


def test_the_supervisor_sees_only_what_they_led(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    _pdf, data_file = services.record_reports.export_person(admin, world["boss"], out)
    document = json.loads(data_file.read_text(encoding="utf-8"))
    led = document["sessions_led_as_supervisor"]
    assert len(led) == 4
    text = json.dumps(document)
    for content in ("ALPHA1_AGREED", "ALPHA_COMMENT", "BRAVO_AGREED", SECRET):
        assert content not in text  # what the sessions hold is about the supervisees
    assert document["actions_owned_on_other_records"][0]["description"] == "ALPHA_ACTION_OPEN"


@pytest.mark.parametrize("cancel_at", [0, 1, 3])
def test_a_cancelled_person_export_leaves_no_file(
    services: Services, admin: Actor, world: dict[str, int], out: Path, cancel_at: int
) -> None:
    calls = iter(range(100))
    with pytest.raises(ExportCancelled):
        services.record_reports.export_person(
            admin, world["alpha"], out, is_cancelled=lambda: next(calls) >= cancel_at
        )
    assert list(out.iterdir()) == []
    assert services.audit.entries(admin, action="export") == []


def test_a_failure_leaves_neither_file(
    services: Services,
    admin: Actor,
    world: dict[str, int],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_replace = os.replace

    def no_json(source: Any, target: Any) -> None:
        if str(target).endswith(".json"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", no_json)
    with pytest.raises(OSError):
        services.record_reports.export_person(admin, world["alpha"], out)
    assert list(out.iterdir()) == []
    monkeypatch.undo()

    def no_audit(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(5, "The database is locked")

    monkeypatch.setattr(services.audit, "record", no_audit)
    with pytest.raises(OSError):
        services.record_reports.export_person(admin, world["alpha"], out)
    assert list(out.iterdir()) == []  # nothing leaves unrecorded


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zoë Łukasiewicz", "Zoë Łukasiewicz"),
        ('<b>Bo</b> & "Co"', "bBob & Co"),
        ("a/b\\c:d*e?f|g", "abcdefg"),
        ("Tab\there\x07 and\nline", "Tab here and line"),
        ("..hidden. ", "hidden"),
        ("Nguyễn Thị Hương", "Nguyễn Thị Hương"),
        ("???", "Person"),
        ("x" * 400, "x" * 120),
    ],
)
def test_subject_access_file_names_are_safe(name: str, expected: str) -> None:
    pdf, data = subject_access_file_names(name, TODAY)
    assert pdf == f"{expected}-subject-access-2026-06-15.pdf"
    assert data == f"{expected}-subject-access-2026-06-15.json"
    assert unicodedata.is_normalized("NFC", pdf)
    assert (
        subject_access_file_names(name, TODAY, 3)[0]
        == f"{expected}-subject-access-2026-06-15-3.pdf"
    )


def test_a_second_export_never_replaces_the_first(
    services: Services, admin: Actor, world: dict[str, int], out: Path, database: Database
) -> None:
    first = services.record_reports.export_person(admin, world["alpha"], out)
    # someone else with the same name, exported the same day into the same folder
    with database.sessions.begin() as session:
        session.execute(
            update(StaffMember)
            .where(StaffMember.id == world["bravo"])
            .values(full_name=HOSTILE_NAME)
        )
    second = services.record_reports.export_person(admin, world["bravo"], out)
    stem = f"bBob & Co-subject-access-{TODAY.isoformat()}-2"
    assert (second[0].name, second[1].name) == (f"{stem}.pdf", f"{stem}.json")
    assert json.loads(first[1].read_text(encoding="utf-8"))["person"]["id"] == world["alpha"]
    assert json.loads(second[1].read_text(encoding="utf-8"))["person"]["id"] == world["bravo"]
    assert len(list(out.iterdir())) == 4


def test_the_persons_other_roles_are_in_their_export(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.staff_roles import RoleDetails

    alpha = world["alpha"]
    services.roles.add(
        admin,
        alpha,
        RoleDetails(
            "ALPHA_ROLE <b>Tutor</b> & co",
            RoleCategory.VOLUNTEER,
            EmploymentType.VOLUNTEER,
            dt.date(2024, 1, 8),
            end_date=dt.date(2025, 12, 31),
            hours_per_week=3.5,
        ),
    )
    folder = out / "roles"
    folder.mkdir()
    pdf, data_file = services.record_reports.export_person(admin, alpha, folder)
    document = json.loads(data_file.read_text(encoding="utf-8"))
    [role] = document["other_roles"]
    assert role["job_title"] == "ALPHA_ROLE <b>Tutor</b> & co"
    assert (role["role_category"], role["employment_type"]) == ("Volunteer", "Volunteer")
    assert (role["hours_per_week"], role["start_date"], role["end_date"]) == (
        3.5,
        "2024-01-08",
        "2025-12-31",
    )
    flat = " ".join(text_of(pdf).split())
    assert "Other roles" in flat
    assert "ALPHA_ROLE <b>Tutor</b> & co (Volunteer, Volunteer)" in flat


def test_the_persons_risk_assessments_are_in_their_export(
    services: Services, admin: Actor, world: dict[str, int], out: Path
) -> None:
    from peerdesk.domain.fair_chance import AssessmentDetails, Decision

    alpha = world["alpha"]
    services.fair_chance.add(
        admin,
        AssessmentDetails(
            staff_id=alpha,
            role_title="Peer worker",
            disclosed_on=dt.date(2026, 3, 2),
            relevance="ALPHA_RELEVANCE <not> & relevant",
            circumstances="ALPHA_CIRCUMSTANCES",
            safeguards="ALPHA_SAFEGUARDS",
            decision=Decision.APPOINTED_WITH_SAFEGUARDS,
            decided_by="Mo Manager",
            decided_on=dt.date(2026, 3, 9),
        ),
    )
    folder = out / "risk"
    folder.mkdir()
    pdf, data_file = services.record_reports.export_person(admin, alpha, folder)
    document = json.loads(data_file.read_text(encoding="utf-8"))
    [risk] = document["fair_chance_risk_assessments"]
    assert risk["relevance"] == "ALPHA_RELEVANCE <not> & relevant"
    assert (risk["decision"], risk["decided_on"], risk["delete_after"]) == (
        Decision.APPOINTED_WITH_SAFEGUARDS.label,
        "2026-03-09",
        "2026-09-09",  # six months after the decision, the organisation's default
    )
    flat = " ".join(text_of(pdf).split())
    assert "Fair-chance risk assessments" in flat
    for tag in ("ALPHA_RELEVANCE <not> & relevant", "ALPHA_CIRCUMSTANCES", "ALPHA_SAFEGUARDS"):
        assert tag in flat, tag
