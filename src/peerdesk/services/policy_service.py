"""The policy register: each policy's owner, version, approval, next review, status and document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today

Today = Callable[[], dt.date]


class PolicyService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today
