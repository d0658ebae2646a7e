"""The everyday commands on single events: init, info, add, list, show, edit.

(rm, undo, log, import, actors and tags are in `record_cmds`.)

Each command parses its options, calls `timeline.io.records` / the store, and hands the result
to a renderer. Decisions encoded here:
- Input is checked before the database is opened, so a bad date never creates or touches a file.
- Ids are typed as `12` or `#12`.
- `edit` re-reads the event's date texts against its stored `as_of` (or a new `--as-of`); an
  option given as an empty string clears that field (`--end ''`, `-a ''`).
- `list` prints a rich table on a terminal and plain fixed-width lines when piped.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli import common, db
from timeline.cli import typer_app as app
from timeline.errors import StorageError, UsageError
from timeline.model import Event

if TYPE_CHECKING:
    from timeline.io.records import Context, Field

TitleArg = Annotated[str, typer.Argument(metavar="TITLE", help="What happened.")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Event id, e.g. 12 or '#12'.")]
EndOpt = Annotated[
    str | None, typer.Option("--end", metavar="DATE", help="End date, typed separately.")
]
ActorsOpt = Annotated[
    list[str] | None, typer.Option("--actor", "-a", metavar="NAME", help="Actor (repeatable).")
]
TagsOpt = Annotated[
    list[str] | None, typer.Option("--tag", "-t", metavar="NAME", help="Tag (repeatable).")
]
CatOpt = Annotated[str | None, typer.Option("--category", "-c", metavar="NAME", help="Category.")]
SourceTextOpt = Annotated[
    str | None, typer.Option("--source", metavar="TEXT", help="URL or citation.")
]
QuoteOpt = Annotated[str | None, typer.Option("--quote", metavar="TEXT", help="Source's words.")]
ValueOpt = Annotated[str | None, typer.Option("--value", metavar="NUMBER", help="A number.")]
UnitOpt = Annotated[str | None, typer.Option("--unit", metavar="UNIT", help="Unit of --value.")]
LocOpt = Annotated[str | None, typer.Option("--location", metavar="TEXT", help="Where.")]
NoteOpt = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Notes.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="At most N entries.")
]

OPTION_NAMES = {"notes": "--note", "as_of": "--as-of"}


def _context(as_of: str | None, date_order: str | None) -> Context:
    from timeline.io.records import Context

    order = common.date_order(date_order)  # validates the option value first
    ref = common.reference_day(as_of, order) if as_of else None
    return Context(today=common.today(), date_order=order, as_of=ref)


def _build(fields: dict[str, Field], ctx: Context, event_id: int = 0) -> Event:
    from timeline.io.records import RecordError, build_event

    try:
        return build_event(fields, ctx, event_id)
    except RecordError as err:
        option = OPTION_NAMES.get(err.column, "--" + err.column.replace("_", "-"))
        raise UsageError(f"{option}: {err.reason}") from None


def _print_event(event: Event) -> None:
    from timeline.render.event_table import detail

    detail(event, sys.stdout)


@app.command()
def init(
    path: Annotated[
        str, typer.Argument(metavar="[PATH]", help="Where to create it.")
    ] = "events.db",
) -> None:
    """Create a database (default ./events.db), or bring an existing one up to date.

    \b
    Examples:
      timeline init
      timeline init ~/research/aid.db
    """
    from pathlib import Path

    from timeline.store import open_store

    existed = Path(path).exists()
    store = open_store(path, create=True)
    verb = "checked" if existed else "created"
    print(f"{verb} {path} (schema {store.schema_version()}, {store.count()} events)")


@app.command()
def info() -> None:
    """Which database is in use and why, its schema, SQLite's version, how many events.

    \b
    Example:
      timeline --db aid.db info
    """
    from timeline.store.maintenance import sqlite_version

    choice = db.choose()
    print(f"database: {choice.path} ({choice.why})")
    if not choice.path.exists():
        raise StorageError(f"no database at {str(choice.path)!r}; run `timeline init`")
    store = db.open_for_read()
    print(f"schema: {store.schema_version()}")
    print(f"sqlite: {sqlite_version()}")
    print(f"events: {store.count()}")


@app.command()
def add(
    title: TitleArg,
    when: Annotated[str, typer.Option("--when", "-w", metavar="DATE", help="When (any form).")],
    end: EndOpt = None,
    actor: ActorsOpt = None,
    tag: TagsOpt = None,
    category: CatOpt = None,
    source: SourceTextOpt = None,
    quote: QuoteOpt = None,
    value: ValueOpt = None,
    unit: UnitOpt = None,
    location: LocOpt = None,
    note: NoteOpt = None,
    as_of: common.AsOfOpt = None,
    date_order: common.DateOrderOpt = None,
) -> None:
    """Add an event and show how its date was understood (its bounds and precision).

    --when takes any date form (see `timeline parse --help`), spans included; relative dates
    ('last month') are read against --as-of, typically the source's publication day.

    \b
    Examples:
      timeline add 'Iran sends 46 Shahed drones' --when 'August 2022' -a Iran -t drones
      timeline add 'UAV shipment' --when 2022-08 --value 46 --unit UAV --source https://…
      timeline add 'First Fath-360 shipment' --when 'last month' --as-of 2024-10-15
      timeline add 'Four howitzers committed' --when 'July-August 2024' -c aid
    """
    fields: dict[str, Field] = {
        "title": title, "when": when, "end": end, "actors": actor or [], "tags": tag or [],
        "category": category, "source": source, "quote": quote, "value": value, "unit": unit,
        "location": location, "notes": note,
    }  # fmt: skip
    event = _build(fields, _context(as_of, date_order))
    _print_event(db.open_for_write().add(event))


def _check_view(view: str, group: str | None, other_format: object) -> None:
    if view not in ("table", "tree"):
        raise UsageError(f"--view {view!r} is not table or tree")
    from timeline.render.lanes import GROUPINGS

    common.check_choice("--group", group, GROUPINGS)
    if view == "tree" and other_format:
        raise UsageError("--view tree prints a tree; drop --format/--json, or use --view table")
    if view != "tree" and (group is not None):
        raise UsageError("--group applies to --view tree")


@app.command("list")
def list_(
    from_: common.FromOpt = None,
    to: common.ToOpt = None,
    strictly: common.StrictlyOpt = False,
    actor: common.ActorOpt = None,
    tag: common.TagOpt = None,
    category: common.CategoryOpt = None,
    search: common.SearchOpt = None,
    precision: common.PrecisionOpt = None,
    source: common.SourceOpt = None,
    limit: LimitOpt = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT", help="table|json|jsonl|csv|markdown"),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    view: Annotated[
        str, typer.Option("--view", metavar="table|tree", help="A table, or a tree by year/month.")
    ] = "table",
    group: Annotated[
        str | None,
        typer.Option("--group", metavar="actor|category", help="Tree view: group by this instead."),
    ] = None,
    show_bounds: Annotated[
        bool, typer.Option("--bounds", help="Tree view: add each date's bounds.")
    ] = False,
    date_order: common.DateOrderOpt = None,
) -> None:
    """List events in date order, filtered.

    \b
    Examples:
      timeline list --from 2023 --to 2024 -a 'North Korea'
      timeline list -s drone --json
      timeline list --view tree --group actor --bounds
    """
    from timeline.render.events import RENDERERS

    if json_ and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt!r} disagree; give one of them")
    chosen = "json" if json_ else (fmt or "table")
    if chosen not in RENDERERS:
        raise UsageError(f"--format {chosen!r} is not one of {', '.join(RENDERERS)}")
    _check_view(view, group, fmt or json_)
    filters = common.build_filters(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, limit=limit, reverse=reverse,
        order_option=date_order,
    )  # fmt: skip
    events = db.open_for_read().iter_events(filters)
    if view == "tree":
        from timeline.render.tree import render_tree

        tree = render_tree(events, group=group, bounds=show_bounds, color=common.color_allowed())
        sys.stdout.write(tree)
    elif chosen == "table" and common.stdout_is_terminal():
        from timeline.render.event_table import rich_table

        rich_table(events, sys.stdout, color=common.color_allowed())
    else:
        RENDERERS[chosen](events, sys.stdout)


@app.command()
def show(event_id: IdArg, json_: JsonOpt = False) -> None:
    """Show one event: every field, and how its date was understood.

    \b
    Examples:
      timeline show 12
      timeline show '#12' --json
    """
    event = db.open_for_read().get(common.parse_id(event_id)).resolved(common.today())
    if json_:
        import json

        print(json.dumps(event.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_event(event)


def _fields_of(e: Event) -> dict[str, Field]:
    return {
        "title": e.title, "when": e.when, "end": e.end_when, "actors": list(e.actors),
        "tags": list(e.tags), "category": e.category, "source": e.source, "quote": e.quote,
        "value": e.value, "unit": e.unit, "location": e.location, "notes": e.notes,
        "as_of": e.as_of.isoformat() if e.as_of else None,
    }  # fmt: skip


@app.command()
def edit(
    event_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="New title.")] = None,
    when: Annotated[str | None, typer.Option("--when", "-w", metavar="DATE", help="When.")] = None,
    end: EndOpt = None,
    actor: ActorsOpt = None,
    tag: TagsOpt = None,
    category: CatOpt = None,
    source: SourceTextOpt = None,
    quote: QuoteOpt = None,
    value: ValueOpt = None,
    unit: UnitOpt = None,
    location: LocOpt = None,
    note: NoteOpt = None,
    as_of: common.AsOfOpt = None,
    date_order: common.DateOrderOpt = None,
) -> None:
    """Change an event; a new --when is read against its stored as-of day.

    Options given replace the field; -a and -t replace the whole list of actors or tags, and an
    empty value clears a field (--end '', -a ''). `timeline undo` reverts the edit.

    \b
    Examples:
      timeline edit 12 --when 'late 2023'
      timeline edit 12 -t missiles -t ballistic --note 'Second source agrees.'
    """
    store = db.open_for_write(create=False)
    old = store.get(common.parse_id(event_id))
    given: dict[str, Field] = {
        "title": title, "when": when, "end": end, "actors": actor, "tags": tag,
        "category": category, "source": source, "quote": quote, "value": value, "unit": unit,
        "location": location, "notes": note,
    }  # fmt: skip
    fields = _fields_of(old) | {k: v for k, v in given.items() if v is not None}
    ctx = _context(as_of, date_order)
    if ctx.as_of:
        fields["as_of"] = None
    new = _build(fields, ctx, old.id)
    _print_event(store.update(new))
