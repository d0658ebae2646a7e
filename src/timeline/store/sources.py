"""Sources as records: finding, creating, changing and removing them (the actor aliases are in
`timeline.store.aliases`).

Decisions encoded here:
- A citation names its source by id (`Citation.source_id`, from `#3` or `3` typed by the user)
  or by title. An id that names no source is a `NotFoundError`; a title is matched exactly as
  written (the oldest such source wins), so an event's `source` copy is always what was
  typed, and a title that names no source creates one, so `add --source TEXT` and a file's
  `source` column keep working. Sources a change created are listed in its history entry
  (`created_sources`), and undoing the change removes them again.
- A source's days (`published`, `accessed`) are ISO days; `published` is the reference day for
  the source's relative dates (its citations' `when`, and the event's `as_of` when the event
  gives none).
- Editing a source is one change in the history; when its `published` day moves, its
  citations' readings are read again (by the caller) and the events they belong to are kept in
  the history as they were, so one `undo` puts back the source and the readings.
- Removing a source that events cite is refused unless forced; a forced removal removes the
  citations too and sets each event's `source`/`quote` copy from its next citation, and the
  history keeps the source and the events as they were, so one `undo` puts all of it back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError, UsageError
from timeline.migrations import UUID_SQL
from timeline.model import SOURCE_COLUMNS, SOURCE_DAYS, Citation, Event
from timeline.model.sources import Source

if TYPE_CHECKING:
    from timeline.store.core import Store

COLUMNS = SOURCE_COLUMNS


def source_id_of(text: str) -> int | None:
    """`#3` or `3` (ASCII digits) as a source id; None when the text is a title."""
    digits = text.strip().removeprefix("#")
    if not digits.isascii() or not digits.isdigit() or len(digits) >= 19:
        return None
    return int(digits)


def as_source(row: Mapping[str, Any], events: int | None = None) -> Source:
    values = {k: row[k] for k in ("id", *COLUMNS, "created_at", "updated_at", "uuid")}
    for day in SOURCE_DAYS:
        values[day] = date.fromisoformat(values[day]) if values[day] else None
    return Source(**values, events=events)


def row_of(store: Store, sql: str, params: list[object]) -> dict[str, Any] | None:
    """The first row of a query as a dict by column name, or None."""
    cur = store.conn.execute(sql, params)
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def by_title(store: Store, title: str, *, exact: bool = False) -> dict[str, Any] | None:
    """The oldest source of this title, or None: exactly as written when `exact` (a citation,
    whose `source` copy must say what was typed), else ASCII case and outer spaces aside (a
    lookup such as `source show reuters`)."""
    if exact:
        return row_of(store, "SELECT * FROM sources WHERE title = ? ORDER BY id LIMIT 1", [title])
    sql = "SELECT * FROM sources WHERE title = ? COLLATE NOCASE ORDER BY id LIMIT 1"
    return row_of(store, sql, [title.strip()])


def get(store: Store, ref: str | int) -> dict[str, Any]:
    """The source `ref` names (an id, `#3`, or a title); `NotFoundError` when none."""
    source_id = ref if isinstance(ref, int) else source_id_of(ref)
    if source_id is not None:
        found = row_of(store, "SELECT * FROM sources WHERE id = ?", [source_id])
        if found is None:
            raise NotFoundError(f"no source #{source_id}; `timeline source list` shows them")
        return found
    found = by_title(store, str(ref))
    if found is None:
        raise NotFoundError(f"no source titled {str(ref)!r}; `timeline source list` shows them")
    return found


def published_days(store: Store) -> dict[str, date]:
    """Each titled source's `published` day, by its title (the oldest source of a title
    wins), for reading an import's relative dates."""
    found: dict[str, date] = {}
    rows = store.conn.execute(
        "SELECT title, published FROM sources WHERE published IS NOT NULL ORDER BY id DESC"
    )
    for title, published in rows:
        found[title] = date.fromisoformat(published)
    return found


def resolve(store: Store, citation: Citation) -> tuple[Citation, bool]:
    """The citation with its source's id, title, url and day, and whether the source was
    created for it (a title that names none); inside the caller's write transaction."""
    created = False
    found: dict[str, Any] | None
    if citation.source_id is not None:
        found = get(store, citation.source_id)
    else:
        found = by_title(store, citation.source, exact=True)
    if found is None:
        found = insert(store, {"title": citation.source, "url": citation.url,
                               "published": citation.published})  # fmt: skip
        created = True
    published = date.fromisoformat(found["published"]) if found["published"] else None
    resolved = citation._replace(source_id=int(found["id"]), source=found["title"],
                                 url=found["url"], published=published)  # fmt: skip
    return resolved, created


def resolve_titles(
    store: Store, wanted: Mapping[str, tuple[object, object]], stamp: str
) -> tuple[dict[str, tuple[int, str]], range]:
    """For each title of `wanted` (its url and published day, used only when it names no
    source), the oldest source of exactly that title, created (in `wanted`'s order, with the
    given `stamp`) when there is none: (id, title) by title, and the ids created. The batch
    form of `resolve` for an import: one query finds them and one statement adds the rest."""
    titles = list(wanted)
    found: dict[str, tuple[int, str]] = {}
    query = (
        "SELECT title, min(id) FROM sources WHERE title IN (SELECT value FROM json_each(?)) "
        "GROUP BY title"
    )
    for title, source_id in store.conn.execute(query, [json.dumps(titles)]):
        found[title] = (int(source_id), title)
    new = [t for t in titles if t not in found]
    if not new:
        return found, range(0)
    seq = store.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'sources'").fetchone()
    top = store.conn.execute("SELECT max(id) FROM sources").fetchone()[0]
    first = max(seq[0] if seq else 0, top or 0) + 1
    created = range(first, first + len(new))
    store.conn.executemany(
        "INSERT INTO sources (id, title, url, published, created_at, updated_at, uuid) "
        f"VALUES (?, ?, ?, ?, ?, ?, {UUID_SQL})",  # a new random UUID each, made by SQLite
        [
            (i, t, _stored(wanted[t][0]), _stored(wanted[t][1]), stamp, stamp)
            for i, t in zip(created, new, strict=True)
        ],
    )
    found.update((t, (i, t)) for i, t in zip(created, new, strict=True))
    return found, created


def insert(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    """A new source row (not recorded: the caller records the change it belongs to)."""
    stamp = store.clock()
    row = {k: _stored(values.get(k)) for k in COLUMNS} | {"created_at": stamp, "updated_at": stamp}
    row["uuid"] = values.get("uuid") or new_uuid()
    cur = store.conn.execute(
        f"INSERT INTO sources ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    return {"id": int(cur.lastrowid or 0), **row}


def new_uuid() -> str:
    """A random UUID for a new record (an event gets its own from SQLite)."""
    import uuid

    return str(uuid.uuid4())


def _stored(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def create(store: Store, values: Mapping[str, Any]) -> Source:
    """Add a source as one change in the history."""
    from timeline.store import records

    title = str(values["title"])
    stamp = store.clock()
    row = {k: _stored(values.get(k)) for k in COLUMNS} | {"created_at": stamp, "updated_at": stamp}
    row["uuid"] = new_uuid()
    new_id = records.add(store, "source", row, f"source {title}")
    return as_source(records.get(store, "source", new_id), 0)


def update(
    store: Store,
    source_id: int,
    changes: Mapping[str, Any],
    readings: Mapping[tuple[int, int], tuple[date | None, date | None]] | None = None,
) -> Source:
    """Change a source's columns (and, when its `published` day moved, its citations'
    readings, by (event id, position)) as one change in the history."""
    from timeline.store import history, records, rows

    with store.write():
        old = records.get(store, "source", source_id)
        new = old | {k: _stored(v) for k, v in changes.items() if k in COLUMNS}
        if new == old:
            return as_source(old, len(citing(store, source_id)))
        new["updated_at"] = store.clock()
        events = {event_id for event_id, _ in readings or {}}
        if new["title"] != old["title"]:
            events.update(_first_citing(store, source_id))
        before = json.loads(records.snapshot("source", source_id, old))
        before["events"] = [json.loads(rows.snapshot(store.get(i))) for i in sorted(events)]
        sets = ", ".join(f"{k} = ?" for k in new if k != "id")
        store.conn.execute(
            f"UPDATE sources SET {sets} WHERE id = ?",
            [v for k, v in new.items() if k != "id"] + [source_id],
        )
        if new["title"] != old["title"]:
            follow_title(store.conn, source_id, new["title"])
        store.conn.executemany(
            "UPDATE citations SET when_earliest = ?, when_latest = ? "
            "WHERE event_id = ? AND position = ?",
            [(_stored(a), _stored(b), e, p) for (e, p), (a, b) in (readings or {}).items()],
        )
        history.record(store.conn, new["updated_at"], "edit-source", None,
                       f"source #{source_id} {new['title']}",
                       json.dumps(before, ensure_ascii=False),
                       records.snapshot("source", source_id, new))  # fmt: skip
    return as_source(new, len(citing(store, source_id)))


def follow_title(conn: sqlite3.Connection, source_id: int, title: str) -> None:
    """Give the events citing this source first its title (their `source` copy)."""
    conn.execute(
        "UPDATE events SET source = ? WHERE id IN (SELECT event_id FROM citations "
        "WHERE source_id = ? AND position = 0)",
        [title, source_id],
    )


def _first_citing(store: Store, source_id: int) -> list[int]:
    """The events whose first citation is of this source (their `source` column copies it)."""
    rows = store.conn.execute(
        "SELECT event_id FROM citations WHERE source_id = ? AND position = 0", [source_id]
    )
    return [int(r[0]) for r in rows]


def citations_of(store: Store, source_id: int) -> list[tuple[int, int, str, date | None]]:
    """(event id, position, the source's dating, the event's reference day) of each citation
    of a source that dates the event."""
    rows = store.conn.execute(
        "SELECT c.event_id, c.position, c.source_when, e.as_of FROM citations c "
        "JOIN events e ON e.id = c.event_id "
        "WHERE c.source_id = ? AND c.source_when IS NOT NULL ORDER BY c.event_id, c.position",
        [source_id],
    )
    return [(int(e), int(p), w, date.fromisoformat(a) if a else None) for e, p, w, a in rows]


def citing(store: Store, source_id: int) -> list[int]:
    """The ids of the events that cite a source."""
    rows = store.conn.execute(
        "SELECT DISTINCT event_id FROM citations WHERE source_id = ? ORDER BY event_id",
        [source_id],
    )
    return [int(r[0]) for r in rows]


def all_sources(store: Store) -> list[Source]:
    """Every source in id order, with how many events cite it."""
    counts = dict(
        store.conn.execute(
            "SELECT source_id, count(DISTINCT event_id) FROM citations GROUP BY source_id"
        ).fetchall()
    )
    cur = store.conn.execute("SELECT * FROM sources ORDER BY id")
    names = [d[0] for d in cur.description]
    found = []
    for values in cur:
        row = dict(zip(names, values, strict=True))
        found.append(as_source(row, int(counts.get(row["id"], 0))))
    return found


def remove(store: Store, source_id: int, *, force: bool) -> Source:
    """Remove a source (and, forced, its citations) as one change in the history."""
    from timeline.store import history, records, rows

    with store.write():
        old = records.get(store, "source", source_id)
        cited = citing(store, source_id)
        if cited and not force:
            shown = ", ".join(f"#{i}" for i in cited[:5]) + (", …" if len(cited) > 5 else "")
            raise UsageError(
                f"source #{source_id} is cited by {len(cited)} event(s) ({shown}); "
                "give --force to remove it and its citations"
            )
        events = [store.get(i) for i in cited]
        store.conn.execute("DELETE FROM citations WHERE source_id = ?", [source_id])
        for event in events:
            _renumber(store, event)
        store.conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
        before = json.loads(records.snapshot("source", source_id, old))
        before["events"] = [json.loads(rows.snapshot(e)) for e in events]
        history.record(store.conn, store.clock(), "delete-source", None,
                       f"source #{source_id} {old['title']}",
                       json.dumps(before, ensure_ascii=False), None)  # fmt: skip
    return as_source(old, len(cited))


def _renumber(store: Store, event: Event) -> None:
    """After a citation went: positions from 0 again, and the event's copy columns from its
    (new) first citation (its quote kept when no citation is left)."""
    left = store.conn.execute(
        "SELECT c.position, s.title, c.quote FROM citations c JOIN sources s "
        "ON s.id = c.source_id WHERE c.event_id = ? ORDER BY c.position",
        [event.id],
    ).fetchall()
    for new, (old, _, _) in enumerate(left):
        store.conn.execute(
            "UPDATE citations SET position = ? WHERE event_id = ? AND position = ?",
            [new, event.id, old],
        )
    first = left[0] if left else (None, None, event.quote)
    store.conn.execute(
        "UPDATE events SET source = ?, quote = ? WHERE id = ?", [first[1], first[2], event.id]
    )


# -- actor aliases ---------------------------------------------------------------------------
