"""Everything held about one person (a subject access request under UK GDPR): a PDF to read
and a JSON document for machines, built from the same ``PersonReportData`` so they agree.

The supervisor's confidential notes about the person are included on purpose: they are
personal data held about them. They stand in their own section, headed as something to
check for information about other people before release (``confidential_notes`` in the
JSON), and never inside the session records themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import Enum
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from peerdesk.reports.pdf_base import para, styles
from peerdesk.reports.record_data import (
    ActionData,
    AmendmentData,
    ApprenticeshipData,
    ConfidentialNote,
    PersonReportData,
    SessionData,
    Signature,
    StaffData,
    TrainingData,
)
from peerdesk.reports.supervision_record import (
    boxed,
    day_text,
    empty_note,
    facts,
    listing,
    moment_text,
    rule,
    session_story,
    short_day,
    text_part,
    title_block,
)

SCHEMA = "peerdesk-subject-access/1"
CONFIDENTIAL_HEADING = (
    "Supervisor's confidential notes (check for information about other people before release)"
)
NONE_HELD = "None held."


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _hours(value: float) -> str:
    return f"{value:g}"


# -- the PDF -----------------------------------------------------------------------------


def build_person_story(data: PersonReportData) -> list[Flowable]:
    """The whole report as a fresh list of flowables."""
    s = styles()
    staff = data.staff
    story: list[Flowable] = [
        *title_block(
            f"Everything held about {staff.full_name}",
            "A subject access request (UK GDPR)",
            data.context,
        ),
        Spacer(1, 3 * mm),
        para(
            f"This is all the information {data.context.organisation or 'the organisation'} "
            f"holds about {staff.full_name} in PeerDesk, as it stood on "
            f"{moment_text(data.context.generated_at)}, prepared in answer to a subject access "
            "request (UK GDPR). The same information is in the JSON file of the same name, "
            "for use by other software.",
            s.body,
        ),
        boxed(
            [
                para(
                    "Before release: the section “Supervisor's confidential notes” holds the "
                    "supervisor's own notes about this person. Check it (and any free text) "
                    "for information about other people, and remove that before it is given "
                    "out.",
                    s.cell_bold,
                )
            ]
        ),
    ]
    story += _heading("The staff record") + staff_story(staff)
    story += [CondPageBreak(90 * mm), *_heading(f"Supervision sessions ({len(data.sessions)})")]
    if data.sessions:
        story.append(
            empty_note(
                "Each session as the person reads and signs it, oldest first. Changes after "
                "signing are shown as amendments, with the original text."
            )
        )
        for number, session in enumerate(data.sessions):
            if number:
                story += [CondPageBreak(40 * mm), rule()]
            story += session_story(session)
    else:
        story.append(empty_note(NONE_HELD))
    story += _heading(CONFIDENTIAL_HEADING) + confidential_story(data.confidential_notes)
    story += _heading("Actions they own on other people's records") + _table_or_none(
        ["What", "Agreed", "Due", "Status"],
        [
            [
                a.description,
                short_day(a.agreed_on),
                short_day(a.due_date, "No date"),
                a.status.label
                + (f" on {short_day(a.closed_on)}" if a.closed_on else "")
                + (f": {a.closing_note}" if a.closing_note else ""),
            ]
            for a in data.owned_actions
        ],
        [82 * mm, 24 * mm, 24 * mm, 44 * mm],
    )
    story += _heading("Supervision agreements")
    if not data.agreements:
        story.append(empty_note(NONE_HELD))
    for agreement in data.agreements:
        story.append(
            facts(
                [
                    ("Agreed on", day_text(agreement.agreed_on)),
                    ("How often", f"Every {agreement.frequency_days} days"),
                    ("Where", agreement.location or "Not recorded"),
                    ("Confidentiality", agreement.confidentiality or "Not recorded"),
                    ("Raising concerns", agreement.raising_concerns or "Not recorded"),
                    ("Review date", day_text(agreement.review_date, "None set")),
                ]
            )
        )
        story.append(Spacer(1, 3 * mm))
    story += _heading("Dual relationships")
    if data.dual_relationships:
        story.append(
            empty_note("Descriptions are written so that they do not identify the other person.")
        )
    else:
        story.append(empty_note(NONE_HELD))
    for relation in data.dual_relationships:
        story.append(
            facts(
                [
                    ("Kind", relation.relationship_type.label),
                    ("Description", relation.description or "None written"),
                    ("How it is managed", relation.how_managed or "Not recorded"),
                    ("Agreed by", relation.agreed_by or "Not recorded"),
                    ("Agreed on", day_text(relation.agreed_on, "Not recorded")),
                    ("Review date", day_text(relation.review_date, "None set")),
                    ("Ended", day_text(relation.ended_on, "Still current")),
                ]
            )
        )
        story.append(Spacer(1, 3 * mm))
    story += _heading("Other roles") + _table_or_none(
        ["Role", "Team", "Hours a week", "From", "To"],
        [
            [
                f"{r.job_title} ({r.role_category}, {r.employment_type})",
                r.team_name or "None",
                "Varies" if r.hours_per_week is None else f"{r.hours_per_week:g}",
                short_day(r.start_date),
                short_day(r.end_date, "Still held"),
            ]
            for r in data.other_roles
        ],
        [70 * mm, 34 * mm, 22 * mm, 24 * mm, 24 * mm],
    )
    story += _heading("Fair-chance risk assessments")
    if not data.risk_assessments:
        story.append(empty_note(NONE_HELD))
    for risk in data.risk_assessments:
        story.append(
            facts(
                [
                    ("Role", risk.role_title or "Not recorded"),
                    ("Disclosed on", day_text(risk.disclosed_on)),
                    ("Decision", risk.decision),
                    ("Decided", f"{day_text(risk.decided_on)} by {risk.decided_by}"),
                    ("To be erased after", day_text(risk.delete_after)),
                ]
            )
        )
        for label, text in (
            ("How relevant it is to the role", risk.relevance),
            ("Time since", risk.time_since),
            ("The circumstances", risk.circumstances),
            ("Safeguards agreed", risk.safeguards),
        ):
            story += text_part(label, text)
        story.append(Spacer(1, 3 * mm))
    story += _heading("Absences") + _table_or_none(
        ["Kind", "First day", "Last day"],
        [
            [a.kind or "Not recorded", short_day(a.first_day), short_day(a.last_day, "Not known")]
            for a in data.absences
        ],
        [80 * mm, 47 * mm, 47 * mm],
    )
    story += _heading("Wellness action plan")
    plan = data.wellness_plan
    if plan is None:
        story.append(empty_note(NONE_HELD))
    else:
        story.append(
            facts(
                [
                    ("Agreed on", day_text(plan.agreed_on, "Not recorded")),
                    ("Review date", day_text(plan.review_date, "None set")),
                ]
            )
        )
        story += text_part("What keeps me well at work", plan.keeps_me_well, empty="Not written.")
        story += text_part("Early warning signs", plan.early_signs, empty="Not written.")
        story += text_part("What helps when I'm struggling", plan.what_helps, empty="Not written.")
        story += text_part("Who to contact, and how", plan.who_to_contact, empty="Not written.")
    story += _heading("Training") + _table_or_none(
        ["Course", "Status", "Dates", "Notes"],
        [
            [
                f"{t.course_name} ({t.course_kind.label.lower()})",
                t.status.label,
                training_dates(t),
                t.notes,
            ]
            for t in data.training
        ],
        [48 * mm, 24 * mm, 54 * mm, 48 * mm],
    )
    story += _heading("Apprenticeship")
    if not data.apprenticeships:
        story.append(empty_note(NONE_HELD))
    for apprenticeship in data.apprenticeships:
        story += apprenticeship_story(apprenticeship)
    story += _heading("Checklist items they own") + _table_or_none(
        ["Checklist", "Item", "Status"],
        [[i.checklist_title, i.text, i.status.label] for i in data.checklist_items],
        [50 * mm, 94 * mm, 30 * mm],
    )
    story += _heading("Policies they own") + _table_or_none(
        ["Policy", "Version", "Status", "Next review"],
        [
            [p.title, p.version, p.status.label, short_day(p.next_review, "None set")]
            for p in data.policies
        ],
        [84 * mm, 24 * mm, 30 * mm, 36 * mm],
    )
    story += _heading("Sessions they led as supervisor")
    if data.led_sessions:
        story.append(
            empty_note(
                "What each record holds is about the person supervised, so only the date, "
                "type, outcome and their signature are listed."
            )
        )
    story += _table_or_none(
        ["Date", "Type", "Outcome", "They signed"],
        [
            [
                short_day(led.session_date),
                led.session_type.label,
                led.outcome.label,
                moment_text(led.signed_at, "Not yet signed"),
            ]
            for led in data.led_sessions
        ],
        [26 * mm, 36 * mm, 46 * mm, 66 * mm],
    )
    story += _heading("A supervision record being written")
    if data.draft is None:
        story.append(empty_note(NONE_HELD))
    else:
        story.append(
            empty_note(
                "Kept automatically while it was typed, last on "
                f"{moment_text(data.draft.saved_at)}; not yet saved as a record."
            )
        )
        for part in data.draft.parts:
            story += text_part(part.label, part.text)
    story += _heading("Forms kept when PeerDesk locked")
    if not data.kept_forms:
        story.append(empty_note(NONE_HELD))
    for form in data.kept_forms:
        story.append(
            empty_note(
                f"\u201c{form.title}\u201d, kept on {moment_text(form.saved_at)} while it was "
                "being typed; not saved."
            )
        )
        for part in form.parts:
            story += text_part(part.label, part.text)
    story += _heading("Their PeerDesk account")
    if data.account is None:
        story.append(empty_note(NONE_HELD))
    else:
        a = data.account
        story.append(
            empty_note(
                f"User name {a.username}, role {a.role}, "
                f"{'active' if a.active else 'deactivated'}; created {moment_text(a.created_at)}"
                + (
                    f", last signed in {moment_text(a.last_sign_in_at)}."
                    if a.last_sign_in_at
                    else "."
                )
            )
        )
    story += _heading("The audit trail: changes to and exports of their records") + _table_or_none(
        ["When", "Who", "What"],
        [[moment_text(a.at), a.actor_name, f"{a.action}: {a.subject}"] for a in data.audit],
        [50 * mm, 44 * mm, 80 * mm],
    )
    return story


def _heading(text: str) -> list[Flowable]:
    return [CondPageBreak(30 * mm), para(text, styles().heading)]


def _table_or_none(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric_from: int | None = None,
) -> list[Flowable]:
    if not rows:
        return [empty_note(NONE_HELD)]
    return [listing(header, rows, widths, numeric_from=numeric_from)]


def staff_story(staff: StaffData) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        ("Name", staff.full_name),
        ("Preferred name", staff.preferred_name or "Not recorded"),
        ("Pronouns", staff.pronouns or "Not recorded"),
        ("Job title", staff.job_title or "Not recorded"),
        ("Role", staff.role_category.label),
        ("Team", staff.team_name or "No team"),
        ("Employment", staff.employment_type.label),
        (
            "Hours a week",
            _hours(staff.hours_per_week) if staff.hours_per_week is not None else "Not recorded",
        ),
        ("Started", day_text(staff.start_date)),
        ("Ended", day_text(staff.end_date, "Still employed")),
        ("Leaving reason", staff.leaving_reason or "None recorded"),
        ("Supervisor", staff.supervisor_name or "None recorded"),
        ("Line manager", staff.line_manager_name or "None recorded"),
        ("Lived experience", staff.lived_experience.label),
        ("Counted in aggregate figures", _yes_no(staff.counted_in_aggregates)),
        ("Former user of our services", _yes_no(staff.former_service_user)),
        ("Record created", moment_text(staff.created_at)),
        ("Last changed", moment_text(staff.updated_at)),
    ]
    return [
        facts(rows, label_width=48 * mm),
        *text_part("Reasonable adjustments", staff.reasonable_adjustments, empty="None recorded."),
        *text_part("Wellbeing and recovery notes", staff.wellbeing_notes, empty="None recorded."),
    ]


def training_dates(t: TrainingData) -> str:
    """A record's dates in words, one a line: "Requested 1 Mar 2025", "Completed ..."."""
    lines = [
        f"{label} {short_day(day)}"
        for label, day in (
            ("Raised in supervision", t.raised_in_session_date),
            ("Requested", t.requested_on),
            ("Booked for", t.booked_for),
            ("Completed", t.completed_on),
            ("Expires", t.expires_on),
        )
        if day is not None
    ]
    return "\n".join(lines) or "None recorded"


def confidential_story(notes: Sequence[ConfidentialNote]) -> list[Flowable]:
    s = styles()
    if not notes:
        return [empty_note(NONE_HELD)]
    story: list[Flowable] = [
        empty_note(
            "Written by supervisors for themselves and never shown in the supervision record. "
            "They are personal data about this person, so they are included here."
        )
    ]
    for note in notes:
        if note.source == "draft":
            label = "From a supervision record still being written"
        else:
            label = f"Session of {day_text(note.session_date)}"
            if note.supervisor_name:
                label += f", by {note.supervisor_name}"
        story.append(KeepTogether([para(label, s.subheading), para(note.text, s.body)]))
    return story


def apprenticeship_story(a: ApprenticeshipData) -> list[Flowable]:
    s = styles()
    outcome = "Still in progress"
    if a.outcome is not None:
        outcome = a.outcome.label
        if a.outcome_on is not None:
            outcome += f" on {day_text(a.outcome_on)}"
    story: list[Flowable] = [
        KeepTogether(
            [
                para(a.programme, s.subheading),
                facts(
                    [
                        ("Provider", a.provider or "Not recorded"),
                        ("Started", day_text(a.start_date)),
                        ("Planned end", day_text(a.planned_end_date)),
                        (
                            "Off-the-job hours",
                            f"{_hours(a.required_weekly_hours)} a week required",
                        ),
                        ("Progress", a.progress_text),
                        ("Outcome", outcome),
                    ]
                ),
            ]
        ),
        *text_part("Outcome notes", a.outcome_notes),
        para(f"Progress reviews ({len(a.reviews)})", s.cell_bold),
        *_table_or_none(
            ["Date", "Notes", "Next review"],
            [
                [short_day(r.review_date), r.notes, short_day(r.next_review, "None set")]
                for r in a.reviews
            ],
            [30 * mm, 114 * mm, 30 * mm],
        ),
        Spacer(1, 2 * mm),
        para(f"Off-the-job hours logged ({len(a.hours)} entries)", s.cell_bold),
        *_table_or_none(
            ["Day", "Activity", "Hours"],
            [[short_day(h.day), h.activity, _hours(h.hours)] for h in a.hours],
            [30 * mm, 124 * mm, 20 * mm],
            numeric_from=2,
        ),
        Spacer(1, 4 * mm),
    ]
    return story


# -- the JSON ------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    """A JSON value: enums by their stored value, dates and moments in ISO 8601 (UTC)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _signature(signature: Signature | None) -> dict[str, Any] | None:
    if signature is None:
        return None
    return {"name": signature.name, "signed_at": _value(signature.at)}


def _action(a: ActionData) -> dict[str, Any]:
    return {
        "id": a.id,
        "description": a.description,
        "owner": a.owner_name,
        "due_date": _value(a.due_date),
        "status": _value(a.status),
        "closed_on": _value(a.closed_on),
        "closed_in_session_date": _value(a.closed_in_session_date),
        "closing_note": a.closing_note,
    }


def _amendment(a: AmendmentData) -> dict[str, Any]:
    return {
        "field": a.field,
        "field_label": a.field_label,
        "original_text": a.original_text,
        "new_text": a.new_text,
        "reason": a.reason,
        "amended_by": a.amended_by,
        "amended_at": _value(a.amended_at),
    }


def session_json(s: SessionData) -> dict[str, Any]:
    return {
        "id": s.id,
        "session_date": _value(s.session_date),
        "session_type": _value(s.session_type),
        "mode": _value(s.mode),
        "duration_minutes": s.duration_minutes,
        "outcome": _value(s.outcome),
        "outcome_reason": s.outcome_reason,
        "supervisor": s.supervisor_name,
        "wellbeing_score": s.wellbeing_score,
        "wellbeing_words": s.wellbeing_words,
        "sections": {part.key: part.text for part in s.sections},
        "agreed_record": s.agreed_record,
        "supervisee_comment": s.supervisee_comment,
        "sign_off": _value(s.sign_off),
        "supervisor_signature": _signature(s.supervisor_signature),
        "supervisee_signature": _signature(s.supervisee_signature),
        "actions": [_action(a) for a in s.actions],
        "amendments": [_amendment(a) for a in s.amendments],
    }


def person_json(data: PersonReportData) -> dict[str, Any]:
    """The JSON document, keys in a fixed order (schema ``peerdesk-subject-access/1``)."""
    st = data.staff
    plan = data.wellness_plan
    draft = data.draft
    return {
        "schema": SCHEMA,
        "generated_at": _value(data.context.generated_at),
        "generated_by": data.context.prepared_by,
        "organisation": data.context.organisation,
        "person": {
            "id": st.id,
            "full_name": st.full_name,
            "preferred_name": st.preferred_name,
            "pronouns": st.pronouns,
            "job_title": st.job_title,
            "role_category": _value(st.role_category),
            "employment_type": _value(st.employment_type),
            "hours_per_week": st.hours_per_week,
            "start_date": _value(st.start_date),
            "end_date": _value(st.end_date),
            "leaving_reason": st.leaving_reason,
            "team": st.team_name,
            "supervisor": st.supervisor_name,
            "line_manager": st.line_manager_name,
            "lived_experience": _value(st.lived_experience),
            "counted_in_aggregates": st.counted_in_aggregates,
            "former_service_user": st.former_service_user,
            "reasonable_adjustments": st.reasonable_adjustments,
            "wellbeing_notes": st.wellbeing_notes,
            "created_at": _value(st.created_at),
            "updated_at": _value(st.updated_at),
        },
        "supervision_sessions": [session_json(s) for s in data.sessions],
        "confidential_notes": [
            {
                "source": n.source,
                "session_id": n.session_id,
                "session_date": _value(n.session_date),
                "supervisor": n.supervisor_name,
                "text": n.text,
            }
            for n in data.confidential_notes
        ],
        "actions_owned_on_other_records": [
            {
                "id": a.id,
                "description": a.description,
                "agreed_on": _value(a.agreed_on),
                "due_date": _value(a.due_date),
                "status": _value(a.status),
                "closed_on": _value(a.closed_on),
                "closing_note": a.closing_note,
            }
            for a in data.owned_actions
        ],
        "supervision_agreements": [
            {
                "id": a.id,
                "frequency_days": a.frequency_days,
                "location": a.location,
                "confidentiality": a.confidentiality,
                "raising_concerns": a.raising_concerns,
                "agreed_on": _value(a.agreed_on),
                "review_date": _value(a.review_date),
                "created_at": _value(a.created_at),
                "updated_at": _value(a.updated_at),
            }
            for a in data.agreements
        ],
        "dual_relationships": [
            {
                "id": r.id,
                "relationship_type": _value(r.relationship_type),
                "description": r.description,
                "how_managed": r.how_managed,
                "agreed_by": r.agreed_by,
                "agreed_on": _value(r.agreed_on),
                "review_date": _value(r.review_date),
                "ended_on": _value(r.ended_on),
                "created_at": _value(r.created_at),
                "updated_at": _value(r.updated_at),
            }
            for r in data.dual_relationships
        ],
        "other_roles": [
            {
                "id": r.id,
                "job_title": r.job_title,
                "role_category": r.role_category,
                "employment_type": r.employment_type,
                "team": r.team_name,
                "hours_per_week": r.hours_per_week,
                "supervisor": r.supervisor_name,
                "start_date": _value(r.start_date),
                "end_date": _value(r.end_date),
                "created_at": _value(r.created_at),
            }
            for r in data.other_roles
        ],
        "fair_chance_risk_assessments": [
            {
                "id": r.id,
                "role_title": r.role_title,
                "disclosed_on": _value(r.disclosed_on),
                "relevance": r.relevance,
                "time_since": r.time_since,
                "circumstances": r.circumstances,
                "safeguards": r.safeguards,
                "decision": r.decision,
                "decided_by": r.decided_by,
                "decided_on": _value(r.decided_on),
                "delete_after": _value(r.delete_after),
            }
            for r in data.risk_assessments
        ],
        "absences": [
            {
                "id": a.id,
                "kind": a.kind,
                "first_day": _value(a.first_day),
                "last_day": _value(a.last_day),
                "created_at": _value(a.created_at),
            }
            for a in data.absences
        ],
        "wellness_action_plan": None
        if plan is None
        else {
            "id": plan.id,
            "keeps_me_well": plan.keeps_me_well,
            "early_signs": plan.early_signs,
            "what_helps": plan.what_helps,
            "who_to_contact": plan.who_to_contact,
            "agreed_on": _value(plan.agreed_on),
            "review_date": _value(plan.review_date),
            "created_at": _value(plan.created_at),
            "updated_at": _value(plan.updated_at),
        },
        "training_records": [
            {
                "id": t.id,
                "course": t.course_name,
                "course_kind": _value(t.course_kind),
                "status": _value(t.status),
                "requested_on": _value(t.requested_on),
                "booked_for": _value(t.booked_for),
                "completed_on": _value(t.completed_on),
                "expires_on": _value(t.expires_on),
                "raised_in_session_date": _value(t.raised_in_session_date),
                "notes": t.notes,
                "created_at": _value(t.created_at),
                "updated_at": _value(t.updated_at),
            }
            for t in data.training
        ],
        "apprenticeships": [
            {
                "id": a.id,
                "programme": a.programme,
                "provider": a.provider,
                "start_date": _value(a.start_date),
                "planned_end_date": _value(a.planned_end_date),
                "required_weekly_hours": a.required_weekly_hours,
                "outcome": _value(a.outcome),
                "outcome_on": _value(a.outcome_on),
                "outcome_notes": a.outcome_notes,
                "hours_logged": a.hours_logged,
                "hours_expected": a.hours_expected,
                "progress": a.progress_text,
                "hours": [
                    {"day": _value(h.day), "hours": h.hours, "activity": h.activity}
                    for h in a.hours
                ],
                "reviews": [
                    {
                        "review_date": _value(r.review_date),
                        "notes": r.notes,
                        "next_review": _value(r.next_review),
                    }
                    for r in a.reviews
                ],
                "created_at": _value(a.created_at),
                "updated_at": _value(a.updated_at),
            }
            for a in data.apprenticeships
        ],
        "checklist_items_owned": [
            {"checklist": i.checklist_title, "item": i.text, "status": _value(i.status)}
            for i in data.checklist_items
        ],
        "policies_owned": [
            {
                "title": p.title,
                "version": p.version,
                "status": _value(p.status),
                "next_review": _value(p.next_review),
            }
            for p in data.policies
        ],
        "sessions_led_as_supervisor": [
            {
                "session_date": _value(led.session_date),
                "session_type": _value(led.session_type),
                "outcome": _value(led.outcome),
                "signed_at": _value(led.signed_at),
            }
            for led in data.led_sessions
        ],
        "session_draft": None
        if draft is None
        else {
            "saved_at": _value(draft.saved_at),
            "parts": {part.key: part.text for part in draft.parts},
        },
        "forms_kept_when_locked": [
            {
                "title": form.title,
                "saved_at": _value(form.saved_at),
                "fields": {part.key: part.text for part in form.parts},
            }
            for form in data.kept_forms
        ],
        "user_account": None
        if data.account is None
        else {
            "username": data.account.username,
            "role": data.account.role,
            "active": data.account.active,
            "created_at": _value(data.account.created_at),
            "last_sign_in_at": _value(data.account.last_sign_in_at),
        },
        "audit_trail": [
            {
                "at": _value(a.at),
                "actor": a.actor_name,
                "action": a.action,
                "subject": a.subject,
                "details": _details(a.details),
            }
            for a in data.audit
        ],
    }


def _details(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def person_json_text(data: PersonReportData) -> str:
    """The JSON document as UTF-8-ready text, indented by 2, ending in a new line."""
    return json.dumps(person_json(data), ensure_ascii=False, indent=2) + "\n"
