"""`timeline backup PATH` and `timeline check`: a safe copy of the record, and a health report.

Decisions encoded here:
- `backup` copies through SQLite's online backup API in one step, so the copy is one consistent
  snapshot even while another process writes. The copy is written to a temporary file in PATH's
  folder, checked (`PRAGMA integrity_check`, its event count), fsynced and renamed into place,
  so PATH is either as it was or a complete, verified backup (`timeline.api.files.backup`).
- PATH may be a folder (the copy takes the database's file name there). PATH may not be the
  database or its `-wal`/`-shm`/`-journal` companions. An existing PATH is replaced only with
  `--force`, and only when it is itself a timeline database (an earlier backup): any other file
  is refused (exit 2). What a killed backup left beside PATH is removed by the next one.
- `check` runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check` and prints the schema
  version and the counts of events, actors, tags and history entries (`--json` for a machine);
  a failed check prints what SQLite found and exits 5. Files that are not timeline databases are
  refused when opened, with exit 5, before any check runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from timeline.cli.app import command, print_data, timeline_of
from timeline.errors import StorageError
from timeline.render.safe import inert


@command("backup")
def backup(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="File (or folder) for the copy.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier backup at PATH.")
    ] = False,
) -> None:
    """Copy the database to PATH: one consistent snapshot, even while others write.

    The copy is written beside PATH, checked and renamed into place. PATH may not be the
    database itself; an existing PATH is replaced only with --force, and only when it is an
    earlier backup.

    \b
    Examples:
      timeline backup ~/backups/events-2024-10-15.db
      timeline backup --force ~/backups/latest.db
    """
    with timeline_of(ctx) as tl:
        target, count = tl.backup(path, force=force)
    print(f"backed up {count} events to {inert(str(target))}")


@command("check")
def check(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check the database: SQLite's integrity check, the schema version, and counts.

    Exits 5 when the check finds a problem (and prints what it found).

    \b
    Example:
      timeline check && timeline backup ~/backups/
    """
    with timeline_of(ctx) as tl:
        health = tl.check()
    problems = health.problems
    if json_:
        import json

        status = "ok" if not problems else "damaged"
        doc = {"database": health.path, "status": status, "problems": problems}
        print_data(json.dumps(doc | {"schema": health.schema} | health.counts, ensure_ascii=False))
    else:
        print(f"database: {inert(health.path)}")
        print("integrity: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
        for line in problems:
            print(f"  {line}")
        print(f"schema: {health.schema}")
        for table, n in health.counts.items():
            print(f"{table}: {n}")
    if problems:
        raise StorageError(f"{health.path!r} failed its integrity check: {problems[0]}")
