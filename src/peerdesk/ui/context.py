"""What the composition root hands the GUI: services, the acting user and machine settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.bundle import Services

from peerdesk.domain.clock import local_today
from peerdesk.services.actor import Actor
from peerdesk.services.deferred import Deferred
from peerdesk.ui.tasks import IsCancelled, Progress, TaskRunner

# Fills the (empty) register with fictional data; returns a DemoSummary.
DemoLoader = Callable[[Progress, IsCancelled], Any]
# Puts the backup at the given path in place of the data. The app's own (app.py) lets go of
# the database first and opens PeerDesk again afterwards; raises BackupProblem (nothing
# changed) when the backup cannot be restored.
RestoreBackup = Callable[[Path], None]

_FROM_DATA_DIR: Any = None  # filled in by __post_init__ from data_dir


@dataclass
class AccountControls:
    """The signed-in session, as the window needs it: lock (and unlock with the same
    password), sign out, and the idle time after which PeerDesk locks itself."""

    username: str
    idle_minutes: int
    lock_data: Callable[[], None]  # closes the database and overwrites the key
    unlock_data: Callable[[str], None]  # the same user's password; raises SignInRefused
    sign_out: Callable[[], None]
    must_change_password: bool = False  # an administrator set it: choose your own first
    notices: tuple[str, ...] = ()  # said once the window shows (e.g. the data now encrypted)
    # set by the window flow (ui/application.py): the idle time was changed in Settings
    idle_minutes_changed: Callable[[int], None] = lambda _minutes: None


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
    # Backups of the data file in data_dir; by default made from data_dir.
    backups: BackupService = _FROM_DATA_DIR
    # By default the backup is restored in place, without closing or restarting anything:
    # right for tests and tools with no database open; app.py gives the real one.
    restore_backup: RestoreBackup = _FROM_DATA_DIR
    # Signed in through the sign-in window (None in tests and tools that build a context).
    account: AccountControls | None = None

    def __post_init__(self) -> None:
        if self.backups is None:
            from peerdesk.services.backup_service import BackupService  # not at start-up

            object.__setattr__(self, "backups", BackupService.for_data_dir(self.data_dir))
        if self.restore_backup is None:
            backups, actor = self.backups, self.actor

            def restore_in_place(path: Path) -> None:
                backups.restore(actor, path)

            object.__setattr__(self, "restore_backup", restore_in_place)

    @property
    def services(self) -> Services:
        """The services; at start-up they may still be loading, and this waits for them."""
        return self.services_source.get()
