"""A save that the disk refuses leaves the dialog open, with the typing, and says why."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from sqlalchemy import event

from peerdesk.services.errors import StorageError
from peerdesk.ui.error_hook import LOG_NAME, install_error_hook, message_for
from peerdesk.ui.staff_dialog import StaffDialog
from tests.conftest import TODAY


@pytest.fixture
def shown(tmp_path):
    messages: list[tuple[str, str]] = []
    previous = install_error_hook(
        tmp_path, lambda _parent, title, text: messages.append((title, text))
    )
    yield messages
    sys.excepthook = previous


def test_a_read_only_disk_keeps_the_form_and_says_why(
    qtbot, services, admin, database, shown
) -> None:
    dialog = StaffDialog(services, admin, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    name = dialog.findChild(QLineEdit, "full_name")
    qtbot.keyClicks(name, "Ada Okoye")
    database.engine.dispose()
    event.listen(database.engine, "connect", lambda conn, _r: conn.execute("PRAGMA query_only=ON"))
    with qtbot.capture_exceptions() as caught:
        qtbot.mouseClick(dialog.findChild(QPushButton, "save_button"), Qt.MouseButton.LeftButton)
    assert caught, "the refused save should reach the error hook"
    kind, error, tb = caught[-1]
    assert isinstance(error, StorageError)
    sys.excepthook(kind, error, tb)
    [(title, text)] = shown
    assert title == "PeerDesk could not save"
    assert "read-only" in text and "what you typed is still on screen" in text
    assert dialog.isVisible()
    assert name.text() == "Ada Okoye"
    assert services.staff.people(admin) == []


def test_an_unexpected_error_is_logged_and_explained(tmp_path, shown) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    [(title, text)] = shown
    assert title == "Something went wrong"
    assert str(tmp_path / LOG_NAME) in text
    assert "RuntimeError: boom" in (tmp_path / LOG_NAME).read_text(encoding="utf-8")


def test_the_words_for_a_storage_error_are_the_services_own() -> None:
    title, text = message_for(StorageError("The disk is full."), None)
    assert (title, text) == ("PeerDesk could not save", "The disk is full.")
