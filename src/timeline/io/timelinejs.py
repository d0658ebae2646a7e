"""TimelineJS3 JSON import: `{"events": [...]}` slides into the loose fields of one event each.

Decisions encoded here:

- `display_date`, when a slide has one, is the date as typed (it is what `export -f timelinejs`
  writes, and the TimelineJS editor's free text): it goes to `when` and is read like any date.
  Without it, `start_date`/`end_date` give `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from the fields
  present (numbers or numeric text), the end as a separately typed end.
- `text.headline` is the title and `text.text` the notes; both are HTML in TimelineJS, so tags
  are removed (`<br>` and block ends become line breaks) and entities decoded.
- The source is `media.url` when given, else the first http(s) link in `text.text`; `group` is
  the category. `title` slides, `eras`, `unique_id` and `background` are ignored.
- Slides are numbered from 1 (`slide 3`); anything else than an object with an `events` list
  is an error.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from timeline.errors import UsageError
from timeline.io.jsontext import loads
from timeline.io.lines import decoded_lines
from timeline.io.records import Field

_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|blockquote|li)>", re.I)
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"""<a\s[^>]*href\s*=\s*["'](https?://[^"']+)["']""", re.I)


def html_text(markup: object) -> str:
    """Plain text of a TimelineJS HTML fragment."""
    if not isinstance(markup, str):
        return ""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", markup)))
    return "\n".join(line.strip() for line in text.strip().splitlines()).strip()


def date_text(obj: object, where: str, label: str) -> str | None:
    """`YYYY[-MM[-DD]]` from a TimelineJS date object, or None when there is none."""
    if obj is None:
        return None
    if not isinstance(obj, dict) or "year" not in obj:
        raise UsageError(f"{label}: {where}: a date needs at least a year")
    parts = []
    for key, width in (("year", 4), ("month", 2), ("day", 2)):
        value = obj.get(key)
        if value in (None, ""):
            break
        if not isinstance(value, int | str) or not str(value).strip().isdigit():
            raise UsageError(f"{label}: {where}: {key} {value!r} is not a number")
        parts.append(str(int(value)).zfill(width))
    return "-".join(parts)


def slide_fields(obj: object, where: str, label: str) -> dict[str, Field]:
    if not isinstance(obj, dict):
        raise UsageError(f"{label}: {where} is not a JSON object")
    given = obj.get("text")
    text: dict[str, object] = given if isinstance(given, dict) else {}
    display = html_text(obj.get("display_date"))
    start = date_text(obj.get("start_date"), where, label)
    fields: dict[str, Field] = {
        "title": html_text(text.get("headline")),
        "when": display or start,
        "end_when": None if display else date_text(obj.get("end_date"), where, label),
        "notes": html_text(text.get("text")) or None,
        "category": html_text(obj.get("group")) or None,
    }
    media = obj.get("media")
    link = _LINK.search(str(text.get("text") or ""))
    if isinstance(media, dict) and isinstance(media.get("url"), str) and media["url"]:
        fields["source"] = media["url"]
    elif link:
        fields["source"] = html.unescape(link.group(1))
    return fields


def read(raw: Iterable[bytes], label: str) -> Iterator[tuple[str, dict[str, Field]]]:
    data = loads("".join(decoded_lines(raw, label)), label)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise UsageError(f'{label}: a TimelineJS file is an object with an "events" list')
    for number, obj in enumerate(data["events"], start=1):
        where = f"slide {number}"
        yield where, slide_fields(obj, where, label)
