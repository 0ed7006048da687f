"""User accounts (each with a role and, optionally, their own staff record) and the idle lock.

Revision ID: 0006_accounts
Revises: 0005_audit_trail
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_accounts"
down_revision = "0005_audit_trail"
branch_labels = None
depends_on = None

TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(
            sa.Column("idle_lock_minutes", sa.Integer(), server_default="10", nullable=False)
        )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("username_key", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("last_sign_in_at", TIMESTAMP, nullable=True),
        sa.Column("deactivated_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_user_account_staff_id_staff_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username_key", name=op.f("uq_user_account_username_key")),
        sa.UniqueConstraint("staff_id", name=op.f("uq_user_account_staff_id")),
    )


def downgrade() -> None:
    op.drop_table("user_account")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("idle_lock_minutes")
