"""peerdesk export KIND ...: write a file for people outside PeerDesk.

This module owns the ``export`` command and its CSV kinds::

    peerdesk export staff-list --out FILE.csv [--status current|leavers|all]
    peerdesk export actions --out FILE.csv [--overdue]
    peerdesk export training-matrix --out FILE.csv

Other kinds (the PDF reports) are further sub-commands of ``export`` added from their own
modules, with ``register_export_kind``, from their ``register(commands)``::

    from peerdesk.commands.export_csv import register_export_kind

    def register(commands: Subparsers) -> None:
        register_export_kind(
            commands,
            "trustee-report",
            "a PDF report for the trustees",
            configure=lambda parser: parser.add_argument("--out", type=Path, required=True),
            run=run,  # a Runner: (Invocation) -> exit code, as for any command
        )

The first module to register a kind creates ``export``; the order of COMMANDS in cli.py
does not matter. Nothing is kept between calls outside the parser itself (no registry).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_OK, Invocation, Runner, Subparsers

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import Services
    from peerdesk.services.csv_export import CsvData

__all__ = ["Configure", "export_kinds", "register", "register_export_kind"]

Configure = Callable[[argparse.ArgumentParser], None]

EXPORT_HELP = "write a CSV file or a report for use outside PeerDesk (see 'export --help')"
STATUSES = ("current", "leavers", "all")


def export_kinds(commands: Subparsers) -> Subparsers:
    """The sub-commands of ``peerdesk export``, creating ``export`` the first time."""
    export = commands.choices.get("export")
    if export is None:
        export = commands.add_parser(
            "export",
            help=EXPORT_HELP,
            description="Write a file for people outside PeerDesk. Choose what to export.",
        )
        return export.add_subparsers(
            dest="kind", metavar="KIND", parser_class=type(export), required=True
        )
    for action in export._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise ValueError("'export' was registered without sub-commands")


def register_export_kind(
    commands: Subparsers,
    name: str,
    help: str,
    configure: Configure,
    run: Runner,
) -> argparse.ArgumentParser:
    """Add ``peerdesk export NAME``: ``configure(parser)`` adds its arguments, ``run`` runs
    it (an ordinary command Runner). Returns the new parser."""
    parser = export_kinds(commands).add_parser(
        name, help=help, description=help[:1].upper() + help[1:] + "."
    )
    configure(parser)
    parser.set_defaults(run=run)
    return parser


def _out_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.csv",
        help="the file to write (replaced if it exists)",
    )


def register(commands: Subparsers) -> None:
    def staff_list(parser: argparse.ArgumentParser) -> None:
        _out_argument(parser)
        parser.add_argument(
            "--status",
            choices=STATUSES,
            default="current",
            help="current staff (the default), leavers, or all",
        )

    def actions(parser: argparse.ArgumentParser) -> None:
        _out_argument(parser)
        parser.add_argument("--overdue", action="store_true", help="only the overdue ones")

    register_export_kind(
        commands, "staff-list", "the staff list as a CSV file", staff_list, run_staff_list
    )
    register_export_kind(
        commands,
        "actions",
        "open supervision actions as a CSV file, overdue first",
        actions,
        run_actions,
    )
    register_export_kind(
        commands,
        "training-matrix",
        "the mandatory training matrix (current staff) as a CSV file",
        _out_argument,
        run_training_matrix,
    )


# -- running --------------------------------------------------------------------------------


def _export(call: Invocation, build: Callable[[Services, Actor], CsvData]) -> int:
    from peerdesk.commands.signing_in import signed_in
    from peerdesk.services.csv_export import export_file

    out_path: Path = call.args.out
    with signed_in(call) as signed:  # the audit trail records who exported what
        data = build(signed.services, signed.actor)
        count = export_file(signed.actor, signed.services, out_path, data)
    print(f"Wrote {data.describe(count)} to {out_path}.", file=call.out)
    return EXIT_OK


def run_staff_list(call: Invocation) -> int:
    from peerdesk.domain.enums import StaffStatus
    from peerdesk.services.csv_export import staff_list_rows
    from peerdesk.services.views import StaffQuery

    query = StaffQuery(status=StaffStatus(call.args.status))
    return _export(call, lambda services, actor: staff_list_rows(actor, services, query))


def run_actions(call: Invocation) -> int:
    from peerdesk.services.csv_export import actions_rows

    overdue = bool(call.args.overdue)
    return _export(call, lambda services, actor: actions_rows(actor, services, call.today, overdue))


def run_training_matrix(call: Invocation) -> int:
    from peerdesk.services.csv_export import training_matrix_rows

    return _export(
        call,
        lambda services, actor: training_matrix_rows(actor, services, today=call.today),
    )
