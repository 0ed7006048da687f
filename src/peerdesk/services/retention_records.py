"""A leaver's records one by one, for erasing a single record rather than a whole kind.

Each record is named by its kind, type and id (``HeldRecord``) and described without any of
its content: a date and what sort of record it is ("One-to-one (line management) on
3 Mar 2025"), so the list can be shown and the erasure audited without repeating a word of
what was written. Erasing a record removes what belongs to it (a one-to-one's amendments,
the actions agreed in it and any draft of it; an apprenticeship's hours and reviews) and
unlinks what only points at it (a training need raised in that one-to-one).

The kind of "personal details" is fields of the person's own row, not records: it has
none to choose from, and is erased as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from peerdesk.domain.enums import DualRelationshipType, SessionType, TrainingStatus
from peerdesk.domain.retention import RecordKind
from peerdesk.domain.text import short_date
from peerdesk.services.errors import NotFound
from peerdesk.services.retention_views import HeldRecord
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    DualRelationship,
    OffTheJobHours,
    SessionAmendment,
    SessionDraft,
    StaffAbsence,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    TrainingCourse,
    TrainingRecord,
    WellnessPlan,
)

__all__ = ["HeldRecord", "erase_record", "find_record", "held_records", "record_parts"]

GONE = "That record is no longer held; the list has been brought up to date."


def kinds_with_records() -> tuple[RecordKind, ...]:
    """The kinds whose records can be erased one at a time (``SINGLE_RECORD_KINDS``)."""
    return tuple(kind for kind in RecordKind if kind in _LISTERS)


def held_records(session: Session, staff_id: int, kind: RecordKind) -> list[HeldRecord]:
    """The person's records of ``kind``, newest first (none for personal details)."""
    lister = _LISTERS.get(kind)
    if lister is None:
        return []
    records = lister(session, staff_id)
    records.sort(key=lambda r: (r.on or dt.date.min, r.record_id), reverse=True)
    return records


def find_record(
    session: Session, staff_id: int, kind: RecordKind, record_type: str, record_id: int
) -> HeldRecord:
    """The person's record, or NotFound when it has gone (or was never theirs)."""
    for record in held_records(session, staff_id, kind):
        if (record.record_type, record.record_id) == (record_type, record_id):
            return record
    raise NotFound(GONE)


def record_parts(session: Session, record: HeldRecord) -> list[tuple[str, int]]:
    """What erasing the record removes: (label, count), present parts only, the record
    itself first."""
    counter = _PARTS[record.record_type]
    return [(label, n) for label, n in counter(session, record.record_id) if n]


def erase_record(session: Session, record: HeldRecord) -> None:
    """Delete the record and what belongs to it (inside the caller's transaction)."""
    _ERASERS[record.record_type](session, record.record_id)


# -- listing ----------------------------------------------------------------------------


def _label(enum: type[Enum], value: str) -> str:
    try:
        return str(getattr(enum(value), "label", value))
    except ValueError:
        return value.replace("_", " ")


def _date(day: dt.date | None) -> str:
    return short_date(day) if day is not None else "no date"


def _supervision(session: Session, staff_id: int) -> list[HeldRecord]:
    kind = RecordKind.SUPERVISION
    records = [
        HeldRecord(
            kind,
            "session",
            row_id,
            day,
            f"One-to-one ({_label(SessionType, session_type).lower()}) on {_date(day)}",
        )
        for row_id, day, session_type in session.execute(
            select(
                SupervisionSession.id,
                SupervisionSession.session_date,
                SupervisionSession.session_type,
            ).where(SupervisionSession.supervisee_id == staff_id)
        )
    ]
    records += [
        HeldRecord(kind, "agreement", row_id, day, f"Supervision agreement of {_date(day)}")
        for row_id, day in session.execute(
            select(SupervisionAgreement.id, SupervisionAgreement.agreed_on).where(
                SupervisionAgreement.staff_id == staff_id
            )
        )
    ]
    return records


def _wellbeing(session: Session, staff_id: int) -> list[HeldRecord]:
    return [
        HeldRecord(
            RecordKind.WELLBEING,
            "wellness_plan",
            row_id,
            day,
            f"Wellness plan, agreed {_date(day)}" if day else "Wellness plan (not yet agreed)",
        )
        for row_id, day in session.execute(
            select(WellnessPlan.id, WellnessPlan.agreed_on).where(WellnessPlan.staff_id == staff_id)
        )
    ]


def _training(session: Session, staff_id: int) -> list[HeldRecord]:
    rows = session.execute(
        select(
            TrainingRecord.id,
            TrainingCourse.name,
            TrainingRecord.status,
            TrainingRecord.completed_on,
            TrainingRecord.booked_for,
            TrainingRecord.requested_on,
        )
        .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
        .where(TrainingRecord.staff_id == staff_id)
    )
    records = []
    for row_id, course, status, completed, booked, requested in rows:
        day = completed or booked or requested
        status_text = _label(TrainingStatus, status).lower()
        records.append(
            HeldRecord(
                RecordKind.TRAINING,
                "training",
                row_id,
                day,
                f"{course}: {status_text}" + (f", {_date(day)}" if day else ""),
            )
        )
    return records


def _absences(session: Session, staff_id: int) -> list[HeldRecord]:
    return [
        HeldRecord(
            RecordKind.ABSENCES,
            "absence",
            row_id,
            first,
            f"Absence from {_date(first)}" + (f" to {_date(last)}" if last else " (no end date)"),
        )
        for row_id, first, last in session.execute(
            select(StaffAbsence.id, StaffAbsence.first_day, StaffAbsence.last_day).where(
                StaffAbsence.staff_id == staff_id
            )
        )
    ]


def _relationships(session: Session, staff_id: int) -> list[HeldRecord]:
    records = []
    for row_id, kind, agreed, created in session.execute(
        select(
            DualRelationship.id,
            DualRelationship.relationship_type,
            DualRelationship.agreed_on,
            DualRelationship.created_at,
        ).where(DualRelationship.staff_id == staff_id)
    ):
        day = agreed or created.date()
        records.append(
            HeldRecord(
                RecordKind.RELATIONSHIPS,
                "relationship",
                row_id,
                day,
                f"Dual relationship ({_label(DualRelationshipType, kind).lower()}), "
                f"{'agreed' if agreed else 'recorded'} {_date(day)}",
            )
        )
    return records


def _apprenticeships(session: Session, staff_id: int) -> list[HeldRecord]:
    return [
        HeldRecord(
            RecordKind.APPRENTICESHIP,
            "apprenticeship",
            row_id,
            start,
            f"Apprenticeship: {programme}, from {_date(start)}",
        )
        for row_id, programme, start in session.execute(
            select(Apprenticeship.id, Apprenticeship.programme, Apprenticeship.start_date).where(
                Apprenticeship.staff_id == staff_id
            )
        )
    ]


_LISTERS: dict[RecordKind, Callable[[Session, int], list[HeldRecord]]] = {
    RecordKind.SUPERVISION: _supervision,
    RecordKind.WELLBEING: _wellbeing,
    RecordKind.TRAINING: _training,
    RecordKind.ABSENCES: _absences,
    RecordKind.RELATIONSHIPS: _relationships,
    RecordKind.APPRENTICESHIP: _apprenticeships,
}


# -- what goes with a record ------------------------------------------------------------


def _count(session: Session, column: Any, record_id: int) -> int:
    """How many rows have ``column`` (their link to the record) equal to ``record_id``."""
    return int(session.scalar(select(func.count()).where(column == record_id)) or 0)


def _session_parts(session: Session, record_id: int) -> list[tuple[str, int]]:
    return [
        ("one-to-ones", 1),
        (
            "amendments",
            _count(session, SessionAmendment.session_id, record_id),
        ),
        (
            "actions",
            _count(session, SupervisionAction.session_id, record_id),
        ),
        ("unsaved drafts", _count(session, SessionDraft.session_id, record_id)),
    ]


def _apprenticeship_parts(session: Session, record_id: int) -> list[tuple[str, int]]:
    return [
        ("apprenticeships", 1),
        (
            "off-the-job hours entries",
            _count(session, OffTheJobHours.apprenticeship_id, record_id),
        ),
        (
            "progress reviews",
            _count(session, ApprenticeshipReview.apprenticeship_id, record_id),
        ),
    ]


def _just(label: str) -> Callable[[Session, int], list[tuple[str, int]]]:
    return lambda _session, _record_id: [(label, 1)]


_PARTS: dict[str, Callable[[Session, int], list[tuple[str, int]]]] = {
    "session": _session_parts,
    "agreement": _just("supervision agreements"),
    "wellness_plan": _just("wellness plans"),
    "training": _just("training records"),
    "absence": _just("absences"),
    "relationship": _just("dual relationships"),
    "apprenticeship": _apprenticeship_parts,
}


# -- erasing ----------------------------------------------------------------------------


def _erase_session(session: Session, record_id: int) -> None:
    session.execute(
        update(TrainingRecord)
        .where(TrainingRecord.raised_in_session_id == record_id)
        .values(raised_in_session_id=None)
    )
    session.execute(
        update(SupervisionAction)
        .where(SupervisionAction.closed_in_session_id == record_id)
        .values(closed_in_session_id=None)
    )
    session.execute(delete(SessionDraft).where(SessionDraft.session_id == record_id))
    session.execute(delete(SessionAmendment).where(SessionAmendment.session_id == record_id))
    session.execute(delete(SupervisionAction).where(SupervisionAction.session_id == record_id))
    session.execute(delete(SupervisionSession).where(SupervisionSession.id == record_id))


def _erase_apprenticeship(session: Session, record_id: int) -> None:
    session.execute(delete(OffTheJobHours).where(OffTheJobHours.apprenticeship_id == record_id))
    session.execute(
        delete(ApprenticeshipReview).where(ApprenticeshipReview.apprenticeship_id == record_id)
    )
    session.execute(delete(Apprenticeship).where(Apprenticeship.id == record_id))


def _delete_row(model: Any) -> Callable[[Session, int], None]:
    def erase(session: Session, record_id: int) -> None:
        session.execute(delete(model).where(model.id == record_id))

    return erase


_ERASERS: dict[str, Callable[[Session, int], None]] = {
    "session": _erase_session,
    "agreement": _delete_row(SupervisionAgreement),
    "wellness_plan": _delete_row(WellnessPlan),
    "training": _delete_row(TrainingRecord),
    "absence": _delete_row(StaffAbsence),
    "relationship": _delete_row(DualRelationship),
    "apprenticeship": _erase_apprenticeship,
}
