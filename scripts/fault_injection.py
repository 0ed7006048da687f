"""Kill PeerDesk with SIGKILL at random moments while it writes, and check nothing was harmed.

    .venv/bin/python scripts/fault_injection.py [--runs N] [--seed S] [--data-dir DIR]
                                                [--scenario NAME ...]

Every data folder is ENCRYPTED, as users' folders are (the encrypt scenario's once it is
set up): each is set up for the harness's own fictional account (``HARNESS_USER``; its
password is given to the processes it starts in PEERDESK_USER / PEERDESK_PASSWORD, as for
any script), and everything is read back with the data key, which the harness unlocks from
the folder's key file.

Each run starts one PeerDesk process, kills it (SIGKILL) after a random delay, and then
looks at what it left behind: first the raw bytes of the files, then a fresh SQLCipher
connection with the key and ``open_database``. The scenarios take turns; runs go on until N
processes have been killed while running (a process that ends before its kill makes an
extra run). The scenarios:

demo     ``peerdesk demo --staff 300 --months 12`` into a new data folder (which sets it
         up, encrypted, for the harness's account). Afterwards there is nothing, the key
         file only, an empty set-up database, or exactly the demo's data (every table's
         row count equals an uninterrupted run's, the audit trail and the accounts aside):
         never part of it. The demo's three sign-in accounts are each added in their own
         unit of work after the data; how many the kill left is shown, and every key slot
         must belong to an account (and every account have its slot).
signoff  scripts/fault_worker.py signs in, records supervision sessions, adds an action,
         signs both sides and amends, printing each committed record's id. Every printed
         record must still be there with its full content (signatures when reported), and
         every record of earlier runs on the same database too.
staff    the worker adds and edits staff and teams through the services, with the same
         reporting and checks.
erase    the worker adds a leaver with notes and two absences, erases one absence alone
         (one record), then erases the person (retention), printing each step. Every leaver
         is wholly there (notes and both absences), or there without the one absence (one
         audit entry), or wholly erased (marked erased, notes blank, no absence, two audit
         entries): never half erased; every erasure reported is done.
import   ``peerdesk import staff FILE.csv`` of a 2,000-row CSV: afterwards the number of
         people is either what it was before or before plus every good row.
backup   ``peerdesk backup --out FILE``: the live database stays as it was and healthy;
         the backup either does not exist or is complete, encrypted with the data key and
         passes integrity_check. A leftover partial file is reported, and must be cleaned
         up by the next backup.
restore  ``peerdesk restore --yes FILE`` over data whose last commit is still in its -wal
         file (a helper commits and crashes first). Afterwards the data is either what it
         was, that commit included, or exactly the backup (the audit trail aside: signing
         in and restoring write to it); a copy kept aside in backups/ is complete;
         leftovers must be cleaned up by the next restore.
encrypt  ``peerdesk setup`` on a folder from before encryption (plain data and plain daily
         backups): the one time every existing user's data is encrypted. Afterwards
         either nothing is set up (no key file: data and backups exactly as they were) or,
         once the next sign-in has opened the data with the key (finishing what the kill
         interrupted), the data is encrypted and complete, every backup is still there
         and complete, no file in the folder is plain or holds a staff name in plain text,
         and nothing half-made (``.encrypting``) is left.

After every kill: the data file is encrypted, and neither it, its -wal / -journal, nor any
other copy the scenario wrote (backups, files being created, restored or encrypted) holds
a plain staff name from the scenario (the raw bytes are searched before anything opens
the file); ``PRAGMA integrity_check`` is "ok", ``PRAGMA foreign_key_check`` finds nothing,
and ``open_database`` opens the file with the key. Scenarios whose command PeerDesk does
not have yet (``peerdesk --help`` does not list it) are skipped, with a line saying so.

Prints one line per run and a summary; exits 1 when anything was corrupted, lost, half
written or readable without the key, 0 otherwise (skipped scenarios do not fail the run).
Works from a clean clone: the processes it starts run with this interpreter and ``src`` on
PYTHONPATH. Signing in costs an argon2id run at the real cost (about half a second) in
every process that signs in.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
WORKER = SCRIPTS / "fault_worker.py"
DEFAULT_SRC = ROOT / "src"
SCENARIOS = ("demo", "signoff", "staff", "erase", "import", "backup", "restore", "encrypt")


@dataclass(frozen=True)
class Sizes:
    demo_staff: int = 300
    demo_months: int = 12
    backup_staff: int = 1000  # a bigger database, so that a backup takes long enough to be hit
    backup_months: int = 24
    import_rows: int = 2000
    restore_staff: int = 150
    restore_months: int = 12
    encrypt_backups: int = 3  # daily backups from before encryption (the data: the demo's size)


FULL = Sizes()
QUICK = Sizes(
    demo_staff=40,
    demo_months=3,
    backup_staff=60,
    backup_months=3,
    import_rows=200,
    restore_staff=30,
    restore_months=3,
    encrypt_backups=2,
)
IMPORT_BAD_ROWS = 5  # rows the importer must refuse (a bad date, an unknown role, no name)
IMPORT_TEAMS = ("Outreach", "Wellbeing Hub", "Recovery College", "Peer Line")
IMPORT_SURNAME = "Zoë-Ó'Brien"  # every imported person's
WORKER_WRITING = 1.2  # seconds of a worker's writing to kill it in
TIMING_RUN_EVERY = 6  # every sixth run of a command is left to finish, to time it
COMMAND_TIMEOUT = 300.0
MESSAGES_PER_KIND = 3

# The harness's own account in every folder it sets up. The password is fictional and opens
# nothing but the throwaway folders made here; the processes started get it the way any
# script gives PeerDesk a password (PEERDESK_PASSWORD), never on a command line or in a file.
HARNESS_USER = "fault.harness"
HARNESS_NAME = "Fault Harness"
HARNESS_PASSWORD = "Killed mid-write, twice 2026"
USER_VARIABLE = "PEERDESK_USER"  # as peerdesk.commands.signing_in reads them
PASSWORD_VARIABLE = "PEERDESK_PASSWORD"
# Written to by signing in and out, backing up and restoring: left out of "the data is as it
# was" comparisons (each entry is its own unit of work, hash-chained to the one before).
TRAIL = ("audit_event",)
ACCOUNTS = "user_account"
# Staff names searched for in the raw bytes after a kill: every name of a small scenario,
# an even sample of a big one (each search reads the whole file).
NAMES_SEARCHED = 60
SQLITE_HEADER = b"SQLite format 3\x00"

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import Services
    from peerdesk.store.database_key import DatabaseKey
    from peerdesk.store.sqlite_driver import Connection


# -- running and killing ----------------------------------------------------------------------


@dataclass
class Ctx:
    """What every scenario shares: where to work, how to start processes, today, randomness,
    and the data key of every folder set up (unlocked once with the harness's password)."""

    work: Path
    src: Path
    rng: random.Random
    today: dt.date
    sizes: Sizes = FULL
    keys: dict[Path, DatabaseKey] = field(default_factory=dict)
    sign_in_seconds: float = 1.0  # one argon2id run at the real cost, measured when set up

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.src), *filter(None, [env.get("PYTHONPATH")])])
        env.pop("PEERDESK_DATA_DIR", None)
        env["PYTHONIOENCODING"] = "utf-8"
        env[USER_VARIABLE] = HARNESS_USER
        env[PASSWORD_VARIABLE] = HARNESS_PASSWORD
        return env

    def peerdesk(self, data_dir: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "peerdesk", "--data-dir", str(data_dir), *args]

    @property
    def blank(self) -> Path:
        """A folder set up (encrypted) for the harness's account and nothing else, made once
        and copied for every scenario that starts from an empty register."""
        folder = self.work / "blank"
        if folder not in self.keys:
            from peerdesk.services.sign_in import SignInService

            started = time.monotonic()
            service = SignInService(folder / "peerdesk.db")
            signed = service.set_up(HARNESS_USER, HARNESS_NAME, HARNESS_PASSWORD).signed_in
            self.sign_in_seconds = time.monotonic() - started
            self.keys[folder] = signed.key.copy()
            service.sign_out(signed)
        return folder

    def new_folder(self, data_dir: Path) -> DatabaseKey:
        """A copy of the blank folder (its database and key file) at ``data_dir``."""
        return self.copy_folder(self.blank, data_dir)

    def copy_folder(self, source: Path, data_dir: Path) -> DatabaseKey:
        """Copy the files of a data folder PeerDesk is not running on (the database, its key
        file) into a new folder ``data_dir``; the copy opens with the same key."""
        key = self.key_for(source)
        data_dir.mkdir(parents=True)
        for item in sorted(source.iterdir()):
            if item.is_file():
                shutil.copy2(item, data_dir / item.name)  # the key file keeps its mode
        self.keys[data_dir] = key
        return key

    def remove_folder(self, data_dir: Path) -> None:
        """Remove a data folder, and forget its key (a new folder there has its own)."""
        shutil.rmtree(data_dir, ignore_errors=True)
        key = self.keys.pop(data_dir, None)
        if key is not None and all(other is not key for other in self.keys.values()):
            key.drop()

    def key_for(self, data_dir: Path) -> DatabaseKey:
        """The data key of ``data_dir``, unlocked from its key file with the harness's
        password (once per folder). Raises KeyringError when the key file does not open."""
        key = self.keys.get(data_dir)
        if key is None:
            from peerdesk.store.keyring import Keyring

            key = Keyring.beside(data_dir / "peerdesk.db").unlock(HARNESS_USER, HARNESS_PASSWORD)
            self.keys[data_dir] = key
        return key


@dataclass
class Launch:
    """A process that was started, maybe killed, with everything it printed."""

    killed: bool  # it was still running when the kill was sent
    returncode: int
    seconds: float
    stdout: list[str]  # complete lines only: a line cut by the kill is dropped
    stderr: str
    first_output: float | None = None  # seconds from the start to its first output

    def stderr_tail(self) -> str:
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        return lines[-1].strip() if lines else "(nothing on stderr)"


def _drain(stream: IO[bytes], sink: list[bytes], first: list[float]) -> None:
    for chunk in iter(lambda: stream.read1(65536), b""):  # type: ignore[attr-defined]
        if not first:
            first.append(time.monotonic())
        sink.append(chunk)


def launch(ctx: Ctx, command: Sequence[str], kill_after: float | None) -> Launch:
    """Run ``command``; SIGKILL it after ``kill_after`` seconds if it is still running."""
    started = time.monotonic()
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ctx.env,
        cwd=ctx.work,
    )
    out: list[bytes] = []
    err: list[bytes] = []
    first_out: list[float] = []
    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=_drain, args=(process.stdout, out, first_out), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, err, []), daemon=True),
    ]
    for reader in readers:
        reader.start()
    killed = False
    try:
        process.wait(timeout=COMMAND_TIMEOUT if kill_after is None else kill_after)
    except subprocess.TimeoutExpired:
        if process.poll() is None:
            killed = True
            process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        process.wait()
    seconds = time.monotonic() - started
    for reader in readers:
        reader.join(timeout=10)
    text = b"".join(out).decode("utf-8", "replace")
    lines = text.split("\n")[:-1]  # the last piece has no line end: cut, or empty
    return Launch(
        killed=killed,
        returncode=process.returncode,
        seconds=seconds,
        stdout=lines,
        stderr=b"".join(err).decode("utf-8", "replace"),
        first_output=first_out[0] - started if first_out else None,
    )


class StartTiming:
    """When a worker commits for the first time: the median of its latest runs."""

    def __init__(self, first: float) -> None:
        self.seen = [first]

    def observe(self, done: Launch, delay: float) -> None:
        if done.first_output is not None:
            self.seen.append(done.first_output)
        elif done.killed:  # killed before its first commit: it takes at least that long
            self.seen.append(max(delay, self.first))

    @property
    def first(self) -> float:
        latest = sorted(self.seen[-9:])
        return latest[len(latest) // 2]

    def delay(self, rng: random.Random) -> float:
        """Three kills in four while it writes, within a second or so of its first commit;
        the rest while it starts (imports, signing in, opening the database)."""
        first = self.first
        if rng.random() < 0.75:
            return first + rng.uniform(0.0, WORKER_WRITING)
        return rng.uniform(0.1, first)


class Timing:
    """How long a command takes uninterrupted: the median of its latest finished runs.

    The machine's load changes how long that is, so every few runs one is left to finish
    (it is checked all the same, and is not counted as a kill) to keep the figure current.
    ``cap``: kills fall within this many seconds of the start however long the command
    takes (a long backup is hit while it copies, without waiting for its end each time).
    """

    def __init__(self, first: float, cap: float = 3.0) -> None:
        self.seen = [first]
        self.planned = 0
        self.cap = cap

    @property
    def typical(self) -> float:
        """The lower median: a run slowed by the machine's load does not carry the kills
        past the end of the next runs."""
        latest = sorted(self.seen[-9:])
        return latest[(len(latest) - 1) // 2]

    def observe(self, done: Launch) -> None:
        if not done.killed and done.returncode == 0:
            self.seen.append(done.seconds)

    def delay(self, rng: random.Random) -> float | None:
        """A moment to kill the command, or None for a run left to finish.

        Most of a short command's life is Python starting up and signing in, and the
        writing comes last, so seven kills in ten fall in the second half of a typical run;
        the rest anywhere in it.
        """
        self.planned += 1
        if self.planned % TIMING_RUN_EVERY == 0:
            return None
        typical = min(self.typical, self.cap)
        if rng.random() < 0.7:
            return rng.uniform(0.45 * typical, 1.02 * typical)
        return rng.uniform(0.0, typical)


def lists_command(ctx: Ctx, name: str, *words: str) -> tuple[bool, str]:
    """Whether ``peerdesk [WORDS] --help`` lists the subcommand ``name``; and the help text."""
    result = subprocess.run(
        [sys.executable, "-m", "peerdesk", *words, "--help"],
        capture_output=True,
        text=True,
        env=ctx.env,
        cwd=ctx.work,
        timeout=60,
        check=False,
    )
    text = result.stdout + result.stderr
    listed = re.search(rf"^\s+{re.escape(name)}(\s|$)", text, re.MULTILINE) or re.search(
        rf"[{{,]{re.escape(name)}[,}}]", text
    )
    return bool(listed), text


def help_text(ctx: Ctx, *words: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "peerdesk", *words, "--help"],
        capture_output=True,
        text=True,
        env=ctx.env,
        cwd=ctx.work,
        timeout=60,
        check=False,
    )
    return result.stdout + result.stderr


# -- looking at a database ------------------------------------------------------------------


def _connect(path: Path, key: DatabaseKey | None) -> Connection:
    """A fresh SQLCipher connection with ``key`` that never creates a file (a missing one is
    an error). ``key`` None: a plain file (only for looking at files that should be plain)."""
    from peerdesk.store import sqlite_driver

    return sqlite_driver.connect(f"{path.resolve().as_uri()}?mode=rw", key, uri=True)


def health_problems(path: Path, key: DatabaseKey | None) -> list[str]:
    """Corruption found by integrity_check, foreign_key_check and open_database (all with
    ``key``). A plain file, when there is a key, is refused without being opened: opening it
    with a key would encrypt it, hiding what the kill left."""
    from peerdesk.store import sqlite_driver
    from peerdesk.store.database import open_database

    if key is not None and sqlite_driver.is_plain_sqlite(path):
        return [f"{path.name} is a plain SQLite file where an encrypted one should be"]
    try:
        connection = _connect(path, key)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
    except sqlite_driver.Error as exc:
        return [f"SQLCipher cannot read {path.name} with its key: {exc}"]
    problems: list[str] = []
    if verdict != ["ok"]:
        problems.append(f"integrity_check on {path.name}: {'; '.join(verdict[:3])}")
    if orphans:
        problems.append(f"foreign_key_check on {path.name}: {len(orphans)} rows, e.g. {orphans[0]}")
    try:
        open_database(path, key=key).close()
    except Exception as exc:
        problems.append(f"open_database refused {path.name}: {exc}")
    return problems


def table_counts(
    path: Path, key: DatabaseKey | None, leave_out: Iterable[str] = ()
) -> dict[str, int]:
    """Rows in every table (but those in ``leave_out``), read with ``key``."""
    left_out = set(leave_out)
    connection = _connect(path, key)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
            if name not in left_out
        }
    finally:
        connection.close()


def record_counts(path: Path, key: DatabaseKey | None) -> dict[str, int]:
    """Rows in every table but the audit trail (which signing in and out writes to)."""
    return table_counts(path, key, TRAIL)


def people_count(path: Path, key: DatabaseKey | None) -> int:
    connection = _connect(path, key)
    try:
        return int(connection.execute("SELECT count(*) FROM staff_member").fetchone()[0])
    finally:
        connection.close()


def staff_names(path: Path, key: DatabaseKey | None, limit: int = NAMES_SEARCHED) -> list[str]:
    """The full names of the people in the file: all of them, or an even sample of ``limit``."""
    connection = _connect(path, key)
    try:
        names = [str(row[0]) for row in connection.execute("SELECT full_name FROM staff_member")]
    finally:
        connection.close()
    names = sorted(set(names))
    step = max(1, -(-len(names) // limit))
    return names[::step]


def describe_difference(got: dict[str, int], want: dict[str, int]) -> str:
    diffs = [f"{t} {got.get(t, 0)}≠{want.get(t, 0)}" for t in want if got.get(t, 0) != want[t]]
    return ", ".join(diffs[:5]) or "same counts"


@contextmanager
def opened_services(
    path: Path, key: DatabaseKey, today: dt.date
) -> Iterator[tuple[Services, Actor]]:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import make_services
    from peerdesk.store.database import open_database

    database = open_database(path, key=key)
    try:
        yield make_services(database.sessions, today=lambda: today), Actor.local_administrator()
    finally:
        database.close()


# -- what a thief with the laptop could read -----------------------------------------------


def data_files(*places: Path) -> list[Path]:
    """Every file that may hold the data in ``places`` (files, or folders looked through with
    their subfolders): the database, its -wal, -shm and -journal, copies being created,
    restored, encrypted or backed up. Not the key file (user names only) nor the lock."""
    found: list[Path] = []
    for place in places:
        if place.is_dir():
            found += sorted(p for p in place.rglob("*") if p.is_file())
        elif place.is_file():
            found.append(place)
    return [p for p in found if not p.name.startswith(("peerdesk.keys", "peerdesk.lock"))]


def plaintext_problems(files: Iterable[Path], names: Iterable[str], root: Path) -> list[str]:
    """Files readable without the key: a database that is plain SQLite, or any file (a -wal
    included) holding one of ``names`` in plain UTF-8. Reads the raw bytes only, so call it
    before anything opens the database (opening may fold the -wal into the file)."""
    needles = [(name, name.encode("utf-8")) for name in dict.fromkeys(names)]
    needles = [(name, raw) for name, raw in needles if len(raw) >= 6]  # never found by chance
    problems: list[str] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        where = path.relative_to(root) if path.is_relative_to(root) else path
        if not path.name.endswith(("-wal", "-shm", "-journal")) and data.startswith(SQLITE_HEADER):
            problems.append(f"{where} is a plain SQLite file: anyone can read it without the key")
        hit = next((name for name, raw in needles if raw in data), None)
        if hit is not None:
            problems.append(f"{where} holds the staff name {hit!r} in plain text")
    return problems


def key_slot_problems(data_dir: Path, key: DatabaseKey) -> list[str]:
    """Key slots and accounts that do not match: a slot whose account is not there (or is
    deactivated) opens the data for someone PeerDesk does not know; an active account with
    no slot cannot sign in. While the database has no account at all, the harness's own slot
    is expected (setting up writes it first; the account comes at the first sign-in)."""
    from peerdesk.domain.text import fold
    from peerdesk.store.keyring import Keyring, KeyringError

    try:
        slots = {fold(name) for name in Keyring.beside(data_dir / "peerdesk.db").usernames()}
    except KeyringError as exc:
        return [f"the key file cannot be read: {exc}"]
    connection = _connect(data_dir / "peerdesk.db", key)
    try:
        accounts = {
            str(row[0]): bool(row[1])
            for row in connection.execute(f"SELECT username_key, active FROM {ACCOUNTS}")  # noqa: S608
        }
    finally:
        connection.close()
    active = {name for name, on in accounts.items() if on}
    problems: list[str] = []
    spare = slots - active - (set() if accounts else {fold(HARNESS_USER)})
    if spare:
        problems.append(f"key slots with no active account: {', '.join(sorted(spare))}")
    if active - slots:
        problems.append(f"active accounts with no key slot: {', '.join(sorted(active - slots))}")
    return problems


# -- results --------------------------------------------------------------------------------

KINDS = (
    "corruption",
    "lost",
    "non_atomic",
    "backup",
    "plaintext",
    "keys",
    "leftover",
    "error",
)
KIND_LABELS = {
    "corruption": "corruptions",
    "plaintext": "files readable without the key (plain SQLite, or a staff name in plain text)",
    "keys": "key slots and accounts that do not match",
    "lost": "lost committed records",
    "non_atomic": "non-atomic results (demo or import half written)",
    "backup": "bad backup files",
    "leftover": "leftover files the next run did not clean up",
    "error": "other problems",
}


@dataclass
class RunResult:
    launch: Launch
    delay: float | None  # None: left to finish
    detail: str = ""
    checked: int = 0  # reported commits (or whole results) compared in full
    rechecked: int = 0  # records of earlier runs found still there
    outcome: str = ""  # what the kill left, in a word or two, for the summary
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    messages: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, message: str) -> None:
        """Count one problem; the first few of each kind are kept to print."""
        self.counts[kind] += 1
        if self.counts[kind] <= MESSAGES_PER_KIND:
            self.messages.append((kind, message))

    @property
    def failed(self) -> bool:
        return any(self.counts.values())

    def notes(self) -> Iterator[tuple[str, str]]:
        yield from self.messages
        for kind, count in self.counts.items():
            if count > MESSAGES_PER_KIND:
                yield kind, f"... and {count - MESSAGES_PER_KIND} more"


@dataclass
class Tally:
    runs: int = 0
    kills: int = 0
    finished: int = 0
    checked: int = 0
    rechecked: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, result: RunResult) -> None:
        self.runs += 1
        self.kills += result.launch.killed
        self.finished += not result.launch.killed
        self.checked += result.checked
        self.rechecked += result.rechecked
        if result.outcome:
            self.outcomes[result.outcome] += 1
        for kind, count in result.counts.items():
            self.counts[kind] += count


def fill_with_demo(ctx: Ctx, data_dir: Path, *, staff: int, months: int) -> DatabaseKey:
    """A new folder set up like the blank one, filled with demo data in this process (no
    demo accounts: nothing here signs in as them). Returns its key."""
    from peerdesk.services.actor import Actor
    from peerdesk.services.demo_service import generate_demo
    from peerdesk.store.database import open_database

    key = ctx.new_folder(data_dir)
    database = open_database(data_dir / "peerdesk.db", key=key)
    try:
        generate_demo(
            database.sessions,
            Actor.local_administrator(),
            staff=staff,
            months=months,
            seed=ctx.rng.randrange(1, 10_000),
            today=ctx.today,
        )
    finally:
        database.close()
    return key


class Skip(Exception):
    """The scenario cannot run here (its command does not exist yet); the message says why."""


# -- scenarios ------------------------------------------------------------------------------


class Scenario:
    name = ""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def setup(self, ctx: Ctx) -> None:
        """Prepare; raise Skip when the scenario cannot run."""

    def run(self, ctx: Ctx, index: int) -> RunResult:
        raise NotImplementedError


class DemoScenario(Scenario):
    name = "demo"

    def setup(self, ctx: Ctx) -> None:
        self.seed = ctx.rng.randrange(1, 10_000)
        self.root = ctx.work / "demo"
        blank = ctx.blank / "peerdesk.db"
        self.empty = table_counts(blank, ctx.key_for(ctx.blank), (*TRAIL, ACCOUNTS))
        reference = self.root / "reference"
        done = launch(ctx, self.command(reference), None)
        if done.returncode != 0:
            raise RuntimeError(f"the demo failed uninterrupted: {done.stderr_tail()}")
        path, key = reference / "peerdesk.db", ctx.key_for(reference)
        self.full = table_counts(path, key, (*TRAIL, ACCOUNTS))
        self.accounts = table_counts(path, key)[ACCOUNTS]  # the administrator and the demo's
        self.names = staff_names(path, key)
        # the demo signs in twice and adds accounts (an argon2id run each): kills are spread
        # over the whole run, so that its last writes are hit too
        self.timing = Timing(done.seconds, cap=float("inf"))
        if self.full.get("staff_member") != self.ctx.sizes.demo_staff:
            raise RuntimeError(f"the demo made {self.full.get('staff_member')} people")
        self.note = f"an uninterrupted demo takes {done.seconds:.2f}s"

    def command(self, data_dir: Path) -> list[str]:
        return [
            *self.ctx.peerdesk(data_dir),
            "demo",
            "--staff",
            str(self.ctx.sizes.demo_staff),
            "--months",
            str(self.ctx.sizes.demo_months),
            "--seed",
            str(self.seed),
        ]

    def run(self, ctx: Ctx, index: int) -> RunResult:
        data_dir = self.root / f"run-{index}"
        delay = self.timing.delay(ctx.rng)
        result = RunResult(launch(ctx, self.command(data_dir), delay), delay)
        self.timing.observe(result.launch)
        for problem in plaintext_problems(data_files(data_dir), self.names, data_dir):
            result.add("plaintext", problem)
        self.look(ctx, data_dir, result)
        if not result.launch.killed and result.launch.returncode != 0:
            result.add("error", f"the demo failed on its own: {result.launch.stderr_tail()}")
        if not result.failed:
            ctx.remove_folder(data_dir)
        return result

    def look(self, ctx: Ctx, data_dir: Path, result: RunResult) -> None:
        from peerdesk.store.database import open_database
        from peerdesk.store.keyring import KeyringError

        path = data_dir / "peerdesk.db"
        creating = data_dir / "peerdesk.db.creating"
        if not (data_dir / "peerdesk.keys").exists():
            if path.exists() or creating.exists():
                result.add("error", "a data file without its key file: setting up wrote it first")
            check_half_written_keys(data_dir, result, "the next setting up")
            result.detail = "nothing set up yet"
            result.outcome = "nothing"
            return
        try:
            key = ctx.key_for(data_dir)
        except KeyringError as exc:
            result.add("corruption", f"the key file does not open with the password: {exc}")
            return
        check_half_written_keys(data_dir, result, "the next sign-in")
        if not path.exists():
            # the key file is written first: killed before the database was in place; the
            # next sign-in creates it (and starts afresh from a half-created file)
            try:
                open_database(path, key=key).close()
            except Exception as exc:
                result.add("corruption", f"open_database after the key file only: {exc}")
                return
            for problem in health_problems(path, key):
                result.add("corruption", problem)
            if creating.exists():
                result.add("leftover", f"{creating.name} was not cleaned up by the next open")
            half = "half-created database" if creating.exists() or result.failed else "no database"
            result.detail = f"key file only, {half}; the next open made an empty one"
            result.outcome = f"key file, {half}"
            return
        problems = health_problems(path, key)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return
        for problem in key_slot_problems(data_dir, key):
            result.add("keys", problem)
        counts = table_counts(path, key, TRAIL)
        accounts = counts.pop(ACCOUNTS, 0)
        result.checked = 1
        if counts == self.empty:
            result.detail = "set up, no demo data (the demo's transaction never committed)"
            result.outcome = "empty"
        elif counts == self.full and accounts == self.accounts:
            result.detail = (
                f"complete demo: {self.ctx.sizes.demo_staff} people, every table as expected"
            )
            result.outcome = "complete"
        elif counts == self.full:
            # the demo's sign-in accounts are added one by one after its data
            added = max(0, accounts - 1)
            result.detail = f"the demo's data in full, {added} of its {self.accounts - 1} accounts"
            result.outcome = f"demo data, {added} of {self.accounts - 1} demo accounts"
        else:
            result.detail = "partial demo data"
            result.outcome = "PARTIAL"
            result.add(
                "non_atomic",
                f"partial demo data: people {counts.get('staff_member')}; "
                f"{describe_difference(counts, self.full)}",
            )


def _events(lines: list[str]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and "k" in event:
            events.append(event)
    return events


class WorkerScenario(Scenario):
    kind = ""
    # what every staff name the worker writes starts with (fault_worker.py)
    name_parts: tuple[str, ...] = ()

    def setup(self, ctx: Ctx) -> None:
        self.data_dir = ctx.work / self.name
        self.path = self.data_dir / "peerdesk.db"
        self.key = ctx.new_folder(self.data_dir)
        self.earlier: dict[str, set[int]] = {}  # table -> ids reported in earlier runs
        # Python and PeerDesk start (about a second), then the worker signs in
        self.timing = StartTiming(1.0 + ctx.sign_in_seconds)

    def run(self, ctx: Ctx, index: int) -> RunResult:
        delay = self.timing.delay(ctx.rng)
        command = [  # the worker signs in with PEERDESK_USER / PEERDESK_PASSWORD (ctx.env)
            sys.executable,
            str(WORKER),
            self.kind,
            "--data-dir",
            str(self.data_dir),
            "--start-seq",
            str((index + 1) * 1_000_000),
            "--today",
            ctx.today.isoformat(),
        ]
        result = RunResult(launch(ctx, command, delay), delay)
        self.timing.observe(result.launch, delay)
        if not result.launch.killed:
            result.add("error", f"the worker stopped on its own: {result.launch.stderr_tail()}")
        for problem in plaintext_problems(data_files(self.data_dir), self.name_parts, ctx.work):
            result.add("plaintext", problem)
        problems = health_problems(self.path, self.key)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        events = _events(result.launch.stdout)
        with opened_services(self.path, self.key, ctx.today) as (services, actor):
            self.check(services, actor, ctx.today, events, result)
        self.check_earlier(result)
        self.remember(events)
        if result.counts["lost"]:
            result.outcome = "LOST"
        elif events:
            result.outcome = "every reported commit there"
        else:
            result.outcome = "killed before the first commit"
        return result

    def check(
        self,
        services: Services,
        actor: Actor,
        today: dt.date,
        events: list[dict[str, Any]],
        result: RunResult,
    ) -> None:
        raise NotImplementedError

    def ids_of(self, events: list[dict[str, Any]]) -> dict[str, set[int]]:
        raise NotImplementedError

    def remember(self, events: list[dict[str, Any]]) -> None:
        for table, ids in self.ids_of(events).items():
            self.earlier.setdefault(table, set()).update(ids)

    def check_earlier(self, result: RunResult) -> None:
        connection = _connect(self.path, self.key)
        try:
            for table, ids in self.earlier.items():
                present = {
                    row[0]
                    for row in connection.execute(f'SELECT id FROM "{table}"')  # noqa: S608
                }
                missing = ids - present
                result.rechecked += len(ids)
                if missing:
                    result.add(
                        "lost",
                        f"{len(missing)} {table} rows of earlier runs are gone, "
                        f"e.g. id {min(missing)}",
                    )
        finally:
            connection.close()


class SignoffScenario(WorkerScenario):
    name = "signoff"
    kind = "signoff"
    name_parts = ("Signoff Supervisee ", "Signoff Supervisor ")

    def ids_of(self, events: list[dict[str, Any]]) -> dict[str, set[int]]:
        ids: dict[str, set[int]] = {
            "supervision_session": set(),
            "supervision_action": set(),
            "staff_member": set(),
        }
        for e in events:
            if e["k"] == "session":
                ids["supervision_session"].add(e["sid"])
            elif e["k"] == "action":
                ids["supervision_action"].add(e["aid"])
            elif e["k"] == "people":
                ids["staff_member"].update((e["supervisee"], e["supervisor"]))
        return ids

    def check(
        self,
        services: Services,
        actor: Actor,
        today: dt.date,
        events: list[dict[str, Any]],
        result: RunResult,
    ) -> None:
        from fault_worker import (
            AMEND_REASON,
            AMENDED_BY,
            action_content,
            amended_agreed_record,
            session_content,
            signer_names,
        )

        from peerdesk.services.errors import NotFound

        supervisee = next((e["supervisee"] for e in events if e["k"] == "people"), None)
        seq_of = {e["sid"]: e["seq"] for e in events if e["k"] == "session"}
        reported: dict[int, set[str]] = {sid: set() for sid in seq_of}
        for e in events:
            if e["k"] in ("supervisor_signed", "supervisee_signed", "amended"):
                reported.setdefault(e["sid"], set()).add(e["k"])
        result.checked += len(events)

        def fail(message: str) -> None:
            result.add("lost", message)

        for sid, seq in seq_of.items():
            try:
                record = services.supervision.get_session(actor, sid)
            except NotFound:
                fail(f"session {sid} was reported committed but is gone")
                continue
            expected = session_content(seq, today)
            original = expected.pop("agreed_record")
            for name, value in expected.items():
                if getattr(record, name) != value:
                    fail(f"session {sid}: {name} is {getattr(record, name)!r}, not {value!r}")
            if record.supervisee_id != supervisee:
                fail(f"session {sid} belongs to {record.supervisee_id}, not {supervisee}")
            amended = amended_agreed_record(seq)
            flags = reported.get(sid, set())
            if record.agreed_record == amended:
                if len(record.amendments) != 1:
                    fail(f"session {sid}: amended text without its amendment")
                else:
                    a = record.amendments[0]
                    if (a.original_text, a.new_text, a.reason, a.amended_by) != (
                        original,
                        amended,
                        AMEND_REASON,
                        AMENDED_BY,
                    ):
                        fail(f"session {sid}: the amendment does not keep the original")
            elif record.agreed_record == original:
                if "amended" in flags:
                    fail(f"session {sid}: the reported amendment is gone")
                if record.amendments:
                    fail(f"session {sid}: an amendment without the amended text")
            else:
                fail(f"session {sid}: agreed record is {record.agreed_record!r}")
            by_supervisor, by_supervisee, comment = signer_names(seq)
            sign = record.sign_off
            supervisor_sign = (sign.supervisor_signed_by, sign.supervisor_signed_at is not None)
            if ("supervisor_signed" in flags or supervisor_sign[1]) and supervisor_sign != (
                by_supervisor,
                True,
            ):
                fail(f"session {sid}: the supervisor's signature is missing or wrong")
            supervisee_sign = (
                sign.supervisee_signed_by,
                sign.supervisee_signed_at is not None,
                record.supervisee_comment,
            )
            if ("supervisee_signed" in flags or supervisee_sign[1]) and supervisee_sign != (
                by_supervisee,
                True,
                comment,
            ):
                fail(f"session {sid}: the supervisee's signature or comment is wrong")
        for e in events:
            if e["k"] != "action":
                continue
            try:
                view = services.actions.get(actor, e["aid"])
            except NotFound:
                fail(f"action {e['aid']} was reported committed but is gone")
                continue
            want = action_content(e["seq"], today)
            got = {"description": view.description, "due_date": view.due_date}
            if got != want or view.session_id != e["sid"] or view.staff_id != supervisee:
                fail(f"action {e['aid']}: {got} instead of {want}")
        lost = result.counts["lost"]
        signed = sum(1 for f in reported.values() if "supervisee_signed" in f)
        result.detail = (
            f"{len(events)} commits reported ({len(seq_of)} sessions, {signed} signed by "
            "both), all there"
            if not lost
            else f"{lost} of {len(events)} reported commits lost or wrong"
        )


class StaffScenario(WorkerScenario):
    name = "staff"
    kind = "staff"
    name_parts = ("Fault Person ",)

    def ids_of(self, events: list[dict[str, Any]]) -> dict[str, set[int]]:
        return {
            "staff_member": {e["id"] for e in events if e["k"] == "created"},
            "team": {e["id"] for e in events if e["k"] == "team"},
        }

    def check(
        self,
        services: Services,
        actor: Actor,
        today: dt.date,
        events: list[dict[str, Any]],
        result: RunResult,
    ) -> None:
        from fault_worker import leaver_content, staff_content, team_name

        from peerdesk.services.errors import NotFound

        result.checked += len(events)

        def fail(message: str) -> None:
            result.add("lost", message)

        teams = {t.id: t.name for t in services.teams.list_teams(actor)}
        updated = {e["id"] for e in events if e["k"] == "updated"}
        leavers = {e["id"] for e in events if e["k"] == "leaver"}
        for e in events:
            if e["k"] == "team" and teams.get(e["id"]) != team_name(e["seq"]):
                fail(f"team {e['id']} is {teams.get(e['id'])!r}")
            if e["k"] != "created":
                continue
            try:
                record = services.staff.get(actor, e["id"])
            except NotFound:
                fail(f"person {e['id']} was reported committed but is gone")
                continue
            d = record.details
            versions = (2,) if e["id"] in updated else (1, 2)
            matches = [
                v
                for v in versions
                if all(getattr(d, k) == value for k, value in staff_content(e["seq"], v).items())
            ]
            if not matches:
                fail(f"person {e['id']}: {d.full_name!r}/{d.job_title!r} is no version written")
            if d.team_id != e["team"]:
                fail(f"person {e['id']}: team {d.team_id}, not {e['team']}")
            end, reason = leaver_content(e["seq"])
            left = (d.end_date, d.leaving_reason)
            if (e["id"] in leavers or d.end_date is not None) and left != (end, reason):
                fail(f"person {e['id']}: leaving date or reason missing or wrong")
        lost = result.counts["lost"]
        created = len(self.ids_of(events)["staff_member"])
        result.detail = (
            f"{len(events)} commits reported ({created} people, {len(updated)} edited, "
            f"{len(leavers)} leavers), all there"
            if not lost
            else f"{lost} of {len(events)} reported commits lost or wrong"
        )


class EraseScenario(WorkerScenario):
    name = "erase"
    kind = "erase"
    name_parts = ("Erase Person ", "Erase wellbeing note ")

    def ids_of(self, events: list[dict[str, Any]]) -> dict[str, set[int]]:
        # the person's row stays when they are erased (other records may point at it)
        return {"staff_member": {e["id"] for e in events if e["k"] == "created"}}

    def check(
        self,
        services: Services,
        actor: Actor,
        today: dt.date,
        events: list[dict[str, Any]],
        result: RunResult,
    ) -> None:
        from fault_worker import erase_absence_kind, erase_content, erase_extra_absence_kind

        from peerdesk.services.errors import NotFound

        result.checked += len(events)

        def fail(message: str) -> None:
            result.add("lost", message)

        from peerdesk.services.retention_service import ERASED_ACTION

        erased_reported = {e["id"] for e in events if e["k"] == "erased"}
        one_reported = {e["id"] for e in events if e["k"] == "erased_one"}
        erasures = services.audit.search(actor, _erasure_filter()).entries
        audited = [entry.subject for entry in erasures if entry.action == ERASED_ACTION]
        connection = _connect(self.path, self.key)
        try:
            erased_on = dict(connection.execute("SELECT id, erased_on FROM staff_member"))
        finally:
            connection.close()
        wholly = half = 0
        for e in events:
            if e["k"] != "created":
                continue
            try:
                record = services.staff.get(actor, e["id"])
            except NotFound:
                fail(f"person {e['id']} was reported committed but is gone")
                continue
            want = erase_content(e["seq"])
            absences = services.absences.list_for(actor, e["id"])
            notes = record.details.wellbeing_notes
            erased = erased_on.get(e["id"]) is not None
            subject = f"staff member {e['id']}"
            if erased:
                wholly += 1
                if notes or record.details.reasonable_adjustments or absences:
                    half += 1
                    fail(f"person {e['id']}: marked erased but some of their records remain")
                # the one absence erased alone first, then the person: two entries
                if audited.count(subject) != 2:
                    fail(f"person {e['id']}: erased with {audited.count(subject)} audit entries")
            else:
                if e["id"] in erased_reported:
                    fail(f"person {e['id']}: reported erased but is not")
                kinds = sorted(a.kind for a in absences)
                both = sorted([erase_absence_kind(e["seq"]), erase_extra_absence_kind(e["seq"])])
                if notes != want["wellbeing_notes"] or kinds not in (
                    both,
                    [erase_absence_kind(e["seq"])],
                ):
                    half += 1
                    fail(f"person {e['id']}: not erased, yet their notes or absence are gone")
                one_gone = len(kinds) == 1
                if e["id"] in one_reported and not one_gone:
                    fail(f"person {e['id']}: one absence reported erased but still there")
                if audited.count(subject) != (1 if one_gone else 0):
                    fail(
                        f"person {e['id']}: {audited.count(subject)} erasures in the audit "
                        f"trail for {'one' if one_gone else 'no'} record erased"
                    )
        lost = result.counts["lost"]
        result.detail = (
            f"{len(events)} commits reported ({wholly} people wholly erased), none half erased"
            if not lost
            else f"{lost} problems, {half} half erased"
        )


def check_half_written_keys(data_dir: Path, result: RunResult, next_step: str) -> None:
    """A key file half written when the kill came (``peerdesk.keys.<pid>.partial``) is
    never read; the next sign-in (``Keyring.unlock``) or setting up (a save) clears it away.
    With a key file the caller has just signed in; without one this does what setting up
    does first. Either way, a half-written key file still there is a leftover."""
    from peerdesk.store.keyring import Keyring

    half = sorted(data_dir.glob("peerdesk.keys.*"))
    if not half:
        return
    if not (data_dir / "peerdesk.keys").exists():
        Keyring.beside(data_dir / "peerdesk.db").clear_leftovers()
    for still in (p for p in half if p.exists()):
        result.add("leftover", f"a half-written key file, {still.name}, outlived {next_step}")


def _erasure_filter() -> Any:
    from peerdesk.services.audit_service import AuditFilter

    return AuditFilter(text="erased records", limit=100_000)


class ImportScenario(Scenario):
    name = "import"

    def setup(self, ctx: Ctx) -> None:
        listed, _ = lists_command(ctx, "import")
        if not listed:
            raise Skip("`peerdesk import` is not there yet (peerdesk --help does not list it)")
        text = help_text(ctx, "--data-dir", str(ctx.work), "import", "staff")
        if "--dry-run" not in text and "usage" not in text.lower():
            raise Skip(f"`peerdesk import staff --help` does not work: {text.strip()[:200]}")
        self.options = ["--create-teams"] if "--create-teams" in text else []
        self.dry_run = "--dry-run" in text
        self.data_dir = ctx.work / "import"
        self.path = self.data_dir / "peerdesk.db"
        self.key = ctx.new_folder(self.data_dir)
        with opened_services(self.path, self.key, ctx.today) as (services, actor):
            for team in IMPORT_TEAMS:
                services.teams.create(actor, team)
        self.bad_rows = IMPORT_BAD_ROWS
        self.expected, typical, note = self.calibrate(ctx)
        if self.expected == 0 and self.bad_rows:
            # an importer that refuses the whole file when any row is bad: use clean files
            self.bad_rows = 0
            self.expected, typical, note = self.calibrate(ctx)
        self.timing = Timing(typical, cap=3.0 + ctx.sign_in_seconds)
        if self.expected == 0:
            raise RuntimeError(f"an uninterrupted import added nobody: {note}")
        good = self.ctx.sizes.import_rows - self.bad_rows
        self.note = (
            f"an uninterrupted import adds {self.expected} people"
            f" ({good} good rows, {self.bad_rows} bad) in {typical:.2f}s"
        )
        if self.expected != good:
            self.note += f"; NOTE: expected {good}"

    def calibrate(self, ctx: Ctx) -> tuple[int, float, str]:
        folder = ctx.work / "import-calibration" / f"bad-{self.bad_rows}"
        ctx.copy_folder(self.data_dir, folder)
        csv_path = self.write_csv(ctx.work / f"calibration-{self.bad_rows}.csv", "Calibration")
        if self.dry_run:
            before = people_count(folder / "peerdesk.db", self.key)
            launch(ctx, self.command(folder, csv_path, "--dry-run"), None)
            if people_count(folder / "peerdesk.db", self.key) != before:
                raise RuntimeError("`peerdesk import staff --dry-run` added people")
        done = launch(ctx, self.command(folder, csv_path), None)
        added = people_count(folder / "peerdesk.db", self.key)
        return added, done.seconds, f"exit {done.returncode}: {done.stderr_tail()}"

    def command(self, data_dir: Path, csv_path: Path, *extra: str) -> list[str]:
        return [
            *self.ctx.peerdesk(data_dir),
            "import",
            "staff",
            str(csv_path),
            *self.options,
            *extra,
        ]

    def write_csv(self, path: Path, prefix: str) -> Path:
        from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory

        roles = [r for r in RoleCategory if r is not RoleCategory.PEER_APPRENTICE]
        kinds = [EmploymentType.PERMANENT, EmploymentType.SESSIONAL, EmploymentType.VOLUNTEER]
        lived = list(LivedExperience)
        header = [
            "Name",
            "Preferred name",
            "Pronouns",
            "Job title",
            "Role category",
            "Team",
            "Employment type",
            "Hours per week",
            "Start date",
            "End date",
            "Supervisor",
            "Lived experience",
        ]
        rows = self.ctx.sizes.import_rows
        bad_at = {(n + 1) * rows // (self.bad_rows + 1) for n in range(self.bad_rows)}
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for n in range(rows):
                start = dt.date(2010, 1, 1) + dt.timedelta(days=(n * 37) % 5000)
                row = [
                    f"{prefix} Person {n} {IMPORT_SURNAME}",
                    f"P{n}" if n % 3 == 0 else "",
                    ("she/her", "he/him", "they/them", "")[n % 4],
                    ("Peer worker", "Senior peer worker", "Manager", "Coordinator")[n % 4],
                    roles[n % len(roles)].label,
                    IMPORT_TEAMS[n % len(IMPORT_TEAMS)],
                    kinds[n % len(kinds)].label,
                    ("37.5", "22.5", "", "16")[n % 4],
                    start.isoformat() if n % 2 else start.strftime("%d/%m/%Y"),
                    "",
                    "",
                    lived[n % len(lived)].label,
                ]
                if n in bad_at:
                    which = len(bad_at & set(range(n)))
                    if which % 3 == 0:
                        row[8] = "31/02/2020"  # no such day
                    elif which % 3 == 1:
                        row[4] = "Astronaut"  # no such role
                    else:
                        row[0] = ""  # no name
                writer.writerow(row)
        return path

    def run(self, ctx: Ctx, index: int) -> RunResult:
        csv_path = self.write_csv(ctx.work / "import.csv", f"Run{index}")
        before = people_count(self.path, self.key)
        delay = self.timing.delay(ctx.rng)
        result = RunResult(launch(ctx, self.command(self.data_dir, csv_path), delay), delay)
        self.timing.observe(result.launch)
        names = (IMPORT_SURNAME, f"Run{index} Person ")  # in every name the CSV files hold
        for problem in plaintext_problems(data_files(self.data_dir), names, ctx.work):
            result.add("plaintext", problem)
        problems = health_problems(self.path, self.key)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        after = people_count(self.path, self.key)
        result.checked = 1
        if after == before:
            result.detail = f"nothing imported ({before} people before and after)"
            result.outcome = "nothing"
        elif after == before + self.expected:
            result.detail = f"all {self.expected} good rows imported"
            result.outcome = "everything"
        else:
            result.detail = "a partial import"
            result.outcome = "PARTIAL"
            result.add(
                "non_atomic",
                f"{after - before} people imported: neither none nor all {self.expected}",
            )
        if not result.launch.killed and result.launch.returncode not in (0, 1):
            result.add("error", f"the import failed on its own: {result.launch.stderr_tail()}")
        return result


class BackupScenario(Scenario):
    name = "backup"

    def setup(self, ctx: Ctx) -> None:
        listed, _ = lists_command(ctx, "backup")
        if not listed:
            raise Skip("`peerdesk backup` is not there yet (peerdesk --help does not list it)")
        self.data_dir = ctx.work / "backup-live"
        self.path = self.data_dir / "peerdesk.db"
        self.key = fill_with_demo(
            ctx, self.data_dir, staff=ctx.sizes.backup_staff, months=ctx.sizes.backup_months
        )
        self.live = record_counts(self.path, self.key)
        self.names = staff_names(self.path, self.key)
        target = ctx.work / "backup-calibration" / "peerdesk-backup.db"
        target.parent.mkdir(parents=True)
        done = launch(ctx, self.command(target), None)
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(f"an uninterrupted backup failed: {done.stderr_tail()}")
        problems = self.backup_problems(target)
        problems += plaintext_problems(data_files(target.parent), self.names, ctx.work)
        if problems:
            raise RuntimeError(f"an uninterrupted backup is bad: {problems[0]}")
        self.timing = Timing(done.seconds, cap=3.0 + ctx.sign_in_seconds)
        self.note = f"an uninterrupted backup takes {done.seconds:.2f}s"

    def command(self, target: Path) -> list[str]:
        return [*self.ctx.peerdesk(self.data_dir), "backup", "--out", str(target)]

    def backup_problems(self, target: Path) -> list[str]:
        """A backup that does not open with the data key, is damaged or is not complete."""
        from peerdesk.store import sqlite_driver

        if sqlite_driver.is_plain_sqlite(target):
            return [f"the backup {target.name} is not encrypted"]
        try:
            connection = _connect(target, self.key)
            try:
                verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            finally:
                connection.close()
        except sqlite_driver.Error as exc:
            return [f"the backup {target.name} cannot be read with the data key: {exc}"]
        if verdict != ["ok"]:
            return [f"the backup {target.name} fails integrity_check: {verdict[0]}"]
        counts = record_counts(target, self.key)
        if counts != self.live:
            return [f"the backup is incomplete: {describe_difference(counts, self.live)}"]
        return []

    def run(self, ctx: Ctx, index: int) -> RunResult:
        folder = ctx.work / "backups-out" / f"run-{index}"
        target = folder / "peerdesk-backup.db"
        folder.mkdir(parents=True)
        delay = self.timing.delay(ctx.rng)
        result = RunResult(launch(ctx, self.command(target), delay), delay)
        self.timing.observe(result.launch)
        # the live files and whatever the backup wrote (the copy, a partial one), raw first
        files = data_files(self.data_dir, folder)
        for problem in plaintext_problems(files, self.names, ctx.work):
            result.add("plaintext", problem)
        for problem in health_problems(self.path, self.key):
            result.add("corruption", problem)
        counts = record_counts(self.path, self.key)
        if counts != self.live:
            result.add("error", f"the live data changed: {describe_difference(counts, self.live)}")
        result.checked = 1
        if target.exists():
            problems = self.backup_problems(target)
            for problem in problems:
                result.add("backup", problem)
            result.detail = (
                "a damaged file under the final name"
                if problems
                else "backup complete and verified"
            )
            result.outcome = "DAMAGED" if problems else "complete backup"
        else:
            result.detail = "no backup under the final name"
            result.outcome = "no backup"
        leftovers = sorted(p.name for p in folder.glob("*") if p != target)
        if leftovers:
            result.detail += f"; left behind {', '.join(leftovers)}"
            again = launch(ctx, self.command(target), None)
            still = sorted(p.name for p in folder.glob("*") if p != target)
            if again.returncode != 0:
                result.add("leftover", f"the next backup failed: {again.stderr_tail()}")
            elif still:
                result.add("leftover", f"the next backup left {', '.join(still)} behind")
            else:
                result.detail += " (cleaned up by the next backup)"
                result.outcome += ", leftovers cleaned"
        if not result.launch.killed and result.launch.returncode != 0:
            result.add("error", f"the backup failed on its own: {result.launch.stderr_tail()}")
        if not result.failed:
            shutil.rmtree(folder, ignore_errors=True)
        return result


_CRASH_WRITER = """
import os, sys
from peerdesk.store import sqlite_driver
from peerdesk.store.database_key import DatabaseKey
key = DatabaseKey(bytes.fromhex(sys.stdin.readline().strip()))  # from the harness, not argv
connection = sqlite_driver.connect(sys.argv[1], key)
connection.isolation_level = None
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("BEGIN IMMEDIATE")
connection.execute(
    "INSERT INTO team (name, name_key, created_at) VALUES (?, ?, ?)",
    (sys.argv[2], sys.argv[2].lower(), "2026-01-05T09:00:00.000000+00:00"),
)
connection.execute("COMMIT")
os._exit(0)  # crash: the commit stays in the -wal file, never checkpointed
"""


class RestoreScenario(Scenario):
    """``peerdesk restore --yes FILE`` killed at random, over data whose last commit is still
    in the -wal file (as after the app crashed). Afterwards the data is either what it was,
    that commit included, or exactly the backup; copies kept aside are complete. The audit
    trail is left out of the comparisons: signing in, out and restoring write to it."""

    name = "restore"

    def setup(self, ctx: Ctx) -> None:
        from peerdesk.store import sqlite_driver

        listed, _ = lists_command(ctx, "restore")
        if not listed:
            raise Skip("`peerdesk restore` is not there yet (peerdesk --help does not list it)")
        if "--yes" not in help_text(ctx, "restore"):
            raise Skip("`peerdesk restore` has no --yes, so it cannot run unattended")
        self.data_dir = ctx.work / "restore-live"
        self.path = self.data_dir / "peerdesk.db"
        folder = ctx.work / "restore-sources"
        self.backups: dict[str, Path] = {}
        self.prints: dict[str, dict[str, int]] = {}
        self.names: list[str] = []
        # every folder here is a copy of the blank one, so one key reads them all: a backup
        # restores into the folder whose key file opens it
        for label, staff in (("a", ctx.sizes.restore_staff), ("b", ctx.sizes.restore_staff + 7)):
            source = folder / label
            self.key = fill_with_demo(ctx, source, staff=staff, months=ctx.sizes.restore_months)
            backup = folder / f"backup-{label}.db"
            live = sqlite_driver.connect(source / "peerdesk.db", self.key)
            copy = sqlite_driver.connect(backup, self.key)
            try:
                live.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
                live.close()
            self.backups[label] = backup
            self.prints[label] = record_counts(backup, self.key)
            self.names += staff_names(backup, self.key, NAMES_SEARCHED // 2)
        ctx.new_folder(self.data_dir)
        shutil.copyfile(self.backups["a"], self.path)
        self.current = dict(self.prints["a"])
        self.teams = 0
        self.stuck: set[str] = set()  # leftovers the next restore did not clean up
        result = self.attempt(ctx, None, 0, follow_up=False)
        if result.launch.returncode != 0 or result.failed:
            notes = "; ".join(message for _kind, message in result.notes())
            raise RuntimeError(
                f"an uninterrupted restore failed: {result.launch.stderr_tail()} {notes}"
            )
        self.timing = Timing(result.launch.seconds, cap=3.0 + ctx.sign_in_seconds)
        self.note = f"an uninterrupted restore takes {result.launch.seconds:.2f}s"

    def crash_write(self, ctx: Ctx) -> dict[str, int]:
        """Commit one team into the live data and crash, leaving it in the -wal file."""
        self.teams += 1
        subprocess.run(
            [sys.executable, "-c", _CRASH_WRITER, str(self.path), f"Crash team {self.teams}"],
            input=self.key.raw().hex() + "\n",  # on its stdin: never on a command line
            text=True,
            check=True,
            env=ctx.env,
            timeout=60,
        )
        expected = dict(self.current)
        expected["team"] = expected.get("team", 0) + 1
        return expected

    def leftovers(self) -> list[str]:
        usual = {
            "peerdesk.db",
            "peerdesk.db-wal",
            "peerdesk.db-shm",
            "peerdesk.keys",
            "peerdesk.lock",
            "backups",
        }
        found = [p.name for p in self.data_dir.iterdir() if p.name not in usual]
        kept = self.data_dir / "backups"
        if kept.is_dir():
            found += [f"backups/{p.name}" for p in kept.iterdir() if p.suffix != ".db"]
        return sorted(found)

    def attempt(
        self, ctx: Ctx, delay: float | None, index: int, *, follow_up: bool = True
    ) -> RunResult:
        """Restore over data just crashed into; with ``follow_up``, leftovers of the run
        are looked at again after a restore left to finish."""
        before = self.crash_write(ctx)
        wal = self.path.with_name(self.path.name + "-wal")
        in_wal = wal.exists() and wal.stat().st_size > 0
        label = next(k for k, counts in self.prints.items() if counts != self.current)
        if self.current == before:  # cannot happen: the crash write changes the counts
            label = "a"
        command = [*ctx.peerdesk(self.data_dir), "restore", str(self.backups[label]), "--yes"]
        result = RunResult(launch(ctx, command, delay), delay)
        result.checked = 1
        # the data, its -wal, the copy being restored and the copies kept aside, raw first
        for problem in plaintext_problems(data_files(self.data_dir), self.names, ctx.work):
            result.add("plaintext", problem)
        if not self.path.exists():
            result.add("lost", "the data file is gone")
            result.outcome = "DATA FILE GONE"
            return result
        problems = health_problems(self.path, self.key)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        counts = record_counts(self.path, self.key)
        if counts == before:
            result.detail = "the data as it was, its last commit (in the -wal file) included"
            result.outcome = "data kept"
        elif counts == self.prints[label]:
            result.detail = "the backup restored"
            result.outcome = "backup restored"
        elif counts == self.current:
            result.add("lost", "the commit that was in the -wal file is gone")
            result.detail = "the data without its last commit"
            result.outcome = "LOST"
        else:
            result.add("non_atomic", f"neither: {describe_difference(counts, before)}")
            result.detail = "a mixture"
            result.outcome = "MIXED"
        if not in_wal:
            result.detail += " (note: the crash left no -wal file)"
        self.current = counts
        aside = self.data_dir / "backups"
        for copy in sorted(aside.glob("*.db")) if aside.is_dir() else []:
            kept = self.check_kept(copy, before)
            for problem in kept:
                result.add("backup", problem)
            if not kept:
                copy.unlink()
                for side in ("-wal", "-shm", "-journal"):
                    copy.with_name(copy.name + side).unlink(missing_ok=True)
        leftovers = set(self.leftovers()) - self.stuck  # each stuck file is reported once
        if leftovers and follow_up:
            result.detail += f"; left behind {', '.join(sorted(leftovers))}"
            again = self.attempt(ctx, None, index, follow_up=False)
            if again.launch.returncode != 0:
                result.add("leftover", f"the next restore failed: {again.launch.stderr_tail()}")
            still = set(self.leftovers()) & leftovers
            self.stuck |= still
            if still:
                result.add("leftover", f"the next restore left {', '.join(sorted(still))} behind")
            else:
                result.detail += " (cleaned up by the next restore)"
            for kind, count in again.counts.items():
                for _ in range(count):
                    result.add(kind, "in the restore after the kill")
        if not result.launch.killed and result.launch.returncode != 0:
            result.add("error", f"the restore failed on its own: {result.launch.stderr_tail()}")
        return result

    def check_kept(self, copy: Path, before: dict[str, int]) -> list[str]:
        from peerdesk.store import sqlite_driver

        try:
            connection = _connect(copy, self.key)
            try:
                verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            finally:
                connection.close()
        except sqlite_driver.Error as exc:
            return [f"the copy kept aside, {copy.name}, cannot be read with the key: {exc}"]
        if verdict != ["ok"]:
            return [f"the copy kept aside, {copy.name}, fails integrity_check: {verdict[0]}"]
        counts = record_counts(copy, self.key)
        if counts != before:
            return [f"the copy kept aside is not the data: {describe_difference(counts, before)}"]
        return []

    def run(self, ctx: Ctx, index: int) -> RunResult:
        result = self.attempt(ctx, self.timing.delay(ctx.rng), index)
        self.timing.observe(result.launch)
        return result


class EncryptScenario(Scenario):
    """``peerdesk setup`` on a folder from before encryption (plain data, plain daily
    backups), killed at random: the one time every existing user's data is encrypted.

    Afterwards either nothing was set up (no key file: the data and backups exactly as they
    were) or, once the next sign-in has opened the data with the key (finishing what the
    kill interrupted), the data is encrypted and complete, every backup is still there and
    complete, nothing in the folder holds a staff name in plain text, and nothing half-made
    is left behind."""

    name = "encrypt"

    def setup(self, ctx: Ctx) -> None:
        from peerdesk.domain.backup_rotation import daily_name
        from peerdesk.services.actor import Actor
        from peerdesk.services.demo_service import generate_demo
        from peerdesk.store import sqlite_driver
        from peerdesk.store.database import open_database

        listed, _ = lists_command(ctx, "setup")
        if not listed:
            raise Skip("`peerdesk setup` is not there yet (peerdesk --help does not list it)")
        self.root = ctx.work / "encrypt"
        self.template = self.root / "before-encryption"
        path = self.template / "peerdesk.db"
        database = open_database(path)  # no key: a folder as PeerDesk kept it until now
        try:
            generate_demo(
                database.sessions,
                Actor.local_administrator(),
                staff=ctx.sizes.demo_staff,
                months=ctx.sizes.demo_months,
                seed=ctx.rng.randrange(1, 10_000),
                today=ctx.today,
            )
        finally:
            database.close()
        folder = self.template / "backups"
        folder.mkdir()
        self.backups: dict[str, dict[str, int]] = {}
        for days in range(ctx.sizes.encrypt_backups):
            copy_path = folder / daily_name(ctx.today - dt.timedelta(days=days + 1))
            live = sqlite_driver.connect(path)
            copy = sqlite_driver.connect(copy_path)
            try:
                live.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
                live.close()
            self.backups[copy_path.name] = self.counts(copy_path, None)
        self.records = self.counts(path, None)
        self.names = staff_names(path, None)
        done = self.attempt(ctx, None, "reference")
        if done.launch.returncode != 0 or done.failed:
            notes = "; ".join(message for _kind, message in done.notes())
            raise RuntimeError(
                f"an uninterrupted setup failed: {done.launch.stderr_tail()} {notes}"
            )
        # the run signs in once and encrypts the data and every backup: kills are spread
        # over all of it
        self.timing = Timing(done.launch.seconds, cap=float("inf"))
        self.note = (
            f"an uninterrupted setup (the data and {len(self.backups)} backups encrypted) "
            f"takes {done.launch.seconds:.2f}s"
        )

    @staticmethod
    def counts(path: Path, key: DatabaseKey | None) -> dict[str, int]:
        """The records (setting up adds the first account and writes to the trail)."""
        return table_counts(path, key, (*TRAIL, ACCOUNTS))

    @staticmethod
    def leftovers(data_dir: Path) -> list[str]:
        usual = {"peerdesk.db", "peerdesk.db-wal", "peerdesk.db-shm", "peerdesk.keys", "backups"}
        found = [p.name for p in data_dir.iterdir() if p.name not in usual]
        kept = data_dir / "backups"
        if kept.is_dir():
            found += [f"backups/{p.name}" for p in kept.iterdir() if p.suffix != ".db"]
        return sorted(found)

    def run(self, ctx: Ctx, index: int) -> RunResult:
        result = self.attempt(ctx, self.timing.delay(ctx.rng), f"run-{index}")
        self.timing.observe(result.launch)
        return result

    def attempt(self, ctx: Ctx, delay: float | None, folder: str) -> RunResult:
        from peerdesk.store import sqlite_driver
        from peerdesk.store.database import open_database
        from peerdesk.store.keyring import KeyringError

        data_dir = self.root / folder
        shutil.copytree(self.template, data_dir)
        path = data_dir / "peerdesk.db"
        command = [*ctx.peerdesk(data_dir), "setup", "--name", HARNESS_NAME]
        result = RunResult(launch(ctx, command, delay), delay)
        result.checked = 1
        if not result.launch.killed and result.launch.returncode != 0:
            result.add("error", f"the setup failed on its own: {result.launch.stderr_tail()}")
        if not (data_dir / "peerdesk.keys").exists():
            # the key file is written first: without it nothing may have changed
            check_half_written_keys(data_dir, result, "the next setting up")
            if not sqlite_driver.is_plain_sqlite(path):
                result.add("lost", "the data file is no longer plain, yet there is no key file")
                return result
            self.check_as_before(data_dir, result)
            result.outcome = result.outcome or "not set up: data as it was"
            result.detail = result.detail or "not set up yet: the data and backups as they were"
            return self.tidy(ctx, data_dir, result)
        try:
            key = ctx.key_for(data_dir)
        except KeyringError as exc:
            result.add("corruption", f"the key file does not open with the password: {exc}")
            return result
        check_half_written_keys(data_dir, result, "the next sign-in")
        was_plain = sqlite_driver.is_plain_sqlite(path)
        left = self.leftovers(data_dir)
        try:  # the next sign-in opens the data with the key, which finishes the encryption
            open_database(path, key=key).close()
        except Exception as exc:
            result.add("corruption", f"the next sign-in could not open the data: {exc}")
            return result
        for problem in plaintext_problems(data_files(data_dir), self.names, data_dir):
            result.add("plaintext", problem)
        problems = health_problems(path, key)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        counts = self.counts(path, key)
        if counts != self.records:
            result.add(
                "lost", f"the data is not all there: {describe_difference(counts, self.records)}"
            )
        for problem in key_slot_problems(data_dir, key):
            result.add("keys", problem)
        for problem in self.backup_problems(data_dir, key):
            result.add("backup", problem)
        still = [name for name in self.leftovers(data_dir) if name in left]
        for name in self.leftovers(data_dir):
            result.add(
                "leftover",
                f"{name} is left behind"
                + (" (the next sign-in did not clean it up)" if name in still else ""),
            )
        stage = "the data still plain" if was_plain else "the data encrypted"
        result.detail = f"key file written, {stage}; the next sign-in finished: " + (
            "all encrypted and complete" if not result.failed else "NOT all well"
        )
        result.outcome = f"key file, {'plain' if was_plain else 'encrypted'} data"
        if left:
            result.detail += f"; the kill left {', '.join(left)}"
        return self.tidy(ctx, data_dir, result)

    def check_as_before(self, data_dir: Path, result: RunResult) -> None:
        """Not set up: the data and every backup plain, healthy and complete, nothing new."""
        path = data_dir / "peerdesk.db"
        for problem in health_problems(path, None):
            result.add("corruption", problem)
        if not result.failed and self.counts(path, None) != self.records:
            result.add("lost", "the data changed although nothing was set up")
        for problem in self.backup_problems(data_dir, None):
            result.add("backup", problem)
        for name in self.leftovers(data_dir):
            result.add("leftover", f"{name} is left behind")

    def backup_problems(self, data_dir: Path, key: DatabaseKey | None) -> list[str]:
        """Every backup from before still there and complete (read with the key when it is
        encrypted); the copy taken before encrypting complete too."""
        from peerdesk.store import sqlite_driver

        folder = data_dir / "backups"
        wanted = dict(self.backups)
        if key is not None:
            taken = sorted(folder.glob("peerdesk-before-encryption-*.db"))
            if not taken:
                return ["no copy of the data was kept before encrypting it"]
            wanted.update(dict.fromkeys((p.name for p in taken), self.records))
        problems: list[str] = []
        for name, want in wanted.items():
            copy = folder / name
            if not copy.is_file():
                problems.append(f"the backup {name} is gone")
                continue
            plain = sqlite_driver.is_plain_sqlite(copy)
            try:
                connection = _connect(copy, None if plain else key)
                try:
                    verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
                finally:
                    connection.close()
                counts = self.counts(copy, None if plain else key)
            except sqlite_driver.Error as exc:
                problems.append(f"the backup {name} cannot be read: {exc}")
                continue
            if verdict != ["ok"]:
                problems.append(f"the backup {name} fails integrity_check: {verdict[0]}")
            elif counts != want:
                problems.append(
                    f"the backup {name} is not whole: {describe_difference(counts, want)}"
                )
        return problems

    @staticmethod
    def tidy(ctx: Ctx, data_dir: Path, result: RunResult) -> RunResult:
        if not result.failed:
            ctx.remove_folder(data_dir)
        return result


FACTORIES: dict[str, type[Scenario]] = {
    "demo": DemoScenario,
    "signoff": SignoffScenario,
    "staff": StaffScenario,
    "erase": EraseScenario,
    "import": ImportScenario,
    "backup": BackupScenario,
    "restore": RestoreScenario,
    "encrypt": EncryptScenario,
}


# -- the main loop --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Kill PeerDesk (SIGKILL) at random moments while it writes; check that "
        "nothing is corrupted, lost or half written.",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=200,
        metavar="N",
        help="kill N processes (default 200); a run whose process ends before its kill "
        "does not count, so there may be a few more runs",
    )
    parser.add_argument("--seed", type=int, metavar="S", help="default: a random seed, printed")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="a new or empty folder to work in, kept afterwards (default: a temporary "
        "folder, removed when all is well)",
    )
    parser.add_argument(
        "--scenario",
        nargs="+",
        choices=SCENARIOS,
        metavar="NAME",
        help=f"which scenarios, taken in turn (default: all of {', '.join(SCENARIOS)})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller demo, import and backup data, for a quick smoke test",
    )
    parser.add_argument(
        "--src",
        type=Path,
        default=DEFAULT_SRC,
        metavar="DIR",
        help="the folder holding the peerdesk package to test (default: this repo's src)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if args.data_dir is not None and args.data_dir.exists() and any(args.data_dir.iterdir()):
        parser.error(f"--data-dir {args.data_dir} is not empty: give a new or empty folder")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    src = args.src.resolve()
    sys.path.insert(0, str(src))
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    from peerdesk.domain.clock import local_today

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    own_folder = args.data_dir is None
    work = Path(tempfile.mkdtemp(prefix="peerdesk-faults-")) if own_folder else args.data_dir
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    ctx = Ctx(
        work=work,
        src=src,
        rng=random.Random(seed),
        today=local_today(),
        sizes=QUICK if args.quick else FULL,
    )
    wanted = list(dict.fromkeys(args.scenario or SCENARIOS))
    print(f"fault injection: {args.runs} kills, seed {seed}, working in {work}", flush=True)
    print(f"python {sys.executable}, peerdesk from {src}", flush=True)

    active: list[Scenario] = []
    skipped: dict[str, str] = {}
    setup_failures: dict[str, str] = {}
    try:
        blank = ctx.blank
    except Exception as exc:
        print(f"SETUP FAILED: could not set up an encrypted data folder: {exc}", flush=True)
        return 1
    print(
        f"set up  {blank.name}: an encrypted folder for {HARNESS_USER}, copied for each "
        f"scenario; one sign-in takes {ctx.sign_in_seconds:.2f}s",
        flush=True,
    )
    for name in wanted:
        scenario = FACTORIES[name](ctx)
        started = time.monotonic()
        try:
            scenario.setup(ctx)
        except Skip as exc:
            skipped[name] = str(exc)
            print(f"SKIPPED {name}: {exc}; re-run once it lands", flush=True)
            continue
        except Exception as exc:
            setup_failures[name] = f"{type(exc).__name__}: {exc}"
            print(f"SETUP FAILED {name}: {type(exc).__name__}: {exc}", flush=True)
            continue
        note = getattr(scenario, "note", "")
        print(
            f"ready   {name}: set up in {time.monotonic() - started:.1f}s"
            + (f"; {note}" if note else ""),
            flush=True,
        )
        active.append(scenario)

    tallies = {s.name: Tally() for s in active}
    started = time.monotonic()
    if active:
        index = kills = 0
        # a run whose process ended before its kill is extra: go on until N kills
        while kills < args.runs and index < 2 * args.runs + 10:
            scenario = active[index % len(active)]
            try:
                result = scenario.run(ctx, index)
            except Exception as exc:
                result = RunResult(Launch(False, -1, 0.0, [], ""), None)
                result.add("error", f"the check itself failed: {type(exc).__name__}: {exc}")
            tallies[scenario.name].add(result)
            kills += result.launch.killed
            index += 1
            state = (
                f"killed at {result.delay or 0:4.2f}s"
                if result.launch.killed
                else f"ended in {result.launch.seconds:4.2f}s"
            )
            verdict = "PROBLEM" if result.failed else "ok"
            print(
                f"run {index:>4} (kills {kills:>3}/{args.runs}) {scenario.name:<8} {state}  "
                f"{verdict}: {result.detail}",
                flush=True,
            )
            for kind, message in result.notes():
                print(f"          {kind}: {message}", flush=True)
    elapsed = time.monotonic() - started

    total = Tally()
    for tally in tallies.values():
        total.runs += tally.runs
        total.kills += tally.kills
        total.finished += tally.finished
        total.checked += tally.checked
        total.rechecked += tally.rechecked
        for kind in KINDS:
            total.counts[kind] += tally.counts[kind]
    print()
    print(f"== summary (seed {seed}, {elapsed:.0f}s)")
    print(f"runs: {total.runs}")
    print(f"kills: {total.kills} (the process was still running when killed)")
    print(f"finished before the kill: {total.finished}")
    print(
        f"committed records verified in full: {total.checked} "
        f"(and {total.rechecked} re-checks that earlier runs' records are still there)"
    )
    print(f"corruptions: {total.counts['corruption']}")
    print(f"lost committed records: {total.counts['lost']}")
    for name, label in (("import", "non-atomic imports"), ("demo", "partial demos")):
        print(f"{label}: {tallies[name].counts['non_atomic'] if name in tallies else 0}")
    for kind in ("backup", "plaintext", "keys", "leftover", "error"):
        print(f"{KIND_LABELS[kind]}: {total.counts[kind]}")
    print("per scenario:")
    for name, tally in tallies.items():
        problems = sum(tally.counts.values())
        print(
            f"  {name:<8} runs {tally.runs:>4}  kills {tally.kills:>4}  finished "
            f"{tally.finished:>3}  verified {tally.checked:>6}  problems {problems}"
            + "".join(f" ({kind} {n})" for kind, n in tally.counts.items() if n)
        )
        outcomes = ", ".join(f"{what} {n}" for what, n in tally.outcomes.most_common())
        if outcomes:
            print(f"           left behind: {outcomes}")
    for name, reason in skipped.items():
        print(f"  {name:<8} SKIPPED: {reason}")
    for name, reason in setup_failures.items():
        print(f"  {name:<8} SETUP FAILED: {reason}")

    for key in ctx.keys.values():
        key.drop()
    failed = bool(setup_failures) or any(total.counts.values()) or not active
    if own_folder and not failed:
        shutil.rmtree(work, ignore_errors=True)
    elif failed:
        print(f"the files are kept in {work}")
    print("RESULT: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
