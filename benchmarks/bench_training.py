"""How long the training matrix (current staff against the mandatory courses) takes.

    .venv/bin/python benchmarks/bench_training.py [--staff 2000] [--months 24] [--runs 5]

Builds a temporary database with the demo register and its supervision history, adds the
demo training catalogue and records (``add_training_demo``) unless the demo already made
them, then times ``TrainingService.matrix`` and ``TrainingService.expiring``.

Prints one plain line per measurement, best of ``--runs``, e.g.
``matrix for 2000 staff: 61.0 ms (best of 5; 1731 current x 8 courses, ...)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from peerdesk.services.actor import Actor
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.demo_training import add_training_demo
from peerdesk.services.training_service import TrainingService
from peerdesk.store.models import StaffMember, TrainingRecord

SEED = 11
TODAY = dt.date(2026, 6, 15)


def add_training(database: Any) -> tuple[int, float]:
    """Add the demo training (unless there is some); return the records and seconds taken."""
    with database.sessions.begin() as session:
        existing = session.scalar(select(func.count(TrainingRecord.id))) or 0
        if existing:
            return existing, 0.0
        people = [
            dict(row._mapping)
            for row in session.execute(
                select(
                    StaffMember.id,
                    StaffMember.full_name,
                    StaffMember.role_category,
                    StaffMember.employment_type,
                    StaffMember.start_date,
                    StaffMember.end_date,
                    StaffMember.supervisor_id,
                    StaffMember.team_id,
                ).order_by(StaffMember.id)
            )
        ]
        started = time.perf_counter()
        written = add_training_demo(session, random.Random(SEED), people, TODAY)
        return written, time.perf_counter() - started


def best_of(runs: int, work: Any) -> tuple[float, Any]:
    timings: list[float] = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def measure(staff: int, months: int, runs: int) -> None:
    from peerdesk.store.database import open_database

    actor = Actor.local_administrator()
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        database = open_database(Path(folder) / "peerdesk.db")
        try:
            generate_demo(
                database.sessions, actor, staff=staff, months=months, seed=SEED, today=TODAY
            )
            records, demo_seconds = add_training(database)
            service = TrainingService(database.sessions, today=lambda: TODAY)
            matrix_seconds, matrix = best_of(runs, lambda: service.matrix(actor))
            expiring_seconds, expiring = best_of(runs, lambda: service.expiring(actor, 60))
        finally:
            database.close()
    compliant = sum(c.compliant for c in matrix.compliance)
    required = sum(c.required for c in matrix.compliance)
    print(
        f"matrix for {staff} staff: {matrix_seconds * 1000:.1f} ms (best of {runs}; "
        f"{len(matrix.rows)} current x {len(matrix.courses)} courses, {records} records; "
        f"{compliant}/{required} cells compliant)"
    )
    print(
        f"expiring within 60 days for {staff} staff: {expiring_seconds * 1000:.1f} ms "
        f"(best of {runs}; {len(expiring)} listed)"
    )
    if demo_seconds:
        print(f"training demo data for {staff} staff: {demo_seconds * 1000:.1f} ms")


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
