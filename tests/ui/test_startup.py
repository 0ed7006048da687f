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


def test_the_sign_in_window_shows_first_and_quickly(tmp_path: Path) -> None:
    """Nothing of the (encrypted) data is read before someone signs in: a real PeerDesk
    process shows the sign-in window first (the start-up benchmark times this)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PEERDESK_USER": "admin",
        "PEERDESK_PASSWORD": "correct horse battery",
    }
    peerdesk = [sys.executable, "-m", "peerdesk", "--data-dir", str(tmp_path / "data")]
    subprocess.run([*peerdesk, "demo", "--staff", "30"], env=env, check=True, capture_output=True)
    env["PEERDESK_QUIT_WHEN_SHOWN"] = repr(time.time())
    done = subprocess.run(peerdesk, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sign-in window shown after ")
    assert "Traceback" not in done.stderr


def test_signing_in_opens_the_window_on_demo_data_and_loads_its_services(
    qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from peerdesk.cli import main as cli_main
    from peerdesk.ui.main_window import MainWindow

    monkeypatch.setenv("PEERDESK_USER", "admin")
    monkeypatch.setenv("PEERDESK_PASSWORD", "correct horse battery")
    data = tmp_path / "data"
    assert cli_main(["--data-dir", str(data), "demo", "--staff", "30"]) == 0
    windows: list[MainWindow] = []

    def loaded() -> bool:
        windows[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        return bool(windows) and windows[0].dashboard_page.isVisible()

    def loop(_app: object) -> int:
        qtbot.waitUntil(loaded, timeout=10000)
        qtbot.waitUntil(lambda: _services_loaded(windows[0]), timeout=10000)
        windows[0].close()
        return 0

    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", loop)

    def sign_in(service, _state, *_rest):  # type: ignore[no-untyped-def]
        return service.sign_in("admin", "correct horse battery")

    assert run_gui(data, sign_in_flow=sign_in) == 0
    assert windows[0].windowTitle().endswith("PeerDesk")
    assert b"Peer" not in (data / "peerdesk.db").read_bytes()[:4096]


def _services_loaded(window) -> bool:  # type: ignore[no-untyped-def]
    source = window._context.services_source
    return bool(source.done and source.error is None)


def test_damage_found_by_the_full_check_is_explained_and_changes_nothing(
    qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.services.sign_in import DataFileProblem, SignInService
    from tests.conftest import TODAY

    path = tmp_path / "peerdesk.db"
    service = SignInService(path)
    signed = service.set_up("amara", "Amara Okafor", "correct horse battery").signed_in
    generate_demo(signed.database.sessions, signed.actor, staff=300, months=12, seed=3, today=TODAY)
    service.sign_out(signed)
    data = bytearray(path.read_bytes())
    page = 4096
    # scribble over pages in the second half (the sessions)
    for start in range(len(data) // 2, len(data) - page, page * 7):
        data[start + 100 : start + 900] = b"\xa5" * 800
    path.write_bytes(bytes(data))
    before = sha256(path)
    shown: list[str] = []
    monkeypatch.setattr("peerdesk.ui.application.show_startup_error", shown.append)
    problems: list[object] = []

    def sign_in(service, _state, *_rest):  # type: ignore[no-untyped-def]
        try:
            return service.sign_in("amara", "correct horse battery")
        except DataFileProblem as problem:
            problems.append(problem)
            return problem

    assert run_gui(tmp_path, sign_in_flow=sign_in) == 1
    assert problems and shown and "damaged" in shown[0]
    assert sha256(path) == before
