"""The "Fair-chance recruitment" section of the trustee report: counts only.

How many roles need each level of criminal-record check, what was decided after the risk
assessments made in the period, and whether the organisation erases them on time. No
names, no roles of any person, no details of any conviction: the figures arrive already
suppressed (reports/fair_chance_data.py).
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle

from peerdesk.domain.suppression import NOT_SHOWN, fewer_than
from peerdesk.reports.fair_chance_data import FairChanceCounts
from peerdesk.reports.pdf_base import INK, MARGIN, SHADE, para, styles, table

__all__ = ["fair_chance_section", "fair_chance_tables"]

CONTENT_WIDTH = 210 * mm - 2 * MARGIN
_NUMBER = 28 * mm


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def fair_chance_tables(data: FairChanceCounts) -> list[tuple[str, list[str], list[list[str]]]]:
    """The section's tables as plain text (title, header, rows): for the PDF and tests."""
    period = f"{_date(data.period_start)} to {_date(data.period_end)}"
    return [
        (
            "Roles by level of check",
            ["Level of check", "Roles"],
            [[label, shown.text] for label, shown in data.roles_by_level],
        ),
        (
            f"Risk assessments decided, {period}",
            ["Decision", "Assessments"],
            [[label, shown.text] for label, shown in data.decisions]
            + [["All decisions", data.decided_total.text]],
        ),
        (
            "Risk assessments held now",
            ["", "Assessments"],
            [
                ["Held", data.held.text],
                ["Past their deletion date", data.past_deletion.text],
            ],
        ),
    ]


def fair_chance_section(data: FairChanceCounts, number: str = "9") -> list[Flowable]:
    """The section's flowables: a heading numbered ``number``, a short explanation, three
    small tables of figures and the key to suppressed figures."""
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(
            f"{number}. Fair-chance recruitment" if number else "Fair-chance recruitment", s.heading
        ),
        para(
            "People with convictions are recruited fairly: each role asks only for the "
            "criminal-record check it is eligible for, a conviction someone discloses is "
            "weighed with them in a risk assessment, and that assessment is erased "
            f"{data.keep_months} months after the decision. Counts only: no person, role "
            "or conviction is named.",
            s.body,
        ),
    ]
    width = CONTENT_WIDTH - _NUMBER
    for index, (title, header, rows) in enumerate(fair_chance_tables(data)):
        figures = table(header, rows, [width, _NUMBER], numeric_from=1)
        if index == 1 and rows:  # the total row
            figures.setStyle(
                TableStyle(
                    [
                        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                    ]
                )
            )
        story.append(KeepTogether([para(title, s.subheading), figures]))
    if data.past_deletion.value:
        story.append(Spacer(1, 2 * mm))
        story.append(
            para(
                "Assessments past their deletion date should be erased now: PeerDesk asks "
                "an administrator to do so.",
                s.body,
            )
        )
    story.append(Spacer(1, 3 * mm))
    few = fewer_than(data.threshold)
    story.append(
        para(
            f"“{few}”: a small number, not printed so that nobody can be identified. "
            f"“{NOT_SHOWN}”: left out because a small number could be worked out from it.",
            s.small,
        )
    )
    return story
