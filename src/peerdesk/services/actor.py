"""Who is acting. Every service call takes one, so access rules can grow without new call sites."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    display_name: str
    role: Role
    staff_id: int | None = None  # their own record in the staff register, if linked

    @classmethod
    def local_administrator(cls) -> Actor:
        """The single local administrator, until user accounts exist."""
        return cls(user_id=None, display_name="Administrator", role=Role.ADMINISTRATOR)


# PeerDesk itself (the daily backup, failed sign-ins noted before anyone is signed in).
SYSTEM = Actor(user_id=None, display_name="PeerDesk", role=Role.ADMINISTRATOR)


class AccessDenied(PermissionError):
    """The acting user may not do this."""


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role is not Role.ADMINISTRATOR and actor.role not in roles:
        raise AccessDenied(f"{actor.display_name} is not allowed to do that.")
