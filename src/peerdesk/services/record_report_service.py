"""Reports about one thing: a person's supervision record, a checklist, and everything held about one person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today
from peerdesk.services.audit_service import AuditLog

Today = Callable[[], dt.date]


class RecordReportService:
    def __init__(
        self, sessions: sessionmaker[Session], audit: AuditLog, today: Today = local_today
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._today = today
