"""How long PeerDesk takes from launch to its first window, and from signing in to a usable
main window.

The data is encrypted, so the first window is the sign-in window: launch to that window is
compared, in the same run, with the time Python takes to import PySide6 and show an empty
window. Both are fresh processes, timed from the moment the benchmark launches them to the
first turn of the event loop after show(), several times each; the medians are compared.

Then, in fresh processes that sign in with the password (as the sign-in window does, the
argon2id key derivation included), the time the sign-in takes, and from the password
accepted to the main window shown (dashboard and staff page filled from the start-up view)
and to the services loaded behind it.

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

SIGNED_IN = """
import os, sys, time
from pathlib import Path
from peerdesk.app import run_gui

def flow(service, state, settings, tasks):
    start = time.time()
    signed = service.sign_in(os.environ["PEERDESK_USER"], os.environ["PEERDESK_PASSWORD"])
    print(f"signed-in after {time.time() - start:.4f} s", flush=True)
    os.environ["PEERDESK_QUIT_WHEN_SHOWN"] = repr(time.time())
    return signed

sys.exit(run_gui(Path(sys.argv[1]), sign_in_flow=flow))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], str]:
    """What the process reports, in seconds: "shown" (its first window, from launch), and for
    a signing-in run "signed-in", "main" (the main window, from the password accepted) and
    "ready" (its services loaded)."""
    env = {**env, "PEERDESK_QUIT_WHEN_SHOWN": repr(time.time())}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    times: dict[str, float] = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if line.startswith(("shown after ", "sign-in window shown after ")):
            times["shown" if "shown" not in times else "main"] = float(words[-2])
        elif line.startswith(("ready after ", "signed-in after ")):
            times[words[0]] = float(words[-2])
    if "shown" not in times:
        raise RuntimeError(f"{command} did not report its window: {done.stdout} {done.stderr}")
    return times, done.stderr


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
        env["PEERDESK_USER"] = "admin"
        env["PEERDESK_PASSWORD"] = "benchmark passphrase"
        peerdesk = [sys.executable, "-m", "peerdesk", "--data-dir", str(data)]
        signing_in = [sys.executable, "-c", SIGNED_IN, str(data)]
        subprocess.run(
            [*peerdesk, "demo", "--staff", str(args.staff), "--months", str(args.months)],
            env=env,
            check=True,
            capture_output=True,
        )
        # one warm-up of each, so all read from a warm disk cache
        timed([sys.executable, "-c", BARE_WINDOW], env)
        timed(peerdesk, env)
        timed(signing_in, env)
        bare, first, signed, main_window, ready = [], [], [], [], []
        for _ in range(args.runs):
            bare.append(timed([sys.executable, "-c", BARE_WINDOW], env)[0]["shown"])
            first.append(timed(peerdesk, env)[0]["shown"])
            times = timed(signing_in, env)[0]
            signed.append(times["signed-in"])
            main_window.append(times["shown"])
            ready.append(times.get("ready", times["shown"]))
        # which modules were imported before the sign-in window showed
        imports = timed([sys.executable, "-X", "importtime", *peerdesk[1:]], env)[1]

    heavy = sorted(
        {
            name
            for line in imports.splitlines()
            for name in ("alembic", "reportlab", "sqlalchemy")
            if line.split("|")[-1].strip() == name
        }
    )
    bare_median, first_median = statistics.median(bare), statistics.median(first)
    print(f"data: demo --staff {args.staff} --months {args.months}; {args.runs} runs each")
    print(f"python + PySide6 + empty window:    median {bare_median:.3f} s (min {min(bare):.3f})")
    print(f"PeerDesk to its sign-in window:     median {first_median:.3f} s (min {min(first):.3f})")
    print(f"ratio: {first_median / bare_median:.2f}x (target at most 3x, aim 2x)")
    print(
        f"signing in (argon2id, open and check the encrypted file): median "
        f"{statistics.median(signed):.3f} s"
    )
    print(
        f"password accepted to main window shown: median {statistics.median(main_window):.3f} s;"
        f" services loaded by {statistics.median(ready):.3f} s"
    )
    print(
        f"imported before the sign-in window showed (alembic, reportlab, sqlalchemy): "
        f"{heavy or 'none'}"
    )


if __name__ == "__main__":
    main()
