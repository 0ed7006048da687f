"""Alembic environment: PeerDesk always hands in an open connection."""

from alembic import context

from peerdesk.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("PeerDesk migrations run through peerdesk.store.schema.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
