"""Fictional demo data for the policy register and for wellness action plans.

The register is what a small peer-support charity keeps: most policies in force, a few
reviews overdue, one under review, one draft and one retired, owned by its managers.
Wellness plans are written as the people themselves would write them: ordinary, varied
and naming no one real. Both functions write through the caller's session (the caller
commits) and are deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peerdesk.domain.enums import PolicyStatus, RoleCategory
from peerdesk.domain.text import fold
from peerdesk.services import demo_names as names
from peerdesk.store.models import Policy, WellnessPlan

__all__ = ["add_policy_demo", "add_wellness_demo"]

Person = Mapping[str, Any]

# title, folder on the shared drive, review cycle in months, notes
_POLICIES: Final[tuple[tuple[str, str, int, str], ...]] = (
    (
        "Supervision",
        "People",
        24,
        "Peer workers and apprentices are supervised at least every four weeks; "
        "records are signed by both sides.",
    ),
    (
        "Boundaries and dual relationships",
        "Practice",
        24,
        "Covers working alongside people we knew as fellow service users. "
        "Being rewritten with the peer workers' forum.",
    ),
    ("Lone working", "Health and safety", 12, "Buddy system and the check-in app for visits."),
    ("Safeguarding adults", "Safeguarding", 12, "Reviewed every year, as the funders ask."),
    ("Safeguarding children", "Safeguarding", 12, ""),
    (
        "Reasonable adjustments",
        "People",
        24,
        "Includes the wellness action plan template and the adjustments passport.",
    ),
    ("Sickness absence and health leave", "People", 24, "Health leave is separate from sickness."),
    (
        "Recruitment of people with convictions",
        "People",
        36,
        "Written with peer workers who have convictions; we ask about them only at offer.",
    ),
    ("Data protection (staff)", "Governance", 24, "Includes how long leavers' records are kept."),
    ("Whistleblowing", "Governance", 36, ""),
    ("Equality and inclusion", "Governance", 36, ""),
    (
        "Expenses and payment for involvement",
        "Finance",
        24,
        "Payment for involvement set at the real living wage.",
    ),
    ("Social media", "Communications", 24, "First draft shared with the staff forum."),
    ("Gifts and hospitality", "Finance", 36, "Gifts over £20 go in the register."),
    ("Volunteer expenses", "Finance", 24, "Replaced by Expenses and payment for involvement."),
)
_DRAFT = "Social media"
_UNDER_REVIEW = "Boundaries and dual relationships"
_RETIRED = "Volunteer expenses"
_ALWAYS_OVERDUE = "Gifts and hospitality"


def add_policy_demo(
    session: Session, rng: random.Random, people: Sequence[Person], today: dt.date
) -> int:
    """Add a realistic policy register; returns how many policies were added. Titles the
    register already holds are left as they are."""
    existing = {fold(title) for title in session.scalars(select(Policy.title))}
    owners = sorted(
        person["id"]
        for person in people
        if person["role_category"] == RoleCategory.MANAGER.value and _is_current(person, today)
    )
    approved = [t for t, *_ in _POLICIES if t not in (_DRAFT, _UNDER_REVIEW, _RETIRED)]
    overdue = {_ALWAYS_OVERDUE, *rng.sample(approved, 2)}
    rows: list[dict[str, Any]] = []
    for title, folder, cycle_months, notes in _POLICIES:
        cycle = dt.timedelta(days=round(cycle_months * 365.25 / 12))
        major, minor = rng.randint(1, 4), rng.randint(0, 3)
        version = f"{major}.{minor}"
        approved_on: dt.date | None
        next_review: dt.date | None
        status = PolicyStatus.APPROVED
        if title == _DRAFT:
            status, version = PolicyStatus.DRAFT, f"0.{rng.randint(1, 4)}"
            approved_on, next_review = None, today + dt.timedelta(days=rng.randint(20, 50))
        elif title == _RETIRED:
            status = PolicyStatus.RETIRED
            approved_on = today - dt.timedelta(days=rng.randint(900, 1300))
            retired_on = today - dt.timedelta(days=rng.randint(60, 200))
            next_review = None
            notes = f"{notes}\nRetired on {retired_on.day} {retired_on:%B %Y}."
        elif title == _UNDER_REVIEW:
            status = PolicyStatus.UNDER_REVIEW
            next_review = today - dt.timedelta(days=rng.randint(3, 25))
            approved_on = next_review - cycle
        elif title in overdue:
            next_review = today - dt.timedelta(days=rng.randint(8, 110))
            approved_on = next_review - cycle
        else:
            next_review = today + dt.timedelta(days=rng.randint(12, cycle.days - 20))
            approved_on = next_review - cycle
        owner = rng.choice(owners) if owners and status is not PolicyStatus.RETIRED else None
        if fold(title) in existing:
            continue
        shelf = "Drafts" if status is PolicyStatus.DRAFT else folder
        if status is PolicyStatus.RETIRED:
            shelf = "Archive"
        rows.append(
            {
                "title": title,
                "owner_id": owner,
                "version": version,
                "approved_on": approved_on,
                "next_review": next_review,
                "status": status.value,
                "location": f"S:\\Policies\\{shelf}\\{title} policy v{version}.docx",
                "notes": notes,
            }
        )
    if rows:
        session.execute(insert(Policy), rows)
    return len(rows)


# -- wellness action plans --------------------------------------------------------------------

_KEEPS_ME_WELL: Final = (
    "Starting the day with a proper handover, so I know what's coming.",
    "I need a walk at lunchtime, even ten minutes round the block.",
    "Knowing my diary a week ahead. Last-minute changes throw me.",
    "Working from the hub on Mondays and Fridays, with the team around me.",
    "Somewhere quiet to write up my notes after a heavy visit.",
    "Supervision that actually happens, even when we're busy. It keeps me steady.",
    "Finishing on time on Wednesdays so I can get to football.",
    "Being trusted to manage my own caseload.",
    "Clear, written instructions when I take on something new.",
    "Keeping my evenings free of work messages. My work phone goes off at half five.",
    "Eating lunch away from my desk.",
    "Running the Tuesday group. It reminds me why I do this work.",
    "A quick check-in with a colleague after I've had a difficult call.",
    "I like mixing desk days with days out in the community.",
    "I work better near a window than in the back office.",
    "Using my own experience when it helps someone, and knowing I don't have to.",
    "Headphones when I'm writing up notes in the open-plan office.",
    "Keeping to my usual bedtime, even in the busy weeks.",
    "Being able to say I've got too much on without it being a big deal.",
    "Seeing the difference my work makes, even in small ways.",
    "Knowing who's on duty if something goes wrong when I'm out on a visit.",
    "Time to myself on the bus home before I get in.",
)
_EARLY_SIGNS: Final = (
    "I go quiet in team meetings and stop joking around.",
    "I turn up earlier and leave later than usual.",
    "My case notes start to fall behind.",
    "I cancel lunch plans and eat at my desk.",
    "I get short with people over small things, like the printer.",
    "I say 'I'm fine' a lot, and quickly.",
    "I stop answering in the team chat.",
    "I send emails late at night.",
    "I start saying yes to everything.",
    "I get muddled with dates and double-book myself.",
    "I take more days off at short notice.",
    "I avoid the phone and only email.",
    "I can't settle to one task and keep starting new ones.",
    "I talk faster than usual and interrupt more.",
    "I look tired and I stop bothering with breaks.",
    "I keep apologising for things that don't need it.",
)
_HELPS: Final = (
    "Ask me directly how I'm doing, somewhere private.",
    "Sit down with me and look at my diary: move one or two things.",
    "A walk and a chat helps me more than a formal meeting.",
    "Let me work from home for a day or two.",
    "Remind me it's fine to take my full break.",
    "A lighter week, with someone covering my evening group.",
    "A text at the end of my day to see how it went.",
    "Be clear with me about what can wait.",
    "Time off for appointments without me having to explain.",
    "Pair me with a colleague for home visits for a while.",
    "Give me one thing to focus on at a time.",
    "Tell me what's going well, not just what's behind.",
)
_DOES_NOT_HELP: Final = (
    "Talking about it in front of the team.",
    "Being told to 'take it easy' without anything changing.",
    "Lots of check-ins in one day.",
    "Being taken off my visits without being asked first.",
    "Phone calls out of the blue: a text first is better.",
    "Jokes about it, even kind ones.",
    "Being sent home without a plan for the next day.",
    "Emails about it; I'd rather talk.",
)
_CONTACT_SUPERVISOR: Final = (
    "{sup}, my supervisor, by text first. I'd rather not get a call out of the blue.",
    "{sup} first. If {sup_first} is away, my line manager or the duty manager.",
    "{sup}, my supervisor. A message on Teams is best during the day.",
    "Talk to {sup} in person if you can; {sup_first} knows my plan.",
)
_CONTACT_OTHER: Final = (
    "My sister {name}, if I haven't turned up and haven't called by 10. "
    "Her number is in my personnel file.",
    "My partner, {name}. Their number is in my personnel file.",
    "My friend {name}, who knows about this plan and is happy to be called.",
    "My brother {name}, but only if I can't be reached all day.",
    "My GP's details are in my personnel file. I'm happy for you to suggest I ring them, "
    "not to ring them yourself.",
    "Please don't contact my family; talk to me first.",
)
_REVIEW_MONTHS: Final = (6, 6, 12)


def add_wellness_demo(
    session: Session, rng: random.Random, people: Sequence[Person], today: dt.date
) -> int:
    """Add wellness action plans for roughly half of current staff; returns how many.

    About one in six reviews is overdue and one in ten due within two weeks.
    """
    by_id = {person["id"]: person for person in people}
    given = (*names.FEMALE_GIVEN, *names.MALE_GIVEN, *names.NEUTRAL_GIVEN)
    taken = set(session.scalars(select(WellnessPlan.staff_id)))
    rows: list[dict[str, Any]] = []
    for person in people:
        if not _is_current(person, today) or person["start_date"] > today:
            continue
        if rng.random() >= 0.5 or person["id"] in taken:
            continue
        start: dt.date = person["start_date"]
        interval = dt.timedelta(days=round(rng.choice(_REVIEW_MONTHS) * 30.44))
        state = rng.random()
        review: dt.date | None
        if state < 0.17:
            review = today - dt.timedelta(days=rng.randint(1, 90))
        elif state < 0.27:
            review = today + dt.timedelta(days=rng.randint(0, 14))
        else:
            review = today + dt.timedelta(days=rng.randint(15, interval.days - 5))
        agreed = min(review - interval, today - dt.timedelta(days=rng.randint(0, 30)))
        agreed = max(agreed, min(start + dt.timedelta(days=rng.randint(7, 28)), today))
        if review < agreed:
            review = agreed + dt.timedelta(days=91)
        if rng.random() < 0.05:
            review = None
        supervisor = by_id.get(person["supervisor_id"])
        rows.append(
            {
                "staff_id": person["id"],
                "keeps_me_well": _lines(rng, _KEEPS_ME_WELL, 2, 4),
                "early_signs": _lines(rng, _EARLY_SIGNS, 1, 3),
                "what_helps": _what_helps(rng),
                "who_to_contact": _who_to_contact(rng, supervisor, given),
                "agreed_on": agreed,
                "review_date": review,
            }
        )
    if rows:
        session.execute(insert(WellnessPlan), rows)
    return len(rows)


def _is_current(person: Person, today: dt.date) -> bool:
    end: dt.date | None = person["end_date"]
    return end is None or end >= today


def _lines(rng: random.Random, pool: Sequence[str], low: int, high: int) -> str:
    return "\n".join(rng.sample(pool, rng.randint(low, high)))


def _what_helps(rng: random.Random) -> str:
    helps = _lines(rng, _HELPS, 1, 3)
    if rng.random() < 0.3:
        return helps
    unhelpful = rng.choice(_DOES_NOT_HELP)
    return f"{helps}\nWhat doesn't help: {unhelpful[0].lower()}{unhelpful[1:]}"


def _who_to_contact(rng: random.Random, supervisor: Person | None, given: Sequence[str]) -> str:
    parts: list[str] = []
    if supervisor is not None:
        full = str(supervisor["full_name"])
        parts.append(rng.choice(_CONTACT_SUPERVISOR).format(sup=full, sup_first=full.split()[0]))
    else:
        parts.append("The duty manager. I'd rather talk in person than by email.")
    if rng.random() < 0.7:
        parts.append(rng.choice(_CONTACT_OTHER).format(name=rng.choice(given)))
    return "\n".join(parts)
