"""What someone was typing in a form (a person's details, an involvement activity) when
PeerDesk locked, kept so the lock loses nothing: one draft per user and form.

Revision ID: 0012_form_drafts
Revises: 0011_involvement_creator
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_form_drafts"
down_revision = "0011_involvement_creator"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "form_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("saved_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_form_draft_staff_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_draft")),
    )
    op.create_index("ix_form_draft_user_form", "form_draft", ["user_id", "form_key"])
    op.create_index("ix_form_draft_staff_id", "form_draft", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_form_draft_staff_id", table_name="form_draft")
    op.drop_index("ix_form_draft_user_form", table_name="form_draft")
    op.drop_table("form_draft")
