"""peerdesk check: whether the data is healthy and what it holds (exit 0 only if healthy)."""

from __future__ import annotations

from peerdesk.commands import EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers


def register(commands: Subparsers) -> None:
    check = commands.add_parser(
        "check", help="say whether the data is healthy and what it holds (exit 0 if healthy)"
    )
    check.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.services.actor import Actor
    from peerdesk.services.health_service import HealthService
    from peerdesk.store.database import database_path, open_read_only

    out = call.out
    path = database_path(call.data_dir)
    if not path.exists():
        print(f"There is no PeerDesk data in {call.data_dir} yet.", file=out)
        return EXIT_PROBLEM
    from peerdesk.services.backup_service import BackupService
    from peerdesk.store.errors import DatabaseOpenError

    try:
        database = open_read_only(path)
    except DatabaseOpenError as exc:
        print(f"peerdesk: {exc}", file=call.err)
        backups = BackupService(path)
        hint = backups.damage_hint()
        if hint is not None and backups.newest_good_backup() is not None:
            print(hint, file=out)  # which backup would put it right
        return EXIT_PROBLEM
    try:
        report = HealthService(database.sessions).check(Actor.local_administrator(), call.today)
    finally:
        database.close()
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
