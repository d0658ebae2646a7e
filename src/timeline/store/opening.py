"""Opening a database file safely: check it is ours before anything writes to it.

Decisions encoded here:
- Only a regular file (or a symbolic link to one) can be a database. A folder, a named pipe
  (FIFO), a device, a socket or a symbolic link loop is refused at once with one line, before
  anything opens it; the header is read through a non-blocking descriptor checked with `fstat`,
  so a FIFO swapped in meanwhile cannot hang the command either.
- A file is checked in read-only steps before any read-write connection: its first 100 bytes
  (the SQLite magic, `application_id` at offset 68, `user_version` at 60, big-endian); then,
  when a `-wal` file holds frames not yet copied into the file (which can change those values),
  the same values, the tables and the migration names through a read-only connection
  (`mode=ro`, and `readonly_shm=1` when the `-shm` index exists, so SQLite writes neither the
  file, the log nor the index: a read-write connection would copy the log into the file and
  delete it when it closes); then the same again through the read-write connection. Another
  application's file, a non-SQLite file and a file from a newer version of timeline are refused
  with `StorageError` and their bytes stay unchanged.
- A SQLite file without an application id is accepted only when it holds no tables at all
  (a fresh, empty database), and only when the caller may create.
- A database file this call created and could not finish (a full disk) is removed again, with
  the companions SQLite made for it.
- Every connection: WAL, synchronous=FULL, foreign_keys=ON, autocommit mode
  (isolation_level=None) so that write transactions start explicitly with BEGIN IMMEDIATE
  (`store.waiting`), and SQLite's busy timeout as long as the caller's wait.
- sqlite_utils is imported only when the schema must be created or upgraded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import struct

from timeline.errors import NoDatabase, StorageError
from timeline.migrations import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION
from timeline.store.failures import is_full, storage_error
from timeline.store.waiting import DEFAULT_WAIT, begin_immediate, busy_timeout_ms

MAGIC = b"SQLite format 3\x00"
COMPANIONS = ("-wal", "-shm", "-journal")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file(path: str, mode: int) -> StorageError | None:
    """The refusal for a path that is not a regular file (`mode` from `stat`), else None."""
    for test, kind in _KINDS:
        if test(mode):
            return StorageError(f"{str(path)!r} is {kind}, not a database file")
    return None if stat.S_ISREG(mode) else StorageError(f"{str(path)!r} is not a regular file")


def exists(path: str) -> bool:
    """Whether `path` names something; `StorageError` at once for anything but a regular
    file (a folder, a FIFO, a device, a socket, a symbolic link loop)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise StorageError(f"{str(path)!r} is a symbolic link loop, not a file") from None
        raise StorageError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    except ValueError as err:  # a NUL in the path
        raise StorageError(f"cannot read {str(path)!r}: {err}") from None
    problem = not_a_file(path, mode)
    if problem is not None:
        raise problem
    return True


def read_header(path: str) -> tuple[int, int] | None:
    """(application_id, user_version) from the file's header; None for an empty file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise StorageError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    try:
        problem = not_a_file(path, os.fstat(fd).st_mode)
        if problem is not None:
            raise problem
        head = os.pread(fd, 100, 0)
    except OSError as err:
        raise StorageError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    finally:
        os.close(fd)
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


def connect(path: str, *, create: bool, wait: float = DEFAULT_WAIT) -> sqlite3.Connection:
    """A checked, configured connection to `path`, its schema brought up to date."""
    found = exists(path)
    if not found and not create:
        raise NoDatabase(path, f"no database at {str(path)!r}")
    folder = os.path.dirname(path) or "."
    if not found and not os.path.isdir(folder):
        raise StorageError(f"cannot create {str(path)!r}: folder {folder!r} does not exist")
    if found:
        header = read_header(path)
        if header is not None:
            check_ids(path, *header)
            if _pending_log(path):
                check_read_only(path, wait)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        _forget(path, created=not found)
        raise storage_error(path, err, "cannot open") from None
    try:
        _prepare(conn, path, create=create, wait=wait)
    except BaseException:
        conn.close()
        _forget(path, created=not found)
        raise
    return conn


def _pending_log(path: str) -> bool:
    """Whether a `-wal` file with content sits beside `path` (frames maybe not yet copied)."""
    try:
        return os.stat(path + "-wal").st_size > 0
    except OSError:
        return False


def check_read_only(path: str, wait: float = DEFAULT_WAIT) -> None:
    """Check ids, tables and migrations through a read-only connection, which sees the `-wal`
    file's frames without copying them into the file, deleting the log or writing the index.

    With the `-shm` index read-only, SQLite cannot always use it as it stands (while another
    connection resets the log, say); then the index is opened the ordinary way, read-only still
    for the file and the log.
    """
    from urllib.parse import quote

    uri = "file:" + quote(os.fsencode(os.path.abspath(path))) + "?mode=ro"
    tries = [uri + "&readonly_shm=1", uri] if os.path.exists(path + "-shm") else [uri]
    for number, name in enumerate(tries, start=1):
        try:
            conn = sqlite3.connect(name, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise storage_error(path, err, "cannot open") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms(wait)}")
            try:
                conn.execute("PRAGMA user_version").fetchone()
            except sqlite3.OperationalError as err:
                if number < len(tries) and _index_trouble(err):
                    continue
                raise
            _check_live(conn, path, create=True)
            return
        except sqlite3.Error as err:
            raise storage_error(path, err, "cannot read") from None
        finally:
            conn.close()


def _index_trouble(err: sqlite3.Error) -> bool:
    name = getattr(err, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_BUSY"))


def _forget(path: str, *, created: bool) -> None:
    """Remove a database file this call created and left without a schema (and what SQLite
    made beside it); a file someone else has since written is kept."""
    if not created:
        return
    try:
        header = read_header(path)
    except StorageError:
        return
    if header is not None and header[0] == APPLICATION_ID:
        return
    for name in (path, *(path + s for s in COMPANIONS)):
        with contextlib.suppress(OSError):
            os.unlink(name)


def _prepare(conn: sqlite3.Connection, path: str, *, create: bool, wait: float) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms(wait)}")
        version = _check_live(conn, path, create=create)
        conn.execute("PRAGMA foreign_keys = ON")
        _set_journal(conn)
        if version < SCHEMA_VERSION:
            migrate(conn, path, wait=wait)
    except sqlite3.Error as err:
        raise storage_error(path, err, "cannot use") from None


def _set_journal(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _check_live(conn: sqlite3.Connection, path: str, *, create: bool) -> int:
    """Check ids, migrations and emptiness through the connection, reading only."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as err:
        if is_full(path, err):
            raise StorageError(
                f"cannot open {str(path)!r}: the disk is full (SQLite needs a little room "
                "beside the file even to read it)"
            ) from None
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


def migrate(conn: sqlite3.Connection, path: str, *, wait: float = DEFAULT_WAIT) -> None:
    """Apply pending migrations and stamp the ids, in one BEGIN IMMEDIATE transaction."""
    from timeline.migrations import migration_set

    migrations = migration_set()  # loads sqlite_utils (`load_sqlite_utils`)
    from sqlite_utils import Database

    begin_immediate(conn, path, wait=wait)
    try:
        _check_live(conn, path, create=True)  # another process may have migrated meanwhile
        migrations.apply(Database(conn))
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
