"""peerdesk check: whether the data is healthy and what it holds (exit 0 only if healthy)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers

if TYPE_CHECKING:
    from peerdesk.services.health_service import HealthReport
    from peerdesk.services.sign_in import DataFileProblem


def register(commands: Subparsers) -> None:
    check = commands.add_parser(
        "check", help="say whether the data is healthy and what it holds (exit 0 if healthy)"
    )
    check.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.commands.signing_in import sign_in, sign_in_service
    from peerdesk.services.bundle import services_for
    from peerdesk.services.sign_in import DataFileProblem
    from peerdesk.store.database import database_path

    path = database_path(call.data_dir)
    if not path.exists():
        print(f"There is no PeerDesk data in {call.data_dir} yet.", file=call.out)
        return EXIT_PROBLEM
    try:
        signed = sign_in(call)
    except DataFileProblem as problem:
        try:
            return _problem(call, problem)
        finally:
            problem.key.drop()
    try:
        services = services_for(signed, today=lambda: call.today)
        report = services.health.check(signed.actor, call.today)
    finally:
        sign_in_service(call).sign_out(signed)
    return _print(call, report)


def _problem(call: Invocation, problem: DataFileProblem) -> int:
    """The password was right but the data could not be opened for writing: a read-only
    folder, or data from a newer PeerDesk, is still checked (read-only, nothing written);
    a damaged file is explained with the backup that would put it right."""
    from peerdesk.services.backup_service import BackupService
    from peerdesk.services.health_service import HealthService
    from peerdesk.store.database import database_path, open_read_only
    from peerdesk.store.errors import (
        DatabaseOpenError,
        NewerDatabaseError,
        ReadOnlyDatabaseError,
    )

    path = database_path(call.data_dir)
    if isinstance(problem.error, (ReadOnlyDatabaseError, NewerDatabaseError)):
        try:
            database = open_read_only(path, key=problem.key)
        except DatabaseOpenError as exc:
            print(f"peerdesk: {exc}", file=call.err)
            return EXIT_PROBLEM
        try:
            report = HealthService(database.sessions).check(problem.key_holder, call.today)
        finally:
            database.close()
        return _print(call, report)
    print(f"peerdesk: {problem}", file=call.err)
    backups = BackupService(path, key=problem.key)
    hint = backups.damage_hint()
    if hint is not None and backups.newest_good_backup() is not None:
        print(hint, file=call.out)  # which backup would put it right
    return EXIT_PROBLEM


def _print(call: Invocation, report: HealthReport) -> int:
    out = call.out
    path = call.data_dir / "peerdesk.db"
    if report.healthy:
        print(f"healthy: the data in {path} is in good order", file=out)
    else:
        print(f"not healthy: {path} has problems", file=out)
    for problem in report.problems:
        print(f"problem: {problem}", file=out)
    print(f"schema: {report.schema_revision}", file=out)
    for kind, count in report.counts:
        print(f"{kind}: {count}", file=out)
    return EXIT_OK if report.healthy else EXIT_PROBLEM
