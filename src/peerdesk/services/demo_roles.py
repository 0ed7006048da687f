"""Fictional further roles for the demo register: a few current people also volunteer or
take sessional work beside their main job, in another team with another supervisor.

Deterministic for the given ``rng``; the caller commits. All titles are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.store.models import StaffMember, StaffRole, Team

# (title, category, employment type, weekly hours; None: the hours vary)
SECOND_ROLES: Final = (
    ("Volunteer befriender", RoleCategory.VOLUNTEER, EmploymentType.VOLUNTEER, 4.0),
    ("Sessional group facilitator", RoleCategory.OTHER, EmploymentType.SESSIONAL, None),
    ("Sessional peer worker", RoleCategory.PEER_WORKER, EmploymentType.SESSIONAL, 7.5),
    ("Volunteer recovery college tutor", RoleCategory.VOLUNTEER, EmploymentType.VOLUNTEER, 3.0),
    ("Sessional bank support worker", RoleCategory.OTHER, EmploymentType.SESSIONAL, 6.0),
)
_SUPERVISING: Final = (
    RoleCategory.SENIOR_PEER_WORKER.value,
    RoleCategory.MANAGER.value,
    RoleCategory.CLINICAL.value,
)
_SETTLED_DAYS: Final = 90  # people who started at least this long ago


def add_demo_roles(session: Session, today: dt.date, rng: random.Random) -> int:
    """Give four to five current demo people a second role; returns how many were added.

    An apprentice who also takes sessional shifts is included when there is one."""
    settled = today - dt.timedelta(days=_SETTLED_DAYS)
    people = session.execute(
        select(
            StaffMember.id,
            StaffMember.role_category,
            StaffMember.employment_type,
            StaffMember.team_id,
            StaffMember.supervisor_id,
            StaffMember.start_date,
            StaffMember.end_date,
        )
        .where(
            StaffMember.start_date <= settled,
            or_(StaffMember.end_date.is_(None), StaffMember.end_date > today),
        )
        .order_by(StaffMember.id)
    ).all()
    teams = list(session.scalars(select(Team.id).order_by(Team.id)))
    supervisors = [p for p in people if p.role_category in _SUPERVISING]
    workers = [p for p in people if p.role_category not in (RoleCategory.MANAGER.value,)]
    if len(workers) < 2:
        return 0
    apprentices = [p for p in workers if p.employment_type == EmploymentType.APPRENTICESHIP.value]
    others = [p for p in workers if p not in apprentices]
    count = min(rng.randint(4, 5), len(workers))
    chosen = rng.sample(apprentices, 1) if apprentices else []
    chosen += rng.sample(others, min(count - len(chosen), len(others)))
    roles = list(SECOND_ROLES)
    added = 0
    for number, person in enumerate(chosen):
        if person.employment_type == EmploymentType.APPRENTICESHIP.value:
            title, category, kind, hours = SECOND_ROLES[1]  # sessional shifts, hours vary
        else:
            title, category, kind, hours = roles[number % len(roles)]
        team = _another(rng, teams, person.team_id)
        supervisor = _another(
            rng,
            [s.id for s in supervisors if s.id != person.id],
            person.supervisor_id,
        )
        earliest = max(person.start_date, today - dt.timedelta(days=730))
        latest = today - dt.timedelta(days=14)
        start = earliest + dt.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        session.add(
            StaffRole(
                staff_id=person.id,
                job_title=title,
                role_category=category.value,
                employment_type=kind.value,
                team_id=team,
                hours_per_week=hours,
                supervisor_id=supervisor,
                start_date=start,
                end_date=person.end_date,  # a planned end (an apprenticeship) ends it too
            )
        )
        added += 1
    session.flush()
    return added


def _another(rng: random.Random, choices: list[int], avoid: int | None) -> int | None:
    """One of ``choices`` other than ``avoid`` (``avoid`` itself when it is the only one)."""
    pool = [c for c in choices if c != avoid] or choices
    return rng.choice(pool) if pool else None
