"""TimelineJS3 JSON import: `{"events": [...]}` slides into the loose fields of one event each.

Decisions encoded here:

- The dates come from `start_date` and `end_date` (required and optional, as in TimelineJS):
  `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from the fields present (numbers or numeric text, a sign
  allowed), the end as a separately typed end. A year outside 1–9999 (TimelineJS's cosmology
  sample reaches 13.8 billion years back) is refused with the words `timeline parse` uses.
- A date text is kept only when it says the same days: the slide's own `timeline` object (which
  `export -f timelinejs` writes: the date as typed, its end and reference day, a key TimelineJS
  ignores), else `display_date`, is used as the event's date when it reads (against its
  reference day, else `--as-of`, else today) to a date drawn on exactly the days `start_date`
  … `end_date` cover. So an own export comes back with every bound and its words (`last month`
  stays September 2024), and a slide edited in TimelineJS's editor keeps its new dates.
- A `display_date` that is not used as the date (free text such as "Early spring, maybe", or
  words that say other days) never stops an import: it is kept at the end of the notes as
  `Display date: …`.
- `text.headline` is the title and `text.text` the notes; both are HTML in TimelineJS, so tags
  are removed (`<br>` and block ends become line breaks) and entities decoded.
- The source is `media.url` when given, else the first http(s) link in `text.text`; `group` is
  the category. `title` slides, `eras`, `scale`, `unique_id` and `background` are ignored.
- Slides are numbered from 1 (`slide 3`); anything else than an object with an `events` list
  is an error.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from datetime import date

from timeline.errors import UsageError
from timeline.io.jsontext import loads
from timeline.io.lines import PLAIN, ReadOptions, decoded_lines
from timeline.io.records import Context, Field, RecordError, resolve

_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|blockquote|li)>", re.I)
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"""<a\s[^>]*href\s*=\s*["'](https?://[^"']+)["']""", re.I)
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
OWN_KEY = "timeline"
"""The slide key `export -f timelinejs` writes the date as typed under."""


def html_text(markup: object) -> str:
    """Plain text of a TimelineJS HTML fragment."""
    if not isinstance(markup, str):
        return ""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", markup)))
    return "\n".join(line.strip() for line in text.strip().splitlines()).strip()


def date_text(obj: object, column: str) -> str | None:
    """`YYYY[-MM[-DD]]` from a TimelineJS date object, or None when there is none; a
    `RecordError` on `column` for anything else."""
    if obj is None:
        return None
    if not isinstance(obj, dict) or obj.get("year") in (None, ""):
        raise RecordError(column, "a date needs at least a year")
    parts = []
    for key, width in (("year", 4), ("month", 2), ("day", 2)):
        value = obj.get(key)
        if value in (None, ""):
            break
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and _INTEGER.fullmatch(value))
        ):
            raise RecordError(column, f"{key} {value!r} is not a number")
        number = int(value)
        if key == "year" and not 1 <= number <= 9999:
            raise RecordError(
                column, f"year {number} is outside 1–9999; years run from 0001 to 9999"
            )
        parts.append(str(number).zfill(width))
    return "-".join(parts)


def _drawn(
    when: str, end: str | None, as_of: date | None, ctx: Context
) -> tuple[date, date] | None:
    """The first and last day a date is drawn on (`Event.shown_days`), None if unreadable."""
    try:
        start, stop, _, _ = resolve(when, end, as_of, ctx)
    except RecordError:
        return None
    last = stop or start
    first = start.latest if start.open_earliest else start.earliest
    final = last.earliest if last.open_latest else last.latest
    return first, max(first, final)


def _own(obj: dict[str, object]) -> dict[str, str | None] | None:
    """The slide's `timeline` object (the date as typed, its end and reference day)."""
    own = obj.get(OWN_KEY)
    if not isinstance(own, dict) or not isinstance(own.get("when"), str):
        return None
    keys = ("when", "end", "as_of")
    return {k: own[k] if isinstance(own.get(k), str) else None for k in keys}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _dates(obj: dict[str, object], display: str, ctx: Context) -> dict[str, Field]:
    """The date fields of a slide: a date text that says the slide's days, else its dates."""
    start = date_text(obj.get("start_date"), "start_date")
    if start is None:
        raise RecordError("start_date", "is required (TimelineJS draws a slide from it)")
    end = date_text(obj.get("end_date"), "end_date")
    days = _drawn(start, end, None, ctx)
    own = _own(obj)
    if own is not None:
        as_of = _day(own["as_of"])
        if _drawn(own["when"] or "", own["end"], as_of, ctx) == days:
            return {"when": own["when"], "end_when": own["end"], "as_of": own["as_of"]}
    if display and _drawn(display, None, None, ctx) == days:
        return {"when": display}
    return {"when": start, "end_when": end}


def slide_fields(obj: object, where: str, label: str, ctx: Context) -> dict[str, Field]:
    if not isinstance(obj, dict):
        raise UsageError(f"{label}: {where} is not a JSON object")
    given = obj.get("text")
    text: dict[str, object] = given if isinstance(given, dict) else {}
    display = html_text(obj.get("display_date"))
    notes = html_text(text.get("text"))
    fields: dict[str, Field] = {
        "title": html_text(text.get("headline")),
        "category": html_text(obj.get("group")) or None,
        **_dates(obj, display, ctx),
    }
    if display and display != fields["when"] and _own(obj) is None:
        notes = f"{notes}\n\nDisplay date: {display}" if notes else f"Display date: {display}"
    fields["notes"] = notes or None
    media = obj.get("media")
    link = _LINK.search(str(text.get("text") or ""))
    if isinstance(media, dict) and isinstance(media.get("url"), str) and media["url"]:
        fields["source"] = media["url"]
    elif link:
        fields["source"] = html.unescape(link.group(1))
    return fields


def read(
    raw: Iterable[bytes], label: str, opts: ReadOptions = PLAIN
) -> Iterator[tuple[str, dict[str, Field]]]:
    data = loads("".join(decoded_lines(raw, label, opts.encoding)), label)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise UsageError(f'{label}: a TimelineJS file is an object with an "events" list')
    if opts.context is None:
        raise ValueError("the TimelineJS reader compares dates, so it needs a Context")
    ctx = opts.context
    for number, obj in enumerate(data["events"], start=1):
        where = f"slide {number}"
        try:
            fields = slide_fields(obj, where, label, ctx)
        except RecordError as err:
            raise UsageError(f"{label}: {where}, column {err.column!r}: {err.reason}") from None
        yield where, fields
