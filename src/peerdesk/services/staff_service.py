"""The staff register: searching, filtering and sorting in SQL, adding, editing, leavers.

Every role reads the register; administrators and managers change it. A record's
reasonable adjustments and wellbeing notes are sensitive: they are given only to
administrators, managers and the person's own supervisor, and read as "" by anyone else
(``access_rules.may_read_sensitive_fields``), so the rest of the record can still be shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory, StaffStatus
from peerdesk.domain.staff import StaffDetails, check_leaving, is_current, normalise_staff
from peerdesk.domain.text import fold
from peerdesk.domain.validation import FieldError, ValidationError, clean_line
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_role_service import end_open_roles
from peerdesk.services.views import (
    PersonChoice,
    StaffPage,
    StaffQuery,
    StaffRecord,
    StaffRow,
    StaffSort,
)
from peerdesk.store.models import StaffMember, StaffRole, Team, employed_on, role_held_on
from peerdesk.store.types import utc_now

__all__ = [
    "PersonChoice",
    "StaffPage",
    "StaffQuery",
    "StaffRecord",
    "StaffRow",
    "StaffService",
    "StaffSort",
    "search_text_for",
]

Today = Callable[[], dt.date]
_S = TypeVar("_S", bound="Select[*tuple[Any, ...]]")


def _further_roles_held(today: dt.date) -> ScalarSelect[int]:
    """How many further roles the row's person holds on ``today`` (a correlated count)."""
    return (
        select(func.count(StaffRole.id))
        .where(StaffRole.staff_id == StaffMember.id, role_held_on(today))
        .correlate(StaffMember)
        .scalar_subquery()
    )


def search_text_for(details: StaffDetails) -> str:
    parts = (details.full_name, details.preferred_name, details.job_title)
    return " ".join(fold(p) for p in parts if p)


class StaffService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- reading -------------------------------------------------------------------------

    def count(self, actor: Actor, query: StaffQuery) -> int:
        statement = self._filtered(select(func.count(StaffMember.id)), query)
        with self._sessions() as session:
            return session.scalar(statement) or 0

    def page(self, actor: Actor, query: StaffQuery, offset: int, limit: int) -> StaffPage:
        supervisor = aliased(StaffMember)
        today = self._today()
        current = employed_on(today)
        statement = select(
            StaffMember.id,
            StaffMember.full_name,
            StaffMember.preferred_name,
            StaffMember.job_title,
            StaffMember.role_category,
            Team.name,
            supervisor.full_name,
            StaffMember.start_date,
            StaffMember.end_date,
            _further_roles_held(today),
            StaffMember.erased_on,
        ).outerjoin(supervisor, supervisor.id == StaffMember.supervisor_id)
        statement = self._filtered(statement, query)
        key = {
            StaffSort.NAME: StaffMember.sort_name,
            StaffSort.JOB_TITLE: StaffMember.job_title_key,
            StaffSort.ROLE_CATEGORY: StaffMember.role_category,
            StaffSort.TEAM: func.coalesce(Team.name_key, "\uffff"),
            StaffSort.SUPERVISOR: func.coalesce(supervisor.sort_name, "\uffff"),
            StaffSort.START_DATE: StaffMember.start_date,
            StaffSort.STATUS: case((current, 0), else_=1),
        }[query.sort]
        order: list[ColumnElement[Any]] = [key.desc() if query.descending else key.asc()]
        if query.sort is StaffSort.STATUS:
            order.append(func.coalesce(StaffMember.end_date, dt.date.max).desc())
        order += [StaffMember.sort_name.asc(), StaffMember.id.asc()]
        statement = statement.order_by(*order).offset(offset).limit(limit)
        with self._sessions() as session:
            rows = [
                StaffRow(
                    id=r[0],
                    full_name=r[1],
                    preferred_name=r[2],
                    job_title=r[3],
                    role_category=RoleCategory(r[4]),
                    team_name=r[5] or "",
                    supervisor_name=r[6] or "",
                    start_date=r[7],
                    end_date=r[8],
                    is_current=is_current(r[8], today),
                    further_roles=r[9],
                    erased=r[10] is not None,
                )
                for r in session.execute(statement)
            ]
        return StaffPage(rows=rows, offset=offset)

    def _filtered(self, statement: _S, query: StaffQuery) -> _S:
        statement = statement.select_from(StaffMember).outerjoin(
            Team, Team.id == StaffMember.team_id
        )
        conditions = []
        today = self._today()
        if query.status is StaffStatus.CURRENT:
            conditions.append(employed_on(today))
        elif query.status is StaffStatus.LEAVERS:
            conditions.append(StaffMember.end_date < today)
        if query.team_id is not None:
            conditions.append(StaffMember.team_id == query.team_id)
        if query.role_category is not None:
            conditions.append(StaffMember.role_category == query.role_category.value)
        for token in fold(clean_line(query.search)).split():
            conditions.append(
                or_(
                    StaffMember.search_text.contains(token, autoescape=True),
                    Team.name_key.contains(token, autoescape=True),
                )
            )
        if conditions:
            statement = statement.where(and_(*conditions))
        return statement

    def get(self, actor: Actor, staff_id: int) -> StaffRecord:
        with self._sessions() as session:
            member = session.get(StaffMember, staff_id)
            if member is None:
                raise NotFound("That person is no longer in the register.")
            record = self._record(session, member)
        if access_rules.may_read_sensitive_fields(actor, record.details.supervisor_id):
            return record
        return replace(
            record,
            details=replace(record.details, reasonable_adjustments="", wellbeing_notes=""),
        )

    def people(self, actor: Actor, *, include_leavers: bool = False) -> list[PersonChoice]:
        """People to choose from, e.g. as a supervisor or line manager, by name."""
        statement = select(StaffMember.id, StaffMember.full_name, StaffMember.job_title)
        if not include_leavers:
            today = self._today()
            statement = statement.where(employed_on(today))
        statement = statement.order_by(StaffMember.sort_name, StaffMember.id)
        with self._sessions() as session:
            return [
                PersonChoice(id=i, name=n, job_title=j) for i, n, j in session.execute(statement)
            ]

    # -- changing ------------------------------------------------------------------------

    def create(self, actor: Actor, details: StaffDetails) -> StaffRecord:
        access_rules.require_register_writer(actor)
        cleaned = normalise_staff(details)
        with self._sessions.begin() as session:
            self._check_references(session, cleaned, None)
            member = StaffMember()
            _apply(member, cleaned)
            session.add(member)
            session.flush()
            return self._record(session, member)

    def update(self, actor: Actor, staff_id: int, details: StaffDetails) -> StaffRecord:
        access_rules.require_register_writer(actor)
        cleaned = normalise_staff(details, own_id=staff_id)
        with self._sessions.begin() as session:
            member = session.get(StaffMember, staff_id)
            if member is None:
                raise NotFound("That person is no longer in the register.")
            self._check_references(session, cleaned, staff_id)
            _apply(member, cleaned)
            if cleaned.end_date is not None:  # leaving from the form: their roles end too
                end_open_roles(session, staff_id, cleaned.end_date)
            member.updated_at = utc_now()
            session.flush()
            return self._record(session, member)

    def mark_leaver(
        self, actor: Actor, staff_id: int, end_date: dt.date | None, reason: str
    ) -> StaffRecord:
        """Record that someone leaves (or left), keeping everything else about them."""
        access_rules.require_register_writer(actor)
        with self._sessions.begin() as session:
            member = session.get(StaffMember, staff_id)
            if member is None:
                raise NotFound("That person is no longer in the register.")
            date, cleaned = check_leaving(member.start_date, end_date, reason)
            member.end_date = date
            member.leaving_reason = cleaned
            end_open_roles(session, staff_id, date)  # their further roles end with them
            member.updated_at = utc_now()
            session.flush()
            return self._record(session, member)

    # -- helpers -------------------------------------------------------------------------

    def _check_references(self, session: Session, d: StaffDetails, own_id: int | None) -> None:
        errors: list[FieldError] = []
        if d.team_id is not None and session.get(Team, d.team_id) is None:
            errors.append(FieldError("team_id", "That team no longer exists; choose another."))
        for field_name, ref, label in (
            ("supervisor_id", d.supervisor_id, "supervisor"),
            ("line_manager_id", d.line_manager_id, "line manager"),
        ):
            if ref is not None and session.get(StaffMember, ref) is None:
                errors.append(
                    FieldError(field_name, f"The chosen {label} is no longer in the register.")
                )
        if errors:
            raise ValidationError(errors)

    def _record(self, session: Session, m: StaffMember) -> StaffRecord:
        def name_of(person_id: int | None) -> str:
            if person_id is None:
                return ""
            person = session.get(StaffMember, person_id)
            return person.full_name if person else ""

        team = session.get(Team, m.team_id) if m.team_id is not None else None
        return StaffRecord(
            id=m.id,
            details=StaffDetails(
                full_name=m.full_name,
                role_category=RoleCategory(m.role_category),
                employment_type=EmploymentType(m.employment_type),
                start_date=m.start_date,
                preferred_name=m.preferred_name,
                pronouns=m.pronouns,
                job_title=m.job_title,
                team_id=m.team_id,
                hours_per_week=m.hours_per_week,
                end_date=m.end_date,
                leaving_reason=m.leaving_reason,
                line_manager_id=m.line_manager_id,
                supervisor_id=m.supervisor_id,
                lived_experience=LivedExperience(m.lived_experience),
                counted_in_aggregates=m.counted_in_aggregates,
                former_service_user=m.former_service_user,
                reasonable_adjustments=m.reasonable_adjustments,
                wellbeing_notes=m.wellbeing_notes,
            ),
            team_name=team.name if team else "",
            supervisor_name=name_of(m.supervisor_id),
            line_manager_name=name_of(m.line_manager_id),
            is_current=is_current(m.end_date, self._today()),
            created_at=m.created_at,
            updated_at=m.updated_at,
        )


def _apply(member: StaffMember, d: StaffDetails) -> None:
    assert d.start_date is not None  # normalise_staff guarantees it
    member.full_name = d.full_name
    member.preferred_name = d.preferred_name
    member.pronouns = d.pronouns
    member.job_title = d.job_title
    member.role_category = d.role_category.value
    member.team_id = d.team_id
    member.employment_type = d.employment_type.value
    member.hours_per_week = d.hours_per_week
    member.start_date = d.start_date
    member.end_date = d.end_date
    member.leaving_reason = d.leaving_reason
    member.line_manager_id = d.line_manager_id
    member.supervisor_id = d.supervisor_id
    member.lived_experience = d.lived_experience.value
    member.counted_in_aggregates = d.counted_in_aggregates
    member.former_service_user = d.former_service_user
    member.reasonable_adjustments = d.reasonable_adjustments
    member.wellbeing_notes = d.wellbeing_notes
    member.sort_name = fold(d.full_name)
    member.job_title_key = fold(d.job_title)
    member.search_text = search_text_for(d)
