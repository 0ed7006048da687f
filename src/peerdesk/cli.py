"""The command line: automation and scripted checks over the same services as the GUI."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from peerdesk import __version__
from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, Invocation
from peerdesk.domain.clock import local_today

# The commands, in the order `peerdesk --help` lists them (one module each, see commands/).
COMMANDS = (
    "setup",
    "demo",
    "import_staff",
    "export_csv",
    "export_reports",
    "backup",
    "restore",
    "check",
)

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_PROBLEM", "build_parser", "main", "run_command"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one plain sentence on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"peerdesk: {message}. See 'peerdesk --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="peerdesk",
        description="PeerDesk: supervision, staff and policy records, kept on this computer. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"PeerDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the data folder (default: PEERDESK_DATA_DIR, or your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="who runs the command (default: PEERDESK_USER); the password is asked for, or "
        "read from PEERDESK_PASSWORD",
    )
    for name in COMMANDS:
        importlib.import_module(f"peerdesk.commands.{name}").register(commands)
    _accept_user_everywhere(commands)
    return parser


def _accept_user_everywhere(commands: argparse._SubParsersAction[Any]) -> None:
    """``--user NAME`` may also come after the command (``peerdesk check --user amara``)."""
    for sub in commands.choices.values():
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for action in nested:
                _accept_user_everywhere(action)
        if not any("--user" in a.option_strings for a in sub._actions):
            sub.add_argument(
                "--user", metavar="NAME", default=argparse.SUPPRESS, help="who runs the command"
            )


def run_command(
    args: argparse.Namespace,
    data_dir: Path,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    today: dt.date | None = None,
) -> int:
    """Run the command named in ``args``; return the exit code."""
    stdout = out or sys.stdout
    stderr = err or sys.stderr
    from peerdesk.commands.signing_in import CommandRefused
    from peerdesk.domain.validation import ValidationError
    from peerdesk.services.actor import AccessDenied
    from peerdesk.services.errors import Conflict, NotFound
    from peerdesk.services.sign_in import DataFileProblem
    from peerdesk.store.errors import DatabaseOpenError

    run = getattr(args, "run", None)
    if run is None:
        print(f"peerdesk: unknown command {args.command!r}.", file=stderr)
        return EXIT_BAD_INPUT
    call = Invocation(args, data_dir, stdout, stderr, today or local_today())
    try:
        return int(run(call))
    except CommandRefused as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return exc.code
    except DataFileProblem as exc:  # the password was right; the data file is the problem
        exc.key.drop()
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except AccessDenied as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except DatabaseOpenError as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except ValidationError as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except (Conflict, NotFound) as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"peerdesk: {exc.strerror or exc} ({exc.filename or data_dir}).", file=stderr)
        return EXIT_PROBLEM


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the command line alone (the app's `main` also opens the GUI)."""
    from peerdesk.store.location import resolve_data_dir

    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    return run_command(args, resolve_data_dir(args.data_dir))
