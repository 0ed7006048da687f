"""What the staff role service hands back: frozen dataclasses, no SQLAlchemy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import RoleDetails

__all__ = ["PersonRoles", "RoleDetails", "RoleRow", "role_summary"]


@dataclass(frozen=True)
class RoleRow:
    """One role a person holds: their main one (``id`` None, ``is_main``) or a further one."""

    id: int | None
    staff_id: int
    is_main: bool
    details: RoleDetails
    team_name: str
    supervisor_name: str
    is_current: bool  # not ended yet (a role starting later counts as current)

    @property
    def job_title(self) -> str:
        return self.details.job_title

    @property
    def role_category(self) -> RoleCategory:
        return self.details.role_category

    @property
    def employment_type(self) -> EmploymentType:
        return self.details.employment_type


@dataclass(frozen=True)
class PersonRoles:
    """A person's main role and their further roles (current ones first, then ended)."""

    staff_id: int
    full_name: str
    person_start: dt.date
    person_end: dt.date | None
    main: RoleRow
    further: tuple[RoleRow, ...]

    @property
    def current_further(self) -> tuple[RoleRow, ...]:
        return tuple(role for role in self.further if role.is_current)


def role_summary(role: RoleRow) -> str:
    """ "Volunteer (Community, 4 h)"; hours that vary read "hours vary"."""
    title = role.details.job_title or role.details.role_category.label
    hours = role.details.hours_per_week
    parts = [p for p in (role.team_name, "hours vary" if hours is None else f"{hours:g} h") if p]
    return f"{title} ({', '.join(parts)})"
