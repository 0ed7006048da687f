"""The command line: automation and scripted checks over the same services as the GUI."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from peerdesk import __version__
from peerdesk.domain.clock import local_today

if TYPE_CHECKING:
    from peerdesk.store.database import Database

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2


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

    demo = commands.add_parser("demo", help="fill an empty data folder with fictional demo data")
    demo.add_argument(
        "--staff", type=_positive_int, default=60, metavar="N", help="how many people (default 60)"
    )
    demo.add_argument(
        "--months",
        type=_positive_int,
        default=12,
        metavar="M",
        help="how many months of history (default 12)",
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the register already holds people",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="the same seed gives the same data (default 1)",
    )

    commands.add_parser(
        "check", help="say whether the data is healthy and what it holds (exit 0 if healthy)"
    )
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


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
    from peerdesk.domain.validation import ValidationError
    from peerdesk.services.errors import Conflict
    from peerdesk.store.errors import DatabaseOpenError

    try:
        if args.command == "demo":
            return _demo(args, data_dir, stdout, today or local_today())
        if args.command == "check":
            return _check(data_dir, stdout, today or local_today())
    except DatabaseOpenError as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except ValidationError as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except Conflict as exc:
        print(f"peerdesk: {exc}", file=stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"peerdesk: {exc.strerror or exc} ({exc.filename or data_dir}).", file=stderr)
        return EXIT_PROBLEM
    print(f"peerdesk: unknown command {args.command!r}.", file=stderr)
    return EXIT_BAD_INPUT


def _demo(args: argparse.Namespace, data_dir: Path, out: TextIO, today: dt.date) -> int:
    from peerdesk.services.actor import Actor
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.store.database import database_path, open_database

    database = open_database(database_path(data_dir))
    try:
        if args.if_empty and _has_people(database):
            print(f"{data_dir} already holds data; no demo data added.", file=out)
            return EXIT_OK
        summary = generate_demo(
            database.sessions,
            Actor.local_administrator(),
            staff=args.staff,
            months=args.months,
            seed=args.seed,
            today=today,
        )
    finally:
        database.close()
    print(
        f"Filled {data_dir} with fictional demo data for {summary.organisation_name}: "
        f"{summary.people:,} people ({summary.current:,} current, {summary.leavers:,} leavers) "
        f"in {summary.teams} teams, with {summary.sessions:,} supervision sessions.",
        file=out,
    )
    return EXIT_OK


def _has_people(database: Database) -> bool:
    from peerdesk.services.actor import Actor
    from peerdesk.services.health_service import HealthService

    counts = dict(HealthService(database.sessions).counts(Actor.local_administrator()))
    return counts.get("people", 0) > 0


def _check(data_dir: Path, out: TextIO, today: dt.date) -> int:
    from peerdesk.services.actor import Actor
    from peerdesk.services.health_service import HealthService
    from peerdesk.store.database import database_path, open_read_only

    path = database_path(data_dir)
    if not path.exists():
        print(f"There is no PeerDesk data in {data_dir} yet.", file=out)
        return EXIT_PROBLEM
    database = open_read_only(path)
    try:
        report = HealthService(database.sessions).check(Actor.local_administrator(), today)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the command line alone (the app's `main` also opens the GUI)."""
    from peerdesk.store.location import resolve_data_dir

    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    return run_command(args, resolve_data_dir(args.data_dir))
