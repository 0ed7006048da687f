"""The supervision record of one person: what they read and signed, session by session.

Each session shows what happened (or why it did not), the check-in, the sections that were
written, the agreed record, the actions agreed and how they were closed, the supervisee's
comment, both signatures, and every amendment as an amendment: the original text beside the
new, with who changed it, when and why. The supervisor's confidential notes are never here:
``SessionData`` has no field for them.

The small layout helpers at the top are shared by the other record reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from peerdesk.domain.enums import ActionStatus
from peerdesk.domain.supervision_record import SignOffState
from peerdesk.reports.pdf_base import FONT, FONT_BOLD, MUTED, RULE, SHADE, para, styles, table
from peerdesk.reports.record_data import (
    ActionData,
    AmendmentData,
    PersonHeading,
    ReportContext,
    SessionData,
    Signature,
    SupervisionRecordData,
)

WIDTH = 174 * mm  # the frame's width on A4 with PeerDesk's margins
LABEL_WIDTH = 40 * mm
NOT_SIGNED = "not yet signed"

# -- shared helpers ------------------------------------------------------------------------


def day_text(day: dt.date | None, empty: str = "") -> str:
    """A date as people read it: "3 March 2026"."""
    return empty if day is None else f"{day.day} {day:%B %Y}"


def short_day(day: dt.date | None, empty: str = "") -> str:
    """A date for a narrow table column: "3 Mar 2026"."""
    return empty if day is None else f"{day.day} {day:%b %Y}"


def moment_text(moment: dt.datetime | None, empty: str = "") -> str:
    """A moment in this computer's local time: "3 March 2026 at 14:05 GMT"."""
    if moment is None:
        return empty
    if moment.tzinfo is None:  # stored moments are UTC; be safe with a naive one
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone()
    return f"{day_text(local.date())} at {local:%H:%M} {zone_text(local)}"


def zone_text(local: dt.datetime) -> str:
    """A short name for the time zone: "BST", or "UTC+01:00" where the name is long."""
    name = local.tzname() or ""
    if name and len(name) <= 5 and " " not in name:
        return name
    offset = local.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def label_style() -> ParagraphStyle:
    s = styles()
    return ParagraphStyle("label", parent=s.cell_bold, textColor=MUTED, keepWithNext=1)


def part_label_style() -> ParagraphStyle:
    s = styles()
    return ParagraphStyle(
        "part_label", parent=s.cell_bold, spaceBefore=5, spaceAfter=1, keepWithNext=1
    )


def note_style() -> ParagraphStyle:
    s = styles()
    return ParagraphStyle("note", parent=s.body, textColor=MUTED, fontSize=8.5, leading=11)


def facts(
    rows: Sequence[tuple[str, object]],
    label_width: float = LABEL_WIDTH,
    width: float = WIDTH,
) -> Table:
    """A two-column table of labels and values (no header), every value printed literally.

    Rows may split across pages, so even a long value never breaks the layout.
    """
    s = styles()
    label = label_style()
    data = [[para(name, label), para(value, s.cell)] for name, value in rows]
    result = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    result.splitInRow = 24  # split a very long value rather than fail to lay it out
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return result


def listing(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric_from: int | None = None,
) -> Table:
    """A table with a header row (``pdf_base.table``) whose rows may split across pages."""
    result = table(header, rows, widths=widths, numeric_from=numeric_from)
    result.hAlign = "LEFT"
    result.splitInRow = 24
    return result


def text_part(label: str, text: str, *, empty: str = "") -> list[Flowable]:
    """A written part: its label, then its text as paragraphs that may run over pages."""
    s = styles()
    if not text.strip():
        if not empty:
            return []
        return [para(label, part_label_style()), para(empty, note_style())]
    return [para(label, part_label_style()), para(text, s.body)]


def empty_note(text: str) -> Paragraph:
    return para(text, note_style())


def boxed(flowables: list[Flowable], *, shade: bool = True) -> Table:
    """Flowables in a shaded box with a rule down its left side (an amendment, a notice)."""
    result = Table([[flowables]], colWidths=[WIDTH], hAlign="LEFT")
    result.splitInRow = 24
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBEFORE", (0, 0), (0, -1), 2, MUTED),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    if shade:
        result.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), SHADE)]))
    return result


def rule() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=6, spaceAfter=4)


def title_block(title: str, subtitle: str, context: ReportContext) -> list[Flowable]:
    s = styles()
    prepared = f"Prepared by {context.prepared_by} on {moment_text(context.generated_at)}"
    return [para(title, s.title), para(subtitle, s.subtitle), para(prepared, s.small)]


def bold_heading_style() -> ParagraphStyle:
    s = styles()
    return ParagraphStyle("session_heading", parent=s.subheading, fontName=FONT_BOLD)


# -- the supervision record -----------------------------------------------------------------


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "Every session recorded"
    if start is None:
        return f"Every session up to {day_text(end)}"
    if end is None:
        return f"Every session from {day_text(start)}"
    return f"{day_text(start)} to {day_text(end)}"


def person_name(person: PersonHeading) -> str:
    """The name with the preferred name and pronouns where they are recorded."""
    extra = [person.pronouns] if person.pronouns else []
    if person.preferred_name and person.preferred_name != person.full_name:
        extra.insert(0, f"known as {person.preferred_name}")
    return f"{person.full_name} ({', '.join(extra)})" if extra else person.full_name


def build_supervision_record_story(data: SupervisionRecordData) -> list[Flowable]:
    """The whole record as a fresh list of flowables."""
    person = data.person
    held = sum(1 for s in data.sessions if s.outcome.counts_as_supervision)
    unsigned = sum(1 for s in data.sessions if s.sign_off is SignOffState.UNSIGNED)
    counts = f"{len(data.sessions)} recorded, {held} held"
    if unsigned:
        counts += f"; {unsigned} {NOT_SIGNED}"
    rows: list[tuple[str, object]] = [
        ("Name", person_name(person)),
        ("Job title", person.job_title or "Not recorded"),
        ("Team", person.team_name or "No team"),
        ("Supervisor", person.supervisor_name or "None recorded"),
        ("Period", period_text(data.start, data.end)),
        ("Sessions", counts),
    ]
    if person.end_date is not None:
        rows.insert(1, ("Left", day_text(person.end_date)))
    story: list[Flowable] = [
        *title_block("Supervision record", person.full_name, data.context),
        Spacer(1, 4 * mm),
        facts(rows),
        Spacer(1, 2 * mm),
        empty_note(
            "This is the record the supervisee reads and signs. The supervisor's confidential "
            "notes are never part of it. Changes made after signing are shown as amendments, "
            "with the original text. Times are this computer's local time."
        ),
    ]
    if not data.sessions:
        story += [
            Spacer(1, 6 * mm),
            empty_note("No supervision sessions are recorded for this period."),
        ]
        return story
    for session in data.sessions:
        story += [CondPageBreak(40 * mm), rule(), *session_story(session)]
    return story


def session_story(session: SessionData) -> list[Flowable]:
    """One session: what happened, what was written and agreed, signatures, amendments."""
    amended = {a.field for a in session.amendments}
    heading = f"{day_text(session.session_date)}: {session.session_type.label.lower()} supervision"
    outcome = session.outcome.label
    if not session.outcome.counts_as_supervision:
        outcome = f"Did not happen: {outcome.lower()}"
        if session.outcome_reason:
            outcome += f". Reason: {session.outcome_reason}"
    elif session.outcome_reason:
        outcome += f". {session.outcome_reason}"
    rows: list[tuple[str, object]] = [
        ("Type", session.session_type.label),
        ("Mode", session.mode.label),
        (
            "Length",
            f"{session.duration_minutes} minutes" if session.duration_minutes else "Not recorded",
        ),
        ("Outcome", outcome),
        ("Supervisor", session.supervisor_name or "Not recorded"),
    ]
    if session.outcome.counts_as_supervision or session.wellbeing_score or session.wellbeing_words:
        rows.append(("Check-in", checkin_text(session, "wellbeing_words" in amended)))
    rows.append(("Sign-off", sign_off_text(session.sign_off)))
    story: list[Flowable] = [
        KeepTogether([para(heading, bold_heading_style()), facts(rows)]),
    ]
    for part in session.sections:
        story += text_part(_marked(part.label, part.key in amended), part.text)
    story += text_part(
        _marked("Agreed record", "agreed_record" in amended),
        session.agreed_record,
        empty=(
            "No agreed record written yet."
            if session.outcome.counts_as_supervision
            else "Nothing was agreed: the session did not happen."
        ),
    )
    story += actions_story(session.actions)
    story += text_part(
        _marked("Supervisee's comment", "supervisee_comment" in amended),
        session.supervisee_comment,
        empty="No comment.",
    )
    story += signatures_story(session)
    story += amendments_story(session.amendments)
    return story


def _marked(label: str, amended: bool) -> str:
    return f"{label} (amended: see below)" if amended else label


def checkin_text(session: SessionData, amended: bool) -> str:
    parts = []
    if session.wellbeing_score is not None:
        parts.append(f"{session.wellbeing_score} out of 5")
    if session.wellbeing_words:
        parts.append(f"“{session.wellbeing_words}”")
    text = ", ".join(parts) if parts else "Not recorded"
    return f"{text} (amended: see below)" if amended else text


def sign_off_text(state: SignOffState) -> str:
    if state is SignOffState.UNSIGNED:
        return "Not yet signed"
    if state is SignOffState.AWAITING_SUPERVISEE:
        return "Signed by the supervisor; the supervisee has not yet signed"
    return "Signed"


def action_status_text(action: ActionData) -> str:
    if action.status is ActionStatus.OPEN:
        return "Open"
    text = action.status.label
    reviewed = action.closed_in_session_date
    if reviewed is not None and reviewed == action.closed_on:
        text += f" in the session of {short_day(reviewed)}"
    else:
        if action.closed_on is not None:
            text += f" on {short_day(action.closed_on)}"
        if reviewed is not None:
            text += f", reviewed in the session of {short_day(reviewed)}"
    if action.closing_note:
        text += f": {action.closing_note}"
    return text


def actions_story(actions: Sequence[ActionData]) -> list[Flowable]:
    if not actions:
        return []
    rows = [
        [
            a.description,
            a.owner_name or "Nobody named",
            short_day(a.due_date, "No date"),
            action_status_text(a),
        ]
        for a in actions
    ]
    return [
        para("Actions agreed", part_label_style()),
        listing(
            ["What", "Who", "Due", "Status"],
            rows,
            widths=[72 * mm, 32 * mm, 22 * mm, 48 * mm],
        ),
    ]


def signatures_story(session: SessionData) -> list[Flowable]:
    def signed(signature: Signature | None, needed: bool) -> tuple[str, str]:
        if signature is not None:
            return signature.name, moment_text(signature.at)
        if not needed:
            return "Not needed: the session did not happen", ""
        return NOT_SIGNED.capitalize(), ""

    supervisor = signed(session.supervisor_signature, True)
    supervisee = signed(
        session.supervisee_signature,
        session.outcome.counts_as_supervision or session.supervisee_signature is not None,
    )
    return [
        para("Signatures", part_label_style()),
        listing(
            ["", "Signed by", "When"],
            [["Supervisor", *supervisor], ["Supervisee", *supervisee]],
            widths=[30 * mm, 80 * mm, 64 * mm],
        ),
    ]


def quoted_style() -> ParagraphStyle:
    """Text quoted from a record (an amendment's before and after): indented and shaded.

    A shaded paragraph rather than a box, so that even a very long text splits over pages
    as quickly as any other paragraph.
    """
    s = styles()
    return ParagraphStyle(
        "quoted",
        parent=s.body,
        leftIndent=4 * mm,
        rightIndent=2 * mm,
        backColor=SHADE,
        borderPadding=3,
        spaceBefore=2,
        spaceAfter=6,
    )


def amendments_story(amendments: Sequence[AmendmentData]) -> list[Flowable]:
    if not amendments:
        return []
    s = styles()
    quoted = quoted_style()
    story: list[Flowable] = []
    for number, a in enumerate(amendments, start=1):
        first: list[Flowable] = []
        if number == 1:  # the heading stays with the first amendment
            first.append(
                para(f"Amendments made after signing ({len(amendments)})", part_label_style())
            )
        # kept on one page when it fits (a longer one flows on from here)
        story.append(
            KeepTogether(
                [
                    *first,
                    para(f"Amendment {number}: {a.field_label}", s.cell_bold),
                    facts(
                        [
                            ("Amended by", a.amended_by),
                            ("When", moment_text(a.amended_at)),
                            ("Why", a.reason),
                        ],
                        label_width=30 * mm,
                    ),
                    para("Original text", part_label_style()),
                    para(a.original_text or "(empty)", quoted),
                    para("New text", part_label_style()),
                    para(a.new_text or "(empty)", quoted),
                    Spacer(1, 2 * mm),
                ]
            )
        )
    return story
