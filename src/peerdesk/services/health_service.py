"""What the data holds and whether it is healthy: for `peerdesk check` and the status bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import verify_chain
from peerdesk.store import schema
from peerdesk.store.models import (
    Apprenticeship,
    AuditEvent,
    Checklist,
    ConvictionAssessment,
    InvolvementActivity,
    Organisation,
    Policy,
    StaffMember,
    StaffRole,
    SupervisionAction,
    SupervisionSession,
    Team,
    TrainingRecord,
    UserAccount,
    WellnessPlan,
    employed_on,
)

# What `peerdesk check` lists after the register's own figures.
_RECORDS: tuple[tuple[str, Any], ...] = (
    ("supervision sessions", SupervisionSession.id),
    ("actions", SupervisionAction.id),
    ("checklists", Checklist.id),
    ("policies", Policy.id),
    ("training records", TrainingRecord.id),
    ("wellness plans", WellnessPlan.id),
    ("apprenticeships", Apprenticeship.id),
    ("further roles", StaffRole.id),
    ("involvement activities", InvolvementActivity.id),
    ("fair-chance risk assessments", ConvictionAssessment.id),
    ("users", UserAccount.id),
    ("audit entries", AuditEvent.id),
)


@dataclass(frozen=True)
class HealthReport:
    healthy: bool
    problems: tuple[str, ...] = ()
    counts: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    schema_revision: str = ""


class HealthService:
    def __init__(
        self, sessions: sessionmaker[Session], today: Callable[[], dt.date] = local_today
    ) -> None:
        self._sessions = sessions
        self._today = today

    def counts(self, actor: Actor, today: dt.date | None = None) -> list[tuple[str, int]]:
        """What the register holds: one (kind, count) pair per kind, cheap enough for a page."""
        day = today or self._today()
        with self._sessions() as session:
            return self._counts(session, day)

    def _counts(self, session: Session, day: dt.date) -> list[tuple[str, int]]:
        current = employed_on(day)
        total = session.scalar(select(func.count(StaffMember.id))) or 0
        now_here = session.scalar(select(func.count(StaffMember.id)).where(current)) or 0
        return [
            ("organisations", session.scalar(select(func.count(Organisation.id))) or 0),
            ("people", total),
            ("current staff", now_here),
            ("leavers", total - now_here),
            ("teams", session.scalar(select(func.count(Team.id))) or 0),
        ]

    def check(self, actor: Actor, today: dt.date | None = None) -> HealthReport:
        day = today or self._today()
        problems: list[str] = []
        counts: list[tuple[str, int]] = []
        revision = ""
        try:
            with self._sessions() as session:
                verdict = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
                if verdict != ["ok"]:
                    problems.append("integrity check failed: " + "; ".join(verdict[:5]))
                broken = list(session.execute(text("PRAGMA foreign_key_check")))
                if broken:
                    problems.append(f"{len(broken)} rows point at records that do not exist")
                revision = session.scalar(text("SELECT version_num FROM alembic_version")) or ""
                if revision != schema.HEAD:
                    problems.append(
                        f"schema is at {revision or 'no revision'}, expected {schema.HEAD}"
                    )
                counts = self._counts(session, day) + [
                    (kind, session.scalar(select(func.count(column))) or 0)
                    for kind, column in _RECORDS
                ]
                # a changed or missing audit entry (only possible outside PeerDesk)
                problems.extend(f"audit trail: {p}" for p in verify_chain(session).problems)
        except SQLAlchemyError as exc:
            problems.append(f"the database could not be read: {exc.__class__.__name__}")
        return HealthReport(
            healthy=not problems,
            problems=tuple(problems),
            counts=tuple(counts),
            schema_revision=revision,
        )
