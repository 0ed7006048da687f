"""What the main window shows first, read without loading SQLAlchemy (see store/snapshot.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import is_current
from peerdesk.services.views import OrganisationInfo, StaffQuery, StaffRow, TeamInfo
from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.errors import DatabaseOpenError
from peerdesk.store.snapshot import read_snapshot


@dataclass(frozen=True)
class StartupView:
    organisation: OrganisationInfo | None
    teams: tuple[TeamInfo, ...]
    counts: tuple[tuple[str, int], ...]
    staff_query: StaffQuery
    staff_total: int
    staff_rows: tuple[StaffRow, ...]


def read_startup_view(
    path: Path, today: dt.date, page_size: int, key: DatabaseKey | None = None
) -> StartupView:
    """Read the first screen; a file that turns out damaged raises DatabaseOpenError."""
    try:
        snap = read_snapshot(path, today, page_size, key)
    except (sqlite_driver.DatabaseError, ValueError) as exc:
        raise DatabaseOpenError(
            f"{path.name} is damaged and cannot be read ({exc}). PeerDesk has not changed "
            "it; restore it from a backup."
        ) from exc
    organisation = None
    if snap.organisation is not None:
        o = snap.organisation
        organisation = OrganisationInfo(
            id=o.id,
            details=OrganisationDetails(
                name=o.name,
                charity_number=o.charity_number,
                supervision_interval_days=o.supervision_interval_days,
                small_number_threshold=o.small_number_threshold,
                retention_years=o.retention_years,
            ),
        )
    rows = tuple(
        StaffRow(
            id=s.id,
            full_name=s.full_name,
            preferred_name=s.preferred_name,
            job_title=s.job_title,
            role_category=RoleCategory(s.role_category),
            team_name=s.team_name,
            supervisor_name=s.supervisor_name,
            start_date=s.start_date,
            end_date=s.end_date,
            is_current=is_current(s.end_date, today),
            further_roles=s.further_roles,
        )
        for s in snap.current_staff
    )
    return StartupView(
        organisation=organisation,
        teams=tuple(TeamInfo(id=i, name=n, member_count=c) for i, n, c in snap.teams),
        counts=(
            ("organisations", snap.organisations),
            ("people", snap.people),
            ("current staff", snap.current),
            ("leavers", snap.people - snap.current),
            ("teams", snap.team_count),
        ),
        staff_query=StaffQuery(),
        staff_total=snap.current,
        staff_rows=rows,
    )
