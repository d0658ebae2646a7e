"""The bodies of the store's recorded changes: add, update, delete and import.

Each runs in one `Store.write()` transaction and records itself in the history
(`timeline.store.history`) in that same transaction, so a change and its history entry are
written together or not at all. Decisions encoded here:
- An update that changes nothing is not written and not recorded: no new `updated_at`, no
  history entry for `undo` to revert.
- One delete of several ids is one entry whose `before` is the list of their snapshots.
- An import records only the range of ids it added (consecutive within its transaction), and
  the stored claims and the sources it added.
- Each citation's source is found (or created) before the event is compared or written; the
  sources a change created are named in its history entry, so `undo` removes them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from timeline.model import Event
from timeline.store import history, rows

if TYPE_CHECKING:
    from timeline.store.core import Store


def line(event: Event) -> str:
    """An event as one history summary: `#12 Title (when)`."""
    return f"#{event.id} {event.title} ({event.when})"


def created(snapshot: str, ids: list[int]) -> str:
    """An event snapshot naming the sources its change created (undo removes them)."""
    if not ids:
        return snapshot
    doc = json.loads(snapshot)
    doc["created_sources"] = ids
    return json.dumps(doc, ensure_ascii=False)


def add(store: Store, event: Event) -> Event:
    with store.write():
        resolved, new = store._resolved(store._stamped(event))
        stored = store.get(store._insert(resolved, None).id)  # names as stored
        after = created(rows.snapshot(stored), new)
        history.record(store.conn, store.clock(), "add", stored.id, line(stored), None, after)
    return stored


def update(store: Store, event: Event) -> Event:
    with store.write():
        old = store.get(event.id)
        new, made = rewrite(store, old, event)
        if new is old:
            return old  # nothing changed: no new updated_at, no history entry to undo
        after = created(rows.snapshot(new), made)
        history.record(store.conn, new.updated_at, "edit", new.id, line(new), rows.snapshot(old),
                       after)  # fmt: skip
    return new


def rewrite(store: Store, old: Event, event: Event) -> tuple[Event, list[int]]:
    """Replace stored event `old` by `event` (same id) inside the caller's transaction, not
    recorded: the event as stored (`old` itself when nothing changed) and the ids of the
    sources its citations created."""
    conn = store.conn
    if event.uuid is None:  # an edit keeps the event's identity
        event = replace(event, uuid=old.uuid)
    event, made = store._resolved(event)
    if replace(event, created_at=old.created_at, updated_at=old.updated_at) == old:
        return old, made
    new = replace(event, created_at=old.created_at, updated_at=store.clock())
    conn.execute(rows.UPDATE_EVENT, [*rows.event_values(new), new.id])
    for field in rows.NAME_KINDS:
        kind = rows.link_kind(field)
        conn.execute(f"DELETE FROM event_{kind}s WHERE event_id = ?", [new.id])
        store._link(kind, new.id, getattr(new, field))
    conn.execute("DELETE FROM citations WHERE event_id = ?", [new.id])
    conn.executemany(rows.INSERT_CITATION, rows.citation_values(new.id, new))
    conn.execute("DELETE FROM event_dates WHERE event_id = ?", [new.id])
    conn.executemany(rows.INSERT_ROLE_DATE, rows.role_values(new.id, new))
    return store.get(new.id), made  # names as stored


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


def import_events(
    store: Store,
    events: Iterable[Event],
    label: str,
    claims: Sequence[Mapping[str, Any]] = (),
    old_ids: Sequence[object] = (),
    sources: Sequence[Mapping[str, Any]] = (),
) -> int:
    from timeline.store.idruns import IdRuns
    from timeline.store.importing import insert_all, insert_claims, without_foreign_key_checks

    conn = store.conn
    with without_foreign_key_checks(conn), store.write():
        first = store._next_id()
        store._sources.clear()
        store._created = IdRuns()
        store._import_sources(sources)
        count = insert_all(conn, events, first, store.clock(), store._name_id, store._source_ids,
                           store._created.extend)  # fmt: skip
        renumber = {str(old): first + i for i, old in enumerate(old_ids) if old is not None}
        claim_ids = insert_claims(conn, claims, renumber)
        if count or claim_ids or store._created:
            span: dict[str, object] = {"first_id": first, "last_id": first + count - 1,
                                       "count": count}  # fmt: skip
            summary = f"{count} events from {label}"
            if claim_ids:
                span["claims"] = claim_ids
                summary = f"{count} events and {len(claim_ids)} claims from {label}"
            if store._created:
                span["source_runs"] = store._created.runs()
                summary += f" ({len(store._created)} new sources)"
            history.record(conn, store.clock(), "import", None, summary, None, json.dumps(span))
    return count
