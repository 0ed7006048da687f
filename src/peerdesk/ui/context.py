"""What the composition root hands the GUI: services, the acting user and machine settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from peerdesk.services.bundle import Services

from peerdesk.domain.clock import local_today
from peerdesk.services.actor import Actor
from peerdesk.services.deferred import Deferred
from peerdesk.ui.tasks import IsCancelled, Progress, TaskRunner

# Fills the (empty) register with fictional data; returns a DemoSummary.
DemoLoader = Callable[[Progress, IsCancelled], Any]


@dataclass(frozen=True)
class AppContext:
    services_source: Deferred[Services]
    actor: Actor
    data_dir: Path
    version: str
    settings: QSettings
    tasks: TaskRunner
    load_demo: DemoLoader
    today: Callable[[], dt.date] = local_today

    @property
    def services(self) -> Services:
        """The services; at start-up they may still be loading, and this waits for them."""
        return self.services_source.get()
