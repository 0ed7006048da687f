"""The involvement log (co-production): the rules for one activity, and money in pounds.

Each entry records a time people with lived experience shaped a decision: what was decided
or designed, at which stage, how many people took part and in what capacity (counts only:
never the names of people using services), what they were paid, and the answer given in
"you said, we did" form. Pure rules: no database, no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from peerdesk.domain.validation import (
    FieldError,
    ValidationError,
    check_length,
    clean_line,
    clean_text,
)

MAX_TITLE = 200
MAX_DETAILS = 5000
MAX_ANSWER = 5000  # "you said" and "we did"
MAX_COUNT = 10_000
MAX_PENCE = 100_000_000  # £1,000,000: far beyond any payment for involvement


class Stage(StrEnum):
    """Where in the life of a service people shaped it."""

    DESIGN = "design"
    DELIVERY = "delivery"
    EVALUATION = "evaluation"
    GOVERNANCE = "governance"
    RECRUITMENT = "recruitment"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PaymentKind(StrEnum):
    NONE = "none"
    PAYMENT = "payment"
    VOUCHERS = "vouchers"
    PAYMENT_AND_VOUCHERS = "payment_and_vouchers"

    @property
    def label(self) -> str:
        return _PAYMENT_LABELS[self]

    @property
    def paid(self) -> bool:
        return self is not PaymentKind.NONE


_PAYMENT_LABELS = {
    PaymentKind.NONE: "Not paid",
    PaymentKind.PAYMENT: "Payment",
    PaymentKind.VOUCHERS: "Vouchers",
    PaymentKind.PAYMENT_AND_VOUCHERS: "Payment and vouchers",
}


class Outcome(StrEnum):
    """The "you said, we did" answer: none yet, what changed, or why nothing did."""

    PENDING = "pending"
    CHANGED = "changed"
    NOT_CHANGED = "not_changed"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]

    @property
    def answered(self) -> bool:
        return self is not Outcome.PENDING


_OUTCOME_LABELS = {
    Outcome.PENDING: "Awaiting an answer",
    Outcome.CHANGED: "We did",
    Outcome.NOT_CHANGED: "We didn't, because…",
}


@dataclass(frozen=True)
class InvolvementDetails:
    """One activity as the form holds it; money in pence."""

    held_on: dt.date | None = None
    title: str = ""  # what was decided or designed
    details: str = ""
    stage: Stage = Stage.DESIGN
    staff_count: int = 0
    volunteer_count: int = 0
    service_user_count: int = 0
    payment_kind: PaymentKind = PaymentKind.NONE
    payment_pence: int = 0  # the total given
    people_paid: int = 0
    benefits_advice_offered: bool = False
    you_said: str = ""
    we_did: str = ""  # what changed, or why not
    outcome: Outcome = Outcome.PENDING
    told_on: dt.date | None = None  # when the people who took part were told

    @property
    def taking_part(self) -> int:
        return self.staff_count + self.volunteer_count + self.service_user_count


_COUNTS = (
    ("staff_count", "The number of staff"),
    ("volunteer_count", "The number of volunteers"),
    ("service_user_count", "The number of people using services"),
)


def validate_involvement(details: InvolvementDetails, today: dt.date) -> InvolvementDetails:
    """Return the details cleaned, or raise ValidationError listing every problem."""
    d = replace(
        details,
        title=clean_line(details.title),
        details=clean_text(details.details),
        you_said=clean_text(details.you_said),
        we_did=clean_text(details.we_did),
        stage=Stage(details.stage),
        payment_kind=PaymentKind(details.payment_kind),
        outcome=Outcome(details.outcome),
    )
    errors: list[FieldError] = []
    if not d.title:
        errors.append(FieldError("title", "Say what was decided or designed."))
    check_length(errors, "title", "What was decided", d.title, MAX_TITLE)
    check_length(errors, "details", "The details", d.details, MAX_DETAILS)
    check_length(errors, "you_said", "“You said”", d.you_said, MAX_ANSWER)
    check_length(errors, "we_did", "“We did”", d.we_did, MAX_ANSWER)

    if d.held_on is None:
        errors.append(FieldError("held_on", "Enter the date it took place."))
    elif d.held_on > today:
        errors.append(FieldError("held_on", "The date it took place cannot be in the future."))

    counts_ok = True
    for field, label in _COUNTS:
        value = getattr(d, field)
        if not 0 <= value <= MAX_COUNT:
            counts_ok = False
            errors.append(FieldError(field, f"{label} must be from 0 to {MAX_COUNT:,}."))
    if counts_ok and d.taking_part == 0:
        errors.append(FieldError("staff_count", "Count at least one person who took part."))

    if d.payment_kind.paid:
        if d.payment_pence <= 0:
            errors.append(FieldError("payment_pence", "Enter the total amount given."))
        elif d.payment_pence > MAX_PENCE:
            errors.append(
                FieldError(
                    "payment_pence", f"The amount cannot be more than {pounds_text(MAX_PENCE)}."
                )
            )
        if d.people_paid <= 0:
            errors.append(FieldError("people_paid", "Enter how many people were paid."))
        elif counts_ok and d.people_paid > d.taking_part:
            errors.append(
                FieldError(
                    "people_paid",
                    f"More people were paid than took part ({d.taking_part:,}).",
                )
            )
    else:
        if d.payment_pence != 0:
            errors.append(
                FieldError(
                    "payment_pence",
                    "Choose how people were paid, or leave the amount empty.",
                )
            )
        if d.people_paid != 0:
            errors.append(
                FieldError("people_paid", "Nobody was paid: leave the number of people paid at 0.")
            )
        if d.benefits_advice_offered:
            d = replace(d, benefits_advice_offered=False)  # only said of a payment

    if d.outcome.answered and not d.we_did:
        what = "what changed" if d.outcome is Outcome.CHANGED else "why nothing changed"
        errors.append(FieldError("we_did", f"Write {what}."))

    if d.told_on is not None:
        if not d.outcome.answered:
            errors.append(
                FieldError(
                    "told_on",
                    "People can only have been told once there is an answer: choose what "
                    "happened, or clear the date they were told.",
                )
            )
        elif d.told_on > today:
            errors.append(
                FieldError("told_on", "The date people were told cannot be in the future.")
            )
        elif d.held_on is not None and d.told_on < d.held_on:
            errors.append(
                FieldError(
                    "told_on", "People cannot have been told before the activity took place."
                )
            )
    if errors:
        raise ValidationError(errors)
    return d


# -- money ------------------------------------------------------------------------------------

_POUNDS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")


def parse_pounds(text: str, field: str = "payment_pence") -> int:
    """ "£1,234.50" (or "1234.5", "12") as pence; "" is 0. Raises ValidationError in plain
    words for anything else (letters, negative amounts, more than two decimal places)."""
    cleaned = "".join(text.split())
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    if not cleaned:
        return 0
    if cleaned.startswith("-"):
        raise ValidationError([FieldError(field, "The amount cannot be negative.")])
    match = _POUNDS.match(cleaned)
    if match is None:
        raise ValidationError(
            [FieldError(field, "Write the amount in pounds and pence, like £25 or £1,234.50.")]
        )
    pounds = int(match.group(1).replace(",", ""))
    pence = int((match.group(2) or "0").ljust(2, "0"))
    total = pounds * 100 + pence
    if total > MAX_PENCE:
        raise ValidationError(
            [FieldError(field, f"The amount cannot be more than {pounds_text(MAX_PENCE)}.")]
        )
    return total


def pounds_text(pence: int) -> str:
    """Pence as people write pounds: "£1,234.50", "£25.00"; negative as "-£3.00"."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"
