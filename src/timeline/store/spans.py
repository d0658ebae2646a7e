"""The SQL that streams event extents for gaps and durations, in index order.

Decisions encoded here:
- Rows are plain tuples `(id, title, when_text, start_earliest, start_latest, end_earliest,
  end_latest[, group])` read from the cursor one at a time: never `fetchall()`, never objects.
- Ungrouped, the order is `start_earliest, start_latest, id`, which is the `events_start` index,
  so SQLite walks the index instead of sorting.
- An ongoing event's end (both its earliest and latest day) is the question's reference day
  (the command's `--as-of`, else today), or its start when that is later.
- `--by actor|tag`: one row per (event, name), so an event with two actors is in both groups;
  `--by category`: its category. Events with no name of that kind are in no group. Grouped rows
  are ordered by name (then by its id, so equal-looking names never merge), then by start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from timeline.errors import NotFoundError, UsageError
from timeline.model import Filters
from timeline.store.filters import where

GROUPINGS = ("actor", "category", "tag")

_END = "CASE WHEN e.ongoing = 1 THEN max(?, e.start_earliest) ELSE e.{col} END"
_COLUMNS = (
    "e.id, e.title, e.when_text, e.start_earliest, e.start_latest, "
    + _END.format(col="end_earliest")
    + ", "
    + _END.format(col="end_latest")
)


def _query(filters: Filters, by: str | None) -> tuple[str, list[object]]:
    """The SQL and its filter parameters (the reference day's two marks come first)."""
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
            "ORDER BY e.category, e.start_earliest, e.start_latest, e.id"
        )
    elif by in ("actor", "tag"):
        sql = (
            f"SELECT {_COLUMNS}, k.name FROM events e "
            f"JOIN event_{by}s l ON l.event_id = e.id JOIN {by}s k ON k.id = l.{by}_id "
            f"WHERE {cond} ORDER BY k.name, k.id, e.start_earliest, e.start_latest, e.id"
        )
    else:
        raise UsageError(f"--by {by!r} is not one of {', '.join(GROUPINGS)}")
    return sql, params


def iter_spans(
    conn: sqlite3.Connection, filters: Filters, *, reference: date, by: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Stream the selected events' extents sorted for the gap sweep (by group first)."""
    sql, params = _query(filters, by)
    ref = reference.isoformat()
    yield from conn.execute(sql, [ref, ref, *params])


def event_extent(conn: sqlite3.Connection, event_id: int, *, reference: date) -> tuple[date, date]:
    """An event's widest bounds (start's earliest, end's latest); `NotFoundError` if absent."""
    if event_id >= 2**63:  # SQLite cannot bind it, and no such id exists
        raise NotFoundError(f"no event #{event_id}")
    sql = f"SELECT {_COLUMNS} FROM events e WHERE e.id = ?"
    ref = reference.isoformat()
    row = conn.execute(sql, [ref, ref, event_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no event #{event_id}")
    return date.fromisoformat(row[3]), date.fromisoformat(row[6])
