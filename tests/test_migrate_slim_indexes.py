"""Schema 4 to 5 (m005): a file with the wide gap indexes upgrades in place, its events intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_gaps_cli import add, gaps_json, run

from timeline.migrations import SCHEMA_VERSION
from timeline.store import open_store

EXTENT = ["start_earliest", "start_latest", "id", "end_earliest", "end_latest", "ongoing"]

# The gap indexes as m003 made them, which is what every schema-4 file holds.
SCHEMA_4 = """
DROP INDEX events_start_extent;
CREATE INDEX events_start_extent ON events (start_earliest, start_latest, id,
    end_earliest, end_latest, ongoing, title, when_text);
DROP INDEX events_category_start;
CREATE INDEX events_category_start ON events
    (category COLLATE NOCASE, start_earliest, start_latest, id);
DELETE FROM _sqlite_migrations WHERE name = 'm005_slim_gap_indexes';
PRAGMA user_version = 4;
"""


def schema_4(path: Path) -> None:
    store = open_store(path, create=True)
    add(store, "Consolidated Appropriations Act", "2022-12-23", category="us-aid")
    add(store, "Hwasong-11 shipments begin", "late 2023", actors=("North Korea", "Russia"))
    add(store, "April 2024 supplemental", "2024-04-23", category="US-aid")
    add(store, "Decline", "since early 2023", category="energy")
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_4)
    conn.close()


def user_version(path: Path) -> int:
    """Through a connection, which also reads a write-ahead log not yet folded into the file."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def index_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [r[2] for r in conn.execute("SELECT * FROM pragma_index_info(?)", [name])]


def events(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    finally:
        conn.close()


def test_the_built_file_is_schema_4_with_the_wide_indexes(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    schema_4(path)
    assert user_version(path) == 4 < SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert index_columns(conn, "events_start_extent") == [*EXTENT, "title", "when_text"]
    assert index_columns(conn, "events_category_start") == ["category", *EXTENT[:3]]
    conn.close()


def test_schema_4_migrates_to_5_with_slim_indexes_and_its_events_intact(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    schema_4(path)
    before = events(path)
    code, out, err = run(path, "info")
    assert code == 0 and f"schema: {SCHEMA_VERSION}" in out, err
    assert user_version(path) == SCHEMA_VERSION >= 5
    conn = sqlite3.connect(path)
    assert index_columns(conn, "events_start_extent") == EXTENT
    assert index_columns(conn, "events_category_start") == ["category", *EXTENT]
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied[-1] == "m005_slim_gap_indexes" and applied.count(applied[-1]) == 1
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert events(path) == before and len(before) == 4


def test_a_migrated_file_names_its_gaps(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    schema_4(path)
    (g,) = gaps_json(path, "-c", "us-aid")  # the first command to open the file migrates it
    assert user_version(path) == SCHEMA_VERSION
    assert g["from"] == {"id": 1, "title": "Consolidated Appropriations Act", "when": "2022-12-23"}
    assert g["to"] == {"id": 3, "title": "April 2024 supplemental", "when": "2024-04-23"}
