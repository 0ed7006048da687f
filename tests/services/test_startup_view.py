"""The start-up view, read with plain sqlite3, agrees exactly with the services."""

from __future__ import annotations

import datetime as dt

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.demo_service import generate_demo
from peerdesk.services.startup_view import read_startup_view
from peerdesk.services.views import StaffQuery
from peerdesk.store.database import Database
from tests.conftest import TODAY


def agrees(database: Database, services: Services, admin: Actor, page_size: int) -> None:
    view = read_startup_view(database.path, TODAY, page_size)
    assert view.staff_query == StaffQuery()
    assert view.staff_total == services.staff.count(admin, StaffQuery())
    assert list(view.staff_rows) == services.staff.page(admin, StaffQuery(), 0, page_size).rows
    assert list(view.teams) == services.teams.list_teams(admin)
    assert list(view.counts) == services.health.counts(admin)
    assert view.organisation == services.organisation.get(admin)


def test_agrees_on_an_empty_register(database: Database, services: Services, admin: Actor) -> None:
    agrees(database, services, admin, 200)
    view = read_startup_view(database.path, TODAY, 200)
    assert view.organisation is None
    assert view.staff_rows == ()


def test_agrees_on_demo_data_with_leavers_and_supervisors(
    database: Database, services: Services, admin: Actor
) -> None:
    generate_demo(database.sessions, admin, staff=450, months=18, seed=11, today=TODAY)
    agrees(database, services, admin, 200)
    agrees(database, services, admin, 1000)


def test_someone_leaving_today_is_still_current(
    database: Database, services: Services, admin: Actor
) -> None:
    generate_demo(database.sessions, admin, staff=30, months=6, seed=2, today=TODAY)
    person = services.staff.page(admin, StaffQuery(), 0, 1).rows[0]
    services.staff.mark_leaver(admin, person.id, TODAY, "Moving away")
    view = read_startup_view(database.path, TODAY, 200)
    assert person.id in {row.id for row in view.staff_rows}
    later = read_startup_view(database.path, TODAY + dt.timedelta(days=1), 200)
    assert person.id not in {row.id for row in later.staff_rows}
    agrees(database, services, admin, 200)


def test_reading_leaves_nothing_beside_the_file(database: Database) -> None:
    database.close()
    before = sorted(p.name for p in database.path.parent.iterdir())
    read_startup_view(database.path, TODAY, 50)
    assert sorted(p.name for p in database.path.parent.iterdir()) == before
