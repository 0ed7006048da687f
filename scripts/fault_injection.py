"""Kill PeerDesk with SIGKILL at random moments while it writes, and check nothing was harmed.

    .venv/bin/python scripts/fault_injection.py [--runs N] [--seed S] [--data-dir DIR]
                                                [--scenario NAME ...]

Each run starts one PeerDesk process, kills it (SIGKILL) after a random delay, and then
looks at what it left behind with a fresh sqlite3 connection and with ``open_database``.
The scenarios take turns; runs go on until N processes have been killed while running
(a process that ends before its kill makes an extra run). The scenarios:

demo     ``peerdesk demo --staff 300 --months 12`` into a new data folder. Afterwards there
         is no database, an empty one, or exactly the demo's data (every table's row count
         equals an uninterrupted run's): never part of it.
signoff  scripts/fault_worker.py records supervision sessions, adds an action, signs both
         sides and amends, printing each committed record's id. Every printed record must
         still be there with its full content (signatures when reported), and every record
         of earlier runs on the same database too.
staff    the worker adds and edits staff and teams through the services, with the same
         reporting and checks.
import   ``peerdesk import staff FILE.csv`` of a 2,000-row CSV: afterwards the number of
         people is either what it was before or before plus every good row.
backup   ``peerdesk backup --out FILE``: the live database stays as it was and healthy;
         the backup either does not exist or is complete and passes integrity_check. A
         leftover partial file is reported, and must be cleaned up by the next backup.
restore  ``peerdesk restore --yes FILE`` over data whose last commit is still in its -wal
         file (a helper commits and crashes first). Afterwards the data is either what it
         was, that commit included, or exactly the backup; a copy kept aside in backups/
         is complete; leftovers must be cleaned up by the next restore.

After every kill: ``PRAGMA integrity_check`` is "ok", ``PRAGMA foreign_key_check`` finds
nothing, and ``open_database`` opens the file. Scenarios whose command PeerDesk does not
have yet (``peerdesk --help`` does not list it) are skipped, with a line saying so.

Prints one line per run and a summary; exits 1 when anything was corrupted, lost or half
written, 0 otherwise (skipped scenarios do not fail the run). Works from a clean clone:
the processes it starts run with this interpreter and ``src`` on PYTHONPATH.
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
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
WORKER = SCRIPTS / "fault_worker.py"
DEFAULT_SRC = ROOT / "src"
SCENARIOS = ("demo", "signoff", "staff", "import", "backup", "restore")


@dataclass(frozen=True)
class Sizes:
    demo_staff: int = 300
    demo_months: int = 12
    backup_staff: int = 1000  # a bigger database, so that a backup takes long enough to be hit
    backup_months: int = 24
    import_rows: int = 2000
    restore_staff: int = 150
    restore_months: int = 12


FULL = Sizes()
QUICK = Sizes(
    demo_staff=40,
    demo_months=3,
    backup_staff=60,
    backup_months=3,
    import_rows=200,
    restore_staff=30,
    restore_months=3,
)
IMPORT_BAD_ROWS = 5  # rows the importer must refuse (a bad date, an unknown role, no name)
IMPORT_TEAMS = ("Outreach", "Wellbeing Hub", "Recovery College", "Peer Line")
WORKER_WRITING = 1.2  # seconds of a worker's writing to kill it in
TIMING_RUN_EVERY = 6  # every sixth run of a command is left to finish, to time it
COMMAND_TIMEOUT = 300.0
MESSAGES_PER_KIND = 3

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import Services


# -- running and killing ----------------------------------------------------------------------


@dataclass
class Ctx:
    """What every scenario shares: where to work, how to start processes, today, randomness."""

    work: Path
    src: Path
    rng: random.Random
    today: dt.date
    sizes: Sizes = FULL

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.src), *filter(None, [env.get("PYTHONPATH")])])
        env.pop("PEERDESK_DATA_DIR", None)
        env["PYTHONIOENCODING"] = "utf-8"
        return env

    def peerdesk(self, data_dir: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "peerdesk", "--data-dir", str(data_dir), *args]


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

    def __init__(self) -> None:
        self.seen = [0.6]

    def observe(self, done: Launch) -> None:
        if done.first_output is not None:
            self.seen.append(done.first_output)

    def delay(self, rng: random.Random) -> float:
        """Three kills in four while it writes, within a second or so of its first commit;
        the rest while it starts (imports, opening the database)."""
        latest = sorted(self.seen[-9:])
        first = latest[len(latest) // 2]
        if rng.random() < 0.75:
            return first + rng.uniform(0.0, WORKER_WRITING)
        return rng.uniform(0.1, first)


class Timing:
    """How long a command takes uninterrupted: the median of its latest finished runs.

    The machine's load changes how long that is, so every few runs one is left to finish
    (it is checked all the same, and is not counted as a kill) to keep the figure current.
    """

    def __init__(self, first: float) -> None:
        self.seen = [first]
        self.planned = 0

    @property
    def typical(self) -> float:
        latest = sorted(self.seen[-9:])
        return latest[len(latest) // 2]

    def observe(self, done: Launch) -> None:
        if not done.killed and done.returncode == 0:
            self.seen.append(done.seconds)

    def delay(self, rng: random.Random, cap: float = 3.0) -> float | None:
        """A moment to kill the command, or None for a run left to finish.

        Most of a short command's life is Python starting up, and the writing comes last, so
        seven kills in ten fall in the second half of a typical run; the rest anywhere in it.
        """
        self.planned += 1
        if self.planned % TIMING_RUN_EVERY == 0:
            return None
        typical = min(self.typical, cap)
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


def _connect(path: Path) -> sqlite3.Connection:
    """A fresh connection that never creates a file (a missing one is an error)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)


def health_problems(path: Path) -> list[str]:
    """Corruption found by integrity_check, foreign_key_check and open_database."""
    try:
        connection = _connect(path)
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return [f"sqlite3 cannot read {path.name}: {exc}"]
    problems: list[str] = []
    if verdict != ["ok"]:
        problems.append(f"integrity_check on {path.name}: {'; '.join(verdict[:3])}")
    if orphans:
        problems.append(f"foreign_key_check on {path.name}: {len(orphans)} rows, e.g. {orphans[0]}")
    from peerdesk.store.database import open_database

    try:
        open_database(path).close()
    except Exception as exc:
        problems.append(f"open_database refused {path.name}: {exc}")
    return problems


def table_counts(path: Path) -> dict[str, int]:
    connection = _connect(path)
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
        }
    finally:
        connection.close()


def people_count(path: Path) -> int:
    return table_counts(path).get("staff_member", 0)


def describe_difference(got: dict[str, int], want: dict[str, int]) -> str:
    diffs = [f"{t} {got.get(t, 0)}≠{want.get(t, 0)}" for t in want if got.get(t, 0) != want[t]]
    return ", ".join(diffs[:5]) or "same counts"


@contextmanager
def opened_services(path: Path, today: dt.date) -> Iterator[tuple[Services, Actor]]:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import make_services
    from peerdesk.store.database import open_database

    database = open_database(path)
    try:
        yield make_services(database.sessions, today=lambda: today), Actor.local_administrator()
    finally:
        database.close()


# -- results --------------------------------------------------------------------------------

KINDS = ("corruption", "lost", "non_atomic", "backup", "leftover", "error")
KIND_LABELS = {
    "corruption": "corruptions",
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
        from peerdesk.store.database import open_database

        self.seed = ctx.rng.randrange(1, 10_000)
        self.root = ctx.work / "demo"
        empty = self.root / "empty" / "peerdesk.db"
        open_database(empty).close()
        self.empty = table_counts(empty)
        reference = self.root / "reference"
        done = launch(ctx, self.command(reference), None)
        if done.returncode != 0:
            raise RuntimeError(f"the demo failed uninterrupted: {done.stderr_tail()}")
        self.full = table_counts(reference / "peerdesk.db")
        self.timing = Timing(done.seconds)
        if self.full.get("staff_member") != self.ctx.sizes.demo_staff:
            raise RuntimeError(f"the demo made {self.full.get('staff_member')} people")

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
        path = data_dir / "peerdesk.db"
        creating = data_dir / "peerdesk.db.creating"
        if not path.exists():
            result.detail = "no database yet"
            result.outcome = "no database"
            if creating.exists():
                # a database being created when killed: the next open must start afresh
                from peerdesk.store.database import open_database

                try:
                    open_database(path).close()
                except Exception as exc:
                    result.add("corruption", f"open_database after a half-created file: {exc}")
                    return result
                for problem in health_problems(path):
                    result.add("corruption", problem)
                if creating.exists():
                    result.add("leftover", f"{creating.name} was not cleaned up by the next open")
                result.detail = "half-created file, cleaned up by the next open"
                result.outcome = "half-created file"
            return result
        problems = health_problems(path)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        counts = table_counts(path)
        result.checked = 1
        if counts == self.empty:
            result.detail = "empty database (the demo's transaction never committed)"
            result.outcome = "empty"
        elif counts == self.full:
            result.detail = (
                f"complete demo: {self.ctx.sizes.demo_staff} people, every table as expected"
            )
            result.outcome = "complete"
        else:
            result.detail = "partial demo data"
            result.outcome = "PARTIAL"
            result.add(
                "non_atomic",
                f"partial demo data: people {counts.get('staff_member')}; "
                f"{describe_difference(counts, self.full)}",
            )
        if not result.launch.killed and result.launch.returncode != 0:
            result.add("error", f"the demo failed on its own: {result.launch.stderr_tail()}")
        if not result.failed:
            shutil.rmtree(data_dir, ignore_errors=True)
        return result


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

    def setup(self, ctx: Ctx) -> None:
        from peerdesk.store.database import open_database

        self.data_dir = ctx.work / self.name
        self.path = self.data_dir / "peerdesk.db"
        open_database(self.path).close()
        self.earlier: dict[str, set[int]] = {}  # table -> ids reported in earlier runs
        self.timing = StartTiming()

    def run(self, ctx: Ctx, index: int) -> RunResult:
        delay = self.timing.delay(ctx.rng)
        command = [
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
        self.timing.observe(result.launch)
        if not result.launch.killed:
            result.add("error", f"the worker stopped on its own: {result.launch.stderr_tail()}")
        problems = health_problems(self.path)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        events = _events(result.launch.stdout)
        with opened_services(self.path, ctx.today) as (services, actor):
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
        connection = _connect(self.path)
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
        with opened_services(self.path, ctx.today) as (services, actor):
            for team in IMPORT_TEAMS:
                services.teams.create(actor, team)
        self.bad_rows = IMPORT_BAD_ROWS
        self.expected, typical, note = self.calibrate(ctx)
        if self.expected == 0 and self.bad_rows:
            # an importer that refuses the whole file when any row is bad: use clean files
            self.bad_rows = 0
            self.expected, typical, note = self.calibrate(ctx)
        self.timing = Timing(typical)
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
        folder.mkdir(parents=True)
        shutil.copyfile(self.path, folder / "peerdesk.db")
        csv_path = self.write_csv(ctx.work / f"calibration-{self.bad_rows}.csv", "Calibration")
        if self.dry_run:
            before = people_count(folder / "peerdesk.db")
            launch(ctx, self.command(folder, csv_path, "--dry-run"), None)
            if people_count(folder / "peerdesk.db") != before:
                raise RuntimeError("`peerdesk import staff --dry-run` added people")
        done = launch(ctx, self.command(folder, csv_path), None)
        added = people_count(folder / "peerdesk.db")
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
                    f"{prefix} Person {n} Zoë-Ó'Brien",
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
        before = people_count(self.path)
        delay = self.timing.delay(ctx.rng)
        result = RunResult(launch(ctx, self.command(self.data_dir, csv_path), delay), delay)
        self.timing.observe(result.launch)
        problems = health_problems(self.path)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        after = people_count(self.path)
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
        made = launch(
            ctx,
            [
                *self.ctx.peerdesk(self.data_dir),
                "demo",
                "--staff",
                str(self.ctx.sizes.backup_staff),
                "--months",
                str(self.ctx.sizes.backup_months),
            ],
            None,
        )
        if made.returncode != 0:
            raise RuntimeError(f"could not make the live database: {made.stderr_tail()}")
        self.live = table_counts(self.path)
        target = ctx.work / "backup-calibration" / "peerdesk-backup.db"
        target.parent.mkdir(parents=True)
        done = launch(ctx, self.command(target), None)
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(f"an uninterrupted backup failed: {done.stderr_tail()}")
        problems = self.backup_problems(target)
        if problems:
            raise RuntimeError(f"an uninterrupted backup is bad: {problems[0]}")
        self.timing = Timing(done.seconds)
        self.note = f"an uninterrupted backup takes {done.seconds:.2f}s"

    def command(self, target: Path) -> list[str]:
        return [*self.ctx.peerdesk(self.data_dir), "backup", "--out", str(target)]

    def backup_problems(self, target: Path) -> list[str]:
        try:
            connection = _connect(target)
            try:
                verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            finally:
                connection.close()
        except sqlite3.Error as exc:
            return [f"the backup {target.name} cannot be read: {exc}"]
        if verdict != ["ok"]:
            return [f"the backup {target.name} fails integrity_check: {verdict[0]}"]
        counts = table_counts(target)
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
        for problem in health_problems(self.path):
            result.add("corruption", problem)
        counts = table_counts(self.path)
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
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
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
    that commit included, or exactly the backup; copies kept aside are complete."""

    name = "restore"

    def setup(self, ctx: Ctx) -> None:
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
        for key, staff in (("a", ctx.sizes.restore_staff), ("b", ctx.sizes.restore_staff + 7)):
            source = folder / key
            made = launch(
                ctx,
                [
                    *ctx.peerdesk(source),
                    "demo",
                    "--staff",
                    str(staff),
                    "--months",
                    str(ctx.sizes.restore_months),
                ],
                None,
            )
            if made.returncode != 0:
                raise RuntimeError(f"could not make a database to back up: {made.stderr_tail()}")
            backup = folder / f"backup-{key}.db"
            live = sqlite3.connect(source / "peerdesk.db")
            copy = sqlite3.connect(backup)
            try:
                live.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
                live.close()
            self.backups[key] = backup
            self.prints[key] = table_counts(backup)
        self.data_dir.mkdir(parents=True)
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
        self.timing = Timing(result.launch.seconds)
        self.note = f"an uninterrupted restore takes {result.launch.seconds:.2f}s"

    def crash_write(self, ctx: Ctx) -> dict[str, int]:
        """Commit one team into the live data and crash, leaving it in the -wal file."""
        self.teams += 1
        subprocess.run(
            [sys.executable, "-c", _CRASH_WRITER, str(self.path), f"Crash team {self.teams}"],
            check=True,
            env=ctx.env,
            timeout=60,
        )
        expected = dict(self.current)
        expected["team"] = expected.get("team", 0) + 1
        return expected

    def leftovers(self) -> list[str]:
        usual = {"peerdesk.db", "peerdesk.db-wal", "peerdesk.db-shm", "peerdesk.lock", "backups"}
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
        key = next(k for k, counts in self.prints.items() if counts != self.current)
        if self.current == before:  # cannot happen: the crash write changes the counts
            key = "a"
        command = [*ctx.peerdesk(self.data_dir), "restore", str(self.backups[key]), "--yes"]
        result = RunResult(launch(ctx, command, delay), delay)
        result.checked = 1
        if not self.path.exists():
            result.add("lost", "the data file is gone")
            result.outcome = "DATA FILE GONE"
            return result
        problems = health_problems(self.path)
        for problem in problems:
            result.add("corruption", problem)
        if problems:
            return result
        counts = table_counts(self.path)
        if counts == before:
            result.detail = "the data as it was, its last commit (in the -wal file) included"
            result.outcome = "data kept"
        elif counts == self.prints[key]:
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
        try:
            connection = _connect(copy)
            try:
                verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            finally:
                connection.close()
        except sqlite3.Error as exc:
            return [f"the copy kept aside, {copy.name}, cannot be read: {exc}"]
        if verdict != ["ok"]:
            return [f"the copy kept aside, {copy.name}, fails integrity_check: {verdict[0]}"]
        counts = table_counts(copy)
        if counts != before:
            return [f"the copy kept aside is not the data: {describe_difference(counts, before)}"]
        return []

    def run(self, ctx: Ctx, index: int) -> RunResult:
        result = self.attempt(ctx, self.timing.delay(ctx.rng), index)
        self.timing.observe(result.launch)
        return result


FACTORIES: dict[str, type[Scenario]] = {
    "demo": DemoScenario,
    "signoff": SignoffScenario,
    "staff": StaffScenario,
    "import": ImportScenario,
    "backup": BackupScenario,
    "restore": RestoreScenario,
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
    for kind in ("backup", "leftover", "error"):
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

    failed = bool(setup_failures) or any(total.counts.values()) or not active
    if own_folder and not failed:
        shutil.rmtree(work, ignore_errors=True)
    elif failed:
        print(f"the files are kept in {work}")
    print("RESULT: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
