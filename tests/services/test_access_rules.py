"""Every role against every kind of record (services/access_rules.py), as any front end
meets the rules, and the audit entries that views of records leave.

The organisation: an administrator (no staff record); a manager, M; two supervisors, S1
and S2, both supervised by M; P1 supervised by S1 and P2 by S2. P1 also has an account
of their own (as a supervisor with no supervisees), and one supervisor's account is linked
to no staff record at all.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.apprenticeship import ApprenticeshipDetails
from peerdesk.domain.enums import (
    ActionStatus,
    CourseKind,
    DualRelationshipType,
    SessionMode,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SupervisionStandard
from peerdesk.domain.text import short_date
from peerdesk.domain.training import CourseDetails, RecordDetails
from peerdesk.services import access_rules
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.backup_service import BackupService
from peerdesk.services.bundle import Services
from peerdesk.services.csv_export import actions_rows, export_file, staff_list_rows
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.errors import Conflict
from peerdesk.services.policy_views import PolicyDetails
from peerdesk.services.schedule_views import AgreementDetails, DualRelationshipDetails
from peerdesk.services.session_service import can_read_confidential
from peerdesk.services.staff_import import read_csv, suggest_mapping
from peerdesk.services.views import StaffQuery
from peerdesk.services.wellness_views import WellnessDetails
from peerdesk.store.database import Database, open_database
from peerdesk.store.types import utc_now
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SECRET = "P1 SECRET: disclosed a relapse"
P1_AGREED = "P1 AGREED: reduce the caseload"
ADJUSTMENTS = "P1 ADJUSTMENTS: a quiet desk"
WELLBEING_NOTES = "P1 WELLBEING NOTES"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@dataclass(frozen=True)
class Org:
    services: Services
    sessions: sessionmaker[Session]
    data_dir: Path
    out: Path
    m: int
    s1: int
    s2: int
    p1: int
    p2: int
    session: int  # P1's session, held by S1, with confidential notes
    action: int  # agreed in that session
    course: int
    apprenticeship: int  # P1's
    actors: dict[str, Actor]

    def actor(self, name: str) -> Actor:
        return self.actors[name]


EVERYONE = frozenset({"admin", "manager", "s1", "s2", "p1", "unlinked"})
ADMIN_ONLY = frozenset({"admin"})
MANAGERS = frozenset({"admin", "manager"})
P1_FILE = frozenset({"admin", "manager", "s1"})  # P1's supervision file
P1_RECORDS = P1_FILE | {"p1"}  # P1's agreed records: P1 reads their own
P1_WRITERS = frozenset({"admin", "s1"})  # P1's supervision: only their supervisor writes
P1_CONFIDENTIAL = frozenset({"admin", "s1"})
P1_WELLNESS = frozenset({"admin", "s1", "p1"})


def session_details(supervisee: int, supervisor: int, **changes: object) -> SessionDetails:
    base = SessionDetails(
        supervisee_id=supervisee,
        supervisor_id=supervisor,
        session_date=ago(5),
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.IN_PERSON,
        duration_minutes=60,
        agreed_record="Agreed the actions below.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def agreement(review: dt.date) -> AgreementDetails:
    return AgreementDetails(
        frequency_days=28, agreed_on=ago(300), review_date=review, location="The quiet room"
    )


def relationship(review: dt.date) -> DualRelationshipDetails:
    return DualRelationshipDetails(
        relationship_type=DualRelationshipType.FORMER_SERVICE_USER_SAME_PROGRAMME,
        description="A former service user in the same programme",
        how_managed="Not allocated to each other.",
        agreed_on=ago(200),
        review_date=review,
    )


def plan(review: dt.date) -> WellnessDetails:
    return WellnessDetails(
        keeps_me_well="A walk at lunchtime.", agreed_on=ago(100), review_date=review
    )


def apprenticeship() -> ApprenticeshipDetails:
    return ApprenticeshipDetails(
        programme="Peer Worker (Level 3)",
        provider="Northgate Training",
        start_date=ago(120),  # the first review (after 12 weeks) is overdue
        planned_end_date=ago(-300),
        required_weekly_hours=6.0,
    )


@pytest.fixture
def org(
    services: Services, database: Database, admin: Actor, data_dir: Path, tmp_path: Path
) -> Org:
    s = services
    s.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    m = add_person(s, admin, "Mo Manager", job_title="Service manager").id
    s1 = add_person(s, admin, "Sam One", job_title="Senior peer worker", supervisor_id=m).id
    s2 = add_person(s, admin, "Sue Two", job_title="Senior peer worker", supervisor_id=m).id
    p1_record = add_person(s, admin, "Pat One", supervisor_id=s1)
    p1 = p1_record.id
    s.staff.update(
        admin,
        p1,
        replace(
            p1_record.details,
            reasonable_adjustments=ADJUSTMENTS,
            wellbeing_notes=WELLBEING_NOTES,
        ),
    )
    p2 = add_person(s, admin, "Pip Two", supervisor_id=s2).id

    session = s.supervision.create_session(
        admin,
        session_details(p1, s1, agreed_record=P1_AGREED, confidential_notes=SECRET),
    ).id
    action = s.actions.add(admin, session, "P1 ACTION", None, ago(1)).id
    p2_session = s.supervision.create_session(
        admin, session_details(p2, s2, confidential_notes="P2 SECRET")
    ).id
    s.actions.add(admin, p2_session, "P2 ACTION", None, ago(1))

    course = s.training.add_course(
        admin, CourseDetails("Safeguarding", CourseKind.MANDATORY, 12)
    ).id
    apprenticeship_id = 0
    for person in (p1, p2):
        s.agreements.save_agreement(admin, person, agreement(ago(-10)))
        s.dual_relationships.add(admin, person, relationship(ago(-10)))
        s.absences.add(admin, person, ago(400), ago(390), "Sick leave")
        s.wellness.save(admin, person, plan(ago(-10)))
        s.training.add_record(
            admin,
            person,
            RecordDetails(course_id=course, status=TrainingStatus.COMPLETED, completed_on=ago(360)),
        )
        started = s.apprenticeships.start(admin, person, apprenticeship())
        if person == p1:
            apprenticeship_id = started.id

    actors = {
        "admin": admin,
        "manager": Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=m),
        "s1": Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR, staff_id=s1),
        "s2": Actor(user_id=4, display_name="Sue Two", role=Role.SUPERVISOR, staff_id=s2),
        "p1": Actor(user_id=5, display_name="Pat One", role=Role.SUPERVISOR, staff_id=p1),
        "unlinked": Actor(user_id=6, display_name="Una Linked", role=Role.SUPERVISOR),
    }
    out = tmp_path / "out"
    out.mkdir()
    return Org(
        services=s,
        sessions=database.sessions,
        data_dir=data_dir,
        out=out,
        m=m,
        s1=s1,
        s2=s2,
        p1=p1,
        p2=p2,
        session=session,
        action=action,
        course=course,
        apprenticeship=apprenticeship_id,
        actors=actors,
    )


# -- every role against every kind of record -------------------------------------------------
#
# Each kind: what it does (asserting on what it gets back), who may, and for a change what
# must stay as it was when someone is refused.

Operation = Callable[[Org, Actor], None]
State = Callable[[Org], object]


@dataclass(frozen=True)
class Kind:
    do: Operation
    allowed: frozenset[str]
    state: State | None = None  # read as an administrator before and after a refusal


def _staff_read(o: Org, a: Actor) -> None:
    assert o.services.staff.get(a, o.p1).details.full_name == "Pat One"
    names = [r.full_name for r in o.services.staff.page(a, StaffQuery(), 0, 10).rows]
    assert names == ["Mo Manager", "Pat One", "Pip Two", "Sam One", "Sue Two"]
    assert [t.name for t in o.services.teams.list_teams(a)] == []


def _staff_change(o: Org, a: Actor) -> None:
    details = o.services.staff.get(o.actor("admin"), o.p1).details
    changed = o.services.staff.update(a, o.p1, replace(details, job_title="Lead peer worker"))
    assert changed.details.job_title == "Lead peer worker"


def _staff_add(o: Org, a: Actor) -> None:
    details = o.services.staff.get(o.actor("admin"), o.p1).details
    added = o.services.staff.create(a, replace(details, full_name="Nia New"))
    assert added.details.full_name == "Nia New"


def _staff_leaver(o: Org, a: Actor) -> None:
    left = o.services.staff.mark_leaver(a, o.p2, TODAY, "Moved away")
    assert left.details.end_date == TODAY


def _people(o: Org) -> object:
    return [
        (r.full_name, r.job_title, r.end_date)
        for r in o.services.staff.page(o.actor("admin"), StaffQuery(), 0, 20).rows
    ]


def _record_read(o: Org, a: Actor) -> None:
    assert o.services.supervision.get_session(a, o.session).agreed_record == P1_AGREED


def _record_supervisee_view(o: Org, a: Actor) -> None:
    assert o.services.supervision.record_for_supervisee(a, o.session).agreed_record == P1_AGREED


def _record_history(o: Org, a: Actor) -> None:
    history = o.services.supervision.history(a, o.p1, include_confidential=False)
    assert [s.id for s in history] == [o.session]


def _record_status(o: Org, a: Actor) -> None:
    assert o.services.schedule.person(a, o.p1).full_name == "Pat One"


def _record_write(o: Org, a: Actor) -> None:
    made = o.services.supervision.create_session(
        a, session_details(o.p1, o.s1, session_date=ago(1))
    )
    assert made.supervisee_id == o.p1


def _record_update(o: Org, a: Actor) -> None:
    details = session_details(o.p1, o.s1, agreed_record="Changed.", confidential_notes=SECRET)
    assert o.services.supervision.update_session(a, o.session, details).agreed_record == "Changed."


def _record_sign(o: Org, a: Actor) -> None:
    signed = o.services.supervision.sign_as_supervisor(a, o.session, "Sam One")
    assert signed.sign_off.supervisor_signed_by == "Sam One"


def _draft(o: Org, a: Actor) -> None:
    o.services.supervision.save_draft(a, o.p1, None, {"workload": "half typed"})
    draft = o.services.supervision.draft_for(a, o.p1)
    assert draft is not None and draft.payload == {"workload": "half typed"}


def _sessions(o: Org) -> object:
    admin = o.actor("admin")
    history = o.services.supervision.history(admin, o.p1, include_confidential=True)
    return (
        [(s.id, s.sign_off_state, s.confidential_notes) for s in history],
        o.services.supervision.get_session(admin, o.session).agreed_record,
        o.services.supervision.draft_for(admin, o.p1),
    )


def _notes(o: Org, a: Actor) -> None:
    assert o.services.supervision.confidential_notes(a, o.session) == SECRET
    assert o.services.supervision.get_session(a, o.session).confidential_notes == SECRET


def _notes_in_history(o: Org, a: Actor) -> None:
    (summary,) = o.services.supervision.history(a, o.p1, include_confidential=True)
    assert summary.confidential_notes == SECRET


def _actions_read(o: Org, a: Actor) -> None:
    assert [x.description for x in o.services.actions.open_actions(a, o.p1)] == ["P1 ACTION"]
    assert o.services.actions.get(a, o.action).description == "P1 ACTION"
    assert [x.id for x in o.services.actions.for_session(a, o.session)] == [o.action]


def _actions_change(o: Org, a: Actor) -> None:
    added = o.services.actions.add(a, o.session, "Book the course", None, None)
    closed = o.services.actions.close(a, o.action, ActionStatus.DONE, None, "")
    assert (added.staff_id, closed.status) == (o.p1, ActionStatus.DONE)


def _actions(o: Org) -> object:
    admin = o.actor("admin")
    return [(x.description, x.status) for x in o.services.actions.for_session(admin, o.session)]


def _relationships_read(o: Org, a: Actor) -> None:
    (entry,) = o.services.dual_relationships.list_for(a, o.p1)
    assert o.services.dual_relationships.get(a, entry.id) == entry


def _relationships_change(o: Org, a: Actor) -> None:
    (entry,) = o.services.dual_relationships.list_for(o.actor("admin"), o.p1)
    assert o.services.dual_relationships.end(a, entry.id, TODAY).ended_on == TODAY


def _relationships(o: Org) -> object:
    return o.services.dual_relationships.list_for(o.actor("admin"), o.p1)


def _agreements_read(o: Org, a: Actor) -> None:
    current = o.services.agreements.current_agreement(a, o.p1)
    assert current is not None and o.services.agreements.history(a, o.p1) == [current]


def _agreements_change(o: Org, a: Actor) -> None:
    assert o.services.agreements.save_agreement(a, o.p1, agreement(ago(-90))).staff_id == o.p1


def _agreements(o: Org) -> object:
    return o.services.agreements.history(o.actor("admin"), o.p1)


def _absences_read(o: Org, a: Actor) -> None:
    assert [x.kind for x in o.services.absences.list_for(a, o.p1)] == ["Sick leave"]


def _absences_change(o: Org, a: Actor) -> None:
    assert o.services.absences.add(a, o.p1, ago(10), None, "Parental leave").staff_id == o.p1


def _absences(o: Org) -> object:
    return o.services.absences.list_for(o.actor("admin"), o.p1)


def _wellness_read(o: Org, a: Actor) -> None:
    plan_now = o.services.wellness.get(a, o.p1)
    assert plan_now is not None and plan_now.details.keeps_me_well == "A walk at lunchtime."


def _wellness_change(o: Org, a: Actor) -> None:
    saved = o.services.wellness.save(a, o.p1, replace(plan(ago(-10)), what_helps="Ask me."))
    assert saved.details.what_helps == "Ask me."


def _wellness(o: Org) -> object:
    return o.services.wellness.get(o.actor("admin"), o.p1)


def _training_read(o: Org, a: Actor) -> None:
    assert [r.course_name for r in o.services.training.records_for(a, o.p1)] == ["Safeguarding"]
    matrix = o.services.training.matrix(a)
    assert [r.full_name for r in matrix.rows][:2] == ["Mo Manager", "Pat One"]
    assert [c.details.name for c in o.services.training.courses(a)] == ["Safeguarding"]


def _training_change(o: Org, a: Actor) -> None:
    request = RecordDetails(o.course, TrainingStatus.REQUESTED, requested_on=ago(1))
    assert o.services.training.add_record(a, o.p1, request).staff_id == o.p1


def _training_need(o: Org, a: Actor) -> None:
    assert o.services.training.raise_need(a, o.session, o.course).staff_id == o.p1


def _training(o: Org) -> object:
    return o.services.training.records_for(o.actor("admin"), o.p1)


def _catalogue_change(o: Org, a: Actor) -> None:
    added = o.services.training.add_course(a, CourseDetails("First aid", CourseKind.MANDATORY, 36))
    assert added.details.name == "First aid"


def _catalogue(o: Org) -> object:
    return o.services.training.courses(o.actor("admin"))


def _apprenticeships_read(o: Org, a: Actor) -> None:
    (info,) = o.services.apprenticeships.for_person(a, o.p1)
    assert info.id == o.apprenticeship
    assert len(o.services.apprenticeships.overview(a)) == 2


def _apprenticeships_change(o: Org, a: Actor) -> None:
    entry = o.services.apprenticeships.log_hours(a, o.apprenticeship, ago(1), 3, "Study day")
    assert entry.hours == 3


def _apprenticeships(o: Org) -> object:
    return o.services.apprenticeships.hours(o.actor("admin"), o.apprenticeship)


def _policies_read(o: Org, a: Actor) -> None:
    assert o.services.policies.list(a) == []
    assert o.services.checklists.list(a) == []


def _policies_change(o: Org, a: Actor) -> None:
    assert o.services.policies.add(
        a, PolicyDetails(title="Lone working", next_review=ago(-100))
    ).details.title


def _policies(o: Org) -> object:
    return o.services.policies.list(o.actor("admin"))


def _checklists_change(o: Org, a: Actor) -> None:
    assert o.services.checklists.start(a, "peer-supervision").id


def _checklists(o: Org) -> object:
    return o.services.checklists.list(o.actor("admin"))


def _teams_change(o: Org, a: Actor) -> None:
    assert o.services.teams.create(a, "Recovery hub").name == "Recovery hub"


def _teams(o: Org) -> object:
    return o.services.teams.list_teams(o.actor("admin"))


def _organisation_change(o: Org, a: Actor) -> None:
    info = o.services.organisation.update(a, OrganisationDetails(name="Brighter Paths North"))
    assert info.details.name == "Brighter Paths North"


def _organisation(o: Org) -> object:
    return o.services.organisation.get(o.actor("admin"))


def _standard_change(o: Org, a: Actor) -> None:
    standard = SupervisionStandard(default_interval_days=21)
    assert o.services.schedule.set_standard(a, standard).default_interval_days == 21


def _standard(o: Org) -> object:
    return o.services.schedule.standard(o.actor("admin"))


def _trustee_report(o: Org, a: Actor) -> None:
    data = o.services.trustee_reports.data(a, ago(90), TODAY)
    assert (data.organisation, data.end) == ("Brighter Paths", TODAY)


def _record_export(o: Org, a: Actor) -> None:
    path = o.services.record_reports.export_supervision_record(a, o.p1, o.out / "record.pdf")
    assert path.is_file()


def _person_export(o: Org, a: Actor) -> None:
    pdf, data = o.services.record_reports.export_person(a, o.p1, o.out)
    assert pdf.is_file() and SECRET in data.read_text(encoding="utf-8")


def _csv_staff(o: Org, a: Actor) -> None:
    written = export_file(
        a, o.services, o.out / "staff.csv", staff_list_rows(a, o.services, StaffQuery())
    )
    assert written == 5


def _csv_actions(o: Org, a: Actor) -> None:
    data = actions_rows(a, o.services, TODAY, overdue_only=False)
    assert export_file(a, o.services, o.out / "actions.csv", data) == 2


def _files(o: Org) -> object:
    return sorted(p.name for p in o.out.iterdir())


def _staff_import(o: Org, a: Actor) -> None:
    table = read_csv(b"Name,Job title,Start date\nNia New,Peer worker,01/04/2024\n")
    preview = o.services.staff_import.preview(a, table, suggest_mapping(table.headers))
    assert [row.name for row in preview.rows] == ["Nia New"]


def _backups(o: Org, a: Actor) -> None:
    backups = BackupService.for_data_dir(o.data_dir)
    made = backups.back_up_manual(a)
    assert [e.path for e in backups.list_backups(a)] == [made.path]


def _backup_files(o: Org) -> object:
    return sorted(p.name for p in o.data_dir.rglob("*.db"))


KINDS: dict[str, Kind] = {
    "staff register: read": Kind(_staff_read, EVERYONE),
    "staff register: change a person": Kind(_staff_change, MANAGERS, _people),
    "staff register: add a person": Kind(_staff_add, MANAGERS, _people),
    "staff register: mark a leaver": Kind(_staff_leaver, MANAGERS, _people),
    "supervision record: read": Kind(_record_read, P1_RECORDS),
    "supervision record: the supervisee's view": Kind(_record_supervisee_view, P1_RECORDS),
    "supervision record: history": Kind(_record_history, P1_RECORDS),
    "supervision record: who is due": Kind(_record_status, P1_RECORDS),
    "supervision record: record a session": Kind(_record_write, P1_WRITERS, _sessions),
    "supervision record: edit a session": Kind(_record_update, P1_WRITERS, _sessions),
    "supervision record: sign": Kind(_record_sign, P1_WRITERS, _sessions),
    "supervision record: drafts": Kind(_draft, P1_WRITERS, _sessions),
    "confidential notes": Kind(_notes, P1_CONFIDENTIAL),
    "confidential notes in the history": Kind(_notes_in_history, P1_CONFIDENTIAL),
    "actions: read": Kind(_actions_read, P1_RECORDS),  # part of the agreed record
    "actions: change": Kind(_actions_change, P1_FILE, _actions),
    "dual relationships: read": Kind(_relationships_read, P1_FILE),
    "dual relationships: change": Kind(_relationships_change, P1_FILE, _relationships),
    "agreements: read": Kind(_agreements_read, P1_FILE),
    "agreements: change": Kind(_agreements_change, P1_FILE, _agreements),
    "absences: read": Kind(_absences_read, P1_FILE),
    "absences: change": Kind(_absences_change, P1_FILE, _absences),
    "wellness plan: read": Kind(_wellness_read, P1_WELLNESS),
    "wellness plan: change": Kind(_wellness_change, P1_WELLNESS, _wellness),
    "training: read": Kind(_training_read, EVERYONE),
    "training: change a record": Kind(_training_change, P1_FILE, _training),
    "training: raise a need": Kind(_training_need, P1_FILE, _training),
    "course catalogue: change": Kind(_catalogue_change, MANAGERS, _catalogue),
    "apprenticeships: read": Kind(_apprenticeships_read, EVERYONE),
    "apprenticeships: change": Kind(_apprenticeships_change, P1_FILE, _apprenticeships),
    "policies and checklists: read": Kind(_policies_read, EVERYONE),
    "policies: change": Kind(_policies_change, MANAGERS, _policies),
    "checklists: change": Kind(_checklists_change, MANAGERS, _checklists),
    "teams: change": Kind(_teams_change, MANAGERS, _teams),
    "organisation settings: change": Kind(_organisation_change, ADMIN_ONLY, _organisation),
    "supervision standard: change": Kind(_standard_change, MANAGERS, _standard),
    "trustee report": Kind(_trustee_report, MANAGERS),
    "supervision record export": Kind(_record_export, P1_RECORDS, _files),
    "everything held about a person": Kind(_person_export, ADMIN_ONLY, _files),
    "CSV export: staff list": Kind(_csv_staff, MANAGERS, _files),
    "CSV export: open actions": Kind(_csv_actions, MANAGERS, _files),
    "staff import": Kind(_staff_import, MANAGERS),
    "backups": Kind(_backups, ADMIN_ONLY, _backup_files),
}


@pytest.mark.parametrize("actor_name", sorted(EVERYONE))
@pytest.mark.parametrize("kind_name", list(KINDS))
def test_every_role_against_every_kind_of_record(org: Org, kind_name: str, actor_name: str) -> None:
    kind = KINDS[kind_name]
    actor = org.actor(actor_name)
    if actor_name in kind.allowed:
        kind.do(org, actor)
        return
    before = kind.state(org) if kind.state is not None else None
    with pytest.raises(AccessDenied) as refused:
        kind.do(org, actor)
    message = str(refused.value)
    assert message.endswith(".") and "Traceback" not in message
    if kind.state is not None:
        assert kind.state(org) == before, "a refused change left something behind"


def test_the_refusals_say_who_may_in_plain_words(org: Org) -> None:
    s = org.services
    with pytest.raises(
        AccessDenied,
        match=r"^Only their supervisor or an administrator can read Pat One's confidential notes.$",
    ):
        s.supervision.confidential_notes(org.actor("s2"), org.session)
    with pytest.raises(AccessDenied, match=r"^Supervisors can read the staff register but not"):
        s.staff.mark_leaver(org.actor("s1"), org.p1, TODAY, "")
    with pytest.raises(AccessDenied, match=r"^Only Pat One's supervisor or an administrator"):
        s.supervision.sign_as_supervisor(org.actor("manager"), org.session, "Mo")
    with pytest.raises(AccessDenied, match=r"^Only Pat One, their supervisor, a manager or an "):
        s.supervision.get_session(org.actor("s2"), org.session)
    with pytest.raises(AccessDenied, match=r"^Only administrators can see or make backups.$"):
        BackupService.for_data_dir(org.data_dir).list_backups(org.actor("manager"))


# -- sensitive staff fields: blanked, not refused ----------------------------------------------


@pytest.mark.parametrize("actor_name", sorted(EVERYONE))
def test_sensitive_staff_fields_go_only_to_managers_and_the_supervisor(
    org: Org, actor_name: str
) -> None:
    record = org.services.staff.get(org.actor(actor_name), org.p1)
    assert record.details.full_name == "Pat One"  # the rest of the record is there
    if actor_name in P1_FILE:
        assert record.details.reasonable_adjustments == ADJUSTMENTS
        assert record.details.wellbeing_notes == WELLBEING_NOTES
    else:
        assert record.details.reasonable_adjustments == ""
        assert record.details.wellbeing_notes == ""


# -- confidential notes: who exactly ------------------------------------------------------------


def test_a_manager_reads_the_agreed_record_but_not_the_notes(org: Org) -> None:
    manager = org.actor("manager")
    record = org.services.supervision.get_session(manager, org.session)
    assert record.agreed_record == P1_AGREED
    assert record.confidential_notes is None
    with pytest.raises(AccessDenied):
        org.services.supervision.confidential_notes(manager, org.session)


def test_the_person_reads_their_own_record_but_never_the_notes(org: Org) -> None:
    p1 = org.actor("p1")
    assert org.services.supervision.get_session(p1, org.session).confidential_notes is None
    assert not hasattr(
        org.services.supervision.record_for_supervisee(p1, org.session), "confidential_notes"
    )
    with pytest.raises(AccessDenied):
        org.services.supervision.confidential_notes(p1, org.session)


def test_a_manager_reads_the_notes_of_their_own_supervisee(org: Org, admin: Actor) -> None:
    s1_session = org.services.supervision.create_session(
        admin, session_details(org.s1, org.m, confidential_notes="S1 SECRET")
    ).id
    manager = org.actor("manager")
    assert org.services.supervision.confidential_notes(manager, s1_session) == "S1 SECRET"
    # and, as their supervisor, records their supervision
    made = org.services.supervision.create_session(manager, session_details(org.s1, org.m))
    assert made.confidential_notes == ""
    with pytest.raises(AccessDenied):
        org.services.supervision.confidential_notes(org.actor("s2"), s1_session)


def test_the_supervisor_who_held_a_session_keeps_its_notes_after_a_change(
    org: Org, admin: Actor
) -> None:
    """S2 supervised P1 before S1 did: S2 still reads the notes of the session S2 held, and
    that session's record, but nothing else of P1's."""
    held_by_s2 = org.services.supervision.create_session(
        admin,
        session_details(org.p1, org.s2, session_date=ago(60), confidential_notes="S2 SECRET"),
    ).id
    s2 = org.actor("s2")
    assert org.services.supervision.confidential_notes(s2, held_by_s2) == "S2 SECRET"
    assert org.services.supervision.get_session(s2, held_by_s2).confidential_notes == "S2 SECRET"
    # the current supervisor reads it too
    s1 = org.actor("s1")
    assert org.services.supervision.confidential_notes(s1, held_by_s2) == "S2 SECRET"
    with pytest.raises(AccessDenied):
        org.services.supervision.confidential_notes(s2, org.session)
    with pytest.raises(AccessDenied):
        org.services.supervision.history(s2, org.p1, include_confidential=False)
    with pytest.raises(AccessDenied):  # writing is for the current supervisor only
        org.services.supervision.sign_as_supervisor(s2, held_by_s2, "Sue Two")


def test_can_read_confidential_is_decided_in_one_place(org: Org) -> None:
    record = org.services.supervision.get_session(org.actor("admin"), org.session)
    expected = {"admin": True, "manager": False, "s1": True, "s2": False, "p1": False}
    for name, allowed in expected.items():
        assert can_read_confidential(org.actor(name), record, org.s1) is allowed, name
        assert access_rules.can_read_confidential(org.actor(name), org.s1, org.s1) is allowed
    assert not can_read_confidential(org.actor("unlinked"), record, None)


def test_moving_a_session_needs_both_supervisees(org: Org) -> None:
    s1 = org.actor("s1")
    with pytest.raises(AccessDenied):  # S1 does not supervise P2
        org.services.supervision.update_session(
            s1, org.session, session_details(org.p2, org.s1, confidential_notes=SECRET)
        )
    assert org.services.supervision.get_session(s1, org.session).supervisee_id == org.p1


# -- lists across the organisation: filtered, not refused ----------------------------------------

VISIBLE = {
    "admin": {"Pat One", "Pip Two"},
    "manager": {"Pat One", "Pip Two"},
    "s1": {"Pat One"},
    "s2": {"Pip Two"},
    "p1": set(),
    "unlinked": set(),
}


@pytest.mark.parametrize("actor_name", sorted(EVERYONE))
def test_lists_across_the_organisation_hold_what_the_actor_may_see(
    org: Org, actor_name: str
) -> None:
    s = org.services
    actor = org.actor(actor_name)
    expected = VISIBLE[actor_name]
    open_actions = {a.supervisee_name for a in s.actions.open_across_organisation(actor, TODAY)}
    overdue = {a.supervisee_name for a in s.actions.overdue(actor, TODAY)}
    agreements = {r.full_name for r in s.agreements.reviews_due(actor, 30, today=TODAY)}
    relationships = {r.full_name for r in s.dual_relationships.reviews_due(actor, 30)}
    expiring = {e.full_name for e in s.training.expiring(actor, 30)}
    apprentices = {r.full_name for r in s.apprenticeships.reviews_due(actor, 30)}
    assert open_actions == overdue == agreements == relationships == expiring == apprentices
    assert open_actions == expected
    due = {row.full_name for row in s.schedule.overview(actor)}
    staff = {"Mo Manager", "Sam One", "Sue Two", "Pat One", "Pip Two"}
    assert due == (staff if actor_name in MANAGERS else expected)


def test_organisation_wide_figures_stay_organisation_wide(org: Org) -> None:
    s = org.services
    everyone = s.schedule.counts(org.actor("admin"))
    assert s.schedule.counts(org.actor("s1")) == everyone
    assert s.dual_relationships.counts(org.actor("s1")).people == 2
    assert dict(s.health.counts(org.actor("s1")))["people"] == 5


def test_wellness_reviews_keep_their_own_rule(org: Org) -> None:
    reviews = org.services.wellness.reviews_due
    assert {r.full_name for r in reviews(org.actor("admin"), 30)} == {"Pat One", "Pip Two"}
    assert {r.full_name for r in reviews(org.actor("s1"), 30)} == {"Pat One"}
    assert {r.full_name for r in reviews(org.actor("p1"), 30)} == {"Pat One"}  # their own
    assert reviews(org.actor("manager"), 30) == []  # not their supervisees


def test_helpers(org: Org) -> None:
    with org.sessions() as session:
        assert access_rules.is_supervisor_of(session, org.actor("s1"), org.p1)
        assert not access_rules.is_supervisor_of(session, org.actor("s2"), org.p1)
        assert not access_rules.is_supervisor_of(session, org.actor("unlinked"), org.p1)
        assert access_rules.supervisee_ids(session, org.actor("manager")) is None
        assert access_rules.supervisee_ids(session, org.actor("s1")) == {org.p1}
        assert access_rules.supervisee_ids(session, org.actor("p1")) == set()
        assert access_rules.supervisee_ids(session, org.actor("unlinked")) == set()


def test_an_unknown_role_is_refused_even_with_a_staff_record(org: Org) -> None:
    guest = Actor(user_id=9, display_name="Guest", role="guest", staff_id=org.s1)  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        org.services.supervision.get_session(guest, org.session)
    with pytest.raises(AccessDenied):
        org.services.actions.open_actions(guest, org.p1)
    assert org.services.actions.open_across_organisation(guest, TODAY) == []


# -- demo data: administrators only --------------------------------------------------------------


def test_only_an_administrator_makes_demo_data(
    tmp_path: Path, template_database: Path, admin: Actor, org: Org
) -> None:
    for name in sorted(EVERYONE - ADMIN_ONLY):
        with pytest.raises(AccessDenied, match=r"^Only administrators can make demonstration"):
            generate_demo(org.sessions, org.actor(name), staff=3, months=1, today=TODAY)
    with pytest.raises(Conflict):  # an administrator passes, but the register is not empty
        generate_demo(org.sessions, admin, staff=3, months=1, today=TODAY)
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copyfile(template_database, empty / "peerdesk.db")
    database = open_database(empty / "peerdesk.db")
    try:
        summary = generate_demo(database.sessions, admin, staff=3, months=1, today=TODAY)
        assert summary.people == 3
    finally:
        database.close()


# -- views of records leave audit entries ---------------------------------------------------------


def views(org: Org, admin: Actor) -> list[tuple[str, str, str, object]]:
    """(action, who, subject, staff id) of every "viewed ..." entry, oldest first."""
    entries = [e for e in org.services.audit.entries(admin) if e.action.startswith("viewed ")]
    return [
        (e.action, e.actor_name, e.subject, e.details.get("staff_id")) for e in reversed(entries)
    ]


def test_reading_a_record_with_its_notes_leaves_two_entries(org: Org, admin: Actor) -> None:
    before = utc_now()
    org.services.supervision.get_session(org.actor("s1"), org.session)
    subject = f"session {org.session} (staff member {org.p1}, {short_date(ago(5))})"
    assert views(org, admin) == [
        ("viewed supervision record", "Sam One", subject, org.p1),
        ("viewed confidential notes", "Sam One", subject, org.p1),
    ]
    latest = org.services.audit.entries(admin)[0]
    assert before <= latest.at <= utc_now()  # when
    assert latest.actor_role == "supervisor"


def test_reading_a_record_without_its_notes_leaves_one_entry(org: Org, admin: Actor) -> None:
    org.services.supervision.get_session(org.actor("manager"), org.session)
    org.services.supervision.record_for_supervisee(org.actor("p1"), org.session)
    assert [(action, who) for action, who, _s, _id in views(org, admin)] == [
        ("viewed supervision record", "Mo Manager"),
        ("viewed supervision record", "Pat One"),
    ]


def test_reading_the_notes_alone_is_recorded(org: Org, admin: Actor) -> None:
    org.services.supervision.confidential_notes(admin, org.session)
    org.services.supervision.history(org.actor("s1"), org.p1, include_confidential=True)
    assert [(action, who, staff) for action, who, _s, staff in views(org, admin)] == [
        ("viewed confidential notes", "Administrator", org.p1),
        ("viewed confidential notes", "Sam One", org.p1),
    ]


def test_lists_and_refusals_leave_no_view_entries(org: Org, admin: Actor) -> None:
    s = org.services
    s.supervision.history(org.actor("s1"), org.p1, include_confidential=False)
    s.schedule.overview(org.actor("s1"))
    s.actions.open_actions(org.actor("s1"), org.p1)
    assert s.wellness.review_due_for(org.actor("s1"), org.p1) == ago(-10)  # a date only
    with pytest.raises(AccessDenied):
        s.supervision.get_session(org.actor("s2"), org.session)
    with pytest.raises(AccessDenied):
        s.wellness.get(org.actor("manager"), org.p1)
    assert views(org, admin) == []


def test_reading_a_wellness_plan_is_recorded(org: Org, admin: Actor) -> None:
    org.services.wellness.get(org.actor("p1"), org.p1)
    assert views(org, admin) == [
        ("viewed wellness plan", "Pat One", f"wellness plan of staff member {org.p1}", org.p1)
    ]


def test_view_entries_never_name_the_person(org: Org, admin: Actor) -> None:
    org.services.supervision.get_session(admin, org.session)
    org.services.wellness.get(admin, org.p1)
    assert len(views(org, admin)) == 3
    for _action, _who, subject, _staff in views(org, admin):
        assert "Pat" not in subject


def test_an_export_records_the_export_not_each_view(org: Org, admin: Actor) -> None:
    org.services.record_reports.export_supervision_record(
        org.actor("s1"), org.p1, org.out / "record.pdf"
    )
    assert views(org, admin) == []
    (export,) = org.services.audit.entries(admin, action="export")
    assert export.actor_name == "Sam One" and export.details["staff_id"] == org.p1


# -- a further role's supervisor (issue 8: several roles per person) -------------------------


def _give_p1_a_role_supervised_by_s2(org: Org, end: dt.date | None = None) -> int:
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.staff_roles import RoleDetails

    return org.services.roles.add(
        org.actor("admin"),
        org.p1,
        RoleDetails(
            job_title="Volunteer befriender",
            role_category=RoleCategory.VOLUNTEER,
            employment_type=EmploymentType.VOLUNTEER,
            start_date=dt.date(2024, 1, 8),
            end_date=end,
            hours_per_week=4,
            supervisor_id=org.s2,
        ),
    ).id


def test_a_further_roles_supervisor_supervises_the_person(org: Org) -> None:
    _give_p1_a_role_supervised_by_s2(org)
    s2 = org.actor("s2")
    with org.sessions() as session:
        assert access_rules.is_supervisor_of(session, s2, org.p1, TODAY)
        assert access_rules.supervisee_ids(session, s2, TODAY) == {org.p1, org.p2}
        assert access_rules.supervisee_ids(session, org.actor("s1"), TODAY) == {org.p1}
        person = access_rules.require_can_read_person(session, s2, org.p1)
        assert person.role_supervisor_ids == {org.s2}
        assert access_rules.may_write_supervision(s2, person)
        # the main supervisor's confidential notes and the wellness plan stay theirs
        assert not access_rules.can_read_confidential(s2, org.s1, person.supervisor_id)
        assert not access_rules.may_see_wellness_plan(s2, org.p1, person.supervisor_id)
    # lists filtered with supervisee_filter now hold P1 for S2
    overdue = {a.supervisee_name for a in org.services.actions.overdue(s2, TODAY)}
    assert overdue == {"Pat One", "Pip Two"}
    assert {r.full_name for r in org.services.schedule.overview(s2)} == {"Pat One", "Pip Two"}


def test_an_ended_further_role_gives_no_access(org: Org) -> None:
    _give_p1_a_role_supervised_by_s2(org, end=ago(30))
    s2 = org.actor("s2")
    with org.sessions() as session:
        assert not access_rules.is_supervisor_of(session, s2, org.p1, TODAY)
        assert access_rules.supervisee_ids(session, s2, TODAY) == {org.p2}
        with pytest.raises(AccessDenied):
            access_rules.require_can_read_person(session, s2, org.p1)
    assert {a.supervisee_name for a in org.services.actions.overdue(s2, TODAY)} == {"Pip Two"}
