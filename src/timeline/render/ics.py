"""iCalendar export (RFC 5545): one all-day VEVENT per event, streamed.

Decisions encoded here:

- A fuzzy date spans its bounds: `DTSTART;VALUE=DATE` is the earliest day the event can touch,
  `DTEND;VALUE=DATE` the day after its latest (DTEND is exclusive for all-day events). A span
  runs from its start's earliest to its end's latest; an ongoing one to its reference day. A
  date with an open side is put on the day that is known (`by March 2024` on 31 March 2024),
  and the description says how it was typed.
- `SUMMARY` is the title; `DESCRIPTION` holds the date as typed (with its marker) and its
  resolved bounds (`last month` is `2024-09-01 … 2024-09-30`), actors,
  quote, source and notes; `URL` is set only for an http(s) source; `CATEGORIES` is the category.
- Text is escaped per RFC 5545 3.3.11 (`\\` `;` `,` and newlines become `\\\\` `\\;` `\\,` `\\n`)
  after every other control character is removed, so user text can never start a new line and
  inject a property. Lines are folded at 75 octets without splitting a UTF-8 character.
- UIDs are stable: the event id and its creation time, `<id>-<created>@timeline`, so exporting
  the same database again updates calendar entries instead of duplicating them.
- `DTSTAMP` and `LAST-MODIFIED` are the event's last update (in UTC; a time without a zone is
  taken as UTC), so the same database exports the same bytes. `SEQUENCE` is the number of
  seconds from its creation to its last update: 0 for an event never edited, and larger after
  every edit, as RFC 5545 asks, without a revision counter in the database.
- Every event is `TRANSP:TRANSPARENT`: a chronology records what happened, so a year-long
  `in 2022` must never show its subscriber as busy. The calendar is named by `X-WR-CALNAME`
  (the export's `--title`), which calendar applications show as the subscription's name. It
  is written as the `icalendar` package writes and reads it: the text on one line, controls
  removed, commas and semicolons as typed (readers take this extension property raw, not as
  escaped TEXT).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from timeline.model import Event
from timeline.render.viewkit import bounds_label, date_label, inert, inert_block, is_web_url


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


def _utc(stamp: str) -> datetime | None:
    """An ISO 8601 date-time in UTC (one without a zone is taken as UTC); None if unreadable."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stamp(event: Event) -> str:
    moment = _utc(event.updated_at or event.created_at) or datetime(1970, 1, 1, tzinfo=UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def sequence(event: Event) -> int:
    """Seconds from the event's creation to its last update (0 when never edited)."""
    created, updated = _utc(event.created_at), _utc(event.updated_at)
    if created is None or updated is None:
        return 0
    return max(0, min(2**31 - 1, int((updated - created).total_seconds())))


def uid(event: Event) -> str:
    """A stable UID: the id and the creation time, which an event keeps for life."""
    created = re.sub(r"\D", "", event.created_at)
    return f"{event.id}-{created}@timeline" if created else f"{event.id}@timeline"


def _description(event: Event) -> str:
    parts = [f"Date: {date_label(event)}", f"Bounds: {bounds_label(event)}"]
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
    stamp = _stamp(event)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid(event))}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{sequence(event)}",
        f"DTSTART;VALUE=DATE:{_day(event.shown_days[0])}",
        _end(event),
        "TRANSP:TRANSPARENT",
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


def render_ics(events: Iterable[Event], title: str | None = None) -> Iterator[str]:
    """The calendar as chunks of text, one event at a time; `title` names it."""
    yield fold("BEGIN:VCALENDAR") + fold("VERSION:2.0")
    yield fold("PRODID:-//timeline//timeline chronology//EN") + fold("CALSCALE:GREGORIAN")
    if title:
        yield fold(f"X-WR-CALNAME:{inert(title)}")
    for event in events:
        yield "".join(vevent(event))
    yield fold("END:VCALENDAR")
