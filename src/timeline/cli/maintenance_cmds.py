"""`timeline backup PATH` and `timeline check`: a safe copy of the record, and a health report.

Decisions encoded here:
- `backup` copies through SQLite's online backup API in one step, so the copy is one consistent
  snapshot even while another process writes (a plain file copy of a WAL database is not: the
  latest commits may still be in the `-wal` file). The copy is written to a temporary file in
  PATH's folder, checked (`PRAGMA integrity_check`, its event count), fsynced and renamed into
  place, so PATH is either as it was or a complete, verified backup. The copy gets the
  database file's permissions.
- PATH may be a folder (the copy takes the database's file name there). PATH may not be the
  database or its `-wal`/`-shm`/`-journal` companions, and an existing PATH is replaced only when
  it is itself a timeline database (an earlier backup): any other file is refused (exit 2).
- `check` runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check` and prints the schema
  version and the counts of events, actors, tags and history entries (`--json` for a machine);
  a failed check prints what SQLite found and exits 5. Files that are not timeline databases are
  refused when opened, with exit 5, before any check runs.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli import db
from timeline.cli import typer_app as app
from timeline.errors import StorageError, UsageError

COUNTED = ("events", "actors", "tags", "history")


def _companions(database: Path) -> list[Path]:
    return [
        database,
        *(database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")),
    ]


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def _is_timeline_file(path: Path) -> bool:
    from timeline.migrations import APPLICATION_ID

    try:
        with path.open("rb") as f:
            head = f.read(100)
    except OSError:
        return False
    return len(head) == 100 and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def backup_target(given: Path, database: Path) -> Path:
    """Where the copy goes; `UsageError` for the database itself or a file that is not ours."""
    target = given / database.name if given.is_dir() else given
    if any(_same_file(target, p) for p in _companions(database)):
        raise UsageError(f"refusing to write the backup over the database file {str(given)!r}")
    if target.exists() and not _is_timeline_file(target):
        raise UsageError(
            f"{str(target)!r} exists and is not a timeline database; "
            "backup replaces only an earlier backup"
        )
    if not target.parent.is_dir():
        raise StorageError(
            f"cannot write {str(target)!r}: folder {str(target.parent)!r} does not exist"
        )
    return target


def _verify(path: Path) -> int:
    """The copy's event count, after its integrity check."""
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StorageError(f"the backup copy failed its integrity check: {result}")
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def _fsync(path: Path, *, folder: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path, mode: int = 0o600) -> int:
    """Back `source` up into `target` (file mode `mode`) atomically; returns its event count."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise StorageError(f"cannot write {str(target)!r}: {err.strerror or err}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)  # pages=-1: the whole file in one step, one snapshot
        finally:
            dest.close()
        count = _verify(tmp)
        os.chmod(tmp, mode)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent, folder=True)
        return count
    except sqlite3.Error as err:
        raise StorageError(f"cannot write {str(target)!r}: {err}") from None
    except OSError as err:
        raise StorageError(f"cannot write {str(target)!r}: {err.strerror or err}") from None
    finally:
        tmp.unlink(missing_ok=True)


@app.command()
def backup(
    path: Annotated[str, typer.Argument(metavar="PATH", help="File (or folder) for the copy.")],
) -> None:
    """Copy the database to PATH: one consistent snapshot, even while others write.

    The copy is written beside PATH, checked and renamed into place. PATH may not be the
    database itself; an existing PATH is replaced only when it is an earlier backup.

    \b
    Example:
      timeline backup ~/backups/events-2024-10-15.db
    """
    if not path:
        raise UsageError("backup needs a PATH to write the copy to")
    database = db.choose().path
    try:
        target = backup_target(Path(path), database)
    except (OSError, ValueError) as err:  # a name too long, a NUL in it
        raise UsageError(f"cannot write a backup to {path!r}: {err}") from None
    store = db.open_for_read()
    try:
        count = copy_database(store.conn, target, database.stat().st_mode & 0o777)
    finally:
        store.close()
    from timeline.render.safe import inert

    print(f"backed up {count} events to {inert(str(target))}")


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}


def _problems(conn: sqlite3.Connection) -> list[str]:
    found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        found.append(f"{table} row {rowid} points to a missing {parent} row")
    return found


@app.command()
def check(
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check the database: SQLite's integrity check, the schema version, and counts.

    Exits 5 when the check finds a problem (and prints what it found).

    \b
    Example:
      timeline check && timeline backup ~/backups/
    """
    store = db.open_for_read()
    try:
        try:
            problems = _problems(store.conn)
            counts = _counts(store.conn)
        except sqlite3.DatabaseError as err:
            raise StorageError(f"{str(store.path)!r} failed its integrity check: {err}") from None
        _report(str(store.path), store.schema_version(), problems, counts, json_)
    finally:
        store.close()
    if problems:
        raise StorageError(f"{str(store.path)!r} failed its integrity check: {problems[0]}")


def _report(
    path: str, version: int, problems: list[str], counts: dict[str, int], json_: bool
) -> None:
    if json_:
        import json

        status = "ok" if not problems else "damaged"
        doc = {"database": path, "status": status, "problems": problems, "schema": version}
        print(json.dumps(doc | counts, ensure_ascii=False))
        return
    from timeline.render.safe import inert

    print(f"database: {inert(path)}")
    print("integrity: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    for line in problems:
        print(f"  {line}")
    print(f"schema: {version}")
    for table, n in counts.items():
        print(f"{table}: {n}")
