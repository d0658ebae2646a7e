"""The commands over the record as a whole: rm, undo, log, import, actors, tags.

Decisions encoded here:
- `rm` asks on a terminal unless `--yes`; without a terminal it refuses unless `--yes`. One `rm`
  is one change in the history, so one `undo` brings back every event it deleted.
- `import` reads CSV, JSON, JSON Lines or TimelineJS (by `--format`, else the extension, else the
  first bytes) and writes all of it or nothing; a database that the failed import created is
  removed again, so a bad file leaves no empty database behind.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from timeline.cli import common, db, options
from timeline.cli.events_cmds import JsonOpt, LimitOpt
from timeline.cli.group import typer_app as app
from timeline.cli.run_events import context as _context
from timeline.errors import UsageError
from timeline.model import Event


@app.command()
def rm(
    event_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Event ids.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete events (undo brings them back, under their own ids).

    Asks first on a terminal; --yes skips the question (required when not on a terminal).

    \b
    Example:
      timeline rm 12 14 --yes
    """
    ids = [common.parse_id(t) for t in event_ids]
    store = db.open_for_write(create=False)
    if not yes:  # only a question needs the events before the delete reads them
        _confirm_delete([store.get(i) for i in ids])
    for e in store.delete(ids):
        print(f"deleted #{e.id}")


def _confirm_delete(events: list[Event]) -> None:
    """Show the events and ask on a terminal; `UsageError` without one."""
    if not sys.stdin.isatty():
        raise UsageError("rm asks for confirmation on a terminal; give --yes to delete")
    from timeline.render.safe import inert

    for e in events:
        print(f"#{e.id} {inert(e.title)} ({inert(e.when)})")
    typer.confirm(f"Delete {len(events)} event(s)?", abort=True)


@app.command()
def undo() -> None:
    """Revert the latest change not yet undone (repeatable: each call goes one further back).

    \b
    Example:
      timeline undo && timeline log -n 3
    """
    from timeline.render.safe import inert

    entry = db.open_for_write(create=False).undo()
    print(f"undid {entry.action}: {inert(entry.summary)}")


@app.command()
def log(limit: LimitOpt = None, json_: JsonOpt = False) -> None:
    """The history of changes, newest first; --json includes each change's before and after.

    \b
    Examples:
      timeline log -n 10
      timeline log --json | jq '.[0]'
    """
    from timeline.render.safe import inert

    entries = db.open_for_read().log(None if limit is None else min(limit, common.SQLITE_MAX_INT))
    if json_:
        import json

        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        undone = f"  (undone {e.undone_at})" if e.undone_at else ""
        fields = ", ".join(e.changed())
        changed = f"  [changed: {fields}]" if fields else ""
        print(f"{e.id:>5}  {e.at}  {e.action:<6}  {inert(e.summary)}{changed}{undone}")


@app.command("import")
def import_(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="CSV, JSON, JSON Lines or TimelineJS; - for stdin."),
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="csv|json|jsonl|timelinejs"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    as_of: options.AsOfOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """Import events from a file, all or nothing.

    CSV columns: title,when,end,actors,tags,category,source,quote,value,unit,location,notes,as_of
    (only title and when are required; actors and tags separated by ';'). JSON: a list of JSON
    events (as `list --json` prints) or of objects with a `when` text. JSON Lines: one per line.
    TimelineJS3 JSON is detected. One bad row and nothing is written; the message names the row,
    the column and the reason.

    \b
    Examples:
      timeline import fixtures/seed-article.csv --dry-run
      timeline import events.jsonl
      curl -s https://example.org/timeline.json | timeline import - --format timelinejs
    """
    from timeline.io.registry import format_for, read_events

    ctx = _context(as_of, date_order)
    raw = _open_input(file)
    with raw:
        head = raw.peek(256)[:256]
        kind = format_for(file, head, fmt)
        label = "stdin" if file == "-" else file
        events = read_events(raw, kind, label, ctx)
        if dry_run:
            count = sum(1 for _ in events)
            print(f"{label}: {count} events would be imported (dry run; nothing written)")
            return
        count = _import_into_chosen(events, label)
    print(f"imported {count} events from {label}")


def _import_into_chosen(events: Iterable[Event], label: str) -> int:
    """Import into the chosen database; one this import created is removed again if it fails."""
    from pathlib import Path

    from timeline.cli.files import remove_database

    path = Path(db.choose().path)
    fresh = not path.exists()
    store = db.open_for_write()
    try:
        return store.import_events(events, label)
    except BaseException:
        store.close()
        if fresh:
            remove_database(path)
        raise


def _open_input(file: str) -> io.BufferedReader:
    if file == "-":
        return io.BufferedReader(io.BytesIO(sys.stdin.buffer.read()))
    try:
        return open(file, "rb")
    except (OSError, ValueError) as err:  # ValueError: a NUL in the name
        raise UsageError(f"cannot read {file!r}: {getattr(err, 'strerror', None) or err}") from None


def _counts(kind: str, json_: bool) -> None:
    from timeline.render.safe import inert

    counts = db.open_for_read().name_counts(kind)
    if json_:
        import json

        print(json.dumps([{"name": n, "events": c} for n, c in counts], ensure_ascii=False))
        return
    for name, count in counts:
        print(f"{count:>6}  {inert(name)}")


@app.command()
def actors(json_: JsonOpt = False) -> None:
    """Actors with how many events involve each.

    \b
    Example:
      timeline actors --json
    """
    _counts("actor", json_)


@app.command()
def tags(json_: JsonOpt = False) -> None:
    """Tags with how many events carry each.

    \b
    Example:
      timeline tags
    """
    _counts("tag", json_)
