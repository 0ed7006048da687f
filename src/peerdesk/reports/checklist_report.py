"""The checklist report: one checklist, its progress overall and by section, and every item
with its status, owner, evidence, dates, notes and latest status change.

Retired items (no longer in the template, kept with their answers) are shown and marked,
and never counted in progress; an archived checklist says so at the top.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from peerdesk.domain.checklist_progress import ChecklistProgress
from peerdesk.domain.enums import ChecklistItemStatus
from peerdesk.reports.pdf_base import para, styles
from peerdesk.reports.record_data import (
    ChecklistItemData,
    ChecklistReportData,
    ChecklistSectionData,
    StatusChangeData,
)
from peerdesk.reports.supervision_record import (
    boxed,
    day_text,
    empty_note,
    facts,
    listing,
    note_style,
    rule,
    title_block,
)


def build_checklist_story(data: ChecklistReportData) -> list[Flowable]:
    """The whole report as a fresh list of flowables."""
    s = styles()
    story: list[Flowable] = [
        *title_block(data.title, "Checklist report", data.context),
        Spacer(1, 4 * mm),
    ]
    if data.archived_on is not None:
        story += [
            boxed(
                [
                    para(
                        f"Archived on {day_text(data.archived_on)}: a later review replaced "
                        "this checklist. It is kept as it stood then.",
                        s.cell_bold,
                    )
                ]
            ),
            Spacer(1, 3 * mm),
        ]
    retired = sum(1 for section in data.sections for item in section.items if item.retired)
    rows: list[tuple[str, object]] = [
        ("Template", template_text(data)),
        ("Started", day_text(data.started_on)),
    ]
    if data.review_of_started_on is not None:
        rows.append(("Reviews", f"The checklist started on {day_text(data.review_of_started_on)}"))
    rows.append(
        (
            "Status",
            f"Archived on {day_text(data.archived_on)}" if data.archived_on else "Open",
        )
    )
    rows.append(("Progress", progress_text(data.progress)))
    if retired:
        rows.append(
            (
                "Retired items",
                f"{retired}: no longer in the template, kept with their answers and not counted",
            )
        )
    story.append(facts(rows))
    if not data.sections:
        story += [Spacer(1, 4 * mm), empty_note("This checklist has no items.")]
        return story
    story += [
        para("Progress by section", s.heading),
        listing(
            ["Section", "In place", "In progress", "Not started", "Not applicable", "Progress"],
            [section_row(section) for section in data.sections],
            widths=[66 * mm, 20 * mm, 22 * mm, 22 * mm, 24 * mm, 20 * mm],
            numeric_from=1,
        ),
        Spacer(1, 1.5 * mm),
        empty_note(
            "Progress counts the items in place against those that apply; items marked not "
            "applicable and retired items are left out."
        ),
    ]
    number = 0
    for section in data.sections:
        story += [
            CondPageBreak(45 * mm),
            para(section.title, s.heading),
            para(progress_text(section.progress), note_style()),
        ]
        if not section.items:
            story.append(empty_note("No items."))
        for item in section.items:
            number += 1
            story += item_story(number, item)
    return story


def template_text(data: ChecklistReportData) -> str:
    text = f"{data.template_title}, version {data.template_version}"
    if data.current_version is None:
        text += " (the template is no longer available)"
    elif data.current_version > data.template_version and data.archived_on is None:
        text += f" (version {data.current_version} is available)"
    return text


def progress_text(progress: ChecklistProgress) -> str:
    if progress.total == 0:
        return "No items to count."
    text = progress.summary()
    others = [
        f"{progress.in_progress} in progress" if progress.in_progress else "",
        f"{progress.not_started} not started" if progress.not_started else "",
        f"{progress.not_applicable} not applicable" if progress.not_applicable else "",
    ]
    rest = ", ".join(o for o in others if o)
    return f"{text}; {rest}" if rest else text


def section_row(section: ChecklistSectionData) -> list[object]:
    p = section.progress
    return [
        section.title,
        p.in_place,
        p.in_progress,
        p.not_started,
        p.not_applicable,
        f"{p.percent}%" if p.total else "–",
    ]


def change_text(change: StatusChangeData | None) -> str:
    if change is None:
        return "No change recorded"
    text = f"{change.new_status.label} on {day_text(change.changed_on)}"
    if change.old_status is not None:
        text += f" (was {change.old_status.label.lower()})"
    if change.changed_by:
        text += f", by {change.changed_by}"
    if change.note:
        text += f": {change.note}"
    return text


def item_story(number: int, item: ChecklistItemData) -> list[Flowable]:
    s = styles()
    title = f"{number}. {item.text}"
    marks = []
    if item.retired:
        marks.append("Retired: no longer in the template, not counted")
    if item.is_custom:
        marks.append("The organisation's own item")
    rows: list[tuple[str, object]] = [
        ("Status", item.status.label),
        ("Owner", item.owner_name or "Nobody named"),
        ("Due", day_text(item.due_date, "No date")),
    ]
    if item.status is ChecklistItemStatus.NOT_APPLICABLE or item.na_reason:
        rows.append(("Why not applicable", item.na_reason or "No reason recorded"))
    rows.append(("Evidence", item.evidence or "None recorded"))
    if item.evidence_paths:
        rows.append(("Documents", "\n".join(item.evidence_paths)))
    if item.notes:
        rows.append(("Notes", item.notes))
    rows.append(("Last status change", change_text(item.last_change)))
    heading: list[Flowable] = [para(title, s.cell_bold)]
    if marks:
        heading.append(para("; ".join(marks), note_style()))
    return [KeepTogether([rule(), *heading, Spacer(1, 1.5 * mm), facts(rows)])]
