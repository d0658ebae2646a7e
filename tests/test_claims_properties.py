"""Properties of verdicts (CLAIMS.md) that must hold for every input, checked with hypothesis:
a verdict never contradicts the bounds, and narrowing dates never turns holds into contradicted."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from timeline import claims as c
from timeline.dates.amounts import Claimed
from timeline.gaps import between

DAY0 = date(2024, 1, 1)
offsets = st.integers(0, 400)
bounds = st.tuples(st.integers(0, 300), st.integers(0, 300)).map(sorted)


def claimed(lo: int, hi: int | None) -> Claimed:
    return Claimed("x", lo, hi, "", 0.0, "day")


@given(st.integers(0, 500), st.one_of(st.none(), st.integers(0, 500)), bounds)
def test_a_verdict_never_contradicts_the_bounds(lo: int, hi: int | None, true: list[int]) -> None:
    assume(hi is None or lo <= hi)
    tmin, tmax = true
    verdict = c.judge(claimed(lo, hi), tmin, tmax)
    top = float("inf") if hi is None else hi
    if verdict == c.HOLDS:
        assert lo <= tmin <= tmax <= top
    elif verdict == c.CONTRADICTED:
        assert tmax < lo or tmin > top
    else:
        assert not (tmax < lo or tmin > top) and not (lo <= tmin and tmax <= top)


def _days(pair: list[int]) -> tuple[date, date]:
    return DAY0 + timedelta(days=pair[0]), DAY0 + timedelta(days=pair[1])


def _narrow(pair: list[int], cut: tuple[int, int]) -> list[int]:
    """A sub-range of `pair` (what a better source says)."""
    first = pair[0] + min(cut[0], pair[1] - pair[0])
    return [first, first + min(cut[1], pair[1] - first)]


cuts = st.tuples(st.integers(0, 300), st.integers(0, 300))


@given(bounds, bounds.map(lambda p: [p[0] + 100, p[1] + 100]), st.integers(0, 400),
       st.integers(0, 200), cuts, cuts)  # fmt: skip
def test_narrowing_a_duration_never_turns_holds_into_contradicted(
    a: list[int], b: list[int], lo: int, width: int, ca: tuple[int, int], cb: tuple[int, int]
) -> None:
    claim = claimed(lo, lo + width)

    def verdict(x: list[int], y: list[int]) -> str:
        s = between(_days(x), _days(y))
        return c.judge(claim, s.min_days, s.max_days)

    before, after = verdict(a, b), verdict(_narrow(a, ca), _narrow(b, cb))
    assert not (before == c.HOLDS and after == c.CONTRADICTED)
    assert not (before == c.CONTRADICTED and after == c.HOLDS)
    if before != c.CANNOT_TELL:
        assert after == before


def _row(i: int, pair: list[int]) -> tuple[object, ...]:
    first, last = _days(pair)
    return (i, first.isoformat(), last.isoformat(), first.isoformat(), last.isoformat())


events = st.lists(bounds.map(lambda p: [p[0] + 50, p[1] + 50 + p[0] % 3]), min_size=1, max_size=6)


@settings(max_examples=300)
@given(events, bounds, st.integers(0, 300), st.integers(0, 120), st.integers(0, 5), cuts)
def test_narrowing_an_event_never_turns_a_gap_claim_from_holds_to_contradicted(
    found: list[list[int]], anchor: list[int], lo: int, width: int, which: int,
    cut: tuple[int, int],
) -> None:  # fmt: skip
    claim = claimed(lo, lo + width)
    reference = DAY0 + timedelta(days=900)

    def verdict(evs: list[list[int]], a: list[int]) -> str:
        rows = [_row(i + 1, e) for i, e in enumerate(evs)] + [_row(c.ANCHOR, a)]
        rows.sort(key=lambda r: (r[1], r[2], r[0]))
        g = c.gap_after(rows, _row(c.ANCHOR, a), reference)
        return c.judge(claim, g.min_days, g.max_days)

    narrowed = list(found)
    narrowed[which % len(found)] = _narrow(found[which % len(found)], cut)
    before = verdict(found, anchor)
    for after in (verdict(narrowed, anchor), verdict(found, _narrow(anchor, cut))):
        assert not (before == c.HOLDS and after == c.CONTRADICTED)


small = st.tuples(st.integers(0, 6), st.integers(0, 6)).map(sorted)


@settings(max_examples=300)
@given(small, small, small, small, st.booleans(), st.booleans())
def test_allen_answers_agree_with_every_realisation(
    sa: list[int], ea: list[int], sb: list[int], eb: list[int], ia: bool, ib: bool
) -> None:
    def b(s: list[int], e: list[int], instant: bool) -> c.Bounds:
        if instant:
            e = s
        d = [DAY0 + timedelta(days=x) for x in (*s, *e)]
        return c.Bounds(d[0], d[1], d[2], d[3], instant)

    A, B = b(sa, ea, ia), b(sb, eb, ib)

    def ends(x: c.Bounds) -> list[tuple[int, int]]:
        days = range(x.s_lo.toordinal(), x.s_hi.toordinal() + 1)
        if x.instant:
            return [(d, d) for d in days]
        return [(s, e) for s in days for e in range(x.e_lo.toordinal(), x.e_hi.toordinal() + 1)
                if s <= e]  # fmt: skip

    tests = {
        "before": lambda a1, a2, b1, b2: a2 + 1 < b1,
        "meets": lambda a1, a2, b1, b2: a2 + 1 == b1,
        "overlaps": lambda a1, a2, b1, b2: a1 < b1 <= a2 < b2,
        "starts": lambda a1, a2, b1, b2: a1 == b1 and a2 < b2,
        "during": lambda a1, a2, b1, b2: b1 < a1 and a2 < b2,
        "finishes": lambda a1, a2, b1, b2: a2 == b2 and b1 < a1,
        "equals": lambda a1, a2, b1, b2: a1 == b1 and a2 == b2,
        "contains": lambda a1, a2, b1, b2: a1 < b1 and b2 < a2,
    }
    worlds = [(*x, *y) for x, y in itertools.product(ends(A), ends(B))]
    assume(worlds)
    found = c.allen(A, B)
    for name, test in tests.items():
        seen = {test(*w) for w in worlds}
        expected = "yes" if seen == {True} else "no" if seen == {False} else c.CANNOT_TELL
        assert found[name] == expected, name
    assert sum(found[n] == "yes" for n in found) <= 1
