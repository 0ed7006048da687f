"""The tables, as typed SQLAlchemy 2 models. Only store/ and services/ see these."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from peerdesk.store.types import UTCDateTime, utc_now

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    charity_number: Mapped[str] = mapped_column(String(20), default="")
    supervision_interval_days: Mapped[int] = mapped_column(Integer, default=28)
    small_number_threshold: Mapped[int] = mapped_column(Integer, default=5)
    retention_years: Mapped[int] = mapped_column(Integer, default=6)
    new_starter_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    due_soon_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    # an image file for the reports' header; empty when none is set
    logo_path: Mapped[str] = mapped_column(Text, default="", server_default="")
    # PeerDesk locks itself after this many minutes without a key press or click
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # months a fair-chance risk assessment is kept after its decision (then erased)
    conviction_keep_months: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    # what erasing a leaver keeps on their record: comma-separated keys of
    # domain.retention.KEEPABLE (for example "name,employment_dates")
    kept_after_erasure: Mapped[str] = mapped_column(
        String(200), default="name,employment_dates", server_default="name,employment_dates"
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # folded name: keeps "Outreach" and "outreach " from both existing
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),
        CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)",
            name="hours_in_range",
        ),
        Index("ix_staff_member_end_date", "end_date"),
        Index("ix_staff_member_sort_name", "sort_name"),
        Index("ix_staff_member_team_id", "team_id"),
        Index("ix_staff_member_role_category", "role_category"),
        Index("ix_staff_member_supervisor_id", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    pronouns: Mapped[str] = mapped_column(String(50), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    role_category: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="RESTRICT"))
    employment_type: Mapped[str] = mapped_column(String(32))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    leaving_reason: Mapped[str] = mapped_column(Text, default="")
    line_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    lived_experience: Mapped[str] = mapped_column(String(32), default="prefer_not_to_say")
    counted_in_aggregates: Mapped[bool] = mapped_column(Boolean, default=False)
    former_service_user: Mapped[bool] = mapped_column(Boolean, default=False)
    reasonable_adjustments: Mapped[str] = mapped_column(Text, default="")
    wellbeing_notes: Mapped[str] = mapped_column(Text, default="")
    # set when an administrator erased this leaver's records: the row stays (other people's
    # records point at it) holding only what the organisation keeps
    erased_on: Mapped[dt.date | None] = mapped_column(Date)
    # folded copies for accent- and case-insensitive search and ordering
    sort_name: Mapped[str] = mapped_column(String(200))
    job_title_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    search_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SupervisionInterval(Base):
    """How often a role category is supervised, where it differs from the default."""

    __tablename__ = "supervision_interval"
    __table_args__ = (CheckConstraint("interval_days BETWEEN 1 AND 365", name="interval_in_range"),)

    role_category: Mapped[str] = mapped_column(String(32), primary_key=True)
    interval_days: Mapped[int] = mapped_column(Integer)


class StaffAbsence(Base):
    """A long absence (sick, parental, career break): supervision is not expected then."""

    __tablename__ = "staff_absence"
    __table_args__ = (
        CheckConstraint("last_day IS NULL OR last_day >= first_day", name="days_in_order"),
        Index("ix_staff_absence_staff_id", "staff_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SupervisionSession(Base):
    """One one-to-one (or a session that did not happen, recorded honestly)."""

    __tablename__ = "supervision_session"
    __table_args__ = (
        CheckConstraint(
            "wellbeing_score IS NULL OR wellbeing_score BETWEEN 1 AND 5", name="score_1_to_5"
        ),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 600",
            name="duration_in_range",
        ),
        Index("ix_supervision_session_supervisee_date", "supervisee_id", "session_date"),
        Index("ix_supervision_session_supervisor_id", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT")
    )
    session_date: Mapped[dt.date] = mapped_column(Date)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    session_type: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    wellbeing_score: Mapped[int | None] = mapped_column(Integer)
    wellbeing_words: Mapped[str] = mapped_column(Text, default="")
    section_wellbeing: Mapped[str] = mapped_column(Text, default="")
    section_workload: Mapped[str] = mapped_column(Text, default="")
    section_boundaries: Mapped[str] = mapped_column(Text, default="")
    section_reflective_practice: Mapped[str] = mapped_column(Text, default="")
    section_learning: Mapped[str] = mapped_column(Text, default="")
    section_achievements: Mapped[str] = mapped_column(Text, default="")
    section_other: Mapped[str] = mapped_column(Text, default="")
    agreed_record: Mapped[str] = mapped_column(Text, default="")
    # never shown to the supervisee, never in any report
    confidential_notes: Mapped[str] = mapped_column(Text, default="")
    supervisee_comment: Mapped[str] = mapped_column(Text, default="")
    supervisor_signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    supervisor_signed_by: Mapped[str] = mapped_column(String(200), default="")
    supervisee_signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    supervisee_signed_by: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SessionAmendment(Base):
    """A change to a signed record: the original text is kept, with who, when and why."""

    __tablename__ = "session_amendment"
    __table_args__ = (Index("ix_session_amendment_session_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="RESTRICT")
    )
    field: Mapped[str] = mapped_column(String(64))
    original_text: Mapped[str] = mapped_column(Text)
    new_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    amended_by: Mapped[str] = mapped_column(String(200))
    amended_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SupervisionAction(Base):
    """An action agreed in a session, carried to later sessions until closed."""

    __tablename__ = "supervision_action"
    __table_args__ = (
        Index("ix_supervision_action_staff_status", "staff_id", "status"),
        Index("ix_supervision_action_due_date", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="RESTRICT")
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_in_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="SET NULL")
    )
    closing_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SupervisionAgreement(Base):
    """How a person's supervision works: frequency, place, confidentiality, concerns."""

    __tablename__ = "supervision_agreement"
    __table_args__ = (Index("ix_supervision_agreement_staff_id", "staff_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    frequency_days: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(Text, default="")
    confidentiality: Mapped[str] = mapped_column(Text, default="")
    raising_concerns: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[dt.date] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class DualRelationship(Base):
    """A peer worker's other relationship inside the organisation, and how it is managed."""

    __tablename__ = "dual_relationship"
    __table_args__ = (
        Index("ix_dual_relationship_staff_id", "staff_id"),
        Index("ix_dual_relationship_review_date", "review_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    relationship_type: Mapped[str] = mapped_column(String(48))
    # non-identifying: "a former service user now on the same team", never a name
    description: Mapped[str] = mapped_column(Text, default="")
    how_managed: Mapped[str] = mapped_column(Text, default="")
    agreed_by: Mapped[str] = mapped_column(String(200), default="")
    agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class SessionDraft(Base):
    """A record being typed, saved every few seconds so a crash or a closed lid loses nothing."""

    __tablename__ = "session_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supervisee_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), unique=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE")
    )
    payload: Mapped[str] = mapped_column(Text)  # JSON of the form's fields
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class FormDraft(Base):
    """What a user was typing in a form when PeerDesk locked (the form's fields as JSON),
    restored when they open that form again. ``staff_id``: the person the form is about,
    so erasing that person erases the draft too."""

    __tablename__ = "form_draft"
    __table_args__ = (
        Index("ix_form_draft_user_form", "user_id", "form_key"),
        Index("ix_form_draft_staff_id", "staff_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    form_key: Mapped[str] = mapped_column(String(64))  # "staff:12", "involvement:new" …
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))  # the form's window title
    fields: Mapped[str] = mapped_column(Text)  # JSON: widget name -> value
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


# -- organisational readiness: checklists, policies, training, wellbeing, apprenticeships --


class Checklist(Base):
    """A checklist started from a template (shipped or the organisation's own).

    A yearly review is a new checklist whose ``review_of_id`` is the one it follows; the
    earlier one stays as it was, so progress over time can be shown.
    """

    __tablename__ = "checklist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    template_key: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int] = mapped_column(Integer)
    started_on: Mapped[dt.date] = mapped_column(Date)
    review_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("checklist.id", ondelete="SET NULL")
    )
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ChecklistItem(Base):
    """One item of a checklist and its answer. ``item_key`` is the template's key (or
    ``custom-N`` for the organisation's own); ``retired`` marks an item a newer template
    version no longer has (kept, with its answer)."""

    __tablename__ = "checklist_item"
    __table_args__ = (
        UniqueConstraint("checklist_id", "item_key"),
        Index("ix_checklist_item_checklist_id", "checklist_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklist.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(100))
    section: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_paths: Mapped[str] = mapped_column(Text, default="")  # one path per line
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    na_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ChecklistStatusChange(Base):
    """Every change of an item's status: the history behind progress over time."""

    __tablename__ = "checklist_status_change"
    __table_args__ = (Index("ix_checklist_status_change_item_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id", ondelete="CASCADE"))
    old_status: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[dt.date] = mapped_column(Date)  # the local day it changed
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Policy(Base):
    """An entry in the policy register."""

    __tablename__ = "policy"
    __table_args__ = (Index("ix_policy_next_review", "next_review"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    version: Mapped[str] = mapped_column(String(40), default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    location: Mapped[str] = mapped_column(Text, default="")  # where the document lives
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class TrainingCourse(Base):
    """A course in the catalogue. ``applies_to`` lists the role categories a mandatory
    course is required of (comma-separated values; empty means everyone)."""

    __tablename__ = "training_course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    validity_months: Mapped[int | None] = mapped_column(Integer)
    applies_to: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class TrainingRecord(Base):
    """One person and one course: requested, booked, completed (and when it expires)."""

    __tablename__ = "training_record"
    __table_args__ = (
        Index("ix_training_record_staff_course", "staff_id", "course_id"),
        Index("ix_training_record_expires_on", "expires_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    requested_on: Mapped[dt.date | None] = mapped_column(Date)
    booked_for: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    raised_in_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class WellnessPlan(Base):
    """A person's own wellness action plan: one per person, kept current."""

    __tablename__ = "wellness_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="RESTRICT"), unique=True
    )
    keeps_me_well: Mapped[str] = mapped_column(Text, default="")
    early_signs: Mapped[str] = mapped_column(Text, default="")
    what_helps: Mapped[str] = mapped_column(Text, default="")
    who_to_contact: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Apprenticeship(Base):
    """An apprenticeship: the programme, the off-the-job hours it requires each week, its
    planned end, and how it ended."""

    __tablename__ = "apprenticeship"
    __table_args__ = (Index("ix_apprenticeship_staff_id", "staff_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    programme: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    planned_end_date: Mapped[dt.date] = mapped_column(Date)
    required_weekly_hours: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class OffTheJobHours(Base):
    """Off-the-job training hours logged on a day."""

    __tablename__ = "off_the_job_hours"
    __table_args__ = (Index("ix_off_the_job_hours_apprenticeship_id", "apprenticeship_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    apprenticeship_id: Mapped[int] = mapped_column(
        ForeignKey("apprenticeship.id", ondelete="CASCADE")
    )
    day: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    activity: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ApprenticeshipReview(Base):
    """A progress review of an apprenticeship."""

    __tablename__ = "apprenticeship_review"
    __table_args__ = (Index("ix_apprenticeship_review_apprenticeship_id", "apprenticeship_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    apprenticeship_id: Mapped[int] = mapped_column(
        ForeignKey("apprenticeship.id", ondelete="CASCADE")
    )
    review_date: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


# -- the audit trail -------------------------------------------------------------------


class AuditEvent(Base):
    """One thing that happened: who, what, when, about what. Append-only (triggers refuse
    UPDATE and DELETE) and hash-chained: ``entry_hash`` covers this entry's fields and the
    previous entry's hash, so a changed or missing entry breaks the chain."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor_name: Mapped[str] = mapped_column(String(200))
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


def employed_on(day: dt.date) -> ColumnElement[bool]:
    """SQL for "still employed on ``day``": no end date, or one on or after it.

    The same rule as ``domain.staff.is_current``; the end date itself is a working day.
    """
    return or_(StaffMember.end_date.is_(None), StaffMember.end_date >= day)


class UserAccount(Base):
    """Someone who signs in to PeerDesk. The password is not here: it unlocks the user's own
    copy of the data key in the key file (store/keyring.py), which is its only check."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    # folded user name: "Amara" and "amara " are one account
    username_key: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL"), unique=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


# -- several roles, co-production, fair chance and retention -----------------------------


class StaffRole(Base):
    """A further role a person holds alongside their main one (paid peer worker and
    volunteer, apprentice and sessional worker). The main role's job title, team, hours and
    supervisor stay on the person's own row, which the supervision schedule keys off."""

    __tablename__ = "staff_role"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_in_order"),
        CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)",
            name="hours_in_range",
        ),
        Index("ix_staff_role_staff_id", "staff_id"),
        Index("ix_staff_role_supervisor_id", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    job_title: Mapped[str] = mapped_column(String(200))
    role_category: Mapped[str] = mapped_column(String(32))
    employment_type: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="RESTRICT"))
    hours_per_week: Mapped[float | None] = mapped_column(Float)
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


def role_held_on(day: dt.date) -> ColumnElement[bool]:
    """SQL for "the further role is held on ``day``": started by then and not ended before
    it (like ``employed_on``, the end date itself is a working day)."""
    return and_(
        StaffRole.start_date <= day,
        or_(StaffRole.end_date.is_(None), StaffRole.end_date >= day),
    )


class InvolvementActivity(Base):
    """One time people with lived experience shaped a decision (co-production): counts of
    who took part, never names of people using services."""

    __tablename__ = "involvement_activity"
    __table_args__ = (
        CheckConstraint(
            "staff_count >= 0 AND volunteer_count >= 0 AND service_user_count >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint("payment_pence >= 0 AND people_paid >= 0", name="payment_not_negative"),
        Index("ix_involvement_activity_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))  # what was decided or designed
    details: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(16))  # domain.involvement.Stage
    staff_count: Mapped[int] = mapped_column(Integer, default=0)
    volunteer_count: Mapped[int] = mapped_column(Integer, default=0)
    service_user_count: Mapped[int] = mapped_column(Integer, default=0)
    payment_kind: Mapped[str] = mapped_column(String(16), default="none")
    payment_pence: Mapped[int] = mapped_column(Integer, default=0)  # the total given
    people_paid: Mapped[int] = mapped_column(Integer, default=0)
    benefits_advice_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")  # what changed, or why not
    outcome: Mapped[str] = mapped_column(String(16), default="pending")
    told_on: Mapped[dt.date | None] = mapped_column(Date)  # when people were told
    created_by: Mapped[str] = mapped_column(String(200), default="")  # their name then
    # the account that logged it (None: logged by the demo, or before accounts were kept)
    created_by_user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class RoleCheckLevel(Base):
    """Fair-chance recruitment: the criminal-record check level decided for a role (by job
    title) and why the role is eligible for it."""

    __tablename__ = "role_check_level"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_title: Mapped[str] = mapped_column(String(200))
    job_title_key: Mapped[str] = mapped_column(String(200), unique=True)
    check_level: Mapped[str] = mapped_column(String(16))  # none, basic, standard, enhanced
    eligibility_reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ConvictionAssessment(Base):
    """A risk assessment made with a person who disclosed a conviction. Criminal-offence
    data: administrators only, every view audited, erased after ``delete_after``."""

    __tablename__ = "conviction_assessment"
    __table_args__ = (
        Index("ix_conviction_assessment_staff_id", "staff_id"),
        Index("ix_conviction_assessment_delete_after", "delete_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    disclosed_on: Mapped[dt.date] = mapped_column(Date)
    relevance: Mapped[str] = mapped_column(Text, default="")
    time_since: Mapped[str] = mapped_column(Text, default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    safeguards: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    delete_after: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class RetentionPeriod(Base):
    """How long a kind of a leaver's records is kept after they leave, in months."""

    __tablename__ = "retention_period"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)  # domain.retention
    months: Mapped[int] = mapped_column(Integer)
