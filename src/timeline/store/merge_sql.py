"""The SQL of a merge (`timeline.store.merging`): stored events by UUID, possible duplicates,
rows put back in place, and the undo of a merge entry."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from timeline.model import Event
from timeline.store import rows

if TYPE_CHECKING:
    from timeline.store.core import Store


def by_uuid(store: Store, uuids: Sequence[str | None]) -> dict[str, Event]:
    """The stored events with these UUIDs, by UUID."""
    wanted = [u for u in uuids if u]
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    found = store.conn.execute(f"{rows.SELECT_EVENT} WHERE e.uuid IN ({marks})", wanted)
    events = (rows.row_event(r) for r in found)
    return {e.uuid: e for e in events if e.uuid}


PROBES = 500
"""Up to this many new events, each is looked up through the start index; more, and the stored
events are read once against an index of theirs (one pass, whatever the size)."""


def note_new(store: Store, events: Sequence[Event], first_id: int) -> None:
    """Keep what makes the events added from `first_id` on possible duplicates (their title,
    earliest and latest day and source), for `possible_duplicates` at the end of the merge."""
    conn = store.conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_keys (n INTEGER PRIMARY KEY, uuid TEXT, "
        "title TEXT, earliest TEXT, latest TEXT, source TEXT)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS temp.merge_keys_key ON merge_keys (earliest, title)")
    conn.executemany(
        "INSERT INTO temp.merge_keys VALUES (?, ?, ?, ?, ?, ?)",
        ((first_id + i, e.uuid, e.title, e.earliest.isoformat(), e.latest.isoformat(), e.source)
         for i, e in enumerate(events)),
    )  # fmt: skip


def possible_duplicates(store: Store, below: int) -> list[tuple[int, str | None, str, int]]:
    """The events noted by `note_new` whose title, earliest and latest day and source equal a
    stored event's with an id below `below`: (their new id, uuid, title, the stored event's
    id, the lowest), by new id; the notes are cleared."""
    conn = store.conn
    if not conn.execute("SELECT name FROM temp.sqlite_master WHERE name = 'merge_keys'").fetchone():
        return []
    count = conn.execute("SELECT count(*) FROM temp.merge_keys").fetchone()[0]
    same = (
        "k.earliest = e.start_earliest AND k.latest = +e.end_latest AND k.title = e.title "
        "AND k.source IS e.source"
    )
    joined = (
        f"temp.merge_keys k JOIN events e ON {same}"
        if count <= PROBES
        else f"events e CROSS JOIN temp.merge_keys k ON {same}"
    )
    found = conn.execute(
        f"SELECT k.n, k.uuid, k.title, min(e.id) FROM {joined} WHERE e.id < ? GROUP BY k.n "
        "ORDER BY k.n",
        [below],
    ).fetchall()
    conn.execute("DELETE FROM temp.merge_keys")
    return [(int(n), u, str(t), int(i)) for n, u, t, i in found]


def undo(
    conn: sqlite3.Connection, before: str | None, after: str, restore: Callable[[str], None]
) -> None:
    """Revert a merge entry (inside the caller's write transaction)."""
    span = json.loads(after)
    kept = json.loads(before) if before else {}
    if span["count"]:
        conn.execute(
            "DELETE FROM events WHERE id BETWEEN ? AND ?", [span["first_id"], span["last_id"]]
        )
    conn.executemany("DELETE FROM actor_aliases WHERE id = ?", [(i,) for i in span["aliases"]])
    for snapshot in kept.get("events", []):
        conn.execute("DELETE FROM events WHERE id = ?", [snapshot["id"]])
        restore(json.dumps(snapshot, ensure_ascii=False))
    for row in kept.get("sources", []):
        _write_source(conn, row)
    for row in kept.get("claims", []):
        _write_row(conn, "claims", row)
    conn.executemany("DELETE FROM claims WHERE id = ?", [(i,) for i in span["claims"]])
    from timeline.store.history import drop_sources

    drop_sources(conn, span["sources"])


def _write_source(conn: sqlite3.Connection, row: Mapping[str, Any]) -> None:
    """Put a source row in place, and the copy of its title in the events citing it first."""
    from timeline.store.sources import follow_title

    _write_row(conn, "sources", row)
    follow_title(conn, int(row["id"]), str(row["title"]))


def _write_row(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> None:
    sets = ", ".join(f"{k} = ?" for k in row if k != "id")
    conn.execute(
        f"UPDATE {table} SET {sets} WHERE id = ?",
        [v for k, v in row.items() if k != "id"] + [row["id"]],
    )
