"""The composition root: the only place that builds objects and wires the layers together."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk import __version__

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.bundle import Services
    from peerdesk.services.deferred import Deferred
    from peerdesk.services.startup_view import StartupView
    from peerdesk.store.database import Database
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.ui.context import DemoLoader
    from peerdesk.ui.tasks import ThreadPoolRunner


def main(argv: Sequence[str] | None = None) -> int:
    """`peerdesk`: run a command, or open the app when none is given."""
    from peerdesk.cli import build_parser, run_command
    from peerdesk.store.location import resolve_data_dir

    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    if args.command:
        return run_command(args, data_dir)
    return run_gui(data_dir)


@dataclass
class Storage:
    """The data file, opened lazily (in the background once the window shows): the
    database first, then the services on it."""

    data_dir: Path
    database: Deferred[Database]
    services: Deferred[Services]

    @classmethod
    def of(cls, data_dir: Path) -> Storage:
        from peerdesk.services.deferred import Deferred
        from peerdesk.store.location import DATABASE_FILE_NAME

        path = data_dir / DATABASE_FILE_NAME

        def open_data() -> Database:
            from peerdesk.store.database import open_database

            return open_database(path)

        def load_services() -> Services:
            from peerdesk.services.bundle import make_services

            return make_services(
                database.get().sessions, organisation_templates=data_dir / "checklists"
            )

        database: Deferred[Database] = Deferred(open_data)
        return cls(data_dir, database, Deferred(load_services))

    @property
    def path(self) -> Path:
        from peerdesk.store.location import DATABASE_FILE_NAME

        return self.data_dir / DATABASE_FILE_NAME

    def first_look(self) -> StartupView | None:
        """What the window shows first, read quickly from a healthy file at the current
        schema; a new, older or damaged file takes the careful path first (checked, backed
        up and upgraded before anything is shown). Raises DatabaseOpenError."""
        from peerdesk.domain.clock import local_today
        from peerdesk.services.startup_view import read_startup_view
        from peerdesk.store.file_check import check_database_file, check_writable
        from peerdesk.store.revisions import HEAD

        # the quick look: the full integrity check runs while the services load, before
        # anything can be written
        if self.path.exists() and check_database_file(self.path, thorough=False) == HEAD:
            from peerdesk.ui.staff_table_model import PAGE_SIZE

            check_writable(self.path)  # a read-only file is explained before the window opens
            return read_startup_view(self.path, local_today(), PAGE_SIZE)
        self.services.get()  # create, or back up and upgrade, before showing anything
        return None

    def close(self) -> None:
        if self.database.done and self.database.error is None:
            self.database.get().close()


@dataclass
class Restart:
    """Set when PeerDesk should open again once it has closed (after a restore)."""

    requested: bool = False


def relaunch_command() -> tuple[str, list[str]]:
    """The program and arguments that started this PeerDesk, to start it again."""
    if getattr(sys, "frozen", False):  # a packaged app (PyInstaller)
        return sys.executable, sys.argv[1:]
    return sys.executable, list(sys.orig_argv[1:])


def relaunch() -> bool:
    """Start PeerDesk again, detached, the way this one was started."""
    from PySide6.QtCore import QProcess

    program, arguments = relaunch_command()
    started, _pid = QProcess.startDetached(program, arguments, os.getcwd())
    return bool(started)


def run_gui(data_dir: Path) -> int:
    """Open the app.

    Start-up is arranged so the window is on screen quickly: a healthy database already at
    the current schema is first read with plain sqlite3 (store/snapshot.py) to fill the
    window, and SQLAlchemy with the services loads on a background thread once the window
    shows. A new, older or damaged database takes the careful path first. A damaged file
    is never written to: when a good backup exists, PeerDesk offers to restore it.
    """
    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.ui.application import create_application
    from peerdesk.ui.single_instance import claim_data_folder

    app = create_application()
    instance = claim_data_folder(app, data_dir)  # before the data file is even looked at
    if instance is None:
        return 0  # PeerDesk is already open for this folder, and has been brought forward
    from peerdesk.ui.error_hook import install_error_hook

    install_error_hook(data_dir)  # a refused save or a surprise: said plainly, form kept

    actor = Actor.local_administrator()
    backups = BackupService.for_data_dir(data_dir)
    storage = Storage.of(data_dir)
    startup: StartupView | None = None
    error: DatabaseOpenError | None = None
    try:
        startup = storage.first_look()
    except DatabaseOpenError as exc:
        error = exc

    from PySide6.QtCore import QSettings

    from peerdesk.ui.application import start
    from peerdesk.ui.context import AppContext
    from peerdesk.ui.tasks import ThreadPoolRunner

    if error is not None:
        recovered = recover_from_damage(storage, backups, actor, error)
        if recovered is None:
            instance.release()
            return 1
        storage, startup = recovered

    tasks = ThreadPoolRunner()
    restart = Restart()
    context = AppContext(
        services_source=storage.services,
        actor=actor,
        data_dir=data_dir,
        version=__version__,
        settings=QSettings(),
        tasks=tasks,
        load_demo=demo_loader(storage, actor),
        backups=backups,
        restore_backup=lambda path: restore_and_restart(
            path, storage, tasks, backups, actor, restart
        ),
    )
    try:
        code = start(app, context, startup)
    finally:
        tasks.wait()
        storage.close()
        instance.release()
    if restart.requested:
        # Any single-instance lock on the data folder must be released before this, or
        # the new PeerDesk would find this one still holding it.
        relaunch()
        return 0
    return code


def recover_from_damage(
    storage: Storage, backups: BackupService, actor: Actor, error: DatabaseOpenError
) -> tuple[Storage, StartupView | None] | None:
    """The data file could not be opened: explain why and, when it is damaged and a good
    backup exists, offer to restore that backup (keeping the damaged file aside, never
    writing to it) and carry on starting. None when PeerDesk should quit."""
    from peerdesk.services.backup_views import BackupProblem
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.ui import application

    offer = backups.offer_after_failure(error)
    if offer is None:
        application.show_startup_error(str(error))
        return None
    if not application.offer_restore(str(error), offer):
        return None
    try:
        backups.restore(actor, offer.path)
    except BackupProblem as exc:
        application.show_startup_error(str(exc))
        return None
    storage = Storage.of(storage.data_dir)
    try:
        return storage, storage.first_look()
    except DatabaseOpenError as exc:
        application.show_startup_error(str(exc))
        return None


def restore_and_restart(
    path: Path,
    storage: Storage,
    tasks: ThreadPoolRunner,
    backups: BackupService,
    actor: Actor,
    restart: Restart,
) -> None:
    """Restore a backup in the running app: let go of the database, put the backup in
    place, then close PeerDesk and open it again. Raises BackupProblem (the data is then
    unchanged, and the app carries on: the database reopens when next used)."""
    from PySide6.QtWidgets import QApplication

    tasks.wait()
    storage.close()
    backups.restore(actor, path)
    restart.requested = True
    QApplication.closeAllWindows()
    QApplication.quit()


def demo_loader(storage: Storage, actor: Actor) -> DemoLoader:
    from peerdesk.ui.tasks import IsCancelled, Progress

    def load_demo(progress: Progress, is_cancelled: IsCancelled) -> object:
        from peerdesk.domain.clock import local_today
        from peerdesk.services.demo_service import generate_demo

        return generate_demo(
            storage.database.get().sessions,
            actor,
            staff=60,
            months=12,
            seed=random.SystemRandom().randrange(1, 1_000_000),
            today=local_today(),
            progress=progress,
            is_cancelled=is_cancelled,
        )

    return load_demo
