"""What the supervision services hand back: frozen dataclasses, never ORM objects.

Two views of one session exist on purpose. ``SessionRecord`` is the supervisor's: it has a
``confidential_notes`` field, which is None when the acting user may not read them.
``SessionRecordForSupervisee`` is what the supervisee reads and signs, and what anything
given to them or to trustees is built from: it has no confidential notes field at all, so
no code path can leak them through it. Confidential notes are also left out of every
``repr``, so a log line or a traceback never carries them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import SessionDetails, SignOffState
from peerdesk.domain.supervision_schedule import SessionOutcome


@dataclass(frozen=True)
class Amendment:
    """A change made to a signed record: what the text was, what it became, who, when, why."""

    id: int
    field: str
    field_label: str
    original_text: str
    new_text: str
    reason: str
    amended_by: str
    amended_at: dt.datetime


@dataclass(frozen=True)
class SignOff:
    """Who signed the record and when (aware UTC datetimes); empty until they have."""

    state: SignOffState
    supervisor_signed_by: str = ""
    supervisor_signed_at: dt.datetime | None = None
    supervisee_signed_by: str = ""
    supervisee_signed_at: dt.datetime | None = None

    @property
    def locked(self) -> bool:
        """Signed by everyone who needs to: the details can only be amended now."""
        return self.state.locked

    @property
    def started(self) -> bool:
        """Someone has signed: the details are no longer edited, only amended."""
        return self.state is not SignOffState.UNSIGNED


@dataclass(frozen=True)
class SessionRecord:
    """One session as its supervisor (or an administrator) sees it.

    ``confidential_notes`` is None when the acting user may not read them (see
    ``session_service.can_read_confidential``), and "" when there are none.
    ``amendments`` are oldest first.
    """

    id: int
    supervisee_id: int
    supervisee_name: str
    supervisor_id: int | None
    supervisor_name: str
    session_date: dt.date
    duration_minutes: int | None
    session_type: SessionType
    mode: SessionMode
    outcome: SessionOutcome
    outcome_reason: str
    wellbeing_score: int | None
    wellbeing_words: str
    wellbeing: str
    workload: str
    boundaries: str
    reflective_practice: str
    learning: str
    achievements: str
    other: str
    agreed_record: str
    confidential_notes: str | None = field(repr=False)
    supervisee_comment: str
    sign_off: SignOff
    amendments: tuple[Amendment, ...]
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def details(self) -> SessionDetails:
        """The record as form details, to edit and pass back to ``update_session``.

        Withheld confidential notes come back as "", which ``update_session`` from an actor
        who may not read them takes as "leave them as they are".
        """
        return SessionDetails(
            supervisee_id=self.supervisee_id,
            supervisor_id=self.supervisor_id,
            session_date=self.session_date,
            session_type=self.session_type,
            mode=self.mode,
            outcome=self.outcome,
            duration_minutes=self.duration_minutes,
            outcome_reason=self.outcome_reason,
            wellbeing_score=self.wellbeing_score,
            wellbeing_words=self.wellbeing_words,
            wellbeing=self.wellbeing,
            workload=self.workload,
            boundaries=self.boundaries,
            reflective_practice=self.reflective_practice,
            learning=self.learning,
            achievements=self.achievements,
            other=self.other,
            agreed_record=self.agreed_record,
            confidential_notes=self.confidential_notes or "",
            supervisee_comment=self.supervisee_comment,
        )


@dataclass(frozen=True)
class SessionRecordForSupervisee:
    """One session as the supervisee reads and signs it. Deliberately no confidential notes."""

    id: int
    supervisee_id: int
    supervisee_name: str
    supervisor_name: str
    session_date: dt.date
    duration_minutes: int | None
    session_type: SessionType
    mode: SessionMode
    outcome: SessionOutcome
    outcome_reason: str
    wellbeing_score: int | None
    wellbeing_words: str
    wellbeing: str
    workload: str
    boundaries: str
    reflective_practice: str
    learning: str
    achievements: str
    other: str
    agreed_record: str
    supervisee_comment: str
    sign_off: SignOff
    amendments: tuple[Amendment, ...]


@dataclass(frozen=True)
class SessionSummary:
    """One line of a person's supervision history.

    ``open_actions`` counts the actions agreed in this session that are still open.
    ``confidential_notes`` is None unless the history was asked for with them.
    """

    id: int
    session_date: dt.date
    session_type: SessionType
    mode: SessionMode
    outcome: SessionOutcome
    duration_minutes: int | None
    wellbeing_score: int | None
    supervisor_name: str
    sign_off_state: SignOffState
    open_actions: int
    amendments: int
    confidential_notes: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Draft:
    """A record being typed, saved as it goes. ``payload`` is the form's fields (from JSON)."""

    supervisee_id: int
    session_id: int | None
    payload: Mapping[str, object] = field(repr=False)
    saved_at: dt.datetime


@dataclass(frozen=True)
class ActionView:
    """An action agreed in a session, and how (and where) it was closed."""

    id: int
    session_id: int
    session_date: dt.date
    staff_id: int
    description: str
    owner_id: int | None
    owner_name: str
    due_date: dt.date | None
    status: ActionStatus
    closed_on: dt.date | None
    closed_in_session_id: int | None
    closing_note: str
    is_overdue: bool

    @property
    def is_open(self) -> bool:
        return self.status is ActionStatus.OPEN


@dataclass(frozen=True)
class OpenAction:
    """An open action, with whose record it is on and who supervises them.

    ``days_overdue`` is how many days past its due date it is (0 when it is not overdue).
    """

    action: ActionView
    supervisee_name: str
    supervisee_is_current: bool
    supervisor_name: str
    days_overdue: int
