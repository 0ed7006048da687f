"""Accounts through the command line: who runs a command, setting PeerDesk up, and the
access rules and audit trail obeyed exactly as in the app.

The access rules run on a folder made by ``peerdesk demo`` (once per module, copied for
each test): its administrator ``admin`` and the demo accounts manager, supervisor1 and
supervisor2, each linked to a member of staff who supervises others.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.cli import build_parser, run_command
from peerdesk.domain.recovery_key import decode
from peerdesk.services.access_rules import possessive
from peerdesk.services.account_service import UserDetails
from peerdesk.services.actor import Actor, Role
from peerdesk.services.bundle import Services, make_services
from peerdesk.services.demo_accounts import DEMO_PASSWORD
from peerdesk.store import keyring
from peerdesk.store.database import open_database
from peerdesk.store.keyring import KEY_FILE_NAME
from tests.cli.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    audit_actions,
    data_key,
    data_rows,
    reading,
    signed_in,
)
from tests.conftest import FAST_KEYS, TODAY
from tests.ui.app_fixtures import add_person

DB_NAME = "peerdesk.db"
PASSWORDS = {
    ADMIN: ADMIN_PASSWORD,
    "manager": DEMO_PASSWORD,
    "supervisor1": DEMO_PASSWORD,
    "supervisor2": DEMO_PASSWORD,
}
RECOVERY_KEY = re.compile(r"^  ([0-9A-Z]{4}(?:-[0-9A-Z]{1,4})+)$", re.MULTILINE)


def run(argv: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    code = run_command(args, data_dir, out=out, err=err, today=TODAY)
    return code, out.getvalue(), err.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def assert_refused(result: tuple[int, str, str], sentence: str) -> None:
    """Exit 1, nothing on stdout, and exactly the one plain sentence on stderr."""
    assert result == (1, "", f"peerdesk: {sentence}\n")


# -- who runs the command ---------------------------------------------------------------------


def test_without_a_user_the_command_says_how_to_say_who_you_are(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PEERDESK_USER")
    before = (sha256(data_dir / DB_NAME), sha256(data_dir / KEY_FILE_NAME))
    code, out, err = run(["check"], data_dir)
    assert (code, out) == (2, "")
    assert err == (
        "peerdesk: Say who you are: add --user NAME, or set PEERDESK_USER (and "
        "PEERDESK_PASSWORD) for scripts.\n"
    )
    assert (sha256(data_dir / DB_NAME), sha256(data_dir / KEY_FILE_NAME)) == before


def test_without_a_password_or_a_terminal_the_command_says_how_to_give_one(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PEERDESK_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: no terminal to type in
    code, out, err = run(["check", "--user", ADMIN], data_dir)
    assert (code, out) == (2, "")
    assert err == (
        f"peerdesk: PeerDesk needs {ADMIN}'s password: run the command in a terminal to type "
        "it, or set PEERDESK_PASSWORD for scripts.\n"
    )


def test_a_wrong_password_or_an_unknown_name_do_not_match(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERDESK_PASSWORD", "not the right password at all")
    refused = "That user name and password do not match."
    assert_refused(run(["check"], data_dir), refused)
    monkeypatch.setenv("PEERDESK_PASSWORD", ADMIN_PASSWORD)
    assert_refused(run(["check", "--user", "nobody"], data_dir), refused)  # never told apart
    code, out, err = run(["check"], data_dir)
    assert (code, err) == (0, "")
    assert out.startswith("healthy:")


def test_after_five_wrong_passwords_the_next_try_must_wait_and_all_are_recorded(
    data_dir: Path, services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.accounts.add(
        admin, UserDetails("sam", "Sam Lee", Role.SUPERVISOR), "Blue kettle on the hill"
    )
    monkeypatch.setenv("PEERDESK_PASSWORD", "a guess that is wrong")
    for _ in range(5):
        assert_refused(
            run(["check", "--user", "sam"], data_dir),
            "That user name and password do not match.",
        )
    monkeypatch.setenv("PEERDESK_PASSWORD", "Blue kettle on the hill")
    code, out, err = run(["check", "--user", "sam"], data_dir)  # even the right password
    assert (code, out) == (1, "")
    assert re.fullmatch(
        r"peerdesk: Too many wrong passwords\. Try again in (30|29) seconds, or ask an "
        r"administrator to reset the password\.\n",
        err,
    ), err
    # the wait is for that user name only; the next sign-in moves the tries into the trail
    monkeypatch.setenv("PEERDESK_PASSWORD", ADMIN_PASSWORD)
    assert run(["check"], data_dir)[0] == 0
    failed = services.audit.entries(admin, action="sign-in failed")
    assert [(e.subject, e.details["reason"]) for e in failed] == [("sam", "wrong password")] * 5


# -- setting up -------------------------------------------------------------------------------


def test_setup_prints_the_recovery_key_once_and_the_data_is_encrypted(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    code, out, err = run(["setup", "--user", "alex", "--name", "Alex Morgan"], folder)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Set up PeerDesk in {folder} with alex as its administrator."
    (recovery,) = RECOVERY_KEY.findall(out)  # shown once
    assert decode(recovery) == data_key(folder, "alex", ADMIN_PASSWORD).raw()

    code, out, err = run(["demo", "--user", "alex", "--staff", "12", "--months", "2"], folder)
    assert (code, err) == (0, "")
    assert "Recovery key" not in out and RECOVERY_KEY.findall(out) == []  # never again
    with signed_in(folder, "alex") as (signed, services):
        assert signed.actor.display_name == "Alex Morgan"
        assert signed.actor.role is Role.ADMINISTRATOR
        names = [p.name for p in services.staff.people(signed.actor, include_leavers=True)]
        setup_entry = services.audit.entries(signed.actor, action="set up PeerDesk")[0]
        assert setup_entry.actor_name == "Alex Morgan"
    assert len(names) == 12
    for path in (folder / DB_NAME, folder / (DB_NAME + "-wal"), folder / KEY_FILE_NAME):
        if path.exists():
            raw = path.read_bytes()
            for text in ("SQLite format 3", *names):
                assert text.encode("utf-8") not in raw, (path.name, text)


def test_setup_on_a_folder_already_set_up_exits_1_and_changes_nothing(data_dir: Path) -> None:
    before = (sha256(data_dir / DB_NAME), sha256(data_dir / KEY_FILE_NAME))
    assert_refused(
        run(["setup", "--user", "someone", "--name", "Someone Else"], data_dir),
        f"PeerDesk is already set up in {data_dir}.",
    )
    assert (sha256(data_dir / DB_NAME), sha256(data_dir / KEY_FILE_NAME)) == before
    assert files_in(data_dir) == {DB_NAME, KEY_FILE_NAME}


def test_setup_with_a_weak_password_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"
    monkeypatch.setenv("PEERDESK_PASSWORD", "short")
    code, out, err = run(["setup"], folder)
    assert (code, out) == (2, "")
    assert err.startswith("peerdesk: ") and err.count("\n") == 1
    assert "at least" in err
    assert files_in(folder) == set()


def test_a_folder_from_before_encryption_is_refused_until_setup_encrypts_it(
    tmp_path: Path, template_database: Path
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copyfile(template_database, folder / DB_NAME)
    database = open_database(folder / DB_NAME)  # plain, as PeerDesk wrote it until now
    try:
        services = make_services(database.sessions, today=lambda: TODAY)
        add_person(services, Actor.local_administrator(), "Zoë Łukasiewicz")
    finally:
        database.close()
    before = sha256(folder / DB_NAME)

    code, out, err = run(["check"], folder)
    assert (code, out) == (1, "")
    assert "is not encrypted yet" in err and "peerdesk setup --user NAME" in err
    assert err.count("\n") == 1
    assert sha256(folder / DB_NAME) == before
    assert files_in(folder) == {DB_NAME}

    code, out, err = run(["setup", "--name", "Test Admin"], folder)
    assert (code, err) == (0, "")
    assert out.startswith("Your PeerDesk data is now encrypted.")
    assert len(RECOVERY_KEY.findall(out)) == 1
    # the copy kept first is encrypted too: no readable byte of the data is left
    written = [folder / DB_NAME, *(folder / "backups").iterdir()]
    assert len(written) == 2
    for path in written:
        raw = path.read_bytes()
        assert "Zoë Łukasiewicz".encode() not in raw and b"SQLite format 3" not in raw
    code, out, err = run(["check"], folder)
    assert (code, err) == (0, "")
    assert "people: 1\n" in out


def test_setup_on_a_read_only_file_writes_no_key_file(
    tmp_path: Path, template_database: Path
) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    shutil.copyfile(template_database, folder / DB_NAME)
    (folder / DB_NAME).chmod(0o444)
    try:
        before = sha256(folder / DB_NAME)
        code, out, err = run(["setup"], folder)
        assert (code, out) == (1, "")
        assert err.count("\n") == 1 and "is read-only" in err and "make it writable" in err
        # no key file for data it could not encrypt (nor a recovery key nobody saw)
        assert files_in(folder) == {DB_NAME}
        assert sha256(folder / DB_NAME) == before
    finally:
        (folder / DB_NAME).chmod(0o644)


# -- the access rules, with the demo accounts --------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-accounts") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring, "DERIVATION", FAST_KEYS)
        patch.setenv("PEERDESK_USER", ADMIN)
        patch.setenv("PEERDESK_PASSWORD", ADMIN_PASSWORD)
        code, out, err = run(["demo", "--staff", "20", "--months", "3"], folder)
    assert code == 0, err
    assert "manager (manager), supervisor1 (supervisor), supervisor2 (supervisor)" in out
    return folder


@pytest.fixture
def demo_dir(tmp_path: Path, demo_template: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


@dataclass(frozen=True)
class People:
    own: tuple[int, str]  # someone supervisor1 supervises
    other: tuple[int, str]  # someone they do not (nor are they themselves)


@pytest.fixture
def people(demo_dir: Path) -> People:
    with reading(demo_dir / DB_NAME, data_key(demo_dir)) as conn:
        (staff_id,) = conn.execute(
            "SELECT staff_id FROM user_account WHERE username = 'supervisor1'"
        ).fetchone()
        rows = conn.execute(
            "SELECT id, full_name, supervisor_id FROM staff_member ORDER BY id"
        ).fetchall()
    assert staff_id is not None
    own = [(i, n) for i, n, s in rows if s == staff_id]
    other = [(i, n) for i, n, s in rows if s != staff_id and i != staff_id]
    assert own and other
    return People(own=own[0], other=other[0])


def run_as(
    monkeypatch: pytest.MonkeyPatch, user: str, argv: list[str], folder: Path
) -> tuple[int, str, str]:
    """The command with ``--user`` after it, and that user's password."""
    monkeypatch.setenv("PEERDESK_PASSWORD", PASSWORDS[user])
    return run([*argv, "--user", user], folder)


def test_only_an_administrator_exports_everything_held_about_a_person(
    demo_dir: Path, tmp_path: Path, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    sar = tmp_path / "sar"
    sar.mkdir()
    argv = ["export", "person", "--staff", str(people.own[0]), "--out", str(sar)]
    for user in ("supervisor1", "manager"):
        assert_refused(
            run_as(monkeypatch, user, argv, demo_dir),
            "Only administrators can export everything held about a person.",
        )
        assert files_in(sar) == set()
    code, out, err = run_as(monkeypatch, ADMIN, argv, demo_dir)
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote everything held about {people.own[1]} to:")
    assert sorted(p.suffix for p in sar.iterdir()) == [".json", ".pdf"]


def test_a_supervisor_cannot_make_the_trustee_report(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "trustees.pdf"
    argv = ["export", "trustee-report", "--from", "2026-01-01", "--to", "2026-03-31"]
    assert_refused(
        run_as(monkeypatch, "supervisor1", [*argv, "--out", str(report)], demo_dir),
        "Only managers and administrators can make the trustee report.",
    )
    assert not report.exists()
    for user in ("manager", ADMIN):
        code, out, err = run_as(monkeypatch, user, [*argv, "--out", str(report)], demo_dir)
        assert (code, err) == (0, ""), user
        assert out.endswith(f" to {report}.\n")
        assert PdfReader(report).pages


def test_only_an_administrator_backs_up_or_restores(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setenv("PEERDESK_PASSWORD", DEMO_PASSWORD)
    # --user before the command this time
    assert_refused(
        run(["--user", "manager", "backup"], demo_dir),
        "Only administrators can see or make backups.",
    )
    assert_refused(
        run(["--user", "manager", "backup", "--out", str(usb)], demo_dir),
        "Only administrators can see or make backups.",
    )
    assert not (demo_dir / "backups").exists() and files_in(usb) == set()

    code, _out, err = run_as(monkeypatch, ADMIN, ["backup", "--out", str(usb)], demo_dir)
    assert (code, err) == (0, "")
    (copy,) = usb.iterdir()

    key, data = data_key(demo_dir), demo_dir / DB_NAME
    before, trail = data_rows(data, key), audit_actions(data, key)
    code, _out, err = run_as(monkeypatch, "manager", ["restore", str(copy), "--yes"], demo_dir)
    assert code == 1
    assert err == "peerdesk: Only administrators can restore a backup.\n"
    assert data_rows(data, key) == before
    assert audit_actions(data, key) == [*trail, "signed in", "signed out"]
    assert not (demo_dir / "backups").exists()


def test_a_supervisor_cannot_import_staff(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_file = tmp_path / "staff.csv"
    csv_file.write_text(
        "Name,Job title,Role category,Employment type,Start date\n"
        "Kim Hall,Peer worker,Peer worker,Permanent,2024-01-08\n",
        encoding="utf-8",
    )
    key, data = data_key(demo_dir), demo_dir / DB_NAME
    before = data_rows(data, key)
    assert_refused(
        run_as(monkeypatch, "supervisor1", ["import", "staff", str(csv_file)], demo_dir),
        "Only managers and administrators can import staff.",
    )
    assert data_rows(data, key) == before
    code, out, err = run_as(monkeypatch, ADMIN, ["import", "staff", str(csv_file)], demo_dir)
    assert (code, err) == (0, "")
    assert "Imported 1 person." in out


def test_a_supervisor_exports_the_supervision_record_of_their_own_supervisees_only(
    demo_dir: Path, tmp_path: Path, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "record.pdf"

    def export(user: str, person: tuple[int, str]) -> tuple[int, str, str]:
        argv = ["export", "supervision-record", "--staff", str(person[0]), "--out", str(pdf)]
        return run_as(monkeypatch, user, argv, demo_dir)

    other_id, other_name = people.other
    assert_refused(
        export("supervisor1", people.other),
        f"Only {other_name}, their supervisor, a manager or an administrator can read "
        f"{possessive(other_name)} supervision records.",
    )
    assert not pdf.exists()

    code, out, err = export("supervisor1", people.own)
    assert (code, err) == (0, "")
    assert out == f"Wrote {people.own[1]}'s supervision record to {pdf}.\n"
    assert people.own[1] in "".join(page.extract_text() for page in PdfReader(pdf).pages)

    pdf.unlink()
    code, out, err = export(ADMIN, people.other)
    assert (code, err) == (0, "")
    assert out == f"Wrote {other_name}'s supervision record to {pdf}.\n"
    assert pdf.exists()
    assert other_id != people.own[0]


# -- the audit trail ---------------------------------------------------------------------------


def test_the_trail_records_each_commands_sign_in_and_export(
    demo_dir: Path, tmp_path: Path, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    with signed_in(demo_dir) as (signed, services):
        newest = services.audit.entries(signed.actor, limit=1)[0].id
    pdf = tmp_path / "record.pdf"
    argv = ["export", "supervision-record", "--staff", str(people.own[0]), "--out", str(pdf)]
    assert run_as(monkeypatch, "supervisor1", argv, demo_dir)[0] == 0
    sar = tmp_path / "sar"
    sar.mkdir()
    refused = ["export", "person", "--staff", str(people.own[0]), "--out", str(sar)]
    assert run_as(monkeypatch, "supervisor1", refused, demo_dir)[0] == 1

    with signed_in(demo_dir) as (signed, services):
        entries = services.audit.entries(signed.actor)
        supervisor = next(
            u for u in services.accounts.users(signed.actor) if u.username == "supervisor1"
        )
    reader = signed.actor.display_name
    new = [e for e in reversed(entries) if e.id > newest]
    assert [(e.action, e.actor_name) for e in new] == [
        ("signed out", reader),  # the look at the trail before
        ("signed in", supervisor.display_name),  # the export
        ("export", supervisor.display_name),
        ("signed out", supervisor.display_name),
        ("signed in", supervisor.display_name),  # the refused export: nothing exported
        ("signed out", supervisor.display_name),
        ("signed in", reader),  # this look
    ]
    assert {e.actor_role for e in new[1:-1]} == {"supervisor"}
    export = new[2]
    assert export.details["report"] == "supervision-record"
    assert export.details["staff_id"] == people.own[0]
    assert export.details["file"] == "record.pdf"
    assert new[1].details["user"] == "supervisor1"
