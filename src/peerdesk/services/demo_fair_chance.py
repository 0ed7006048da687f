"""Fictional demo data for fair-chance recruitment: a check level for each job title in
the demo register, and three risk assessments (one past its deletion date, so the panel
shows its reminder).

Writes through the caller's session (the caller commits) with plain inserts, so nothing
of an assessment reaches the audit trail; deterministic for a given ``random.Random``.
Every person and conviction here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.fair_chance import DEFAULT_KEEP_MONTHS, CheckLevel, Decision
from peerdesk.domain.fair_chance import default_delete_after as _delete_after
from peerdesk.domain.text import fold
from peerdesk.store.models import (
    ConvictionAssessment,
    Organisation,
    RoleCheckLevel,
    StaffMember,
    employed_on,
)

__all__ = ["add_demo_fair_chance"]

_ADULTS = (
    "Works one-to-one with adults who use our services, including home visits and "
    "accompanying people to appointments: eligible for an enhanced check (adult "
    "workforce). No regulated activity, so the barred list is not checked."
)
_CHILDREN = (
    "Supports young people aged 16 to 25, some under 18, one-to-one and in groups every "
    "week: eligible for an enhanced check with the children's barred list."
)
_CLINICAL = (
    "Provides health care to adults as a registered professional: regulated activity, so "
    "eligible for an enhanced check with the adults' barred list."
)
_MANAGER = (
    "Manages and supervises the staff who work one-to-one with adults, and covers their "
    "visits when needed: eligible for an enhanced check (adult workforce)."
)
_BASIC = (
    "No work with people who use our services; handles money and personal data. Anyone "
    "may be asked for a basic check, which shows unspent convictions only."
)
_LEVELS: Final[dict[RoleCategory, tuple[CheckLevel, str]]] = {
    RoleCategory.PEER_WORKER: (CheckLevel.ENHANCED, _ADULTS),
    RoleCategory.PEER_APPRENTICE: (CheckLevel.ENHANCED, _ADULTS),
    RoleCategory.SENIOR_PEER_WORKER: (CheckLevel.ENHANCED, _ADULTS),
    RoleCategory.MANAGER: (CheckLevel.ENHANCED, _MANAGER),
    RoleCategory.CLINICAL: (CheckLevel.ENHANCED, _CLINICAL),
    RoleCategory.NON_CLINICAL: (CheckLevel.BASIC, _BASIC),
    RoleCategory.VOLUNTEER: (CheckLevel.BASIC, _BASIC),
    RoleCategory.OTHER: (CheckLevel.NONE, ""),
}
# Titles with no check at all: nothing in the role makes one proportionate.
_NO_CHECK: Final = frozenset(
    {"communications officer", "fundraising officer", "café volunteer", "data and quality officer"}
)
_YOUTH_WORDS: Final = ("youth", "young people")

# (days before today the decision was made, decision, what was weighed)
_ASSESSMENTS: Final[tuple[tuple[int, Decision, dict[str, str]], ...]] = (
    (
        250,  # decided about eight months ago: past its deletion date
        Decision.APPOINTED,
        {
            "relevance": "Not relevant to the duties: a driving offence, and the role "
            "involves no driving.",
            "time_since": "Nine years ago; nothing since.",
            "circumstances": "Told us at interview, before we asked. Paid the fine at the time.",
            "safeguards": "None needed beyond usual supervision.",
        },
    ),
    (
        70,
        Decision.APPOINTED_WITH_SAFEGUARDS,
        {
            "relevance": "Some relevance: the offence involved theft from an employer; the "
            "role handles a small petty-cash float.",
            "time_since": "Six years ago, during a period of addiction; in recovery since.",
            "circumstances": "Described openly, with a reference from the probation "
            "officer and from a recovery service volunteered with for three years.",
            "safeguards": "Not a petty-cash signatory for the first six months; reviewed "
            "in supervision at three months.",
        },
    ),
    (
        20,
        Decision.APPOINTED_WITH_SAFEGUARDS,
        {
            "relevance": "Limited: a public-order offence with no victim who uses services.",
            "time_since": "Four years ago.",
            "circumstances": "Happened during a mental-health crisis; they talked about "
            "what helps them now and asked for the same support as anyone else.",
            "safeguards": "Wellness action plan agreed in the first month; buddy on "
            "visits for the first four weeks, as for every new starter.",
        },
    ),
)


def add_demo_fair_chance(session: Session, today: dt.date, rng: random.Random) -> int:
    """Add check levels for the demo's job titles and three risk assessments; returns how
    many assessments were added. Titles that already have a level keep theirs."""
    titles = session.execute(
        select(StaffMember.job_title, StaffMember.role_category).where(StaffMember.job_title != "")
    ).all()
    existing = set(session.scalars(select(RoleCheckLevel.job_title_key)))
    decided_on = today - dt.timedelta(days=rng.randint(120, 400))
    levels: dict[str, dict[str, Any]] = {}
    for title, category in sorted(titles, key=lambda row: fold(row[0])):
        key = fold(title)
        if key in existing or key in levels:
            continue
        level, reason = _LEVELS.get(RoleCategory(category), (CheckLevel.NONE, ""))
        if key in _NO_CHECK:
            level, reason = CheckLevel.NONE, ""
        elif level is not CheckLevel.NONE and any(word in key for word in _YOUTH_WORDS):
            level, reason = CheckLevel.ENHANCED, _CHILDREN
        levels[key] = {
            "job_title": title,
            "job_title_key": key,
            "check_level": level.value,
            "eligibility_reason": reason,
            "decided_on": decided_on,
            "decided_by": "Recruitment panel and trustees",
        }
    if levels:
        session.execute(insert(RoleCheckLevel), list(levels.values()))

    keep = session.scalar(select(Organisation.conviction_keep_months).limit(1))
    months = int(keep) if keep else DEFAULT_KEEP_MONTHS
    current = employed_on(today)
    peers = list(
        session.execute(
            select(StaffMember.id, StaffMember.job_title)
            .where(
                current,
                StaffMember.role_category.in_(
                    (RoleCategory.PEER_WORKER.value, RoleCategory.PEER_APPRENTICE.value)
                ),
            )
            .order_by(StaffMember.id)
        ).all()
    )
    deciders = list(
        session.scalars(
            select(StaffMember.full_name)
            .where(current, StaffMember.role_category == RoleCategory.MANAGER.value)
            .order_by(StaffMember.id)
        )
    )
    if len(peers) < len(_ASSESSMENTS):
        return 0
    chosen = rng.sample(peers, len(_ASSESSMENTS))
    rows = []
    for (staff_id, title), (days_ago, decision, words) in zip(chosen, _ASSESSMENTS, strict=True):
        decided = today - dt.timedelta(days=days_ago)
        rows.append(
            {
                "staff_id": staff_id,
                "role_title": title,
                "disclosed_on": decided - dt.timedelta(days=rng.randint(5, 20)),
                "decision": decision.value,
                "decided_by": rng.choice(deciders) if deciders else "Head of service",
                "decided_on": decided,
                "delete_after": _delete_after(decided, months),
                **words,
            }
        )
    session.execute(insert(ConvictionAssessment), rows)
    return len(rows)
