"""The record report builders on plain data: what each PDF shows, hostile text printed
literally, long text laid out over pages, local times, and the subject access JSON."""

from __future__ import annotations

import datetime as dt
import json
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.domain.checklist_progress import ChecklistProgress
from peerdesk.domain.enums import (
    ActionStatus,
    ApprenticeshipOutcome,
    ChecklistItemStatus,
    CourseKind,
    DualRelationshipType,
    EmploymentType,
    LivedExperience,
    PolicyStatus,
    RoleCategory,
    SessionMode,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.supervision_record import SignOffState
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.reports.checklist_report import build_checklist_story
from peerdesk.reports.pdf_base import DocumentInfo, write_pdf
from peerdesk.reports.person_report import (
    CONFIDENTIAL_HEADING,
    SCHEMA,
    build_person_story,
    person_json,
    person_json_text,
)
from peerdesk.reports.record_data import (
    AbsenceData,
    ActionData,
    AgreementData,
    AmendmentData,
    ApprenticeshipData,
    ChecklistItemData,
    ChecklistReportData,
    ChecklistSectionData,
    ConfidentialNote,
    DualRelationshipData,
    HoursData,
    OwnedChecklistItem,
    OwnedPolicy,
    PersonHeading,
    PersonReportData,
    ReportContext,
    ReviewData,
    SessionData,
    Signature,
    StaffData,
    StatusChangeData,
    SupervisionRecordData,
    TextPart,
    TrainingData,
    WellnessPlanData,
)
from peerdesk.reports.supervision_record import (
    build_supervision_record_story,
    moment_text,
    zone_text,
)

HOSTILE_NAME = '<b>Bo</b> & "Co"'
HOSTILE_NOTE = 'Said <img src="/etc/passwd"/> & <font size=40>big</font>'
MOMENT = dt.datetime(2026, 6, 15, 9, 1, tzinfo=dt.UTC)
CONTEXT = ReportContext(
    organisation="Brighter Paths", prepared_by="Amara Okafor", generated_at=MOMENT
)


def text_of(path: Path) -> str:
    """The PDF's text, with typographic ligatures (ﬁ, ﬆ) read as their letters."""
    pages = (page.extract_text() for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", "\n".join(pages))


def flat(text: str) -> str:
    """The text with line breaks read as spaces (wrapped lines joined)."""
    return " ".join(text.split())


def page_numbers_hold(path: Path) -> bool:
    reader = PdfReader(path)
    total = len(reader.pages)
    return all(
        f"page {number} of {total}" in page.extract_text()
        for number, page in enumerate(reader.pages, start=1)
    )


@pytest.fixture
def london() -> Iterator[None]:
    """Local time is London's for the test (BST in June)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    mp.undo()
    time.tzset()


def session(**changes: object) -> SessionData:
    base: dict[str, object] = {
        "id": 1,
        "session_date": dt.date(2026, 6, 10),
        "session_type": SessionType.REFLECTIVE,
        "mode": SessionMode.VIDEO,
        "duration_minutes": 55,
        "outcome": SessionOutcome.HELD,
        "outcome_reason": "",
        "supervisor_name": "Sam Boss",
        "wellbeing_score": 4,
        "wellbeing_words": "Tired but hopeful",
        "sections": (
            TextPart("wellbeing", "Wellbeing", "Sleeping better."),
            TextPart("learning", "Learning and development", HOSTILE_NOTE),
        ),
        "agreed_record": "Reduce the caseload to ten.",
        "supervisee_comment": "A fair record.",
        "sign_off": SignOffState.SIGNED,
        "supervisor_signature": Signature("Sam Boss", MOMENT),
        "supervisee_signature": Signature(HOSTILE_NAME, MOMENT + dt.timedelta(hours=2)),
        "actions": (
            ActionData(
                id=1,
                description="Book the trauma-informed course",
                owner_name=HOSTILE_NAME,
                due_date=dt.date(2026, 7, 1),
                status=ActionStatus.DONE,
                closed_on=dt.date(2026, 7, 2),
                closed_in_session_date=None,
                closing_note="Booked for September",
            ),
        ),
        "amendments": (
            AmendmentData(
                field="agreed_record",
                field_label="Agreed record",
                original_text="Reduce the caseload to eight.",
                new_text="Reduce the caseload to ten.",
                reason="Eight was a typing slip",
                amended_by="Sam Boss",
                amended_at=MOMENT + dt.timedelta(days=1),
            ),
        ),
    }
    base.update(changes)
    return SessionData(**base)  # type: ignore[arg-type]


def record(*sessions: SessionData) -> SupervisionRecordData:
    return SupervisionRecordData(
        context=CONTEXT,
        person=PersonHeading(
            staff_id=7,
            full_name=HOSTILE_NAME,
            preferred_name="Bo",
            pronouns="they/them",
            job_title="Peer worker",
            team_name="Outreach",
            supervisor_name="Sam Boss",
            end_date=None,
        ),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        sessions=sessions,
    )


def write(tmp_path: Path, story: object, name: str = "out.pdf") -> Path:
    info = DocumentInfo(title="A record", author="Amara Okafor", organisation="Brighter Paths")
    return write_pdf(tmp_path / name, info, story)  # type: ignore[arg-type]


# -- the supervision record ----------------------------------------------------------------


def test_a_supervision_record_shows_everything_signed_and_amended(
    tmp_path: Path, london: None
) -> None:
    cancelled = session(
        id=2,
        session_date=dt.date(2026, 6, 3),
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISEE,
        outcome_reason="Unwell on the day",
        wellbeing_score=None,
        wellbeing_words="",
        sections=(),
        agreed_record="",
        supervisee_comment="",
        supervisee_signature=None,
        actions=(),
        amendments=(),
    )
    unsigned = session(
        id=3,
        session_date=dt.date(2026, 6, 12),
        sign_off=SignOffState.UNSIGNED,
        supervisor_signature=None,
        supervisee_signature=None,
        amendments=(),
    )
    path = write(
        tmp_path, lambda: build_supervision_record_story(record(cancelled, session(), unsigned))
    )
    text = flat(text_of(path))
    for expected in (
        "Supervision record",
        f"{HOSTILE_NAME} (known as Bo, they/them)",
        "Peer worker",
        "Outreach",
        "1 January 2026 to 30 June 2026",
        "3 recorded, 2 held; 1 not yet signed",
        "10 June 2026: reflective supervision",
        "Video",
        "55 minutes",
        "4 out of 5",
        "Tired but hopeful",
        "Sleeping better.",
        HOSTILE_NOTE,
        "Reduce the caseload to ten.",
        "Book the trauma-informed course",
        "1 Jul 2026",
        "Done on 2 Jul 2026: Booked for September",
        "A fair record.",
        "Did not happen: cancelled by supervisee. Reason: Unwell on the day",
        "Not needed: the session did not happen",
        "Agreed record (amended: see below)",
        "Amendment 1: Agreed record",
        "Original text Reduce the caseload to eight.",
        "New text Reduce the caseload to ten.",
        "Eight was a typing slip",
        # signatures in local time: 09:01 UTC is 10:01 in London in June
        "Sam Boss 15 June 2026 at 10:01 BST",
        f"{HOSTILE_NAME} 15 June 2026 at 12:01 BST",
    ):
        assert expected in text, expected
    assert text.count("Not yet signed") >= 3  # the unsigned session's status and both lines
    # oldest first
    assert text.index("3 June 2026:") < text.index("10 June 2026:") < text.index("12 June 2026:")
    assert page_numbers_hold(path)


def test_an_empty_period_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, lambda: build_supervision_record_story(record()))
    assert "No supervision sessions are recorded for this period." in flat(text_of(path))


def test_very_long_text_runs_over_pages(tmp_path: Path) -> None:
    long = " ".join(f"word{n}" for n in range(4000))  # about 20,000 characters
    big = session(
        sections=(TextPart("other", "Anything else", long),),
        agreed_record=long,
        actions=(
            ActionData(
                id=1,
                description=long[:2000],
                owner_name="Bo",
                due_date=None,
                status=ActionStatus.OPEN,
                closed_on=None,
                closed_in_session_date=None,
                closing_note="",
            ),
        ),
        amendments=(
            AmendmentData("agreed_record", "Agreed record", long, long, "x" * 2000, "Sam", MOMENT),
        ),
    )
    path = write(tmp_path, lambda: build_supervision_record_story(record(big)))
    pages = [page.extract_text() for page in PdfReader(path).pages]
    assert len(pages) > 5
    assert "word3999" in pages[-1]
    assert all(f"page {n} of {len(pages)}" in text for n, text in enumerate(pages, 1))


def test_local_time_names_its_zone(london: None) -> None:
    assert (
        moment_text(dt.datetime(2026, 1, 5, 14, 5, tzinfo=dt.UTC)) == "5 January 2026 at 14:05 GMT"
    )
    assert moment_text(MOMENT) == "15 June 2026 at 10:01 BST"
    assert moment_text(None, "never") == "never"
    tz = dt.timezone(dt.timedelta(hours=5, minutes=30), "India Standard Time")
    assert zone_text(MOMENT.astimezone(tz)) == "UTC+05:30"


# -- the checklist report ------------------------------------------------------------------


def checklist(**changes: object) -> ChecklistReportData:
    items = (
        ChecklistItemData(
            text="Peer roles are written down",
            status=ChecklistItemStatus.IN_PLACE,
            owner_name=HOSTILE_NAME,
            evidence="Signed off by the board",
            evidence_paths=("Shared/HR/Roles.docx", "Shared/Board/Minutes.pdf"),
            due_date=dt.date(2026, 3, 1),
            notes=HOSTILE_NOTE,
            na_reason="",
            retired=False,
            is_custom=False,
            last_change=StatusChangeData(
                old_status=ChecklistItemStatus.IN_PROGRESS,
                new_status=ChecklistItemStatus.IN_PLACE,
                changed_on=dt.date(2026, 2, 20),
                changed_by="Amara Okafor",
                note="Board approved",
            ),
        ),
        ChecklistItemData(
            text="Peer workers have their own pay band",
            status=ChecklistItemStatus.NOT_APPLICABLE,
            owner_name="",
            evidence="",
            evidence_paths=(),
            due_date=None,
            notes="",
            na_reason="We have one salary scale for everyone",
            retired=False,
            is_custom=True,
            last_change=None,
        ),
        ChecklistItemData(
            text="An old item the template dropped",
            status=ChecklistItemStatus.IN_PROGRESS,
            owner_name="",
            evidence="",
            evidence_paths=(),
            due_date=None,
            notes="",
            na_reason="",
            retired=True,
            is_custom=False,
            last_change=None,
        ),
    )
    base: dict[str, object] = {
        "context": CONTEXT,
        "checklist_id": 3,
        "title": "Readiness <2026>",
        "template_title": "Organisational readiness",
        "template_key": "organisational-readiness",
        "template_version": 1,
        "current_version": 2,
        "started_on": dt.date(2025, 10, 24),
        "review_of_started_on": dt.date(2024, 10, 1),
        "archived_on": None,
        "progress": ChecklistProgress(in_place=1, not_applicable=1),
        "sections": (
            ChecklistSectionData(
                "Purpose & planning", ChecklistProgress(in_place=1, not_applicable=1), items
            ),
            ChecklistSectionData("Yearly review", ChecklistProgress(), ()),
        ),
    }
    base.update(changes)
    return ChecklistReportData(**base)  # type: ignore[arg-type]


def test_a_checklist_report_shows_every_item(tmp_path: Path) -> None:
    path = write(tmp_path, lambda: build_checklist_story(checklist()))
    text = flat(text_of(path))
    for expected in (
        "Readiness <2026>",
        "Organisational readiness, version 1 (version 2 is available)",
        "24 October 2025",
        "The checklist started on 1 October 2024",
        "Status Open",
        "1 of 1 in place (100%); 1 not applicable",
        "Purpose & planning",
        "1. Peer roles are written down",
        "In place",
        HOSTILE_NAME,
        "Signed off by the board",
        "Shared/HR/Roles.docx",
        "Shared/Board/Minutes.pdf",
        "1 March 2026",
        HOSTILE_NOTE,
        "In place on 20 February 2026 (was in progress), by Amara Okafor: Board approved",
        "2. Peer workers have their own pay band",
        "Why not applicable We have one salary scale for everyone",
        "The organisation's own item",
        "3. An old item the template dropped",
        "Retired: no longer in the template, not counted",
        "1: no longer in the template, kept with their answers and not counted",
        "No items.",
    ):
        assert expected in text, expected
    assert "Archived" not in text
    assert page_numbers_hold(path)


def test_an_archived_checklist_says_so(tmp_path: Path) -> None:
    data = checklist(archived_on=dt.date(2026, 5, 1))
    text = flat(text_of(write(tmp_path, lambda: build_checklist_story(data))))
    assert "Archived on 1 May 2026: a later review replaced this checklist." in text
    assert "version 2 is available" not in text  # an archived one is never updated


# -- everything held about one person -------------------------------------------------------


def person(**changes: object) -> PersonReportData:
    staff = StaffData(
        id=7,
        full_name=HOSTILE_NAME,
        preferred_name="Bo",
        pronouns="they/them",
        job_title="Peer worker",
        role_category=RoleCategory.PEER_APPRENTICE,
        employment_type=EmploymentType.APPRENTICESHIP,
        hours_per_week=22.5,
        start_date=dt.date(2024, 9, 2),
        end_date=dt.date(2026, 8, 31),
        leaving_reason="Apprenticeship ends",
        team_name="Outreach",
        supervisor_name="Sam Boss",
        line_manager_name="Amara Okafor",
        lived_experience=LivedExperience.YES,
        counted_in_aggregates=True,
        former_service_user=True,
        reasonable_adjustments="Written agendas before meetings",
        wellbeing_notes="Prefers a morning check-in",
        created_at=MOMENT,
        updated_at=MOMENT,
    )
    base: dict[str, object] = {
        "context": CONTEXT,
        "staff": staff,
        "sessions": (session(),),
        "confidential_notes": (
            ConfidentialNote(1, dt.date(2026, 6, 10), "Sam Boss", "Mentioned a hard week"),
        ),
        "agreements": (
            AgreementData(
                1,
                28,
                "The quiet room",
                "What is said stays",
                "Talk to Amara",
                dt.date(2025, 1, 1),
                dt.date(2026, 1, 1),
                MOMENT,
                MOMENT,
            ),
        ),
        "dual_relationships": (
            DualRelationshipData(
                1,
                DualRelationshipType.FRIEND,
                "A friend now volunteers here",
                "Neither supervises the other",
                "Amara",
                dt.date(2025, 2, 1),
                dt.date(2026, 2, 1),
                None,
                MOMENT,
                MOMENT,
            ),
        ),
        "absences": (AbsenceData(1, dt.date(2025, 3, 3), dt.date(2025, 3, 20), "Sick", MOMENT),),
        "wellness_plan": WellnessPlanData(
            1,
            "Walks at lunch",
            "Going quiet",
            "A chat",
            "Sam, by phone",
            None,
            None,
            MOMENT,
            MOMENT,
        ),
        "training": (
            TrainingData(
                1,
                "Safeguarding adults",
                CourseKind.MANDATORY,
                TrainingStatus.COMPLETED,
                None,
                None,
                dt.date(2025, 5, 1),
                dt.date(2027, 5, 1),
                dt.date(2025, 4, 1),
                "Online",
                MOMENT,
                MOMENT,
            ),
        ),
        "apprenticeships": (
            ApprenticeshipData(
                1,
                "Peer support level 3",
                "Northern College",
                dt.date(2024, 9, 2),
                dt.date(2026, 8, 31),
                6.0,
                ApprenticeshipOutcome.JOB_OFFERED,
                dt.date(2026, 6, 1),
                "Offered a permanent post",
                300.0,
                290.0,
                "On track: 300 of 290 hours",
                (HoursData(dt.date(2025, 1, 6), 6.5, "College day"),),
                (ReviewData(dt.date(2025, 3, 1), "Going well", None),),
                MOMENT,
                MOMENT,
            ),
        ),
        "checklist_items": (
            OwnedChecklistItem(
                "Readiness", "Peer roles are written down", ChecklistItemStatus.IN_PLACE
            ),
        ),
        "policies": (OwnedPolicy("Lone working", "v2", PolicyStatus.APPROVED, None),),
    }
    base.update(changes)
    return PersonReportData(**base)  # type: ignore[arg-type]


def test_the_person_pdf_holds_every_part(tmp_path: Path) -> None:
    path = write(tmp_path, lambda: build_person_story(person()))
    text = flat(text_of(path))
    for expected in (
        f"Everything held about {HOSTILE_NAME}",
        "Written agendas before meetings",
        "Prefers a morning check-in",
        "Apprenticeship ends",
        "Counted in aggregate figures Yes",
        "Amara Okafor",
        "Supervision sessions (1)",
        "Reduce the caseload to ten.",
        "Original text Reduce the caseload to eight.",
        CONFIDENTIAL_HEADING,
        "Mentioned a hard week",
        "The quiet room",
        "A friend now volunteers here",
        "Sick",
        "Walks at lunch",
        "Safeguarding adults (mandatory)",
        "Raised in supervision 1 Apr 2025",
        "Peer support level 3",
        "Job offered on 1 June 2026",
        "College day",
        "Going well",
        "Peer roles are written down",
        "Lone working",
        HOSTILE_NOTE,
    ):
        assert expected in text, expected
    # the confidential note is in its own section, after every session
    assert text.index("Mentioned a hard week") > text.index(CONFIDENTIAL_HEADING)
    assert text.index(CONFIDENTIAL_HEADING) > text.index("A fair record.")
    assert page_numbers_hold(path)


def test_an_empty_person_says_none_held(tmp_path: Path) -> None:
    data = person(
        sessions=(),
        confidential_notes=(),
        agreements=(),
        dual_relationships=(),
        absences=(),
        wellness_plan=None,
        training=(),
        apprenticeships=(),
        checklist_items=(),
        policies=(),
    )
    text = flat(text_of(write(tmp_path, lambda: build_person_story(data))))
    assert text.count("None held.") >= 12


def test_the_person_json_is_stable_and_machine_readable() -> None:
    data = person()
    document = person_json(data)
    assert list(document) == [
        "schema",
        "generated_at",
        "generated_by",
        "organisation",
        "person",
        "supervision_sessions",
        "confidential_notes",
        "actions_owned_on_other_records",
        "supervision_agreements",
        "dual_relationships",
        "other_roles",
        "fair_chance_risk_assessments",
        "absences",
        "wellness_action_plan",
        "training_records",
        "apprenticeships",
        "checklist_items_owned",
        "policies_owned",
        "sessions_led_as_supervisor",
        "session_draft",
        "forms_kept_when_locked",
        "user_account",
        "audit_trail",
    ]
    assert document["schema"] == SCHEMA == "peerdesk-subject-access/1"
    assert document["generated_at"] == "2026-06-15T09:01:00+00:00"
    assert document["generated_by"] == "Amara Okafor"
    assert document["person"]["full_name"] == HOSTILE_NAME
    assert document["person"]["start_date"] == "2024-09-02"
    assert document["person"]["role_category"] == "peer_apprentice"
    assert document["person"]["reasonable_adjustments"] == "Written agendas before meetings"
    first = document["supervision_sessions"][0]
    assert first["sections"]["learning"] == HOSTILE_NOTE
    assert "confidential_notes" not in first
    assert first["supervisee_signature"] == {
        "name": HOSTILE_NAME,
        "signed_at": "2026-06-15T11:01:00+00:00",
    }
    assert first["amendments"][0]["original_text"] == "Reduce the caseload to eight."
    assert document["confidential_notes"][0]["text"] == "Mentioned a hard week"
    assert document["apprenticeships"][0]["hours"][0] == {
        "day": "2025-01-06",
        "hours": 6.5,
        "activity": "College day",
    }
    text = person_json_text(data)
    assert text == person_json_text(data)  # the same data gives the same text
    assert text.endswith("\n") and '\n  "schema"' in text  # indented by two
    assert json.loads(text) == document
    zoe = person(staff=replace(data.staff, full_name="Zoë"))
    assert '"full_name": "Zoë"' in person_json_text(zoe)  # the letters, not \\u escapes
