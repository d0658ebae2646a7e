"""`tl.sources`, the citations an event is given, actor aliases, and conflicting sources.

Decisions encoded here (* where the issue is silent):
- A citation names its source as the user types it: `3` or `#3` is the source of that id (a
  `NotFoundError` when there is none), anything else a title, matched without regard to ASCII
  case; a title that names no source creates one when the event is stored.
- A source's `published` and `accessed` are days: any date form that names one day (`2024-10-15`,
  `15 October 2024`, `yesterday`); a month or a span is refused, since a reference day must be
  one day. *An empty value clears a field (never the title).
- *Editing a source's `published` day reads its citations' datings (`--source-when`) again
  against the new day; the events' own dates are left as they were read (their `as_of` is
  stored), so nothing the user typed changes meaning silently.
- Conflicting sources: an event's citations that date it (`when`) each give a range of days;
  the event is in conflict when two of those ranges do not overlap, or one does not overlap
  the event's own widest bounds. Found in SQL over the `citations` table, in date order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.errors import UsageError
from timeline.model import SOURCE_COLUMNS, Citation, Event
from timeline.model.sources import Source

if TYPE_CHECKING:
    from timeline.api.timeline import Timeline


class Reading(NamedTuple):
    """One citation's dating of an event, and whether it overlaps the event's own date."""

    citation: Citation
    fits: bool

    def to_json(self) -> dict[str, object]:
        c = self.citation
        return c.to_json() | {
            "earliest": c.earliest.isoformat() if c.earliest else None,
            "latest": c.latest.isoformat() if c.latest else None,
            "fits_event": self.fits,
        }


class Conflict(NamedTuple):
    """An event whose sources date it incompatibly, with each source's reading."""

    event: Event
    readings: tuple[Reading, ...]

    def to_json(self) -> dict[str, object]:
        return {"event": self.event.to_json(), "readings": [r.to_json() for r in self.readings]}


def cite(tl: Timeline, items: Iterable[object]) -> list[Citation]:
    """Citations from what a user gives: a reference (`3`, `#3`, a title), a `Citation`, or a
    mapping `{"source": REF, "quote", "when"}` (or `title`/`id` as the JSON event has them).
    A reference by id must name a source; one by title is found, or left to be created."""
    from timeline.store import sources as s

    found = []
    for item in items:
        if isinstance(item, Citation):
            found.append(item)
            continue
        values: Mapping[str, Any] = {"source": item} if isinstance(item, str) else _mapping(item)
        title = values.get("title")
        ref = title or values.get("source")
        if ref is None and values.get("id") is not None:
            ref = f"#{values['id']}"
        if not isinstance(ref, str) or not ref.strip():
            raise UsageError("--source: a source needs an id (3, #3) or a title")
        quote, when = values.get("quote") or None, values.get("when") or None
        if not title and s.source_id_of(ref) is not None:
            row: Mapping[str, Any] | None = s.get(tl.store, ref)  # no such id: NotFoundError
        else:
            row = s.by_title(tl.store, ref, exact=True)
        if row is None:
            url = values.get("url")
            found.append(Citation(ref, quote, when, None, url, _day_of(values)))
            continue
        published = date.fromisoformat(row["published"]) if row["published"] else None
        found.append(Citation(row["title"], quote, when, int(row["id"]), row["url"], published))
    return found


def _mapping(item: object) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise UsageError(f"a citation is a source reference or a mapping, not {item!r}")
    return item


def _day_of(values: Mapping[str, Any]) -> date | None:
    day = values.get("published")
    if isinstance(day, date) or day is None:
        return day
    return date.fromisoformat(str(day))


def day(tl: Timeline, text: str | date | None, option: str) -> date | None:
    """A source's day: any date form naming one day; None for an empty value."""
    if isinstance(text, date) or text is None:
        return text
    if not text.strip():
        return None
    from timeline.errors import TimelineError

    try:
        when = tl.parse(text, tl.today)
    except TimelineError as err:
        raise UsageError(f"{option}: {err.message}") from None
    if when.end is not None or when.ongoing or when.earliest != when.latest:
        raise UsageError(
            f"{option}: {text!r} is not a day ({when.earliest} … {when.latest}); give one day, "
            "e.g. 2024-10-15"
        )
    return when.earliest


class Sources:
    """`tl.sources`: the sources as records (`timeline.store.sources`)."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl

    def _values(self, given: Mapping[str, object], *, adding: bool) -> dict[str, object]:
        unknown = [k for k in given if k not in SOURCE_COLUMNS]
        if unknown:
            raise UsageError(
                f"unknown source field {unknown[0]!r}; known: {', '.join(SOURCE_COLUMNS)}"
            )
        values: dict[str, object] = {}
        for key, value in given.items():
            if value is None and not adding:
                continue  # not given
            if key in ("published", "accessed"):
                option = "--" + key
                values[key] = day(self.tl, value, option)  # type: ignore[arg-type]
            elif key == "title":
                if not isinstance(value, str) or not value.strip():
                    raise UsageError("a source's title cannot be empty")
                if "\n" in value or "\r" in value:
                    raise UsageError("a source's title is one line")
                values[key] = value.strip()
            else:
                values[key] = (str(value) or None) if value is not None else None
        return values

    def add(self, title: str, **fields: object) -> Source:
        """A new source: `url`, `publisher`, `published` (a day), `accessed`, `archived_url`,
        `notes`; one change in the history."""
        from timeline.store import sources as s

        values = self._values({"title": title, **fields}, adding=True)
        return s.create(self.tl.store, values)

    def all(self) -> list[Source]:
        """Every source in id order, with how many events cite each."""
        from timeline.store import sources as s

        return s.all_sources(self.tl.store)

    def get(self, ref: str | int) -> Source:
        """The source of an id (`3`, `#3`) or a title."""
        from timeline.store import sources as s

        store = self.tl.store
        row = s.get(store, ref if isinstance(ref, int) else str(ref))
        return s.as_source(row, len(s.citing(store, int(row["id"]))))

    def citing(self, ref: str | int) -> list[Event]:
        """The events that cite a source, in date order."""
        from timeline.store import sources as s

        source = self.get(ref)
        events = [self.tl.get(i) for i in s.citing(self.tl.store, source.id)]
        return sorted(events, key=lambda e: (e.sort_day, e.latest, e.id))

    def edit(self, ref: str | int, **changes: object) -> Source:
        """Change a source's fields (an empty value clears one, never the title); a moved
        `published` day reads its citations' datings again."""
        from timeline.store import sources as s

        source = self.get(ref)
        values = self._values(changes, adding=False)
        readings = None
        if "published" in values and values["published"] != source.published:
            readings = self._readings(source.id, values["published"])  # type: ignore[arg-type]
        return s.update(self.tl.store, source.id, values, readings)

    def _readings(
        self, source_id: int, published: date | None
    ) -> dict[tuple[int, int], tuple[date | None, date | None]]:
        from timeline.store import sources as s

        found: dict[tuple[int, int], tuple[date | None, date | None]] = {}
        for event_id, position, when, as_of in s.citations_of(self.tl.store, source_id):
            read = self.tl.parse(when, published or as_of or self.tl.today)
            found[(event_id, position)] = (read.earliest, read.latest)
        return found

    def rm(self, ref: str | int, *, force: bool = False) -> Source:
        """Remove a source; refused while events cite it unless `force` (which removes the
        citations too). One `undo` puts all of it back."""
        from timeline.store import sources as s

        source = self.get(ref)
        return s.remove(self.tl.store, source.id, force=force)


def conflicts(tl: Timeline, selection: Mapping[str, object]) -> list[Conflict]:
    """The selected events whose sources date them incompatibly, in date order (their
    readings are compared with the main date, so a `role` does not apply)."""
    filters = tl.filters(selection)
    if filters.role is not None:
        raise UsageError("conflicts compare the sources' datings with the main date; give no role")
    found = []
    with tl.store.snapshot():
        for event_id in tl.store.conflicting(filters):
            event = tl.get(event_id)
            found.append(Conflict(event, readings(event)))
    return found


def readings(event: Event) -> tuple[Reading, ...]:
    """Each citation that dates the event, and whether it overlaps the event's own date."""
    first, last = event.earliest, event.latest
    return tuple(
        Reading(c, c.earliest <= last and c.latest >= first)
        for c in event.citations
        if c.earliest is not None and c.latest is not None
    )
