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

    data = BackupService.for_data_dir(call.data_dir).database_path
    if not data.is_file():
        print(f"peerdesk: There is no PeerDesk data in {call.data_dir} to back up.", file=call.err)
        return EXIT_PROBLEM
    target = None if call.args.out is None else Path(call.args.out).expanduser()
    if target is not None:  # bad input is refused before anyone signs in
        problem = _bad_target(target, data)
        if problem:
            print(f"peerdesk: {problem}", file=call.err)
            return EXIT_BAD_INPUT
    with signed_in(call) as signed:
        return _back_up(call, signed.actor, signed.backups(), target)


def _bad_target(target: Path, data: Path) -> str:
    """Why ``target`` cannot take the backup ("" when it can)."""
    if not target.is_dir() and not target.parent.is_dir():
        return f"There is no folder {target.parent} to put the backup in."
    if target.resolve() == data.resolve():
        return f"{target} is PeerDesk's own data file; give the backup another name."
    return ""


def _back_up(call: Invocation, actor: Actor, service: BackupService, target: Path | None) -> int:
    from peerdesk.services.backup_views import BackupProblem, file_size

    try:
        if target is None:
            entry = service.back_up_manual(actor)
        else:
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
