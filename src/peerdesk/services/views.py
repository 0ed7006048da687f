"""What services hand back: frozen dataclasses, importable without loading SQLAlchemy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from peerdesk.domain.enums import RoleCategory, StaffStatus
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import StaffDetails


class StaffSort(StrEnum):
    NAME = "name"
    JOB_TITLE = "job_title"
    ROLE_CATEGORY = "role_category"
    TEAM = "team"
    SUPERVISOR = "supervisor"
    START_DATE = "start_date"
    STATUS = "status"


@dataclass(frozen=True)
class StaffQuery:
    search: str = ""
    team_id: int | None = None
    role_category: RoleCategory | None = None
    status: StaffStatus = StaffStatus.CURRENT
    sort: StaffSort = StaffSort.NAME
    descending: bool = False


@dataclass(frozen=True)
class StaffRow:
    """One line of the staff table."""

    id: int
    full_name: str
    preferred_name: str
    job_title: str
    role_category: RoleCategory
    team_name: str
    supervisor_name: str
    start_date: dt.date
    end_date: dt.date | None
    is_current: bool
    further_roles: int = 0  # further roles held today, beside the main one
    erased: bool = False  # their records were erased (retention, or at their request)


@dataclass(frozen=True)
class StaffRecord:
    """Everything the register holds about one person."""

    id: int
    details: StaffDetails
    team_name: str
    supervisor_name: str
    line_manager_name: str
    is_current: bool
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str
    job_title: str = ""


@dataclass(frozen=True)
class StaffPage:
    rows: list[StaffRow] = field(default_factory=list)
    offset: int = 0


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    member_count: int


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    details: OrganisationDetails
    # the image printed at the top of every report (an absolute path); empty when none is set
    logo_path: str = ""

    @property
    def name(self) -> str:
        return self.details.name
