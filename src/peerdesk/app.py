"""The composition root: the only place that builds objects and wires the layers together."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk import __version__

if TYPE_CHECKING:
    from peerdesk.services.bundle import Services
    from peerdesk.store.database import Database


def main(argv: Sequence[str] | None = None) -> int:
    """`peerdesk`: run a command, or open the app when none is given."""
    from peerdesk.cli import build_parser, run_command
    from peerdesk.store.location import resolve_data_dir

    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    if args.command:
        return run_command(args, data_dir)
    return run_gui(data_dir)


def run_gui(data_dir: Path) -> int:
    """Open the app.

    Start-up is arranged so the window is on screen quickly: a healthy database already at
    the current schema is first read with plain sqlite3 (store/snapshot.py) to fill the
    window, and SQLAlchemy with the services loads on a background thread once the window
    shows. A new, older or damaged database takes the careful path first: checked, backed
    up and upgraded before anything is shown.
    """
    from peerdesk.domain.clock import local_today
    from peerdesk.services.actor import Actor
    from peerdesk.services.deferred import Deferred
    from peerdesk.services.startup_view import StartupView, read_startup_view
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.store.file_check import check_database_file
    from peerdesk.store.location import DATABASE_FILE_NAME
    from peerdesk.store.revisions import HEAD

    path = data_dir / DATABASE_FILE_NAME
    actor = Actor.local_administrator()
    startup: StartupView | None = None
    error: str | None = None

    def open_data() -> Database:
        from peerdesk.store.database import open_database

        return open_database(path)

    def load_services() -> Services:
        from peerdesk.services.bundle import make_services

        return make_services(
            database_source.get().sessions, organisation_templates=data_dir / "checklists"
        )

    database_source: Deferred[Database] = Deferred(open_data)
    services_source: Deferred[Services] = Deferred(load_services)
    try:
        # the quick look: the full integrity check runs while the services load, before
        # anything can be written
        if path.exists() and check_database_file(path, thorough=False) == HEAD:
            from peerdesk.ui.staff_table_model import PAGE_SIZE

            startup = read_startup_view(path, local_today(), PAGE_SIZE)
        else:
            services_source.get()  # create, or back up and upgrade, before showing anything
    except DatabaseOpenError as exc:
        error = str(exc)

    from PySide6.QtCore import QSettings

    from peerdesk.ui.application import create_application, show_startup_error, start
    from peerdesk.ui.context import AppContext
    from peerdesk.ui.tasks import IsCancelled, Progress, ThreadPoolRunner

    app = create_application()
    if error is not None:
        show_startup_error(error)
        return 1

    def load_demo(progress: Progress, is_cancelled: IsCancelled) -> object:
        from peerdesk.services.demo_service import generate_demo

        return generate_demo(
            database_source.get().sessions,
            actor,
            staff=60,
            months=12,
            seed=random.SystemRandom().randrange(1, 1_000_000),
            today=local_today(),
            progress=progress,
            is_cancelled=is_cancelled,
        )

    tasks = ThreadPoolRunner()
    context = AppContext(
        services_source=services_source,
        actor=actor,
        data_dir=data_dir,
        version=__version__,
        settings=QSettings(),
        tasks=tasks,
        load_demo=load_demo,
    )
    try:
        return start(app, context, startup)
    finally:
        tasks.wait()
        if database_source.done and database_source.error is None:
            database_source.get().close()
