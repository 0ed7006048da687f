"""Hostile data files: each is refused in one plain sentence and left exactly as it was.

The issue's seven (a zero-byte file, random bytes, a truncated database, another program's
database, a newer schema, a folder where the file should be, a read-only file), plus a
database whose header is fine but whose inner pages are scribbled over. Each is built as
the data folder's ``peerdesk.db`` from a real PeerDesk database full of demo data; and a
database left with a WAL sidecar by a killed process, which must open and lose nothing.

The builders and fixtures are shared with tests/cli/test_hostile_files.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.services.demo_service import generate_demo
from peerdesk.store.database import open_database, open_read_only
from peerdesk.store.errors import (
    DamagedDatabaseError,
    DatabaseOpenError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
)
from peerdesk.store.file_check import (
    check_database_file,
    check_writable,
    is_read_only,
    read_only_uri,
)
from peerdesk.store.models import StaffMember, Team

DB_NAME = "peerdesk.db"
TODAY = dt.date(2026, 6, 15)
DEMO_STAFF = 60


@dataclass(frozen=True)
class Sources:
    """Good databases to build bad files from: an empty one and one full of demo data."""

    empty: Path
    filled: Path


@pytest.fixture(scope="session")
def sources(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> Sources:
    folder = tmp_path_factory.mktemp("hostile-sources")
    filled = folder / DB_NAME
    shutil.copyfile(template_database, filled)
    database = open_database(filled)
    try:
        generate_demo(
            database.sessions, Actor.local_administrator(), staff=DEMO_STAFF, months=6, today=TODAY
        )
    finally:
        database.close()
    assert sorted(p.name for p in folder.iterdir()) == [DB_NAME]  # all in the main file
    return Sources(empty=template_database, filled=filled)


# -- builders: each makes the data folder's peerdesk.db hostile ----------------------------

Builder = Callable[[Path, Sources], Path]


def zero_bytes(folder: Path, sources: Sources) -> Path:
    path = folder / DB_NAME
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path, sources: Sources) -> Path:
    path = folder / DB_NAME
    path.write_bytes(random.Random(20260615).randbytes(64 * 1024))
    return path


def truncated(folder: Path, sources: Sources) -> Path:
    """The first part of a real database, as an interrupted copy to a USB stick leaves it."""
    path = folder / DB_NAME
    data = sources.filled.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 5])
    return path


def other_application(folder: Path, sources: Sources) -> Path:
    """A browser-history-like SQLite file, in WAL mode, with an index and some rows."""
    path = folder / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("CREATE INDEX moz_places_url ON moz_places (url)")
    conn.executemany(
        "INSERT INTO moz_places (url, title) VALUES (?, ?)",
        [(f"https://example.org/{i}", f"Page {i}") for i in range(500)],
    )
    conn.commit()
    conn.close()
    return path


def newer_schema(folder: Path, sources: Sources) -> Path:
    """A PeerDesk database upgraded by a future PeerDesk: a new table and revision."""
    path = folder / DB_NAME
    shutil.copyfile(sources.filled, path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE volunteer_shift (id INTEGER PRIMARY KEY, staff_id INTEGER)")
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    return path


def folder_in_its_place(folder: Path, sources: Sources) -> Path:
    path = folder / DB_NAME
    path.mkdir()
    (path / "notes.txt").write_text("someone's notes, which must stay where they are\n")
    return path


def read_only(folder: Path, sources: Sources) -> Path:
    """A healthy database marked read-only, as a copy from a CD or a locked-down share is."""
    path = folder / DB_NAME
    shutil.copyfile(sources.filled, path)
    os.chmod(path, 0o444)
    return path


def corrupt_inner_pages(folder: Path, sources: Sources) -> Path:
    """Full length and a valid header, but pages in the middle scribbled over."""
    path = folder / DB_NAME
    data = bytearray(sources.filled.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    rng = random.Random(11)
    for page in range(pages // 3, pages // 3 + 12):
        data[page * page_size : (page + 1) * page_size] = rng.randbytes(page_size)
    path.write_bytes(bytes(data))
    return path


@dataclass(frozen=True)
class Hostile:
    build: Builder
    error: type[DatabaseOpenError]
    says: str  # what the message must say is wrong
    advice: str  # and what it must say to do


HOSTILE: dict[str, Hostile] = {
    "zero bytes": Hostile(
        zero_bytes, DamagedDatabaseError, "is empty (0 bytes)", "restore it from a backup"
    ),
    "random bytes": Hostile(
        random_bytes,
        DamagedDatabaseError,
        "not a database file at all",
        "restore it from a backup",
    ),
    "truncated": Hostile(truncated, DamagedDatabaseError, "cut short", "restore it from a backup"),
    "other application": Hostile(
        other_application,
        DatabaseOpenError,
        "not a PeerDesk one",
        "move it out of the data folder",
    ),
    "newer schema": Hostile(
        newer_schema, NewerDatabaseError, "newer version of PeerDesk", "Install that version"
    ),
    "folder in its place": Hostile(
        folder_in_its_place, DatabaseOpenError, "is a folder", "rename or move it"
    ),
    "read-only": Hostile(read_only, ReadOnlyDatabaseError, "is read-only", "make it writable"),
    "corrupt inner pages": Hostile(
        corrupt_inner_pages, DamagedDatabaseError, "is damaged", "restore it from a backup"
    ),
}
SEVEN = [kind for kind in HOSTILE if kind != "corrupt inner pages"]


# -- what "left exactly as it was" means ---------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """Every entry under a folder: name -> (kind, sha256 of bytes, mtime in ns, mode)."""

    entries: dict[str, tuple[str, str, int, int]]

    @classmethod
    def of(cls, folder: Path) -> Snapshot:
        entries = {}
        for entry in sorted(folder.rglob("*")):
            info = entry.stat()
            if entry.is_dir():
                entries[entry.relative_to(folder).as_posix()] = ("dir", "", 0, info.st_mode)
            else:
                digest = hashlib.sha256(entry.read_bytes()).hexdigest()
                entries[entry.relative_to(folder).as_posix()] = (
                    "file",
                    digest,
                    info.st_mtime_ns,
                    info.st_mode,
                )
        return cls(entries)


def assert_one_plain_sentence(message: str, name: str = DB_NAME) -> None:
    assert name in message
    assert "\n" not in message
    assert message.endswith(".")
    for jargon in ("Traceback", 'File "', "sqlite3.", "Error:", "errno", "btree", "pragma"):
        assert jargon.casefold() not in message.casefold(), message


@pytest.fixture
def data_dir_for(tmp_path: Path, sources: Sources) -> Iterator[Callable[[str], Path]]:
    """Builds a data folder holding one hostile peerdesk.db; restores permissions after."""
    made: list[Path] = []

    def build(kind: str) -> Path:
        folder = tmp_path / kind.replace(" ", "-")
        folder.mkdir()
        HOSTILE[kind].build(folder, sources)
        made.append(folder)
        return folder

    yield build
    for folder in made:
        for entry in (folder, *folder.rglob("*")):
            entry.chmod(entry.stat().st_mode | stat.S_IWUSR)


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_opening_a_hostile_file_is_refused_in_plain_words_and_changes_nothing(
    kind: str, data_dir_for: Callable[[str], Path]
) -> None:
    folder = data_dir_for(kind)
    before = Snapshot.of(folder)
    hostile = HOSTILE[kind]

    with pytest.raises(DatabaseOpenError) as refused:
        open_database(folder / DB_NAME)

    assert type(refused.value) is hostile.error
    message = str(refused.value)
    assert_one_plain_sentence(message)
    assert hostile.says in message
    assert hostile.advice in message
    # bytes, modification times and permissions as they were, and nothing new beside the
    # file: no -wal, -shm or -journal, no half-made database, no backups folder
    assert Snapshot.of(folder) == before


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_the_read_only_check_refuses_or_reads_and_changes_nothing(
    kind: str, data_dir_for: Callable[[str], Path]
) -> None:
    """What `peerdesk check` relies on: a read-only look that touches nothing."""
    folder = data_dir_for(kind)
    before = Snapshot.of(folder)
    if kind in ("read-only", "newer schema"):
        # readable PeerDesk databases: the look succeeds and reports the revision
        assert check_database_file(folder / DB_NAME)
    else:
        with pytest.raises(DatabaseOpenError) as refused:
            check_database_file(folder / DB_NAME)
        assert_one_plain_sentence(str(refused.value))
    assert Snapshot.of(folder) == before


def test_a_read_only_database_can_still_be_read(data_dir_for: Callable[[str], Path]) -> None:
    folder = data_dir_for("read-only")
    before = Snapshot.of(folder)
    database = open_read_only(folder / DB_NAME)
    try:
        with database.sessions() as session:
            assert session.scalar(select(func.count(StaffMember.id))) == DEMO_STAFF
    finally:
        database.close()
    assert Snapshot.of(folder) == before


def test_read_only_is_judged_by_the_permission_bits_too(tmp_path: Path) -> None:
    """As root, os.access calls every file writable (root may write anyway), and so does
    SQLite; the owner's write bit says what the person who set it up meant."""
    path = tmp_path / DB_NAME
    path.write_bytes(b"")
    assert not is_read_only(path)
    path.chmod(0o444)
    try:
        assert is_read_only(path)
        if os.geteuid() == 0:
            assert os.access(path, os.W_OK)  # the reason for checking the bits as well
    finally:
        path.chmod(0o644)


def test_a_read_only_folder_is_refused_before_anything_is_written(
    tmp_path: Path, sources: Sources
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(sources.filled, folder / DB_NAME)
    folder.chmod(0o555)
    try:
        before = Snapshot.of(folder)
        with pytest.raises(ReadOnlyDatabaseError) as refused:
            open_database(folder / DB_NAME)
        message = str(refused.value)
        assert_one_plain_sentence(message)
        assert "the folder is read-only" in message
        assert str(folder) in message
        assert Snapshot.of(folder) == before
    finally:
        folder.chmod(0o755)


def test_a_database_in_a_read_only_folder_can_still_be_checked(
    tmp_path: Path, sources: Sources
) -> None:
    """A write-protected USB stick: SQLite cannot create the -shm file it wants beside a
    WAL-mode file, so the read-only look tells it the file is immutable instead."""
    folder = tmp_path / "stick"
    folder.mkdir()
    shutil.copyfile(sources.filled, folder / DB_NAME)
    folder.chmod(0o555)
    try:
        before = Snapshot.of(folder)
        assert read_only_uri(folder / DB_NAME).endswith("?mode=ro&immutable=1")
        assert check_database_file(folder / DB_NAME)
        database = open_read_only(folder / DB_NAME)
        try:
            with database.sessions() as session:
                assert session.scalar(select(func.count(StaffMember.id))) == DEMO_STAFF
        finally:
            database.close()
        assert Snapshot.of(folder) == before
    finally:
        folder.chmod(0o755)


def test_changes_waiting_in_a_wal_are_never_skipped_as_immutable(
    tmp_path: Path, sources: Sources
) -> None:
    path = crashed_with_wal(tmp_path, sources)
    tmp_path.chmod(0o555)
    try:
        assert "immutable" not in read_only_uri(path)  # it would ignore the -wal's commits
    finally:
        tmp_path.chmod(0o755)


def test_a_read_only_folder_gets_no_new_database(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyDatabaseError):
            open_database(folder / DB_NAME)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_shortcut_to_a_missing_drive_is_not_replaced_by_a_new_database(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    target = tmp_path / "usb-stick" / DB_NAME  # the stick is not plugged in
    (folder / DB_NAME).symlink_to(target)
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(folder / DB_NAME)
    message = str(refused.value)
    assert_one_plain_sentence(message)
    assert str(target) in message and "cannot be found" in message
    assert (folder / DB_NAME).is_symlink()
    assert not target.exists()
    assert sorted(p.name for p in folder.iterdir()) == [DB_NAME]


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path, sources: Sources) -> None:
    """`--data-dir` given the database file itself, rather than the folder holding it."""
    mistaken = tmp_path / DB_NAME
    shutil.copyfile(sources.empty, mistaken)
    before = Snapshot.of(tmp_path)
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(mistaken / DB_NAME)
    message = str(refused.value)
    assert_one_plain_sentence(message)
    assert f"The data folder {mistaken} is a file, not a folder" in message
    assert Snapshot.of(tmp_path) == before


def test_a_writable_database_passes_the_write_check(tmp_path: Path, sources: Sources) -> None:
    shutil.copyfile(sources.empty, tmp_path / DB_NAME)
    check_writable(tmp_path / DB_NAME)
    check_writable(tmp_path / "not yet created.db")


# -- a database left with a WAL sidecar by a killed process --------------------------------

# Records three people through PeerDesk itself, one commit each, then dies without closing
# anything, as a laptop whose battery runs out does: the commits live only in -wal.
CRASHING_WRITER = textwrap.dedent(
    """
    import datetime as dt, os, signal, sys
    from pathlib import Path
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.staff import StaffDetails
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import make_services
    from peerdesk.store.database import open_database

    database = open_database(Path(sys.argv[1]))
    services = make_services(database.sessions, today=lambda: dt.date(2026, 6, 15))
    for name in ("Zoë Adeyemi", "Tomás Ó Briain", "Siobhan Kowalczyk"):
        services.staff.create(
            Actor.local_administrator(),
            StaffDetails(
                full_name=name,
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                start_date=dt.date(2025, 9, 1),
            ),
        )
    print("committed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)
CRASH_NAMES = {"Zoë Adeyemi", "Tomás Ó Briain", "Siobhan Kowalczyk"}


def crashed_with_wal(folder: Path, sources: Sources) -> Path:
    path = folder / DB_NAME
    shutil.copyfile(sources.filled, path)
    writer = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert writer.returncode == -signal.SIGKILL, writer.stderr
    assert writer.stdout.strip() == "committed"
    wal = folder / (DB_NAME + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the commits are in the sidecar only
    return path


def names_in(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT full_name FROM staff_member")}
    finally:
        conn.close()


def test_a_crash_leaves_a_wal_that_opens_and_loses_nothing(
    tmp_path: Path, sources: Sources
) -> None:
    path = crashed_with_wal(tmp_path, sources)
    people_before = names_in(sources.filled)

    assert check_database_file(path)  # the read-only look accepts it and keeps the sidecar
    assert (tmp_path / (DB_NAME + "-wal")).stat().st_size > 0

    database = open_database(path)
    try:
        services = make_services(database.sessions, today=lambda: TODAY)
        actor = Actor.local_administrator()
        names = {person.name for person in services.staff.people(actor, include_leavers=True)}
        assert names >= CRASH_NAMES
        with database.sessions() as session:
            assert session.scalar(select(func.count(Team.id))) > 0
    finally:
        database.close()

    # closing folded the sidecar back into the file: everything committed is in it
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]
    assert names_in(path) == people_before | CRASH_NAMES
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_a_crashed_database_can_be_checked_read_only(tmp_path: Path, sources: Sources) -> None:
    path = crashed_with_wal(tmp_path, sources)
    database = open_read_only(path)
    try:
        with database.sessions() as session:
            names = set(session.scalars(select(StaffMember.full_name)))
    finally:
        database.close()
    assert names >= CRASH_NAMES
    # the read-only look kept the sidecar, which holds the only copy of those commits
    assert (tmp_path / (DB_NAME + "-wal")).stat().st_size > 0
    assert names_in(path) >= CRASH_NAMES
