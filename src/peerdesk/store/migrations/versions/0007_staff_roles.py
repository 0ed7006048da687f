"""Several roles per person: further roles beside the main one on the person's own row.

Every existing person keeps their one role as their main role, unchanged; the new table
holds the roles they take on alongside it.

Revision ID: 0007_staff_roles
Revises: 0006_accounts
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_staff_roles"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "staff_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("role_category", sa.String(length=32), nullable=False),
        sa.Column("employment_type", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_staff_role_dates_in_order"),
        ),
        sa.CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)",
            name=op.f("ck_staff_role_hours_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_role_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_staff_role_team_id_team"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_role_supervisor_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_role")),
    )
    op.create_index("ix_staff_role_staff_id", "staff_role", ["staff_id"])
    op.create_index("ix_staff_role_supervisor_id", "staff_role", ["supervisor_id"])


def downgrade() -> None:
    op.drop_index("ix_staff_role_supervisor_id", table_name="staff_role")
    op.drop_index("ix_staff_role_staff_id", table_name="staff_role")
    op.drop_table("staff_role")
