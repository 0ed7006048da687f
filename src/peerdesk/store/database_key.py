"""The key that opens the encrypted data file, held only in memory while PeerDesk is unlocked.

The key is 32 random bytes (SQLCipher's raw-key form, so no slow passphrase derivation
per connection). It lives in a mutable buffer that ``drop`` overwrites with zeros when
PeerDesk locks or closes; connections made while no key is held are refused.
"""

from __future__ import annotations

import secrets

KEY_BYTES = 32


class KeyDropped(RuntimeError):
    """PeerDesk is locked: the data file cannot be opened until someone signs in again."""

    def __init__(self) -> None:
        super().__init__("PeerDesk is locked; sign in again to open the data.")


class DatabaseKey:
    """A refillable holder for the raw data key. Never printed, pickled or logged."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes | bytearray | None = None) -> None:
        self._raw = bytearray()
        if raw is not None:
            self.load(raw)

    @classmethod
    def generate(cls) -> DatabaseKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def present(self) -> bool:
        return len(self._raw) == KEY_BYTES

    def load(self, raw: bytes | bytearray) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self.drop()
        self._raw = bytearray(raw)

    def raw(self) -> bytes:
        """A copy of the key bytes (for wrapping it into a new key slot)."""
        if not self.present:
            raise KeyDropped()
        return bytes(self._raw)

    def literal(self) -> str:
        """SQLCipher's raw-key form, ``x'…'`` (for ATTACH … KEY ?)."""
        if not self.present:
            raise KeyDropped()
        return f"x'{self._raw.hex()}'"

    def pragma(self) -> str:
        """The statement that gives SQLCipher this key on a new connection."""
        return f'PRAGMA key = "{self.literal()}"'

    def drop(self) -> None:
        """Overwrite the key bytes with zeros and forget them."""
        for index in range(len(self._raw)):
            self._raw[index] = 0
        self._raw = bytearray()

    def copy(self) -> DatabaseKey:
        return DatabaseKey(self.raw())

    def __repr__(self) -> str:
        return f"DatabaseKey({'held' if self.present else 'dropped'})"

    def __reduce__(self) -> str:
        raise TypeError("a DatabaseKey is never pickled")
