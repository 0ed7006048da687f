"""TrusteeReportService: the figures against a small register worked out by hand, small
numbers suppressed, and the PDF read back (no names, no notes, hostile text literal)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from peerdesk.domain.apprenticeship import ApprenticeshipDetails
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
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.training import CourseDetails, RecordDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.reports.pdf_base import ExportCancelled
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_views import ItemAnswer
from peerdesk.services.policy_views import PolicyDetails
from peerdesk.services.schedule_views import DualRelationshipDetails
from peerdesk.services.staff_service import StaffRecord
from peerdesk.services.trustee_report_views import TrusteeReportData
from peerdesk.store.database import Database
from peerdesk.store.models import Organisation, StaffMember, SupervisionAction

START = dt.date(2026, 1, 1)
END = dt.date(2026, 3, 31)
HOSTILE = '<b>Bo</b> & "Co"'
SUPERVISOR = Actor(user_id=7, display_name="Sam Supervisor", role=Role.SUPERVISOR)

# Free text written about people: none of it may reach the report.
NOTES = {
    "agreed_record": "XYLOPHONE agreed record",
    "confidential_notes": "ZEBRACONFIDENTIAL note",
    "wellbeing_words": "MARMALADE words",
    "section_wellbeing": "PERIWINKLE wellbeing section",
    "supervisee_comment": "KUMQUAT comment",
    "outcome_reason": "PARSNIP reason",
    "action": "QUOKKA action",
    "dual": "NARWHAL relationship",
    "dual_managed": "WOMBAT managed",
    "staff_wellbeing": "PANGOLIN wellbeing plan",
    "adjustments": "OCELOT adjustments",
    "leaving": "AXOLOTL leaving reason",
    "outcome_notes": "CAPYBARA outcome",
    "training_notes": "TAPIR training notes",
    "policy_notes": "MEERKAT policy notes",
}


@dataclass
class World:
    people: dict[str, StaffRecord]
    sessions: dict[str, int]


def person(
    services: Services,
    admin: Actor,
    name: str,
    *,
    role: RoleCategory,
    team_id: int | None,
    start: dt.date,
    end: dt.date | None = None,
    hours: float | None = None,
    lived: LivedExperience = LivedExperience.YES,
    counted: bool = False,
) -> StaffRecord:
    return services.staff.create(
        admin,
        StaffDetails(
            full_name=name,
            role_category=role,
            employment_type=EmploymentType.PERMANENT,
            start_date=start,
            end_date=end,
            team_id=team_id,
            hours_per_week=hours,
            lived_experience=lived,
            counted_in_aggregates=counted,
            leaving_reason=NOTES["leaving"] if end else "",
            wellbeing_notes=NOTES["staff_wellbeing"],
            reasonable_adjustments=NOTES["adjustments"],
        ),
    )


def one_to_one(
    services: Services,
    admin: Actor,
    supervisee: StaffRecord,
    day: dt.date,
    *,
    outcome: SessionOutcome = SessionOutcome.HELD,
    score: int | None = None,
    supervisor: StaffRecord | None = None,
) -> int:
    held = outcome is SessionOutcome.HELD
    return services.supervision.create_session(
        admin,
        SessionDetails(
            supervisee_id=supervisee.id,
            supervisor_id=supervisor.id if supervisor else None,
            session_date=day,
            session_type=SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            outcome=outcome,
            wellbeing_score=score,
            wellbeing_words=NOTES["wellbeing_words"] if held else "",
            wellbeing=NOTES["section_wellbeing"] if held else "",
            agreed_record=NOTES["agreed_record"] if held else "",
            confidential_notes=NOTES["confidential_notes"] if held else "",
            supervisee_comment=NOTES["supervisee_comment"] if held else "",
            outcome_reason="" if held else NOTES["outcome_reason"],
        ),
    ).id


def set_threshold(database: Database, threshold: int) -> None:
    with database.sessions.begin() as session:
        session.execute(update(Organisation).values(small_number_threshold=threshold))


def set_counted(database: Database, staff_id: int, lived: LivedExperience) -> None:
    with database.sessions.begin() as session:
        session.execute(
            update(StaffMember)
            .where(StaffMember.id == staff_id)
            .values(counted_in_aggregates=True, lived_experience=lived.value)
        )


@pytest.fixture
def world(
    services: Services, admin: Actor, database: Database, register: dict[str, StaffRecord]
) -> World:
    """The register (amara, zoe, ben, siobhan, tomas, and gwen who left in 2025) and:
    priya, a starter on 2 February 2026 working 18.75 hours; leo, who left on 13 March
    2026; nadia, who started in the previous period. Q1 2026 is the period."""
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    outreach = register["zoe"].details.team_id
    hub = register["amara"].details.team_id
    people = dict(register)
    people["priya"] = person(
        services,
        admin,
        "Priya Ramaswamy",
        role=RoleCategory.PEER_WORKER,
        team_id=outreach,
        start=dt.date(2026, 2, 2),
        hours=18.75,
    )
    people["leo"] = person(
        services,
        admin,
        "Leopold Fairweather",
        role=RoleCategory.CLINICAL,
        team_id=hub,
        start=dt.date(2024, 1, 8),
        end=dt.date(2026, 3, 13),
    )
    people["nadia"] = person(
        services,
        admin,
        "Nadia Quennell",
        role=RoleCategory.PEER_WORKER,
        team_id=outreach,
        start=dt.date(2025, 11, 3),
    )
    set_counted(database, people["zoe"].id, LivedExperience.YES)
    set_counted(database, people["tomas"].id, LivedExperience.NO)
    set_counted(database, people["priya"].id, LivedExperience.PREFER_NOT_TO_SAY)
    amara, zoe, ben = people["amara"], people["zoe"], people["ben"]
    sessions = {
        "zoe_jan": one_to_one(
            services, admin, zoe, dt.date(2026, 1, 10), score=4, supervisor=amara
        ),
        "zoe_feb": one_to_one(services, admin, zoe, dt.date(2026, 2, 7), score=3, supervisor=amara),
        "zoe_mar": one_to_one(services, admin, zoe, dt.date(2026, 3, 7), score=5, supervisor=amara),
        "ben_jan": one_to_one(
            services, admin, ben, dt.date(2026, 1, 20), score=2, supervisor=amara
        ),
    }
    one_to_one(
        services, admin, ben, dt.date(2026, 2, 17), outcome=SessionOutcome.CANCELLED_BY_SUPERVISEE
    )
    one_to_one(services, admin, ben, dt.date(2026, 3, 17), outcome=SessionOutcome.DID_NOT_ATTEND)
    for day in (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 19),
        dt.date(2026, 2, 2),
        dt.date(2026, 3, 2),
    ):
        one_to_one(services, admin, people["tomas"], day)
    one_to_one(
        services,
        admin,
        people["siobhan"],
        dt.date(2026, 2, 3),
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISOR,
    )
    one_to_one(services, admin, amara, dt.date(2026, 3, 3), outcome=SessionOutcome.RESCHEDULED)
    # actions: two still open (one overdue at the end), one closed in the period
    services.actions.add(
        admin, sessions["zoe_jan"], NOTES["action"] + " one", None, dt.date(2026, 2, 1)
    )
    services.actions.add(
        admin, sessions["zoe_jan"], NOTES["action"] + " two", None, dt.date(2026, 5, 1)
    )
    closed = services.actions.add(
        admin, sessions["ben_jan"], NOTES["action"] + " three", None, dt.date(2026, 2, 20)
    )
    with database.sessions.begin() as session:
        session.execute(
            update(SupervisionAction)
            .where(SupervisionAction.id == closed.id)
            .values(status=ActionStatus.DONE.value, closed_on=dt.date(2026, 3, 20))
        )
    # training: safeguarding for everyone (a year), boundaries for peer workers (no expiry)
    safeguarding = services.training.add_course(
        admin, CourseDetails("Safeguarding adults", CourseKind.MANDATORY, validity_months=12)
    )
    boundaries = services.training.add_course(
        admin,
        CourseDetails(
            "Peer boundaries", CourseKind.MANDATORY, applies_to=(RoleCategory.PEER_WORKER,)
        ),
    )
    for who, course, day in (
        ("zoe", safeguarding.id, dt.date(2025, 6, 1)),
        ("ben", safeguarding.id, dt.date(2025, 4, 15)),  # expires 15 April: soon after the end
        ("siobhan", safeguarding.id, dt.date(2024, 1, 10)),  # expired
        ("zoe", boundaries.id, dt.date(2025, 9, 1)),
    ):
        services.training.add_record(
            admin,
            people[who].id,
            RecordDetails(
                course,
                TrainingStatus.COMPLETED,
                completed_on=day,
                notes=NOTES["training_notes"],
            ),
        )
    # policies: one past its review at the end of the period
    services.policies.add(
        admin,
        PolicyDetails(
            "Safeguarding policy",
            status=PolicyStatus.APPROVED,
            approved_on=dt.date(2025, 2, 1),
            next_review=dt.date(2026, 2, 1),
            notes=NOTES["policy_notes"],
        ),
    )
    services.policies.add(
        admin,
        PolicyDetails(
            "Lone working",
            status=PolicyStatus.APPROVED,
            approved_on=dt.date(2025, 9, 1),
            next_review=dt.date(2026, 9, 1),
        ),
    )
    # dual relationships: two of Zoë's (one review overdue), one of Ben's that has ended
    for review in (dt.date(2026, 3, 1), dt.date(2026, 12, 1)):
        services.dual_relationships.add(
            admin,
            zoe.id,
            DualRelationshipDetails(
                DualRelationshipType.FRIEND,
                NOTES["dual"],
                NOTES["dual_managed"],
                agreed_on=dt.date(2026, 1, 15),
                review_date=review,
            ),
        )
    ended = services.dual_relationships.add(
        admin,
        ben.id,
        DualRelationshipDetails(
            DualRelationshipType.FAMILY,
            NOTES["dual"],
            NOTES["dual_managed"],
            agreed_on=dt.date(2025, 6, 1),
            review_date=dt.date(2026, 2, 1),
        ),
    )
    services.dual_relationships.end(admin, ended.id, dt.date(2026, 3, 10))
    # apprenticeships ending in the period: Ben's (job offered), Nadia's (no outcome yet)
    bens = services.apprenticeships.start(
        admin,
        ben.id,
        ApprenticeshipDetails("Peer support level 3", dt.date(2024, 9, 2), dt.date(2026, 3, 1), 6),
    )
    services.apprenticeships.record_outcome(
        admin,
        bens.id,
        ApprenticeshipOutcome.JOB_OFFERED,
        dt.date(2026, 3, 1),
        NOTES["outcome_notes"],
    )
    services.apprenticeships.start(
        admin,
        people["nadia"].id,
        ApprenticeshipDetails(
            "Peer support level 2", dt.date(2025, 11, 3), dt.date(2026, 2, 15), 6
        ),
    )
    return World(people=people, sessions=sessions)


@pytest.fixture
def figures(
    services: Services, admin: Actor, database: Database, world: World
) -> TrusteeReportData:
    """The report for Q1 2026 with suppression off, to check every figure."""
    set_threshold(database, 1)
    return services.trustee_reports.data(admin, START, END)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the PDFs (the data folder is in tmp_path too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def text_of(path: Path) -> str:
    """The PDF's text, ligatures undone (ﬁ -> fi) so that nothing hides from a search."""
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", raw)


# -- the figures ----------------------------------------------------------------------------


def test_the_periods(figures: TrusteeReportData) -> None:
    assert figures.period == "1 January 2026 to 31 March 2026"
    assert figures.previous_period == "3 October 2025 to 31 December 2025"
    assert figures.organisation == "Brighter Paths"
    assert figures.prepared_on == dt.date(2026, 6, 15)
    assert figures.threshold == 1


def test_headcount_fte_starters_leavers_and_turnover(figures: TrusteeReportData) -> None:
    w = figures.workforce
    # in post at the close of 31 March: amara, zoe, ben, siobhan, tomas, nadia, priya
    assert w.headcount.value == 7
    assert w.fte == "6.5"  # priya works 18.75 of 37.5 hours; no hours recorded is full time
    assert (w.starters.value, w.leavers.value) == (1, 1)
    assert w.average_headcount == "7.0"
    assert w.turnover.text == "14.3%"  # 1 leaver / average of 7 and 7
    assert {g.label: g.headcount.value for g in w.by_role} == {
        "Peer worker": 3,
        "Peer apprentice": 1,
        "Senior peer worker": 1,
        "Manager": 1,
        "Clinical": 1,
    }
    assert {g.label: (g.headcount.value, g.fte) for g in w.by_team} == {
        "Outreach": (4, "3.5"),
        "Wellbeing Hub": (3, "3.0"),
    }
    assert {m.label: (m.starters.value, m.leavers.value) for m in w.movement_by_role} == {
        "Peer worker": (1, 0),
        "Clinical": (0, 1),
    }
    assert {c.label: c.count.value for c in w.length_of_service} == {
        "Under 1 year": 2,
        "1 to 2 years": 0,
        "2 to 5 years": 5,
        "5 years or more": 0,
    }
    assert w.apprenticeships_ending.value == 2
    assert {c.label: c.count.value for c in w.apprenticeship_outcomes} == {
        "Job offered": 1,
        "Moved on": 0,
        "Ended": 0,
        "No outcome recorded yet": 1,
    }


def test_the_summary_compares_with_the_previous_period(figures: TrusteeReportData) -> None:
    lines = {h.key: (h.current, h.previous, h.change) for h in figures.summary}
    assert lines["headcount"] == ("7", "7", "no change")
    assert lines["fte"] == ("6.5", "7.0", "−0.5")
    assert lines["starters"] == ("1", "1", "no change")  # nadia started in the previous one
    assert lines["leavers"] == ("1", "0", "+1")
    assert lines["turnover"] == ("14.3%", "0.0%", "+14.3 points")
    assert lines["supervision"] == ("32%", "0%", "+32 points")
    assert lines["overdue_people"] == ("6", "7", "−1")
    assert lines["overdue_actions"] == ("1", "0", "+1")
    assert lines["training"] == ("30%", "33%", "−3 points")
    assert lines["policies"] == ("1", "not kept", "–")


def test_lived_experience_counts_only_those_who_agreed(figures: TrusteeReportData) -> None:
    le = figures.lived_experience
    everyone = le.everyone
    assert (everyone.yes.value, everyone.no.value, everyone.prefer_not_to_say.value) == (1, 1, 1)
    assert everyone.not_counted.value == 4
    assert everyone.total.value == 7
    assert everyone.share_yes.text == "33%"
    rows = {row.label: row for row in le.by_role}
    assert rows["Peer worker"].yes.value == 1  # zoe; priya prefers not to say; nadia not counted
    assert rows["Peer worker"].prefer_not_to_say.value == 1
    assert rows["Peer worker"].not_counted.value == 1
    assert rows["Senior peer worker"].no.value == 1
    assert rows["Manager"].not_counted.value == 1


def test_supervision_compliance_by_team_and_month(figures: TrusteeReportData) -> None:
    s = figures.supervision
    # expected: 3 each for six people there all quarter (90 // 28), 2 for priya and leo;
    # counted: zoe 3, ben 1, tomas 3 (his fourth is beyond what was expected)
    assert (s.overall.people.value, s.overall.expected.value, s.overall.held.value) == (8, 22, 7)
    assert s.overall.rate.text == "32%"
    teams = {row.label: (row.people.value, row.expected.value, row.held.value) for row in s.by_team}
    assert teams == {"Outreach": (4, 11, 4), "Wellbeing Hub": (4, 11, 3)}
    assert s.time_unit == "month"
    months = {
        row.label: (row.people.value, row.expected.value, row.held.value) for row in s.by_time
    }
    assert months == {"Jan 2026": (7, 7, 3), "Feb 2026": (7, 7, 2), "Mar 2026": (7, 7, 2)}
    # overdue at the close of 31 March: all but zoe (tomas was due on 30 March)
    assert s.overdue_people.value == 6


def test_sessions_not_held_by_who_cancelled(figures: TrusteeReportData) -> None:
    s = figures.supervision
    assert {c.label: c.count.value for c in s.not_held} == {
        "Cancelled by the supervisor": 1,
        "Cancelled by the supervisee": 1,
        "Did not attend": 1,
        "Rescheduled": 1,
    }
    assert s.not_held_total.value == 4


def test_check_in_averages_by_month(figures: TrusteeReportData) -> None:
    points = {p.label: (p.check_ins.value, p.average.text) for p in figures.check_ins}
    assert points == {"Jan 2026": (2, "3.0"), "Feb 2026": (1, "3.0"), "Mar 2026": (1, "5.0")}


def test_actions_training_policies_and_dual_relationships(figures: TrusteeReportData) -> None:
    a = figures.actions
    assert (a.agreed, a.closed, a.open_at_end, a.overdue_at_end) == (3, 1, 2, 1)
    t = figures.training
    courses = {c.name: (c.compliant.value, c.required.value, c.rate.text) for c in t.courses}
    assert courses == {
        "Peer boundaries": (1, 3, "33%"),
        "Safeguarding adults": (2, 7, "29%"),
    }
    assert (t.overall.compliant.value, t.overall.required.value) == (3, 10)
    assert t.expiring_soon.value == 1  # ben's safeguarding expires on 15 April
    r = figures.readiness
    assert r.policies_past_review == ("Safeguarding policy",)
    assert r.policies_in_use == 2
    assert r.checklists == ()  # none was in use by 31 March
    d = figures.dual_relationships
    assert (d.under_management.value, d.people.value, d.reviews_overdue.value) == (2, 1, 1)


def test_checklist_progress_as_it_stood_at_the_end(
    services: Services, admin: Actor, database: Database, world: World
) -> None:
    set_threshold(database, 1)
    template = services.checklists.templates(admin).templates[0]
    started = services.checklists.start(admin, template.key)
    detail = services.checklists.get(admin, started.id)
    items = [item for section in detail.sections for item in section.items]
    for item in items[:2]:
        services.checklists.update_item(
            admin, item.id, ItemAnswer(ChecklistItemStatus.IN_PLACE, evidence="Signed off")
        )
    data = services.trustee_reports.data(admin, dt.date(2026, 6, 1), dt.date(2026, 6, 15))
    (row,) = data.readiness.checklists
    assert (row.in_place, row.applicable) == (2, len(items))
    assert data.headline("checklists").current == f"{row.percent}%"
    # at the end of the previous period it had not started: nothing to compare with
    assert data.headline("checklists").previous == "–"


# -- suppression ----------------------------------------------------------------------------


def test_small_numbers_are_suppressed_at_the_organisations_threshold(
    services: Services, admin: Actor, world: World
) -> None:
    data = services.trustee_reports.data(admin, START, END)  # threshold 5
    w = data.workforce
    assert w.headcount.text == "7"
    assert w.starters.text == "fewer than 5"
    assert w.leavers.text == "fewer than 5"
    assert w.turnover.text == "not shown"
    roles = {g.label: g.headcount.text for g in w.by_role}
    assert roles["Clinical"] == "fewer than 5"
    assert all(g.fte == "not shown" for g in w.by_role if g.headcount.hidden)
    # two teams of 4 and 3 people: both small; the total of 7 is printed
    assert {g.headcount.text for g in w.by_team} == {"fewer than 5"}
    assert data.supervision.overdue_people.text == "6"
    assert data.dual_relationships.people.text == "fewer than 5"
    # cancellations: 1 + 1 + 1 + 1 = 4, a small total; every part hidden
    assert data.supervision.not_held_total.text == "fewer than 5"
    assert {c.count.text for c in data.supervision.not_held} == {"fewer than 5"}
    # a month with one check-in has no average
    assert [p.average.text for p in data.check_ins] == ["not shown"] * 3
    # training: 2 of 7 and 1 of 3 up to date; percentages of hidden figures are hidden
    assert {c.rate.text for c in data.training.courses} == {"not shown"}
    assert data.headline("starters").current == "fewer than 5"


def test_by_subtraction_nothing_small_can_be_worked_out(
    services: Services, admin: Actor, database: Database, world: World
) -> None:
    set_threshold(database, 3)
    w = services.trustee_reports.data(admin, START, END).workforce
    roles = {g.label: g.headcount.text for g in w.by_role}
    # four roles of one person each and three peer workers: with the total of 7 printed,
    # 7 = (at least 3) + four of "1 or 2" would give every one of them away, so the peer
    # workers and the total go too
    assert roles == {
        "Peer worker": "not shown",
        "Peer apprentice": "fewer than 3",
        "Senior peer worker": "fewer than 3",
        "Manager": "fewer than 3",
        "Clinical": "fewer than 3",
    }
    assert w.headcount.text == "not shown"
    # teams of 4 and 3 are not small, but printing them would print the total
    assert {g.headcount.text for g in w.by_team} == {"not shown"}
    # one starter and one leaver: both hidden, and never one alone in their rows
    assert (w.starters.text, w.leavers.text) == ("fewer than 3", "fewer than 3")
    movement = {m.label: (m.starters.text, m.leavers.text) for m in w.movement_by_role}
    # a small total hides all its parts, zeros included
    assert movement == {
        "Peer worker": ("fewer than 3", "fewer than 3"),
        "Clinical": ("fewer than 3", "fewer than 3"),
    }


# -- access and checks ----------------------------------------------------------------------


def test_only_managers_may_read_or_export_it(
    services: Services, world: World, tmp_path: Path
) -> None:
    with pytest.raises(AccessDenied):
        services.trustee_reports.data(SUPERVISOR, START, END)
    with pytest.raises(AccessDenied):
        services.trustee_reports.export(SUPERVISOR, START, END, tmp_path / "r.pdf")
    manager = Actor(user_id=3, display_name="Mo Manager", role=Role.MANAGER)
    assert services.trustee_reports.data(manager, START, END).workforce.headcount.text == "7"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (END, START, "cannot be before its start"),
        (dt.date(2016, 1, 1), dt.date(2026, 1, 1), "at most 10 years"),
        (dt.date(2026, 6, 1), dt.date(2026, 6, 16), "cannot end after today"),
    ],
)
def test_a_period_the_report_cannot_cover_is_refused(
    services: Services, admin: Actor, start: dt.date, end: dt.date, message: str, out: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.trustee_reports.data(admin, start, end)
    assert message in str(caught.value)
    assert caught.value.message_for("end")
    with pytest.raises(ValidationError):
        services.trustee_reports.export(admin, start, end, out / "r.pdf")
    assert list(out.iterdir()) == []


def test_a_ten_year_period_is_allowed(services: Services, admin: Actor, world: World) -> None:
    data = services.trustee_reports.data(admin, dt.date(2016, 3, 1), dt.date(2026, 2, 28))
    assert data.supervision.time_unit == "year"
    assert data.supervision.by_time[0].label == "2016"


def test_a_missing_folder_is_refused(services: Services, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        services.trustee_reports.export(admin, START, END, tmp_path / "gone" / "r.pdf")
    assert caught.value.message_for("destination") == "That folder does not exist: choose another."


def test_an_empty_register_still_makes_a_report(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    data = services.trustee_reports.data(admin, START, END)
    assert data.workforce.headcount.text == "0"
    assert data.supervision.overall.rate.text == "–"
    path = services.trustee_reports.export(admin, START, END, tmp_path / "empty.pdf")
    assert "Trustee workforce report" in text_of(path)


# -- the PDF --------------------------------------------------------------------------------


def test_the_pdf_has_the_figures_metadata_and_page_numbers(
    services: Services, admin: Actor, database: Database, world: World, tmp_path: Path
) -> None:
    set_threshold(database, 1)
    path = services.trustee_reports.export(
        admin, START, END, tmp_path / "trustees.pdf", prepared_by="  Board   Secretary "
    )
    assert path == tmp_path / "trustees.pdf"
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "Trustee workforce report, 1 January 2026 to 31 March 2026"
    assert reader.metadata.author == "Board Secretary"
    text = text_of(path)
    pages = len(reader.pages)
    for page in range(1, pages + 1):
        assert f"page {page} of {pages}" in text
    assert f"page {pages + 1} of" not in text
    flat = " ".join(text.split())
    for expected in (
        "Trustee workforce report",
        "Confidential: for trustees",
        "Prepared by Board Secretary",
        "Headcount at the end of the period 7 7 no change",
        "Turnover 14.3% 0.0% +14.3 points",
        "Supervision held against expected 32% 0% +32 points",
        "Safeguarding adults 2 7 29%",
        "Cancelled by the supervisee 1",
        "Jan 2026 2 3.0",
        "Safeguarding policy",
        "Relationships under management 2",
        "Appendix: what each figure means",
    ):
        assert expected in flat, expected


def test_the_pdf_holds_no_names_and_nothing_written_about_anyone(
    services: Services, admin: Actor, database: Database, world: World, tmp_path: Path
) -> None:
    set_threshold(database, 1)  # every figure printed: still no names
    path = services.trustee_reports.export(admin, START, END, tmp_path / "trustees.pdf")
    text = text_of(path)
    squashed = re.sub(r"\s+", "", text).casefold()  # words broken over lines join up again
    for record in world.people.values():
        for part in [record.details.full_name, *record.details.full_name.split()]:
            if len(part) > 3:
                assert part.casefold() not in text.casefold(), part
                assert part.casefold().replace(" ", "") not in squashed, part
    for note in NOTES.values():
        assert note.split()[0].casefold() not in squashed, note


def test_suppressed_figures_read_fewer_than_the_threshold_in_the_pdf(
    services: Services, admin: Actor, world: World, tmp_path: Path
) -> None:
    path = services.trustee_reports.export(admin, START, END, tmp_path / "trustees.pdf")
    flat = " ".join(text_of(path).split())
    assert "Starters fewer than 5" in flat
    assert "Headcount at the end of the period 7" in flat
    assert "“fewer than 5”: a small number, not printed so that nobody can be identified" in flat


def test_a_hostile_organisation_name_prints_literally(
    services: Services, admin: Actor, database: Database, world: World, tmp_path: Path
) -> None:
    with database.sessions.begin() as session:
        session.execute(update(Organisation).values(name=HOSTILE))
    path = services.trustee_reports.export(admin, START, END, tmp_path / "trustees.pdf")
    text = text_of(path)
    pages = len(PdfReader(path).pages)
    assert text.count(HOSTILE) >= pages  # the header of every page, and the cover


def test_every_export_is_in_the_audit_trail(
    services: Services, admin: Actor, world: World, tmp_path: Path
) -> None:
    services.trustee_reports.export(admin, START, END, tmp_path / "q1.pdf")
    (entry,) = services.audit.entries(admin, action="export")
    assert entry.subject == "Trustee workforce report"
    assert entry.details == {
        "report": "trustee-report",
        "from": "2026-01-01",
        "to": "2026-03-31",
        "staff_id": None,
        "file": "q1.pdf",
    }


def test_a_cancelled_export_leaves_no_file_and_no_audit_entry(
    services: Services, admin: Actor, world: World, out: Path
) -> None:
    pages_done: list[int] = []

    def cancel_after_two_pages() -> bool:
        return len(pages_done) >= 2

    with pytest.raises(ExportCancelled):
        services.trustee_reports.export(
            admin,
            START,
            END,
            out / "q1.pdf",
            progress=lambda done, total: pages_done.append(done),
            is_cancelled=cancel_after_two_pages,
        )
    assert pages_done == [1, 2]
    assert list(out.iterdir()) == []
    assert services.audit.entries(admin, action="export") == []


def test_the_logo_is_used_when_the_file_exists(
    services: Services, admin: Actor, database: Database, world: World, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_tiny_png())
    with database.sessions.begin() as session:
        session.execute(update(Organisation).values(logo_path=str(logo)))
    path = services.trustee_reports.export(admin, START, END, tmp_path / "with-logo.pdf")
    first = PdfReader(path).pages[0]
    assert first["/Resources"].get("/XObject"), "the logo is drawn on the page"
    with database.sessions.begin() as session:
        session.execute(update(Organisation).values(logo_path=str(tmp_path / "missing.png")))
    assert services.trustee_reports.export(admin, START, END, tmp_path / "no-logo.pdf").is_file()


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x2f\x6f\x55" * 2 + b"\x00" + b"\x2f\x6f\x55" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- people with several roles (issue 8) ----------------------------------------------------


def add_roles(services: Services, admin: Actor, world: World) -> None:
    """Zoë (Outreach, full time) also volunteers 7.5 h in the Wellbeing Hub; Tomás takes
    sessional shifts whose hours vary; Nadia's 10 h sessional role ended on 1 February."""
    from peerdesk.domain.staff_roles import RoleDetails

    people = world.people
    hub = people["amara"].details.team_id
    outreach = people["zoe"].details.team_id
    for who, details in (
        (
            "zoe",
            RoleDetails(
                "Volunteer befriender",
                RoleCategory.VOLUNTEER,
                EmploymentType.VOLUNTEER,
                dt.date(2025, 6, 1),
                team_id=hub,
                hours_per_week=7.5,
            ),
        ),
        (
            "tomas",
            RoleDetails(
                "Sessional group worker",
                RoleCategory.OTHER,
                EmploymentType.SESSIONAL,
                dt.date(2025, 1, 6),
                team_id=outreach,
            ),
        ),
        (
            "nadia",
            RoleDetails(
                "Sessional worker",
                RoleCategory.OTHER,
                EmploymentType.SESSIONAL,
                dt.date(2025, 11, 10),
                team_id=outreach,
                hours_per_week=10,
                end_date=dt.date(2026, 2, 1),
            ),
        ),
    ):
        services.roles.add(admin, people[who].id, details)


def test_several_roles_add_fte_but_count_each_person_once(
    services: Services, admin: Actor, database: Database, world: World
) -> None:
    add_roles(services, admin, world)
    set_threshold(database, 1)
    w = services.trustee_reports.data(admin, START, END).workforce
    assert w.headcount.value == 7  # as without further roles
    assert w.fte == "6.7"  # 6.5 + Zoë's 7.5 volunteer hours; Tomás's varying hours add none
    assert w.several_roles.value == 2  # Zoë and Tomás (Nadia's second role has ended)
    by_role = {g.label: (g.headcount.value, g.fte) for g in w.by_role}
    assert by_role["Peer worker"] == (3, "2.5")
    assert by_role["Volunteer"] == (0, "0.2")  # FTE under the role's own category
    assert by_role["Other"] == (0, "0.0")
    # headcount by role still adds up to the headcount
    assert sum(g.headcount.value or 0 for g in w.by_role) == 7
    assert {g.label: (g.headcount.value, g.fte) for g in w.by_team} == {
        "Outreach": (4, "3.5"),
        "Wellbeing Hub": (3, "3.2"),  # and under its own team
    }


def test_the_previous_periods_fte_counts_the_roles_held_then(
    services: Services, admin: Actor, database: Database, world: World
) -> None:
    add_roles(services, admin, world)
    set_threshold(database, 1)
    lines = {
        h.key: (h.current, h.previous, h.change)
        for h in services.trustee_reports.data(admin, START, END).summary
    }
    # at 31 December: 7.0 + Zoë's 0.2 + Nadia's 10 h (0.27) = 7.47
    assert lines["fte"] == ("6.7", "7.5", "−0.8")
    assert lines["headcount"] == ("7", "7", "no change")


def test_people_with_several_roles_are_a_suppressed_count(
    services: Services, admin: Actor, database: Database, world: World, out: Path
) -> None:
    add_roles(services, admin, world)
    data = services.trustee_reports.data(admin, START, END)  # threshold 5
    w = data.workforce
    assert w.several_roles.text == "fewer than 5"
    # one person's volunteer hours are not shown as a row of their own
    assert {g.label: g.fte for g in w.by_role}["Volunteer"] == "not shown"
    path = services.trustee_reports.export(admin, START, END, out / "small.pdf")
    assert "People holding more than one role: fewer than 5" in " ".join(text_of(path).split())


def test_the_pdf_says_how_many_hold_more_than_one_role(
    services: Services, admin: Actor, database: Database, world: World, out: Path
) -> None:
    add_roles(services, admin, world)
    set_threshold(database, 1)
    path = services.trustee_reports.export(admin, START, END, out / "roles.pdf")
    flat = " ".join(text_of(path).split())
    assert "People holding more than one role: 2" in flat
    assert "Full-time equivalent (FTE) 6.7 7.5" in flat
    assert "so one person can count as more than 1 FTE" in flat


def test_without_further_roles_nobody_holds_several(figures: TrusteeReportData) -> None:
    assert figures.workforce.several_roles.value == 0
    assert "Volunteer" not in {g.label for g in figures.workforce.by_role}


# -- co-production and fair-chance recruitment ---------------------------------------------


def _involvement(services: Services, admin: Actor, day: dt.date, title: str, **fields) -> None:
    from peerdesk.domain.involvement import InvolvementDetails

    services.involvement.add(admin, InvolvementDetails(held_on=day, title=title, **fields))


def test_the_pdf_has_the_co_production_and_fair_chance_sections(
    services: Services, admin: Actor, database: Database, world: World, tmp_path: Path
) -> None:
    from peerdesk.domain.fair_chance import AssessmentDetails, Decision
    from peerdesk.domain.involvement import Outcome, PaymentKind, Stage

    set_threshold(database, 1)
    _involvement(
        services,
        admin,
        dt.date(2026, 1, 20),
        "Redesigned the <induction> & welcome",
        stage=Stage.DESIGN,
        volunteer_count=3,
        service_user_count=4,
        payment_kind=PaymentKind.VOUCHERS,
        payment_pence=14000,
        people_paid=7,
        benefits_advice_offered=True,
        you_said="Too much paperwork on day one",
        we_did="Cut the forms to one",
        outcome=Outcome.CHANGED,
        told_on=dt.date(2026, 2, 1),
    )
    _involvement(
        services,
        admin,
        dt.date(2026, 3, 2),
        "Interview panel",
        stage=Stage.RECRUITMENT,
        staff_count=1,
        service_user_count=2,
    )
    _involvement(  # before the period: not counted
        services, admin, dt.date(2025, 11, 5), "Earlier work", stage=Stage.DESIGN, staff_count=2
    )
    services.fair_chance.add(
        admin,
        AssessmentDetails(
            staff_id=world.people["priya"].id,
            role_title="Peer worker",
            disclosed_on=dt.date(2026, 1, 10),
            relevance="Not relevant to the duties",
            decision=Decision.APPOINTED,
            decided_by="Board Secretary",
            decided_on=dt.date(2026, 1, 15),
        ),
    )
    path = services.trustee_reports.export(admin, START, END, tmp_path / "trustees.pdf")
    flat = " ".join(text_of(path).split())
    assert "9. Co-production" in flat
    assert "10. Fair-chance recruitment" in flat
    assert "£140.00" in flat  # the vouchers given in the period, not the earlier activity's
    section = flat[flat.index("9. Co-production") : flat.index("10. Fair-chance recruitment")]
    assert "Design 1" in section and "Recruitment 1" in section
    assert "50%" in section  # one of the two activities has a "you said, we did" answer
    # what people wrote and who took part stay out of the report
    for private in ("induction", "paperwork", "Cut the forms", "Priya", "Not relevant"):
        assert private not in flat, private
    # counts only in the fair-chance section
    fair = flat[flat.index("10. Fair-chance recruitment") :]
    assert "Appointed 1" in fair
