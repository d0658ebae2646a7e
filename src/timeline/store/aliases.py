"""The actor aliases: finding, attaching and removing them.

Decisions encoded here:
- An alias belongs to one actor and is matched without regard to ASCII case; an actor's
  aliases go where its name goes (filters, `add`, `import`). Making a name that events already
  carry an alias moves those events to the actor (recorded, undone with the alias); an actor
  with aliases of its own cannot become an alias.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from timeline.errors import NotFoundError, UsageError
from timeline.model import Event, ascii_lower

if TYPE_CHECKING:
    from timeline.store.core import Store


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
