"""What the checklist service hands back: frozen dataclasses, importable without SQLAlchemy.

Dates are local days; ``changed_at`` timestamps are aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peerdesk.domain.checklist_progress import ChecklistProgress, ProgressPoint
from peerdesk.domain.checklist_template import ChecklistTemplate
from peerdesk.domain.enums import ChecklistItemStatus

__all__ = [
    "ChecklistDetail",
    "ChecklistInfo",
    "ChecklistItemView",
    "ChecklistProgress",
    "ChecklistSummary",
    "ItemAnswer",
    "ProgressPoint",
    "SectionView",
    "StatusChangeView",
    "TemplateCatalogue",
    "UpdateSummary",
]


@dataclass(frozen=True)
class TemplateCatalogue:
    """The templates that could be read, shipped ones first, and a plain sentence for each
    file that could not (it is skipped)."""

    templates: tuple[ChecklistTemplate, ...] = ()
    problems: tuple[str, ...] = ()
    organisation_keys: frozenset[str] = field(default_factory=frozenset)

    def get(self, key: str) -> ChecklistTemplate | None:
        for template in self.templates:
            if template.key == key:
                return template
        return None

    def is_organisations(self, key: str) -> bool:
        """Whether the template is the organisation's own (not shipped with PeerDesk)."""
        return key in self.organisation_keys


@dataclass(frozen=True)
class ChecklistInfo:
    id: int
    title: str
    template_key: str
    template_version: int
    started_on: dt.date
    review_of_id: int | None
    archived_on: dt.date | None

    @property
    def archived(self) -> bool:
        return self.archived_on is not None


@dataclass(frozen=True)
class ChecklistSummary:
    """One checklist in the list. ``current_version`` is the template's version today
    (None when the template is no longer available)."""

    id: int
    title: str
    template_key: str
    template_title: str
    template_version: int
    current_version: int | None
    started_on: dt.date
    progress: ChecklistProgress
    update_available: bool
    review_of_id: int | None
    archived_on: dt.date | None

    @property
    def archived(self) -> bool:
        return self.archived_on is not None


@dataclass(frozen=True)
class ItemAnswer:
    """What someone records against one item. ``na_reason`` is required when the status
    is not applicable (and dropped otherwise); ``evidence_paths`` are file paths, one each."""

    status: ChecklistItemStatus
    owner_id: int | None = None
    evidence: str = ""
    evidence_paths: tuple[str, ...] = ()
    due_date: dt.date | None = None
    notes: str = ""
    na_reason: str = ""


@dataclass(frozen=True)
class ChecklistItemView:
    id: int
    item_key: str
    section: str
    position: int
    text: str
    guidance: str
    source: str  # from the template, when it still has the item
    status: ChecklistItemStatus
    owner_id: int | None
    owner_name: str
    evidence: str
    evidence_paths: tuple[str, ...]
    due_date: dt.date | None
    notes: str
    na_reason: str
    retired: bool
    is_custom: bool
    has_history: bool

    def answer(self) -> ItemAnswer:
        return ItemAnswer(
            status=self.status,
            owner_id=self.owner_id,
            evidence=self.evidence,
            evidence_paths=self.evidence_paths,
            due_date=self.due_date,
            notes=self.notes,
            na_reason=self.na_reason,
        )

    @property
    def removable(self) -> bool:
        """The organisation's own items may be removed until anything is recorded."""
        return (
            self.is_custom
            and not self.has_history
            and self.status is ChecklistItemStatus.NOT_STARTED
            and self.owner_id is None
            and not (self.evidence or self.evidence_paths or self.notes or self.due_date)
        )


@dataclass(frozen=True)
class SectionView:
    title: str
    items: tuple[ChecklistItemView, ...]
    progress: ChecklistProgress


@dataclass(frozen=True)
class ChecklistDetail:
    """A checklist with its items grouped by section, in order.

    ``review_of_started_on`` is the start of the checklist this one reviews;
    ``reviewed_by_id`` the review that followed this one (then it is archived).
    """

    id: int
    title: str
    template_key: str
    template_title: str
    template_version: int
    current_version: int | None
    started_on: dt.date
    review_of_id: int | None
    review_of_started_on: dt.date | None
    reviewed_by_id: int | None
    archived_on: dt.date | None
    sections: tuple[SectionView, ...]
    progress: ChecklistProgress

    @property
    def archived(self) -> bool:
        return self.archived_on is not None

    @property
    def update_available(self) -> bool:
        return (
            not self.archived
            and self.current_version is not None
            and self.current_version > self.template_version
        )

    def items(self) -> tuple[ChecklistItemView, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: int) -> ChecklistItemView | None:
        for item in self.items():
            if item.id == item_id:
                return item
        return None


@dataclass(frozen=True)
class StatusChangeView:
    id: int
    item_id: int
    old_status: ChecklistItemStatus | None
    new_status: ChecklistItemStatus
    changed_on: dt.date
    changed_at: dt.datetime
    changed_by: str
    note: str


@dataclass(frozen=True)
class UpdateSummary:
    """What moving a checklist to a newer template version does (or did): the texts of the
    items added, changed (reworded, new guidance, moved to another section, or back in the
    template) and retired (no longer in the template, kept with their answers)."""

    from_version: int
    to_version: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.retired)
