"""Errors the store raises, each with a message a person can read."""


class DatabaseOpenError(Exception):
    """The data file could not be opened as a PeerDesk database. The file was not changed."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer PeerDesk than this one."""


class DamagedDatabaseError(DatabaseOpenError):
    """The file is empty, cut short or damaged inside: a backup is the way back."""


class ReadOnlyDatabaseError(DatabaseOpenError):
    """The file (or its folder) cannot be written to; it can still be read and checked."""
