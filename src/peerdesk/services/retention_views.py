"""What the retention service hands the screens: settings, the review queue, and the plan
and result of an erasure. Plain frozen dataclasses (no database objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.retention import Keepable, RecordKind


@dataclass(frozen=True)
class RetentionSettings:
    """How long each kind of a leaver's records is kept (months), and what erasing keeps."""

    periods: dict[RecordKind, int]
    kept: frozenset[Keepable]


@dataclass(frozen=True)
class QueueRow:
    """One kind of one leaver's records past its date."""

    staff_id: int
    name: str  # their name, or "Erased person #id"
    left_on: dt.date
    kind: RecordKind
    due_since: dt.date  # the first day it was past its date
    record_count: int


@dataclass(frozen=True)
class KindPlan:
    """What erasing one kind of a person's records removes."""

    kind: RecordKind
    parts: tuple[tuple[str, int], ...]  # ("one-to-ones", 12), …: only the ones present
    fields: tuple[str, ...]  # fields of their own record blanked, in words

    @property
    def count(self) -> int:
        return sum(count for _label, count in self.parts)


@dataclass(frozen=True)
class ErasurePlan:
    """Everything an erasure will do, for the confirmation, before anything is done."""

    staff_id: int
    name: str
    whole_person: bool
    kinds: tuple[KindPlan, ...]
    kept: tuple[str, ...]  # what stays on their record, in words
    sentences: tuple[str, ...]  # the confirmation, in plain sentences
    record: str = ""  # one record only: how it is described ("One-to-one … on 3 Mar 2025")

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)


@dataclass(frozen=True)
class HeldRecord:
    """One record of a leaver, described without its content, for erasing it alone."""

    kind: RecordKind
    record_type: str  # "session", "agreement", "wellness_plan", "training", …
    record_id: int
    on: dt.date | None  # the date it is listed by
    label: str  # "One-to-one (line management) on 3 Mar 2025"


@dataclass(frozen=True)
class ErasureResult:
    staff_id: int
    kinds: tuple[RecordKind, ...]
    counts: dict[str, int]  # kind -> records removed
    journal_emptied: bool  # False: another program kept the WAL open; emptied later
    message: str
