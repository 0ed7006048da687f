"""Checklists started from templates: items, answers, status history, progress, yearly reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.clock import local_today

Today = Callable[[], dt.date]


class ChecklistService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        template_folders: Sequence[Path] = (),
    ) -> None:
        """``template_folders``: the shipped templates' folder first, then the organisation's
        own (later folders may add templates, never replace a shipped one)."""
        self._sessions = sessions
        self._today = today
        self._template_folders = tuple(template_folders)
