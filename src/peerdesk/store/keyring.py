"""The key file: each user's password unlocks their own copy of the data key (a key slot).

``peerdesk.keys`` sits beside the database. For each account it holds a salt, the
argon2id parameters, the data key XOR-ed with 32 bytes derived from the password, and a
check value derived from the same password (so a wrong password is told apart from a
damaged database without trying to open it). A password change writes a new slot and
never re-encrypts the data. The file holds no data key in the clear and nothing about the
people in the database: only user names, which the sign-in screen needs before the
database can be opened.

It also counts failed sign-ins per user name: after ``FREE_TRIES`` failures in a row,
each further try must wait, and the wait doubles. The failed tries are kept here (the
database is still locked when they happen) until the next sign-in moves them into the
audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from peerdesk.domain.text import fold
from peerdesk.store.backup import process_alive
from peerdesk.store.database_key import KEY_BYTES, DatabaseKey

KEY_FILE_NAME = "peerdesk.keys"
FORMAT = 1
FREE_TRIES = 5
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 3600
SALT_BYTES = 16
PENDING_LIMIT = 1000

Now = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class KeyDerivation:
    """argon2id cost. Stored with each slot, so a slot opens with the cost it was made with."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def meets(self, floor: KeyDerivation) -> bool:
        return (
            self.time_cost >= floor.time_cost
            and self.memory_kib >= floor.memory_kib
            and self.parallelism >= floor.parallelism
        )


# Never weaker than this (t=3, 64 MiB, 4 lanes) ...
MINIMUM = KeyDerivation(time_cost=3, memory_kib=64 * 1024, parallelism=4)
# ... and by default 256 MiB: 0.4-0.8 s per try on a two-core laptop
# (benchmarks/bench_key_derivation.py).
STANDARD = KeyDerivation(time_cost=3, memory_kib=256 * 1024, parallelism=4)
# What new slots are made with (tests make it cheaper; see tests/conftest.py).
DERIVATION = STANDARD


class KeyringError(Exception):
    """The key file is missing, damaged or does not hold what was asked for."""


class WrongPassword(KeyringError):
    """The user name or password is not right (the two are never told apart)."""


@dataclass(frozen=True)
class MustWait(KeyringError):
    """Too many wrong tries: no more tries for this user name until ``until``."""

    until: dt.datetime
    seconds: int

    def __str__(self) -> str:
        return (
            f"Too many wrong passwords. Try again in {_wait_words(self.seconds)}, "
            "or ask an administrator to reset the password."
        )


@dataclass(frozen=True)
class FailedSignIn:
    username: str
    at: dt.datetime
    reason: str


@dataclass
class _Slot:
    username: str
    salt: bytes
    derivation: KeyDerivation
    wrapped: bytes
    check: bytes
    created_at: str


@dataclass
class _Contents:
    slots: dict[str, _Slot] = field(default_factory=dict)
    failures: dict[str, tuple[int, str]] = field(default_factory=dict)
    pending: list[FailedSignIn] = field(default_factory=list)


def _derive(password: str, salt: bytes, derivation: KeyDerivation) -> tuple[bytes, bytes]:
    """(32 bytes that wrap the data key, a check value): one argon2id run."""
    out = hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=derivation.time_cost,
        memory_cost=derivation.memory_kib,
        parallelism=derivation.parallelism,
        hash_len=2 * KEY_BYTES,
        type=Type.ID,
    )
    mask, check_seed = out[:KEY_BYTES], out[KEY_BYTES:]
    return mask, hashlib.sha256(b"peerdesk key check" + check_seed).digest()


def _xor(left: bytes, right: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(left, right, strict=True))


def username_key(username: str) -> str:
    return fold(username.strip())


class Keyring:
    """The key slots in ``path``. Every change is written to a new file and renamed into
    place, so the key file is never half-written."""

    def __init__(
        self,
        path: Path,
        derivation: KeyDerivation | None = None,
        now: Now = utc_now,
    ) -> None:
        self.path = path
        self.derivation = derivation or DERIVATION
        self._now = now

    @classmethod
    def beside(cls, database_path: Path, **kwargs: Any) -> Keyring:
        return cls(database_path.with_name(KEY_FILE_NAME), **kwargs)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def usernames(self) -> list[str]:
        return sorted(slot.username for slot in self._read().slots.values())

    def has(self, username: str) -> bool:
        return username_key(username) in self._read().slots

    # -- slots ---------------------------------------------------------------------------

    def create(self, username: str, password: str, key: DatabaseKey) -> None:
        """Start a new key file whose first slot is ``username``'s. Refuses to overwrite."""
        if self.path.exists():
            raise KeyringError(f"{self.path.name} already exists; PeerDesk will not replace it.")
        contents = _Contents()
        contents.slots[username_key(username)] = self._new_slot(username, password, key)
        self._write(contents)

    def add(self, username: str, password: str, key: DatabaseKey) -> None:
        """Give ``username`` a slot (replacing any they had: a reset or a password change)."""
        contents = self._read()
        contents.slots[username_key(username)] = self._new_slot(username, password, key)
        contents.failures.pop(username_key(username), None)
        self._write(contents)

    def remove(self, username: str) -> None:
        contents = self._read()
        if contents.slots.pop(username_key(username), None) is not None:
            self._write(contents)

    def unlock(self, username: str, password: str) -> DatabaseKey:
        """The data key, from ``username``'s slot and password.

        Raises MustWait while this user name is waiting after too many wrong tries, and
        WrongPassword (counted) when the name has no slot or the password is wrong.
        """
        contents = self._read()
        name = username_key(username)
        self._refuse_while_waiting(contents, name)
        slot = contents.slots.get(name)
        if slot is None:
            # as slow as a real try, so a missing name cannot be told from a wrong password
            _derive(password, secrets.token_bytes(SALT_BYTES), self.derivation)
            self._count_failure(contents, name, username, "unknown user name")
            raise WrongPassword("That user name and password do not match.")
        mask, check = _derive(password, slot.salt, slot.derivation)
        if not hmac.compare_digest(check, slot.check):
            self._count_failure(contents, name, slot.username, "wrong password")
            raise WrongPassword("That user name and password do not match.")
        if name in contents.failures:
            contents.failures.pop(name)
            self._write(contents)  # which clears leftovers too
        else:
            self.clear_leftovers()
        return DatabaseKey(_xor(slot.wrapped, mask))

    def check_password(self, username: str, password: str) -> bool:
        """Whether ``password`` opens ``username``'s slot (counted like any try)."""
        try:
            self.unlock(username, password).drop()
        except WrongPassword:
            return False
        return True

    def wait_for(self, username: str) -> int:
        """Seconds ``username`` must still wait before trying again (0: may try now)."""
        contents = self._read()
        return self._seconds_to_wait(contents, username_key(username))

    # -- failed sign-ins waiting for the audit trail -------------------------------------

    def record_failure(self, username: str, reason: str) -> None:
        """Count a failed sign-in that did not go through ``unlock`` (e.g. an inactive
        account) so it reaches the audit trail."""
        contents = self._read()
        self._count_failure(contents, username_key(username), username, reason, raise_wait=False)

    def pending_failures(self) -> list[FailedSignIn]:
        return list(self._read().pending)

    def clear_pending(self, count: int) -> None:
        """Forget the first ``count`` pending failures (now copied into the audit trail)."""
        contents = self._read()
        if count:
            contents.pending = contents.pending[count:]
            self._write(contents)

    # -- inside --------------------------------------------------------------------------

    def _new_slot(self, username: str, password: str, key: DatabaseKey) -> _Slot:
        if not password:
            raise KeyringError("A password cannot be empty.")
        salt = secrets.token_bytes(SALT_BYTES)
        mask, check = _derive(password, salt, self.derivation)
        return _Slot(
            username=username.strip(),
            salt=salt,
            derivation=self.derivation,
            wrapped=_xor(key.raw(), mask),
            check=check,
            created_at=self._now().astimezone(dt.UTC).isoformat(),
        )

    def _seconds_to_wait(self, contents: _Contents, name: str) -> int:
        count, last = contents.failures.get(name, (0, ""))
        if count < FREE_TRIES or not last:
            return 0
        wait = min(FIRST_WAIT_SECONDS * 2 ** (count - FREE_TRIES), LONGEST_WAIT_SECONDS)
        until = dt.datetime.fromisoformat(last) + dt.timedelta(seconds=wait)
        remaining = (until - self._now()).total_seconds()
        return max(0, int(remaining + 0.999))

    def _refuse_while_waiting(self, contents: _Contents, name: str) -> None:
        seconds = self._seconds_to_wait(contents, name)
        if seconds > 0:
            raise MustWait(self._now() + dt.timedelta(seconds=seconds), seconds)

    def _count_failure(
        self,
        contents: _Contents,
        name: str,
        username: str,
        reason: str,
        *,
        raise_wait: bool = True,
    ) -> None:
        now = self._now().astimezone(dt.UTC)
        count, _last = contents.failures.get(name, (0, ""))
        contents.failures[name] = (count + 1, now.isoformat())
        contents.pending.append(FailedSignIn(username.strip()[:100], now, reason))
        del contents.pending[:-PENDING_LIMIT]
        self._write(contents)

    def _read(self) -> _Contents:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise KeyringError(
                f"The key file {self.path.name} is missing from {self.path.parent}; put it "
                "back from where it was copied, or unlock with the recovery key."
            ) from exc
        except OSError as exc:
            raise KeyringError(
                f"PeerDesk cannot read its key file {self.path.name}: {exc.strerror or exc}."
            ) from exc
        try:
            return _parse(json.loads(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyringError(
                f"The key file {self.path.name} is damaged; put back a good copy, or unlock "
                "with the recovery key."
            ) from exc

    def _write(self, contents: _Contents) -> None:
        document = {
            "format": FORMAT,
            "slots": [
                {
                    "username": s.username,
                    "salt": s.salt.hex(),
                    "time_cost": s.derivation.time_cost,
                    "memory_kib": s.derivation.memory_kib,
                    "parallelism": s.derivation.parallelism,
                    "wrapped": s.wrapped.hex(),
                    "check": s.check.hex(),
                    "created_at": s.created_at,
                }
                for s in contents.slots.values()
            ],
            "failures": {
                name: {"count": count, "last": last}
                for name, (count, last) in contents.failures.items()
            },
            "pending": [
                {"username": p.username, "at": p.at.isoformat(), "reason": p.reason}
                for p in contents.pending
            ],
        }
        text = json.dumps(document, indent=1, ensure_ascii=False)
        self.clear_leftovers()
        partial = self.path.with_name(self.path.name + f".{os.getpid()}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, self.path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise KeyringError(
                f"PeerDesk could not save its key file in {self.path.parent}: "
                f"{exc.strerror or exc}. Nothing was changed."
            ) from exc

    def clear_leftovers(self) -> None:
        """Remove what a PeerDesk killed while saving the key file left behind (done on
        every save and every successful unlock; a folder that cannot be tidied is left as
        it is, since the leftover is never read)."""
        try:
            for partial in self.path.parent.glob(f"{self.path.name}.*.partial"):
                pid_text = partial.name[len(self.path.name) + 1 : -len(".partial")]
                if pid_text.isdigit() and process_alive(int(pid_text)):
                    continue  # another process is saving it right now
                partial.unlink(missing_ok=True)
        except OSError:
            pass


def _parse(document: Any) -> _Contents:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("unknown key file format")
    contents = _Contents()
    for item in document["slots"]:
        slot = _Slot(
            username=str(item["username"]),
            salt=bytes.fromhex(item["salt"]),
            derivation=KeyDerivation(
                int(item["time_cost"]), int(item["memory_kib"]), int(item["parallelism"])
            ),
            wrapped=bytes.fromhex(item["wrapped"]),
            check=bytes.fromhex(item["check"]),
            created_at=str(item["created_at"]),
        )
        if len(slot.wrapped) != KEY_BYTES or len(slot.check) != 32:
            raise ValueError("a slot of the wrong size")
        contents.slots[username_key(slot.username)] = slot
    for name, value in dict(document.get("failures", {})).items():
        contents.failures[str(name)] = (int(value["count"]), str(value["last"]))
    for item in document.get("pending", []):
        contents.pending.append(
            FailedSignIn(
                str(item["username"]), dt.datetime.fromisoformat(item["at"]), str(item["reason"])
            )
        )
    return contents


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
