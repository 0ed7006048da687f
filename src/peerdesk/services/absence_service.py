"""Long absences (sick leave, parental leave, a career break): nobody is due while away.

An absence runs from its first to its last day away, both included; the last day stays
open (None) until the return date is known. One person's absences never overlap: a second
absence over the same days is refused, so that the register says plainly when they were
away.

Administrators and managers read and record everyone's absences, a supervisor their own
supervisees' (``access_rules``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.text import long_date
from peerdesk.domain.validation import FieldError, ValidationError, check_length, clean_line
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.schedule_views import AbsenceInfo
from peerdesk.store.models import StaffAbsence, StaffMember

__all__ = ["MAX_KIND", "AbsenceInfo", "AbsenceService"]

Today = Callable[[], dt.date]
MAX_KIND = 100
_GONE = "That absence is no longer recorded."
_WHAT = "absences"


class AbsenceService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    def list_for(self, actor: Actor, staff_id: int) -> list[AbsenceInfo]:
        """The person's absences, most recent first."""
        with self._sessions() as session:
            access_rules.require_can_read_person(session, actor, staff_id, _WHAT)
            rows = session.scalars(
                select(StaffAbsence)
                .where(StaffAbsence.staff_id == staff_id)
                .order_by(StaffAbsence.first_day.desc(), StaffAbsence.id.desc())
            )
            return [_info(row) for row in rows]

    def add(
        self,
        actor: Actor,
        staff_id: int,
        first_day: dt.date,
        last_day: dt.date | None,
        kind: str,
    ) -> AbsenceInfo:
        """Record an absence (``last_day`` None while the return date is not known)."""
        cleaned_kind = clean_line(kind)
        with self._sessions.begin() as session:
            access_rules.require_can_write_person(session, actor, staff_id, _WHAT)
            person = _require_person(session, staff_id)
            _check(person, first_day, last_day, cleaned_kind)
            _refuse_overlap(session, person, first_day, last_day, None)
            row = StaffAbsence(
                staff_id=staff_id, first_day=first_day, last_day=last_day, kind=cleaned_kind
            )
            session.add(row)
            session.flush()
            return _info(row)

    def end(self, actor: Actor, absence_id: int, last_day: dt.date) -> AbsenceInfo:
        """Record (or correct) the last day away: they are back the day after."""
        with self._sessions.begin() as session:
            row = session.get(StaffAbsence, absence_id)
            if row is None:
                raise NotFound(_GONE)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            person = _require_person(session, row.staff_id)
            _check(person, row.first_day, last_day, row.kind, field="last_day")
            _refuse_overlap(session, person, row.first_day, last_day, row.id)
            row.last_day = last_day
            session.flush()
            return _info(row)

    def remove(self, actor: Actor, absence_id: int) -> None:
        """Delete an absence recorded by mistake."""
        with self._sessions.begin() as session:
            row = session.get(StaffAbsence, absence_id)
            if row is None:
                raise NotFound(_GONE)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            session.delete(row)


def _require_person(session: Session, staff_id: int) -> StaffMember:
    person = session.get(StaffMember, staff_id)
    if person is None:
        raise NotFound("That person is no longer in the register.")
    return person


def _check(
    person: StaffMember,
    first_day: dt.date,
    last_day: dt.date | None,
    kind: str,
    *,
    field: str = "first_day",
) -> None:
    errors: list[FieldError] = []
    if last_day is not None and last_day < first_day:
        errors.append(
            FieldError("last_day", "The last day away cannot be before the first day away.")
        )
    if first_day < person.start_date:
        errors.append(
            FieldError(
                field,
                f"{person.full_name} started on {long_date(person.start_date)}: "
                "an absence cannot begin before that.",
            )
        )
    if person.end_date is not None and first_day > person.end_date:
        errors.append(
            FieldError(
                field,
                f"{person.full_name} left on {long_date(person.end_date)}: "
                "an absence cannot begin after that.",
            )
        )
    check_length(errors, "kind", "The kind of absence", kind, MAX_KIND)
    if errors:
        raise ValidationError(errors)


def _refuse_overlap(
    session: Session,
    person: StaffMember,
    first_day: dt.date,
    last_day: dt.date | None,
    own_id: int | None,
) -> None:
    query = select(StaffAbsence).where(
        StaffAbsence.staff_id == person.id,
        or_(StaffAbsence.last_day.is_(None), StaffAbsence.last_day >= first_day),
    )
    if last_day is not None:
        query = query.where(StaffAbsence.first_day <= last_day)
    if own_id is not None:
        query = query.where(StaffAbsence.id != own_id)
    clash = session.scalars(query.order_by(StaffAbsence.first_day).limit(1)).first()
    if clash is None:
        return
    until = (
        f"to {long_date(clash.last_day)}" if clash.last_day is not None else "until further notice"
    )
    kind = f" ({clash.kind})" if clash.kind else ""
    raise Conflict(
        f"{person.full_name} is already recorded as away from {long_date(clash.first_day)} "
        f"{until}{kind}, and one person's absences cannot overlap."
    )


def _info(row: StaffAbsence) -> AbsenceInfo:
    return AbsenceInfo(
        id=row.id,
        staff_id=row.staff_id,
        first_day=row.first_day,
        last_day=row.last_day,
        kind=row.kind,
    )
