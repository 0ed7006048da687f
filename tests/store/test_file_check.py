"""check_database_file: every kind of bad file is refused in plain words, without a byte changed.

The builders here (``BAD_FILES``, ``big_database``) are shared with test_open_database.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from peerdesk.domain.enums import EmploymentType, RoleCategory
from peerdesk.domain.staff import StaffDetails
from peerdesk.services.actor import Actor
from peerdesk.services.bundle import make_services
from peerdesk.store import schema
from peerdesk.store.database import open_database
from peerdesk.store.errors import DatabaseOpenError
from peerdesk.store.file_check import check_database_file

DB_NAME = "peerdesk.db"
# Bad files get a name of their own, so a message that names "peerdesk.db" by rote fails.
BAD_NAME = "Brighter Paths data.db"
BIG_STAFF = 300


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture(scope="session")
def big_database(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> Path:
    """A PeerDesk database with 300 people in it, so that it spans many pages."""
    folder = tmp_path_factory.mktemp("big")
    path = folder / DB_NAME
    shutil.copyfile(template_database, path)
    database = open_database(path)
    try:
        services = make_services(database.sessions, today=lambda: dt.date(2026, 6, 15))
        admin = Actor.local_administrator()
        for i in range(BIG_STAFF):
            services.staff.create(
                admin,
                StaffDetails(
                    full_name=f"Person {i:03d} Łukasiewicz",
                    role_category=RoleCategory.PEER_WORKER,
                    employment_type=EmploymentType.PERMANENT,
                    start_date=dt.date(2020, 1, 1),
                    wellbeing_notes="Notes " * 40,
                ),
            )
    finally:
        database.close()
    assert listing(folder) == {DB_NAME}  # all checkpointed into the main file
    return path


# -- builders: each writes a bad file called BAD_NAME into ``folder`` ---------------------

Builder = Callable[[Path, Path, Path], Path]


def _empty(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    path.write_bytes(b"")
    return path


def _random_bytes(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    path.write_bytes(random.Random(20260615).randbytes(16384))
    return path


def _text_file(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    path.write_text("name,team\nZoë Łukasiewicz,Outreach\n" * 200, encoding="utf-8")
    return path


def _short_sqlite_header(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" * 10)
    return path


def _other_application(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO recipe (name) VALUES (?)", [("Soup",), ("Bread",)])
    conn.commit()
    conn.close()
    return path


def _other_application_wal(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipe (name) VALUES ('Soup')")
    conn.commit()
    conn.close()
    return path


def _truncated(folder: Path, template: Path, big: Path) -> Path:
    path = folder / BAD_NAME
    data = big.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt_page(folder: Path, template: Path, big: Path) -> Path:
    """Full length, valid header, but the pages holding the staff table are scribbled over."""
    path = folder / BAD_NAME
    data = bytearray(big.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    rng = random.Random(7)
    for page in range(pages // 3, pages - 1):
        data[page * page_size : (page + 1) * page_size] = rng.randbytes(page_size)
    path.write_bytes(bytes(data))
    return path


def _with_version(version: str | None) -> Builder:
    def build(folder: Path, template: Path, big: Path) -> Path:
        path = folder / BAD_NAME
        shutil.copyfile(template, path)
        conn = sqlite3.connect(path)
        conn.execute("DELETE FROM alembic_version")
        if version is not None:
            conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (version,))
        conn.commit()
        conn.close()
        assert not (folder / (BAD_NAME + "-wal")).exists()
        return path

    return build


_future_version = _with_version("9999_future")
_no_version = _with_version(None)


# Bad files that stop PeerDesk from opening them, with a phrase their message must hold.
BAD_FILES: dict[str, tuple[Builder, str]] = {
    "empty": (_empty, "empty (0 bytes)"),
    "random bytes": (_random_bytes, "not a database file at all"),
    "text file": (_text_file, "not a database file at all"),
    "short sqlite header": (_short_sqlite_header, "not a database file at all"),
    "other application": (_other_application, "not a PeerDesk one"),
    "other application (WAL)": (_other_application_wal, "not a PeerDesk one"),
    "truncated": (_truncated, "cut short"),
    "corrupt pages": (_corrupt_page, "damaged"),
    "no version row": (_no_version, "does not record which version"),
}

# Files that are opened read-only by the check in WAL mode (their header says WAL).
WAL_MODE_FILES = {"other application (WAL)", "corrupt pages", "no version row"}


def build_bad(kind: str, folder: Path, template: Path, big: Path) -> Path:
    builder = BAD_FILES[kind][0] if kind in BAD_FILES else _future_version
    return builder(folder, template, big)


def assert_plain_words(message: str, name: str = BAD_NAME) -> None:
    assert name in message
    assert "Traceback" not in message
    assert 'File "' not in message
    assert "sqlite3." not in message
    assert "\n" not in message
    assert message.rstrip().endswith(".")


# -- tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_refused_in_plain_words_and_unchanged(
    kind: str, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    path = build_bad(kind, tmp_path, template_database, big_database)
    before = sha256(path)
    size = path.stat().st_size

    with pytest.raises(DatabaseOpenError) as exc:
        check_database_file(path)

    assert BAD_FILES[kind][1] in str(exc.value)
    assert_plain_words(str(exc.value))
    assert sha256(path) == before
    assert path.stat().st_size == size


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_check_leaves_nothing_beside_it(
    kind: str, tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    build_bad(kind, tmp_path, template_database, big_database)
    before = listing(tmp_path)
    with pytest.raises(DatabaseOpenError):
        check_database_file(tmp_path / BAD_NAME)
    assert listing(tmp_path) == before


def test_truncated_message_gives_sizes(
    tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    path = _truncated(tmp_path, template_database, big_database)
    with pytest.raises(DatabaseOpenError) as exc:
        check_database_file(path)
    full = big_database.stat().st_size
    assert f"{path.stat().st_size:,} of {full:,} bytes" in str(exc.value)


def test_good_database_gives_its_revision_and_is_unchanged(template_database: Path) -> None:
    before = sha256(template_database)
    assert check_database_file(template_database) == schema.HEAD
    assert sha256(template_database) == before


def test_big_database_passes_the_check(big_database: Path) -> None:
    before = sha256(big_database)
    assert check_database_file(big_database) == schema.HEAD
    assert sha256(big_database) == before


def test_good_database_check_leaves_nothing_beside_it(
    tmp_path: Path, template_database: Path
) -> None:
    path = tmp_path / DB_NAME
    shutil.copyfile(template_database, path)
    check_database_file(path)
    assert listing(tmp_path) == {DB_NAME}


def test_future_version_is_reported_not_refused(
    tmp_path: Path, template_database: Path, big_database: Path
) -> None:
    # The check only reads the revision; open_database decides a newer one is refused.
    path = _future_version(tmp_path, template_database, big_database)
    before = sha256(path)
    assert check_database_file(path) == "9999_future"
    assert sha256(path) == before


def test_missing_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as exc:
        check_database_file(tmp_path / BAD_NAME)
    assert_plain_words(str(exc.value))
    assert not (tmp_path / BAD_NAME).exists()


def test_folder_in_place_of_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / BAD_NAME).mkdir()
    with pytest.raises(DatabaseOpenError) as exc:
        check_database_file(tmp_path / BAD_NAME)
    assert_plain_words(str(exc.value))
