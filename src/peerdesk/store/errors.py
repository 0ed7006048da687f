"""Errors the store raises, each with a message a person can read."""


class DatabaseOpenError(Exception):
    """The data file could not be opened as a PeerDesk database. The file was not changed."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer PeerDesk than this one."""
