"""Schema 5 to 6 (m006): an ongoing event ends on its own reference day, EDTF `..`; the change is
one `migrate` entry in the history, which `undo` reverts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_gaps_cli import add, run

from timeline.migrations import SCHEMA_VERSION
from timeline.store import open_store

# What a schema-5 file held for an ongoing event: the end as the day it was resolved to.
SCHEMA_5 = """
UPDATE events SET end_edtf = end_latest WHERE ongoing = 1;
UPDATE events SET as_of = NULL, end_earliest = '2025-01-01', end_latest = '2025-01-01'
    WHERE title = 'Without a day';
DELETE FROM _sqlite_migrations WHERE name = 'm006_ongoing_ends_at_its_reference_day';
PRAGMA user_version = 5;
"""


def schema_5(path: Path) -> None:
    store = open_store(path, create=True)
    add(store, "Decline", "since early 2023")
    add(store, "Without a day", "since 2024")
    add(store, "Closed", "2022")
    store.close()
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_5)
    conn.close()


def rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()


def test_schema_5_migrates_and_the_history_can_undo_it(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    schema_5(path)
    before = rows(path)
    code, out, err = run(path, "info")
    assert code == 0 and f"schema: {SCHEMA_VERSION}" in out, err
    with sqlite3.connect(path) as conn:
        ends = conn.execute(
            "SELECT title, end_earliest, end_latest, end_edtf, as_of FROM events ORDER BY id"
        ).fetchall()
        (entry,) = conn.execute("SELECT action, summary FROM history WHERE action = 'migrate'")
    assert ends == [
        ("Decline", "2024-10-15", "2024-10-15", "..", "2024-10-15"),
        ("Without a day", ends[1][4], ends[1][4], "..", ends[1][4]),  # the day it was entered
        ("Closed", "2022-01-01", "2022-12-31", None, None),
    ]
    assert ends[1][4] is not None and ends[1][4] >= "2024-01-01"
    assert entry == ("migrate", "2 ongoing event(s) now end on their own reference day (schema 6)")
    code, out, err = run(path, "undo")
    assert code == 0 and "undid migrate" in out, err
    assert rows(path) == before


def test_a_file_already_following_the_rule_gets_no_history_entry(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    schema_5(path)
    conn = sqlite3.connect(path)
    conn.executescript("UPDATE events SET end_edtf = '..' WHERE title = 'Decline';"
                       "DELETE FROM events WHERE title = 'Without a day';")  # fmt: skip
    conn.close()
    run(path, "info")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM history WHERE action = 'migrate'").fetchone() == (
            0,
        )
