"""How long the trustee workforce report takes for a large organisation, beside LibreOffice.

    .venv/bin/python benchmarks/bench_trustee_report.py [--staff 2000] [--months 24] [--runs 3]

Builds a temporary database with the demo data (``generate_demo``: ``--staff`` people and
``--months`` months of supervision history, training, checklists and policies), then times
``TrusteeReportService.data`` and ``TrusteeReportService.export`` for the last ``--months``
months (best of ``--runs``). The target is under 3 seconds for 2,000 staff over 24 months.

For comparison it writes the same tables (``report_tables``) to a CSV file and times
LibreOffice making a PDF of it (``soffice --headless --convert-to pdf``), best of ``--runs``
after one warm-up run that sets up LibreOffice's profile, and prints the ratio. Without
``soffice`` on the PATH it says so and prints PeerDesk's times only (on Debian or Ubuntu:
``apt-get install libreoffice-calc-nogui``).

Not part of the tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pypdf import PdfReader

from peerdesk.domain.training import add_months
from peerdesk.reports.trustee_report import report_tables
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.trustee_report_views import TrusteeReportData
from peerdesk.store.database import open_database

SEED = 11
TODAY = dt.date(2026, 6, 15)
T = TypeVar("T")


def best_of(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    timings: list[float] = []
    result: T | None = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    assert result is not None
    return min(timings), result


def write_csv(data: TrusteeReportData, path: Path) -> int:
    """Every table of the report, one after another, each under its title; returns rows."""
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"{data.organisation}: trustee workforce report, {data.period}"])
        for title, header, rows in report_tables(data):
            writer.writerow([])
            writer.writerow([title])
            writer.writerow(header)
            writer.writerows(rows)
            written += len(rows)
    return written


def libreoffice(csv_path: Path, runs: int) -> tuple[float, float, int] | None:
    """(first run, best of the rest, pages) for soffice converting the CSV, or None."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    folder = csv_path.parent
    profile = folder / "lo-profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder / "lo"),
        str(csv_path),
    ]

    def convert() -> Path:
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        return folder / "lo" / (csv_path.stem + ".pdf")

    started = time.perf_counter()
    convert()  # the first run also creates LibreOffice's profile
    first = time.perf_counter() - started
    best, pdf = best_of(runs, convert)
    return first, best, len(PdfReader(pdf).pages)


def measure(staff: int, months: int, runs: int) -> None:
    actor = Actor.local_administrator()
    end = TODAY
    start = add_months(end, -months) + dt.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as name:
        folder = Path(name)
        database = open_database(folder / "peerdesk.db")
        try:
            started = time.perf_counter()
            generate_demo(
                database.sessions, actor, staff=staff, months=months, seed=SEED, today=TODAY
            )
            demo_seconds = time.perf_counter() - started
            services = make_services(database.sessions, today=lambda: TODAY)
            reports = services.trustee_reports
            pdf_path = folder / "trustees.pdf"

            def both() -> TrusteeReportData:
                data = reports.data(actor, start, end)
                reports.export(actor, start, end, pdf_path, prepared_by="Benchmark")
                return data

            data_seconds, data = best_of(runs, lambda: reports.data(actor, start, end))
            export_seconds, _ = best_of(
                runs, lambda: reports.export(actor, start, end, pdf_path, prepared_by="Benchmark")
            )
            both_seconds, _ = best_of(runs, both)
            pages = len(PdfReader(pdf_path).pages)
            csv_path = folder / "trustee-tables.csv"
            rows = write_csv(data, csv_path)
            office = libreoffice(csv_path, runs)
        finally:
            database.close()

    print(
        f"demo data for {staff} staff over {months} months: {demo_seconds:.2f} s "
        f"({data.workforce.headcount.text} in post at the end, "
        f"{data.supervision.overall.expected.text} supervisions expected)"
    )
    print(f"period: {data.period}")
    print(f"TrusteeReportService.data: {data_seconds * 1000:.0f} ms (best of {runs})")
    print(
        f"TrusteeReportService.export: {export_seconds * 1000:.0f} ms (best of {runs}; "
        f"{pages} pages, reads the data itself)"
    )
    verdict = "under" if both_seconds < 3 else "OVER"
    print(
        f"data() + export(): {both_seconds * 1000:.0f} ms (best of {runs}; "
        f"{verdict} the 3 s target)"
    )
    if office is None:
        print(
            "LibreOffice: soffice is not installed here, so there is nothing to compare with "
            "(apt-get install libreoffice-calc-nogui)"
        )
        return
    first, best, office_pages = office
    print(
        f"LibreOffice (soffice --headless --convert-to pdf) of the same {rows} table rows "
        f"as CSV: {best * 1000:.0f} ms (best of {runs}; {office_pages} pages; first run, "
        f"setting up its profile: {first * 1000:.0f} ms)"
    )
    print(
        f"ratio: PeerDesk's export takes {export_seconds / best:.2f}x LibreOffice's time "
        f"(data() + export(): {both_seconds / best:.2f}x); LibreOffice is "
        f"{best / export_seconds:.1f}x slower than export()"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    measure(arguments.staff, arguments.months, arguments.runs)


if __name__ == "__main__":
    main()
