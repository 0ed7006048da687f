"""A worker that writes PeerDesk records for ever, for scripts/fault_injection.py to kill.

    PEERDESK_USER=NAME PEERDESK_PASSWORD=… \
    python scripts/fault_worker.py signoff|staff --data-dir DIR --start-seq N --today YYYY-MM-DD

It signs in to the (encrypted) data folder as the app does, with the user name and password
from PEERDESK_USER and PEERDESK_PASSWORD (the harness's own fictional account: never on the
command line, never in a file), and, in a loop, writes through that user's services
exactly as the app does. After each call returns (the unit of work is committed) it prints
one JSON line naming what was committed and flushes stdout, so that whoever reads the
lines knows which records must survive a SIGKILL at any moment.

The content of every record is a pure function of its sequence number (see the
``*_content`` functions below), so the checker can rebuild what each record must hold
without the worker sending it. The text is already clean (the services would store it as
given) and mixes scripts, right-to-left text and emoji.

Lines (one JSON object each):

- signoff: ``{"k": "people", "supervisee": ID, "supervisor": ID}``, then for each sequence
  number ``session`` (sid, seq), ``action`` (aid, sid, seq), ``supervisor_signed`` (sid),
  ``supervisee_signed`` (sid) and ``amended`` (sid).
- staff: ``team`` (id, seq) now and then, ``created`` (id, seq), ``updated`` (id, seq) and,
  for every third person, ``leaver`` (id, seq).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peerdesk.services.actor import Actor
    from peerdesk.services.bundle import Services

USER_VARIABLE = "PEERDESK_USER"  # as peerdesk.commands.signing_in reads them
PASSWORD_VARIABLE = "PEERDESK_PASSWORD"

# The organisation's people all start long before any session the worker records.
SUPERVISEE_START = dt.date(2000, 1, 3)
AMEND_REASON = "Corrected after the supervisee read it"
AMENDED_BY = "Fault Worker"


# -- what each record holds, from its sequence number ---------------------------------------


def session_content(seq: int, today: dt.date) -> dict[str, Any]:
    """The fields of supervision session ``seq`` as created (before any amendment)."""
    return {
        "session_date": today - dt.timedelta(days=seq % 365),
        "duration_minutes": 30 + seq % 90,
        "wellbeing_score": 1 + seq % 5,
        "wellbeing_words": f"Steady, session {seq} 🌱",
        "wellbeing": f"Wellbeing {seq}: sleeping better.\nWalks at lunch. 🚶",
        "workload": f"Workload {seq}: caseload of {seq % 17} people.",
        "boundaries": f"Boundaries {seq}: met a former peer in town; said hello only.",
        "reflective_practice": f"Reflection {seq}: שלום and مرحبا groups went well.",
        "learning": f"Learning {seq}: trauma-informed practice, module {seq % 7}.",
        "achievements": f"Achievements {seq}: ran the Tuesday group alone ✅",
        "other": f"Other {seq}: Zoë covers leave; Łukasz starts Monday.",
        "agreed_record": f"Agreed record {seq}: keep walking at lunch; book training 📚",
        "confidential_notes": f"Confidential {seq}: discussed a family matter.",
    }


def amended_agreed_record(seq: int) -> str:
    return f"Agreed record {seq} (amended): keep walking at lunch; training booked ✔"


def action_content(seq: int, today: dt.date) -> dict[str, Any]:
    session_date = session_content(seq, today)["session_date"]
    return {
        "description": f"Action {seq}: book the boundaries refresher 🗓",
        "due_date": session_date + dt.timedelta(days=14 + seq % 30),
    }


def signer_names(seq: int) -> tuple[str, str, str]:
    """The supervisor's signature, the supervisee's and the supervisee's comment."""
    return (
        f"Supervisor {seq} Ó'Brien",
        f"Supervisee {seq} Nguyễn",
        f"Comment {seq}: this is a fair record 👍",
    )


def staff_content(seq: int, version: int) -> dict[str, Any]:
    """The text and dates of staff member ``seq``: version 1 as created, 2 once updated."""
    start = dt.date(2001, 1, 1) + dt.timedelta(days=seq % 7000)
    common = {
        "full_name": f"Fault Person {seq} Ñúñez-O'Connor",
        "start_date": start,
    }
    if version == 1:
        return {
            **common,
            "preferred_name": f"Fp{seq}",
            "pronouns": "they/them",
            "job_title": f"Peer worker {seq % 13}",
            "hours_per_week": 37.5,
            "reasonable_adjustments": f"Adjustments {seq}: quiet room.\nLater starts 🌅",
            "wellbeing_notes": f"Notes {seq}: مرحبا בוקר טוב",
        }
    return {
        **common,
        "preferred_name": f"Fp{seq} (v2)",
        "pronouns": "she/her",
        "job_title": f"Senior peer worker {seq % 11}",
        "hours_per_week": 22.5,
        "reasonable_adjustments": f"Adjustments {seq} v2: screen reader; written agendas.",
        "wellbeing_notes": f"Notes {seq} v2: 😀 steady.\nSecond line.",
    }


def leaver_content(seq: int) -> tuple[dt.date, str]:
    start = staff_content(seq, 1)["start_date"]
    return start + dt.timedelta(days=400), f"Leaving {seq}: moved to Cardiff 🏴"


def team_name(seq: int) -> str:
    return f"Fault Team {seq} 🌍"


def erase_content(seq: int) -> dict[str, Any]:
    """A leaver for the erase loop: what they told us, which erasing must take away."""
    return {
        "full_name": f"Erase Person {seq}",
        "start_date": dt.date(2019, 1, 7),
        "end_date": dt.date(2020, 3, 31),
        "leaving_reason": f"Erase reason {seq}",
        "wellbeing_notes": f"Erase wellbeing note {seq}: told us in confidence",
        "reasonable_adjustments": f"Erase adjustment {seq}",
    }


ERASE_ABSENCE = (dt.date(2019, 6, 3), dt.date(2019, 6, 14))
# a second absence, erased on its own (one record) before the person is erased
ERASE_EXTRA_ABSENCE = (dt.date(2019, 9, 2), dt.date(2019, 9, 6))


def erase_absence_kind(seq: int) -> str:
    return f"Erase absence {seq}"


def erase_extra_absence_kind(seq: int) -> str:
    return f"Erase extra absence {seq}"


# -- the loops ---------------------------------------------------------------------------------


def signed_in(data_dir: Path, today: dt.date) -> tuple[Services, Actor]:
    """Sign in as PEERDESK_USER with PEERDESK_PASSWORD; the services and actor of that user.

    The worker is killed, never signs out: the key is gone with the process."""
    from peerdesk.services.bundle import services_for
    from peerdesk.services.sign_in import SignInService
    from peerdesk.store.database import database_path

    user = os.environ.get(USER_VARIABLE, "")
    password = os.environ.get(PASSWORD_VARIABLE)
    if not user or password is None:
        raise SystemExit(f"fault_worker: set {USER_VARIABLE} and {PASSWORD_VARIABLE} to sign in")
    signed = SignInService(database_path(data_dir)).sign_in(user, password)
    return services_for(signed, today=lambda: today), signed.actor


def report(**fields: Any) -> None:
    """One committed unit of work, as one JSON line, flushed at once."""
    sys.stdout.write(json.dumps(fields, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def run_signoff(data_dir: Path, start_seq: int, today: dt.date) -> None:
    from peerdesk.domain.enums import EmploymentType, RoleCategory, SessionMode, SessionType
    from peerdesk.domain.staff import StaffDetails
    from peerdesk.domain.supervision_record import SessionDetails

    services, actor = signed_in(data_dir, today)

    def person(name: str) -> int:
        return services.staff.create(
            actor,
            StaffDetails(
                full_name=name,
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                start_date=SUPERVISEE_START,
            ),
        ).id

    supervisee = person(f"Signoff Supervisee {start_seq}")
    supervisor = person(f"Signoff Supervisor {start_seq}")
    report(k="people", supervisee=supervisee, supervisor=supervisor)
    seq = start_seq
    while True:
        content = session_content(seq, today)
        record = services.supervision.create_session(
            actor,
            SessionDetails(
                supervisee_id=supervisee,
                supervisor_id=supervisor,
                session_type=SessionType.REFLECTIVE,
                mode=SessionMode.IN_PERSON,
                **content,
            ),
        )
        sid = record.id
        report(k="session", sid=sid, seq=seq)
        action = action_content(seq, today)
        view = services.actions.add(actor, sid, action["description"], None, action["due_date"])
        report(k="action", aid=view.id, sid=sid, seq=seq)
        by_supervisor, by_supervisee, comment = signer_names(seq)
        services.supervision.sign_as_supervisor(actor, sid, by_supervisor)
        report(k="supervisor_signed", sid=sid, seq=seq)
        services.supervision.sign_as_supervisee(actor, sid, by_supervisee, comment)
        report(k="supervisee_signed", sid=sid, seq=seq)
        services.supervision.amend(
            actor, sid, "agreed_record", amended_agreed_record(seq), AMEND_REASON, AMENDED_BY
        )
        report(k="amended", sid=sid, seq=seq)
        seq += 1


def run_staff(data_dir: Path, start_seq: int, today: dt.date) -> None:
    from peerdesk.domain.enums import EmploymentType, LivedExperience, RoleCategory
    from peerdesk.domain.staff import StaffDetails

    services, actor = signed_in(data_dir, today)
    team_id: int | None = None
    seq = start_seq
    while True:
        if seq % 10 == 0:
            team_id = services.teams.create(actor, team_name(seq)).id
            report(k="team", id=team_id, seq=seq)

        def details(version: int, *, seq: int = seq, team_id: int | None = team_id) -> Any:
            return StaffDetails(
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                team_id=team_id,
                lived_experience=LivedExperience.YES,
                counted_in_aggregates=True,
                **staff_content(seq, version),
            )

        created = services.staff.create(actor, details(1))
        report(k="created", id=created.id, seq=seq, team=team_id)
        services.staff.update(actor, created.id, details(2))
        report(k="updated", id=created.id, seq=seq)
        if seq % 3 == 0:
            end, reason = leaver_content(seq)
            services.staff.mark_leaver(actor, created.id, end, reason)
            report(k="leaver", id=created.id, seq=seq)
        seq += 1


def run_erase(data_dir: Path, start_seq: int, today: dt.date) -> None:
    from peerdesk.domain.enums import EmploymentType, RoleCategory
    from peerdesk.domain.retention import RecordKind
    from peerdesk.domain.staff import StaffDetails

    services, actor = signed_in(data_dir, today)
    seq = start_seq
    while True:
        person = services.staff.create(
            actor,
            StaffDetails(
                role_category=RoleCategory.PEER_WORKER,
                employment_type=EmploymentType.PERMANENT,
                **erase_content(seq),
            ),
        )
        first, last = ERASE_ABSENCE
        services.absences.add(actor, person.id, first, last, erase_absence_kind(seq))
        first, last = ERASE_EXTRA_ABSENCE
        services.absences.add(actor, person.id, first, last, erase_extra_absence_kind(seq))
        report(k="created", id=person.id, seq=seq)
        records = services.retention.records(actor, person.id, RecordKind.ABSENCES)
        (extra,) = [r for r in records if r.on == first]
        services.retention.erase_record(actor, person.id, extra)
        report(k="erased_one", id=person.id, seq=seq)
        services.retention.erase_person(actor, person.id)
        report(k="erased", id=person.id, seq=seq)
        seq += 1


RUNNERS = {"signoff": run_signoff, "staff": run_staff, "erase": run_erase}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=tuple(RUNNERS))
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--start-seq", type=int, default=0)
    parser.add_argument("--today", type=dt.date.fromisoformat, required=True)
    args = parser.parse_args(argv)
    RUNNERS[args.kind](args.data_dir, args.start_seq, args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
