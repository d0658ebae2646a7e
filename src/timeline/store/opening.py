"""Opening a database file safely: check it is ours before anything writes to it.

Decisions encoded here:
- A file is checked in three read-only steps before any writing PRAGMA or statement: its first
  100 bytes (the SQLite magic, `application_id` at offset 68, `user_version` at 60, big-endian),
  then the same values through a connection (which also sees a not-yet-checkpointed WAL), then the
  names of the applied migrations. Another application's file, a non-SQLite file and a file from
  a newer version of timeline are refused with `StorageError` and their bytes stay unchanged.
- A SQLite file without an application id is accepted only when it holds no tables at all
  (a fresh, empty database), and only when the caller may create.
- Every connection: WAL, synchronous=FULL, foreign_keys=ON, busy_timeout 10 s, autocommit mode
  (isolation_level=None) so that write transactions start explicitly with BEGIN IMMEDIATE.
- sqlite_utils is imported only when the schema must be created or upgraded.
"""

from __future__ import annotations

import os
import sqlite3
import struct

from timeline.errors import NoDatabase, StorageError
from timeline.migrations import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION

MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def read_header(path: str) -> tuple[int, int] | None:
    """(application_id, user_version) from the file's header; None for an empty file."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as err:
        raise StorageError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    if not head:
        return None
    if len(head) < 100 or head[:16] != MAGIC:
        raise StorageError(f"{str(path)!r} is not a SQLite database, so not a timeline database")
    (user_version,) = struct.unpack(">i", head[60:64])
    (app_id,) = struct.unpack(">i", head[68:72])
    return app_id, user_version


def check_ids(path: str, app_id: int, user_version: int) -> None:
    """Refuse another application's file or one written by a newer timeline."""
    if app_id not in (0, APPLICATION_ID):
        raise StorageError(
            f"{str(path)!r} is a SQLite database of another application "
            f"(application_id {app_id:#x}), not a timeline database"
        )
    if app_id == 0 and user_version != 0:
        raise StorageError(f"{str(path)!r} is a SQLite database but not a timeline database")
    if user_version > SCHEMA_VERSION:
        raise StorageError(
            f"{str(path)!r} was written by a newer version of timeline "
            f"(schema {user_version}, this one knows {SCHEMA_VERSION}); upgrade timeline"
        )


def connect(path: str, *, create: bool) -> sqlite3.Connection:
    """A checked, configured connection to `path`, its schema brought up to date."""
    exists = os.path.exists(path)
    if not exists and not create:
        raise NoDatabase(path, f"no database at {str(path)!r}")
    folder = os.path.dirname(path) or "."
    if not exists and not os.path.isdir(folder):
        raise StorageError(f"cannot create {str(path)!r}: folder {folder!r} does not exist")
    if exists:
        header = read_header(path)
        if header is not None:
            check_ids(path, *header)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise StorageError(f"cannot open {str(path)!r}: {err}") from None
    try:
        _prepare(conn, path, create=create)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection, path: str, *, create: bool) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _check_live(conn, path, create=create)
        conn.execute("PRAGMA foreign_keys = ON")
        _set_journal(conn)
        if version < SCHEMA_VERSION:
            migrate(conn, path)
    except sqlite3.Error as err:
        raise StorageError(f"cannot use {str(path)!r}: {err}") from None


def _set_journal(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _check_live(conn: sqlite3.Connection, path: str, *, create: bool) -> int:
    """Check ids, migrations and emptiness through the connection, reading only."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as err:
        raise StorageError(f"{str(path)!r} is not a usable SQLite database: {err}") from None
    check_ids(path, app_id, version)
    if app_id == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise StorageError(f"{str(path)!r} is a SQLite database but not a timeline database")
        if not create:
            raise NoDatabase(path, f"{str(path)!r} is empty")
        return 0
    _check_migration_names(conn, path)
    return int(version)


def _check_migration_names(conn: sqlite3.Connection, path: str) -> None:
    known = set(MIGRATION_NAMES)
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchall()
    except sqlite3.OperationalError:
        raise StorageError(f"{str(path)!r} has no migration record; it is damaged") from None
    unknown = sorted(r[0] for r in rows if r[0] not in known)
    if unknown:
        raise StorageError(
            f"{str(path)!r} was written by a newer version of timeline "
            f"(unknown migration {unknown[0]!r}); upgrade timeline"
        )


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Apply pending migrations and stamp the ids, in one BEGIN IMMEDIATE transaction."""
    from sqlite_utils import Database

    from timeline.migrations import migration_set

    conn.execute("BEGIN IMMEDIATE")
    try:
        _check_live(conn, path, create=True)  # another process may have migrated meanwhile
        migration_set().apply(Database(conn))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
