"""How long erasing a leaver takes on a large organisation's data, and what secure delete
costs ordinary writes.

Builds the demo (``--staff`` people, ``--months`` of supervision history) in an encrypted
database, the way PeerDesk holds its data, then erases the leavers with the most records one
by one (``erase_person``: every kind of record, the person's row blanked, the audit entry,
and the WAL emptied afterwards) and times each erasure from the call to its return. It also
times the review queue (``RetentionService.queue``) that lists what is past its date, and,
before erasing each of those leavers, listing their supervision records one by one
(``records``) and erasing the newest one-to-one alone (``erase_record``).

    .venv/bin/python benchmarks/bench_erasure.py [--staff 2000] [--months 24] [--people 10]

Prints the queue's time, the single-record times, then the median and worst erasure with the
records each removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from peerdesk.domain.retention import RecordKind
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.services.demo_service import generate_demo
from peerdesk.store.database import open_database
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.models import StaffMember, SupervisionSession

TODAY = dt.date(2026, 6, 15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--people", type=int, default=10)
    args = parser.parse_args()
    actor = Actor.local_administrator()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "peerdesk.db", key=DatabaseKey.generate())
        began = time.perf_counter()
        generate_demo(database.sessions, actor, staff=args.staff, months=args.months, today=TODAY)
        built = time.perf_counter() - began
        print(f"demo: {args.staff:,} people, {args.months} months ({built:.1f} s)")
        services = make_services(database.sessions, today=lambda: TODAY)
        settings = services.retention.settings(actor)
        # every leaver's records are due: keep each kind one month
        services.retention.save_settings(actor, dict.fromkeys(RecordKind, 1), settings.kept)
        began = time.perf_counter()
        queue = services.retention.queue(actor)
        queue_ms = (time.perf_counter() - began) * 1000
        print(f"review queue: {len(queue):,} rows in {queue_ms:.0f} ms")
        with database.sessions() as session:
            busiest = list(
                session.scalars(
                    select(StaffMember.id)
                    .join(SupervisionSession, SupervisionSession.supervisee_id == StaffMember.id)
                    .where(StaffMember.end_date < TODAY)
                    .group_by(StaffMember.id)
                    .order_by(func.count(SupervisionSession.id).desc())
                    .limit(args.people)
                )
            )
        # one record at a time first: list a leaver's one-to-ones, erase the newest
        listing: list[float] = []
        single: list[float] = []
        for staff_id in busiest:
            began = time.perf_counter()
            records = services.retention.records(actor, staff_id, RecordKind.SUPERVISION)
            listing.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            one = services.retention.erase_record(actor, staff_id, records[0])
            single.append((time.perf_counter() - began) * 1000)
            assert one.journal_emptied
        print(
            f"records (a leaver's supervision records, {len(listing)} leavers): "
            f"median {statistics.median(listing):.0f} ms; erase_record (one one-to-one "
            f"with its actions): median {statistics.median(single):.0f} ms, "
            f"worst {max(single):.0f} ms"
        )
        times: list[float] = []
        removed: list[int] = []
        for staff_id in busiest:
            began = time.perf_counter()
            result = services.retention.erase_person(actor, staff_id)
            times.append((time.perf_counter() - began) * 1000)
            removed.append(sum(result.counts.values()))
            assert result.journal_emptied
        print(
            f"erase_person, {len(times)} leavers with {min(removed)}-{max(removed)} records each: "
            f"median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms"
        )
        database.close()


if __name__ == "__main__":
    main()
