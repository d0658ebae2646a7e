"""The SQL that streams event extents for gaps and durations, in index order.

Decisions encoded here:
- Rows are plain tuples `(id, title, when_text, start_earliest, start_latest, end_earliest,
  end_latest[, group])` read from the cursor one at a time: never `fetchall()`, never objects.
- Ungrouped, the order is `start_earliest, start_latest, id`, which the covering
  `events_start_extent` index serves, so SQLite walks the index instead of sorting.
- An ongoing event's end (both its earliest and latest day) is the question's reference day
  (the command's `--as-of`, else today), or its start when that is later.
- `--by actor|tag`: one row per (event, name), so an event with two actors is in both groups;
  `--by category`: its category. Events with no name of that kind are in no group. Actor and
  tag rows are ordered by name (then by its id, so equal-looking names never merge), then by
  start. Categories are matched without regard to ASCII case (as the filters match them), so
  category rows are ordered `category COLLATE NOCASE`, then by start: the
  `events_category_start` index serves that order, and "Aid" and "aid" form one group.
- Functions take the `Store`, not its connection: the connection stays the store's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError, UsageError
from timeline.model import Filters
from timeline.store.filters import where

if TYPE_CHECKING:
    from timeline.store.core import Store

GROUPINGS = ("actor", "category", "tag")

_END = "CASE WHEN e.ongoing = 1 THEN max(?, e.start_earliest) ELSE e.{col} END"
_COLUMNS = (
    "e.id, e.title, e.when_text, e.start_earliest, e.start_latest, "
    + _END.format(col="end_earliest")
    + ", "
    + _END.format(col="end_latest")
)


def check_grouping(by: str | None) -> None:
    """`UsageError` unless `by` is None or one of `GROUPINGS`."""
    if by is not None and by not in GROUPINGS:
        raise UsageError(f"--by {by!r} is not one of {', '.join(GROUPINGS)}")


def _query(filters: Filters, by: str | None) -> tuple[str, list[object]]:
    """The SQL and its filter parameters (the reference day's two marks come first)."""
    check_grouping(by)
    cond, params = where(filters)
    if by is None:
        sql = (
            f"SELECT {_COLUMNS} FROM events e WHERE {cond} "
            "ORDER BY e.start_earliest, e.start_latest, e.id"
        )
    elif by == "category":
        sql = (
            f"SELECT {_COLUMNS}, e.category FROM events e "
            f"WHERE e.category IS NOT NULL AND {cond} "
            "ORDER BY e.category COLLATE NOCASE, e.start_earliest, e.start_latest, e.id"
        )
    else:
        sql = (
            f"SELECT {_COLUMNS}, k.name FROM events e "
            f"JOIN event_{by}s l ON l.event_id = e.id JOIN {by}s k ON k.id = l.{by}_id "
            f"WHERE {cond} ORDER BY k.name, k.id, e.start_earliest, e.start_latest, e.id"
        )
    return sql, params


def iter_spans(
    store: Store, filters: Filters, *, reference: date, by: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Stream the selected events' extents sorted for the gap sweep (by group first)."""
    sql, params = _query(filters, by)
    ref = reference.isoformat()
    return store.stream(sql, [ref, ref, *params])


def event_extent(store: Store, event_id: int, *, reference: date) -> tuple[date, date]:
    """An event's widest bounds (start's earliest, end's latest); `NotFoundError` if absent.

    `event_id` must fit SQLite's 64-bit integers (the CLI's `parse_id` sees to that).
    """
    sql = f"SELECT {_COLUMNS} FROM events e WHERE e.id = ?"
    ref = reference.isoformat()
    row = next(store.stream(sql, [ref, ref, event_id]), None)
    if row is None:
        raise NotFoundError(f"no event #{event_id}")
    return date.fromisoformat(row[3]), date.fromisoformat(row[6])
