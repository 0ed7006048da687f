"""The audit trail (append-only, hash-chained) and the organisation's logo for reports.

Revision ID: 0005_audit_trail
Revises: 0004_readiness
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_audit_trail"
down_revision = "0004_readiness"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)
REFUSE = "The audit trail cannot be changed or deleted."


def upgrade() -> None:
    op.add_column(
        "organisation", sa.Column("logo_path", sa.Text(), server_default="", nullable=False)
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_event_entry_hash")),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{event.lower()} BEFORE {event} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    op.drop_table("audit_event")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("logo_path")
