"""Which schema revisions this PeerDesk knows (oldest first; the last is the one it writes).

Kept apart from the migration code so that start-up can compare revisions without loading
SQLAlchemy or Alembic. tests/store/test_migrations.py checks this against the scripts.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_staff_sort_keys",
    "0003_supervision",
    "0004_readiness",
    "0005_audit_trail",
    "0006_accounts",
    "0007_staff_roles",
    "0008_involvement",
    "0009_fair_chance",
    "0010_retention",
    "0011_involvement_creator",
    "0012_form_drafts",
)
HEAD = REVISIONS[-1]


def is_known(revision: str) -> bool:
    return revision in REVISIONS
