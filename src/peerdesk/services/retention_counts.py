"""How many records of one kind each of many leavers still holds, in a few grouped queries
(the review queue's counts; ``retention_service._parts`` says the same for one person,
part by part, and a test checks that the two agree)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from peerdesk.domain.retention import RecordKind
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    ConvictionAssessment,
    DualRelationship,
    OffTheJobHours,
    SessionAmendment,
    SessionDraft,
    StaffAbsence,
    StaffMember,
    StaffRole,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    TrainingRecord,
    WellnessPlan,
)


def _by_staff(session: Session, key: Any, statement: Any) -> Counter[int]:
    """``statement`` counted per ``key`` (a staff id column), as a Counter."""
    query = statement.add_columns(key, func.count()).group_by(key)
    return Counter({staff_id: count for staff_id, count in session.execute(query)})


def _own(column: Any, ids: Collection[int]) -> Any:
    return select().where(column.in_(ids))


def record_counts(
    session: Session, kind: RecordKind, ids: Collection[int], personal: dict[int, int]
) -> Counter[int]:
    """Records of ``kind`` held for each of ``ids`` (people with none are left out).

    ``personal``: for each id, how many of the kind's fields on the person's own row hold
    something (wellbeing notes, or the personal details), worked out by the caller."""
    if not ids:
        return Counter()
    counts: Counter[int] = Counter()
    sessions = SupervisionSession
    if kind is RecordKind.SUPERVISION:
        counts += _by_staff(session, sessions.supervisee_id, _own(sessions.supervisee_id, ids))
        counts += _by_staff(
            session,
            sessions.supervisee_id,
            select()
            .select_from(SessionAmendment)
            .join(sessions, sessions.id == SessionAmendment.session_id)
            .where(sessions.supervisee_id.in_(ids)),
        )
        # an action or draft counts for the person it is about, and for the person whose
        # session it was agreed in when that is someone else
        counts += _by_staff(
            session, SupervisionAction.staff_id, _own(SupervisionAction.staff_id, ids)
        )
        counts += _by_staff(
            session,
            sessions.supervisee_id,
            select()
            .select_from(SupervisionAction)
            .join(sessions, sessions.id == SupervisionAction.session_id)
            .where(
                sessions.supervisee_id.in_(ids),
                SupervisionAction.staff_id != sessions.supervisee_id,
            ),
        )
        counts += _by_staff(
            session, SupervisionAgreement.staff_id, _own(SupervisionAgreement.staff_id, ids)
        )
        counts += _by_staff(
            session, SessionDraft.supervisee_id, _own(SessionDraft.supervisee_id, ids)
        )
        counts += _by_staff(
            session,
            sessions.supervisee_id,
            select()
            .select_from(SessionDraft)
            .join(sessions, sessions.id == SessionDraft.session_id)
            .where(
                sessions.supervisee_id.in_(ids),
                SessionDraft.supervisee_id != sessions.supervisee_id,
            ),
        )
    elif kind is RecordKind.WELLBEING:
        counts += _by_staff(session, WellnessPlan.staff_id, _own(WellnessPlan.staff_id, ids))
    elif kind is RecordKind.TRAINING:
        counts += _by_staff(session, TrainingRecord.staff_id, _own(TrainingRecord.staff_id, ids))
    elif kind is RecordKind.ABSENCES:
        counts += _by_staff(session, StaffAbsence.staff_id, _own(StaffAbsence.staff_id, ids))
    elif kind is RecordKind.RELATIONSHIPS:
        counts += _by_staff(
            session, DualRelationship.staff_id, _own(DualRelationship.staff_id, ids)
        )
    elif kind is RecordKind.APPRENTICESHIP:
        counts += _by_staff(session, Apprenticeship.staff_id, _own(Apprenticeship.staff_id, ids))
        for child, link in (
            (OffTheJobHours, OffTheJobHours.apprenticeship_id),
            (ApprenticeshipReview, ApprenticeshipReview.apprenticeship_id),
        ):
            counts += _by_staff(
                session,
                Apprenticeship.staff_id,
                select()
                .select_from(child)
                .join(Apprenticeship, and_(Apprenticeship.id == link))
                .where(Apprenticeship.staff_id.in_(ids)),
            )
    else:
        counts += _by_staff(session, StaffRole.staff_id, _own(StaffRole.staff_id, ids))
        counts += _by_staff(
            session, ConvictionAssessment.staff_id, _own(ConvictionAssessment.staff_id, ids)
        )
    counts += Counter({staff_id: n for staff_id, n in personal.items() if n})
    return counts


def leaver_rows(session: Session, ids: Collection[int]) -> dict[int, StaffMember]:
    """The leavers' own rows (their notes and personal fields), in one query."""
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(StaffMember).where(StaffMember.id.in_(ids)))}
