"""peerdesk setup: create the first administrator and encrypt the data folder."""

from __future__ import annotations

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers


def register(commands: Subparsers) -> None:
    setup = commands.add_parser(
        "setup",
        help="create the first administrator (--user NAME, password as for any command) and "
        "encrypt the data; prints the recovery key once",
    )
    setup.add_argument("--name", metavar="NAME", help="the administrator's full name")
    setup.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.commands.signing_in import (
        password,
        refuse_unwritable,
        sign_in_service,
        username,
    )
    from peerdesk.domain.validation import ValidationError
    from peerdesk.services.sign_in import FolderState, SignInRefused

    service = sign_in_service(call)
    if service.state() not in (FolderState.NEW, FolderState.UNENCRYPTED):
        print(f"peerdesk: PeerDesk is already set up in {call.data_dir}.", file=call.err)
        return EXIT_PROBLEM
    refuse_unwritable(service)  # before the key file is written
    name = username(call)
    try:
        done = service.set_up(name, call.args.name or name, password(call, name))
    except ValidationError as exc:
        print(f"peerdesk: {exc}", file=call.err)
        return EXIT_BAD_INPUT
    except SignInRefused as exc:
        print(f"peerdesk: {exc}", file=call.err)
        return EXIT_PROBLEM
    try:
        for notice in done.signed_in.notices:
            print(notice, file=call.out)
        print(
            f"Set up PeerDesk in {call.data_dir} with {name} as its administrator.", file=call.out
        )
        print_recovery_key(call, done.recovery_key)
    finally:
        service.sign_out(done.signed_in)
    return EXIT_OK


def print_recovery_key(call: Invocation, recovery_key: str) -> None:
    print(
        "Recovery key (write it down or print it, and keep it away from this computer; if "
        "every password is forgotten it opens the data, and PeerDesk will not show it again):",
        file=call.out,
    )
    print(f"  {recovery_key}", file=call.out)
