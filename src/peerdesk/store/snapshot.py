"""A quick read-only look at what the first screen shows, with nothing but sqlite3.

Start-up reads this before SQLAlchemy has loaded, so the main window appears filled while
the full storage layer loads in the background. The queries are fixed text with bound
parameters; tests/services/test_startup_view.py checks they give exactly what the
services give for the same data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
from peerdesk.store.file_check import existing_sidecars, read_only_uri, remove_new_sidecars

ORGANISATION_SQL = """
SELECT id, name, charity_number, supervision_interval_days, small_number_threshold,
       retention_years
FROM organisation ORDER BY id LIMIT 1
"""
TEAMS_SQL = """
SELECT team.id, team.name, COUNT(staff_member.id)
FROM team LEFT JOIN staff_member ON staff_member.team_id = team.id
GROUP BY team.id, team.name, team.name_key
ORDER BY team.name_key
"""
COUNTS_SQL = """
SELECT (SELECT COUNT(*) FROM organisation),
       (SELECT COUNT(*) FROM staff_member),
       (SELECT COUNT(*) FROM staff_member WHERE end_date IS NULL OR end_date >= :today),
       (SELECT COUNT(*) FROM team)
"""
# The staff page's opening view: current staff by name (StaffQuery() in the services).
CURRENT_STAFF_SQL = """
SELECT member.id, member.full_name, member.preferred_name, member.job_title,
       member.role_category, team.name, supervisor.full_name, member.start_date,
       member.end_date,
       (SELECT COUNT(*) FROM staff_role AS role
        WHERE role.staff_id = member.id AND role.start_date <= :today
          AND (role.end_date IS NULL OR role.end_date >= :today))
FROM staff_member AS member
LEFT OUTER JOIN team ON team.id = member.team_id
LEFT OUTER JOIN staff_member AS supervisor ON supervisor.id = member.supervisor_id
WHERE member.end_date IS NULL OR member.end_date >= :today
ORDER BY member.sort_name, member.id
LIMIT :limit
"""


@dataclass(frozen=True)
class SnapshotStaff:
    id: int
    full_name: str
    preferred_name: str
    job_title: str
    role_category: str
    team_name: str
    supervisor_name: str
    start_date: dt.date
    end_date: dt.date | None
    further_roles: int = 0


@dataclass(frozen=True)
class SnapshotOrganisation:
    id: int
    name: str
    charity_number: str
    supervision_interval_days: int
    small_number_threshold: int
    retention_years: int


@dataclass(frozen=True)
class Snapshot:
    organisation: SnapshotOrganisation | None
    teams: tuple[tuple[int, str, int], ...]
    organisations: int
    people: int
    current: int
    team_count: int
    current_staff: tuple[SnapshotStaff, ...]


def read_snapshot(
    path: Path, today: dt.date, limit: int, key: DatabaseKey | None = None
) -> Snapshot:
    """Read the first screen's data from a checked database, without writing anything."""
    existed = existing_sidecars(path)
    plain = sqlite_driver.is_plain_sqlite(path)
    conn = sqlite_driver.connect(read_only_uri(path), None if plain else key, uri=True)
    try:
        org_row = conn.execute(ORGANISATION_SQL).fetchone()
        teams = tuple((int(i), str(n), int(c)) for i, n, c in conn.execute(TEAMS_SQL).fetchall())
        day = today.isoformat()
        organisations, people, current, team_count = conn.execute(
            COUNTS_SQL, {"today": day}
        ).fetchone()
        staff = tuple(
            SnapshotStaff(
                id=int(r[0]),
                full_name=r[1],
                preferred_name=r[2],
                job_title=r[3],
                role_category=r[4],
                team_name=r[5] or "",
                supervisor_name=r[6] or "",
                start_date=dt.date.fromisoformat(r[7]),
                end_date=dt.date.fromisoformat(r[8]) if r[8] else None,
                further_roles=int(r[9]),
            )
            for r in conn.execute(CURRENT_STAFF_SQL, {"today": day, "limit": limit})
        )
    finally:
        conn.close()
        remove_new_sidecars(path, existed)
    organisation = SnapshotOrganisation(*org_row) if org_row else None
    return Snapshot(
        organisation=organisation,
        teams=teams,
        organisations=int(organisations),
        people=int(people),
        current=int(current),
        team_count=int(team_count),
        current_staff=staff,
    )
