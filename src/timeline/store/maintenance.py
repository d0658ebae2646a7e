"""Keeping the database file healthy: online backup copies, integrity checks and counts.

Decisions encoded here:
- A backup goes through SQLite's online backup API in one step (`pages=-1`), so the copy is one
  consistent snapshot even while another process writes (a plain file copy of a WAL database is
  not: the latest commits may still be in the `-wal` file). The copy is then opened on its own
  and checked (`PRAGMA integrity_check`, its event count) before the caller keeps it.
- Whether a file is a timeline database is read from its header (`opening.read_header`), never
  by opening it: an unknown file is never touched.
- A health check is `PRAGMA integrity_check` plus `PRAGMA foreign_key_check`, each problem one
  line of text; SQLite failing while it checks is a `StorageError` naming the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from timeline.errors import StorageError
from timeline.migrations import APPLICATION_ID
from timeline.store.core import Store
from timeline.store.opening import read_header

COUNTED = ("events", "actors", "tags", "claims", "history")


def sqlite_version() -> str:
    """The version of the SQLite library the store runs on (for `timeline info`)."""
    return sqlite3.sqlite_version


def is_timeline_file(path: Path) -> bool:
    """True when `path`'s header carries timeline's application id (an earlier backup)."""
    try:
        header = read_header(str(path))
    except StorageError:
        return False
    return header is not None and header[0] == APPLICATION_ID


def backup_to(store: Store, target: Path) -> int:
    """Copy `store` into the (new or empty) file `target`, verify it; returns its event count."""
    try:
        dest = sqlite3.connect(target)
        try:
            store.conn.backup(dest)  # pages=-1: the whole file in one step, one snapshot
        finally:
            dest.close()
        return _verified_count(target)
    except sqlite3.Error as err:
        raise StorageError(f"cannot write {str(target)!r}: {err}") from None


def _verified_count(path: Path) -> int:
    """The copy's event count, after its integrity check."""
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StorageError(f"the backup copy failed its integrity check: {result}")
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def integrity_problems(store: Store) -> list[str]:
    """What SQLite's integrity and foreign-key checks found, one line each (empty: healthy)."""
    try:
        conn = store.conn
        found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            found.append(f"{table} row {rowid} points to a missing {parent} row")
    except sqlite3.DatabaseError as err:
        raise _damaged(store, err) from None
    return found


def table_counts(store: Store) -> dict[str, int]:
    """Rows in each of the events, actors, tags and history tables."""
    try:
        return {
            t: int(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED
        }
    except sqlite3.DatabaseError as err:
        raise _damaged(store, err) from None


def _damaged(store: Store, err: sqlite3.DatabaseError) -> StorageError:
    return StorageError(f"{str(store.path)!r} failed its integrity check: {err}")
