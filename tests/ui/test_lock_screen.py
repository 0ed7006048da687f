"""The lock screen and the idle watcher that brings it up."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from peerdesk.services.sign_in import SignedIn, SignInRefused, SignInService
from peerdesk.store.keyring import KeyDerivation
from peerdesk.ui.idle_watcher import IdleWatcher
from peerdesk.ui.lock_screen import TOO_MANY, LockScreen
from peerdesk.ui.tasks import InlineRunner

PASSWORD = "river stones at dawn"


@pytest.fixture(autouse=True)
def fast_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("peerdesk.store.keyring.DERIVATION", KeyDerivation(1, 8 * 1024, 1))


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[tuple[SignInService, SignedIn]]:
    """Ada, signed in to a new data folder, then locked."""
    service = SignInService(tmp_path / "peerdesk.db")
    signed = service.set_up("ada", "Ada Admin", PASSWORD).signed_in
    service.lock(signed)
    yield service, signed
    signed.database.close()
    signed.key.drop()


def show_lock(qtbot: QtBot, screen: LockScreen) -> LockScreen:
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow, timeout=2000)
    return screen


def message(screen: LockScreen) -> QLabel:
    label = screen.findChild(QLabel, "message_label")
    assert label is not None
    return label


def test_lock_screen_refuses_a_wrong_password_and_unlocks_with_the_right_one(
    qtbot: QtBot, signed: tuple[SignInService, SignedIn]
) -> None:
    service, session = signed
    assert session.locked
    signed_out: list[bool] = []
    screen = show_lock(
        qtbot,
        LockScreen(
            session.actor.display_name,
            lambda password: service.unlock(session, password),
            lambda: signed_out.append(True),
            tasks=InlineRunner(),
        ),
    )
    assert screen.windowTitle() == "PeerDesk is locked"
    assert "Ada Admin" in screen.who_label.text()
    assert screen.focusWidget() is screen.findChild(QLineEdit, "password")

    qtbot.keyClicks(screen.password_edit, "not the password")
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(message(screen).isVisible, timeout=5000)
    assert message(screen).text() == "That user name and password do not match."
    assert session.locked
    assert screen.isVisible()

    qtbot.keyClicks(screen.password_edit, PASSWORD)
    with qtbot.waitSignal(screen.unlocked, timeout=5000):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not session.locked
    assert not screen.isVisible()
    assert signed_out == []  # closing after unlocking signs nobody out


def test_lock_screen_counts_down_while_it_must_wait(qtbot: QtBot) -> None:
    tries: list[str] = []

    def unlock(password: str) -> None:
        tries.append(password)
        raise SignInRefused("Too many wrong passwords. Try again in 3 seconds.", 3)

    screen = show_lock(qtbot, LockScreen("Ada Admin", unlock, lambda: None, tasks=InlineRunner()))
    screen.countdown.tick_ms = 30
    qtbot.keyClicks(screen.password_edit, "a guess")
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    countdown = screen.findChild(QLabel, "countdown_label")
    assert countdown is not None
    qtbot.waitUntil(countdown.isVisible, timeout=5000)
    assert message(screen).text() == TOO_MANY
    assert countdown.text() == "You can try again in 3 seconds."
    assert not screen.unlock_button.isEnabled()
    qtbot.keyClicks(screen.password_edit, "another guess")
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)  # refused without asking
    assert tries == ["a guess"]

    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=5000)
    assert not countdown.isVisible()
    assert not message(screen).isVisible()


def test_sign_out_and_close_signs_out(qtbot: QtBot) -> None:
    signed_out: list[bool] = []

    def unlock(password: str) -> None:
        raise AssertionError("not expected")

    screen = show_lock(qtbot, LockScreen("Ada Admin", unlock, lambda: signed_out.append(True)))
    button = screen.findChild(QPushButton, "sign_out_button")
    assert button is not None
    with qtbot.waitSignal(screen.signed_out):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signed_out == [True]
    assert not screen.isVisible()


def test_closing_the_lock_screen_window_signs_out(qtbot: QtBot) -> None:
    signed_out: list[bool] = []
    screen = show_lock(
        qtbot, LockScreen("Ada Admin", lambda password: None, lambda: signed_out.append(True))
    )
    with qtbot.waitSignal(screen.signed_out):
        screen.close()
    assert signed_out == [True]


def test_lock_screen_shows_nothing_but_who_is_signed_in(qtbot: QtBot) -> None:
    screen = show_lock(qtbot, LockScreen("Ada Admin", lambda password: None, lambda: None))
    texts = {label.text() for label in screen.findChildren(QLabel) if label.isVisible()}
    texts.discard("")
    assert texts == {
        "PeerDesk",
        "PeerDesk is locked",
        "Signed in as Ada Admin. Type your password to carry on.",
    }


# -- the idle watcher -------------------------------------------------------------------------


@pytest.fixture
def watcher(qapp: object) -> Iterator[IdleWatcher]:
    idle = IdleWatcher(minutes=10)
    yield idle
    idle.stop()
    idle.deleteLater()


def test_idle_watcher_says_idle_after_the_interval(qtbot: QtBot, watcher: IdleWatcher) -> None:
    assert watcher.interval_ms == 10 * 60_000
    watcher.set_minutes(3)
    assert watcher.interval_ms == 3 * 60_000
    watcher.set_interval_ms(50)
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass


def test_key_presses_and_clicks_postpone_the_idle_lock(qtbot: QtBot, watcher: IdleWatcher) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    idle_at: list[float] = []
    watcher.idle.connect(lambda: idle_at.append(time.monotonic()))
    watcher.set_interval_ms(400)
    start = last_activity = time.monotonic()
    while time.monotonic() - start < 1.0:  # two and a half intervals of typing and clicking
        qtbot.keyClick(field, Qt.Key.Key_A)
        qtbot.wait(40)
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        last_activity = time.monotonic()
        qtbot.wait(40)
    assert idle_at == []
    assert field.text().startswith("aaa")
    qtbot.waitUntil(lambda: bool(idle_at), timeout=3000)
    assert idle_at[0] - last_activity >= 0.3  # a whole quiet interval after the last click


def test_a_paused_idle_watcher_stays_quiet_until_resumed(
    qtbot: QtBot, watcher: IdleWatcher
) -> None:
    idle: list[bool] = []
    watcher.idle.connect(lambda: idle.append(True))
    watcher.set_interval_ms(50)
    watcher.pause()
    widget = QWidget()
    qtbot.addWidget(widget)
    qtbot.keyClick(widget, Qt.Key.Key_A)  # activity while paused starts nothing
    qtbot.wait(200)
    assert idle == [] and watcher.paused
    watcher.resume()
    qtbot.waitUntil(lambda: bool(idle), timeout=2000)
