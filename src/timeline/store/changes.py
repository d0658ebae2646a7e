"""The bodies of the store's recorded changes: add, update, delete and import.

Each runs in one `Store.write()` transaction and records itself in the history
(`timeline.store.history`) in that same transaction, so a change and its history entry are
written together or not at all. Decisions encoded here:
- An update that changes nothing is not written and not recorded: no new `updated_at`, no
  history entry for `undo` to revert.
- One delete of several ids is one entry whose `before` is the list of their snapshots.
- An import records only the range of ids it added (consecutive within its transaction).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from timeline.model import Event
from timeline.store import history, rows

if TYPE_CHECKING:
    from timeline.store.core import Store


def line(event: Event) -> str:
    """An event as one history summary: `#12 Title (when)`."""
    return f"#{event.id} {event.title} ({event.when})"


def add(store: Store, event: Event) -> Event:
    with store.write():
        stored = store._insert(store._stamped(event), None)
        history.record(
            store.conn, store.clock(), "add", stored.id, line(stored), None, rows.snapshot(stored)
        )
    return stored


def update(store: Store, event: Event) -> Event:
    conn = store.conn
    with store.write():
        old = store.get(event.id)
        if replace(event, created_at=old.created_at, updated_at=old.updated_at) == old:
            return old  # nothing changed: no new updated_at, no history entry to undo
        new = replace(event, created_at=old.created_at, updated_at=store.clock())
        conn.execute(rows.UPDATE_EVENT, [*rows.event_values(new), new.id])
        for field in rows.NAME_KINDS:
            kind = rows.link_kind(field)
            conn.execute(f"DELETE FROM event_{kind}s WHERE event_id = ?", [new.id])
            store._link(kind, new.id, getattr(new, field))
        history.record(
            conn, new.updated_at, "edit", new.id, line(new), rows.snapshot(old), rows.snapshot(new)
        )
    return new


def delete(store: Store, ids: Iterable[int]) -> list[Event]:
    gone: list[Event] = []
    with store.write():
        for event_id in dict.fromkeys(ids):
            gone.append(store.get(event_id))
            store.conn.execute("DELETE FROM events WHERE id = ?", [event_id])
        if not gone:
            return gone
        snapshots = [rows.snapshot(e) for e in gone]
        if len(gone) == 1:
            summary, before, one = line(gone[0]), snapshots[0], gone[0].id
        else:
            summary = f"{len(gone)} events: " + ", ".join(f"#{e.id}" for e in gone)
            before, one = "[" + ", ".join(snapshots) + "]", None
        history.record(store.conn, store.clock(), "delete", one, summary, before, None)
    return gone


def import_events(store: Store, events: Iterable[Event], label: str) -> int:
    from timeline.store.importing import insert_all, without_foreign_key_checks

    conn = store.conn
    with without_foreign_key_checks(conn), store.write():
        first = store._next_id()
        count = insert_all(conn, events, first, store.clock(), store._name_id)
        if count:
            span = f'{{"first_id": {first}, "last_id": {first + count - 1}, "count": {count}}}'
            summary = f"{count} events from {label}"
            history.record(conn, store.clock(), "import", None, summary, None, span)
    return count
