"""Every change to PeerDesk's records goes into the audit trail, with what it was before.

``install_change_audit`` hooks the flush of every session of a sessionmaker: each row the
flush adds, changes or removes through the ORM gets one entry, written in the same
transaction (so a change that is rolled back leaves no entry, and an entry that cannot be
written stops the change):

- "added staff member" / "changed staff member" / "removed staff member", subject
  "staff member 12" (records are named by kind and id, never by a person's name);
- details: for a change, ``{"field": {"before": x, "after": y}}`` for each changed column
  only; for an added or removed row, the row's values.

What never goes in: the trail is append-only, so nothing may reach it that a later
erasure would have to reach too.

- Free text (columns of SQL type ``Text``: notes, records, confidential notes, the words
  of a wellness plan) is recorded only as its length: ``"412 characters"`` or ``"empty"``.
- Names and other short personal text (``PERSONAL_COLUMNS``: a person's name, preferred
  name and pronouns, an account's display name, the kind of an absence, every "..._by"
  signature) are recorded only by length when a row is added or removed, and as
  "changed" when changed: an erased leaver's name must not survive in the trail.
- A few short columns that say something confidential about a person
  (``CONFIDENTIAL_COLUMNS``: lived experience, former service user, the wellbeing score,
  the kind of a dual relationship) are recorded only as having been set or changed.
- Passwords, keys and the like of user accounts: never, not even their length.
- Bookkeeping (``updated_at``, search and sort keys) and autosaved drafts are left out.

Bulk statements (``session.execute(insert(...))``, ``update(...)``, ``delete(...)``) do
not pass through the ORM's flush, so they are not recorded here; services that need them
recorded call ``AuditLog.record`` themselves.

The work is done in two steps: ``before_flush`` notes the changed and removed rows while
their old values can still be read from the database; ``after_flush`` adds the rows just
inserted (only now do they have their ids) and writes every entry with
``AuditLog.add_in_flush``: one query for the previous hash per flush, not per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from sqlalchemy import Column, String, Text, event, inspect, select
from sqlalchemy.orm import InstanceState, Mapper, Session, UOWTransaction, sessionmaker
from sqlalchemy.types import TypeDecorator, TypeEngine

from peerdesk.services.actor import Actor
from peerdesk.services.audit_service import AuditLog, NewEntry

Who = Callable[[], Actor | None]

# Readable names of the tables; any other table is named by its table name in words.
KINDS: dict[str, str] = {
    "organisation": "organisation",
    "team": "team",
    "staff_member": "staff member",
    "supervision_interval": "supervision interval",
    "staff_absence": "absence",
    "supervision_session": "supervision session",
    "session_amendment": "amendment",
    "supervision_action": "action",
    "supervision_agreement": "supervision agreement",
    "dual_relationship": "dual relationship",
    "checklist": "checklist",
    "checklist_item": "checklist item",
    "checklist_status_change": "checklist status change",
    "policy": "policy",
    "training_course": "training course",
    "training_record": "training record",
    "wellness_plan": "wellness plan",
    "apprenticeship": "apprenticeship",
    "off_the_job_hours": "off-the-job hours",
    "apprenticeship_review": "apprenticeship review",
    "user_account": "user account",
}
# Never audited: the trail itself, and drafts saved every few seconds while typing.
SKIPPED_TABLES = frozenset({"audit_event", "session_draft", "form_draft"})
# last_sign_in_at: each sign-in is its own entry ("signed in") already
BOOKKEEPING_COLUMNS = frozenset(
    {"updated_at", "search_text", "sort_name", "job_title_key", "name_key", "last_sign_in_at"}
)
ACCOUNT_TABLE = "user_account"
# Columns of user accounts whose name holds one of these are never recorded at all.
ACCOUNT_SECRETS = ("password", "key", "salt", "secret", "token", "hash")
SECRETS_KEY = "sign-in details"
SECRETS_CHANGED = "changed (never recorded in the trail)"
# Short columns that are confidential about a person: recorded as set or changed only.
CONFIDENTIAL_COLUMNS = frozenset(
    {
        ("staff_member", "lived_experience"),
        ("staff_member", "former_service_user"),
        ("supervision_session", "wellbeing_score"),
        ("dual_relationship", "relationship_type"),
    }
)
# Short columns naming or describing a person: recorded by length, or as changed, only.
# Any String column whose name ends in "_by" (signed_by, agreed_by, …) is one too.
PERSONAL_COLUMNS = frozenset(
    {
        ("staff_member", "full_name"),
        ("staff_member", "preferred_name"),
        ("staff_member", "pronouns"),
        ("user_account", "display_name"),
        ("staff_absence", "kind"),
        ("off_the_job_hours", "activity"),
    }
)
PERSONAL_CHANGED = "changed (personal: not copied into the trail)"
CONFIDENTIAL_SET = "recorded (confidential: not copied into the trail)"
CONFIDENTIAL_CHANGED = "changed (confidential: not copied into the trail)"
EMPTY = "empty"

_PENDING = "peerdesk.change_audit.pending"  # session.info: entries noted before the flush
_INSTALLED = "_peerdesk_change_audit"  # on the sessionmaker: the listeners installed


def install_change_audit(sessions: sessionmaker[Session], audit: AuditLog, who: Who) -> None:
    """Record every ORM change made through ``sessions`` in ``audit``, as ``who()`` (the
    signed-in person; None is PeerDesk itself). Installing again replaces the earlier
    installation, so a change is never recorded twice."""

    def before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
        with session.no_autoflush:
            session.info[_PENDING] = _changed_and_removed(session)

    def after_flush(session: Session, _context: UOWTransaction) -> None:
        pending: list[NewEntry] = session.info.pop(_PENDING, [])
        entries = _added(session) + pending
        if entries:
            audit.add_in_flush(session, who(), entries)

    earlier = getattr(sessions, _INSTALLED, None)
    if earlier is not None:
        for name, listener in earlier:
            event.remove(sessions, name, listener)
    listeners = (("before_flush", before_flush), ("after_flush", after_flush))
    for name, listener in listeners:
        event.listen(sessions, name, listener)
    setattr(sessions, _INSTALLED, listeners)


# -- what changed -----------------------------------------------------------------------


def _audited(objects: Iterable[object]) -> list[InstanceState[Any]]:
    states = []
    for obj in objects:
        state: InstanceState[Any] = inspect(obj)
        if _table(state.mapper) not in SKIPPED_TABLES:
            states.append(state)
    return states


def _added(session: Session) -> list[NewEntry]:
    """Entries for the rows this flush inserted (after_flush: their ids are known, and
    "new" still lists them)."""
    states = sorted(_audited(session.new), key=lambda state: state.insert_order or 0)
    entries = []
    for state in states:
        kind = _kind(state.mapper)
        values = _values(state, state.dict, adding=True)
        entries.append(NewEntry(f"added {kind}", _subject(state, kind), values))
    return entries


def _changed_and_removed(session: Session) -> list[NewEntry]:
    """Entries for the rows about to be changed and removed (before_flush: their stored
    values can still be read)."""
    removed = _audited(session.deleted)
    gone = {id(state) for state in removed}
    changed = [state for state in _audited(session.dirty) if id(state) not in gone]
    entries = []
    for state in sorted(changed, key=_order):
        kind = _kind(state.mapper)
        details = _changes(session, state)
        if details:
            entries.append(NewEntry(f"changed {kind}", _subject(state, kind), details))
    for state in sorted(removed, key=_order):
        kind = _kind(state.mapper)
        unloaded = [key for key in _column_keys(state.mapper) if key not in state.dict]
        stored = _stored(session, state, unloaded) if unloaded else {}
        values = _values(state, {**stored, **state.dict}, adding=False)
        entries.append(NewEntry(f"removed {kind}", _subject(state, kind), values))
    return entries


def _changes(session: Session, state: InstanceState[Any]) -> dict[str, object]:
    table = _table(state.mapper)
    changed: dict[str, tuple[bool, object, object]] = {}  # key -> (old known, old, new)
    for key, _column in _columns(state.mapper):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        added, deleted = list(history.added or ()), list(history.deleted or ())
        new = added[0] if added else None
        changed[key] = (bool(deleted), deleted[0] if deleted else None, new)
    unknown = [key for key, (known, _old, _new) in changed.items() if not known]
    stored = _stored(session, state, unknown) if unknown else {}
    details: dict[str, object] = {}
    secrets = False
    for key, column in _columns(state.mapper):
        if key not in changed:
            continue
        known, old, new = changed[key]
        if not known:
            old = stored.get(key)
        if old == new:
            continue  # set again to what it was
        verdict = _privacy(table, column)
        if verdict == "secret":
            secrets = True
        elif verdict == "confidential":
            details[key] = CONFIDENTIAL_CHANGED
        elif verdict == "personal":
            details[key] = PERSONAL_CHANGED
        else:
            details[key] = {"before": _shown(column, old), "after": _shown(column, new)}
    if secrets:
        details[SECRETS_KEY] = SECRETS_CHANGED
    return details


def _values(
    state: InstanceState[Any], values: dict[str, Any], *, adding: bool
) -> dict[str, object]:
    """A row's values as recorded: free text as its length, secrets left out."""
    table = _table(state.mapper)
    primary = {column.name for column in state.mapper.primary_key}
    recorded: dict[str, object] = {}
    for key, column in _columns(state.mapper):
        if column.name in primary or key not in values:
            continue
        if adding and column.name == "created_at":
            continue  # the entry's own moment
        verdict = _privacy(table, column)
        if verdict == "secret":
            continue
        if verdict == "confidential":
            recorded[key] = CONFIDENTIAL_SET
        elif verdict == "personal":
            recorded[key] = characters(values[key])
        else:
            recorded[key] = _shown(column, values[key])
    return recorded


def _stored(session: Session, state: InstanceState[Any], keys: Iterable[str]) -> dict[str, Any]:
    """The values of ``keys`` as the database holds them now (before this flush writes)."""
    mapper = state.mapper
    wanted = [key for key in keys if key in mapper.column_attrs]
    identity = state.identity
    if not wanted or identity is None:
        return {}
    columns = [mapper.column_attrs[key].columns[0] for key in wanted]
    where = [column == value for column, value in zip(mapper.primary_key, identity, strict=True)]
    row = session.connection().execute(select(*columns).where(*where)).first()
    if row is None:
        return {}
    return dict(zip(wanted, row, strict=True))


# -- how it is recorded -----------------------------------------------------------------


def _privacy(table: str, column: Column[Any]) -> str:
    """ "secret" (never recorded), "confidential" (set or changed only), "personal"
    (length, or changed, only), "text" (length only) or "plain"."""
    name = column.name.lower()
    if "password" in name or (table == ACCOUNT_TABLE and any(w in name for w in ACCOUNT_SECRETS)):
        return "secret"
    if (table, column.name) in CONFIDENTIAL_COLUMNS:
        return "confidential"
    if (table, column.name) in PERSONAL_COLUMNS or (
        name.endswith("_by") and isinstance(column.type, String)
    ):
        return "personal"
    if _is_text(column.type):
        return "text"
    return "plain"


def _is_text(kind: TypeEngine[Any]) -> bool:
    if isinstance(kind, TypeDecorator):
        return _is_text(kind.impl_instance)
    return isinstance(kind, Text)


def _shown(column: Column[Any], value: object) -> object:
    if _is_text(column.type):
        return characters(value)
    return plain_value(value)


def characters(value: object) -> str:
    """Free text as the trail records it: how long it is, never what it says."""
    if value is None:
        return EMPTY
    length = len(str(value))
    if length == 0:
        return EMPTY
    return f"{length:,} character{'s' if length != 1 else ''}"


def plain_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC) if value.tzinfo else value
        return moment.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain_value(value.value)
    return str(value)


def _columns(mapper: Mapper[Any]) -> list[tuple[str, Column[Any]]]:
    """The mapped columns that are audited, as (attribute key, column)."""
    found = []
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if isinstance(column, Column) and column.name not in BOOKKEEPING_COLUMNS:
            found.append((prop.key, column))
    return found


def _column_keys(mapper: Mapper[Any]) -> list[str]:
    return [key for key, _column in _columns(mapper)]


def _table(mapper: Mapper[Any]) -> str:
    return str(getattr(mapper.local_table, "name", ""))


def _kind(mapper: Mapper[Any]) -> str:
    table = _table(mapper)
    return KINDS.get(table, table.replace("_", " "))


def _subject(state: InstanceState[Any], kind: str) -> str:
    mapper = state.mapper
    values = []
    for column in mapper.primary_key:
        prop = mapper.get_property_by_column(column)
        values.append(state.dict.get(prop.key))
    if all(value is None for value in values) and state.identity is not None:
        values = list(state.identity)
    return f"{kind} {', '.join('?' if v is None else str(v) for v in values)}"


def _order(state: InstanceState[Any]) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Table, then id: the entries of one flush in a steady order."""
    identity = state.identity or ()
    return (
        _table(state.mapper),
        tuple(
            (0, value, "") if isinstance(value, int) else (1, 0, str(value)) for value in identity
        ),
    )
