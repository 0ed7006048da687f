"""One supervision session as recorded: the rules its details, sign-off and amendments keep.

Pure rules: no database and no clock. Callers pass ``today`` and what they know about the
supervisee (their start date), and get back cleaned values or a ValidationError carrying one
message per bad field, as ``staff.normalise_staff`` does for the staff register.

Sign-off, decided here once for everyone:

- A held session is signed by the supervisor first, then by the supervisee, who reads the
  agreed record and may add a comment. It needs an agreed record before the supervisor can
  sign. Once both have signed it is locked.
- A session that did not happen (cancelled by either side, did not attend, rescheduled) is
  locked as soon as the supervisor signs it: the supervisee may not have been there, and
  there is nothing agreed for them to sign. Their comment can still be added later as an
  amendment.
- Once anyone has signed, the details are no longer edited: changes to the text are
  amendments that keep the original (see ``check_amendment``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Final

from peerdesk.domain.enums import ActionStatus, LabelledEnum, SessionMode, SessionType
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

MIN_DURATION_MINUTES: Final = 1
MAX_DURATION_MINUTES: Final = 600
MIN_WELLBEING_SCORE: Final = 1
MAX_WELLBEING_SCORE: Final = 5
MAX_SECTION_LENGTH: Final = 20000
MAX_REASON_LENGTH: Final = 2000
MAX_WORDS_LENGTH: Final = 500
MAX_NAME_LENGTH: Final = 200
MAX_ACTION_LENGTH: Final = 2000

SECTION_FIELDS: Final = (
    "wellbeing",
    "workload",
    "boundaries",
    "reflective_practice",
    "learning",
    "achievements",
    "other",
)
"""The structured sections of a held session, in the order the form shows them."""

HELD_ONLY_TEXT: Final = ("wellbeing_words", *SECTION_FIELDS)
"""Text only a held session can carry: the wellbeing check-in and the sections."""

FIELD_LABELS: Final = {
    "wellbeing": "Wellbeing",
    "workload": "Workload and caseload",
    "boundaries": "Boundaries and dual relationships",
    "reflective_practice": "Reflective practice",
    "learning": "Learning and development",
    "achievements": "Achievements",
    "other": "Anything else",
    "wellbeing_words": "How they are, in words",
    "agreed_record": "Agreed record",
    "supervisee_comment": "Supervisee's comment",
    "confidential_notes": "Confidential notes",
    "outcome_reason": "Reason",
}

AMENDABLE_FIELDS: Final = (
    "agreed_record",
    *SECTION_FIELDS,
    "wellbeing_words",
    "supervisee_comment",
)
"""The text that can be amended once a record is signed. Dates, people, the type, mode and
outcome of a signed session never change: a session recorded against the wrong person or
day stays as it was, honestly, and the amendment of its text says why."""


@dataclass(frozen=True)
class SessionDetails:
    """Everything a one-to-one's record holds, as entered in the form.

    ``supervisor_id`` may be None for a supervisor who is not in the staff register (an
    external clinical supervisor, say). ``confidential_notes`` are the supervisor's own:
    never shown to the supervisee, never in a report, and left out of ``repr`` so that a
    log line never carries them.
    """

    supervisee_id: int
    supervisor_id: int | None
    session_date: dt.date | None
    session_type: SessionType
    mode: SessionMode
    outcome: SessionOutcome = SessionOutcome.HELD
    duration_minutes: int | None = None
    outcome_reason: str = ""
    wellbeing_score: int | None = None
    wellbeing_words: str = ""
    wellbeing: str = ""
    workload: str = ""
    boundaries: str = ""
    reflective_practice: str = ""
    learning: str = ""
    achievements: str = ""
    other: str = ""
    agreed_record: str = ""
    confidential_notes: str = field(default="", repr=False)
    supervisee_comment: str = ""


class SignOffState(LabelledEnum):
    """How far a record has been signed. A signed record is locked."""

    UNSIGNED = "unsigned"
    AWAITING_SUPERVISEE = "awaiting_supervisee"
    SIGNED = "signed"

    @property
    def locked(self) -> bool:
        return self is SignOffState.SIGNED


def sign_off_state(
    outcome: SessionOutcome, supervisor_signed: bool, supervisee_signed: bool
) -> SignOffState:
    """Where the sign-off stands: a session that was not held needs only the supervisor."""
    if not supervisor_signed:
        return SignOffState.UNSIGNED
    if supervisee_signed or not outcome.counts_as_supervision:
        return SignOffState.SIGNED
    return SignOffState.AWAITING_SUPERVISEE


def _clean_field(name: str, value: str) -> str:
    return clean_line(value) if name == "wellbeing_words" else clean_text(value)


def normalise_session(
    details: SessionDetails, *, today: dt.date, supervisee_start: dt.date | None = None
) -> SessionDetails:
    """Return the details cleaned, or raise ValidationError with one message per bad field.

    ``supervisee_start`` is the supervisee's start date when known: no session before it.
    Sessions are recorded after they happen, so the date may be today but not later.
    A session that was not held needs a reason and carries no duration, wellbeing check-in
    or section text (each such field says so); it may still carry an agreed record, a
    comment and confidential notes ("agreed to rebook for next week").
    """
    d = replace(
        details,
        outcome_reason=clean_text(details.outcome_reason),
        wellbeing_words=clean_line(details.wellbeing_words),
        agreed_record=clean_text(details.agreed_record),
        confidential_notes=clean_text(details.confidential_notes),
        supervisee_comment=clean_text(details.supervisee_comment),
        wellbeing=clean_text(details.wellbeing),
        workload=clean_text(details.workload),
        boundaries=clean_text(details.boundaries),
        reflective_practice=clean_text(details.reflective_practice),
        learning=clean_text(details.learning),
        achievements=clean_text(details.achievements),
        other=clean_text(details.other),
    )
    errors: list[FieldError] = []
    held = d.outcome.counts_as_supervision

    if d.supervisor_id is not None and d.supervisor_id == d.supervisee_id:
        errors.append(FieldError("supervisor_id", "A person cannot supervise themselves."))

    if d.session_date is None:
        errors.append(FieldError("session_date", "Enter the date of the session."))
    elif d.session_date > today:
        errors.append(
            FieldError(
                "session_date",
                "Sessions are recorded after they happen: the date cannot be after today.",
            )
        )
    elif supervisee_start is not None and d.session_date < supervisee_start:
        errors.append(
            FieldError(
                "session_date",
                f"The date is before the person started ({supervisee_start:%d %B %Y}).",
            )
        )

    if d.duration_minutes is not None:
        if not held:
            errors.append(
                FieldError("duration_minutes", "A session that did not happen has no length.")
            )
        elif isinstance(d.duration_minutes, bool) or not (
            MIN_DURATION_MINUTES <= d.duration_minutes <= MAX_DURATION_MINUTES
        ):
            errors.append(
                FieldError(
                    "duration_minutes",
                    f"The length must be between {MIN_DURATION_MINUTES} and "
                    f"{MAX_DURATION_MINUTES} minutes.",
                )
            )

    if not held and not d.outcome_reason:
        errors.append(
            FieldError("outcome_reason", f"Say why the session was {d.outcome.label.lower()}.")
        )
    check_length(errors, "outcome_reason", "The reason", d.outcome_reason, MAX_REASON_LENGTH)

    if d.wellbeing_score is not None:
        if not held:
            errors.append(
                FieldError(
                    "wellbeing_score",
                    "A session that did not happen has no wellbeing score.",
                )
            )
        elif isinstance(d.wellbeing_score, bool) or not (
            MIN_WELLBEING_SCORE <= d.wellbeing_score <= MAX_WELLBEING_SCORE
        ):
            errors.append(
                FieldError(
                    "wellbeing_score",
                    f"The wellbeing score is from {MIN_WELLBEING_SCORE} to {MAX_WELLBEING_SCORE}.",
                )
            )

    for name in HELD_ONLY_TEXT:
        errors.extend(_not_held_problem(d.outcome, name, name, getattr(d, name)))
    check_length(errors, "wellbeing_words", "The words", d.wellbeing_words, MAX_WORDS_LENGTH)
    for name in (*SECTION_FIELDS, "agreed_record", "confidential_notes", "supervisee_comment"):
        check_length(errors, name, FIELD_LABELS[name], getattr(d, name), MAX_SECTION_LENGTH)

    if errors:
        raise ValidationError(errors)
    return d


def _not_held_problem(
    outcome: SessionOutcome, name: str, error_field: str, text: str
) -> list[FieldError]:
    if outcome.counts_as_supervision or not text or name not in HELD_ONLY_TEXT:
        return []
    return [
        FieldError(
            error_field,
            f"{FIELD_LABELS[name]}: a session that did not happen has nothing to record here.",
        )
    ]


def check_signer(signer_name: str) -> str:
    """The cleaned name of the person signing, or ValidationError if it is missing."""
    name = clean_line(signer_name)
    errors: list[FieldError] = []
    if not name:
        errors.append(FieldError("signer_name", "Enter the name of the person signing."))
    check_length(errors, "signer_name", "The name", name, MAX_NAME_LENGTH)
    if errors:
        raise ValidationError(errors)
    return name


def check_comment(comment: str) -> str:
    """The supervisee's comment, cleaned, or ValidationError if it is too long."""
    cleaned = clean_text(comment)
    errors: list[FieldError] = []
    check_length(errors, "comment", "The comment", cleaned, MAX_SECTION_LENGTH)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_ready_for_supervisor(outcome: SessionOutcome, agreed_record: str) -> None:
    """A held session needs its agreed record written before the supervisor signs it."""
    if outcome.counts_as_supervision and not clean_text(agreed_record):
        raise ValidationError(
            [FieldError("agreed_record", "Write the agreed record before signing it.")]
        )


@dataclass(frozen=True)
class AmendmentText:
    """A checked amendment: the field, its new text, why and who."""

    field: str
    new_text: str
    reason: str
    amended_by: str


def check_amendment(
    outcome: SessionOutcome,
    field_name: str,
    original_text: str,
    new_text: str,
    reason: str,
    amended_by: str,
) -> AmendmentText:
    """Return the amendment cleaned, or raise ValidationError with one message per problem.

    Only the fields in AMENDABLE_FIELDS can be amended; the reason and the name of whoever
    amends are required; the new text must differ from the text it replaces. The record's
    own rules still hold: a held session keeps an agreed record, and a session that did not
    happen still has no section text or wellbeing words.
    """
    if field_name not in AMENDABLE_FIELDS:
        raise ValidationError(
            [FieldError("field", "Only the written parts of a signed record can be amended.")]
        )
    cleaned = AmendmentText(
        field=field_name,
        new_text=_clean_field(field_name, new_text),
        reason=clean_text(reason),
        amended_by=clean_line(amended_by),
    )
    errors: list[FieldError] = []
    if cleaned.new_text == original_text:
        errors.append(FieldError("new_text", "The new text is the same as the recorded text."))
    if field_name == "agreed_record" and outcome.counts_as_supervision and not cleaned.new_text:
        errors.append(FieldError("new_text", "A held session keeps an agreed record."))
    errors.extend(_not_held_problem(outcome, field_name, "new_text", cleaned.new_text))
    limit = MAX_WORDS_LENGTH if field_name == "wellbeing_words" else MAX_SECTION_LENGTH
    check_length(errors, "new_text", "The new text", cleaned.new_text, limit)
    if not cleaned.reason:
        errors.append(FieldError("reason", "Say why the record is being amended."))
    check_length(errors, "reason", "The reason", cleaned.reason, MAX_REASON_LENGTH)
    if not cleaned.amended_by:
        errors.append(FieldError("amended_by", "Enter the name of the person amending it."))
    check_length(errors, "amended_by", "The name", cleaned.amended_by, MAX_NAME_LENGTH)
    if errors:
        raise ValidationError(errors)
    return cleaned


# -- actions agreed in a session ---------------------------------------------------------


def check_action(description: str, due_date: dt.date | None, session_date: dt.date) -> str:
    """The cleaned description of a new action, or ValidationError per bad field.

    An action needs a description; its due date, when it has one, cannot be before the
    session it was agreed in.
    """
    cleaned = clean_text(description)
    errors: list[FieldError] = []
    if not cleaned:
        errors.append(FieldError("description", "Say what the action is."))
    check_length(errors, "description", "The action", cleaned, MAX_ACTION_LENGTH)
    if due_date is not None and due_date < session_date:
        errors.append(
            FieldError(
                "due_date",
                f"The due date cannot be before the session it was agreed in "
                f"({session_date:%d %B %Y}).",
            )
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_closing(
    status: ActionStatus,
    note: str,
    agreed_on: dt.date,
    closing_session_date: dt.date | None,
) -> str:
    """The cleaned closing note, or ValidationError per bad field.

    An action closes as done or dropped; a dropped action says why. The session it is
    closed in, when given, cannot be before the session it was agreed in.
    """
    cleaned = clean_text(note)
    errors: list[FieldError] = []
    if status is ActionStatus.OPEN:
        errors.append(FieldError("status", "An action closes as done or dropped."))
    elif status is ActionStatus.DROPPED and not cleaned:
        errors.append(FieldError("note", "Say why the action was dropped."))
    check_length(errors, "note", "The note", cleaned, MAX_REASON_LENGTH)
    if closing_session_date is not None and closing_session_date < agreed_on:
        errors.append(
            FieldError(
                "closed_in_session_id",
                "An action cannot be closed in a session before the one it was agreed in.",
            )
        )
    if errors:
        raise ValidationError(errors)
    return cleaned
