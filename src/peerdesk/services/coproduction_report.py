"""The trustee report's co-production section, read from the involvement log.

Figures and how they are protected (the organisation's small-number threshold, 5 unless
it set another; see ``domain.suppression``):

- **Activities by stage** and their total: counts of activities, suppressed like any count
  in the report (a small stage reads "fewer than 5", and the next-smallest figure is
  hidden too when the total would give it away), because with a few activities a reader
  who was there could tell who took part.
- **Places taken by capacity** (staff, volunteers, people using services) and their
  total: sums over the activities (someone at two activities counts twice), protected
  together with their total.
- **Payments**: the number of paid activities and of people paid are counts, suppressed
  on their own. The total amount is money, not a count of people, but with one or two
  paid activities (or a few people paid) it says what someone was given: so it is shown
  only when both the paid activities and the people paid are shown, else "not shown".
- **Shares** (benefits advice offered, a "you said, we did" answer, people told): a
  percentage of activities, shown only when the number it is a share of is shown and not
  zero; "not shown" otherwise, "–" when there is nothing to measure.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.domain.involvement import Outcome, PaymentKind, Stage, pounds_text
from peerdesk.domain.suppression import (
    NOT_SHOWN,
    Equation,
    Rate,
    Shown,
    protect,
    rate,
    suppress_one,
)
from peerdesk.reports.coproduction_data import CoProductionSection, StageCount
from peerdesk.store.models import InvolvementActivity

__all__ = ["CoProductionSection", "coproduction_section"]

_TOTAL = "total"


def coproduction_section(
    session_or_sessions: Session | sessionmaker[Session],
    start: dt.date,
    end: dt.date,
    threshold: int,
) -> CoProductionSection:
    """The section for the activities held from ``start`` to ``end`` (both included)."""
    query = select(
        InvolvementActivity.stage,
        InvolvementActivity.staff_count,
        InvolvementActivity.volunteer_count,
        InvolvementActivity.service_user_count,
        InvolvementActivity.payment_kind,
        InvolvementActivity.payment_pence,
        InvolvementActivity.people_paid,
        InvolvementActivity.benefits_advice_offered,
        InvolvementActivity.outcome,
        InvolvementActivity.told_on,
    ).where(InvolvementActivity.held_on >= start, InvolvementActivity.held_on <= end)
    if isinstance(session_or_sessions, Session):
        rows = list(session_or_sessions.execute(query).all())
    else:
        with session_or_sessions() as session:
            rows = list(session.execute(query).all())

    by_stage = {stage: 0 for stage in Stage}
    staff = volunteers = service_users = 0
    paid = people_paid = pence = advised = answered = told = 0
    for stage, s, v, u, kind, amount, n_paid, advice, outcome, told_on in rows:
        by_stage[Stage(stage)] += 1
        staff, volunteers, service_users = staff + s, volunteers + v, service_users + u
        if PaymentKind(kind).paid:
            paid += 1
            people_paid += n_paid
            pence += amount
            advised += 1 if advice else 0
        if Outcome(outcome).answered:
            answered += 1
            told += 1 if told_on is not None else 0

    stage_values: dict[str, int] = {stage.value: n for stage, n in by_stage.items()}
    stage_values[_TOTAL] = len(rows)
    stages = protect(stage_values, [Equation.total([s.value for s in Stage], _TOTAL)], threshold)
    people_values = {
        "staff": staff,
        "volunteers": volunteers,
        "service_users": service_users,
        _TOTAL: staff + volunteers + service_users,
    }
    people = protect(
        people_values,
        [Equation.total(["staff", "volunteers", "service_users"], _TOTAL)],
        threshold,
    )
    paid_shown = suppress_one(paid, threshold)
    people_paid_shown = suppress_one(people_paid, threshold)
    activities = stages[_TOTAL]
    money_hidden = paid_shown.hidden or people_paid_shown.hidden
    total_paid = NOT_SHOWN if money_hidden else pounds_text(pence)
    return CoProductionSection(
        start=start,
        end=end,
        threshold=threshold,
        stages=tuple(StageCount(stage.label, stages[stage.value]) for stage in Stage),
        activities=activities,
        staff=people["staff"],
        volunteers=people["volunteers"],
        service_users=people["service_users"],
        people=people[_TOTAL],
        paid_activities=paid_shown,
        people_paid=people_paid_shown,
        total_paid=total_paid,
        benefits_advice=_share(advised, paid_shown),
        answered=_share(answered, activities),
        told=_share(told, activities),
    )


def _share(part: int, whole: Shown) -> Rate:
    """``part`` of a number of activities, as a percentage: not shown with the whole."""
    return rate(part, whole)
