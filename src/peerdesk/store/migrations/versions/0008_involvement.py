"""The involvement log (co-production): each time people with lived experience shaped a
decision, with counts, payments and the "you said, we did" answer.

Revision ID: 0008_involvement
Revises: 0007_staff_roles
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_involvement"
down_revision = "0007_staff_roles"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "involvement_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("volunteer_count", sa.Integer(), nullable=False),
        sa.Column("service_user_count", sa.Integer(), nullable=False),
        sa.Column("payment_kind", sa.String(length=16), nullable=False),
        sa.Column("payment_pence", sa.Integer(), nullable=False),
        sa.Column("people_paid", sa.Integer(), nullable=False),
        sa.Column("benefits_advice_offered", sa.Boolean(), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "staff_count >= 0 AND volunteer_count >= 0 AND service_user_count >= 0",
            name=op.f("ck_involvement_activity_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "payment_pence >= 0 AND people_paid >= 0",
            name=op.f("ck_involvement_activity_payment_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_involvement_activity")),
    )
    op.create_index("ix_involvement_activity_held_on", "involvement_activity", ["held_on"])


def downgrade() -> None:
    op.drop_index("ix_involvement_activity_held_on", table_name="involvement_activity")
    op.drop_table("involvement_activity")
