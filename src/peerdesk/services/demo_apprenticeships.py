"""Fictional apprenticeships for the demo register.

Everyone employed as an apprentice (or in the peer apprentice role) has one: 12 to 18
months long with a made-up training provider, around six off-the-job hours a week (the
figure agreed with the provider, not a legal one), hours logged most weeks with some gaps
(a few apprentices fall behind), and a progress review every 10 to 12 weeks. A leaver's
apprenticeship has an outcome: mostly a job offered, some moved on, a few ended.
All text is invented and names no one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from peerdesk.domain.apprenticeship import expected_hours
from peerdesk.domain.enums import ApprenticeshipOutcome, EmploymentType, RoleCategory
from peerdesk.store.models import Apprenticeship, Base

PROGRAMMES: Final = (
    ("Peer Worker (Level 3) apprenticeship standard", 5),
    ("Lived Experience Practitioner", 3),
    ("Community Support Practitioner (Level 3)", 1),
)
PROVIDERS: Final = ("Northgate Training Partnership", "Eastmere Learning Collective")
WEEKLY_HOURS: Final = ((6.0, 8), (5.0, 1), (6.5, 1), (7.5, 1))
ACTIVITIES: Final = (
    "Study day with the training provider",
    "Provider workshop: boundaries in peer support",
    "Provider workshop: using your own story safely",
    "Online module: safeguarding adults",
    "Online module: mental health first aid",
    "Shadowing a senior peer worker",
    "Portfolio and reflective log",
    "Reading and research for the portfolio",
    "Session with the workplace mentor",
    "Practice professional discussion",
    "Learning about trauma-informed practice",
    "Co-facilitation training",
    "Recovery college course (as a learner)",
    "Team training day",
)
REVIEW_NOTES_ON_TRACK: Final = (
    "Good progress on the portfolio; off-the-job hours on track. Next: the safeguarding unit.",
    "Confident in group work now. Mentor and provider both pleased; keep going as planned.",
    "Hours on track. Agreed to start preparing evidence for the end-point assessment.",
    "Settling in well. Talked about balancing study days with the rota.",
)
REVIEW_NOTES_BEHIND: Final = (
    "Behind on off-the-job hours after a busy month; agreed a protected study afternoon each week.",
    "Some catching up to do on hours. The provider will send extra online modules.",
    "Missed two study days through illness; plan agreed to catch up over the next month.",
)
OUTCOMES: Final = (
    (ApprenticeshipOutcome.JOB_OFFERED, 65),
    (ApprenticeshipOutcome.MOVED_ON, 25),
    (ApprenticeshipOutcome.ENDED, 10),
)
OUTCOME_NOTES: Final[Mapping[ApprenticeshipOutcome, Sequence[str]]] = {
    ApprenticeshipOutcome.JOB_OFFERED: (
        "Completed and offered a peer support worker post.",
        "Passed the end-point assessment; offered a job in the team.",
        "Offered a permanent peer worker role.",
    ),
    ApprenticeshipOutcome.MOVED_ON: (
        "Moved on to a job with another organisation.",
        "Left to start a college course.",
    ),
    ApprenticeshipOutcome.ENDED: (
        "Ended early by mutual agreement; support offered to find other training.",
        "Ended early for personal reasons.",
    ),
}

_TABLES = Base.metadata.tables
_CHUNK: Final = 2000
_DAY = dt.timedelta(days=1)


def _is_apprentice(person: Mapping[str, Any]) -> bool:
    return bool(
        person["employment_type"] == EmploymentType.APPRENTICESHIP.value
        or person["role_category"] == RoleCategory.PEER_APPRENTICE.value
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _weighted(rng: random.Random, options: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(16, 30), tzinfo=dt.UTC)


def _dates(
    rng: random.Random, person: Mapping[str, Any], today: dt.date
) -> tuple[dt.date, dt.date, dt.date | None]:
    """Start, planned end and (for a leaver) outcome date, within the person's employment."""
    start: dt.date = person["start_date"]
    end: dt.date | None = person["end_date"]
    leaver = end is not None and end < today
    if end is not None and start < end:
        length_days = (end - start).days
        if 365 <= length_days <= 18 * 31:
            return start, end, end if leaver else None  # the contract is the apprenticeship
        if length_days > 18 * 31:  # a longer contract: the apprenticeship fills its end
            begun = max(start, _add_months(end, -rng.randint(12, 18)))
            if begun <= today:
                return begun, end, end if leaver else None
            return start, _add_months(start, rng.randint(12, 18)), None
    months = rng.randint(12, 18)
    if leaver:
        assert end is not None
        return start, max(_add_months(start, months), end + _DAY), end
    # Someone current with no end date (or a short contract): an apprenticeship under way.
    begun = max(start, today - dt.timedelta(days=rng.randint(0, months * 30 - 14)))
    return begun, _add_months(begun, months), None


def add_apprenticeship_demo(
    session: Session,
    rng: random.Random,
    people: Sequence[Mapping[str, Any]],
    today: dt.date,
) -> int:
    """Add an apprenticeship, its hours and reviews for each apprentice in ``people``.

    Returns how many apprenticeships were added. Deterministic for the given ``rng``; the
    caller commits.
    """
    next_id = (session.scalar(select(func.max(Apprenticeship.id))) or 0) + 1
    apprenticeships: list[dict[str, Any]] = []
    hours_rows: list[dict[str, Any]] = []
    review_rows: list[dict[str, Any]] = []
    for person in people:
        if not _is_apprentice(person) or person["start_date"] > today:
            continue
        start, planned_end, outcome_on = _dates(rng, person, today)
        if start > today or planned_end <= start:
            continue
        weekly: float = _weighted(rng, WEEKLY_HOURS)
        apprenticeship_id = next_id + len(apprenticeships)
        outcome: ApprenticeshipOutcome | None = None
        if outcome_on is not None:
            outcome = _weighted(rng, OUTCOMES)
            if (
                outcome is ApprenticeshipOutcome.JOB_OFFERED
                and outcome_on < planned_end - dt.timedelta(days=120)
            ):
                outcome = rng.choice((ApprenticeshipOutcome.MOVED_ON, ApprenticeshipOutcome.ENDED))
        until = min(today, planned_end, outcome_on or today)
        logged = _plan_hours(rng, apprenticeship_id, start, until, weekly, hours_rows)
        _plan_reviews(rng, apprenticeship_id, start, until, weekly, logged, today, review_rows)
        apprenticeships.append(
            {
                "id": apprenticeship_id,
                "staff_id": person["id"],
                "programme": _weighted(rng, PROGRAMMES),
                "provider": PROVIDERS[0] if rng.random() < 0.75 else PROVIDERS[1],
                "start_date": start,
                "planned_end_date": planned_end,
                "required_weekly_hours": weekly,
                "outcome": outcome.value if outcome is not None else None,
                "outcome_on": outcome_on,
                "outcome_notes": rng.choice(OUTCOME_NOTES[outcome]) if outcome else "",
                "created_at": _stamp(start),
                "updated_at": _stamp(outcome_on or until),
            }
        )
    for table, rows in (
        ("apprenticeship", apprenticeships),
        ("off_the_job_hours", hours_rows),
        ("apprenticeship_review", review_rows),
    ):
        for first in range(0, len(rows), _CHUNK):
            session.execute(insert(_TABLES[table]), rows[first : first + _CHUNK])
    return len(apprenticeships)


def _plan_hours(
    rng: random.Random,
    apprenticeship_id: int,
    start: dt.date,
    until: dt.date,
    weekly: float,
    rows: list[dict[str, Any]],
) -> list[tuple[dt.date, float]]:
    """Hours for most weeks from the start to ``until``; some people miss more weeks."""
    keen = rng.random() < 0.8
    chance = rng.uniform(0.9, 0.98) if keen else rng.uniform(0.65, 0.85)
    stretch = (1.0, 1.25) if keen else (0.85, 1.1)
    logged: list[tuple[dt.date, float]] = []
    week = start - dt.timedelta(days=start.weekday())  # calendar weeks from the Monday
    while week <= until:
        first = max(week, start)
        last = min(week + dt.timedelta(days=4), until)  # training on weekdays
        if first <= last and rng.random() < chance:
            total = max(1.0, round(weekly * rng.uniform(*stretch) * 4) / 4)
            days = (last - first).days + 1
            parts = [total] if days == 1 or rng.random() < 0.55 else _split(rng, total)
            for part in parts:
                day = first + dt.timedelta(days=rng.randrange(days))
                logged.append((day, part))
                rows.append(
                    {
                        "apprenticeship_id": apprenticeship_id,
                        "day": day,
                        "hours": part,
                        "activity": rng.choice(ACTIVITIES),
                        "created_at": _stamp(day),
                    }
                )
        week += dt.timedelta(days=7)
    return logged


def _split(rng: random.Random, total: float) -> list[float]:
    first = round(total * rng.uniform(0.35, 0.65) * 4) / 4
    first = min(max(first, 0.5), total - 0.5) if total >= 1 else total
    return [first, round(total - first, 2)] if total - first > 0 else [total]


def _plan_reviews(
    rng: random.Random,
    apprenticeship_id: int,
    start: dt.date,
    until: dt.date,
    weekly: float,
    logged: list[tuple[dt.date, float]],
    today: dt.date,
    rows: list[dict[str, Any]],
) -> None:
    """A review every 10 to 12 weeks, now and then late; notes follow the hours."""
    due = start + dt.timedelta(weeks=12)
    while True:
        late = rng.randint(21, 40) if rng.random() < 0.12 else rng.randint(-4, 7)
        held = due + dt.timedelta(days=late)
        if held > until or held > today:
            return
        hours_by_then = sum(hours for day, hours in logged if day <= held)
        behind = hours_by_then < expected_hours(weekly, start, held, None, held) - weekly
        notes = rng.choice(REVIEW_NOTES_BEHIND if behind else REVIEW_NOTES_ON_TRACK)
        due = held + dt.timedelta(weeks=rng.choice((10, 11, 12)))
        rows.append(
            {
                "apprenticeship_id": apprenticeship_id,
                "review_date": held,
                "notes": notes,
                "next_review": due,
                "created_at": _stamp(held),
            }
        )
