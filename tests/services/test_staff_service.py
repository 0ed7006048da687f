"""StaffService: the register's round trip, leavers, search, filters, sorting and paging."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory, StaffStatus
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.errors import NotFound
from peerdesk.services.staff_service import StaffQuery, StaffRecord, StaffSort
from peerdesk.store.database import open_database
from tests.conftest import TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)
SUPERVISOR = Actor(user_id=5, display_name="S", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="M", role=Role.MANAGER)


def person(name: str, **changes: object) -> StaffDetails:
    base = StaffDetails(
        full_name=name,
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.PERMANENT,
        start_date=dt.date(2024, 1, 8),
    )
    return replace(base, **changes)


def add(services: Services, admin: Actor, name: str, **changes: object) -> StaffRecord:
    return services.staff.create(admin, person(name, **changes))


def names(services: Services, admin: Actor, query: StaffQuery) -> list[str]:
    return [r.full_name for r in services.staff.page(admin, query, 0, 1000).rows]


# -- a small register used by the search, filter and sort tests -----------------------------

AMY, BEN, CHLOE, DAN, EMILE, ZOE = (
    "Amy Adams",
    "Ben Brown",
    "chloé carter",
    "Dan Davies",
    "Émile Evans",
    "Zoë Zhang",
)


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, template_database: Path
) -> Iterator[tuple[Services, dict[str, int]]]:
    """One register for the tests that only read it (search, filters, sorting, counts)."""
    folder = tmp_path_factory.mktemp("register")
    shutil.copyfile(template_database, folder / "peerdesk.db")
    database = open_database(folder / "peerdesk.db")
    services = make_services(database.sessions, today=lambda: TODAY)
    try:
        yield services, fill_register(services, Actor.local_administrator())
    finally:
        database.close()


def fill_register(services: Services, admin: Actor) -> dict[str, int]:
    """Six people across three teams: four current (one leaving later) and two leavers."""
    teams = {n: services.teams.create(admin, n).id for n in ("Outreach", "Housing", "Advocacy")}
    ids: dict[str, int] = {}

    def put(name: str, **changes: object) -> None:
        ids[name] = add(services, admin, name, **changes).id

    put(
        AMY,
        preferred_name="Mimi",
        job_title="Team leader",
        role_category=RoleCategory.MANAGER,
        team_id=teams["Outreach"],
        start_date=dt.date(2019, 3, 1),
    )
    put(
        BEN,
        job_title="Peer worker",
        team_id=teams["Housing"],
        supervisor_id=ids[AMY],
        start_date=dt.date(2021, 5, 10),
    )
    put(
        CHLOE,
        job_title="peer support worker",
        team_id=teams["Outreach"],
        supervisor_id=ids[AMY],
        start_date=dt.date(2022, 1, 15),
        end_date=dt.date(2026, 12, 31),
    )
    put(
        DAN,
        job_title="Administrator",
        role_category=RoleCategory.NON_CLINICAL,
        supervisor_id=ids[BEN],
        start_date=dt.date(2020, 9, 1),
        end_date=YESTERDAY,
        leaving_reason="Moved away",
    )
    put(
        EMILE,
        job_title="Clinical lead",
        role_category=RoleCategory.CLINICAL,
        team_id=teams["Housing"],
        start_date=dt.date(2018, 2, 1),
        end_date=dt.date(2025, 1, 31),
        leaving_reason="Retired",
    )
    put(
        ZOE,
        job_title="Apprentice",
        role_category=RoleCategory.PEER_APPRENTICE,
        employment_type=EmploymentType.APPRENTICESHIP,
        team_id=teams["Advocacy"],
        supervisor_id=ids[BEN],
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2027, 3, 31),
    )
    ids.update({f"team:{n}": i for n, i in teams.items()})
    return ids


# -- create / get / update ----------------------------------------------------------------


def test_create_get_round_trip_of_every_field(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    boss = add(services, admin, "Priya Shah", role_category=RoleCategory.MANAGER)
    mentor = add(services, admin, "Łukasz Nowak", role_category=RoleCategory.SENIOR_PEER_WORKER)
    details = StaffDetails(
        full_name="Siobhán Nguyễn",
        role_category=RoleCategory.PEER_APPRENTICE,
        employment_type=EmploymentType.APPRENTICESHIP,
        start_date=dt.date(2025, 9, 1),
        preferred_name="Shiv",
        pronouns="she/they",
        job_title="Peer apprentice",
        team_id=team.id,
        hours_per_week=22.5,
        end_date=dt.date(2027, 8, 31),
        leaving_reason="Apprenticeship ends",
        line_manager_id=boss.id,
        supervisor_id=mentor.id,
        lived_experience=LivedExperience.YES,
        counted_in_aggregates=True,
        former_service_user=True,
        reasonable_adjustments="Quiet room\nWritten agendas",
        wellbeing_notes="WRAP plan agreed 2025-09-10",
    )

    created = services.staff.create(admin, details)
    fetched = services.staff.get(admin, created.id)

    assert created.details == details
    assert fetched.details == details
    assert fetched.id == created.id
    assert fetched.team_name == "Outreach"
    assert fetched.supervisor_name == "Łukasz Nowak"
    assert fetched.line_manager_name == "Priya Shah"
    assert fetched.is_current is True
    assert fetched.created_at.tzinfo is not None
    assert fetched.created_at == created.created_at
    assert fetched.updated_at == created.updated_at


def test_update_round_trip_of_every_field(services: Services, admin: Actor) -> None:
    first_team = services.teams.create(admin, "Outreach")
    second_team = services.teams.create(admin, "Housing")
    a = add(services, admin, "Priya Shah")
    b = add(services, admin, "Łukasz Nowak")
    original = add(
        services,
        admin,
        "Sam Jones",
        team_id=first_team.id,
        supervisor_id=a.id,
        line_manager_id=a.id,
        hours_per_week=10.0,
    )
    changed = StaffDetails(
        full_name="Samira Jones",
        role_category=RoleCategory.VOLUNTEER,
        employment_type=EmploymentType.VOLUNTEER,
        start_date=dt.date(2023, 4, 3),
        preferred_name="Sam",
        pronouns="they/them",
        job_title="Befriender",
        team_id=second_team.id,
        hours_per_week=4.0,
        end_date=dt.date(2026, 9, 30),
        leaving_reason="Starting university",
        line_manager_id=b.id,
        supervisor_id=b.id,
        lived_experience=LivedExperience.NO,
        counted_in_aggregates=False,
        former_service_user=True,
        reasonable_adjustments="Large print",
        wellbeing_notes="Check in monthly",
    )

    updated = services.staff.update(admin, original.id, changed)
    fetched = services.staff.get(admin, original.id)

    assert updated.details == changed
    assert fetched.details == changed
    assert fetched.team_name == "Housing"
    assert fetched.supervisor_name == fetched.line_manager_name == "Łukasz Nowak"
    assert fetched.created_at == original.created_at
    assert fetched.updated_at >= original.updated_at
    # sort and search copies follow the new name
    assert names(services, admin, StaffQuery(search="samira")) == ["Samira Jones"]
    assert names(services, admin, StaffQuery(search="befriender")) == ["Samira Jones"]


def test_update_can_clear_optional_fields(services: Services, admin: Actor) -> None:
    team = services.teams.create(admin, "Outreach")
    boss = add(services, admin, "Priya Shah")
    record = add(
        services,
        admin,
        "Sam Jones",
        team_id=team.id,
        supervisor_id=boss.id,
        line_manager_id=boss.id,
        hours_per_week=30.0,
        pronouns="he/him",
    )
    cleared = person("Sam Jones")
    services.staff.update(admin, record.id, cleared)
    fetched = services.staff.get(admin, record.id)
    assert fetched.details == cleared
    assert (fetched.team_name, fetched.supervisor_name, fetched.line_manager_name) == ("", "", "")


def test_create_stores_cleaned_text(services: Services, admin: Actor) -> None:
    record = add(
        services,
        admin,
        "  Ann \x00  Smith ",
        job_title=" Peer\tworker ",
        lived_experience=LivedExperience.NO,
        counted_in_aggregates=True,
    )
    fetched = services.staff.get(admin, record.id)
    assert fetched.details.full_name == "Ann Smith"
    assert fetched.details.job_title == "Peer worker"
    assert fetched.details.counted_in_aggregates is False


def test_invalid_details_are_refused_and_nothing_is_stored(
    services: Services, admin: Actor
) -> None:
    with pytest.raises(ValidationError) as exc:
        add(services, admin, " ", hours_per_week=99.0)
    assert {e.field for e in exc.value.errors} == {"full_name", "hours_per_week"}
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.ALL)) == 0


def test_get_missing_person_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.staff.get(admin, 4242)


def test_update_missing_person_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.staff.update(admin, 4242, person("Nobody"))
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.ALL)) == 0


@pytest.mark.parametrize(
    ("field", "label"), [("supervisor_id", "supervisor"), ("line_manager_id", "line manager")]
)
def test_reference_to_missing_person_is_a_validation_error(
    services: Services, admin: Actor, field: str, label: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        add(services, admin, "Sam Jones", **{field: 999})
    assert exc.value.message_for(field) == f"The chosen {label} is no longer in the register."
    assert [e.field for e in exc.value.errors] == [field]
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.ALL)) == 0


def test_missing_team_is_a_validation_error(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as exc:
        add(services, admin, "Sam Jones", team_id=999)
    assert exc.value.message_for("team_id") == "That team no longer exists; choose another."


def test_update_missing_supervisor_is_a_validation_error_and_keeps_the_record(
    services: Services, admin: Actor
) -> None:
    record = add(services, admin, "Sam Jones", job_title="Peer worker")
    with pytest.raises(ValidationError) as exc:
        services.staff.update(
            admin, record.id, person("Sam Renamed", supervisor_id=999, job_title="Other")
        )
    assert exc.value.message_for("supervisor_id") is not None
    assert services.staff.get(admin, record.id).details == record.details


def test_cannot_make_someone_their_own_supervisor(services: Services, admin: Actor) -> None:
    record = add(services, admin, "Sam Jones")
    with pytest.raises(ValidationError) as exc:
        services.staff.update(admin, record.id, person("Sam Jones", supervisor_id=record.id))
    assert exc.value.message_for("supervisor_id") == "A person cannot supervise themselves."
    assert services.staff.get(admin, record.id).details.supervisor_id is None


# -- leavers ------------------------------------------------------------------------------


def test_mark_leaver_moves_person_from_current_to_leavers(services: Services, admin: Actor) -> None:
    stay = add(services, admin, "Ann Stays")
    go = add(services, admin, "Bob Goes", job_title="Peer worker", hours_per_week=20.0)

    record = services.staff.mark_leaver(admin, go.id, YESTERDAY, "  New job\x00 elsewhere ")

    assert record.details.end_date == YESTERDAY
    assert record.details.leaving_reason == "New job elsewhere"
    assert record.is_current is False
    assert record.details.job_title == "Peer worker"
    assert record.details.hours_per_week == 20.0
    fetched = services.staff.get(admin, go.id)
    assert fetched.details == record.details
    assert fetched.updated_at >= go.updated_at
    assert names(services, admin, StaffQuery()) == ["Ann Stays"]
    assert names(services, admin, StaffQuery(status=StaffStatus.LEAVERS)) == ["Bob Goes"]
    assert names(services, admin, StaffQuery(status=StaffStatus.ALL)) == ["Ann Stays", "Bob Goes"]
    assert stay.is_current


def test_mark_leaver_needs_a_reason(services: Services, admin: Actor) -> None:
    record = add(services, admin, "Bob Goes")
    with pytest.raises(ValidationError) as exc:
        services.staff.mark_leaver(admin, record.id, YESTERDAY, "  ")
    assert [e.field for e in exc.value.errors] == ["leaving_reason"]
    fetched = services.staff.get(admin, record.id)
    assert fetched.details.end_date is None
    assert fetched.is_current


def test_mark_leaver_needs_a_date(services: Services, admin: Actor) -> None:
    record = add(services, admin, "Bob Goes")
    with pytest.raises(ValidationError) as exc:
        services.staff.mark_leaver(admin, record.id, None, "Retired")
    assert exc.value.message_for("end_date") == "Enter the date they leave."


def test_mark_leaver_before_start_date_is_refused(services: Services, admin: Actor) -> None:
    record = add(services, admin, "Bob Goes", start_date=dt.date(2024, 1, 8))
    with pytest.raises(ValidationError) as exc:
        services.staff.mark_leaver(admin, record.id, dt.date(2024, 1, 7), "Retired")
    assert exc.value.message_for("end_date") == (
        "The leaving date cannot be before the start date."
    )
    assert services.staff.get(admin, record.id).details.end_date is None


def test_mark_leaver_missing_person_is_not_found(services: Services, admin: Actor) -> None:
    with pytest.raises(NotFound):
        services.staff.mark_leaver(admin, 4242, YESTERDAY, "Retired")


@pytest.mark.parametrize("end_date", [TODAY, TOMORROW, dt.date(2027, 1, 1)])
def test_person_leaving_today_or_later_is_still_current(
    services: Services, admin: Actor, end_date: dt.date
) -> None:
    record = add(services, admin, "Bob Goes")
    marked = services.staff.mark_leaver(admin, record.id, end_date, "Retiring")
    assert marked.is_current is True
    assert names(services, admin, StaffQuery()) == ["Bob Goes"]
    assert names(services, admin, StaffQuery(status=StaffStatus.LEAVERS)) == []
    row = services.staff.page(admin, StaffQuery(), 0, 10).rows[0]
    assert row.is_current is True
    assert row.end_date == end_date


def test_future_end_date_set_at_creation_is_current(services: Services, admin: Actor) -> None:
    add(services, admin, "Fixed Term", end_date=dt.date(2026, 12, 31))
    assert services.staff.count(admin, StaffQuery()) == 1
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.LEAVERS)) == 0


# -- rows ---------------------------------------------------------------------------------


def test_rows_carry_team_supervisor_and_status(
    shared: tuple[Services, dict[str, int]], admin: Actor
) -> None:
    services, register = shared
    rows = {
        r.full_name: r
        for r in services.staff.page(admin, StaffQuery(status=StaffStatus.ALL), 0, 50).rows
    }
    assert rows[BEN].team_name == "Housing"
    assert rows[BEN].supervisor_name == AMY
    assert rows[BEN].role_category is RoleCategory.PEER_WORKER
    assert rows[DAN].team_name == ""
    assert rows[DAN].supervisor_name == BEN
    assert rows[DAN].is_current is False
    assert rows[AMY].supervisor_name == ""
    assert rows[AMY].preferred_name == "Mimi"
    assert rows[CHLOE].is_current is True
    assert rows[ZOE].start_date == dt.date(2025, 9, 1)
    assert rows[ZOE].end_date == dt.date(2027, 3, 31)
    assert rows[EMILE].id == register[EMILE]


# -- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("zoe", [ZOE]),
        ("ZOË", [ZOE]),
        ("Zoe\u0308", [ZOE]),
        ("emile", [EMILE]),
        ("ÉMILE", [EMILE]),
        ("CHLOE", [CHLOE]),
        ("  ben   ", [BEN]),
        ("mimi", [AMY]),  # preferred name
        ("peer worker", [BEN, CHLOE]),  # every token must match, anywhere
        ("worker peer", [BEN, CHLOE]),
        ("peer support", [CHLOE]),
        ("clinical", [EMILE]),  # job title, not role category
        ("administrator", [DAN]),
        ("housing", [BEN, EMILE]),  # team name
        ("housing ben", [BEN]),  # team and name together
        ("outreach leader", [AMY]),
        ("zhang housing", []),
        ("nobody", []),
        ("", [AMY, BEN, CHLOE, DAN, EMILE, ZOE]),
        ("   ", [AMY, BEN, CHLOE, DAN, EMILE, ZOE]),
    ],
)
def test_search(
    shared: tuple[Services, dict[str, int]], admin: Actor, search: str, expected: list[str]
) -> None:
    services, _ = shared
    query = StaffQuery(search=search, status=StaffStatus.ALL)
    assert names(services, admin, query) == expected
    assert services.staff.count(admin, query) == len(expected)


def test_search_respects_status(shared: tuple[Services, dict[str, int]], admin: Actor) -> None:
    services, _ = shared
    assert names(services, admin, StaffQuery(search="housing")) == [BEN]
    assert names(services, admin, StaffQuery(search="housing", status=StaffStatus.LEAVERS)) == [
        EMILE
    ]


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "a%", "_a", "\\", "/"])
def test_search_wildcards_are_literal(
    shared: tuple[Services, dict[str, int]], admin: Actor, wildcard: str
) -> None:
    services, _ = shared
    query = StaffQuery(search=wildcard, status=StaffStatus.ALL)
    assert names(services, admin, query) == []
    assert services.staff.count(admin, query) == 0


def test_search_finds_literal_percent_and_underscore(services: Services, admin: Actor) -> None:
    add(services, admin, "Pat Percent", job_title="100% peer")
    add(services, admin, "Uma Under", job_title="snake_case fan")
    add(services, admin, "Olly Other", job_title="Peer 100 worker")
    add(services, admin, "Sam Slash", job_title="Support/advice")
    assert names(services, admin, StaffQuery(search="%")) == ["Pat Percent"]
    assert names(services, admin, StaffQuery(search="100%")) == ["Pat Percent"]
    assert names(services, admin, StaffQuery(search="_")) == ["Uma Under"]
    assert names(services, admin, StaffQuery(search="e_c")) == ["Uma Under"]
    assert names(services, admin, StaffQuery(search="t/a")) == ["Sam Slash"]


# -- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("team", "role", "status", "expected"),
    [
        ("Housing", None, StaffStatus.CURRENT, [BEN]),
        ("Housing", None, StaffStatus.LEAVERS, [EMILE]),
        ("Housing", None, StaffStatus.ALL, [BEN, EMILE]),
        ("Outreach", None, StaffStatus.CURRENT, [AMY, CHLOE]),
        ("Advocacy", None, StaffStatus.LEAVERS, []),
        (None, RoleCategory.PEER_WORKER, StaffStatus.CURRENT, [BEN, CHLOE]),
        ("Outreach", RoleCategory.PEER_WORKER, StaffStatus.CURRENT, [CHLOE]),
        ("Outreach", RoleCategory.MANAGER, StaffStatus.ALL, [AMY]),
        ("Housing", RoleCategory.MANAGER, StaffStatus.ALL, []),
        (None, RoleCategory.NON_CLINICAL, StaffStatus.CURRENT, []),
        (None, RoleCategory.NON_CLINICAL, StaffStatus.LEAVERS, [DAN]),
        (None, RoleCategory.CLINICAL, StaffStatus.ALL, [EMILE]),
        (None, None, StaffStatus.CURRENT, [AMY, BEN, CHLOE, ZOE]),
        (None, None, StaffStatus.LEAVERS, [DAN, EMILE]),
    ],
)
def test_filters_combine_with_status(
    shared: tuple[Services, dict[str, int]],
    admin: Actor,
    team: str | None,
    role: RoleCategory | None,
    status: StaffStatus,
    expected: list[str],
) -> None:
    services, register = shared
    query = StaffQuery(
        team_id=register[f"team:{team}"] if team else None, role_category=role, status=status
    )
    assert names(services, admin, query) == expected
    assert services.staff.count(admin, query) == len(expected)


def test_filter_and_search_combine(shared: tuple[Services, dict[str, int]], admin: Actor) -> None:
    services, register = shared
    query = StaffQuery(
        search="peer",
        team_id=register["team:Outreach"],
        role_category=RoleCategory.PEER_WORKER,
    )
    assert names(services, admin, query) == [CHLOE]


# -- sorting ------------------------------------------------------------------------------

ASCENDING = {
    StaffSort.NAME: [AMY, BEN, CHLOE, DAN, EMILE, ZOE],
    # administrator, apprentice, clinical lead, peer support worker, peer worker, team leader
    StaffSort.JOB_TITLE: [DAN, ZOE, EMILE, CHLOE, BEN, AMY],
    # clinical, manager, non_clinical, peer_apprentice, peer_worker (Ben, chloé by name)
    StaffSort.ROLE_CATEGORY: [EMILE, AMY, DAN, ZOE, BEN, CHLOE],
    # advocacy, housing, outreach, then no team
    StaffSort.TEAM: [ZOE, BEN, EMILE, AMY, CHLOE, DAN],
    # supervised by Amy, by Ben, then nobody
    StaffSort.SUPERVISOR: [BEN, CHLOE, DAN, ZOE, AMY, EMILE],
    StaffSort.START_DATE: [EMILE, AMY, DAN, BEN, CHLOE, ZOE],
    # current (open-ended, then latest end date first), then leavers (most recent first)
    StaffSort.STATUS: [AMY, BEN, ZOE, CHLOE, DAN, EMILE],
}
DESCENDING = {
    StaffSort.NAME: [ZOE, EMILE, DAN, CHLOE, BEN, AMY],
    StaffSort.JOB_TITLE: [AMY, BEN, CHLOE, EMILE, ZOE, DAN],
    # ties keep ascending name order whichever way the main key goes
    StaffSort.ROLE_CATEGORY: [BEN, CHLOE, ZOE, DAN, AMY, EMILE],
    StaffSort.TEAM: [DAN, AMY, CHLOE, BEN, EMILE, ZOE],
    StaffSort.SUPERVISOR: [AMY, EMILE, DAN, ZOE, BEN, CHLOE],
    StaffSort.START_DATE: [ZOE, CHLOE, BEN, DAN, AMY, EMILE],
    StaffSort.STATUS: [DAN, EMILE, AMY, BEN, ZOE, CHLOE],
}


def test_every_sort_has_expectations() -> None:
    assert set(ASCENDING) == set(DESCENDING) == set(StaffSort)


@pytest.mark.parametrize("sort", list(StaffSort))
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_sort(
    shared: tuple[Services, dict[str, int]],
    admin: Actor,
    sort: StaffSort,
    descending: bool,
) -> None:
    services, _ = shared
    query = StaffQuery(status=StaffStatus.ALL, sort=sort, descending=descending)
    expected = (DESCENDING if descending else ASCENDING)[sort]
    assert names(services, admin, query) == expected


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_ties_are_ordered_by_name_then_id(
    services: Services, admin: Actor, descending: bool
) -> None:
    same_day = dt.date(2024, 5, 1)
    later = add(services, admin, "Yan Young", start_date=dt.date(2025, 1, 1))
    twin_one = add(services, admin, "Kim Lee", start_date=same_day)
    add(services, admin, "Ali Khan", start_date=same_day)
    twin_two = add(services, admin, "Kim Lee", start_date=same_day)
    add(services, admin, "élodie Roux", start_date=same_day)
    query = StaffQuery(sort=StaffSort.START_DATE, descending=descending)
    rows = services.staff.page(admin, query, 0, 10).rows
    tied = ["Ali Khan", "élodie Roux", "Kim Lee", "Kim Lee"]
    expected = ["Yan Young", *tied] if descending else [*tied, "Yan Young"]
    assert [r.full_name for r in rows] == expected
    twins = [r.id for r in rows if r.full_name == "Kim Lee"]
    assert twins == [twin_one.id, twin_two.id]
    assert later.id not in twins


def test_job_title_sort_folds_accents_like_names(services: Services, admin: Actor) -> None:
    add(services, admin, "A", job_title="Zookeeper")
    add(services, admin, "B", job_title="Éducation officer")
    add(services, admin, "C", job_title="Driver")
    add(services, admin, "D", job_title="Fundraiser")
    query = StaffQuery(sort=StaffSort.JOB_TITLE)
    titles = [r.job_title for r in services.staff.page(admin, query, 0, 10).rows]
    assert titles == ["Driver", "Éducation officer", "Fundraiser", "Zookeeper"]


# -- paging -------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 4, 7, 23, 50])
def test_pages_cover_every_row_exactly_once(services: Services, admin: Actor, limit: int) -> None:
    for i in range(23):
        add(services, admin, f"Person {i:02d}", start_date=dt.date(2024, 1, 1 + i % 5))
    query = StaffQuery(sort=StaffSort.START_DATE, descending=True)
    total = services.staff.count(admin, query)
    assert total == 23
    seen: list[int] = []
    offset = 0
    while True:
        page = services.staff.page(admin, query, offset, limit)
        assert page.offset == offset
        assert len(page.rows) == max(0, min(limit, total - offset))
        if not page.rows:
            break
        seen += [r.id for r in page.rows]
        offset += limit
    assert len(seen) == len(set(seen)) == total
    whole = [r.id for r in services.staff.page(admin, query, 0, 1000).rows]
    assert seen == whole


def test_page_beyond_the_end_is_empty(services: Services, admin: Actor) -> None:
    add(services, admin, "Only One")
    page = services.staff.page(admin, StaffQuery(), 5, 10)
    assert page.rows == []
    assert page.offset == 5


@pytest.mark.parametrize(
    "query",
    [
        StaffQuery(),
        StaffQuery(status=StaffStatus.ALL),
        StaffQuery(status=StaffStatus.LEAVERS),
        StaffQuery(search="peer"),
        StaffQuery(role_category=RoleCategory.PEER_WORKER, status=StaffStatus.ALL),
        StaffQuery(search="housing", status=StaffStatus.ALL, sort=StaffSort.TEAM),
    ],
)
def test_count_agrees_with_page_length(
    shared: tuple[Services, dict[str, int]], admin: Actor, query: StaffQuery
) -> None:
    services, _ = shared
    assert services.staff.count(admin, query) == len(
        services.staff.page(admin, query, 0, 1000).rows
    )


# -- people to choose from ----------------------------------------------------------------


def test_people_excludes_leavers_unless_asked(
    shared: tuple[Services, dict[str, int]], admin: Actor
) -> None:
    services, register = shared
    current = services.staff.people(admin)
    assert [p.name for p in current] == [AMY, BEN, CHLOE, ZOE]
    assert current[0].job_title == "Team leader"
    assert current[0].id == register[AMY]
    everyone = services.staff.people(admin, include_leavers=True)
    assert [p.name for p in everyone] == [AMY, BEN, CHLOE, DAN, EMILE, ZOE]


# -- who may change the register ----------------------------------------------------------


def test_supervisor_may_not_create_staff(services: Services, admin: Actor) -> None:
    with pytest.raises(AccessDenied):
        services.staff.create(SUPERVISOR, person("Sam Jones"))
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.ALL)) == 0


def test_supervisor_may_not_update_or_mark_leavers(services: Services, admin: Actor) -> None:
    record = add(services, admin, "Sam Jones")
    with pytest.raises(AccessDenied):
        services.staff.update(SUPERVISOR, record.id, person("Changed"))
    with pytest.raises(AccessDenied):
        services.staff.mark_leaver(SUPERVISOR, record.id, YESTERDAY, "Retired")
    assert services.staff.get(admin, record.id).details == record.details


def test_manager_may_change_the_register(services: Services, admin: Actor) -> None:
    record = services.staff.create(MANAGER, person("Sam Jones"))
    services.staff.update(MANAGER, record.id, person("Sam Jones", job_title="Lead"))
    services.staff.mark_leaver(MANAGER, record.id, YESTERDAY, "Retired")
    fetched = services.staff.get(admin, record.id)
    assert fetched.details.job_title == "Lead"
    assert fetched.is_current is False
