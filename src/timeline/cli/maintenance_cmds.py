"""`timeline backup PATH`: a safe copy of the record (the health report, `timeline check` with no
subcommand, is in `claims_cmds`).

Decisions encoded here:
- `backup` copies through SQLite's online backup API in one step, so the copy is one consistent
  snapshot even while another process writes. The copy is written to a temporary file in PATH's
  folder, checked (`PRAGMA integrity_check`, its event count), fsynced and renamed into place,
  so PATH is either as it was or a complete, verified backup (`timeline.api.files.backup`).
- PATH may be a folder (the copy takes the database's file name there). PATH may not be the
  database or its `-wal`/`-shm`/`-journal` companions. An existing PATH is replaced only with
  `--force`, and only when it is itself a timeline database (an earlier backup): any other file
  is refused (exit 2). What a killed backup left beside PATH is removed by the next one.
"""

from __future__ import annotations

from typing import Annotated

import typer

from timeline.cli.app import command, timeline_of
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
