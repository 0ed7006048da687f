"""Every command runs as an account: the tests' administrator, from the environment."""

from __future__ import annotations

import pytest

ADMIN = "admin"
ADMIN_PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _signed_in_as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERDESK_USER", ADMIN)
    monkeypatch.setenv("PEERDESK_PASSWORD", ADMIN_PASSWORD)
