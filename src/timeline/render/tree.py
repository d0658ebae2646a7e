"""`list --view tree`: the chronology as a tree, by year then month (or by actor or category).

Decisions encoded here:

- An event sits under the year and the month of its earliest day when its start lies within
  one month; an event whose start is wider (a quarter, `late 2023`, a year…) sits directly under
  its year, before that year's months would begin, in date order.
- `group="actor"` puts each actor (in order of first appearance, `(no actor)` for none) above
  the years; an event with two actors appears under both. `group="category"` likewise.
- A line is `<date as typed, with marker>  <title>  [actors]  <source>`; `bounds=True` adds the
  widest days (`2023-09-01 … 2023-12-31`).
- An event whose order against the previous one cannot be decided (their start bounds overlap
  and they are not the same exact day) is marked `⇅` (ASCII `<>`).
- On a terminal (`color=True`) names are bold, dates cyan, and an http(s) source is an OSC 8
  hyperlink; otherwise plain ASCII. All user text is made inert first, so markup such as
  `[bold]` prints as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from timeline.model import Event
from timeline.render.lanes import group_names
from timeline.render.viewkit import (
    bounds_label,
    date_label,
    inert,
    is_web_url,
    month_name,
    ongoing_note,
)


@dataclass(frozen=True, slots=True)
class _Style:
    color: bool
    branch: str
    last: str
    pipe: str
    undecided: str

    def paint(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if self.color and text else text

    def link(self, url: str) -> str:
        if self.color and is_web_url(url):
            return f"\x1b]8;;{url}\x1b\\{inert(url)}\x1b]8;;\x1b\\"
        return inert(url)


def _style(color: bool) -> _Style:
    if color:
        return _Style(True, "├── ", "└── ", "│   ", "⇅")
    return _Style(False, "|-- ", "`-- ", "|   ", "<>")


def _undecided(prev: Event | None, e: Event) -> bool:
    if prev is None:
        return False
    a, b = prev.start, e.start
    same_day = a.earliest == a.latest == b.earliest == b.latest
    return not same_day and a.earliest <= b.latest and b.earliest <= a.latest


def _line(e: Event, undecided: bool, bounds: bool, s: _Style) -> str:
    parts = [s.paint(inert(date_label(e)), "36")]
    if bounds:
        parts.append(f"({bounds_label(e)}{ongoing_note(e)})")
    parts.append(inert(e.title))
    if e.actors:
        parts.append(f"[{inert(', '.join(e.actors))}]")
    if e.source:
        parts.append(s.link(e.source))
    mark = f"{s.undecided} " if undecided else ""
    return mark + "  ".join(parts)


Node = tuple[str, list["Node"]]


def _bucket(e: Event) -> tuple[int, int | None]:
    """Year and month of the start when it lies within one month; an open earliest goes by
    its latest day (`by March 2024` under March 2024)."""
    first, last = e.start.earliest, e.start.latest
    if e.start.open_earliest:
        first = last
    same_month = (first.year, first.month) == (last.year, last.month)
    return first.year, first.month if same_month else None


def _dated_tree(events: list[Event], bounds: bool, s: _Style) -> list[Node]:
    years: dict[int, list[Node]] = {}
    months: dict[tuple[int, int], list[Node]] = {}
    prev = None
    for e in events:
        year, month = _bucket(e)
        leaf: Node = (_line(e, _undecided(prev, e), bounds, s), [])
        prev = e
        kids = years.setdefault(year, [])
        if month is None:
            kids.append(leaf)
            continue
        if (year, month) not in months:
            months[(year, month)] = []
            kids.append((s.paint(month_name(year, month), "1"), months[(year, month)]))
        months[(year, month)].append(leaf)
    return [(s.paint(f"{y:04d}", "1"), kids) for y, kids in years.items()]


def _draw(nodes: list[Node], prefix: str, s: _Style, out: list[str]) -> None:
    for i, (label, kids) in enumerate(nodes):
        last = i == len(nodes) - 1
        out.append(prefix + (s.last if last else s.branch) + label)
        _draw(kids, prefix + ("    " if last else s.pipe), s, out)


def _groups(events: Iterable[Event], group: str) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for e in events:
        for name in group_names(e, group):
            out.setdefault(name, []).append(e)
    return out


def render_tree(
    events: Iterable[Event], *, group: str | None = None, bounds: bool = False, color: bool = False
) -> str:
    """The tree as text (ANSI styles and OSC 8 links only with `color`)."""
    s = _style(color)
    events = list(events)
    lines: list[str] = []
    if group is None:
        for label, kids in _dated_tree(events, bounds, s):
            lines.append(label)
            _draw(kids, "", s, lines)
    else:
        for name, members in _groups(events, group).items():
            lines.append(s.paint(inert(name), "1;35"))
            _draw(_dated_tree(members, bounds, s), "", s, lines)
    if any(_undecided(a, b) for a, b in pairwise(events)):
        lines.append(f"{s.undecided} order against the previous event cannot be decided")
    return "\n".join(lines) + "\n" if lines else ""
