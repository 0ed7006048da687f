"""The first schema: organisation, teams and the staff register.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

# Timestamps are ISO 8601 UTC strings (peerdesk.store.types.UTCDateTime).
TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("charity_number", sa.String(length=20), nullable=False),
        sa.Column("supervision_interval_days", sa.Integer(), nullable=False),
        sa.Column("small_number_threshold", sa.Integer(), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("name_key", name=op.f("uq_team_name_key")),
    )
    op.create_table(
        "staff_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=False),
        sa.Column("pronouns", sa.String(length=50), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("role_category", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("employment_type", sa.String(length=32), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("leaving_reason", sa.Text(), nullable=False),
        sa.Column("line_manager_id", sa.Integer(), nullable=True),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("lived_experience", sa.String(length=32), nullable=False),
        sa.Column("counted_in_aggregates", sa.Boolean(), nullable=False),
        sa.Column("former_service_user", sa.Boolean(), nullable=False),
        sa.Column("reasonable_adjustments", sa.Text(), nullable=False),
        sa.Column("wellbeing_notes", sa.Text(), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_staff_member_dates_in_order"),
        ),
        sa.CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)",
            name=op.f("ck_staff_member_hours_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["line_manager_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_member_line_manager_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_member_supervisor_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_staff_member_team_id_team"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_member")),
    )
    op.create_index("ix_staff_member_end_date", "staff_member", ["end_date"])
    op.create_index("ix_staff_member_sort_name", "staff_member", ["sort_name"])
    op.create_index("ix_staff_member_supervisor_id", "staff_member", ["supervisor_id"])
    op.create_index("ix_staff_member_team_id", "staff_member", ["team_id"])


def downgrade() -> None:
    op.drop_table("staff_member")
    op.drop_table("team")
    op.drop_table("organisation")
