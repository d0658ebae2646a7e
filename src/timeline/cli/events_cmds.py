"""The everyday commands on single events: init, info, add, list, show, edit.

(rm, undo, log, import, actors and tags are in `record_cmds`.) Each command reads its options,
calls the Python API and prints. Decisions encoded here:
- Input is checked before the database is opened, so a bad date never creates or touches a file.
- `add` and `edit` print the event as stored, with how its date was understood.
- `list` prints a rich table on a terminal and plain fixed-width lines when piped; `--view
  tree` groups by year and month, or by `--by actor|tag|category` (`--group` is its old name,
  kept hidden).
- `edit` re-reads the event's date texts against its stored `as_of` (or a new `--as-of`); an
  option given as an empty string clears that field (`--end ''`, `-a ''`). An edit that changes
  nothing prints the event, says so on stderr and exits 0 (nothing is recorded to undo).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import (
    as_options,
    choose_format,
    color_allowed,
    command,
    data_out,
    default_as_of,
    note_role,
    nothing_to_show,
    output_options,
    peeked,
    print_data,
    stdout_is_terminal,
    timeline_of,
)
from timeline.errors import NoDatabase, UsageError
from timeline.render.formats import offered

IdArg = Annotated[str, typer.Argument(metavar="ID", help="Event id, e.g. 12 or '#12'.")]
ListFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="|".join(offered("list")), help="Output format."),
]


def _print_event(event: Any) -> None:
    from timeline.render.event_table import detail

    detail(event, sys.stdout)


@command("init")
def init(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]", help="Where to create it (default: --db, else $TIMELINE_DB)."
        ),
    ] = None,
) -> None:
    """Create a database, or bring an existing one up to date.

    It creates PATH, else the file --db or $TIMELINE_DB names, else ./events.db.

    \b
    Examples:
      timeline init
      timeline init ~/research/aid.db
      timeline --db ~/research/aid.db init
    """
    from timeline.cli.app import session
    from timeline.cli.db import init_target
    from timeline.render.safe import inert

    target = init_target(session(ctx).db, path).path
    existed = os.path.lexists(target)
    with timeline_of(ctx, create=True, path=target) as tl:
        info = tl.info()
    verb = "checked" if existed else "created"
    print(f"{verb} {inert(target)} (schema {info.schema}, {info.events} events)")


@command("info")
def info(ctx: typer.Context) -> None:
    """Which database is in use and why, the version, the settings, the schema and the events.

    Each setting (see `timeline config`) is shown with where it came from: an environment
    variable, the config file or the default; then the schema, SQLite's version and how many
    events the database holds.

    \b
    Example:
      timeline --db aid.db info
    """
    from timeline.cli import config
    from timeline.cli.app import session, version
    from timeline.cli.db import choose
    from timeline.render.safe import inert

    choice = choose(session(ctx).db)
    print(f"database: {inert(choice.path)} ({choice.why})")
    print(f"version: {version()}")
    where = config.path()
    print(f"config: {inert(where)} ({'in use' if os.path.isfile(where) else 'none yet'})")
    for key in config.SETTINGS:
        if key != "db":
            value, origin = config.value(key)
            print(f"{key}: {inert(config.shown(value))} ({inert(origin)})")
    if not os.path.lexists(choice.path):  # (a special file or a link loop: the store says so)
        raise NoDatabase(choice.path, f"no database at {str(choice.path)!r}")
    with timeline_of(ctx) as tl:
        found = tl.info()
    print(f"schema: {found.schema}")
    print(f"sqlite: {found.sqlite}")
    print(f"events: {found.events}")


@command("add")
@options.event_fields(required=("when",), skip=("title",))
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What happened.")],
    fields: dict[str, Any],
    date_order: options.DateOrderOpt = None,
) -> None:
    """Add an event and show how its date was understood (its bounds and precision).

    --when takes any date form (see `timeline parse --help`), spans included; relative dates
    ('last month') are read against --as-of, else the first --source's published day, else
    today. --source names a source by id (3, '#3') or title; a new title creates it.
    While another timeline process writes, it waits up to 60 s (timeline --wait SECONDS …, or
    TIMELINE_WAIT).

    \b
    Examples:
      timeline add 'Iran sends 46 Shahed drones' --when 'August 2022' -a Iran -t drones
      timeline add 'UAV shipment' --when 2022-08 --value 46 --unit UAV --source https://…
      timeline add 'First Fath-360 shipment' --when 'last month' --as-of 2024-10-15
      timeline add 'Fath-360 delivered' --when 'last month' --source 3 --quote 'Iran sent…'
      timeline add 'Drones arrive' --when 'August 2022' --source 3 --source-when 'last week'
      timeline add 'Four howitzers committed' --when 'July-August 2024' -c aid
      timeline add 'Aid package' --when 2023-09-13 --date announced=2023-09-13 \\
        --date delivered='late 2023'
    """
    as_of = fields.pop("as_of", None)
    if as_of is None and not fields.get("source") and not fields.get("citations"):
        as_of = default_as_of()  # the config file's day; a cited source brings its own
    fields = options.role_dates(options.citing(fields))
    with timeline_of(ctx, create=True, order=date_order) as tl, as_options():
        _print_event(tl.add(title, as_of=as_of, **fields))


@command("list")
@options.listing(limit=True, reverse=True)
def list_(
    ctx: typer.Context,
    selection: dict[str, Any],
    fmt: ListFormatOpt = None,
    json_: options.JsonOpt = False,
    view: Annotated[
        str, typer.Option("--view", metavar="table|tree", help="A table, or a tree by year/month.")
    ] = "table",
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="actor|tag|category", help="Tree view: group by this."),
    ] = None,
    group: Annotated[str | None, typer.Option("--group", hidden=True)] = None,
    show_bounds: Annotated[
        bool, typer.Option("--bounds", help="Tree view: add each date's bounds.")
    ] = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """List events in date order, filtered.

    \b
    Examples:
      timeline list --from 2023 --to 2024 -a 'North Korea'
      timeline list -s drone --json
      timeline list --view tree --by actor --bounds
    """
    from timeline.select import grouping

    chosen = choose_format("list", fmt, json_)
    by = by or group
    if view not in ("table", "tree"):
        raise UsageError(f"--view {view!r} is not table or tree")
    field = grouping(by)
    if view == "tree" and (fmt or json_):
        raise UsageError("--view tree prints a tree; drop --format/--json, or use --view table")
    if view != "tree" and by is not None:
        raise UsageError("--by applies to --view tree")
    if view == "tree":
        chosen = "table"  # a tree is a view: a format from the config file does not apply
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        if chosen in ("json", "jsonl") and not selection.get("role"):
            from timeline.api.json_export import write_json

            found, texts = peeked(tl.json_texts(**selection))
            nothing_to_show(found, chosen, "no events match")
            write_json(texts, data_out(chosen), chosen)
            return
        role = selection.get("role")
        if chosen == "csv" and not role:  # the export's file, written from flat rows
            with tl.snapshot():  # the file holds the events the check saw
                nothing_to_show(tl.any(**selection), chosen, "no events match")
                tl.export("csv", data_out(chosen), **selection)
            return
        if chosen == "table" and view == "table" and not role and not stdout_is_terminal():
            from timeline.render.viewkit import plain  # read alone: what the lines print

            found, lines = peeked(tl.lines(**selection))
            if not nothing_to_show(found, chosen, "no events match"):
                plain(lines, data_out(chosen))
            return
        found, events = peeked(tl.events(**selection))
        if nothing_to_show(found, chosen, "no events match"):
            return
        if role and chosen not in ("json", "jsonl", "csv"):  # views show the role's date
            from timeline.model import role_name

            events = (e.on(role_name(role)) for e in events)
        if view == "tree":
            from timeline.render.tree import render_tree

            sys.stdout.write(
                render_tree(events, group=field, bounds=show_bounds, color=color_allowed())
            )
            return
        from timeline.render.formats import writer

        roles = tl.roles(**selection) if chosen == "csv" else ()
        writer("list", chosen)(events, data_out(chosen), output_options(roles=roles))


@command("show")
def show(ctx: typer.Context, event_id: IdArg, json_: options.JsonOpt = False) -> None:
    """Show one event: every field, and how its date was understood.

    \b
    Examples:
      timeline show 12
      timeline show '#12' --json
    """
    from timeline.select import parse_id

    ref = parse_id(event_id)
    with timeline_of(ctx) as tl:
        event = tl.get(ref)
    if json_:
        import json

        print_data(json.dumps(event.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_event(event)


@command("edit")
@options.event_fields()
def edit(
    ctx: typer.Context,
    event_id: IdArg,
    fields: dict[str, Any],
    date_order: options.DateOrderOpt = None,
    in_editor: Annotated[
        bool,
        typer.Option(
            "--editor", help="Edit every field as text in $VISUAL or $EDITOR, checked on save."
        ),
    ] = False,
    drop_date: Annotated[
        list[str] | None,
        typer.Option("--drop-date", metavar="ROLE", help="Remove that role date (repeatable)."),
    ] = None,
) -> None:
    """Change an event; a new --when is read against its stored as-of day.

    Options given replace the field; -a and -t replace the whole list of actors or tags, and an
    empty value clears a field (--end '', -a ''). With --editor the event opens as text in
    $VISUAL or $EDITOR; a save that cannot be stored opens it again with the error, and an
    emptied file aborts. `timeline undo` reverts the edit; an edit
    that changes nothing says so. While another timeline process writes, it waits up to 60 s
    (timeline --wait SECONDS …, or TIMELINE_WAIT).

    \b
    Examples:
      timeline edit 12 --when 'late 2023'
      timeline edit 12 -t missiles -t ballistic --note 'Second source agrees.'
      timeline edit 12 --editor
      timeline edit 12 --date delivered='December 2023' --drop-date announced
    """
    from timeline.select import parse_id

    ref = parse_id(event_id)
    if in_editor:
        if drop_date:
            raise UsageError("--editor edits every field in the editor; give no --drop-date")
        _edit_in_editor(ctx, ref, fields, date_order)
        return
    as_of = fields.pop("as_of", None)
    fields = options.role_dates(options.citing(fields))
    with timeline_of(ctx, order=date_order) as tl, as_options():
        event, changed = tl.apply_edit(ref, as_of=as_of, drop_dates=drop_date or (), **fields)
    _print_event(event)
    if not changed:
        sys.stderr.write(f"timeline: #{event.id} is unchanged: the edit changes nothing\n")


def _edit_in_editor(
    ctx: typer.Context, ref: Any, fields: dict[str, Any], order: str | None
) -> None:
    from timeline.cli.editor import edit_in_editor, editor_command

    given = [k for k, v in fields.items() if v not in (None, [], ())]
    if given:
        raise UsageError("--editor edits every field in the editor; give no other field options")
    editor_command()  # no editor: say so before the database is opened
    with timeline_of(ctx, order=order) as tl:
        event, changed = edit_in_editor(tl, tl.get(ref))
    _print_event(event)
    if not changed:
        sys.stderr.write(f"timeline: #{event.id} is unchanged: the edit changes nothing\n")
