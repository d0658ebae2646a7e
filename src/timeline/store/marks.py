"""The SQL that streams what a terminal chart draws: each selected event's days and mark kind,
with its lane, as plain tuples in listing order, never `Event` values.

Decisions encoded here:
- A row is `(id, start_earliest, start_latest, end_earliest, end_latest, open_latest, has_end,
  lane)` with the days as ISO text; `lane` is the grouping field's value (a names field's names
  as a JSON array, in their stored order), absent without a grouping. An ongoing end is cut at
  the filters' reference day, as `Event.resolved` cuts it.
- The order is the listing's (`Store.iter_events`): start_earliest, start_latest, id, served by
  the start index without sorting. Events whose start has an open earliest (`by March 2024`)
  sort by their latest day; they come from a second query, fetched whole (they are few), for
  the caller to merge in (`marks`, `open_marks`).
- Every column read is in `events_start_extent` (schema 11 added `end_precision`, which tells a
  span from an instant), so the stream never visits the table; the EDTF, which tells an open
  side from a real first or last day, is looked up by key only for a row on 0001-01-01 or
  9999-12-31.
- `extent` answers, in one aggregate each, what the chart needs before its first mark: the first
  and last day shown, and the distinct lane values, so the column of a day and the width of the
  lane names are known before a row is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from timeline.model import FIELD, Filters
from timeline.store.filters import dated, rows_from, where
from timeline.store.rows import (
    NAMES_SQL,
    link_kind,
    open_start_indexed_sql,
    open_start_sql,
    own_lookup,
    sort_day_indexed_sql,
)
from timeline.store.spans import END_OF

if TYPE_CHECKING:
    from timeline.store.core import Store


def _end(filters: Filters, col: str) -> str:
    a = dated(filters)
    if filters.reference_day is None:
        return f"{a}.{col}"
    return END_OF.format(a=a, col=col)


def _cut_params(filters: Filters, count: int) -> list[object]:
    day = filters.reference_day
    return [] if day is None else [day.isoformat()] * count


def _open_latest(a: str) -> str:
    """A date whose latest day is unknown (EDTF `2004-06-01/`), as `FuzzyDate.open_latest`."""
    edtf = "rtrim(coalesce(x.end_edtf, x.start_edtf), '~?%') LIKE '%/'"
    return f"(CASE WHEN {a}.end_latest = '9999-12-31' THEN {own_lookup(a, edtf)} ELSE 0 END)"


def _lane(by: str | None) -> str:
    if by is None:
        return ""
    spec = FIELD[by]
    if spec.kind == "names":
        return ", " + NAMES_SQL.format(kind=link_kind(by))
    return f", e.{spec.column}"


def _select(filters: Filters, by: str | None) -> tuple[str, list[object]]:
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    cond, params = where(filters)
    sql = (
        f"SELECT {ident}, {a}.start_earliest, {a}.start_latest, {_end(filters, 'end_earliest')}, "
        f"{_end(filters, 'end_latest')}, {_open_latest(a)}, {a}.end_precision IS NOT NULL"
        f"{_lane(by)} FROM {rows_from(filters)} WHERE {cond}"
    )
    return sql, [*_cut_params(filters, 2), *params]


def marks(store: Store, filters: Filters, by: str | None = None) -> Iterator[tuple[Any, ...]]:
    """The selected events whose start has a known earliest day, in listing order."""
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    sql, params = _select(filters, by)
    order = f"ORDER BY {a}.start_earliest, {a}.start_latest, {ident}"
    return store.stream(f"{sql} AND NOT {open_start_indexed_sql(a)} {order}", params)


def open_marks(store: Store, filters: Filters, by: str | None = None) -> list[tuple[Any, ...]]:
    """The selected events whose start has an open earliest, by their latest day."""
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    sql, params = _select(filters, by)
    order = f"ORDER BY {a}.start_latest, {ident}"
    return list(store.stream(f"{sql} AND {open_start_sql(a)} {order}", params))


def extent(
    store: Store, filters: Filters, by: str | None = None
) -> tuple[str | None, str | None, list[Any]]:
    """(first day shown, last day shown, the distinct lane values) of the selection; the days
    are None when nothing is selected. A names field's values are single names (None for the
    events with none), a text field's its values."""
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    cond, params = where(filters)
    first = sort_day_indexed_sql(a)
    last = (
        f"CASE WHEN {_open_latest(a)} THEN {_end(filters, 'end_earliest')} "
        f"ELSE {_end(filters, 'end_latest')} END"
    )
    sql = (
        f"SELECT min(first), max(max(first, last)) FROM (SELECT {first} AS first, {last} AS last "
        f"FROM {rows_from(filters)} WHERE {cond})"
    )
    low, high = next(store.stream(sql, [*_cut_params(filters, 2), *params]))
    if by is None or low is None:
        return low, high, [None]
    spec = FIELD[by]
    if spec.kind == "names":
        kind = link_kind(by)
        sql = (
            f"SELECT DISTINCT k.name FROM {rows_from(filters)} "
            f"LEFT JOIN event_{kind}s l ON l.event_id = {ident} "
            f"LEFT JOIN {kind}s k ON k.id = l.{kind}_id WHERE {cond}"
        )
    else:
        sql = f"SELECT DISTINCT e.{spec.column} FROM {rows_from(filters)} WHERE {cond}"
    return low, high, [row[0] for row in store.stream(sql, params)]
