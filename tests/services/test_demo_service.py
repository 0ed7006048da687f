"""The fictional demo data: deterministic, realistic, consistent, all-or-nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory, StaffStatus
from peerdesk.domain.organisation import OrganisationDetails
from peerdesk.domain.staff import is_current, normalise_staff
from peerdesk.domain.text import fold
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.demo_service import (
    DemoCancelled,
    DemoSummary,
    generate_demo,
    role_counts,
    team_count,
)
from peerdesk.services.errors import Conflict
from peerdesk.services.staff_service import StaffQuery, StaffRow, search_text_for
from peerdesk.store.database import Database, open_database
from peerdesk.store.models import Organisation, StaffMember, Team
from tests.conftest import TODAY

EVERYONE = StaffQuery(status=StaffStatus.ALL)


def _demo(database: Database, admin: Actor, **options: object) -> DemoSummary:
    return generate_demo(database.sessions, admin, today=TODAY, **options)


def _all_rows(services: Services, admin: Actor) -> list[StaffRow]:
    return services.staff.page(admin, EVERYONE, 0, 100_000).rows


def _members(database: Database) -> list[StaffMember]:
    with database.sessions() as session:
        return list(session.scalars(select(StaffMember).order_by(StaffMember.id)))


def _fingerprint(rows: list[StaffRow]) -> list[tuple[object, ...]]:
    return [
        (
            r.full_name,
            r.preferred_name,
            r.job_title,
            r.role_category,
            r.team_name,
            r.supervisor_name,
            r.start_date,
            r.end_date,
        )
        for r in rows
    ]


def _second_services(tmp_path: Path) -> tuple[Database, Services]:
    database = open_database(tmp_path / "second" / "peerdesk.db")
    return database, make_services(database.sessions, today=lambda: TODAY)


# -- what it writes ------------------------------------------------------------------------


def test_writes_the_number_of_people_asked_for(services, database, admin):
    summary = _demo(database, admin, staff=60, months=12, seed=1)

    assert summary.people == 60
    assert summary.current + summary.leavers == 60
    assert services.staff.count(admin, EVERYONE) == 60
    assert services.staff.count(admin, StaffQuery(status=StaffStatus.LEAVERS)) == summary.leavers
    assert services.staff.count(admin, StaffQuery()) == summary.current
    assert summary.teams == len(services.teams.list_teams(admin)) == team_count(60)
    assert 4 <= summary.teams <= 12
    organisation = services.organisation.get(admin)
    assert organisation is not None
    assert organisation.name == summary.organisation_name
    assert "demo" in organisation.name.casefold()
    assert organisation.details.supervision_interval_days == 28


def test_the_demo_fills_every_part_of_readiness(services, database, admin):
    summary = _demo(database, admin, staff=120, months=12, seed=2)
    assert summary.checklists == len(services.checklists.list(admin)) > 0
    assert summary.policies == len(services.policies.list(admin, include_retired=True)) > 0
    assert summary.wellness_plans > 0
    assert summary.apprenticeships > 0
    assert summary.training_records > 0
    assert services.training.expiring(admin, 60)  # some training is expiring or expired
    assert any(s.archived for s in services.checklists.list(admin))  # a yearly review
    assert services.policies.reviews_due(admin, 30)  # some policy reviews are due


def test_team_count_grows_with_size_between_4_and_12():
    counts = [team_count(n) for n in (1, 60, 300, 2_000, 20_000, 100_000)]
    assert counts == sorted(counts)
    assert counts[0] == 4
    assert counts[-1] == 12


def test_same_seed_gives_the_same_people(services, database, admin, tmp_path):
    _demo(database, admin, staff=80, months=18, seed=42)
    other_db, other = _second_services(tmp_path)
    try:
        generate_demo(other_db.sessions, admin, staff=80, months=18, seed=42, today=TODAY)
        assert _fingerprint(_all_rows(services, admin)) == _fingerprint(_all_rows(other, admin))
    finally:
        other_db.close()


def test_a_different_seed_gives_different_people(services, database, admin, tmp_path):
    _demo(database, admin, staff=80, seed=1)
    other_db, other = _second_services(tmp_path)
    try:
        generate_demo(other_db.sessions, admin, staff=80, seed=2, today=TODAY)
        names = {r.full_name for r in _all_rows(services, admin)}
        other_names = {r.full_name for r in _all_rows(other, admin)}
        assert len(names & other_names) < 10
    finally:
        other_db.close()


def test_names_are_varied_and_include_accented_letters(services, database, admin):
    _demo(database, admin, staff=400)
    rows = _all_rows(services, admin)
    names = [r.full_name for r in rows]
    accented = [n for n in names if not n.isascii()]

    assert len(accented) >= 40
    assert len(set(names)) >= 390
    assert len({n.split()[0] for n in names}) >= 100
    assert len({n.split()[-1] for n in names}) >= 100
    assert any(r.preferred_name for r in rows)


def test_search_finds_a_person_by_their_name_without_accents(services, database, admin):
    _demo(database, admin, staff=60)
    person = next(r for r in _all_rows(services, admin) if not r.full_name.isascii())
    accented_word = next(w for w in person.full_name.split() if not w.isascii())
    typed = fold(accented_word)
    assert typed.isascii()

    found = services.staff.page(admin, replace(EVERYONE, search=typed), 0, 1000).rows
    assert person.id in {r.id for r in found}


def test_leavers_left_within_the_months_asked_for(services, database, admin):
    summary = _demo(database, admin, staff=300, months=6)
    leavers = [m for m in _members(database) if not is_current(m.end_date, TODAY)]

    assert len(leavers) == summary.leavers
    assert 0.08 * 300 <= len(leavers) <= 0.17 * 300
    for m in leavers:
        assert m.end_date is not None
        assert m.start_date <= m.end_date < TODAY
        assert m.end_date >= TODAY - dt.timedelta(days=6 * 31)
        assert m.leaving_reason


def test_records_keep_the_register_rules(database, admin):
    _demo(database, admin, staff=300, months=24)
    members = _members(database)
    for m in members:
        assert m.start_date <= TODAY
        assert m.end_date is None or m.end_date >= m.start_date
        assert m.hours_per_week is None or 0 <= m.hours_per_week <= 37.5
        if m.counted_in_aggregates:
            assert m.lived_experience == LivedExperience.YES
        if m.employment_type == EmploymentType.APPRENTICESHIP:
            assert m.end_date is not None
        if m.role_category == RoleCategory.PEER_APPRENTICE:
            assert m.employment_type == EmploymentType.APPRENTICESHIP
        if m.role_category == RoleCategory.VOLUNTEER:
            assert m.employment_type == EmploymentType.VOLUNTEER
        if m.employment_type == EmploymentType.FIXED_TERM:
            assert m.end_date is not None
        if is_current(m.end_date, TODAY):
            assert not m.leaving_reason
    assert any(m.employment_type == EmploymentType.SESSIONAL for m in members)
    assert any(m.pronouns == "they/them" for m in members)
    assert any(m.former_service_user for m in members)
    assert any(m.reasonable_adjustments for m in members)
    assert any(m.wellbeing_notes for m in members)


def test_records_are_stored_as_the_staff_service_would_store_them(services, database, admin):
    _demo(database, admin, staff=120)
    for m in _members(database):
        record = services.staff.get(admin, m.id)
        assert normalise_staff(record.details, own_id=m.id) == record.details
        assert m.sort_name == fold(m.full_name)
        assert m.search_text == search_text_for(record.details)
        assert record.created_at.tzinfo is not None


def test_supervisors_of_current_staff_are_current_senior_people(database, admin):
    _demo(database, admin, staff=300, months=12)
    members = {m.id: m for m in _members(database)}
    senior = {RoleCategory.SENIOR_PEER_WORKER, RoleCategory.MANAGER, RoleCategory.CLINICAL}
    supervised = 0
    for m in members.values():
        if m.supervisor_id is not None:
            supervisor = members[m.supervisor_id]
            assert supervisor.id != m.id
            assert supervisor.role_category in senior
            if is_current(m.end_date, TODAY):
                assert is_current(supervisor.end_date, TODAY)
                supervised += 1
        if m.line_manager_id is not None:
            manager = members[m.line_manager_id]
            assert manager.id != m.id
            assert manager.role_category == RoleCategory.MANAGER
            if is_current(m.end_date, TODAY):
                assert is_current(manager.end_date, TODAY)
    current = sum(1 for m in members.values() if is_current(m.end_date, TODAY))
    assert supervised >= 0.9 * (current - 1)


def test_role_mix_is_that_of_a_peer_support_charity(database, admin):
    _demo(database, admin, staff=1000)
    roles = Counter(m.role_category for m in _members(database))

    assert roles.most_common(1)[0][0] == RoleCategory.PEER_WORKER
    assert 400 <= roles[RoleCategory.PEER_WORKER] <= 500
    for role in (
        RoleCategory.PEER_APPRENTICE,
        RoleCategory.SENIOR_PEER_WORKER,
        RoleCategory.NON_CLINICAL,
        RoleCategory.VOLUNTEER,
    ):
        assert 80 <= roles[role] <= 120
    assert 50 <= roles[RoleCategory.MANAGER] <= 90
    assert 60 <= roles[RoleCategory.CLINICAL] <= 100


@pytest.mark.parametrize("staff", [1, 2, 3, 7, 60, 999])
def test_role_counts_add_up_and_include_a_chief_executive(staff):
    counts = role_counts(staff)
    assert sum(counts.values()) == staff
    assert counts[RoleCategory.MANAGER] >= 1


@pytest.mark.parametrize("staff", [1, 2, 5])
def test_tiny_organisations_work(services, database, admin, staff):
    summary = _demo(database, admin, staff=staff)
    assert services.staff.count(admin, EVERYONE) == staff == summary.people


# -- refusing and rolling back ----------------------------------------------------------------


def test_refuses_when_the_register_already_has_people(services, database, admin):
    _demo(database, admin, staff=30, seed=1)
    before = _fingerprint(_all_rows(services, admin))

    with pytest.raises(Conflict, match="empty register"):
        _demo(database, admin, staff=30, seed=2)

    assert _fingerprint(_all_rows(services, admin)) == before
    assert len(services.teams.list_teams(admin)) == team_count(30)


def test_keeps_an_existing_organisation_and_reuses_a_team_of_the_same_name(
    services, database, admin
):
    services.organisation.create(admin, OrganisationDetails(name="Northgate Peer Network"))
    existing = services.teams.create(admin, "community outreach")

    summary = _demo(database, admin, staff=60)

    assert summary.organisation_name == "Northgate Peer Network"
    teams = services.teams.list_teams(admin)
    assert len(teams) == summary.teams
    assert existing.id in {t.id for t in teams}
    assert next(t for t in teams if t.id == existing.id).member_count > 0
    with database.sessions() as session:
        assert session.scalar(select(func.count(Organisation.id))) == 1


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"staff": 0}, "staff"),
        ({"staff": 100_001}, "staff"),
        ({"months": 0}, "months"),
        ({"months": 241}, "months"),
    ],
)
def test_sizes_out_of_range_are_refused(database, admin, options, field):
    with pytest.raises(ValidationError) as caught:
        _demo(database, admin, **options)
    message = caught.value.message_for(field)
    assert message is not None
    assert message.endswith(".")
    assert _members(database) == []


def test_only_an_administrator_may_make_demo_data(database):
    supervisor = Actor(user_id=3, display_name="Sam", role=Role.SUPERVISOR)
    with pytest.raises(AccessDenied):
        _demo(database, supervisor, staff=5)


def test_cancelling_writes_nothing(database, admin):
    calls = 0

    def cancel_on_third_look() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 3

    with pytest.raises(DemoCancelled):
        _demo(database, admin, staff=1500, is_cancelled=cancel_on_third_look)

    assert calls >= 3
    with database.sessions() as session:
        assert session.scalar(select(func.count(StaffMember.id))) == 0
        assert session.scalar(select(func.count(Team.id))) == 0
        assert session.scalar(select(func.count(Organisation.id))) == 0


def test_cancelling_during_writing_writes_nothing(database, admin):
    seen: list[tuple[int, int]] = []

    def cancelled() -> bool:
        return any(done >= 1000 for done, _ in seen)

    with pytest.raises(DemoCancelled):
        _demo(
            database,
            admin,
            staff=2000,
            progress=lambda done, total: seen.append((done, total)),
            is_cancelled=cancelled,
        )
    assert seen[-1][0] >= 1000
    assert _members(database) == []


def test_progress_counts_up_to_the_total(database, admin):
    seen: list[tuple[int, int]] = []
    _demo(database, admin, staff=1234, progress=lambda done, total: seen.append((done, total)))

    assert seen[0] == (0, 1234)
    assert seen[-1] == (1234, 1234)
    dones = [done for done, _ in seen]
    assert dones == sorted(dones)
    assert len(seen) >= 3
