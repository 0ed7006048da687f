"""peerdesk export KIND ...: the PDF reports, as further kinds of ``peerdesk export``::

    peerdesk export trustee-report --from DATE --to DATE --out FILE.pdf [--prepared-by NAME]
    peerdesk export supervision-record --staff NAME_OR_ID [--from DATE --to DATE] --out FILE.pdf
    peerdesk export checklist --checklist NAME_OR_ID --out FILE.pdf
    peerdesk export person --staff NAME_OR_ID --out FOLDER

NAME_OR_ID: a number is an id; anything else is matched against full names (or checklist
titles) whatever the case and accents: the name itself, else every name holding all its
words. No match, or several, is a plain error (listing the candidates). Dates are
YYYY-MM-DD or DD/MM/YYYY. Success prints where the file(s) went; exit 0. Bad input: one
sentence on stderr, exit 2; a problem (no data, a file that cannot be written): exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, Invocation, Subparsers
from peerdesk.commands.export_csv import register_export_kind

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import Services

__all__ = [
    "Candidate",
    "NoMatch",
    "find_one",
    "parse_date_argument",
    "register",
]

MAX_LISTED = 10

# One export's work, given the services and the actor; returns the lines to print.
Export = Callable[["Services", "Actor"], list[str]]


# -- arguments ------------------------------------------------------------------------------


def parse_date_argument(text: str) -> dt.date:
    """argparse ``type`` for --from and --to: YYYY-MM-DD or DD/MM/YYYY, else exit 2."""
    from peerdesk.services.staff_import import parse_date

    try:
        return parse_date(text, "the date")
    except ValueError as exc:
        message = str(exc)
        raise argparse.ArgumentTypeError(message[:1].upper() + message[1:]) from None


def _period(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        type=parse_date_argument,
        required=required,
        metavar="DATE",
        help="the first day of the period (YYYY-MM-DD or DD/MM/YYYY)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=parse_date_argument,
        required=required,
        metavar="DATE",
        help="the last day of the period (YYYY-MM-DD or DD/MM/YYYY)",
    )


def _pdf_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.pdf",
        help="the PDF to write (replaced if it exists)",
    )


def _staff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--staff",
        required=True,
        metavar="NAME_OR_ID",
        help="the person: their id, or their name (case and accents do not matter)",
    )


def _configure_trustee_report(parser: argparse.ArgumentParser) -> None:
    _period(parser, required=True)
    _pdf_out(parser)
    parser.add_argument(
        "--prepared-by",
        metavar="NAME",
        default=None,
        help="the name printed as 'prepared by' on the cover (default: the signed-in user's name)",
    )


def _configure_supervision_record(parser: argparse.ArgumentParser) -> None:
    _staff(parser)
    _period(parser, required=False)
    _pdf_out(parser)


def _configure_checklist(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--checklist",
        required=True,
        metavar="NAME_OR_ID",
        help="the checklist: its id, or its title (case and accents do not matter)",
    )
    _pdf_out(parser)


def _configure_person(parser: argparse.ArgumentParser) -> None:
    _staff(parser)
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FOLDER",
        help="an existing folder for the two files (a PDF and a JSON file)",
    )


def register(commands: Subparsers) -> None:
    register_export_kind(
        commands,
        "trustee-report",
        "the trustee workforce report as a PDF (figures only: no names, small numbers hidden)",
        _configure_trustee_report,
        run_trustee_report,
    )
    register_export_kind(
        commands,
        "supervision-record",
        "one person's agreed supervision records as a PDF (never the confidential notes)",
        _configure_supervision_record,
        run_supervision_record,
    )
    register_export_kind(
        commands,
        "checklist",
        "a policy checklist with its items, owners, evidence and dates as a PDF",
        _configure_checklist,
        run_checklist,
    )
    register_export_kind(
        commands,
        "person",
        "everything held about one person (a subject access request): a PDF and a JSON file",
        _configure_person,
        run_person,
    )


# -- finding a person or a checklist by name ------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Something that can be named on the command line: ``note`` tells same names apart."""

    id: int
    name: str
    note: str = ""

    def describe(self) -> str:
        extra = f", {self.note}" if self.note else ""
        return f"{self.name} (id {self.id}{extra})"


class NoMatch(ValueError):
    """Nothing, or more than one thing, goes by that name; the message says which."""


def find_one(
    text: str,
    candidates: Sequence[Candidate],
    *,
    what: str,
    nobody: str,
    option: str,
) -> Candidate:
    """The one candidate ``text`` names: an id when it is a number, else a name.

    A name matches when it is the same whatever the case and accents; failing that, when
    the candidate's name holds every word of it. ``what`` names the kind ("person"),
    ``nobody`` the sentence for no match ("There is nobody called {name!r} ..."), and
    ``option`` the command-line option to repeat with an id ("--staff").
    """
    from peerdesk.domain.text import fold

    value = text.strip()
    if value.isdigit():
        wanted = int(value)
        for candidate in candidates:
            if candidate.id == wanted:
                return candidate
        raise NoMatch(f"There is no {what} with id {wanted}.")
    folded = fold(value)
    if not folded:
        raise NoMatch(f"Give the {what}'s name or id after {option}.")
    exact = [c for c in candidates if fold(c.name) == folded]
    words = folded.split()
    matches = exact or [c for c in candidates if all(w in fold(c.name) for w in words)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NoMatch(nobody.format(name=value))
    listed = "; ".join(c.describe() for c in matches[:MAX_LISTED])
    more = f"; and {len(matches) - MAX_LISTED} more" if len(matches) > MAX_LISTED else ""
    raise NoMatch(
        f"{len(matches)} match '{value}': {listed}{more}. Give the id instead, "
        f"for example {option} {matches[0].id}."
    )


def _people(services: Services, actor: Actor) -> list[Candidate]:
    everyone = services.staff.people(actor, include_leavers=True)
    current = {p.id for p in services.staff.people(actor)}
    return [
        Candidate(
            p.id,
            p.name,
            ", ".join(part for part in (p.job_title, "" if p.id in current else "leaver") if part),
        )
        for p in everyone
    ]


def _checklists(services: Services, actor: Actor) -> list[Candidate]:
    found = []
    for summary in services.checklists.list(actor):
        note = f"started {summary.started_on.isoformat()}"
        if summary.archived_on is not None:
            note += ", reviewed"
        found.append(Candidate(summary.id, summary.title, note))
    return found


def _person(call: Invocation, services: Services, actor: Actor) -> Candidate:
    return find_one(
        call.args.staff,
        _people(services, actor),
        what="person",
        nobody="There is nobody called '{name}' in the staff register (current staff or leavers).",
        option="--staff",
    )


# -- running --------------------------------------------------------------------------------


def _bad_input(call: Invocation, message: str) -> int:
    print(f"peerdesk: {message}", file=call.err)
    return EXIT_BAD_INPUT


def _pdf_destination(call: Invocation) -> Path | None:
    """--out as given, unless it names a folder (then say so and return None)."""
    out: Path = call.args.out
    if out.is_dir():
        _bad_input(call, f"{out} is a folder: give the name of the PDF file to write.")
        return None
    return out


def _run(call: Invocation, export: Export) -> int:
    """Sign in, run ``export`` as that user, print what it returns."""
    from peerdesk.commands.signing_in import signed_in

    with signed_in(call) as signed:
        try:
            lines = export(signed.services, signed.actor)
        except NoMatch as exc:
            return _bad_input(call, str(exc))
    for line in lines:
        print(line, file=call.out)
    return EXIT_OK


def run_trustee_report(call: Invocation) -> int:
    args = call.args
    out = _pdf_destination(call)
    if out is None:
        return EXIT_BAD_INPUT
    start: dt.date = args.start
    end: dt.date = args.end

    def export(services: Services, actor: Actor) -> list[str]:
        prepared_by = args.prepared_by if args.prepared_by is not None else actor.display_name
        path = services.trustee_reports.export(actor, start, end, out, prepared_by=prepared_by)
        return [f"Wrote the trustee report for {_period_text(start, end)} to {path}."]

    return _run(call, export)


def run_supervision_record(call: Invocation) -> int:
    args = call.args
    start: dt.date | None = args.start
    end: dt.date | None = args.end
    if (start is None) != (end is None):
        return _bad_input(call, "Give both --from and --to, or neither (for every session).")
    out = _pdf_destination(call)
    if out is None:
        return EXIT_BAD_INPUT

    def export(services: Services, actor: Actor) -> list[str]:
        person = _person(call, services, actor)
        path = services.record_reports.export_supervision_record(
            actor, person.id, out, start=start, end=end
        )
        period = f" for {_period_text(start, end)}" if start and end else ""
        return [f"Wrote {person.name}'s supervision record{period} to {path}."]

    return _run(call, export)


def run_checklist(call: Invocation) -> int:
    out = _pdf_destination(call)
    if out is None:
        return EXIT_BAD_INPUT

    def export(services: Services, actor: Actor) -> list[str]:
        checklist = find_one(
            call.args.checklist,
            _checklists(services, actor),
            what="checklist",
            nobody="There is no checklist called '{name}'.",
            option="--checklist",
        )
        path = services.record_reports.export_checklist(actor, checklist.id, out)
        return [f"Wrote the checklist '{checklist.name}' to {path}."]

    return _run(call, export)


def run_person(call: Invocation) -> int:
    folder: Path = call.args.out
    if folder.exists() and not folder.is_dir():
        return _bad_input(call, f"{folder} is a file: give the folder to write the two files in.")

    def export(services: Services, actor: Actor) -> list[str]:
        person = _person(call, services, actor)
        pdf, data = services.record_reports.export_person(actor, person.id, folder)
        return [f"Wrote everything held about {person.name} to:", str(pdf), str(data)]

    return _run(call, export)


def _period_text(start: dt.date, end: dt.date) -> str:
    return f"{_date_text(start)} to {_date_text(end)}"


def _date_text(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"
