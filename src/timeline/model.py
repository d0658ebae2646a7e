"""Frozen values passed between the rooms: `Event`, `Filters`, `Gap`.

`Event.to_json` is the stable JSON event (pinned by tests); `Filters` is what every listing
command (list, gaps, chart, stats, export) selects by, built once in the CLI and turned into
SQL by the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from timeline.dates.types import FuzzyDate


@dataclass(frozen=True, slots=True)
class Event:
    """One stored event. `when` is the date as typed (a whole span when typed as one)."""

    id: int
    title: str
    when: str
    start: FuzzyDate
    end: FuzzyDate | None = None
    end_when: str | None = None
    ongoing: bool = False
    as_of: date | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    category: str | None = None
    source: str | None = None
    quote: str | None = None
    value: float | int | None = None
    unit: str | None = None
    location: str | None = None
    notes: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    def resolved(self, day: date) -> Event:
        """This event as of `day`: an ongoing end reaches `day` (never before the start).

        The stored end of an ongoing event is its reference day when it was entered; each
        question asked later resolves it against its own reference day instead.
        """
        if not self.ongoing or self.end is None:
            return self
        last = max(day, self.start.earliest)
        end = FuzzyDate(last, last, "day", edtf=last.isoformat())
        return replace(self, end=end)

    def to_json(self) -> dict[str, object]:
        """The JSON event: a stable interface, key order included."""
        return {
            "id": self.id,
            "title": self.title,
            "when": self.when,
            "end_when": self.end_when,
            "start": self.start.to_json(),
            "end": self.end.to_json() if self.end else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "actors": list(self.actors),
            "tags": list(self.tags),
            "category": self.category,
            "source": self.source,
            "quote": self.quote,
            "value": self.value,
            "unit": self.unit,
            "location": self.location,
            "notes": self.notes,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class Filters:
    """A selection of events; every field is optional and they combine with AND.

    `window_start`/`window_end` come from `--from`/`--to` (the earliest day of `--from`, the
    latest day of `--to`): an event is selected when its widest bounds overlap the window, or,
    with `strictly`, when they lie wholly inside it. Within one field (`actors`, `tags`,
    `categories`, `precisions`) values combine with OR. `reference_day` is the day an ongoing
    event reaches for this question (`--as-of`, else today); None leaves stored ends as they are.
    """

    window_start: date | None = None
    window_end: date | None = None
    strictly: bool = False
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    search: str | None = None
    source: str | None = None
    limit: int | None = None
    reverse: bool = False
    reference_day: date | None = None


@dataclass(frozen=True, slots=True)
class EventRef:
    """How a gap names an event on either side of it."""

    id: int
    title: str
    when: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A quiet period: days no selected event can cover (DATES.md, section Gaps).

    The certain quiet period runs from `min_from` (the latest `end.latest` before) to `min_to`
    (the earliest `start.earliest` after); the longest it can have been runs from `max_from`
    (the greatest `end.earliest` before) to `max_to` (the least `start.latest` after).
    `before` is None for the `--since` gap, `after` is None for the open gap to `--as-of`.
    """

    before: EventRef | None
    after: EventRef | None
    min_from: date
    min_to: date
    max_from: date
    max_to: date
    open: bool = False
    group: str | None = None

    @property
    def min_days(self) -> int:
        return (self.min_to - self.min_from).days

    @property
    def max_days(self) -> int:
        return (self.max_to - self.max_from).days
