"""Small-number suppression: figures about people in a report that no one can be identified from.

Pure rules: no database, no Qt. The trustee report passes every figure about people
through here before it prints it.

The rules
    Primary suppression
        A count from 1 to ``threshold - 1`` (the organisation's small-number threshold,
        5 unless it set another) is never printed: it reads "fewer than 5".
    Zero is shown
        A true zero is printed as 0. It says that nobody is in that group, which tells a
        reader nothing about any one person (the common practice of the ONS and the NHS).
        So a suppressed figure is always at least 1, and a reader may know that too: the
        checks below assume they do. Two exceptions, where "fewer than 5" also covers 0:
        inside a group whose total is itself fewer than 5 (the cells of a row with a small
        total), every cell reads "fewer than 5", zeros included, since beside printed
        zeros the small cells of a group of two would give each other away; and with a
        threshold of 2 all zeros read "fewer than 2", which would otherwise mean exactly 1.
    Secondary suppression (by subtraction)
        Figures that add up are linked: the cells of a row add up to its total, headcount at
        the start plus starters is headcount at the end plus leavers, and so on. Each link is
        an ``Equation``. A reader who knows the links, every printed figure, that each
        "fewer than 5" is between 1 and 4, and that any other hidden figure is at least 5,
        must still not be able to work out a small number exactly. While they could, one more
        figure is hidden: the smallest printed non-zero figure in a link that gives the small
        number away (the next-smallest cell of a row, or its total when nothing else is
        left). It reads "not shown": it is not a small number, so "fewer than 5" would be
        false, but it would reveal one.
    Withheld groups
        Rarely (in a tiny organisation) a small number can still be worked out with every
        other figure linked to it hidden: from "fewer than 2" and "fewer than 2" adding
        up to at least 2, say. Then the whole group linked to it reads "withheld", which
        says nothing about its size.
    Hidden small figures
        Some small numbers are never printed but still follow from printed ones, such as
        the people *not* up to date with a course (required minus compliant). Such a figure
        is passed in ``hidden``: it is protected like a printed one.
    Percentages
        A percentage computed from a figure that is not shown is not shown either (see
        ``rate``).
    A threshold of 1 or less turns suppression off.

What a reader can still learn
    The check first narrows each hidden figure link by link, as a person with a calculator
    would, until nothing more can be narrowed. Then, for each small number not pinned down
    that way, it looks for a whole other set of values that fits every printed figure and
    every link: that catches what several links give away together (a total, less two
    rows, less a column). A small number is safe only when such another set exists, so it
    can be narrowed to a range ("1 or 2") but never to one value. The search gives up after
    a few thousand steps and then counts the figure as given away, which only hides more.
    Links between tables that are not passed in are not considered, so figures that share
    a total (headcount by role, by team, by length of service) are protected together, in
    one call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_THRESHOLD = 5
NOT_SHOWN = "not shown"
WITHHELD = "withheld"
NOTHING_TO_MEASURE = "–"
_MAX_PASSES = 200
_SEARCH_STEPS = 3000


def fewer_than(threshold: int) -> str:
    """What a suppressed small number reads: "fewer than 5"."""
    return f"fewer than {threshold}"


def count_text(value: int) -> str:
    """A count as printed: "1,234"."""
    return f"{value:,}"


@dataclass(frozen=True)
class Shown:
    """A figure as the report shows it: ``value`` is None when it is not shown."""

    value: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None

    @classmethod
    def of(cls, value: int) -> Shown:
        """A figure printed as it is."""
        return cls(value, count_text(value))


@dataclass(frozen=True)
class Rate:
    """A percentage (or an average) as the report shows it; ``value`` None when not shown."""

    value: float | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Equation(Generic[K]):
    """A link between figures: the ``plus`` ones add up to the same as the ``minus`` ones.

    ``Equation.total(parts, total)`` is the usual kind: the parts add up to the total.
    """

    plus: tuple[K, ...]
    minus: tuple[K, ...]

    @classmethod
    def total(cls, parts: Iterable[K], total: K) -> Equation[K]:
        return cls(tuple(parts), (total,))


def is_small(value: int, threshold: int) -> bool:
    """Whether a count could identify someone: from 1 to ``threshold - 1``."""
    return 0 < value < threshold


def _smallest_shown(threshold: int) -> int:
    """Counts below this are not printed: 1, or 0 with a threshold of 2 (see the rules)."""
    return 0 if threshold == 2 else 1


def _is_suppressed(value: int, threshold: int) -> bool:
    return threshold > 1 and _smallest_shown(threshold) <= value < threshold


def suppress_one(value: int, threshold: int) -> Shown:
    """A figure that stands alone (nothing adds up to it or from it): primary suppression."""
    _check_count(value)
    if _is_suppressed(value, threshold):
        return Shown(None, fewer_than(threshold))
    return Shown.of(value)


def suppress_counts(
    counts: Mapping[str, int], threshold: int, total: int | None = None
) -> dict[str, Shown]:
    """A row of counts, with or without a printed total that they add up to.

    Without a total only primary suppression applies (nothing can be subtracted). With
    one, a single small cell is never left alone: the next-smallest cell is hidden too,
    and more while a small number could still be worked out. If the total itself has to
    be hidden (say 4 + 4 = 8), use ``suppress_row`` to learn that.
    """
    return suppress_row(counts, threshold, total)[0]


def suppress_row(
    counts: Mapping[str, int], threshold: int, total: int | None = None
) -> tuple[dict[str, Shown], Shown | None]:
    """Like ``suppress_counts``, also returning how the total is shown (None without one)."""
    if total is None:
        return {key: suppress_one(value, threshold) for key, value in counts.items()}, None
    values: dict[tuple[int, str], int] = {(0, key): value for key, value in counts.items()}
    values[(1, "")] = total
    result = protect(values, [Equation.total(list(values)[:-1], (1, ""))], threshold)
    return {key: result[(0, key)] for key in counts}, result[(1, "")]


def protect(
    values: Mapping[K, int],
    equations: Iterable[Equation[K]],
    threshold: int,
    *,
    hidden: Collection[K] = (),
    keep: Mapping[K, int] | None = None,
) -> dict[K, Shown]:
    """How each figure is shown, given the links between them (see the module's rules).

    ``values`` are every figure, printed or ``hidden`` (never printed), in the order ties
    are broken in (earlier ones are hidden first). Every equation must hold for the values.
    ``keep`` ranks figures worth keeping (0 unless given; higher is kept longer): when a
    small number must be protected, a lower-ranked figure that protects it is hidden
    rather than a higher-ranked one, even one link further away (a breakdown before a
    total, last period's figure before this period's headline).
    Returns a ``Shown`` for each figure that is not in ``hidden``.
    """
    keys = list(values)
    index = {key: i for i, key in enumerate(keys)}
    numbers = [values[key] for key in keys]
    for number in numbers:
        _check_count(number)
    links = [_link(equation, index, numbers) for equation in equations]
    secret = {index[key] for key in hidden}
    if threshold <= 1:
        return {key: Shown.of(values[key]) for key in keys if index[key] not in secret}
    primary = {i for i, n in enumerate(numbers) if _is_suppressed(n, threshold) and i not in secret}
    # the parts of a small total all read "fewer than", zeros included
    may_be_zero: set[int] = set()
    for plus, minus in links:
        if len(minus) == 1 and minus[0] in primary:
            may_be_zero.update(plus)
    primary |= {i for i in may_be_zero if numbers[i] == 0 and i not in secret}
    secondary: set[int] = set()
    withheld: set[int] = set()
    sensitive = [i for i, n in enumerate(numbers) if is_small(n, threshold)]
    given_up: set[int] = set()
    rank = [keep.get(key, 0) for key in keys] if keep else [0] * len(keys)

    safe: set[int] = set()  # hiding more never makes a figure easier to work out

    def limits(extra: Collection[int] = ()) -> tuple[list[int], list[int | None]]:
        """What a reader can narrow each figure down to, with ``extra`` hidden too."""
        low, high = _bounds(
            numbers,
            primary - withheld,
            secondary | set(extra),
            secret | withheld,
            may_be_zero,
            threshold,
        )
        _narrow(links, low, high)
        return low, high

    def worked_out(i: int, low: list[int], high: list[int | None]) -> bool:
        if low[i] == high[i]:
            return True
        return not _has_alternative(i, numbers, links, low, high)

    while True:
        low, high = limits()
        leak = None
        for i in sensitive:
            if i in given_up or (i in safe and low[i] != high[i]):
                continue
            if worked_out(i, low, high):
                leak = i
                break
            safe.add(i)
        if leak is None:
            break

        def protects(candidate: int, leak: int = leak) -> bool:
            return not worked_out(leak, *limits([candidate]))

        not_printed = primary | secondary | secret | withheld
        extra = _next_to_hide(leak, links, numbers, rank, not_printed, protects)
        if extra is not None:
            secondary.add(extra)
        elif leak in withheld:
            given_up.add(leak)  # (cannot happen: a withheld group has no limits)
        else:  # everything linked to it is hidden already: withhold the group
            withheld |= _group(leak, links, not_printed) - secret
            secondary -= withheld
    result: dict[K, Shown] = {}
    for i, key in enumerate(keys):
        if i in secret:
            continue
        if i in withheld:
            result[key] = Shown(None, WITHHELD)
        elif i in primary:
            result[key] = Shown(None, fewer_than(threshold))
        elif i in secondary:
            result[key] = Shown(None, NOT_SHOWN)
        else:
            result[key] = Shown.of(numbers[i])
    return result


def rate(
    part: Shown | int,
    whole: Shown | int,
    *,
    places: int = 0,
) -> Rate:
    """``part`` as a percentage of ``whole``: "85%". Not shown when either is not shown;
    "–" when the whole is zero (nothing to measure)."""
    top = part.value if isinstance(part, Shown) else part
    bottom = whole.value if isinstance(whole, Shown) else whole
    if top is None or bottom is None:
        return Rate(None, NOT_SHOWN)
    if bottom == 0:
        return Rate(None, NOTHING_TO_MEASURE)
    value = 100 * top / bottom
    return Rate(value, percent_text(value, places))


def percent_text(value: float, places: int = 0) -> str:
    """ "85%", or "85.3%" with one place. Never rounds up to 100% or down to 0% falsely."""
    text = f"{value:.{places}f}"
    if value < 100 and float(text) >= 100:
        text = f"{99.9 if places else 99:.{places}f}"
    if value > 0 and float(text) <= 0:
        text = f"{0.1 if places else 1:.{places}f}"
        return f"under {text}%"
    return f"{text}%"


# -- the working ---------------------------------------------------------------------------


def _check_count(value: int) -> None:
    if value < 0:
        raise ValueError(f"A count cannot be negative: {value}")


def _link(
    equation: Equation[K], index: Mapping[K, int], numbers: Sequence[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    try:
        plus = tuple(index[key] for key in equation.plus)
        minus = tuple(index[key] for key in equation.minus)
    except KeyError as missing:
        raise ValueError(f"An equation names a figure that was not given: {missing}") from None
    if sum(numbers[i] for i in plus) != sum(numbers[i] for i in minus):
        raise ValueError(f"These figures do not add up: {equation}")
    return plus, minus


def _bounds(
    numbers: Sequence[int],
    primary: Collection[int],
    secondary: Collection[int],
    secret: Collection[int],
    may_be_zero: Collection[int],
    threshold: int,
) -> tuple[list[int], list[int | None]]:
    """What a reader knows of each figure before subtracting anything (None: no limit)."""
    low: list[int] = []
    high: list[int | None] = []
    for i, number in enumerate(numbers):
        if i in secret:
            low.append(0)
            high.append(None)
        elif i in primary:
            low.append(0 if i in may_be_zero else _smallest_shown(threshold))
            high.append(threshold - 1)
        elif i in secondary:
            low.append(threshold)
            high.append(None)
        else:
            low.append(number)
            high.append(number)
    return low, high


class _OutOfSteps(Exception):
    pass


def _has_alternative(
    target: int,
    numbers: Sequence[int],
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    low: Sequence[int],
    high: Sequence[int | None],
) -> bool:
    """Whether every link can hold, each figure within its limits, with ``target`` at
    another value than its own: the reader cannot tell which is true.

    The limits narrowed link by link miss what several links together give away (a
    total, less two rows, less a column...), so this searches for a whole other set of
    values, from the true ones outwards. It gives up after _SEARCH_STEPS steps and then
    answers False, which only ever hides more.
    """
    free = {i for i in range(len(numbers)) if low[i] != high[i]}
    # the links (and figures) that matter: those reached from the target through free ones
    members = [set(plus + minus) for plus, minus in links]
    chosen: list[int] = []
    reach = {target}
    frontier = {target}
    while frontier:
        new: set[int] = set()
        for n, member in enumerate(members):
            if n not in chosen and not frontier.isdisjoint(member):
                chosen.append(n)
                new |= member & free
        frontier = new - reach
        reach |= new
    fixed = {i: numbers[i] for n in chosen for i in members[n] if i not in free}
    signed = [[(i, 1) for i in links[n][0]] + [(i, -1) for i in links[n][1]] for n in chosen]
    steps = [_SEARCH_STEPS]

    def nearest(i: int) -> Iterator[int]:
        """Values within the limits, the true one first, then one away, two away..."""
        truth, bottom, top = numbers[i], low[i], high[i]
        distance = 0
        while True:
            below, above = truth - distance, truth + distance
            if below < bottom and top is not None and above > top:
                return
            if distance == 0:
                yield truth
            else:
                if top is None or above <= top:
                    yield above
                if below >= bottom:
                    yield below
            distance += 1

    def solve(assignment: dict[int, int]) -> bool:
        steps[0] -= 1
        if steps[0] < 0:
            raise _OutOfSteps
        values = {**fixed, **assignment}
        changed = True
        while changed:
            changed = False
            for terms in signed:
                total = 0
                unknown: list[tuple[int, int]] = []
                for i, sign in terms:
                    if i in values:
                        total += sign * values[i]
                    else:
                        unknown.append((i, sign))
                if not unknown:
                    if total:
                        return False
                elif len(unknown) == 1:
                    i, sign = unknown[0]
                    forced = -total * sign
                    top = high[i]
                    if forced < low[i] or (top is not None and forced > top):
                        return False
                    values[i] = forced
                    changed = True
                elif not _can_balance(total, unknown, low, high):
                    return False
        remaining = [i for i in reach if i not in values]
        if not remaining:
            return True
        pick = min(remaining, key=lambda i: _width(low[i], high[i]))
        return any(
            solve({**assignment, **_only_new(values, fixed), pick: value})
            for value in nearest(pick)
        )

    try:
        return any(solve({target: value}) for value in nearest(target) if value != numbers[target])
    except _OutOfSteps:
        return False


def _can_balance(
    total: int,
    unknown: Sequence[tuple[int, int]],
    low: Sequence[int],
    high: Sequence[int | None],
) -> bool:
    """Whether ``total`` plus the signed unknowns can be 0, each within its limits."""
    least: int | None = total  # None: no limit
    most: int | None = total
    for i, sign in unknown:
        bottom, top = low[i], high[i]
        if sign > 0:
            least = None if least is None else least + bottom
            most = None if most is None or top is None else most + top
        else:
            least = None if least is None or top is None else least - top
            most = None if most is None else most - bottom
    return (least is None or least <= 0) and (most is None or most >= 0)


def _width(low: int, high: int | None) -> float:
    return float("inf") if high is None else high - low


def _only_new(values: Mapping[int, int], fixed: Mapping[int, int]) -> dict[int, int]:
    return {i: v for i, v in values.items() if i not in fixed}


def _narrow(
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    low: list[int],
    high: list[int | None],
) -> None:
    """Tighten each figure's limits from each link, over and over, until nothing changes.

    The limits always hold the true value, so they never cross.
    """

    def sum_high(items: Iterable[int]) -> int | None:
        total = 0
        for j in items:
            limit = high[j]
            if limit is None:
                return None
            total += limit
        return total

    for _ in range(_MAX_PASSES):
        changed = False
        for plus, minus in links:
            for side, other in ((plus, minus), (minus, plus)):
                for i in side:
                    if low[i] == high[i]:
                        continue
                    rest = [j for j in side if j != i]
                    # i = sum(other) - sum(rest)
                    top = sum_high(other)
                    if top is not None:
                        new_high = top - sum(low[j] for j in rest)
                        current = high[i]
                        if current is None or new_high < current:
                            high[i] = new_high
                            changed = True
                    rest_high = sum_high(rest)
                    if rest_high is not None:
                        new_low = sum(low[j] for j in other) - rest_high
                        if new_low > low[i]:
                            low[i] = new_low
                            changed = True
        if not changed:
            return


def _group(
    start: int,
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    not_printed: Collection[int],
) -> set[int]:
    """Every figure in a link with ``start``, and on through the figures not printed."""
    group = {start}
    frontier = {start}
    while frontier:
        reached: set[int] = set()
        for plus, minus in links:
            members = plus + minus
            if not frontier.isdisjoint(members):
                reached.update(members)
        frontier = {i for i in reached - group if i in not_printed}
        group |= reached
    return group


def _next_to_hide(
    leak: int,
    links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    numbers: Sequence[int],
    rank: Sequence[int],
    not_printed: Collection[int],
    protects: Callable[[int], bool],
) -> int | None:
    """The printed figure to hide so that ``leak`` can no longer be worked out.

    Usually the smallest non-zero figure (of the lowest rank) in a link with it, else in a
    link one step further away (through figures already hidden). But a lower-ranked figure
    further away is preferred when hiding it alone protects the leak (``protects``).
    """
    levels: list[list[int]] = []
    frontier = {leak}
    seen = {leak}
    used: set[int] = set()
    while frontier:
        reached: set[int] = set()
        for n, (plus, minus) in enumerate(links):
            if n in used or frontier.isdisjoint(plus + minus):
                continue
            used.add(n)
            reached.update(plus + minus)
        candidates = {i for i in reached if i not in not_printed and numbers[i] > 0}
        levels.append(sorted(candidates - seen, key=lambda i: (rank[i], numbers[i], i)))
        seen |= candidates
        frontier = {i for i in reached if i in not_printed} - seen
        seen |= frontier
    default = next((level[0] for level in levels if level), None)
    if default is None:
        return None
    for level in levels:
        for candidate in level:
            if rank[candidate] >= rank[default]:
                break
            if protects(candidate):
                return candidate
    return default
