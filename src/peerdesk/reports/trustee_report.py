"""The trustee workforce report: a PDF of figures for trustees, from ``TrusteeReportData``.

No database and no Qt: the service hands over plain data in which every figure about
people is already suppressed where it must be, and this module lays it out. Every piece
of text goes through ``para`` or ``table`` (printed literally, never read as markup).
Charts are drawn with reportlab.graphics in DejaVu Sans, and every chart prints its
numbers beside the bars or points, and again in a table, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import Marker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from peerdesk.domain.suppression import NOT_SHOWN, fewer_than
from peerdesk.reports.coproduction_section import coproduction_flowables
from peerdesk.reports.fair_chance_section import fair_chance_section
from peerdesk.reports.pdf_base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    para,
    register_fonts,
    styles,
    table,
)
from peerdesk.reports.trustee_data import (
    ComplianceRow,
    TrusteeReportData,
    long_date,
)

__all__ = [
    "CONTENT_WIDTH",
    "bar_chart",
    "build_trustee_story",
    "definitions",
    "horizontal_bar_chart",
    "line_chart",
    "report_tables",
]

CONTENT_WIDTH = 210 * mm - 2 * MARGIN
_AXIS = colors.HexColor("#8a948f")
_NA = "n/s"  # a bar or point that is not shown


# -- charts --------------------------------------------------------------------------------


def _short_label(label: str, index: int) -> str:
    """ "Apr 2026" -> "Apr" (with the year under the first month and each January);
    "Apr–Jun 2026" over two lines."""
    if "–" in label:  # a quarter: "Apr–Jun 2026"
        months, _, year = label.partition(" ")
        return f"{months}\n{year}"
    parts = label.split(" ")
    if len(parts) == 2 and len(parts[0]) == 3 and parts[1].isdigit():
        return f"{parts[0]}\n{parts[1]}" if index == 0 or parts[0] == "Jan" else parts[0]
    return label


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    value_labels: Sequence[str],
    *,
    width: float = CONTENT_WIDTH,
    height: float = 62 * mm,
    maximum: float = 100,
    caption: str = "",
) -> Drawing:
    """Vertical bars, one per label, each with its value printed above it ("n/s" where
    the value is not shown). Values run from 0 to ``maximum``."""
    register_fonts()
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x = 28
    chart.y = 26
    chart.width = round(width - chart.x - 6)
    chart.height = round(height - chart.y - (16 if caption else 8) - 10)  # room for labels
    chart.data = [[v if v is not None else None for v in values]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = maximum
    chart.valueAxis.valueStep = maximum / 4
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%" if maximum == 100 else "%g"
    chart.valueAxis.strokeColor = _AXIS
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = [_short_label(label, i) for i, label in enumerate(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5 if len(labels) > 12 else 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = _AXIS
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 4 if len(labels) > 12 else 10
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        [text if v is not None else "" for v, text in zip(values, value_labels, strict=True)]
    ]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6 if len(labels) > 12 else 7.5
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 2
    chart.barLabels.boxAnchor = "s"
    drawing.add(chart)
    step = chart.width / max(len(values), 1)
    for i, (value, text) in enumerate(zip(values, value_labels, strict=True)):
        if value is None and text:
            drawing.add(_mark(chart.x + step * (i + 0.5), chart.y + 3, text, "middle"))
    if caption:
        drawing.add(_caption(caption, height))
    return drawing


def horizontal_bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    value_labels: Sequence[str],
    *,
    width: float = CONTENT_WIDTH,
    bar_height: float = 14,
    maximum: float = 100,
    label_width: float = 150,
    caption: str = "",
) -> Drawing:
    """Horizontal bars, one per label (first at the top), each value printed at its end."""
    register_fonts()
    rows = max(len(labels), 1)
    top = 16 if caption else 6
    height = rows * bar_height + 22 + top
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = round(label_width)
    chart.y = 18
    chart.width = round(width - label_width - 40)
    chart.height = round(rows * bar_height)
    # the chart draws its first category at the bottom: reverse, so the first is on top
    chart.data = [list(reversed([v if v is not None else None for v in values]))]
    chart.categoryAxis.categoryNames = [_fit(label, label_width - 8) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = _AXIS
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = maximum
    chart.valueAxis.valueStep = maximum / 4
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%" if maximum == 100 else "%g"
    chart.valueAxis.strokeColor = _AXIS
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        list(
            reversed(
                [
                    text if v is not None else ""
                    for v, text in zip(values, value_labels, strict=True)
                ]
            )
        )
    ]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 4
    drawing.add(chart)
    for i, (value, text) in enumerate(zip(values, value_labels, strict=True)):
        if value is None and text:
            middle = chart.y + chart.height - (i + 0.5) * bar_height
            drawing.add(_mark(chart.x + 4, middle - 2.5, text, "start"))
    if caption:
        drawing.add(_caption(caption, height))
    return drawing


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    value_labels: Sequence[str],
    *,
    width: float = CONTENT_WIDTH,
    height: float = 58 * mm,
    minimum: float = 1,
    maximum: float = 5,
    caption: str = "",
) -> Drawing:
    """A line through the values, each point labelled; a gap where a value is not shown
    (the line is not drawn across it, and "n/s" marks the place)."""
    register_fonts()
    drawing = _drawing(width, height)
    chart = HorizontalLineChart()
    chart.x = 28
    chart.y = 26
    chart.width = round(width - chart.x - 6)
    chart.height = round(height - chart.y - (16 if caption else 8))
    # one data row per unbroken run of values, so no line crosses a gap
    runs: list[list[float | None]] = []
    run_labels: list[list[str]] = []
    current: list[float | None] | None = None
    for i, value in enumerate(values):
        if value is None:
            current = None
            continue
        if current is None:
            current = [None] * len(values)
            runs.append(current)
            run_labels.append([])
        current[i] = value
        run_labels[-1].append(value_labels[i])
    chart.data = runs or [[None] * len(values)]
    chart.lineLabelFormat = "values"
    chart.lineLabelArray = run_labels or [[]]
    chart.lineLabels.fontName = FONT
    chart.lineLabels.fontSize = 6.5 if len(labels) > 12 else 7.5
    chart.lineLabels.fillColor = INK
    chart.lineLabels.boxAnchor = "s"
    chart.lineLabels.dy = 3
    chart.lineLabelNudge = 4
    chart.joinedLines = 0  # joined per run below: a run of one point has no line
    for i, run in enumerate(chart.data):
        if sum(value is not None for value in run) > 1:
            chart.lines[i].lineStyle = "joinedLine"
        chart.lines[i].strokeColor = ACCENT
        chart.lines[i].strokeWidth = 1.5
        chart.lines[i].symbol = Marker(kind="FilledCircle", size=3.5, fillColor=ACCENT)
    chart.valueAxis.valueMin = minimum
    chart.valueAxis.valueMax = maximum
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = _AXIS
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = [_short_label(label, i) for i, label in enumerate(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5 if len(labels) > 12 else 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = _AXIS
    drawing.add(chart)
    step = chart.width / max(len(values), 1)
    for i, (value, text) in enumerate(zip(values, value_labels, strict=True)):
        if value is None and text:
            drawing.add(_mark(chart.x + step * (i + 0.5), chart.y + 3, text, "middle"))
    if caption:
        drawing.add(_caption(caption, height))
    return drawing


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # the state a drawing starts in: DejaVu Sans, else Helvetica lands in the file
    drawing.initialFontName = FONT  # type: ignore[attr-defined]
    drawing.initialFontSize = 8  # type: ignore[attr-defined]
    return drawing


def _mark(x: float, y: float, text: str, anchor: Literal["start", "middle"]) -> String:
    """What a chart prints where a value is missing: "n/s" (not shown) or "–"."""
    return String(
        x,
        y,
        _NA if text == NOT_SHOWN else text,
        fontName=FONT,
        fontSize=6.5,
        fillColor=MUTED,
        textAnchor=anchor,
    )


def _caption(text: str, height: float) -> String:
    return String(0, height - 9, text, fontName=FONT_BOLD, fontSize=8, fillColor=INK)


def _fit(text: str, width: float, size: float = 7.5) -> str:
    """Shorten a label with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# -- tables --------------------------------------------------------------------------------


def report_tables(data: TrusteeReportData) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the report as (title, header, rows) of plain text, in order: what the
    PDF prints, for other uses (a spreadsheet, a comparison)."""
    w = data.workforce
    le = data.lived_experience
    s = data.supervision
    t = data.training
    r = data.readiness
    d = data.dual_relationships
    unit = s.time_unit.capitalize()
    tables: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Summary",
            ["Figure", "This period", "Previous period", "Change"],
            [[h.label, h.current, h.previous, h.change] for h in data.summary],
        ),
        (
            "Headcount and FTE by role category",
            ["Role category", "Headcount", "FTE"],
            [[g.label, g.headcount.text, g.fte] for g in w.by_role]
            + [["Total", w.headcount.text, w.fte]],
        ),
        (
            "Headcount and FTE by team",
            ["Team", "Headcount", "FTE"],
            [[g.label, g.headcount.text, g.fte] for g in w.by_team]
            + [["Total", w.headcount.text, w.fte]],
        ),
        (
            "Starters and leavers by role category",
            ["Role category", "Starters", "Leavers"],
            [[m.label, m.starters.text, m.leavers.text] for m in w.movement_by_role]
            + [["Total", w.starters.text, w.leavers.text]],
        ),
        (
            "Length of service",
            ["Length of service", "People"],
            [[c.label, c.count.text] for c in w.length_of_service] + [["Total", w.headcount.text]],
        ),
        (
            "Apprenticeships ending in the period",
            ["Outcome", "Apprenticeships"],
            [[c.label, c.count.text] for c in w.apprenticeship_outcomes]
            + [["Total", w.apprenticeships_ending.text]],
        ),
        (
            "Lived experience by role category",
            [
                "Role category",
                "Yes",
                "No",
                "Prefer not to say",
                "Not counted",
                "Total",
                "Yes, of counted",
            ],
            [
                [
                    row.label,
                    row.yes.text,
                    row.no.text,
                    row.prefer_not_to_say.text,
                    row.not_counted.text,
                    row.total.text,
                    row.share_yes.text,
                ]
                for row in (*le.by_role, le.everyone)
            ],
        ),
        (
            f"Supervision by {s.time_unit}",
            [unit, "People", "Expected", "Held", "Held against expected"],
            [_compliance_cells(row) for row in s.by_time],
        ),
        (
            "Supervision by team",
            ["Team", "People", "Expected", "Held", "Held against expected"],
            [_compliance_cells(row) for row in s.by_team] + [_compliance_cells(s.overall, "Total")],
        ),
        (
            "Sessions not held",
            ["What happened", "Sessions"],
            [[c.label, c.count.text] for c in s.not_held] + [["Total", s.not_held_total.text]],
        ),
        (
            "Actions agreed in supervision",
            ["Actions", "Number"],
            [
                ["Agreed in the period", f"{data.actions.agreed:,}"],
                ["Closed in the period", f"{data.actions.closed:,}"],
                ["Open at the end of the period", f"{data.actions.open_at_end:,}"],
                ["Overdue at the end of the period", f"{data.actions.overdue_at_end:,}"],
            ],
        ),
        (
            "Wellbeing check-ins",
            [unit, "Check-ins", "Average (1 to 5)"],
            [[p.label, p.check_ins.text, p.average.text] for p in data.check_ins],
        ),
        (
            "Mandatory training",
            ["Course", "Up to date", "Required", "Up to date (%)"],
            [[c.name, c.compliant.text, c.required.text, c.rate.text] for c in t.courses]
            + [
                [
                    "All mandatory courses",
                    t.overall.compliant.text,
                    t.overall.required.text,
                    t.overall.rate.text,
                ]
            ],
        ),
        (
            "Checklists",
            ["Checklist", "In place", "Applicable", "In place (%)"],
            [
                [c.title, f"{c.in_place:,}", f"{c.applicable:,}", f"{c.percent}%"]
                for c in r.checklists
            ]
            + [
                [
                    "All checklists",
                    f"{r.overall.in_place:,}",
                    f"{r.overall.applicable:,}",
                    f"{r.overall.percent}%",
                ]
            ],
        ),
        (
            "Policies past their review date",
            ["Policy"],
            [[title] for title in r.policies_past_review],
        ),
        (
            "Dual relationships",
            ["Figure", "Number"],
            [
                ["Relationships under management", d.under_management.text],
                ["People with one", d.people.text],
                ["Reviews overdue", d.reviews_overdue.text],
            ],
        ),
    ]
    return tables


def _compliance_cells(row: ComplianceRow, label: str | None = None) -> list[str]:
    return [label or row.label, row.people.text, row.expected.text, row.held.text, row.rate.text]


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    total: bool = False,
) -> Table:
    """A figures table: numbers right-aligned from the second column; the last row shaded
    and ruled as a total when ``total``."""
    result = table(header, rows, widths, numeric_from=1)
    if total and rows:
        result.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                    ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ]
            )
        )
    return result


def _layout(rows: Sequence[Sequence[object]], widths: Sequence[float]) -> Table:
    """A table used for layout (no header row)."""
    result = Table([list(row) for row in rows], colWidths=list(widths))
    # the table's own font, used for nothing visible: DejaVu, else Helvetica lands in the file
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))
    return result


def _side_by_side(
    left: Flowable | list[Flowable], right: Flowable | list[Flowable], gap: float = 8 * mm
) -> Table:
    """Two columns of flowables, top-aligned (each a flowable or a list of them)."""
    half = (CONTENT_WIDTH - gap) / 2
    holder = _layout([[left, "", right]], [half, gap, half])
    holder.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return holder


# -- definitions ---------------------------------------------------------------------------


def definitions(data: TrusteeReportData) -> list[tuple[str, str]]:
    """(term, one plain sentence) for every figure in the report."""
    few = fewer_than(data.threshold)
    hours = f"{data.full_time_hours:g}"
    unit = data.supervision.time_unit
    return [
        (
            "Period",
            f"From {long_date(data.start)} to {long_date(data.end)}, both days included; the "
            f"previous period is the same number of days just before it "
            f"({long_date(data.previous_start)} to {long_date(data.previous_end)}).",
        ),
        (
            "Headcount",
            "People in post at the close of the period's last day: they had started, and "
            "their last day was later (so headcount at the end of the previous period, plus "
            "starters, minus leavers, is headcount at the end of this one).",
        ),
        (
            "Full-time equivalent (FTE)",
            f"The weekly hours of the people counted in the headcount divided by {hours}; "
            "someone with no hours recorded counts as full time. The hours of every role a "
            "person holds at the end of the period count (their main role and any further "
            "roles; a further role whose hours vary adds none), so one person can count as "
            "more than 1 FTE.",
        ),
        (
            "Role category and team",
            "Each person counts in the role category and team they have now: the register "
            "does not keep earlier ones. Headcount counts a person once, under their main "
            "role; FTE counts each role's hours under that role's own category and team, so "
            "a row can show FTE with no headcount.",
        ),
        ("Starters", "People whose first day was in the period."),
        ("Leavers", "People whose last day was in the period."),
        (
            "Turnover",
            "Leavers as a percentage of the average of the headcounts at the start and at the "
            "end of the period.",
        ),
        (
            "Length of service",
            "Time from a person's start date to the end of the period, for the people in the "
            "headcount.",
        ),
        (
            "Apprenticeships ending",
            "Apprenticeships whose outcome was recorded in the period, or which were planned "
            "to end in it and have no outcome yet.",
        ),
        (
            "Lived experience",
            "What people said about themselves (yes, no or prefer not to say), counted only "
            "for the people who agreed to be counted in figures like these; the others are "
            "'not counted'. 'Yes, of counted' is the yes answers as a share of those counted.",
        ),
        (
            "Supervision held against expected",
            "Held one-to-ones against those the organisation's standard expects: every whole "
            "interval a person worked in the period (not counting long absences) expects one "
            "session, and nobody's held sessions count beyond what was expected of them.",
        ),
        (
            f"Supervision by {unit}",
            f"The same measure for each {unit} on its own, for the people expected to have a "
            f"session in that {unit}; supervision by team counts people in the team they are "
            "in now.",
        ),
        (
            "People overdue for supervision",
            "People in the headcount whose next one-to-one was due before the period's last "
            "day and had not been held by then (nobody is overdue while on a long absence).",
        ),
        (
            "Sessions not held",
            "Planned one-to-ones in the period recorded as cancelled by the supervisor, "
            "cancelled by the supervisee, not attended, or rescheduled.",
        ),
        (
            "Actions",
            "Actions agreed in one-to-ones: agreed or closed (done or dropped) in the period, "
            "and open, or open and past their due date, at its end; these count actions, "
            "not people, so they are shown as they are.",
        ),
        (
            "Wellbeing check-in",
            "The average of the 1 to 5 scores given at the start of held one-to-ones in each "
            f"{unit} (5 is best); a {unit} with {few} check-ins has no average.",
        ),
        (
            "Mandatory training up to date",
            "For each mandatory course, the people in the headcount it applies to who had "
            "completed it and whose completion had not expired at the end of the period.",
        ),
        (
            "Training expiring soon",
            f"Up-to-date completions of mandatory courses that expire within "
            f"{data.expiring_days} days after the end of the period.",
        ),
        (
            "Checklist progress",
            "Items in place against the items that apply (not-applicable items left out) of "
            "each checklist in use at the end of the period, as they stood that day.",
        ),
        (
            "Policies past their review date",
            "Policies in use whose next review date was before the end of the period; the "
            "register keeps only the current review date, so the figure for the previous "
            "period is not known.",
        ),
        (
            "Dual relationships",
            "Relationships of people in the headcount with someone else in the organisation "
            "that were being managed at the end of the period, the people who have one, and "
            "those whose review date had passed; no details are ever included.",
        ),
        (
            f"“{few}”",
            f"A number of people (or sessions) from 1 to {data.threshold - 1}: it is not "
            "printed, so nobody in a small group can be identified. Zero is printed, as it "
            f"says nothing about anyone, except among the parts of a total that is itself "
            f"{few}: there every part reads “{few}”, zeros included.",
        ),
        (
            "“not shown”",
            "A figure left out because a small number could be worked out from it by "
            "subtraction (for example from a total), or a percentage or average worked out "
            "from a number that is not printed; 'n/s' marks it on a chart.",
        ),
        (
            "“withheld”",
            "A whole group of figures left out, whatever their size, because even with the "
            "others hidden a small number could still be worked out from them.",
        ),
        ("“–”", "Nothing to measure: nobody was expected or required."),
    ]


# -- the story ------------------------------------------------------------------------------


def build_trustee_story(data: TrusteeReportData) -> list[Flowable]:
    """The report's flowables, a new list each call: cover, summary, the sections, and the
    definitions."""
    s = styles()
    story: list[Flowable] = []
    story += _cover(data)
    story += _summary(data)
    story += _workforce(data)
    story += _lived_experience(data)
    story += _supervision(data)
    story += _actions_and_check_ins(data)
    story += _training(data)
    story += _readiness(data)
    story += _dual_relationships(data)
    if data.coproduction is not None:
        story += coproduction_flowables(data.coproduction, heading="9. Co-production")
    if data.fair_chance is not None:
        story += fair_chance_section(data.fair_chance, "10")
    story.append(PageBreak())
    story.append(para("Appendix: what each figure means", s.heading))
    term = ParagraphStyle("term", parent=s.cell_bold)
    rows = [[para(name, term), para(text, s.cell)] for name, text in definitions(data)]
    appendix = _layout(rows, [48 * mm, CONTENT_WIDTH - 48 * mm])
    appendix.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(appendix)
    return story


def _heading(text: str) -> list[Flowable]:
    s = styles()
    return [CondPageBreak(60 * mm), para(text, s.heading)]


def _subheading(text: str) -> Flowable:
    return para(text, styles().subheading)


def _key(data: TrusteeReportData) -> Flowable:
    few = fewer_than(data.threshold)
    return para(
        f"“{few}”: a small number, not printed so that nobody can be identified. "
        f"“{NOT_SHOWN}”: left out because a small number could be worked out from it. "
        "The appendix says more.",
        styles().small,
    )


def _cover(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    big = ParagraphStyle("cover_title", parent=s.title, fontSize=28, leading=34, textColor=ACCENT)
    org = ParagraphStyle("cover_org", parent=s.title, fontSize=16, leading=21, textColor=INK)
    label = ParagraphStyle("cover_label", parent=s.body, textColor=MUTED)
    facts = _layout(
        [
            [para("Period", label), para(data.period, s.body)],
            [para("Compared with", label), para(data.previous_period, s.body)],
            [para("Prepared by", label), para(data.prepared_by, s.body)],
            [para("Prepared on", label), para(long_date(data.prepared_on), s.body)],
        ],
        [40 * mm, CONTENT_WIDTH - 40 * mm],
    )
    facts.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    mark_style = ParagraphStyle("mark", parent=s.subheading, textColor=ACCENT, spaceBefore=0)
    mark = _layout(
        [
            [para("Confidential: for trustees", mark_style)],
            [
                para(
                    "Please do not share this report beyond the board. It holds no names and "
                    "nothing written about any person. To protect people in small teams, any "
                    f"number of people from 1 to {data.threshold - 1} reads "
                    f"“{fewer_than(data.threshold)}”, and a figure from which one could be "
                    f"worked out reads “{NOT_SHOWN}”.",
                    s.body,
                )
            ],
        ],
        [CONTENT_WIDTH],
    )
    mark.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (0, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return [
        Spacer(1, 45 * mm),
        para(data.organisation, org),
        Spacer(1, 4 * mm),
        para("Trustee workforce report", big),
        para(data.period, s.subtitle),
        Spacer(1, 18 * mm),
        facts,
        Spacer(1, 14 * mm),
        mark,
        PageBreak(),
    ]


def _summary(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    rows = [[h.label, h.current, h.previous, h.change] for h in data.summary]
    widths = [70 * mm, 33 * mm, 38 * mm, CONTENT_WIDTH - 141 * mm]
    return [
        para("Summary", s.heading),
        para(
            f"Figures for {data.period}, against the previous period, {data.previous_period}. "
            "Headcounts, people overdue, training and checklists are as they stood at the end "
            "of each period.",
            s.body,
        ),
        Spacer(1, 3 * mm),
        _tiles(data, ("headcount", "supervision", "training", "turnover")),
        Spacer(1, 5 * mm),
        _table(["Figure", "This period", "Previous period", "Change"], rows, widths),
        Spacer(1, 3 * mm),
        _key(data),
        PageBreak(),
    ]


def _tiles(data: TrusteeReportData, keys: Sequence[str]) -> Table:
    """The headline figures the eye should land on first, large, each with its change."""
    s = styles()
    label = ParagraphStyle("tile_label", parent=s.small, textColor=INK, fontSize=8.5)
    figure = ParagraphStyle("tile_figure", parent=s.figure, fontSize=19, leading=23)
    cells: list[list[Flowable]] = []
    for key in keys:
        line = data.headline(key)
        change = line.change if line.change not in ("–", NOT_SHOWN) else ""
        before = f"Previous: {line.previous}" + (f" ({change})" if change else "")
        cells.append([para(line.current, figure), para(line.label, label), para(before, s.small)])
    gap = 3 * mm
    width = (CONTENT_WIDTH - gap * (len(keys) - 1)) / len(keys)
    widths: list[float] = []
    row: list[object] = []
    for i, cell in enumerate(cells):
        if i:
            widths.append(gap)
            row.append("")
        widths.append(width)
        row.append(cell)
    tiles = _layout([row], widths)
    style: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    for i in range(0, len(widths), 2):
        style += [
            ("BACKGROUND", (i, 0), (i, 0), SHADE),
            ("LINEABOVE", (i, 0), (i, 0), 2, ACCENT),
            ("LEFTPADDING", (i, 0), (i, 0), 7),
            ("TOPPADDING", (i, 0), (i, 0), 6),
            ("BOTTOMPADDING", (i, 0), (i, 0), 8),
        ]
    tiles.setStyle(TableStyle(style))
    return tiles


def _workforce(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    w = data.workforce
    half = (CONTENT_WIDTH - 8 * mm) / 2
    three = [half - 50 * mm, 25 * mm, 25 * mm]
    by_role = _table(
        ["Role category", "Headcount", "FTE"],
        [[g.label, g.headcount.text, g.fte] for g in w.by_role]
        + [["Total", w.headcount.text, w.fte]],
        three,
        total=True,
    )
    by_team = _table(
        ["Team", "Headcount", "FTE"],
        [[g.label, g.headcount.text, g.fte] for g in w.by_team]
        + [["Total", w.headcount.text, w.fte]],
        three,
        total=True,
    )
    movement = _table(
        ["Role category", "Starters", "Leavers"],
        [[m.label, m.starters.text, m.leavers.text] for m in w.movement_by_role]
        + [["Total", w.starters.text, w.leavers.text]],
        three,
        total=True,
    )
    service = _table(
        ["Length of service", "People"],
        [[c.label, c.count.text] for c in w.length_of_service] + [["Total", w.headcount.text]],
        [half - 25 * mm, 25 * mm],
        total=True,
    )
    apprenticeships = _table(
        ["Apprenticeships ending", "Number"],
        [[c.label, c.count.text] for c in w.apprenticeship_outcomes]
        + [["Total", w.apprenticeships_ending.text]],
        [half - 25 * mm, 25 * mm],
        total=True,
    )
    return [
        para("1. Workforce", s.heading),
        para(
            f"At the end of the period: headcount {w.headcount.text}, full-time equivalent "
            f"{w.fte}. In the period: {w.starters.text} starters and {w.leavers.text} "
            f"leavers; turnover {w.turnover.text}"
            + (
                f" (leavers against an average headcount of {w.average_headcount})."
                if w.average_headcount != NOT_SHOWN
                else "."
            ),
            s.body,
        ),
        para(f"People holding more than one role: {w.several_roles.text}", s.body),
        _side_by_side(
            [_subheading("By role category"), by_role],
            [_subheading("By team"), by_team],
        ),
        Spacer(1, 2 * mm),
        _side_by_side(
            [_subheading("Starters and leavers"), movement],
            [_subheading("Length of service"), service],
        ),
        Spacer(1, 2 * mm),
        KeepTogether(
            [
                _subheading("Apprenticeships ending in the period"),
                _side_by_side(apprenticeships, Spacer(1, 1)),
            ]
        ),
        Spacer(1, 3 * mm),
        _key(data),
    ]


def _lived_experience(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    le = data.lived_experience
    rows = [
        [
            row.label,
            row.yes.text,
            row.no.text,
            row.prefer_not_to_say.text,
            row.not_counted.text,
            row.total.text,
            row.share_yes.text,
        ]
        for row in (*le.by_role, le.everyone)
    ]
    first = CONTENT_WIDTH - 6 * 24 * mm
    return [
        *_heading("2. Lived experience"),
        para(
            "Whether people have lived experience of the kind the organisation's services "
            "support, as they told us, counted only for those who agreed to be counted in "
            f"figures like these. Of the headcount of {le.everyone.total.text}, "
            f"{le.everyone.not_counted.text} did not agree and are not counted; "
            f"{le.everyone.share_yes.text} of those counted said yes.",
            s.body,
        ),
        Spacer(1, 2 * mm),
        _table(
            [
                "Role category",
                "Yes",
                "No",
                "Prefer not to say",
                "Not counted",
                "Total",
                "Yes, of counted",
            ],
            rows,
            [first] + [24 * mm] * 6,
            total=True,
        ),
    ]


def _supervision(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    sv = data.supervision
    unit = sv.time_unit
    widths = [CONTENT_WIDTH - 4 * 28 * mm, 28 * mm, 28 * mm, 28 * mm, 28 * mm]
    header = ["", "People", "Expected", "Held", "Held against expected"]
    chart = bar_chart(
        [row.label for row in sv.by_time],
        [row.rate.value for row in sv.by_time],
        [row.rate.text for row in sv.by_time],
        caption=f"Supervision held against expected, by {unit}",
    )
    not_held = _table(
        ["What happened", "Sessions"],
        [[c.label, c.count.text] for c in sv.not_held] + [["Total", sv.not_held_total.text]],
        [(CONTENT_WIDTH - 8 * mm) / 2 - 25 * mm, 25 * mm],
        total=True,
    )
    return [
        *_heading("3. Supervision"),
        para(
            f"{sv.overall.held.text} of the {sv.overall.expected.text} one-to-ones the "
            f"standard expected were held ({sv.overall.rate.text}), for the "
            f"{sv.overall.people.text} people employed at some time in the period. People "
            f"overdue for supervision at the end of the period: {sv.overdue_people.text}.",
            s.body,
        ),
        Spacer(1, 2 * mm),
        chart,
        Spacer(1, 2 * mm),
        _table(
            [unit.capitalize(), *header[1:]],
            [_compliance_cells(row) for row in sv.by_time],
            widths,
        ),
        KeepTogether(
            [
                _subheading("By team"),
                _table(
                    ["Team", *header[1:]],
                    [_compliance_cells(row) for row in sv.by_team]
                    + [_compliance_cells(sv.overall, "Total")],
                    widths,
                    total=True,
                ),
            ]
        ),
        KeepTogether(
            [
                _subheading("Sessions not held, and who cancelled"),
                _side_by_side(not_held, Spacer(1, 1)),
            ]
        ),
        Spacer(1, 3 * mm),
        _key(data),
    ]


def _actions_and_check_ins(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    a = data.actions
    unit = data.supervision.time_unit
    actions = _table(
        ["Actions agreed in supervision", "Number"],
        [
            ["Agreed in the period", f"{a.agreed:,}"],
            ["Closed in the period (done or dropped)", f"{a.closed:,}"],
            ["Open at the end of the period", f"{a.open_at_end:,}"],
            ["Overdue at the end of the period", f"{a.overdue_at_end:,}"],
        ],
        [(CONTENT_WIDTH - 8 * mm) / 2 - 25 * mm, 25 * mm],
    )
    points = data.check_ins
    chart = line_chart(
        [p.label for p in points],
        [p.average.value for p in points],
        [p.average.text for p in points],
        caption=f"Average wellbeing check-in (1 to 5), by {unit}",
    )
    return [
        *_heading("4. Actions"),
        para(
            "Actions agreed in one-to-ones and followed up in later ones. These count "
            "actions, not people.",
            s.body,
        ),
        _side_by_side(actions, Spacer(1, 1)),
        CondPageBreak(90 * mm),
        KeepTogether(
            [
                para("5. Wellbeing check-ins", s.heading),
                para(
                    "At the start of each one-to-one, people may give a wellbeing score from "
                    f"1 (low) to 5 (good). The average for each {unit}, with how many scores "
                    f"it is based on; a {unit} with {fewer_than(data.threshold)} scores has "
                    "no average.",
                    s.body,
                ),
                Spacer(1, 2 * mm),
                chart,
            ]
        ),
        Spacer(1, 2 * mm),
        _table(
            [unit.capitalize(), "Check-ins", "Average (1 to 5)"],
            [[p.label, p.check_ins.text, p.average.text] for p in points],
            [CONTENT_WIDTH - 2 * 35 * mm, 35 * mm, 35 * mm],
        ),
    ]


def _training(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    t = data.training
    flowables: list[Flowable] = [
        *_heading("6. Training"),
        para(
            f"Mandatory training up to date at the end of the period: {t.overall.rate.text} "
            f"({t.overall.compliant.text} of {t.overall.required.text} required completions). "
            f"Completions expiring within {data.expiring_days} days after the period: "
            f"{t.expiring_soon.text}.",
            s.body,
        ),
    ]
    if not t.courses:
        flowables.append(para("There are no mandatory courses in the catalogue.", s.body))
        return flowables
    return [
        flowables[0],  # the page break if there is little room left
        KeepTogether(
            [
                *flowables[1:],
                Spacer(1, 2 * mm),
                horizontal_bar_chart(
                    [c.name for c in t.courses],
                    [c.rate.value for c in t.courses],
                    [c.rate.text for c in t.courses],
                    caption="Mandatory courses up to date",
                ),
                Spacer(1, 2 * mm),
                _table(
                    ["Course", "Up to date", "Required", "Up to date (%)"],
                    [[c.name, c.compliant.text, c.required.text, c.rate.text] for c in t.courses]
                    + [
                        [
                            t.overall.name,
                            t.overall.compliant.text,
                            t.overall.required.text,
                            t.overall.rate.text,
                        ]
                    ],
                    [CONTENT_WIDTH - 3 * 28 * mm, 28 * mm, 28 * mm, 28 * mm],
                    total=True,
                ),
            ]
        ),
    ]


def _readiness(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    r = data.readiness
    page_break, heading = _heading("7. Policies and checklists")
    flowables: list[Flowable] = [page_break]
    if r.checklists:
        flowables += [
            KeepTogether(
                [
                    heading,
                    horizontal_bar_chart(
                        [c.title for c in r.checklists],
                        [float(c.percent) for c in r.checklists],
                        [f"{c.percent}%" for c in r.checklists],
                        caption="Checklist items in place",
                        label_width=190,
                    ),
                    Spacer(1, 2 * mm),
                    _table(
                        ["Checklist", "In place", "Applicable", "In place (%)"],
                        [
                            [c.title, f"{c.in_place:,}", f"{c.applicable:,}", f"{c.percent}%"]
                            for c in r.checklists
                        ]
                        + [
                            [
                                r.overall.title,
                                f"{r.overall.in_place:,}",
                                f"{r.overall.applicable:,}",
                                f"{r.overall.percent}%",
                            ]
                        ],
                        [CONTENT_WIDTH - 3 * 28 * mm, 28 * mm, 28 * mm, 28 * mm],
                        total=True,
                    ),
                ]
            )
        ]
    else:
        flowables += [heading, para("No checklist was in use at the end of the period.", s.body)]
    overdue = r.policies_past_review
    flowables.append(_subheading("Policies past their review date"))
    if overdue:
        flowables.append(
            para(
                f"{len(overdue):,} of the {r.policies_in_use:,} policies in use were past "
                "their review date at the end of the period, most overdue first:",
                s.body,
            )
        )
        flowables.append(table(["Policy"], [[title] for title in overdue], [CONTENT_WIDTH]))
    else:
        flowables.append(
            para(
                f"None of the {r.policies_in_use:,} policies in use was past its review date "
                "at the end of the period.",
                s.body,
            )
        )
    return flowables


def _dual_relationships(data: TrusteeReportData) -> list[Flowable]:
    s = styles()
    d = data.dual_relationships
    return [
        *_heading("8. Dual relationships"),
        para(
            "Peer workers' other relationships with people inside the organisation (for "
            "example a former service user of the same programme), and how many are managed "
            "and reviewed. No details of any relationship are included.",
            s.body,
        ),
        _side_by_side(
            _table(
                ["At the end of the period", "Number"],
                [
                    ["Relationships under management", d.under_management.text],
                    ["People with one", d.people.text],
                    ["Reviews overdue", d.reviews_overdue.text],
                ],
                [(CONTENT_WIDTH - 8 * mm) / 2 - 25 * mm, 25 * mm],
            ),
            Spacer(1, 1),
        ),
        Spacer(1, 3 * mm),
        _key(data),
    ]
