"""Alembic revisions: the list in schema.py, the models, and upgrading real data with a backup."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from peerdesk.domain.enums import StaffStatus
from peerdesk.domain.text import fold
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.services.staff_service import StaffQuery
from peerdesk.store import schema
from peerdesk.store.backup import backup_folder
from peerdesk.store.connection import make_engine, sqlite_url
from peerdesk.store.database import open_database
from peerdesk.store.models import Base

TODAY = dt.date(2026, 6, 15)
PAIRS = list(zip(schema.REVISIONS, schema.REVISIONS[1:], strict=False))
STAMP = "2026-01-05T09:30:00.000000+00:00"


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(schema.alembic_config())


def test_revisions_match_the_alembic_scripts_in_order() -> None:
    scripts = script_directory()
    oldest_first = [r.revision for r in scripts.walk_revisions()][::-1]
    assert list(schema.REVISIONS) == oldest_first


def test_head_is_the_single_script_head() -> None:
    scripts = script_directory()
    assert scripts.get_heads() == [schema.HEAD]
    assert scripts.get_current_head() == schema.HEAD
    assert schema.REVISIONS[-1] == schema.HEAD


def test_revisions_form_one_chain() -> None:
    scripts = script_directory()
    for previous, following in PAIRS:
        assert scripts.get_revision(following).down_revision == previous
    assert scripts.get_revision(schema.REVISIONS[0]).down_revision is None


def test_is_known() -> None:
    assert all(schema.is_known(r) for r in schema.REVISIONS)
    assert not schema.is_known("9999_future")
    assert not schema.is_known("")


def test_models_match_the_migrated_schema(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "migrated.db"))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    # UTCDateTime is a TypeDecorator over String(32) and the migrations write String(32);
    # Alembic compares the decorator's impl, so no type differences are expected. Were a
    # future Alembic to report UTCDateTime vs VARCHAR(32) here, filter out only those
    # ("modify_type" on created_at/updated_at) rather than every type difference.
    assert differences == []


def test_every_table_in_the_models_exists_after_upgrade(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "migrated.db"))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


# -- upgrading real data from each older revision -----------------------------------------

# A value for every column the register's tables have had; a new NOT NULL column without
# one here makes the test fail, so whoever adds it also says what old rows look like.
ORGANISATION = {
    "id": 1,
    "name": "Brighter Paths",
    "charity_number": "SC012345",
    "supervision_interval_days": 21,
    "small_number_threshold": 7,
    "retention_years": 8,
    "created_at": STAMP,
    "updated_at": STAMP,
}
TEAM = {"id": 1, "name": "Outreach", "name_key": "outreach", "created_at": STAMP}
STAFF = [
    {
        "id": 1,
        "full_name": "Zoë Łukasiewicz",
        "preferred_name": "Zo",
        "pronouns": "she/her",
        "job_title": "Senior peer worker",
        "role_category": "senior_peer_worker",
        "team_id": 1,
        "employment_type": "permanent",
        "hours_per_week": 30.0,
        "start_date": "2021-03-01",
        "end_date": None,
        "leaving_reason": "",
        "line_manager_id": None,
        "supervisor_id": None,
        "lived_experience": "yes",
        "counted_in_aggregates": 1,
        "former_service_user": 1,
        "reasonable_adjustments": "Quiet room\nFlexible start",
        "wellbeing_notes": "WRAP agreed",
        "sort_name": "zoe lukasiewicz",
        "search_text": "zoe lukasiewicz zo senior peer worker",
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    {
        "id": 2,
        "full_name": "Siobhán Nguyễn",
        "preferred_name": "",
        "pronouns": "",
        "job_title": "Peer apprentice",
        "role_category": "peer_apprentice",
        "team_id": 1,
        "employment_type": "apprenticeship",
        "hours_per_week": None,
        "start_date": "2025-09-01",
        "end_date": "2026-03-31",
        "leaving_reason": "Completed apprenticeship",
        "line_manager_id": 1,
        "supervisor_id": 1,
        "lived_experience": "prefer_not_to_say",
        "counted_in_aggregates": 0,
        "former_service_user": 0,
        "reasonable_adjustments": "",
        "wellbeing_notes": "",
        "sort_name": "siobhan nguyen",
        "search_text": "siobhan nguyen peer apprentice",
        "created_at": STAMP,
        "updated_at": STAMP,
    },
]


# Columns that later revisions add, with the value their migration derives from a row.
DERIVED: dict[tuple[str, str], Any] = {
    ("staff_member", "job_title_key"): lambda row: fold(row["job_title"]),
    ("organisation", "new_starter_days"): lambda row: 14,
    ("organisation", "due_soon_days"): lambda row: 7,
    ("organisation", "logo_path"): lambda row: "",
    ("organisation", "idle_lock_minutes"): lambda row: 10,
    ("organisation", "conviction_keep_months"): lambda row: 6,
    ("organisation", "kept_after_erasure"): lambda row: "name,employment_dates",
    ("staff_member", "erased_on"): lambda row: None,
}


def _insert(conn: Connection, table: str, row: dict[str, Any]) -> None:
    columns = [c["name"] for c in inspect(conn).get_columns(table)]
    row = {**row}
    for column in columns:
        if column not in row and (table, column) in DERIVED:
            row[column] = DERIVED[(table, column)](row)
    missing = [c for c in columns if c not in row]
    assert not missing, f"the test has no value for {table}.{missing} at this revision"
    names = ", ".join(columns)
    params = ", ".join(f":{c}" for c in columns)
    conn.execute(
        text(f"INSERT INTO {table} ({names}) VALUES ({params})"), {c: row[c] for c in columns}
    )


def _rows(path: Path, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def _build_at(path: Path, revision: str) -> None:
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn, revision)
        with engine.begin() as conn:
            _insert(conn, "organisation", ORGANISATION)
            _insert(conn, "team", TEAM)
            for row in STAFF:
                _insert(conn, "staff_member", row)
    finally:
        engine.dispose()
    assert _revision(path) == revision


STAFF_COLUMNS = list(STAFF[0])
ORGANISATION_COLUMNS = list(ORGANISATION)
TEAM_COLUMNS = list(TEAM)


def _expected(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(r.values()) for r in rows]


@pytest.mark.parametrize(("previous", "following"), PAIRS)
def test_upgrade_keeps_data_and_backs_up_first(
    tmp_path: Path, previous: str, following: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "peerdesk.db"
    _build_at(path, previous)
    now = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)

    database = open_database(path, now=now)
    try:
        assert database.upgraded_from == previous
        assert database.backup_path is not None
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == schema.HEAD
            assert conn.scalar(text("PRAGMA foreign_key_check")) is None
            assert conn.scalar(text("PRAGMA integrity_check")) == "ok"
        # the services read the upgraded rows as they were written
        services = make_services(database.sessions, today=lambda: TODAY)
        admin = Actor.local_administrator()
        org = services.organisation.get(admin)
        assert org is not None
        assert org.name == "Brighter Paths"
        assert org.details.charity_number == "SC012345"
        zoe = services.staff.get(admin, 1)
        assert zoe.details.full_name == "Zoë Łukasiewicz"
        assert zoe.team_name == "Outreach"
        assert zoe.created_at == dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
        siobhan = services.staff.get(admin, 2)
        assert siobhan.supervisor_name == "Zoë Łukasiewicz"
        assert siobhan.details.end_date == dt.date(2026, 3, 31)
        assert not siobhan.is_current
        everyone = services.staff.page(admin, StaffQuery(status=StaffStatus.ALL), 0, 10)
        assert [r.full_name for r in everyone.rows] == ["Siobhán Nguyễn", "Zoë Łukasiewicz"]
    finally:
        database.close()

    assert _revision(path) == schema.HEAD
    assert _rows(path, "organisation", ORGANISATION_COLUMNS) == _expected([ORGANISATION])
    assert _rows(path, "team", TEAM_COLUMNS) == _expected([TEAM])
    assert _rows(path, "staff_member", STAFF_COLUMNS) == _expected(STAFF)

    # the backup sits in backups/ beside the data and holds the old revision and rows
    backups = list(backup_folder(path).iterdir())
    assert backups == [database.backup_path]
    backup = backups[0]
    assert backup.parent == data / "backups"
    assert previous in backup.name
    assert "20260615T090000Z" in backup.name
    assert _revision(backup) == previous
    assert _rows(backup, "organisation", ORGANISATION_COLUMNS) == _expected([ORGANISATION])
    assert _rows(backup, "team", TEAM_COLUMNS) == _expected([TEAM])
    assert _rows(backup, "staff_member", STAFF_COLUMNS) == _expected(STAFF)
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not list(backup_folder(path).glob("*.partial"))


@pytest.mark.parametrize(("previous", "following"), PAIRS)
def test_each_step_applies_alone(tmp_path: Path, previous: str, following: str) -> None:
    path = tmp_path / "step.db"
    _build_at(path, previous)
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            schema.upgrade(conn, following)
    finally:
        engine.dispose()
    assert _revision(path) == following
    assert _rows(path, "staff_member", STAFF_COLUMNS) == _expected(STAFF)


def test_upgraded_database_reopens_without_another_backup(tmp_path: Path) -> None:
    if len(schema.REVISIONS) < 2:
        pytest.skip("only one revision")
    path = tmp_path / "peerdesk.db"
    _build_at(path, schema.REVISIONS[0])
    first = open_database(path)
    first.close()
    assert first.upgraded_from == schema.REVISIONS[0]
    second = open_database(path)
    second.close()
    assert second.upgraded_from is None
    assert second.backup_path is None
    assert len(list(backup_folder(path).iterdir())) == 1


def test_database_at_head_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, schema.HEAD)
    database = open_database(path)
    database.close()
    assert database.upgraded_from is None
    assert database.backup_path is None
    assert not backup_folder(path).exists()
    assert _rows(path, "staff_member", STAFF_COLUMNS) == _expected(STAFF)


def test_job_title_keys_are_filled_in_for_existing_people(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, "0001_initial")
    open_database(path).close()
    assert _rows(path, "staff_member", ["job_title", "job_title_key"]) == [
        ("Senior peer worker", "senior peer worker"),
        ("Peer apprentice", "peer apprentice"),
    ]


def test_supervision_tables_arrive_empty_and_the_standard_gets_defaults(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, "0002_staff_sort_keys")
    database = open_database(path)
    try:
        with database.engine.connect() as conn:
            for table in (
                "supervision_session",
                "session_amendment",
                "supervision_action",
                "supervision_agreement",
                "dual_relationship",
                "staff_absence",
                "supervision_interval",
                "session_draft",
            ):
                assert conn.scalar(text(f"SELECT COUNT(*) FROM {table}")) == 0
    finally:
        database.close()
    assert _rows(path, "organisation", ["name", "new_starter_days", "due_soon_days"]) == [
        ("Brighter Paths", 14, 7)
    ]


def test_role_category_index_exists_at_head(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, schema.REVISIONS[0])
    open_database(path).close()
    conn = sqlite3.connect(path)
    try:
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(staff_member)")}
    finally:
        conn.close()
    assert {
        "ix_staff_member_role_category",
        "ix_staff_member_end_date",
        "ix_staff_member_sort_name",
        "ix_staff_member_team_id",
        "ix_staff_member_supervisor_id",
    } <= indexes


def test_supervision_history_survives_the_readiness_revision(tmp_path: Path) -> None:
    """A database at 0003 holding a session, an action, an agreement and a dual
    relationship upgrades to 0004 with all of them intact and the new tables empty."""
    path = tmp_path / "peerdesk.db"
    _build_at(path, "0003_supervision")
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO supervision_session (id, supervisee_id, supervisor_id, session_date,"
            " session_type, mode, outcome, outcome_reason, duration_minutes, wellbeing_score,"
            " wellbeing_words, section_wellbeing, section_workload, section_boundaries,"
            " section_reflective_practice, section_learning, section_achievements,"
            " section_other, agreed_record, confidential_notes, supervisee_comment,"
            " supervisor_signed_at, supervisor_signed_by, supervisee_signed_at,"
            " supervisee_signed_by, created_by, created_at, updated_at)"
            " VALUES (1, 2, 1, '2026-03-02', 'reflective', 'video', 'held', '', 50, 4,"
            " 'Steady', '', 'Busy caseload', '', '', '', '', '', 'Agreed plan', 'PRIVATE',"
            " '', NULL, '', NULL, '', 'Zoë', ?, ?)",
            (STAMP, STAMP),
        )
        conn.execute(
            "INSERT INTO supervision_action (id, session_id, staff_id, description, owner_id,"
            " due_date, status, closed_on, closed_in_session_id, closing_note, created_at,"
            " updated_at) VALUES (1, 1, 2, 'Book training', 2, '2026-03-30', 'open', NULL,"
            " NULL, '', ?, ?)",
            (STAMP, STAMP),
        )
        conn.execute(
            "INSERT INTO supervision_agreement (id, staff_id, frequency_days, location,"
            " confidentiality, raising_concerns, agreed_on, review_date, created_at,"
            " updated_at) VALUES (1, 2, 28, 'Hub', 'Limits', 'Manager', '2025-09-01',"
            " '2026-09-01', ?, ?)",
            (STAMP, STAMP),
        )
        conn.execute(
            "INSERT INTO dual_relationship (id, staff_id, relationship_type, description,"
            " how_managed, agreed_by, agreed_on, review_date, ended_on, created_at,"
            " updated_at) VALUES (1, 2, 'friend', 'A friend in the team', 'Not line managed',"
            " 'Manager', '2025-09-01', '2026-09-01', NULL, ?, ?)",
            (STAMP, STAMP),
        )
        conn.commit()
    finally:
        conn.close()

    database = open_database(path)
    try:
        assert database.upgraded_from == "0003_supervision"
        services = make_services(database.sessions, today=lambda: TODAY)
        admin = Actor.local_administrator()
        record = services.supervision.get_session(admin, 1)
        assert (record.agreed_record, record.confidential_notes) == ("Agreed plan", "PRIVATE")
        [action] = services.actions.open_actions(admin, 2)
        assert action.description == "Book training"
        agreement = services.agreements.current_agreement(admin, 2)
        assert agreement is not None and agreement.details.location == "Hub"
        [relationship] = services.dual_relationships.list_for(admin, 2)
        assert relationship.details.description == "A friend in the team"
        with database.engine.connect() as conn:
            for table in (
                "checklist",
                "checklist_item",
                "checklist_status_change",
                "policy",
                "training_course",
                "training_record",
                "wellness_plan",
                "apprenticeship",
                "off_the_job_hours",
                "apprenticeship_review",
            ):
                assert conn.scalar(text(f"SELECT COUNT(*) FROM {table}")) == 0
    finally:
        database.close()


def test_the_audit_trail_arrives_empty_and_refuses_changes(tmp_path: Path) -> None:
    path = tmp_path / "peerdesk.db"
    _build_at(path, "0004_readiness")
    database = open_database(path)
    try:
        with database.engine.begin() as conn:
            assert conn.scalar(text("SELECT COUNT(*) FROM audit_event")) == 0
            assert conn.scalar(text("SELECT logo_path FROM organisation")) == ""
            conn.execute(
                text(
                    "INSERT INTO audit_event (at, actor_name, actor_role, action, subject,"
                    " details, previous_hash, entry_hash) VALUES ('2026-06-15T09:00:00Z',"
                    " 'A', 'administrator', 'test', '', '{}', '', 'h1')"
                )
            )
        for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
            with (
                pytest.raises(Exception, match="audit trail cannot be changed"),
                database.engine.begin() as conn,
            ):
                conn.execute(text(statement))
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT action FROM audit_event")) == "test"
    finally:
        database.close()
