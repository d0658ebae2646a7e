"""`export -f json` and `-f jsonl` written from JSON rows (`timeline.store.flat.json_rows`): no
`Event` per row.

The file is the one `render.events.to_json` / `to_jsonl` writes from the selection's events,
byte for byte (a test checks both on the same databases). Decisions encoded here:
- SQLite writes most of each JSON event as text (`flat.JSON_SEGMENTS`); Python writes the rest
  between the segments (`flat.JSON_PYTHON`) as the json module writes them: the `start` and
  `end` objects (with the portable EDTF the event writer gives them), made once per distinct
  dating and remembered (bounded); `as_of` as a day read and written again; the `sources` list,
  made once per distinct citations text; `value` by `JSONEncoder.encode`, as a float's text is
  Python's shortest one, not SQLite's.
- A row the segments cannot write exactly (one with role dates, or an ongoing one whose end a
  reference day cuts) is written from its full event (`Store.get`), as the event writer writes
  it. Such rows are few; each costs one query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any, TextIO

from timeline.model import Filters
from timeline.render.events import fuzzy_json, json_event, write_json_texts
from timeline.store import rows
from timeline.store.flat import (
    JSON_AS_OF,
    JSON_AT,
    JSON_CITED,
    JSON_DATED,
    JSON_PYTHON,
    JSON_ROLE_DATED,
    JSON_SEGMENTS,
    JSON_VALUE,
    json_rows,
)

if TYPE_CHECKING:
    from timeline.store import Store

Row = tuple[Any, ...]
_REMEMBERED = 50_000
_encode = json.JSONEncoder(ensure_ascii=False).encode
_ONGOING_AT = JSON_DATED.stop - 1


def _remembered(table: dict[Any, Any]) -> dict[Any, Any]:
    if len(table) >= _REMEMBERED:
        table.clear()
    return table


_DATINGS: dict[tuple[Any, ...], tuple[str, str]] = {}


def _dating(row: Row) -> tuple[str, str]:
    """The `start` and `end` objects of a row, as the event writer writes them."""
    dated = row[JSON_DATED]
    found = _DATINGS.get(dated)
    if found is None:
        start, end = rows.dates_at(dated)
        found = _remembered(_DATINGS)[dated] = (
            _encode(fuzzy_json(start)),
            "null" if end is None else _encode(fuzzy_json(end)),
        )
    return found


_DAYS: dict[str, str] = {}


def _as_of(row: Row) -> str:
    text = row[JSON_AS_OF]
    if not text:
        return "null"
    found = _DAYS.get(text)
    if found is None:
        found = _remembered(_DAYS)[text] = _encode(date.fromisoformat(text).isoformat())
    return found


_SOURCES: dict[str, str] = {}


def _sources(row: Row) -> str:
    cited = row[JSON_CITED]
    if cited == "[]":
        return "[]"
    found = _SOURCES.get(cited)
    if found is None:
        found = _encode([c.to_json() for c in rows.citations_of(cited)])
        _remembered(_SOURCES)[cited] = found
    return found


_MAKERS: dict[str, Callable[[Row], str]] = {
    "start": lambda row: _dating(row)[0],
    "end": lambda row: _dating(row)[1],
    "as_of": _as_of,
    "citations": _sources,
    "value": lambda row: _encode(row[JSON_VALUE]),
}
_PLAN = tuple((_MAKERS[name], JSON_AT + 1 + i) for i, name in enumerate(JSON_PYTHON))
"""Each value Python writes, with the place of the segment that follows it."""


def line(row: Row) -> str:
    """The JSON event of a JSON row (`flat.json_rows`) without role dates."""
    out = [row[JSON_AT]]
    for make, after in _PLAN:
        out.append(make(row))
        out.append(row[after])
    return "".join(out)


assert len(JSON_SEGMENTS) == len(_PLAN) + 1


def json_texts(store: Store, filters: Filters) -> Iterator[str]:
    """The selection's JSON events as text, in listing order."""
    day = filters.reference_day
    for row in json_rows(store, filters):
        if row[JSON_ROLE_DATED] or (day and row[_ONGOING_AT]):
            event = store.get(row[0])
            yield _encode(json_event(event.resolved(day) if day and event.ongoing else event))
        else:
            yield line(row)


def write_json(texts: Iterable[str], out: TextIO, fmt: str, extra: Iterable[object] = ()) -> None:
    """A JSON list (`fmt` json) or JSON Lines of these JSON events, then the `extra` objects,
    laid out as `render.events.to_json` and `to_jsonl` lay them out."""
    write_json_texts(chain(texts, map(_encode, extra)), out, fmt)
