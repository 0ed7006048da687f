"""Retention and erasure: how long each kind of a leaver's records is kept, what erasing
keeps, and the mark left on an erased person's row.

Existing organisations get one period per kind, all equal to the retention they had set
(``organisation.retention_years``), so nothing becomes due sooner than before.

Revision ID: 0010_retention
Revises: 0009_fair_chance
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_retention"
down_revision = "0009_fair_chance"
branch_labels = None
depends_on = None

# domain.retention.RecordKind, written out: a revision must not change when the code does
KINDS = (
    "supervision",
    "wellbeing",
    "training",
    "absences",
    "relationships",
    "apprenticeship",
    "personal_details",
)


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column(
                "kept_after_erasure",
                sa.String(length=200),
                server_default="name,employment_dates",
                nullable=False,
            )
        )
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("erased_on", sa.Date(), nullable=True))
    periods = op.create_table(
        "retention_period",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_retention_period")),
    )
    connection = op.get_bind()
    years = connection.execute(
        sa.text("SELECT retention_years FROM organisation ORDER BY id LIMIT 1")
    ).scalar()
    months = 12 * (years if years is not None else 6)
    op.bulk_insert(periods, [{"kind": kind, "months": months} for kind in KINDS])


def downgrade() -> None:
    op.drop_table("retention_period")
    with op.batch_alter_table("staff_member") as batch:
        batch.drop_column("erased_on")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("kept_after_erasure")
