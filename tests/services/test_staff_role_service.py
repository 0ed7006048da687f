"""Further roles a person holds (services/staff_role_service.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff_roles import RoleDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_role_views import role_summary
from peerdesk.services.staff_service import StaffRecord
from peerdesk.store.database import Database
from tests.conftest import TODAY

MANAGER = Actor(user_id=2, display_name="Mo Manager", role=Role.MANAGER)
SUPERVISOR = Actor(user_id=3, display_name="Sam Super", role=Role.SUPERVISOR)


def volunteer(people: dict[str, StaffRecord], **changes: object) -> RoleDetails:
    base = RoleDetails(
        job_title="Volunteer befriender",
        role_category=RoleCategory.VOLUNTEER,
        employment_type=EmploymentType.VOLUNTEER,
        start_date=dt.date(2025, 9, 1),
        team_id=people["amara"].details.team_id,  # the Wellbeing Hub
        hours_per_week=4,
        supervisor_id=people["siobhan"].id,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_person_starts_with_their_main_role_only(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"]
    roles = services.roles.roles_of(SUPERVISOR, zoe.id)  # every role reads the register
    assert roles.full_name == zoe.details.full_name
    assert roles.main.is_main and roles.main.id is None
    assert roles.main.job_title == "Peer worker"
    assert roles.main.team_name == "Outreach"
    assert roles.main.supervisor_name == "Amara Okafor"
    assert roles.further == ()


def test_adding_a_role_keeps_the_main_role(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"]
    added = services.roles.add(admin, zoe.id, volunteer(register, job_title="  Volunteer  "))
    assert added.job_title == "Volunteer"
    assert (added.team_name, added.supervisor_name) == ("Wellbeing Hub", "Siobhán Kelly")
    assert added.is_current and not added.is_main
    assert role_summary(added) == "Volunteer (Wellbeing Hub, 4 h)"
    roles = services.roles.roles_of(admin, zoe.id)
    assert [r.id for r in roles.further] == [added.id]
    assert services.staff.get(admin, zoe.id).details == zoe.details  # main role unchanged
    entries = services.audit.entries(admin, action="added staff role")
    assert len(entries) == 1


def test_current_roles_come_first(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    ended = services.roles.add(
        admin, zoe, volunteer(register, job_title="Old", end_date=dt.date(2026, 1, 31))
    )
    later = services.roles.add(
        admin, zoe, volunteer(register, job_title="Later", start_date=dt.date(2026, 3, 1))
    )
    earlier = services.roles.add(admin, zoe, volunteer(register, job_title="Earlier"))
    roles = services.roles.roles_of(admin, zoe)
    assert [r.id for r in roles.further] == [earlier.id, later.id, ended.id]
    assert [r.id for r in roles.current_further] == [earlier.id, later.id]
    assert not roles.further[-1].is_current


def test_changing_ending_and_removing_a_role(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    added = services.roles.add(admin, zoe, volunteer(register))
    changed = services.roles.update(
        MANAGER, added.id, volunteer(register, hours_per_week=None, supervisor_id=None)
    )
    assert changed.details.hours_per_week is None
    assert role_summary(changed) == "Volunteer befriender (Wellbeing Hub, hours vary)"
    ended = services.roles.end(admin, added.id, TODAY - dt.timedelta(days=1))
    assert ended.details.end_date == TODAY - dt.timedelta(days=1)
    assert not ended.is_current
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.roles.end(admin, added.id, dt.date(2025, 8, 31))
    with pytest.raises(ValidationError, match="last day"):
        services.roles.end(admin, added.id, None)
    services.roles.remove(admin, added.id)
    assert services.roles.roles_of(admin, zoe).further == ()
    with pytest.raises(NotFound):
        services.roles.remove(admin, added.id)
    with pytest.raises(NotFound):
        services.roles.roles_of(admin, 9999)


def test_the_rules_are_checked_against_the_person(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"]
    with pytest.raises(ValidationError) as raised:
        services.roles.add(
            admin,
            zoe.id,
            volunteer(register, supervisor_id=zoe.id, start_date=dt.date(2020, 1, 1)),
        )
    assert {e.field for e in raised.value.errors} == {"supervisor_id", "start_date"}
    with pytest.raises(ValidationError, match="team no longer exists"):
        services.roles.add(admin, zoe.id, volunteer(register, team_id=9999))
    with pytest.raises(ValidationError, match="supervisor is no longer"):
        services.roles.add(admin, zoe.id, volunteer(register, supervisor_id=9999))
    gone = register["gone"]  # left on 31 March 2025
    with pytest.raises(ValidationError, match="after the person's last day"):
        services.roles.add(
            admin,
            gone.id,
            volunteer(register, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 4, 1)),
        )
    # with no end date given, a leaver's role ends on their last day
    kept = services.roles.add(admin, gone.id, volunteer(register, start_date=dt.date(2024, 1, 1)))
    assert kept.details.end_date == dt.date(2025, 3, 31)
    assert services.roles.roles_of(admin, zoe.id).further == ()


def test_only_register_writers_change_roles(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    with pytest.raises(AccessDenied, match="Supervisors can read the staff register"):
        services.roles.add(SUPERVISOR, zoe, volunteer(register))
    added = services.roles.add(MANAGER, zoe, volunteer(register))
    for change in (
        lambda: services.roles.update(SUPERVISOR, added.id, volunteer(register)),
        lambda: services.roles.end(SUPERVISOR, added.id, TODAY),
        lambda: services.roles.remove(SUPERVISOR, added.id),
    ):
        with pytest.raises(AccessDenied):
            change()
    assert services.roles.roles_of(SUPERVISOR, zoe).further[0].details.end_date is None


def test_a_leavers_open_roles_end_on_their_last_day(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    open_role = services.roles.add(admin, zoe, volunteer(register))
    long_role = services.roles.add(
        admin, zoe, volunteer(register, job_title="Long", end_date=dt.date(2027, 1, 1))
    )
    short = services.roles.add(
        admin, zoe, volunteer(register, job_title="Short", end_date=dt.date(2025, 12, 1))
    )
    last_day = dt.date(2026, 6, 30)
    services.staff.mark_leaver(admin, zoe, last_day, "Moved away")
    ends = {r.id: r.details.end_date for r in services.roles.roles_of(admin, zoe).further}
    assert ends == {open_role.id: last_day, long_role.id: last_day, short.id: dt.date(2025, 12, 1)}


def test_an_end_date_set_in_the_person_form_ends_their_open_roles(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"]
    role = services.roles.add(admin, zoe.id, volunteer(register))
    last_day = dt.date(2026, 7, 31)
    services.staff.update(admin, zoe.id, replace(zoe.details, end_date=last_day))
    [held] = services.roles.roles_of(admin, zoe.id).further
    assert (held.id, held.details.end_date) == (role.id, last_day)


def test_a_role_starting_after_the_last_day_stops_the_leaver_flow(
    services: Services, admin: Actor, register: dict[str, StaffRecord]
) -> None:
    zoe = register["zoe"].id
    services.roles.add(admin, zoe, volunteer(register, start_date=dt.date(2026, 9, 1)))
    with pytest.raises(ValidationError, match="starts after that day"):
        services.staff.mark_leaver(admin, zoe, dt.date(2026, 6, 30), "Moved away")
    assert services.staff.get(admin, zoe).details.end_date is None  # nothing was changed


def test_demo_people_get_plausible_second_roles(
    services: Services, admin: Actor, database: Database, register: dict[str, StaffRecord]
) -> None:
    import random

    from peerdesk.services.demo_roles import add_demo_roles

    with database.sessions.begin() as session:
        added = add_demo_roles(session, TODAY, random.Random(4))
    assert added == 4  # everyone settled in post but the manager
    for person in register.values():
        roles = services.roles.roles_of(admin, person.id)
        for role in roles.further:
            assert role.is_current
            assert role.details.team_id != person.details.team_id  # another team
            assert role.details.supervisor_id not in (person.id, person.details.supervisor_id)
            assert role.details.start_date is not None
            assert person.details.start_date <= role.details.start_date < TODAY
            hours = role.details.hours_per_week
            assert hours is None or 0 < hours <= 10
    assert services.roles.roles_of(admin, register["amara"].id).further == ()


def test_add_demo_roles_on_a_demo_register(data_dir: Path, admin: Actor) -> None:
    import random

    from sqlalchemy import delete, func, select

    from peerdesk.services.demo_roles import add_demo_roles
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.store.database import open_database
    from peerdesk.store.models import StaffMember, StaffRole

    database = open_database(data_dir / "demo.db")
    try:
        generate_demo(database.sessions, admin, staff=40, months=3, seed=2, today=TODAY)
        with database.sessions.begin() as session:
            session.execute(delete(StaffRole))
            added = add_demo_roles(session, TODAY, random.Random(7))
        with database.sessions() as session:
            assert 4 <= added <= 6
            assert session.scalar(select(func.count()).select_from(StaffRole)) == added
            kinds = set(session.scalars(select(StaffRole.employment_type)))
            assert {"volunteer", "sessional"} <= kinds
            apprentices = session.scalars(
                select(StaffRole.staff_id)
                .join(StaffMember, StaffMember.id == StaffRole.staff_id)
                .where(StaffMember.employment_type == "apprenticeship")
            ).all()
            assert len(apprentices) <= 1
    finally:
        database.close()
