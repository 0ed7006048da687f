"""Further roles a person holds beside their main one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.services.audit_service import AuditLog


class StaffRoleService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditLog,
        *,
        today: Callable[[], dt.date] = local_today,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today
