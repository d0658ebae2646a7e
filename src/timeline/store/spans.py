"""The SQL that streams event extents for gaps and durations, in index order, and that names the
events of the gaps shown.

Decisions encoded here:
- Rows are plain tuples `(id, start_earliest, start_latest, end_earliest, end_latest[, group])`
  read from the cursor one at a time: never `fetchall()`, never objects. No titles: the sweep
  reads extents only, so all events, a `--from`/`--to` window and one or more categories are
  answered from a slim covering index alone; the other filters (actor, tag, search, precision,
  source) and `--by actor|tag` read the table too.
- Ungrouped, the order is `start_earliest, start_latest, id`, which the covering
  `events_start_extent` index serves, so SQLite walks the index instead of sorting. One
  category's events come from the covering `events_category_start`, already in that order.
- Gaps are named afterwards (`gap_names`): only the events of the gaps that will be shown (after
  `--min` and `--top`), looked up by primary key, `NAME_BATCH` ids per `IN (…)` (well under
  SQLite's variable limit). It returns `{id: (title, when_text)}` and the caller applies
  `timeline.gaps.with_names` (the store does not import `gaps`). The caller reads the sweep and
  the names inside one `Store.snapshot()`, so every id named is still there.
- An ongoing event's end (both its earliest and latest day) is its own reference day R (the
  stored end), cut at the question's reference day (the command's `--as-of`, else today) when
  that is earlier, and never before its start.
- Grouped by a names field (actors, tags): one row per (event, name), so an event with two
  actors is in both groups; by a text field (category): its value. Events with no value are in
  no group. Name rows are ordered by name (then by its id, so equal-looking names never merge),
  then by start. Text values are matched without regard to ASCII case (as the filters match
  them), so their rows are ordered `COLLATE NOCASE`, then by start: for categories the
  `events_category_start` index serves that order, and "Aid" and "aid" form one group.
- Functions take the `Store`, not its connection: the connection stays the store's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError
from timeline.model import FIELD, Filters, Gap
from timeline.store.filters import where
from timeline.store.rows import link_kind

if TYPE_CHECKING:
    from timeline.store.core import Store

NAME_BATCH = 500

_END = "CASE WHEN e.ongoing = 1 THEN max(min(e.{col}, ?), e.start_earliest) ELSE e.{col} END"
_COLUMNS = (
    "e.id, e.start_earliest, e.start_latest, "
    + _END.format(col="end_earliest")
    + ", "
    + _END.format(col="end_latest")
)


def _query(filters: Filters, by: str | None) -> tuple[str, list[object]]:
    """The SQL and its filter parameters (the reference day's two marks come first); `by` is
    the field to group by (`actors`, `category`), or None."""
    cond, params = where(filters)
    order = "e.start_earliest, e.start_latest, e.id"
    if by is None:
        return f"SELECT {_COLUMNS} FROM events e WHERE {cond} ORDER BY {order}", params
    spec = FIELD[by]
    if spec.kind == "names":
        kind = link_kind(by)
        sql = (
            f"SELECT {_COLUMNS}, k.name FROM events e "
            f"JOIN event_{kind}s l ON l.event_id = e.id JOIN {kind}s k ON k.id = l.{kind}_id "
            f"WHERE {cond} ORDER BY k.name, k.id, {order}"
        )
        return sql, params
    column = f"e.{spec.column}"
    sql = (
        f"SELECT {_COLUMNS}, {column} FROM events e WHERE {column} IS NOT NULL AND {cond} "
        f"ORDER BY {column} COLLATE NOCASE, {order}"
    )
    return sql, params


def iter_spans(
    store: Store, filters: Filters, *, reference: date, by: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Stream the selected events' extents sorted for the gap sweep (by group first)."""
    sql, params = _query(filters, by)
    ref = reference.isoformat()
    return store.stream(sql, [ref, ref, *params])


def around(
    store: Store, filters: Filters, *, reference: date, start: str
) -> Iterator[tuple[Any, ...]]:
    """The rows a sweep that begins near day `start` needs, in sweep order: the selected events
    that begin earlier but reach `start` or later, then every one that begins on `start` or
    later, streamed (both from indexes: the end index, then the start index)."""
    cond, params = where(filters)
    ref = reference.isoformat()
    end = _END.format(col="end_latest")
    order = "ORDER BY e.start_earliest, e.start_latest, e.id"
    before = store.stream(
        f"SELECT {_COLUMNS} FROM events e WHERE {cond} AND e.start_earliest < ? "
        f"AND e.end_latest >= ? AND {end} >= ? {order}",
        [ref, ref, *params, start, start, ref, start],
    )
    after = store.stream(
        f"SELECT {_COLUMNS} FROM events e WHERE {cond} AND e.start_earliest >= ? {order}",
        [ref, ref, *params, start],
    )
    yield from before
    yield from after


def event_extent(store: Store, event_id: int, *, reference: date) -> tuple[date, date]:
    """An event's widest bounds (start's earliest, end's latest); `NotFoundError` if absent.

    `event_id` must fit SQLite's 64-bit integers (`timeline.select.parse_id` sees to that).
    """
    sql = f"SELECT {_COLUMNS} FROM events e WHERE e.id = ?"
    ref = reference.isoformat()
    row = next(store.stream(sql, [ref, ref, event_id]), None)
    if row is None:
        raise NotFoundError(f"no event #{event_id}")
    return date.fromisoformat(row[1]), date.fromisoformat(row[4])


def gap_names(store: Store, gaps: Iterable[Gap]) -> dict[int, tuple[str, str]]:
    """`{id: (title, when_text)}` of the events the gaps name, for `timeline.gaps.with_names`."""
    refs = (ref for g in gaps for ref in (g.before, g.after, g.before_max, g.after_max))
    return event_names(store, {ref.id for ref in refs if ref is not None})


def event_names(store: Store, wanted: Iterable[int]) -> dict[int, tuple[str, str]]:
    """`{id: (title, when_text)}` of these events, looked up by primary key in batches."""
    ids = sorted(set(wanted))
    names: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), NAME_BATCH):
        batch: list[object] = list(ids[i : i + NAME_BATCH])
        rows = store.stream(names_sql(len(batch)), batch)
        names.update((row[0], (row[1], row[2])) for row in rows)
    return names


def covering(
    store: Store, filters: Filters, *, reference: date, limit: int = 3
) -> tuple[list[tuple[Any, ...]], tuple[str, str] | None]:
    """What explains "no gaps": the selected events with the widest extents, widest first, as
    `(id, title, when_text, first day, last day)` (an ongoing end cut at `reference`), and the
    selection's own first and last day (an open earliest left out of the first)."""
    cond, params = where(filters)
    end = _END.format(col="end_latest")
    ref = reference.isoformat()
    sql = (
        f"SELECT e.id, e.title, e.when_text, e.start_earliest, {end} AS last FROM events e "
        f"WHERE {cond} ORDER BY julianday(last) - julianday(e.start_earliest) DESC, e.id "
        "LIMIT ?"
    )
    widest = list(store.stream(sql, [ref, *params, limit]))
    whole = (
        f"SELECT min(nullif(e.start_earliest, '0001-01-01')), max({end}) FROM events e WHERE {cond}"
    )
    first, last = next(store.stream(whole, [ref, *params]))
    return widest, (first or last, last) if last else None


def names_sql(count: int) -> str:
    """The lookup of `count` events' names by primary key."""
    return f"SELECT id, title, when_text FROM events WHERE id IN ({', '.join('?' * count)})"
