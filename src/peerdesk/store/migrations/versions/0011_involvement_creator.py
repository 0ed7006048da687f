"""The involvement log remembers who logged an activity by their user account, not only by
the name they had then, so a supervisor who is renamed keeps the right to change their own
entries, and two people with the same name cannot change each other's.

Existing entries are matched to the one account whose display name equals the name they
were logged under; where no account or more than one has that name, the entry is left
without an account (administrators and managers can still change it).

Revision ID: 0011_involvement_creator
Revises: 0010_retention
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_involvement_creator"
down_revision = "0010_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("involvement_activity") as batch:
        batch.add_column(sa.Column("created_by_user_id", sa.Integer(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE involvement_activity SET created_by_user_id = ("
            " SELECT MIN(u.id) FROM user_account AS u"
            " WHERE u.display_name = involvement_activity.created_by"
            " HAVING COUNT(*) = 1)"
            " WHERE created_by <> ''"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("involvement_activity") as batch:
        batch.drop_column("created_by_user_id")
