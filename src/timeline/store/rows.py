"""Between `Event` values and rows of the `events` table (plus actor and tag lists).

Decisions encoded here:
- An instant's end columns repeat its start and `end_precision` is NULL: that NULL is how an
  instant is told from a span on the way back.
- Booleans are 0/1 integers, dates ISO text, `value` keeps int or float as SQLite stores it.
- `SELECT_EVENT` reads an event's actors and tags in the same statement (JSON arrays built by
  correlated subqueries over the indexed link tables), so streaming a listing costs one query.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from timeline.dates.types import FuzzyDate
from timeline.model import Event

COLUMNS: tuple[str, ...] = (
    "title",
    "when_text",
    "end_text",
    "start_earliest",
    "start_latest",
    "end_earliest",
    "end_latest",
    "precision",
    "approximate",
    "uncertain",
    "start_edtf",
    "end_precision",
    "end_approximate",
    "end_uncertain",
    "end_edtf",
    "ongoing",
    "as_of",
    "category",
    "source",
    "quote",
    "value",
    "unit",
    "location",
    "notes",
    "created_at",
    "updated_at",
)

_NAMES_SQL = (
    "(SELECT json_group_array(name) FROM (SELECT k.name AS name FROM event_{kind}s l "
    "JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id ORDER BY l.position))"
)
SELECT_EVENT = (
    "SELECT e.id, "
    + ", ".join(f"e.{c}" for c in COLUMNS)
    + ", "
    + _NAMES_SQL.format(kind="actor")
    + ", "
    + _NAMES_SQL.format(kind="tag")
    + " FROM events e"
)
INSERT_EVENT = (
    f"INSERT INTO events (id, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"
)
UPDATE_EVENT = f"UPDATE events SET {', '.join(f'{c} = ?' for c in COLUMNS)} WHERE id = ?"


def event_values(event: Event) -> tuple[Any, ...]:
    """The values of `COLUMNS` for `event`, in order."""
    return _values(event, event.created_at, event.updated_at)


def insert_values(event: Event, event_id: int, stamp: str) -> tuple[Any, ...]:
    """The parameters of `INSERT_EVENT` for `event` stored as `event_id`, in one tuple.

    Timestamps the event does not carry become `stamp` (an `updated_at` missing beside a given
    `created_at` takes the `created_at`), as `Store.add` fills them; no copy of the event is made.
    """
    created = event.created_at or stamp
    return (event_id, *_values(event, created, event.updated_at or created))


def _values(event: Event, created: str, updated: str) -> tuple[Any, ...]:
    return (
        event.title,
        event.when,
        event.end_when,
        *_date_columns(event.start, event.end, event.ongoing),
        event.as_of.isoformat() if event.as_of else None,
        event.category,
        event.source,
        event.quote,
        event.value,
        event.unit,
        event.location,
        event.notes,
        created,
        updated,
    )


_DATES: dict[tuple[int, int, bool], tuple[FuzzyDate, FuzzyDate | None, tuple[Any, ...]]] = {}
DATES_CACHE_SIZE = 50_000


def _date_columns(start: FuzzyDate, end: FuzzyDate | None, ongoing: bool) -> tuple[Any, ...]:
    """`start_earliest` … `ongoing` for these dates, remembered by identity.

    An import's date reader hands out the same date objects for the same text, so the columns
    are computed once per distinct date. The cache holds the objects it is keyed by, so their
    ids cannot be reused while an entry lives.
    """
    key = (id(start), id(end), ongoing)
    hit = _DATES.get(key)
    if hit is not None and hit[0] is start and hit[1] is end:
        return hit[2]
    last = end or start
    columns = (
        start.earliest.isoformat(),
        start.latest.isoformat(),
        last.earliest.isoformat(),
        last.latest.isoformat(),
        start.precision,
        int(start.approximate),
        int(start.uncertain),
        start.edtf,
        end.precision if end else None,
        int(end.approximate) if end else 0,
        int(end.uncertain) if end else 0,
        end.edtf if end else None,
        int(ongoing),
    )
    if len(_DATES) >= DATES_CACHE_SIZE:
        _DATES.clear()
    _DATES[key] = (start, end, columns)
    return columns


def row_event(row: Sequence[Any]) -> Event:
    """An `Event` from a row of `SELECT_EVENT`."""
    v = dict(zip(COLUMNS, row[1 : len(COLUMNS) + 1], strict=True))
    start = FuzzyDate(
        date.fromisoformat(v["start_earliest"]),
        date.fromisoformat(v["start_latest"]),
        v["precision"],
        bool(v["approximate"]),
        bool(v["uncertain"]),
        v["start_edtf"],
    )
    end = None
    if v["end_precision"] is not None:
        end = FuzzyDate(
            date.fromisoformat(v["end_earliest"]),
            date.fromisoformat(v["end_latest"]),
            v["end_precision"],
            bool(v["end_approximate"]),
            bool(v["end_uncertain"]),
            v["end_edtf"] or "",
        )
    return Event(
        id=int(row[0]),
        title=v["title"],
        when=v["when_text"],
        start=start,
        end=end,
        end_when=v["end_text"],
        ongoing=bool(v["ongoing"]),
        as_of=date.fromisoformat(v["as_of"]) if v["as_of"] else None,
        actors=tuple(json.loads(row[-2])),
        tags=tuple(json.loads(row[-1])),
        category=v["category"],
        source=v["source"],
        quote=v["quote"],
        value=v["value"],
        unit=v["unit"],
        location=v["location"],
        notes=v["notes"],
        created_at=v["created_at"],
        updated_at=v["updated_at"],
    )


def snapshot(event: Event) -> str:
    """Everything needed to put `event` back exactly, as JSON text (for the history)."""
    values = dict(zip(COLUMNS, event_values(event), strict=True))
    return json.dumps(
        {"id": event.id, "row": values, "actors": list(event.actors), "tags": list(event.tags)},
        ensure_ascii=False,
    )


def from_snapshot(text: str) -> tuple[int, tuple[Any, ...], list[str], list[str]]:
    """(id, values of COLUMNS, actors, tags) from `snapshot` text."""
    data = json.loads(text)
    row = data["row"]
    return int(data["id"]), tuple(row[c] for c in COLUMNS), data["actors"], data["tags"]
