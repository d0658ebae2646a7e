"""The commands over the record as a whole: rm, undo, log, import, tags (`actors` is in
`sources_cmds`, beside the aliases).

Decisions encoded here:
- `rm` asks on a terminal unless `--yes`; without a terminal it refuses unless `--yes`. One `rm`
  is one change in the history, so one `undo` brings back every event it deleted.
- `import` reads CSV, JSON, JSON Lines or TimelineJS (by `--format`, else the extension, else the
  first bytes) and writes all of it or nothing (`Timeline.import_`).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from timeline.cli import options
from timeline.cli.app import command, note, print_data, timeline_of
from timeline.errors import UsageError
from timeline.model import CSV_COLUMNS, Event
from timeline.render.safe import inert

IMPORT_HELP = f"""Import events from a file, all or nothing.

CSV columns: {", ".join(CSV_COLUMNS)} (only title and when are required; actors and tags
separated by ';'; names in any case; the export's id, earliest, latest and edtf are ignored);
the separator (, ; tab |) is detected, or --delimiter. JSON: a list of JSON events (as `list
--json` prints) or of objects with a `when` text. JSON Lines: one per line. TimelineJS3 JSON is
recognised by its content; its dates come from start_date/end_date. Files are UTF-8 (or UTF-16
with a byte order mark) unless --encoding says otherwise. One bad row and nothing is written;
the message names the row (and its line), the column and the reason. Text fields have length
limits (a title 1,000 characters, a name 200, notes 50,000) and can hold no NUL character.
While another timeline process writes, the import waits up to 60 s (timeline --wait SECONDS …,
or TIMELINE_WAIT).

\b
Examples:
  timeline import fixtures/seed-article.csv --dry-run
  timeline import events.jsonl
  timeline import export-from-excel.csv --encoding cp1252 --delimiter ';'
  curl -s https://example.org/timeline.json | timeline import - --format timelinejs
"""


@command("rm")
def rm(
    ctx: typer.Context,
    event_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Event ids.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete events (undo brings them back, under their own ids).

    Asks first on a terminal; --yes skips the question (required when not on a terminal).
    While another timeline process writes, it waits up to 60 s (timeline --wait SECONDS …, or
    TIMELINE_WAIT).

    \b
    Example:
      timeline rm 12 14 --yes
    """
    from timeline.select import parse_id

    ids = [parse_id(t) for t in event_ids]
    with timeline_of(ctx) as tl:
        if not yes:  # only a question needs the events before the delete reads them
            _confirm_delete([tl.get(i) for i in ids])
        for e in tl.rm(*ids):
            print(f"deleted #{e.id}")


def _confirm_delete(events: list[Event]) -> None:
    """Show the events and ask on a terminal; `UsageError` without one."""
    if not sys.stdin.isatty():
        raise UsageError("rm asks for confirmation on a terminal; give --yes to delete")
    for e in events:
        print(f"#{e.id} {inert(e.title)} ({inert(e.when)})")
    typer.confirm(f"Delete {len(events)} event(s)?", abort=True)


@command("undo")
def undo(ctx: typer.Context) -> None:
    """Revert the latest change not yet undone (repeatable: each call goes one further back).

    While another timeline process writes, it waits up to 60 s (timeline --wait SECONDS …, or
    TIMELINE_WAIT).

    \b
    Example:
      timeline undo && timeline log -n 3
    """
    with timeline_of(ctx) as tl:
        entry = tl.undo()
    print(f"undid {entry.action}: {inert(entry.summary)}")


@command("log")
def log(ctx: typer.Context, limit: options.LimitOpt = None, json_: options.JsonOpt = False) -> None:
    """The history of changes, newest first; --json includes each change's before and after.

    \b
    Examples:
      timeline log -n 10
      timeline log --json | jq '.[0]'
    """
    with timeline_of(ctx) as tl:
        entries = tl.history(limit)
    if not entries:
        note("no changes recorded yet")
    if json_:
        import json

        print_data(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        undone = f"  (undone {e.undone_at})" if e.undone_at else ""
        fields = ", ".join(e.changed())
        changed = f"  [changed: {fields}]" if fields else ""
        print(f"{e.id:>5}  {e.at}  {e.action:<6}  {inert(e.summary)}{changed}{undone}")


@command("import", help=IMPORT_HELP)
def import_(
    ctx: typer.Context,
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
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", metavar="NAME", help="utf-8 (default), utf-16, cp1252, …"),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option("--delimiter", metavar="CHAR", help="CSV separator (default: detected)."),
    ] = None,
) -> None:
    label = "stdin" if file == "-" else file
    with timeline_of(ctx, create=True, order=date_order) as tl:
        count = tl.import_(
            file, fmt=fmt, as_of=as_of, dry_run=dry_run, label=label, encoding=encoding,
            delimiter=delimiter,
        )  # fmt: skip
    if dry_run:
        print(f"{inert(label)}: {_events(count)} would be imported (dry run; nothing written)")
    else:
        print(f"imported {_events(count)} from {inert(label)}")


def _events(count: int) -> str:
    return f"{count} event" + ("" if count == 1 else "s")


def _counts(ctx: typer.Context, by: str, json_: bool) -> None:
    with timeline_of(ctx) as tl:
        counts = tl.names(by)
    if not counts:
        note(f"no {by}s yet")
    if json_:
        import json

        print_data(json.dumps([{"name": n, "events": c} for n, c in counts], ensure_ascii=False))
        return
    for name, count in counts:
        print(f"{count:>6}  {inert(name)}")


@command("tags")
def tags(ctx: typer.Context, json_: options.JsonOpt = False) -> None:
    """Tags with how many events carry each.

    \b
    Example:
      timeline tags
    """
    _counts(ctx, "tag", json_)
