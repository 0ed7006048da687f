"""The plain data the record reports are built from: one person's supervision record, one
checklist, and everything held about one person (a subject access request).

Services assemble these from the database; the builders in this package only read them.
Dates are local days; moments (``*_at``) are aware UTC datetimes, shown in local time.

``SessionData`` deliberately has no field for the supervisor's confidential notes, so a
supervision record cannot carry them. Only ``PersonReportData`` holds confidential notes,
apart, in ``confidential_notes``: they are personal data held about the person, released
only after someone has checked them for information about other people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.checklist_progress import ChecklistProgress
from peerdesk.domain.enums import (
    ActionStatus,
    ApprenticeshipOutcome,
    ChecklistItemStatus,
    CourseKind,
    DualRelationshipType,
    EmploymentType,
    LivedExperience,
    PolicyStatus,
    RoleCategory,
    SessionMode,
    SessionType,
    TrainingStatus,
)
from peerdesk.domain.supervision_record import SignOffState
from peerdesk.domain.supervision_schedule import SessionOutcome

# -- shared ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportContext:
    """Who the report is from and when it was made."""

    organisation: str
    prepared_by: str
    generated_at: dt.datetime  # aware UTC


@dataclass(frozen=True)
class TextPart:
    """A written part of a record: ``key`` for machines, ``label`` for people."""

    key: str
    label: str
    text: str


# -- the supervision record -----------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    name: str
    at: dt.datetime  # aware UTC


@dataclass(frozen=True)
class AmendmentData:
    """A change to a signed record: the text before and after, who, when and why."""

    field: str
    field_label: str
    original_text: str
    new_text: str
    reason: str
    amended_by: str
    amended_at: dt.datetime


@dataclass(frozen=True)
class ActionData:
    """An action agreed in a session, and how and when it was closed."""

    id: int
    description: str
    owner_name: str  # "" when nobody in the register owns it
    due_date: dt.date | None
    status: ActionStatus
    closed_on: dt.date | None
    closed_in_session_date: dt.date | None
    closing_note: str


@dataclass(frozen=True)
class SessionData:
    """One session as the supervisee reads it. No confidential notes, by design."""

    id: int
    session_date: dt.date
    session_type: SessionType
    mode: SessionMode
    duration_minutes: int | None
    outcome: SessionOutcome
    outcome_reason: str
    supervisor_name: str
    wellbeing_score: int | None
    wellbeing_words: str
    sections: tuple[TextPart, ...]  # the sections that were written, in the form's order
    agreed_record: str
    supervisee_comment: str
    sign_off: SignOffState
    supervisor_signature: Signature | None
    supervisee_signature: Signature | None
    actions: tuple[ActionData, ...] = ()
    amendments: tuple[AmendmentData, ...] = ()  # oldest first


@dataclass(frozen=True)
class PersonHeading:
    """Who a record is about, as its header shows them."""

    staff_id: int
    full_name: str
    preferred_name: str
    pronouns: str
    job_title: str
    team_name: str
    supervisor_name: str
    end_date: dt.date | None  # set for a leaver


@dataclass(frozen=True)
class SupervisionRecordData:
    context: ReportContext
    person: PersonHeading
    start: dt.date | None  # None: from the first session
    end: dt.date | None  # None: up to the latest session
    sessions: tuple[SessionData, ...]  # oldest first


# -- the checklist report -------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChangeData:
    old_status: ChecklistItemStatus | None
    new_status: ChecklistItemStatus
    changed_on: dt.date
    changed_by: str
    note: str


@dataclass(frozen=True)
class ChecklistItemData:
    text: str
    status: ChecklistItemStatus
    owner_name: str
    evidence: str
    evidence_paths: tuple[str, ...]
    due_date: dt.date | None
    notes: str
    na_reason: str
    retired: bool
    is_custom: bool
    last_change: StatusChangeData | None


@dataclass(frozen=True)
class ChecklistSectionData:
    title: str
    progress: ChecklistProgress  # retired items are never counted
    items: tuple[ChecklistItemData, ...]


@dataclass(frozen=True)
class ChecklistReportData:
    context: ReportContext
    checklist_id: int
    title: str
    template_title: str
    template_key: str
    template_version: int
    current_version: int | None  # the template's version today; None when it is gone
    started_on: dt.date
    review_of_started_on: dt.date | None  # the checklist this one reviews, if any
    archived_on: dt.date | None
    progress: ChecklistProgress
    sections: tuple[ChecklistSectionData, ...]


# -- everything held about one person ------------------------------------------------------


@dataclass(frozen=True)
class StaffData:
    """Every field of the staff record."""

    id: int
    full_name: str
    preferred_name: str
    pronouns: str
    job_title: str
    role_category: RoleCategory
    employment_type: EmploymentType
    hours_per_week: float | None
    start_date: dt.date
    end_date: dt.date | None
    leaving_reason: str
    team_name: str
    supervisor_name: str
    line_manager_name: str
    lived_experience: LivedExperience
    counted_in_aggregates: bool
    former_service_user: bool
    reasonable_adjustments: str
    wellbeing_notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class ConfidentialNote:
    """A supervisor's confidential note about the person (from a session, or from a record
    still being written)."""

    session_id: int | None
    session_date: dt.date | None
    supervisor_name: str
    text: str
    source: str = "session"  # "session" or "draft"


@dataclass(frozen=True)
class OwnedAction:
    """An action the person owns on someone else's record (whose record is left out)."""

    id: int
    description: str
    agreed_on: dt.date
    due_date: dt.date | None
    status: ActionStatus
    closed_on: dt.date | None
    closing_note: str


@dataclass(frozen=True)
class AgreementData:
    id: int
    frequency_days: int
    location: str
    confidentiality: str
    raising_concerns: str
    agreed_on: dt.date
    review_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class DualRelationshipData:
    id: int
    relationship_type: DualRelationshipType
    description: str  # non-identifying by design
    how_managed: str
    agreed_by: str
    agreed_on: dt.date | None
    review_date: dt.date | None
    ended_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class OtherRoleData:
    """A further role the person holds or held beside their main one."""

    id: int
    job_title: str
    role_category: str  # as people read it ("Volunteer")
    employment_type: str
    team_name: str
    hours_per_week: float | None  # None: the hours vary
    supervisor_name: str
    start_date: dt.date
    end_date: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True)
class RiskAssessmentData:
    """A fair-chance risk assessment made with the person about a conviction they disclosed
    (criminal-offence data: in their own export because it is held about them)."""

    id: int
    role_title: str
    disclosed_on: dt.date
    relevance: str
    time_since: str
    circumstances: str
    safeguards: str
    decision: str  # as people read it ("Appointed with agreed safeguards")
    decided_by: str
    decided_on: dt.date
    delete_after: dt.date


@dataclass(frozen=True)
class AbsenceData:
    id: int
    first_day: dt.date
    last_day: dt.date | None
    kind: str
    created_at: dt.datetime


@dataclass(frozen=True)
class WellnessPlanData:
    id: int
    keeps_me_well: str
    early_signs: str
    what_helps: str
    who_to_contact: str
    agreed_on: dt.date | None
    review_date: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class TrainingData:
    id: int
    course_name: str
    course_kind: CourseKind
    status: TrainingStatus
    requested_on: dt.date | None
    booked_for: dt.date | None
    completed_on: dt.date | None
    expires_on: dt.date | None
    raised_in_session_date: dt.date | None
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class HoursData:
    day: dt.date
    hours: float
    activity: str


@dataclass(frozen=True)
class ReviewData:
    review_date: dt.date
    notes: str
    next_review: dt.date | None


@dataclass(frozen=True)
class ApprenticeshipData:
    id: int
    programme: str
    provider: str
    start_date: dt.date
    planned_end_date: dt.date
    required_weekly_hours: float
    outcome: ApprenticeshipOutcome | None
    outcome_on: dt.date | None
    outcome_notes: str
    hours_logged: float
    hours_expected: float
    progress_text: str
    hours: tuple[HoursData, ...]  # oldest first
    reviews: tuple[ReviewData, ...]  # oldest first
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class OwnedChecklistItem:
    checklist_title: str
    text: str
    status: ChecklistItemStatus


@dataclass(frozen=True)
class OwnedPolicy:
    title: str
    version: str
    status: PolicyStatus
    next_review: dt.date | None


@dataclass(frozen=True)
class LedSession:
    """A session the person led as supervisor: what it was, never what it held (that is
    about the supervisee)."""

    session_date: dt.date
    session_type: SessionType
    outcome: SessionOutcome
    signed_at: dt.datetime | None  # when they signed it as supervisor


@dataclass(frozen=True)
class DraftData:
    """A supervision record about them being written and not yet saved."""

    saved_at: dt.datetime
    parts: tuple[TextPart, ...]  # the written parts, without confidential notes


@dataclass(frozen=True)
class KeptFormData:
    """A form about them someone was typing when PeerDesk locked (kept to be finished)."""

    title: str
    saved_at: dt.datetime
    parts: tuple[TextPart, ...]  # each field that holds something, as shown in the form


@dataclass(frozen=True)
class AuditAppearance:
    """An entry in the audit trail about the person."""

    at: dt.datetime
    actor_name: str
    action: str
    subject: str
    details: str  # the entry's details as JSON text


@dataclass(frozen=True)
class AccountData:
    """Their PeerDesk sign-in account, when one is linked to their staff record."""

    username: str
    role: str
    active: bool
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None


@dataclass(frozen=True)
class PersonReportData:
    context: ReportContext
    staff: StaffData
    sessions: tuple[SessionData, ...]  # oldest first
    confidential_notes: tuple[ConfidentialNote, ...] = ()
    owned_actions: tuple[OwnedAction, ...] = ()
    agreements: tuple[AgreementData, ...] = ()
    dual_relationships: tuple[DualRelationshipData, ...] = ()
    absences: tuple[AbsenceData, ...] = ()
    wellness_plan: WellnessPlanData | None = None
    training: tuple[TrainingData, ...] = ()
    apprenticeships: tuple[ApprenticeshipData, ...] = ()
    checklist_items: tuple[OwnedChecklistItem, ...] = ()
    policies: tuple[OwnedPolicy, ...] = ()
    led_sessions: tuple[LedSession, ...] = ()
    draft: DraftData | None = None
    audit: tuple[AuditAppearance, ...] = ()
    account: AccountData | None = None
    other_roles: tuple[OtherRoleData, ...] = ()  # oldest first
    risk_assessments: tuple[RiskAssessmentData, ...] = ()  # oldest decision first
    kept_forms: tuple[KeptFormData, ...] = ()  # oldest first
