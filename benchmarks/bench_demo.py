"""Time making demo data end to end, as `peerdesk demo` does, in fresh temporary folders.

    .venv/bin/python benchmarks/bench_demo.py [--staff 2000] [--months 24] [--runs 3]

Prints one plain line per measurement, e.g. ``demo --staff 2000 --months 24: 0.84 s (best of
3)``. Each run opens (creates) a new database and fills it; the best run is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peerdesk.services.actor import Actor
from peerdesk.services.demo_service import generate_demo
from peerdesk.store.database import open_database

SEED = 7


def in_process(staff: int, months: int) -> float:
    """Seconds to create a database and fill it, in this process."""
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        started = time.perf_counter()
        database = open_database(Path(folder) / "peerdesk.db")
        try:
            generate_demo(
                database.sessions,
                Actor.local_administrator(),
                staff=staff,
                months=months,
                seed=SEED,
                today=dt.datetime.now(dt.UTC).date(),
            )
        finally:
            database.close()
        return time.perf_counter() - started


def command_line(staff: int, months: int) -> float:
    """Seconds for `python -m peerdesk --data-dir TMP demo ...`, start-up included."""
    with tempfile.TemporaryDirectory(prefix="peerdesk-bench-") as folder:
        command = [
            sys.executable,
            "-m",
            "peerdesk",
            "--data-dir",
            folder,
            "demo",
            "--staff",
            str(staff),
            "--months",
            str(months),
            "--seed",
            str(SEED),
        ]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            problem = (result.stderr or result.stdout).strip().splitlines()
            raise RuntimeError(problem[-1] if problem else f"exit code {result.returncode}")
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    label = f"--staff {args.staff} --months {args.months}"
    runs = max(1, args.runs)

    best = min(in_process(args.staff, args.months) for _ in range(runs))
    print(f"demo {label}: {best:.2f} s (best of {runs}, open_database + generate_demo)")

    if importlib.util.find_spec("peerdesk.__main__") is None:
        print("python -m peerdesk demo: skipped (peerdesk.__main__ does not exist)")
        return 0
    try:
        best = min(command_line(args.staff, args.months) for _ in range(runs))
    except (OSError, RuntimeError) as exc:
        print(f"python -m peerdesk demo: skipped ({exc})")
        return 0
    print(f"python -m peerdesk demo {label}: {best:.2f} s (best of {runs}, process start included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
