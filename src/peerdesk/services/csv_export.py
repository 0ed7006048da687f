"""Exporting lists to CSV for spreadsheets: the staff list, open actions, the training matrix.

``write_csv`` writes UTF-8 with a byte-order mark (so Excel shows accents right), comma-
separated, CRLF line ends, atomically: into a temporary file in the same folder, flushed to
disk, then moved over the target with ``os.replace``. On any error (a full disk included)
or when cancelled, the temporary file is removed and an existing file of that name is left
as it was: there is never a partial export.

Formula injection (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (or with spaces and then one of the first four) is
prefixed with a single quote, so a spreadsheet shows it as text and never runs it. The
decision for numbers: cells the exporter itself writes as numbers (Python ``int`` or
``float``, such as hours a week or days overdue) are written as plain numbers, a negative
one included, since they come from the database's numeric columns and cannot hold a
formula; any text that merely looks like a number ("-3.5" typed in a name) is text and is
prefixed.

Row builders take the services (never the database) and hold no confidential text: no
supervision notes, no wellbeing notes or adjustments, no lived experience, no leaving
reasons. ``export_file`` writes and records the export in the audit trail.

Every list here names people, so only administrators and managers export them
(``export_file`` and the row builders that read the services refuse anyone else).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk.domain.enums import StaffStatus
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.staff_role_views import role_summary
from peerdesk.services.supervision_views import OpenAction
from peerdesk.services.training_views import MatrixRow, TrainingMatrix
from peerdesk.services.views import StaffQuery, StaffRow

if TYPE_CHECKING:
    from peerdesk.services.bundle import Services

__all__ = [
    "Cell",
    "CsvData",
    "CsvWriteError",
    "ExportCancelled",
    "actions_csv",
    "actions_rows",
    "export_file",
    "neutralise",
    "staff_list_rows",
    "training_matrix_csv",
    "training_matrix_rows",
    "write_csv",
    "write_data",
]

Cell = str | int | float | dt.date | None
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")
_RISKY_AFTER_SPACES = ("=", "+", "-", "@")
_REPORT_EVERY = 100  # rows between progress reports and cancel checks
_EXPORT = "export lists of people to a spreadsheet"
_PAGE = 1000


class ExportCancelled(Exception):
    """The export was cancelled; no file was written (an existing one is unchanged)."""


class CsvWriteError(OSError):
    """The file could not be written; ``strerror`` says why in plain words. No file (or
    no change to an existing one) was left behind."""


@dataclass(frozen=True)
class CsvData:
    """What to write: the headers and the rows (possibly produced as they are written, so
    a long export reports progress); ``total`` is how many rows there are."""

    headers: tuple[str, ...]
    rows: Iterable[Sequence[Cell]]
    total: int
    noun: str = "row"  # what a row is, for messages: "person", "action"
    kind: str = ""  # what is exported, for the audit trail: "staff-list", ...
    title: str = ""  # the same in words: "Staff list"

    def describe(self, count: int) -> str:
        """ "12 people", "1 action"."""
        plural = {"person": "people"}.get(self.noun, f"{self.noun}s")
        return f"{count:,} {self.noun if count == 1 else plural}"


# -- writing --------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: a leading quote when it could start a
    formula (see the module's description)."""
    if text.startswith(_RISKY_FIRST) or text.lstrip(" ").startswith(_RISKY_AFTER_SPACES):
        return "'" + text
    return text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def write_csv(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    total: int | None = None,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> int:
    """Write a CSV file atomically (see the module's description); return the rows written.

    ``total`` (else ``len(rows)`` when it has one) is what ``progress(done, total)`` counts
    towards. Raises ExportCancelled when ``is_cancelled()`` turns true, CsvWriteError when
    the disk refuses; neither leaves a file behind.
    """
    target = Path(path)
    if total is None:
        total = len(rows) if isinstance(rows, Sized) else 0
    report = progress or (lambda _done, _total: None)
    cancelled = is_cancelled or (lambda: False)
    temporary: Path | None = None
    written = 0
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        temporary = Path(name)
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([neutralise(header) for header in headers])
            report(0, total)
            for row in rows:
                writer.writerow([_cell(value) for value in row])
                written += 1
                if written % _REPORT_EVERY == 0:
                    if cancelled():
                        raise ExportCancelled
                    report(written, max(total, written))
            if cancelled():
                raise ExportCancelled
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise CsvWriteError(exc.errno, _plain(exc, target), str(target)) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
    _sync_folder(target.parent)
    report(written, max(total, written))
    return written


def write_data(
    path: Path | str,
    data: CsvData,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> int:
    return write_csv(
        path,
        data.headers,
        data.rows,
        total=data.total,
        progress=progress,
        is_cancelled=is_cancelled,
    )


def export_file(
    actor: Actor,
    services: Services,
    path: Path | str,
    data: CsvData,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> int:
    """Write ``data`` (see ``write_csv``) and record the export in the audit trail; if it
    cannot be recorded, the file is removed: nothing leaves PeerDesk unrecorded.
    Administrators and managers only (AccessDenied, and no file, for anyone else)."""
    access_rules.require_manager(actor, _EXPORT)
    target = Path(path)
    count = write_data(target, data, progress=progress, is_cancelled=is_cancelled)
    try:
        services.audit.record(
            actor,
            "export",
            f"{data.title or 'List'} (CSV)",
            {"report": data.kind, "format": "csv", "rows": count, "file": target.name},
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return count


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where unsupported."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _plain(exc: OSError, target: Path) -> str:
    name, folder = target.name, target.parent
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            f"There is not enough space on the disk to save {name}. Free some space or "
            "choose another place; no file was written."
        )
    if code == errno.ENOENT:
        return f"The folder {folder} does not exist (any more). Choose another place."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"PeerDesk cannot write {name} in {folder}: the folder is read-only or you may "
            "not write there, or the file is open in another program. Close it or choose "
            "another place; nothing was changed."
        )
    if code == errno.EISDIR:
        return f"{target} is a folder. Choose a file name."
    return (
        f"PeerDesk could not write {name}: {exc.strerror or exc}. No file was written, and "
        "an existing file of that name was left as it was."
    )


# -- what to write --------------------------------------------------------------------------

STAFF_HEADERS = (
    "Name",
    "Preferred name",
    "Pronouns",
    "Job title",
    "Role category",
    "Team",
    "Employment type",
    "Hours per week",
    "Start date",
    "End date",
    "Supervisor",
    "Line manager",
    "Status",
    "Other roles",  # further roles not ended: "Volunteer (Community, 4 h); ..."
)


def staff_list_rows(actor: Actor, services: Services, query: StaffQuery) -> CsvData:
    """The people ``query`` selects (its search, filters and order), with the columns the
    staff import reads, so a list can be imported elsewhere, and their other roles (which
    the import does not read). Read as it is written."""
    access_rules.require_manager(actor, _EXPORT)
    staff = services.staff
    listed: list[StaffRow] = []
    total = staff.count(actor, query)
    for offset in range(0, total, _PAGE):
        page = staff.page(actor, query, offset, _PAGE).rows
        if not page:
            break
        listed.extend(page)

    def rows() -> Iterator[tuple[Cell, ...]]:
        for row in listed:
            record = staff.get(actor, row.id)
            d = record.details
            further = services.roles.roles_of(actor, row.id).current_further
            yield (
                d.full_name,
                d.preferred_name,
                d.pronouns,
                d.job_title,
                d.role_category.label,
                record.team_name,
                d.employment_type.label,
                d.hours_per_week,
                d.start_date,
                d.end_date,
                record.supervisor_name,
                record.line_manager_name,
                "Current" if record.is_current else "Left",
                "; ".join(role_summary(role) for role in further),
            )

    title = {
        StaffStatus.CURRENT: "Staff list",
        StaffStatus.LEAVERS: "Staff list (leavers)",
        StaffStatus.ALL: "Staff list (everyone)",
    }[query.status]
    return CsvData(
        STAFF_HEADERS, rows(), len(listed), noun="person", kind="staff-list", title=title
    )


ACTION_HEADERS = (
    "Person",
    "Still employed",
    "Supervisor",
    "Action",
    "Owner",
    "Agreed on",
    "Due",
    "Days overdue",
)


def actions_csv(actions: Sequence[OpenAction], title: str = "Open actions") -> CsvData:
    """Open actions as listed (e.g. those a panel shows), one a row."""
    rows = [
        (
            item.supervisee_name,
            item.supervisee_is_current,
            item.supervisor_name,
            item.action.description,
            item.action.owner_name,
            item.action.session_date,
            item.action.due_date,
            item.days_overdue if item.action.is_overdue else None,
        )
        for item in actions
    ]
    return CsvData(ACTION_HEADERS, rows, len(rows), noun="action", kind="actions", title=title)


def actions_rows(actor: Actor, services: Services, today: dt.date, overdue_only: bool) -> CsvData:
    """Every open action across the organisation (or only the overdue ones), overdue first."""
    access_rules.require_manager(actor, _EXPORT)
    actions = services.actions.open_across_organisation(actor, today)
    if overdue_only:
        actions = [item for item in actions if item.action.is_overdue]
    return actions_csv(actions, "Overdue actions" if overdue_only else "Open actions")


def training_matrix_csv(matrix: TrainingMatrix, rows: Sequence[MatrixRow] | None = None) -> CsvData:
    """The matrix as shown: a row per person (all of the matrix's, or ``rows``), a column per
    mandatory course with what its cell reads ("Valid to 3 Mar 2027", "Missing", ...)."""
    chosen = matrix.rows if rows is None else rows
    index = {row.staff_id: i for i, row in enumerate(matrix.rows)}
    headers = ("Name", "Team", "Role category", *(course.name for course in matrix.courses))
    table: list[tuple[Cell, ...]] = []
    for row in chosen:
        position = index[row.staff_id]
        cells = tuple(matrix.text(position, column) for column in range(len(matrix.courses)))
        table.append((row.full_name, row.team_name, row.role_category.label, *cells))
    return CsvData(
        headers,
        table,
        len(table),
        noun="person",
        kind="training-matrix",
        title="Training matrix",
    )


def training_matrix_rows(
    actor: Actor,
    services: Services,
    *,
    team_id: int | None = None,
    role_category: str | None = None,
    today: dt.date | None = None,
) -> CsvData:
    """Every current person against every mandatory course (optionally of one team or
    role category)."""
    access_rules.require_manager(actor, _EXPORT)
    matrix = services.training.matrix(
        actor, team_id=team_id, role_category=role_category, today=today
    )
    return training_matrix_csv(matrix)
