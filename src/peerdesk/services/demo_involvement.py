"""Fictional involvement log for the demo: about eighteen activities over the last
eighteen months, across every stage.

People with lived experience helped design, deliver, evaluate, govern and recruit; most
were paid in vouchers or money with benefits advice offered, and most activities have a
"you said, we did" answer. Counts only: no names of anyone. The same random generator
always gives the same log.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from peerdesk.domain.involvement import Outcome, PaymentKind, Stage
from peerdesk.store.models import InvolvementActivity

__all__ = ["DEMO_ACTIVITIES", "DemoActivity", "add_demo_involvement"]

_LOGGED_BY: Final = "Demo data"
_MONTHS: Final = 18


@dataclass(frozen=True)
class DemoActivity:
    title: str
    stage: Stage
    details: str
    you_said: str
    changed: str  # what we did
    not_changed: str = ""  # why not, when nothing changed


S = Stage
DEMO_ACTIVITIES: Final = (
    DemoActivity(
        "Redesigned the peer support induction",
        S.DESIGN,
        "Two workshops with peer workers and people who use the service.",
        "The first week was all forms; people wanted to meet the team first.",
        "The induction now starts with a shadowing day and a team lunch.",
    ),
    DemoActivity(
        "Co-wrote the new referral leaflet",
        S.DESIGN,
        "Drafts read aloud and rewritten together.",
        "The old leaflet used clinical words and did not say what happens next.",
        "Plain words throughout and a 'what happens next' panel.",
    ),
    DemoActivity(
        "Shaped the drop-in opening hours",
        S.DESIGN,
        "Survey at the drop-in and a follow-up group.",
        "Mornings are hard for many people; an evening session would help.",
        "",
        "The building closes at 6pm; we are asking the landlord about a late evening.",
    ),
    DemoActivity(
        "Planned the recovery college summer term",
        S.DESIGN,
        "Course ideas gathered and ranked by learners.",
        "More practical courses: cooking on a budget, managing money.",
        "Two practical courses were added to the summer term.",
    ),
    DemoActivity(
        "Co-facilitated the hearing voices group",
        S.DELIVERY,
        "Group run jointly by a peer worker and a volunteer with lived experience.",
        "Members wanted a quieter room and a fortnightly meeting.",
        "The group moved to the small meeting room, fortnightly.",
    ),
    DemoActivity(
        "Peer-led welcome sessions for new members",
        S.DELIVERY,
        "Monthly welcome sessions led by volunteers.",
        "New members felt lost on their first visit.",
        "Volunteers now meet every new member at the door.",
    ),
    DemoActivity(
        "Ran the wellbeing walk programme",
        S.DELIVERY,
        "Weekly walks led by volunteers.",
        "Walks should include a shorter route.",
        "A shorter, step-free route was added.",
    ),
    DemoActivity(
        "Evaluated the crisis café pilot",
        S.EVALUATION,
        "Peer researchers interviewed café visitors.",
        "The café should open on Sundays, when other help is closed.",
        "",
        "No funding for Sunday opening this year; it is in next year's bid.",
    ),
    DemoActivity(
        "Reviewed the feedback form",
        S.EVALUATION,
        "Focus group on how feedback is asked for.",
        "The form was too long and felt like a test.",
        "The form is now five questions, with a free-text box.",
    ),
    DemoActivity(
        "Peer evaluation of the supervision scheme",
        S.EVALUATION,
        "Peer workers reviewed how supervision works for them.",
        "Reflective supervision gets squeezed by caseload talk.",
        "Reflective supervision now has its own monthly slot.",
    ),
    DemoActivity(
        "Lived experience seats on the board",
        S.GOVERNANCE,
        "Board away day with the lived experience advisory group.",
        "Two board seats should be held by people with lived experience.",
        "The articles were changed; two seats are now reserved.",
    ),
    DemoActivity(
        "Advisory group reviewed the annual plan",
        S.GOVERNANCE,
        "The advisory group read and commented on the draft plan.",
        "The plan did not mention peer workers' pay progression.",
        "A pay progression review was added to the plan.",
    ),
    DemoActivity(
        "Co-wrote the complaints policy",
        S.GOVERNANCE,
        "Policy drafted with the advisory group.",
        "People did not know complaints could be made by phone or in person.",
        "The policy and posters now list every way to complain.",
    ),
    DemoActivity(
        "Interview panel for peer worker posts",
        S.RECRUITMENT,
        "A member of the advisory group sat on each interview panel.",
        "Questions should ask about lived experience only if the candidate wants to share.",
        "The interview questions were rewritten with the panel.",
    ),
    DemoActivity(
        "Rewrote the peer worker job description",
        S.RECRUITMENT,
        "Workshop with current peer workers.",
        "A degree should not be required for peer roles.",
        "The degree requirement was removed.",
    ),
    DemoActivity(
        "Designed the fair-chance recruitment statement",
        S.RECRUITMENT,
        "Group with people who have convictions.",
        "Say clearly that a conviction is not an automatic bar.",
        "The statement is on every advert and application pack.",
    ),
    DemoActivity(
        "Chose the new service name",
        S.DESIGN,
        "Vote and discussion at the members' meeting.",
        "The old name sounded like a hospital ward.",
        "The service was renamed by a members' vote.",
    ),
    DemoActivity(
        "Trained staff on trauma-informed practice",
        S.DELIVERY,
        "Training co-delivered by trainers with lived experience.",
        "Training should include real stories, told by the people they belong to.",
        "",
        "",  # no answer yet
    ),
)


def add_demo_involvement(session: Session, today: dt.date, rng: random.Random) -> int:
    """Add the demo activities (spread over the last eighteen months, oldest first) to
    ``session``; returns how many were added."""
    span = _MONTHS * 30
    days = sorted(rng.sample(range(7, span), len(DEMO_ACTIVITIES)), reverse=True)
    added = 0
    for activity, days_ago in zip(DEMO_ACTIVITIES, days, strict=True):
        held_on = today - dt.timedelta(days=days_ago)
        staff = rng.randint(1, 4)
        volunteers = rng.randint(0, 5)
        service_users = rng.randint(2, 12)
        if activity.stage is S.GOVERNANCE:
            service_users = rng.randint(3, 8)
        taking_part = volunteers + service_users
        kind = rng.choices(
            [
                PaymentKind.VOUCHERS,
                PaymentKind.PAYMENT,
                PaymentKind.PAYMENT_AND_VOUCHERS,
                PaymentKind.NONE,
            ],
            weights=[5, 3, 1, 1],
        )[0]
        people_paid = rng.randint(max(1, taking_part - 2), taking_part) if kind.paid else 0
        pence = people_paid * rng.choice([1500, 2000, 2500, 3000]) if kind.paid else 0
        recent = days_ago < 30
        if activity.changed:
            outcome, we_did = Outcome.CHANGED, activity.changed
        elif activity.not_changed:
            outcome, we_did = Outcome.NOT_CHANGED, activity.not_changed
        else:
            outcome, we_did = Outcome.PENDING, ""
        if recent and rng.random() < 0.5:
            outcome, we_did = Outcome.PENDING, ""
        told_on = None
        if outcome.answered and rng.random() < 0.85:
            told_on = min(today, held_on + dt.timedelta(days=rng.randint(14, 60)))
        session.add(
            InvolvementActivity(
                held_on=held_on,
                title=activity.title,
                details=activity.details,
                stage=activity.stage.value,
                staff_count=staff,
                volunteer_count=volunteers,
                service_user_count=service_users,
                payment_kind=kind.value,
                payment_pence=pence,
                people_paid=people_paid,
                benefits_advice_offered=kind.paid and rng.random() < 0.85,
                you_said=activity.you_said,
                we_did=we_did,
                outcome=outcome.value,
                told_on=told_on,
                created_by=_LOGGED_BY,
            )
        )
        added += 1
    session.flush()
    return added
