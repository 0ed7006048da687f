"""How far a checklist has got, and the rules an item's status follows.

Progress counts the items in place against the applicable ones:

* retired items (no longer in the template, kept with their answer) are not counted at all;
* items marked not applicable are left out of the applicable ones (and always say why);
* in progress is counted separately: it is not yet in place.

The percentage is rounded down, so 100% means every applicable item is in place. A
checklist (or section) with no applicable items - every item not applicable, or none left -
counts as complete, 100%: there is nothing left to put in place. ``is_empty`` tells the two
apart for anyone who needs to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from peerdesk.domain.enums import ChecklistItemStatus
from peerdesk.domain.validation import FieldError

S = ChecklistItemStatus
MAX_NA_REASON = 1000
NA_REASON_NEEDED = "Say why this item does not apply to the organisation."


@dataclass(frozen=True)
class ChecklistProgress:
    """Counts of the non-retired items by status."""

    in_place: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_applicable: int = 0

    @property
    def total(self) -> int:
        """Every item counted (retired ones never are)."""
        return self.in_place + self.in_progress + self.not_started + self.not_applicable

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def is_empty(self) -> bool:
        """No applicable item at all (then ``percent`` is 100)."""
        return self.applicable == 0

    @property
    def percent(self) -> int:
        """In place out of applicable, rounded down; 100 when nothing is applicable."""
        if self.applicable == 0:
            return 100
        return self.in_place * 100 // self.applicable

    @property
    def complete(self) -> bool:
        return self.in_place == self.applicable

    def summary(self) -> str:
        """E.g. "12 of 40 in place (30%)"."""
        return f"{self.in_place} of {self.applicable} in place ({self.percent}%)"

    def __add__(self, other: ChecklistProgress) -> ChecklistProgress:
        return ChecklistProgress(
            in_place=self.in_place + other.in_place,
            in_progress=self.in_progress + other.in_progress,
            not_started=self.not_started + other.not_started,
            not_applicable=self.not_applicable + other.not_applicable,
        )


def progress_of(items: Iterable[tuple[ChecklistItemStatus | str, bool]]) -> ChecklistProgress:
    """Progress of some items, each given as (status, retired)."""
    counts = {status: 0 for status in S}
    for status, retired in items:
        if not retired:
            counts[S(status)] += 1
    return ChecklistProgress(
        in_place=counts[S.IN_PLACE],
        in_progress=counts[S.IN_PROGRESS],
        not_started=counts[S.NOT_STARTED],
        not_applicable=counts[S.NOT_APPLICABLE],
    )


def status_problems(status: ChecklistItemStatus | str, na_reason: str) -> list[FieldError]:
    """What is wrong with a status and its reason: not applicable always says why, in
    at most MAX_NA_REASON characters. ``na_reason`` is already cleaned."""
    errors: list[FieldError] = []
    try:
        status = S(status)
    except ValueError:
        return [FieldError("status", "Choose where this item stands.")]
    if status is S.NOT_APPLICABLE:
        if not na_reason:
            errors.append(FieldError("na_reason", NA_REASON_NEEDED))
        elif len(na_reason) > MAX_NA_REASON:
            errors.append(
                FieldError(
                    "na_reason",
                    f"The reason is too long: keep it to {MAX_NA_REASON} characters.",
                )
            )
    return errors


def kept_na_reason(status: ChecklistItemStatus | str, na_reason: str) -> str:
    """The reason is kept only while the item is not applicable."""
    return na_reason if S(status) is S.NOT_APPLICABLE else ""


# -- progress over time ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressPoint:
    """Where the checklist stood at the end of ``day``."""

    day: dt.date
    in_place: int
    applicable: int
    percent: int


@dataclass(frozen=True)
class StatusEvent:
    """One change of one item's status, from the history."""

    item_id: int
    day: dt.date
    new_status: ChecklistItemStatus | str


def progress_over_time(
    started_on: dt.date,
    items: Iterable[tuple[int, bool]],
    events: Iterable[StatusEvent],
) -> list[ProgressPoint]:
    """A point for the day the checklist started and for each day a status changed.

    ``items`` are (item id, retired) for every item of the checklist; retired ones are left
    out throughout (they are not counted today either). An item with no change yet on a
    day counts as not started. Events are applied in the order given within a day (pass
    them in the order they happened); changes dated before the start count from the start.
    """
    counted = {item_id for item_id, retired in items if not retired}
    by_day: dict[dt.date, list[StatusEvent]] = {}
    for event in events:
        if event.item_id in counted:
            by_day.setdefault(max(event.day, started_on), []).append(event)
    status = dict.fromkeys(counted, S.NOT_STARTED)
    points: list[ProgressPoint] = []
    for day in sorted({started_on, *by_day}):
        for event in by_day.get(day, ()):
            status[event.item_id] = S(event.new_status)
        progress = progress_of((s, False) for s in status.values())
        points.append(
            ProgressPoint(
                day=day,
                in_place=progress.in_place,
                applicable=progress.applicable,
                percent=progress.percent,
            )
        )
    return points
