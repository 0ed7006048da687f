"""Text folding used for search and sorting, so "zoe" finds "Zoë" and "lukasz" finds "Łukasz";
and dates written out the way PeerDesk shows them everywhere."""

from __future__ import annotations

import datetime as dt
import unicodedata

# Letters that do not decompose into a base letter plus a combining mark.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space, for matching and ordering."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def short_date(day: dt.date) -> str:
    """A date as the app's tables and date boxes show it: "3 Mar 2026".

    Built by hand because strftime's "%-d" (no leading zero) does not work on Windows.
    """
    return f"{day.day} {day:%b %Y}"


def long_date(day: dt.date) -> str:
    """A date as people write it in a sentence: "3 March 2026"."""
    return f"{day.day} {day:%B %Y}"
