"""A full or read-only disk is reported in plain words, and nothing is half-saved."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.errors import StorageError
from peerdesk.store.storage_errors import storage_error_for


def details(name: str, notes: str = "") -> StaffDetails:
    import datetime as dt

    return StaffDetails(
        full_name=name,
        role_category=RoleCategory.PEER_WORKER,
        employment_type=EmploymentType.PERMANENT,
        start_date=dt.date(2024, 1, 8),
        wellbeing_notes=notes,
    )


def on_every_connection(database, pragma: str) -> None:
    database.engine.dispose()  # new connections from now on
    event.listen(
        database.engine, "connect", lambda conn, _record: conn.execute(pragma), insert=False
    )


def test_a_full_disk_is_a_plain_message_and_nothing_is_saved(database, services, admin) -> None:
    services.staff.create(admin, details("Ada Okoye"))
    with database.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    on_every_connection(database, f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError) as caught:
        for number in range(200):  # until the pages run out
            services.staff.create(admin, details(f"Person {number}", notes="x" * 19_000))
    message = str(caught.value)
    assert message.startswith("The disk is full, so PeerDesk could not save.")
    assert "Nothing was half-saved" in message
    # every person saved before the disk filled is whole; the one that failed is not there
    people = services.staff.people(admin)
    assert "Ada Okoye" in {person.name for person in people}
    assert len(people) < 201
    for person in people:
        if person.name != "Ada Okoye":
            assert services.staff.get(admin, person.id).details.wellbeing_notes == "x" * 19_000


def test_a_read_only_file_is_a_plain_message(database, services, admin) -> None:
    on_every_connection(database, "PRAGMA query_only = ON")
    with pytest.raises(StorageError) as caught:
        services.staff.create(admin, details("Cai Jones"))
    assert "read-only" in str(caught.value)
    assert services.staff.people(admin) == []


@pytest.mark.parametrize(
    ("sqlite_says", "starts"),
    [
        ("database is locked", "Another program is holding"),
        ("disk I/O error", "The disk reported an error"),
        ("unable to open database file", "PeerDesk cannot reach its data file"),
    ],
)
def test_each_disk_problem_has_its_words(sqlite_says: str, starts: str) -> None:
    error = storage_error_for(sqlite3.OperationalError(sqlite_says))
    assert error is not None and str(error).startswith(starts)


def test_other_errors_are_left_alone() -> None:
    assert storage_error_for(sqlite3.OperationalError("no such table: x")) is None
    assert storage_error_for(ValueError("database or disk is full")) is None
