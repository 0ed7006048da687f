"""The trustee workforce report: figures only, small numbers suppressed, no names.

``data`` reads what the report needs for the period and the one before it in one database
session (about fifteen small queries, whatever the size of the organisation), works the
figures out with the domain's rules (supervision due dates and compliance, training
validity, checklist progress) and passes every figure about people through small-number
suppression (``domain.suppression``). ``export`` lays the result out as a PDF.

Definitions used throughout (the report's appendix says the same in plain words):

- The period runs from ``start`` to ``end``, both included; the previous period is as many
  days, just before it.
- Headcount "at the end of a period" counts the people in post at the close of its last
  day: started on or before it and not leaving on or before it. So headcount at the end of
  the previous period, plus starters, minus leavers, is headcount at the end of this one.
- Starters started in the period; leavers' last day was in it. People count in the role
  category and team they have now (the register keeps no history of moves).
- People with several roles (main role on their record, further ones in ``staff_role``):
  headcount counts each person once, under their main role; FTE adds the hours of every
  role held at the day (a further role whose hours vary adds none; no cap at 1 per person),
  each role's hours under its own category and team (``domain.staff_roles``).
- Figures about people (headcount by role, team and length of service, lived experience,
  starters, leavers) are protected together, with every link between them, so nothing
  hidden in one table can be worked out from another.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.checklist_progress import ChecklistProgress, progress_of
from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import (
    ActionStatus,
    ApprenticeshipOutcome,
    ChecklistItemStatus,
    CourseKind,
    LivedExperience,
    PolicyStatus,
    RoleCategory,
    TrainingStatus,
)
from peerdesk.domain.supervision_schedule import (
    Absence,
    PersonSchedule,
    SessionOutcome,
    SupervisionStandard,
    SupervisionStatus,
    compliance,
    status,
)
from peerdesk.domain.suppression import (
    DEFAULT_THRESHOLD,
    NOT_SHOWN,
    NOTHING_TO_MEASURE,
    Equation,
    Rate,
    Shown,
    is_small,
    percent_text,
    protect,
    rate,
    suppress_one,
    suppress_row,
)
from peerdesk.domain.training import add_months, decode_roles
from peerdesk.domain.validation import FieldError, ValidationError, clean_line
from peerdesk.reports.pdf_base import DocumentInfo, IsCancelled, Progress, write_pdf
from peerdesk.reports.trustee_report import build_trustee_story
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.coproduction_report import coproduction_section
from peerdesk.services.fair_chance_service import FairChanceService
from peerdesk.services.trustee_report_views import (
    EXPIRING_DAYS,
    FULL_TIME_HOURS,
    Actions,
    CheckInPoint,
    ChecklistRow,
    ComplianceRow,
    CountRow,
    CourseRow,
    DualRelationships,
    GroupRow,
    Headline,
    LivedExperienceRow,
    MovementRow,
    Readiness,
    Supervision,
    Training,
    TrusteeReportData,
    Workforce,
    long_date,
)
from peerdesk.services.trustee_report_views import (
    LivedExperience as LivedExperienceSection,
)
from peerdesk.store.models import (
    Apprenticeship,
    Checklist,
    ChecklistItem,
    ChecklistStatusChange,
    DualRelationship,
    Organisation,
    Policy,
    StaffAbsence,
    StaffMember,
    StaffRole,
    SupervisionAction,
    SupervisionInterval,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
)

__all__ = ["MAX_YEARS", "REPORT_KIND", "REPORT_NAME", "TrusteeReportService", "check_period"]

Today = Callable[[], dt.date]

MAX_YEARS = 10
REPORT_KIND = "trustee-report"
REPORT_NAME = "Trustee workforce report"
NO_TEAM = "No team"

_ONE_DAY = dt.timedelta(days=1)
_HELD = SessionOutcome.HELD.value
_NOT_HELD = (
    (SessionOutcome.CANCELLED_BY_SUPERVISOR, "Cancelled by the supervisor"),
    (SessionOutcome.CANCELLED_BY_SUPERVISEE, "Cancelled by the supervisee"),
    (SessionOutcome.DID_NOT_ATTEND, "Did not attend"),
    (SessionOutcome.RESCHEDULED, "Rescheduled"),
)
_LIVED = (
    (LivedExperience.YES, "yes"),
    (LivedExperience.NO, "no"),
    (LivedExperience.PREFER_NOT_TO_SAY, "prefer_not_to_say"),
)
_NOT_COUNTED = "not_counted"
_SERVICE_BANDS = (
    ("Under 1 year", 0, 1),
    ("1 to 2 years", 1, 2),
    ("2 to 5 years", 2, 5),
    ("5 years or more", 5, None),
)
_OUTCOMES = (
    (ApprenticeshipOutcome.JOB_OFFERED.value, "Job offered"),
    (ApprenticeshipOutcome.MOVED_ON.value, "Moved on"),
    (ApprenticeshipOutcome.ENDED.value, "Ended"),
    (None, "No outcome recorded yet"),
)


def check_period(start: dt.date, end: dt.date, today: dt.date) -> None:
    """Raise ValidationError unless start..end is a period a report can cover: in order, at
    most ten years long, and over by today."""
    errors: list[FieldError] = []
    if end < start:
        errors.append(FieldError("end", "The end of the period cannot be before its start."))
    elif end >= add_months(start, 12 * MAX_YEARS):
        errors.append(
            FieldError(
                "end", f"A report covers at most {MAX_YEARS} years: choose a shorter period."
            )
        )
    if end > today:
        errors.append(
            FieldError(
                "end",
                f"The period cannot end after today ({long_date(today)}): the report "
                "covers what has already happened.",
            )
        )
    if errors:
        raise ValidationError(errors)


class TrusteeReportService:
    def __init__(
        self, sessions: sessionmaker[Session], audit: AuditLog, today: Today = local_today
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today

    def data(self, actor: Actor, start: dt.date, end: dt.date) -> TrusteeReportData:
        """Every figure of the report for start..end (both included), suppressed as the
        organisation's small-number threshold requires. Managers only."""
        access_rules.require_manager(actor, "make the trustee report")
        today = self._today()
        check_period(start, end, today)
        periods = _Periods.of(start, end)
        with self._sessions() as session:
            facts = _read(session, periods)
            coproduction = coproduction_section(session, start, end, facts.threshold)
        fair_chance = FairChanceService(
            self._sessions, self._audit, today=self._today
        ).fair_chance_counts(actor, start, end)
        report = _assemble(facts, periods, prepared_by=actor.display_name, prepared_on=today)
        return replace(report, coproduction=coproduction, fair_chance=fair_chance)

    def export(
        self,
        actor: Actor,
        start: dt.date,
        end: dt.date,
        destination: Path,
        *,
        prepared_by: str = "",
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> Path:
        """Write the report for start..end to ``destination`` (a PDF) and record the export
        in the audit trail; returns the path.

        Raises ValidationError for a period the report cannot cover or a folder that does
        not exist, and ExportCancelled (leaving no file) when ``is_cancelled()`` turns true.
        """
        access_rules.require_manager(actor, "make the trustee report")
        destination = Path(destination)
        check_period(start, end, self._today())
        if not destination.parent.is_dir():
            raise ValidationError(
                [FieldError("destination", "That folder does not exist: choose another.")]
            )
        author = clean_line(prepared_by) or actor.display_name
        report = replace(self.data(actor, start, end), prepared_by=author)
        with self._sessions() as session:
            logo_text = session.scalar(
                select(Organisation.logo_path).order_by(Organisation.id).limit(1)
            )
        logo = Path(logo_text) if logo_text else None
        info = DocumentInfo(
            title=f"{REPORT_NAME}, {report.period}",
            author=author,
            organisation=report.organisation,
            subject="Workforce figures for trustees; small numbers are not shown.",
            logo=logo if logo is not None and logo.is_file() else None,
            confidential=True,
        )
        written = write_pdf(
            destination,
            info,
            lambda: build_trustee_story(report),
            progress=progress,
            is_cancelled=is_cancelled,
        )
        self._audit.record(
            actor,
            "export",
            REPORT_NAME,
            {
                "report": REPORT_KIND,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "staff_id": None,
                "file": written.name,
            },
        )
        return written


# -- the periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Periods:
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date

    @classmethod
    def of(cls, start: dt.date, end: dt.date) -> _Periods:
        days = (end - start).days + 1
        return cls(start, end, start - dt.timedelta(days=days), start - _ONE_DAY)

    @property
    def before_previous(self) -> dt.date:
        """The last day before the previous period."""
        return self.previous_start - _ONE_DAY


@dataclass(frozen=True)
class _Bucket:
    label: str
    first: dt.date
    last: dt.date


def _buckets(start: dt.date, end: dt.date) -> tuple[str, list[_Bucket]]:
    """The months of the period (quarters beyond 27 months, years beyond six years),
    clipped to it."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months <= 27:  # two years not on month boundaries spans 25 months
        step, unit = 1, "month"
    elif months <= 72:
        step, unit = 3, "quarter"
    else:
        step, unit = 12, "year"
    first_month = (start.month - 1) // step * step + 1
    cursor = dt.date(start.year, first_month, 1)
    buckets: list[_Bucket] = []
    while cursor <= end:
        following = add_months(cursor, step)
        last = following - _ONE_DAY
        if step == 1:
            label = f"{cursor:%b %Y}"
        elif step == 3:
            label = f"{cursor:%b}–{last:%b %Y}"
        else:
            label = f"{cursor:%Y}"
        buckets.append(_Bucket(label, max(cursor, start), min(last, end)))
        cursor = following
    return unit, buckets


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    id: int
    role: str
    team_id: int | None
    hours: float | None
    start: dt.date
    end: dt.date | None
    lived_experience: str
    counted: bool

    def in_post(self, day: dt.date) -> bool:
        """In post at the close of ``day``: started by then, and not leaving that day or
        before."""
        return self.start <= day and (self.end is None or self.end > day)

    def employed_during(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)

    @property
    def fte(self) -> float:
        return (self.hours if self.hours is not None else FULL_TIME_HOURS) / FULL_TIME_HOURS


@dataclass(frozen=True)
class _Role:
    """A further role a person holds beside their main one."""

    staff_id: int
    role: str
    team_id: int | None
    hours: float | None  # None: the hours vary (adds no FTE)
    start: dt.date
    end: dt.date | None

    def in_post(self, day: dt.date) -> bool:
        """Held at the close of ``day`` (the same rule as ``_Person.in_post``)."""
        return self.start <= day and (self.end is None or self.end > day)

    @property
    def fte(self) -> float:
        return (self.hours or 0.0) / FULL_TIME_HOURS


@dataclass
class _Facts:
    organisation: str
    threshold: int
    standard: SupervisionStandard
    teams: dict[int, tuple[str, str]]  # id -> (sort key, name)
    people: list[_Person]
    absences: dict[int, list[Absence]]
    sessions: list[tuple[int, dt.date, str, int | None]]
    last_held_at_end: dict[int, dt.date]
    last_held_at_previous_end: dict[int, dt.date]
    actions: tuple[int, int, int, int, int]
    courses: list[tuple[int, str, str]]
    completions: list[tuple[int, int, dt.date, dt.date | None]]
    policies: list[tuple[str, dt.date | None]]
    checklists: list[tuple[int, str, dt.date, dt.date | None]]
    items: list[tuple[int, int, str, bool]]
    changes: list[tuple[int, dt.date, str | None, str]]
    relationships: list[tuple[int, dt.date | None, dt.date | None, dt.date | None]]
    apprenticeships: list[tuple[str | None]]
    roles: list[_Role] = field(default_factory=list)  # further roles

    def roles_in_post(self, day: dt.date) -> list[_Role]:
        """The further roles held at the close of ``day`` by people in post then."""
        in_post = {person.id for person in self.people if person.in_post(day)}
        return [r for r in self.roles if r.staff_id in in_post and r.in_post(day)]

    def fte_at(self, day: dt.date) -> float:
        """Every role's hours at the close of ``day`` over full time (not capped)."""
        people = sum(person.fte for person in self.people if person.in_post(day))
        return people + sum(r.fte for r in self.roles_in_post(day))


def _read(session: Session, p: _Periods) -> _Facts:
    # Core rows, not ORM ones: tens of thousands of sessions, built much faster
    connection = session.connection()
    org = connection.execute(
        select(
            Organisation.name,
            Organisation.small_number_threshold,
            Organisation.supervision_interval_days,
            Organisation.new_starter_days,
            Organisation.due_soon_days,
        )
        .order_by(Organisation.id)
        .limit(1)
    ).first()
    overrides = {
        RoleCategory(role): days
        for role, days in connection.execute(
            select(SupervisionInterval.role_category, SupervisionInterval.interval_days)
        )
    }
    if org is None:
        name, threshold = "", DEFAULT_THRESHOLD
        standard = SupervisionStandard(interval_by_role=overrides)
    else:
        name, threshold = org[0], org[1]
        standard = SupervisionStandard(
            default_interval_days=org[2],
            interval_by_role=overrides,
            new_starter_days=org[3],
            due_soon_days=org[4],
        )
    teams = {
        team_id: (key, team_name)
        for team_id, team_name, key in connection.execute(select(Team.id, Team.name, Team.name_key))
    }
    people = [
        _Person(*row)
        for row in connection.execute(
            select(
                StaffMember.id,
                StaffMember.role_category,
                StaffMember.team_id,
                StaffMember.hours_per_week,
                StaffMember.start_date,
                StaffMember.end_date,
                StaffMember.lived_experience,
                StaffMember.counted_in_aggregates,
            ).where(
                StaffMember.start_date <= p.end,
                or_(StaffMember.end_date.is_(None), StaffMember.end_date >= p.before_previous),
            )
        )
    ]
    absences: dict[int, list[Absence]] = defaultdict(list)
    for staff_id, first, last in connection.execute(
        select(StaffAbsence.staff_id, StaffAbsence.first_day, StaffAbsence.last_day)
    ):
        absences[staff_id].append((first, last))
    sessions = [
        (staff_id, day, outcome, score)
        for staff_id, day, outcome, score in connection.execute(
            select(
                SupervisionSession.supervisee_id,
                SupervisionSession.session_date,
                SupervisionSession.outcome,
                SupervisionSession.wellbeing_score,
            ).where(
                SupervisionSession.session_date >= p.previous_start,
                SupervisionSession.session_date <= p.end,
            )
        )
    ]

    def last_held(day: dt.date) -> dict[int, dt.date]:
        query = (
            select(SupervisionSession.supervisee_id, func.max(SupervisionSession.session_date))
            .where(SupervisionSession.outcome == _HELD, SupervisionSession.session_date <= day)
            .group_by(SupervisionSession.supervisee_id)
        )
        return {staff_id: last for staff_id, last in connection.execute(query)}

    return _Facts(
        organisation=name,
        threshold=threshold,
        standard=standard,
        teams=teams,
        people=people,
        absences=dict(absences),
        sessions=sessions,
        last_held_at_end=last_held(p.end),
        last_held_at_previous_end=last_held(p.previous_end),
        actions=_read_actions(connection, p),
        courses=[
            (course_id, course_name, applies)
            for course_id, course_name, applies in connection.execute(
                select(TrainingCourse.id, TrainingCourse.name, TrainingCourse.applies_to)
                .where(
                    TrainingCourse.kind == CourseKind.MANDATORY.value,
                    TrainingCourse.retired.is_(False),
                )
                .order_by(TrainingCourse.name_key, TrainingCourse.id)
            )
        ],
        completions=[
            (staff_id, course_id, done, expires)
            for staff_id, course_id, done, expires in connection.execute(
                select(
                    TrainingRecord.staff_id,
                    TrainingRecord.course_id,
                    TrainingRecord.completed_on,
                    TrainingRecord.expires_on,
                )
                .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
                .where(
                    TrainingCourse.kind == CourseKind.MANDATORY.value,
                    TrainingCourse.retired.is_(False),
                    TrainingRecord.status == TrainingStatus.COMPLETED.value,
                    TrainingRecord.completed_on.is_not(None),
                    TrainingRecord.completed_on <= p.end,
                )
            )
            if done is not None  # (the query keeps completions with a date only)
        ],
        policies=[
            (title, next_review)
            for title, next_review in connection.execute(
                select(Policy.title, Policy.next_review).where(
                    Policy.status != PolicyStatus.RETIRED.value
                )
            )
        ],
        checklists=[
            (checklist_id, title, started, archived)
            for checklist_id, title, started, archived in connection.execute(
                select(Checklist.id, Checklist.title, Checklist.started_on, Checklist.archived_on)
                .where(Checklist.started_on <= p.end)
                .order_by(Checklist.title, Checklist.id)
            )
        ],
        items=[
            (item_id, checklist_id, item_status, retired)
            for item_id, checklist_id, item_status, retired in connection.execute(
                select(
                    ChecklistItem.id,
                    ChecklistItem.checklist_id,
                    ChecklistItem.status,
                    ChecklistItem.retired,
                )
            )
        ],
        changes=[
            (item_id, day, old, new)
            for item_id, day, old, new in connection.execute(
                select(
                    ChecklistStatusChange.item_id,
                    ChecklistStatusChange.changed_on,
                    ChecklistStatusChange.old_status,
                    ChecklistStatusChange.new_status,
                ).order_by(
                    ChecklistStatusChange.changed_on,
                    ChecklistStatusChange.changed_at,
                    ChecklistStatusChange.id,
                )
            )
        ],
        relationships=[
            (staff_id, agreed, review, ended)
            for staff_id, agreed, review, ended in connection.execute(
                select(
                    DualRelationship.staff_id,
                    DualRelationship.agreed_on,
                    DualRelationship.review_date,
                    DualRelationship.ended_on,
                ).where(or_(DualRelationship.ended_on.is_(None), DualRelationship.ended_on > p.end))
            )
        ],
        apprenticeships=[
            (outcome,)
            for (outcome,) in connection.execute(
                select(Apprenticeship.outcome).where(
                    or_(
                        and_(
                            Apprenticeship.outcome.is_not(None),
                            Apprenticeship.outcome_on >= p.start,
                            Apprenticeship.outcome_on <= p.end,
                        ),
                        and_(
                            Apprenticeship.outcome.is_(None),
                            Apprenticeship.planned_end_date >= p.start,
                            Apprenticeship.planned_end_date <= p.end,
                        ),
                    )
                )
            )
        ],
        roles=[
            _Role(*row)
            for row in connection.execute(
                select(
                    StaffRole.staff_id,
                    StaffRole.role_category,
                    StaffRole.team_id,
                    StaffRole.hours_per_week,
                    StaffRole.start_date,
                    StaffRole.end_date,
                ).where(
                    StaffRole.start_date <= p.end,
                    or_(StaffRole.end_date.is_(None), StaffRole.end_date >= p.previous_end),
                )
            )
        ],
    )


def _read_actions(connection: Connection, p: _Periods) -> tuple[int, int, int, int, int]:
    """Agreed in the period, closed in it, open at its end, overdue at its end, and overdue
    at the end of the previous period: one query."""
    agreed_on = SupervisionSession.session_date
    action = SupervisionAction

    def open_at(day: dt.date) -> Any:
        return and_(
            agreed_on <= day,
            or_(
                action.status == ActionStatus.OPEN.value,
                and_(action.closed_on.is_not(None), action.closed_on > day),
            ),
        )

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = connection.execute(
        select(
            count(and_(agreed_on >= p.start, agreed_on <= p.end)),
            count(
                and_(
                    action.status != ActionStatus.OPEN.value,
                    action.closed_on >= p.start,
                    action.closed_on <= p.end,
                )
            ),
            count(open_at(p.end)),
            count(and_(open_at(p.end), action.due_date < p.end)),
            count(and_(open_at(p.previous_end), action.due_date < p.previous_end)),
        ).join(SupervisionSession, SupervisionSession.id == action.session_id)
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4])


# -- working the figures out ---------------------------------------------------------------


def _assemble(
    facts: _Facts, p: _Periods, *, prepared_by: str, prepared_on: dt.date
) -> TrusteeReportData:
    threshold = facts.threshold
    workforce, lived, headcounts = _workforce(facts, p)
    unit, buckets = _buckets(p.start, p.end)
    supervision, previous_rate = _supervision(facts, p, unit, buckets)
    check_ins = _check_ins(facts, buckets)
    training, previous_training = _training(facts, p)
    readiness, previous_checklists = _readiness(facts, p)
    dual = _dual_relationships(facts, p)
    agreed, closed, open_at_end, overdue_at_end, overdue_before = facts.actions
    previous_overdue = suppress_one(
        _overdue_people(facts, p.previous_end, facts.last_held_at_previous_end), threshold
    )
    previous_fte = _fte_text(facts.fte_at(p.previous_end), headcounts.previous)
    previous_turnover = _turnover(
        headcounts.previous_leavers, headcounts.before, headcounts.previous
    )
    summary = (
        _count_headline(
            "headcount",
            "Headcount at the end of the period",
            workforce.headcount,
            headcounts.previous,
        ),
        Headline(
            "fte",
            "Full-time equivalent (FTE)",
            workforce.fte,
            previous_fte,
            _number_change(workforce.fte, previous_fte),
        ),
        _count_headline("starters", "Starters", workforce.starters, headcounts.previous_starters),
        _count_headline("leavers", "Leavers", workforce.leavers, headcounts.previous_leavers),
        _rate_headline("turnover", "Turnover", workforce.turnover, previous_turnover, places=1),
        _rate_headline(
            "supervision",
            "Supervision held against expected",
            supervision.overall.rate,
            previous_rate,
        ),
        _count_headline(
            "overdue_people",
            "People overdue for supervision at the end",
            supervision.overdue_people,
            previous_overdue,
        ),
        _count_headline(
            "overdue_actions",
            "Actions overdue at the end",
            Shown.of(overdue_at_end),
            Shown.of(overdue_before),
        ),
        _rate_headline(
            "training",
            "Mandatory training up to date",
            training.overall.rate,
            previous_training,
        ),
        Headline(
            "policies",
            "Policies past their review date",
            f"{len(readiness.policies_past_review):,}",
            "not kept",
            "–",
        ),
        _rate_headline(
            "checklists",
            "Checklist items in place",
            _checklist_rate(readiness.overall),
            previous_checklists,
        ),
    )
    return TrusteeReportData(
        organisation=facts.organisation,
        prepared_by=prepared_by,
        prepared_on=prepared_on,
        start=p.start,
        end=p.end,
        previous_start=p.previous_start,
        previous_end=p.previous_end,
        threshold=threshold,
        summary=summary,
        workforce=workforce,
        lived_experience=lived,
        supervision=supervision,
        actions=Actions(
            agreed=agreed, closed=closed, open_at_end=open_at_end, overdue_at_end=overdue_at_end
        ),
        check_ins=check_ins,
        training=training,
        readiness=readiness,
        dual_relationships=dual,
    )


@dataclass(frozen=True)
class _Headcounts:
    """The previous period's figures the summary compares with (already suppressed)."""

    before: Shown  # at the end of the period before the previous one
    previous: Shown  # at the end of the previous period
    previous_starters: Shown
    previous_leavers: Shown


def _workforce(facts: _Facts, p: _Periods) -> tuple[Workforce, LivedExperienceSection, _Headcounts]:
    """Headcount, FTE, starters, leavers, length of service and lived experience, protected
    together with every link between them."""
    threshold = facts.threshold
    people = facts.people
    at_end = [person for person in people if person.in_post(p.end)]
    roles = [role for role in RoleCategory]
    starters = [person for person in people if p.start <= person.start <= p.end]
    leavers = [
        person for person in people if person.end is not None and p.start <= person.end <= p.end
    ]
    previous_starters = sum(1 for x in people if p.previous_start <= x.start <= p.previous_end)
    previous_leavers = sum(
        1 for x in people if x.end is not None and p.previous_start <= x.end <= p.previous_end
    )
    by_role = Counter(person.role for person in at_end)
    by_team = Counter(person.team_id for person in at_end)
    further = facts.roles_in_post(p.end)  # further roles held at the end
    further_roles = {r.role for r in further}
    several_roles = len({r.staff_id for r in further})
    starters_by_role = Counter(person.role for person in starters)
    leavers_by_role = Counter(person.role for person in leavers)
    bands = Counter(_service_band(person.start, p.end) for person in at_end)
    lived = Counter(
        (person.role, person.lived_experience if person.counted else _NOT_COUNTED)
        for person in at_end
    )
    shown_roles = [
        role.value
        for role in roles
        if by_role[role.value]
        or starters_by_role[role.value]
        or leavers_by_role[role.value]
        or role.value in further_roles
    ]
    team_order = sorted(
        set(by_team) | {r.team_id for r in further},
        key=lambda t: (t is None, facts.teams[t][0] if t is not None else "", t or 0),
    )
    lived_columns = [value for _, value in _LIVED] + [_NOT_COUNTED]

    values: dict[Hashable, int] = {
        "H": len(at_end),
        "Hp": sum(1 for person in people if person.in_post(p.previous_end)),
        "Hpp": sum(1 for person in people if person.in_post(p.before_previous)),
        "starters": len(starters),
        "leavers": len(leavers),
        "starters_p": previous_starters,
        "leavers_p": previous_leavers,
        "several": several_roles,
        "one_role": len(at_end) - several_roles,  # never printed, but follows from H
    }
    equations: list[Equation[Hashable]] = [
        Equation(("Hp", "starters"), ("H", "leavers")),
        Equation.total(("several", "one_role"), "H"),
        Equation(("Hpp", "starters_p"), ("Hp", "leavers_p")),
    ]
    for role in shown_roles:
        values[("role", role)] = by_role[role]
        values[("starters", role)] = starters_by_role[role]
        values[("leavers", role)] = leavers_by_role[role]
    for team in team_order:
        values[("team", team)] = by_team[team]
    for label, _low, _high in _SERVICE_BANDS:
        values[("band", label)] = bands[label]
    for role in shown_roles:
        for column in lived_columns:
            values[("lived", role, column)] = lived[(role, column)]
    for column in lived_columns:
        values[("lived", "", column)] = sum(lived[(role, column)] for role in shown_roles)
    equations += [
        Equation.total([("role", r) for r in shown_roles], "H"),
        Equation.total([("team", t) for t in team_order], "H"),
        Equation.total([("band", label) for label, _, _ in _SERVICE_BANDS], "H"),
        Equation.total([("starters", r) for r in shown_roles], "starters"),
        Equation.total([("leavers", r) for r in shown_roles], "leavers"),
        Equation.total([("lived", "", c) for c in lived_columns], "H"),
    ]
    for role in shown_roles:
        equations.append(
            Equation.total([("lived", role, c) for c in lived_columns], ("role", role))
        )
    for column in lived_columns:
        equations.append(
            Equation.total([("lived", r, column) for r in shown_roles], ("lived", "", column))
        )
    # hide a breakdown before last period's figures, and those before this period's
    keep: dict[Hashable, int] = {"H": 2, "starters": 2, "leavers": 2}
    keep.update({key: 1 for key in ("Hp", "Hpp", "starters_p", "leavers_p")})
    keep.update({("lived", "", column): 1 for column in lived_columns})
    shown = protect(values, equations, threshold, keep=keep, hidden=("one_role",))

    # FTE counts each role's hours under its own category and team; the people behind a
    # row's FTE (main role or further role there) are counted to keep a small group's hidden
    fte_by_role: dict[str, float] = defaultdict(float)
    fte_by_team: dict[int | None, float] = defaultdict(float)
    people_by_role: dict[str, set[int]] = defaultdict(set)
    people_by_team: dict[int | None, set[int]] = defaultdict(set)
    for person in at_end:
        fte_by_role[person.role] += person.fte
        fte_by_team[person.team_id] += person.fte
        people_by_role[person.role].add(person.id)
        people_by_team[person.team_id].add(person.id)
    for extra in further:
        fte_by_role[extra.role] += extra.fte
        fte_by_team[extra.team_id] += extra.fte
        people_by_role[extra.role].add(extra.staff_id)
        people_by_team[extra.team_id].add(extra.staff_id)

    def row_fte(fte: float, headcount: Shown, people: set[int]) -> str:
        if is_small(len(people), threshold) and threshold > 1:
            return NOT_SHOWN
        return _fte_text(fte, headcount)

    headcount = shown["H"]
    previous = shown["Hp"]
    turnover = _turnover(shown["leavers"], previous, headcount)
    average = (
        NOT_SHOWN
        if headcount.value is None or previous.value is None
        else f"{(headcount.value + previous.value) / 2:,.1f}"
    )

    def lived_row(label: str, role: str, total: Shown) -> LivedExperienceRow:
        cells = {c: shown[("lived", role, c)] for c in lived_columns}
        counted = [cells[c] for c in lived_columns[:-1]]
        counted_total = (
            Shown.of(sum(c.value for c in counted if c.value is not None))
            if all(c.value is not None for c in counted)
            else Shown(None, NOT_SHOWN)
        )
        return LivedExperienceRow(
            label=label,
            yes=cells["yes"],
            no=cells["no"],
            prefer_not_to_say=cells["prefer_not_to_say"],
            not_counted=cells[_NOT_COUNTED],
            total=total,
            share_yes=rate(cells["yes"], counted_total),
        )

    workforce = Workforce(
        headcount=headcount,
        fte=_fte_text(facts.fte_at(p.end), headcount),
        by_role=tuple(
            GroupRow(
                RoleCategory(role).label,
                shown[("role", role)],
                row_fte(fte_by_role[role], shown[("role", role)], people_by_role[role]),
            )
            for role in shown_roles
            if by_role[role] or role in further_roles
        ),
        by_team=tuple(
            GroupRow(
                facts.teams[team][1] if team is not None else NO_TEAM,
                shown[("team", team)],
                row_fte(fte_by_team[team], shown[("team", team)], people_by_team[team]),
            )
            for team in team_order
        ),
        starters=shown["starters"],
        leavers=shown["leavers"],
        average_headcount=average,
        turnover=turnover,
        movement_by_role=tuple(
            MovementRow(
                RoleCategory(role).label, shown[("starters", role)], shown[("leavers", role)]
            )
            for role in shown_roles
            if starters_by_role[role] or leavers_by_role[role]
        ),
        length_of_service=tuple(
            CountRow(label, shown[("band", label)]) for label, _, _ in _SERVICE_BANDS
        ),
        apprenticeships_ending=Shown.of(0),
        apprenticeship_outcomes=(),
        several_roles=shown["several"],
    )
    outcomes = Counter(outcome for (outcome,) in facts.apprenticeships)
    outcome_cells, outcome_total = suppress_row(
        {label: outcomes[value] for value, label in _OUTCOMES},
        threshold,
        len(facts.apprenticeships),
    )
    assert outcome_total is not None
    workforce = replace(
        workforce,
        apprenticeships_ending=outcome_total,
        apprenticeship_outcomes=tuple(
            CountRow(label, outcome_cells[label])
            for value, label in _OUTCOMES
            if outcomes[value] or value is not None
        ),
    )
    lived_section = LivedExperienceSection(
        by_role=tuple(
            lived_row(RoleCategory(role).label, role, shown[("role", role)])
            for role in shown_roles
            if by_role[role]
        ),
        everyone=lived_row("Everyone", "", headcount),
    )
    headcounts = _Headcounts(
        before=shown["Hpp"],
        previous=previous,
        previous_starters=shown["starters_p"],
        previous_leavers=shown["leavers_p"],
    )
    return workforce, lived_section, headcounts


def _service_band(start: dt.date, day: dt.date) -> str:
    for label, low, high in _SERVICE_BANDS:
        if add_months(start, 12 * low) <= day and (
            high is None or day < add_months(start, 12 * high)
        ):
            return label
    return _SERVICE_BANDS[0][0]  # (a start after the day cannot happen: people are in post)


def _fte_text(fte: float, headcount: Shown) -> str:
    return NOT_SHOWN if headcount.value is None else f"{fte:,.1f}"


def _turnover(leavers: Shown, headcount_before: Shown, headcount_after: Shown) -> Rate:
    """Leavers as a percentage of the average of the headcounts at the start and the end
    (no leavers is 0% whatever the headcounts, unless there was nobody at all)."""
    nobody = headcount_before.value == 0 and headcount_after.value == 0
    if leavers.value == 0 and not nobody:
        return Rate(0.0, percent_text(0.0, 1))
    if leavers.value is None or headcount_before.value is None or headcount_after.value is None:
        return Rate(None, NOT_SHOWN)
    average = (headcount_before.value + headcount_after.value) / 2
    if average == 0:
        return Rate(None, NOTHING_TO_MEASURE)
    value = 100 * leavers.value / average
    return Rate(value, percent_text(value, 1))


# -- supervision ---------------------------------------------------------------------------


def _held_dates(
    facts: _Facts,
) -> tuple[dict[int, list[dt.date]], list[tuple[dt.date, str, int | None]]]:
    held: dict[int, set[dt.date]] = defaultdict(set)
    rows: list[tuple[dt.date, str, int | None]] = []
    for staff_id, day, outcome, score in facts.sessions:
        if outcome == _HELD:
            held[staff_id].add(day)
        rows.append((day, outcome, score))
    return {staff_id: sorted(days) for staff_id, days in held.items()}, rows


def _supervision(
    facts: _Facts, p: _Periods, unit: str, buckets: Sequence[_Bucket]
) -> tuple[Supervision, Rate]:
    threshold = facts.threshold
    standard = facts.standard
    held, sessions = _held_dates(facts)
    team_people: Counter[int | None] = Counter()
    team_expected: Counter[int | None] = Counter()
    team_counted: Counter[int | None] = Counter()
    bucket_people = [0] * len(buckets)
    bucket_expected = [0] * len(buckets)
    bucket_counted = [0] * len(buckets)
    previous_people = previous_expected = previous_counted = 0
    for person in facts.people:
        dates = held.get(person.id, [])
        absences = facts.absences.get(person.id, ())
        role = RoleCategory(person.role)
        if person.employed_during(p.previous_start, p.previous_end):
            result = compliance(
                PersonSchedule(person.start, role, person.end, absences, dates),
                standard,
                p.previous_start,
                p.previous_end,
            )
            previous_people += 1
            previous_expected += result.expected
            previous_counted += result.counted
        if not person.employed_during(p.start, p.end):
            continue
        schedule = PersonSchedule(person.start, role, person.end, absences, dates)
        result = compliance(schedule, standard, p.start, p.end)
        team_people[person.team_id] += 1
        team_expected[person.team_id] += result.expected
        team_counted[person.team_id] += result.counted
        interval = standard.interval_for(role)
        for i, bucket in enumerate(buckets):
            if absences:
                part = compliance(schedule, standard, bucket.first, bucket.last)
                expected, counted = part.expected, part.counted
            else:  # the same rule, quickly: one stretch at work, whole intervals only
                first = max(bucket.first, person.start)
                last = bucket.last if person.end is None else min(bucket.last, person.end)
                if last < first:
                    continue
                expected = ((last - first).days + 1) // interval
                if not expected:
                    continue
                held_in = bisect.bisect_right(dates, last) - bisect.bisect_left(dates, first)
                counted = min(held_in, expected)
            if expected:
                bucket_people[i] += 1
                bucket_expected[i] += expected
                bucket_counted[i] += counted

    team_order = sorted(
        team_people,
        key=lambda t: (t is None, facts.teams[t][0] if t is not None else "", t or 0),
    )
    total_people = sum(team_people.values())
    people_cells, people_total = suppress_row(
        {str(team): team_people[team] for team in team_order}, threshold, total_people
    )
    assert people_total is not None

    def row(label: str, people: Shown, expected: int, counted: int) -> ComplianceRow:
        if people.value is None:
            hidden = Shown(None, NOT_SHOWN)
            return ComplianceRow(label, people, hidden, hidden, Rate(None, NOT_SHOWN))
        return ComplianceRow(
            label, people, Shown.of(expected), Shown.of(counted), rate(counted, expected)
        )

    by_team = tuple(
        row(
            facts.teams[team][1] if team is not None else NO_TEAM,
            people_cells[str(team)],
            team_expected[team],
            team_counted[team],
        )
        for team in team_order
    )
    overall = row(
        "Everyone",
        people_total,
        sum(team_expected.values()),
        sum(team_counted.values()),
    )
    by_time = tuple(
        row(
            bucket.label,
            suppress_one(bucket_people[i], threshold),
            bucket_expected[i],
            bucket_counted[i],
        )
        for i, bucket in enumerate(buckets)
    )
    previous_rate = row(
        "",
        suppress_one(previous_people, threshold),
        previous_expected,
        previous_counted,
    ).rate
    not_held = Counter(
        outcome for day, outcome, _score in sessions if p.start <= day <= p.end and outcome != _HELD
    )
    cells, total = suppress_row(
        {label: not_held[outcome.value] for outcome, label in _NOT_HELD},
        threshold,
        sum(not_held.values()),
    )
    assert total is not None
    supervision = Supervision(
        overall=overall,
        by_team=by_team,
        by_time=by_time,
        time_unit=unit,
        overdue_people=suppress_one(
            _overdue_people(facts, p.end, facts.last_held_at_end), threshold
        ),
        not_held=tuple(CountRow(label, cells[label]) for _outcome, label in _NOT_HELD),
        not_held_total=total,
    )
    return supervision, previous_rate


def _overdue_people(facts: _Facts, day: dt.date, last_held: Mapping[int, dt.date]) -> int:
    """People in post at the close of ``day`` whose supervision was overdue then;
    ``last_held`` is everyone's last held session up to that day."""
    overdue = 0
    for person in facts.people:
        if not person.in_post(day):
            continue
        last = last_held.get(person.id)
        schedule = PersonSchedule(
            person.start,
            RoleCategory(person.role),
            person.end,
            facts.absences.get(person.id, ()),
            (last,) if last is not None else (),
        )
        if status(schedule, facts.standard, day).status is SupervisionStatus.OVERDUE:
            overdue += 1
    return overdue


def _check_ins(facts: _Facts, buckets: Sequence[_Bucket]) -> tuple[CheckInPoint, ...]:
    scores: list[list[int]] = [[] for _ in buckets]
    firsts = [bucket.first for bucket in buckets]
    for _staff_id, day, outcome, score in facts.sessions:
        if outcome != _HELD or score is None or day < firsts[0] or day > buckets[-1].last:
            continue
        scores[bisect.bisect_right(firsts, day) - 1].append(score)
    points: list[CheckInPoint] = []
    for bucket, values in zip(buckets, scores, strict=True):
        count = suppress_one(len(values), facts.threshold)
        if count.value is None or not values:
            average = Rate(None, NOT_SHOWN if values else NOTHING_TO_MEASURE)
        else:
            mean = sum(values) / len(values)
            average = Rate(mean, f"{mean:.1f}")
        points.append(CheckInPoint(bucket.label, count, average))
    return tuple(points)


# -- training ------------------------------------------------------------------------------


def _training(facts: _Facts, p: _Periods) -> tuple[Training, Rate]:
    """Mandatory courses: who can show a valid completion at the end of the period (and of
    the previous one), and how many of those expire within EXPIRING_DAYS after it."""
    threshold = facts.threshold
    best_end: dict[tuple[int, int], dt.date] = {}
    best_previous: dict[tuple[int, int], dt.date] = {}
    for staff_id, course_id, done, expires in facts.completions:
        key = (staff_id, course_id)
        until = expires or dt.date.max
        if until > best_end.get(key, dt.date.min):
            best_end[key] = until
        if done <= p.previous_end and until > best_previous.get(key, dt.date.min):
            best_previous[key] = until
    soon = p.end + dt.timedelta(days=EXPIRING_DAYS)

    def tally(
        day: dt.date, best: Mapping[tuple[int, int], dt.date]
    ) -> tuple[list[int], list[int], int]:
        in_post = [person for person in facts.people if person.in_post(day)]
        required = [0] * len(facts.courses)
        compliant = [0] * len(facts.courses)
        expiring = 0
        for i, (course_id, _name, applies_to) in enumerate(facts.courses):
            roles = {role.value for role in decode_roles(applies_to)}
            for person in in_post:
                if roles and person.role not in roles:
                    continue
                required[i] += 1
                until = best.get((person.id, course_id))
                if until is not None and until >= day:
                    compliant[i] += 1
                    if until <= soon:
                        expiring += 1
        return required, compliant, expiring

    required, compliant, expiring = tally(p.end, best_end)
    values: dict[Hashable, int] = {}
    hidden: list[Hashable] = []
    equations: list[Equation[Hashable]] = []
    for i in range(len(facts.courses)):
        values[("compliant", i)] = compliant[i]
        values[("required", i)] = required[i]
        values[("missing", i)] = required[i] - compliant[i]
        hidden.append(("missing", i))
        equations.append(Equation((("compliant", i), ("missing", i)), (("required", i),)))
    values["compliant"] = sum(compliant)
    values["required"] = sum(required)
    values["missing"] = sum(required) - sum(compliant)
    hidden.append("missing")
    equations += [
        Equation(("compliant", "missing"), ("required",)),
        Equation.total([("compliant", i) for i in range(len(facts.courses))], "compliant"),
        Equation.total([("required", i) for i in range(len(facts.courses))], "required"),
        Equation.total([("missing", i) for i in range(len(facts.courses))], "missing"),
    ]
    shown = protect(values, equations, threshold, hidden=hidden)

    def course_row(name: str, done: Shown, needed: Shown) -> CourseRow:
        return CourseRow(name, done, needed, rate(done, needed))

    courses = tuple(
        course_row(name, shown[("compliant", i)], shown[("required", i)])
        for i, (_id, name, _applies) in enumerate(facts.courses)
    )
    overall = course_row("All mandatory courses", shown["compliant"], shown["required"])
    before_required, before_compliant, _ = tally(p.previous_end, best_previous)
    before = protect(
        {
            "compliant": sum(before_compliant),
            "required": sum(before_required),
            "missing": sum(before_required) - sum(before_compliant),
        },
        [Equation(("compliant", "missing"), ("required",))],
        threshold,
        hidden=["missing"],
    )
    return (
        Training(
            courses=courses,
            overall=overall,
            expiring_soon=suppress_one(expiring, threshold),
        ),
        rate(before["compliant"], before["required"]),
    )


# -- policies, checklists and dual relationships -------------------------------------------


def _readiness(facts: _Facts, p: _Periods) -> tuple[Readiness, Rate]:
    overdue = sorted(
        (
            (next_review, title)
            for title, next_review in facts.policies
            if next_review is not None and next_review < p.end
        ),
        key=lambda pair: (pair[0], pair[1].casefold()),
    )
    in_use = len(facts.policies)
    items_by_checklist: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    for item_id, checklist_id, item_status, retired in facts.items:
        items_by_checklist[checklist_id].append((item_id, item_status, retired))
    changes: dict[int, list[tuple[dt.date, str | None, str]]] = defaultdict(list)
    for item_id, day, old, new in facts.changes:
        changes[item_id].append((day, old, new))

    def progress_at(checklist_id: int, day: dt.date) -> ChecklistProgress:
        return progress_of(
            (_status_at(item_status, changes.get(item_id, ()), day), retired)
            for item_id, item_status, retired in items_by_checklist.get(checklist_id, ())
        )

    def active(started: dt.date, archived: dt.date | None, day: dt.date) -> bool:
        return started <= day and (archived is None or archived > day)

    rows: list[ChecklistRow] = []
    total = ChecklistProgress()
    previous = ChecklistProgress()
    for checklist_id, title, started, archived in facts.checklists:
        if active(started, archived, p.previous_end):
            previous += progress_at(checklist_id, p.previous_end)
        if not active(started, archived, p.end):
            continue
        progress = progress_at(checklist_id, p.end)
        total += progress
        rows.append(ChecklistRow(title, progress.in_place, progress.applicable, progress.percent))
    readiness = Readiness(
        checklists=tuple(rows),
        overall=ChecklistRow("All checklists", total.in_place, total.applicable, total.percent),
        policies_in_use=in_use,
        policies_past_review=tuple(title for _day, title in overdue),
    )
    previous_rate = (
        Rate(previous.percent, f"{previous.percent}%")
        if previous.applicable
        else Rate(None, NOTHING_TO_MEASURE)
    )
    return readiness, previous_rate


def _checklist_rate(row: ChecklistRow) -> Rate:
    if not row.applicable:
        return Rate(None, NOTHING_TO_MEASURE)
    return Rate(row.percent, f"{row.percent}%")


def _status_at(
    current: str, history: Sequence[tuple[dt.date, str | None, str]], day: dt.date
) -> str:
    """An item's status at the close of ``day``: its last change by then; before its first
    change, what that change replaced; with no history at all, its status now."""
    if not history:
        return current
    known = history[0][1] or ChecklistItemStatus.NOT_STARTED.value
    for changed_on, _old, new in history:
        if changed_on > day:
            break
        known = new
    return known


def _dual_relationships(facts: _Facts, p: _Periods) -> DualRelationships:
    in_post = {person.id for person in facts.people if person.in_post(p.end)}
    relationships = 0
    people: set[int] = set()
    overdue = 0
    for staff_id, agreed, review, _ended in facts.relationships:
        if staff_id not in in_post or (agreed is not None and agreed > p.end):
            continue  # (ended ones were left out by the query)
        relationships += 1
        people.add(staff_id)
        if review is not None and review < p.end:
            overdue += 1
    threshold = facts.threshold
    return DualRelationships(
        under_management=suppress_one(relationships, threshold),
        people=suppress_one(len(people), threshold),
        reviews_overdue=suppress_one(overdue, threshold),
    )


# -- the summary's wording -------------------------------------------------------------------


def _signed(difference: float, places: int = 0, unit: str = "") -> str:
    if round(difference, places) == 0:
        return "no change"
    sign = "+" if difference > 0 else "−"
    return f"{sign}{abs(difference):,.{places}f}{unit}"


def _count_headline(key: str, label: str, current: Shown, previous: Shown) -> Headline:
    if current.value is None or previous.value is None:
        change = NOT_SHOWN
    else:
        change = _signed(current.value - previous.value)
    return Headline(key, label, current.text, previous.text, change)


def _number_change(current: str, previous: str) -> str:
    try:
        now, before = float(current.replace(",", "")), float(previous.replace(",", ""))
    except ValueError:
        return NOT_SHOWN
    return _signed(now - before, 1)


def _rate_headline(
    key: str, label: str, current: Rate, previous: Rate, *, places: int = 0
) -> Headline:
    if current.value is None or previous.value is None:
        hidden = NOT_SHOWN in (current.text, previous.text)
        change = NOT_SHOWN if hidden else NOTHING_TO_MEASURE
    else:
        difference = round(current.value, places) - round(previous.value, places)
        points = " point" if abs(difference) == 1 else " points"
        change = _signed(difference, places, points)
    return Headline(key, label, current.text, previous.text, change)
