"""Fictional training for the demo register: a catalogue for a peer-support charity and
each current person's records.

Most people have done most of their mandatory courses; some completions have expired (a
few of those are rebooked), some expire in the next weeks, newer starters are booked or
requested, and a few training needs were raised in a one-to-one and are linked to it.
The same random generator and people always give the same records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peerdesk.domain.enums import CourseKind, RoleCategory, TrainingStatus
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.text import fold
from peerdesk.domain.training import add_months, applies_to_role, encode_roles, expiry_date
from peerdesk.store.models import SupervisionSession, TrainingCourse, TrainingRecord
from peerdesk.store.types import utc_now

__all__ = ["DEMO_COURSES", "DemoCourse", "add_training_demo"]

R = RoleCategory
K = CourseKind
_PEER: Final = (R.PEER_WORKER, R.PEER_APPRENTICE, R.SENIOR_PEER_WORKER)
_RECORDS: Final = TrainingRecord.metadata.tables[TrainingRecord.__tablename__]
_CHUNK: Final = 2000
_COMPLETED = TrainingStatus.COMPLETED.value
_BOOKED = TrainingStatus.BOOKED.value
_REQUESTED = TrainingStatus.REQUESTED.value
_CANCELLED = TrainingStatus.CANCELLED.value


@dataclass(frozen=True)
class DemoCourse:
    name: str
    kind: CourseKind
    validity_months: int | None
    applies_to: tuple[RoleCategory, ...]
    description: str
    uptake: float  # the share of those it applies to who have done it (or are on it)


DEMO_COURSES: Final = (
    DemoCourse(
        "Safeguarding adults",
        K.MANDATORY,
        36,
        (),
        "Recognising abuse and neglect of adults at risk, and how to raise a concern.",
        0.86,
    ),
    DemoCourse(
        "Safeguarding children",
        K.MANDATORY,
        36,
        (),
        "Level 1 awareness: signs of harm to children and young people and who to tell.",
        0.84,
    ),
    DemoCourse(
        "Data protection",
        K.MANDATORY,
        12,
        (),
        "Yearly refresher on UK GDPR: confidentiality, records, sharing and breaches.",
        0.85,
    ),
    DemoCourse(
        "First aid at work",
        K.MANDATORY,
        36,
        (R.SENIOR_PEER_WORKER, R.MANAGER, R.CLINICAL),
        "Three-day certificate for the named first aiders in each team.",
        0.8,
    ),
    DemoCourse(
        "Lone working",
        K.MANDATORY,
        24,
        (*_PEER, R.CLINICAL, R.VOLUNTEER),
        "Staying safe on home visits and in the community: check-ins, the buddy system.",
        0.82,
    ),
    DemoCourse(
        "Mental health first aid",
        K.MANDATORY,
        36,
        (),
        "Two-day course: spotting distress, starting the conversation, where to signpost.",
        0.78,
    ),
    DemoCourse(
        "Equality and inclusion",
        K.MANDATORY,
        36,
        (),
        "Our duties under the Equality Act and how we make services fair in practice.",
        0.83,
    ),
    DemoCourse(
        "Fire safety awareness",
        K.MANDATORY,
        12,
        (),
        "Yearly e-learning: alarms, exits, extinguishers and the fire marshal's role.",
        0.88,
    ),
    DemoCourse(
        "Intentional Peer Support core training",
        K.ROLE_SPECIFIC,
        None,
        _PEER,
        "The five-day core course in Intentional Peer Support: connection, worldview, "
        "mutuality and moving towards.",
        0.78,
    ),
    DemoCourse(
        "Recovery college co-facilitation",
        K.ROLE_SPECIFIC,
        None,
        (*_PEER, R.VOLUNTEER),
        "Co-designing and co-delivering recovery college courses with a tutor.",
        0.3,
    ),
    DemoCourse(
        "Suicide prevention",
        K.ROLE_SPECIFIC,
        24,
        (*_PEER, R.CLINICAL),
        "Asking directly about suicide, safety planning and getting urgent help.",
        0.72,
    ),
    DemoCourse(
        "Level 3 Peer Support Worker apprenticeship standard study",
        K.DEVELOPMENT,
        None,
        (R.PEER_APPRENTICE,),
        "Off-the-job study towards the Level 3 Peer Support Worker apprenticeship "
        "standard, with the training provider.",
        0.9,
    ),
    DemoCourse(
        "Leadership for lived-experience workers",
        K.DEVELOPMENT,
        None,
        (R.SENIOR_PEER_WORKER, R.PEER_WORKER),
        "Six sessions on leading teams and influencing services from lived experience.",
        0.12,
    ),
)

_NEED_NOTES: Final = (
    "Raised in supervision: keen to build on what they learned shadowing.",
    "Raised in supervision as part of their development plan for the year.",
    "Raised in supervision after a difficult conversation; they asked for more skills.",
    "Raised in supervision: would like to take on more responsibility in the team.",
)
_BOOKING_NOTES: Final = ("", "", "", "Online, afternoons.", "At the hub, two days.", "")


@dataclass
class _Course:
    id: int
    kind: CourseKind
    validity: int | None
    applies_to: tuple[RoleCategory, ...]
    uptake: float


def add_training_demo(
    session: Session,
    rng: random.Random,
    people: Sequence[Mapping[str, Any]],
    today: dt.date,
) -> int:
    """Add the demo catalogue (reusing courses of the same name) and training records for
    the current people among ``people``; return how many records were written.

    ``people`` are staff rows (id, full_name, role_category, employment_type, start_date,
    end_date, supervisor_id, team_id). Held supervision sessions already written are read
    to link a few training needs to the one-to-one they were raised in. Writes through
    ``session``; the caller commits.
    """
    courses = _ensure_courses(session)
    now = utc_now()
    rows: list[dict[str, Any]] = []
    current = [p for p in people if p["end_date"] is None or p["end_date"] >= today]
    for person in current:
        if rng.random() < 0.05:
            continue  # nothing recorded yet for them
        role: str = person["role_category"]
        for course in courses:
            if applies_to_role(course.applies_to, role):
                _records_for(rng, rows, person, course, today)
    _raised_in_supervision(session, rng, rows, current, courses, today)
    for row in rows:
        row["created_at"] = now
        row["updated_at"] = now
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(_RECORDS), rows[start : start + _CHUNK])
    return len(rows)


def _ensure_courses(session: Session) -> list[_Course]:
    """The demo courses' ids, adding those the catalogue lacks (matched by folded name)."""
    existing = {
        key: (course_id, validity)
        for key, course_id, validity in session.execute(
            select(TrainingCourse.name_key, TrainingCourse.id, TrainingCourse.validity_months)
        )
    }
    now = utc_now()
    new: dict[str, TrainingCourse] = {}
    for course in DEMO_COURSES:
        key = fold(course.name)
        if key in existing or key in new:
            continue
        new[key] = TrainingCourse(
            name=course.name,
            name_key=key,
            kind=course.kind.value,
            validity_months=course.validity_months,
            applies_to=encode_roles(course.applies_to),
            description=course.description,
            retired=False,
            created_at=now,
            updated_at=now,
        )
    session.add_all(new.values())
    session.flush()
    out: list[_Course] = []
    for course in DEMO_COURSES:
        key = fold(course.name)
        if key in new:
            course_id, validity = new[key].id, course.validity_months
        else:
            course_id, validity = existing[key]
        out.append(_Course(course_id, course.kind, validity, course.applies_to, course.uptake))
    return out


def _record(
    staff_id: int,
    course_id: int,
    status: str,
    *,
    requested_on: dt.date | None = None,
    booked_for: dt.date | None = None,
    completed_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    session_id: int | None = None,
    notes: str = "",
) -> dict[str, Any]:
    return {
        "staff_id": staff_id,
        "course_id": course_id,
        "status": status,
        "requested_on": requested_on,
        "booked_for": booked_for,
        "completed_on": completed_on,
        "expires_on": expires_on,
        "raised_in_session_id": session_id,
        "notes": notes,
    }


def _records_for(
    rng: random.Random,
    rows: list[dict[str, Any]],
    person: Mapping[str, Any],
    course: _Course,
    today: dt.date,
) -> None:
    staff_id: int = person["id"]
    start: dt.date = person["start_date"]
    tenure = (today - start).days
    roll = rng.random()
    if course.kind is K.DEVELOPMENT:
        _development(rng, rows, person, course, today, roll)
        return
    if tenure < 60:  # new starters: booked onto their induction courses, or asked for
        if roll < 0.45:
            _booking(rng, rows, staff_id, course.id, today)
        elif roll < 0.7:
            rows.append(
                _record(
                    staff_id,
                    course.id,
                    _REQUESTED,
                    requested_on=min(
                        today, max(start, today - dt.timedelta(days=rng.randint(0, 20)))
                    ),
                )
            )
        elif roll < 0.85 and tenure > 10:
            done = start + dt.timedelta(days=rng.randint(3, tenure - 1))
            _completion(rng, rows, staff_id, course, done)
        return
    uptake = course.uptake
    if roll < uptake:
        _completed_history(rng, rows, person, course, today)
    elif roll < uptake + (1 - uptake) * 0.35:
        _booking(rng, rows, staff_id, course.id, today)
    elif roll < uptake + (1 - uptake) * 0.55:
        rows.append(
            _record(
                staff_id,
                course.id,
                _REQUESTED,
                requested_on=today - dt.timedelta(days=rng.randint(3, 80)),
            )
        )


def _completed_history(
    rng: random.Random,
    rows: list[dict[str, Any]],
    person: Mapping[str, Any],
    course: _Course,
    today: dt.date,
) -> None:
    """A completion, now valid, expiring soon or expired; sometimes an older one before it
    and a rebooking after it."""
    staff_id: int = person["id"]
    start: dt.date = person["start_date"]
    validity = course.validity
    earliest = start - dt.timedelta(days=180)  # a certificate brought from a previous job
    if validity is None:
        span = max(1, (today - start).days - 7)
        done = start + dt.timedelta(days=rng.randint(7, 7 + min(span, 720)) - 1)
        _completion(rng, rows, staff_id, course, min(done, today))
        return
    roll = rng.random()
    if roll < 0.1:
        expires = today - dt.timedelta(days=rng.randint(1, 420))
    elif roll < 0.19:
        expires = today + dt.timedelta(days=rng.randint(0, 60))
    else:
        expires = today + dt.timedelta(days=rng.randint(61, max(62, int(validity * 30.4) - 2)))
    done = min(add_months(expires, -validity), today)
    if done < earliest:
        done = min(start + dt.timedelta(days=rng.randint(7, 60)), today)
    if rng.random() < 0.2:  # the course before this one, long expired
        before = add_months(done, -validity) - dt.timedelta(days=rng.randint(0, 40))
        if before >= earliest:
            _completion(rng, rows, staff_id, course, before)
    expires_on = _completion(rng, rows, staff_id, course, done)
    assert expires_on is not None
    days_left = (expires_on - today).days
    chance = 0.45 if days_left < 0 else 0.35 if days_left <= 60 else 0.0
    if rng.random() < chance:
        _booking(rng, rows, staff_id, course.id, today)
    elif days_left < 0 and rng.random() < 0.25:
        rows.append(
            _record(
                staff_id,
                course.id,
                _REQUESTED,
                requested_on=today - dt.timedelta(days=rng.randint(2, 45)),
            )
        )


def _completion(
    rng: random.Random,
    rows: list[dict[str, Any]],
    staff_id: int,
    course: _Course,
    done: dt.date,
) -> dt.date | None:
    booked = done if rng.random() < 0.6 else None
    requested = done - dt.timedelta(days=rng.randint(10, 90)) if rng.random() < 0.35 else None
    expires = expiry_date(done, course.validity)
    rows.append(
        _record(
            staff_id,
            course.id,
            _COMPLETED,
            requested_on=requested,
            booked_for=booked,
            completed_on=done,
            expires_on=expires,
        )
    )
    return expires


def _booking(
    rng: random.Random,
    rows: list[dict[str, Any]],
    staff_id: int,
    course_id: int,
    today: dt.date,
) -> None:
    requested = today - dt.timedelta(days=rng.randint(3, 40))
    if rng.random() < 0.1:  # an earlier date fell through
        rows.append(
            _record(
                staff_id,
                course_id,
                _CANCELLED,
                requested_on=requested,
                booked_for=today - dt.timedelta(days=rng.randint(1, 2)),
                notes="Course cancelled by the provider.",
            )
        )
    rows.append(
        _record(
            staff_id,
            course_id,
            _BOOKED,
            requested_on=requested,
            booked_for=today + dt.timedelta(days=rng.randint(4, 100)),
            notes=rng.choice(_BOOKING_NOTES),
        )
    )


def _development(
    rng: random.Random,
    rows: list[dict[str, Any]],
    person: Mapping[str, Any],
    course: _Course,
    today: dt.date,
    roll: float,
) -> None:
    staff_id: int = person["id"]
    start: dt.date = person["start_date"]
    end: dt.date | None = person["end_date"]
    if course.applies_to == (R.PEER_APPRENTICE,):
        # study runs for the whole apprenticeship: booked through to its end
        if roll < course.uptake:
            rows.append(
                _record(
                    staff_id,
                    course.id,
                    _BOOKED,
                    requested_on=min(start, today),
                    booked_for=end if end is not None and end >= start else add_months(start, 18),
                    notes="Off-the-job study with the training provider, one day a week.",
                )
            )
        return
    if roll < course.uptake * 0.5 and (today - start).days > 120:
        done = today - dt.timedelta(days=rng.randint(30, min(900, (today - start).days)))
        _completion(rng, rows, staff_id, course, done)
    elif roll < course.uptake:
        rows.append(
            _record(
                staff_id,
                course.id,
                _REQUESTED,
                requested_on=today - dt.timedelta(days=rng.randint(5, 120)),
            )
        )


def _raised_in_supervision(
    session: Session,
    rng: random.Random,
    rows: list[dict[str, Any]],
    current: Sequence[Mapping[str, Any]],
    courses: Sequence[_Course],
    today: dt.date,
) -> int:
    """Requests (some now booked) for a development or role-specific course, raised in one
    of the person's held one-to-ones in the last year and linked to it."""
    chosen = [p for p in current if p["supervisor_id"] is not None and rng.random() < 0.07]
    if not chosen:
        return 0
    since = today - dt.timedelta(days=365)
    held: dict[int, list[tuple[int, dt.date]]] = {}
    ids = [p["id"] for p in chosen]
    for begin in range(0, len(ids), 500):
        query = (
            select(
                SupervisionSession.supervisee_id,
                SupervisionSession.id,
                SupervisionSession.session_date,
            )
            .where(
                SupervisionSession.supervisee_id.in_(ids[begin : begin + 500]),
                SupervisionSession.outcome == SessionOutcome.HELD.value,
                SupervisionSession.session_date >= since,
                SupervisionSession.session_date <= today,
            )
            .order_by(SupervisionSession.supervisee_id, SupervisionSession.id)
        )
        for staff_id, session_id, day in session.execute(query):
            held.setdefault(staff_id, []).append((session_id, day))
    optional = [c for c in courses if c.kind is not K.MANDATORY]
    added = 0
    for person in chosen:
        sessions = held.get(person["id"])
        if not sessions:
            continue
        fitting = [c for c in optional if applies_to_role(c.applies_to, person["role_category"])]
        if not fitting:
            continue
        session_id, day = rng.choice(sessions)
        course = rng.choice(fitting)
        booked = rng.random() < 0.4
        rows.append(
            _record(
                person["id"],
                course.id,
                _BOOKED if booked else _REQUESTED,
                requested_on=day,
                booked_for=today + dt.timedelta(days=rng.randint(10, 120)) if booked else None,
                session_id=session_id,
                notes=rng.choice(_NEED_NOTES),
            )
        )
        added += 1
    return added
