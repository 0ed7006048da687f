"""Retention and erasure: the review queue, the plan shown before erasing, erasing one kind
or a whole person, and who may do it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, replace

import pytest

from peerdesk.domain.apprenticeship import ApprenticeshipDetails
from peerdesk.domain.enums import (
    CourseKind,
    DualRelationshipType,
    SessionMode,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.retention import Keepable, RecordKind
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.training import CourseDetails, RecordDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict
from peerdesk.services.retention_service import ERASED_ACTION
from peerdesk.services.schedule_views import AgreementDetails, DualRelationshipDetails
from peerdesk.services.wellness_views import WellnessDetails
from peerdesk.store.database import Database
from tests.ui.app_fixtures import add_person

LEFT = dt.date(2019, 5, 31)  # seven years ago: past the default six years
RECENT = dt.date(2024, 1, 31)  # two years ago: not yet past


@dataclass(frozen=True)
class Words:
    """Distinctive words put into a leaver's records, to look for after erasing."""

    name: str = "Zephyrine Quillfeather"
    renamed: str = "Zephyrine Quillfeather-Marsh"
    preferred: str = "Zephy Quillo"
    session: str = "Xylocarp orchard boundaries wobblequest"
    confidential: str = "Confidential murmuration of kestrelwhisk"
    wellbeing: str = "Wellbeing notes about thundergloam evenings"
    adjustments: str = "A quiet desk beside the plumbagoline window"
    plan: str = "Walking past the glimmerwick canal keeps me well"
    training: str = "Training notes on snickerbrack safeguarding"
    absence: str = "Sick leave for vorpalheim recovery"
    relationship: str = "Formerly shared a flat at Brindlecombe"
    action: str = "Action: phone the quartzfinch helpline"
    leaving: str = "Moved to the Orkneys for a frabjous job"

    def all(self) -> list[str]:
        return [value for value in vars(self).values() if isinstance(value, str)]


WORDS = Words()


def session_details(
    supervisee: int,
    supervisor: int,
    day: dt.date,
    text: str = WORDS.session,
    confidential: str = WORDS.confidential,
) -> SessionDetails:
    return SessionDetails(
        supervisee_id=supervisee,
        supervisor_id=supervisor,
        session_date=day,
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.IN_PERSON,
        duration_minutes=60,
        boundaries=text,
        agreed_record=text,
        confidential_notes=confidential,
    )


@dataclass(frozen=True)
class People:
    supervisor: int
    leaver: int  # left LEFT, with records of every kind
    recent: int  # left RECENT, with a one-to-one
    current: int  # still working, with a one-to-one
    other_session: int  # the current person's session, held by the leaver


def build(services: Services, admin: Actor, *, left: dt.date = LEFT) -> People:
    s = services
    s.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    boss = add_person(s, admin, "Mo Manager", start=dt.date(2010, 1, 4)).id
    start = dt.date(2015, 3, 2)
    leaver_record = add_person(s, admin, WORDS.name, start=start, supervisor_id=boss)
    leaver = leaver_record.id
    # a rename: the change audit had its chance to copy the name into the trail
    s.staff.update(
        admin,
        leaver,
        replace(
            leaver_record.details,
            full_name=WORDS.renamed,
            preferred_name=WORDS.preferred,
            pronouns="xe/xem",
            wellbeing_notes=WORDS.wellbeing,
            reasonable_adjustments=WORDS.adjustments,
        ),
    )
    held = s.supervision.create_session(
        admin, session_details(leaver, boss, dt.date(2018, 3, 1))
    ).id
    s.actions.add(admin, held, WORDS.action, leaver, dt.date(2018, 4, 1))
    s.agreements.save_agreement(
        admin,
        leaver,
        AgreementDetails(frequency_days=28, agreed_on=dt.date(2017, 1, 5), location="Room 2"),
    )
    s.dual_relationships.add(
        admin,
        leaver,
        DualRelationshipDetails(
            relationship_type=DualRelationshipType.FORMER_SERVICE_USER_SAME_PROGRAMME,
            description=WORDS.relationship,
            how_managed="Not allocated to each other.",
            agreed_on=dt.date(2017, 2, 1),
        ),
    )
    s.absences.add(admin, leaver, dt.date(2018, 1, 8), dt.date(2018, 1, 19), WORDS.absence)
    s.wellness.save(
        admin,
        leaver,
        WellnessDetails(keeps_me_well=WORDS.plan, agreed_on=dt.date(2017, 6, 1)),
    )
    course = s.training.add_course(
        admin, CourseDetails("Safeguarding", CourseKind.MANDATORY, None)
    ).id
    s.training.add_record(
        admin,
        leaver,
        RecordDetails(
            course_id=course,
            status=TrainingStatus.COMPLETED,
            completed_on=dt.date(2017, 9, 1),
            notes=WORDS.training,
        ),
    )
    apprenticeship = s.apprenticeships.start(
        admin,
        leaver,
        ApprenticeshipDetails(
            programme="Peer Worker (Level 3)",
            start_date=dt.date(2016, 1, 4),
            planned_end_date=dt.date(2017, 7, 1),
            required_weekly_hours=6.0,
        ),
    ).id
    s.apprenticeships.log_hours(admin, apprenticeship, dt.date(2016, 2, 1), 3.0, "Workshop")
    s.apprenticeships.add_review(admin, apprenticeship, dt.date(2016, 4, 1), "On track", None)

    current = add_person(s, admin, "Cora Current", start=dt.date(2016, 1, 4)).id
    # the leaver supervised someone who is still here: that record is theirs and stays
    other = s.supervision.create_session(
        admin,
        session_details(current, leaver, dt.date(2018, 5, 1), "Cora's record", "Cora's notes"),
    ).id
    s.actions.add(admin, other, "Cora's action, owned by the leaver", leaver, None)

    recent = add_person(s, admin, "Rory Recent", start=dt.date(2020, 1, 6)).id
    s.supervision.create_session(
        admin, session_details(recent, boss, dt.date(2023, 5, 1), "Rory's record", "Rory's notes")
    )
    s.staff.mark_leaver(admin, recent, RECENT, "Retired")
    s.staff.mark_leaver(admin, leaver, left, WORDS.leaving)
    return People(
        supervisor=boss, leaver=leaver, recent=recent, current=current, other_session=other
    )


MANAGER = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER, staff_id=None)
SUPERVISOR = Actor(user_id=3, display_name="Sam One", role=Role.SUPERVISOR, staff_id=None)


@pytest.fixture
def people(services: Services, admin: Actor) -> People:
    return build(services, admin)


def _count(database: Database, sql: str, *args: object) -> int:
    conn = sqlite3.connect(database.path)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


# -- settings ---------------------------------------------------------------------------


def test_settings_start_at_six_years_and_save(services: Services, admin: Actor) -> None:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    settings = services.retention.settings(admin)
    assert settings.periods == {kind: 72 for kind in RecordKind}
    assert settings.kept == {Keepable.NAME, Keepable.EMPLOYMENT_DATES}
    periods = {**settings.periods, RecordKind.TRAINING: 24}
    saved = services.retention.save_settings(admin, periods, frozenset({Keepable.JOB_TITLE}))
    assert saved.periods[RecordKind.TRAINING] == 24
    assert saved.kept == {Keepable.JOB_TITLE}
    assert services.retention.settings(admin) == saved


def test_settings_refuse_periods_out_of_range(services: Services, admin: Actor) -> None:
    periods = {kind: 12 for kind in RecordKind}
    periods[RecordKind.ABSENCES] = 0
    with pytest.raises(ValidationError) as raised:
        services.retention.save_settings(admin, periods, frozenset())
    assert raised.value.message_for("absences")


@pytest.mark.parametrize("actor", [MANAGER, SUPERVISOR])
def test_only_administrators(services: Services, people: People, actor: Actor) -> None:
    retention = services.retention
    calls = [
        lambda: retention.settings(actor),
        lambda: retention.save_settings(actor, {k: 12 for k in RecordKind}, frozenset()),
        lambda: retention.queue(actor),
        lambda: retention.plan_person(actor, people.leaver),
        lambda: retention.plan_records(actor, people.leaver, RecordKind.TRAINING),
        lambda: retention.erase_person(actor, people.leaver),
        lambda: retention.erase_records(actor, people.leaver, RecordKind.TRAINING),
    ]
    for call in calls:
        with pytest.raises(AccessDenied, match="Only administrators"):
            call()


# -- the queue --------------------------------------------------------------------------


def test_queue_lists_leavers_past_their_date_only(
    services: Services, admin: Actor, people: People
) -> None:
    rows = services.retention.queue(admin)
    assert {row.staff_id for row in rows} == {people.leaver}  # not current, not recent
    assert [row.kind for row in rows] == list(RecordKind)
    by_kind = {row.kind: row for row in rows}
    supervision = by_kind[RecordKind.SUPERVISION]
    # one one-to-one, one action, one agreement
    assert supervision.record_count == 3
    assert supervision.name == WORDS.renamed and supervision.left_on == LEFT
    assert supervision.due_since == dt.date(2025, 6, 1)
    assert by_kind[RecordKind.WELLBEING].record_count == 3  # the plan and two notes
    assert by_kind[RecordKind.APPRENTICESHIP].record_count == 3
    assert by_kind[RecordKind.ABSENCES].record_count == 1


def test_queue_follows_each_kinds_period(services: Services, admin: Actor, people: People) -> None:
    periods = {kind: 1200 for kind in RecordKind}
    periods[RecordKind.TRAINING] = 24  # the recent leaver has no training records
    periods[RecordKind.SUPERVISION] = 24
    services.retention.save_settings(admin, periods, frozenset({Keepable.NAME}))
    rows = services.retention.queue(admin)
    assert [(row.staff_id, row.kind) for row in rows] == [
        (people.leaver, RecordKind.SUPERVISION),
        (people.leaver, RecordKind.TRAINING),
        (people.recent, RecordKind.SUPERVISION),
    ]
    assert rows[2].due_since == dt.date(2026, 2, 1)  # oldest due first


def test_an_erased_kind_leaves_the_queue(services: Services, admin: Actor, people: People) -> None:
    services.retention.erase_records(admin, people.leaver, RecordKind.TRAINING)
    kinds = {row.kind for row in services.retention.queue(admin)}
    assert RecordKind.TRAINING not in kinds and RecordKind.SUPERVISION in kinds


# -- the plan ---------------------------------------------------------------------------


def test_plan_person_says_what_goes_and_what_stays(
    services: Services, admin: Actor, people: People
) -> None:
    plan = services.retention.plan_person(admin, people.leaver)
    assert plan.whole_person and plan.name == WORDS.renamed
    parts = {plan_.kind: dict(plan_.parts) for plan_ in plan.kinds}
    assert parts[RecordKind.SUPERVISION] == {
        "one-to-ones": 1,
        "actions": 1,
        "supervision agreements": 1,
    }
    personal = next(p for p in plan.kinds if p.kind is RecordKind.PERSONAL_DETAILS)
    assert {"preferred name", "pronouns", "leaving reason", "supervisor"} <= set(personal.fields)
    assert plan.kept == ("Name", "Dates of employment")
    text = " ".join(plan.sentences)
    assert "Goes: Supervision records: 1 one-to-one, 1 action, 1 supervision agreement." in text
    assert "Stays, because your organisation keeps it: name, dates of employment." in text
    assert "1 one-to-one they held as supervisor with other people stays" in text
    assert "1 action of other people that they owned stays, without an owner." in text
    assert "Backups made before today" in text and "cannot be undone" in text
    assert "job title, team" in text  # blanked, since not kept


def test_plan_records_covers_one_kind(services: Services, admin: Actor, people: People) -> None:
    plan = services.retention.plan_records(admin, people.leaver, RecordKind.WELLBEING)
    assert not plan.whole_person and [k.kind for k in plan.kinds] == [RecordKind.WELLBEING]
    assert plan.kinds[0].fields == ("reasonable adjustments", "wellbeing notes")
    assert plan.total == 3
    assert (
        plan.sentences[0] == f"This erases wellbeing of {WORDS.renamed}; their other records stay."
    )


# -- erasing ----------------------------------------------------------------------------


def test_current_staff_cannot_be_erased(services: Services, admin: Actor, people: People) -> None:
    with pytest.raises(Conflict, match="still works here"):
        services.retention.erase_person(admin, people.current)
    with pytest.raises(Conflict, match="still works here"):
        services.retention.plan_records(admin, people.current, RecordKind.TRAINING)


def test_erasing_one_kind_leaves_the_others(
    services: Services, admin: Actor, people: People, database: Database
) -> None:
    result = services.retention.erase_records(admin, people.leaver, RecordKind.SUPERVISION)
    assert result.counts == {"supervision": 3} and result.journal_emptied
    assert (
        _count(
            database,
            "SELECT count(*) FROM supervision_session WHERE supervisee_id=?",
            people.leaver,
        )
        == 0
    )
    assert _count(database, "SELECT count(*) FROM supervision_agreement") == 0
    # other people's one-to-ones they held stay
    assert (
        _count(
            database, "SELECT count(*) FROM supervision_session WHERE id=?", people.other_session
        )
        == 1
    )
    for table in (
        "training_record",
        "staff_absence",
        "dual_relationship",
        "wellness_plan",
        "apprenticeship",
    ):
        assert (
            _count(database, f"SELECT count(*) FROM {table} WHERE staff_id=?", people.leaver) == 1
        ), table
    record = services.staff.get(admin, people.leaver)
    assert record.details.full_name == WORDS.renamed
    assert record.details.wellbeing_notes == WORDS.wellbeing


def test_erasing_personal_details_blanks_them(
    services: Services, admin: Actor, people: People
) -> None:
    services.retention.erase_records(admin, people.leaver, RecordKind.PERSONAL_DETAILS)
    details = services.staff.get(admin, people.leaver).details
    assert (details.preferred_name, details.pronouns, details.leaving_reason) == ("", "", "")
    assert details.supervisor_id is None and details.full_name == WORDS.renamed


def test_erasing_a_person_keeps_what_the_organisation_keeps(
    services: Services, admin: Actor, people: People, database: Database
) -> None:
    kept = frozenset({Keepable.NAME, Keepable.JOB_TITLE})
    services.retention.save_settings(admin, services.retention.settings(admin).periods, kept)
    result = services.retention.erase_person(admin, people.leaver)
    assert result.counts["supervision"] == 3 and result.counts["training"] == 1
    details = services.staff.get(admin, people.leaver).details
    assert details.full_name == WORDS.renamed and details.job_title == "Peer worker"
    assert details.start_date == LEFT and details.end_date == LEFT  # dates not kept
    assert details.wellbeing_notes == "" and details.preferred_name == ""
    assert _count(database, "SELECT count(*) FROM staff_member WHERE erased_on IS NOT NULL") == 1
    # the action of someone else they owned stays, without an owner
    assert (
        _count(
            database,
            "SELECT count(*) FROM supervision_action WHERE owner_id IS NULL AND session_id=?",
            people.other_session,
        )
        == 1
    )
    assert services.retention.queue(admin) == []


def test_erasing_a_person_without_their_name(
    services: Services, admin: Actor, people: People
) -> None:
    services.retention.save_settings(
        admin, services.retention.settings(admin).periods, frozenset({Keepable.EMPLOYMENT_DATES})
    )
    services.retention.erase_person(admin, people.leaver)
    details = services.staff.get(admin, people.leaver).details
    assert details.full_name == f"Erased person #{people.leaver}"
    assert details.job_title == "" and details.start_date == dt.date(2015, 3, 2)


def test_the_erasure_is_audited_by_kinds_and_counts_only(
    services: Services, admin: Actor, people: People
) -> None:
    services.retention.save_settings(admin, services.retention.settings(admin).periods, frozenset())
    services.retention.erase_person(admin, people.leaver)
    (entry,) = services.audit.entries(admin, action=ERASED_ACTION)
    assert entry.subject == f"staff member {people.leaver}"
    assert entry.details["staff_id"] == people.leaver
    assert entry.details["kinds"] == [kind.value for kind in RecordKind]
    counts = entry.details["counts"]
    assert isinstance(counts, dict) and counts["supervision"] == 3
    text = json.dumps(entry.details) + entry.subject
    assert "Zephyrine" not in text and "Quillfeather" not in text
    assert services.audit.verify(admin).ok


def test_the_queue_counts_agree_with_each_persons_plan_on_the_demo(
    services: Services, admin: Actor, database: Database
) -> None:
    """The queue counts every leaver's records in a few grouped queries; a person's plan
    counts them part by part. On the demo, with every kind due a month after leaving,
    they agree for every leaver and kind."""
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.services.retention_service import _parts
    from tests.conftest import TODAY

    generate_demo(database.sessions, admin, staff=80, months=18, seed=5, today=TODAY)
    settings = services.retention.settings(admin)
    services.retention.save_settings(admin, dict.fromkeys(RecordKind, 1), settings.kept)
    queue = services.retention.queue(admin)
    assert len({row.staff_id for row in queue}) >= 5  # the demo has leavers with records
    listed = {(row.staff_id, row.kind): row.record_count for row in queue}
    leavers = {row.staff_id for row in queue}
    with database.sessions() as session:
        for staff_id in leavers:
            for kind in RecordKind:
                held = sum(n for _label, n in _parts(session, staff_id, kind))
                assert listed.get((staff_id, kind), 0) == held, (staff_id, kind)
