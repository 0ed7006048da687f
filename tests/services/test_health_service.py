"""HealthService: whether the data is healthy, and what it holds."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from peerdesk.domain.enums import EmploymentType, RoleCategory, StaffStatus
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.staff_service import StaffQuery
from peerdesk.store import schema
from peerdesk.store.database import Database
from tests.conftest import TODAY

BASE = StaffDetails(
    full_name="Someone",
    role_category=RoleCategory.PEER_WORKER,
    employment_type=EmploymentType.PERMANENT,
    start_date=dt.date(2023, 1, 1),
)


def fill(services: Services, admin: Actor) -> None:
    services.organisation.create(admin, OrganisationDetails(name="Brighter Paths"))
    outreach = services.teams.create(admin, "Outreach")
    services.teams.create(admin, "Housing")
    services.teams.create(admin, "Empty team")
    current = [
        replace(BASE, full_name="Ann", team_id=outreach.id),
        replace(BASE, full_name="Bob"),
        replace(BASE, full_name="Cat", end_date=TODAY),  # last day today: still here
        replace(BASE, full_name="Dev", end_date=TODAY + dt.timedelta(days=90)),
    ]
    for details in current:
        services.staff.create(admin, details)
    gone = services.staff.create(admin, replace(BASE, full_name="Eve"))
    services.staff.mark_leaver(admin, gone.id, TODAY - dt.timedelta(days=1), "Moved away")
    services.staff.create(
        admin,
        replace(BASE, full_name="Fay", end_date=dt.date(2024, 3, 31), leaving_reason="Retired"),
    )


RECORDS_NONE = {
    "supervision sessions": 0,
    "actions": 0,
    "checklists": 0,
    "policies": 0,
    "training records": 0,
    "wellness plans": 0,
    "apprenticeships": 0,
    "further roles": 0,
    "involvement activities": 0,
    "fair-chance risk assessments": 0,
    "users": 0,
    "audit entries": 0,
}


def test_empty_database_is_healthy(services: Services, admin: Actor) -> None:
    report = services.health.check(admin, today=TODAY)
    assert report.healthy is True
    assert report.problems == ()
    assert report.schema_revision == schema.HEAD
    assert dict(report.counts) == {
        "organisations": 0,
        "people": 0,
        "current staff": 0,
        "leavers": 0,
        "teams": 0,
        **RECORDS_NONE,
    }


def test_counts_on_a_filled_database(services: Services, admin: Actor) -> None:
    fill(services, admin)
    report = services.health.check(admin, today=TODAY)
    assert report.healthy is True
    assert report.problems == ()
    assert report.schema_revision == schema.HEAD
    *counts, (audit_kind, audit_count) = report.counts
    assert tuple(counts) == (
        ("organisations", 1),
        ("people", 6),
        ("current staff", 4),
        ("leavers", 2),
        ("teams", 3),
        *list(RECORDS_NONE.items())[:-1],
    )
    assert audit_kind == "audit entries" and audit_count > 0  # each change was recorded


def test_counts_follow_the_day_asked_about(services: Services, admin: Actor) -> None:
    fill(services, admin)
    later = dict(services.health.check(admin, today=TODAY + dt.timedelta(days=1)).counts)
    # Cat's last day was TODAY, so tomorrow she is a leaver
    assert (later["current staff"], later["leavers"]) == (3, 3)
    earlier = dict(services.health.check(admin, today=dt.date(2024, 1, 1)).counts)
    assert (earlier["current staff"], earlier["leavers"]) == (6, 0)


def test_current_staff_count_agrees_with_the_staff_list(services: Services, admin: Actor) -> None:
    # without an explicit day the check uses the same clock as the rest of the bundle
    fill(services, admin)
    counts = dict(services.health.check(admin).counts)
    assert counts["current staff"] == services.staff.count(admin, StaffQuery())
    assert counts["leavers"] == services.staff.count(admin, StaffQuery(status=StaffStatus.LEAVERS))


def test_schema_behind_head_is_a_problem(database: Database, services: Services) -> None:
    conn = sqlite3.connect(database.path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (schema.REVISIONS[0],))
    conn.commit()
    conn.close()
    report = services.health.check(Actor.local_administrator(), today=TODAY)
    if schema.REVISIONS[0] == schema.HEAD:
        assert report.healthy
        return
    assert report.healthy is False
    assert report.schema_revision == schema.REVISIONS[0]
    assert report.problems == (f"schema is at {schema.REVISIONS[0]}, expected {schema.HEAD}",)


def test_dangling_reference_is_a_problem(database: Database, services: Services) -> None:
    admin = Actor.local_administrator()
    services.staff.create(admin, replace(BASE, full_name="Ann"))
    conn = sqlite3.connect(database.path)  # foreign keys off: write a broken link
    conn.execute("UPDATE staff_member SET supervisor_id = 999")
    conn.commit()
    conn.close()
    report = services.health.check(admin, today=TODAY)
    assert report.healthy is False
    assert report.problems == ("1 rows point at records that do not exist",)
    assert dict(report.counts)["people"] == 1
