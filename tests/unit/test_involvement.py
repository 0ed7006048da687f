"""The involvement log's rules: what makes an activity valid, and pounds and pence."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from peerdesk.domain.involvement import (
    InvolvementDetails,
    Outcome,
    PaymentKind,
    Stage,
    parse_pounds,
    pounds_text,
    validate_involvement,
)
from peerdesk.domain.validation import ValidationError

TODAY = dt.date(2026, 6, 15)
GOOD = InvolvementDetails(
    held_on=dt.date(2026, 5, 1),
    title="  Redesigned the   induction ",
    stage=Stage.DESIGN,
    service_user_count=4,
)


def errors_of(details: InvolvementDetails) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_involvement(details, TODAY)
    return {e.field: e.message for e in caught.value.errors}


def test_a_simple_activity_is_cleaned() -> None:
    cleaned = validate_involvement(GOOD, TODAY)
    assert cleaned.title == "Redesigned the induction"
    assert cleaned.taking_part == 4


def test_title_date_and_people_are_required() -> None:
    errors = errors_of(InvolvementDetails())
    assert errors["title"] == "Say what was decided or designed."
    assert errors["held_on"] == "Enter the date it took place."
    assert errors["staff_count"] == "Count at least one person who took part."


def test_limits_on_text_dates_and_counts() -> None:
    errors = errors_of(
        replace(
            GOOD,
            title="x" * 201,
            held_on=TODAY + dt.timedelta(days=1),
            volunteer_count=10_001,
            details="y" * 5001,
        )
    )
    assert "200 characters" in errors["title"]
    assert "future" in errors["held_on"]
    assert "0 to 10,000" in errors["volunteer_count"]
    assert "5000 characters" in errors["details"]
    assert "negative" not in str(errors)
    assert "from 0" in errors_of(replace(GOOD, staff_count=-1))["staff_count"]


def test_a_payment_needs_an_amount_and_people_paid_within_those_taking_part() -> None:
    paid = replace(GOOD, payment_kind=PaymentKind.VOUCHERS)
    errors = errors_of(paid)
    assert errors["payment_pence"] == "Enter the total amount given."
    assert errors["people_paid"] == "Enter how many people were paid."
    too_many = errors_of(replace(paid, payment_pence=2000, people_paid=5))
    assert too_many["people_paid"] == "More people were paid than took part (4)."
    ok = validate_involvement(
        replace(paid, payment_pence=8000, people_paid=4, benefits_advice_offered=True), TODAY
    )
    assert ok.benefits_advice_offered


def test_no_payment_means_no_amount() -> None:
    errors = errors_of(replace(GOOD, payment_pence=500, people_paid=1))
    assert "Choose how people were paid" in errors["payment_pence"]
    assert "leave the number of people paid at 0" in errors["people_paid"]
    # benefits advice is only said of a payment: dropped quietly
    cleaned = validate_involvement(replace(GOOD, benefits_advice_offered=True), TODAY)
    assert not cleaned.benefits_advice_offered


def test_an_answer_needs_words_and_told_on_needs_an_answer() -> None:
    assert errors_of(replace(GOOD, outcome=Outcome.CHANGED))["we_did"] == "Write what changed."
    assert (
        errors_of(replace(GOOD, outcome=Outcome.NOT_CHANGED))["we_did"]
        == "Write why nothing changed."
    )
    pending_told = errors_of(replace(GOOD, told_on=dt.date(2026, 5, 2)))
    assert "once there is an answer" in pending_told["told_on"]
    answered = replace(GOOD, outcome=Outcome.CHANGED, we_did="New induction.")
    assert (
        "before the activity"
        in errors_of(replace(answered, told_on=dt.date(2026, 4, 30)))["told_on"]
    )
    assert "future" in errors_of(replace(answered, told_on=TODAY + dt.timedelta(days=1)))["told_on"]
    assert validate_involvement(replace(answered, told_on=TODAY), TODAY).told_on == TODAY


def test_labels() -> None:
    assert Stage.GOVERNANCE.label == "Governance"
    assert PaymentKind.PAYMENT_AND_VOUCHERS.label == "Payment and vouchers"
    assert Outcome.PENDING.label == "Awaiting an answer"
    assert Outcome.NOT_CHANGED.label == "We didn't, because…"


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,234.50", 123450),
        ("1234.5", 123450),
        ("  £ 25 ", 2500),
        ("0.07", 7),
        ("", 0),
        ("1,000,000", 100_000_000),
    ],
)
def test_parse_pounds(text: str, pence: int) -> None:
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5", "cannot be negative"),
        ("ten pounds", "like £25 or £1,234.50"),
        ("1.234", "like £25"),
        ("12,34", "like £25"),
        ("1,000,001", "more than £1,000,000.00"),
    ],
)
def test_parse_pounds_refuses_in_plain_words(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_pounds(text)
    assert words in str(caught.value)


def test_pounds_text_round_trips() -> None:
    assert pounds_text(123450) == "£1,234.50"
    assert pounds_text(7) == "£0.07"
    assert pounds_text(-300) == "-£3.00"
    for pence in (0, 1, 99, 100, 123456789 // 10):
        assert parse_pounds(pounds_text(pence)) == pence
