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
        help="do nothing (and succeed) unless the data folder is new: nothing set up yet",
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
    from peerdesk.commands.setup import print_recovery_key
    from peerdesk.commands.signing_in import (
        CommandRefused,
        password,
        refuse_unwritable,
        sign_in_service,
        signed_in,
        username,
    )
    from peerdesk.services.demo_accounts import DEMO_PASSWORD, add_demo_accounts
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.services.sign_in import FolderState, SignInRefused

    args, out = call.args, call.out
    service = sign_in_service(call)
    recovery_key = ""
    state = service.state()
    if args.if_empty and state is not FolderState.NEW:
        print(f"{call.data_dir} is already set up; no demo data added.", file=out)
        return EXIT_OK
    if state is FolderState.NEW:
        # a new folder: the administrator comes from --user / PEERDESK_USER and the password
        refuse_unwritable(service)  # before the key file is written
        name = username(call)
        try:
            done = service.set_up(name, name, password(call, name))
        except SignInRefused as exc:
            raise CommandRefused(str(exc)) from exc
        service.sign_out(done.signed_in)
        recovery_key = done.recovery_key
    with signed_in(call) as signed:
        services = signed.services
        sessions = signed.signed.database.sessions
        summary = generate_demo(
            sessions,
            signed.actor,
            staff=args.staff,
            months=args.months,
            seed=args.seed,
            today=call.today,
        )
        accounts = add_demo_accounts(sessions, services.accounts, signed.actor)
    print(
        f"Filled {call.data_dir} with fictional demo data for {summary.organisation_name}: "
        f"{summary.people:,} people ({summary.current:,} current, {summary.leavers:,} leavers) "
        f"in {summary.teams} teams, with {summary.sessions:,} supervision sessions, "
        f"{summary.checklists} checklists, {summary.policies} policies, "
        f"{summary.training_records:,} training records, {summary.further_roles} further "
        f"roles, {summary.involvement_activities} involvement activities and "
        f"{summary.conviction_assessments} fair-chance risk assessments.",
        file=out,
    )
    if accounts:
        names = ", ".join(f"{a.username} ({a.role})" for a in accounts)
        print(f"Demo accounts, each with the password '{DEMO_PASSWORD}': {names}.", file=out)
    if recovery_key:
        print_recovery_key(call, recovery_key)
    return EXIT_OK
