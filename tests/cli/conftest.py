"""Every command runs as an account, and every data folder a command opens is encrypted.

``PEERDESK_USER`` and ``PEERDESK_PASSWORD`` name the tests' administrator for every CLI
test. ``data_dir`` is a set-up, encrypted data folder (a copy of one made once per run)
with ADMIN as its only account; ``database``, ``services`` and ``admin`` are that
administrator signed in, as the app would be, so a test can arrange its data and read it
back while the commands run in the same folder.

The helpers below set a plain folder up, sign in, and read an encrypted file's rows
without changing it (the key comes from the key file, as a command gets it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services, services_for
from peerdesk.services.sign_in import SignedIn, SignInService
from peerdesk.store import sqlite_driver
from peerdesk.store.database import Database, database_path
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.file_check import existing_sidecars, read_only_uri, remove_new_sidecars
from peerdesk.store.keyring import KEY_FILE_NAME, Keyring
from tests.conftest import FAST_KEYS, TODAY

ADMIN = "admin"
ADMIN_NAME = "Test Admin"
ADMIN_PASSWORD = "correct horse battery staple"
DB_NAME = "peerdesk.db"
AUDIT_TABLE = "audit_event"


@pytest.fixture(autouse=True)
def _signed_in_as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERDESK_USER", ADMIN)
    monkeypatch.setenv("PEERDESK_PASSWORD", ADMIN_PASSWORD)


# -- setting up and signing in ----------------------------------------------------------------


def sign_in_service(data_dir: Path) -> SignInService:
    return SignInService(database_path(data_dir))


def set_up(data_dir: Path) -> None:
    """Make ADMIN the folder's administrator: a new folder is created encrypted, a plain
    one is backed up and encrypted (as ``peerdesk setup`` does)."""
    service = sign_in_service(data_dir)
    done = service.set_up(ADMIN, ADMIN_NAME, ADMIN_PASSWORD)
    service.sign_out(done.signed_in)


@contextmanager
def signed_in(
    data_dir: Path, user: str = ADMIN, password: str = ADMIN_PASSWORD
) -> Iterator[tuple[SignedIn, Services]]:
    """Sign in to the folder (recorded in its audit trail) and sign out after."""
    service = sign_in_service(data_dir)
    signed = service.sign_in(user, password)
    try:
        yield signed, services_for(signed, today=lambda: TODAY)
    finally:
        service.sign_out(signed)


def data_key(data_dir: Path, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> DatabaseKey:
    """The folder's data key, from the user's key slot (the database is not touched)."""
    return Keyring.beside(database_path(data_dir)).unlock(user, password)


# -- reading an encrypted file without changing it -------------------------------------------

Rows = dict[str, list[tuple[Any, ...]]]


@contextmanager
def reading(path: Path, key: DatabaseKey | None) -> Iterator[sqlite_driver.Connection]:
    """A read-only connection (with ``key`` unless the file is plain) that leaves no -wal
    or -shm file behind, as PeerDesk's own checks do."""
    existed = existing_sidecars(path)
    file_key = None if sqlite_driver.is_plain_sqlite(path) else key
    conn = sqlite_driver.connect(read_only_uri(path), file_key, uri=True)
    try:
        yield conn
    finally:
        conn.close()
        remove_new_sidecars(path, existed)


def table_rows(path: Path, key: DatabaseKey | None) -> Rows:
    """Every row of every table, read-only."""
    with reading(path, key) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def data_rows(path: Path, key: DatabaseKey | None) -> Rows:
    """The rows of every table but the audit trail, with each account's last sign-in time
    left out: what a command must not change, whoever signs in to run it."""
    rows = table_rows(path, key)
    rows.pop(AUDIT_TABLE, None)
    with reading(path, key) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(user_account)")]
    if "last_sign_in_at" in columns:
        at = columns.index("last_sign_in_at")
        rows["user_account"] = [(*r[:at], None, *r[at + 1 :]) for r in rows["user_account"]]
    return rows


def audit_actions(path: Path, key: DatabaseKey | None) -> list[str]:
    """The audit trail's actions, oldest first."""
    with reading(path, key) as conn:
        return [row[0] for row in conn.execute(f"SELECT action FROM {AUDIT_TABLE} ORDER BY id")]


# -- fixtures: a set-up, encrypted data folder, and its administrator signed in --------------


@pytest.fixture(scope="session")
def secure_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new data folder set up once per run: the encrypted database and its key file."""
    folder = tmp_path_factory.mktemp("secure-template")
    path = database_path(folder)
    service = SignInService(path, keyring=Keyring.beside(path, derivation=FAST_KEYS))
    done = service.set_up(ADMIN, ADMIN_NAME, ADMIN_PASSWORD)
    service.sign_out(done.signed_in)
    assert sorted(p.name for p in folder.iterdir()) == [DB_NAME, KEY_FILE_NAME]
    return folder


@pytest.fixture
def data_dir(tmp_path: Path, secure_template: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (DB_NAME, KEY_FILE_NAME):
        shutil.copy2(secure_template / name, folder / name)
    return folder


@pytest.fixture
def signed_admin(data_dir: Path) -> Iterator[SignedIn]:
    service = sign_in_service(data_dir)
    signed = service.sign_in(ADMIN, ADMIN_PASSWORD)
    yield signed
    service.sign_out(signed)


@pytest.fixture
def database(signed_admin: SignedIn) -> Database:
    return signed_admin.database


@pytest.fixture
def services(signed_admin: SignedIn) -> Services:
    return services_for(signed_admin, today=lambda: TODAY)


@pytest.fixture
def admin(signed_admin: SignedIn) -> Actor:
    return signed_admin.actor
