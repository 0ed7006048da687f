"""The co-production section's flowables: a small PDF read back with pypdf."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from peerdesk.domain.suppression import NOT_SHOWN, Rate, Shown
from peerdesk.reports.coproduction_data import CoProductionSection, StageCount
from peerdesk.reports.coproduction_section import coproduction_flowables

FEW = Shown(None, "fewer than 5")

SECTION = CoProductionSection(
    start=dt.date(2026, 1, 1),
    end=dt.date(2026, 3, 31),
    threshold=5,
    stages=(
        StageCount("Design", Shown.of(7)),
        StageCount("Delivery", Shown.of(0)),
        StageCount("Evaluation", Shown.of(0)),
        StageCount("Governance", FEW),
        StageCount("Recruitment", Shown(None, NOT_SHOWN)),
    ),
    activities=Shown.of(15),
    staff=Shown.of(12),
    volunteers=FEW,
    service_users=Shown(None, NOT_SHOWN),
    people=Shown.of(1234),
    paid_activities=Shown.of(9),
    people_paid=Shown.of(41),
    total_paid="£1,230.50",
    benefits_advice=Rate(88.9, "89%"),
    answered=Rate(73.3, "73%"),
    told=Rate(60.0, "60%"),
)


def pdf_text(tmp_path: Path, section: CoProductionSection, **options: str) -> str:
    path = tmp_path / "section.pdf"
    SimpleDocTemplate(str(path)).build(coproduction_flowables(section, **options))  # type: ignore[arg-type]
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


def test_the_figures_are_printed(tmp_path: Path) -> None:
    text = pdf_text(tmp_path, SECTION)
    assert text.startswith("Co-production")
    assert "1 January 2026 to 31 March 2026" in text
    assert "never the names of people using services" in text
    assert "Design 7" in text
    assert "Governance fewer than 5" in text
    assert f"Recruitment {NOT_SHOWN}" in text
    assert "All activities 15" in text
    assert "Volunteers fewer than 5" in text
    assert "All places 1,234" in text
    assert "9 paid activities" in text
    assert "41 people paid, £1,230.50 in total" in text
    assert "benefits advice was offered at 89% of them" in text
    assert "73% of activities have an answer" in text
    assert "at 60% of activities" in text


def test_text_is_escaped_not_read_as_markup(tmp_path: Path) -> None:
    text = pdf_text(tmp_path, SECTION, heading="9. Co-production <b>& partners</b>")
    assert "9. Co-production <b>& partners</b>" in text


def test_a_hidden_amount_and_an_empty_period(tmp_path: Path) -> None:
    hidden = replace(SECTION, paid_activities=FEW, people_paid=FEW, total_paid=NOT_SHOWN)
    text = pdf_text(tmp_path, hidden)
    assert f"fewer than 5 people paid, {NOT_SHOWN} in total" in text
    empty = replace(SECTION, activities=Shown.of(0))
    assert "No involvement activity was logged in this period." in pdf_text(tmp_path, empty)
