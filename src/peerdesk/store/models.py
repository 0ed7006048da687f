"""The tables, as typed SQLAlchemy 2 models. Only store/ and services/ see these."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
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
    # folded copies for accent- and case-insensitive search and ordering
    sort_name: Mapped[str] = mapped_column(String(200))
    job_title_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    search_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
