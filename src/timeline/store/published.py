"""The SQL of a published snapshot (`timeline publish`): the objects added to the copy, the
canned queries Datasette offers over them, and sealing the copy for a read-only server.

Decisions encoded here:
- The snapshot is a verified online-backup copy of the database (`maintenance.backup_to`); what
  publishing adds lives in the copy only, never in the database: the `chronology` view, the
  `gaps` and `claim_checks` tables (computed by the tool, which SQL cannot do) and one index.
- `chronology` is a plain view over the stored tables, one row per event in the tool's date
  order: actors, tags and source titles as JSON arrays in their stored order (Datasette's array
  facets read them), the stored bounds as they are (an open earliest stays `0001-01-01`, an
  unknown latest `9999-12-31`, so a comparison written naively still means "could be"), flags
  for the open sides, `effective_end` (the day every question ends the event on: an ongoing
  one's reference day; NULL when the end is unknown), and `start_year`/`start_month` for
  faceting, set only when the start lies within one year (one month): a year-long or
  open-earliest start is not put in a month it may not belong to. Its columns come in reading
  order: what happened, when, who, then the bounds and flags, then the long texts; the
  timestamps stay in `events`.
- `start` is the day the tool sorts by (the earliest, an open earliest's latest), and the
  snapshot indexes events by (that day, start_latest, id): a page sorted by `start` is read from
  the index in the tool's exact order, without evaluating every row's arrays first. The view
  itself has no ORDER BY, so SQLite can flatten it: counting 100,000 rows takes 1 ms instead
  of 0.9 s (every row's arrays built first); `ORDER BY start, start_latest, id` is the order.
- The canned queries name the view's columns they read (never `*`), so SQLite builds no array
  it does not show: `latest_per_actor` over 100,000 events took 1.6 s (over Datasette's 1 s
  limit) with `c.*` and 0.27 s so.
- The canned queries take days as text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, compared on the
  bound's matching prefix, so `2023` as `:to` reaches 31 December; an empty value is no bound.
- Sealing: the copy leaves WAL mode (a server that opens it immutable reads one file), and is
  checked again after the additions, with `quick_check` (the backup itself was given the full
  `integrity_check`; at 100,000 events the second full check cost 0.7 s of 3.6).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.errors import StorageError
from timeline.store.rows import OPEN_START_SQL, SORT_DAY_SQL

if TYPE_CHECKING:
    from timeline.store.core import Store

VIEW = "chronology"
GAPS = "gaps"
CLAIM_CHECKS = "claim_checks"
ADDED = (VIEW, GAPS, CLAIM_CHECKS)
"""What publishing adds to the copy (a view and two tables)."""

_OPEN_LATEST_SQL = (
    "(e.end_latest = '9999-12-31' AND rtrim(coalesce(e.end_edtf, e.start_edtf), '~?%') LIKE '%/')"
)
_NAMES = (
    "(SELECT json_group_array(name) FROM (SELECT k.name AS name FROM event_{0}s l "
    "JOIN {0}s k ON k.id = l.{0}_id WHERE l.event_id = e.id ORDER BY l.position))"
)
_SOURCES = (
    "(SELECT json_group_array(title) FROM (SELECT s.title AS title FROM citations c "
    "JOIN sources s ON s.id = c.source_id WHERE c.event_id = e.id ORDER BY c.position))"
)
_SAME = "substr(e.start_earliest, 1, {0}) = substr(e.start_latest, 1, {0})"
_ONE_YEAR = f"(NOT {OPEN_START_SQL} AND {_SAME.format(4)})"
_ONE_MONTH = f"(NOT {OPEN_START_SQL} AND {_SAME.format(7)})"

VIEW_SQL = f"""
CREATE VIEW {VIEW} AS SELECT
    e.id AS id,
    e.title AS title,
    e.when_text AS when_text,
    {SORT_DAY_SQL} AS start,
    CASE WHEN {_OPEN_LATEST_SQL} THEN NULL ELSE e.end_latest END AS effective_end,
    {_NAMES.format("actor")} AS actors,
    {_NAMES.format("tag")} AS tags,
    e.category AS category,
    {_SOURCES} AS sources,
    (SELECT count(*) FROM citations c WHERE c.event_id = e.id) AS source_count,
    e.precision AS precision,
    CASE WHEN {_ONE_YEAR} THEN CAST(substr(e.start_earliest, 1, 4) AS INTEGER) END AS start_year,
    CASE WHEN {_ONE_MONTH} THEN substr(e.start_earliest, 1, 7) END AS start_month,
    e.start_earliest AS start_earliest,
    e.start_latest AS start_latest,
    e.end_earliest AS end_earliest,
    e.end_latest AS end_latest,
    e.ongoing AS ongoing,
    e.as_of AS as_of,
    CASE WHEN {OPEN_START_SQL} THEN 1 ELSE 0 END AS open_earliest,
    CASE WHEN {_OPEN_LATEST_SQL} THEN 1 ELSE 0 END AS open_latest,
    e.approximate AS approximate,
    e.uncertain AS uncertain,
    e.end_text AS end_text,
    e.end_precision AS end_precision,
    e.end_approximate AS end_approximate,
    e.end_uncertain AS end_uncertain,
    e.start_edtf AS start_edtf,
    e.end_edtf AS end_edtf,
    e.value AS value,
    e.unit AS unit,
    e.location AS location,
    e.quote AS quote,
    e.notes AS notes
FROM events e
"""

ORDER_INDEX_SQL = (
    f"CREATE INDEX published_order ON events ({SORT_DAY_SQL.replace('e.', '')}, start_latest, id)"
)
"""The tool's date order as an index, so a page of `chronology` sorted by `start` is read
in that order from it (the expression is the view's `start`, column for column)."""

GAPS_SQL = f"""
CREATE TABLE {GAPS} (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    group_name TEXT,
    rank INTEGER NOT NULL,
    from_id INTEGER REFERENCES events(id),
    from_title TEXT,
    from_when TEXT,
    to_id INTEGER REFERENCES events(id),
    to_title TEXT,
    to_when TEXT,
    from_max_id INTEGER REFERENCES events(id),
    to_max_id INTEGER REFERENCES events(id),
    min_from TEXT NOT NULL,
    min_to TEXT NOT NULL,
    max_from TEXT NOT NULL,
    max_to TEXT NOT NULL,
    min_days INTEGER NOT NULL,
    max_days INTEGER,
    min_calendar TEXT NOT NULL,
    max_calendar TEXT
)
"""
GAP_COLUMNS = (
    *("scope", "group_name", "rank", "from_id", "from_title", "from_when", "to_id", "to_title"),
    *("to_when", "from_max_id", "to_max_id", "min_from", "min_to", "max_from", "max_to"),
    *("min_days", "max_days", "min_calendar", "max_calendar"),
)

CLAIM_CHECKS_SQL = f"""
CREATE TABLE {CLAIM_CHECKS} (
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
    kind TEXT NOT NULL,
    claim TEXT NOT NULL,
    source TEXT,
    quote TEXT,
    recorded_verdict TEXT NOT NULL,
    verdict TEXT NOT NULL,
    changed INTEGER NOT NULL,
    read_lo INTEGER,
    read_hi INTEGER,
    unit TEXT NOT NULL,
    true_min INTEGER,
    true_max INTEGER,
    deciding TEXT NOT NULL
)
"""
CLAIM_COLUMNS = (
    *("claim_id", "kind", "claim", "source", "quote", "recorded_verdict", "verdict", "changed"),
    *("read_lo", "read_hi", "unit", "true_min", "true_max", "deciding"),
)

# -- canned queries ------------------------------------------------------------------------------

_FROM_TO = (
    "substr(start_earliest, 1, length(:to)) <= :to "
    "AND substr(coalesce(effective_end, '9999-12-31'), 1, length(:from)) >= :from"
)
_LIST = "id, title, when_text, start_earliest, start_latest, end_earliest, end_latest, actors, tags"
_REASONS = (
    "rtrim(CASE WHEN approximate OR end_approximate THEN 'approximate, ' ELSE '' END"
    " || CASE WHEN uncertain OR end_uncertain THEN 'uncertain, ' ELSE '' END"
    " || CASE WHEN source_count = 0 THEN 'no source, ' WHEN source_count = 1"
    " THEN 'single source, ' ELSE '' END"
    " || CASE WHEN open_earliest THEN 'open earliest, ' ELSE '' END, ', ')"
)
QUERIES: dict[str, str] = {
    "overlapping": (
        f"SELECT {_LIST}, category, ongoing, effective_end FROM {VIEW}\nWHERE {_FROM_TO}\n"
        "ORDER BY start, start_latest, id"
    ),
    "latest_per_actor": (
        "SELECT actor, id, title, when_text, start, start_latest, end_latest, category FROM (\n"
        "  SELECT a.name AS actor, c.id, c.title, c.when_text, c.start, c.start_latest,\n"
        "    c.end_latest, c.category, row_number() OVER (PARTITION BY a.id\n"
        "    ORDER BY c.start DESC, c.start_latest DESC, c.id DESC) AS nth\n"
        f"  FROM actors a JOIN event_actors l ON l.actor_id = a.id JOIN {VIEW} c ON c.id = "
        "l.event_id\n) WHERE nth = 1\nORDER BY start DESC, start_latest DESC, id DESC, actor"
    ),
    "needs_review": (
        f"SELECT id, title, when_text, {_REASONS} AS reasons, source_count, sources, precision\n"
        f"FROM {VIEW}\nWHERE approximate OR uncertain OR end_approximate OR end_uncertain\n"
        "  OR source_count < 2 OR open_earliest\nORDER BY start, start_latest, id"
    ),
    "quiet_periods": (
        "SELECT scope, group_name, from_id, from_title, to_id, to_title, min_days, max_days,\n"
        "  min_calendar, max_calendar, min_days >= CAST(:days AS INTEGER) AS certainly\n"
        f"FROM {GAPS}\nWHERE max_days IS NULL OR max_days >= CAST(:days AS INTEGER)\n"
        "ORDER BY scope = 'all' DESC, scope, group_name, rank"
    ),
}
"""The canned queries, by name (their titles and descriptions are the metadata's)."""


def add_published(
    store: Store, gaps: Iterable[Mapping[str, Any]], checks: Iterable[Mapping[str, Any]]
) -> tuple[int, int]:
    """Add the view, the index and the computed tables to the open copy, in one transaction;
    how many gap rows and claim rows were written."""
    gap_rows = [tuple(g.get(c) for c in GAP_COLUMNS) for g in gaps]
    check_rows = [tuple(_cell(c.get(k)) for k in CLAIM_COLUMNS) for c in checks]
    with store.write() as conn:
        for sql in (VIEW_SQL, ORDER_INDEX_SQL, GAPS_SQL, CLAIM_CHECKS_SQL):
            conn.execute(sql)
        conn.executemany(_insert(GAPS, GAP_COLUMNS), gap_rows)
        conn.executemany(_insert(CLAIM_CHECKS, CLAIM_COLUMNS), check_rows)
    return len(gap_rows), len(check_rows)


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _cell(value: object) -> object:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return int(value) if isinstance(value, bool) else value


def columns_of(path: Path) -> dict[str, list[str]]:
    """Every table's and view's columns in the sealed copy, by name (internal ones included)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )]  # fmt: skip
        return {n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        conn.close()


def seal(path: Path) -> None:
    """Take the copy out of WAL mode (one self-contained file) and check it once more (quickly)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as err:
        raise StorageError(f"cannot write {str(path)!r}: {err}") from None
    if result != "ok":
        raise StorageError(f"the published copy failed its integrity check: {result}")
