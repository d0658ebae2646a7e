"""Frozen values passed between the rooms: `Event` (the declaration of every event field),
`Citation`, `RoleDate`, `Filters`, and the tables derived from the declaration.

`Event.to_json` is the stable JSON event (pinned by tests); `Filters` is what every listing
selects by, built from typed text by `timeline.select` and turned into SQL by the store.

The values the questions answer with (`Gap`, `EventRef`, `PeriodTotal`, `Lag`, `LagReport`,
`Quiet`, `Candidate`) are in `timeline.model.results`, a source record (`Source`) in
`timeline.model.sources`, and an event as the piped listing prints it (`Line`) in
`timeline.model.lines`: a command that needs none of them (`add`, `show`, `list` on a
terminal) does not build their classes at start-up. All are still importable from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.dates.types import FuzzyDate
from timeline.errors import UsageError
from timeline.fields import REQUIRED, Spec, field, specs_of
from timeline.lazy import lazy_names

if TYPE_CHECKING:  # the moved names, as type checkers see them here (`__getattr__`)
    from timeline.model.lines import Line as Line
    from timeline.model.results import CANDIDATE_COLUMNS as CANDIDATE_COLUMNS
    from timeline.model.results import Candidate as Candidate
    from timeline.model.results import EventRef as EventRef
    from timeline.model.results import Gap as Gap
    from timeline.model.results import Lag as Lag
    from timeline.model.results import LagReport as LagReport
    from timeline.model.results import PeriodTotal as PeriodTotal
    from timeline.model.results import Quiet as Quiet
    from timeline.model.results import with_names as with_names
    from timeline.model.sources import Source as Source

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


def resolved_end(
    start: FuzzyDate, end: FuzzyDate | None, ongoing: bool, day: date
) -> FuzzyDate | None:
    """The end of an event with this `start`, `end` and `ongoing` as a question with reference
    day `day` sees it: an ongoing end (stored as the event's own reference day R) cut at `day`
    when `day` is earlier, never before the start; any other end as it is (DATES.md, Spans)."""
    if not ongoing or end is None or day >= end.latest:
        return end
    last = max(day, start.earliest)
    return FuzzyDate(last, last, "day", edtf=end.edtf)


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
        end = resolved_end(self.start, self.end, self.ongoing, day)
        return self if end is self.end else replace(self, end=end)

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


_MOVED = {
    **dict.fromkeys(("PeriodTotal", "EventRef", "Gap", "Lag", "LagReport", "Quiet", "Candidate",
                     "CANDIDATE_COLUMNS", "with_names"), "results"),
    "Source": "sources",
    "Line": "lines",
}  # fmt: skip


__getattr__, __dir__ = lazy_names(__name__, _MOVED)
