"""The chart's layout, shared by the terminal chart and the SVG: lanes, marks, time range, ticks.

Decisions encoded here:

- One lane per group: `by="actors"` (a names field) puts an event in the lane of each of its
  actors (events without one go to `(no actor)`), `by="category"` (a text field) in its
  category's lane (`(no category)`), no `by` gives one lane. Lanes keep the order in which
  their first event appears.
- A mark is what an event draws: `day` (an instant on one exact day, a dot), `fuzzy` (an instant
  whose bounds cover more than one day, a bar as wide as its bounds), `span` (a bar from its
  start's earliest day to its end's latest day, an ongoing one to its reference day) or `open`
  (a date with an open side, at the day that is known: `by March 2024` at 31 March).
- Each lane's gaps come from `timeline.gaps.find_gaps` over that lane's events: the certain quiet
  days (`min_from` + 1 … `min_to` - 1) are shaded. The sweep's rows carry no titles; the gaps'
  events are named (`timeline.gaps.with_names`) from the events the lane already holds.
- The time range is the window asked for (`--from`/`--to`) when given, else from the first of the
  month of the earliest day to the end of the month of the latest day shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from timeline.model import FIELD, Event
from timeline.model.results import Gap


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str  # "day" | "fuzzy" | "span"
    first: date
    last: date
    event: Event


@dataclass(slots=True)
class Lane:
    name: str | None
    marks: list[Mark] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Layout:
    start: date
    end: date
    lanes: list[Lane]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def mark_of(event: Event) -> Mark:
    """A span from its start to its end; an instant a day or a fuzzy bar; a date with an open
    side (`by March 2024`, `2004-06-01/`) an `open` mark at the day that is known."""
    first, last = event.shown_days
    if event.start.open_earliest or (event.end or event.start).open_latest:
        return Mark("open", first, last, event)
    if event.end is not None:
        return Mark("span", first, last, event)
    return Mark("day" if first == last else "fuzzy", first, last, event)


def group_names(event: Event, by: str) -> tuple[str, ...]:
    """The groups `event` is in by the field `by` (`actors`, `category`), `(no actor)` when
    it has no value there."""
    return names_of(getattr(event, by), by)


def names_of(value: object, by: str) -> tuple[str, ...]:
    """The groups of a value of the field `by`: a names field's names, a text field's text,
    `(no actor)` for none."""
    names = tuple(value) if isinstance(value, tuple | list) else (str(value),) if value else ()
    return names or (f"(no {FIELD[by].key})",)


def _groups(event: Event, by: str | None) -> tuple[str | None, ...]:
    return group_names(event, by) if by is not None else (None,)


def _lane_gaps(marks: list[Mark]) -> list[Gap]:
    """The lane's gaps, their events named from the marks' own events."""
    from timeline.gaps import find_gaps, with_names

    rows = sorted(
        (
            (
                m.event.id,
                m.event.earliest.isoformat(),
                m.event.start.latest.isoformat(),
                (m.event.end or m.event.start).earliest.isoformat(),
                m.event.latest.isoformat(),
            )
            for m in marks
        ),
        key=lambda r: (r[1], r[2], r[0]),
    )
    names = {m.event.id: (m.event.title, m.event.when) for m in marks}
    return with_names(list(find_gaps(rows)), names)


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _month_end(d: date) -> date:
    if d.month == 12:
        return d.replace(day=31)
    return d.replace(month=d.month + 1, day=1) - timedelta(days=1)


def build_layout(
    events: Iterable[Event],
    *,
    by: str | None = None,
    window: tuple[date | None, date | None] = (None, None),
    with_gaps: bool = True,
) -> Layout:
    """Group events into lanes, find each lane's gaps, and settle the time range."""
    lanes: dict[str | None, Lane] = {}
    for event in events:
        for name in _groups(event, by):
            lanes.setdefault(name, Lane(name)).marks.append(mark_of(event))
    for lane in lanes.values():
        lane.marks.sort(key=lambda m: (m.first, m.event.start.latest, m.event.id))
        lane.gaps = _lane_gaps(lane.marks) if with_gaps else []
    marks = [m for lane in lanes.values() for m in lane.marks]
    first = min((m.first for m in marks), default=window[1] or date(2000, 1, 1))
    last = max((m.last for m in marks), default=None)
    return Layout(*time_range(first, last, window), list(lanes.values()))


def time_range(
    first: date, last: date | None, window: tuple[date | None, date | None]
) -> tuple[date, date]:
    """The chart's range: the window asked for, else from the first of the month of `first` to
    the end of the month of `last` (the first and last day shown)."""
    start = window[0] or _month_start(first)
    end = window[1] or _month_end(last or start)
    return start, max(end, start)


def year_starts(start: date, end: date) -> list[date]:
    """1 January of every year inside the range (the range's first day when it opens a year)."""
    return [date(y, 1, 1) for y in range(start.year, end.year + 1) if date(y, 1, 1) >= start]


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month inside the range."""
    out, d = [], start.replace(day=1)
    while d <= end:
        if d >= start:
            out.append(d)
        if d.year == 9999 and d.month == 12:
            break
        d = d.replace(year=d.year + d.month // 12, month=d.month % 12 + 1)
    return out


def gaps_of(events: list[Event]) -> list[Gap]:
    """The gaps of a selection already in date order, through `timeline.gaps.find_gaps`."""
    return _lane_gaps([mark_of(e) for e in events])
