"""Fair-chance recruitment: the check level decided per role, and risk assessments made
with people who disclosed a conviction (kept for a set number of months after the decision).

Revision ID: 0009_fair_chance
Revises: 0008_involvement
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_fair_chance"
down_revision = "0008_involvement"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column("conviction_keep_months", sa.Integer(), server_default="6", nullable=False)
        )
    op.create_table(
        "role_check_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("job_title_key", sa.String(length=200), nullable=False),
        sa.Column("check_level", sa.String(length=16), nullable=False),
        sa.Column("eligibility_reason", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_check_level")),
        sa.UniqueConstraint("job_title_key", name=op.f("uq_role_check_level_job_title_key")),
    )
    op.create_table(
        "conviction_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role_title", sa.String(length=200), nullable=False),
        sa.Column("disclosed_on", sa.Date(), nullable=False),
        sa.Column("relevance", sa.Text(), nullable=False),
        sa.Column("time_since", sa.Text(), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("safeguards", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("delete_after", sa.Date(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_conviction_assessment_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conviction_assessment")),
    )
    op.create_index("ix_conviction_assessment_staff_id", "conviction_assessment", ["staff_id"])
    op.create_index(
        "ix_conviction_assessment_delete_after", "conviction_assessment", ["delete_after"]
    )


def downgrade() -> None:
    op.drop_index("ix_conviction_assessment_delete_after", table_name="conviction_assessment")
    op.drop_index("ix_conviction_assessment_staff_id", table_name="conviction_assessment")
    op.drop_table("conviction_assessment")
    op.drop_table("role_check_level")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("conviction_keep_months")
