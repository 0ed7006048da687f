"""A realistic, fictional supervision history for the demo register.

Most people are supervised on time; some have lapsed and are overdue; sessions are now and
then cancelled by either side, missed or moved; actions are agreed, most closed, some open
and some overdue; most people have an agreement; a few peer workers have dual
relationships under management; a few people have had a long absence. All text is
invented and names no one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peerdesk.domain.enums import (
    ActionStatus,
    DualRelationshipType,
    RoleCategory,
    SessionMode,
    SessionType,
)
from peerdesk.domain.supervision_schedule import SessionOutcome

INTERVAL_DAYS = 28
PEER_ROLES = frozenset(
    {
        RoleCategory.PEER_WORKER.value,
        RoleCategory.PEER_APPRENTICE.value,
        RoleCategory.SENIOR_PEER_WORKER.value,
    }
)

WELLBEING_WORDS = (
    "Feeling settled and positive about the work.",
    "A tiring month but managing well.",
    "Some stress outside work; using their wellness plan.",
    "Energised after the training day.",
    "Finding the caseload heavy at the moment.",
    "Calm, enjoying the group sessions.",
    "A bit flat this week; talked about what helps.",
)
SECTION_TEXT: Mapping[str, Sequence[str]] = {
    "section_wellbeing": (
        "Checked in on sleep and routines; the wellness plan is working.",
        "Talked about pacing the week and taking the full lunch break.",
        "Agreed to use the quiet room after difficult conversations.",
    ),
    "section_workload": (
        "Caseload steady at eight people; two moving on next month.",
        "Group sessions running well; the Thursday group is full.",
        "Too many evening calls lately; agreed to share the duty rota.",
    ),
    "section_boundaries": (
        "Reflected on being recognised in the community by someone they support.",
        "Discussed saying no to a request for a personal phone number.",
        "Talked through a gift offered by a family; it was kindly declined.",
    ),
    "section_reflective_practice": (
        "Reflected on using their own story to build hope without taking over.",
        "Went through a difficult home visit and what they would do again.",
        "Thought about power in meetings with clinical colleagues.",
    ),
    "section_learning": (
        "Keen to do the safeguarding refresher.",
        "Interested in the peer supervision course in the spring.",
        "Shadowed the recovery college tutor; wants to co-facilitate.",
    ),
    "section_achievements": (
        "Helped someone attend their first group in a year.",
        "Co-designed the new welcome leaflet with people using the service.",
        "Received lovely feedback from a family.",
    ),
    "section_other": ("",),
}
AGREED_RECORDS = (
    "A good session. Workload is manageable and wellbeing is steady; actions agreed below.",
    "Reviewed last month's actions. Boundaries discussed; support in place.",
    "Focused on development: training booked and a shadowing day arranged.",
    "Talked through a hard week. Extra check-in agreed for next Friday.",
)
CONFIDENTIAL_NOTES = (
    "Keep an eye on workload; offered an extra check-in.",
    "Shared something personal about family circumstances; agreed it stays here.",
    "",
    "",
    "",
)
SUPERVISEE_COMMENTS = ("", "", "Useful session, thank you.", "I feel listened to.")
NOT_HELD_REASONS = {
    SessionOutcome.CANCELLED_BY_SUPERVISOR: (
        "Supervisor called to an urgent safeguarding meeting.",
        "Supervisor off sick.",
    ),
    SessionOutcome.CANCELLED_BY_SUPERVISEE: (
        "Asked to move it: a medical appointment.",
        "Running the group that day at short notice.",
    ),
    SessionOutcome.DID_NOT_ATTEND: ("Did not arrive; followed up by phone the same day.",),
    SessionOutcome.RESCHEDULED: ("Moved to later in the week by agreement.",),
}
ACTIONS = (
    "Book onto the safeguarding refresher",
    "Update the wellness action plan together",
    "Ask the team lead about sharing the duty rota",
    "Try co-facilitating one recovery college session",
    "Read the boundaries guidance and bring questions",
    "Arrange a shadowing day with the housing team",
    "Set up a reasonable adjustments review with HR",
)
DUAL = (
    (
        DualRelationshipType.FORMER_SERVICE_USER_SAME_PROGRAMME,
        "Once used the same recovery programme as someone now on their caseload.",
        "Case moved to a colleague; they do not work one-to-one together.",
    ),
    (
        DualRelationshipType.FRIEND,
        "A long-standing friend now volunteers in the same team.",
        "Neither supervises nor records about the other; reviewed in supervision.",
    ),
    (
        DualRelationshipType.COLLEAGUE_WHO_USES_SERVICES,
        "A colleague also attends a group run by this team.",
        "They do not facilitate that group; both know who to raise concerns with.",
    ),
    (
        DualRelationshipType.FORMER_AUTHORITY,
        "A manager in the team was once their care coordinator.",
        "Line management sits with another manager.",
    ),
)
ABSENCE_KINDS = ("Sick leave", "Parental leave", "Career break", "Compassionate leave")


@dataclass
class SupervisionRows:
    sessions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    dual_relationships: list[dict[str, Any]] = field(default_factory=list)
    absences: list[dict[str, Any]] = field(default_factory=list)


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def plan_supervision(
    people: Sequence[Mapping[str, Any]],
    names: Mapping[int, str],
    *,
    seed: int,
    months: int,
    today: dt.date,
    first_session_id: int = 1,
) -> SupervisionRows:
    """Rows for sessions, actions, agreements, dual relationships and absences.

    ``people`` are the staff rows as written (id, start_date, end_date, supervisor_id,
    role_category); ``names`` maps staff ids to names for signatures.
    """
    rng = random.Random(seed * 7919 + 17)
    out = SupervisionRows()
    history_start = today - dt.timedelta(days=round(months * 30.4))
    next_id = first_session_id
    for person in people:
        supervisor = person["supervisor_id"]
        if supervisor is None:
            continue
        start: dt.date = person["start_date"]
        end: dt.date | None = person["end_date"]
        first = max(start, history_start)
        last = min(end, today) if end else today
        if first > last:
            continue
        absence = _absence(rng, person, first, last, out)
        profile = rng.random()
        stop = last
        if end is None and profile < 0.15:  # lapsed: nothing for a while, now overdue
            stop = today - dt.timedelta(days=rng.randint(35, 100))
        gap = (35, 60) if profile > 0.9 else (24, 32)
        day = first + dt.timedelta(days=rng.randint(5, 16))
        open_actions: list[dict[str, Any]] = []
        while day <= stop:
            if absence and absence[0] <= day <= (absence[1] or today):
                day = (absence[1] or today) + dt.timedelta(days=rng.randint(3, 10))
                continue
            outcome = _outcome(rng)
            row = _session(rng, next_id, person, supervisor, names, day, outcome, today)
            out.sessions.append(row)
            if outcome is SessionOutcome.HELD:
                _close_earlier_actions(rng, open_actions, next_id, day)
                for _ in range(rng.choice((0, 1, 1, 2))):
                    action = _action(rng, next_id, person, supervisor, day)
                    out.actions.append(action)
                    open_actions.append(action)
                day += dt.timedelta(days=rng.randint(*gap))
            else:
                day += dt.timedelta(days=rng.randint(3, 10))
            next_id += 1
        _tidy_leftover_actions(rng, open_actions, today, end)
        if end is None and rng.random() < 0.85:
            agreed = start + dt.timedelta(days=rng.randint(0, 30))
            out.agreements.append(
                {
                    "staff_id": person["id"],
                    "frequency_days": INTERVAL_DAYS,
                    "location": rng.choice(("The quiet room at the hub", "Video call", "Office")),
                    "confidentiality": "What is said stays between us, except where someone "
                    "is at risk of harm; then we agree together who needs to know.",
                    "raising_concerns": "Speak to the service manager, or to HR in confidence.",
                    "agreed_on": agreed,
                    "review_date": _yearly_review(rng, agreed, today),
                    "created_at": _at(agreed),
                    "updated_at": _at(agreed),
                }
            )
        if end is None and person["role_category"] in PEER_ROLES and rng.random() < 0.08:
            kind, description, managed = rng.choice(DUAL)
            agreed = max(start, today - dt.timedelta(days=rng.randint(20, 400)))
            out.dual_relationships.append(
                {
                    "staff_id": person["id"],
                    "relationship_type": kind.value,
                    "description": description,
                    "how_managed": managed,
                    "agreed_by": names.get(supervisor, ""),
                    "agreed_on": agreed,
                    "review_date": agreed + dt.timedelta(days=rng.choice((90, 180, 180, 365))),
                    "ended_on": None,
                    "created_at": _at(agreed),
                    "updated_at": _at(agreed),
                }
            )
    return out


def _yearly_review(rng: random.Random, agreed: dt.date, today: dt.date) -> dt.date:
    """Agreements are reviewed yearly; about one in seven reviews is overdue."""
    years = max(1, (today - agreed).days // 365 + 1)
    due = agreed + dt.timedelta(days=365 * years)
    if rng.random() < 0.15 and years > 1:
        due -= dt.timedelta(days=365)
    return due


def _absence(
    rng: random.Random,
    person: Mapping[str, Any],
    first: dt.date,
    last: dt.date,
    out: SupervisionRows,
) -> tuple[dt.date, dt.date | None] | None:
    span = (last - first).days
    if person["end_date"] is not None or span < 150 or rng.random() > 0.04:
        return None
    begin = first + dt.timedelta(days=rng.randint(30, span - 40))
    ongoing = rng.random() < 0.25 and (last - begin).days < 120
    finish = None if ongoing else min(begin + dt.timedelta(days=rng.randint(30, 120)), last)
    out.absences.append(
        {
            "staff_id": person["id"],
            "first_day": begin,
            "last_day": finish,
            "kind": rng.choice(ABSENCE_KINDS),
            "created_at": _at(begin),
        }
    )
    return begin, finish


def _outcome(rng: random.Random) -> SessionOutcome:
    roll = rng.random()
    if roll < 0.85:
        return SessionOutcome.HELD
    if roll < 0.90:
        return SessionOutcome.CANCELLED_BY_SUPERVISOR
    if roll < 0.94:
        return SessionOutcome.CANCELLED_BY_SUPERVISEE
    if roll < 0.97:
        return SessionOutcome.DID_NOT_ATTEND
    return SessionOutcome.RESCHEDULED


def _session(
    rng: random.Random,
    session_id: int,
    person: Mapping[str, Any],
    supervisor: int,
    names: Mapping[int, str],
    day: dt.date,
    outcome: SessionOutcome,
    today: dt.date,
) -> dict[str, Any]:
    held = outcome is SessionOutcome.HELD
    clinical = person["role_category"] == RoleCategory.CLINICAL.value
    kind = rng.choices(
        (SessionType.LINE_MANAGEMENT, SessionType.REFLECTIVE, SessionType.PEER, SessionType.GROUP),
        weights=(55, 25, 12, 8),
    )[0]
    if clinical and rng.random() < 0.5:
        kind = SessionType.CLINICAL
    age = (today - day).days
    row: dict[str, Any] = {
        "id": session_id,
        "supervisee_id": person["id"],
        "supervisor_id": supervisor,
        "session_date": day,
        "duration_minutes": rng.choice((45, 60, 60, 60, 75, 90)) if held else None,
        "session_type": kind.value,
        "mode": rng.choices(
            (SessionMode.IN_PERSON, SessionMode.VIDEO, SessionMode.PHONE), weights=(60, 25, 15)
        )[0].value,
        "outcome": outcome.value,
        "outcome_reason": "" if held else rng.choice(NOT_HELD_REASONS[outcome]),
        "wellbeing_score": rng.choices((2, 3, 4, 5), weights=(8, 27, 45, 20))[0] if held else None,
        "wellbeing_words": rng.choice(WELLBEING_WORDS) if held else "",
        "agreed_record": rng.choice(AGREED_RECORDS) if held else "",
        "confidential_notes": rng.choice(CONFIDENTIAL_NOTES) if held else "",
        "supervisee_comment": rng.choice(SUPERVISEE_COMMENTS) if held and age > 7 else "",
        "supervisor_signed_at": _at(day + dt.timedelta(days=rng.randint(0, 2)))
        if age > 2
        else None,
        "supervisor_signed_by": names.get(supervisor, "") if age > 2 else "",
        "supervisee_signed_at": _at(day + dt.timedelta(days=rng.randint(0, 5)), 17)
        if held and age > 10
        else None,
        "supervisee_signed_by": names.get(person["id"], "") if held and age > 10 else "",
        "created_by": names.get(supervisor, ""),
        "created_at": _at(day),
        "updated_at": _at(day),
    }
    for section, texts in SECTION_TEXT.items():
        row[section] = rng.choice(texts) if held else ""
    return row


def _action(
    rng: random.Random,
    session_id: int,
    person: Mapping[str, Any],
    supervisor: int,
    day: dt.date,
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "staff_id": person["id"],
        "description": rng.choice(ACTIONS),
        "owner_id": person["id"] if rng.random() < 0.7 else supervisor,
        "due_date": day + dt.timedelta(days=rng.randint(14, 42)),
        "status": ActionStatus.OPEN.value,
        "closed_on": None,
        "closed_in_session_id": None,
        "closing_note": "",
        "created_at": _at(day),
        "updated_at": _at(day),
    }


def _close_earlier_actions(
    rng: random.Random, open_actions: list[dict[str, Any]], session_id: int, day: dt.date
) -> None:
    """Most open actions are reviewed and closed at the next held session."""
    for action in list(open_actions):
        if rng.random() < 0.8:
            done = rng.random() < 0.9
            action["status"] = (ActionStatus.DONE if done else ActionStatus.DROPPED).value
            action["closed_on"] = day
            action["closed_in_session_id"] = session_id
            action["closing_note"] = "Done." if done else "No longer needed."
            action["updated_at"] = _at(day)
            open_actions.remove(action)


def _tidy_leftover_actions(
    rng: random.Random,
    open_actions: list[dict[str, Any]],
    today: dt.date,
    left_on: dt.date | None,
) -> None:
    """Most actions left open after the last session were done between sessions anyway;
    the rest stay open, and those past their due date are the overdue ones. When someone
    leaves, their supervisor mostly drops what is still open, on their last day."""
    for action in open_actions:
        due: dt.date = action["due_date"]
        if left_on is not None and left_on <= today and rng.random() < 0.85:
            action["status"] = ActionStatus.DROPPED.value
            action["closed_on"] = left_on
            action["closing_note"] = "Left the organisation before it was done."
            action["updated_at"] = _at(left_on)
        elif due < today - dt.timedelta(days=21) and rng.random() < 0.75:
            closed = min(today, due + dt.timedelta(days=rng.randint(-7, 7)))
            action["status"] = ActionStatus.DONE.value
            action["closed_on"] = closed
            action["closing_note"] = "Done between sessions."
            action["updated_at"] = _at(closed)
    open_actions.clear()
