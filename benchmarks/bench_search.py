"""How long one keystroke in the staff search takes to update the table.

Builds the real staff page (offscreen) over a demo data folder and types queries one
character at a time, timing from the text change until the model has been refilled and
Qt has processed the resulting events.

    .venv/bin/python benchmarks/bench_search.py [--staff 2000 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ("sam", "peer w", "outreach", "łuk", "zz", "a")


def measure(staff: int, months: int) -> list[float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from peerdesk.domain.clock import local_today
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import make_services
    from peerdesk.services.deferred import Deferred
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.store.database import open_database
    from peerdesk.ui.context import AppContext
    from peerdesk.ui.pages.staff_page import StaffPage
    from peerdesk.ui.tasks import InlineRunner

    app = QApplication.instance() or QApplication([])
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "peerdesk.db")
        actor = Actor.local_administrator()
        generate_demo(
            database.sessions, actor, staff=staff, months=months, seed=3, today=local_today()
        )
        context = AppContext(
            services_source=Deferred.ready(make_services(database.sessions)),
            actor=actor,
            data_dir=Path(tmp),
            version="bench",
            settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat),
            tasks=InlineRunner(),
            load_demo=lambda progress, cancelled: None,
        )
        page = StaffPage(context)
        page.resize(1200, 700)
        page.show()
        app.processEvents()
        for query in QUERIES:
            page.ui.search_edit.clear()
            app.processEvents()
            for length in range(1, len(query) + 1):
                start = time.perf_counter()
                page.ui.search_edit.setText(query[:length])
                app.processEvents()
                timings.append(time.perf_counter() - start)
        page.close()
        database.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    for staff in args.staff:
        timings = sorted(t * 1000 for t in measure(staff, args.months))
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{staff:>6,} staff: {len(timings)} keystrokes, median "
            f"{statistics.median(timings):.1f} ms, 95th percentile {p95:.1f} ms, "
            f"worst {timings[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
