"""Fair-chance recruitment: check levels per role, and risk assessments of disclosed
convictions (criminal-offence data: administrators only, every view audited, erased)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.fair_chance import (
    AssessmentDetails,
    CheckLevel,
    CheckLevelDetails,
    Decision,
)
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.store.database import Database
from peerdesk.store.models import ConvictionAssessment
from tests.conftest import TODAY

SECRET = "Shoplifting in 2015 while homeless"
NAME = "Jordan Quill"


@dataclasses.dataclass
class Org:
    services: Services
    admin: Actor
    manager: Actor
    supervisor: Actor
    person: int
    other: int


@pytest.fixture
def org(services: Services, admin: Actor) -> Org:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))

    def add(name: str, title: str, supervisor_id: int | None = None) -> int:
        return services.staff.create(
            admin,
            StaffDetails(
                full_name=name,
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                start_date=dt.date(2024, 1, 8),
                job_title=title,
                supervisor_id=supervisor_id,
            ),
        ).id

    m = add("Mo Manager", "Team Manager")
    s = add("Sam Super", "Senior Peer Support Worker")
    person = add(NAME, "Peer Support Worker", supervisor_id=s)
    other = add("Robin Vale", "Peer Mentor", supervisor_id=s)
    return Org(
        services=services,
        admin=admin,
        manager=Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=m),
        supervisor=Actor(user_id=3, display_name="Sam Super", role=Role.SUPERVISOR, staff_id=s),
        person=person,
        other=other,
    )


def details(staff_id: int, **changes: Any) -> AssessmentDetails:
    base = AssessmentDetails(
        staff_id=staff_id,
        role_title="Peer Support Worker",
        disclosed_on=dt.date(2026, 5, 1),
        relevance="Not relevant to one-to-one support work.",
        time_since="Eleven years, none since.",
        circumstances=SECRET,
        safeguards="None needed beyond usual supervision.",
        decision=Decision.APPOINTED,
        decided_by="Amara Okafor",
        decided_on=dt.date(2026, 5, 20),
    )
    return dataclasses.replace(base, **changes)


def conviction_entries(o: Org) -> list[Any]:
    return [e for e in o.services.audit.entries(o.admin) if "conviction" in e.action]


# -- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "supervisor"])
def test_only_administrators_touch_assessments(org: Org, who: str) -> None:
    actor: Actor = getattr(org, who)
    fc = org.services.fair_chance
    held = fc.add(org.admin, details(org.person))
    calls: list[Callable[[], object]] = [
        lambda: fc.assessments(actor),
        lambda: fc.get(actor, held.id),
        lambda: fc.add(actor, details(org.other)),
        lambda: fc.change(actor, held.id, details(org.person)),
        lambda: fc.erase(actor, held.id),
        lambda: fc.due_for_deletion(actor, TODAY),
        lambda: fc.default_delete_after(actor, TODAY),
        lambda: fc.keep_months(actor),
        lambda: fc.set_keep_months(actor, 3),
    ]
    for call in calls:
        with pytest.raises(AccessDenied) as refused:
            call()
        assert "Only administrators" in str(refused.value)
    # nothing changed, nothing erased, and no view recorded for the refused calls
    assert [a.id for a in fc.assessments(org.admin)] == [held.id]
    assert fc.get(org.admin, held.id).details.circumstances == SECRET
    assert fc.keep_months(org.admin) == 6


def test_refusal_is_in_plain_words(org: Org) -> None:
    with pytest.raises(AccessDenied, match="criminal-offence data"):
        org.services.fair_chance.assessments(org.manager)


# -- the audit trail ----------------------------------------------------------------------


def test_every_view_is_audited_with_the_staff_id_and_no_content(org: Org) -> None:
    fc = org.services.fair_chance
    added = fc.add(org.admin, details(org.person, decision=Decision.APPOINTED_WITH_SAFEGUARDS))
    before = len(conviction_entries(org))
    fc.assessments(org.admin)
    fc.get(org.admin, added.id)
    fc.due_for_deletion(org.admin, TODAY)
    entries = conviction_entries(org)
    assert len(entries) == before + 3
    actions = [e.action for e in entries[:3]]
    assert actions == [
        "viewed conviction assessments due for erasure",
        "viewed conviction assessment",
        "viewed conviction assessments",
    ]
    single = entries[1]
    assert single.details["staff_id"] == org.person
    assert str(org.person) in single.subject
    assert entries[2].details["staff_ids"] == [org.person]
    for entry in entries:
        blob = json.dumps(dataclasses.asdict(entry), default=str)
        for word in (SECRET, NAME, "Peer Support Worker", "appointed_with", "Amara"):
            assert word not in blob


def test_adding_and_changing_are_audited_without_content(org: Org) -> None:
    fc = org.services.fair_chance
    added = fc.add(org.admin, details(org.person))
    fc.change(org.admin, added.id, details(org.person, safeguards="Weekly check-ins"))
    entries = conviction_entries(org)
    assert [e.action for e in entries[:2]] == [
        "changed conviction assessment",
        "added conviction assessment",
    ]
    assert entries[0].details["fields"] == ["safeguards"]
    # the automatic change audit never copied the row
    every = json.dumps(
        [dataclasses.asdict(e) for e in org.services.audit.entries(org.admin)], default=str
    )
    for word in (SECRET, "Weekly check-ins", "Amara Okafor", "Not relevant"):
        assert word not in every


# -- delete_after -------------------------------------------------------------------------


def test_delete_after_defaults_to_keep_months_after_the_decision(org: Org) -> None:
    fc = org.services.fair_chance
    early = dt.date(2025, 12, 1)
    first = fc.add(
        org.admin, details(org.person, disclosed_on=early, decided_on=dt.date(2026, 3, 31))
    )
    assert first.delete_after == dt.date(2026, 9, 30)  # clamped to the month's end
    fc.set_keep_months(org.admin, 2)
    second = fc.add(
        org.admin, details(org.other, disclosed_on=early, decided_on=dt.date(2025, 12, 31))
    )
    assert second.delete_after == dt.date(2026, 2, 28)
    assert fc.default_delete_after(org.admin, dt.date(2026, 6, 1)) == dt.date(2026, 8, 1)


def test_delete_after_may_be_set_but_never_beyond_24_months(org: Org) -> None:
    fc = org.services.fair_chance
    decided = dt.date(2026, 5, 20)
    ok = fc.add(org.admin, details(org.person, delete_after=dt.date(2028, 5, 20)))
    assert ok.delete_after == dt.date(2028, 5, 20)
    with pytest.raises(ValidationError) as error:
        fc.change(org.admin, ok.id, details(org.person, delete_after=dt.date(2028, 5, 21)))
    assert "24 months" in (error.value.message_for("delete_after") or "")
    with pytest.raises(ValidationError) as error:
        fc.add(org.admin, details(org.other, delete_after=decided - dt.timedelta(days=1)))
    assert error.value.message_for("delete_after")
    assert fc.get(org.admin, ok.id).delete_after == dt.date(2028, 5, 20)


@pytest.mark.parametrize("months", [0, 25, -1])
def test_keep_months_is_1_to_24(org: Org, months: int) -> None:
    with pytest.raises(ValidationError):
        org.services.fair_chance.set_keep_months(org.admin, months)
    assert org.services.fair_chance.keep_months(org.admin) == 6
    assert org.services.fair_chance.set_keep_months(org.admin, 24) == 24


def test_form_rules_are_checked(org: Org) -> None:
    fc = org.services.fair_chance
    with pytest.raises(ValidationError) as error:
        fc.add(
            org.admin,
            details(
                org.person,
                disclosed_on=TODAY + dt.timedelta(days=1),
                decision=None,
                decided_by="  ",
            ),
        )
    fields = {e.field for e in error.value.errors}
    assert fields == {"disclosed_on", "decision", "decided_by"}
    with pytest.raises(NotFound):
        fc.add(org.admin, details(9999))


# -- due for deletion and erasing -----------------------------------------------------------


def test_due_for_deletion_and_erase(org: Org, database: Database) -> None:
    fc = org.services.fair_chance
    old = fc.add(
        org.admin,
        details(org.person, decided_on=dt.date(2025, 11, 3), disclosed_on=dt.date(2025, 11, 1)),
    )
    assert old.delete_after == dt.date(2026, 5, 3)
    fresh = fc.add(org.admin, details(org.other))
    due = fc.due_for_deletion(org.admin, TODAY)
    assert [d.id for d in due] == [old.id]
    assert due[0].past_deletion and due[0].full_name == NAME
    assert fc.due_for_deletion(org.admin, dt.date(2026, 5, 3)) == []  # due the day after

    erased = fc.erase(org.admin, old.id)
    assert erased.assessment_id == old.id
    assert erased.journal_emptied
    with database.sessions() as session:
        ids = session.scalars(select(ConvictionAssessment.id)).all()
    assert ids == [fresh.id]
    with pytest.raises(NotFound):
        fc.get(org.admin, old.id)
    with pytest.raises(NotFound):
        fc.erase(org.admin, old.id)
    entry = conviction_entries(org)[0]
    assert entry.action == "conviction assessment erased"
    assert entry.details == {"staff_id": org.person, "assessment_id": old.id}
    assert fc.due_for_deletion(org.admin, TODAY) == []


def test_erased_words_leave_the_file_and_journal(org: Org, data_dir: Path) -> None:
    fc = org.services.fair_chance
    marker = "Zqxjv unusual marker words"
    added = fc.add(org.admin, details(org.person, circumstances=marker))
    fc.erase(org.admin, added.id)
    for name in ("peerdesk.db", "peerdesk.db-wal"):
        path = data_dir / name
        if path.exists():
            assert marker.encode() not in path.read_bytes()


# -- check levels -------------------------------------------------------------------------


def level(title: str = "Peer Support Worker", **changes: Any) -> CheckLevelDetails:
    base = CheckLevelDetails(
        job_title=title,
        check_level=CheckLevel.ENHANCED,
        eligibility_reason="Regulated activity: personal care of adults.",
        decided_on=dt.date(2026, 1, 12),
        decided_by="Board",
    )
    return dataclasses.replace(base, **changes)


def test_check_levels_are_read_by_all_and_set_by_managers(org: Org) -> None:
    fc = org.services.fair_chance
    saved = fc.save_check_level(org.manager, None, level())
    fc.save_check_level(
        org.admin, None, level("Administrator", check_level=CheckLevel.NONE, eligibility_reason="")
    )
    for actor in (org.admin, org.manager, org.supervisor):
        assert [c.job_title for c in fc.check_levels(actor)] == [
            "Administrator",
            "Peer Support Worker",
        ]
    with pytest.raises(AccessDenied, match="managers and administrators"):
        fc.save_check_level(org.supervisor, None, level("Peer Mentor"))
    with pytest.raises(AccessDenied):
        fc.save_check_level(org.supervisor, saved.id, level())
    with pytest.raises(AccessDenied):
        fc.remove_check_level(org.supervisor, saved.id)
    changed = fc.save_check_level(org.manager, saved.id, level(check_level=CheckLevel.BASIC))
    assert changed.level is CheckLevel.BASIC
    fc.remove_check_level(org.admin, saved.id)
    assert [c.job_title for c in fc.check_levels(org.supervisor)] == ["Administrator"]


def test_a_check_needs_a_reason_and_titles_are_unique(org: Org) -> None:
    fc = org.services.fair_chance
    with pytest.raises(ValidationError) as error:
        fc.save_check_level(
            org.admin, None, level(check_level=CheckLevel.STANDARD, eligibility_reason=" ")
        )
    assert error.value.message_for("eligibility_reason")
    fc.save_check_level(org.admin, None, level())
    with pytest.raises(Conflict):
        fc.save_check_level(org.admin, None, level("  peer support  WORKER"))


def test_job_titles_lists_current_roles(org: Org) -> None:
    titles = org.services.fair_chance.job_titles(org.supervisor)
    assert titles == [
        "Peer Mentor",
        "Peer Support Worker",
        "Senior Peer Support Worker",
        "Team Manager",
    ]


# -- the report's counts --------------------------------------------------------------------


def test_counts_are_for_managers_and_administrators_only(org: Org) -> None:
    fc = org.services.fair_chance
    with pytest.raises(AccessDenied):
        fc.fair_chance_counts(org.supervisor, dt.date(2026, 1, 1), TODAY)
    counts = fc.fair_chance_counts(org.manager, dt.date(2026, 1, 1), TODAY)
    assert counts.held.text == "0"
    assert NAME not in repr(counts)


def test_counts_suppress_small_numbers(org: Org, database: Database) -> None:
    fc = org.services.fair_chance
    fc.save_check_level(org.admin, None, level())
    fc.save_check_level(org.admin, None, level("Team Manager", check_level=CheckLevel.BASIC))
    # 6 appointed in the period, 1 offer withdrawn; 2 past their deletion date
    people = [org.person, org.other] * 4
    for i, staff_id in enumerate(people[:6]):
        fc.add(org.admin, details(staff_id, decided_on=dt.date(2026, 5, 1 + i)))
    fc.add(org.admin, details(org.person, decision=Decision.OFFER_WITHDRAWN))
    for day in (3, 4):
        fc.add(
            org.admin,
            details(
                org.other,
                disclosed_on=dt.date(2025, 10, 1),
                decided_on=dt.date(2025, 10, day),
            ),
        )
    counts = fc.fair_chance_counts(org.admin, dt.date(2026, 1, 1), TODAY)
    levels = dict(counts.roles_by_level)
    assert levels["Enhanced check"].text == "1"  # roles, not people: shown as they are
    assert levels["Basic check"].text == "1"
    decisions = dict(counts.decisions)
    assert decisions["Appointed"].hidden  # 6 - 7 would give the 1 away
    assert decisions["Offer withdrawn"].text == "fewer than 5"
    assert counts.decided_total.text == "7"
    assert counts.held.text == "9"
    assert counts.past_deletion.text == "fewer than 5"
    assert counts.threshold == 5 and counts.keep_months == 6
    with database.sessions() as session:  # counted what is held
        assert session.execute(text("select count(*) from conviction_assessment")).scalar() == 9


def test_the_report_section_prints_the_counts(org: Org, tmp_path: Path) -> None:
    from peerdesk.reports.fair_chance_section import fair_chance_section, fair_chance_tables
    from peerdesk.reports.pdf_base import DocumentInfo, write_pdf

    fc = org.services.fair_chance
    fc.save_check_level(org.admin, None, level())
    fc.add(org.admin, details(org.person))
    counts = fc.fair_chance_counts(org.manager, dt.date(2026, 1, 1), TODAY)
    tables = fair_chance_tables(counts)
    assert tables[0][2][3] == ["Enhanced check", "1"]
    assert ["Appointed", "fewer than 5"] in tables[1][2]
    # inside a small total even a zero reads "fewer than 5"
    assert tables[2][2] == [["Held", "fewer than 5"], ["Past their deletion date", "fewer than 5"]]
    out = write_pdf(
        tmp_path / "section.pdf",
        DocumentInfo(title="Trustee report", author="Test", organisation="Brighter Paths"),
        lambda: fair_chance_section(counts),
    )
    assert out.stat().st_size > 1000


def test_demo_data_sets_levels_and_three_assessments(
    services: Services, admin: Actor, database: Database
) -> None:
    from peerdesk.services.demo_service import generate_demo

    summary = generate_demo(database.sessions, admin, staff=30, months=3, today=TODAY)
    assert summary.conviction_assessments == 3
    fc = services.fair_chance
    levels = fc.check_levels(admin)
    titles = {fold_title for fold_title in fc.job_titles(admin)}
    assert titles <= {c.job_title for c in levels}
    assert all(c.details.eligibility_reason for c in levels if c.level is not CheckLevel.NONE)
    held = fc.assessments(admin)
    assert len(held) == 3
    assert [a.past_deletion for a in held] == [True, False, False]
    assert all(a.delete_after <= a.decided_on + dt.timedelta(days=31 * 24) for a in held)
