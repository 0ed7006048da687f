"""peerdesk backup: a checked copy of the data, into backups/ or wherever --out says."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService


def register(commands: Subparsers) -> None:
    backup = commands.add_parser(
        "backup",
        help="make a checked copy of the data (in the backups folder, or where --out says)",
        description="Copy the data with SQLite's online backup API, check the copy, and only "
        "then give it its name. Without --out the copy goes into the backups folder beside "
        "the data as peerdesk-manual-YYYYMMDD-HHMM.db, which PeerDesk never deletes.",
    )
    backup.add_argument(
        "--out",
        metavar="FILE",
        help="where to put the copy: a file name, or a folder (such as a USB stick), where "
        "it is named peerdesk-backup-YYYYMMDD-HHMM.db",
    )
    backup.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.commands.signing_in import signed_in
    from peerdesk.services.backup_service import BackupService

    if not BackupService.for_data_dir(call.data_dir).database_path.is_file():
        print(f"peerdesk: There is no PeerDesk data in {call.data_dir} to back up.", file=call.err)
        return EXIT_PROBLEM
    with signed_in(call) as signed:
        return _back_up(call, signed.actor, signed.backups())


def _back_up(call: Invocation, actor: Actor, service: BackupService) -> int:
    from peerdesk.services.backup_views import BackupProblem, file_size

    try:
        if call.args.out is None:
            entry = service.back_up_manual(actor)
        else:
            target = Path(call.args.out).expanduser()
            if not target.is_dir() and not target.parent.is_dir():
                print(
                    f"peerdesk: There is no folder {target.parent} to put the backup in.",
                    file=call.err,
                )
                return EXIT_BAD_INPUT
            if target.resolve() == service.database_path.resolve():
                print(
                    f"peerdesk: {target} is PeerDesk's own data file; give the backup "
                    "another name.",
                    file=call.err,
                )
                return EXIT_BAD_INPUT
            entry = service.back_up_to(actor, target)
    except BackupProblem as exc:
        print(f"peerdesk: {exc}", file=call.err)
        return EXIT_PROBLEM
    print(
        f"Backed up the data in {call.data_dir} to {entry.path} ({file_size(entry.size)}); "
        "the copy passed its integrity check.",
        file=call.out,
    )
    return EXIT_OK
