"""Sort keys for the staff register: a folded job title and an index on role category.

Job titles sort like names (accents and case ignored: "Éducation" before "Fundraiser"),
which SQLite's lower() cannot do, so the folded title is kept beside it.

Revision ID: 0002_staff_sort_keys
Revises: 0001_initial
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from peerdesk.domain.text import fold

revision = "0002_staff_sort_keys"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

staff = sa.table(
    "staff_member",
    sa.column("id", sa.Integer),
    sa.column("job_title", sa.String),
    sa.column("job_title_key", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(
            sa.Column("job_title_key", sa.String(length=200), nullable=False, server_default="")
        )
    connection = op.get_bind()
    rows = connection.execute(sa.select(staff.c.id, staff.c.job_title)).all()
    for staff_id, title in rows:
        connection.execute(
            staff.update().where(staff.c.id == staff_id).values(job_title_key=fold(title or ""))
        )
    op.create_index("ix_staff_member_role_category", "staff_member", ["role_category"])


def downgrade() -> None:
    op.drop_index("ix_staff_member_role_category", table_name="staff_member")
    with op.batch_alter_table("staff_member") as batch:
        batch.drop_column("job_title_key")
