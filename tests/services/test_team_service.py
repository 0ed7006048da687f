"""TeamService: adding, renaming and removing teams, and the duplicate-name rule."""

from __future__ import annotations

import datetime as dt

import pytest

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.staff_service import StaffQuery
from peerdesk.services.team_service import TeamInfo
from tests.conftest import TODAY

SUPERVISOR = Actor(user_id=5, display_name="S", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="M", role=Role.MANAGER)


def join(services: Services, admin: Actor, team_id: int, name: str) -> int:
    details = StaffDetails(
        full_name=name,
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.PERMANENT,
        start_date=dt.date(2024, 1, 8),
        team_id=team_id,
    )
    return services.staff.create(admin, details).id


def test_no_teams_at_first(services: Services, admin: Actor) -> None:
    assert services.teams.list_teams(admin) == []


def test_create_cleans_the_name_and_lists_the_team(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "  Peer \t Support\x00 ")
    assert team.name == "Peer Support"
    assert team.member_count == 0
    assert services.teams.list_teams(admin) == [TeamInfo(team.id, "Peer Support", 0)]


@pytest.mark.parametrize("name", ["", "   ", "\x00", "\n"])
def test_create_needs_a_name(services: Services, admin: Actor, name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.teams.create(admin, name)
    assert exc.value.message_for("name") == "Enter the team's name."
    assert services.teams.list_teams(admin) == []


def test_team_name_length_limit(services: Services, admin: Actor) -> None:
    assert services.teams.create(admin, "t" * 100).name == "t" * 100
    with pytest.raises(ValidationError) as exc:
        services.teams.create(admin, "u" * 101)
    assert "keep it to 100 characters" in (exc.value.message_for("name") or "")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Outreach", "outreach "),
        ("Outreach", "OUTREACH"),
        ("Outreach", "  Outreach"),
        ("Équipe Nord", "equipe nord"),
        ("Zoë's team", "ZOE'S  TEAM"),
        ("Łódź office", "lodz office"),
    ],
)
def test_duplicate_names_are_refused_ignoring_case_space_and_accents(
    services: Services, admin: Actor, first: str, second: str
) -> None:
    original = services.teams.create(admin, first)
    with pytest.raises(ValidationError) as exc:
        services.teams.create(admin, second)
    assert exc.value.message_for("name") == f"There is already a team called {original.name}."
    assert [t.name for t in services.teams.list_teams(admin)] == [original.name]


def test_rename(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    join(services, admin, team.id, "Ann Smith")
    renamed = services.teams.rename(admin, team.id, "  Community   Outreach ")
    assert renamed == TeamInfo(team.id, "Community Outreach", 1)
    assert services.teams.list_teams(admin) == [renamed]
    # members see the new name, and a search by team finds them under it
    person = services.staff.people(admin)[0]
    assert services.staff.get(admin, person.id).team_name == "Community Outreach"
    assert services.staff.count(admin, StaffQuery(search="community")) == 1
    assert services.staff.count(admin, StaffQuery(search="outreach")) == 1


def test_rename_to_own_name_in_another_case_is_allowed(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "outreach")
    assert services.teams.rename(admin, team.id, "Outreach").name == "Outreach"
    assert [t.name for t in services.teams.list_teams(admin)] == ["Outreach"]


def test_rename_to_another_teams_name_is_refused(services: Services, admin: Actor) -> None:
    services.teams.create(admin, "Housing")
    team = services.teams.create(admin, "Outreach")
    with pytest.raises(ValidationError) as exc:
        services.teams.rename(admin, team.id, "housing")
    assert exc.value.message_for("name") == "There is already a team called Housing."
    assert sorted(t.name for t in services.teams.list_teams(admin)) == ["Housing", "Outreach"]


def test_rename_missing_team_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.teams.rename(admin, 999, "Anything")


def test_old_name_is_free_after_rename(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    services.teams.rename(admin, team.id, "Community")
    assert services.teams.create(admin, "Outreach").name == "Outreach"


def test_delete_empty_team(services: Services, admin: Actor) -> None:
    keep = services.teams.create(admin, "Housing")
    gone = services.teams.create(admin, "Outreach")
    services.teams.delete(admin, gone.id)
    assert services.teams.list_teams(admin) == [TeamInfo(keep.id, "Housing", 0)]
    with pytest.raises(NotFound):
        services.teams.delete(admin, gone.id)
    # the name can be used again
    assert services.teams.create(admin, "outreach").name == "outreach"


def test_delete_team_with_members_is_a_conflict_naming_the_count(
    services: Services, admin: Actor
) -> None:
    team = services.teams.create(admin, "Outreach")
    join(services, admin, team.id, "Ann Smith")
    join(services, admin, team.id, "Bob Jones")
    with pytest.raises(Conflict) as exc:
        services.teams.delete(admin, team.id)
    message = str(exc.value)
    assert "Outreach" in message
    assert "2 people are in it" in message
    assert services.teams.list_teams(admin) == [TeamInfo(team.id, "Outreach", 2)]


def test_delete_team_with_one_leaver_counts_the_leaver(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    leaver = join(services, admin, team.id, "Ann Smith")
    services.staff.mark_leaver(admin, leaver, TODAY - dt.timedelta(days=30), "Moved away")
    with pytest.raises(Conflict) as exc:
        services.teams.delete(admin, team.id)
    assert "1 person is in it" in str(exc.value)
    assert "leavers included" in str(exc.value)


def test_member_count_in_list_teams(services: Services, admin: Actor) -> None:
    outreach = services.teams.create(admin, "Outreach")
    housing = services.teams.create(admin, "Housing")
    empty = services.teams.create(admin, "Équipe")
    for name in ("Ann", "Bob", "Cat"):
        join(services, admin, outreach.id, name)
    join(services, admin, housing.id, "Dev")
    leaver = join(services, admin, housing.id, "Eve")
    services.staff.mark_leaver(admin, leaver, TODAY - dt.timedelta(days=1), "Retired")
    services.staff.create(
        admin,
        StaffDetails(
            full_name="No Team",
            role_category=RoleCategory.OTHER,
            employment_type=EmploymentType.SESSIONAL,
            start_date=dt.date(2024, 1, 1),
        ),
    )
    # ordered by folded name: "Équipe" sits with the e's
    assert services.teams.list_teams(admin) == [
        TeamInfo(empty.id, "Équipe", 0),
        TeamInfo(housing.id, "Housing", 2),
        TeamInfo(outreach.id, "Outreach", 3),
    ]


def test_supervisor_may_not_create_rename_or_delete_teams(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    with pytest.raises(AccessDenied):
        services.teams.create(SUPERVISOR, "Housing")
    with pytest.raises(AccessDenied):
        services.teams.rename(SUPERVISOR, team.id, "Renamed")
    with pytest.raises(AccessDenied):
        services.teams.delete(SUPERVISOR, team.id)
    assert services.teams.list_teams(admin) == [TeamInfo(team.id, "Outreach", 0)]


def test_manager_may_manage_teams(services: Services, admin: Actor) -> None:
    team = services.teams.create(MANAGER, "Outreach")
    services.teams.rename(MANAGER, team.id, "Housing")
    assert [t.name for t in services.teams.list_teams(MANAGER)] == ["Housing"]
    services.teams.delete(MANAGER, team.id)
    assert services.teams.list_teams(MANAGER) == []
