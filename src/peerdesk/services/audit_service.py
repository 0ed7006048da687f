"""The audit trail: who did what, when, to what. Append-only and hash-chained.

Each entry's hash covers its own fields and the previous entry's hash, so an entry changed
or removed outside PeerDesk (the database refuses UPDATE and DELETE from inside) breaks the
chain, and ``verify`` says where. Nothing here changes or removes an entry: there is no
method for it, by design.

Only administrators read the trail (``entries``, ``search``, ``actors``, ``verify``,
``export_csv``); everyone's actions are written to it.

Kinds of action: every action belongs to one kind (sign-ins, views, changes, exports,
backups, imports, other) by how its text begins; ``_KIND_PREFIXES`` is the one table of
those beginnings, read by ``action_kind`` (in Python) and ``_kind_condition`` (in SQL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, false, func, insert, not_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.services.actor import AccessDenied, Actor, require_role
from peerdesk.services.csv_export import Cell, IsCancelled, Progress, write_csv
from peerdesk.store.models import AuditEvent
from peerdesk.store.types import utc_now

Now = Callable[[], dt.datetime]
GENESIS = ""
READ_REFUSED = "Only administrators can read the audit trail."
# Who the trail names when no one is signed in (start-up work, automatic changes).
SYSTEM_NAME = "PeerDesk"
SYSTEM_ROLE = "system"
PAGE_LIMIT = 1000  # the most entries one page of a search holds
CSV_HEADERS = ("When", "Who", "Role", "Action", "Subject", "Details", "Entry hash")
EXPORT_ACTION = "exported audit trail"
_SUBJECT_LENGTH = 500
_NAME_LENGTH = 200


class AuditKind(StrEnum):
    SIGN_INS = "sign-ins"
    VIEWS = "views"
    CHANGES = "changes"
    EXPORTS = "exports"
    BACKUPS = "backups"
    IMPORTS = "imports"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AuditKind.SIGN_INS: "Sign-ins",
    AuditKind.VIEWS: "Views",
    AuditKind.CHANGES: "Changes",
    AuditKind.EXPORTS: "Exports",
    AuditKind.BACKUPS: "Backups and restores",
    AuditKind.IMPORTS: "Imports",
    AuditKind.OTHER: "Other",
}

# How the actions of each kind begin (lower case). The first kind with a matching
# beginning is the action's kind ("changed own password" is a sign-in matter, though it
# begins like a change); whatever matches none is OTHER.
_KIND_PREFIXES: tuple[tuple[AuditKind, tuple[str, ...]], ...] = (
    (
        AuditKind.SIGN_INS,
        (
            "sign",
            "failed sign",
            "log in",
            "logged in",
            "log out",
            "logged out",
            "locked",
            "unlocked",
            "reset password",
            "changed own password",
        ),
    ),
    (AuditKind.VIEWS, ("view",)),
    (
        AuditKind.CHANGES,
        (
            "added ",
            "changed ",
            "removed ",
            "amended ",
            "deactivated ",
            "reactivated ",
            "erased ",  # erased records (retention)
            "conviction assessment erased",
        ),
    ),
    (AuditKind.EXPORTS, ("export",)),
    (AuditKind.BACKUPS, ("backup", "backed up", "restore")),
    (AuditKind.IMPORTS, ("import",)),
)


def action_kind(action: str) -> AuditKind:
    """The kind of an action, by how its text begins (see ``_KIND_PREFIXES``)."""
    text = action.strip().lower()
    for kind, prefixes in _KIND_PREFIXES:
        if text.startswith(prefixes):
            return kind
    return AuditKind.OTHER


def _kind_condition(kind: AuditKind) -> ColumnElement[bool]:
    """SQL for "the action is of ``kind``": the same rule as ``action_kind``, in SQL (a
    beginning of this kind, and none of a kind listed before it)."""
    action = func.lower(func.trim(AuditEvent.action))

    def begins(prefixes: Sequence[str]) -> ColumnElement[bool]:
        if not prefixes:
            return false()
        return or_(*(action.startswith(prefix, autoescape=True) for prefix in prefixes))

    earlier: list[str] = []
    for listed, prefixes in _KIND_PREFIXES:
        if listed is kind:
            return and_(begins(prefixes), not_(begins(earlier)))
        earlier.extend(prefixes)
    return not_(begins(earlier))  # OTHER: no kind's beginning


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor_name: str
    actor_role: str
    action: str
    subject: str
    details: Mapping[str, object]
    entry_hash: str = ""

    @property
    def kind(self) -> AuditKind:
        return action_kind(self.action)


@dataclass(frozen=True)
class NewEntry:
    """An entry to add: what happened and to what; who and when are filled in on writing."""

    action: str
    subject: str = ""
    details: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    problems: tuple[str, ...] = ()

    def summary(self) -> str:
        """In plain words: "All 1,234 entries are in order." or the problems found."""
        if self.ok:
            if self.checked == 1:
                return "The one entry is in order."
            if self.checked == 0:
                return "The audit trail is empty, so there is nothing to check."
            return f"All {self.checked:,} entries are in order."
        count = len(self.problems)
        return (
            f"The audit trail has {count} problem{'s' if count != 1 else ''} "
            f"(checked {self.checked:,} entries): " + "; ".join(self.problems) + "."
        )


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show: every condition given must hold. Dates are local days, both
    included; ``who`` is a name, matched exactly (``who_exact``) or as part of the name;
    ``text`` is found, as typed (any case), in the action, the subject or the details."""

    who: str = ""
    who_exact: bool = False
    kind: AuditKind | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    limit: int = 100
    offset: int = 0

    def describe(self) -> dict[str, str]:
        """The filter in words, for the record of an export: only what was chosen."""
        described: dict[str, str] = {}
        if self.who.strip():
            described["who"] = self.who.strip()
        if self.kind is not None:
            described["kind"] = self.kind.label
        if self.start is not None:
            described["from"] = self.start.isoformat()
        if self.end is not None:
            described["to"] = self.end.isoformat()
        if self.text.strip():
            described["search"] = self.text.strip()
        return described


@dataclass(frozen=True)
class AuditPage:
    """One page of a search, newest first, and how many entries match in all."""

    entries: tuple[AuditEntry, ...]
    total: int
    offset: int = 0

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.entries) < self.total


def entry_hash(
    previous: str,
    at: dt.datetime,
    actor_name: str,
    actor_role: str,
    action: str,
    subject: str,
    details: str,
) -> str:
    payload = json.dumps(
        [
            previous,
            at.astimezone(dt.UTC).isoformat(),
            actor_name,
            actor_role,
            action,
            subject,
            details,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _require_reader(actor: Actor) -> None:
    try:
        require_role(actor)  # administrators only
    except AccessDenied as exc:
        raise AccessDenied(READ_REFUSED) from exc


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session], now: Now = utc_now) -> None:
        self._sessions = sessions
        self._now = now

    # -- writing ------------------------------------------------------------------------

    def record(
        self,
        actor: Actor | None,
        action: str,
        subject: str = "",
        details: Mapping[str, object] | None = None,
        *,
        session: Session | None = None,
    ) -> None:
        """Add an entry; inside ``session`` it commits (or rolls back) with the change.
        ``actor`` None is PeerDesk itself."""
        entry = NewEntry(action, subject, details or {})
        if session is not None:
            session.flush()  # the changes made so far are recorded before this entry
            self._write(session.connection(), actor, [entry])
            return
        with self._sessions.begin() as own:
            self._write(own.connection(), actor, [entry])

    def add_in_flush(
        self, session: Session, actor: Actor | None, entries: Sequence[NewEntry]
    ) -> None:
        """Append ``entries`` in ``session``'s transaction, chained one after another, with
        one query for the last hash. Written straight to the session's connection (no ORM
        objects, no autoflush), so it may be called while the session is flushing."""
        self._write(session.connection(), actor, entries)

    def _write(
        self, connection: Connection, actor: Actor | None, entries: Sequence[NewEntry]
    ) -> None:
        if not entries:
            return
        if actor is None:
            name, role = SYSTEM_NAME, SYSTEM_ROLE
        else:
            name, role = actor.display_name[:_NAME_LENGTH], str(actor.role)
        previous = (
            connection.scalar(select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1))
            or GENESIS
        )
        at = self._now().astimezone(dt.UTC)
        rows: list[dict[str, Any]] = []
        for entry in entries:
            subject = entry.subject[:_SUBJECT_LENGTH]
            text = details_json(entry.details)
            digest = entry_hash(previous, at, name, role, entry.action, subject, text)
            rows.append(
                {
                    "at": at,
                    "actor_name": name,
                    "actor_role": role,
                    "action": entry.action,
                    "subject": subject,
                    "details": text,
                    "previous_hash": previous,
                    "entry_hash": digest,
                }
            )
            previous = digest
        connection.execute(insert(AuditEvent), rows)

    # -- reading (administrators only) ---------------------------------------------------

    def entries(
        self,
        actor: Actor,
        *,
        action: str | None = None,
        since: dt.datetime | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """The newest entries first."""
        _require_reader(actor)
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        if since is not None:
            query = query.where(AuditEvent.at >= since)
        with self._sessions() as session:
            return [_entry(row) for row in session.scalars(query)]

    def search(self, actor: Actor, query: AuditFilter) -> AuditPage:
        """One page of the entries ``query`` selects, newest first, and how many in all."""
        _require_reader(actor)
        conditions = _conditions(query)
        limit = max(1, min(query.limit, PAGE_LIMIT))
        offset = max(0, query.offset)
        with self._sessions() as session:
            total = session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
            rows = session.scalars(
                select(AuditEvent)
                .where(*conditions)
                .order_by(AuditEvent.id.desc())
                .offset(offset)
                .limit(limit)
            )
            return AuditPage(entries=tuple(_entry(row) for row in rows), total=total, offset=offset)

    def actors(self, actor: Actor) -> list[str]:
        """Everyone the trail names, in alphabetical order (for a "who" filter)."""
        _require_reader(actor)
        with self._sessions() as session:
            names = session.scalars(select(AuditEvent.actor_name).distinct())
            return sorted(names, key=lambda name: (name.casefold(), name))

    def verify(self, actor: Actor) -> ChainReport:
        """Walk the chain from the first entry; name every entry that does not fit."""
        _require_reader(actor)
        with self._sessions() as session:
            return verify_chain(session)

    def export_csv(
        self,
        actor: Actor,
        query: AuditFilter,
        path: Path | str,
        *,
        progress: Progress | None = None,
        is_cancelled: IsCancelled | None = None,
    ) -> int:
        """Write every entry ``query`` selects (all pages, newest first) to a CSV file,
        atomically (see ``csv_export.write_csv``), and record the export in the trail; if
        it cannot be recorded the file is removed. Returns the entries written."""
        _require_reader(actor)
        target = Path(path)
        conditions = _conditions(query)
        with self._sessions() as session:
            total = session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
            statement = (
                select(AuditEvent)
                .where(*conditions)
                .order_by(AuditEvent.id.desc())
                .execution_options(yield_per=500)
            )
            rows = (_csv_row(_entry(row)) for row in session.scalars(statement))
            count = write_csv(
                target,
                CSV_HEADERS,
                rows,
                total=total,
                progress=progress,
                is_cancelled=is_cancelled,
            )
        try:
            self.record(
                actor,
                EXPORT_ACTION,
                target.name,
                {"file": target.name, "format": "csv", "rows": count, **query.describe()},
            )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return count


# -- checking the chain -----------------------------------------------------------------


def verify_chain(session: Session) -> ChainReport:
    """Walk the chain from the first entry; name every entry that does not fit. For
    ``AuditLog.verify`` and the health check (which has no actor to ask about)."""
    problems: list[str] = []
    previous = GENESIS
    checked = 0
    expected_id = 1
    columns = (
        AuditEvent.id,
        AuditEvent.at,
        AuditEvent.actor_name,
        AuditEvent.actor_role,
        AuditEvent.action,
        AuditEvent.subject,
        AuditEvent.details,
        AuditEvent.previous_hash,
        AuditEvent.entry_hash,
    )
    statement = select(*columns).order_by(AuditEvent.id).execution_options(yield_per=2000)
    for row in session.execute(statement):
        checked += 1
        if row.id != expected_id:
            first, last = expected_id, row.id - 1
            problems.append(
                f"entry {first} is missing"
                if first == last
                else f"entries {first} to {last} are missing"
            )
        if row.previous_hash != previous:
            problems.append(f"entry {row.id} does not follow the entry before it")
        computed = entry_hash(
            row.previous_hash,
            row.at,
            row.actor_name,
            row.actor_role,
            row.action,
            row.subject,
            row.details,
        )
        if computed != row.entry_hash:
            problems.append(f"entry {row.id} was changed after it was written")
        previous = row.entry_hash
        expected_id = row.id + 1
    return ChainReport(ok=not problems, checked=checked, problems=tuple(problems))


# -- searching --------------------------------------------------------------------------


def local_day_start(day: dt.date) -> dt.datetime:
    """The first moment of a local day, in UTC (the trail stores UTC)."""
    return dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)


def _conditions(query: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    who = query.who.strip()
    if who:
        if query.who_exact:
            conditions.append(AuditEvent.actor_name == who)
        else:
            conditions.append(AuditEvent.actor_name.icontains(who, autoescape=True))
    if query.kind is not None:
        conditions.append(_kind_condition(query.kind))
    if query.start is not None:
        conditions.append(AuditEvent.at >= local_day_start(query.start))
    if query.end is not None:
        conditions.append(AuditEvent.at < local_day_start(query.end + dt.timedelta(days=1)))
    phrase = " ".join(query.text.split())
    if phrase:
        conditions.append(
            or_(
                AuditEvent.action.icontains(phrase, autoescape=True),
                AuditEvent.subject.icontains(phrase, autoescape=True),
                AuditEvent.details.icontains(phrase, autoescape=True),
            )
        )
    return [and_(*conditions)] if conditions else []


# -- showing entries --------------------------------------------------------------------


def details_json(details: Mapping[str, object]) -> str:
    return json.dumps(dict(details), ensure_ascii=False, sort_keys=True, default=str)


def field_label(key: str) -> str:
    """A column or detail name as words: "job_title" → "job title"."""
    return key.replace("_", " ").strip()


def value_text(value: object) -> str:
    """One recorded value as words."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value if value.strip() else "empty"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value) if value else "none"
    if isinstance(value, Mapping):
        return ", ".join(f"{field_label(str(k))} {value_text(v)}" for k, v in value.items())
    return str(value)


def describe_details(details: Mapping[str, object]) -> list[str]:
    """One line per detail: "job title: Peer worker → Senior peer worker" for a change,
    "job title: Peer worker" for a value."""
    lines = []
    for key, value in details.items():
        label = field_label(str(key))
        if isinstance(value, Mapping) and set(value) == {"before", "after"}:
            lines.append(f"{label}: {value_text(value['before'])} → {value_text(value['after'])}")
        else:
            lines.append(f"{label}: {value_text(value)}")
    return lines


def local_moment(moment: dt.datetime) -> dt.datetime:
    """A stored UTC moment in the computer's local time."""
    return moment.astimezone()


def _csv_row(entry: AuditEntry) -> tuple[Cell, ...]:
    return (
        local_moment(entry.at).isoformat(sep=" ", timespec="seconds"),
        entry.actor_name,
        entry.actor_role,
        entry.action,
        entry.subject,
        "; ".join(describe_details(entry.details)),
        entry.entry_hash,
    )


def _entry(row: AuditEvent) -> AuditEntry:
    try:
        details = json.loads(row.details) if row.details else {}
    except ValueError:  # written outside PeerDesk; the chain check names it
        details = {"value": row.details}
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_name=row.actor_name,
        actor_role=row.actor_role,
        action=row.action,
        subject=row.subject,
        details=details if isinstance(details, dict) else {"value": details},
        entry_hash=row.entry_hash,
    )


__all__ = [
    "CSV_HEADERS",
    "EXPORT_ACTION",
    "READ_REFUSED",
    "SYSTEM_NAME",
    "SYSTEM_ROLE",
    "AuditEntry",
    "AuditFilter",
    "AuditKind",
    "AuditLog",
    "AuditPage",
    "ChainReport",
    "NewEntry",
    "action_kind",
    "describe_details",
    "entry_hash",
    "verify_chain",
]
