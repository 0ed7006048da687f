"""Supervision sessions: recording a one-to-one, signing it off, amending it, drafts, history.

The rules of the record itself (what a session must hold, the order of sign-off, what can
be amended) are in ``domain/supervision_record.py``; this service applies them in one unit
of work per call. Who may read or write a record, and who may read its confidential notes,
is decided in ``access_rules`` (``can_read_confidential`` here is its session-shaped door).

Every view of a record (``get_session``, ``record_for_supervisee``) and of confidential
notes leaves an entry in the audit trail, saying who looked and when: "viewed supervision
record" or "viewed confidential notes", subject "session 12 (staff member 7, 3 Mar 2026)"
(people are named there by staff id, never by name: the trail is append-only, and a name
could never be erased from it). Lists of sessions (dates only) are not recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import (
    AMENDABLE_FIELDS,
    FIELD_LABELS,
    SessionDetails,
    check_amendment,
    check_comment,
    check_ready_for_supervisor,
    check_signer,
    normalise_session,
    sign_off_state,
)
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.text import short_date
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services import access_rules
from peerdesk.services.access_rules import PersonRef, person_ref
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.audit_service import AuditLog
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.supervision_views import (
    Amendment,
    Draft,
    SessionRecord,
    SessionRecordForSupervisee,
    SessionSummary,
    SignOff,
)
from peerdesk.store.models import (
    SessionAmendment,
    SessionDraft,
    StaffMember,
    SupervisionAction,
    SupervisionSession,
)
from peerdesk.store.types import utc_now

__all__ = [
    "Amendment",
    "Draft",
    "SessionRecord",
    "SessionRecordForSupervisee",
    "SessionService",
    "SessionSummary",
    "SignOff",
    "can_read_confidential",
]

Today = Callable[[], dt.date]
Now = Callable[[], dt.datetime]

_SESSION_GONE = "That supervision record no longer exists."
# what the audit trail says when someone reads a record, or its confidential notes
_VIEWED_RECORD = "viewed supervision record"
_VIEWED_NOTES = "viewed confidential notes"

# the details' names for the text fields, and the columns that hold them
_COLUMNS = {
    "wellbeing": "section_wellbeing",
    "workload": "section_workload",
    "boundaries": "section_boundaries",
    "reflective_practice": "section_reflective_practice",
    "learning": "section_learning",
    "achievements": "section_achievements",
    "other": "section_other",
    "agreed_record": "agreed_record",
    "wellbeing_words": "wellbeing_words",
    "supervisee_comment": "supervisee_comment",
}
assert set(_COLUMNS) == set(AMENDABLE_FIELDS)


class HasSupervisor(Protocol):
    """Anything that says who supervised a session (an ORM row or a view)."""

    @property
    def supervisor_id(self) -> int | None: ...


def can_read_confidential(
    actor: Actor, session: HasSupervisor, current_supervisor_id: int | None
) -> bool:
    """Whether the actor may read the session's confidential supervisor notes.

    Administrators may; so may the supervisor who held the session
    (``session.supervisor_id``) and the supervisee's current supervisor
    (``current_supervisor_id``), recognised by the actor's own staff record
    (``actor.staff_id``). Nobody else: not managers, not other supervisors. The rule itself
    is ``access_rules.can_read_confidential``.
    """
    return access_rules.can_read_confidential(actor, session.supervisor_id, current_supervisor_id)


class SessionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        now: Now = utc_now,
        audit: AuditLog | None = None,
        *,
        record_views: bool = True,
    ) -> None:
        """``audit``: where views are recorded (the app's log; by default one on the same
        database). ``record_views=False`` is for a report that records its own export
        entry for everything it reads."""
        self._sessions = sessions
        self._today = today
        self._now = now
        self._audit = audit if audit is not None else AuditLog(sessions)
        self._record_views = record_views

    # -- reading -------------------------------------------------------------------------

    def get_session(self, actor: Actor, session_id: int) -> SessionRecord:
        """The supervisor's view: the current text, sign-off and amendments (oldest first).

        Confidential notes are None when the actor may not read them. AccessDenied unless
        the actor may read the person's records (``access_rules.may_read_records``) or held
        this session. The view is recorded in the audit trail (and, when the notes were
        given, that too).
        """
        with self._sessions() as session:
            row, person, supervisor_name = self._load_named(session, session_id)
            _require_read(actor, person, row)
            record = self._build(session, actor, row, person, supervisor_name)
        seen = [_VIEWED_RECORD]
        if record.confidential_notes is not None:
            seen.append(_VIEWED_NOTES)
        self._viewed(actor, seen, record.id, person, record.session_date)
        return record

    def record_for_supervisee(self, actor: Actor, session_id: int) -> SessionRecordForSupervisee:
        """What the supervisee reads and signs: never the confidential notes.

        Readable by whoever may read ``get_session``, the person themselves included; the
        view is recorded in the audit trail.
        """
        with self._sessions() as session:
            row, person, supervisor_name = self._load_named(session, session_id)
            _require_read(actor, person, row)
            view = SessionRecordForSupervisee(
                id=row.id,
                supervisee_id=row.supervisee_id,
                **_shared_fields(row, person.full_name, supervisor_name),
                sign_off=_sign_off(row),
                amendments=self._amendments(session, session_id),
            )
        self._viewed(actor, [_VIEWED_RECORD], view.id, person, view.session_date)
        return view

    def confidential_notes(self, actor: Actor, session_id: int) -> str:
        """The session's confidential notes; AccessDenied if the actor may not read them.
        Recorded in the audit trail."""
        with self._sessions() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            person = person_ref(session, row.supervisee_id)
            access_rules.require_can_read_confidential(actor, person, row.supervisor_id)
            notes, day = row.confidential_notes, row.session_date
        self._viewed(actor, [_VIEWED_NOTES], session_id, person, day)
        return notes

    def history(
        self, actor: Actor, supervisee_id: int, *, include_confidential: bool
    ) -> list[SessionSummary]:
        """A person's sessions, newest first, in two queries whatever their number.

        AccessDenied unless the actor may read the person's records. With
        ``include_confidential`` each summary carries its confidential notes; the call then
        raises AccessDenied unless the actor may read the notes of every session listed,
        and the reading is recorded in the audit trail. A list without the notes is not.
        """
        open_actions = (
            select(
                SupervisionAction.session_id.label("session_id"),
                func.count().label("n"),
            )
            .where(
                SupervisionAction.staff_id == supervisee_id,
                SupervisionAction.status == ActionStatus.OPEN.value,
            )
            .group_by(SupervisionAction.session_id)
            .subquery()
        )
        amendments = (
            select(
                SessionAmendment.session_id.label("session_id"),
                func.count().label("n"),
            )
            .join(SupervisionSession, SupervisionSession.id == SessionAmendment.session_id)
            .where(SupervisionSession.supervisee_id == supervisee_id)
            .group_by(SessionAmendment.session_id)
            .subquery()
        )
        supervisor = aliased(StaffMember)
        columns: list[Any] = [
            SupervisionSession.id,
            SupervisionSession.session_date,
            SupervisionSession.session_type,
            SupervisionSession.mode,
            SupervisionSession.outcome,
            SupervisionSession.duration_minutes,
            SupervisionSession.wellbeing_score,
            supervisor.full_name,
            SupervisionSession.supervisor_id,
            SupervisionSession.supervisor_signed_at.is_not(None),
            SupervisionSession.supervisee_signed_at.is_not(None),
            func.coalesce(open_actions.c.n, 0),
            func.coalesce(amendments.c.n, 0),
        ]
        if include_confidential:
            columns.append(SupervisionSession.confidential_notes)
        statement = (
            select(*columns)
            .outerjoin(supervisor, supervisor.id == SupervisionSession.supervisor_id)
            .outerjoin(open_actions, open_actions.c.session_id == SupervisionSession.id)
            .outerjoin(amendments, amendments.c.session_id == SupervisionSession.id)
            .where(SupervisionSession.supervisee_id == supervisee_id)
            .order_by(SupervisionSession.session_date.desc(), SupervisionSession.id.desc())
        )
        with self._sessions() as session:
            person = access_rules.require_can_read_records(session, actor, supervisee_id)
            rows = session.execute(statement).all()
        summaries: list[SessionSummary] = []
        for r in rows:
            notes: str | None = None
            if include_confidential:
                access_rules.require_can_read_confidential(actor, person, r[8])
                notes = r[13]
            outcome = SessionOutcome(r[4])
            summaries.append(
                SessionSummary(
                    id=r[0],
                    session_date=r[1],
                    session_type=SessionType(r[2]),
                    mode=SessionMode(r[3]),
                    outcome=outcome,
                    duration_minutes=r[5],
                    wellbeing_score=r[6],
                    supervisor_name=r[7] or "",
                    sign_off_state=sign_off_state(outcome, bool(r[9]), bool(r[10])),
                    open_actions=r[11],
                    amendments=r[12],
                    confidential_notes=notes,
                )
            )
        if include_confidential and summaries and self._record_views:
            count = len(summaries)
            self._audit.record(
                actor,
                _VIEWED_NOTES,
                f"{count} session{'s' if count != 1 else ''} (staff member {person.id})",
                {"staff_id": person.id, "sessions": [s.id for s in summaries]},
            )
        return summaries

    # -- recording -----------------------------------------------------------------------

    def create_session(self, actor: Actor, details: SessionDetails) -> SessionRecord:
        """Record a session (held or not); discards the supervisee's draft in the same go.

        Only an administrator or the supervisee's current supervisor may.
        """
        with self._sessions.begin() as session:
            _require_write_if_there(session, actor, details.supervisee_id)
            cleaned = self._validated(session, details)
            person = person_ref(session, cleaned.supervisee_id)
            if cleaned.confidential_notes and not can_read_confidential(
                actor, _Supervised(cleaned.supervisor_id), person.supervisor_id
            ):
                raise AccessDenied(f"{actor.display_name} may not write confidential notes.")
            row = SupervisionSession(created_by=actor.display_name)
            _apply(row, cleaned, keep_confidential=False)
            moment = self._moment()
            row.created_at = moment
            row.updated_at = moment
            session.add(row)
            session.execute(
                delete(SessionDraft).where(SessionDraft.supervisee_id == cleaned.supervisee_id)
            )
            session.flush()
            return self._record(session, actor, row.id)

    def update_session(
        self, actor: Actor, session_id: int, details: SessionDetails
    ) -> SessionRecord:
        """Change a record nobody has signed yet; Conflict once anyone has signed it.

        Only an administrator or the supervisee's current supervisor may (of both
        supervisees, when the session moves to another person). An actor who may not read
        the confidential notes cannot change them either: their details must leave the
        notes empty, and the stored notes are kept as they are. Moving a session to another
        supervisee moves its actions with it. The draft of the supervisee (and any draft
        of this session) is discarded in the same go.
        """
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            old_person = access_rules.require_can_write_supervision(
                session, actor, row.supervisee_id
            )
            if details.supervisee_id != row.supervisee_id:
                _require_write_if_there(session, actor, details.supervisee_id)
            if row.supervisor_signed_at is not None or row.supervisee_signed_at is not None:
                raise Conflict(
                    "This record has been signed, so it is no longer edited: amend it instead, "
                    "giving the reason."
                )
            cleaned = self._validated(session, details)
            new_person = person_ref(session, cleaned.supervisee_id)
            reader = can_read_confidential(
                actor, row, old_person.supervisor_id
            ) and can_read_confidential(
                actor, _Supervised(cleaned.supervisor_id), new_person.supervisor_id
            )
            if not reader and cleaned.confidential_notes:
                raise AccessDenied(f"{actor.display_name} may not write confidential notes.")
            old_supervisee = row.supervisee_id
            _apply(row, cleaned, keep_confidential=not reader)
            row.updated_at = self._moment()
            if old_supervisee != cleaned.supervisee_id:
                for action in session.scalars(
                    select(SupervisionAction).where(SupervisionAction.session_id == session_id)
                ):
                    action.staff_id = cleaned.supervisee_id
            session.execute(
                delete(SessionDraft).where(
                    or_(
                        SessionDraft.supervisee_id == cleaned.supervisee_id,
                        SessionDraft.session_id == session_id,
                    )
                )
            )
            session.flush()
            return self._record(session, actor, session_id)

    # -- sign-off ------------------------------------------------------------------------

    def sign_as_supervisor(self, actor: Actor, session_id: int, signer_name: str) -> SessionRecord:
        """The supervisor signs first. A held session needs its agreed record written.

        A session that was not held is locked by the supervisor's signature alone.
        """
        name = check_signer(signer_name)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            access_rules.require_can_write_supervision(session, actor, row.supervisee_id)
            if row.supervisor_signed_at is not None:
                raise Conflict("The supervisor has already signed this record.")
            check_ready_for_supervisor(SessionOutcome(row.outcome), row.agreed_record)
            row.supervisor_signed_by = name
            row.supervisor_signed_at = self._moment()
            session.flush()
            return self._record(session, actor, session_id)

    def sign_as_supervisee(
        self, actor: Actor, session_id: int, signer_name: str, comment: str = ""
    ) -> SessionRecord:
        """The supervisee signs after the supervisor, which locks the record.

        A non-empty ``comment`` becomes the supervisee's comment (their own words, written
        as they sign); an empty one keeps whatever comment the record already has.
        Only a held session is signed by the supervisee.
        """
        name = check_signer(signer_name)
        cleaned_comment = check_comment(comment)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            access_rules.require_can_write_supervision(session, actor, row.supervisee_id)
            if not SessionOutcome(row.outcome).counts_as_supervision:
                raise Conflict(
                    "A session that did not happen is signed by the supervisor alone; "
                    "add the supervisee's comment as an amendment."
                )
            if row.supervisor_signed_at is None:
                raise Conflict("The supervisor signs first; then the supervisee reads and signs.")
            if row.supervisee_signed_at is not None:
                raise Conflict("The supervisee has already signed this record.")
            if cleaned_comment:
                row.supervisee_comment = cleaned_comment
            row.supervisee_signed_by = name
            row.supervisee_signed_at = self._moment()
            session.flush()
            return self._record(session, actor, session_id)

    # -- amendments ----------------------------------------------------------------------

    def amend(
        self,
        actor: Actor,
        session_id: int,
        field: str,
        new_text: str,
        reason: str,
        amended_by: str,
    ) -> SessionRecord:
        """Change the text of a signed record, keeping the original with who, when and why.

        Once anyone has signed, this is the only way to change a record; before that,
        edit it with ``update_session`` (Conflict here). Only the written parts can be
        amended (``AMENDABLE_FIELDS``), never dates, people, type, mode or outcome.
        """
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            access_rules.require_can_write_supervision(session, actor, row.supervisee_id)
            if row.supervisor_signed_at is None:
                raise Conflict("This record is not signed yet: edit it instead of amending it.")
            column = _COLUMNS.get(field, "")
            original = str(getattr(row, column)) if column else ""
            checked = check_amendment(
                SessionOutcome(row.outcome), field, original, new_text, reason, amended_by
            )
            moment = self._moment()
            session.add(
                SessionAmendment(
                    session_id=row.id,
                    field=checked.field,
                    original_text=original,
                    new_text=checked.new_text,
                    reason=checked.reason,
                    amended_by=checked.amended_by,
                    amended_at=moment,
                )
            )
            setattr(row, column, checked.new_text)
            row.updated_at = moment
            session.flush()
            return self._record(session, actor, session_id)

    # -- drafts --------------------------------------------------------------------------

    def save_draft(
        self,
        actor: Actor,
        supervisee_id: int,
        session_id: int | None,
        payload: Mapping[str, object],
    ) -> Draft:
        """Keep the form being typed for this supervisee, replacing any earlier draft.

        ``payload`` holds JSON values only (str, int, float, bool, None, lists, dicts):
        dates travel as ISO strings. ``session_id`` is the record being edited, if any.
        """
        text = json.dumps(dict(payload), ensure_ascii=True, sort_keys=True)
        with self._sessions.begin() as session:
            access_rules.require_can_write_supervision(session, actor, supervisee_id)
            if session_id is not None:
                record = session.get(SupervisionSession, session_id)
                if record is None:
                    raise NotFound(_SESSION_GONE)
                if record.supervisee_id != supervisee_id:
                    raise Conflict("That supervision record belongs to someone else.")
            draft = session.scalar(
                select(SessionDraft).where(SessionDraft.supervisee_id == supervisee_id)
            )
            if draft is None:
                draft = SessionDraft(supervisee_id=supervisee_id)
                session.add(draft)
            draft.session_id = session_id
            draft.payload = text
            draft.saved_at = self._moment()
            session.flush()
            return _draft(draft)

    def draft_for(self, actor: Actor, supervisee_id: int) -> Draft | None:
        """The supervisee's unsaved draft, if there is one.

        A draft may hold confidential notes, so only those who write records read drafts.
        """
        with self._sessions() as session:
            _require_write_if_there(session, actor, supervisee_id)
            draft = session.scalar(
                select(SessionDraft).where(SessionDraft.supervisee_id == supervisee_id)
            )
            return None if draft is None else _draft(draft)

    def discard_draft(self, actor: Actor, supervisee_id: int) -> bool:
        """Throw the supervisee's draft away; True if there was one."""
        with self._sessions.begin() as session:
            _require_write_if_there(session, actor, supervisee_id)
            draft = session.scalar(
                select(SessionDraft).where(SessionDraft.supervisee_id == supervisee_id)
            )
            if draft is None:
                return False
            session.delete(draft)
            return True

    # -- helpers -------------------------------------------------------------------------

    def _moment(self) -> dt.datetime:
        moment = self._now()
        if moment.tzinfo is None:
            raise ValueError("now() must return a time-zone aware datetime")
        return moment.astimezone(dt.UTC)

    def _validated(self, session: Session, details: SessionDetails) -> SessionDetails:
        """The details cleaned and checked against the register, or one ValidationError."""
        errors: list[FieldError] = []
        supervisee = session.get(StaffMember, details.supervisee_id)
        if supervisee is None:
            errors.append(FieldError("supervisee_id", "That person is not in the register."))
        if (
            details.supervisor_id is not None
            and details.supervisor_id != details.supervisee_id
            and session.get(StaffMember, details.supervisor_id) is None
        ):
            errors.append(
                FieldError("supervisor_id", "The chosen supervisor is not in the register.")
            )
        try:
            cleaned = normalise_session(
                details,
                today=self._today(),
                supervisee_start=supervisee.start_date if supervisee else None,
            )
        except ValidationError as exc:
            raise ValidationError([*exc.errors, *errors]) from None
        if errors:
            raise ValidationError(errors)
        return cleaned

    def _record(self, session: Session, actor: Actor, session_id: int) -> SessionRecord:
        """The record as just written (the write's own checks have been made)."""
        row, person, supervisor_name = self._load_named(session, session_id)
        return self._build(session, actor, row, person, supervisor_name)

    def _build(
        self,
        session: Session,
        actor: Actor,
        row: SupervisionSession,
        person: PersonRef,
        supervisor_name: str,
    ) -> SessionRecord:
        amendments = self._amendments(session, row.id)
        readable = can_read_confidential(actor, row, person.supervisor_id)
        notes = row.confidential_notes if readable else None
        return SessionRecord(
            id=row.id,
            supervisee_id=row.supervisee_id,
            supervisor_id=row.supervisor_id,
            confidential_notes=notes,
            **_shared_fields(row, person.full_name, supervisor_name),
            sign_off=_sign_off(row),
            amendments=amendments,
            created_by=row.created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def _viewed(
        self,
        actor: Actor,
        actions: list[str],
        session_id: int,
        person: PersonRef,
        day: dt.date,
    ) -> None:
        """Record in the audit trail that the actor read a record (and its notes), in one
        transaction; if it cannot be recorded, the caller gets the error, not the record."""
        if not self._record_views:
            return
        subject = f"session {session_id} (staff member {person.id}, {short_date(day)})"
        details = {"session_id": session_id, "staff_id": person.id}
        with self._sessions.begin() as own:
            for action in actions:
                self._audit.record(actor, action, subject, details, session=own)

    def _load_named(
        self, session: Session, session_id: int
    ) -> tuple[SupervisionSession, PersonRef, str]:
        """The session, its supervisee (with their current supervisor) and the name of the
        supervisor who held it, in one query."""
        supervisee = aliased(StaffMember)
        supervisor = aliased(StaffMember)
        statement = (
            select(
                SupervisionSession,
                supervisee.full_name,
                supervisee.supervisor_id,
                supervisor.full_name,
            )
            .join(supervisee, supervisee.id == SupervisionSession.supervisee_id)
            .outerjoin(supervisor, supervisor.id == SupervisionSession.supervisor_id)
            .where(SupervisionSession.id == session_id)
        )
        found = session.execute(statement).one_or_none()
        if found is None:
            raise NotFound(_SESSION_GONE)
        row, supervisee_name, current_supervisor, supervisor_name = found
        person = PersonRef(
            id=row.supervisee_id, full_name=supervisee_name, supervisor_id=current_supervisor
        )
        return row, person, supervisor_name or ""

    def _amendments(self, session: Session, session_id: int) -> tuple[Amendment, ...]:
        statement = (
            select(SessionAmendment)
            .where(SessionAmendment.session_id == session_id)
            .order_by(SessionAmendment.amended_at, SessionAmendment.id)
        )
        return tuple(
            Amendment(
                id=a.id,
                field=a.field,
                field_label=FIELD_LABELS.get(a.field, a.field),
                original_text=a.original_text,
                new_text=a.new_text,
                reason=a.reason,
                amended_by=a.amended_by,
                amended_at=a.amended_at,
            )
            for a in session.scalars(statement)
        )


class _Supervised:
    """A stand-in carrying only who supervised, for ``can_read_confidential``."""

    def __init__(self, supervisor_id: int | None) -> None:
        self.supervisor_id = supervisor_id


def _require_read(actor: Actor, person: PersonRef, row: SupervisionSession) -> None:
    """Whoever may read the person's records, and the supervisor who held this session."""
    if not access_rules.may_read_session(actor, person, row.supervisor_id):
        raise AccessDenied(access_rules.records_refusal(person))


def _require_write_if_there(session: Session, actor: Actor, supervisee_id: int) -> None:
    """Refuse an actor who may not record this person's supervision; a person who is not
    in the register is left to the validation, which says so beside the field."""
    if session.get(StaffMember, supervisee_id) is not None:
        access_rules.require_can_write_supervision(session, actor, supervisee_id)


def _shared_fields(
    row: SupervisionSession, supervisee_name: str, supervisor_name: str
) -> dict[str, Any]:
    """What both the supervisor's and the supervisee's view show (never confidential notes)."""
    return {
        "supervisee_name": supervisee_name,
        "supervisor_name": supervisor_name,
        "session_date": row.session_date,
        "duration_minutes": row.duration_minutes,
        "session_type": SessionType(row.session_type),
        "mode": SessionMode(row.mode),
        "outcome": SessionOutcome(row.outcome),
        "outcome_reason": row.outcome_reason,
        "wellbeing_score": row.wellbeing_score,
        "wellbeing_words": row.wellbeing_words,
        "wellbeing": row.section_wellbeing,
        "workload": row.section_workload,
        "boundaries": row.section_boundaries,
        "reflective_practice": row.section_reflective_practice,
        "learning": row.section_learning,
        "achievements": row.section_achievements,
        "other": row.section_other,
        "agreed_record": row.agreed_record,
        "supervisee_comment": row.supervisee_comment,
    }


def _sign_off(row: SupervisionSession) -> SignOff:
    return SignOff(
        state=sign_off_state(
            SessionOutcome(row.outcome),
            row.supervisor_signed_at is not None,
            row.supervisee_signed_at is not None,
        ),
        supervisor_signed_by=row.supervisor_signed_by,
        supervisor_signed_at=row.supervisor_signed_at,
        supervisee_signed_by=row.supervisee_signed_by,
        supervisee_signed_at=row.supervisee_signed_at,
    )


def _draft(draft: SessionDraft) -> Draft:
    payload = json.loads(draft.payload)
    return Draft(
        supervisee_id=draft.supervisee_id,
        session_id=draft.session_id,
        payload=payload if isinstance(payload, dict) else {},
        saved_at=draft.saved_at,
    )


def _apply(row: SupervisionSession, d: SessionDetails, *, keep_confidential: bool) -> None:
    assert d.session_date is not None  # normalise_session guarantees it
    row.supervisee_id = d.supervisee_id
    row.supervisor_id = d.supervisor_id
    row.session_date = d.session_date
    row.duration_minutes = d.duration_minutes
    row.session_type = d.session_type.value
    row.mode = d.mode.value
    row.outcome = d.outcome.value
    row.outcome_reason = d.outcome_reason
    row.wellbeing_score = d.wellbeing_score
    row.wellbeing_words = d.wellbeing_words
    row.section_wellbeing = d.wellbeing
    row.section_workload = d.workload
    row.section_boundaries = d.boundaries
    row.section_reflective_practice = d.reflective_practice
    row.section_learning = d.learning
    row.section_achievements = d.achievements
    row.section_other = d.other
    row.agreed_record = d.agreed_record
    if not keep_confidential:
        row.confidential_notes = d.confidential_notes
    row.supervisee_comment = d.supervisee_comment
