"""Index the staff register's role category, which the staff page filters on.

Revision ID: 0002_role_category_index
Revises: 0001_initial
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002_role_category_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_staff_member_role_category", "staff_member", ["role_category"])


def downgrade() -> None:
    op.drop_index("ix_staff_member_role_category", table_name="staff_member")
