"""Fictional checklists for the demo: several templates worked part of the way, with a
status history over the past months, and one checklist reviewed a year later (the earlier
one archived, its answers carried forward into the review).

All text is invented; owners are drawn from the demo's own fictional people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from peerdesk.domain.checklist_template import ChecklistTemplate
from peerdesk.domain.enums import ChecklistItemStatus, RoleCategory
from peerdesk.services.checklist_service import carried_forward_note
from peerdesk.store.models import Checklist, ChecklistItem, ChecklistStatusChange

S = ChecklistItemStatus
PREFERRED_FIRST = "organisational-readiness"
EXTRA_CHECKLISTS = 3
_OWNER_ROLES = frozenset(
    {
        RoleCategory.MANAGER.value,
        RoleCategory.SENIOR_PEER_WORKER.value,
        RoleCategory.NON_CLINICAL.value,
        RoleCategory.CLINICAL.value,
    }
)
EVIDENCE = (
    "Agreed at the leadership meeting; minute kept with the board papers.",
    "Written into the staff handbook, section 4.",
    "Checked with two peer workers in team meetings.",
    "Trustees approved the change at their quarterly meeting.",
    "Included in the induction checklist since the spring.",
    "Reviewed with HR; the new wording is in the template letters.",
    "Discussed at the peer workers' forum; their comments are included.",
)
DOCUMENTS = (
    "Shared/Policies/Recruitment policy.pdf",
    "Shared/Board/Minutes - leadership meeting.docx",
    "Shared/HR/Staff handbook.pdf",
    "Shared/Peer roles/Job description - peer worker.docx",
    "Shared/Training/Induction checklist.xlsx",
)
NOTES = (
    "Waiting for the next trustee meeting.",
    "Draft shared with the peer workers' forum for comments.",
    "Needs a budget line: raise at the finance review.",
    "HR is updating the wording.",
    "",
    "",
)
NA_REASONS = (
    "We have no volunteers in peer roles at the moment.",
    "We do not use agency staff.",
    "Covered by our parent organisation's policy instead.",
)


def add_checklist_demo(
    session: Session,
    rng: random.Random,
    people: Sequence[Mapping[str, Any]],
    today: dt.date,
    templates: Sequence[ChecklistTemplate],
) -> int:
    """Add demo checklists through ``session`` (the caller commits); returns how many.

    Deterministic for a given ``rng`` state, people, day and templates.
    """
    if not templates:
        return 0
    ordered = sorted(templates, key=lambda t: t.key)
    first = next((t for t in ordered if t.key == PREFERRED_FIRST), ordered[0])
    others = [t for t in ordered if t.key != first.key]
    chosen = rng.sample(others, k=min(EXTRA_CHECKLISTS, len(others)))
    current = [p for p in people if p.get("end_date") is None or p["end_date"] >= today]
    owners = [p for p in current if p.get("role_category") in _OWNER_ROLES] or list(current)
    managers = [p for p in current if p.get("role_category") == RoleCategory.MANAGER.value]
    by = managers[0]["full_name"] if managers else "Administrator"
    writer = _Writer(session, rng, owners, by, today)

    # last year's checklist, worked for most of a year, and this year's review of it
    review_on = today - dt.timedelta(days=rng.randint(14, 45))
    earlier_on = review_on - dt.timedelta(days=365 + rng.randint(0, 20))
    earlier = writer.checklist(first, earlier_on, archived_on=review_on)
    earlier_items = writer.items(earlier, first)
    writer.work(earlier_items, earlier_on, review_on - dt.timedelta(days=1), done=0.6)
    review = writer.checklist(first, review_on, review_of=earlier)
    review_items = writer.items(review, first)
    writer.carry(earlier_items, review_items, earlier_on, review_on)
    writer.work(review_items, review_on, today, done=0.15)

    for template in chosen:
        started = today - dt.timedelta(days=rng.randint(40, 240))
        checklist = writer.checklist(template, started)
        writer.work(writer.items(checklist, template), started, today, done=0.35)
    writer.write_history()
    return 2 + len(chosen)


class _Writer:
    def __init__(
        self,
        session: Session,
        rng: random.Random,
        owners: Sequence[Mapping[str, Any]],
        by: str,
        today: dt.date,
    ) -> None:
        self._session = session
        self._rng = rng
        self._owners = owners
        self._by = by
        self._today = today
        self._history: list[dict[str, Any]] = []

    def checklist(
        self,
        template: ChecklistTemplate,
        started_on: dt.date,
        *,
        archived_on: dt.date | None = None,
        review_of: Checklist | None = None,
    ) -> Checklist:
        moment = _moment(started_on, 9, 0)
        row = Checklist(
            title=template.title,
            template_key=template.key,
            template_version=template.version,
            started_on=started_on,
            review_of_id=review_of.id if review_of is not None else None,
            archived_on=archived_on,
            created_at=moment,
            updated_at=moment,
        )
        self._session.add(row)
        self._session.flush()
        return row

    def items(self, checklist: Checklist, template: ChecklistTemplate) -> list[ChecklistItem]:
        moment = _moment(checklist.started_on, 9, 0)
        rows = [
            ChecklistItem(
                checklist_id=checklist.id,
                item_key=item.key,
                section=section,
                position=position,
                text=item.text,
                guidance=item.guidance,
                is_custom=False,
                retired=False,
                status=S.NOT_STARTED.value,
                owner_id=None,
                evidence="",
                evidence_paths="",
                due_date=None,
                notes="",
                na_reason="",
                updated_at=moment,
            )
            for position, (section, item) in enumerate(template.placed_items())
        ]
        self._session.add_all(rows)
        self._session.flush()
        return rows

    def work(
        self, rows: Sequence[ChecklistItem], start: dt.date, end: dt.date, *, done: float
    ) -> None:
        """Move items on from where they stand, with dated changes between start and end;
        about ``done`` of those still open end up in place."""
        rng = self._rng
        span = max((end - start).days, 1)
        for row in rows:
            if row.status in (S.IN_PLACE.value, S.NOT_APPLICABLE.value):
                continue
            roll = rng.random()
            if roll < done:
                final = S.IN_PLACE
            elif roll < done + 0.25:
                final = S.IN_PROGRESS
            elif roll < done + 0.30:
                final = S.NOT_APPLICABLE
            else:
                continue
            day = start + dt.timedelta(days=rng.randint(1, span))
            if final is S.IN_PLACE and row.status == S.NOT_STARTED.value and rng.random() < 0.6:
                self._change(row, S.IN_PROGRESS, min(day, end), hour=10)
                day = day + dt.timedelta(days=rng.randint(7, 60))
            self._change(row, final, min(day, end), hour=14)
            self._answer(row, final)

    def carry(
        self,
        old_rows: Sequence[ChecklistItem],
        new_rows: Sequence[ChecklistItem],
        old_started: dt.date,
        review_on: dt.date,
    ) -> None:
        by_key = {row.item_key: row for row in old_rows}
        note = carried_forward_note(old_started)
        for row in new_rows:
            old = by_key.get(row.item_key)
            if old is None:
                continue
            row.owner_id = old.owner_id
            row.evidence = old.evidence
            row.evidence_paths = old.evidence_paths
            row.notes = old.notes
            row.na_reason = old.na_reason
            if old.status != S.NOT_STARTED.value:
                self._change(row, S(old.status), review_on, hour=9, note=note, carried=True)

    def _change(
        self,
        row: ChecklistItem,
        status: ChecklistItemStatus,
        day: dt.date,
        *,
        hour: int,
        note: str = "",
        carried: bool = False,
    ) -> None:
        """Record a change of status; a carried-forward status has no old one."""
        self._history.append(
            {
                "item_id": row.id,
                "old_status": None if carried else row.status,
                "new_status": status.value,
                "changed_on": day,
                "changed_at": _moment(
                    day, hour + self._rng.randint(0, 3), self._rng.randint(0, 59)
                ),
                "changed_by": self._by,
                "note": note,
            }
        )
        row.status = status.value
        row.updated_at = _moment(day, 17, 0)

    def _answer(self, row: ChecklistItem, status: ChecklistItemStatus) -> None:
        rng = self._rng
        if self._owners and rng.random() < 0.85:
            row.owner_id = rng.choice(self._owners)["id"]
        if status is S.NOT_APPLICABLE:
            row.na_reason = rng.choice(NA_REASONS)
            return
        if status is S.IN_PLACE:
            row.evidence = rng.choice(EVIDENCE)
            if rng.random() < 0.4:
                row.evidence_paths = rng.choice(DOCUMENTS)
        else:
            row.notes = rng.choice(NOTES)
            if rng.random() < 0.7:
                row.due_date = self._today + dt.timedelta(days=rng.randint(-20, 90))

    def write_history(self) -> None:
        self._session.flush()
        if self._history:
            self._session.execute(insert(ChecklistStatusChange), self._history)


def _moment(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
