"""Checklists started from templates: items, answers, status history, progress, yearly reviews.

* Starting a checklist copies the template's items; the answers live on the copies.
* Every change of an item's status is kept (who, when, why): the history behind progress
  over time. Other edits (owner, evidence, notes) are not history.
* A yearly review is a new checklist whose ``review_of_id`` is the earlier one; owners,
  evidence, notes and statuses are carried forward as the starting point, and the earlier
  one is archived (read-only, still readable).
* A newer template version can be applied without losing answers: new items are added,
  existing ones reworded, and items the template dropped are kept, marked retired.
* A checklist's structure can be saved as the organisation's own template.

Every call is one transaction: on an error nothing is half-written.
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, insert, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from peerdesk.domain.checklist_progress import (
    ChecklistProgress,
    ProgressPoint,
    StatusEvent,
    kept_na_reason,
    progress_of,
    progress_over_time,
    status_problems,
)
from peerdesk.domain.checklist_template import (
    MAX_DESCRIPTION,
    MAX_GUIDANCE,
    MAX_ITEM_TEXT,
    MAX_TITLE,
    ChecklistTemplate,
    TemplateError,
    TemplateItem,
    TemplateSection,
    key_problem,
    parse_template,
    template_to_toml,
)
from peerdesk.domain.clock import local_today
from peerdesk.domain.enums import ChecklistItemStatus
from peerdesk.domain.text import long_date
from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)
from peerdesk.services import access_rules
from peerdesk.services.actor import Actor
from peerdesk.services.checklist_templates import load_templates
from peerdesk.services.checklist_views import (
    ChecklistDetail,
    ChecklistInfo,
    ChecklistItemView,
    ChecklistSummary,
    ItemAnswer,
    SectionView,
    StatusChangeView,
    TemplateCatalogue,
    UpdateSummary,
)
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.store.models import (
    Checklist,
    ChecklistItem,
    ChecklistStatusChange,
    StaffMember,
    employed_on,
)
from peerdesk.store.types import utc_now

__all__ = [
    "ChecklistDetail",
    "ChecklistInfo",
    "ChecklistItemView",
    "ChecklistService",
    "ChecklistSummary",
    "ItemAnswer",
    "SectionView",
    "StatusChangeView",
    "TemplateCatalogue",
    "UpdateSummary",
    "carried_forward_note",
    "normalise_answer",
]

Today = Callable[[], dt.date]
S = ChecklistItemStatus
MAX_EVIDENCE = 5000
MAX_NOTES = 5000
MAX_PATH = 1000
MAX_PATHS = 50
MAX_CHANGE_NOTE = 500
_ITEM_GONE = "That checklist item no longer exists."
_CHECKLIST_GONE = "That checklist no longer exists."
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CUSTOM = re.compile(r"^custom-(\d+)$")


def carried_forward_note(review_started: dt.date) -> str:
    """The history note on a status carried into a review from the checklist before it."""
    return f"Carried forward from the review of {long_date(review_started)}"


# -- validation ------------------------------------------------------------------------------


def normalise_answer(answer: ItemAnswer) -> ItemAnswer:
    """Return the answer cleaned, or raise ValidationError listing every problem."""
    errors: list[FieldError] = []
    try:
        status = S(answer.status)
    except ValueError:
        errors.append(FieldError("status", "Choose where this item stands."))
        status = S.NOT_STARTED
    na_reason = clean_text(answer.na_reason)
    errors += status_problems(status, na_reason)
    evidence = clean_text(answer.evidence)
    notes = clean_text(answer.notes)
    check_length(errors, "evidence", "The evidence", evidence, MAX_EVIDENCE)
    check_length(errors, "notes", "The notes", notes, MAX_NOTES)
    paths = _clean_paths(answer.evidence_paths, errors)
    if errors:
        raise ValidationError(errors)
    return ItemAnswer(
        status=status,
        owner_id=answer.owner_id,
        evidence=evidence,
        evidence_paths=paths,
        due_date=answer.due_date,
        notes=notes,
        na_reason=kept_na_reason(status, na_reason),
    )


def _clean_paths(paths: Sequence[str], errors: list[FieldError]) -> tuple[str, ...]:
    kept: list[str] = []
    for raw in paths:
        path = clean_text(raw)
        if not path:
            continue
        if "\n" in path:
            errors.append(
                FieldError("evidence_paths", "Add each document as its own entry, one file each.")
            )
        elif len(path) > MAX_PATH:
            errors.append(
                FieldError(
                    "evidence_paths",
                    f"A document's file path is too long: keep it to {MAX_PATH} characters.",
                )
            )
        elif _URL.match(path) and not path.lower().startswith("file://"):
            errors.append(
                FieldError(
                    "evidence_paths",
                    "Evidence documents are files on this computer or a shared drive; put web "
                    "links in the evidence text instead.",
                )
            )
        elif path not in kept:
            kept.append(path)
    if len(kept) > MAX_PATHS:
        errors.append(
            FieldError("evidence_paths", f"Link at most {MAX_PATHS} documents to one item.")
        )
    return tuple(kept)


def _clean_item_text(section: str, text: str, guidance: str) -> tuple[str, str, str]:
    errors: list[FieldError] = []
    section = clean_line(section)
    text = clean_line(text)
    guidance = clean_text(guidance)
    if not section:
        errors.append(FieldError("section", "Choose the section the item belongs to."))
    check_length(errors, "section", "The section's title", section, MAX_TITLE)
    if not text:
        errors.append(FieldError("text", "Enter what the item asks for."))
    check_length(errors, "text", "The item's text", text, MAX_ITEM_TEXT)
    check_length(errors, "guidance", "The guidance", guidance, MAX_GUIDANCE)
    if errors:
        raise ValidationError(errors)
    return section, text, guidance


# -- the service -----------------------------------------------------------------------------


class ChecklistService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Today = local_today,
        template_folders: Sequence[Path] = (),
    ) -> None:
        """``template_folders``: the shipped templates' folder first, then the organisation's
        own (later folders may add templates, never replace a shipped one)."""
        self._sessions = sessions
        self._today = today
        self._template_folders = tuple(template_folders)
        self._catalogue: TemplateCatalogue | None = None
        self._lock = threading.Lock()

    # -- templates ---------------------------------------------------------------------------

    @property
    def organisation_folder(self) -> Path | None:
        """Where the organisation's own templates live (it may not exist yet)."""
        return self._template_folders[1] if len(self._template_folders) > 1 else None

    @property
    def template_folders(self) -> tuple[Path, ...]:
        return self._template_folders

    def templates(self, actor: Actor) -> TemplateCatalogue:
        """The templates to start checklists from (read once, then kept)."""
        return self._templates()

    def reload_templates(self) -> TemplateCatalogue:
        """Read the template folders again (after a file was added or corrected)."""
        catalogue = load_templates(self._template_folders)
        with self._lock:
            self._catalogue = catalogue
        return catalogue

    def _templates(self) -> TemplateCatalogue:
        with self._lock:
            catalogue = self._catalogue
        return catalogue if catalogue is not None else self.reload_templates()

    def _require_template(self, key: str) -> ChecklistTemplate:
        template = self._templates().get(key)
        if template is None:
            raise NotFound(f"The checklist template '{key}' is not available.")
        return template

    # -- reading -----------------------------------------------------------------------------

    def list(self, actor: Actor) -> builtins.list[ChecklistSummary]:
        """Every checklist: open ones first, newest first; archived (reviewed) ones after."""
        catalogue = self._templates()
        counts: dict[int, list[tuple[str, bool, int]]] = {}
        with self._sessions() as session:
            rows = builtins.list(
                session.scalars(
                    select(Checklist).order_by(
                        Checklist.archived_on.is_not(None),
                        Checklist.started_on.desc(),
                        Checklist.id.desc(),
                    )
                )
            )
            tally = session.execute(
                select(
                    ChecklistItem.checklist_id,
                    ChecklistItem.status,
                    ChecklistItem.retired,
                    func.count(),
                ).group_by(ChecklistItem.checklist_id, ChecklistItem.status, ChecklistItem.retired)
            )
            for checklist_id, status, retired, count in tally:
                counts.setdefault(checklist_id, []).append((status, retired, count))
            summaries = []
            for row in rows:
                template = catalogue.get(row.template_key)
                current = template.version if template is not None else None
                summaries.append(
                    ChecklistSummary(
                        id=row.id,
                        title=row.title,
                        template_key=row.template_key,
                        template_title=template.title if template else row.template_key,
                        template_version=row.template_version,
                        current_version=current,
                        started_on=row.started_on,
                        progress=_tally(counts.get(row.id, [])),
                        update_available=(
                            row.archived_on is None
                            and current is not None
                            and current > row.template_version
                        ),
                        review_of_id=row.review_of_id,
                        archived_on=row.archived_on,
                    )
                )
        return summaries

    def get(self, actor: Actor, checklist_id: int) -> ChecklistDetail:
        """The checklist with its items grouped by section (two queries)."""
        catalogue = self._templates()
        earlier = aliased(Checklist)
        later = aliased(Checklist)
        reviewed_by = (
            select(later.id)
            .where(later.review_of_id == Checklist.id)
            .order_by(later.id)
            .limit(1)
            .scalar_subquery()
        )
        with self._sessions() as session:
            found = session.execute(
                select(Checklist, earlier.started_on, reviewed_by)
                .outerjoin(earlier, earlier.id == Checklist.review_of_id)
                .where(Checklist.id == checklist_id)
            ).first()
            if found is None:
                raise NotFound(_CHECKLIST_GONE)
            row, review_of_started_on, reviewed_by_id = found
            template = catalogue.get(row.template_key)
            items = _item_views(session, template, ChecklistItem.checklist_id == checklist_id)
        sections = _sections(items)
        return ChecklistDetail(
            id=row.id,
            title=row.title,
            template_key=row.template_key,
            template_title=template.title if template is not None else row.template_key,
            template_version=row.template_version,
            current_version=template.version if template is not None else None,
            started_on=row.started_on,
            review_of_id=row.review_of_id,
            review_of_started_on=review_of_started_on,
            reviewed_by_id=reviewed_by_id,
            archived_on=row.archived_on,
            sections=sections,
            progress=sum((s.progress for s in sections), ChecklistProgress()),
        )

    def item(self, actor: Actor, item_id: int) -> ChecklistItemView:
        with self._sessions() as session:
            return self._item_view(session, item_id)

    def history(self, actor: Actor, item_id: int) -> builtins.list[StatusChangeView]:
        """Every status change of one item, in the order they happened."""
        with self._sessions() as session:
            if session.get(ChecklistItem, item_id) is None:
                raise NotFound(_ITEM_GONE)
            rows = session.scalars(
                select(ChecklistStatusChange)
                .where(ChecklistStatusChange.item_id == item_id)
                .order_by(
                    ChecklistStatusChange.changed_at,
                    ChecklistStatusChange.id,
                )
            )
            return [_change_view(row) for row in rows]

    def progress_over_time(self, actor: Actor, checklist_id: int) -> builtins.list[ProgressPoint]:
        """Progress on the day the checklist started and on each day a status changed."""
        with self._sessions() as session:
            row = session.get(Checklist, checklist_id)
            if row is None:
                raise NotFound(_CHECKLIST_GONE)
            items = session.execute(
                select(ChecklistItem.id, ChecklistItem.retired).where(
                    ChecklistItem.checklist_id == checklist_id
                )
            )
            events = session.execute(
                select(
                    ChecklistStatusChange.item_id,
                    ChecklistStatusChange.changed_on,
                    ChecklistStatusChange.new_status,
                )
                .join(ChecklistItem, ChecklistItem.id == ChecklistStatusChange.item_id)
                .where(ChecklistItem.checklist_id == checklist_id)
                .order_by(
                    ChecklistStatusChange.changed_on,
                    ChecklistStatusChange.changed_at,
                    ChecklistStatusChange.id,
                )
            )
            return progress_over_time(
                row.started_on,
                [(item_id, retired) for item_id, retired in items],
                [StatusEvent(item_id, day, status) for item_id, day, status in events],
            )

    # -- answering ---------------------------------------------------------------------------

    def start(self, actor: Actor, template_key: str, title: str | None = None) -> ChecklistInfo:
        """Start a checklist from a template: its items, each not started."""
        access_rules.require_manager(actor, "change checklists")
        template = self._require_template(template_key)
        title = _clean_title(title, template.title)
        now = utc_now()
        with self._sessions.begin() as session:
            row = Checklist(
                title=title,
                template_key=template.key,
                template_version=template.version,
                started_on=self._today(),
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            session.execute(
                insert(ChecklistItem),
                [
                    _new_item(row.id, section, position, item, now)
                    for position, (section, item) in enumerate(template.placed_items())
                ],
            )
            return _info(row)

    def update_item(
        self, actor: Actor, item_id: int, answer: ItemAnswer, note: str = ""
    ) -> ChecklistItemView:
        """Record an item's answer. A change of status is kept in the item's history (with
        ``note``); other changes are not."""
        access_rules.require_manager(actor, "change checklists")
        cleaned = normalise_answer(answer)
        note = clean_line(note)
        if len(note) > MAX_CHANGE_NOTE:
            raise ValidationError(
                [
                    FieldError(
                        "note", f"The note is too long: keep it to {MAX_CHANGE_NOTE} characters."
                    )
                ]
            )
        now = utc_now()
        with self._sessions.begin() as session:
            item = session.get(ChecklistItem, item_id)
            if item is None:
                raise NotFound(_ITEM_GONE)
            checklist = _require_open(session, item.checklist_id)
            new_owner = cleaned.owner_id is not None and cleaned.owner_id != item.owner_id
            if new_owner and session.get(StaffMember, cleaned.owner_id) is None:
                raise ValidationError(
                    [
                        FieldError(
                            "owner_id",
                            "That person is no longer in the register; choose another owner.",
                        )
                    ]
                )
            old_status = item.status
            item.status = cleaned.status.value
            item.owner_id = cleaned.owner_id
            item.evidence = cleaned.evidence
            item.evidence_paths = "\n".join(cleaned.evidence_paths)
            item.due_date = cleaned.due_date
            item.notes = cleaned.notes
            item.na_reason = cleaned.na_reason
            item.updated_at = now
            checklist.updated_at = now
            if old_status != item.status:
                session.add(
                    ChecklistStatusChange(
                        item_id=item.id,
                        old_status=old_status,
                        new_status=item.status,
                        changed_on=self._today(),
                        changed_at=now,
                        changed_by=actor.display_name,
                        note=note,
                    )
                )
            session.flush()
            return self._item_view(session, item_id)

    def add_custom_item(
        self,
        actor: Actor,
        checklist_id: int,
        section: str,
        text: str,
        guidance: str = "",
    ) -> ChecklistItemView:
        """Add one of the organisation's own items (key ``custom-N``) at the end of a
        section; a section not yet in the checklist is added after the others."""
        access_rules.require_manager(actor, "change checklists")
        section, text, guidance = _clean_item_text(section, text, guidance)
        now = utc_now()
        with self._sessions.begin() as session:
            checklist = _require_open(session, checklist_id)
            items = builtins.list(
                session.scalars(
                    select(ChecklistItem)
                    .where(ChecklistItem.checklist_id == checklist_id)
                    .order_by(ChecklistItem.position, ChecklistItem.id)
                )
            )
            numbers = [int(m.group(1)) for i in items if (m := _CUSTOM.match(i.item_key))]
            row = ChecklistItem(
                checklist_id=checklist_id,
                item_key=f"custom-{max(numbers, default=0) + 1}",
                section=section,
                position=0,
                text=text,
                guidance=guidance,
                is_custom=True,
                retired=False,
                status=S.NOT_STARTED.value,
                evidence="",
                evidence_paths="",
                notes="",
                na_reason="",
                updated_at=now,
            )
            session.add(row)
            last_of_section = max(
                (index for index, i in enumerate(items) if i.section == section), default=None
            )
            if last_of_section is None:
                items.append(row)
            else:
                items.insert(last_of_section + 1, row)
            _renumber(items)
            checklist.updated_at = now
            session.flush()
            return self._item_view(session, row.id)

    def remove_custom_item(self, actor: Actor, item_id: int) -> None:
        """Remove one of the organisation's own items, while nothing is recorded against it.
        Template items are never removed (mark them not applicable, saying why)."""
        access_rules.require_manager(actor, "change checklists")
        with self._sessions.begin() as session:
            view = self._item_view(session, item_id)
            item = session.get(ChecklistItem, item_id)
            assert item is not None  # _item_view found it
            _require_open(session, item.checklist_id)
            if not view.is_custom:
                raise Conflict(
                    "Items from the template cannot be removed. If it does not apply to the "
                    "organisation, mark it not applicable and say why."
                )
            if not view.removable:
                raise Conflict(
                    "Something is already recorded against this item, so it stays. If it no "
                    "longer applies, mark it not applicable and say why."
                )
            session.delete(item)

    # -- reviews -----------------------------------------------------------------------------

    def start_review(
        self, actor: Actor, checklist_id: int, title: str | None = None
    ) -> ChecklistInfo:
        """Start the yearly review: a new checklist from the template's current version,
        with owners (still employed), evidence, notes and statuses carried forward; the
        earlier checklist is archived and stays readable."""
        access_rules.require_manager(actor, "change checklists")
        catalogue = self._templates()
        today = self._today()
        now = utc_now()
        with self._sessions.begin() as session:
            old = _require_open(session, checklist_id, reviewing=True)
            title = _clean_title(title, old.title)
            old_items = builtins.list(
                session.scalars(
                    select(ChecklistItem)
                    .where(ChecklistItem.checklist_id == old.id)
                    .order_by(ChecklistItem.position, ChecklistItem.id)
                )
            )
            source = catalogue.get(old.template_key)
            from_template = source is not None
            if source is None:
                # the template has gone: review against the checklist's own structure
                source = _structure_of(old, [i for i in old_items if not i.retired])
            owners = {i.owner_id for i in old_items if i.owner_id is not None}
            current_owners = (
                set(
                    session.scalars(
                        select(StaffMember.id).where(StaffMember.id.in_(owners), employed_on(today))
                    )
                )
                if owners
                else set()
            )
            review = Checklist(
                title=title,
                template_key=old.template_key,
                template_version=source.version,
                started_on=today,
                review_of_id=old.id,
                created_at=now,
                updated_at=now,
            )
            session.add(review)
            session.flush()
            by_key = {i.item_key: i for i in old_items}
            new_rows: list[ChecklistItem] = []
            for section, template_item in source.placed_items():
                row = ChecklistItem(**_new_item(review.id, section, 0, template_item, now))
                carried = by_key.get(template_item.key)
                # an own item whose key the template has since taken is carried below
                if carried is not None and not (from_template and carried.is_custom):
                    _carry(row, carried, current_owners)
                    row.is_custom = carried.is_custom and not from_template
                new_rows.append(row)
            taken = {row.item_key for row in new_rows} | set(by_key)
            numbers = [int(m.group(1)) for key in taken if (m := _CUSTOM.match(key))]
            for old_item in old_items:
                if not (from_template and old_item.is_custom and not old_item.retired):
                    continue
                key = old_item.item_key
                if any(row.item_key == key for row in new_rows):
                    numbers.append(max(numbers, default=0) + 1)
                    key = f"custom-{numbers[-1]}"
                row = ChecklistItem(
                    **_new_item(
                        review.id,
                        old_item.section,
                        0,
                        TemplateItem(key, old_item.text, old_item.guidance),
                        now,
                    )
                )
                row.is_custom = True
                _carry(row, old_item, current_owners)
                _insert_in_section(new_rows, row)
            _renumber(new_rows)
            session.add_all(new_rows)
            session.flush()
            note = carried_forward_note(old.started_on)
            changes = [
                {
                    "item_id": row.id,
                    "old_status": None,
                    "new_status": row.status,
                    "changed_on": today,
                    "changed_at": now,
                    "changed_by": actor.display_name,
                    "note": note,
                }
                for row in new_rows
                if row.status != S.NOT_STARTED.value
            ]
            if changes:
                session.execute(insert(ChecklistStatusChange), changes)
            old.archived_on = today
            old.updated_at = now
            session.flush()
            return _info(review)

    # -- template updates --------------------------------------------------------------------

    def preview_template_update(self, actor: Actor, checklist_id: int) -> UpdateSummary:
        """What ``apply_template_update`` would do, without changing anything."""
        with self._sessions() as session:
            checklist, template = self._update_target(session, checklist_id)
            items = _ordered_items(session, checklist_id)
            return _plan_update(checklist, template, items).summary

    def apply_template_update(self, actor: Actor, checklist_id: int) -> UpdateSummary:
        """Move the checklist to the template's newest version, keeping every answer."""
        access_rules.require_manager(actor, "change checklists")
        now = utc_now()
        with self._sessions.begin() as session:
            checklist, template = self._update_target(session, checklist_id)
            items = _ordered_items(session, checklist_id)
            plan = _plan_update(checklist, template, items)
            if plan.rekey:
                for row, new_key in plan.rekey:
                    row.item_key = new_key
                session.flush()  # before a template item takes the key
            for row, section, template_item in plan.updates:
                row.section = section
                row.text = template_item.text
                row.guidance = template_item.guidance
                row.retired = False
                row.updated_at = now
            for row in plan.retire:
                row.retired = True
                row.updated_at = now
            new_rows = [
                ChecklistItem(**_new_item(checklist_id, section, 0, template_item, now))
                for section, template_item in plan.add
            ]
            session.add_all(new_rows)
            order = plan.order(new_rows)
            _renumber(order)
            checklist.template_version = template.version
            checklist.updated_at = now
            session.flush()
            return plan.summary

    def _update_target(
        self, session: Session, checklist_id: int
    ) -> tuple[Checklist, ChecklistTemplate]:
        checklist = _require_open(session, checklist_id)
        template = self._templates().get(checklist.template_key)
        if template is None:
            raise Conflict(
                f"The template '{checklist.template_key}' is no longer available, so there is "
                "no newer version to move to."
            )
        if template.version <= checklist.template_version:
            raise Conflict(
                f"This checklist already follows version {checklist.template_version} of "
                f"'{template.title}', the newest there is."
            )
        return checklist, template

    # -- the organisation's own templates ----------------------------------------------------

    def save_as_template(self, actor: Actor, checklist_id: int, key: str, title: str) -> Path:
        """Write the checklist's sections and items (its own ones too, never the answers)
        as a new template in the organisation's folder; returns the file's path."""
        access_rules.require_manager(actor, "change checklists")
        folder = self.organisation_folder
        if folder is None:
            raise Conflict(
                "PeerDesk has no folder for the organisation's own templates here, so the "
                "checklist cannot be saved as a template."
            )
        key = key.strip()
        title = clean_line(title)
        errors: list[FieldError] = []
        problem = key_problem(key)
        if problem is not None:
            errors.append(FieldError("key", problem))
        if not title:
            errors.append(FieldError("title", "Enter the template's title."))
        check_length(errors, "title", "The title", title, MAX_TITLE)
        if errors:
            raise ValidationError(errors)
        catalogue = self.reload_templates()
        existing = catalogue.get(key)
        path = folder / f"{key}.toml"
        if existing is not None or path.exists():
            name = f" ('{existing.title}')" if existing is not None else ""
            raise Conflict(
                f"There is already a template with the key '{key}'{name}. Choose another key."
            )
        with self._sessions() as session:
            checklist = session.get(Checklist, checklist_id)
            if checklist is None:
                raise NotFound(_CHECKLIST_GONE)
            items = [i for i in _ordered_items(session, checklist_id) if not i.retired]
            started_on = checklist.started_on
            checklist_title = checklist.title
            original = catalogue.get(checklist.template_key)
            structure = _structure_of(checklist, items, original)
        made = (
            f"The organisation's own checklist, saved from '{checklist_title}' "
            f"(started {long_date(started_on)}) on {long_date(self._today())}."
        )
        description = f"{made}\n\n{original.description}" if original else made
        template = ChecklistTemplate(
            key=key,
            title=title,
            version=1,
            description=description if len(description) <= MAX_DESCRIPTION else made,
            sources=original.sources if original else (made,),
            sections=structure.sections,
            origin=path.name,
        )
        text = template_to_toml(template)
        try:
            parse_template(text, path.name)
        except TemplateError as exc:  # pragma: no cover - a bug, not the user's doing
            raise Conflict(f"The checklist could not be saved as a template: {exc}") from exc
        _write_atomically(folder, path, text)
        self.reload_templates()
        return path

    # -- helpers -----------------------------------------------------------------------------

    def _item_view(self, session: Session, item_id: int) -> ChecklistItemView:
        item = session.get(ChecklistItem, item_id)
        if item is None:
            raise NotFound(_ITEM_GONE)
        checklist = session.get(Checklist, item.checklist_id)
        assert checklist is not None  # the foreign key keeps it
        template = self._templates().get(checklist.template_key)
        views = _item_views(session, template, ChecklistItem.id == item_id)
        return views[0]


# -- module helpers --------------------------------------------------------------------------


def _clean_title(title: str | None, default: str) -> str:
    cleaned = clean_line(title) or default
    if len(cleaned) > MAX_TITLE:
        raise ValidationError(
            [FieldError("title", f"The title is too long: keep it to {MAX_TITLE} characters.")]
        )
    return cleaned


def _require_open(session: Session, checklist_id: int, *, reviewing: bool = False) -> Checklist:
    checklist = session.get(Checklist, checklist_id)
    if checklist is None:
        raise NotFound(_CHECKLIST_GONE)
    if checklist.archived_on is not None:
        if reviewing:
            raise Conflict(
                f"This checklist was already reviewed on {long_date(checklist.archived_on)}; "
                "review its newer checklist instead."
            )
        raise Conflict(
            f"This checklist was archived on {long_date(checklist.archived_on)}, when its "
            "review started. It can be read but no longer changed."
        )
    return checklist


def _new_item(
    checklist_id: int, section: str, position: int, item: TemplateItem, now: dt.datetime
) -> dict[str, Any]:
    return {
        "checklist_id": checklist_id,
        "item_key": item.key,
        "section": section,
        "position": position,
        "text": item.text,
        "guidance": item.guidance,
        "is_custom": False,
        "retired": False,
        "status": S.NOT_STARTED.value,
        "owner_id": None,
        "evidence": "",
        "evidence_paths": "",
        "due_date": None,
        "notes": "",
        "na_reason": "",
        "updated_at": now,
    }


def _carry(row: ChecklistItem, old: ChecklistItem, current_owners: set[int]) -> None:
    row.status = old.status
    row.na_reason = old.na_reason
    row.owner_id = old.owner_id if old.owner_id in current_owners else None
    row.evidence = old.evidence
    row.evidence_paths = old.evidence_paths
    row.notes = old.notes


def _insert_in_section(rows: list[ChecklistItem], row: ChecklistItem) -> None:
    last = max((i for i, r in enumerate(rows) if r.section == row.section), default=None)
    if last is None:
        rows.append(row)
    else:
        rows.insert(last + 1, row)


def _renumber(rows: Sequence[ChecklistItem]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def _ordered_items(session: Session, checklist_id: int) -> builtins.list[ChecklistItem]:
    return builtins.list(
        session.scalars(
            select(ChecklistItem)
            .where(ChecklistItem.checklist_id == checklist_id)
            .order_by(ChecklistItem.position, ChecklistItem.id)
        )
    )


def _structure_of(
    checklist: Checklist,
    items: Sequence[ChecklistItem],
    original: ChecklistTemplate | None = None,
) -> ChecklistTemplate:
    """A checklist's own sections and items as a template (its answers left out)."""
    sections: dict[str, list[TemplateItem]] = {}
    for item in items:
        source_item = original.item(item.item_key) if original and not item.is_custom else None
        sections.setdefault(item.section, []).append(
            TemplateItem(
                key=item.item_key,
                text=item.text,
                guidance=item.guidance,
                source=source_item.source if source_item else "",
            )
        )
    return ChecklistTemplate(
        key=checklist.template_key,
        title=checklist.title,
        version=checklist.template_version,
        description="",
        sources=(),
        sections=tuple(TemplateSection(t, tuple(i)) for t, i in sections.items()),
    )


def _tally(counts: Sequence[tuple[str, bool, int]]) -> ChecklistProgress:
    total = {status: 0 for status in S}
    for status, retired, count in counts:
        if not retired:
            total[S(status)] += count
    return ChecklistProgress(
        in_place=total[S.IN_PLACE],
        in_progress=total[S.IN_PROGRESS],
        not_started=total[S.NOT_STARTED],
        not_applicable=total[S.NOT_APPLICABLE],
    )


def _item_views(
    session: Session, template: ChecklistTemplate | None, where: Any
) -> builtins.list[ChecklistItemView]:
    has_history = exists().where(ChecklistStatusChange.item_id == ChecklistItem.id)
    rows = session.execute(
        select(ChecklistItem, StaffMember.full_name, has_history)
        .outerjoin(StaffMember, StaffMember.id == ChecklistItem.owner_id)
        .where(where)
        .order_by(ChecklistItem.position, ChecklistItem.id)
    )
    views = []
    for item, owner_name, history in rows:
        source = template.item(item.item_key) if template and not item.is_custom else None
        views.append(
            ChecklistItemView(
                id=item.id,
                item_key=item.item_key,
                section=item.section,
                position=item.position,
                text=item.text,
                guidance=item.guidance,
                source=source.source if source is not None else "",
                status=S(item.status),
                owner_id=item.owner_id,
                owner_name=owner_name or "",
                evidence=item.evidence,
                evidence_paths=tuple(p for p in item.evidence_paths.split("\n") if p),
                due_date=item.due_date,
                notes=item.notes,
                na_reason=item.na_reason,
                retired=item.retired,
                is_custom=item.is_custom,
                has_history=bool(history),
            )
        )
    return views


def _sections(items: Sequence[ChecklistItemView]) -> tuple[SectionView, ...]:
    grouped: dict[str, list[ChecklistItemView]] = {}
    for item in items:
        grouped.setdefault(item.section, []).append(item)
    return tuple(
        SectionView(
            title=title,
            items=tuple(members),
            progress=progress_of((i.status, i.retired) for i in members),
        )
        for title, members in grouped.items()
    )


def _info(row: Checklist) -> ChecklistInfo:
    return ChecklistInfo(
        id=row.id,
        title=row.title,
        template_key=row.template_key,
        template_version=row.template_version,
        started_on=row.started_on,
        review_of_id=row.review_of_id,
        archived_on=row.archived_on,
    )


def _change_view(row: ChecklistStatusChange) -> StatusChangeView:
    return StatusChangeView(
        id=row.id,
        item_id=row.item_id,
        old_status=S(row.old_status) if row.old_status else None,
        new_status=S(row.new_status),
        changed_on=row.changed_on,
        changed_at=row.changed_at,
        changed_by=row.changed_by,
        note=row.note,
    )


def _write_atomically(folder: Path, path: Path, text: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise Conflict(
            f"PeerDesk could not write the template to {folder} ({exc.strerror or exc})."
        ) from exc


# -- template updates ------------------------------------------------------------------------


@dataclass
class _UpdatePlan:
    summary: UpdateSummary
    updates: builtins.list[tuple[ChecklistItem, str, TemplateItem]]
    retire: builtins.list[ChecklistItem]
    add: builtins.list[tuple[str, TemplateItem]]
    template: ChecklistTemplate
    kept: builtins.list[ChecklistItem]  # custom and retired items, in their old order
    section_of: dict[int, str]  # where each kept item goes (by id)
    rekey: builtins.list[tuple[ChecklistItem, str]]  # own items whose key the template took

    def order(self, new_rows: Sequence[ChecklistItem]) -> builtins.list[ChecklistItem]:
        """Every item in its new place: the template's sections and items in order, each
        section followed by its kept (custom or retired) items; sections the template no
        longer has come last."""
        by_key: dict[str, ChecklistItem] = {row.item_key: row for row, _s, _t in self.updates}
        by_key.update({row.item_key: row for row in new_rows})
        ordered: builtins.list[ChecklistItem] = []
        kept_by_section: dict[str, builtins.list[ChecklistItem]] = {}
        for row in self.kept:
            row.section = self.section_of[row.id]
            kept_by_section.setdefault(row.section, []).append(row)
        for section in self.template.sections:
            ordered += [by_key[item.key] for item in section.items]
            ordered += kept_by_section.pop(section.title, [])
        for rows in kept_by_section.values():
            ordered += rows
        return ordered


def _plan_update(
    checklist: Checklist, template: ChecklistTemplate, items: Sequence[ChecklistItem]
) -> _UpdatePlan:
    by_key = {item.item_key: item for item in items}
    new_section_of_key = {item.key: section for section, item in template.placed_items()}
    added: list[str] = []
    changed: list[str] = []
    updates: list[tuple[ChecklistItem, str, TemplateItem]] = []
    add: list[tuple[str, TemplateItem]] = []
    for section, template_item in template.placed_items():
        row = by_key.get(template_item.key)
        if row is None or row.is_custom:
            add.append((section, template_item))
            added.append(template_item.text)
            continue
        updates.append((row, section, template_item))
        if (
            row.retired
            or row.text != template_item.text
            or row.guidance != template_item.guidance
            or row.section != section
        ):
            changed.append(template_item.text)
    retire = [
        row
        for row in items
        if not row.is_custom and not row.retired and row.item_key not in new_section_of_key
    ]
    kept = [row for row in items if row.is_custom or row.item_key not in new_section_of_key]
    # A section the template renamed takes its custom and retired items along: they follow
    # the first of its template items to the new section.
    moved: dict[str, str] = {}
    titles = {section.title for section in template.sections}
    for row in items:
        if row.is_custom or row.section in moved or row.section in titles:
            continue
        target = new_section_of_key.get(row.item_key)
        if target is not None:
            moved[row.section] = target
    section_of = {row.id: moved.get(row.section, row.section) for row in kept}
    # The organisation's own item keeps its place if the template now uses its key.
    taken = set(by_key) | set(new_section_of_key)
    numbers = [int(m.group(1)) for key in taken if (m := _CUSTOM.match(key))]
    rekey: list[tuple[ChecklistItem, str]] = []
    for row in items:
        if row.is_custom and row.item_key in new_section_of_key:
            numbers.append(max(numbers, default=0) + 1)
            rekey.append((row, f"custom-{numbers[-1]}"))
    summary = UpdateSummary(
        from_version=checklist.template_version,
        to_version=template.version,
        added=tuple(added),
        changed=tuple(changed),
        retired=tuple(row.text for row in retire),
    )
    return _UpdatePlan(
        summary=summary,
        updates=updates,
        retire=retire,
        add=add,
        template=template,
        kept=kept,
        section_of=section_of,
        rekey=rekey,
    )
