"""Today's date where the user is. Timestamps are stored in UTC; days are local days."""

from __future__ import annotations

import datetime as dt


def local_today() -> dt.date:
    return dt.datetime.now().astimezone().date()
