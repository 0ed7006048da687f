"""Training: the course catalogue, each person's records, the matrix and what expires soon.

A record's ``expires_on`` is worked out when it is saved (from the course's validity) and
stored, so what expires soon is found in SQL; changing a course's validity works it out
again for every completion of that course. Records are never deleted: a request or a
booking that will not happen is cancelled, and a course no longer offered is retired.

Every role reads the catalogue, the records and the matrix (it is like the register).
Administrators and managers change the catalogue; administrators, managers and a
supervisor for their own supervisees change a person's records (``access_rules``). What
expires soon lists only the people the actor may see (a supervisor's own supervisees).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import CourseKind, RoleCategory, TrainingStatus
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.text import fold
from peerdesk.domain.training import (
    DEFAULT_SOON_DAYS,
    MAX_NOTES,
    MISSING_CELL,
    NOT_REQUIRED_CELL,
    Cell,
    CellState,
    CourseDetails,
    RecordDetails,
    RecordFacts,
    applies_to_role,
    best_cell,
    decode_roles,
    encode_roles,
    expiry_date,
    normalise_course,
    normalise_record,
    open_booking,
    record_state,
)
from peerdesk.domain.validation import FieldError, ValidationError, check_length, clean_text
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.training_views import (
    CourseCompliance,
    CourseInfo,
    ExpiringTraining,
    LinkableSession,
    MatrixRow,
    RecordInfo,
    TrainingMatrix,
)
from peerdesk.store.models import (
    StaffMember,
    SupervisionSession,
    Team,
    TrainingCourse,
    TrainingRecord,
    employed_on,
)
from peerdesk.store.types import utc_now

__all__ = ["LINKABLE_SESSIONS", "TrainingService"]

Today = Callable[[], dt.date]
LINKABLE_SESSIONS = 24  # how many recent sessions a record can be linked to
_NOT_IN_REGISTER = "That person is no longer in the register."
_COURSE_GONE = "That course is no longer in the catalogue."
_RECORD_GONE = "That training record no longer exists."
_SESSION_GONE = "That supervision session no longer exists."
_WHAT = "training records"
_CATALOGUE = "change the course catalogue"
_KIND_ORDER = case(
    (TrainingCourse.kind == CourseKind.MANDATORY.value, 0),
    (TrainingCourse.kind == CourseKind.ROLE_SPECIFIC.value, 1),
    else_=2,
)
_CANCELLED = TrainingStatus.CANCELLED.value
_COMPLETED = TrainingStatus.COMPLETED.value
_BOOKED = TrainingStatus.BOOKED.value
_COMPLIANT = frozenset(state for state in CellState if state.is_compliant)


class TrainingService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today

    # -- the catalogue ------------------------------------------------------------------

    def courses(self, actor: Actor, include_retired: bool = False) -> list[CourseInfo]:
        """The catalogue: mandatory courses first, then role-specific, then development;
        by name within each."""
        used = (
            select(TrainingRecord.course_id, func.count().label("n"))
            .group_by(TrainingRecord.course_id)
            .subquery()
        )
        query = (
            select(TrainingCourse, func.coalesce(used.c.n, 0))
            .outerjoin(used, used.c.course_id == TrainingCourse.id)
            .order_by(_KIND_ORDER, TrainingCourse.name_key, TrainingCourse.id)
        )
        if not include_retired:
            query = query.where(TrainingCourse.retired.is_(False))
        with self._sessions() as session:
            return [_course_info(row, count) for row, count in session.execute(query)]

    def course(self, actor: Actor, course_id: int) -> CourseInfo:
        with self._sessions() as session:
            return self._course_info(session, _require_course(session, course_id))

    def add_course(self, actor: Actor, details: CourseDetails) -> CourseInfo:
        access_rules.require_manager(actor, _CATALOGUE)
        cleaned = normalise_course(details)
        with self._sessions.begin() as session:
            _refuse_duplicate(session, cleaned.name, None)
            now = utc_now()
            row = TrainingCourse(created_at=now, updated_at=now)
            _apply_course(row, cleaned)
            session.add(row)
            session.flush()
            return _course_info(row, 0)

    def update_course(self, actor: Actor, course_id: int, details: CourseDetails) -> CourseInfo:
        """Change a course; a new validity is applied to every completion of it."""
        access_rules.require_manager(actor, _CATALOGUE)
        cleaned = normalise_course(details)
        with self._sessions.begin() as session:
            row = _require_course(session, course_id)
            _refuse_duplicate(session, cleaned.name, course_id)
            validity_changed = row.validity_months != cleaned.validity_months
            _apply_course(row, cleaned)
            row.updated_at = utc_now()
            session.flush()
            if validity_changed:
                _recompute_expiry(session, course_id, cleaned.validity_months)
            return self._course_info(session, row)

    def retire_course(self, actor: Actor, course_id: int) -> CourseInfo:
        """Take a course out of the catalogue and the matrix; its records stay."""
        return self._set_retired(actor, course_id, True)

    def restore_course(self, actor: Actor, course_id: int) -> CourseInfo:
        """Bring a retired course back into the catalogue."""
        return self._set_retired(actor, course_id, False)

    def _set_retired(self, actor: Actor, course_id: int, retired: bool) -> CourseInfo:
        access_rules.require_manager(actor, _CATALOGUE)
        with self._sessions.begin() as session:
            row = _require_course(session, course_id)
            if row.retired == retired:
                state = "already retired" if retired else "not retired"
                raise Conflict(f"{row.name} is {state}.")
            row.retired = retired
            row.updated_at = utc_now()
            session.flush()
            return self._course_info(session, row)

    def _course_info(self, session: Session, row: TrainingCourse) -> CourseInfo:
        count = session.scalar(
            select(func.count(TrainingRecord.id)).where(TrainingRecord.course_id == row.id)
        )
        return _course_info(row, count or 0)

    # -- a person's records ---------------------------------------------------------------

    def records_for(self, actor: Actor, staff_id: int) -> list[RecordInfo]:
        """Everything recorded for the person, newest first (by the date that matters
        most: completed, else booked for, else requested)."""
        today = self._today()
        query = (
            select(TrainingRecord, TrainingCourse.name, TrainingCourse.kind)
            .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
            .where(TrainingRecord.staff_id == staff_id)
        )
        with self._sessions() as session:
            _require_person(session, staff_id)
            rows = session.execute(query).all()
            dates = _session_dates(session, {r.raised_in_session_id for r, _n, _k in rows})
            records = [
                _record_info(record, name, kind, dates.get(record.raised_in_session_id), today)
                for record, name, kind in rows
            ]
        records.sort(key=lambda r: (r.key_date or dt.date.min, r.id), reverse=True)
        return records

    def record(self, actor: Actor, record_id: int) -> RecordInfo:
        with self._sessions() as session:
            return self._record_info(session, _require_record(session, record_id))

    def add_record(self, actor: Actor, staff_id: int, details: RecordDetails) -> RecordInfo:
        with self._sessions.begin() as session:
            access_rules.require_can_write_person(session, actor, staff_id, _WHAT)
            cleaned = normalise_record(details, self._today())
            course = self._check_record(session, staff_id, cleaned, previous_course=None)
            now = utc_now()
            row = TrainingRecord(staff_id=staff_id, created_at=now, updated_at=now)
            _apply_record(row, cleaned, course)
            session.add(row)
            session.flush()
            return self._record_info(session, row)

    def update_record(self, actor: Actor, record_id: int, details: RecordDetails) -> RecordInfo:
        with self._sessions.begin() as session:
            row = _require_record(session, record_id)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            cleaned = normalise_record(details, self._today())
            course = self._check_record(session, row.staff_id, cleaned, row.course_id)
            _apply_record(row, cleaned, course)
            row.updated_at = utc_now()
            session.flush()
            return self._record_info(session, row)

    def cancel_record(self, actor: Actor, record_id: int) -> RecordInfo:
        """Mark a request or booking that will not happen as cancelled (it stays listed)."""
        with self._sessions.begin() as session:
            row = _require_record(session, record_id)
            access_rules.require_can_write_person(session, actor, row.staff_id, _WHAT)
            if row.status == _CANCELLED:
                raise Conflict("That training is already cancelled.")
            if row.status == _COMPLETED:
                raise Conflict(
                    "A completed course cannot be cancelled. If it was recorded by mistake, "
                    "edit the record instead."
                )
            row.status = _CANCELLED
            row.completed_on = None
            row.expires_on = None
            row.updated_at = utc_now()
            session.flush()
            return self._record_info(session, row)

    def raise_need(
        self, actor: Actor, session_id: int, course_id: int, notes: str = ""
    ) -> RecordInfo:
        """Record a training need raised in a one-to-one: a request for the supervisee,
        dated the day of the session and linked to it."""
        cleaned_notes = clean_text(notes)
        with self._sessions.begin() as session:
            supervision = session.get(SupervisionSession, session_id)
            if supervision is None:
                raise NotFound(_SESSION_GONE)
            access_rules.require_can_write_person(session, actor, supervision.supervisee_id, _WHAT)
            errors: list[FieldError] = []
            check_length(errors, "notes", "The notes", cleaned_notes, MAX_NOTES)
            if errors:
                raise ValidationError(errors)
            details = RecordDetails(
                course_id=course_id,
                status=TrainingStatus.REQUESTED,
                requested_on=min(supervision.session_date, self._today()),
                notes=cleaned_notes,
                raised_in_session_id=session_id,
            )
            staff_id = supervision.supervisee_id
            course = self._check_record(session, staff_id, details, previous_course=None)
            now = utc_now()
            row = TrainingRecord(staff_id=staff_id, created_at=now, updated_at=now)
            _apply_record(row, details, course)
            session.add(row)
            session.flush()
            return self._record_info(session, row)

    def sessions_for_link(
        self, actor: Actor, staff_id: int, limit: int = LINKABLE_SESSIONS
    ) -> list[LinkableSession]:
        """The person's most recent held one-to-ones, newest first, to link a record to."""
        query = (
            select(SupervisionSession.id, SupervisionSession.session_date)
            .where(
                SupervisionSession.supervisee_id == staff_id,
                SupervisionSession.outcome == SessionOutcome.HELD.value,
                SupervisionSession.session_date <= self._today(),
            )
            .order_by(SupervisionSession.session_date.desc(), SupervisionSession.id.desc())
            .limit(limit)
        )
        with self._sessions() as session:
            access_rules.require_can_read_person(session, actor, staff_id, "supervision sessions")
            return [LinkableSession(id=i, session_date=d) for i, d in session.execute(query)]

    def _check_record(
        self,
        session: Session,
        staff_id: int,
        d: RecordDetails,
        previous_course: int | None,
    ) -> TrainingCourse:
        assert d.course_id is not None  # normalise_record guarantees it
        course = session.get(TrainingCourse, d.course_id)
        errors: list[FieldError] = []
        if course is None:
            raise ValidationError([FieldError("course_id", _COURSE_GONE + " Choose another.")])
        if course.retired and course.id != previous_course:
            errors.append(
                FieldError("course_id", f"{course.name} has been retired: choose another course.")
            )
        if d.raised_in_session_id is not None:
            supervisee = session.scalar(
                select(SupervisionSession.supervisee_id).where(
                    SupervisionSession.id == d.raised_in_session_id
                )
            )
            if supervisee is None:
                errors.append(FieldError("raised_in_session_id", _SESSION_GONE))
            elif supervisee != staff_id:
                errors.append(
                    FieldError(
                        "raised_in_session_id",
                        "Choose one of this person's own supervision sessions.",
                    )
                )
        if errors:
            raise ValidationError(errors)
        return course

    def _record_info(self, session: Session, row: TrainingRecord) -> RecordInfo:
        course = session.get(TrainingCourse, row.course_id)
        assert course is not None  # the foreign key keeps it
        dates = _session_dates(session, {row.raised_in_session_id})
        return _record_info(
            row, course.name, course.kind, dates.get(row.raised_in_session_id), self._today()
        )

    # -- across the organisation ----------------------------------------------------------

    def matrix(
        self,
        actor: Actor,
        *,
        team_id: int | None = None,
        role_category: RoleCategory | str | None = None,
        today: dt.date | None = None,
        soon_days: int = DEFAULT_SOON_DAYS,
    ) -> TrainingMatrix:
        """Every current person (by name; optionally of one team or role category) against
        every mandatory course in the catalogue, with per-course compliance."""
        today = today or self._today()
        people = (
            select(
                StaffMember.id,
                StaffMember.full_name,
                StaffMember.role_category,
                StaffMember.team_id,
                Team.name,
            )
            .outerjoin(Team, Team.id == StaffMember.team_id)
            .where(employed_on(today))
            .order_by(StaffMember.sort_name, StaffMember.id)
        )
        records = (
            select(
                TrainingRecord.staff_id,
                TrainingRecord.course_id,
                TrainingRecord.id,
                TrainingRecord.status,
                TrainingRecord.requested_on,
                TrainingRecord.booked_for,
                TrainingRecord.completed_on,
                TrainingRecord.expires_on,
            )
            .join(StaffMember, StaffMember.id == TrainingRecord.staff_id)
            .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
            .where(
                employed_on(today),
                TrainingRecord.status != _CANCELLED,
                TrainingCourse.kind == CourseKind.MANDATORY.value,
                TrainingCourse.retired.is_(False),
            )
        )
        if team_id is not None:
            people = people.where(StaffMember.team_id == team_id)
            records = records.where(StaffMember.team_id == team_id)
        if role_category is not None:
            role = RoleCategory(role_category).value
            people = people.where(StaffMember.role_category == role)
            records = records.where(StaffMember.role_category == role)
        courses = tuple(c for c in self.courses(actor) if c.details.kind is CourseKind.MANDATORY)
        with self._sessions() as session, _without_gc_pauses():
            # Core rows (not ORM ones): thousands of them, built much faster
            connection = session.connection()
            grouped: dict[tuple[int, int], list[RecordFacts]] = {}
            for staff_id, course_id, *facts in connection.execute(records).all():
                record = RecordFacts._make(facts)
                key = (staff_id, course_id)
                held = grouped.get(key)
                if held is None:
                    grouped[key] = [record]
                else:
                    held.append(record)
            person_rows = connection.execute(people).all()
            return _build_matrix(courses, person_rows, grouped, today, soon_days)

    def expiring(
        self,
        actor: Actor,
        within_days: int = DEFAULT_SOON_DAYS,
        today: dt.date | None = None,
    ) -> list[ExpiringTraining]:
        """Mandatory and role-specific courses of current staff whose latest completion has
        expired or expires within ``within_days``, soonest (most overdue) first; only people
        the actor may see (a supervisor's own supervisees)."""
        if within_days < 0:
            raise ValueError("within_days cannot be negative")
        today = today or self._today()
        latest = (
            select(
                TrainingRecord.id,
                func.row_number()
                .over(
                    partition_by=(TrainingRecord.staff_id, TrainingRecord.course_id),
                    order_by=(TrainingRecord.completed_on.desc(), TrainingRecord.id.desc()),
                )
                .label("rank"),
            )
            .where(TrainingRecord.status == _COMPLETED, TrainingRecord.completed_on.is_not(None))
            .subquery()
        )
        relevant: tuple[ColumnElement[bool], ...] = (
            employed_on(today),
            TrainingCourse.retired.is_(False),
            TrainingCourse.kind.in_((CourseKind.MANDATORY.value, CourseKind.ROLE_SPECIFIC.value)),
        )
        visible = access_rules.supervisee_filter(actor, StaffMember.supervisor_id)
        if visible is not None:
            relevant = (*relevant, visible)
        query = (
            select(
                TrainingRecord.id,
                TrainingRecord.staff_id,
                StaffMember.full_name,
                StaffMember.role_category,
                TrainingRecord.course_id,
                TrainingCourse.name,
                TrainingCourse.applies_to,
                TrainingRecord.completed_on,
                TrainingRecord.expires_on,
            )
            .join(latest, latest.c.id == TrainingRecord.id)
            .join(StaffMember, StaffMember.id == TrainingRecord.staff_id)
            .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
            .where(
                latest.c.rank == 1,
                TrainingRecord.expires_on.is_not(None),
                TrainingRecord.expires_on <= today + dt.timedelta(days=within_days),
                *relevant,
            )
            .order_by(TrainingRecord.expires_on, StaffMember.sort_name, TrainingRecord.id)
        )
        bookings_query = (
            select(
                TrainingRecord.staff_id,
                TrainingRecord.course_id,
                TrainingRecord.id,
                TrainingRecord.status,
                TrainingRecord.requested_on,
                TrainingRecord.booked_for,
                TrainingRecord.completed_on,
                TrainingRecord.expires_on,
            )
            .join(StaffMember, StaffMember.id == TrainingRecord.staff_id)
            .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
            .where(TrainingRecord.status == _BOOKED, *relevant)
        )
        with self._sessions() as session:
            rows = session.execute(query).all()
            bookings: dict[tuple[int, int], list[RecordFacts]] = defaultdict(list)
            for staff_id, course_id, *facts in session.execute(bookings_query):
                bookings[(staff_id, course_id)].append(RecordFacts._make(facts))
        out: list[ExpiringTraining] = []
        for record_id, staff_id, name, role, course_id, course, applies, done, expires in rows:
            if expires is None or not applies_to_role(applies, role):
                continue  # (the query keeps dated expiries only)
            booking = open_booking(bookings.get((staff_id, course_id), ()), done, today)
            out.append(
                ExpiringTraining(
                    staff_id=staff_id,
                    full_name=name,
                    course=course,
                    expires_on=expires,
                    days_until=(expires - today).days,
                    rebooked_for=booking.booked_for if booking is not None else None,
                    course_id=course_id,
                    record_id=record_id,
                )
            )
        return out


# -- helpers ------------------------------------------------------------------------------


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Build tens of thousands of small tuples without the cyclic garbage collector
    stopping to scan them again and again (none of them form cycles); it runs as usual
    afterwards. This halves the time of a large matrix."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_matrix(
    courses: tuple[CourseInfo, ...],
    person_rows: Sequence[Any],
    grouped: dict[tuple[int, int], list[RecordFacts]],
    today: dt.date,
    soon_days: int,
) -> TrainingMatrix:
    columns = [(c.id, c.details.applies_to) for c in courses]
    compliant = [0] * len(courses)
    required = [0] * len(courses)
    rows: list[MatrixRow] = []
    for staff_id, full_name, role, team_id, team_name in person_rows:
        cells: list[Cell] = []
        for i, (course_id, applies) in enumerate(columns):
            if applies and role not in applies:
                cells.append(NOT_REQUIRED_CELL)
                continue
            required[i] += 1
            records = grouped.get((staff_id, course_id))
            if not records:
                cells.append(MISSING_CELL)
                continue
            cell = best_cell(records, required=True, today=today, soon_days=soon_days)
            if cell.state in _COMPLIANT:
                compliant[i] += 1
            cells.append(cell)
        rows.append(
            MatrixRow(
                staff_id=staff_id,
                full_name=full_name,
                role_category=RoleCategory(role),
                team_id=team_id,
                team_name=team_name or "",
                cells=tuple(cells),
            )
        )
    compliance = tuple(
        CourseCompliance(course_id=course_id, compliant=compliant[i], required=required[i])
        for i, (course_id, _applies) in enumerate(columns)
    )
    return TrainingMatrix(courses=courses, rows=tuple(rows), compliance=compliance, today=today)


def _require_person(session: Session, staff_id: int) -> None:
    if session.get(StaffMember, staff_id) is None:
        raise NotFound(_NOT_IN_REGISTER)


def _require_course(session: Session, course_id: int) -> TrainingCourse:
    row = session.get(TrainingCourse, course_id)
    if row is None:
        raise NotFound(_COURSE_GONE)
    return row


def _require_record(session: Session, record_id: int) -> TrainingRecord:
    row = session.get(TrainingRecord, record_id)
    if row is None:
        raise NotFound(_RECORD_GONE)
    return row


def _refuse_duplicate(session: Session, name: str, own_id: int | None) -> None:
    existing = session.execute(
        select(TrainingCourse.id, TrainingCourse.name).where(TrainingCourse.name_key == fold(name))
    ).first()
    if existing is not None and existing[0] != own_id:
        raise ValidationError(
            [FieldError("name", f"There is already a course called “{existing[1]}”.")]
        )


def _apply_course(row: TrainingCourse, d: CourseDetails) -> None:
    row.name = d.name
    row.name_key = fold(d.name)
    row.kind = CourseKind(d.kind).value
    row.validity_months = d.validity_months
    row.applies_to = encode_roles(d.applies_to)
    row.description = d.description


def _recompute_expiry(session: Session, course_id: int, validity_months: int | None) -> None:
    completions = session.execute(
        select(TrainingRecord.id, TrainingRecord.completed_on).where(
            TrainingRecord.course_id == course_id, TrainingRecord.status == _COMPLETED
        )
    ).all()
    changes = [
        {"id": record_id, "expires_on": expiry_date(done, validity_months)}
        for record_id, done in completions
    ]
    if changes:
        session.execute(update(TrainingRecord), changes)


def _apply_record(row: TrainingRecord, d: RecordDetails, course: TrainingCourse) -> None:
    assert d.course_id is not None
    status = TrainingStatus(d.status)
    row.course_id = d.course_id
    row.status = status.value
    row.requested_on = d.requested_on
    row.booked_for = d.booked_for
    row.completed_on = d.completed_on
    row.expires_on = (
        expiry_date(d.completed_on, course.validity_months)
        if status is TrainingStatus.COMPLETED
        else None
    )
    row.raised_in_session_id = d.raised_in_session_id
    row.notes = d.notes


def _session_dates(session: Session, ids: set[int | None]) -> dict[int | None, dt.date]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    query = select(SupervisionSession.id, SupervisionSession.session_date).where(
        SupervisionSession.id.in_(wanted)
    )
    return {i: d for i, d in session.execute(query)}


def _course_info(row: TrainingCourse, records: int) -> CourseInfo:
    return CourseInfo(
        id=row.id,
        details=CourseDetails(
            name=row.name,
            kind=CourseKind(row.kind),
            validity_months=row.validity_months,
            applies_to=decode_roles(row.applies_to),
            description=row.description,
        ),
        retired=row.retired,
        records=records,
    )


def _record_info(
    row: TrainingRecord,
    course_name: str,
    course_kind: str,
    session_date: dt.date | None,
    today: dt.date,
) -> RecordInfo:
    return RecordInfo(
        id=row.id,
        staff_id=row.staff_id,
        course_id=row.course_id,
        course_name=course_name,
        course_kind=CourseKind(course_kind),
        details=RecordDetails(
            course_id=row.course_id,
            status=TrainingStatus(row.status),
            requested_on=row.requested_on,
            booked_for=row.booked_for,
            completed_on=row.completed_on,
            notes=row.notes,
            raised_in_session_id=row.raised_in_session_id,
        ),
        expires_on=row.expires_on,
        state=record_state(row.status, row.expires_on, today),
        raised_in_session_date=session_date,
        today=today,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
