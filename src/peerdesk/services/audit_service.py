"""The audit trail: who did what, when, to what. Append-only and hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so an entry changed
or removed outside PeerDesk (the database refuses UPDATE and DELETE from inside) breaks the
chain, and ``verify`` says where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.services.actor import Actor
from peerdesk.store.models import AuditEvent
from peerdesk.store.types import utc_now

Now = Callable[[], dt.datetime]
GENESIS = ""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor_name: str
    actor_role: str
    action: str
    subject: str
    details: Mapping[str, object]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    problems: tuple[str, ...] = ()


def entry_hash(
    previous: str,
    at: dt.datetime,
    actor_name: str,
    actor_role: str,
    action: str,
    subject: str,
    details: str,
) -> str:
    payload = json.dumps(
        [
            previous,
            at.astimezone(dt.UTC).isoformat(),
            actor_name,
            actor_role,
            action,
            subject,
            details,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session], now: Now = utc_now) -> None:
        self._sessions = sessions
        self._now = now

    def record(
        self,
        actor: Actor,
        action: str,
        subject: str = "",
        details: Mapping[str, object] | None = None,
        *,
        session: Session | None = None,
    ) -> None:
        """Add an entry; inside ``session`` it commits (or rolls back) with the change."""
        if session is not None:
            self._add(session, actor, action, subject, details or {})
            return
        with self._sessions.begin() as own:
            self._add(own, actor, action, subject, details or {})

    def entries(
        self,
        actor: Actor,
        *,
        action: str | None = None,
        since: dt.datetime | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """The newest entries first."""
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        if since is not None:
            query = query.where(AuditEvent.at >= since)
        with self._sessions() as session:
            return [_entry(row) for row in session.scalars(query)]

    def verify(self, actor: Actor) -> ChainReport:
        """Walk the chain from the first entry; name every entry that does not fit."""
        problems: list[str] = []
        previous = GENESIS
        checked = 0
        expected_id: int | None = None
        with self._sessions() as session:
            for row in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
                checked += 1
                if expected_id is not None and row.id != expected_id:
                    problems.append(
                        f"entries {expected_id} to {row.id - 1} are missing from the audit trail"
                    )
                if row.previous_hash != previous:
                    problems.append(f"entry {row.id} does not follow the entry before it")
                computed = entry_hash(
                    row.previous_hash,
                    row.at,
                    row.actor_name,
                    row.actor_role,
                    row.action,
                    row.subject,
                    row.details,
                )
                if computed != row.entry_hash:
                    problems.append(f"entry {row.id} was changed after it was written")
                previous = row.entry_hash
                expected_id = row.id + 1
        return ChainReport(ok=not problems, checked=checked, problems=tuple(problems))

    def _add(
        self,
        session: Session,
        actor: Actor,
        action: str,
        subject: str,
        details: Mapping[str, object],
    ) -> None:
        previous = session.scalar(
            select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1)
        )
        at = self._now().astimezone(dt.UTC)
        text = json.dumps(dict(details), ensure_ascii=False, sort_keys=True, default=str)
        row = AuditEvent(
            at=at,
            actor_name=actor.display_name,
            actor_role=str(actor.role),
            action=action,
            subject=subject[:500],
            details=text,
            previous_hash=previous or GENESIS,
            entry_hash=entry_hash(
                previous or GENESIS,
                at,
                actor.display_name,
                str(actor.role),
                action,
                subject[:500],
                text,
            ),
        )
        session.add(row)
        session.flush()


def _entry(row: AuditEvent) -> AuditEntry:
    details = json.loads(row.details) if row.details else {}
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_name=row.actor_name,
        actor_role=row.actor_role,
        action=row.action,
        subject=row.subject,
        details=details if isinstance(details, dict) else {"value": details},
    )
