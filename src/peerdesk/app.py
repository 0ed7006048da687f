"""The composition root: the only place that builds objects and wires the layers together."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from peerdesk import __version__


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
    # The database layers are imported before Qt on purpose: once PySide6 is loaded it
    # inspects the source of every module imported after it, which slows start-up.
    from peerdesk.domain.clock import local_today
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import make_services
    from peerdesk.store.database import database_path, open_database
    from peerdesk.store.errors import DatabaseOpenError

    from PySide6.QtCore import QSettings  # isort: skip

    from peerdesk.ui.application import create_application, show_startup_error, start
    from peerdesk.ui.context import AppContext
    from peerdesk.ui.tasks import IsCancelled, Progress, ThreadPoolRunner

    app = create_application()
    try:
        database = open_database(database_path(data_dir))
    except DatabaseOpenError as exc:
        show_startup_error(str(exc))
        return 1
    actor = Actor.local_administrator()
    sessions = database.sessions

    def load_demo(progress: Progress, is_cancelled: IsCancelled) -> object:
        from peerdesk.services.demo_service import generate_demo

        return generate_demo(
            sessions,
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
        services=make_services(sessions),
        actor=actor,
        data_dir=data_dir,
        version=__version__,
        settings=QSettings(),
        tasks=tasks,
        load_demo=load_demo,
    )
    try:
        return start(app, context)
    finally:
        tasks.wait()
        database.close()
