"""Text folding for search and sorting, and the labelled enums."""

from __future__ import annotations

import pytest

from peerdesk.domain.enums import (
    EmploymentType,
    LabelledEnum,
    LivedExperience,
    RoleCategory,
    StaffStatus,
)
from peerdesk.domain.text import fold
from peerdesk.domain.validation import clean_line, clean_text

# -- fold ---------------------------------------------------------------------------------

# Capital Þ, Æ and Œ fold like their lower-case forms, so a search typed in lower case
# finds the capitalised name.


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("ZOË", "zoe"),
        ("Zoe\u0308", "zoe"),  # decomposed input folds the same
        ("Łukasz", "lukasz"),
        ("łukasz", "lukasz"),
        ("Siobhán", "siobhan"),
        ("Nguyễn", "nguyen"),
        ("straße", "strasse"),
        ("Søren Ørsted", "soren orsted"),
        ("Đorđe", "dorde"),
        ("þórunn", "thorunn"),
        ("æthelred", "aethelred"),
        ("œuvre", "oeuvre"),
        ("Þórunn", "thorunn"),
        ("Æthelred", "aethelred"),
        ("Œuvre", "oeuvre"),
        ("Dafydd ap Gruffydd", "dafydd ap gruffydd"),
        ("Siân Ŵyn", "sian wyn"),
        ("  Ann \t Marie\n Smith ", "ann marie smith"),
        ("ﬁnn", "finn"),  # compatibility ligature
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    "upper",
    [
        "Ł",
        "Ø",
        "Đ",
        "Þ",
        "Æ",
        "Œ",
    ],
)
def test_fold_special_letters_ignore_case(upper: str) -> None:
    assert fold(upper + "rn") == fold(upper.lower() + "rn")
    assert fold(upper + "rn").isascii()


def test_fold_is_idempotent() -> None:
    for text in ["Zoë Łukasiewicz", "Nguyễn Thị Minh Khai", "Straße"]:
        assert fold(fold(text)) == fold(text)


def test_fold_orders_accented_names_with_their_base_letter() -> None:
    names = ["Zoë", "Émile", "Łukasz", "Adam", "eve", "Lara"]
    assert sorted(names, key=fold) == ["Adam", "Émile", "eve", "Lara", "Łukasz", "Zoë"]


# -- clean_text / clean_line --------------------------------------------------------------


def test_clean_text_none_is_empty() -> None:
    assert clean_text(None) == ""
    assert clean_line(None) == ""


def test_clean_text_keeps_newlines_and_tabs_drops_other_controls() -> None:
    assert clean_text("  a\tb\nc\x00d\x7fe\u202ef  ") == "a\tb\ncdef"


def test_clean_line_collapses_all_white_space() -> None:
    assert clean_line(" a \t b\n\nc ") == "a b c"


def test_clean_text_turns_windows_line_ends_into_newlines() -> None:
    assert clean_text("one\r\ntwo\r\n") == "one\ntwo"


@pytest.mark.parametrize("separator", ["\r", "\x0b", "\x0c", "\x85"])
def test_white_space_controls_do_not_glue_words(separator: str) -> None:
    assert clean_line(f"Ann{separator}Smith") == "Ann Smith"
    assert "onetwo" not in clean_text(f"one{separator}two")


# -- labels -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (RoleCategory.NON_CLINICAL, "Non-clinical"),
        (RoleCategory.PEER_WORKER, "Peer worker"),
        (RoleCategory.PEER_APPRENTICE, "Peer apprentice"),
        (RoleCategory.SENIOR_PEER_WORKER, "Senior peer worker"),
        (RoleCategory.CLINICAL, "Clinical"),
        (RoleCategory.MANAGER, "Manager"),
        (RoleCategory.VOLUNTEER, "Volunteer"),
        (RoleCategory.OTHER, "Other"),
        (EmploymentType.FIXED_TERM, "Fixed term"),
        (EmploymentType.APPRENTICESHIP, "Apprenticeship"),
        (LivedExperience.PREFER_NOT_TO_SAY, "Prefer not to say"),
        (LivedExperience.YES, "Yes"),
        (StaffStatus.CURRENT, "Current staff"),
        (StaffStatus.LEAVERS, "Leavers"),
        (StaffStatus.ALL, "Everyone"),
    ],
)
def test_labels(member: LabelledEnum, label: str) -> None:
    assert member.label == label


def test_values_are_the_stored_strings() -> None:
    assert RoleCategory.PEER_WORKER == "peer_worker"
    assert str(EmploymentType.FIXED_TERM) == "fixed_term"
    assert LivedExperience("prefer_not_to_say") is LivedExperience.PREFER_NOT_TO_SAY


@pytest.mark.parametrize(
    "text",
    ["peer worker", "PEER_WORKER", "Peer-Worker", "peer_worker", " Peer  worker ", "peerworker"],
)
def test_from_text_finds_peer_worker(text: str) -> None:
    assert RoleCategory.from_text(text) is RoleCategory.PEER_WORKER


@pytest.mark.parametrize(
    ("cls", "text", "member"),
    [
        (RoleCategory, "Non-clinical", RoleCategory.NON_CLINICAL),
        (RoleCategory, "non clinical", RoleCategory.NON_CLINICAL),
        (RoleCategory, "NON_CLINICAL", RoleCategory.NON_CLINICAL),
        (RoleCategory, "Senior Peer Worker", RoleCategory.SENIOR_PEER_WORKER),
        (EmploymentType, "Fixed-term", EmploymentType.FIXED_TERM),
        (LivedExperience, "Prefer not to say", LivedExperience.PREFER_NOT_TO_SAY),
        (StaffStatus, "everyone", StaffStatus.ALL),
        (StaffStatus, "all", StaffStatus.ALL),
        (StaffStatus, "Current staff", StaffStatus.CURRENT),
    ],
)
def test_from_text_by_value_or_label(
    cls: type[LabelledEnum], text: str, member: LabelledEnum
) -> None:
    assert cls.from_text(text) is member


@pytest.mark.parametrize("text", ["", "peer", "worker", "nurse", "peer worker x"])
def test_from_text_unknown_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        RoleCategory.from_text(text)


def test_every_member_round_trips_through_its_label_and_value() -> None:
    for cls in (RoleCategory, EmploymentType, LivedExperience, StaffStatus):
        for member in cls:
            assert cls.from_text(member.label) is member
            assert cls.from_text(member.value) is member


def test_dates_are_written_the_same_way_everywhere() -> None:
    import datetime as dt

    from peerdesk.domain.text import long_date, short_date

    assert short_date(dt.date(2026, 3, 3)) == "3 Mar 2026"
    assert long_date(dt.date(2026, 3, 3)) == "3 March 2026"
