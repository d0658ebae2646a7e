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
- The SQLite work (backup, checks, counts) is the store's (`store/maintenance.py`); refusing the
  database as a target and the atomic replace are shared with `export -o` (`cli/files.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.cli import db
from timeline.cli.group import typer_app as app
from timeline.errors import StorageError, UsageError


def backup_target(given: Path, database: Path) -> Path:
    """Where the copy goes; `UsageError` for the database itself or a file that is not ours."""
    from timeline.cli.files import refuse_database_target
    from timeline.store.maintenance import is_timeline_file

    target = given / database.name if given.is_dir() else given
    refuse_database_target(target, database, "backup")
    if target.exists() and not is_timeline_file(target):
        raise UsageError(
            f"{str(target)!r} exists and is not a timeline database; "
            "backup replaces only an earlier backup"
        )
    if not target.parent.is_dir():
        raise StorageError(
            f"cannot write {str(target)!r}: folder {str(target.parent)!r} does not exist"
        )
    return target


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
    database = Path(db.choose().path)
    try:
        target = backup_target(Path(path), database)
    except (OSError, ValueError) as err:  # a name too long, a NUL in it
        raise UsageError(f"cannot write a backup to {path!r}: {err}") from None
    from timeline.cli.files import atomic_path
    from timeline.store.maintenance import backup_to

    store = db.open_for_read()
    try:
        with atomic_path(target, database.stat().st_mode & 0o777) as tmp:
            count = backup_to(store, tmp)
    finally:
        store.close()
    from timeline.render.safe import inert

    print(f"backed up {count} events to {inert(str(target))}")


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
    from timeline.store.maintenance import integrity_problems, table_counts

    store = db.open_for_read()
    try:
        problems = integrity_problems(store)
        counts = table_counts(store)
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
