"""Records kept beside the events (stored claims, sources, actor aliases): rows of their own
table, written, recorded in the history and undone like events.

Decisions encoded here:
- A record is a plain row of its table (`RECORD_TABLES`), read and written by column name; the
  caller owns what the columns mean.
- Every write is one change in the history, with the action `add-<kind>`, `edit-<kind>` or
  `delete-<kind>` and JSON snapshots `{"table", "id", "row"}` of the row before and after (the
  before may add `"events"`: snapshots of events the change also changed), so `timeline undo`
  puts it back exactly (`undo` in `timeline.store.history` dispatches on the action).
- Ids use AUTOINCREMENT, as events do: an undone delete comes back under its own id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError

if TYPE_CHECKING:
    from timeline.store.core import Store

RECORD_TABLES: dict[str, str] = {"claim": "claims", "source": "sources", "alias": "actor_aliases"}
"""Each record kind (`claim`) and its table."""


def _table(kind: str) -> str:
    if kind not in RECORD_TABLES:
        raise ValueError(kind)
    return RECORD_TABLES[kind]


def snapshot(kind: str, record_id: int, row: Mapping[str, Any]) -> str:
    return json.dumps(
        {"table": _table(kind), "id": record_id, "row": dict(row)}, ensure_ascii=False
    )


def get(store: Store, kind: str, record_id: int) -> dict[str, Any]:
    table = _table(kind)
    cur = store.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    row = cur.fetchone()
    if row is None:
        raise NotFoundError(f"no {kind} #{record_id}")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def all_rows(store: Store, kind: str) -> list[dict[str, Any]]:
    """Every record of a kind, in id order."""
    cur = store.conn.execute(f"SELECT * FROM {_table(kind)} ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def add(store: Store, kind: str, row: Mapping[str, Any], summary: str) -> int:
    """Insert a record (its id assigned here) and record the change."""
    from timeline.store import history

    table = _table(kind)
    with store.write():
        cols = ", ".join(row)
        cur = store.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        new_id = int(cur.lastrowid or 0)
        stored = get(store, kind, new_id)
        history.record(store.conn, store.clock(), f"add-{kind}", None, summary, None,
                       snapshot(kind, new_id, stored))  # fmt: skip
    return new_id


def delete(store: Store, kind: str, record_id: int, summary: str) -> dict[str, Any]:
    """Delete a record as one recorded change; returns what it held."""
    from timeline.store import history

    with store.write():
        old = get(store, kind, record_id)
        store.conn.execute(f"DELETE FROM {_table(kind)} WHERE id = ?", [record_id])
        history.record(store.conn, store.clock(), f"delete-{kind}", None, summary,
                       snapshot(kind, record_id, old), None)  # fmt: skip
    return old


def undo(
    conn: sqlite3.Connection,
    action: str,
    before: str | None,
    after: str | None,
    restore: Callable[[str], None],
) -> None:
    """Revert one recorded change of a record (inside the caller's transaction): an added row
    goes, an edited one takes its old values again (in place, so rows that refer to it stay
    valid), a deleted one comes back under its id. Events the change also changed (`"events"`
    in `before`: a forced source removal, an alias that moved events to its actor) are put
    back with `restore`."""
    verb, _, kind = action.partition("-")
    table = _table(kind)
    old = json.loads(before or "{}")
    if verb == "add":
        conn.execute(f"DELETE FROM {table} WHERE id = ?", [json.loads(after or "{}")["id"]])
    else:
        row = old["row"]
        if verb == "edit":
            sets = ", ".join(f"{k} = ?" for k in row if k != "id")
            values = [v for k, v in row.items() if k != "id"]
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values, old["id"]])
        else:
            cols = ", ".join(row)
            conn.execute(
                f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
    for snapshot in old.get("events", []):
        conn.execute("DELETE FROM events WHERE id = ?", [snapshot["id"]])
        restore(json.dumps(snapshot, ensure_ascii=False))


def is_record_action(action: str) -> bool:
    """Whether a history action belongs to a record kind (`add-claim`), not to events."""
    verb, dash, kind = action.partition("-")
    return bool(dash) and verb in ("add", "edit", "delete") and kind in RECORD_TABLES
