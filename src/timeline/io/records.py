"""From loose fields (a CSV row, a JSON object, command options) to an `Event` ready to store.

One place checks every field, so `add`, `edit` and `import` accept and refuse the same things.
Decisions encoded here:
- Only `title` and `when` are required; an empty optional field means "none".
- Text fields are kept exactly as given (control characters included); only the title must
  contain something other than white space.
- Actor and tag names are trimmed of surrounding white space; empty names and repeats are
  dropped; in one text cell they are separated by `;`.
- `when` and `end_when` are read by `timeline.dates.parse_when` against the reference day: the
  `as_of` field when given, else today. `end_when` is for a date typed separately from the start; a
  `when` that is already a span (or open) cannot take one. The stored `as_of` is the one given,
  else the reference day a relative or open date needed, else none.
- Reading a date is pure, so `resolve` remembers up to `CACHE_SIZE` results per (texts,
  reference day, date order): a large import repeats few distinct dates and reads each once.
- `value` is a plain number (`46`, `6.5e10`, `-3`): integers stay integers; commas, NaN and
  infinities are refused.
- `created_at`/`updated_at` are kept when given, and must be ISO 8601 date-times.
- Bounds given in a file (a JSON event's `start`/`end`) are not trusted: they are recomputed
  from the date text and `as_of`, so a file cannot carry bounds that contradict its words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from typing import Any

from timeline.dates.types import FuzzyDate, When
from timeline.errors import TimelineError, UsageError
from timeline.model import TYPED_FIELDS, Citation, Event, ascii_lower

FIELDS: tuple[str, ...] = (*(s.name for s in TYPED_FIELDS), "created_at", "updated_at")
"""The loose fields a record may carry, by field name."""


class RecordError(UsageError):
    """A field that cannot be stored; `column` names the field, `reason` says why."""

    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        self.reason = reason
        super().__init__(f"{column}: {reason}")


@dataclass(frozen=True, slots=True)
class Context:
    """What reading a record needs besides the record: today and the numeric date order."""

    today: date
    date_order: str | None = None
    as_of: date | None = None  # a default reference day (import --as-of)
    published: Mapping[str, date] = dataclass_field(default_factory=dict)
    """The stored sources' `published` days, by title in ASCII lower case (an import's)."""


Field = str | int | float | list[str] | tuple[str, ...] | list[Any] | None
CACHE_SIZE = 50_000


def build_event(fields: Mapping[str, Field], ctx: Context, event_id: int = 0) -> Event:
    """An `Event` (id `event_id`) from `fields` (keyed by field name); raises `RecordError`
    naming the bad field."""
    get = fields.get
    title = _text(get("title"), "title")
    if not title or not title.strip():
        raise RecordError("title", "is required and cannot be empty")
    when_text = _text(get("when"), "when")
    if not when_text or not when_text.strip():
        raise RecordError("when", "is required and cannot be empty")
    values: dict[str, Any] = {name: read(get(name), name) for name, read in _READERS}
    given = citations(get("citations"), ctx)
    if not given and values["source"]:
        given = (_published(Citation(values["source"], values["quote"]), ctx),)
    as_of = _day(get("as_of"), "as_of") or (given[0].published if given else None) or ctx.as_of
    end_text = _text(get("end_when"), "end_when") or None
    start, end, ongoing, used = resolve(when_text, end_text, as_of, ctx)
    cited = tuple(_reading(c, as_of or used or ctx.today, ctx) for c in given)
    if cited:  # the event's `source` and `quote` are a copy of its first citation
        values["source"], values["quote"] = cited[0].source, cited[0].quote
    values["citations"] = cited
    return Event(
        id=event_id,
        title=title,
        when=when_text,
        start=start,
        end=end,
        end_when=end_text,
        ongoing=ongoing,
        as_of=as_of or used,
        created_at=_stamp(get("created_at"), "created_at"),
        updated_at=_stamp(get("updated_at"), "updated_at"),
        **values,
    )


Resolved = tuple[FuzzyDate, FuzzyDate | None, bool, date | None]
_RESOLVED: dict[tuple[str, str | None, date, str | None], Resolved] = {}


def resolve(when_text: str, end_text: str | None, as_of: date | None, ctx: Context) -> Resolved:
    """(start, end, ongoing, reference day used) for the typed date and optional end.

    Reading a date is pure, so a result is remembered for its (texts, reference day, date
    order): a large file repeats few distinct dates. At most `CACHE_SIZE` results are kept.
    """
    key = (when_text, end_text, as_of or ctx.today, ctx.date_order)
    found = _RESOLVED.get(key)
    if found is None:
        found = _resolve(when_text, end_text, as_of, ctx)
        if len(_RESOLVED) >= CACHE_SIZE:
            _RESOLVED.clear()
        _RESOLVED[key] = found
    return found


def _resolve(when_text: str, end_text: str | None, as_of: date | None, ctx: Context) -> Resolved:
    when = _parse(when_text, "when", as_of, ctx)
    if not end_text:
        return when.start, when.end, when.ongoing, when.as_of
    if when.end is not None or when.ongoing:
        raise RecordError("end_when", f"{when_text!r} is already a span; give its end in one place")
    end = _parse(end_text, "end_when", as_of, ctx)
    if end.end is not None or end.ongoing:
        raise RecordError("end_when", f"{end_text!r} is a span; give the end as one date")
    if end.start.latest < when.start.earliest:
        raise RecordError("end_when", f"{end_text!r} ends before {when_text!r} begins")
    return when.start, end.start, False, when.as_of or end.as_of


def _parse(text: str, column: str, as_of: date | None, ctx: Context) -> When:
    from timeline.dates import parse_when

    try:
        return parse_when(text, today=as_of or ctx.today, date_order=ctx.date_order)
    except TimelineError as err:
        raise RecordError(column, err.message) from None


def _optional(value: Field, column: str) -> str | None:
    """An optional text field: None when empty."""
    if value.__class__ is str:
        return value or None
    return _text(value, column) or None


def _text(value: Field, column: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(column, f"must be text, not {value!r}")
    return value


def names(value: Field, column: str) -> tuple[str, ...]:
    """Actor or tag names from a `;`-separated text or a list of texts."""
    if value is None or value == "":
        return ()
    if value.__class__ is str and ";" not in value:  # the common case: one name
        name = value.strip()
        return (name,) if name else ()
    if not isinstance(value, str | list | tuple):
        raise RecordError(
            column, f"must be a list of names or text separated by ';', not {value!r}"
        )
    items: Iterable[object] = value.split(";") if isinstance(value, str) else value
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise RecordError(column, f"name {item!r} is not text")
        name = item.strip()
        if name and name not in out:
            out.append(name)
    return tuple(out)


def number(value: Field, column: str = "value") -> int | float | None:
    """A plain number, or None for an empty value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordError(column, f"{value!r} is not a number")
    if isinstance(value, int | float):
        result: int | float = value
    else:
        result = _number_text(value, column)
    if isinstance(result, float) and not math.isfinite(result):
        raise RecordError(column, f"{value!r} is not a finite number")
    if isinstance(result, int) and not -(2**63) <= result < 2**63:
        raise RecordError(column, f"{value!r} is too large to store exactly")
    return result


def _number_text(text: str, column: str) -> int | float:
    t = text.strip()
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        hint = "; write it without separators, e.g. 65000000000" if "," in t else ""
        raise RecordError(column, f"{text!r} is not a number{hint}") from None


def _day(value: Field, column: str) -> date | None:
    if value is None or value == "":
        return None
    text = _text(value, column).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RecordError(column, f"{text!r} is not a day; write it as YYYY-MM-DD") from None


def _stamp(value: Field, column: str) -> str:
    if value is None or value == "":
        return ""
    text = _text(value, column)
    if text:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise RecordError(column, f"{text!r} is not an ISO 8601 date-time") from None
    return text


def citations(value: Field, ctx: Context) -> tuple[Citation, ...]:
    """The citations of a record: a list of `Citation`s, of source references (`#3`, a title),
    or of objects `{"title" (or "source", or "id"), "quote", "when", "url", "published"}` as
    the JSON event writes them. A text names a source by title; a `Citation` with an id (the
    API resolves `#3` so), or an object with only an `id`, by id."""
    if value is None or value == "" or value == [] or value == ():
        return ()
    if not isinstance(value, list | tuple):
        raise RecordError("citations", f"must be a list of sources, not {value!r}")
    found = []
    for item in value:
        if isinstance(item, Citation):
            found.append(_published(item, ctx))
            continue
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, Mapping):
            raise RecordError("citations", f"a source must be an object, not {item!r}")
        title = item.get("title") or item.get("source")
        source_id = item.get("id") if not title else None
        if source_id is not None and (type(source_id) is not int):
            raise RecordError("citations", f"a source id must be a whole number: {source_id!r}")
        if source_id is None and (not isinstance(title, str) or not title.strip()):
            raise RecordError("citations", f"a source needs a title or an id: {dict(item)!r}")
        text = title.strip() if isinstance(title, str) else f"#{source_id}"
        citation = Citation(
            text,
            _optional(item.get("quote"), "citations"),
            _optional(item.get("when"), "citations") or None,
            source_id,
            _optional(item.get("url"), "citations"),
            _day(item.get("published"), "citations"),
        )
        found.append(_published(citation, ctx))
    return tuple(found)


def _published(citation: Citation, ctx: Context) -> Citation:
    """The citation with its stored source's `published` day where the record gives none."""
    if citation.published is not None or citation.source_id is not None or not ctx.published:
        return citation
    day = ctx.published.get(ascii_lower(citation.source.strip()))
    return citation._replace(published=day) if day else citation


def _reading(citation: Citation, reference: date, ctx: Context) -> Citation:
    """The citation with the days its `when` can mean, read against its source's `published`
    day, else `reference` (the event's)."""
    if citation.when is None and citation.earliest is None:
        return citation
    if not citation.when or not citation.when.strip():
        return citation._replace(when=None, earliest=None, latest=None)
    read = _parse(citation.when, "source_when", citation.published or reference, ctx)
    return citation._replace(earliest=read.earliest, latest=read.latest)


_BY_KIND: dict[str, Callable[[Field, str], object]] = {
    "names": names,
    "text": _optional,
    "block": _optional,
    "number": number,
}
_READERS: tuple[tuple[str, Callable[[Field, str], object]], ...] = tuple(
    (s.name, _BY_KIND[s.kind]) for s in TYPED_FIELDS if s.kind in _BY_KIND
)
"""(field, reader) of every field read by its kind alone; the title and the dates are read
together by `build_event`."""
