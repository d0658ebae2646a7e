"""Frozen values passed between the rooms: `Event` (the declaration of every event field),
`Filters`, `Gap`.

`Event.to_json` is the stable JSON event (pinned by tests); `Filters` is what every listing
selects by, built from typed text by `timeline.select` and turned into SQL by the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from operator import attrgetter
from typing import Any, NamedTuple

from timeline.dates.types import FuzzyDate
from timeline.errors import UsageError
from timeline.fields import REQUIRED, Spec, field, specs_of

_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower case as SQLite's NOCASE sees it (ASCII letters only): how source titles and actor
    aliases are matched."""
    return text.translate(_LOWER)


class Citation(NamedTuple):
    """An event's citation of a source: the source (as given, `#3`, `3` or a title, until it is
    stored; then its title, with its id, url and publication day), the source's own words, and
    the date as the source gives it (`when`) with the days it can mean (`earliest` … `latest`,
    read against the source's `published` day)."""

    source: str
    quote: str | None = None
    when: str | None = None
    source_id: int | None = None
    url: str | None = None
    published: date | None = None
    earliest: date | None = None
    latest: date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.source_id,
            "title": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "quote": self.quote,
            "when": self.when,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """A source as a record: what it is, where it is, and the day it was published (the
    reference day for its relative dates). `events` is how many events cite it, where asked."""

    id: int
    title: str
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    accessed: date | None = None
    archived_url: str | None = None
    notes: str | None = None
    created_at: str = ""
    updated_at: str = ""
    events: int | None = None
    uuid: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in SOURCE_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        return out


ROLE_NAMES = ("announced", "committed", "approved", "signed", "delivered", "reported", "occurred",
              "used")  # fmt: skip
"""The role names offered (`add --date ROLE=DATE` accepts any other word too)."""


class RoleDate(NamedTuple):
    """One dated facet of an event beside its main date: a role (`delivered`, a lower-case
    word) and its own fuzzy date or span, read against the event's `as_of` (DATES.md), with
    the text as typed (`when`, and `end_when` for an end typed apart), and optionally the
    source that gives it (as named: a title or `#3`)."""

    role: str
    when: str
    start: FuzzyDate
    end: FuzzyDate | None = None
    ongoing: bool = False
    end_when: str | None = None
    source: str | None = None

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    @property
    def sort_day(self) -> date:
        return self.start.latest if self.start.open_earliest else self.start.earliest

    def to_json(self) -> dict[str, object]:
        """The JSON of one role date (the value under its role in an event's `dates`)."""
        return {
            "when": self.when,
            "end_when": self.end_when,
            "start": self.start.to_json(),
            "end": self.end.to_json() if self.end else None,
            "ongoing": self.ongoing,
            "source": self.source,
        }


ROLE_LENGTH = 40


def role_name(text: object) -> str:
    """A role name as stored: the word typed, in lower case (`Delivered` is `delivered`): a
    letter, then letters, digits, `-` or `_`, at most `ROLE_LENGTH` characters. Anything else
    (an empty name, spaces, `:` or `=`) is a `UsageError` quoting it."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"a date role needs a name ({', '.join(ROLE_NAMES)}, or any word)")
    name = text.strip().lower()
    if (
        len(name) > ROLE_LENGTH
        or not name[0].isalpha()
        or not all(c.isalnum() or c in "-_" for c in name)
    ):
        raise UsageError(
            f"date role {text[:60]!r} is not a word (a letter, then letters, digits, - or _; "
            f"at most {ROLE_LENGTH} characters)"
        )
    return name


SOURCE_FIELDS = ("id", "uuid", "title", "url", "publisher", "published", "accessed",
                 "archived_url", "notes", "created_at", "updated_at", "events")  # fmt: skip
"""The JSON keys of a source, in order (`source list --json`)."""
SOURCE_COLUMNS = ("title", "url", "publisher", "published", "accessed", "archived_url", "notes")
"""The fields of a source a user gives (the columns of `sources`)."""
SOURCE_DAYS = ("published", "accessed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One stored event; each attribute declares its field (`timeline.fields`).

    `when` is the date as typed (a whole span when typed as one); `start`, `end` and `ongoing`
    are what it was read as, against `as_of`.
    """

    id: int = field("id", REQUIRED)
    uuid: str | None = field("uuid")
    title: str = field(
        "title", REQUIRED, option=("--title",), help="What happened.", max_length=1_000
    )
    when: str = field(
        "date", REQUIRED, column="when_text", option=("--when", "-w"), metavar="DATE",
        help="When (any form).", max_length=200,
    )  # fmt: skip
    start: FuzzyDate = field("derived", REQUIRED)
    end: FuzzyDate | None = field("derived")
    end_when: str | None = field(
        "end", column="end_text", csv="end", option=("--end",), metavar="DATE",
        help="End date, typed separately.", max_length=200,
    )  # fmt: skip
    actors: tuple[str, ...] = field(
        "names", (), option=("--actor", "-a"), metavar="NAME", help="Actor (repeatable).",
        filter="any", filter_help="Involving NAME (repeatable: any of).", max_length=200,
    )  # fmt: skip
    tags: tuple[str, ...] = field(
        "names", (), option=("--tag", "-t"), metavar="NAME", help="Tag (repeatable).",
        filter="any", filter_help="Tagged NAME (repeatable: any of).", max_length=200,
    )  # fmt: skip
    category: str | None = field(
        "text", option=("--category", "-c"), metavar="NAME", help="Category.",
        filter="any", filter_help="In category NAME (repeatable).", max_length=200,
    )  # fmt: skip
    source: str | None = field(
        "text", option=("--source",), metavar="SOURCE",
        help="A source's id (3, #3) or title; a new title creates it (repeatable).",
        filter="cites", filter_help="Citing a source whose title contains TEXT, or source #ID.",
        max_length=2_000,
    )  # fmt: skip
    quote: str | None = field(
        "block", option=("--quote",), metavar="TEXT",
        help="The source's words (repeatable: one per --source, in order).", max_length=10_000,
    )  # fmt: skip
    citations: tuple[Citation, ...] = field("citations", (), json="sources", csv="")
    value: float | int | None = field(
        "number", option=("--value",), metavar="NUMBER", help="A number."
    )
    unit: str | None = field(
        "text", option=("--unit",), metavar="UNIT", help="Unit of --value.", part_of="value",
        max_length=200,
    )  # fmt: skip
    location: str | None = field("text", option=("--location",), help="Where.", max_length=500)
    notes: str | None = field("block", option=("--note",), help="Notes.", max_length=50_000)
    as_of: date | None = field(
        "day", option=("--as-of",), metavar="DAY", label="as of",
        help="Reference day for relative dates (default today).",
    )  # fmt: skip
    ongoing: bool = field("derived", False)
    dates: tuple[RoleDate, ...] = field(
        "roles", (), csv="", label="dates", option=("--date",), metavar="ROLE=DATE",
        help="A role date: delivered='late 2023', announced=2023-09-13 (any role word; "
        "repeatable; edit: sets that role, keeps the others).",
    )  # fmt: skip
    created_at: str = field("stamp", "")
    updated_at: str = field("stamp", "")

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    @property
    def sort_day(self) -> date:
        """The day the event sorts by: its earliest, or for an open earliest ("by March 2024")
        its start's latest (DATES.md)."""
        return self.start.latest if self.start.open_earliest else self.start.earliest

    @property
    def shown_days(self) -> tuple[date, date]:
        """The first and last day a calendar or chart can put the event on: its bounds, with an
        open side replaced by the known one (an open earliest by its latest day, an unknown
        latest by the earliest)."""
        end = self.end or self.start
        first = self.start.latest if self.start.open_earliest else self.start.earliest
        last = end.earliest if end.open_latest else end.latest
        return first, max(first, last)

    def resolved(self, day: date) -> Event:
        """This event as a question with reference day `day` sees it: an ongoing end, stored as
        the event's own reference day R, is cut at `day` when `day` is earlier (never before
        the start), and never reaches past R (DATES.md, Spans)."""
        if not self.ongoing or self.end is None or day >= self.end.latest:
            return self
        last = max(day, self.start.earliest)
        end = FuzzyDate(last, last, "day", edtf=self.end.edtf)
        return replace(self, end=end)

    def role_date(self, role: str) -> RoleDate | None:
        """The event's date of `role` (a lower-case role name), or None."""
        for found in self.dates:
            if found.role == role:
                return found
        return None

    def on(self, role: str | None) -> Event:
        """This event with the date of `role` as its main date (what a view asked of that
        role draws: a chart, a calendar); itself when `role` is None. `KeyError` when it has
        no such date."""
        if role is None:
            return self
        found = self.role_date(role)
        if found is None:
            raise KeyError(role)
        return replace(self, when=found.when, end_when=found.end_when, start=found.start,
                       end=found.end, ongoing=found.ongoing)  # fmt: skip

    def to_json(self) -> dict[str, object]:
        """The JSON event: a stable interface, key order included (`JSON_FIELDS`)."""
        values = _JSON_VALUES(self)
        return {key: f(v) for (key, f), v in zip(_JSON_PLAN, values, strict=True)}


EVENT_FIELDS: tuple[Spec, ...] = specs_of(Event)
"""Every field of an event, in declaration order."""
FIELD: Mapping[str, Spec] = {spec.name: spec for spec in EVENT_FIELDS}
TYPED_FIELDS = tuple(s for s in EVENT_FIELDS if s.typed)
"""The fields users type: the options of `add` and `edit`, the columns of an import."""
CSV_COLUMNS = tuple(s.csv for s in TYPED_FIELDS if s.csv)
"""The CSV columns the export writes, in this order (import reads them and `IMPORT_COLUMNS`)."""
IMPORT_COLUMNS = tuple(s.csv for s in EVENT_FIELDS if s.csv)
"""The CSV columns an import accepts: the typed ones and the timestamps."""
CSV_KEYS = tuple(s.name for s in EVENT_FIELDS if s.kind == "id")
"""The column that numbers an event in one file (`id`), written first by the CSV export; an
import never reads it, since it assigns its own."""
CSV_IDENTITY = tuple(s.csv for s in EVENT_FIELDS if s.kind == "uuid" and s.csv)
"""The column that names an event in every file (`uuid`), written after `id` by the CSV export
and kept by an import."""
CSV_BOUNDS = ("earliest", "latest", "edtf")
"""The resolved date, written last by the CSV export: the widest days the event can touch (empty
for an open side) and its EDTF. An import ignores them: bounds are read from the text."""
CSV_EXPORT_COLUMNS = (*CSV_KEYS, *CSV_IDENTITY, *CSV_COLUMNS, *CSV_BOUNDS)
"""The columns `export -f csv` writes, in this order."""
FILTER_FIELDS = tuple(s for s in EVENT_FIELDS if s.filter)
GROUPINGS: Mapping[str, str] = {s.key: s.name for s in FILTER_FIELDS if s.filter == "any"}
"""What a listing can be grouped by (`--by actor`), to the field it groups by (`actors`)."""

_DATE_PARTS = {"date": 0, "end": 1, "derived": 2, "day": 3, "roles": 5}


def _part_rank(spec: Spec, specs: tuple[Spec, ...]) -> int:
    """A date part's place: texts, read values, the reference day, then flags declared after
    it (`ongoing`)."""
    day_at = next(i for i, s in enumerate(specs) if s.kind == "day")
    if spec.kind == "derived" and specs.index(spec) > day_at:
        return 4
    if spec.kind == "roles":
        return 5
    return _DATE_PARTS[spec.kind]


def _json_order(specs: tuple[Spec, ...]) -> tuple[Spec, ...]:
    """Declaration order, except that a date's parts stand together where the date does:
    `when`, `end_when`, `start`, `end`, `as_of`, `ongoing`, then the role dates (`dates`)."""
    dated = (s for s in specs if s.kind in _DATE_PARTS)
    parts = sorted(dated, key=lambda s: _part_rank(s, specs))
    out: list[Spec] = []
    for spec in specs:
        if spec.kind == "date":
            out.extend(parts)
        elif spec.kind not in _DATE_PARTS:
            out.append(spec)
    return tuple(out)


JSON_KEYS: tuple[tuple[str, str], ...] = tuple(
    (s.json, s.name) for s in _json_order(EVENT_FIELDS) if s.json
)
"""(JSON key, field name) of the JSON event, in its order."""


def _fuzzy_json(value: FuzzyDate | None) -> object:
    return None if value is None else value.to_json()


def _day_json(value: date | None) -> object:
    return None if value is None else value.isoformat()


def _kept(value: object) -> object:
    return value


_JSON_OF: Mapping[str, Callable[[Any], object]] = {
    "start": _fuzzy_json,
    "end": _fuzzy_json,
    "dates": lambda found: {d.role: d.to_json() for d in found},
    "citations": lambda cited: [c.to_json() for c in cited],
}
_JSON_BY_KIND: Mapping[str, Callable[[Any], object]] = {"day": _day_json, "names": list}
_JSON_PLAN = tuple(
    (s.json, _JSON_OF.get(s.name) or _JSON_BY_KIND.get(s.kind, _kept))
    for s in _json_order(EVENT_FIELDS)
    if s.json
)
"""Each JSON key of the event with how its field's value is written (a date as its JSON shape,
a day in ISO form, names as a list), chosen once by field rather than by asking each value its
type."""
_JSON_VALUES = attrgetter(*(name for _, name in JSON_KEYS))


@dataclass(frozen=True, slots=True)
class Filters:
    """A selection of events; every field is optional and they combine with AND.

    `window_start`/`window_end` come from `--from`/`--to` (the earliest day of `--from`, the
    latest day of `--to`): an event is selected when its widest bounds overlap the window, or,
    with `strictly`, when they lie wholly inside it. `match` holds the values asked of each
    filtering field (`FILTER_FIELDS`, by field name); within one field (and within
    `precisions`) values combine with OR. `reference_day` is the day an ongoing event reaches
    for this question (`--as-of`, else today); None leaves stored ends as they are.
    """

    window_start: date | None = None
    window_end: date | None = None
    strictly: bool = False
    match: Mapping[str, tuple[str, ...]] = dataclass_field(default_factory=dict)
    precisions: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    reference_day: date | None = None
    role: str | None = None


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
