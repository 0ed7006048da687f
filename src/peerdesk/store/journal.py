"""Emptying the write-ahead log, so that text just erased survives in neither file.

With ``secure_delete`` on (store/connection.py) SQLite zeroes deleted and overwritten
content in the pages it writes; but until a checkpoint the old page images still sit in
``peerdesk.db-wal``. ``empty_journal`` copies every page back into the database and
truncates the WAL to nothing.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


def empty_journal(sessions: sessionmaker[Session]) -> bool:
    """Checkpoint and truncate the WAL; False when another reader kept it from emptying
    (the caller should say so, and the next erasure or closing will finish it)."""
    with sessions() as session:
        bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect() as connection:
        busy, _pages, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return int(busy) == 0
