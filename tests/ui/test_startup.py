"""Opening the app: a damaged file is explained and left alone; a healthy one opens fast."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peerdesk.app import run_gui


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"not a database at all\n" * 40, "not a PeerDesk database")],
)
def test_a_damaged_file_is_explained_and_left_untouched(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, words: str
) -> None:
    path = tmp_path / "peerdesk.db"
    path.write_bytes(content)
    shown: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", shown.append)
    assert run_gui(tmp_path) == 1
    assert len(shown) == 1 and words in shown[0]
    assert "Traceback" not in shown[0]
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["peerdesk.db"]


def test_a_newer_database_is_refused(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template_database: Path
) -> None:
    import shutil
    import sqlite3

    path = tmp_path / "peerdesk.db"
    shutil.copyfile(template_database, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = sha256(path)
    shown: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", shown.append)
    assert run_gui(tmp_path) == 1
    assert "newer version of PeerDesk" in shown[0]
    assert sha256(path) == before


def test_the_app_opens_on_demo_data_and_loads_its_services(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    peerdesk = [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path / "data")]
    subprocess.run([*peerdesk, "demo", "--staff", "30"], env=env, check=True, capture_output=True)
    env["PEERDESK_QUIT_WHEN_SHOWN"] = repr(time.time())
    done = subprocess.run(peerdesk, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("shown after ")
    assert lines[1].startswith("ready after ")
    assert "Traceback" not in done.stderr


def test_damage_found_by_the_full_check_closes_the_window_and_changes_nothing(
    qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peerdesk.services.actor import Actor
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.store.database import open_database
    from tests.conftest import TODAY

    path = tmp_path / "peerdesk.db"
    database = open_database(path)
    generate_demo(
        database.sessions, Actor.local_administrator(), staff=300, months=12, seed=3, today=TODAY
    )
    database.close()
    data = bytearray(path.read_bytes())
    page = 4096
    # scribble over pages in the second half (the sessions), leaving the first screen intact
    for start in range(len(data) // 2, len(data) - page, page * 7):
        data[start + 100 : start + 900] = b"\xa5" * 800
    path.write_bytes(bytes(data))
    before = sha256(path)
    shown: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", shown.append)
    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", lambda app: _spin(qtbot))
    run_gui(tmp_path)
    assert shown and "damaged" in shown[0]
    assert sha256(path) == before


def _spin(qtbot) -> int:
    """Stand-in for the event loop: run it until no window is left open."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(
        lambda: not [w for w in QApplication.topLevelWidgets() if w.isVisible()], timeout=10000
    )
    return 0
