"""Supervision: sessions, amendments, actions, agreements, dual relationships, absences,
intervals per role category, drafts being typed, and the organisation's supervision standard.

Revision ID: 0003_supervision
Revises: 0002_staff_sort_keys
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_supervision"
down_revision = "0002_staff_sort_keys"
branch_labels = None
depends_on = None

# Timestamps are ISO 8601 UTC strings (peerdesk.store.types.UTCDateTime).
TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "supervision_interval",
        sa.Column("role_category", sa.String(length=32), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "interval_days BETWEEN 1 AND 365",
            name=op.f("ck_supervision_interval_interval_in_range"),
        ),
        sa.PrimaryKeyConstraint("role_category", name=op.f("pk_supervision_interval")),
    )
    op.create_table(
        "dual_relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("relationship_type", sa.String(length=48), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("how_managed", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.String(length=200), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_dual_relationship_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dual_relationship")),
    )
    op.create_index(
        "ix_dual_relationship_review_date", "dual_relationship", ["review_date"], unique=False
    )
    op.create_index(
        "ix_dual_relationship_staff_id", "dual_relationship", ["staff_id"], unique=False
    )
    op.create_table(
        "staff_absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "last_day IS NULL OR last_day >= first_day", name=op.f("ck_staff_absence_days_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_absence_staff_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_absence")),
    )
    op.create_index("ix_staff_absence_staff_id", "staff_absence", ["staff_id"], unique=False)
    op.create_table(
        "supervision_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("frequency_days", sa.Integer(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("confidentiality", sa.Text(), nullable=False),
        sa.Column("raising_concerns", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_supervision_agreement_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_agreement")),
    )
    op.create_index(
        "ix_supervision_agreement_staff_id", "supervision_agreement", ["staff_id"], unique=False
    )
    op.create_table(
        "supervision_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("session_type", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("outcome_reason", sa.Text(), nullable=False),
        sa.Column("wellbeing_score", sa.Integer(), nullable=True),
        sa.Column("wellbeing_words", sa.Text(), nullable=False),
        sa.Column("section_wellbeing", sa.Text(), nullable=False),
        sa.Column("section_workload", sa.Text(), nullable=False),
        sa.Column("section_boundaries", sa.Text(), nullable=False),
        sa.Column("section_reflective_practice", sa.Text(), nullable=False),
        sa.Column("section_learning", sa.Text(), nullable=False),
        sa.Column("section_achievements", sa.Text(), nullable=False),
        sa.Column("section_other", sa.Text(), nullable=False),
        sa.Column("agreed_record", sa.Text(), nullable=False),
        sa.Column("confidential_notes", sa.Text(), nullable=False),
        sa.Column("supervisee_comment", sa.Text(), nullable=False),
        sa.Column("supervisor_signed_at", TIMESTAMP, nullable=True),
        sa.Column("supervisor_signed_by", sa.String(length=200), nullable=False),
        sa.Column("supervisee_signed_at", TIMESTAMP, nullable=True),
        sa.Column("supervisee_signed_by", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 600",
            name=op.f("ck_supervision_session_duration_in_range"),
        ),
        sa.CheckConstraint(
            "wellbeing_score IS NULL OR wellbeing_score BETWEEN 1 AND 5",
            name=op.f("ck_supervision_session_score_1_to_5"),
        ),
        sa.ForeignKeyConstraint(
            ["supervisee_id"],
            ["staff_member.id"],
            name=op.f("fk_supervision_session_supervisee_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["staff_member.id"],
            name=op.f("fk_supervision_session_supervisor_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_session")),
    )
    op.create_index(
        "ix_supervision_session_supervisee_date",
        "supervision_session",
        ["supervisee_id", "session_date"],
        unique=False,
    )
    op.create_index(
        "ix_supervision_session_supervisor_id",
        "supervision_session",
        ["supervisor_id"],
        unique=False,
    )
    op.create_table(
        "session_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("new_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("amended_by", sa.String(length=200), nullable=False),
        sa.Column("amended_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["supervision_session.id"],
            name=op.f("fk_session_amendment_session_id_supervision_session"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_amendment")),
    )
    op.create_index(
        "ix_session_amendment_session_id", "session_amendment", ["session_id"], unique=False
    )
    op.create_table(
        "session_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supervisee_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["supervision_session.id"],
            name=op.f("fk_session_draft_session_id_supervision_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supervisee_id"],
            ["staff_member.id"],
            name=op.f("fk_session_draft_supervisee_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_draft")),
        sa.UniqueConstraint("supervisee_id", name=op.f("uq_session_draft_supervisee_id")),
    )
    op.create_table(
        "supervision_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_in_session_id", sa.Integer(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_in_session_id"],
            ["supervision_session.id"],
            name=op.f("fk_supervision_action_closed_in_session_id_supervision_session"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["staff_member.id"],
            name=op.f("fk_supervision_action_owner_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["supervision_session.id"],
            name=op.f("fk_supervision_action_session_id_supervision_session"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_supervision_action_staff_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_action")),
    )
    op.create_index(
        "ix_supervision_action_due_date", "supervision_action", ["due_date"], unique=False
    )
    op.create_index(
        "ix_supervision_action_staff_status",
        "supervision_action",
        ["staff_id", "status"],
        unique=False,
    )
    op.add_column(
        "organisation",
        sa.Column("new_starter_days", sa.Integer(), server_default="14", nullable=False),
    )
    op.add_column(
        "organisation", sa.Column("due_soon_days", sa.Integer(), server_default="7", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("due_soon_days")
        batch.drop_column("new_starter_days")
    for table in (
        "session_draft",
        "supervision_action",
        "session_amendment",
        "supervision_session",
        "dual_relationship",
        "supervision_agreement",
        "staff_absence",
        "supervision_interval",
    ):
        op.drop_table(table)
