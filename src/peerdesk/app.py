"""The composition root: the only place that builds objects and wires the layers together."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk import __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.bundle import Services
    from peerdesk.services.deferred import Deferred
    from peerdesk.services.sign_in import (
        DataFileProblem,
        FolderState,
        SignedIn,
        SignInService,
    )
    from peerdesk.services.startup_view import StartupView
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


# Signs someone in (the set-up, sign-in or recovery window): a SignedIn, a DataFileProblem
# (the password was right, the data file needs a backup) or None (the window was closed).
SignInFlow = Callable[["SignInService", "FolderState", "QSettings", "ThreadPoolRunner"], object]


def run_gui(data_dir: Path, sign_in_flow: SignInFlow | None = None) -> int:
    """Open the app.

    The data is encrypted, so nothing of it is read before someone signs in: the first
    window is the sign-in (or, the first time, the set-up) window, shown quickly. Signing
    in unlocks the data key, opens and checks the database (upgrading it, or encrypting
    data from before encryption, with a backup first), and then the main window shows,
    filled at once from a quick read-only look (store/snapshot.py) while the services load
    in the background. A damaged file is never written to: when a good backup exists,
    PeerDesk offers to restore it.
    """
    from PySide6.QtCore import QSettings

    from peerdesk.services.sign_in import DataFileProblem, SignedIn, SignInService
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.store.location import DATABASE_FILE_NAME
    from peerdesk.ui.application import create_application
    from peerdesk.ui.single_instance import claim_data_folder
    from peerdesk.ui.tasks import ThreadPoolRunner

    app = create_application()
    instance = claim_data_folder(app, data_dir)  # before the data file is even looked at
    if instance is None:
        return 0  # PeerDesk is already open for this folder, and has been brought forward
    from peerdesk.ui.error_hook import install_error_hook

    install_error_hook(data_dir)  # a refused save or a surprise: said plainly, form kept

    service = SignInService(data_dir / DATABASE_FILE_NAME)
    settings = QSettings()
    tasks = ThreadPoolRunner()
    if sign_in_flow is None:
        from peerdesk.ui.sign_in_flow import run_sign_in

        sign_in_flow = run_sign_in
    assert sign_in_flow is not None
    restart = Restart()
    try:
        try:
            state = service.state()
        except DatabaseOpenError as error:  # plainly damaged before anyone signs in
            if not recover_unencrypted(data_dir, error):
                return 1
            state = service.state()
        outcome = sign_in_flow(service, state, settings, tasks)
        if isinstance(outcome, DataFileProblem):
            outcome = recover_after_sign_in(data_dir, service, outcome)
        if not isinstance(outcome, SignedIn):
            return 0 if outcome is None else 1
        code = _run_signed_in(app, data_dir, service, outcome, settings, tasks, restart)
    except DatabaseOpenError as exc:
        from peerdesk.ui import application

        application.show_startup_error(str(exc))
        return 1
    finally:
        tasks.wait()
        instance.release()
    if restart.requested:
        # after the single-instance lock is released, or the new PeerDesk would find this
        # one still holding it
        relaunch()
        return 0
    return code


def _run_signed_in(
    app: object,
    data_dir: Path,
    service: SignInService,
    signed: SignedIn,
    settings: QSettings,
    tasks: ThreadPoolRunner,
    restart: Restart,
) -> int:
    from PySide6.QtWidgets import QApplication

    from peerdesk.domain.clock import local_today
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.bundle import services_for
    from peerdesk.services.deferred import Deferred
    from peerdesk.services.startup_view import read_startup_view
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.ui.application import start
    from peerdesk.ui.context import AccountControls, AppContext
    from peerdesk.ui.staff_table_model import PAGE_SIZE

    assert isinstance(app, QApplication)
    services: Deferred[Services] = Deferred(
        lambda: services_for(signed, organisation_templates=data_dir / "checklists")
    )

    def record(actor: Actor, action: str, subject: str, details: dict[str, object]) -> None:
        services.get().audit.record(actor, action, subject, details)

    backups = BackupService.for_data_dir(data_dir, key=signed.key, record=record)

    def lock_data() -> None:
        tasks.wait()
        service.lock(signed)

    account = AccountControls(
        username=signed.username,
        idle_minutes=_idle_minutes(services, signed),
        lock_data=lock_data,
        unlock_data=lambda password: service.unlock(signed, password),
        sign_out=lambda: service.sign_out(signed),
        must_change_password=signed.must_change_password,
        notices=tuple(signed.notices),
    )
    context = AppContext(
        services_source=services,
        actor=signed.actor,
        data_dir=data_dir,
        version=__version__,
        settings=settings,
        tasks=tasks,
        load_demo=demo_loader(signed),
        backups=backups,
        restore_backup=lambda path: restore_and_restart(
            path, service, signed, tasks, backups, restart
        ),
        account=account,
    )
    try:
        startup: StartupView | None = read_startup_view(
            signed.database.path, local_today(), PAGE_SIZE, key=signed.key
        )
    except DatabaseOpenError:
        startup = None
    try:
        code = start(app, context, startup)
    finally:
        tasks.wait()
        service.sign_out(signed)  # recorded, connections closed, the key overwritten
    return code


def _idle_minutes(services: Deferred[Services], signed: SignedIn) -> int:
    try:
        return services.get().accounts.idle_lock_minutes(signed.actor)
    except Exception:
        return 10


def recover_unencrypted(data_dir: Path, error: DatabaseOpenError) -> bool:
    """Before anyone signs in, the data file is plainly damaged: when it is the file from
    before encryption and a good (unencrypted) backup exists, offer it; otherwise explain.
    True when a backup was restored and PeerDesk may carry on."""
    from peerdesk.services.actor import SYSTEM
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.backup_views import BackupProblem
    from peerdesk.ui import application

    backups = BackupService.for_data_dir(data_dir)
    offer = backups.offer_after_failure(error)
    if offer is None:
        application.show_startup_error(str(error))
        return False
    if not application.offer_restore(str(error), offer):
        return False
    try:
        backups.restore(SYSTEM, offer.path)
    except BackupProblem as exc:
        application.show_startup_error(str(exc))
        return False
    return True


def recover_after_sign_in(
    data_dir: Path, service: SignInService, problem: DataFileProblem
) -> SignedIn | bool | None:
    """The password was right but the data file cannot be opened: explain why and, when
    it is damaged and a good backup exists, offer to restore it (keeping the damaged file
    aside, never writing to it), then open the restored data. A SignedIn to carry on,
    False to quit with an error, None when the person chose to quit."""
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.backup_views import BackupProblem
    from peerdesk.services.sign_in import DataFileProblem
    from peerdesk.store.errors import DatabaseOpenError
    from peerdesk.ui import application

    backups = BackupService.for_data_dir(data_dir, key=problem.key)
    offer = backups.offer_after_failure(problem.error)
    if offer is None:
        problem.key.drop()
        application.show_startup_error(str(problem.error))
        return False
    if not application.offer_restore(str(problem.error), offer):
        problem.key.drop()
        return None
    try:
        backups.restore(problem.key_holder, offer.path)
        return service.open_after_restore(problem)
    except (BackupProblem, DataFileProblem, DatabaseOpenError) as exc:
        problem.key.drop()
        application.show_startup_error(str(exc))
        return False


def restore_and_restart(
    path: Path,
    service: SignInService,
    signed: SignedIn,
    tasks: ThreadPoolRunner,
    backups: BackupService,
    restart: Restart,
) -> None:
    """Restore a backup in the running app: let go of the database, put the backup in
    place, then close PeerDesk and open it again (to sign in afresh). Raises BackupProblem
    (the data is then unchanged, and the app carries on)."""
    from PySide6.QtWidgets import QApplication

    from peerdesk.services.backup_service import BackupService

    tasks.wait()
    key = signed.key.copy()
    signed.database.close()  # connections closed; the same key opens it again if need be
    try:
        BackupService(backups.database_path, key=key).restore(signed.actor, path)
    finally:
        key.drop()
    restart.requested = True
    QApplication.closeAllWindows()
    QApplication.quit()


def demo_loader(signed: SignedIn) -> DemoLoader:
    from peerdesk.ui.tasks import IsCancelled, Progress

    def load_demo(progress: Progress, is_cancelled: IsCancelled) -> object:
        from peerdesk.domain.clock import local_today
        from peerdesk.services.demo_service import generate_demo

        return generate_demo(
            signed.database.sessions,
            signed.actor,
            staff=60,
            months=12,
            seed=random.SystemRandom().randrange(1, 1_000_000),
            today=local_today(),
            progress=progress,
            is_cancelled=is_cancelled,
        )

    return load_demo
