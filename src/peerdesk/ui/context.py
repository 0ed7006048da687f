"""What the composition root hands the GUI: services, the acting user and machine settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.ui.tasks import IsCancelled, Progress, TaskRunner

# Fills the (empty) register with fictional data; returns a DemoSummary.
DemoLoader = Callable[[Progress, IsCancelled], Any]


@dataclass(frozen=True)
class AppContext:
    services: Services
    actor: Actor
    data_dir: Path
    version: str
    settings: QSettings
    tasks: TaskRunner
    load_demo: DemoLoader
