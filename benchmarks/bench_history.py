"""How long one person's supervision history takes to open (the issue asks for < 100 ms).

Builds a temporary database with one person who has 200 sessions (weekly, full text in
every section, confidential notes, two actions each, most signed, some amended), recorded
through SessionService, among other people whose sessions are bulk-inserted so that the
tables are not trivially small. Then times ``history`` (with and without confidential
notes) and ``get_session`` on the newest and the oldest record.

    .venv/bin/python benchmarks/bench_history.py [--sessions 200] [--others 500] [--runs 30]

Prints one line per measurement in milliseconds: the first call (SQLAlchemy compiles and
caches the statement then), and the median and worst of the following runs. The page-opening
line is measured last, so its first call is already warm.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from peerdesk.domain.enums import (
    ActionStatus,
    EmploymentType,
    RoleCategory,
    SessionMode,
    SessionType,
)
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.services.action_service import ActionService
from peerdesk.services.actor import Actor
from peerdesk.services.session_service import SessionService
from peerdesk.services.staff_service import StaffService
from peerdesk.store.database import open_database
from peerdesk.store.models import SupervisionAction, SupervisionSession

TODAY = dt.date(2026, 6, 15)
PARAGRAPH = (
    "Talked through the week: two new referrals, one hard conversation at the hub with "
    "someone who knew them from their own time using the service, handled well and "
    "agreed how to keep the boundary. Energy is better than last month. "
) * 3


def person(name: str, start: dt.date, supervisor_id: int | None = None) -> StaffDetails:
    return StaffDetails(
        full_name=name,
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.PERMANENT,
        start_date=start,
        supervisor_id=supervisor_id,
    )


def build(folder: Path, sessions: int, others: int) -> tuple[SessionService, int, list[int]]:
    database = open_database(folder / "peerdesk.db")
    actor = Actor.local_administrator()
    staff = StaffService(database.sessions, today=lambda: TODAY)
    records = SessionService(database.sessions, today=lambda: TODAY)
    actions = ActionService(database.sessions, today=lambda: TODAY)
    start = TODAY - dt.timedelta(days=7 * sessions + 30)
    boss = staff.create(actor, person("Amara Okafor", start)).id
    zoe = staff.create(actor, person("Zoë Łukasiewicz", start, boss)).id

    ids: list[int] = []
    for n in range(sessions):
        day = TODAY - dt.timedelta(days=7 * (sessions - n))
        missed = n % 9 == 4
        details = SessionDetails(
            supervisee_id=zoe,
            supervisor_id=boss,
            session_date=day,
            session_type=SessionType.REFLECTIVE if n % 2 else SessionType.LINE_MANAGEMENT,
            mode=SessionMode.IN_PERSON,
            outcome=SessionOutcome.DID_NOT_ATTEND if missed else SessionOutcome.HELD,
            outcome_reason="No show, no message" if missed else "",
            duration_minutes=None if missed else 60,
            wellbeing_score=None if missed else 1 + n % 5,
            wellbeing_words="" if missed else "Tired but hopeful",
            **(
                {}
                if missed
                else {
                    name: PARAGRAPH
                    for name in ("wellbeing", "workload", "boundaries", "reflective_practice")
                }
            ),
            agreed_record=PARAGRAPH,
            confidential_notes="Keep an eye on housing. " * 10,
        )
        record = records.create_session(actor, details)
        ids.append(record.id)
        for k in range(2):
            action = actions.add(actor, record.id, f"Action {k} of session {n}", boss, day)
            if n < sessions - 3:
                actions.close(actor, action.id, ActionStatus.DONE, None, "")
        if n < sessions - 1:
            records.sign_as_supervisor(actor, record.id, "Amara Okafor")
            if not missed:
                records.sign_as_supervisee(actor, record.id, "Zoë Łukasiewicz", "")
            if n % 10 == 0:
                records.amend(actor, record.id, "agreed_record", "Corrected.", "Typo", "Amara")

    # background: other people's sessions and actions, inserted in bulk
    other_ids = [
        staff.create(actor, person(f"Person {i:04}", start, boss)).id for i in range(others)
    ]
    with database.sessions.begin() as session:
        for other in other_ids:
            for n in range(24):
                row = SupervisionSession(
                    supervisee_id=other,
                    supervisor_id=boss,
                    session_date=TODAY - dt.timedelta(days=28 * (n + 1)),
                    session_type="line_management",
                    mode="in_person",
                    outcome="held",
                    agreed_record=PARAGRAPH,
                    confidential_notes="notes",
                )
                session.add(row)
                session.flush()
                session.add(
                    SupervisionAction(session_id=row.id, staff_id=other, description="Do a thing")
                )
    return records, zoe, ids


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """First call (statement not yet compiled and cached), then median and worst of runs."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--others", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    actor = Actor.local_administrator()
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        started = time.perf_counter()
        records, zoe, ids = build(Path(folder), args.sessions, args.others)
        print(
            f"built: 1 person with {args.sessions} sessions, {args.others} others with 24 "
            f"each, in {time.perf_counter() - started:.1f} s"
        )
        gc.collect()  # the build's garbage, so that its collection is not timed below
        measurements: list[tuple[str, Callable[[], object]]] = [
            (
                f"history ({args.sessions} sessions)",
                lambda: records.history(actor, zoe, include_confidential=False),
            ),
            (
                f"history with confidential notes ({args.sessions} sessions)",
                lambda: records.history(actor, zoe, include_confidential=True),
            ),
            ("get_session (newest)", lambda: records.get_session(actor, ids[-1])),
            ("get_session (oldest, amended)", lambda: records.get_session(actor, ids[0])),
            (
                f"history + get_session (opening the page, {args.sessions} sessions)",
                lambda: (
                    records.history(actor, zoe, include_confidential=True),
                    records.get_session(actor, ids[-1]),
                ),
            ),
        ]
        for label, call in measurements:
            first, median, worst = timed(call, args.runs)
            print(f"{label}: first {first:.1f} ms, median {median:.1f} ms, worst {worst:.1f} ms")
        assert len(records.history(actor, zoe, include_confidential=False)) == args.sessions


if __name__ == "__main__":
    main()
