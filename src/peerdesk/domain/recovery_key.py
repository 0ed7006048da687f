"""The recovery key: the data key written so a person can copy it onto paper.

56 characters in groups of four, from an alphabet without look-alikes (no 0/O, 1/I/L, U),
with a check code, so a typo is caught before any unlocking is tried. It holds the data
key itself, so it opens the data file and every backup even if the key file is lost.
"""

from __future__ import annotations

import hashlib

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
_READ_AS = {"O": "0", "I": "1", "L": "1", "U": "V"}
CHECK_BYTES = 3
KEY_BYTES = 32
GROUP = 4


class RecoveryKeyError(ValueError):
    """The text is not a recovery key (a typo, a missing group)."""


def encode(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    payload = key + hashlib.sha256(b"peerdesk recovery" + key).digest()[:CHECK_BYTES]
    number = int.from_bytes(payload, "big")
    length = (len(payload) * 8 + 4) // 5
    chars = []
    for _ in range(length):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def decode(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\n")
    cleaned = "".join(_READ_AS.get(ch, ch) for ch in cleaned)
    expected = ((KEY_BYTES + CHECK_BYTES) * 8 + 4) // 5
    if len(cleaned) != expected:
        raise RecoveryKeyError(
            f"A recovery key has {expected} letters and digits; this one has {len(cleaned)}."
        )
    number = 0
    for ch in cleaned:
        value = ALPHABET.find(ch)
        if value < 0:
            raise RecoveryKeyError(f"'{ch}' is not used in recovery keys; check the key.")
        number = (number << 5) | value
    try:
        payload = number.to_bytes(KEY_BYTES + CHECK_BYTES, "big")
    except OverflowError as exc:
        raise RecoveryKeyError("That is not a recovery key; check it again.") from exc
    key, check = payload[:KEY_BYTES], payload[KEY_BYTES:]
    if hashlib.sha256(b"peerdesk recovery" + key).digest()[:CHECK_BYTES] != check:
        raise RecoveryKeyError("That recovery key has a typo in it; check it again.")
    return key
