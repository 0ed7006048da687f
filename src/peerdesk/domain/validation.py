"""Small helpers shared by the domain's validation rules."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, in words a user can act on."""

    field: str
    message: str


class ValidationError(ValueError):
    """Raised by services when input breaks a rule; carries one message per field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(e.message for e in errors))

    def message_for(self, field: str) -> str | None:
        for error in self.errors:
            if error.field == field:
                return error.message
        return None


def clean_text(value: str | None) -> str:
    """Trim surrounding white space and drop control characters (keeping line breaks)."""
    if value is None:
        return ""
    # Old Mac and some CSV line ends become new lines; other spacing controls become spaces,
    # so that removing control characters never glues two words together.
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    value = value.replace("\v", " ").replace("\f", " ")
    kept = [
        ch
        for ch in value
        if ch in "\n\t" or not unicodedata.category(ch).startswith("C") or ch == "\u200d"
    ]
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def clean_line(value: str | None) -> str:
    """Like clean_text, for one-line fields: any run of white space becomes one space."""
    return " ".join(clean_text(value).split())


def check_length(errors: list[FieldError], field: str, label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.append(FieldError(field, f"{label} is too long: keep it to {limit} characters."))
