"""Which schema revisions this PeerDesk knows, and upgrading a database to the newest.

Alembic is imported only when a database really needs creating or upgrading, so that an
ordinary start does not pay for it.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

# Every revision in order, oldest first; the last one is the schema this code writes.
# tests/store/test_migrations.py checks this against the Alembic scripts.
REVISIONS: tuple[str, ...] = ("0001_initial", "0002_staff_sort_keys")
HEAD = REVISIONS[-1]


def is_known(revision: str) -> bool:
    return revision in REVISIONS


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("peerdesk.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema on ``connection`` up to ``revision`` (inside its transaction)."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
