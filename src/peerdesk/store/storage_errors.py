"""When the disk, not the data, is the problem: full, read-only, held by another program.

SQLite reports these as OperationalError with a terse English message. The engine turns
them into a StorageError that says, in plain words, what happened and what to do; the
transaction has been rolled back, so nothing was half-saved.
"""

from __future__ import annotations

import sqlite3

from peerdesk.store import sqlite_driver

NOTHING_HALF_SAVED = "Nothing was half-saved, and what you typed is still on screen."

# (what SQLite says, what PeerDesk says)
_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "database or disk is full",
        "The disk is full, so PeerDesk could not save. Free some space (or move the data "
        "folder to a bigger disk) and try again.",
    ),
    (
        "readonly database",
        "PeerDesk cannot write to its data file: the file or its folder is read-only. "
        "Check the folder's permissions, or that the USB stick or network drive is not "
        "write-protected, and try again.",
    ),
    (
        "database is locked",
        "Another program is holding PeerDesk's data file (perhaps a backup or sync tool), "
        "so PeerDesk could not save. Wait a moment and try again.",
    ),
    (
        "disk i/o error",
        "The disk reported an error while PeerDesk was saving. The disk may be failing or "
        "was removed; check it, then try again.",
    ),
    (
        "unable to open database file",
        "PeerDesk cannot reach its data file any more: the drive may have been removed or "
        "the folder renamed. Put it back and try again.",
    ),
)


class StorageError(OSError):
    """The disk refused a write (or a read); the unit of work was rolled back."""


def storage_error_for(error: BaseException) -> StorageError | None:
    """The plain-words StorageError for a SQLite disk problem, or None for anything else."""
    if not isinstance(error, sqlite3.OperationalError | sqlite_driver.OperationalError):
        return None
    text = str(error).casefold()
    for fragment, message in _MESSAGES:
        if fragment in text:
            return StorageError(f"{message} {NOTHING_HALF_SAVED}")
    return None
