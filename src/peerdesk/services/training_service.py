"""Training: the course catalogue, each person's records, the matrix and what expires soon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today

Today = Callable[[], dt.date]


class TrainingService:
    def __init__(self, sessions: sessionmaker[Session], today: Today = local_today) -> None:
        self._sessions = sessions
        self._today = today
