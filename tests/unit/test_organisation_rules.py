"""The rules for the organisation's settings: normalise_organisation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from peerdesk.domain.organisation import (
    DEFAULT_RETENTION_YEARS,
    DEFAULT_SMALL_NUMBER_THRESHOLD,
    DEFAULT_SUPERVISION_INTERVAL_DAYS,
    OrganisationDetails,
    normalise_organisation,
)
from peerdesk.domain.validation import ValidationError


def details(**changes: object) -> OrganisationDetails:
    return replace(OrganisationDetails(name="Brighter Paths"), **changes)


def fields_of(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e.field for e in exc.value.errors]


def test_defaults() -> None:
    d = OrganisationDetails(name="Brighter Paths")
    assert d.charity_number == ""
    assert d.supervision_interval_days == DEFAULT_SUPERVISION_INTERVAL_DAYS == 28
    assert d.small_number_threshold == DEFAULT_SMALL_NUMBER_THRESHOLD == 5
    assert d.retention_years == DEFAULT_RETENTION_YEARS == 6
    assert normalise_organisation(d) == d


@pytest.mark.parametrize("name", ["", "   ", "\x00\x1b", "\n\t"])
def test_name_is_required(name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(name=name))
    assert exc.value.message_for("name") == "Enter the organisation's name."
    assert fields_of(exc) == ["name"]


def test_name_is_cleaned() -> None:
    cleaned = normalise_organisation(details(name="  Brighter \x00 Paths\n CIO "))
    assert cleaned.name == "Brighter Paths CIO"


def test_name_length_limit() -> None:
    assert normalise_organisation(details(name="n" * 200)).name == "n" * 200
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(name="n" * 201))
    assert "keep it to 200 characters" in (exc.value.message_for("name") or "")


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("1234567", "1234567"),
        ("SC012345", "SC012345"),
        ("sc012345", "SC012345"),
        ("  SC012345 ", "SC012345"),
        ("1123456-1", "1123456-1"),
        ("NIC 100001", "NIC 100001"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_charity_numbers_accepted(entered: str, stored: str) -> None:
    assert normalise_organisation(details(charity_number=entered)).charity_number == stored


@pytest.mark.parametrize(
    "entered",
    ["<b>", "12", "-1234567", "123456789012345678901", "1234;DROP", "12345'", "№12345"],
)
def test_charity_numbers_rejected(entered: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(charity_number=entered))
    assert fields_of(exc) == ["charity_number"]
    assert "SC012345" in (exc.value.message_for("charity_number") or "")


@pytest.mark.parametrize("days", [1, 7, 28, 365])
def test_supervision_interval_in_range(days: int) -> None:
    cleaned = normalise_organisation(details(supervision_interval_days=days))
    assert cleaned.supervision_interval_days == days


@pytest.mark.parametrize("days", [0, -28, 366, 1000])
def test_supervision_interval_out_of_range(days: int) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(supervision_interval_days=days))
    assert exc.value.message_for("supervision_interval_days") == (
        "Supervision interval must be between 1 and 365 days."
    )


@pytest.mark.parametrize("threshold", [2, 5, 50])
def test_small_number_threshold_in_range(threshold: int) -> None:
    cleaned = normalise_organisation(details(small_number_threshold=threshold))
    assert cleaned.small_number_threshold == threshold


@pytest.mark.parametrize("threshold", [-1, 0, 1, 51])
def test_small_number_threshold_out_of_range(threshold: int) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(small_number_threshold=threshold))
    assert exc.value.message_for("small_number_threshold") == (
        "The small-number threshold must be between 2 and 50."
    )


@pytest.mark.parametrize("years", [1, 6, 100])
def test_retention_in_range(years: int) -> None:
    assert normalise_organisation(details(retention_years=years)).retention_years == years


@pytest.mark.parametrize("years", [0, -6, 101])
def test_retention_out_of_range(years: int) -> None:
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(details(retention_years=years))
    assert exc.value.message_for("retention_years") == "Keep leavers' records for 1 to 100 years."


def test_every_problem_is_reported_at_once() -> None:
    bad = OrganisationDetails(
        name=" ",
        charity_number="<b>",
        supervision_interval_days=0,
        small_number_threshold=1,
        retention_years=0,
    )
    with pytest.raises(ValidationError) as exc:
        normalise_organisation(bad)
    assert fields_of(exc) == [
        "name",
        "charity_number",
        "supervision_interval_days",
        "small_number_threshold",
        "retention_years",
    ]
