"""How long the dashboard and the supervision page take to fill, on a large register.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_dashboard.py \
        [--staff 2000] [--months 24] [--runs 5]

Builds a temporary database with the demo register and its supervision history (sessions,
actions, agreements, dual relationships, absences), then times, best of ``--runs``:
each service call the dashboard makes, the whole dashboard refresh (services and widgets,
offscreen), and the supervision page refresh (who is due plus every open action).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.services.deferred import Deferred
from peerdesk.services.demo_service import generate_demo
from peerdesk.store.database import open_database

SEED = 11
TODAY = dt.date(2026, 6, 15)


def best(runs: int, work: Callable[[], Any]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def measure(staff: int, months: int, runs: int) -> None:
    from PySide6.QtCore import QSettings

    from peerdesk.ui.application import create_application
    from peerdesk.ui.context import AppContext
    from peerdesk.ui.pages.dashboard_page import DashboardPage
    from peerdesk.ui.pages.supervision_page import SupervisionPage
    from peerdesk.ui.tasks import InlineRunner

    app = create_application()
    actor = Actor.local_administrator()
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        database = open_database(Path(folder) / "peerdesk.db")
        try:
            summary = generate_demo(
                database.sessions, actor, staff=staff, months=months, seed=SEED, today=TODAY
            )
            services = make_services(database.sessions, today=lambda: TODAY)
            context = AppContext(
                services_source=Deferred.ready(services),
                actor=actor,
                data_dir=Path(folder),
                version="bench",
                settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat),
                tasks=InlineRunner(),
                load_demo=lambda progress, cancelled: None,
                today=lambda: TODAY,
            )
            parts = {
                "schedule counts": lambda: services.schedule.counts(actor),
                "schedule overview": lambda: services.schedule.overview(actor),
                "overdue actions": lambda: services.actions.overdue(actor, TODAY),
                "every open action": lambda: services.actions.open_across_organisation(
                    actor, TODAY
                ),
                "agreement reviews": lambda: services.agreements.reviews_due(actor, 7, today=TODAY),
                "relationship reviews": lambda: services.dual_relationships.reviews_due(
                    actor, 7, today=TODAY
                ),
            }
            for name, work in parts.items():
                print(f"{name} ({staff} staff): {best(runs, work):.1f} ms (best of {runs})")
            dashboard = DashboardPage(context)
            page = SupervisionPage(context)
            print(
                f"dashboard refresh, services and widgets ({staff} staff): "
                f"{best(runs, dashboard.refresh):.1f} ms (best of {runs}; "
                f"{dashboard.attention_list.topLevelItemCount()} people listed, "
                f"{dashboard.actions_list.topLevelItemCount()} overdue actions)"
            )
            print(
                f"supervision page refresh ({staff} staff): "
                f"{best(runs, page.refresh):.1f} ms (best of {runs}; "
                f"{page.actions_panel.summary_label.text()})"
            )
            print(f"demo: {summary}")
            dashboard.deleteLater()
            page.deleteLater()
            app.processEvents()
        finally:
            database.close()


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
