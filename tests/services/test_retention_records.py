"""Erasing one record of a leaver: the list of their records (described without their
content), the plan for one record, erasing it with what belongs to it, and refusals."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from peerdesk.domain.retention import SINGLE_RECORD_KINDS, RecordKind
from peerdesk.services.actor import AccessDenied, Actor
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.retention_records import kinds_with_records
from peerdesk.services.retention_service import ERASED_ACTION
from peerdesk.services.retention_views import HeldRecord
from peerdesk.store.database import Database
from tests.services.test_retention_service import (
    MANAGER,
    SUPERVISOR,
    WORDS,
    People,
    build,
)


@pytest.fixture
def people(services: Services, admin: Actor) -> People:
    return build(services, admin)


def _rows(database: Database, sql: str, *args: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(database.path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _one(records: list[HeldRecord], record_type: str) -> HeldRecord:
    (found,) = [r for r in records if r.record_type == record_type]
    return found


def test_each_kind_lists_its_records_without_their_content(
    services: Services, admin: Actor, people: People
) -> None:
    retention = services.retention
    labels = {
        kind: [r.label for r in retention.records(admin, people.leaver, kind)]
        for kind in RecordKind
    }
    assert labels == {
        RecordKind.SUPERVISION: [
            "One-to-one (reflective) on 1 Mar 2018",
            "Supervision agreement of 5 Jan 2017",
        ],
        RecordKind.WELLBEING: ["Wellness plan, agreed 1 Jun 2017"],
        RecordKind.TRAINING: ["Safeguarding: completed, 1 Sep 2017"],
        RecordKind.ABSENCES: ["Absence from 8 Jan 2018 to 19 Jan 2018"],
        RecordKind.RELATIONSHIPS: [
            "Dual relationship (used the same programme as a service user), agreed 1 Feb 2017"
        ],
        RecordKind.APPRENTICESHIP: ["Apprenticeship: Peer Worker (Level 3), from 4 Jan 2016"],
        # fields of their own record, not records: erased as a whole
        RecordKind.PERSONAL_DETAILS: [],
    }
    assert set(kinds_with_records()) == SINGLE_RECORD_KINDS
    every = " ".join(label for kind_labels in labels.values() for label in kind_labels)
    for word in WORDS.all():
        assert word not in every


def test_the_plan_for_one_record_says_what_goes_with_it(
    services: Services, admin: Actor, people: People
) -> None:
    records = services.retention.records(admin, people.leaver, RecordKind.SUPERVISION)
    plan = services.retention.plan_record(admin, people.leaver, _one(records, "session"))
    assert not plan.whole_person and plan.record.startswith("One-to-one")
    assert dict(plan.kinds[0].parts) == {"one-to-ones": 1, "actions": 1}
    assert plan.sentences[0] == (
        f"This erases one record of {WORDS.renamed}: One-to-one (reflective) on "
        "1 Mar 2018. Their other records stay."
    )
    assert plan.sentences[1] == "Goes: 1 one-to-one, 1 action."
    assert plan.sentences[-1] == "This cannot be undone."
    assert any("Backups made before today" in line for line in plan.sentences)


def test_erasing_a_one_to_one_takes_its_actions_and_leaves_the_rest(
    services: Services, admin: Actor, people: People, database: Database
) -> None:
    retention = services.retention
    records = retention.records(admin, people.leaver, RecordKind.SUPERVISION)
    session = _one(records, "session")
    result = retention.erase_record(admin, people.leaver, session)
    assert result.counts == {"supervision": 2} and result.journal_emptied
    assert result.message.startswith("Erased one record: 1 one-to-one, 1 action removed;")
    # the one-to-one and its action are gone; the agreement and the other person's stay
    assert _rows(
        database, "SELECT COUNT(*) FROM supervision_session WHERE supervisee_id = ?", people.leaver
    ) == [(0,)]
    assert _rows(
        database, "SELECT COUNT(*) FROM supervision_action WHERE session_id = ?", session.record_id
    ) == [(0,)]
    assert _rows(
        database, "SELECT COUNT(*) FROM supervision_agreement WHERE staff_id = ?", people.leaver
    ) == [(1,)]
    assert _rows(
        database, "SELECT COUNT(*) FROM supervision_session WHERE id = ?", people.other_session
    ) == [(1,)]
    left = retention.records(admin, people.leaver, RecordKind.SUPERVISION)
    assert [r.record_type for r in left] == ["agreement"]
    # the queue counts what is left of the kind; other kinds are untouched
    by_kind = {row.kind: row.record_count for row in retention.queue(admin)}
    assert by_kind[RecordKind.SUPERVISION] == 1 and by_kind[RecordKind.TRAINING] == 1
    # the person's name and their other records stay
    assert services.staff.get(admin, people.leaver).details.full_name == WORDS.renamed


def test_erasing_an_apprenticeship_takes_its_hours_and_reviews(
    services: Services, admin: Actor, people: People, database: Database
) -> None:
    retention = services.retention
    (apprenticeship,) = retention.records(admin, people.leaver, RecordKind.APPRENTICESHIP)
    plan = retention.plan_record(admin, people.leaver, apprenticeship)
    assert (
        plan.sentences[1] == "Goes: 1 apprenticeship, 1 off-the-job hours entry, 1 progress review."
    )
    retention.erase_record(admin, people.leaver, apprenticeship)
    for table in ("apprenticeship", "off_the_job_hours", "apprenticeship_review"):
        assert _rows(database, f"SELECT COUNT(*) FROM {table}") == [(0,)]
    assert retention.records(admin, people.leaver, RecordKind.APPRENTICESHIP) == []


def test_each_kind_of_record_can_be_erased_alone(
    services: Services, admin: Actor, people: People
) -> None:
    retention = services.retention
    for kind in kinds_with_records():
        before = retention.records(admin, people.leaver, kind)
        retention.erase_record(admin, people.leaver, before[-1])
        after = retention.records(admin, people.leaver, kind)
        assert after == before[:-1]


def test_the_erasure_of_one_record_is_audited_without_its_content(
    services: Services, admin: Actor, people: People
) -> None:
    (absence,) = services.retention.records(admin, people.leaver, RecordKind.ABSENCES)
    services.retention.erase_record(admin, people.leaver, absence)
    (entry,) = services.audit.entries(admin, action=ERASED_ACTION)
    assert entry.subject == f"staff member {people.leaver}"
    assert entry.details == {
        "staff_id": people.leaver,
        "whole_person": False,
        "kinds": ["absences"],
        "record": f"absence {absence.record_id}",
        "counts": {"absences": 1},
    }
    text = json.dumps(entry.details) + entry.subject
    assert WORDS.absence not in text and "Quillfeather" not in text
    assert services.audit.verify(admin).ok


def test_refusals(services: Services, admin: Actor, people: People) -> None:
    retention = services.retention
    (absence,) = retention.records(admin, people.leaver, RecordKind.ABSENCES)
    for actor in (MANAGER, SUPERVISOR):
        with pytest.raises(AccessDenied, match="Only administrators"):
            retention.records(actor, people.leaver, RecordKind.ABSENCES)
        with pytest.raises(AccessDenied, match="Only administrators"):
            retention.erase_record(actor, people.leaver, absence)
    with pytest.raises(Conflict, match="still works here"):
        retention.records(admin, people.current, RecordKind.SUPERVISION)
    # a record of someone else, named under the leaver: not theirs, so not found
    others = dataclasses.replace(absence, record_type="session", kind=RecordKind.SUPERVISION)
    others = dataclasses.replace(others, record_id=people.other_session)
    with pytest.raises(NotFound):
        retention.plan_record(admin, people.leaver, others)
    with pytest.raises(NotFound):
        retention.erase_record(admin, people.leaver, others)
    retention.erase_record(admin, people.leaver, absence)
    with pytest.raises(NotFound, match="no longer held"):
        retention.erase_record(admin, people.leaver, absence)
    # nothing was half-done: only the one erasure is in the trail
    assert len(services.audit.entries(admin, action=ERASED_ACTION)) == 1
