"""Sources as records, and the actor aliases: finding, creating, changing and removing them.

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
- An alias belongs to one actor and is matched without regard to ASCII case; an actor's
  aliases go where its name goes (filters, `add`, `import`). Making a name that events already
  carry an alias moves those events to the actor (recorded, undone with the alias); an actor
  with aliases of its own cannot become an alias.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError, UsageError
from timeline.model import SOURCE_COLUMNS, SOURCE_DAYS, Citation, Event, Source, ascii_lower

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


def _row(store: Store, sql: str, params: list[object]) -> dict[str, Any] | None:
    cur = store.conn.execute(sql, params)
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def by_title(store: Store, title: str, *, exact: bool = False) -> dict[str, Any] | None:
    """The oldest source of this title, or None: exactly as written when `exact` (a citation,
    whose `source` copy must say what was typed), else ASCII case and outer spaces aside (a
    lookup such as `source show reuters`)."""
    if exact:
        return _row(store, "SELECT * FROM sources WHERE title = ? ORDER BY id LIMIT 1", [title])
    sql = "SELECT * FROM sources WHERE title = ? COLLATE NOCASE ORDER BY id LIMIT 1"
    return _row(store, sql, [title.strip()])


def get(store: Store, ref: str | int) -> dict[str, Any]:
    """The source `ref` names (an id, `#3`, or a title); `NotFoundError` when none."""
    source_id = ref if isinstance(ref, int) else source_id_of(ref)
    if source_id is not None:
        found = _row(store, "SELECT * FROM sources WHERE id = ?", [source_id])
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
        if new["title"] != old["title"]:  # the events' copy of their first citation follows
            store.conn.execute(
                "UPDATE events SET source = ? WHERE id IN (SELECT event_id FROM citations "
                "WHERE source_id = ? AND position = 0)",
                [new["title"], source_id],
            )
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


def aliases(store: Store) -> dict[str, list[str]]:
    """Each actor's aliases, by actor name."""
    rows = store.conn.execute(
        "SELECT k.name, a.alias FROM actor_aliases a JOIN actors k ON k.id = a.actor_id "
        "ORDER BY k.name, a.alias COLLATE NOCASE"
    )
    found: dict[str, list[str]] = {}
    for name, alias in rows:
        found.setdefault(name, []).append(alias)
    return found


def add_aliases(store: Store, actor: str, names: list[str]) -> list[str]:
    """Make `names` aliases of `actor` (created when new; an alias given as the actor means its
    actor), one change each in the history; the aliases added."""
    from timeline.store import history, records, rows

    actor = actor.strip()
    if not actor:
        raise UsageError("the actor's name cannot be empty")
    added = []
    with store.write():
        actor = alias_owner(store, actor) or actor
        for alias in names:
            stamp = store.clock()
            attached = attach_alias(store, actor, alias, stamp)
            if attached is None:
                continue
            alias_id, events = attached
            alias = alias.strip()
            before = {"events": [json.loads(rows.snapshot(e)) for e in events]}
            after = records.snapshot("alias", alias_id, records.get(store, "alias", alias_id))
            summary = f"alias {alias} of {actor}" + (f" ({len(events)} events)" if events else "")
            history.record(store.conn, stamp, "add-alias", None, summary,
                           json.dumps(before, ensure_ascii=False) if events else None,
                           after)  # fmt: skip
            added.append(alias)
    store.forget_names()
    return added


def alias_owner(store: Store, name: str) -> str | None:
    """The actor whose alias `name` is (ASCII case aside), or None."""
    owner = store.conn.execute(
        "SELECT k.name FROM actor_aliases a JOIN actors k ON k.id = a.actor_id WHERE a.alias = ?",
        [name],
    ).fetchone()
    return str(owner[0]) if owner else None


def attach_alias(
    store: Store, actor: str, alias: str, stamp: str
) -> tuple[int, list[Event]] | None:
    """Make `alias` an alias of `actor` (created when new) inside the caller's transaction, not
    recorded: the alias row's id and the events that carried the name, as they were before
    they moved to the actor; None when it already is the actor's alias or its own name. An
    alias of another actor, or a name with aliases of its own, is a `UsageError`."""
    alias = alias.strip()
    if not alias:
        raise UsageError("an alias cannot be empty")
    if ascii_lower(alias) == ascii_lower(actor):
        return None
    taken = alias_owner(store, alias)
    if taken is not None:
        if ascii_lower(taken) == ascii_lower(actor):
            return None
        raise UsageError(f"{alias!r} is already an alias of {taken!r}")
    own = aliases(store).get(_actor_name(store, alias) or "", [])
    if own:
        raise UsageError(
            f"{alias!r} has aliases of its own ({', '.join(own)}); "
            "`timeline actors unalias` them first"
        )
    actor_id = _actor_id(store, actor)
    moved = _carrying(store, alias, actor_id)
    events = [store.get(i) for i in moved]
    cur = store.conn.execute(
        "INSERT INTO actor_aliases (alias, actor_id) VALUES (?, ?)", [alias, actor_id]
    )
    for event in events:
        store.update_links(event.id, "actors", _renamed(event.actors, alias, actor), stamp)
    return int(cur.lastrowid or 0), events


def actor_names(store: Store, names: tuple[str, ...]) -> tuple[str, ...]:
    """Actor names with each alias replaced by its actor's name, repeats dropped."""
    if not store.conn.execute("SELECT 1 FROM actor_aliases LIMIT 1").fetchone():
        return names
    found = []
    for name in names:
        row = store.conn.execute(
            "SELECT k.name FROM actor_aliases a JOIN actors k ON k.id = a.actor_id "
            "WHERE a.alias = ?", [name.strip()],
        ).fetchone()  # fmt: skip
        found.append(str(row[0]) if row else name)
    return tuple(dict.fromkeys(found))


def _actor_name(store: Store, name: str) -> str | None:
    row = store.conn.execute("SELECT name FROM actors WHERE name = ? COLLATE NOCASE", [name])
    found = row.fetchone()
    return None if found is None else str(found[0])


def _actor_id(store: Store, name: str) -> int:
    """The actor's id (created when new), by its name as stored."""
    store.conn.execute("INSERT OR IGNORE INTO actors (name) VALUES (?)", [name])
    row = store.conn.execute("SELECT id FROM actors WHERE name = ?", [name]).fetchone()
    return int(row[0])


def _carrying(store: Store, name: str, actor_id: int) -> list[int]:
    """The events whose actors include `name` (ASCII case aside), other than actor `actor_id`."""
    rows = store.conn.execute(
        "SELECT DISTINCT l.event_id FROM event_actors l JOIN actors k ON k.id = l.actor_id "
        "WHERE k.name = ? COLLATE NOCASE AND k.id != ? ORDER BY l.event_id",
        [name, actor_id],
    )
    return [int(r[0]) for r in rows]


def _renamed(names: tuple[str, ...], alias: str, actor: str) -> tuple[str, ...]:
    """`names` with `alias` (ASCII case aside) replaced by `actor`, repeats dropped."""
    key = ascii_lower(alias)
    return tuple(dict.fromkeys(actor if ascii_lower(n) == key else n for n in names))


def remove_aliases(store: Store, names: list[str]) -> list[tuple[str, str]]:
    """Remove aliases, all or none (events moved to the actor stay with it), one change each;
    (alias, actor) of each removed."""
    from timeline.store import history, records

    gone = []
    with store.write():
        for alias in dict.fromkeys(n.strip() for n in names):
            row = store.conn.execute(
                "SELECT a.id, a.alias, k.name FROM actor_aliases a JOIN actors k "
                "ON k.id = a.actor_id WHERE a.alias = ?", [alias],
            ).fetchone()  # fmt: skip
            if row is None:
                raise NotFoundError(f"{alias!r} is not an alias; `timeline actors` lists them")
            alias_id = int(row[0])
            before = records.snapshot("alias", alias_id, records.get(store, "alias", alias_id))
            store.conn.execute("DELETE FROM actor_aliases WHERE id = ?", [alias_id])
            history.record(store.conn, store.clock(), "delete-alias", None,
                           f"alias {row[1]} of {row[2]}", before, None)  # fmt: skip
            gone.append((str(row[1]), str(row[2])))
    store.forget_names()
    return gone
