"""Rules for user accounts: what a user name and a password must be."""

from __future__ import annotations

import re

from peerdesk.domain.validation import FieldError

MIN_PASSWORD = 10
MAX_PASSWORD = 200
USERNAME = re.compile(r"^[\w.@-]{2,100}$")
# A few passwords people reach for first; the length rule catches most of the rest.
COMMON = frozenset(
    {
        "password123",
        "password1234",
        "1234567890",
        "0123456789",
        "qwertyuiop",
        "letmein123",
        "peerdesk123",
        "iloveyou123",
        "administrator",
    }
)


def username_problems(username: str) -> list[FieldError]:
    name = username.strip()
    if not name:
        return [FieldError("username", "Choose a user name.")]
    if not USERNAME.match(name):
        return [
            FieldError(
                "username",
                "A user name is 2 to 100 letters, digits, dots, dashes, underscores or @, "
                "with no spaces.",
            )
        ]
    return []


def password_problems(password: str, username: str, *, field: str = "password") -> list[FieldError]:
    if len(password) < MIN_PASSWORD:
        return [FieldError(field, f"A password needs at least {MIN_PASSWORD} characters.")]
    if len(password) > MAX_PASSWORD:
        return [FieldError(field, f"A password can have at most {MAX_PASSWORD} characters.")]
    if username.strip() and username.strip().casefold() in password.casefold():
        return [FieldError(field, "A password must not contain the user name.")]
    if password.casefold() in COMMON or len(set(password)) < 4:
        return [FieldError(field, "That password is too easy to guess; choose another.")]
    return []
