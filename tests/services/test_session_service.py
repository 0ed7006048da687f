"""SessionService: recording one-to-ones, sign-off and locking, amendments, confidential
notes, history and drafts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import SessionDetails, SignOffState
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import ValidationError
from peerdesk.services.action_service import ActionService
from peerdesk.services.actor import AccessDenied, Actor, Role
from peerdesk.services.bundle import Services
from peerdesk.services.errors import Conflict, NotFound
from peerdesk.services.session_service import (
    SessionRecord,
    SessionRecordForSupervisee,
    SessionService,
    can_read_confidential,
)
from peerdesk.store.database import Database
from peerdesk.store.models import SessionDraft
from tests.conftest import TODAY
from tests.ui.app_fixtures import add_person

SUPERVISOR = Actor(user_id=5, display_name="Sam Supervisor", role=Role.SUPERVISOR)
MANAGER = Actor(user_id=6, display_name="Mo Manager", role=Role.MANAGER)
SECRET = "Disclosed a relapse; keep an eye on it"
START = dt.date(2023, 4, 3)  # add_person's default start date


class Clock:
    """An aware UTC clock that moves on a minute each time it is read."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.moment += dt.timedelta(minutes=1)
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(database: Database, clock: Clock) -> SessionService:
    return SessionService(database.sessions, today=lambda: TODAY, now=clock)


@pytest.fixture
def actions(database: Database, clock: Clock) -> ActionService:
    return ActionService(database.sessions, today=lambda: TODAY, now=clock)


@pytest.fixture
def people(services: Services, admin: Actor) -> dict[str, int]:
    boss = add_person(services, admin, "Amara Okafor", job_title="Service manager")
    zoe = add_person(services, admin, "Zoë Łukasiewicz", supervisor_id=boss.id)
    ben = add_person(services, admin, "Ben Carter", supervisor_id=boss.id)
    return {"boss": boss.id, "zoe": zoe.id, "ben": ben.id}


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
        workload="Twelve people on the caseload.",
        boundaries="Met a former peer from the programme at the hub.",
        reflective_practice="Talked through a hard group.",
        learning="Wants the trauma-informed course.",
        achievements="Ran the group alone.",
        other="",
        agreed_record="Reduce caseload to ten; book the course.",
        confidential_notes=SECRET,
    )
    return replace(base, **changes)


def cancelled(people: dict[str, int], **changes: Any) -> SessionDetails:
    base = SessionDetails(
        supervisee_id=people["zoe"],
        supervisor_id=people["boss"],
        session_date=dt.date(2026, 6, 3),
        session_type=SessionType.LINE_MANAGEMENT,
        mode=SessionMode.PHONE,
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISEE,
        outcome_reason="Unwell on the day",
    )
    return replace(base, **changes)


def fields_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def signed(service: SessionService, admin: Actor, session_id: int) -> SessionRecord:
    service.sign_as_supervisor(admin, session_id, "Amara Okafor")
    return service.sign_as_supervisee(admin, session_id, "Zoë Łukasiewicz", "Fair record.")


@contextmanager
def counting_selects(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


# -- recording ----------------------------------------------------------------------------


def test_create_and_get_round_trip(
    service: SessionService, admin: Actor, people: dict[str, int], clock: Clock
) -> None:
    record = service.create_session(admin, held(people))
    assert record == service.get_session(admin, record.id)
    assert record.details() == held(people)
    assert record.supervisee_name == "Zoë Łukasiewicz"
    assert record.supervisor_name == "Amara Okafor"
    assert record.confidential_notes == SECRET
    assert record.sign_off.state is SignOffState.UNSIGNED
    assert record.amendments == ()
    assert record.created_by == "Administrator"
    assert record.created_at == record.updated_at == clock.moment


def test_create_cleans_the_text(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(
        admin, held(people, agreed_record="  Agreed.\r\n  ", wellbeing_words=" a \n b ")
    )
    assert record.agreed_record == "Agreed."
    assert record.wellbeing_words == "a b"


def test_each_bad_field_is_reported(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as exc:
        service.create_session(
            admin,
            held(
                people,
                session_date=TODAY + dt.timedelta(days=1),
                wellbeing_score=7,
                duration_minutes=0,
                supervisor_id=people["zoe"],
            ),
        )
    assert fields_of(exc) == {
        "session_date",
        "wellbeing_score",
        "duration_minutes",
        "supervisor_id",
    }


def test_today_is_a_valid_date(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    assert service.create_session(admin, held(people, session_date=TODAY)).session_date == TODAY


def test_no_session_before_the_supervisee_started(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as exc:
        service.create_session(admin, held(people, session_date=START - dt.timedelta(days=1)))
    assert "before the person started (03 April 2023)" in (
        exc.value.message_for("session_date") or ""
    )
    assert service.create_session(admin, held(people, session_date=START)).session_date == START


def test_supervisee_and_supervisor_must_be_in_the_register(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as exc:
        service.create_session(admin, held(people, supervisee_id=9999, supervisor_id=9998))
    assert fields_of(exc) == {"supervisee_id", "supervisor_id"}


def test_supervisor_outside_the_register(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people, supervisor_id=None))
    assert (record.supervisor_id, record.supervisor_name) == (None, "")


def test_cancelled_session_needs_a_reason_and_has_no_wellbeing_score(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as exc:
        service.create_session(
            admin, cancelled(people, outcome_reason="", wellbeing_score=2, workload="busy")
        )
    assert fields_of(exc) == {"outcome_reason", "wellbeing_score", "workload"}
    record = service.create_session(admin, cancelled(people))
    assert record.outcome is SessionOutcome.CANCELLED_BY_SUPERVISEE
    assert record.outcome_reason == "Unwell on the day"


def test_missing_session(service: SessionService, admin: Actor) -> None:
    with pytest.raises(NotFound):
        service.get_session(admin, 424242)
    with pytest.raises(NotFound):
        service.record_for_supervisee(admin, 424242)


def test_update_while_unsigned(
    service: SessionService, admin: Actor, people: dict[str, int], clock: Clock
) -> None:
    record = service.create_session(admin, held(people))
    changed = service.update_session(
        admin, record.id, held(people, workload="Eleven now.", duration_minutes=45)
    )
    assert (changed.workload, changed.duration_minutes) == ("Eleven now.", 45)
    assert changed.updated_at == clock.moment > record.updated_at
    assert changed.created_at == record.created_at
    assert service.get_session(admin, record.id) == changed


def test_update_validates(service: SessionService, admin: Actor, people: dict[str, int]) -> None:
    record = service.create_session(admin, held(people))
    with pytest.raises(ValidationError):
        service.update_session(admin, record.id, held(people, wellbeing_score=0))
    assert service.get_session(admin, record.id).wellbeing_score == 4
    with pytest.raises(NotFound):
        service.update_session(admin, 424242, held(people))


def test_writes_need_the_supervisor_role(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(AccessDenied):
        service.create_session(MANAGER, held(people, confidential_notes=""))
    # the supervisee's own supervisor (a supervisor linked to the boss's staff record)
    their_supervisor = replace(SUPERVISOR, staff_id=people["boss"])
    record = service.create_session(their_supervisor, held(people, confidential_notes=""))
    for call in (
        lambda: service.update_session(MANAGER, record.id, held(people, confidential_notes="")),
        lambda: service.sign_as_supervisor(MANAGER, record.id, "M"),
        lambda: service.sign_as_supervisee(MANAGER, record.id, "M", ""),
        lambda: service.amend(MANAGER, record.id, "workload", "x", "y", "M"),
        lambda: service.save_draft(MANAGER, people["zoe"], None, {}),
        lambda: service.discard_draft(MANAGER, people["zoe"]),
    ):
        with pytest.raises(AccessDenied):
            call()


# -- sign-off and locking -----------------------------------------------------------------


def test_supervisor_signs_then_supervisee_which_locks(
    service: SessionService, admin: Actor, people: dict[str, int], clock: Clock
) -> None:
    record = service.create_session(admin, held(people))
    first = service.sign_as_supervisor(admin, record.id, "  Amara   Okafor ")
    assert first.sign_off.state is SignOffState.AWAITING_SUPERVISEE
    assert not first.sign_off.locked
    assert first.sign_off.supervisor_signed_by == "Amara Okafor"
    assert first.sign_off.supervisor_signed_at == clock.moment
    assert first.sign_off.supervisee_signed_at is None
    supervisor_time = clock.moment

    second = service.sign_as_supervisee(admin, record.id, "Zoë Łukasiewicz", " Fair record. ")
    sign_off = second.sign_off
    assert sign_off.state is SignOffState.SIGNED
    assert sign_off.locked
    assert sign_off.supervisor_signed_at == supervisor_time
    assert sign_off.supervisee_signed_by == "Zoë Łukasiewicz"
    assert sign_off.supervisee_signed_at == clock.moment
    assert sign_off.supervisee_signed_at is not None
    assert sign_off.supervisee_signed_at.tzinfo is not None
    assert second.supervisee_comment == "Fair record."
    assert service.get_session(admin, record.id).sign_off == sign_off


def test_supervisee_cannot_sign_first(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    with pytest.raises(Conflict):
        service.sign_as_supervisee(admin, record.id, "Zoë", "")
    assert service.get_session(admin, record.id).sign_off.state is SignOffState.UNSIGNED


def test_nobody_signs_twice(service: SessionService, admin: Actor, people: dict[str, int]) -> None:
    record = service.create_session(admin, held(people))
    service.sign_as_supervisor(admin, record.id, "Amara")
    with pytest.raises(Conflict):
        service.sign_as_supervisor(admin, record.id, "Someone else")
    service.sign_as_supervisee(admin, record.id, "Zoë", "")
    with pytest.raises(Conflict):
        service.sign_as_supervisee(admin, record.id, "Zoë again", "")
    assert service.get_session(admin, record.id).sign_off.supervisor_signed_by == "Amara"


def test_held_session_needs_an_agreed_record_to_sign(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people, agreed_record=""))
    with pytest.raises(ValidationError) as exc:
        service.sign_as_supervisor(admin, record.id, "Amara")
    assert fields_of(exc) == {"agreed_record"}
    assert service.get_session(admin, record.id).sign_off.state is SignOffState.UNSIGNED


def test_signer_name_is_required(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    with pytest.raises(ValidationError):
        service.sign_as_supervisor(admin, record.id, "   ")
    with pytest.raises(NotFound):
        service.sign_as_supervisor(admin, 424242, "Amara")


def test_empty_comment_at_signing_keeps_the_comment_already_there(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people, supervisee_comment="Said in the room."))
    service.sign_as_supervisor(admin, record.id, "Amara")
    assert (
        service.sign_as_supervisee(admin, record.id, "Zoë", "  ").supervisee_comment
        == "Said in the room."
    )


def test_cancelled_session_is_locked_by_the_supervisor_alone(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, cancelled(people))
    locked = service.sign_as_supervisor(admin, record.id, "Amara")
    assert locked.sign_off.state is SignOffState.SIGNED
    assert locked.sign_off.locked
    with pytest.raises(Conflict):
        service.sign_as_supervisee(admin, record.id, "Zoë", "")
    with pytest.raises(Conflict):
        service.update_session(admin, record.id, cancelled(people, outcome_reason="Other"))


def test_update_after_any_signature_is_a_conflict(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    service.sign_as_supervisor(admin, record.id, "Amara")
    with pytest.raises(Conflict):
        service.update_session(admin, record.id, held(people, workload="changed"))
    service.sign_as_supervisee(admin, record.id, "Zoë", "")
    with pytest.raises(Conflict):
        service.update_session(admin, record.id, held(people, workload="changed"))
    assert service.get_session(admin, record.id).workload == "Twelve people on the caseload."


# -- amendments ---------------------------------------------------------------------------


def test_unsigned_record_is_edited_not_amended(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    with pytest.raises(Conflict):
        service.amend(admin, record.id, "workload", "new", "typo", "Amara")


def test_amendment_keeps_the_original_with_who_when_and_why(
    service: SessionService, admin: Actor, people: dict[str, int], clock: Clock
) -> None:
    record = service.create_session(admin, held(people))
    signed(service, admin, record.id)
    amended = service.amend(
        admin, record.id, "agreed_record", "  Reduce caseload to nine. ", " Misheard ", "Amara"
    )
    assert amended.agreed_record == "Reduce caseload to nine."
    (amendment,) = amended.amendments
    assert amendment.field == "agreed_record"
    assert amendment.field_label == "Agreed record"
    assert amendment.original_text == "Reduce caseload to ten; book the course."
    assert amendment.new_text == "Reduce caseload to nine."
    assert amendment.reason == "Misheard"
    assert amendment.amended_by == "Amara"
    assert amendment.amended_at == clock.moment
    assert amended.updated_at == clock.moment
    # still signed and locked: the amendment is on the record, not a silent change
    assert amended.sign_off.locked
    assert service.get_session(admin, record.id) == amended


def test_amendments_are_listed_in_order(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    signed(service, admin, record.id)
    service.amend(admin, record.id, "workload", "Eleven.", "Recount", "Amara")
    service.amend(admin, record.id, "wellbeing_words", "Tired", "Her words", "Zoë")
    service.amend(admin, record.id, "workload", "Ten.", "Recount again", "Amara")
    amendments = service.get_session(admin, record.id).amendments
    assert [(a.field, a.original_text, a.new_text) for a in amendments] == [
        ("workload", "Twelve people on the caseload.", "Eleven."),
        ("wellbeing_words", "Tired but hopeful", "Tired"),
        ("workload", "Eleven.", "Ten."),
    ]
    assert amendments[0].amended_at < amendments[1].amended_at < amendments[2].amended_at
    assert service.record_for_supervisee(admin, record.id).amendments == amendments


@pytest.mark.parametrize(
    "field",
    ["session_date", "supervisor_id", "supervisee_id", "outcome", "confidential_notes", "mode"],
)
def test_dates_people_and_outcome_cannot_be_amended(
    service: SessionService, admin: Actor, people: dict[str, int], field: str
) -> None:
    record = service.create_session(admin, held(people))
    signed(service, admin, record.id)
    with pytest.raises(ValidationError) as exc:
        service.amend(admin, record.id, field, "2026-06-01", "wrong", "Amara")
    assert fields_of(exc) == {"field"}
    assert service.get_session(admin, record.id).amendments == ()


def test_amendment_needs_a_reason_and_changes_nothing_without_one(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    before = signed(service, admin, record.id)
    with pytest.raises(ValidationError) as exc:
        service.amend(admin, record.id, "workload", "Eleven.", "  ", "Amara")
    assert fields_of(exc) == {"reason"}
    assert service.get_session(admin, record.id) == before


def test_every_written_part_can_be_amended(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    signed(service, admin, record.id)
    for field in ("wellbeing", "boundaries", "reflective_practice", "learning", "achievements"):
        service.amend(admin, record.id, field, f"new {field}", "clarify", "Amara")
    service.amend(admin, record.id, "other", "Something else", "added", "Amara")
    service.amend(admin, record.id, "supervisee_comment", "Changed my mind", "hers", "Zoë")
    after = service.get_session(admin, record.id)
    assert after.learning == "new learning"
    assert after.other == "Something else"
    assert after.supervisee_comment == "Changed my mind"
    assert len(after.amendments) == 7


def test_supervisee_comment_on_a_cancelled_session_is_an_amendment(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, cancelled(people))
    service.sign_as_supervisor(admin, record.id, "Amara")
    with pytest.raises(ValidationError):
        service.amend(admin, record.id, "workload", "busy", "add", "Amara")
    amended = service.amend(admin, record.id, "supervisee_comment", "I was ill", "added", "Zoë")
    assert amended.supervisee_comment == "I was ill"


# -- confidential notes -------------------------------------------------------------------


def test_supervisee_view_has_no_confidential_notes(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    signed(service, admin, record.id)
    view = service.record_for_supervisee(admin, record.id)
    assert isinstance(view, SessionRecordForSupervisee)
    assert not hasattr(view, "confidential_notes")
    assert "confidential_notes" not in {f.name for f in dataclasses.fields(view)}
    assert SECRET not in repr(view)
    assert "relapse" not in repr(view)
    assert view.agreed_record == record.agreed_record
    assert view.sign_off.locked


def test_record_repr_never_carries_the_notes(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    assert record.confidential_notes == SECRET
    assert SECRET not in repr(record)


@pytest.mark.parametrize("who", ["manager", "the supervisee"])
def test_others_do_not_get_confidential_notes(
    service: SessionService, admin: Actor, people: dict[str, int], who: str
) -> None:
    # an unlinked supervisor may not read the record at all: see test_access_rules
    actor = MANAGER if who == "manager" else replace(SUPERVISOR, staff_id=people["zoe"])
    record = service.create_session(admin, held(people))
    view = service.get_session(actor, record.id)
    assert view.confidential_notes is None
    assert view.agreed_record == record.agreed_record
    assert SECRET not in repr(view)
    with pytest.raises(AccessDenied):
        service.confidential_notes(actor, record.id)
    with pytest.raises(AccessDenied):
        service.history(actor, people["zoe"], include_confidential=True)
    (summary,) = service.history(actor, people["zoe"], include_confidential=False)
    assert summary.confidential_notes is None
    assert service.confidential_notes(admin, record.id) == SECRET


def test_who_may_read_confidential_notes(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    boss = people["boss"]
    assert can_read_confidential(admin, record, boss)
    assert not can_read_confidential(MANAGER, record, boss)
    assert not can_read_confidential(SUPERVISOR, record, boss)  # not linked to a staff record
    assert can_read_confidential(replace(SUPERVISOR, staff_id=boss), record, boss)
    # the supervisor who held the session, and the current one after a change of supervisor
    assert can_read_confidential(replace(SUPERVISOR, staff_id=boss), record, people["ben"])
    assert can_read_confidential(replace(MANAGER, staff_id=people["ben"]), record, people["ben"])
    assert not can_read_confidential(replace(SUPERVISOR, staff_id=people["ben"]), record, boss)
    assert not can_read_confidential(replace(MANAGER, staff_id=people["zoe"]), record, boss)


def test_someone_who_cannot_read_the_notes_cannot_overwrite_them(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    # Only an administrator or the current supervisor writes a record, and both may read
    # its notes: anyone else (here a supervisor linked to no staff record) is refused.
    record = service.create_session(admin, held(people))
    as_seen = service.get_session(MANAGER, record.id)
    assert as_seen.confidential_notes is None
    for details in (
        replace(as_seen.details(), workload="Eleven."),
        replace(as_seen.details(), confidential_notes="mine"),
    ):
        for actor in (SUPERVISOR, MANAGER):
            with pytest.raises(AccessDenied):
                service.update_session(actor, record.id, details)
    with pytest.raises(AccessDenied):
        service.create_session(SUPERVISOR, held(people))
    after = service.get_session(admin, record.id)
    assert (after.workload, after.confidential_notes) == (record.workload, SECRET)


# -- history ------------------------------------------------------------------------------


def test_history_newest_first_with_state_and_open_actions(
    service: SessionService, actions: ActionService, admin: Actor, people: dict[str, int]
) -> None:
    old = service.create_session(admin, held(people, session_date=dt.date(2026, 5, 1)))
    missed = service.create_session(admin, cancelled(people))
    new = service.create_session(
        admin, held(people, session_date=dt.date(2026, 6, 10), session_type=SessionType.CLINICAL)
    )
    service.create_session(admin, held(people, supervisee_id=people["ben"]))
    kept = actions.add(admin, old.id, "Book the course", people["zoe"], None)
    done = actions.add(admin, old.id, "Read the policy", None, None)
    actions.add(admin, new.id, "Try the rota", None, None)
    actions.close(admin, done.id, ActionStatus.DONE, new.id, "")
    signed(service, admin, old.id)
    service.amend(admin, old.id, "workload", "Eleven.", "Recount", "Amara")
    service.sign_as_supervisor(admin, new.id, "Amara")

    history = service.history(admin, people["zoe"], include_confidential=False)
    assert [s.id for s in history] == [new.id, missed.id, old.id]
    newest, middle, oldest = history
    assert newest.session_type is SessionType.CLINICAL
    assert newest.sign_off_state is SignOffState.AWAITING_SUPERVISEE
    assert (newest.open_actions, newest.amendments) == (1, 0)
    assert middle.outcome is SessionOutcome.CANCELLED_BY_SUPERVISEE
    assert middle.sign_off_state is SignOffState.UNSIGNED
    assert middle.open_actions == 0
    assert oldest.sign_off_state is SignOffState.SIGNED
    assert (oldest.open_actions, oldest.amendments) == (1, 1)
    assert oldest.supervisor_name == "Amara Okafor"
    assert all(s.confidential_notes is None for s in history)
    assert kept.id in {a.id for a in actions.open_actions(admin, people["zoe"])}

    with_notes = service.history(admin, people["zoe"], include_confidential=True)
    assert [s.confidential_notes for s in with_notes] == [SECRET, "", SECRET]


def test_history_of_nobody(service: SessionService, admin: Actor, people: dict[str, int]) -> None:
    assert service.history(admin, people["ben"], include_confidential=True) == []
    with pytest.raises(NotFound):
        service.history(admin, 424242, include_confidential=False)


def test_history_reads_in_two_queries_whatever_its_length(
    service: SessionService,
    actions: ActionService,
    admin: Actor,
    people: dict[str, int],
    database: Database,
) -> None:
    for day in range(1, 25):
        record = service.create_session(
            admin, held(people, session_date=dt.date(2026, 5, day), confidential_notes="")
        )
        actions.add(admin, record.id, f"Action {day}", None, None)
    with counting_selects(database.engine) as selects:
        history = service.history(admin, people["zoe"], include_confidential=True)
    assert len(history) == 24
    assert all(s.open_actions == 1 for s in history)
    assert len(reads(selects)) <= 2
    with counting_selects(database.engine) as selects:
        service.get_session(admin, history[0].id)
    assert len(reads(selects)) <= 2


def reads(selects: list[str]) -> list[str]:
    """The queries that read the record, leaving out the audit trail's (each view of a
    record is recorded there, which reads the previous entry's hash)."""
    return [s for s in selects if "audit_event" not in s]


# -- moving a session ---------------------------------------------------------------------


def test_moving_an_unsigned_session_moves_its_actions(
    service: SessionService, actions: ActionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    action = actions.add(admin, record.id, "Book the course", None, None)
    service.update_session(admin, record.id, held(people, supervisee_id=people["ben"]))
    assert actions.open_actions(admin, people["zoe"]) == []
    assert [a.id for a in actions.open_actions(admin, people["ben"])] == [action.id]
    assert service.history(admin, people["ben"], include_confidential=False)[0].open_actions == 1


# -- drafts -------------------------------------------------------------------------------


def draft_rows(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count(SessionDraft.id))) or 0


def test_draft_is_saved_replaced_and_discarded(
    service: SessionService,
    admin: Actor,
    people: dict[str, int],
    clock: Clock,
    database: Database,
) -> None:
    assert service.draft_for(admin, people["zoe"]) is None
    first = service.save_draft(admin, people["zoe"], None, {"workload": "Twel", "score": 4})
    assert first.payload == {"workload": "Twel", "score": 4}
    assert first.saved_at == clock.moment
    second = service.save_draft(admin, people["zoe"], None, {"workload": "Twelve people"})
    found = service.draft_for(admin, people["zoe"])
    assert found == second
    assert found is not None
    assert found.payload == {"workload": "Twelve people"}
    assert found.saved_at > first.saved_at
    assert draft_rows(database) == 1
    assert service.discard_draft(admin, people["zoe"]) is True
    assert service.draft_for(admin, people["zoe"]) is None
    assert service.discard_draft(admin, people["zoe"]) is False


def test_drafts_are_kept_per_supervisee(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    service.save_draft(admin, people["zoe"], None, {"who": "zoe"})
    service.save_draft(admin, people["ben"], None, {"who": "ben"})
    zoe, ben = service.draft_for(admin, people["zoe"]), service.draft_for(admin, people["ben"])
    assert zoe is not None and ben is not None
    assert (zoe.payload["who"], ben.payload["who"]) == ("zoe", "ben")


def test_saving_the_session_discards_the_draft(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    service.save_draft(admin, people["zoe"], None, {"workload": "Twelve"})
    service.save_draft(admin, people["ben"], None, {"workload": "Three"})
    record = service.create_session(admin, held(people))
    assert service.draft_for(admin, people["zoe"]) is None
    assert service.draft_for(admin, people["ben"]) is not None  # someone else's stays

    service.save_draft(admin, people["zoe"], record.id, {"workload": "Eleven"})
    assert service.draft_for(admin, people["zoe"]) is not None
    service.update_session(admin, record.id, held(people, workload="Eleven"))
    assert service.draft_for(admin, people["zoe"]) is None


def test_a_failed_save_keeps_the_draft(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    service.save_draft(admin, people["zoe"], None, {"workload": "Twelve"})
    with pytest.raises(ValidationError):
        service.create_session(admin, held(people, wellbeing_score=9))
    assert service.draft_for(admin, people["zoe"]) is not None


def test_draft_must_belong_to_its_supervisee(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    record = service.create_session(admin, held(people))
    with pytest.raises(Conflict):
        service.save_draft(admin, people["ben"], record.id, {})
    with pytest.raises(NotFound):
        service.save_draft(admin, 424242, None, {})
    with pytest.raises(NotFound):
        service.save_draft(admin, people["zoe"], 424242, {})


def test_drafts_may_hold_confidential_notes_so_managers_cannot_read_them(
    service: SessionService, admin: Actor, people: dict[str, int]
) -> None:
    service.save_draft(admin, people["zoe"], None, {"confidential_notes": SECRET})
    with pytest.raises(AccessDenied):
        service.draft_for(MANAGER, people["zoe"])
    draft = service.draft_for(admin, people["zoe"])
    assert draft is not None
    assert SECRET not in repr(draft)
