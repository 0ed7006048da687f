"""Small-number suppression: primary, by subtraction, zeros, percentages, other thresholds.

Besides examples, every protected result is checked by brute force: a reader who knows
every printed figure, how the figures add up, that "fewer than N" means 1 to N-1 and that
"not shown" means at least N tries every possible value of what is hidden, and must never
be left with exactly one possibility for a small number.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerdesk.domain.suppression import (
    NOT_SHOWN,
    WITHHELD,
    Equation,
    Rate,
    Shown,
    fewer_than,
    percent_text,
    protect,
    rate,
    suppress_counts,
    suppress_one,
    suppress_row,
)

FEWER = "fewer than 5"


def texts(result: Mapping[str, Shown]) -> dict[str, str]:
    return {key: shown.text for key, shown in result.items()}


def what_a_reader_can_work_out(
    values: Mapping[Hashable, int],
    equations: Sequence[Equation[Hashable]],
    result: Mapping[Hashable, Shown],
    threshold: int,
) -> dict[Hashable, set[int]]:
    """Values each unprinted small figure can take, given everything printed: a search
    through every assignment that fits, stopping once each small figure has two."""
    # the reader knows no upper limit; any comfortably large one will do for the search
    ceiling = 2 * max(values.values(), default=0) + 2 * threshold
    # the parts of a total that reads "fewer than N" may be 0 (zeros are hidden there too)
    may_be_zero = {
        key
        for eq in equations
        if len(eq.minus) == 1
        and result.get(eq.minus[0], Shown(0, "")).text == fewer_than(threshold)
        for key in eq.plus
    }
    ranges: dict[Hashable, range] = {}
    for key in values:
        if key not in result:  # never printed
            ranges[key] = range(0, ceiling + 1)
        elif not result[key].hidden:
            ranges[key] = range(values[key], values[key] + 1)
        elif result[key].text == fewer_than(threshold):
            ranges[key] = range(0 if threshold == 2 or key in may_be_zero else 1, threshold)
        elif result[key].text == WITHHELD:
            ranges[key] = range(0, ceiling + 1)
        else:
            assert result[key].text == NOT_SHOWN
            ranges[key] = range(threshold, ceiling + 1)
    small = [k for k in values if 0 < values[k] < threshold]

    def could_hold(assignment: Mapping[Hashable, int]) -> bool:
        """Whether every equation can still hold with the figures not yet assigned anywhere
        in their ranges (a quick check to cut the search short, never a wrong one)."""
        for eq in equations:
            low = high = 0
            for sign, keys in ((1, eq.plus), (-1, eq.minus)):
                for k in keys:
                    if k in assignment:
                        low += sign * assignment[k]
                        high += sign * assignment[k]
                    elif sign > 0:
                        low, high = low + ranges[k].start, high + ranges[k].stop - 1
                    else:
                        low, high = low - (ranges[k].stop - 1), high - ranges[k].start
            if not low <= 0 <= high:
                return False
        return True

    def fits(assignment: dict[Hashable, int]) -> bool:
        """Whether some values of the unassigned figures make every equation hold."""
        if not could_hold(assignment):
            return False
        free = [k for k in values if k not in assignment]
        if not free:
            return True
        key = min(free, key=lambda k: len(ranges[k]))
        return any(fits({**assignment, key: value}) for value in ranges[key])

    known = {k: values[k] for k in values if len(ranges[k]) == 1}
    possible: dict[Hashable, set[int]] = {}
    for key in small:
        options = {values[key]}  # the truth always fits
        for value in ranges[key]:
            if value not in options and fits({**known, key: value}):
                options.add(value)
                break  # two are enough
        possible[key] = options
    return possible


def assert_protected(
    values: Mapping[Hashable, int],
    equations: Sequence[Equation[Hashable]],
    result: Mapping[Hashable, Shown],
    threshold: int,
) -> None:
    for key, shown in result.items():
        if not shown.hidden:
            assert shown.value == values[key]
        elif shown.text == NOT_SHOWN:
            assert values[key] >= threshold, "only figures of at least the threshold hide others"
        elif shown.text == WITHHELD:
            pass
        else:
            assert values[key] < threshold
    possible = what_a_reader_can_work_out(values, equations, result, threshold)
    for key, options in possible.items():
        assert len(options) > 1, f"{key} = {values[key]} can be worked out"


# -- primary suppression ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1, FEWER), (4, FEWER), (5, "5"), (1234, "1,234")],
)
def test_a_figure_on_its_own(value: int, text: str) -> None:
    shown = suppress_one(value, 5)
    assert shown.text == text
    assert shown.hidden is (text == FEWER)
    assert shown.value == (None if shown.hidden else value)


def test_without_a_total_only_small_numbers_are_hidden() -> None:
    result = suppress_counts({"a": 1, "b": 7, "c": 0, "d": 5}, 5)
    assert texts(result) == {"a": FEWER, "b": "7", "c": "0", "d": "5"}


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress_one(-1, 5)
    with pytest.raises(ValueError, match="negative"):
        suppress_counts({"a": -2}, 5, -2)


# -- secondary suppression ----------------------------------------------------------------


def test_one_small_cell_with_a_total_hides_the_next_smallest_too() -> None:
    result, total = suppress_row({"a": 2, "b": 40, "c": 9, "d": 12}, 5, 63)
    assert texts(result) == {"a": FEWER, "b": "40", "c": NOT_SHOWN, "d": "12"}
    assert total == Shown(63, "63")


def test_the_suppress_counts_shape() -> None:
    assert texts(suppress_counts({"a": 2, "b": 40, "c": 9}, 5, 51)) == {
        "a": FEWER,
        "b": "40",
        "c": NOT_SHOWN,
    }


def test_two_small_cells_protect_each_other_unless_their_sum_gives_them_away() -> None:
    # 2 + 3 = 5: could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1
    assert texts(suppress_counts({"a": 2, "b": 3, "c": 30}, 5, 35)) == {
        "a": FEWER,
        "b": FEWER,
        "c": "30",
    }
    # 1 + 1 = 2 can only be 1 + 1; 4 + 4 = 8 only 4 + 4: one more must go
    assert texts(suppress_counts({"a": 1, "b": 1, "c": 30}, 5, 32))["c"] == NOT_SHOWN
    assert texts(suppress_counts({"a": 4, "b": 4, "c": 30}, 5, 38))["c"] == NOT_SHOWN


def test_the_total_is_hidden_when_nothing_else_is_left() -> None:
    # 4 + 4 = 8 gives both away; there is nothing but the total to hide
    cells, total = suppress_row({"a": 4, "b": 4}, 5, 8)
    assert texts(cells) == {"a": FEWER, "b": FEWER}
    assert total == Shown(None, NOT_SHOWN)
    # 1 + 5 = 6: "fewer than 5" plus "at least 5" can only be 1 + 5
    cells, total = suppress_row({"a": 1, "b": 5}, 5, 6)
    assert texts(cells) == {"a": FEWER, "b": NOT_SHOWN}
    assert total is not None and total.hidden


def test_a_small_total_hides_itself_and_all_its_parts_zeros_included() -> None:
    # beside a printed 0, "fewer than 5" and "fewer than 5" in a group of 2 would be 1 and 1
    cells, total = suppress_row({"a": 1, "b": 0, "c": 1}, 5, 2)
    assert texts(cells) == {"a": FEWER, "b": FEWER, "c": FEWER}
    assert total == Shown(None, FEWER)
    # a true zero total says nothing about anyone
    cells, total = suppress_row({"a": 0, "b": 0}, 5, 0)
    assert texts(cells) == {"a": "0", "b": "0"}
    assert total == Shown.of(0)


def test_zero_is_shown_and_never_hidden_to_protect_another() -> None:
    # (zeros are hidden only among the parts of a small total, and with a threshold of 2)
    # 0 is printed; a zero cell could not hide anything, so the 20 goes instead
    cells, total = suppress_row({"a": 3, "b": 0, "c": 0, "d": 20}, 5, 23)
    assert texts(cells) == {"a": FEWER, "b": "0", "c": "0", "d": NOT_SHOWN}
    assert total == Shown(23, "23")


def test_ties_go_to_the_earlier_figure() -> None:
    assert texts(suppress_counts({"a": 3, "b": 8, "c": 8}, 5, 19)) == {
        "a": FEWER,
        "b": NOT_SHOWN,
        "c": "8",
    }


def test_figures_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        suppress_counts({"a": 3, "b": 8}, 5, 12)
    with pytest.raises(ValueError, match="not given"):
        protect({"a": 1}, [Equation.total(["a", "b"], "a")], 5)


def test_a_hidden_complement_is_protected_too() -> None:
    # 19 of 20 are up to date: the 1 who is not could be worked out by subtraction
    values = {"done": 19, "missing": 1, "required": 20}
    equations = [Equation(("done", "missing"), ("required",))]
    result = protect(values, equations, 5, hidden=["missing"])
    assert set(result) == {"done", "required"}
    assert texts(result) == {"done": NOT_SHOWN, "required": "20"}
    # 15 of 20: the 5 missing is not small, so everything is printed
    result = protect({"done": 15, "missing": 5, "required": 20}, equations, 5, hidden=["missing"])
    assert texts(result) == {"done": "15", "required": "20"}


def test_links_between_tables_are_followed() -> None:
    # headcount 50 at the start, 4 starters, no leavers, 54 at the end: printing both
    # headcounts would give the starters away
    values = {"start": 50, "starters": 4, "end": 54, "leavers": 0}
    equations = [Equation(("start", "starters"), ("end", "leavers"))]
    result = protect(values, equations, 5)
    assert texts(result) == {"start": NOT_SHOWN, "starters": FEWER, "end": "54", "leavers": "0"}
    assert_protected(values, equations, result, 5)


def test_a_figure_worth_keeping_is_kept_when_a_lesser_one_protects() -> None:
    # the end headcount is the smallest linked figure, but hiding last period's starters,
    # one link further away, protects this period's starters as well
    values = {"end": 54, "start": 50, "before": 46, "starters": 4, "leavers": 0}
    values |= {"starters_p": 5, "leavers_p": 1}
    equations = [
        Equation(("before", "starters_p"), ("start", "leavers_p")),
        Equation(("start", "starters"), ("end", "leavers")),
    ]
    plain = protect(values, equations, 5)
    assert plain["end"].hidden and plain["start"].hidden
    assert_protected(values, equations, plain, 5)
    kept = protect(values, equations, 5, keep={"end": 2, "starters": 2, "leavers": 2})
    assert texts(kept) == {
        "end": "54",
        "start": NOT_SHOWN,
        "before": "46",
        "starters": FEWER,
        "leavers": "0",
        "starters_p": NOT_SHOWN,
        "leavers_p": FEWER,
    }
    assert_protected(values, equations, kept, 5)


def test_a_table_with_row_and_column_totals() -> None:
    # lived experience by role: yes / no / not counted, with row and column totals
    grid = {"peer": (9, 1, 6), "manager": (2, 5, 0), "clinical": (0, 3, 7)}
    columns = ("yes", "no", "not")
    values: dict[Hashable, int] = {}
    equations: list[Equation[Hashable]] = []
    for role, row in grid.items():
        values.update({(role, c): v for c, v in zip(columns, row, strict=True)})
        values[role] = sum(row)
        equations.append(Equation.total([(role, c) for c in columns], role))
    for i, column in enumerate(columns):
        values[column] = sum(row[i] for row in grid.values())
        equations.append(Equation.total([(role, column) for role in grid], column))
    values["all"] = sum(sum(row) for row in grid.values())
    equations.append(Equation.total(list(grid), "all"))
    equations.append(Equation.total(list(columns), "all"))
    result = protect(values, equations, 5)
    hidden = {key for key, shown in result.items() if shown.hidden}
    assert {("peer", "no"), ("manager", "yes"), ("clinical", "no")} <= hidden
    assert_protected(values, equations, result, 5)


# -- thresholds ---------------------------------------------------------------------------


def test_another_threshold_changes_the_words_and_the_limit() -> None:
    assert suppress_one(7, 10) == Shown(None, "fewer than 10")
    assert suppress_one(10, 10) == Shown.of(10)
    assert suppress_one(3, 3) == Shown.of(3)
    assert suppress_one(2, 3) == Shown(None, "fewer than 3")
    assert texts(suppress_counts({"a": 7, "b": 12, "c": 30}, 10, 49)) == {
        "a": "fewer than 10",
        "b": NOT_SHOWN,
        "c": "30",
    }


def test_with_a_threshold_of_2_zeros_are_hidden_too() -> None:
    # "fewer than 2" beside printed zeros could only mean 1
    assert suppress_one(0, 2) == Shown(None, "fewer than 2")
    assert texts(suppress_counts({"a": 1, "b": 0, "c": 9}, 2, 10)) == {
        "a": "fewer than 2",
        "b": "fewer than 2",
        "c": "9",
    }


@pytest.mark.parametrize("threshold", [1, 0])
def test_a_threshold_of_one_or_less_turns_suppression_off(threshold: int) -> None:
    assert texts(suppress_counts({"a": 1, "b": 2}, threshold, 3)) == {"a": "1", "b": "2"}
    assert suppress_one(1, threshold) == Shown.of(1)


# -- percentages --------------------------------------------------------------------------


def test_a_percentage_of_hidden_figures_is_hidden() -> None:
    assert rate(Shown.of(17), Shown.of(20)) == Rate(85.0, "85%")
    assert rate(Shown(None, FEWER), Shown.of(20)) == Rate(None, NOT_SHOWN)
    assert rate(Shown.of(3), Shown(None, NOT_SHOWN)) == Rate(None, NOT_SHOWN)
    assert rate(0, 0) == Rate(None, "–")
    assert rate(1, 3, places=1).text == "33.3%"


def test_percentages_never_round_to_all_or_nothing() -> None:
    assert percent_text(99.6) == "99%"
    assert percent_text(100.0) == "100%"
    assert percent_text(0.3) == "under 1%"
    assert percent_text(0.0) == "0%"
    assert percent_text(99.96, 1) == "99.9%"


# -- every row, by brute force ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5),
    threshold=st.integers(min_value=2, max_value=6),
    with_total=st.booleans(),
)
def test_no_small_number_in_a_row_can_be_worked_out(
    cells: list[int], threshold: int, with_total: bool
) -> None:
    counts = {f"c{i}": value for i, value in enumerate(cells)}
    total = sum(cells) if with_total else None
    result, total_shown = suppress_row(counts, threshold, total)
    values: dict[Hashable, int] = dict(counts)
    shown: dict[Hashable, Shown] = dict(result)
    equations: list[Equation[Hashable]] = []
    if total is not None:
        assert total_shown is not None
        values["total"] = total
        shown["total"] = total_shown
        equations.append(Equation.total(list(counts), "total"))
    assert_protected(values, equations, shown, threshold)
    # nothing is hidden that need not be: without small numbers, everything is printed
    if not any((0 if threshold == 2 else 1) <= v < threshold for v in values.values()):
        assert not any(s.hidden for s in shown.values())


@settings(max_examples=200, deadline=None)
@given(
    grid=st.integers(min_value=2, max_value=3).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(min_value=0, max_value=9), min_size=columns, max_size=columns),
            min_size=2,
            max_size=3,
        )
    ),
    threshold=st.integers(min_value=3, max_value=5),
)
def test_no_small_number_in_a_table_with_totals_can_be_worked_out(
    grid: list[list[int]], threshold: int
) -> None:
    values: dict[Hashable, int] = {}
    equations: list[Equation[Hashable]] = []
    columns = range(len(grid[0]))
    for r, row in enumerate(grid):
        values.update({(r, c): value for c, value in enumerate(row)})
        values[("row", r)] = sum(row)
        equations.append(Equation.total([(r, c) for c in columns], ("row", r)))
    for c in columns:
        values[("column", c)] = sum(row[c] for row in grid)
        equations.append(Equation.total([(r, c) for r in range(len(grid))], ("column", c)))
    values["all"] = sum(map(sum, grid))
    equations.append(Equation.total([("row", r) for r in range(len(grid))], "all"))
    equations.append(Equation.total([("column", c) for c in columns], "all"))
    assert_protected(values, equations, protect(values, equations, threshold), threshold)
