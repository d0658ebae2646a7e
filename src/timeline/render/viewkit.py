"""What the chronology views share: dates as typed with their markers, inert text, web links.

Decisions encoded here:

- A date prints as the user typed it, followed by its qualifier marker (`~` approximate, `?`
  uncertain, `%` both: `timeline.dates.described.marker`) unless the typed text already ends
  with that marker, and for an ongoing event the day it is ongoing as of.
- User text is made inert for every view by `render.safe` (`inert`, `inert_block`, re-exported
  here): escape sequences and control characters removed, bidi overrides too.
- A source is a link only when it is an absolute `http`/`https` URL with a host and without
  spaces or control characters (`is_web_url`); `javascript:`, `data:`, `file:` and relative
  text never are.
- The bucket of an event (the year, the month, the period) is that of its `start.earliest`.
- `plain`, the listing when piped, is one fixed-width line per event (`render.events`
  registers it as its `table` renderer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TextIO

from timeline.dates.described import marker
from timeline.dates.words import MONTH_NAMES
from timeline.model import Event
from timeline.render.safe import has_controls, inert, inert_block

if TYPE_CHECKING:
    from datetime import date

    from timeline.dates.types import FuzzyDate

    class Listed(Protocol):
        """What the one-line listing reads of an event: an `Event` or a `Line`."""

        @property
        def id(self) -> int: ...
        @property
        def title(self) -> str: ...
        @property
        def when(self) -> str: ...
        @property
        def start(self) -> FuzzyDate: ...
        @property
        def end(self) -> FuzzyDate | None: ...
        @property
        def ongoing(self) -> bool: ...
        @property
        def actors(self) -> tuple[str, ...]: ...
        @property
        def earliest(self) -> date: ...
        @property
        def latest(self) -> date: ...


__all__ = [
    "MONTHS",
    "bounds",
    "date_label",
    "inert",
    "inert_block",
    "is_web_url",
    "marker",
    "plain",
]

MONTHS = tuple(name.capitalize() for name in MONTH_NAMES)


def is_web_url(text: str | None) -> bool:
    """True for an absolute http(s) URL with a host and no space or control character."""
    if not text or has_controls(text) or any(c.isspace() for c in text):
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def date_label(event: Event, *, ongoing: bool = True) -> str:
    """The date as typed plus its markers (`c. 2022 ~`) and, for an ongoing event, the day it
    is ongoing as of (`since early 2023 (ongoing as of 2024-10-15)`); user text, not yet made
    inert. `ongoing=False` leaves the note out where the label must read back as a date."""
    text = event.when
    ends = marker(event.end) if event.end and not event.ongoing else ""
    marks = "".join(dict.fromkeys(marker(event.start) + ends))
    if marks and not text.rstrip().endswith(marks):
        text = f"{text} {marks}"
    return text + (ongoing_note(event) if ongoing else "")


def bounds_label(event: Event | Listed, sep: str = " … ") -> str:
    """The widest days an event can touch: `2023-09-01 … 2023-12-31` (one day alone); an open
    earliest `… 2024-03-31`, an unknown latest `2004-06-01 … ?`, an ongoing end `2024-10-15+`."""
    end = event.end or event.start
    first = "" if event.start.open_earliest else event.earliest.isoformat()
    last = "?" if end.open_latest else event.latest.isoformat()
    if event.ongoing:
        last += "+"
    if not first:
        return f"… {last}" if sep.strip() == "…" else f"{sep}{last}"
    return first if first == last else f"{first}{sep}{last}"


def ongoing_note(event: Event) -> str:
    """` (ongoing as of 2024-10-15)` for an ongoing event, else nothing."""
    return f" (ongoing as of {event.latest.isoformat()})" if event.ongoing else ""


def month_name(year: int, month: int) -> str:
    """`September 2023`."""
    return f"{MONTHS[month - 1]} {year:04d}"


def bounds(event: Event | Listed) -> str:
    """`2023-09-01..2023-12-31` (one day shown once) with the start's qualifier marker."""
    return bounds_label(event, "..") + marker(event.start)


def plain(events: Iterable[Event] | Iterable[Listed], out: TextIO) -> None:
    """The listing when piped (`list` without a terminal): one fixed-width line per event, id,
    widest bounds with the qualifier marker, title, the date as typed, actors; of `Event`s or
    of the `Line`s that `Timeline.lines` reads for it alone. Here rather than in
    `render.events` so that a listing loads none of the export writers."""
    for e in events:
        who = f"  [{inert(', '.join(e.actors))}]" if e.actors else ""
        out.write(
            f"{'#' + str(e.id):>6}  {bounds(e):<23}  {inert(e.title)}  ({inert(e.when)}){who}\n"
        )
