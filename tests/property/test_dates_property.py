"""Property-based tests: dates from 1 January 1 to 31 December 9999 in every dated record.

Each service either refuses a date with a ValidationError (or Conflict) saying why, exactly
when the date breaks one of its rules, or stores it and gives it back unchanged. Then the
screens that do arithmetic on dates (who is due supervision, reviews due, overdue actions,
the training matrix, the dashboard's counts) must still work with it in the register.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from peerdesk.domain.enums import (
    ChecklistItemStatus,
    CourseKind,
    DualRelationshipType,
    EmploymentType,
    PolicyStatus,
    RoleCategory,
    SessionMode,
    SessionType,
    StaffStatus,
    TrainingStatus,
)
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.training import CourseDetails, RecordDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.checklist_views import ItemAnswer
from peerdesk.services.policy_views import PolicyDetails
from peerdesk.services.schedule_views import AgreementDetails, DualRelationshipDetails
from peerdesk.services.staff_service import StaffQuery, StaffRecord, StaffSort
from peerdesk.services.wellness_views import WellnessDetails
from peerdesk.store.database import Database
from tests.conftest import TODAY
from tests.property.test_services_property import PROPERTY, attempt, new_person, unique

FIRST = dt.date.min  # 1 January 1
LAST = dt.date.max  # 31 December 9999
DATES = st.dates()  # the whole range, FIRST to LAST
MAYBE = st.none() | DATES
START = dt.date(2020, 1, 6)  # when the people these tests make started


Read = Callable[[], object]


def _reads(services: Services, admin: Actor, staff_id: int | None) -> list[tuple[str, Read]]:
    """The reads that do arithmetic on dates, as the dashboard and the pages call them."""
    reads: list[tuple[str, Read]] = []
    for status in StaffStatus:
        for sort in (StaffSort.STATUS, StaffSort.START_DATE, StaffSort.NAME):
            query = StaffQuery(status=status, sort=sort)
            reads.append(("staff.page", partial(services.staff.page, admin, query, 0, 50)))
            reads.append(("staff.count", partial(services.staff.count, admin, query)))
    reads.append(("staff.people", partial(services.staff.people, admin, include_leavers=True)))
    if staff_id is not None:
        reads += [
            ("staff.get", partial(services.staff.get, admin, staff_id)),
            ("schedule.person", partial(services.schedule.person, admin, staff_id)),
            (
                "supervision.history",
                partial(services.supervision.history, admin, staff_id, include_confidential=True),
            ),
            ("actions.open_actions", partial(services.actions.open_actions, admin, staff_id)),
            ("absences.list_for", partial(services.absences.list_for, admin, staff_id)),
            (
                "dual_relationships.list_for",
                partial(services.dual_relationships.list_for, admin, staff_id),
            ),
            ("agreements.history", partial(services.agreements.history, admin, staff_id)),
            ("training.records_for", partial(services.training.records_for, admin, staff_id)),
            ("wellness.review_due_for", partial(services.wellness.review_due_for, admin, staff_id)),
        ]
    year = (TODAY - dt.timedelta(days=365), TODAY)
    reads += [
        ("schedule.overview", partial(services.schedule.overview, admin)),
        ("schedule.counts", partial(services.schedule.counts, admin)),
        ("schedule.compliance", partial(services.schedule.compliance, admin, *year)),
        ("health.counts", partial(services.health.counts, admin)),
        ("health.check", partial(services.health.check, admin)),
        ("actions.overdue", partial(services.actions.overdue, admin, TODAY)),
        ("actions.open_across", partial(services.actions.open_across_organisation, admin, TODAY)),
        ("agreements.reviews_due", partial(services.agreements.reviews_due, admin, 60)),
        ("dual.reviews_due", partial(services.dual_relationships.reviews_due, admin, 60)),
        ("dual.counts", partial(services.dual_relationships.counts, admin)),
        ("policies.list", partial(services.policies.list, admin, include_retired=True)),
        ("policies.reviews_due", partial(services.policies.reviews_due, admin, 60)),
        ("policies.counts", partial(services.policies.counts, admin)),
        ("wellness.reviews_due", partial(services.wellness.reviews_due, admin, 60)),
        ("training.matrix", partial(services.training.matrix, admin)),
        ("training.expiring", partial(services.training.expiring, admin)),
        ("checklists.list", partial(services.checklists.list, admin)),
        ("apprenticeships.overview", partial(services.apprenticeships.overview, admin)),
    ]
    return reads


def everything_still_reads(
    services: Services, admin: Actor, database: Database, staff_id: int | None = None
) -> None:
    failures: list[str] = []
    for name, read in _reads(services, admin, staff_id):
        try:
            read()
        except Exception:
            failures.append(f"{name}: {traceback.format_exc(limit=-3)}")
    assert not failures, "\n".join(dict.fromkeys(failures))


@pytest.fixture
def person(services: Services, admin: Actor) -> StaffRecord:
    return new_person(services, admin)


# -- staff and absences ----------------------------------------------------------------------


@PROPERTY
@given(start=DATES, end=MAYBE)
@example(start=LAST, end=None)
@example(start=FIRST, end=LAST)
@example(start=LAST, end=LAST)
@example(start=FIRST, end=FIRST)
@example(start=TODAY, end=FIRST)
def test_staff_dates_round_trip(
    services: Services, admin: Actor, database: Database, start: dt.date, end: dt.date | None
) -> None:
    details = StaffDetails(
        full_name=unique("Dated Person"),
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.FIXED_TERM,
        start_date=start,
        end_date=end,
    )
    record = attempt(
        lambda: services.staff.create(admin, details),
        refused=end is not None and end < start,
        field="end_date",
    )
    if record is None:
        return
    stored = services.staff.get(admin, record.id).details
    assert (stored.start_date, stored.end_date) == (start, end)
    everything_still_reads(services, admin, database, record.id)


@PROPERTY
@given(first=DATES, last=MAYBE)
@example(first=LAST, last=LAST)
@example(first=LAST, last=None)
@example(first=START, last=LAST)
@example(first=FIRST, last=FIRST)
def test_absence_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    first: dt.date,
    last: dt.date | None,
) -> None:
    for old in services.absences.list_for(admin, person.id):
        services.absences.remove(admin, old.id)
    absence = attempt(
        lambda: services.absences.add(admin, person.id, first, last, "Sick leave"),
        refused=(last is not None and last < first) or first < START,
        field="last_day" if last is not None and last < first else "first_day",
    )
    if absence is None:
        return
    assert (absence.first_day, absence.last_day) == (first, last)
    everything_still_reads(services, admin, database, person.id)


# -- supervision -----------------------------------------------------------------------------


@PROPERTY
@given(day=DATES, outcome=st.sampled_from(SessionOutcome))
@example(day=FIRST, outcome=SessionOutcome.HELD)
@example(day=LAST, outcome=SessionOutcome.HELD)
@example(day=START, outcome=SessionOutcome.HELD)
@example(day=TODAY, outcome=SessionOutcome.DID_NOT_ATTEND)
def test_session_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    day: dt.date,
    outcome: SessionOutcome,
) -> None:
    held = outcome is SessionOutcome.HELD
    details = SessionDetails(
        supervisee_id=person.id,
        supervisor_id=None,
        session_date=day,
        session_type=SessionType.LINE_MANAGEMENT,
        mode=SessionMode.PHONE,
        outcome=outcome,
        outcome_reason="" if held else "They were unwell.",
        agreed_record="Agreed." if held else "",
    )
    record = attempt(
        lambda: services.supervision.create_session(admin, details),
        refused=day > TODAY or day < START,
        field="session_date",
    )
    if record is None:
        return
    assert services.supervision.get_session(admin, record.id).session_date == day
    everything_still_reads(services, admin, database, person.id)


@pytest.fixture
def session_id(services: Services, admin: Actor, person: StaffRecord) -> int:
    details = SessionDetails(
        supervisee_id=person.id,
        supervisor_id=None,
        session_date=START,
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.VIDEO,
    )
    return services.supervision.create_session(admin, details).id


@PROPERTY
@given(due=MAYBE)
@example(due=FIRST)
@example(due=LAST)
@example(due=START)
def test_action_due_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    session_id: int,
    due: dt.date | None,
) -> None:
    action = attempt(
        lambda: services.actions.add(admin, session_id, "Book the course.", None, due),
        refused=due is not None and due < START,
        field="due_date",
    )
    if action is None:
        return
    stored = services.actions.get(admin, action.id)
    assert stored.due_date == due
    assert stored.is_overdue == (due is not None and due < TODAY)
    everything_still_reads(services, admin, database, person.id)


@PROPERTY
@given(agreed=DATES, review=MAYBE)
@example(agreed=LAST, review=LAST)
@example(agreed=FIRST, review=FIRST)
@example(agreed=FIRST, review=None)
@example(agreed=LAST, review=FIRST)
def test_agreement_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    agreed: dt.date,
    review: dt.date | None,
) -> None:
    details = AgreementDetails(frequency_days=28, agreed_on=agreed, review_date=review)
    info = attempt(
        lambda: services.agreements.save_agreement(admin, person.id, details),
        refused=review is not None and review < agreed,
        field="review_date",
    )
    if info is None:
        return
    stored = {a.id: a for a in services.agreements.history(admin, person.id)}[info.id]
    assert (stored.details.agreed_on, stored.details.review_date) == (agreed, review)
    everything_still_reads(services, admin, database, person.id)


@PROPERTY
@given(agreed=MAYBE, review=MAYBE, ended=DATES)
@example(agreed=LAST, review=LAST, ended=LAST)
@example(agreed=FIRST, review=FIRST, ended=FIRST)
@example(agreed=None, review=LAST, ended=TODAY)
def test_dual_relationship_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    agreed: dt.date | None,
    review: dt.date | None,
    ended: dt.date,
) -> None:
    details = DualRelationshipDetails(
        relationship_type=DualRelationshipType.FRIEND,
        description="A friend from before, now a colleague.",
        how_managed="Not in the same team.",
        agreed_on=agreed,
        review_date=review,
    )
    info = attempt(
        lambda: services.dual_relationships.add(admin, person.id, details),
        refused=agreed is not None and review is not None and review < agreed,
        field="review_date",
    )
    if info is None:
        return
    stored = services.dual_relationships.get(admin, info.id).details
    assert (stored.agreed_on, stored.review_date) == (agreed, review)
    everything_still_reads(services, admin, database, person.id)
    before_agreed = agreed is not None and ended < agreed
    finished = attempt(
        lambda: services.dual_relationships.end(admin, info.id, ended),
        refused=before_agreed or ended > TODAY,
        field="ended_on",
    )
    if finished is not None:
        assert services.dual_relationships.get(admin, info.id).ended_on == ended
        everything_still_reads(services, admin, database, person.id)


# -- organisation-wide records ---------------------------------------------------------------


@PROPERTY
@given(status=st.sampled_from(PolicyStatus), approved=MAYBE, review=MAYBE, retired=DATES)
@example(status=PolicyStatus.APPROVED, approved=FIRST, review=LAST, retired=FIRST)
@example(status=PolicyStatus.DRAFT, approved=None, review=LAST, retired=LAST)
@example(status=PolicyStatus.APPROVED, approved=TODAY, review=TODAY, retired=TODAY)
def test_policy_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    status: PolicyStatus,
    approved: dt.date | None,
    review: dt.date | None,
    retired: dt.date,
) -> None:
    details = PolicyDetails(
        title=unique("Dated policy"), status=status, approved_on=approved, next_review=review
    )
    problems: list[str] = []
    if approved is None and status is PolicyStatus.APPROVED:
        problems.append("approved_on")
    if approved is not None and approved > TODAY:
        problems.append("approved_on")
    if review is None and status is not PolicyStatus.RETIRED:
        problems.append("next_review")
    if review is not None and approved is not None and review < approved:
        problems.append("next_review")
    info = attempt(
        lambda: services.policies.add(admin, details),
        refused=bool(problems),
        field=problems[0] if problems else "",
    )
    if info is None:
        return
    stored = services.policies.get(admin, info.id).details
    expected_review = None if status is PolicyStatus.RETIRED else review
    assert (stored.approved_on, stored.next_review) == (approved, expected_review)
    everything_still_reads(services, admin, database)
    if status is PolicyStatus.RETIRED:
        return
    gone = attempt(
        lambda: services.policies.retire(admin, info.id, retired),
        refused=retired > TODAY or (approved is not None and retired < approved),
        field="retired_on",
    )
    if gone is not None:
        everything_still_reads(services, admin, database)


@PROPERTY
@given(agreed=MAYBE, review=MAYBE)
@example(agreed=FIRST, review=LAST)
@example(agreed=FIRST, review=FIRST)
@example(agreed=TODAY, review=LAST)
@example(agreed=LAST, review=None)
def test_wellness_plan_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    agreed: dt.date | None,
    review: dt.date | None,
) -> None:
    details = WellnessDetails(
        keeps_me_well="A walk at lunch.", agreed_on=agreed, review_date=review
    )
    bad_review = agreed is not None and agreed <= TODAY and review is not None and review < agreed
    plan = attempt(
        lambda: services.wellness.save(admin, person.id, details),
        refused=agreed is None or agreed > TODAY or bad_review,
        field="review_date" if bad_review else "agreed_on",
    )
    if plan is None:
        return
    stored = services.wellness.get(admin, person.id)
    assert stored is not None
    assert (stored.details.agreed_on, stored.details.review_date) == (agreed, review)
    services.wellness.review_due_for(admin, person.id)
    everything_still_reads(services, admin, database, person.id)


@PROPERTY
@given(due=MAYBE)
@example(due=FIRST)
@example(due=LAST)
def test_checklist_due_dates_round_trip(
    services: Services, admin: Actor, database: Database, due: dt.date | None
) -> None:
    checklist = services.checklists.start(admin, "peer-supervision", unique("Dated checklist"))
    item = services.checklists.get(admin, checklist.id).items()[0]
    answer = ItemAnswer(status=ChecklistItemStatus.IN_PROGRESS, due_date=due)
    services.checklists.update_item(admin, item.id, answer)
    assert services.checklists.item(admin, item.id).due_date == due
    services.checklists.get(admin, checklist.id)
    services.checklists.progress_over_time(admin, checklist.id)
    everything_still_reads(services, admin, database)


@PROPERTY
@given(
    status=st.sampled_from(TrainingStatus),
    requested=MAYBE,
    booked=MAYBE,
    completed=MAYBE,
    months=st.none() | st.integers(1, 120),
)
@example(status=TrainingStatus.COMPLETED, requested=FIRST, booked=None, completed=FIRST, months=120)
@example(status=TrainingStatus.BOOKED, requested=FIRST, booked=LAST, completed=None, months=None)
@example(status=TrainingStatus.COMPLETED, requested=None, booked=None, completed=TODAY, months=1)
def test_training_dates_round_trip(
    services: Services,
    admin: Actor,
    database: Database,
    person: StaffRecord,
    status: TrainingStatus,
    requested: dt.date | None,
    booked: dt.date | None,
    completed: dt.date | None,
    months: int | None,
) -> None:
    course = services.training.add_course(
        admin,
        CourseDetails(
            name=unique("Dated course"),
            kind=CourseKind.MANDATORY,
            validity_months=months,
            applies_to=(RoleCategory.PEER_WORKER,),
        ),
    )
    # what normalise_record keeps for the status, then its rules
    if status is TrainingStatus.REQUESTED:
        booked = completed = None
    elif status is not TrainingStatus.COMPLETED:
        completed = None
    rules: list[tuple[bool, str]] = [
        (requested is not None and requested > TODAY, "requested_on"),
        (status is TrainingStatus.BOOKED and booked is None, "booked_for"),
        (booked is not None and requested is not None and booked < requested, "booked_for"),
        (status is TrainingStatus.COMPLETED and completed is None, "completed_on"),
        (completed is not None and completed > TODAY, "completed_on"),
        (
            completed is not None
            and completed <= TODAY
            and requested is not None
            and completed < requested,
            "completed_on",
        ),
    ]
    broken = [name for bad, name in rules if bad]
    details = RecordDetails(
        course_id=course.id,
        status=status,
        requested_on=requested,
        booked_for=booked,
        completed_on=completed,
    )
    record = attempt(
        lambda: services.training.add_record(admin, person.id, details),
        refused=bool(broken),
        field=broken[0] if broken else "",
    )
    if record is None:
        return
    stored = services.training.record(admin, record.id)
    assert (stored.details.requested_on, stored.details.booked_for) == (requested, booked)
    assert stored.details.completed_on == completed
    everything_still_reads(services, admin, database, person.id)


# -- bugs the properties above found, fixed: they stay fixed ----------------------------------


def test_schedule_of_someone_starting_in_9999(services: Services, admin: Actor) -> None:
    record = new_person(services, admin)
    details = services.staff.get(admin, record.id).details
    services.staff.update(admin, record.id, replace(details, start_date=LAST))
    assert services.schedule.counts(admin).not_started == 1
    row = services.schedule.person(admin, record.id)
    assert row.due_date == LAST  # the first supervision, as late as a date can be


def test_compliance_with_an_absence_to_9999(
    services: Services, admin: Actor, person: StaffRecord
) -> None:
    services.absences.add(admin, person.id, START, LAST, "Career break")
    report = services.schedule.compliance(admin, TODAY - dt.timedelta(days=365), TODAY)
    assert report.people == 1  # away for the whole period: nothing expected of them
    assert report.overall.expected == 0
