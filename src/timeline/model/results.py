"""The values the questions answer with: `Gap` (with the `EventRef`s that decide it),
`PeriodTotal`, `Lag` and `LagReport`, `Quiet`, and `extract`'s `Candidate`.

Apart from `timeline.model` so that a command asking none of these questions does not build
their classes at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from timeline.dates.types import FuzzyDate


class PeriodTotal(NamedTuple):
    """Events (and summed values per unit) in one period (`2024-03`, `2024-Q1`, `2024`)."""

    period: str
    events: int
    sums: dict[str, float | int]


class EventRef(NamedTuple):
    """How a gap names an event on either side of it."""

    id: int
    title: str
    when: str


class Gap(NamedTuple):
    """A quiet period: days no selected event can cover (DATES.md, section Gaps).

    The certain quiet period runs from `min_from` (the latest `end.latest` before) to `min_to`
    (the earliest `start.earliest` after); the longest it can have been runs from `max_from`
    (the greatest `end.earliest` before) to `max_to` (the least `start.latest` after).
    `before` is None for the `--since` gap, `after` is None for the open gap to `--as-of`.
    `before` and `after` decide the certain bounds; `before_max` and `after_max` the longest
    ones (often the same events: a fuzzy `December 2023` beside an exact `2023-12-27` on one
    side is where they differ).
    """

    before: EventRef | None
    after: EventRef | None
    min_from: date
    min_to: date
    max_from: date
    max_to: date
    open: bool = False
    group: str | None = None
    before_max: EventRef | None = None
    after_max: EventRef | None = None

    @property
    def min_days(self) -> int:
        return (self.min_to - self.min_from).days

    @property
    def max_days(self) -> int:
        return (self.max_to - self.max_from).days


class Lag(NamedTuple):
    """The time from one role date of an event to another (`timeline lags`): the event, each
    role date's text and widest days, and the lag as a range (DATES.md, Durations): at least
    `min_days` (the first date's latest to the second's earliest; negative when the second may
    come first), at most `max_days` (None when an open side leaves no longest figure)."""

    event: EventRef
    from_when: str
    from_days: tuple[date, date]
    to_when: str
    to_days: tuple[date, date]
    min_days: int
    max_days: int | None

    @property
    def midpoint(self) -> float | None:
        return None if self.max_days is None else (self.min_days + self.max_days) / 2


class LagReport(NamedTuple):
    """Every event's lag from role `start` to role `end`, in the order of the first role's
    dates, and their summary: how many, the shortest and the longest (by midpoint; lags
    without a longest figure are left out of those and counted as `unbounded`), and the median
    of the midpoints in days. `left_out` counts the selected events lacking either role."""

    start: str
    end: str
    lags: list[Lag]
    left_out: int = 0

    @property
    def bounded(self) -> list[Lag]:
        return [lag for lag in self.lags if lag.max_days is not None]

    @property
    def unbounded(self) -> int:
        return len(self.lags) - len(self.bounded)

    @property
    def shortest(self) -> Lag | None:
        return min(self.bounded, key=lambda g: (g.midpoint, g.event.id), default=None)

    @property
    def longest(self) -> Lag | None:
        return max(self.bounded, key=lambda g: (g.midpoint, -g.event.id), default=None)

    @property
    def median(self) -> float | None:
        """The median of the bounded lags' midpoints, in days (None when there is none)."""
        points = sorted(g.midpoint or 0.0 for g in self.bounded)
        if not points:
            return None
        half = len(points) // 2
        return points[half] if len(points) % 2 else (points[half - 1] + points[half]) / 2


class Quiet(NamedTuple):
    """How long a group has been quiet on `as_of` (DATES.md, Gaps: the open gap): since the
    latest `end.latest` of its events (`cover`, decided by `last`) at the least, since the
    greatest `end.earliest` (`max_from`, decided by `last_max`) at the most; 0 when its events
    reach `as_of`. `group` is None for the whole selection."""

    group: str | None
    last: EventRef
    last_max: EventRef
    cover: date
    max_from: date
    as_of: date

    @property
    def min_days(self) -> int:
        return max(0, (self.as_of - self.cover).days)

    @property
    def max_days(self) -> int:
        return max(0, (self.as_of - self.max_from).days)


class Candidate(NamedTuple):
    """An event `timeline extract` proposes: a title from its clause, the date to store (`when`)
    and as the text writes it (`written`), how it reads (`start`, `end`, `ongoing`), the whole
    sentence as its `quote`, the actors it names, its source and that source's day
    (`published`, the reference day), where the date stands in the file (`offset`, in
    characters), whether it only frames another statement (`background`), and a note saying
    what was added to the text's words (a year), if anything."""

    title: str
    when: str
    written: str
    start: FuzzyDate
    end: FuzzyDate | None
    ongoing: bool
    quote: str
    actors: tuple[str, ...]
    source: str | None
    published: date
    offset: int
    background: bool = False
    note: str | None = None

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    def record(self) -> dict[str, Any]:
        """The candidate as an import record (field names), citing its source with its words
        and its dating."""
        cited = []
        if self.source:
            cited.append({"title": self.source, "published": self.published.isoformat(),
                          "quote": self.quote, "when": self.when})  # fmt: skip
        return {
            "title": self.title,
            "when": self.when,
            "actors": list(self.actors),
            "source": self.source,
            "quote": self.quote,
            "citations": cited,
            "notes": self.note,
            "as_of": self.published.isoformat(),
        }


CANDIDATE_COLUMNS = ("offset", "background")
"""What `extract` writes beside an event's columns (the import reads past them)."""


def with_names(gaps: list[Gap], names: Mapping[int, tuple[str, str]]) -> list[Gap]:
    """`gaps` with each event's title and when from `names` (`{id: (title, when)}`), replaced
    in place (so a long list is not held twice) and returned. An event whose id is not in
    `names` is left as it is."""
    for i, g in enumerate(gaps):
        gaps[i] = g._replace(
            before=_named(g.before, names),
            after=_named(g.after, names),
            before_max=_named(g.before_max, names),
            after_max=_named(g.after_max, names),
        )
    return gaps


def _named(ref: EventRef | None, names: Mapping[int, tuple[str, str]]) -> EventRef | None:
    if ref is None:
        return None
    found = names.get(ref.id)
    return ref if found is None else EventRef(ref.id, found[0], found[1])
