"""The schema's history: named, append-only migrations (sqlite-utils `Migrations`).

Decisions encoded here:
- Migrations are never edited or reordered once released; a change is a new function at the end.
  `SCHEMA_VERSION` is their count and the store keeps `PRAGMA user_version` equal to it, so a
  file can be checked from its header alone, before anything is written to it.
- `APPLICATION_ID` ("TLIN") marks a file as a timeline database in its header.
- Dates are ISO `YYYY-MM-DD` text; an instant's end columns repeat its start, so
  `start_earliest … end_latest` is always an event's widest extent and one index serves windows.
- Event ids use AUTOINCREMENT: an id is never handed out twice, so undoing a delete can always
  put an event back under its own id.
- Actor and tag names are stored exactly as typed and matched without regard to ASCII case.
- Full-text search is sqlite-utils' FTS5 table `events_fts` (content=events) kept in step by
  triggers, which is the layout Datasette detects.
- The gap sweep reads extents only (id, start, end, ongoing); it names the few events of the gaps
  it shows afterwards, by primary key. So both of its indexes cover exactly that and no text
  (m005): `events_start_extent` (start_earliest, start_latest, id, end_earliest, end_latest,
  ongoing) serves `timeline gaps` and windows, and `events_category_start` (`category COLLATE
  NOCASE`, then the same columns) serves one category's gaps, `gaps --by category` and the
  category filter, so neither gap stream visits the table unless another filter asks for it.
  Measured at 1M events (the sweep in-process): all events 0.98 s -> 0.73 s, one category
  54-56 ms -> 15 ms, the two indexes 163 MiB -> 118 MiB (m003's start index also carried title
  and when_text, and its category index sent one category's sweep to the table for every
  event). Categories are matched without
  regard to case, so the exact-case `events_category` index served no query and m004 drops it.
- A migration that changes what users entered (m006) records the change in the history as one
  `migrate` entry holding the snapshots of the events it changed, so it can be undone.
- sqlite_utils is imported only by `migration_set()`, so that reading the names and the version
  (which every command does) costs nothing; only creating or upgrading a file pays for it.
  The command-line program (which owns its process) imports it without the pandas and numpy
  it loads at import when they are installed (for inserting DataFrames, which timeline never
  does): with both installed, that import cost 350 ms and 55 MB of memory in every `timeline`
  run that created a file. The library does not: sqlite_utils remembers at import whether they
  were there, and a program using timeline may use sqlite_utils with numpy itself.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

APPLICATION_ID = 0x544C494E  # "TLIN"
MIGRATION_SET = "timeline"

_EVENTS = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    when_text TEXT NOT NULL,
    end_text TEXT,
    start_earliest TEXT NOT NULL,
    start_latest TEXT NOT NULL,
    end_earliest TEXT NOT NULL,
    end_latest TEXT NOT NULL,
    precision TEXT NOT NULL,
    approximate INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    start_edtf TEXT NOT NULL DEFAULT '',
    end_precision TEXT,
    end_approximate INTEGER NOT NULL DEFAULT 0,
    end_uncertain INTEGER NOT NULL DEFAULT 0,
    end_edtf TEXT,
    ongoing INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    category TEXT,
    source TEXT,
    quote TEXT,
    value NUMERIC,
    unit TEXT,
    location TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""

_NAMES = """
CREATE TABLE {kind}s (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE INDEX {kind}s_name_nocase ON {kind}s (name COLLATE NOCASE);
CREATE TABLE event_{kind}s (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    {kind}_id INTEGER NOT NULL REFERENCES {kind}s(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, {kind}_id)
) WITHOUT ROWID;
CREATE INDEX event_{kind}s_{kind} ON event_{kind}s ({kind}_id, event_id);
"""

_HISTORY = """
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    event_id INTEGER,
    summary TEXT NOT NULL,
    before TEXT,
    after TEXT,
    undone_at TEXT
)
"""

_INDEXES = (
    "CREATE INDEX events_start ON events (start_earliest, start_latest, id)",
    "CREATE INDEX events_end ON events (end_latest)",
    "CREATE INDEX events_category ON events (category)",
    "CREATE INDEX history_undone ON history (undone_at, id)",
)


def _script(db: Any, sql: str) -> None:
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def m001_events_actors_tags_history(db: Any) -> None:
    """Events, actors, tags, their links, the history, and the date indexes."""
    db.execute(_EVENTS)
    _script(db, _NAMES.format(kind="actor"))
    _script(db, _NAMES.format(kind="tag"))
    db.execute(_HISTORY)
    for sql in _INDEXES:
        db.execute(sql)


def m002_full_text_search(db: Any) -> None:
    """FTS5 over title, quote and notes, kept in step by triggers."""
    db["events"].enable_fts(["title", "quote", "notes"], create_triggers=True)


def m003_covering_start_and_category_indexes(db: Any) -> None:
    """The start index extended to cover the gap sweep; a case-blind category index by date."""
    db.execute(
        "CREATE INDEX events_start_extent ON events (start_earliest, start_latest, id, "
        "end_earliest, end_latest, ongoing, title, when_text)"
    )
    db.execute("DROP INDEX events_start")
    db.execute(
        "CREATE INDEX events_category_start ON events "
        "(category COLLATE NOCASE, start_earliest, start_latest, id)"
    )


def m004_drop_exact_case_category_index(db: Any) -> None:
    """Drop `events_category`: categories are grouped and matched case-blind now."""
    db.execute("DROP INDEX IF EXISTS events_category")


def m005_slim_gap_indexes(db: Any) -> None:
    """Both gap indexes hold extents only: no titles in one, the ends added to the other."""
    db.execute("DROP INDEX IF EXISTS events_start_extent")
    db.execute(
        "CREATE INDEX events_start_extent ON events (start_earliest, start_latest, id, "
        "end_earliest, end_latest, ongoing)"
    )
    db.execute("DROP INDEX IF EXISTS events_category_start")
    db.execute(
        "CREATE INDEX events_category_start ON events (category COLLATE NOCASE, "
        "start_earliest, start_latest, id, end_earliest, end_latest, ongoing)"
    )


def _snapshot_sql(db: Any) -> str:
    """SQL for the history's JSON snapshot of event `e` (every column, its actors and tags),
    as the store writes it, read from the table as it stands."""
    columns = [r[1] for r in db.execute("PRAGMA table_info(events)").fetchall() if r[1] != "id"]
    row = ", ".join(f"'{c}', e.{c}" for c in columns)
    names = (
        "(SELECT json_group_array(name) FROM (SELECT k.name AS name FROM event_{0}s l "
        "JOIN {0}s k ON k.id = l.{0}_id WHERE l.event_id = e.id ORDER BY l.position))"
    )
    return (
        f"json_object('id', e.id, 'row', json_object({row}), "
        f"'actors', json({names.format('actor')}), 'tags', json({names.format('tag')}))"
    )


_ONGOING_OFF_RULE = (
    "e.ongoing = 1 AND (e.as_of IS NULL OR e.end_edtf IS NOT '..' OR e.end_latest != "
    "max(e.as_of, e.start_earliest) OR e.end_earliest != e.end_latest)"
)


def m006_ongoing_ends_at_its_reference_day(db: Any) -> None:
    """An ongoing event ends on its own reference day (DATES.md): its end is that day, EDTF
    `..`; one without a reference day takes the day it was entered. The events changed are
    recorded in the history as one change (`migrate`), so `timeline undo` can revert it."""
    found = db.execute(
        f"SELECT json_group_array(json({_snapshot_sql(db)})), count(*) FROM events e "
        f"WHERE {_ONGOING_OFF_RULE}"
    ).fetchone()
    if not found[1]:
        return
    db.execute(
        "UPDATE events AS e SET as_of = coalesce(as_of, substr(created_at, 1, 10)) "
        f"WHERE {_ONGOING_OFF_RULE}"
    )
    db.execute(
        "UPDATE events SET end_earliest = max(as_of, start_earliest), "
        "end_latest = max(as_of, start_earliest), end_precision = 'day', end_approximate = 0, "
        "end_uncertain = 0, end_edtf = '..' WHERE ongoing = 1"
    )
    db.execute(
        "INSERT INTO history (at, action, event_id, summary, before, after) VALUES "
        "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migrate', NULL, ?, ?, NULL)",
        [
            f"{found[1]} ongoing event(s) now end on their own reference day (schema 6)",
            found[0],
        ],
    )


_CLAIMS = """
CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    claim TEXT NOT NULL,
    a TEXT,
    b TEXT,
    within TEXT,
    selection TEXT NOT NULL DEFAULT '{}',
    as_of TEXT,
    source TEXT,
    quote TEXT,
    recorded_verdict TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def m007_claims(db: Any) -> None:
    """Stored claims (CLAIMS.md): what a source says about time, re-checked on demand. `kind` is
    gap, duration, count, first or order; `claim` the amount or relation as typed; `a`, `b` and
    `within` the anchors and window as typed; `selection` the listing filters (JSON)."""
    db.execute(_CLAIMS)


_SOURCES = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    url TEXT,
    publisher TEXT,
    published TEXT,
    accessed TEXT,
    archived_url TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sources_title_nocase ON sources (title COLLATE NOCASE);
CREATE TABLE citations (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    quote TEXT,
    source_when TEXT,
    when_earliest TEXT,
    when_latest TEXT,
    PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE INDEX citations_source ON citations (source_id, event_id);
CREATE TABLE actor_aliases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    alias TEXT NOT NULL UNIQUE COLLATE NOCASE,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE
);
CREATE INDEX actor_aliases_actor ON actor_aliases (actor_id);
"""


def m008_sources_citations_aliases(db: Any) -> None:
    """Sources as records, the citations that tie events to them (each with the source's words
    and its own dating), and actor aliases. Every distinct `source` text of an event becomes a
    source (an http(s) URL is also its `url`) and the event's citation of it, with its `quote`;
    the events keep their `source` and `quote` columns as a copy of the first citation."""
    _script(db, _SOURCES)
    stamp = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    db.execute(
        "INSERT INTO sources (title, url, created_at, updated_at) "
        "SELECT source, CASE WHEN source LIKE 'http://%' OR source LIKE 'https://%' "
        f"THEN source END, {stamp}, {stamp} FROM events WHERE coalesce(source, '') != '' "
        "GROUP BY source ORDER BY min(id)"
    )
    db.execute(
        "INSERT INTO citations (event_id, position, source_id, quote) "
        "SELECT e.id, 0, (SELECT min(s.id) FROM sources s WHERE s.title = e.source), e.quote "
        "FROM events e WHERE coalesce(e.source, '') != ''"
    )


UUID_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
    "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)
"""A random (version 4) UUID, made by SQLite: what a row gets when it arrives without one."""

_FTS_UPDATE = """
CREATE TRIGGER "events_au" AFTER UPDATE OF "title", "quote", "notes" ON "events" BEGIN
  INSERT INTO "events_fts" ("events_fts", rowid, "title", "quote", "notes")
    VALUES('delete', old.rowid, old."title", old."quote", old."notes");
  INSERT INTO "events_fts" (rowid, "title", "quote", "notes")
    VALUES (new.rowid, new."title", new."quote", new."notes");
END
"""


def m009_uuids(db: Any) -> None:
    """A UUID for every event, source and stored claim (unique; what `timeline merge` matches
    two files by), and an exact-title index for sources. The full-text trigger on updates now
    fires only when the indexed text changes, so giving a million events their UUIDs (and any
    later change to other columns) leaves the full-text index alone."""
    db.execute('DROP TRIGGER IF EXISTS "events_au"')
    db.execute(_FTS_UPDATE)
    for table in ("events", "sources", "claims"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        db.execute(f"UPDATE {table} SET uuid = {UUID_SQL}")
        db.execute(f"CREATE UNIQUE INDEX {table}_uuid ON {table} (uuid)")
    db.execute("CREATE INDEX sources_title ON sources (title)")


_ROLE_DATES = """
CREATE TABLE event_dates (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    when_text TEXT NOT NULL,
    end_text TEXT,
    start_earliest TEXT NOT NULL,
    start_latest TEXT NOT NULL,
    end_earliest TEXT NOT NULL,
    end_latest TEXT NOT NULL,
    precision TEXT NOT NULL,
    approximate INTEGER NOT NULL DEFAULT 0,
    uncertain INTEGER NOT NULL DEFAULT 0,
    start_edtf TEXT NOT NULL DEFAULT '',
    end_precision TEXT,
    end_approximate INTEGER NOT NULL DEFAULT 0,
    end_uncertain INTEGER NOT NULL DEFAULT 0,
    end_edtf TEXT,
    ongoing INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    category TEXT,
    PRIMARY KEY (event_id, role)
) WITHOUT ROWID;
CREATE INDEX event_dates_role_extent ON event_dates (role, start_earliest, start_latest,
    event_id, end_earliest, end_latest, ongoing);
CREATE INDEX event_dates_role_category ON event_dates (role, category COLLATE NOCASE,
    start_earliest, start_latest, event_id, end_earliest, end_latest, ongoing);
CREATE INDEX event_dates_role_end ON event_dates (role, end_latest);
CREATE TRIGGER event_dates_category AFTER UPDATE OF category ON events
WHEN new.category IS NOT old.category BEGIN
  UPDATE event_dates SET category = new.category WHERE event_id = new.id;
END
"""


def m010_role_dates(db: Any) -> None:
    """Role dates (announced, delivered, …): an event's other dated facets, one per role, in
    their own table with the events' own date columns (an instant's end repeating its start)
    and the source that gives each (as named). The same covering indexes as the main dates,
    after the role: `event_dates_role_extent` is to a role's gap sweep what
    `events_start_extent` is to the main dates', and `event_dates_role_category` what
    `events_category_start` is to one category's; for that, each row keeps a copy of its
    event's category, which a trigger keeps in step when the event's category changes.
    `event_dates_role_end` serves a role's `--from` as `events_end` does. No existing event
    changes."""
    statements = _ROLE_DATES.split("CREATE TRIGGER")
    _script(db, statements[0])
    db.execute("CREATE TRIGGER" + statements[1])


def m011_start_index_tells_spans(db: Any) -> None:
    """`events_start_extent` also holds `end_precision` (NULL for an instant), so a chart's
    marks (which need to know a span from an instant whose bounds match) stream from the index
    alone, as the gap sweep does: at 100,000 events 0.43 s -> 0.14 s for every event's mark
    (the table visited once per event before). No event changes."""
    db.execute("DROP INDEX IF EXISTS events_start_extent")
    db.execute(
        "CREATE INDEX events_start_extent ON events (start_earliest, start_latest, id, "
        "end_earliest, end_latest, ongoing, end_precision)"
    )


MIGRATIONS: tuple[tuple[str, Callable[[Any], None]], ...] = (
    ("m001_events_actors_tags_history", m001_events_actors_tags_history),
    ("m002_full_text_search", m002_full_text_search),
    ("m003_covering_start_and_category_indexes", m003_covering_start_and_category_indexes),
    ("m004_drop_exact_case_category_index", m004_drop_exact_case_category_index),
    ("m005_slim_gap_indexes", m005_slim_gap_indexes),
    ("m006_ongoing_ends_at_its_reference_day", m006_ongoing_ends_at_its_reference_day),
    ("m007_claims", m007_claims),
    ("m008_sources_citations_aliases", m008_sources_citations_aliases),
    ("m009_uuids", m009_uuids),
    ("m010_role_dates", m010_role_dates),
    ("m011_start_index_tells_spans", m011_start_index_tells_spans),
)
MIGRATION_NAMES: tuple[str, ...] = tuple(name for name, _ in MIGRATIONS)
SCHEMA_VERSION = len(MIGRATIONS)


_NOT_NEEDED = ("pandas", "numpy")
"""What sqlite_utils imports when installed and timeline never uses."""
LEAN_SQLITE_UTILS = False
"""Set by the command-line program (`timeline.cli.main`): import sqlite_utils without
`_NOT_NEEDED`. The library leaves it unset, and sqlite_utils as a host program would have it."""


def load_sqlite_utils() -> None:
    """Import sqlite_utils; with `LEAN_SQLITE_UTILS`, without `_NOT_NEEDED` unless something
    imported them already.

    While it is imported, those names are marked not importable (a `None` in `sys.modules`)
    and unmarked after, so a later `import pandas` works; with other threads running (which
    might import them at that moment), sqlite_utils is imported as it is."""
    if "sqlite_utils" in sys.modules or not LEAN_SQLITE_UTILS:
        return
    quiet = threading.active_count() == 1
    blocked = [name for name in _NOT_NEEDED if quiet and name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def migration_set() -> Any:
    """The sqlite-utils `Migrations` holding every migration above, in order."""
    load_sqlite_utils()
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in MIGRATIONS:
        migrations(name=name)(fn)
    return migrations
