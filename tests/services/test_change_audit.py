"""Every change, with before and after, in the audit trail; never the words people wrote."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, String, create_engine, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from peerdesk.domain.enums import EmploymentType, RoleCategory, SessionMode, SessionType
from peerdesk.domain.staff import StaffDetails
from peerdesk.domain.supervision_record import SessionDetails
from peerdesk.domain.validation import ValidationError
from peerdesk.services.actor import Actor, Role
from peerdesk.services.audit_service import SYSTEM_NAME, SYSTEM_ROLE, AuditEntry, AuditLog
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.change_audit import (
    CONFIDENTIAL_CHANGED,
    CONFIDENTIAL_SET,
    PERSONAL_CHANGED,
    install_change_audit,
)
from peerdesk.store.database import Database
from peerdesk.store.models import AuditEvent, StaffMember, Team
from tests.conftest import TODAY

SECRET = "Disclosed a relapse after the funeral; keep an eye on it"
WELLBEING = "Struggles with crowded rooms since the hospital stay"
MANAGER = Actor(user_id=7, display_name="Mo Manager", role=Role.MANAGER)
BASE = StaffDetails(
    full_name="Zoë Łukasiewicz",
    role_category=RoleCategory.PEER_WORKER,
    employment_type=EmploymentType.PERMANENT,
    start_date=dt.date(2023, 4, 3),
    job_title="Peer worker",
    hours_per_week=30.0,
    wellbeing_notes=WELLBEING,
)


class Signed:
    """Who is signed in, as the app's session state would say."""

    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor

    def __call__(self) -> Actor | None:
        return self.actor


@pytest.fixture
def signed(admin: Actor) -> Signed:
    return Signed(admin)


@pytest.fixture
def audited(database: Database, signed: Signed) -> Services:
    services = make_services(database.sessions, today=lambda: TODAY)
    install_change_audit(database.sessions, services.audit, who=signed)
    return services


def trail(services: Services, admin: Actor) -> list[AuditEntry]:
    """The whole trail, oldest first."""
    return list(reversed(services.audit.entries(admin, limit=100_000)))


def raw_rows(database: Database) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(database.path)
    try:
        return conn.execute("SELECT * FROM audit_event ORDER BY id").fetchall()
    finally:
        conn.close()


# -- what is recorded -------------------------------------------------------------------


def test_a_staff_edit_records_only_the_changed_fields(
    audited: Services, admin: Actor, signed: Signed
) -> None:
    person = audited.staff.create(admin, BASE)
    signed.actor = MANAGER
    audited.staff.update(
        MANAGER,
        person.id,
        replace(BASE, job_title="Senior peer worker", hours_per_week=37.5),
    )
    entry = trail(audited, admin)[-1]
    assert entry.action == "changed staff member"
    assert entry.subject == f"staff member {person.id}"
    assert (entry.actor_name, entry.actor_role) == ("Mo Manager", "manager")
    # updated_at, sort_name, search_text and the unchanged fields are not listed
    assert entry.details == {
        "job_title": {"before": "Peer worker", "after": "Senior peer worker"},
        "hours_per_week": {"before": 30.0, "after": 37.5},
    }


def test_a_new_person_is_recorded_with_their_values(audited: Services, admin: Actor) -> None:
    team = audited.teams.create(admin, "Outreach")
    person = audited.staff.create(admin, replace(BASE, team_id=team.id))
    added_team, added_person = trail(audited, admin)
    assert (added_team.action, added_team.subject) == ("added team", f"team {team.id}")
    assert added_team.details == {"name": "Outreach"}  # not its name_key
    assert (added_person.action, added_person.subject) == (
        "added staff member",
        f"staff member {person.id}",
    )
    details = added_person.details
    # a name is personal: by length only, so an erased leaver's name is not in the trail
    assert details["full_name"] == f"{len('Zoë Łukasiewicz')} characters"
    assert details["start_date"] == "2023-04-03"  # dates as ISO text
    assert details["team_id"] == team.id and details["hours_per_week"] == 30.0
    assert details["wellbeing_notes"] == f"{len(WELLBEING)} characters"
    assert details["leaving_reason"] == "empty"
    assert details["lived_experience"] == CONFIDENTIAL_SET
    for bookkeeping in ("id", "updated_at", "created_at", "search_text", "sort_name"):
        assert bookkeeping not in details


def test_a_changed_name_is_recorded_as_changed_only(
    audited: Services, admin: Actor, database: Database
) -> None:
    person = audited.staff.create(admin, BASE)
    audited.staff.update(
        admin, person.id, replace(BASE, full_name="Zoë Quill", preferred_name="Zo")
    )
    entry = trail(audited, admin)[-1]
    assert entry.details == {
        "full_name": PERSONAL_CHANGED,
        "preferred_name": PERSONAL_CHANGED,
    }
    stored = " ".join(str(row) for row in raw_rows(database))
    for name in ("Łukasiewicz", "Quill", 'Zo"', "Zo'"):
        assert name not in stored


def test_removed_rows_are_recorded_with_their_values(audited: Services, admin: Actor) -> None:
    person = audited.staff.create(admin, BASE)
    absence = audited.absences.add(admin, person.id, dt.date(2026, 5, 1), None, "Sick leave")
    audited.absences.remove(admin, absence.id)
    team = audited.teams.create(admin, "Hub")
    audited.teams.delete(admin, team.id)
    entries = trail(audited, admin)
    assert [(e.action, e.subject) for e in entries[1:]] == [
        ("added absence", f"absence {absence.id}"),
        ("removed absence", f"absence {absence.id}"),
        ("added team", f"team {team.id}"),
        ("removed team", f"team {team.id}"),
    ]
    removed = entries[2].details
    assert removed["staff_id"] == person.id and removed["first_day"] == "2026-05-01"
    assert removed["kind"] == "10 characters" and removed["last_day"] is None
    assert entries[4].details["name"] == "Hub"


def held(people: dict[str, int], **changes: Any) -> SessionDetails:
    base = SessionDetails(
        supervisee_id=people["zoe"],
        supervisor_id=people["boss"],
        session_date=dt.date(2026, 6, 10),
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.IN_PERSON,
        duration_minutes=60,
        wellbeing_score=4,
        wellbeing_words="Tired but hopeful",
        wellbeing="Sleeping better.",
        agreed_record="Reduce caseload to ten; book the course.",
        confidential_notes=SECRET,
    )
    return replace(base, **changes)


@pytest.fixture
def people(audited: Services, admin: Actor) -> dict[str, int]:
    boss = audited.staff.create(admin, replace(BASE, full_name="Amara Okafor"))
    zoe = audited.staff.create(admin, replace(BASE, supervisor_id=boss.id))
    return {"boss": boss.id, "zoe": zoe.id}


def test_confidential_notes_are_counted_never_copied(
    audited: Services, admin: Actor, people: dict[str, int], database: Database
) -> None:
    record = audited.supervision.create_session(admin, held(people))
    longer = SECRET + " and talk again next week about the inquest"
    audited.supervision.update_session(
        admin, record.id, held(people, confidential_notes=longer, duration_minutes=50)
    )
    entries = trail(audited, admin)
    added = next(e for e in entries if e.action == "added supervision session")
    assert added.subject == f"supervision session {record.id}"
    assert added.details["confidential_notes"] == f"{len(SECRET)} characters"
    assert added.details["agreed_record"] == "40 characters"
    assert added.details["wellbeing_score"] == CONFIDENTIAL_SET
    assert added.details["session_date"] == "2026-06-10"
    changed = entries[-1]
    assert changed.action == "changed supervision session"
    assert changed.details == {
        "duration_minutes": {"before": 60, "after": 50},
        "confidential_notes": {
            "before": f"{len(SECRET)} characters",
            "after": f"{len(longer)} characters",
        },
    }
    # not one word of what was confided is anywhere in the trail's rows
    everything = json.dumps(raw_rows(database), ensure_ascii=False)
    for words in (SECRET, "relapse", "inquest", "Tired but hopeful", "Sleeping", "caseload"):
        assert words not in everything
    for words in (WELLBEING, "hospital"):
        assert words not in everything


def test_confidential_short_fields_say_only_that_they_changed(
    audited: Services, admin: Actor, people: dict[str, int]
) -> None:
    record = audited.supervision.create_session(admin, held(people))
    audited.supervision.update_session(admin, record.id, held(people, wellbeing_score=1))
    changed = trail(audited, admin)[-1]
    assert changed.details == {"wellbeing_score": CONFIDENTIAL_CHANGED}


def test_drafts_and_the_trail_itself_are_not_recorded(
    audited: Services, admin: Actor, people: dict[str, int]
) -> None:
    before = len(trail(audited, admin))
    for text in ("Fi", "First words", "First words typed"):
        audited.supervision.save_draft(admin, people["zoe"], None, {"agreed_record": text})
    audited.supervision.discard_draft(admin, people["zoe"])
    assert len(trail(audited, admin)) == before


def test_nobody_signed_in_is_peerdesk_itself(
    audited: Services, admin: Actor, signed: Signed
) -> None:
    signed.actor = None
    audited.teams.create(admin, "Outreach")
    (entry,) = trail(audited, admin)
    assert (entry.actor_name, entry.actor_role) == (SYSTEM_NAME, SYSTEM_ROLE)


def test_a_change_back_and_forth_within_one_flush_is_not_recorded(
    audited: Services, admin: Actor, database: Database
) -> None:
    person = audited.staff.create(admin, BASE)
    with database.sessions.begin() as session:
        member = session.get(StaffMember, person.id)
        assert member is not None
        member.job_title = "Something else"
        member.job_title = "Peer worker"
        member.updated_at = dt.datetime.now(dt.UTC)  # bookkeeping only
    assert [e.action for e in trail(audited, admin)] == ["added staff member"]


def test_an_old_value_not_loaded_is_read_from_the_database(
    audited: Services, admin: Actor, database: Database
) -> None:
    person = audited.staff.create(admin, BASE)
    with database.sessions.begin() as session:
        member = session.get(StaffMember, person.id)
        assert member is not None
        session.expire(member, ["job_title"])  # its value is not known in memory
        member.job_title = "Team leader"
    entry = trail(audited, admin)[-1]
    assert entry.details == {"job_title": {"before": "Peer worker", "after": "Team leader"}}


# -- the chain and the transaction ------------------------------------------------------


def test_the_chain_verifies_after_many_changes(
    audited: Services, admin: Actor, people: dict[str, int]
) -> None:
    team = audited.teams.create(admin, "Outreach")
    for number in range(15):
        audited.staff.update(
            admin, people["zoe"], replace(BASE, job_title=f"Title {number}", team_id=team.id)
        )
    audited.teams.rename(admin, team.id, "Outreach North")
    record = audited.supervision.create_session(admin, held(people))
    audited.supervision.update_session(admin, record.id, held(people, duration_minutes=45))
    audited.audit.record(admin, "export", "Staff list (CSV)", {"rows": 2})
    report = audited.audit.verify(admin)
    assert report.ok, report.problems
    assert report.checked == len(trail(audited, admin)) > 20


def test_one_query_for_the_previous_hash_per_flush(
    audited: Services, admin: Actor, database: Database
) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "audit_event" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.sessions.begin() as session:
            session.add_all(Team(name=f"Team {n}", name_key=f"team {n}") for n in range(30))
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    assert len(statements) == 1
    entries = trail(audited, admin)
    assert [e.subject for e in entries] == [f"team {n}" for n in range(1, 31)]
    assert audited.audit.verify(admin).ok


def test_a_failed_flush_rolls_back_its_audit_entries(
    audited: Services, admin: Actor, database: Database
) -> None:
    with pytest.raises(IntegrityError), database.sessions.begin() as session:
        session.add(Team(name="Outreach", name_key="outreach"))
        session.flush()  # written, with its entry, in this transaction
        session.add(Team(name="Outreach again", name_key="outreach"))  # the same key
        session.flush()
    assert trail(audited, admin) == []
    with database.sessions() as session:
        assert session.scalar(select(Team.id)) is None
    audited.teams.create(admin, "Outreach")  # and the chain carries on from where it was
    assert [e.action for e in trail(audited, admin)] == ["added team"]
    assert audited.audit.verify(admin).ok


def test_a_refused_service_call_leaves_no_entry(
    audited: Services, admin: Actor, people: dict[str, int]
) -> None:
    before = trail(audited, admin)
    with pytest.raises(ValidationError):
        audited.staff.update(admin, people["zoe"], replace(BASE, hours_per_week=500))
    assert trail(audited, admin) == before


def test_an_entry_recorded_inside_a_change_follows_the_change(
    audited: Services, admin: Actor, database: Database
) -> None:
    with database.sessions.begin() as session:
        session.add(Team(name="Outreach", name_key="outreach"))
        audited.audit.record(admin, "import", "Teams", {"teams": 1}, session=session)
    assert [e.action for e in trail(audited, admin)] == ["added team", "import"]
    assert audited.audit.verify(admin).ok


def test_installing_again_replaces_the_earlier_installation(
    audited: Services, admin: Actor, database: Database
) -> None:
    install_change_audit(database.sessions, audited.audit, who=lambda: MANAGER)
    audited.teams.create(admin, "Outreach")
    (entry,) = trail(audited, admin)
    assert entry.actor_name == "Mo Manager"


# -- user accounts: audited, but never their secrets ------------------------------------


class _Base(DeclarativeBase):
    pass


class UserAccount(_Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(200))
    recovery_key: Mapped[str] = mapped_column(String(200), default="")


def test_user_accounts_are_audited_without_their_secrets(tmp_path: Path, admin: Actor) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'accounts.db'}")
    AuditEvent.metadata.tables["audit_event"].create(engine)
    _Base.metadata.create_all(engine)
    sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
    log = AuditLog(sessions)
    install_change_audit(sessions, log, who=lambda: admin)
    with sessions.begin() as session:
        account = UserAccount(
            username="sam", role="supervisor", password_hash="$argon2$SECRETHASH", recovery_key="K1"
        )
        session.add(account)
    with sessions.begin() as session:
        found = session.get(UserAccount, account.id)
        assert found is not None
        found.password_hash = "$argon2$NEWSECRETHASH"
        found.role = "manager"
    with sessions.begin() as session:
        found = session.get(UserAccount, account.id)
        found.recovery_key = "K2"  # type: ignore[union-attr]
    added, changed, secret_only = reversed(log.entries(admin))
    assert added.action == "added user account" and added.subject == "user account 1"
    assert added.details == {"username": "sam", "role": "supervisor"}
    assert changed.details == {
        "role": {"before": "supervisor", "after": "manager"},
        "sign-in details": "changed (never recorded in the trail)",
    }
    assert secret_only.details == {"sign-in details": "changed (never recorded in the trail)"}
    with engine.connect() as connection:
        stored = " ".join(
            str(row) for row in connection.exec_driver_sql("SELECT * FROM audit_event")
        )
    for secret in ("SECRETHASH", "K1", "K2", "password", "recovery"):
        assert secret not in stored
    assert log.verify(admin).ok
    engine.dispose()
