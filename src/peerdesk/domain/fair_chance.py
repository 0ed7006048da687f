"""Fair-chance recruitment: the criminal-record check level each role needs, and the risk
assessment made with a person who disclosed a conviction.

Pure rules: no database, no Qt.

A role's check level says which criminal-record check (if any) the role is eligible for,
and why: an employer may only ask for a standard or enhanced check when the role's duties
make it eligible. It is about the role, not a person, so it is not criminal-offence data.

A risk assessment is criminal-offence data. It records what was weighed (how relevant the
conviction is to the role, how long ago it was, the circumstances, the safeguards agreed)
and the decision. It is kept only for a short time after the decision
(``Organisation.conviction_keep_months``, 6 by default, never more than
``MAX_KEEP_MONTHS``) and then erased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from peerdesk.domain.training import add_months
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

__all__ = [
    "DEFAULT_KEEP_MONTHS",
    "MAX_KEEP_MONTHS",
    "MAX_LINE",
    "MAX_TEXT",
    "MIN_KEEP_MONTHS",
    "AssessmentDetails",
    "CheckLevel",
    "CheckLevelDetails",
    "Decision",
    "check_keep_months",
    "default_delete_after",
    "latest_delete_after",
    "normalise_assessment",
    "normalise_check_level",
]

DEFAULT_KEEP_MONTHS = 6
MIN_KEEP_MONTHS = 1
# No assessment is kept longer than this after its decision, whatever is chosen: two
# years covers a probation period and a first review, and no recruitment needs more.
MAX_KEEP_MONTHS = 24
MAX_LINE = 200
MAX_TEXT = 5000


class CheckLevel(StrEnum):
    NONE = "none"
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def needs_reason(self) -> bool:
        """Every check needs a reason the role is eligible for it; "no check" needs none."""
        return self is not CheckLevel.NONE


_LEVEL_LABELS = {
    CheckLevel.NONE: "No check",
    CheckLevel.BASIC: "Basic check",
    CheckLevel.STANDARD: "Standard check",
    CheckLevel.ENHANCED: "Enhanced check",
}


class Decision(StrEnum):
    """What was decided after talking it through with the person."""

    APPOINTED = "appointed"
    APPOINTED_WITH_SAFEGUARDS = "appointed_with_safeguards"
    OTHER_ROLE_OFFERED = "other_role_offered"
    OFFER_WITHDRAWN = "offer_withdrawn"
    CANDIDATE_WITHDREW = "candidate_withdrew"

    @property
    def label(self) -> str:
        return _DECISION_LABELS[self]


_DECISION_LABELS = {
    Decision.APPOINTED: "Appointed",
    Decision.APPOINTED_WITH_SAFEGUARDS: "Appointed with agreed safeguards",
    Decision.OTHER_ROLE_OFFERED: "Offered a different role",
    Decision.OFFER_WITHDRAWN: "Offer withdrawn",
    Decision.CANDIDATE_WITHDREW: "The person withdrew",
}


# -- dates --------------------------------------------------------------------------------


def default_delete_after(decided_on: dt.date, months: int) -> dt.date:
    """When an assessment is erased unless changed: ``months`` after the decision (the end
    of a shorter month when the day does not exist: 31 Aug + 6 months is 28/29 Feb)."""
    return add_months(decided_on, months)


def latest_delete_after(decided_on: dt.date) -> dt.date:
    """The latest an assessment may be kept: ``MAX_KEEP_MONTHS`` after the decision."""
    return add_months(decided_on, MAX_KEEP_MONTHS)


def check_keep_months(months: int) -> None:
    """Raise ValidationError unless ``months`` is a keeping time PeerDesk allows."""
    if not MIN_KEEP_MONTHS <= months <= MAX_KEEP_MONTHS:
        raise ValidationError(
            [
                FieldError(
                    "conviction_keep_months",
                    f"Keep risk assessments for {MIN_KEEP_MONTHS} to {MAX_KEEP_MONTHS} months "
                    "after the decision.",
                )
            ]
        )


# -- a role's check level -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckLevelDetails:
    job_title: str = ""
    check_level: CheckLevel | None = None
    eligibility_reason: str = ""  # why the role is eligible for that level
    decided_on: dt.date | None = None
    decided_by: str = ""


def normalise_check_level(details: CheckLevelDetails, *, today: dt.date) -> CheckLevelDetails:
    """The check level cleaned, or ValidationError listing every problem."""
    d = replace(
        details,
        job_title=clean_line(details.job_title),
        eligibility_reason=clean_text(details.eligibility_reason),
        decided_by=clean_line(details.decided_by),
    )
    errors: list[FieldError] = []
    if not d.job_title:
        errors.append(FieldError("job_title", "Enter the job title of the role."))
    check_length(errors, "job_title", "The job title", d.job_title, MAX_LINE)
    if d.check_level is None:
        errors.append(FieldError("check_level", "Choose the level of check for the role."))
    elif d.check_level.needs_reason and not d.eligibility_reason:
        errors.append(
            FieldError(
                "eligibility_reason",
                f"Say why the role is eligible for a {d.check_level.label.lower()}: which "
                "of its duties make it so.",
            )
        )
    check_length(errors, "eligibility_reason", "The reason", d.eligibility_reason, MAX_TEXT)
    check_length(errors, "decided_by", "Who decided", d.decided_by, MAX_LINE)
    if d.decided_on is None:
        errors.append(FieldError("decided_on", "Enter the date the level was decided."))
    elif d.decided_on > today:
        errors.append(FieldError("decided_on", "The date it was decided cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    return d


# -- a risk assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentDetails:
    """A risk assessment as written. ``delete_after`` None: the organisation's default."""

    staff_id: int | None = None
    role_title: str = ""
    disclosed_on: dt.date | None = None
    relevance: str = ""  # how relevant the conviction is to the role's duties
    time_since: str = ""  # how long ago, and what has happened since
    circumstances: str = ""  # the circumstances, in the person's words where they wish
    safeguards: str = ""  # support and safeguards agreed
    decision: Decision | None = None
    decided_by: str = ""
    decided_on: dt.date | None = None
    delete_after: dt.date | None = None


_TEXTS = (
    ("relevance", "How relevant it is"),
    ("time_since", "Time since"),
    ("circumstances", "The circumstances"),
    ("safeguards", "Safeguards"),
)


def normalise_assessment(
    details: AssessmentDetails, *, today: dt.date, keep_months: int
) -> AssessmentDetails:
    """The assessment cleaned, its ``delete_after`` filled in (``keep_months`` after the
    decision when not given), or ValidationError listing every problem."""
    d = replace(
        details,
        role_title=clean_line(details.role_title),
        relevance=clean_text(details.relevance),
        time_since=clean_text(details.time_since),
        circumstances=clean_text(details.circumstances),
        safeguards=clean_text(details.safeguards),
        decided_by=clean_line(details.decided_by),
    )
    errors: list[FieldError] = []
    if d.staff_id is None:
        errors.append(FieldError("staff_id", "Choose the person the assessment was made with."))
    check_length(errors, "role_title", "The role", d.role_title, MAX_LINE)
    for field, label in _TEXTS:
        check_length(errors, field, label, getattr(d, field), MAX_TEXT)
    if d.decision is None:
        errors.append(FieldError("decision", "Choose what was decided."))
    if not d.decided_by:
        errors.append(FieldError("decided_by", "Enter who made the decision."))
    check_length(errors, "decided_by", "Who decided", d.decided_by, MAX_LINE)
    if d.disclosed_on is None:
        errors.append(FieldError("disclosed_on", "Enter the date the conviction was disclosed."))
    elif d.disclosed_on > today:
        errors.append(
            FieldError("disclosed_on", "The date it was disclosed cannot be in the future.")
        )
    if d.decided_on is None:
        errors.append(FieldError("decided_on", "Enter the date of the decision."))
    elif d.decided_on > today:
        errors.append(FieldError("decided_on", "The date of the decision cannot be in the future."))
    elif d.disclosed_on is not None and d.decided_on < d.disclosed_on <= today:
        errors.append(
            FieldError("decided_on", "The decision cannot be before the conviction was disclosed.")
        )
    if d.decided_on is not None:
        delete_after = d.delete_after or default_delete_after(d.decided_on, keep_months)
        latest = latest_delete_after(d.decided_on)
        if delete_after < d.decided_on:
            errors.append(
                FieldError("delete_after", "The erasure date cannot be before the decision.")
            )
        elif delete_after > latest:
            errors.append(
                FieldError(
                    "delete_after",
                    f"Erase it at most {MAX_KEEP_MONTHS} months after the decision: by "
                    f"{latest.day} {latest:%B %Y}.",
                )
            )
        d = replace(d, delete_after=delete_after)
    if errors:
        raise ValidationError(errors)
    return d
