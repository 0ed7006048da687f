"""How long PeerDesk takes from launch to a usable main window (dashboard and staff page
filled from the start-up view; who is due fills in once the services have loaded).

Compared, in the same run, with the time Python takes to import PySide6 and show an empty
window. Both are measured as fresh processes, from the moment the benchmark launches them to
the moment their window is shown (the first turn of the event loop after show(), when the
dashboard's figures and the staff page are already filled), several times each; the medians
are compared.

    .venv/bin/python benchmarks/bench_startup.py [--staff 2000] [--months 24] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import os, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
def done():
    launched = float(os.environ["PEERDESK_QUIT_WHEN_SHOWN"])
    print(f"shown after {time.time() - launched:.4f} s", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds from launching ``command`` until it reports its window shown (not its exit),
    and until its services finished loading in the background (PeerDesk only)."""
    env = {**env, "PEERDESK_QUIT_WHEN_SHOWN": repr(time.time())}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    times = {
        line.split()[0]: float(line.split()[2])
        for line in done.stdout.splitlines()
        if line.startswith(("shown after ", "ready after "))
    }
    if "shown" not in times:
        raise RuntimeError(f"{command} did not report its window: {done.stdout} {done.stderr}")
    return times["shown"], times.get("ready", times["shown"]), done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # keep QSettings out of $HOME
        peerdesk = [sys.executable, "-m", "peerdesk", "--data-dir", str(data)]
        subprocess.run(
            [*peerdesk, "demo", "--staff", str(args.staff), "--months", str(args.months)],
            env=env,
            check=True,
            capture_output=True,
        )
        # one warm-up of each, so both read from a warm disk cache
        timed([sys.executable, "-c", BARE_WINDOW], env)
        timed(peerdesk, env)
        bare, app, ready = [], [], []
        for _ in range(args.runs):
            bare.append(timed([sys.executable, "-c", BARE_WINDOW], env)[0])
            shown, loaded, _ = timed(peerdesk, env)
            app.append(shown)
            ready.append(loaded)
        # which modules were imported before the window showed (importtime lists in order)
        imports = timed([sys.executable, "-X", "importtime", *peerdesk[1:]], env)[2]
        imports = imports.split("peerdesk.services.bundle")[0]

    heavy = sorted(
        {
            name
            for line in imports.splitlines()
            for name in ("alembic", "reportlab")
            if line.rstrip().endswith(f"| {name}") or f"| {name}." in line
        }
    )
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    print(f"data: demo --staff {args.staff} --months {args.months}; {args.runs} runs each")
    print(f"python + PySide6 + empty window: median {bare_median:.3f} s (min {min(bare):.3f})")
    print(f"PeerDesk to its window shown:    median {app_median:.3f} s (min {min(app):.3f})")
    print(f"ratio: {app_median / bare_median:.2f}x (target at most 3x, aim 2x)")
    print(
        f"services (SQLAlchemy) loaded in the background by: median "
        f"{statistics.median(ready):.3f} s after launch"
    )
    print(f"imported before the window showed, of alembic/reportlab: {heavy or 'neither'}")
    print(f"sqlalchemy imported before the window showed: {'| sqlalchemy' in imports}")


if __name__ == "__main__":
    main()
