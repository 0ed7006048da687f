"""Fixtures for GUI tests of the whole window: real services on a temporary database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import Services
from peerdesk.services.deferred import Deferred
from peerdesk.services.staff_service import StaffRecord
from peerdesk.ui.context import AppContext
from peerdesk.ui.tasks import InlineRunner, IsCancelled, Progress
from tests.conftest import TODAY


def make_context(
    services: Services, actor: Actor, data_dir: Path, load_demo: object = None
) -> AppContext:
    def no_demo(progress: Progress, is_cancelled: IsCancelled) -> None:
        raise AssertionError("demo data was not expected in this test")

    return AppContext(
        services_source=Deferred.ready(services),
        actor=actor,
        data_dir=data_dir,
        version="9.9.9-test",
        settings=QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat),
        tasks=InlineRunner(),
        load_demo=load_demo or no_demo,  # type: ignore[arg-type]
        today=lambda: TODAY,
    )


@pytest.fixture
def app_context(services: Services, admin: Actor, data_dir: Path) -> AppContext:
    return make_context(services, admin, data_dir)


def add_person(
    services: Services,
    actor: Actor,
    name: str,
    *,
    team_id: int | None = None,
    role: RoleCategory = RoleCategory.PEER_WORKER,
    job_title: str = "Peer worker",
    start: dt.date = dt.date(2023, 4, 3),
    end: dt.date | None = None,
    reason: str = "",
    supervisor_id: int | None = None,
) -> StaffRecord:
    return services.staff.create(
        actor,
        StaffDetails(
            full_name=name,
            role_category=role,
            employment_type=EmploymentType.PERMANENT,
            start_date=start,
            job_title=job_title,
            team_id=team_id,
            end_date=end,
            leaving_reason=reason,
            supervisor_id=supervisor_id,
            lived_experience=LivedExperience.YES,
        ),
    )


@pytest.fixture
def register(services: Services, admin: Actor) -> dict[str, StaffRecord]:
    """A small register: two teams, five current staff and one leaver."""
    outreach = services.teams.create(admin, "Outreach")
    hub = services.teams.create(admin, "Wellbeing Hub")
    people: dict[str, StaffRecord] = {}
    people["amara"] = add_person(
        services,
        admin,
        "Amara Okafor",
        team_id=hub.id,
        role=RoleCategory.MANAGER,
        job_title="Service manager",
    )
    people["zoe"] = add_person(
        services,
        admin,
        "Zoë Łukasiewicz",
        team_id=outreach.id,
        supervisor_id=people["amara"].id,
    )
    people["ben"] = add_person(
        services,
        admin,
        "Ben Carter",
        team_id=outreach.id,
        role=RoleCategory.PEER_APPRENTICE,
        job_title="Peer apprentice",
        supervisor_id=people["amara"].id,
    )
    people["siobhan"] = add_person(
        services,
        admin,
        "Siobhán Kelly",
        team_id=hub.id,
        role=RoleCategory.CLINICAL,
        job_title="Mental health nurse",
    )
    people["tomas"] = add_person(
        services,
        admin,
        "Tomás Herrera",
        team_id=hub.id,
        job_title="Senior peer worker",
        role=RoleCategory.SENIOR_PEER_WORKER,
    )
    people["gone"] = add_person(
        services,
        admin,
        "Gwen Davies",
        team_id=outreach.id,
        start=dt.date(2020, 1, 6),
        end=dt.date(2025, 3, 31),
        reason="Moved to a new job",
    )
    return people
