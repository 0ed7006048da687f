"""Further roles a person holds beside their main one.

The main role stays on the person's own record (``StaffService``); this service keeps the
others (table ``staff_role``). Access follows the staff register: every role reads it,
administrators and managers change it (``access_rules.require_register_writer``). Changes
are written to the audit trail by ``change_audit`` like every other change to the data.

When a person leaves, their further roles still open end on their last day
(``end_open_roles``, called by ``StaffService.mark_leaver`` in the same unit of work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import RoleDetails, role_current_on, validate_role
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_role_views import PersonRoles, RoleRow
from peerdesk.store.models import StaffMember, StaffRole, Team
from peerdesk.store.types import utc_now

__all__ = [
    "PersonRoles",
    "RoleDetails",
    "RoleRow",
    "StaffRoleService",
    "end_open_roles",
]

ROLE_GONE = "That role is no longer in the register."
SUPERVISOR_GONE = "The chosen supervisor is no longer in the register."


class StaffRoleService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        *,
        today: Callable[[], dt.date] = local_today,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def roles_of(self, actor: Actor, staff_id: int) -> PersonRoles:
        """The person's main role and further roles: current ones first (by start date),
        then ended ones (latest first). Every role reads the register."""
        del actor  # the register is read by every role
        with self._sessions() as session:
            return _person_roles(session, staff_id, self._today())

    # -- changing ------------------------------------------------------------------------

    def add(self, actor: Actor, staff_id: int, details: RoleDetails) -> RoleRow:
        access_rules.require_register_writer(actor)
        with self._sessions.begin() as session:
            person = _person(session, staff_id)
            cleaned = self._checked(session, person, details)
            row = StaffRole(staff_id=staff_id)
            _apply(row, cleaned)
            session.add(row)
            session.flush()
            return _row(session, row, self._today())

    def update(self, actor: Actor, role_id: int, details: RoleDetails) -> RoleRow:
        access_rules.require_register_writer(actor)
        with self._sessions.begin() as session:
            row = _role(session, role_id)
            cleaned = self._checked(session, _person(session, row.staff_id), details)
            _apply(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            return _row(session, row, self._today())

    def end(self, actor: Actor, role_id: int, last_day: dt.date | None) -> RoleRow:
        """The role ends after ``last_day`` (the person keeps their other roles)."""
        access_rules.require_register_writer(actor)
        with self._sessions.begin() as session:
            row = _role(session, role_id)
            person = _person(session, row.staff_id)
            errors: list[FieldError] = []
            if last_day is None:
                errors.append(FieldError("end_date", "Enter the role's last day."))
            elif last_day < row.start_date:
                errors.append(FieldError("end_date", "The role cannot end before it starts."))
            elif person.end_date is not None and last_day > person.end_date:
                errors.append(
                    FieldError("end_date", "The role cannot end after the person's last day.")
                )
            if errors or last_day is None:
                raise ValidationError(errors)
            row.end_date = last_day
            row.updated_at = utc_now()
            session.flush()
            return _row(session, row, self._today())

    def remove(self, actor: Actor, role_id: int) -> None:
        """Delete a role recorded in error (a role that really ended is ended instead)."""
        access_rules.require_register_writer(actor)
        with self._sessions.begin() as session:
            session.delete(_role(session, role_id))

    def _checked(self, session: Session, person: StaffMember, details: RoleDetails) -> RoleDetails:
        cleaned = validate_role(
            details, person.start_date, person.end_date, self._today(), person_id=person.id
        )
        errors: list[FieldError] = []
        if cleaned.team_id is not None and session.get(Team, cleaned.team_id) is None:
            errors.append(FieldError("team_id", "That team no longer exists; choose another."))
        if cleaned.supervisor_id is not None:
            supervisor = session.get(StaffMember, cleaned.supervisor_id)
            if supervisor is None:
                errors.append(
                    FieldError(
                        "supervisor_id", "The chosen supervisor is no longer in the register."
                    )
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


def end_open_roles(session: Session, staff_id: int, last_day: dt.date) -> int:
    """End the person's further roles still open after ``last_day`` on that day (they are
    leaving); returns how many were ended. A role starting after their last day cannot be
    ended then: ValidationError asks for it to be changed or removed first."""
    rows = session.scalars(
        select(StaffRole).where(
            StaffRole.staff_id == staff_id,
            or_(StaffRole.end_date.is_(None), StaffRole.end_date > last_day),
        )
    ).all()
    if any(row.start_date > last_day for row in rows):
        raise ValidationError(
            [
                FieldError(
                    "end_date",
                    "They have a further role that starts after that day: change or remove "
                    "it first.",
                )
            ]
        )
    for row in rows:
        row.end_date = last_day
        row.updated_at = utc_now()
    return len(rows)


# -- helpers -------------------------------------------------------------------------------


def _person(session: Session, staff_id: int) -> StaffMember:
    person = session.get(StaffMember, staff_id)
    if person is None:
        raise NotFound(access_rules.PERSON_GONE)
    return person


def _role(session: Session, role_id: int) -> StaffRole:
    row = session.get(StaffRole, role_id)
    if row is None:
        raise NotFound(ROLE_GONE)
    return row


def _apply(row: StaffRole, d: RoleDetails) -> None:
    assert d.start_date is not None  # validate_role guarantees it
    row.job_title = d.job_title
    row.role_category = d.role_category.value
    row.employment_type = d.employment_type.value
    row.team_id = d.team_id
    row.hours_per_week = d.hours_per_week
    row.supervisor_id = d.supervisor_id
    row.start_date = d.start_date
    row.end_date = d.end_date


def _names(session: Session, team_id: int | None, supervisor_id: int | None) -> tuple[str, str]:
    team = session.get(Team, team_id) if team_id is not None else None
    supervisor = session.get(StaffMember, supervisor_id) if supervisor_id is not None else None
    return (team.name if team else ""), (supervisor.full_name if supervisor else "")


def _row(session: Session, row: StaffRole, today: dt.date) -> RoleRow:
    team, supervisor = _names(session, row.team_id, row.supervisor_id)
    return RoleRow(
        id=row.id,
        staff_id=row.staff_id,
        is_main=False,
        details=RoleDetails(
            job_title=row.job_title,
            role_category=RoleCategory(row.role_category),
            employment_type=EmploymentType(row.employment_type),
            start_date=row.start_date,
            team_id=row.team_id,
            hours_per_week=row.hours_per_week,
            supervisor_id=row.supervisor_id,
            end_date=row.end_date,
        ),
        team_name=team,
        supervisor_name=supervisor,
        is_current=role_current_on(row.start_date, row.end_date, today) or row.start_date > today,
    )


def _person_roles(session: Session, staff_id: int, today: dt.date) -> PersonRoles:
    person = _person(session, staff_id)
    team, supervisor = _names(session, person.team_id, person.supervisor_id)
    main = RoleRow(
        id=None,
        staff_id=person.id,
        is_main=True,
        details=RoleDetails(
            job_title=person.job_title,
            role_category=RoleCategory(person.role_category),
            employment_type=EmploymentType(person.employment_type),
            start_date=person.start_date,
            team_id=person.team_id,
            hours_per_week=person.hours_per_week,
            supervisor_id=person.supervisor_id,
            end_date=person.end_date,
        ),
        team_name=team,
        supervisor_name=supervisor,
        is_current=person.end_date is None or person.end_date >= today,
    )
    rows = [
        _row(session, row, today)
        for row in session.scalars(
            select(StaffRole).where(StaffRole.staff_id == staff_id).order_by(StaffRole.id)
        )
    ]
    current = sorted(
        (r for r in rows if r.is_current),
        key=lambda r: (r.details.start_date or dt.date.min, r.id or 0),
    )
    ended = sorted(
        (r for r in rows if not r.is_current),
        key=lambda r: (r.details.end_date or dt.date.max, r.id or 0),
        reverse=True,
    )
    return PersonRoles(
        staff_id=person.id,
        full_name=person.full_name,
        person_start=person.start_date,
        person_end=person.end_date,
        main=main,
        further=(*current, *ended),
    )
