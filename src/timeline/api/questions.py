"""The questions asked of a selection's dates: its gaps, who has been quiet, and why there are
no gaps (the bodies of `Timeline.gaps` and `Timeline.quiet`).

Decisions encoded here:
- The sweep, the naming of the events it names and the explanations are read in one snapshot,
  so another process's write cannot land between them.
- `--min` keeps the gaps that can be that long; when it keeps none, the longest gap there was
  is reported (`GapReport.longest`), so "no gaps of at least 3 months" can say how long the
  longest one is.
- "No gaps" is explained by the events with the widest extents in the selection: those whose
  extent covers at least half of the selection's own (`COVERING_SHARE`), at most three.
- `quiet`: the record as it stood on DAY. Events that begin after DAY are left out, ongoing
  ones are cut at DAY, and each group's last event and the time since it (a range) is
  reported, longest first; a group whose events reach DAY has been quiet for 0 days.
- `lags`: per event, the time from one role date to another as `between` gives it over their
  widest days (so `between '#12:announced' '#12:delivered'` says the same), read from the role
  table in the first role's date order; events lacking either role are counted, not shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from timeline import select
from timeline.errors import UsageError
from timeline.model import Filters
from timeline.model.results import EventRef, Gap, Quiet

if TYPE_CHECKING:
    from timeline.api.results import Cover, GapReport
    from timeline.api.timeline import Timeline
    from timeline.model.results import LagReport
    from timeline.store import Store

COVERING_SHARE = 0.5


def gaps(
    tl: Timeline,
    selection: Mapping[str, object],
    *,
    at_least: str | None,
    top: int | None,
    by: str | None,
    as_of: str | date | None,
    since: str | None,
) -> GapReport:
    """The body of `Timeline.gaps`."""
    from timeline import gaps as g
    from timeline.api.results import GapReport, duration

    field = select.grouping(by)
    if top is not None and top < 1:
        raise UsageError(f"--top {top} is not at least 1")
    reference = tl.reference_day(as_of)
    filters = tl.filters(selection, as_of=reference)
    threshold = duration(at_least)
    since_bounds = tl.bounds(since, reference) if since else None
    role = filters.role
    store = tl.store
    with store.snapshot():
        rows = store.spans(filters, reference=reference, by=field)
        found = g.find_gaps(
            rows, grouped=field is not None, case_blind=_case_blind(field),
            since=since_bounds, as_of=reference if as_of else None,
        )  # fmt: skip
        if threshold is None:
            report = GapReport(store.name_gaps(g.rank_gaps(found, top), role))
        else:
            longest: list[Gap] = []
            pairs = g.rank_marked(g.keep_at_least(_longest(found, longest), threshold), top)
            report = GapReport(
                store.name_gaps([gap for gap, _ in pairs], role), [m for _, m in pairs]
            )
            if longest and not pairs:
                report = report._replace(longest=store.name_gaps(longest, role)[0])
        if report.gaps:
            return report
        count = store.count(filters)
        return report._replace(events=count, covering=_covering(store, filters, reference))


def _case_blind(field: str | None) -> bool:
    """Text groups (categories) are matched without regard to case; names keep theirs."""
    from timeline.model import FIELD

    return field is not None and FIELD[field].kind != "names"


def _longest(found: Iterable[Gap], keep: list[Gap]) -> Iterator[Gap]:
    """`found`, passed on, keeping the longest gap in `keep` (ranked as `rank_gaps` ranks)."""
    from timeline.gaps import rank_gaps

    for gap in found:
        if not keep or rank_gaps([gap, keep[0]])[0] is gap:
            keep[:] = [gap]
        yield gap


def _covering(store: Store, filters: Filters, reference: date) -> tuple[Cover, ...]:
    """The events whose extents cover at least `COVERING_SHARE` of the selection's days."""
    from timeline.api.results import Cover

    widest, whole = store.covering(filters, reference=reference)
    if whole is None:
        return ()
    first, last = (date.fromisoformat(d) for d in whole)
    span = max(1, (last - first).days)
    found = []
    for event_id, title, when, a, b in widest:
        start, end = date.fromisoformat(a), date.fromisoformat(b)
        if (min(end, last) - max(start, first)).days >= COVERING_SHARE * span:
            found.append(Cover(EventRef(int(event_id), title, when), start, end))
    return tuple(found)


def quiet(
    tl: Timeline, selection: Mapping[str, object], *, as_of: str | date | None, by: str | None
) -> list[Quiet]:
    """The body of `Timeline.quiet`."""
    from timeline.gaps import quiet as sweep
    from timeline.gaps import rank_quiet

    field = select.grouping(by)
    day = tl.reference_day(as_of)
    filters = tl.filters(selection, as_of=day)
    filters = replace(filters, window_end=min(filters.window_end or day, day))
    store = tl.store
    with store.snapshot():
        rows = store.spans(filters, reference=day, by=field)
        found = rank_quiet(
            sweep(rows, as_of=day, grouped=field is not None, case_blind=_case_blind(field))
        )
        names = store.names_of((r.id for q in found for r in (q.last, q.last_max)), filters.role)
    return [
        q._replace(last=_named(q.last, names), last_max=_named(q.last_max, names)) for q in found
    ]


def _named(ref: EventRef, names: Mapping[int, tuple[str, str]]) -> EventRef:
    title, when = names.get(ref.id, ("", ""))
    return EventRef(ref.id, title, when)


def lags(
    tl: Timeline, start: str, end: str, selection: Mapping[str, object], *,
    as_of: str | date | None,
) -> LagReport:  # fmt: skip
    """The body of `Timeline.lags`: each selected event's lag from role `start` to `end`."""
    from timeline import gaps as g
    from timeline.model import role_name
    from timeline.model.results import Lag, LagReport

    if "role" in selection and selection["role"] is not None:
        raise UsageError("lags asks of two roles (its from and to); give no --role")
    first, second = role_name(start), role_name(end)
    if first == second:
        raise UsageError(f"--from and --to name the same role {first!r}; give two roles")
    reference = tl.reference_day(as_of)
    filters = tl.filters({**selection, "role": first}, as_of=reference)
    found = []
    day = date.fromisoformat
    store = tl.store
    with store.snapshot():
        for row in store.role_pairs(filters, end=second, reference=reference):
            a, b = (day(row[3]), day(row[4])), (day(row[6]), day(row[7]))
            span = g.between(a, b)
            found.append(Lag(EventRef(int(row[0]), row[1], row[2]), row[2], a, row[5], b,
                             span.min_days, None if span.unbounded else span.max_days))  # fmt: skip
        own = {k: v for k, v in selection.items() if k not in ("from_", "to", "strictly")}
        every = store.count(tl.filters(own, as_of=reference))
    return LagReport(first, second, found, every - len(found))
