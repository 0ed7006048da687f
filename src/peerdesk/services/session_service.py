"""Supervision sessions: recording a one-to-one, signing it off, amending it, drafts, history.

The rules of the record itself (what a session must hold, the order of sign-off, what can
be amended) are in ``domain/supervision_record.py``; this service applies them in one unit
of work per call and decides who may read the confidential notes (``can_read_confidential``,
the only place that decision is made).
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
from peerdesk.domain.validation import FieldError, ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role, require_role
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
_PERSON_GONE = "That person is no longer in the register."

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


def can_read_confidential(actor: Actor, session: HasSupervisor) -> bool:
    """Whether the actor may read the session's confidential supervisor notes.

    The one place this is decided. Administrators may. So will the session's own
    supervisor, once user accounts are linked to staff members (issue 6): ``actor.user_id``
    is a login, not a staff id, so nothing links an actor to ``session.supervisor_id`` yet
    and every other actor (managers, other supervisors) is refused. Until accounts exist,
    the app's only actor is the local administrator.
    """
    # Issue 6: also True when the actor's linked staff member is session.supervisor_id.
    return actor.role is Role.ADMINISTRATOR


class SessionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        now: Now = utc_now,
    ) -> None:
        self._sessions = sessions
        self._today = today
        self._now = now

    # -- reading -------------------------------------------------------------------------

    def get_session(self, actor: Actor, session_id: int) -> SessionRecord:
        """The supervisor's view: the current text, sign-off and amendments (oldest first).

        Confidential notes are None when the actor may not read them.
        """
        with self._sessions() as session:
            return self._record(session, actor, session_id)

    def record_for_supervisee(self, actor: Actor, session_id: int) -> SessionRecordForSupervisee:
        """What the supervisee reads and signs: never the confidential notes."""
        with self._sessions() as session:
            row, supervisee_name, supervisor_name = self._load_named(session, session_id)
            return SessionRecordForSupervisee(
                id=row.id,
                supervisee_id=row.supervisee_id,
                **_shared_fields(row, supervisee_name, supervisor_name),
                sign_off=_sign_off(row),
                amendments=self._amendments(session, session_id),
            )

    def confidential_notes(self, actor: Actor, session_id: int) -> str:
        """The session's confidential notes; AccessDenied if the actor may not read them."""
        with self._sessions() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            _require_confidential(actor, row)
            return row.confidential_notes

    def history(
        self, actor: Actor, supervisee_id: int, *, include_confidential: bool
    ) -> list[SessionSummary]:
        """A person's sessions, newest first, in two queries whatever their number.

        With ``include_confidential`` each summary carries its confidential notes; the call
        raises AccessDenied unless the actor may read the notes of every session listed.
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
            if session.get(StaffMember, supervisee_id) is None:
                raise NotFound(_PERSON_GONE)
            rows = session.execute(statement).all()
        summaries: list[SessionSummary] = []
        for r in rows:
            notes: str | None = None
            if include_confidential:
                _require_confidential(actor, _Supervised(r[8]))
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
        return summaries

    # -- recording -----------------------------------------------------------------------

    def create_session(self, actor: Actor, details: SessionDetails) -> SessionRecord:
        """Record a session (held or not); discards the supervisee's draft in the same go."""
        require_role(actor, Role.SUPERVISOR)
        with self._sessions.begin() as session:
            cleaned = self._validated(session, details)
            if cleaned.confidential_notes and not can_read_confidential(
                actor, _Supervised(cleaned.supervisor_id)
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

        An actor who may not read the confidential notes cannot change them either: their
        details must leave the notes empty, and the stored notes are kept as they are.
        Moving a session to another supervisee moves its actions with it. The draft of
        the supervisee (and any draft of this session) is discarded in the same go.
        """
        require_role(actor, Role.SUPERVISOR)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
            if row.supervisor_signed_at is not None or row.supervisee_signed_at is not None:
                raise Conflict(
                    "This record has been signed, so it is no longer edited: amend it instead, "
                    "giving the reason."
                )
            cleaned = self._validated(session, details)
            reader = can_read_confidential(actor, row) and can_read_confidential(
                actor, _Supervised(cleaned.supervisor_id)
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
        require_role(actor, Role.SUPERVISOR)
        name = check_signer(signer_name)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
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
        require_role(actor, Role.SUPERVISOR)
        name = check_signer(signer_name)
        cleaned_comment = check_comment(comment)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
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
        require_role(actor, Role.SUPERVISOR)
        with self._sessions.begin() as session:
            row = session.get(SupervisionSession, session_id)
            if row is None:
                raise NotFound(_SESSION_GONE)
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
        require_role(actor, Role.SUPERVISOR)
        text = json.dumps(dict(payload), ensure_ascii=True, sort_keys=True)
        with self._sessions.begin() as session:
            if session.get(StaffMember, supervisee_id) is None:
                raise NotFound(_PERSON_GONE)
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
        require_role(actor, Role.SUPERVISOR)
        with self._sessions() as session:
            draft = session.scalar(
                select(SessionDraft).where(SessionDraft.supervisee_id == supervisee_id)
            )
            return None if draft is None else _draft(draft)

    def discard_draft(self, actor: Actor, supervisee_id: int) -> bool:
        """Throw the supervisee's draft away; True if there was one."""
        require_role(actor, Role.SUPERVISOR)
        with self._sessions.begin() as session:
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
        row, supervisee_name, supervisor_name = self._load_named(session, session_id)
        amendments = self._amendments(session, session_id)
        notes = row.confidential_notes if can_read_confidential(actor, row) else None
        return SessionRecord(
            id=row.id,
            supervisee_id=row.supervisee_id,
            supervisor_id=row.supervisor_id,
            confidential_notes=notes,
            **_shared_fields(row, supervisee_name, supervisor_name),
            sign_off=_sign_off(row),
            amendments=amendments,
            created_by=row.created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def _load_named(self, session: Session, session_id: int) -> tuple[SupervisionSession, str, str]:
        supervisee = aliased(StaffMember)
        supervisor = aliased(StaffMember)
        statement = (
            select(SupervisionSession, supervisee.full_name, supervisor.full_name)
            .join(supervisee, supervisee.id == SupervisionSession.supervisee_id)
            .outerjoin(supervisor, supervisor.id == SupervisionSession.supervisor_id)
            .where(SupervisionSession.id == session_id)
        )
        found = session.execute(statement).one_or_none()
        if found is None:
            raise NotFound(_SESSION_GONE)
        row, supervisee_name, supervisor_name = found
        return row, supervisee_name, supervisor_name or ""

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


def _require_confidential(actor: Actor, session: HasSupervisor) -> None:
    if not can_read_confidential(actor, session):
        raise AccessDenied(f"{actor.display_name} may not read confidential supervision notes.")


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
