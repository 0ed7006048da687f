"""The trustee report builder: plain data in, a PDF out, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgetbase import Widget

from peerdesk.domain.suppression import NOT_SHOWN, Rate, Shown
from peerdesk.reports.pdf_base import DocumentInfo, write_pdf
from peerdesk.reports.trustee_data import (
    Actions,
    CheckInPoint,
    ChecklistRow,
    ComplianceRow,
    CountRow,
    CourseRow,
    DualRelationships,
    GroupRow,
    Headline,
    LivedExperience,
    LivedExperienceRow,
    MovementRow,
    Readiness,
    Supervision,
    Training,
    TrusteeReportData,
    Workforce,
    long_date,
    period_text,
)
from peerdesk.reports.trustee_report import (
    bar_chart,
    build_trustee_story,
    definitions,
    horizontal_bar_chart,
    line_chart,
    report_tables,
)

HOSTILE = '<b>Bo</b> & "Co"'
FEWER = Shown(None, "fewer than 5")
HIDDEN = Shown(None, NOT_SHOWN)
N = Shown.of


def pct(value: float | None) -> Rate:
    return Rate(value, f"{value:.0f}%") if value is not None else Rate(None, NOT_SHOWN)


def sample(**changes: object) -> TrusteeReportData:
    months = [f"{m} 2026" for m in ("Jan", "Feb", "Mar")]
    data = TrusteeReportData(
        organisation=HOSTILE,
        prepared_by="Board secretary",
        prepared_on=dt.date(2026, 4, 7),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
        previous_start=dt.date(2025, 10, 3),
        previous_end=dt.date(2025, 12, 31),
        threshold=5,
        summary=(
            Headline("headcount", "Headcount at the end of the period", "48", "45", "+3"),
            Headline("supervision", "Supervision held against expected", "87%", "80%", "+7 points"),
            Headline("training", "Mandatory training up to date", "91%", "90%", "+1 point"),
            Headline("turnover", "Turnover", "not shown", "6.5%", "not shown"),
            Headline("starters", "Starters", "fewer than 5", "6", "not shown"),
        ),
        workforce=Workforce(
            headcount=N(48),
            fte="39.5",
            by_role=(GroupRow("Peer worker", N(30), "24.0"), GroupRow("Manager", FEWER, NOT_SHOWN)),
            by_team=(
                GroupRow(f"Team {HOSTILE}", N(40), "33.0"),
                GroupRow("Hub", HIDDEN, NOT_SHOWN),
            ),
            starters=FEWER,
            leavers=N(0),
            average_headcount="46.5",
            turnover=Rate(0.0, "0.0%"),
            movement_by_role=(MovementRow("Peer worker", FEWER, N(0)),),
            length_of_service=(CountRow("Under 1 year", N(12)), CountRow("5 years or more", N(36))),
            apprenticeships_ending=FEWER,
            apprenticeship_outcomes=(CountRow("Job offered", FEWER),),
        ),
        lived_experience=LivedExperience(
            by_role=(LivedExperienceRow("Peer worker", N(20), FEWER, FEWER, N(6), N(30), pct(87)),),
            everyone=LivedExperienceRow("Everyone", N(25), N(7), FEWER, N(12), N(48), pct(69)),
        ),
        supervision=Supervision(
            overall=ComplianceRow("Everyone", N(50), N(150), N(131), pct(87)),
            by_team=(ComplianceRow(f"Team {HOSTILE}", N(42), N(126), N(110), pct(87)),),
            by_time=(
                ComplianceRow(months[0], N(48), N(48), N(40), pct(83)),
                ComplianceRow(months[1], N(48), N(48), N(41), pct(85)),
                ComplianceRow(months[2], FEWER, HIDDEN, HIDDEN, Rate(None, NOT_SHOWN)),
            ),
            time_unit="month",
            overdue_people=N(7),
            not_held=(
                CountRow("Cancelled by the supervisor", N(9)),
                CountRow("Rescheduled", FEWER),
            ),
            not_held_total=N(12),
        ),
        actions=Actions(agreed=61, closed=55, open_at_end=23, overdue_at_end=4),
        check_ins=(
            CheckInPoint(months[0], N(40), Rate(3.8, "3.8")),
            CheckInPoint(months[1], FEWER, Rate(None, NOT_SHOWN)),
            CheckInPoint(months[2], N(44), Rate(4.1, "4.1")),
        ),
        training=Training(
            courses=(CourseRow(f"Course {HOSTILE}", N(45), N(48), pct(94)),),
            overall=CourseRow("All mandatory courses", N(45), N(48), pct(94)),
            expiring_soon=FEWER,
        ),
        readiness=Readiness(
            checklists=(ChecklistRow(f"Checklist {HOSTILE}", 12, 40, 30),),
            overall=ChecklistRow("All checklists", 12, 40, 30),
            policies_in_use=14,
            policies_past_review=(f"Policy {HOSTILE}", "Lone working"),
        ),
        dual_relationships=DualRelationships(N(6), N(5), FEWER),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def render(tmp_path: Path, data: TrusteeReportData) -> Path:
    info = DocumentInfo(
        title=f"Trustee workforce report, {data.period}",
        author="Board secretary",
        organisation=data.organisation,
    )
    return write_pdf(tmp_path / "report.pdf", info, lambda: build_trustee_story(data))


def text_of(path: Path) -> str:
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def strings_in(drawing: Drawing) -> list[str]:
    """Every piece of text a drawing draws (labels, values, captions)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, Widget):  # a chart: what it draws
            node = node.draw()
        if isinstance(node, String):
            assert node.fontName.startswith("DejaVuSans"), node.fontName
            found.append(node.text)
        for child in getattr(node, "contents", []) or []:
            walk(child)

    walk(drawing)
    return found


def test_dates_and_periods_read_in_full() -> None:
    assert long_date(dt.date(2026, 4, 1)) == "1 April 2026"
    assert period_text(dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == "1 April 2026 to 30 June 2026"


def test_the_story_is_new_each_time() -> None:
    data = sample()
    first, second = build_trustee_story(data), build_trustee_story(data)
    assert first is not second and len(first) == len(second)


def test_every_section_and_figure_is_printed(tmp_path: Path) -> None:
    path = render(tmp_path, sample())
    text = text_of(path)
    for expected in (
        "Trustee workforce report",
        "1 January 2026 to 31 March 2026",
        "Compared with 3 October 2025 to 31 December 2025",
        "Prepared by Board secretary",
        "Prepared on 7 April 2026",
        "Confidential: for trustees",
        "Summary",
        "Headcount at the end of the period 48 45 +3",
        "1. Workforce",
        "Peer worker 30 24.0",
        "Manager fewer than 5 not shown",
        "2. Lived experience",
        "Everyone 25 7 fewer than 5 12 48 69%",
        "3. Supervision",
        "Sessions not held, and who cancelled",
        "Cancelled by the supervisor 9",
        "4. Actions",
        "Overdue at the end of the period 4",
        "5. Wellbeing check-ins",
        "Feb 2026 fewer than 5 not shown",
        "6. Training",
        "7. Policies and checklists",
        "Lone working",
        "8. Dual relationships",
        "Relationships under management 6",
        "Appendix: what each figure means",
    ):
        assert expected in text, expected


def test_user_text_prints_literally_everywhere(tmp_path: Path) -> None:
    text = text_of(render(tmp_path, sample()))
    for label in ("Team", "Course", "Checklist", "Policy"):
        assert f"{label} {HOSTILE}" in text, label
    assert text.count(HOSTILE) >= 6


def test_page_numbers_and_fonts(tmp_path: Path) -> None:
    path = render(tmp_path, sample())
    reader = PdfReader(path)
    pages = len(reader.pages)
    assert pages >= 6
    text = text_of(path)
    assert all(f"page {n} of {pages}" in text for n in range(1, pages + 1))
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in font for font in fonts), fonts  # the charts too


def test_an_empty_report_lays_out(tmp_path: Path) -> None:
    empty = sample(
        check_ins=(),
        training=Training(
            courses=(), overall=CourseRow("All", N(0), N(0), Rate(None, "–")), expiring_soon=N(0)
        ),
        readiness=Readiness(
            checklists=(),
            overall=ChecklistRow("All", 0, 0, 100),
            policies_in_use=0,
            policies_past_review=(),
        ),
    )
    text = text_of(render(tmp_path, empty))
    assert "There are no mandatory courses in the catalogue." in text
    assert "No checklist was in use at the end of the period." in text
    assert "None of the 0 policies in use was past its review date" in text


def test_the_key_and_the_appendix_explain_suppression(tmp_path: Path) -> None:
    data = sample(threshold=10)
    text = text_of(render(tmp_path, data))
    assert "“fewer than 10”: a small number, not printed" in text
    assert "A number of people (or sessions) from 1 to 9" in text
    terms = [term for term, _ in definitions(data)]
    for term in (
        "Headcount",
        "Turnover",
        "Supervision held against expected",
        "Starters",
        "Leavers",
        "Full-time equivalent (FTE)",
        "Mandatory training up to date",
        "People overdue for supervision",
        "Policies past their review date",
        "Checklist progress",
        "Dual relationships",
        "Wellbeing check-in",
        "Lived experience",
        "Sessions not held",
        "Actions",
        "Length of service",
        "Apprenticeships ending",
        "“fewer than 10”",
        "“not shown”",
        "“withheld”",
    ):
        assert term in terms, term
    assert all(sentence.endswith(".") for _, sentence in definitions(data))


def test_report_tables_hold_what_the_pdf_prints() -> None:
    tables = {title: (header, rows) for title, header, rows in report_tables(sample())}
    header, rows = tables["Summary"]
    assert header == ["Figure", "This period", "Previous period", "Change"]
    assert rows[0] == ["Headcount at the end of the period", "48", "45", "+3"]
    assert tables["Headcount and FTE by role category"][1][-1] == ["Total", "48", "39.5"]
    assert tables["Supervision by month"][1][2] == [
        "Mar 2026",
        "fewer than 5",
        NOT_SHOWN,
        NOT_SHOWN,
        NOT_SHOWN,
    ]
    assert tables["Policies past their review date"][1] == [[f"Policy {HOSTILE}"], ["Lone working"]]


# -- charts -----------------------------------------------------------------------------------


def test_a_bar_chart_prints_each_value_and_marks_those_not_shown() -> None:
    drawing = bar_chart(
        ["Jan 2026", "Feb 2026", "Mar 2026"],
        [80.0, None, 92.5],
        ["80%", NOT_SHOWN, "93%"],
        caption="Held against expected",
    )
    texts = strings_in(drawing)
    assert "Held against expected" in texts
    assert {"80%", "93%", "n/s"} <= set(texts)
    assert any("Jan" in t for t in texts) and any("2026" in t for t in texts)


def test_a_line_chart_breaks_at_a_gap_and_labels_every_point() -> None:
    drawing = line_chart(
        ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"],
        [3.8, None, 4.1, 4.0],
        ["3.8", NOT_SHOWN, "4.1", "4.0"],
    )
    texts = strings_in(drawing)
    assert {"3.8", "4.1", "4.0", "n/s"} <= set(texts)
    chart = next(node for node in drawing.contents if hasattr(node, "data"))
    assert len(chart.data) == 2  # two runs: the line does not cross the gap


def test_a_single_point_or_no_point_still_draws() -> None:
    for values in ([4.0], [None], [None, 3.0, None]):
        labels = [f"M{i}" for i in range(len(values))]
        texts = ["4.0" if v else NOT_SHOWN for v in values]
        drawing = line_chart(labels, values, texts)
        assert renderPDF.drawToString(drawing)


def test_a_horizontal_bar_chart_shortens_long_labels_but_keeps_values() -> None:
    long_title = "Organisational readiness for lived-experience roles across every service"
    drawing = horizontal_bar_chart([long_title, "Short"], [53.0, None], ["53%", "–"])
    texts = strings_in(drawing)
    assert "53%" in texts and "–" in texts
    assert any(t.endswith("…") and t.startswith("Organisational") for t in texts)


@pytest.mark.parametrize("count", [1, 12, 27])
def test_bar_charts_of_any_length_fit_the_page(count: int) -> None:
    labels = [f"{m} 2026" for m in ["Jan", "Feb", "Mar", "Apr", "May", "Jun"] * 5][:count]
    drawing = bar_chart(labels, [60.0] * count, ["60%"] * count)
    assert drawing.width <= 175 * 72 / 25.4
    assert strings_in(drawing).count("60%") == count


@pytest.mark.parametrize(
    ("several", "printed"),
    [(Shown.of(0), "0"), (Shown.of(12), "12"), (Shown(None, "fewer than 5"), "fewer than 5")],
)
def test_people_holding_more_than_one_role_are_printed(
    tmp_path: Path, several: Shown, printed: str
) -> None:
    data = sample()
    data = replace(data, workforce=replace(data.workforce, several_roles=several))
    text = " ".join(text_of(render(tmp_path, data)).split())
    assert f"People holding more than one role: {printed}" in text
    # the appendix says how FTE and headcount treat several roles
    assert "so one person can count as more than 1 FTE" in text
    assert "Headcount counts a person once, under their main role" in text
