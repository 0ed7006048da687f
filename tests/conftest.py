"""Shared fixtures: one migrated template database per run, copied for each test."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Qt aborts without a display unless told to draw offscreen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services, make_services
from peerdesk.store import keyring
from peerdesk.store.database import Database, open_database

pytest_plugins = ["tests.ui.app_fixtures"]

TODAY = dt.date(2026, 6, 15)
# argon2id as cheap as it goes: the real cost (0.4 s a try) is measured by
# benchmarks/bench_key_derivation.py, and tests/store/test_keyring.py checks it is used.
FAST_KEYS = keyring.KeyDerivation(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "DERIVATION", FAST_KEYS)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "peerdesk.db"
    open_database(path).close()
    return path


@pytest.fixture
def data_dir(tmp_path: Path, template_database: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(template_database, folder / "peerdesk.db")
    return folder


@pytest.fixture
def database(data_dir: Path) -> Iterator[Database]:
    db = open_database(data_dir / "peerdesk.db")
    yield db
    db.close()


@pytest.fixture
def services(database: Database) -> Services:
    return make_services(database.sessions, today=lambda: TODAY)


@pytest.fixture
def admin() -> Actor:
    return Actor.local_administrator()
