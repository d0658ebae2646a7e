"""Temporal claims checked against the chronology (CLAIMS.md): verdicts, the gap after an anchor,
and Allen's interval relations over fuzzy bounds. Pure: no SQLite, no clock, no printing.

Decisions encoded here:
- A verdict compares the true range [tmin, tmax] (tmax None: no upper bound) with the claim's
  interval [lo, hi]: **holds** when the true range lies inside it, **contradicted** when they do
  not meet, **cannot tell** when they overlap in part.
- `exactly` is judged in calendar units: it holds when every possible start plus the amount is
  the matching end (both ends exact days), and is contradicted when no start in A's bounds plus
  the amount lands in B's bounds (calendar addition is monotone, so the ends of the ranges
  decide).
- The gap after an anchor A (a gap claim): the sweep of DATES.md over the selection with A
  added; the gap is the first one that ends after A begins. Its least figure is the sweep's
  (from the latest `end.latest` of A and every selected event before the gap, to the earliest
  start after it). Its greatest is measured from A (CLAIMS.md's worked example: the date
  `December 2022` gives 480 to 510 days beside an event of 2022-12-29), unless an event that
  certainly comes after A ends later: the quiet period cannot have begun before that one.
  With nothing after A, the gap is the open one to the reference day, with no upper bound.
- Allen's relations are read on days: an event covers whole days, so `[s, e]` is the time from
  the start of day s to the end of day e. Each relation is a set of (in)equalities between the
  four ends; whether it always holds, can hold or cannot is decided exactly by difference
  constraints over the ends' bounds (Bellman–Ford on five nodes), an instant's two ends being
  one day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from timeline.dates.amounts import Claimed
from timeline.dates.durations import add_duration

HOLDS = "holds"
CONTRADICTED = "contradicted"
CANNOT_TELL = "cannot tell"
VERDICTS = (HOLDS, CONTRADICTED, CANNOT_TELL)


def judge(claimed: Claimed, tmin: int, tmax: int | None) -> str:
    """The verdict for a true range [tmin, tmax] against the claim's interval."""
    hi = claimed.hi
    if (tmax is not None and tmax < claimed.lo) or (hi is not None and tmin > hi):
        return CONTRADICTED
    inside_hi = hi is None or (tmax is not None and tmax <= hi)
    return HOLDS if claimed.lo <= tmin and inside_hi else CANNOT_TELL


def judge_exact(claimed: Claimed, a: tuple[date, date], b: tuple[date, date]) -> str | None:
    """`exactly N units` from A (its (earliest, latest) days) to B, in calendar units; None when
    the amount has no calendar form (then the day interval is judged instead)."""
    if claimed.duration is None:
        return None
    first, last = add_duration(a[0], claimed.duration), add_duration(a[1], claimed.duration)
    if last < b[0] or first > b[1]:
        return CONTRADICTED
    exact = a[0] == a[1] and b[0] == b[1]
    return HOLDS if exact and first == b[0] else CANNOT_TELL


# -- the gap after an anchor ------------------------------------------------------------------

Row = Sequence[Any]
"""(id, start_earliest, start_latest, end_earliest, end_latest) with ISO days, as the sweep."""
ANCHOR = -1
"""The id the anchor's row carries when it is a date, not an event."""


class GapAfter(NamedTuple):
    """The quiet period after an anchor: at least `min_days`, at most `max_days` (None: no
    bound, nothing came after it), and the events that decide it (`before` ends last before
    it, `after` begins first after it; `longest_from` decides the greatest figure)."""

    min_from: date
    min_to: date
    max_from: date
    max_to: date | None
    before: int
    after: int | None
    longest_from: int

    @property
    def min_days(self) -> int:
        return (self.min_to - self.min_from).days

    @property
    def max_days(self) -> int | None:
        return None if self.max_to is None else (self.max_to - self.max_from).days


def gap_after(rows: Iterable[Row], anchor: Row, reference: date) -> GapAfter:
    """The gap after `anchor` among `rows` (sorted by start, the anchor among them)."""
    a_se, a_el, a_ee = anchor[1], anchor[4], anchor[3]
    cover, last = "", None
    longest, longest_id = a_ee, anchor[0]
    found: list[Any] | None = None
    min_sl: str | None = None
    for row in rows:
        if found is not None:
            if row[1] >= (min_sl or ""):
                break
            if row[2] < (min_sl or "9999-12-31"):
                min_sl, found[1] = row[2], row
            continue
        if cover and row[1] > cover and row[1] > a_se and cover >= a_el:
            found, min_sl = [row, row], row[2]
            continue
        if row[4] >= cover:
            cover, last = row[4], row
        if row[1] > a_el and row[3] > longest:  # certainly after the anchor, and ending later
            longest, longest_id = row[3], row[0]
    assert last is not None
    if found is None:
        return GapAfter(_day(cover), reference, _day(longest), None, int(last[0]), None,
                        int(longest_id))  # fmt: skip
    first, least = found
    return GapAfter(
        _day(cover), _day(first[1]), _day(longest), _day(least[2]), int(last[0]), int(first[0]),
        int(longest_id),
    )  # fmt: skip


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


# -- Allen's relations on fuzzy bounds --------------------------------------------------------


class Bounds(NamedTuple):
    """An event's or a date's ends: its start lies in [s_lo, s_hi], its end in [e_lo, e_hi];
    an instant's start and end are one day."""

    s_lo: date
    s_hi: date
    e_lo: date
    e_hi: date
    instant: bool


# Each relation as constraints `x - y <= c` over the ends a1, a2, b1, b2 (days as numbers), with
# A covering [a1, a2 + 1) and B [b1, b2 + 1).
_LT, _EQ = "<", "="
Atom = tuple[str, str, str]  # (left, op, right): left op right
ALLEN: dict[str, tuple[Atom, ...]] = {
    "before": (("a2", _LT, "b1m1"),),
    "meets": (("a2", _EQ, "b1m1"),),
    "overlaps": (("a1", _LT, "b1"), ("b1", _LT, "a2p1"), ("a2", _LT, "b2")),
    "starts": (("a1", _EQ, "b1"), ("a2", _LT, "b2")),
    "during": (("b1", _LT, "a1"), ("a2", _LT, "b2")),
    "finishes": (("a2", _EQ, "b2"), ("b1", _LT, "a1")),
    "equals": (("a1", _EQ, "b1"), ("a2", _EQ, "b2")),
    "after": (("b2", _LT, "a1m1"),),
    "met by": (("b2", _EQ, "a1m1"),),
    "overlapped by": (("b1", _LT, "a1"), ("a1", _LT, "b2p1"), ("b2", _LT, "a2")),
    "started by": (("a1", _EQ, "b1"), ("b2", _LT, "a2")),
    "contains": (("a1", _LT, "b1"), ("b2", _LT, "a2")),
    "finished by": (("a2", _EQ, "b2"), ("a1", _LT, "b1")),
}
"""Allen's thirteen relations of A to B."""
ORDERS: dict[str, tuple[Atom, ...]] = {
    "before": (("a2", _LT, "b1"),),
    "after": (("b2", _LT, "a1"),),
    "during": (("b1", "<=", "a1"), ("a2", "<=", "b2")),
    "overlaps": (("a1", "<=", "b2"), ("b1", "<=", "a2")),
    "same-day": (("a1", _EQ, "a2"), ("a2", _EQ, "b1"), ("b1", _EQ, "b2")),
}
"""The orders `check order` asks: A before B (A ends before B starts), after, during (A within
B), overlaps (they share a day), the same single day."""

_SHIFT = {"b1m1": ("b1", -1), "a2p1": ("a2", 1), "a1m1": ("a1", -1), "b2p1": ("b2", 1)}
_NODES = ("z", "a1", "a2", "b1", "b2")


def _edges(a: Bounds, b: Bounds) -> list[tuple[str, str, int]]:
    """The domain as `(x, y, c)` meaning `x - y <= c`; `z` is day zero."""
    edges: list[tuple[str, str, int]] = []
    for name, lo, hi in (("a1", a.s_lo, a.s_hi), ("a2", a.e_lo, a.e_hi),
                         ("b1", b.s_lo, b.s_hi), ("b2", b.e_lo, b.e_hi)):  # fmt: skip
        edges += [(name, "z", hi.toordinal()), ("z", name, -lo.toordinal())]
    for first, second, bounds in (("a1", "a2", a), ("b1", "b2", b)):
        edges.append((first, second, 0))  # a start is never after its end
        if bounds.instant:
            edges.append((second, first, 0))
    return edges


def _atom_edges(atom: Atom, negate: bool) -> list[list[tuple[str, str, int]]]:
    """The atom (or its negation) as alternatives, each a list of `x - y <= c`."""
    left, op, right = atom
    right, k = _SHIFT.get(right, (right, 0))  # left op right + k
    lt = [(left, right, k - 1)]  # left - right <= k - 1
    le = [(left, right, k)]
    ge = [(right, left, -k)]  # right + k <= left
    gt = [(right, left, -k - 1)]
    if op == _LT:
        return [ge] if negate else [lt]
    if op == "<=":
        return [gt] if negate else [le]
    return [lt, gt] if negate else [le + ge]


def _feasible(edges: list[tuple[str, str, int]]) -> bool:
    """Whether `x - y <= c` for all edges has an integer solution (no negative cycle)."""
    dist = dict.fromkeys(_NODES, 0)
    for _ in range(len(_NODES)):
        changed = False
        for x, y, c in edges:  # x - y <= c: edge y -> x of weight c
            if dist[y] + c < dist[x]:
                dist[x], changed = dist[y] + c, True
        if not changed:
            return True
    return False


def relation(a: Bounds, b: Bounds, atoms: tuple[Atom, ...]) -> str:
    """`yes` when the relation holds whatever the fuzzy ends really were, `no` when it cannot,
    `cannot tell` otherwise."""
    domain = _edges(a, b)
    can = _feasible(domain + [e for atom in atoms for e in _atom_edges(atom, False)[0]])
    if not can:
        return "no"
    always = all(
        not _feasible(domain + alternative)
        for atom in atoms
        for alternative in _atom_edges(atom, True)
    )
    return "yes" if always else CANNOT_TELL


def allen(a: Bounds, b: Bounds) -> dict[str, str]:
    """Each of Allen's thirteen relations of A to B: yes, no or cannot tell."""
    return {name: relation(a, b, atoms) for name, atoms in ALLEN.items()}


# -- what a check answers ----------------------------------------------------------------------


class Decider(NamedTuple):
    """An event (or the anchor date, `id` None) that decides a figure, and its part."""

    role: str
    id: int | None
    title: str
    when: str


class Suggestion(NamedTuple):
    """An anchor with which the same claim would hold, and the true range there (measured from
    `start` at the most)."""

    label: str
    id: int | None
    min_days: int
    max_days: int | None
    start: date | None = None


class Check(NamedTuple):
    """A claim as read, the true value, the verdict and the events that decide it.

    `claimed` is the claim's interval (days or events; None for orders); `true_min` …
    `true_max` the true range (None: no upper bound); `span` the days the true range is
    measured between (least from, least to, most from, most to), for calendar forms;
    `relations` the answer of each relation asked (orders)."""

    kind: str
    claim: str
    claimed: Claimed | None
    true_min: int | None
    true_max: int | None
    verdict: str
    deciding: tuple[Decider, ...] = ()
    would_hold: tuple[Suggestion, ...] = ()
    span: tuple[date, date, date, date | None] | None = None
    relations: tuple[tuple[str, str], ...] = ()
    unit: str = "days"


KINDS = ("gap", "duration", "count", "first", "order")


class Claim(NamedTuple):
    """A stored claim: what was checked (as typed), where it comes from, and its verdict then."""

    id: int
    kind: str
    claim: str
    a: str | None
    b: str | None
    within: str | None
    selection: dict[str, object]
    as_of: str | None
    source: str | None
    quote: str | None
    recorded_verdict: str
    created_at: str
    updated_at: str
    uuid: str | None = None
