"""How long the supervision overview (who is overdue, due soon, up to date) takes to compute.

    .venv/bin/python benchmarks/bench_overdue.py [--staff 2000] [--months 24] [--runs 5]

Builds a temporary database with the demo register and its supervision history. If the
demo data has no supervision history, one is added in bulk: a held session roughly every
28 days for each person over the months (with some cancellations), some people whose
supervision stopped a while ago (so they are overdue), and some long absences.

Prints one plain line per measurement, best of ``--runs``, e.g.
``overview for 2000 staff: 36.4 ms (best of 5; 1730 current, ...)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from peerdesk.services.actor import Actor
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.schedule_service import ScheduleService
from peerdesk.store.models import StaffAbsence, StaffMember, SupervisionSession
from peerdesk.store.types import utc_now

SEED = 11
TODAY = dt.date(2026, 6, 15)
_SESSIONS = SupervisionSession.metadata.tables[SupervisionSession.__tablename__]
_ABSENCES = StaffAbsence.metadata.tables[StaffAbsence.__tablename__]
_CHUNK = 2000


def add_history(database: Any, months: int, rng: random.Random) -> tuple[int, int]:
    """Insert held (and some cancelled) sessions and some absences; return their counts.

    When the demo data already holds a supervision history, that is used as it is.
    """
    with database.sessions() as session:
        existing = session.scalar(select(func.count(SupervisionSession.id))) or 0
        if existing:
            away = session.scalar(select(func.count(StaffAbsence.id))) or 0
            return existing, away
    since = TODAY - dt.timedelta(days=months * 30)
    now = utc_now()
    sessions: list[dict[str, Any]] = []
    absences: list[dict[str, Any]] = []
    with database.sessions.begin() as session:
        people = session.execute(
            select(StaffMember.id, StaffMember.start_date, StaffMember.end_date)
        ).all()
        for staff_id, start, end in people:
            last = min(TODAY, end) if end is not None else TODAY
            if rng.random() < 0.12:  # supervision lapsed some weeks ago: overdue
                last -= dt.timedelta(days=rng.randint(30, 120))
            day = max(start, since) + dt.timedelta(days=rng.randint(0, 27))
            while day <= last:
                outcome = "held" if rng.random() < 0.9 else "cancelled_by_supervisee"
                sessions.append(
                    {
                        "supervisee_id": staff_id,
                        "session_date": day,
                        "session_type": "line_management",
                        "mode": "in_person",
                        "outcome": outcome,
                        "duration_minutes": 60,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                day += dt.timedelta(days=rng.randint(21, 35))
            if rng.random() < 0.04:
                first = TODAY - dt.timedelta(days=rng.randint(0, 200))
                back = (
                    None if rng.random() < 0.5 else first + dt.timedelta(days=rng.randint(14, 90))
                )
                if first >= start:
                    absences.append(
                        {
                            "staff_id": staff_id,
                            "first_day": first,
                            "last_day": back,
                            "kind": "sick leave",
                            "created_at": now,
                        }
                    )
        for begin in range(0, len(sessions), _CHUNK):
            session.execute(insert(_SESSIONS), sessions[begin : begin + _CHUNK])
        if absences:
            session.execute(insert(_ABSENCES), absences)
    return len(sessions), len(absences)


def measure(staff: int, months: int, runs: int) -> None:
    from peerdesk.store.database import open_database

    actor = Actor.local_administrator()
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        database = open_database(Path(folder) / "peerdesk.db")
        try:
            generate_demo(
                database.sessions, actor, staff=staff, months=months, seed=SEED, today=TODAY
            )
            held, away = add_history(database, months, random.Random(SEED))
            service = ScheduleService(database.sessions, today=lambda: TODAY)
            timings: list[float] = []
            rows: list[Any] = []
            for _ in range(runs):
                started = time.perf_counter()
                rows = service.overview(actor)
                timings.append(time.perf_counter() - started)
            counts = service.counts(actor)
        finally:
            database.close()
    print(
        f"overview for {staff} staff: {min(timings) * 1000:.1f} ms (best of {runs}; "
        f"{len(rows)} current, {held} sessions, {away} absences; {counts.overdue} overdue, "
        f"{counts.due_soon} due soon, {counts.up_to_date} up to date, "
        f"{counts.absent} away, {counts.not_started} not started)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[2000])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    for staff in arguments.staff:
        measure(staff, arguments.months, arguments.runs)


if __name__ == "__main__":
    main()
