"""Errors services raise for things a person can put right."""

from peerdesk.store.storage_errors import StorageError

__all__ = ["Conflict", "NotFound", "StorageError"]


class NotFound(LookupError):
    """The record asked for does not exist (any more)."""


class Conflict(ValueError):
    """The change clashes with what is already there (a duplicate name, a team in use)."""
