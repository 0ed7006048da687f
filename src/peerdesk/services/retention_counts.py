"""What each kind of a leaver's records holds, part by part ("one-to-ones", "actions" …),
for one person or many at once: one grouped query per part, whatever the number of people
(the review queue counts every leaver due; a plan counts one person's)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peerdesk.domain.retention import RecordKind
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    ConvictionAssessment,
    DualRelationship,
    FormDraft,
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

Ids = Collection[int]
# a part's grouped queries: each selects from its table(s) and names the person's id column
Grouped = Callable[[Ids], list[tuple[Any, Any]]]
_S = SupervisionSession


def _own(column: Any) -> Grouped:
    """Rows whose ``column`` is the person's id."""
    return lambda ids: [(column, select().where(column.in_(ids)))]


def _via_sessions(table: Any, link: Any, own: Any) -> Grouped:
    """Rows of ``table`` about the person (``own``), and those agreed in the person's
    sessions though about someone else (counted for both, as erasing either removes them).
    The second reads ``table`` once: ``link`` has no index to search by."""

    def grouped(ids: Ids) -> list[tuple[Any, Any]]:
        whose = select(_S.supervisee_id).where(_S.id == link).scalar_subquery()
        theirs = select(_S.id).where(_S.supervisee_id.in_(ids))
        return [
            (own, select().where(own.in_(ids))),
            (whose, select().select_from(table).where(link.in_(theirs), own != whose)),
        ]

    return grouped


def _via(table: Any, link: Any, parent: Any, parent_staff: Any) -> Grouped:
    """Rows of ``table`` belonging to a row of ``parent`` that is the person's."""
    return lambda ids: [
        (
            parent_staff,
            select()
            .select_from(table)
            .join(parent, parent.id == link)
            .where(parent_staff.in_(ids)),
        )
    ]


# each kind's parts in the order a plan lists them; the person's own row (notes, personal
# details) is counted by the caller, which knows its fields
PARTS: dict[RecordKind, tuple[tuple[str, Grouped], ...]] = {
    RecordKind.SUPERVISION: (
        ("one-to-ones", _own(_S.supervisee_id)),
        ("amendments", _via(SessionAmendment, SessionAmendment.session_id, _S, _S.supervisee_id)),
        (
            "actions",
            _via_sessions(
                SupervisionAction, SupervisionAction.session_id, SupervisionAction.staff_id
            ),
        ),
        ("supervision agreements", _own(SupervisionAgreement.staff_id)),
        (
            "unsaved drafts",
            _via_sessions(SessionDraft, SessionDraft.session_id, SessionDraft.supervisee_id),
        ),
    ),
    RecordKind.WELLBEING: (("wellness plans", _own(WellnessPlan.staff_id)),),
    RecordKind.TRAINING: (("training records", _own(TrainingRecord.staff_id)),),
    RecordKind.ABSENCES: (("absences", _own(StaffAbsence.staff_id)),),
    RecordKind.RELATIONSHIPS: (("dual relationships", _own(DualRelationship.staff_id)),),
    RecordKind.APPRENTICESHIP: (
        ("apprenticeships", _own(Apprenticeship.staff_id)),
        (
            "off-the-job hours entries",
            _via(
                OffTheJobHours,
                OffTheJobHours.apprenticeship_id,
                Apprenticeship,
                Apprenticeship.staff_id,
            ),
        ),
        (
            "progress reviews",
            _via(
                ApprenticeshipReview,
                ApprenticeshipReview.apprenticeship_id,
                Apprenticeship,
                Apprenticeship.staff_id,
            ),
        ),
    ),
    RecordKind.PERSONAL_DETAILS: (
        ("further roles", _own(StaffRole.staff_id)),
        ("fair-chance risk assessments", _own(ConvictionAssessment.staff_id)),
        ("forms kept when PeerDesk locked", _own(FormDraft.staff_id)),
    ),
}


def record_parts(session: Session, kind: RecordKind, ids: Ids) -> dict[int, list[tuple[str, int]]]:
    """For each of ``ids``, (label, count) of every part of ``kind`` they still hold
    (parts with nothing are left out), in the kind's order."""
    parts: dict[int, list[tuple[str, int]]] = {staff_id: [] for staff_id in ids}
    if not ids:
        return parts
    for label, grouped in PARTS[kind]:
        counts: Counter[int] = Counter()
        for key, statement in grouped(ids):
            query = statement.add_columns(key, func.count()).group_by(key)
            counts.update({staff_id: n for staff_id, n in session.execute(query)})
        for staff_id in ids:
            if counts[staff_id]:
                parts[staff_id].append((label, counts[staff_id]))
    return parts


def leaver_rows(session: Session, ids: Ids) -> dict[int, StaffMember]:
    """The leavers' own rows (their notes and personal fields), in one query."""
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(StaffMember).where(StaffMember.id.in_(ids)))}
