"""Who is due for supervision: the organisation's standard and everyone's status today.

The rules live in ``domain.supervision_schedule``; this service only feeds them. Reading
the whole organisation takes four small queries whatever its size: the people (each with
their last held session, found by a correlated subquery that walks the
(supervisee, date) index backwards and stops at the first held session), their long
absences, and the standard (two). The rules then run once per person in Python.

Only the last held session is needed, not the whole history: in the rules' walk through a
person's history every held session resets the due date to ``session + interval`` whatever
came before, so only the last one up to today and the absences after it can change the
answer (``tests/services/test_schedule_service.py`` checks this against the full history
for a random population).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.supervision_schedule import (
    Absence,
    Compliance,
    PersonSchedule,
    SessionOutcome,
    SupervisionStandard,
    SupervisionStatus,
    combined_compliance,
    compliance,
    status,
    validate_standard,
)
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_views import (
    ComplianceReport,
    ScheduleCounts,
    ScheduleRow,
    TeamCompliance,
    count_statuses,
)
from peerdesk.store.models import (
    Organisation,
    StaffAbsence,
    StaffMember,
    SupervisionInterval,
    SupervisionSession,
    Team,
    employed_on,
)
from peerdesk.store.types import utc_now

__all__ = [
    "ComplianceReport",
    "ScheduleCounts",
    "ScheduleRow",
    "ScheduleService",
    "TeamCompliance",
    "count_statuses",
    "overview_order",
]

Today = Callable[[], dt.date]

NO_TEAM = "No team"
_HELD = SessionOutcome.HELD.value
_RANK = {
    SupervisionStatus.OVERDUE: 0,
    SupervisionStatus.DUE_SOON: 1,
    SupervisionStatus.UP_TO_DATE: 2,
    SupervisionStatus.ABSENT: 3,
    SupervisionStatus.NOT_STARTED: 4,
    SupervisionStatus.LEFT: 5,
}


def overview_order(row: ScheduleRow) -> tuple[int, int]:
    """Sort key for the supervision page, before the name.

    Overdue first (most overdue first), then due soon (soonest first), then up to date
    (soonest first), then people away, then people who have not started (soonest first).
    """
    if row.status is SupervisionStatus.OVERDUE:
        return _RANK[row.status], -row.days_overdue
    due = row.due_date.toordinal() if row.due_date is not None else 0
    return _RANK[row.status], due


class ScheduleService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- the standard --------------------------------------------------------------------

    def standard(self, actor: Actor) -> SupervisionStandard:
        """The organisation's standard; the domain defaults until it has been set up."""
        with self._sessions() as session:
            return _standard(session)

    def set_standard(self, actor: Actor, standard: SupervisionStandard) -> SupervisionStandard:
        """Replace the whole standard (per-role intervals included) in one transaction."""
        access_rules.require_manager(actor, "change the supervision standard")
        validate_standard(standard)
        with self._sessions.begin() as session:
            row = _organisation(session)
            if row is None:
                raise Conflict("Set the organisation up first.")
            row.supervision_interval_days = standard.default_interval_days
            row.new_starter_days = standard.new_starter_days
            row.due_soon_days = standard.due_soon_days
            row.updated_at = utc_now()
            session.execute(delete(SupervisionInterval))
            overrides = [
                {"role_category": role.value, "interval_days": days}
                for role, days in standard.interval_by_role.items()
            ]
            if overrides:
                session.execute(insert(SupervisionInterval), overrides)
            session.flush()
            return _standard(session)

    # -- who is due ----------------------------------------------------------------------

    def overview(
        self,
        actor: Actor,
        *,
        team_id: int | None = None,
        supervisor_id: int | None = None,
    ) -> list[ScheduleRow]:
        """Everyone current (and not started yet) with their status, in page order.

        See ``overview_order``; ties go by name. ``team_id`` and ``supervisor_id`` narrow
        the list to one team or one supervisor's supervisees. A supervisor's list holds
        only their own supervisees; administrators and managers see everyone.
        """
        today = self._today()
        conditions: list[ColumnElement[bool]] = [employed_on(today)]
        visible = access_rules.supervisee_filter(actor, StaffMember.supervisor_id)
        if visible is not None:
            conditions.append(visible)
        if team_id is not None:
            conditions.append(StaffMember.team_id == team_id)
        if supervisor_id is not None:
            conditions.append(StaffMember.supervisor_id == supervisor_id)
        with self._sessions() as session:
            rows = _schedule_rows(session, today, conditions)
        rows.sort(key=lambda pair: (overview_order(pair[1]), pair[0], pair[1].staff_id))
        return [row for _, row in rows]

    def person(self, actor: Actor, staff_id: int) -> ScheduleRow:
        """One person's status today (a leaver's is ``LEFT``); for whoever may read the
        person's supervision records."""
        today = self._today()
        with self._sessions() as session:
            access_rules.require_can_read_records(session, actor, staff_id)
            rows = _schedule_rows(session, today, [StaffMember.id == staff_id])
        if not rows:
            raise NotFound("That person is no longer in the register.")
        return rows[0][1]

    def counts(self, actor: Actor) -> ScheduleCounts:
        """How many current people are overdue, due soon, up to date, away, not started
        (organisation-wide figures, whoever asks)."""
        today = self._today()
        with self._sessions() as session:
            rows = _schedule_rows(session, today, [employed_on(today)])
        return count_statuses(row for _, row in rows)

    # -- compliance ----------------------------------------------------------------------

    def compliance(
        self, actor: Actor, period_start: dt.date, period_end: dt.date
    ) -> ComplianceReport:
        """Held sessions against expected ones in a period (both ends included).

        Everyone employed at some time in the period counts, for the days they were
        employed and not away; only held sessions count. People count in the team they
        are in now. Each person's figure is capped at what they were expected to have
        (see ``domain.supervision_schedule.combined_compliance``).
        """
        if period_end < period_start:
            raise ValueError("The period ends before it starts.")
        employed = and_(
            StaffMember.start_date <= period_end,
            employed_on(period_start),
        )
        people_query = (
            select(
                StaffMember.id,
                StaffMember.role_category,
                StaffMember.start_date,
                StaffMember.end_date,
                StaffMember.team_id,
                Team.name,
                Team.name_key,
            )
            .outerjoin(Team, Team.id == StaffMember.team_id)
            .where(employed)
        )
        held_query = (
            select(SupervisionSession.supervisee_id, SupervisionSession.session_date)
            .join(StaffMember, StaffMember.id == SupervisionSession.supervisee_id)
            .where(
                employed,
                SupervisionSession.outcome == _HELD,
                SupervisionSession.session_date >= period_start,
                SupervisionSession.session_date <= period_end,
            )
        )
        with self._sessions() as session:
            standard = _standard(session)
            people = session.execute(people_query).all()
            held: dict[int, list[dt.date]] = defaultdict(list)
            for staff_id, day in session.execute(held_query):
                held[staff_id].append(day)
            absences = _absences(session)

        by_team: dict[int | None, list[Compliance]] = defaultdict(list)
        team_names: dict[int | None, tuple[str, str]] = {None: ("\uffff", NO_TEAM)}
        for staff_id, role, start, end, team, team_name, team_key in people:
            schedule = PersonSchedule(
                start_date=start,
                role_category=RoleCategory(role),
                end_date=end,
                absences=absences.get(staff_id, ()),
                held_dates=held.get(staff_id, ()),
            )
            by_team[team].append(compliance(schedule, standard, period_start, period_end))
            if team is not None:
                team_names[team] = (team_key, team_name)
        teams = [
            TeamCompliance(
                team_id=team,
                team_name=team_names[team][1],
                people=len(results),
                compliance=combined_compliance(results),
            )
            for team, results in by_team.items()
        ]
        teams.sort(key=lambda t: (team_names[t.team_id][0], t.team_id or 0))
        return ComplianceReport(
            period_start=period_start,
            period_end=period_end,
            teams=tuple(teams),
            overall=combined_compliance(t.compliance for t in teams),
            people=len(people),
        )


# -- helpers ------------------------------------------------------------------------------


def _organisation(session: Session) -> Organisation | None:
    return session.scalars(select(Organisation).order_by(Organisation.id).limit(1)).first()


def _standard(session: Session) -> SupervisionStandard:
    overrides = {
        RoleCategory(role): days
        for role, days in session.execute(
            select(SupervisionInterval.role_category, SupervisionInterval.interval_days)
        )
    }
    row = session.execute(
        select(
            Organisation.supervision_interval_days,
            Organisation.new_starter_days,
            Organisation.due_soon_days,
        )
        .order_by(Organisation.id)
        .limit(1)
    ).first()
    if row is None:
        return SupervisionStandard(interval_by_role=overrides)
    return SupervisionStandard(
        default_interval_days=row[0],
        interval_by_role=overrides,
        new_starter_days=row[1],
        due_soon_days=row[2],
    )


def _absences(session: Session, staff_ids: Iterable[int] | None = None) -> dict[int, list[Absence]]:
    query = select(StaffAbsence.staff_id, StaffAbsence.first_day, StaffAbsence.last_day)
    if staff_ids is not None:
        query = query.where(StaffAbsence.staff_id.in_(list(staff_ids)))
    absences: dict[int, list[Absence]] = defaultdict(list)
    for staff_id, first, last in session.execute(query):
        absences[staff_id].append((first, last))
    return absences


def _schedule_rows(
    session: Session, today: dt.date, conditions: list[ColumnElement[bool]]
) -> list[tuple[str, ScheduleRow]]:
    """(sort name, row) for the people matching the conditions."""
    supervisor = aliased(StaffMember)
    held = aliased(SupervisionSession)
    last_held = (
        select(held.session_date)
        .where(
            held.supervisee_id == StaffMember.id,
            held.outcome == _HELD,
            held.session_date <= today,
            or_(StaffMember.end_date.is_(None), held.session_date <= StaffMember.end_date),
        )
        .order_by(held.session_date.desc())
        .limit(1)
        .correlate(StaffMember)
        .scalar_subquery()
    )
    query = (
        select(
            StaffMember.id,
            StaffMember.full_name,
            StaffMember.preferred_name,
            StaffMember.role_category,
            StaffMember.team_id,
            Team.name,
            StaffMember.supervisor_id,
            supervisor.full_name,
            StaffMember.start_date,
            StaffMember.end_date,
            StaffMember.sort_name,
            last_held,
        )
        .outerjoin(Team, Team.id == StaffMember.team_id)
        .outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
        .where(*conditions)
    )
    standard = _standard(session)
    people = session.execute(query).all()
    only = [people[0][0]] if len(people) == 1 else None
    absences = _absences(session, only)
    return [_row(person, absences.get(person[0], ()), standard, today) for person in people]


def _row(
    person: Any, absences: Iterable[Absence], standard: SupervisionStandard, today: dt.date
) -> tuple[str, ScheduleRow]:
    (
        staff_id,
        full_name,
        preferred_name,
        role,
        team_id,
        team_name,
        supervisor_id,
        supervisor_name,
        start,
        end,
        sort_name,
        last_held,
    ) = person
    role_category = RoleCategory(role)
    # last_held comes back as a date: the subquery selects a Date column.
    schedule = PersonSchedule(
        start_date=start,
        role_category=role_category,
        end_date=end,
        absences=tuple(absences),
        held_dates=(last_held,) if last_held is not None else (),
    )
    result = status(schedule, standard, today)
    return sort_name, ScheduleRow(
        staff_id=staff_id,
        full_name=full_name,
        preferred_name=preferred_name,
        role_category=role_category,
        team_id=team_id,
        team_name=team_name or "",
        supervisor_id=supervisor_id,
        supervisor_name=supervisor_name or "",
        start_date=start,
        status=result.status,
        due_date=result.due_date,
        days_overdue=result.days_overdue,
        last_held=result.last_held,
    )
