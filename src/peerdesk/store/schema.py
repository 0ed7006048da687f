"""Which schema revisions this PeerDesk knows, and upgrading a database to the newest.

Alembic is imported only when a database really needs creating or upgrading, so that an
ordinary start does not pay for it.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from peerdesk.store.revisions import HEAD, REVISIONS, is_known

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD", "REVISIONS", "alembic_config", "is_known", "upgrade"]


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
