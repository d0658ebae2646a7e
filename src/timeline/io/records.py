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
from datetime import date, datetime
from typing import Any

from timeline.dates.types import FuzzyDate, When
from timeline.errors import TimelineError, UsageError
from timeline.model import TYPED_FIELDS, Event

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


Field = str | int | float | list[str] | tuple[str, ...] | None
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
    as_of = _day(get("as_of"), "as_of") or ctx.as_of
    end_text = _text(get("end_when"), "end_when") or None
    start, end, ongoing, used = resolve(when_text, end_text, as_of, ctx)
    values: dict[str, Any] = {name: read(get(name), name) for name, read in _READERS}
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
