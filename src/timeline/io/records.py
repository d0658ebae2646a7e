"""From loose fields (a CSV row, a JSON object, command options) to an `Event` ready to store.

One place checks every field, so `add`, `edit` and `import` accept and refuse the same things.
Decisions encoded here:
- Only `title` and `when` are required; an empty optional field means "none".
- Text fields are kept exactly as given (control characters included); only the title must
  contain something other than white space. No text may hold a NUL character or a lone
  surrogate (`"\ud800"` in JSON), which SQLite and UTF-8 cannot keep: they are refused here,
  so every entry point (add, edit, CSV, JSON, JSON Lines, TimelineJS, the Python API) refuses
  them with the same line.
- Every text field has the length limit its declaration gives (`Spec.max_length`, counted in
  characters: a title 1,000, a name 200, a quote 10,000, notes 50,000, …); longer text is
  refused, never cut.
- Actor and tag names are trimmed of surrounding white space; empty names and repeats are
  dropped; `;` separates names everywhere (in a CSV cell, an option, a JSON list item), so a
  name never contains one and a CSV export reads back as the same names.
- `when` and `end_when` are read by `timeline.dates.parse_when` against the reference day: the
  `as_of` field when given, else today. `end_when` is for a date typed separately from the start; a
  `when` that is already a span (or open) cannot take one. The stored `as_of` is the one given,
  else the reference day a relative or open date needed, else none.
- Reading a date is pure, so `resolve` remembers up to `CACHE_SIZE` results per (texts,
  reference day, date order): a large import repeats few distinct dates and reads each once.
- `value` is a plain number (`46`, `6.5e10`, `-3`): integers stay integers; commas, NaN,
  infinities, integers beyond 64 bits and numbers typed with more than `NUMBER_LENGTH`
  characters are refused. Messages quote at most 40 characters of a long value.
- `created_at`/`updated_at` are kept when given, and must be ISO 8601 date-times.
- Role dates (`dates`: announced, delivered, …) are read as `when` is, against the same
  reference day, one per role, the role name in lower case; their errors name the column
  `date:ROLE` (`date:ROLE:end` for an end typed apart), as the CSV writes them.
- Bounds given in a file (a JSON event's `start`/`end`) are not trusted: they are recomputed
  from the date text and `as_of`, so a file cannot carry bounds that contradict its words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from typing import Any

from timeline.dates.types import FuzzyDate, When
from timeline.errors import TimelineError, UsageError
from timeline.model import FIELD, TYPED_FIELDS, Citation, Event, RoleDate, role_name

FIELDS: tuple[str, ...] = ("uuid", *(s.name for s in TYPED_FIELDS), "created_at", "updated_at")
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


Field = str | int | float | list[str] | tuple[str, ...] | list[Any] | dict[str, Any] | None
CACHE_SIZE = 50_000
NUMBER_LENGTH = 100
TITLE_LENGTH = FIELD["title"].max_length


def build_event(fields: Mapping[str, Field], ctx: Context, event_id: int = 0) -> Event:
    """An `Event` (id `event_id`) from `fields` (keyed by field name); raises `RecordError`
    naming the bad field."""
    get = fields.get
    title = _text(get("title"), "title")
    if not title or not title.strip():
        raise RecordError("title", "is required and cannot be empty")
    if TITLE_LENGTH is not None and len(title) > TITLE_LENGTH:
        raise _too_long("title", title, TITLE_LENGTH)
    when_text = _text(get("when"), "when")
    if not when_text or not when_text.strip():
        raise RecordError("when", "is required and cannot be empty")
    values: dict[str, Any] = dict(_NONE_GIVEN)
    for name, read in _READERS:
        value = get(name)
        if value is not None:  # a field not given reads as it always does (`_NONE_GIVEN`)
            values[name] = read(value, name)
    given = citations(get("citations"), ctx)
    if not given and values["source"] and values["source"].strip():  # as `Timeline.add` reads it
        given = (_published(Citation(values["source"], values["quote"]), ctx),)
    as_of = _day(get("as_of"), "as_of") or (given[0].published if given else None) or ctx.as_of
    end_text = _text(get("end_when"), "end_when") or None
    start, end, ongoing, used = resolve(when_text, end_text, as_of, ctx)
    roles = get("dates")
    dated, role_used = ((), None) if roles is None or roles == "" else role_dates(roles, as_of, ctx)
    used = used or role_used
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
        dates=dated,
        as_of=as_of or used,
        uuid=identity(get("uuid")),
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


ROLE_TEXT = FIELD["when"].max_length


def role_dates(
    value: Field, as_of: date | None, ctx: Context
) -> tuple[tuple[RoleDate, ...], date | None]:
    """An event's role dates, sorted by role, read against its reference day (DATES.md), and
    the reference day a relative or open one needed (None if none did).

    `value` maps each role to its date text, or to an object `{"when", "end_when", "source"}`
    (as the JSON event writes it: its `start`, `end` and `ongoing` are read again from the
    text); or it is a list of `RoleDate`s or of such objects with a `role`. One date per role:
    a role given twice is refused."""
    found: dict[str, RoleDate] = {}
    used: date | None = None
    for name, given in role_items(value).items():
        column = f"date:{name}"
        if isinstance(given, RoleDate):
            given = {"when": given.when, "end_when": given.end_when, "source": given.source}
        if isinstance(given, str):
            given = {"when": given}
        if not isinstance(given, Mapping):
            raise RecordError(column, f"must be a date or an object, not {shown(given)}")
        when = _text(given.get("when"), column)
        if not when.strip():
            raise RecordError(column, "needs a date (`when`)")
        end_when = _text(given.get("end_when"), f"{column}:end") or None
        for text, where in ((when, column), (end_when or "", f"{column}:end")):
            if ROLE_TEXT is not None and len(text) > ROLE_TEXT:
                raise _too_long(where, text, ROLE_TEXT)
        source = _optional(given.get("source"), f"{column}:source")
        if source is not None and len(source) > (FIELD["source"].max_length or 1 << 62):
            raise _too_long(f"{column}:source", source, FIELD["source"].max_length or 0)
        try:
            start, end, ongoing, needed = resolve(when, end_when, as_of, ctx)
        except RecordError as err:
            where = column if err.column == "when" else f"{column}:end"
            raise RecordError(where, err.reason) from None
        used = used or needed
        found[name] = RoleDate(name, when, start, end, ongoing, end_when, source)
    return tuple(found[k] for k in sorted(found)), used


def role_items(value: object) -> dict[str, object]:
    """`{role name: its date as given}` of a record's `dates` (see `role_dates`); a role
    given twice, or a role that is not a word, is a `RecordError`."""
    if value is None or value == "" or value == [] or value == () or value == {}:
        return {}
    items: list[tuple[object, object]]
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list | tuple):
        items = []
        for item in value:
            if isinstance(item, RoleDate):
                items.append((item.role, item))
            elif isinstance(item, Mapping):
                items.append((item.get("role"), item))
            else:
                raise RecordError("dates", f"a role date must be an object, not {shown(item)}")
    else:
        raise RecordError("dates", f"must map each role to its date, not {shown(value)}")
    out: dict[str, object] = {}
    for role, given in items:
        try:
            name = role_name(role)
        except TimelineError as err:
            raise RecordError("dates", err.message) from None
        if name in out:
            raise RecordError(f"date:{name}", "is given twice; an event has one date per role")
        out[name] = given
    return out


def _parse(text: str, column: str, as_of: date | None, ctx: Context) -> When:
    from timeline.dates import parse_when

    try:
        return parse_when(text, today=as_of or ctx.today, date_order=ctx.date_order)
    except TimelineError as err:
        raise RecordError(column, err.message) from None


def _optional(value: Field, column: str) -> str | None:
    """An optional text field: None when empty."""
    return _text(value, column) or None


def _text(value: Field, column: str) -> str:
    if value is None:
        return ""
    if value.__class__ is not str:
        if not isinstance(value, str):
            raise RecordError(column, f"must be text, not {shown(value)}")
        value = str(value)
    if "\x00" in value:
        raise RecordError(column, "contains a NUL character, which no text field can hold")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            bad = value[err.start]
            raise RecordError(
                column, f"contains a lone surrogate ({bad!r}), which is not text"
            ) from None
    return value


def shown(value: object, most: int = 40) -> str:
    """`value` quoted for a message, cut to `most` characters with its length said."""
    text = repr(value)
    if len(text) <= most:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[: most - 1]}… ({size:,} characters)"


def _too_long(column: str, text: str, limit: int, what: str = "") -> RecordError:
    return RecordError(column, f"{what}is {len(text):,} characters long; the limit is {limit:,}")


def names(value: Field, column: str) -> tuple[str, ...]:
    """Actor or tag names from a `;`-separated text or a list of texts."""
    if value is None or value == "":
        return ()
    if value.__class__ is str and ";" not in value:  # the common case: one name
        name = _text(value, column).strip()
        return (name,) if name else ()
    if not isinstance(value, str | list | tuple):
        raise RecordError(
            column, f"must be a list of names or text separated by ';', not {shown(value)}"
        )
    if isinstance(value, str):
        parts = _text(value, column).split(";")
    else:
        parts = []
        for item in value:
            if not isinstance(item, str):
                raise RecordError(column, f"name {shown(item)} is not text")
            parts += _text(item, column).split(";")
    out: list[str] = []
    for part in parts:
        name = part.strip()
        if name and name not in out:
            out.append(name)
    return tuple(out)


def number(value: Field, column: str = "value") -> int | float | None:
    """A plain number, or None for an empty value."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordError(column, f"{shown(value)} is not a number")
    if isinstance(value, int | float):
        result: int | float = value
    else:
        result = _number_text(value, column)
    if isinstance(result, float) and not math.isfinite(result):
        raise RecordError(column, f"{shown(value)} is not a finite number")
    if isinstance(result, int) and not -(2**63) <= result < 2**63:
        raise RecordError(column, f"{shown(value)} is too large to store exactly")
    return result


def _number_text(text: str, column: str) -> int | float:
    t = _text(text, column).strip()
    if len(t) > NUMBER_LENGTH:
        raise RecordError(
            column, f"{shown(text)} is too long for a number (at most {NUMBER_LENGTH} characters)"
        )
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        hint = "; write it without separators, e.g. 65000000000" if "," in t else ""
        raise RecordError(column, f"{shown(text)} is not a number{hint}") from None


def _day(value: Field, column: str) -> date | None:
    if value is None or value == "":
        return None
    text = _text(value, column).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RecordError(column, f"{shown(text)} is not a day; write it as YYYY-MM-DD") from None


def identity(value: Field, column: str = "uuid") -> str | None:
    """A record's UUID as given (any case, with or without braces or hyphens), written the
    canonical way (lower case, hyphenated); None when there is none (the store makes one)."""
    if value is None or value == "":
        return None
    text = _text(value, column).strip()
    if not text:
        return None
    import uuid

    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise RecordError(column, f"{text[:60]!r} is not a UUID") from None


def _stamp(value: Field, column: str) -> str:
    if value is None or value == "":
        return ""
    text = _text(value, column)
    if text:
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise RecordError(column, f"{shown(text)} is not an ISO 8601 date-time") from None
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
            if item.source_id is None and not item.source.strip():
                raise RecordError("citations", "a source needs a title, not only white space")
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
        read = dict(_READERS)  # the source's and the quote's own rules and limits
        text = read["source"](title, "source") if isinstance(title, str) else f"#{source_id}"
        citation = Citation(
            str(text),
            read["quote"](item.get("quote"), "quote"),  # type: ignore[arg-type]
            _optional(item.get("when"), "source_when") or None,
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
    day = ctx.published.get(citation.source)
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


Reader = Callable[[Field, str], object]


def _text_reader(limit: int | None) -> Reader:
    """The reader of an optional text field with this length limit (plain ASCII text within
    the limit, the common case, is returned at once)."""
    most = limit if limit is not None else 1 << 62

    def read(value: Field, column: str) -> str | None:
        if (
            isinstance(value, str)
            and value.isascii()
            and len(value) <= most
            and "\x00" not in value
        ):
            return value or None
        text = _text(value, column)
        if len(text) > most:
            raise _too_long(column, text, most)
        return text or None

    return read


def _names_reader(limit: int | None) -> Reader:
    """The reader of a names field whose names have this length limit."""
    most = limit if limit is not None else 1 << 62

    def read(value: Field, column: str) -> tuple[str, ...]:
        if value.__class__ is str and value.isascii() and ";" not in value:
            name = value.strip()
            if len(name) <= most and "\x00" not in name:
                return (name,) if name else ()
        found = names(value, column)
        for name in found:
            if len(name) > most:
                raise _too_long(column, name, most, f"name {name[:30]!r}… ")
        return found

    return read


_BY_KIND: dict[str, Callable[[int | None], Reader]] = {
    "names": _names_reader,
    "text": _text_reader,
    "block": _text_reader,
    "number": lambda limit: number,
}
_READERS: tuple[tuple[str, Reader], ...] = tuple(
    (s.name, _BY_KIND[s.kind](s.max_length)) for s in TYPED_FIELDS if s.kind in _BY_KIND
)
"""(field, reader) of every field read by its kind alone; the title and the dates are read
together by `build_event`."""
_NONE_GIVEN: dict[str, object] = {name: read(None, name) for name, read in _READERS}
"""What each of those fields reads as when a record does not give it (`()` or None)."""
