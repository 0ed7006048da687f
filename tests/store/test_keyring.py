"""The key file: a slot per user, unlocked by their password; waits after wrong tries."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from peerdesk.store import keyring as keyring_module
from peerdesk.store.database_key import DatabaseKey, KeyDropped
from peerdesk.store.keyring import (
    FREE_TRIES,
    MINIMUM,
    STANDARD,
    Keyring,
    KeyringError,
    MustWait,
    WrongPassword,
)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ring(tmp_path: Path, clock: Clock) -> Keyring:
    return Keyring(tmp_path / "peerdesk.keys", now=clock)


def test_the_standard_cost_is_never_below_the_floor_and_is_what_slots_record(
    tmp_path: Path,
) -> None:
    assert MINIMUM.time_cost >= 3 and MINIMUM.memory_kib >= 64 * 1024 and MINIMUM.parallelism >= 4
    assert STANDARD.meets(MINIMUM)
    # the real cost, once: the parameters are stored with the slot
    ring = Keyring(tmp_path / "k.keys", derivation=STANDARD)
    ring.create("amara", "a long enough password", DatabaseKey.generate())
    slot = json.loads(ring.path.read_text())["slots"][0]
    assert (slot["time_cost"], slot["memory_kib"], slot["parallelism"]) == (3, 256 * 1024, 4)


def test_the_application_default_is_the_standard_cost() -> None:
    # tests/conftest.py makes it cheap for the suite; the module's own value is STANDARD
    source = Path(keyring_module.__file__).read_text(encoding="utf-8")
    assert "\nDERIVATION = STANDARD\n" in source


def test_the_right_password_gives_back_the_data_key(ring: Keyring) -> None:
    key = DatabaseKey.generate()
    ring.create("Amara", "correct horse battery", key)
    opened = ring.unlock("  amara ", "correct horse battery")
    assert opened.raw() == key.raw()


def test_a_wrong_password_or_unknown_name_are_refused_alike(ring: Keyring) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    with pytest.raises(WrongPassword) as wrong:
        ring.unlock("amara", "correct horse batterY")
    with pytest.raises(WrongPassword) as unknown:
        ring.unlock("nobody", "correct horse battery")
    assert str(wrong.value) == str(unknown.value)


def test_the_key_file_holds_no_key_and_no_password(ring: Keyring) -> None:
    key = DatabaseKey.generate()
    ring.create("amara", "correct horse battery", key)
    text = ring.path.read_text()
    assert key.raw().hex() not in text
    assert "correct horse battery" not in text
    if os.name == "posix":
        assert ring.path.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_a_password_change_keeps_the_same_data_key(ring: Keyring) -> None:
    key = DatabaseKey.generate()
    ring.create("amara", "correct horse battery", key)
    ring.add("amara", "a different long phrase", ring.unlock("amara", "correct horse battery"))
    with pytest.raises(WrongPassword):
        ring.unlock("amara", "correct horse battery")
    assert ring.unlock("amara", "a different long phrase").raw() == key.raw()


def test_a_removed_slot_no_longer_opens(ring: Keyring) -> None:
    key = DatabaseKey.generate()
    ring.create("amara", "correct horse battery", key)
    ring.add("sam", "sams long password", key)
    ring.remove("sam")
    assert ring.usernames() == ["amara"]
    with pytest.raises(WrongPassword):
        ring.unlock("sam", "sams long password")


def test_after_five_wrong_tries_the_wait_grows(ring: Keyring, clock: Clock) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassword):
            ring.unlock("amara", "guess")
    # even the right password must wait now
    with pytest.raises(MustWait) as first:
        ring.unlock("amara", "correct horse battery")
    assert first.value.seconds == 30
    assert "Try again in 30 seconds" in str(first.value)
    clock.advance(30)
    with pytest.raises(WrongPassword):
        ring.unlock("amara", "guess again")
    with pytest.raises(MustWait) as second:
        ring.unlock("amara", "correct horse battery")
    assert second.value.seconds == 60
    clock.advance(60)
    assert ring.unlock("amara", "correct horse battery").present
    # the count starts again after a success
    with pytest.raises(WrongPassword):
        ring.unlock("amara", "guess")
    assert ring.wait_for("amara") == 0


def test_the_wait_survives_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "peerdesk.keys"
    Keyring(path, now=clock).create("amara", "correct horse battery", DatabaseKey.generate())
    for _ in range(FREE_TRIES):
        with pytest.raises(WrongPassword):
            Keyring(path, now=clock).unlock("amara", "guess")
    assert Keyring(path, now=clock).wait_for("amara") == 30


def test_failed_tries_wait_in_the_file_for_the_audit_trail(ring: Keyring) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    with pytest.raises(WrongPassword):
        ring.unlock("amara", "guess")
    with pytest.raises(WrongPassword):
        ring.unlock("someone", "guess")
    pending = ring.pending_failures()
    assert [(p.username, p.reason) for p in pending] == [
        ("amara", "wrong password"),
        ("someone", "unknown user name"),
    ]
    ring.clear_pending(1)
    assert [p.username for p in ring.pending_failures()] == ["someone"]


def test_a_damaged_or_missing_key_file_is_said_plainly(ring: Keyring) -> None:
    with pytest.raises(KeyringError, match="missing"):
        ring.unlock("amara", "x")
    ring.path.write_text("{not json")
    with pytest.raises(KeyringError, match="damaged"):
        ring.unlock("amara", "x")


def test_create_never_replaces_an_existing_key_file(ring: Keyring) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    before = ring.path.read_bytes()
    with pytest.raises(KeyringError, match="already exists"):
        ring.create("eve", "another long one", DatabaseKey.generate())
    assert ring.path.read_bytes() == before


def test_a_dropped_key_is_zeroed_and_refuses_use() -> None:
    key = DatabaseKey.generate()
    raw = key._raw  # the buffer itself
    key.drop()
    assert not key.present
    assert all(b == 0 for b in raw)
    with pytest.raises(KeyDropped):
        key.pragma()
    assert "held" not in repr(key) and key.raw.__name__ == "raw"


def test_a_key_file_half_written_by_a_killed_process_is_cleared_away(ring: Keyring) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    stale = ring.path.with_name(f"{ring.path.name}.99999999.partial")
    stale.write_text("{half")
    ring.add("sam", "a long supervisor phrase", ring.unlock("amara", "correct horse battery"))
    assert not stale.exists()
    assert ring.usernames() == ["amara", "sam"]


def test_the_next_sign_in_clears_a_half_written_key_file_away(ring: Keyring) -> None:
    ring.create("amara", "correct horse battery", DatabaseKey.generate())
    stale = ring.path.with_name(f"{ring.path.name}.99999999.partial")
    stale.write_text("{half")
    with pytest.raises(WrongPassword):
        ring.unlock("amara", "not the password")  # a refusal saves the count: cleared too
    assert not stale.exists()
    ring.unlock("amara", "correct horse battery").drop()  # clears the count: a save
    stale.write_text("{half")
    ring.unlock("amara", "correct horse battery").drop()  # nothing to save
    assert not stale.exists()
    # a partial of a process still writing is left alone
    mine = ring.path.with_name(f"{ring.path.name}.{os.getpid()}.partial")
    mine.write_text("{half")
    ring.unlock("amara", "correct horse battery").drop()
    assert mine.exists()
