"""peerdesk restore FILE: put a backup in place of the data, keeping the current data aside.

Exit codes: 0 restored; 1 the backup cannot be restored (damaged, not PeerDesk's, newer),
PeerDesk is open on the folder, the folder has no key file to read the backup with, or the
person said no; 2 bad input (no such file).

Into a folder holding only the key file (a new computer), the key slot alone opens the
backup: no empty database is made first only to be replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.backup_service import BackupService
    from peerdesk.store.database_key import DatabaseKey

QUESTION = "Restore this backup? [y/N] "


def register(commands: Subparsers) -> None:
    restore = commands.add_parser(
        "restore",
        help="replace the data with a backup (the current data is kept in the backups folder)",
        description="Check a backup, show what it holds and, once you agree, put it in place "
        "of the data. The current data is first copied into the backups folder as "
        "peerdesk-before-restore-<time>.db. PeerDesk must not be open on the data folder.",
    )
    restore.add_argument("file", metavar="FILE", help="the backup file to restore")
    restore.add_argument(
        "--yes", "-y", action="store_true", help="restore without asking for confirmation"
    )
    restore.set_defaults(run=run)


def ask(question: str, out: TextIO) -> bool:
    """Ask on the terminal; only "y" or "yes" is a yes (end of input is a no)."""
    print(question, end="", file=out, flush=True)
    answer = sys.stdin.readline()
    if not answer.endswith("\n") or not sys.stdin.isatty():  # the answer was not echoed
        print(file=out)
    return answer.strip().casefold() in ("y", "yes")


def run(call: Invocation) -> int:
    from peerdesk.services.backup_service import BackupService

    err = call.err
    path = Path(call.args.file).expanduser()
    if path.is_dir():
        print(f"peerdesk: {path} is a folder; give the backup file itself.", file=err)
        return EXIT_BAD_INPUT
    if not path.is_file():
        print(f"peerdesk: There is no file {path}.", file=err)
        return EXIT_BAD_INPUT
    # refused before anyone signs in: the data file itself, or PeerDesk open on the folder
    folder = BackupService.for_data_dir(call.data_dir)
    if folder.database_path.exists() and path.resolve() == folder.database_path.resolve():
        print(
            f"peerdesk: {path} is PeerDesk's own data file, not a backup of it. "
            "Give a backup file.",
            file=err,
        )
        return EXIT_BAD_INPUT
    busy = folder.open_elsewhere()
    if busy is not None:
        print(f"peerdesk: {busy}", file=err)
        return EXIT_PROBLEM
    # who restores, and the key that reads the backup: signed in, then the data let go of
    from peerdesk.commands.signing_in import CommandRefused, sign_in, sign_in_service
    from peerdesk.services.sign_in import DataFileProblem

    service = sign_in_service(call)
    data = service.database_path
    no_data = not data.exists() and not data.is_symlink()
    if no_data and not service.keyring.exists:
        raise CommandRefused(
            f"There is no PeerDesk data in {call.data_dir} and no key file to read a backup "
            f"with: copy {service.keyring.path.name} from the data folder the backup came from "
            "into it first (or, for a backup made before PeerDesk encrypted its data, run "
            "'peerdesk setup --user NAME' first)."
        )
    if no_data:
        # the key file without its data (a new computer): signing in would create an
        # empty database only to replace it, so the key slot alone opens the backup
        actor, key = _key_slot_holder(call)
    else:
        try:
            signed = sign_in(call)
        except DataFileProblem as problem:
            # the password opened the key, but the data file cannot be read: restoring a
            # backup is the way back, so whoever holds a key slot may do it
            print(f"peerdesk: {problem}", file=err)
            actor = problem.key_holder
            key = problem.key
        else:
            actor = signed.actor
            key = signed.key.copy()
            service.sign_out(signed)
    try:
        return _restore(call, path, actor, BackupService.for_data_dir(call.data_dir, key=key))
    finally:
        key.drop()


def _key_slot_holder(call: Invocation) -> tuple[Actor, DatabaseKey]:
    """Whoever the key file has a slot for, and the data key their password unlocks."""
    from peerdesk.commands.signing_in import (
        CommandRefused,
        password,
        sign_in_service,
        username,
    )
    from peerdesk.services.actor import Actor, Role
    from peerdesk.store.keyring import KeyringError

    name = username(call)
    try:
        key = sign_in_service(call).keyring.unlock(name, password(call, name))
    except KeyringError as exc:
        raise CommandRefused(str(exc)) from exc
    return Actor(user_id=None, display_name=name, role=Role.ADMINISTRATOR), key


def _restore(call: Invocation, path: Path, actor: Actor, service: BackupService) -> int:
    from peerdesk.services.backup_views import BackupProblem, summary_lines

    out, err = call.out, call.err
    summary = service.inspect(path)
    print("Backup:", file=out)
    for label, value in summary_lines(summary):
        print(f"  {label}: {value}", file=out)
    if not summary.ok:
        print(f"peerdesk: This backup cannot be restored. {summary.problem}", file=err)
        return EXIT_PROBLEM
    if service.database_path.exists():
        print(
            f"Restoring replaces everything in {call.data_dir} with this backup. The current "
            f"data is kept in {service.folder} first.",
            file=out,
        )
    if not call.args.yes and not ask(QUESTION, out):
        print("Not restored; nothing was changed.", file=out)
        return EXIT_PROBLEM
    try:
        result = service.restore(actor, path)
    except BackupProblem as exc:  # BadBackup too: either way nothing was changed
        print(f"peerdesk: {exc}", file=err)
        return EXIT_PROBLEM
    print(f"Restored {path} into {call.data_dir}.", file=out)
    if result.kept_aside is not None:
        print(f"The data it replaced is kept in {result.kept_aside}.", file=out)
    if result.needs_upgrade:
        print(
            "The backup was made by an earlier version of PeerDesk; PeerDesk will upgrade it "
            "(keeping a copy first) the next time it opens.",
            file=out,
        )
    return EXIT_OK
