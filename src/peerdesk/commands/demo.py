"""peerdesk demo: fill an empty data folder with fictional demo data."""

from __future__ import annotations

import argparse

from peerdesk.commands import EXIT_OK, Invocation, Subparsers


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def register(commands: Subparsers) -> None:
    demo = commands.add_parser("demo", help="fill an empty data folder with fictional demo data")
    demo.add_argument(
        "--staff", type=positive_int, default=60, metavar="N", help="how many people (default 60)"
    )
    demo.add_argument(
        "--months",
        type=positive_int,
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
    demo.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.services.actor import Actor
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.services.health_service import HealthService
    from peerdesk.store.database import database_path, open_database

    args, out = call.args, call.out
    database = open_database(database_path(call.data_dir))
    try:
        actor = Actor.local_administrator()
        if args.if_empty and dict(HealthService(database.sessions).counts(actor)).get("people"):
            print(f"{call.data_dir} already holds data; no demo data added.", file=out)
            return EXIT_OK
        summary = generate_demo(
            database.sessions,
            actor,
            staff=args.staff,
            months=args.months,
            seed=args.seed,
            today=call.today,
        )
    finally:
        database.close()
    print(
        f"Filled {call.data_dir} with fictional demo data for {summary.organisation_name}: "
        f"{summary.people:,} people ({summary.current:,} current, {summary.leavers:,} leavers) "
        f"in {summary.teams} teams, with {summary.sessions:,} supervision sessions, "
        f"{summary.checklists} checklists, {summary.policies} policies and "
        f"{summary.training_records:,} training records.",
        file=out,
    )
    return EXIT_OK
