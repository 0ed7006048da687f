"""peerdesk import staff FILE.csv [--dry-run] [--create-teams]: add people from a CSV file.

Prints what was read, each row that cannot be imported (one line each, with its line in the
file) and a summary. Exit codes: 0 when every row was good (and imported, unless a dry
run), 1 when some rows have problems (the good ones are still imported unless --dry-run),
2 when the file cannot be read as CSV at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, Invocation, Subparsers

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.import_views import CsvTable
    from peerdesk.services.staff_import import StaffImportService


def register(commands: Subparsers) -> None:
    parser = commands.add_parser("import", help="add records from a file (see 'import staff')")
    kinds = parser.add_subparsers(
        dest="kind", metavar="KIND", parser_class=type(parser), required=True
    )
    staff = kinds.add_parser(
        "staff",
        help="add people to the staff register from a CSV file",
        description="Add people from a CSV file whose first line names the columns (name, "
        "preferred name, pronouns, job title, role category, team, employment type, hours "
        "per week, start date, end date, leaving reason, supervisor, line manager, lived "
        "experience; case, spaces, underscores and hyphens aside). Dates as YYYY-MM-DD or "
        "DD/MM/YYYY. All the good rows are added in one go, or none.",
    )
    staff.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file to import")
    staff.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and list its problems, but add nobody",
    )
    staff.add_argument(
        "--create-teams",
        action="store_true",
        help="create the teams the file names that do not exist yet (else those rows fail)",
    )
    staff.set_defaults(run=run)


def run(call: Invocation) -> int:
    from peerdesk.commands.signing_in import signed_in
    from peerdesk.services.import_views import CsvReadError
    from peerdesk.services.staff_import import read_csv_file

    args, err = call.args, call.err
    path: Path = args.file
    try:
        table = read_csv_file(path)
    except CsvReadError as exc:
        print(f"peerdesk: {exc}", file=err)
        return EXIT_BAD_INPUT
    with signed_in(call) as signed:
        return _import(call, table, signed.actor, signed.services.staff_import)


def _import(call: Invocation, table: CsvTable, actor: Actor, importer: StaffImportService) -> int:
    from peerdesk.services.import_views import ImportFailed
    from peerdesk.services.staff_import import suggest_mapping

    args, out, err = call.args, call.out, call.err
    path: Path = args.file
    preview = importer.preview(
        actor, table, suggest_mapping(table.headers), create_missing_teams=args.create_teams
    )
    print(f"Read {path.name}: {table.description}.", file=out)
    if preview.ignored_columns:
        print(f"Columns not imported: {', '.join(preview.ignored_columns)}.", file=out)
    for problem in preview.mapping_problems:
        print(problem, file=out)
    for row in preview.failing_rows:
        print(row.summary, file=out)
    good, failing = preview.counts
    if preview.missing_teams and not args.create_teams:
        print(
            "To create the missing teams as part of the import, run it again with --create-teams.",
            file=out,
        )
    if args.dry_run:
        print(_dry_run_summary(good, failing, preview.new_teams), file=out)
        return EXIT_OK if failing == 0 else EXIT_PROBLEM
    if good == 0:
        print(
            f"Nobody was imported: all {failing:,} rows have problems (listed above).",
            file=out,
        )
        return EXIT_PROBLEM
    try:
        result = importer.import_rows(actor, preview)
    except ImportFailed as exc:
        print(f"peerdesk: {exc}", file=err)
        return EXIT_PROBLEM
    print(result.summary, file=out)
    if failing:
        rows = "row" if failing == 1 else "rows"
        print(
            f"The {failing:,} {rows} listed above {'was' if failing == 1 else 'were'} not "
            f"imported: fix {'it' if failing == 1 else 'them'} and import just "
            f"{'that row' if failing == 1 else 'those rows'} again.",
            file=out,
        )
        return EXIT_PROBLEM
    return EXIT_OK


def _dry_run_summary(good: int, failing: int, new_teams: tuple[str, ...]) -> str:
    total = good + failing
    text = f"Dry run: nothing was imported. {good:,} of {total:,} rows would be imported"
    if new_teams:
        teams = "team" if len(new_teams) == 1 else "teams"
        text += f", with {len(new_teams)} new {teams} ({', '.join(new_teams)})"
    if failing:
        text += f"; {failing:,} {'has' if failing == 1 else 'have'} problems (listed above)"
    return text + "."
