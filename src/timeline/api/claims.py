"""Checking what sources say about time (CLAIMS.md): the bodies of `Timeline.check_*`,
`Timeline.relate` and the stored claims.

Decisions encoded here (* where CLAIMS.md is silent):
- An anchor is an event (`#12`: its bounds, an ongoing end cut at the reference day) or a date
  read against the reference day (`as_of`, else today); dates with an open side keep it.
- A gap claim reads the selected events around its anchor from the indexes (`Store.around`):
  the events that reach into it and those that begin after it, streamed until the gap after it
  is known, never the whole table.
- "What would make it hold" (a contradicted gap or duration claim): the selected events nearest
  to the anchor (`NEIGHBOURS` on each side, by their start) for which the same claim holds,
  nearest first, at most `SUGGESTIONS`; and the anchor date a year earlier or later (its year
  replaced in the text, else its bounds moved by twelve months) where that holds.
- *A count counts the selected events in the window: at least those wholly inside it, at most
  those that overlap it.
- *First since: contradicted when A certainly comes before B or a selected event certainly lies
  between them; cannot tell when one may, or when A and B may come in either order.
- *Stored claims keep the claim as typed (anchors, window, selection, the reference day) and
  are re-checked from that each time; a claim recorded without `as_of` keeps the day it was
  recorded on, so "last month" means what it meant then.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline import claims as c
from timeline import select
from timeline.dates.amounts import Claimed, parse_claimed_count, parse_claimed_duration
from timeline.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from timeline.api.timeline import Timeline
    from timeline.model import Event, Filters

NEIGHBOURS = 12
SUGGESTIONS = 3


class Anchor(NamedTuple):
    """A or B of a claim: its sweep row, its ends' bounds, how it is named."""

    row: tuple[Any, ...]  # (id, start_earliest, start_latest, end_earliest, end_latest)
    bounds: c.Bounds
    text: str
    decider: c.Decider


def anchor(tl: Timeline, text: str, reference: date, role: str | None = None) -> Anchor:
    """`#12` as its event (on its `role` date, when the question is asked of a role),
    `#12:delivered` as that role date, anything else as a date read against `reference`."""
    if select.is_event_ref(text):
        event_id, named = select.event_ref(text)
        event = on_role(tl.store.get(event_id), named or role).resolved(reference)
        end = event.end or event.start
        row = (event.id, *(d.isoformat() for d in (event.start.earliest, event.start.latest,
                                                     end.earliest, end.latest)))  # fmt: skip
        bounds = c.Bounds(event.start.earliest, event.start.latest, end.earliest, end.latest,
                          event.end is None)  # fmt: skip
        return Anchor(row, bounds, text, c.Decider("", event.id, event.title, event.when))
    when = tl.parse(text, reference)
    end = when.end or when.start
    days = (when.start.earliest, when.start.latest, end.earliest, end.latest)
    row = (c.ANCHOR, *(d.isoformat() for d in days))
    return Anchor(row, c.Bounds(*days, when.end is None), text, c.Decider("", None, "", text))


def on_role(event: Event, role: str | None) -> Event:
    """The event on its `role` date (`Event.on`); `NotFoundError` when it has none."""
    if role is None:
        return event
    try:
        return event.on(role)
    except KeyError:
        have = ", ".join(d.role for d in event.dates) or "none"
        raise NotFoundError(f"event #{event.id} has no {role!r} date (its roles: {have})") from None


def _key(row: tuple[Any, ...]) -> tuple[str, str, int]:
    return row[1], row[2], int(row[0])


def _gap(tl: Timeline, filters: Filters, a: Anchor, reference: date) -> c.GapAfter:
    """The gap after `a` in the selection with `a` added (once: a selected event is already
    among the rows)."""
    rows = tl.store.around(filters, reference=reference, start=a.row[1])
    merged = heapq.merge(rows, [a.row], key=_key)
    return c.gap_after(_unique(merged), a.row, reference)


def _unique(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows without the second of two neighbours with the same event id."""
    last: object = None
    for row in rows:
        if row[0] != last or row[0] == c.ANCHOR:
            yield row
        last = row[0]


def check_gap(
    tl: Timeline, selection: Mapping[str, object], *, after: str, lasted: str,
    as_of: str | date | None,
) -> c.Check:  # fmt: skip
    claimed = parse_claimed_duration(lasted)
    reference = tl.reference_day(as_of)
    filters = tl.filters(selection, as_of=reference)
    a = anchor(tl, after, reference, filters.role)
    with tl.store.snapshot():
        g = _gap(tl, filters, a, reference)
        verdict = _judged(claimed, g.min_days, g.max_days, g)
        check = c.Check(
            "gap", f"gap after {after} lasted {lasted}", claimed, g.min_days, g.max_days,
            verdict, _deciders(tl, g, a, filters.role),
            span=(g.min_from, g.min_to, g.max_from, g.max_to),
        )  # fmt: skip
        if verdict == c.CONTRADICTED:
            check = check._replace(would_hold=_gap_suggestions(tl, filters, a, claimed, reference))
    return check


def _judged(claimed: Claimed, tmin: int, tmax: int | None, g: c.GapAfter | None) -> str:
    if claimed.duration is not None and g is not None and g.max_to is not None:
        exact = c.judge_exact(claimed, (g.max_from, g.min_from), (g.min_to, g.max_to))
        if exact is not None:
            return exact
    return c.judge(claimed, tmin, tmax)


def _deciders(
    tl: Timeline, g: c.GapAfter, a: Anchor, role_of: str | None = None
) -> tuple[c.Decider, ...]:
    ids = [i for i in (g.before, g.after, g.longest_from) if i is not None and i != c.ANCHOR]
    names = tl.store.names_of(ids, role_of)

    def named(role: str, event_id: int | None) -> c.Decider | None:
        if event_id is None:
            return None
        if event_id == c.ANCHOR:
            return a.decider._replace(role=role)
        title, when = names.get(event_id, ("", ""))
        return c.Decider(role, event_id, title, when)

    found = [named("from", g.before), named("to", g.after)]
    if g.longest_from != g.before:
        found.append(named("longest from", g.longest_from))
    return tuple(d for d in found if d is not None)


def _neighbours(tl: Timeline, filters: Filters, day: str, a_id: object) -> list[Anchor]:
    """The selected events nearest to `day` by their start, nearest first."""
    from timeline.store.filters import dated, rows_from

    sql, params = tl.store.where(filters)
    x = dated(filters)
    ident = "e.id" if filters.role is None else "d.event_id"
    found: list[tuple[int, Anchor]] = []
    for op, order in (("<", "DESC"), (">=", "ASC")):
        rows = tl.store.stream(
            f"SELECT {ident} FROM {rows_from(filters, events=False)} WHERE {sql} AND "
            f"{x}.start_earliest {op} ? ORDER BY {x}.start_earliest {order}, {ident} {order} "
            "LIMIT ?",
            [*params, day, NEIGHBOURS],
        )
        for (event_id,) in list(rows):
            if event_id != a_id:
                near = anchor(tl, f"#{event_id}", filters.reference_day or tl.today, filters.role)
                distance = abs((date.fromisoformat(near.row[1]) - date.fromisoformat(day)).days)
                found.append((distance, near))
    return [n for _, n in sorted(found, key=lambda pair: (pair[0], pair[1].row[0]))]


def _shifted(tl: Timeline, a: Anchor, years: int, reference: date) -> Anchor | None:
    """The anchor date a year earlier or later (None for an event)."""
    if a.row[0] != c.ANCHOR:
        return None
    m = re.search(r"\b(\d{4})\b", a.text)
    if m is not None:
        text = a.text[: m.start()] + f"{int(m[1]) + years:04d}" + a.text[m.end() :]
        try:
            return anchor(tl, text, reference)
        except UsageError:
            return None
    return None


def _gap_suggestions(
    tl: Timeline, filters: Filters, a: Anchor, claimed: Claimed, reference: date
) -> tuple[c.Suggestion, ...]:
    found: list[c.Suggestion] = []
    for near in _neighbours(tl, filters, a.row[1], a.row[0]):
        g = _gap(tl, filters, near, reference)
        if _judged(claimed, g.min_days, g.max_days, g) == c.HOLDS:
            label = f"#{near.decider.id} {near.decider.title} ({near.decider.when})"
            found.append(c.Suggestion(label, near.decider.id, g.min_days, g.max_days, g.max_from))
        if len(found) == SUGGESTIONS:
            break
    for years in (-1, 1):
        moved = _shifted(tl, a, years, reference)
        if moved is not None:
            g = _gap(tl, filters, moved, reference)
            if _judged(claimed, g.min_days, g.max_days, g) == c.HOLDS:
                found.append(c.Suggestion(moved.text, None, g.min_days, g.max_days, g.max_from))
    return tuple(found)


def _span_of(a: Anchor, b: Anchor) -> tuple[int, int | None, tuple[date, date, date, date]]:
    from timeline.gaps import between

    s = between((a.bounds.s_lo, a.bounds.e_hi), (b.bounds.s_lo, b.bounds.e_hi))
    return s.min_days, None if s.unbounded else s.max_days, (
        s.min_from, s.min_to, s.max_from, s.max_to,
    )  # fmt: skip


def check_duration(
    tl: Timeline, selection: Mapping[str, object], *, a: str, b: str, lasted: str,
    as_of: str | date | None,
) -> c.Check:  # fmt: skip
    claimed = parse_claimed_duration(lasted)
    reference = tl.reference_day(as_of)
    filters = tl.filters(selection, as_of=reference)
    role = filters.role
    first, second = anchor(tl, a, reference, role), anchor(tl, b, reference, role)
    tmin, tmax, span = _span_of(first, second)
    ends = (first.bounds.s_lo, first.bounds.e_hi), (second.bounds.s_lo, second.bounds.e_hi)
    verdict = c.judge_exact(claimed, *ends) or c.judge(claimed, tmin, tmax)
    deciding = (first.decider._replace(role="from"), second.decider._replace(role="to"))
    check = c.Check("duration", f"{b} came {lasted} after {a}", claimed, tmin, tmax, verdict,
                    deciding, span=span)  # fmt: skip
    if verdict != c.CONTRADICTED:
        return check
    found: list[c.Suggestion] = []
    for near in _neighbours(tl, filters, first.row[1], first.row[0]):
        low, high, _ = _span_of(near, second)
        if c.judge(claimed, low, high) == c.HOLDS and near.row[0] != second.row[0]:
            label = f"#{near.decider.id} {near.decider.title} ({near.decider.when})"
            found.append(c.Suggestion(label, near.decider.id, low, high, near.bounds.s_lo))
        if len(found) == SUGGESTIONS:
            break
    for years in (-1, 1):
        moved = _shifted(tl, first, years, reference)
        if moved is not None:
            low, high, _ = _span_of(moved, second)
            if c.judge(claimed, low, high) == c.HOLDS:
                found.append(c.Suggestion(moved.text, None, low, high, moved.bounds.s_lo))
    return check._replace(would_hold=tuple(found))


def check_count(
    tl: Timeline, selection: Mapping[str, object], *, within: str, count: str,
    as_of: str | date | None,
) -> c.Check:  # fmt: skip
    claimed = parse_claimed_count(count)
    reference = tl.reference_day(as_of)
    window = tl.parse(within, reference)
    filters = replace(tl.filters(selection, as_of=reference), window_start=window.earliest,
                      window_end=window.latest, limit=None)  # fmt: skip
    inside = tl.store.count(replace(filters, strictly=True))
    overlapping = tl.store.count(filters)
    verdict = c.judge(claimed, inside, overlapping)
    named = []
    for e in (x.on(filters.role) for x in tl.store.iter_events(replace(filters, limit=20))):
        inside_window = e.earliest >= window.earliest and e.latest <= window.latest
        role = "certainly in" if inside_window else "may be in"
        named.append(c.Decider(role, e.id, e.title, e.when))
    return c.Check("count", f"{count} events in {within}", claimed, inside, overlapping, verdict,
                   tuple(named), unit="events")  # fmt: skip


def check_first(
    tl: Timeline, selection: Mapping[str, object], *, a: str, since: str, as_of: str | date | None
) -> c.Check:
    reference = tl.reference_day(as_of)
    role = tl.filters(selection, as_of=reference).role
    first, second = anchor(tl, a, reference, role), anchor(tl, since, reference, role)
    fa, fb = first.bounds, second.bounds
    claim = f"{a} was the first since {since}"
    deciding = [first.decider._replace(role="A"), second.decider._replace(role="since")]
    if fa.e_hi < fb.s_lo:
        return c.Check("first", claim, None, None, None, c.CONTRADICTED, tuple(deciding),
                       unit="")  # fmt: skip
    filters = replace(tl.filters(selection, as_of=reference), window_start=fb.s_lo,
                      window_end=fa.e_hi, limit=None)  # fmt: skip
    certain, possible = [], []
    for row in tl.store.spans(filters, reference=reference):
        if row[0] in (first.row[0], second.row[0]):
            continue
        start, end = date.fromisoformat(row[1]), date.fromisoformat(row[4])
        if start > fb.e_hi and end < fa.s_lo:
            certain.append(int(row[0]))
        elif end >= fb.s_lo and start <= fa.e_hi:
            possible.append(int(row[0]))
    undecided = fa.s_lo <= fb.e_hi  # A may come before B ends
    verdict = (c.CONTRADICTED if certain else
               c.CANNOT_TELL if possible or undecided else c.HOLDS)  # fmt: skip
    names = tl.store.names_of([*certain[:5], *possible[:5]], filters.role)
    for role, ids in (("certainly between", certain[:5]), ("may be between", possible[:5])):
        deciding += [c.Decider(role, i, *names.get(i, ("", ""))) for i in ids]
    return c.Check("first", claim, None, len(certain), len(certain) + len(possible), verdict,
                   tuple(deciding), unit="events between")  # fmt: skip


def check_order(
    tl: Timeline, *, a: str, b: str, relation: str, as_of: str | date | None
) -> c.Check:
    if relation not in c.ORDERS:
        raise UsageError(f"order {relation!r} is not one of {', '.join(c.ORDERS)}")
    reference = tl.reference_day(as_of)
    first, second = anchor(tl, a, reference), anchor(tl, b, reference)
    answer = c.relation(first.bounds, second.bounds, c.ORDERS[relation])
    verdict = {"yes": c.HOLDS, "no": c.CONTRADICTED}.get(answer, c.CANNOT_TELL)
    deciding = (first.decider._replace(role="A"), second.decider._replace(role="B"))
    return c.Check("order", f"{a} {relation.replace('-', ' ')} {b}", None, None, None, verdict,
                   deciding, relations=((relation, answer),), unit="")  # fmt: skip


def relate(tl: Timeline, *, a: str, b: str, as_of: str | date | None) -> c.Check:
    reference = tl.reference_day(as_of)
    first, second = anchor(tl, a, reference), anchor(tl, b, reference)
    found = c.allen(first.bounds, second.bounds)
    can = [name for name, answer in found.items() if answer != "no"]
    verdict = c.HOLDS if len(can) == 1 else c.CANNOT_TELL
    deciding = (first.decider._replace(role="A"), second.decider._replace(role="B"))
    return c.Check("relate", f"how {a} relates to {b}", None, None, None, verdict, deciding,
                   relations=tuple(found.items()), unit="")  # fmt: skip


class Checker:
    """`tl.check`: each kind of claim (CLAIMS.md) as a method; every one returns a `Check`."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl

    def gap(
        self, *, after: str, lasted: str, as_of: str | date | None = None, **selection: object
    ) -> c.Check:
        """ "After A, no (selected) event for D": the gap after A against the claim."""
        return check_gap(self.tl, selection, after=after, lasted=lasted, as_of=as_of)

    def duration(
        self, a: str, b: str, *, lasted: str, as_of: str | date | None = None,
        **selection: object,
    ) -> c.Check:  # fmt: skip
        """ "B came D after A" (the selection is where suggestions are looked for)."""
        return check_duration(self.tl, selection, a=a, b=b, lasted=lasted, as_of=as_of)

    def count(
        self, *, within: str, count: str, as_of: str | date | None = None, **selection: object
    ) -> c.Check:
        """ "N (selected) events in W"."""
        return check_count(self.tl, selection, within=within, count=count, as_of=as_of)

    def first(
        self, a: str, *, since: str, as_of: str | date | None = None, **selection: object
    ) -> c.Check:
        """ "A was the first (selected) event since B"."""
        return check_first(self.tl, selection, a=a, since=since, as_of=as_of)

    def order(self, a: str, b: str, *, relation: str, as_of: str | date | None = None) -> c.Check:
        """ "A before B" (`before`, `after`, `during`, `overlaps`, `same-day`)."""
        return check_order(self.tl, a=a, b=b, relation=relation, as_of=as_of)

    def relate(self, a: str, b: str, *, as_of: str | date | None = None) -> c.Check:
        """Each of Allen's thirteen relations of A to B (`Check.relations`)."""
        return relate(self.tl, a=a, b=b, as_of=as_of)
