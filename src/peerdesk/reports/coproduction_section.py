"""The trustee report's co-production section as ReportLab flowables.

Reads a ``CoProductionSection`` (figures already suppressed) and lays it out like the
report's other sections: a heading, a short explanation, a table of activities by stage,
a table of places taken by capacity, a payments line and the "you said, we did" share.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from peerdesk.domain.suppression import NOT_SHOWN, fewer_than
from peerdesk.reports.coproduction_data import CoProductionSection
from peerdesk.reports.pdf_base import INK, MARGIN, SHADE, Styles, para, table
from peerdesk.reports.pdf_base import styles as default_styles
from peerdesk.reports.trustee_data import period_text

__all__ = ["coproduction_flowables"]

_WIDTH = 210 * mm - 2 * MARGIN
_NUMBER = 28 * mm
_HALF = (_WIDTH - 8 * mm) / 2


def _figures(header: list[str], rows: list[list[str]]) -> Table:
    """A figures table with its last row ruled and shaded as the total."""
    result = table(header, rows, [_HALF - _NUMBER, _NUMBER], numeric_from=1)
    result.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ]
        )
    )
    return result


def coproduction_flowables(
    section: CoProductionSection,
    styles: Styles | None = None,
    *,
    heading: str = "Co-production",
) -> list[Flowable]:
    """The section's flowables (a new list each call); ``heading`` e.g. "9. Co-production"."""
    s = styles or default_styles()
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(heading, s.heading),
        para(
            "Each time people with lived experience shaped a decision about the "
            "organisation's services, from the involvement log: "
            f"{period_text(section.start, section.end)}. Only counts are recorded, never "
            "the names of people using services. Places are counted per activity: someone "
            "who took part twice counts twice.",
            s.body,
        ),
    ]
    if section.is_empty:
        story.append(para("No involvement activity was logged in this period.", s.body))
        return story
    stages = _figures(
        ["Stage", "Activities"],
        [[row.label, row.activities.text] for row in section.stages]
        + [["All activities", section.activities.text]],
    )
    people = _figures(
        ["Taking part as", "Places"],
        [
            ["Staff", section.staff.text],
            ["Volunteers", section.volunteers.text],
            ["People using services", section.service_users.text],
            ["All places", section.people.text],
        ],
    )
    layout = Table([[stages, people]], colWidths=[_HALF + 8 * mm, _HALF])
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [layout, Spacer(1, 3 * mm)]
    story.append(para(_payments_line(section), s.body))
    story.append(
        para(
            f"“You said, we did”: {section.answered.text} of activities have an answer "
            f"(what changed, or why not); at {section.told.text} of activities the people "
            "who took part were told it.",
            s.body,
        )
    )
    story.append(
        para(
            f"“{fewer_than(section.threshold)}”: a small number, not printed so that nobody "
            f"can be identified. “{NOT_SHOWN}”: left out because a small number could be "
            "worked out from it.",
            s.small,
        )
    )
    return story


def _payments_line(section: CoProductionSection) -> str:
    paid = section.paid_activities
    if paid.value == 0:
        return "Payments: no activity in the period was paid for."
    return (
        f"Payments: {paid.text} paid activities (payment, vouchers or both), "
        f"{section.people_paid.text} people paid, {section.total_paid} in total; "
        f"benefits advice was offered at {section.benefits_advice.text} of them."
    )
