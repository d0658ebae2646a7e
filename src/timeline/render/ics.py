"""iCalendar export (RFC 5545): one all-day VEVENT per event, streamed.

Decisions encoded here:

- A fuzzy date spans its bounds: `DTSTART;VALUE=DATE` is the earliest day the event can touch,
  `DTEND;VALUE=DATE` the day after its latest (DTEND is exclusive for all-day events). A span
  runs from its start's earliest to its end's latest; an ongoing one to its reference day. A
  date with an open side is put on the day that is known (`by March 2024` on 31 March 2024),
  and the description says how it was typed.
- `SUMMARY` is the title; `DESCRIPTION` holds the date as typed (with its marker), actors,
  quote, source and notes; `URL` is set only for an http(s) source; `CATEGORIES` is the category.
- Text is escaped per RFC 5545 3.3.11 (`\\` `;` `,` and newlines become `\\\\` `\\;` `\\,` `\\n`)
  after every other control character is removed, so user text can never start a new line and
  inject a property. Lines are folded at 75 octets without splitting a UTF-8 character.
- UIDs are stable: the event id and its creation time, `<id>-<created>@timeline`, so exporting
  the same database again updates calendar entries instead of duplicating them.
- `DTSTAMP` is the event's last update (UTC), so the same database exports the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from timeline.model import Event
from timeline.render.viewkit import date_label, inert_block, is_web_url


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: controls removed, then backslash, semicolon, comma, newline escaped."""
    text = inert_block(text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuations start with a space), CRLF-ended."""
    if len(line) * 4 <= 75 or len(line.encode("utf-8")) <= 75:
        return line + "\r\n"
    out: list[str] = []
    chunk: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append("".join(chunk))
            chunk, size = [" "], 1
        chunk.append(ch)
        size += n
    out.append("".join(chunk))
    return "\r\n".join(out) + "\r\n"


def _day(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _stamp(event: Event) -> str:
    digits = re.sub(r"\D", "", event.updated_at or event.created_at)
    digits = (digits if len(digits) >= 8 else "19700101")[:14].ljust(14, "0")
    return f"{digits[:8]}T{digits[8:]}Z"


def uid(event: Event) -> str:
    """A stable UID: the id and the creation time, which an event keeps for life."""
    created = re.sub(r"\D", "", event.created_at)
    return f"{event.id}-{created}@timeline" if created else f"{event.id}@timeline"


def _description(event: Event) -> str:
    parts = [f"Date: {date_label(event)}"]
    if event.actors:
        parts.append("Actors: " + ", ".join(event.actors))
    if event.quote:
        parts.append(f"Quote: {event.quote}")
    if event.source:
        parts.append(f"Source: {event.source}")
    if event.notes:
        parts.append(event.notes)
    return "\n".join(parts)


def _end(event: Event) -> str:
    first, last = event.shown_days
    if last == date.max:
        return f"DURATION:P{(last - first).days + 1}D"
    return f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}"


def vevent(event: Event) -> Iterator[str]:
    """The folded lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid(event))}",
        f"DTSTAMP:{_stamp(event)}",
        f"DTSTART;VALUE=DATE:{_day(event.shown_days[0])}",
        _end(event),
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(_description(event))}",
    ]
    if event.category:
        lines.append(f"CATEGORIES:{escape_text(event.category)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if is_web_url(event.source):
        lines.append(f"URL:{event.source}")
    lines.append("END:VEVENT")
    return (fold(line) for line in lines)


def render_ics(events: Iterable[Event]) -> Iterator[str]:
    """The calendar as chunks of text, one event at a time."""
    yield fold("BEGIN:VCALENDAR") + fold("VERSION:2.0")
    yield fold("PRODID:-//timeline//timeline chronology//EN") + fold("CALSCALE:GREGORIAN")
    for event in events:
        yield "".join(vevent(event))
    yield fold("END:VCALENDAR")
