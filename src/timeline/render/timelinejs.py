"""TimelineJS3 JSON export: `{"events": [...]}` as TimelineJS3's JSON format documents it.

Decisions encoded here:

- `start_date`/`end_date` hold only the fields that are known. A fuzzy date that is exactly a
  day, a whole month or a whole year gives year+month+day, year+month, or year alone. Any other
  fuzzy date (a quarter, `late 2023`, a season, a decade…) has no such field set: it is drawn
  across its bounds, `start_date` its earliest day and `end_date` its latest. A span runs from
  its start to its end, each end reduced the same way.
- A date with an open side (`by March 2024`) is drawn on the day that is known; an ongoing span
  ends on its reference day.
- `display_date` is the date as typed, with its marker; `group` is the category, else the
  first actor; `unique_id` is `event-<id>`.
- Each slide also carries a `timeline` object, which TimelineJS ignores: the date as typed
  (`when`), its separately typed `end` and its reference day (`as_of`), so that `timeline
  import` reads back exactly the bounds it had (a fuzzy `late 2023` and a span from 1 September
  to 31 December are drawn alike, and `last month` needs its day). The importer uses it only
  while `start_date`/`end_date` still cover the same days, so an edit in TimelineJS wins.
- TimelineJS renders `text.headline`, `text.text`, `display_date` and `group` as HTML, so every
  piece of user text is HTML-escaped (the importer decodes it again); the source becomes a
  link only when it is an http(s) URL, else plain text.
- Written as it is read: one event at a time, never the whole list in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from timeline.dates.types import FuzzyDate
from timeline.model import Event
from timeline.render.safe import html_escape, html_escape_block
from timeline.render.viewkit import date_label, is_web_url


def _ymd(d: date, fields: int) -> dict[str, int]:
    return dict(list({"year": d.year, "month": d.month, "day": d.day}.items())[:fields])


def known_fields(fuzzy: FuzzyDate) -> int:
    """3 for an exact day, 2 for a whole month, 1 for a whole year, 0 for anything else."""
    first, last = fuzzy.earliest, fuzzy.latest
    if first == last:
        return 3
    after = last + timedelta(days=1) if last != date.max else None
    whole_month = first.day == 1 and (after is None or after.day == 1)
    if whole_month and (first.year, first.month) == (last.year, last.month):
        return 2
    if first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return 1
    return 0


def _dates(event: Event) -> dict[str, object]:
    start, end = event.start, event.end
    out: dict[str, object] = {}
    if start.open_earliest or (end or start).open_latest:  # only the known day can be drawn
        first, last = event.shown_days
        out["start_date"] = _ymd(first, 3)
        if last != first:
            out["end_date"] = _ymd(last, 3)
        return out
    n = known_fields(start)
    out["start_date"] = _ymd(start.earliest, n or 3)
    if end is not None:
        m = known_fields(end)
        out["end_date"] = _ymd(end.latest if m == 0 else end.earliest, m or 3)
    elif n == 0:
        out["end_date"] = _ymd(start.latest, 3)
    return out


def _text(event: Event) -> str:
    parts = []
    if event.actors:
        parts.append(f"<p>{html_escape(', '.join(event.actors))}</p>")
    if event.quote:
        parts.append(f"<blockquote>{html_escape_block(event.quote)}</blockquote>")
    if event.notes:
        parts.append(f"<p>{html_escape_block(event.notes)}</p>")
    if event.source and is_web_url(event.source):
        url = html_escape(event.source)
        parts.append(f'<p><a href="{url}">{url}</a></p>')
    elif event.source:
        parts.append(f"<p>{html_escape(event.source)}</p>")
    return "".join(parts)


def slide(event: Event) -> dict[str, object]:
    """One TimelineJS3 slide (an event object)."""
    out = _dates(event)
    out["display_date"] = html_escape(date_label(event, ongoing=False))
    out["text"] = {"headline": html_escape(event.title), "text": _text(event)}
    group = event.category or (event.actors[0] if event.actors else None)
    if group:
        out["group"] = html_escape(group)
    out["unique_id"] = f"event-{event.id}"
    own: dict[str, str] = {"when": event.when}
    if event.end_when:
        own["end"] = event.end_when
    if event.as_of:
        own["as_of"] = event.as_of.isoformat()
    out["timeline"] = own
    return out


def render_timelinejs(events: Iterable[Event], title: str | None = None) -> Iterator[str]:
    """The document as chunks of JSON text, one slide at a time."""
    head = {"title": {"text": {"headline": html_escape(title)}}} if title else {}
    yield "{" + "".join(f"{json.dumps(k)}: {json.dumps(v)}, " for k, v in head.items())
    yield '"events": ['
    for i, event in enumerate(events):
        yield ("\n  " if i == 0 else ",\n  ") + json.dumps(slide(event), ensure_ascii=False)
    yield "\n]}\n"
