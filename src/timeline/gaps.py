"""Quiet periods and durations between events, as min/max bounds (DATES.md, Durations and Gaps).

Owns the one-pass sweep that finds gaps, naming their events (`with_names`), the duration from
A to B (`between`), and the three-valued threshold answer (yes / no / cannot tell). Pure: no
SQLite, no clock, no printing.

Decisions encoded here:

- Rows arrive sorted by `start_earliest` as tuples
  `(id, start_earliest, start_latest, end_earliest, end_latest[, group])` with the days as ISO
  `YYYY-MM-DD` text (four-digit years, so text order is date order and the hot loop compares
  strings; days become `date` values only for the gaps found). An instant's end is its start; an
  ongoing end is already resolved to the question's reference day by the caller. Rows carry no
  titles, so the store streams them from a slim index: the sweep's `EventRef`s have empty
  `title` and `when` until `with_names` fills them in, which callers do for the gaps they keep
  (after `--min` and `--top`), not for every gap found.
- The sweep keeps C, the latest `end_latest` so far; the next row opens a gap when its
  `start_earliest` is later than C. The *from* side of a gap is every event before it, the *to*
  side every event after it (all of them, up to the end of the selection, not only up to the next
  gap). So `max_to` is the least `start_latest` over every later event and `max_from` the greatest
  `end_earliest` over every earlier one. The earlier side is a running maximum. The later side is
  held open: a pending gap's running minimum M is final as soon as a row arrives with
  `start_earliest >= M`, because every later row starts (and so has `start_latest`) no earlier.
  With ordinary spans (an end never before its start's latest day) a gap is final before the next
  one opens; pending gaps stack only for odd spans, and the stack keeps the answer exact.
- `--by category` groups without regard to ASCII case (`case_blind`), as the filters match
  categories: a group is named as its first event (in sweep order) spells it.
- Named events: *from* is the event with the latest `end_latest` (on a tie, the later in sweep
  order: the one that started last), which decides `min_from`; *to* is the first event after
  the gap in sweep order, which decides `min_to`. The events that decide the longest bound are
  named too: `before_max`, the greatest `end_earliest` before (on a tie the later), and
  `after_max`, the least `start_latest` after (on a tie the first), so every figure can be
  checked by hand from the events named.
- `--since DATE` adds the gap from DATE to the first event, when the first event starts after
  DATE (`min_from` = DATE's latest day, `max_from` = its earliest); it changes no other gap.
  `--as-of DAY` adds the open gap from C to DAY when DAY is later than C (per group with
  `--by`).
- `between A B`: min = B.earliest - A.latest, max = B.latest - A.earliest (widest bounds); a
  negative min means B may come before A (its calendar form then starts with `-`).
- Thresholds are calendar-aware: "at least D" is certain when `min_from + D <= min_to` and
  possible when `max_from + D <= max_to`; "at most D" is certain when `max_to <= max_from + D`
  and impossible when `min_to > min_from + D`. Both given: yes only if both are yes, no if
  either is no.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import chain, groupby
from operator import itemgetter
from typing import Any, NamedTuple

from timeline.dates.durations import add_duration, calendar_form
from timeline.dates.types import Duration
from timeline.model.results import EventRef, Gap, Quiet
from timeline.model.results import with_names as with_names  # re-exported: naming is part of gaps

Row = Sequence[Any]
"""(id, start_earliest, start_latest, end_earliest, end_latest[, group])."""

YES = "yes"
NO = "no"
CANNOT_TELL = "cannot tell"


class _Pending:
    """A gap whose `max_to` (least `start_latest` after it) may still shrink; `sl_row` is the
    event that holds it, `ee_row` the one that holds `max_from`."""

    __slots__ = ("after", "before", "ee_row", "max_from", "min_from", "min_sl", "min_to", "sl_row")

    def __init__(
        self, before: Row | None, after: Row, cover: str, max_ee: str, ee_row: Row | None
    ) -> None:
        self.before = before
        self.after = after
        self.min_from = cover
        self.max_from = max_ee
        self.ee_row = ee_row
        self.min_to: str = after[1]
        self.min_sl: str = after[2]
        self.sl_row: Row = after


def _ref(row: Row | None) -> EventRef | None:
    """The event of `row`, unnamed (empty title and when) until `with_names`."""
    if row is None:
        return None
    return EventRef(id=int(row[0]), title="", when="")


def _gap(p: _Pending, group: str | None) -> Gap:
    return Gap(
        before=_ref(p.before),
        after=_ref(p.after),
        min_from=date.fromisoformat(p.min_from),
        min_to=date.fromisoformat(p.min_to),
        max_from=date.fromisoformat(p.max_from),
        max_to=date.fromisoformat(p.min_sl),
        group=group,
        before_max=_ref(p.ee_row),
        after_max=_ref(p.sl_row),
    )


Tail = tuple[Row | None, str, str, Row | None]
"""The end of a run: (the event of C, C, the greatest end_earliest, the event of that)."""


def _sweep(
    rows: Iterable[Row], group: str | None, since: tuple[date, date] | None
) -> Iterator[Gap | Tail]:
    """Yield the closed gaps of one sorted run, then its `Tail`."""
    pending: deque[_Pending] = deque()
    last: Row | None = None
    ee_row: Row | None = None
    cover = max_ee = ""
    first = True
    for row in rows:
        se: str = row[1]
        sl: str = row[2]
        if pending:
            while pending and se >= pending[0].min_sl:
                yield _gap(pending.popleft(), group)
            for p in reversed(pending):
                if p.min_sl <= sl:
                    break
                p.min_sl, p.sl_row = sl, row
        if first:
            if since is not None and se > since[1].isoformat():
                start = (since[1].isoformat(), since[0].isoformat())
                pending.append(_Pending(None, row, *start, None))
            first = False
        elif se > cover:
            pending.append(_Pending(last, row, cover, max_ee, ee_row))
        el: str = row[4]
        if el >= cover:
            cover, last = el, row
        if row[3] >= max_ee:
            max_ee, ee_row = row[3], row
    while pending:
        yield _gap(pending.popleft(), group)
    yield (last, cover, max_ee, ee_row)


def _run(
    rows: Iterable[Row],
    group: str | None,
    since: tuple[date, date] | None,
    as_of: date | None,
) -> Iterator[Gap]:
    """The gaps of one group, then its open gap to `as_of` if any."""
    for item in _sweep(rows, group, since):
        if isinstance(item, Gap):
            yield item
            continue
        last, cover, max_ee, ee_row = item
        if as_of is not None and last is not None and as_of.isoformat() > cover:
            yield Gap(
                before=_ref(last),
                after=None,
                min_from=date.fromisoformat(cover),
                min_to=as_of,
                max_from=date.fromisoformat(max_ee),
                max_to=as_of,
                open=True,
                group=group,
                before_max=_ref(ee_row),
            )


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def quiet(
    rows: Iterable[Row], *, as_of: date, grouped: bool = False, case_blind: bool = False
) -> Iterator[Quiet]:
    """Each group's last events before `as_of` (one group without `grouped`), in sweep order;
    `rank_quiet` orders them longest quiet first."""
    if not grouped:
        runs: Iterable[tuple[str | None, Iterable[Row]]] = [(None, rows)]
    else:
        key = _ascii_fold if case_blind else itemgetter(5)
        runs = ((None, run) for _, run in groupby(rows, key=key))
    for name, run in runs:
        it = iter(run)
        first = next(it, None)
        if first is None:
            continue
        group = str(first[5]) if grouped and first[5] is not None else name
        tail = deque(_sweep(chain([first], it), group, None), maxlen=1)[0]
        assert not isinstance(tail, Gap)
        last, cover, max_ee, ee_row = tail
        assert last is not None and ee_row is not None
        yield Quiet(group, EventRef(int(last[0]), "", ""), EventRef(int(ee_row[0]), "", ""),
                    date.fromisoformat(cover), date.fromisoformat(max_ee), as_of)  # fmt: skip


def rank_quiet(found: Iterable[Quiet]) -> list[Quiet]:
    """Longest quiet first: by the least time since, then the most, then the group's name."""
    return sorted(found, key=lambda q: (-q.min_days, -q.max_days, q.group or ""))


def _ascii_fold(row: Row) -> object:
    """The group name without regard to ASCII case, as SQLite's NOCASE compares it."""
    name = row[5]
    return name.translate(_ASCII_LOWER) if isinstance(name, str) else name


def find_gaps(
    rows: Iterable[Row],
    *,
    grouped: bool = False,
    case_blind: bool = False,
    since: tuple[date, date] | None = None,
    as_of: date | None = None,
) -> Iterator[Gap]:
    """Stream the gaps of rows sorted by start_earliest (by group first when `grouped`).

    `case_blind`: group names equal but for ASCII case are one group, named as its first row
    spells it. `since` is the (earliest, latest) days of `--since`; `as_of` the day of the open
    gap. Gaps come in sweep order (group by group); `rank_gaps` orders them longest first.
    """
    if not grouped:
        yield from _run(rows, None, since, as_of)
        return
    for _, run in groupby(rows, key=_ascii_fold if case_blind else itemgetter(5)):
        yield from _named_run(run, since, as_of)


def _named_run(
    run: Iterator[Row], since: tuple[date, date] | None, as_of: date | None
) -> Iterator[Gap]:
    """One group's gaps, the group named as its first row spells it."""
    first = next(run)
    name = first[5]
    yield from _run(chain([first], run), None if name is None else str(name), since, as_of)


def _rank_key(g: Gap) -> tuple[int, int, int]:
    return (g.min_days, g.max_days, -g.min_from.toordinal())


def rank_gaps(gaps: Iterable[Gap], top: int | None = None) -> list[Gap]:
    """Longest first: by min_days, then max_days, then the earlier start; `top` keeps N."""
    if top is not None:
        return heapq.nlargest(top, gaps, key=_rank_key)
    return sorted(gaps, key=_rank_key, reverse=True)


class Span(NamedTuple):
    """The time from A to B: at least `min_from` to `min_to`, at most `max_from` to `max_to`."""

    min_from: date
    min_to: date
    max_from: date
    max_to: date

    @property
    def min_days(self) -> int:
        return (self.min_to - self.min_from).days

    @property
    def max_days(self) -> int:
        return (self.max_to - self.max_from).days

    @property
    def unbounded(self) -> bool:
        """No longest figure: an end has an open side (`by March 2024`, `2004-06-01/`)."""
        return self.max_from == date.min or self.max_to == date.max


def between(a: tuple[date, date], b: tuple[date, date]) -> Span:
    """The time from A to B, each given by its widest (earliest, latest) days."""
    return Span(min_from=a[1], min_to=b[0], max_from=a[0], max_to=b[1])


def gap_span(g: Gap) -> Span:
    """A gap's bounds as a `Span`, for the threshold tests shared with `between`."""
    return Span(min_from=g.min_from, min_to=g.min_to, max_from=g.max_from, max_to=g.max_to)


class Answer(NamedTuple):
    """A threshold question's answer: `yes`, `no` or `cannot tell`, and why."""

    verdict: str
    reason: str


def _at_least(s: Span, d: Duration) -> str:
    if add_duration(s.min_from, d) <= s.min_to:
        return YES
    return NO if add_duration(s.max_from, d) > s.max_to else CANNOT_TELL


def keep_at_least(gaps: Iterable[Gap], d: Duration) -> Iterator[tuple[Gap, bool]]:
    """`--min D`: the gaps that can be at least D long (`max_from + D <= max_to`), each with
    whether it certainly is (`min_from + D <= min_to`): one test per gap."""
    for g in gaps:
        verdict = _at_least(gap_span(g), d)
        if verdict != NO:
            yield g, verdict == YES


def rank_marked(
    marked: Iterable[tuple[Gap, bool]], top: int | None = None
) -> list[tuple[Gap, bool]]:
    """`rank_gaps` for the (gap, mark) pairs of `keep_at_least`."""
    if top is not None:
        return heapq.nlargest(top, marked, key=_pair_key)
    return sorted(marked, key=_pair_key, reverse=True)


def _pair_key(pair: tuple[Gap, bool]) -> tuple[int, int, int]:
    return _rank_key(pair[0])


def _at_most(s: Span, d: Duration) -> str:
    if s.max_to <= add_duration(s.max_from, d):
        return YES
    return NO if s.min_to > add_duration(s.min_from, d) else CANNOT_TELL


def _combine(verdicts: list[str]) -> str:
    if NO in verdicts:
        return NO
    return CANNOT_TELL if CANNOT_TELL in verdicts else YES


def describe(s: Span) -> str:
    """`457 to 516 days (1 year 3 months 1 day to 1 year 4 months 29 days)`, or one figure;
    `62 days or more (2 months 1 day or more)` when an open side leaves no longest figure."""
    if s.unbounded:
        low = calendar_form(s.min_from, s.min_to)
        return f"{s.min_days} or more days ({low} or more; an end has no earliest or latest day)"
    if s.min_days == s.max_days:
        return f"{s.min_days} days ({calendar_form(s.min_from, s.min_to)})"
    low = calendar_form(s.min_from, s.min_to)
    high = calendar_form(s.max_from, s.max_to)
    return f"{s.min_days} to {s.max_days} days ({low} to {high})"


def answer(s: Span, at_least: Duration | None, at_most: Duration | None) -> Answer:
    """Answer "is it at least / at most D?" for the bounds `s`, with the bounds as the reason."""
    verdicts = []
    asked = []
    if at_least is not None:
        verdicts.append(_at_least(s, at_least))
        asked.append(f"at least {at_least.text}")
    if at_most is not None:
        verdicts.append(_at_most(s, at_most))
        asked.append(f"at most {at_most.text}")
    verdict = _combine(verdicts)
    reason = f"{' and '.join(asked)}? {verdict}: {_bounds(s)}"
    return Answer(verdict=verdict, reason=reason)


def _bounds(s: Span) -> str:
    """`at least 457 days (1 year 3 months 1 day, 2022-12-31 to 2024-04-01) and at most …`."""
    low = calendar_form(s.min_from, s.min_to)
    least = f"at least {s.min_days} days ({low}, {s.min_from} to {s.min_to})"
    if s.unbounded:
        return least + " and no most (an end has no earliest or latest day)"
    high = calendar_form(s.max_from, s.max_to)
    return f"{least} and at most {s.max_days} days ({high}, {s.max_from} to {s.max_to})"
