"""The lock, in the running app: idle time and Ctrl+L lock it, nothing of the data stays on
screen or in a window's models, and only the same password opens it again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from peerdesk.app import run_gui
from peerdesk.services.bundle import services_for
from peerdesk.services.sign_in import Locked, SignInService
from peerdesk.store import sqlite_driver
from peerdesk.ui.lock_controller import LockController
from peerdesk.ui.lock_screen import LockScreen
from peerdesk.ui.main_window import PAGE_STAFF, MainWindow
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(
        "PySide6.QtCore.QSettings", lambda *a: QSettings(ini, QSettings.Format.IniFormat)
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    from peerdesk.domain.organisation import OrganisationDetails

    folder = tmp_path / "data"
    service = SignInService(folder / "peerdesk.db")
    signed = service.set_up("amara", "Amara Okafor", PASSWORD).signed_in
    services = services_for(signed, today=lambda: TODAY)
    services.organisation.create(signed.actor, OrganisationDetails(name="Brighter Paths"))
    add_person(services, signed.actor, "Zebedee Quill")
    service.sign_out(signed)
    return folder


def visible() -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def main_windows() -> list[MainWindow]:
    return [w for w in visible() if isinstance(w, MainWindow)]


def screen_text() -> str:
    """Every piece of text any visible window shows."""
    parts = []
    for window in visible():
        parts += [label.text() for label in window.findChildren(QLabel)]
        parts.append(window.windowTitle())
    return "\n".join(parts)


def test_idle_and_ctrl_l_lock_and_only_the_same_password_unlocks(
    qtbot: QtBot, qapp: Any, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def sign_in(service: SignInService, *_: Any) -> object:
        signed = service.sign_in("amara", PASSWORD)
        seen["signed"] = signed
        return signed

    def loop(_app: Any) -> int:
        qtbot.waitUntil(lambda: bool(main_windows()), timeout=10000)
        window = main_windows()[0]
        window.show_page(PAGE_STAFF)
        qtbot.waitUntil(lambda: "Zebedee" in _rows(window))
        controller = qapp.findChild(LockController, "lock_controller")
        assert controller is not None
        signed = seen["signed"]

        # 1. idle: shortened from ten minutes to a moment
        controller.idle.set_interval_ms(80)
        qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)
        qtbot.waitUntil(lambda: not main_windows())
        screens = [w for w in visible() if isinstance(w, LockScreen)]
        assert len(screens) == 1 and visible() == screens
        assert "Zebedee" not in screen_text() and "Brighter Paths" not in screen_text()
        assert "Amara Okafor" in screen_text()  # who is signed in, nothing else
        assert signed.locked  # the key overwritten and the connections closed
        with pytest.raises(Locked):
            services_for(signed).staff.get(signed.actor, 1)
        qapp.processEvents()
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

        # 2. a wrong password is refused; the same password opens it on the same page
        screen = screens[0]
        qtbot.keyClicks(screen.password_edit, "not my password")
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: screen.message_label.isVisible(), timeout=5000)
        assert controller.is_locked
        qtbot.keyClicks(screen.password_edit, PASSWORD)
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(main_windows()), timeout=5000)
        window = main_windows()[0]
        assert window.current_page() == PAGE_STAFF
        qtbot.waitUntil(lambda: "Zebedee" in _rows(window))
        assert not signed.locked

        # 3. Ctrl+L locks at once
        controller.idle.set_interval_ms(60 * 60 * 1000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)
        assert signed.locked
        # 4. sign out from the lock screen closes PeerDesk
        lock_screen = controller.lock_screen
        assert lock_screen is not None
        qtbot.mouseClick(lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not visible(), timeout=5000)
        return 0

    monkeypatch.setattr("peerdesk.ui.application.QApplication.exec", loop)
    raw_key: list[bytes] = []
    original_lock = SignInService.lock

    def keep_key(self: SignInService, signed: Any, reason: str = "locked") -> None:
        if signed.key.present:
            raw_key[:] = [signed.key.raw()]
        original_lock(self, signed, reason)

    monkeypatch.setattr(SignInService, "lock", keep_key)

    assert run_gui(data, sign_in_flow=sign_in) == 0

    from peerdesk.store.database_key import DatabaseKey

    with sqlite_driver.connect(data / "peerdesk.db", DatabaseKey(raw_key[0])) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_event ORDER BY id")]
    sign_ins = [a for a in actions if a != "backup"]  # the day's backup was made meanwhile
    assert sign_ins[-5:] == ["signed in", "locked", "sign-in failed", "unlocked", "locked"]
    assert b"Zebedee" not in (data / "peerdesk.db").read_bytes()


def _rows(window: MainWindow) -> str:
    model = window.staff_page.model
    return " ".join(str(model.index(row, 0).data()) for row in range(model.rowCount()))
