"""Retention periods, the review queue of leavers' records past their date, and erasure.

Administrators only. The organisation sets, per kind of record (``domain.retention``), how
many months a leaver's records are kept after their last working day; the queue lists the
kinds of leavers' records past that date; an administrator erases one kind of a person's
records, or the whole person.

An erasure is one transaction of bulk statements (nothing is ever half-erased). The
person's row stays as a tombstone, because other people's records point at it (one-to-ones
they supervised, actions they owned), holding only what the organisation keeps
(``Organisation.kept_after_erasure``). With ``secure_delete`` on, SQLite zeroes what it
deletes; after the commit ``empty_journal`` checkpoints and truncates the WAL, so the
erased words survive in neither file. The erasure is recorded in the audit trail by kinds
and counts only: never what was erased. (The change audit never copies names or free text
into the trail in the first place: see services/change_audit.py.)

A linked user account that is still active is refused: it is deactivated first on the
Users tab, which also removes its key slot. An inactive one is unlinked and, unless the
name is kept, renamed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import LivedExperience
from peerdesk.domain.retention import (
    KEEPABLE,
    Keepable,
    RecordKind,
    check_periods,
    due_on,
    erased_name,
    format_kept,
    is_due,
    parse_kept,
)
from peerdesk.domain.text import fold, long_date
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.retention_counts import leaver_rows, record_parts
from peerdesk.services.retention_records import erase_record as erase_one_record
from peerdesk.services.retention_records import find_record, held_records
from peerdesk.services.retention_records import record_parts as one_record_parts
from peerdesk.services.retention_views import (
    ErasurePlan,
    ErasureResult,
    HeldRecord,
    KindPlan,
    QueueRow,
    RetentionSettings,
)
from peerdesk.store.journal import empty_journal
from peerdesk.store.models import (
    Apprenticeship,
    ApprenticeshipReview,
    ConvictionAssessment,
    DualRelationship,
    FormDraft,
    OffTheJobHours,
    Organisation,
    RetentionPeriod,
    SessionAmendment,
    SessionDraft,
    StaffAbsence,
    StaffMember,
    StaffRole,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    TrainingRecord,
    UserAccount,
    WellnessPlan,
)
from peerdesk.store.types import utc_now

__all__ = [
    "ERASED_ACTION",
    "ErasurePlan",
    "ErasureResult",
    "HeldRecord",
    "KindPlan",
    "QueueRow",
    "RetentionService",
    "RetentionSettings",
]

ERASED_ACTION = "erased records"
_JOURNAL_BUSY = (
    " Another program is reading the database, so the erased words may stay in its journal "
    "file until PeerDesk next closes."
)
DEFAULT_MONTHS = 72  # six years, when a period is missing

# Personal fields of the person's own row, blanked by erasing their personal details:
# (column, its default, how it is named in the confirmation).
_PERSONAL: tuple[tuple[str, object, str], ...] = (
    ("preferred_name", "", "preferred name"),
    ("pronouns", "", "pronouns"),
    ("leaving_reason", "", "leaving reason"),
    ("lived_experience", LivedExperience.PREFER_NOT_TO_SAY.value, "lived experience"),
    ("counted_in_aggregates", False, "consent to be counted in figures"),
    ("former_service_user", False, "former service user"),
    ("hours_per_week", None, "hours a week"),
    ("line_manager_id", None, "line manager"),
    ("supervisor_id", None, "supervisor"),
)
_WELLBEING: tuple[tuple[str, object, str], ...] = (
    ("reasonable_adjustments", "", "reasonable adjustments"),
    ("wellbeing_notes", "", "wellbeing notes"),
)


class RetentionService:
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

    # -- settings ------------------------------------------------------------------------

    def settings(self, actor: Actor) -> RetentionSettings:
        access_rules.require_administrator(actor, "see how long records are kept")
        with self._sessions() as session:
            return RetentionSettings(periods=_periods(session), kept=_kept(session))

    def save_settings(
        self, actor: Actor, periods: dict[RecordKind, int], kept: frozenset[Keepable]
    ) -> RetentionSettings:
        """Set the months each kind is kept and what erasing keeps; ValidationError names
        every period out of range."""
        access_rules.require_administrator(actor, "change how long records are kept")
        cleaned = {RecordKind(kind): int(months) for kind, months in periods.items()}
        check_periods(cleaned)
        with self._sessions.begin() as session:
            for kind, months in cleaned.items():
                row = session.get(RetentionPeriod, kind.value)
                if row is None:
                    session.add(RetentionPeriod(kind=kind.value, months=months))
                elif row.months != months:
                    row.months = months
            organisation = session.scalars(
                select(Organisation).order_by(Organisation.id).limit(1)
            ).first()
            if organisation is None:
                raise Conflict("Set the organisation up before choosing what erasing keeps.")
            stored = format_kept(kept)
            if organisation.kept_after_erasure != stored:
                organisation.kept_after_erasure = stored
                organisation.updated_at = utc_now()
            session.flush()
            return RetentionSettings(periods=_periods(session), kept=_kept(session))

    # -- the review queue ----------------------------------------------------------------

    def queue(self, actor: Actor) -> list[QueueRow]:
        """Each kind of each leaver's records past its date and still held, the longest
        overdue first."""
        access_rules.require_administrator(actor, "review records past their date")
        today = self._today()
        rows: list[QueueRow] = []
        with self._sessions() as session:
            periods = _periods(session)
            leavers = session.execute(
                select(StaffMember.id, StaffMember.full_name, StaffMember.end_date)
                .where(StaffMember.end_date.is_not(None), StaffMember.end_date < today)
                .order_by(StaffMember.end_date, StaffMember.sort_name, StaffMember.id)
            ).all()
            due: dict[RecordKind, list[int]] = {kind: [] for kind in RecordKind}
            for staff_id, _name, left_on in leavers:
                for kind in RecordKind:
                    if left_on is not None and is_due(left_on, periods[kind], today):
                        due[kind].append(staff_id)
            people = leaver_rows(session, {i for ids in due.values() for i in ids})
            for kind, ids in due.items():
                parts = _kind_parts(session, kind, ids, people)
                for staff_id in ids:
                    person = people[staff_id]
                    held = sum(n for _label, n in parts[staff_id])
                    if held and person.end_date is not None:
                        rows.append(
                            QueueRow(
                                staff_id=staff_id,
                                name=person.full_name,
                                left_on=person.end_date,
                                kind=kind,
                                due_since=due_on(person.end_date, periods[kind]),
                                record_count=held,
                            )
                        )
        order = list(RecordKind)
        rows.sort(key=lambda r: (r.due_since, fold(r.name), r.staff_id, order.index(r.kind)))
        return rows

    # -- planning an erasure -------------------------------------------------------------

    def plan_person(self, actor: Actor, staff_id: int) -> ErasurePlan:
        """What erasing the whole person would remove and keep; nothing is changed."""
        access_rules.require_administrator(actor, "erase a person's records")
        with self._sessions() as session:
            return self._plan(session, staff_id, tuple(RecordKind), whole=True)

    def plan_records(self, actor: Actor, staff_id: int, kind: RecordKind) -> ErasurePlan:
        """What erasing one kind of the person's records would remove; nothing is changed."""
        access_rules.require_administrator(actor, "erase a person's records")
        with self._sessions() as session:
            return self._plan(session, staff_id, (RecordKind(kind),), whole=False)

    # -- erasing -------------------------------------------------------------------------

    def erase_person(self, actor: Actor, staff_id: int) -> ErasureResult:
        """Erase everything held about a leaver except what the organisation keeps."""
        access_rules.require_administrator(actor, "erase a person's records")
        return self._erase(actor, staff_id, tuple(RecordKind), whole=True)

    def erase_records(self, actor: Actor, staff_id: int, kind: RecordKind) -> ErasureResult:
        """Erase one kind of a leaver's records; the others stay."""
        access_rules.require_administrator(actor, "erase a person's records")
        return self._erase(actor, staff_id, (RecordKind(kind),), whole=False)

    # -- one record at a time -----------------------------------------------------------

    def records(self, actor: Actor, staff_id: int, kind: RecordKind) -> list[HeldRecord]:
        """A leaver's records of ``kind`` one by one, newest first, described without
        their content (none for personal details, which are erased as a whole)."""
        access_rules.require_administrator(actor, "erase a person's records")
        with self._sessions() as session:
            self._leaver(session, staff_id)
            return held_records(session, staff_id, RecordKind(kind))

    def plan_record(self, actor: Actor, staff_id: int, record: HeldRecord) -> ErasurePlan:
        """What erasing one record would remove; nothing is changed."""
        access_rules.require_administrator(actor, "erase a person's records")
        with self._sessions() as session:
            person = self._leaver(session, staff_id)
            found = find_record(
                session, staff_id, record.kind, record.record_type, record.record_id
            )
            parts = tuple(one_record_parts(session, found))
            goes = ", ".join(_counted(label, count) for label, count in parts)
            sentences = (
                f"This erases one record of {person.full_name}: {found.label}. Their other "
                "records stay.",
                f"Goes: {goes}.",
                "Backups made before today still hold this record until they are rotated out.",
                "This cannot be undone.",
            )
            return ErasurePlan(
                staff_id=staff_id,
                name=person.full_name,
                whole_person=False,
                kinds=(KindPlan(kind=found.kind, parts=parts, fields=()),),
                kept=(),
                sentences=sentences,
                record=found.label,
            )

    def erase_record(self, actor: Actor, staff_id: int, record: HeldRecord) -> ErasureResult:
        """Erase one record of a leaver and what belongs to it; the rest stays."""
        access_rules.require_administrator(actor, "erase a person's records")
        with self._sessions.begin() as session:
            self._leaver(session, staff_id)
            found = find_record(
                session, staff_id, record.kind, record.record_type, record.record_id
            )
            parts = one_record_parts(session, found)
            erase_one_record(session, found)
            session.execute(
                update(StaffMember).where(StaffMember.id == staff_id).values(updated_at=utc_now())
            )
            count = sum(n for _label, n in parts)
            # never a name or a word of the record: its type and id, kinds and counts
            self._audit.record(
                actor,
                ERASED_ACTION,
                f"staff member {staff_id}",
                {
                    "staff_id": staff_id,
                    "whole_person": False,
                    "kinds": [found.kind.value],
                    "record": f"{found.record_type} {found.record_id}",
                    "counts": {found.kind.value: count},
                },
                session=session,
            )
        emptied = empty_journal(self._sessions)
        message = (
            f"Erased one record: {', '.join(_counted(label, n) for label, n in parts)} removed; "
            "the erasure is recorded in the audit trail (kinds and counts only)."
        )
        if not emptied:
            message += _JOURNAL_BUSY
        return ErasureResult(
            staff_id=staff_id,
            kinds=(found.kind,),
            counts={found.kind.value: count},
            journal_emptied=emptied,
            message=message,
        )

    # -- inside --------------------------------------------------------------------------

    def _leaver(self, session: Session, staff_id: int) -> StaffMember:
        person = session.get(StaffMember, staff_id)
        if person is None:
            raise NotFound("That person is not in the staff register (any more).")
        today = self._today()
        if person.end_date is None or person.end_date >= today:
            raise Conflict(
                f"{person.full_name} still works here. Only the records of people who have "
                "left can be erased: record their leaving date first."
            )
        return person

    def _plan(
        self, session: Session, staff_id: int, kinds: Sequence[RecordKind], *, whole: bool
    ) -> ErasurePlan:
        person = self._leaver(session, staff_id)
        kept = _kept(session)
        plans = tuple(
            KindPlan(
                kind=kind,
                parts=tuple(_parts(session, staff_id, kind)),
                fields=_fields_set(person, kind),
            )
            for kind in kinds
        )
        kept_words = _kept_words(kept) if whole else ()
        sentences = _sentences(session, person, plans, kept, whole=whole)
        return ErasurePlan(
            staff_id=staff_id,
            name=person.full_name,
            whole_person=whole,
            kinds=plans,
            kept=kept_words,
            sentences=tuple(sentences),
        )

    def _erase(
        self, actor: Actor, staff_id: int, kinds: Sequence[RecordKind], *, whole: bool
    ) -> ErasureResult:
        today = self._today()
        counts: dict[str, int] = {}
        with self._sessions.begin() as session:
            person = self._leaver(session, staff_id)
            account = session.scalars(
                select(UserAccount).where(UserAccount.staff_id == staff_id).limit(1)
            ).first()
            if whole and account is not None and account.active:
                raise Conflict(
                    f"{person.full_name} still has an active user account. Deactivate it on "
                    "the Users tab first, then erase their records."
                )
            kept = _kept(session)
            for kind in kinds:
                counts[kind.value] = sum(n for _label, n in _parts(session, staff_id, kind))
            for kind in kinds:
                _erase_kind(session, staff_id, kind)
            if whole:
                _erase_person_row(session, person, kept, today, account)
            else:
                session.execute(
                    update(StaffMember)
                    .where(StaffMember.id == staff_id)
                    .values(updated_at=utc_now())
                )
            details: dict[str, object] = {
                "staff_id": staff_id,
                "whole_person": whole,
                "kinds": [kind.value for kind in kinds],
                "counts": counts,
            }
            if whole:
                details["kept"] = sorted(key.value for key in kept)
            # never a name: the subject and details name the record by id only
            self._audit.record(
                actor, ERASED_ACTION, f"staff member {staff_id}", details, session=session
            )
        emptied = empty_journal(self._sessions)
        total = sum(counts.values())
        if whole:
            message = f"Erased. {total} record{'s' if total != 1 else ''} removed"
        else:
            message = (
                f"Erased {kinds[0].label.lower()}: {total} record{'s' if total != 1 else ''} "
                "removed"
            )
        message += "; the erasure is recorded in the audit trail (kinds and counts only)."
        if not emptied:
            message += _JOURNAL_BUSY
        return ErasureResult(
            staff_id=staff_id,
            kinds=tuple(kinds),
            counts=counts,
            journal_emptied=emptied,
            message=message,
        )


# -- settings ---------------------------------------------------------------------------


def _periods(session: Session) -> dict[RecordKind, int]:
    stored = {
        kind: months
        for kind, months in session.execute(select(RetentionPeriod.kind, RetentionPeriod.months))
    }
    periods: dict[RecordKind, int] = {}
    fallback = _fallback_months(session)
    for kind in RecordKind:
        periods[kind] = int(stored.get(kind.value, fallback))
    return periods


def _fallback_months(session: Session) -> int:
    years = session.scalar(select(Organisation.retention_years).order_by(Organisation.id).limit(1))
    return 12 * years if years else DEFAULT_MONTHS


def _kept(session: Session) -> frozenset[Keepable]:
    text = session.scalar(
        select(Organisation.kept_after_erasure).order_by(Organisation.id).limit(1)
    )
    return parse_kept(text if text is not None else "name,employment_dates")


def _kept_words(kept: frozenset[Keepable]) -> tuple[str, ...]:
    return tuple(KEEPABLE[key] for key in Keepable if key in kept)


# -- what a kind holds ------------------------------------------------------------------


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(statement) or 0)


def _sessions_of(staff_id: int) -> Any:
    return select(SupervisionSession.id).where(SupervisionSession.supervisee_id == staff_id)


def _apprenticeships_of(staff_id: int) -> Any:
    return select(Apprenticeship.id).where(Apprenticeship.staff_id == staff_id)


def _parts(session: Session, staff_id: int, kind: RecordKind) -> list[tuple[str, int]]:
    """What a kind of the person's records holds now: (label, count), present ones only."""
    person = session.get(StaffMember, staff_id)
    people = {} if person is None else {staff_id: person}
    return _kind_parts(session, kind, [staff_id], people)[staff_id]


def _kind_parts(
    session: Session, kind: RecordKind, ids: Sequence[int], people: dict[int, StaffMember]
) -> dict[int, list[tuple[str, int]]]:
    """Each person's parts of ``kind``: their records elsewhere (``record_parts``), then
    what their own row holds of it (notes, personal details), last."""
    parts = record_parts(session, kind, ids)
    label = _OWN_ROW_PARTS.get(kind)
    if label is not None:
        for staff_id in ids:
            person = people.get(staff_id)
            held = 0 if person is None else _personal_count(person, kind)
            if held:
                parts[staff_id].append((label, held))
    return parts


def _personal_count(person: StaffMember, kind: RecordKind) -> int:
    """What the person's own row holds of ``kind``: each wellbeing note written, or 1 when
    any personal detail is set."""
    if kind is RecordKind.WELLBEING:
        return sum(1 for text in (person.reasonable_adjustments, person.wellbeing_notes) if text)
    if kind is RecordKind.PERSONAL_DETAILS:
        return 1 if _fields_set(person, kind) else 0
    return 0


def _fields_set(person: StaffMember, kind: RecordKind) -> tuple[str, ...]:
    """The fields of the person's own row that erasing ``kind`` blanks and that hold
    something now, in words."""
    if kind is RecordKind.WELLBEING:
        fields = _WELLBEING
    elif kind is RecordKind.PERSONAL_DETAILS:
        fields = _PERSONAL
    else:
        return ()
    return tuple(label for column, default, label in fields if getattr(person, column) != default)


# -- erasing ----------------------------------------------------------------------------


def _erase_kind(session: Session, staff_id: int, kind: RecordKind) -> None:
    if kind is RecordKind.SUPERVISION:
        own = _sessions_of(staff_id)
        session.execute(
            update(TrainingRecord)
            .where(TrainingRecord.raised_in_session_id.in_(own))
            .values(raised_in_session_id=None)
        )
        session.execute(
            update(SupervisionAction)
            .where(SupervisionAction.closed_in_session_id.in_(own))
            .values(closed_in_session_id=None)
        )
        session.execute(
            delete(SessionDraft).where(
                or_(SessionDraft.supervisee_id == staff_id, SessionDraft.session_id.in_(own))
            )
        )
        session.execute(delete(SessionAmendment).where(SessionAmendment.session_id.in_(own)))
        session.execute(
            delete(SupervisionAction).where(
                or_(SupervisionAction.staff_id == staff_id, SupervisionAction.session_id.in_(own))
            )
        )
        session.execute(
            delete(SupervisionAgreement).where(SupervisionAgreement.staff_id == staff_id)
        )
        session.execute(
            delete(SupervisionSession).where(SupervisionSession.supervisee_id == staff_id)
        )
    elif kind is RecordKind.WELLBEING:
        session.execute(delete(WellnessPlan).where(WellnessPlan.staff_id == staff_id))
        _blank(session, staff_id, _WELLBEING)
        # a person's form kept at a lock may hold their wellbeing notes too (it is counted
        # with their personal details, and goes with either)
        session.execute(delete(FormDraft).where(FormDraft.staff_id == staff_id))
    elif kind is RecordKind.TRAINING:
        session.execute(delete(TrainingRecord).where(TrainingRecord.staff_id == staff_id))
    elif kind is RecordKind.ABSENCES:
        session.execute(delete(StaffAbsence).where(StaffAbsence.staff_id == staff_id))
    elif kind is RecordKind.RELATIONSHIPS:
        session.execute(delete(DualRelationship).where(DualRelationship.staff_id == staff_id))
    elif kind is RecordKind.APPRENTICESHIP:
        own = _apprenticeships_of(staff_id)
        session.execute(delete(OffTheJobHours).where(OffTheJobHours.apprenticeship_id.in_(own)))
        session.execute(
            delete(ApprenticeshipReview).where(ApprenticeshipReview.apprenticeship_id.in_(own))
        )
        session.execute(delete(Apprenticeship).where(Apprenticeship.staff_id == staff_id))
    else:
        session.execute(delete(StaffRole).where(StaffRole.staff_id == staff_id))
        session.execute(
            delete(ConvictionAssessment).where(ConvictionAssessment.staff_id == staff_id)
        )
        session.execute(delete(FormDraft).where(FormDraft.staff_id == staff_id))
        _blank(session, staff_id, _PERSONAL)
        # the preferred name was part of the search text
        row = session.execute(
            select(StaffMember.full_name, StaffMember.job_title).where(StaffMember.id == staff_id)
        ).first()
        if row is not None:
            session.execute(
                update(StaffMember)
                .where(StaffMember.id == staff_id)
                .values(search_text=_search_text(row[0], row[1]))
            )


def _blank(session: Session, staff_id: int, fields: Sequence[tuple[str, object, str]]) -> None:
    session.execute(
        update(StaffMember)
        .where(StaffMember.id == staff_id)
        .values({column: default for column, default, _label in fields})
    )


def _search_text(full_name: str, job_title: str) -> str:
    return " ".join(fold(part) for part in (full_name, job_title) if part)


def _erase_person_row(
    session: Session,
    person: StaffMember,
    kept: frozenset[Keepable],
    today: dt.date,
    account: UserAccount | None,
) -> None:
    """Blank the person's own row down to what is kept, mark it erased, unlink their
    (inactive) account and leave other people's actions without an owner."""
    staff_id = person.id
    session.execute(
        update(SupervisionAction)
        .where(SupervisionAction.owner_id == staff_id)
        .values(owner_id=None, updated_at=utc_now())
    )
    name = person.full_name if Keepable.NAME in kept else erased_name(staff_id)
    job_title = person.job_title if Keepable.JOB_TITLE in kept else ""
    values: dict[str, object] = {
        "full_name": name,
        "sort_name": fold(name),
        "job_title": job_title,
        "job_title_key": fold(job_title),
        "search_text": _search_text(name, job_title),
        "erased_on": today,
        "updated_at": utc_now(),
    }
    if Keepable.TEAM not in kept:
        values["team_id"] = None
    if Keepable.EMPLOYMENT_DATES not in kept and person.end_date is not None:
        # the leaving date stays (PeerDesk needs it to know they have left); the start
        # date goes, replaced by it
        values["start_date"] = person.end_date
    session.execute(update(StaffMember).where(StaffMember.id == staff_id).values(values))
    if account is not None:
        changes: dict[str, object] = {"staff_id": None}
        if Keepable.NAME not in kept:
            changes["display_name"] = erased_name(staff_id)
            changes["username"] = f"erased-{account.id}"
            changes["username_key"] = f"erased-{account.id}"
        session.execute(update(UserAccount).where(UserAccount.id == account.id).values(changes))
    session.expire_all()


# -- the confirmation -------------------------------------------------------------------

_PERSONAL_PART = "the personal details on their record"
# the part a kind has on the person's own row, listed after its other parts
_OWN_ROW_PARTS = {
    RecordKind.WELLBEING: "notes on their record",
    RecordKind.PERSONAL_DETAILS: _PERSONAL_PART,
}
_SINGULAR = {
    "one-to-ones": "one-to-one",
    "amendments": "amendment",
    "actions": "action",
    "supervision agreements": "supervision agreement",
    "unsaved drafts": "unsaved draft",
    "wellness plans": "wellness plan",
    "notes on their record": "note on their record",
    "training records": "training record",
    "absences": "absence",
    "dual relationships": "dual relationship",
    "apprenticeships": "apprenticeship",
    "off-the-job hours entries": "off-the-job hours entry",
    "progress reviews": "progress review",
    "further roles": "further role",
    "fair-chance risk assessments": "fair-chance risk assessment",
    "forms kept when PeerDesk locked": "form kept when PeerDesk locked",
}


def _counted(label: str, count: int) -> str:
    """ "3 actions", "1 action"."""
    if label == _PERSONAL_PART:
        return label  # a set of fields, not a number of records
    return f"{count} {_SINGULAR.get(label, label) if count == 1 else label}"


def _sentences(
    session: Session,
    person: StaffMember,
    plans: Sequence[KindPlan],
    kept: frozenset[Keepable],
    *,
    whole: bool,
) -> list[str]:
    staff_id = person.id
    name = person.full_name
    lines: list[str] = []
    if whole:
        lines.append(
            f"This erases everything PeerDesk holds about {name} (left on "
            f"{long_date(person.end_date or dt.date.min)}), except what your organisation "
            "keeps."
        )
    else:
        lines.append(
            f"This erases {plans[0].kind.label.lower()} of {name}; their other records stay."
        )
    goes = [plan for plan in plans if plan.parts or plan.fields]
    if not goes and not whole:
        lines.append("There is nothing of this kind left to erase.")
    for plan in goes:
        parts = ", ".join(_counted(label, count) for label, count in plan.parts)
        text = f"Goes: {plan.kind.label}: {parts}." if parts else f"Goes: {plan.kind.label}."
        if plan.fields:
            text += f" Blanked on their record: {', '.join(plan.fields)}."
        lines.append(text)
    if whole:
        blanked = [label for key, label in KEEPABLE.items() if key not in kept]
        if blanked:
            words = ", ".join(label.lower() for label in blanked)
            lines.append(f"Also blanked on their record: {words}.")
        if Keepable.NAME not in kept:
            lines.append(f"Their name is replaced by \u201c{erased_name(staff_id)}\u201d.")
        if Keepable.EMPLOYMENT_DATES not in kept:
            lines.append(
                "Their leaving date stays (PeerDesk needs it to know they have left); their "
                "start date goes."
            )
        kept_words = _kept_words(kept)
        if kept_words:
            lines.append(
                "Stays, because your organisation keeps it: "
                f"{', '.join(word.lower() for word in kept_words)}."
            )
        else:
            lines.append("Your organisation keeps nothing else about a person it erases.")
        supervised = _count(
            session,
            select(func.count(SupervisionSession.id)).where(
                SupervisionSession.supervisor_id == staff_id,
                SupervisionSession.supervisee_id != staff_id,
            ),
        )
        if supervised:
            lines.append(
                f"{_counted('one-to-ones', supervised)} they held as supervisor with other "
                f"people {'stays' if supervised == 1 else 'stay'}: those are the other "
                "people's records, and their name stays on them as the supervisor who signed."
            )
        owned = _count(
            session,
            select(func.count(SupervisionAction.id)).where(
                SupervisionAction.owner_id == staff_id,
                SupervisionAction.staff_id != staff_id,
            ),
        )
        if owned:
            lines.append(
                f"{_counted('actions', owned)} of other people that they owned "
                f"{'stays' if owned == 1 else 'stay'}, without an owner."
            )
        account = session.scalars(
            select(UserAccount).where(UserAccount.staff_id == staff_id).limit(1)
        ).first()
        if account is not None:
            if account.active:
                lines.append(
                    "They still have an active user account: deactivate it on the Users tab "
                    "before erasing them."
                )
            else:
                lines.append("Their user account (inactive) is unlinked from their record.")
    lines.append("Backups made before today still hold these records until they are rotated out.")
    lines.append("This cannot be undone.")
    return lines
