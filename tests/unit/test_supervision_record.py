"""The rules a supervision record keeps: details, sign-off state, amendments and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from peerdesk.domain.enums import ActionStatus, SessionMode, SessionType
from peerdesk.domain.supervision_record import (
    AMENDABLE_FIELDS,
    SECTION_FIELDS,
    AmendmentText,
    SessionDetails,
    SignOffState,
    check_action,
    check_amendment,
    check_closing,
    check_comment,
    check_ready_for_supervisor,
    check_signer,
    normalise_session,
    sign_off_state,
)
from peerdesk.domain.supervision_schedule import SessionOutcome
from peerdesk.domain.validation import ValidationError

TODAY = dt.date(2026, 6, 15)
START = dt.date(2024, 1, 8)
NOT_HELD = [o for o in SessionOutcome if o is not SessionOutcome.HELD]


def details(**changes: Any) -> SessionDetails:
    base = SessionDetails(
        supervisee_id=1,
        supervisor_id=2,
        session_date=dt.date(2026, 6, 1),
        session_type=SessionType.REFLECTIVE,
        mode=SessionMode.IN_PERSON,
    )
    return replace(base, **changes)


def normalise(d: SessionDetails) -> SessionDetails:
    return normalise_session(d, today=TODAY, supervisee_start=START)


def errors_of(d: SessionDetails) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        normalise(d)
    return {e.field: e.message for e in exc.value.errors}


# -- a valid record -----------------------------------------------------------------------


def test_valid_held_session_comes_back_equal() -> None:
    d = details(
        duration_minutes=60,
        wellbeing_score=4,
        wellbeing_words="Tired but hopeful",
        workload="Caseload of 12",
        agreed_record="We agreed to reduce the caseload.",
        confidential_notes="Worried about housing.",
    )
    assert normalise(d) == d


def test_text_is_cleaned_and_one_line_words_are_collapsed() -> None:
    d = normalise(
        details(
            wellbeing_words="  tired \n  but   ok ",
            boundaries="  line one\r\nline two\x00  ",
            agreed_record="\tAgreed.  ",
            confidential_notes="  private  ",
        )
    )
    assert d.wellbeing_words == "tired but ok"
    assert d.boundaries == "line one\nline two"
    assert d.agreed_record == "Agreed."
    assert d.confidential_notes == "private"


def test_confidential_notes_are_not_in_the_repr() -> None:
    assert "Worried about housing" not in repr(details(confidential_notes="Worried about housing"))


# -- date -----------------------------------------------------------------------------------


def test_today_is_allowed() -> None:
    assert normalise(details(session_date=TODAY)).session_date == TODAY


def test_date_after_today_is_refused() -> None:
    errors = errors_of(details(session_date=TODAY + dt.timedelta(days=1)))
    assert list(errors) == ["session_date"]
    assert "after today" in errors["session_date"]


def test_date_is_required() -> None:
    assert errors_of(details(session_date=None)) == {
        "session_date": "Enter the date of the session."
    }


def test_date_before_the_supervisee_started_is_refused() -> None:
    errors = errors_of(details(session_date=START - dt.timedelta(days=1)))
    assert "before the person started" in errors["session_date"]
    assert normalise(details(session_date=START)).session_date == START


def test_start_date_is_not_checked_when_unknown() -> None:
    early = details(session_date=dt.date(2000, 1, 1))
    assert normalise_session(early, today=TODAY).session_date == dt.date(2000, 1, 1)


# -- people ---------------------------------------------------------------------------------


def test_a_person_cannot_supervise_themselves() -> None:
    assert errors_of(details(supervisor_id=1)) == {
        "supervisor_id": "A person cannot supervise themselves."
    }


def test_supervisor_may_be_outside_the_register() -> None:
    assert normalise(details(supervisor_id=None)).supervisor_id is None


# -- duration and wellbeing score -------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, -5, 601])
def test_duration_out_of_range(minutes: int) -> None:
    assert list(errors_of(details(duration_minutes=minutes))) == ["duration_minutes"]


@pytest.mark.parametrize("minutes", [1, 600])
def test_duration_limits_are_allowed(minutes: int) -> None:
    assert normalise(details(duration_minutes=minutes)).duration_minutes == minutes


@pytest.mark.parametrize("score", [0, 6, -1])
def test_wellbeing_score_out_of_range(score: int) -> None:
    errors = errors_of(details(wellbeing_score=score))
    assert errors == {"wellbeing_score": "The wellbeing score is from 1 to 5."}


@pytest.mark.parametrize("score", [1, 3, 5, None])
def test_wellbeing_score_in_range_or_none(score: int | None) -> None:
    assert normalise(details(wellbeing_score=score)).wellbeing_score == score


def test_a_bool_is_not_a_score() -> None:
    assert "wellbeing_score" in errors_of(details(wellbeing_score=True))


# -- sessions that did not happen -------------------------------------------------------------


@pytest.mark.parametrize("outcome", NOT_HELD)
def test_not_held_needs_a_reason(outcome: SessionOutcome) -> None:
    errors = errors_of(details(outcome=outcome, outcome_reason="   "))
    assert list(errors) == ["outcome_reason"]
    assert errors["outcome_reason"].startswith("Say why the session was")


def test_held_session_needs_no_reason() -> None:
    assert normalise(details(outcome_reason="")).outcome_reason == ""


def test_cancelled_session_with_reason_is_valid() -> None:
    d = details(
        outcome=SessionOutcome.CANCELLED_BY_SUPERVISEE,
        outcome_reason="Unwell",
        agreed_record="Rebook next week.",
        confidential_notes="Third cancellation.",
    )
    assert normalise(d) == d


def test_cancelled_session_cannot_carry_a_wellbeing_score() -> None:
    errors = errors_of(
        details(
            outcome=SessionOutcome.CANCELLED_BY_SUPERVISOR, outcome_reason="Ill", wellbeing_score=3
        )
    )
    assert errors == {"wellbeing_score": "A session that did not happen has no wellbeing score."}


def test_not_held_session_says_which_fields_must_be_empty() -> None:
    filled = {name: f"text for {name}" for name in (*SECTION_FIELDS, "wellbeing_words")}
    errors = errors_of(
        details(
            outcome=SessionOutcome.DID_NOT_ATTEND,
            outcome_reason="No show",
            duration_minutes=30,
            wellbeing_score=2,
            **filled,
        )
    )
    assert set(errors) == {*filled, "duration_minutes", "wellbeing_score"}
    assert "Workload and caseload" in errors["workload"]


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_of(
        details(
            supervisor_id=1,
            session_date=None,
            duration_minutes=0,
            wellbeing_score=9,
            agreed_record="x" * 20001,
        )
    )
    assert set(errors) == {
        "supervisor_id",
        "session_date",
        "duration_minutes",
        "wellbeing_score",
        "agreed_record",
    }


def test_long_words_are_refused() -> None:
    assert "wellbeing_words" in errors_of(details(wellbeing_words="w" * 501))


# -- sign-off -------------------------------------------------------------------------------


def test_held_session_needs_both_signatures() -> None:
    held = SessionOutcome.HELD
    assert sign_off_state(held, False, False) is SignOffState.UNSIGNED
    assert sign_off_state(held, True, False) is SignOffState.AWAITING_SUPERVISEE
    assert sign_off_state(held, True, True) is SignOffState.SIGNED
    assert not SignOffState.AWAITING_SUPERVISEE.locked
    assert SignOffState.SIGNED.locked


@pytest.mark.parametrize("outcome", NOT_HELD)
def test_not_held_session_is_locked_by_the_supervisor_alone(outcome: SessionOutcome) -> None:
    assert sign_off_state(outcome, False, False) is SignOffState.UNSIGNED
    assert sign_off_state(outcome, True, False) is SignOffState.SIGNED


def test_signer_name_is_required_and_cleaned() -> None:
    assert check_signer("  Amara   Okafor ") == "Amara Okafor"
    with pytest.raises(ValidationError) as exc:
        check_signer(" \t ")
    assert exc.value.message_for("signer_name") == "Enter the name of the person signing."


def test_held_session_needs_an_agreed_record_to_be_signed() -> None:
    with pytest.raises(ValidationError) as exc:
        check_ready_for_supervisor(SessionOutcome.HELD, "  \n ")
    assert exc.value.message_for("agreed_record") == "Write the agreed record before signing it."
    check_ready_for_supervisor(SessionOutcome.HELD, "Agreed.")
    check_ready_for_supervisor(SessionOutcome.DID_NOT_ATTEND, "")


def test_comment_is_cleaned_and_limited() -> None:
    assert check_comment("  thanks  ") == "thanks"
    with pytest.raises(ValidationError):
        check_comment("c" * 20001)


# -- amendments -------------------------------------------------------------------------------


def amend(
    outcome: SessionOutcome = SessionOutcome.HELD,
    field_name: str = "agreed_record",
    original_text: str = "Old text.",
    new_text: str = "New text.",
    reason: str = "Typo",
    amended_by: str = "Amara",
) -> AmendmentText:
    return check_amendment(outcome, field_name, original_text, new_text, reason, amended_by)


def amendment_errors(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        amend(**changes)
    return {e.field: e.message for e in exc.value.errors}


def test_valid_amendment_is_cleaned() -> None:
    result = check_amendment(
        SessionOutcome.HELD, "workload", "old", "  new\r\ntext ", "  typo ", " Amara  O "
    )
    assert (result.field, result.new_text, result.reason, result.amended_by) == (
        "workload",
        "new\ntext",
        "typo",
        "Amara O",
    )


@pytest.mark.parametrize(
    "field_name",
    ["session_date", "supervisor_id", "outcome", "confidential_notes", "duration_minutes", "x"],
)
def test_only_written_parts_can_be_amended(field_name: str) -> None:
    assert list(amendment_errors(field_name=field_name)) == ["field"]


def test_amendable_fields_are_the_text_of_the_record() -> None:
    assert set(AMENDABLE_FIELDS) == {
        "agreed_record",
        *SECTION_FIELDS,
        "wellbeing_words",
        "supervisee_comment",
    }


def test_amendment_needs_a_reason_and_a_name() -> None:
    errors = amendment_errors(reason=" ", amended_by="")
    assert errors == {
        "reason": "Say why the record is being amended.",
        "amended_by": "Enter the name of the person amending it.",
    }


def test_amendment_must_change_something() -> None:
    assert list(amendment_errors(new_text="  Old text. ")) == ["new_text"]


def test_held_session_keeps_an_agreed_record() -> None:
    assert amendment_errors(new_text="") == {"new_text": "A held session keeps an agreed record."}


def test_not_held_session_gets_no_section_text_by_amendment() -> None:
    errors = amendment_errors(
        outcome=SessionOutcome.DID_NOT_ATTEND, field_name="wellbeing", original_text=""
    )
    assert list(errors) == ["new_text"]
    # but its comment and agreed record can be amended
    amend(outcome=SessionOutcome.DID_NOT_ATTEND, field_name="supervisee_comment")
    amend(outcome=SessionOutcome.DID_NOT_ATTEND, new_text="")


# -- actions --------------------------------------------------------------------------------


def test_action_needs_a_description() -> None:
    assert check_action("  Book  the course ", None, TODAY) == "Book  the course"
    with pytest.raises(ValidationError) as exc:
        check_action(" ", None, TODAY)
    assert exc.value.message_for("description") == "Say what the action is."


def test_action_cannot_be_due_before_its_session() -> None:
    assert check_action("x", TODAY, TODAY) == "x"
    with pytest.raises(ValidationError) as exc:
        check_action("x", TODAY - dt.timedelta(days=1), TODAY)
    assert [e.field for e in exc.value.errors] == ["due_date"]


def test_closing_rules() -> None:
    assert check_closing(ActionStatus.DONE, "", TODAY, None) == ""
    assert check_closing(ActionStatus.DROPPED, " no longer needed ", TODAY, TODAY) == (
        "no longer needed"
    )
    for status, note, closing, field in (
        (ActionStatus.OPEN, "x", None, "status"),
        (ActionStatus.DROPPED, "  ", None, "note"),
        (ActionStatus.DONE, "", TODAY - dt.timedelta(days=1), "closed_in_session_id"),
    ):
        with pytest.raises(ValidationError) as exc:
            check_closing(status, note, TODAY, closing)
        assert [e.field for e in exc.value.errors] == [field]
