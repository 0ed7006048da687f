"""Revision 0007_staff_roles: people keep their one role as their main role, and the new
table of further roles starts empty and takes a role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect, text

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import RoleDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.store import schema
from peerdesk.store.database import open_database
from tests.store.test_migrations import STAFF, STAFF_COLUMNS, _build_at, _expected, _rows

TODAY = dt.date(2026, 6, 15)
MAIN_ROLE = [
    "job_title",
    "role_category",
    "employment_type",
    "team_id",
    "hours_per_week",
    "supervisor_id",
    "start_date",
    "end_date",
]


def test_people_keep_their_main_role_and_further_roles_start_empty(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, "0006_accounts")
    before = _rows(path, "staff_member", ["id", *MAIN_ROLE])
    assert before  # the test register has people

    database = open_database(path, now=dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC))
    try:
        assert database.upgraded_from == "0006_accounts"
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == schema.HEAD
            assert "staff_role" in inspect(conn).get_table_names()
            assert conn.scalar(text("SELECT count(*) FROM staff_role")) == 0
        services = make_services(database.sessions, today=lambda: TODAY)
        admin = Actor.local_administrator()
        zoe = services.roles.roles_of(admin, 1)
        assert zoe.main.job_title == STAFF[0]["job_title"]
        assert zoe.further == ()
        added = services.roles.add(
            admin,
            1,
            RoleDetails(
                "Volunteer befriender",
                RoleCategory.VOLUNTEER,
                EmploymentType.VOLUNTEER,
                zoe.person_start,
                team_id=zoe.main.details.team_id,
                hours_per_week=4,
            ),
        )
        assert [r.id for r in services.roles.roles_of(admin, 1).further] == [added.id]
    finally:
        database.close()

    # every person's main role is as it was, and the rest of their row too
    assert _rows(path, "staff_member", ["id", *MAIN_ROLE]) == before
    assert _rows(path, "staff_member", STAFF_COLUMNS) == _expected(STAFF)
    assert _rows(path, "staff_role", ["staff_id", "job_title", "hours_per_week"]) == [
        (1, "Volunteer befriender", 4.0)
    ]
