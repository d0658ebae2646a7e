"""The history table: every add, edit, delete and import, and how each is undone.

Decisions encoded here:
- An entry keeps `before` and `after` as JSON snapshots of the whole stored event (every
  column, actors and tags, citations, role dates), so undoing a delete puts the event back
  under its id exactly as it was, and deleting never loses data.
- An import keeps only the range of ids it added (`{"first_id", "last_id", "count"}`): within one
  BEGIN IMMEDIATE transaction those ids are consecutive, so undoing it removes exactly them
  (`timeline.store.importing.remove_events`, by range, in bulk for a large import).
- An `rm` of several ids is one entry whose `before` is the list of their snapshots, so one
  `undo` brings them all back; an edit that changes nothing is not recorded.
- Records beside the events (stored claims, sources, actor aliases) are recorded and undone by
  `timeline.store.records` (actions `add-claim`, `edit-source`, `delete-alias`, …).
- Sources a change created for its events (a new title in `add --source` or an import) are
  named in it (`created_sources` in an event's after snapshot; in an import's range
  `source_runs`, runs of consecutive ids `[first, last]`, since an import creates them in
  batches of consecutive ids and a list of a million would be held and written whole; an
  import recorded before kept `sources`, a list of ids, which undo still reads) and removed
  again when it is undone.
- A merge is one entry, action `merge`: `after` names the file and what it added, `before`
  keeps every stored event, source and claim it changed (`timeline.store.merging`).
- `undo` reverts the latest entry not yet undone and marks it with `undone_at`; undone entries
  stay in the log. Entries are undone strictly newest first, so the state an entry recorded is
  always the state being reverted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import NamedTuple

from timeline.errors import NotFoundError
from timeline.model import TYPED_FIELDS
from timeline.store.idruns import IdRuns as IdRuns  # where a change's created ids are kept
from timeline.store.rows import NAME_KINDS


class HistoryEntry(NamedTuple):
    """One recorded change."""

    id: int
    at: str
    action: str
    event_id: int | None
    summary: str
    undone_at: str | None
    before: str | None = None
    after: str | None = None

    def changed(self) -> list[str]:
        """For an edit, the fields it changed as typed (`when_text`, `tags`, …), else []."""
        if not (self.before and self.after):
            return []
        old, new = json.loads(self.before), json.loads(self.after)
        if not (isinstance(old, dict) and "row" in old and "row" in new):
            return []  # not one event's change (a merge, a record's)
        fields = [k for k in new["row"] if k in _TYPED and old["row"].get(k) != new["row"][k]]
        names = [k for k in (*NAME_KINDS, "citations", "dates") if old.get(k, []) != new.get(k, [])]
        return fields + names

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "at": self.at,
            "action": self.action,
            "event_id": self.event_id,
            "summary": self.summary,
            "undone_at": self.undone_at,
            "before": json.loads(self.before) if self.before else None,
            "after": json.loads(self.after) if self.after else None,
        }


# The columns a user types (the rest are derived from them, or stamps).
_TYPED = frozenset(s.column for s in TYPED_FIELDS if s.column)
_SELECT = "SELECT id, at, action, event_id, summary, undone_at, before, after FROM history"


def _snapshots(text: str) -> list[tuple[int, str]]:
    """(event id, snapshot text) of an entry's one object, or of each in a list (an `rm` of
    several ids); the text is parsed once here and re-encoded only for a list's items."""
    data = json.loads(text)
    if isinstance(data, list):
        return [(int(item["id"]), json.dumps(item, ensure_ascii=False)) for item in data]
    return [(int(data["id"]), text)]


def record(
    conn: sqlite3.Connection,
    at: str,
    action: str,
    event_id: int | None,
    summary: str,
    before: str | None,
    after: str | None,
) -> None:
    conn.execute(
        "INSERT INTO history (at, action, event_id, summary, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [at, action, event_id, summary, before, after],
    )


def drop_sources(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Remove the sources a change created, once nothing cites them."""
    conn.executemany(
        "DELETE FROM sources WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM citations WHERE source_id = sources.id)",
        [(i,) for i in ids],
    )


def entries(conn: sqlite3.Connection, limit: int | None) -> list[HistoryEntry]:
    """The newest entries first."""
    sql = _SELECT + " ORDER BY id DESC" + (" LIMIT ?" if limit is not None else "")
    params = [limit] if limit is not None else []
    return [HistoryEntry(*r) for r in conn.execute(sql, params)]


class NotAnImport(Exception):
    """The latest change is not the import `undo_latest(only_import=True)` was called for
    (another process recorded a change in between)."""


_LATEST = (
    "SELECT id, at, action, event_id, summary, undone_at, before, after FROM history "
    "WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
)


def latest_is_import(conn: sqlite3.Connection) -> bool:
    """Whether the change `undo` would revert now is an import."""
    row = conn.execute(
        "SELECT action FROM history WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row is not None and row[0] == "import"


def undo_latest(
    conn: sqlite3.Connection,
    at: str,
    restore: Callable[[str], None],
    *,
    only_import: bool = False,
) -> HistoryEntry:
    """Revert the latest entry not yet undone (inside the caller's write transaction).

    With `only_import`, raise `NotAnImport` (changing nothing) unless that entry is an import:
    the caller turned foreign keys off for it, which only an import's undo may run without.
    """
    row = conn.execute(_LATEST).fetchone()
    if row is None:
        if conn.execute("SELECT 1 FROM history LIMIT 1").fetchone() is None:
            raise NotFoundError("nothing to undo: no change has been recorded yet")
        raise NotFoundError("nothing to undo: every recorded change is already undone")
    entry = HistoryEntry(*row[:6])
    before, after = row[6], row[7]
    if only_import and entry.action != "import":
        raise NotAnImport(entry.action)
    from timeline.store import records

    if records.is_record_action(entry.action):
        records.undo(conn, entry.action, before, after, restore)
    elif entry.action == "import":
        from timeline.store.importing import remove_events, remove_source_runs

        span = json.loads(after)
        remove_events(conn, span["first_id"], span["last_id"])
        for claim_id in span.get("claims", []):
            conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])
        drop_sources(conn, span.get("sources", []))
        remove_source_runs(conn, span.get("source_runs", []))
    elif entry.action == "merge":
        from timeline.store import merge_sql

        merge_sql.undo(conn, before, after, restore)
    elif entry.action == "add":
        conn.execute("DELETE FROM events WHERE id = ?", [entry.event_id])
        drop_sources(conn, json.loads(after).get("created_sources", []))
    else:  # edit, delete: put the before snapshot(s) back
        for event_id, snapshot in _snapshots(before):
            conn.execute("DELETE FROM events WHERE id = ?", [event_id])
            restore(snapshot)
        if after:
            drop_sources(conn, json.loads(after).get("created_sources", []))
    conn.execute("UPDATE history SET undone_at = ? WHERE id = ?", [at, entry.id])
    return HistoryEntry(entry.id, entry.at, entry.action, entry.event_id, entry.summary, at)
