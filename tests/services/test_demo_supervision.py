"""The demo's supervision history is realistic, consistent and deterministic."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select

from peerdesk.domain.enums import RoleCategory
from peerdesk.domain.supervision_schedule import (
    PersonSchedule,
    SessionOutcome,
    SupervisionStandard,
    SupervisionStatus,
    status,
)
from peerdesk.services.actor import Actor
from peerdesk.services.demo_service import generate_demo
from peerdesk.store.database import Database
from peerdesk.store.models import (
    DualRelationship,
    StaffAbsence,
    StaffMember,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
)
from tests.conftest import TODAY

PEER_ROLES = {"peer_worker", "peer_apprentice", "senior_peer_worker"}


def rows(database: Database, model: Any) -> list[Any]:
    with database.sessions() as session:
        return list(session.scalars(select(model)))


@pytest.fixture
def demo(database: Database, admin: Actor) -> Database:
    summary = generate_demo(database.sessions, admin, staff=150, months=18, seed=21, today=TODAY)
    assert summary.sessions == len(rows(database, SupervisionSession)) > 0
    return database


def test_sessions_fall_within_employment_and_are_honest(demo: Database) -> None:
    staff = {m.id: m for m in rows(demo, StaffMember)}
    sessions = rows(demo, SupervisionSession)
    outcomes = {s.outcome for s in sessions}
    assert outcomes == {o.value for o in SessionOutcome}
    for s in sessions:
        person = staff[s.supervisee_id]
        assert person.start_date <= s.session_date <= TODAY
        assert person.end_date is None or s.session_date <= person.end_date
        assert s.supervisor_id != s.supervisee_id
        if s.outcome == SessionOutcome.HELD.value:
            assert s.wellbeing_score in {1, 2, 3, 4, 5}
            assert s.agreed_record
            assert s.outcome_reason == ""
        else:
            assert s.outcome_reason
            assert s.wellbeing_score is None
            assert s.agreed_record == "" and s.confidential_notes == ""
        if s.supervisee_signed_at is not None:
            assert s.supervisor_signed_at is not None
        for stamp in (s.created_at, s.supervisor_signed_at, s.supervisee_signed_at):
            assert stamp is None or stamp.tzinfo is not None


def test_most_are_up_to_date_and_some_are_overdue(demo: Database) -> None:
    held: dict[int, list[dt.date]] = defaultdict(list)
    for s in rows(demo, SupervisionSession):
        if s.outcome == SessionOutcome.HELD.value:
            held[s.supervisee_id].append(s.session_date)
    absences: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for a in rows(demo, StaffAbsence):
        absences[a.staff_id].append((a.first_day, a.last_day))
    standard = SupervisionStandard()
    counts: dict[SupervisionStatus, int] = defaultdict(int)
    for m in rows(demo, StaffMember):
        if m.supervisor_id is None or (m.end_date is not None and m.end_date < TODAY):
            continue
        person = PersonSchedule(
            start_date=m.start_date,
            role_category=RoleCategory(m.role_category),
            end_date=m.end_date,
            absences=absences[m.id],
            held_dates=held[m.id],
        )
        counts[status(person, standard, TODAY).status] += 1
    supervised = sum(counts.values())
    assert counts[SupervisionStatus.OVERDUE] >= 3
    assert counts[SupervisionStatus.OVERDUE] < supervised / 2
    assert counts[SupervisionStatus.UP_TO_DATE] + counts[SupervisionStatus.DUE_SOON] > (
        supervised / 2
    )


def test_actions_are_open_closed_and_some_overdue(demo: Database) -> None:
    sessions = {s.id: s for s in rows(demo, SupervisionSession)}
    actions = rows(demo, SupervisionAction)
    statuses = {a.status for a in actions}
    assert statuses == {"open", "done", "dropped"}
    assert any(a.status == "open" and a.due_date < TODAY for a in actions)
    for a in actions:
        agreed_in = sessions[a.session_id]
        assert agreed_in.outcome == SessionOutcome.HELD.value
        assert a.staff_id == agreed_in.supervisee_id
        assert a.due_date > agreed_in.session_date
        if a.status != "open":
            assert a.closed_on is not None
        if a.closed_in_session_id is not None:
            assert sessions[a.closed_in_session_id].session_date >= agreed_in.session_date


def test_agreements_and_dual_relationships(demo: Database) -> None:
    staff = {m.id: m for m in rows(demo, StaffMember)}
    agreements = rows(demo, SupervisionAgreement)
    assert len(agreements) > 50
    assert all(a.review_date > a.agreed_on for a in agreements)
    relationships = rows(demo, DualRelationship)
    for r in relationships:
        assert staff[r.staff_id].role_category in PEER_ROLES
        assert r.description and r.how_managed
        assert r.review_date > r.agreed_on


def test_the_history_is_the_same_for_the_same_seed(demo: Database, admin: Actor, tmp_path) -> None:
    from peerdesk.store.database import open_database

    other = open_database(tmp_path / "again.db")
    try:
        generate_demo(other.sessions, admin, staff=150, months=18, seed=21, today=TODAY)

        def fingerprint(db: Database) -> list[tuple[Any, ...]]:
            return [
                (s.supervisee_id, s.session_date, s.outcome, s.agreed_record)
                for s in sorted(rows(db, SupervisionSession), key=lambda s: s.id)
            ]

        assert fingerprint(other) == fingerprint(demo)
    finally:
        other.close()
