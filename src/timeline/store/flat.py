"""Flat rows: the CSV export's cells read as text by SQLite, for a writer with no `Event` per
row.

A flat row is the event's id, its start's `start_earliest`, `start_latest` and `start_edtf` (its
listing order, `flat_key`), then from `CELLS_AT` its cells under `timeline.model.CSV_COLUMNS`
after `uuid` (text, `""` for none; names joined with `;` in their order; `value` the stored
number, or `""`), then the thirteen `rows.DATE_COLUMNS` (`DATED`), and last `ROLE_DATED`: 1
when the event has role dates. Rows come in the order of `Store.iter_events`, as stored (an
ongoing end is not cut at a reference day).

A JSON row (`json_rows`, for `timeline.api.json_export`) carries most of the JSON event as text
made by SQLite instead: its segments, between which Python writes the values SQLite would
write otherwise than the json module (`JSON_PYTHON`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from timeline.fields import Spec
from timeline.model import EVENT_FIELDS, JSON_KEYS, TYPED_FIELDS, Filters
from timeline.store import rows

if TYPE_CHECKING:
    from timeline.store.core import Store

_JOINED = (
    "coalesce((SELECT group_concat(name, ';') FROM (SELECT k.name AS name FROM event_{kind}s l "
    "JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id ORDER BY l.position)), '')"
)


def _cell(name: str, kind: str, column: str | None) -> str:
    if kind == "names":
        return _JOINED.format(kind=rows.link_kind(name))
    return f"coalesce(e.{column}, '')"


_CELLS = ["coalesce(e.uuid, '')", *(_cell(s.name, s.kind, s.column) for s in TYPED_FIELDS if s.csv)]
_ROLE_DATED = "EXISTS (SELECT 1 FROM event_dates r WHERE r.event_id = e.id)"
_SELECT = (
    "SELECT e.id, e.start_earliest, e.start_latest, e.start_edtf, "
    + ", ".join(_CELLS)
    + "".join(f", e.{c}" for c in rows.DATE_COLUMNS)
)
CELLS_AT = 4
DATED = slice(CELLS_AT + len(_CELLS), CELLS_AT + len(_CELLS) + len(rows.DATE_COLUMNS))
ROLE_DATED = DATED.stop
_CSV_NAMES = [s.name for s in TYPED_FIELDS if s.csv]
VALUE_AT = CELLS_AT + 1 + _CSV_NAMES.index("value")
WHEN_AT = CELLS_AT + 1 + _CSV_NAMES.index("when")
END_AT = CELLS_AT + 1 + _CSV_NAMES.index("end_when")


_QUOTED = (
    "'[' || coalesce((SELECT group_concat(json_quote(name), ', ') FROM (SELECT k.name AS name "
    "FROM event_{kind}s l JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id "
    "ORDER BY l.position)), '') || ']'"
)


def _json_sql(spec: Spec) -> str | None:
    """Field `spec`'s JSON value as text made by SQLite, or None where Python makes it.

    SQLite's `json_quote` escapes a string exactly as the json module does (`"`, `\\` and
    the control characters, `\\n` … in short form, the others as lower-case `\\u00XX`);
    names are joined with the json module's `, `."""
    if spec.kind == "id":
        return f"e.{spec.column}"
    if spec.kind in ("uuid", "title", "date", "end", "text", "block", "stamp"):
        return f"json_quote(e.{spec.column})"
    if spec.kind == "names":
        return _QUOTED.format(kind=rows.link_kind(spec.name))
    if spec.kind == "roles":
        return "'{}'"  # a row with role dates is written from its event
    if spec.name == "ongoing":
        return "CASE WHEN e.ongoing THEN 'true' ELSE 'false' END"
    if spec.kind in ("day", "number", "citations") or spec.name in ("start", "end"):
        return None
    raise AssertionError(f"no JSON text for field {spec.name!r} of kind {spec.kind!r}")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json_segments() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The JSON event's text between the values Python makes, as SQL expressions, and the
    fields of those values, in the order of `timeline.model.JSON_KEYS`."""
    spec = {s.name: s for s in EVENT_FIELDS}
    segments: list[str] = []
    python: list[str] = []
    current: list[str] = []
    for i, (key, name) in enumerate(JSON_KEYS):
        current.append(_sql_text(("{" if i == 0 else ", ") + json.dumps(key) + ": "))
        made = _json_sql(spec[name])
        if made is None:
            segments.append(" || ".join(current))
            python.append(name)
            current = []
        else:
            current.append(made)
    current.append("'}'")
    segments.append(" || ".join(current))
    return tuple(segments), tuple(python)


JSON_SEGMENTS, JSON_PYTHON = _json_segments()
"""A JSON row's text segments (SQL), between which Python writes the fields `JSON_PYTHON`."""
JSON_AT = CELLS_AT
_JSON_DATED_AT = JSON_AT + len(JSON_SEGMENTS)
JSON_DATED = slice(_JSON_DATED_AT, _JSON_DATED_AT + len(rows.DATE_COLUMNS))
JSON_AS_OF, JSON_VALUE, JSON_CITED = range(JSON_DATED.stop, JSON_DATED.stop + 3)
JSON_ROLE_DATED = JSON_CITED + 1
_JSON_SELECT = (
    "SELECT e.id, e.start_earliest, e.start_latest, e.start_edtf, "
    + ", ".join(JSON_SEGMENTS)
    + "".join(f", e.{c}" for c in rows.DATE_COLUMNS)
    + ", e.as_of, e.value, "
    + rows.CITATIONS_SQL
)


def json_rows(store: Store, filters: Filters) -> Iterator[tuple[Any, ...]]:
    """The JSON rows of the selected events: the id and the listing order's columns, the text
    segments (`JSON_SEGMENTS`), then the thirteen date columns (`JSON_DATED`), `as_of`,
    `value`, the citations (as `rows.SELECT_EVENT` reads them) and whether it has role dates.
    In listing order, as stored (no reference day applied); not for a selection by a role's
    date."""
    if filters.role is not None:
        raise ValueError("JSON rows are read on the events' own dates")
    return store.ordered_rows(filters, f"{_JSON_SELECT}, {_ROLE_DATED}", flat_key)


def flat_key(row: Sequence[Any]) -> tuple[str, str, int]:
    """The listing order of a flat row (`rows.sort_key`)."""
    return rows.sort_key_of(row[0], row[1], row[2], row[3])


def flat_rows(
    store: Store, filters: Filters, *, role_dates: bool = True
) -> Iterator[tuple[Any, ...]]:
    """The flat rows of the events `filters` select (a selection by a role's date has none:
    its events are seen on that date, which an `Event` gives). Without `role_dates` (the
    caller knows the selection has none), `ROLE_DATED` is 0 without being looked up."""
    if filters.role is not None:
        raise ValueError("flat rows are read on the events' own dates")
    select = f"{_SELECT}, {_ROLE_DATED if role_dates else '0'}"
    return store.ordered_rows(filters, select, flat_key)
