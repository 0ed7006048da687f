"""Checklist progress: in place against applicable, retired and not-applicable items aside."""

from __future__ import annotations

import datetime as dt

from peerdesk.domain.checklist_progress import (
    NA_REASON_NEEDED,
    ChecklistProgress,
    ProgressPoint,
    StatusEvent,
    kept_na_reason,
    progress_of,
    progress_over_time,
    status_problems,
)
from peerdesk.domain.enums import ChecklistItemStatus as S

D = dt.date


def test_in_place_out_of_applicable_ignoring_retired_and_not_applicable() -> None:
    progress = progress_of(
        [
            (S.IN_PLACE, False),
            (S.IN_PLACE, False),
            (S.IN_PROGRESS, False),
            (S.NOT_STARTED, False),
            (S.NOT_APPLICABLE, False),
            (S.IN_PLACE, True),  # retired: not counted at all
            (S.NOT_STARTED, True),
            ("in_place", False),  # the stored value works too
        ]
    )
    assert progress == ChecklistProgress(in_place=3, in_progress=1, not_started=1, not_applicable=1)
    assert progress.total == 6
    assert progress.applicable == 5
    assert progress.percent == 60
    assert progress.summary() == "3 of 5 in place (60%)"
    assert not progress.complete


def test_percent_rounds_down_so_100_means_done() -> None:
    progress = ChecklistProgress(in_place=199, not_started=1)
    assert progress.percent == 99
    assert ChecklistProgress(in_place=1, not_started=2).percent == 33
    assert ChecklistProgress(in_place=2, not_applicable=1).percent == 100


def test_nothing_applicable_counts_as_complete() -> None:
    all_na = progress_of([(S.NOT_APPLICABLE, False), (S.NOT_APPLICABLE, False)])
    assert all_na.percent == 100
    assert all_na.complete
    assert all_na.is_empty
    nothing = progress_of([(S.IN_PLACE, True)])
    assert nothing.total == 0 and nothing.percent == 100 and nothing.is_empty
    assert not ChecklistProgress(not_started=1).is_empty


def test_progress_adds_up_across_sections() -> None:
    a = ChecklistProgress(in_place=1, not_started=1)
    b = ChecklistProgress(in_progress=2, not_applicable=1)
    assert a + b == ChecklistProgress(1, 2, 1, 1)


def test_not_applicable_needs_a_reason() -> None:
    assert status_problems(S.NOT_APPLICABLE, "")[0].field == "na_reason"
    assert status_problems(S.NOT_APPLICABLE, "")[0].message == NA_REASON_NEEDED
    assert status_problems(S.NOT_APPLICABLE, "We employ no volunteers.") == []
    assert status_problems(S.NOT_APPLICABLE, "x" * 1001)[0].field == "na_reason"
    assert status_problems(S.IN_PLACE, "") == []
    assert status_problems("done", "")[0].field == "status"
    assert kept_na_reason(S.IN_PLACE, "old reason") == ""
    assert kept_na_reason(S.NOT_APPLICABLE, "why") == "why"


def test_progress_over_time_from_the_history() -> None:
    start = D(2026, 1, 5)
    items = [(1, False), (2, False), (3, False), (4, False), (9, True)]
    events = [
        StatusEvent(1, D(2026, 2, 1), S.IN_PROGRESS),
        StatusEvent(1, D(2026, 2, 1), S.IN_PLACE),  # later the same day
        StatusEvent(9, D(2026, 2, 3), S.IN_PLACE),  # retired: never counted
        StatusEvent(2, D(2026, 3, 1), S.NOT_APPLICABLE),
        StatusEvent(3, D(2026, 3, 9), S.IN_PLACE),
        StatusEvent(3, D(2026, 4, 2), S.IN_PROGRESS),  # slipped back
        StatusEvent(4, D(2025, 12, 1), S.IN_PLACE),  # before the start: counts from it
    ]
    assert progress_over_time(start, items, events) == [
        ProgressPoint(D(2026, 1, 5), 1, 4, 25),
        ProgressPoint(D(2026, 2, 1), 2, 4, 50),
        ProgressPoint(D(2026, 3, 1), 2, 3, 66),
        ProgressPoint(D(2026, 3, 9), 3, 3, 100),
        ProgressPoint(D(2026, 4, 2), 2, 3, 66),
    ]


def test_a_new_checklist_has_one_point() -> None:
    start = D(2026, 6, 15)
    assert progress_over_time(start, [(1, False)], []) == [ProgressPoint(start, 0, 1, 0)]
