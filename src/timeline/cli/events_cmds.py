"""The everyday commands on single events: init, info, add, list, show, edit.

(rm, undo, log, import, actors and tags are in `record_cmds`.)

Each command declares its options and hands them to its body: `add` and `list` run in
`run_events` (which the quick path calls too, without typer), the others here. Decisions encoded
here:
- Ids are typed as `12` or `#12`.
- `edit` re-reads the event's date texts against its stored `as_of` (or a new `--as-of`); an
  option given as an empty string clears that field (`--end ''`, `-a ''`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli import common, db, options, run_events
from timeline.cli.group import typer_app as app
from timeline.errors import StorageError
from timeline.model import Event

if TYPE_CHECKING:
    from timeline.io.records import Field

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
    from timeline.store import open_store

    existed = os.path.exists(path)
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
    if not os.path.exists(choice.path):
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
    as_of: options.AsOfOpt = None,
    date_order: options.DateOrderOpt = None,
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
    run_events.add(
        title=title, when=when, end=end, actor=actor, tag=tag, category=category, source=source,
        quote=quote, value=value, unit=unit, location=location, note=note, as_of=as_of,
        date_order=date_order,
    )  # fmt: skip


@app.command("list")
def list_(
    from_: options.FromOpt = None,
    to: options.ToOpt = None,
    strictly: options.StrictlyOpt = False,
    actor: options.ActorOpt = None,
    tag: options.TagOpt = None,
    category: options.CategoryOpt = None,
    search: options.SearchOpt = None,
    precision: options.PrecisionOpt = None,
    source: options.SourceOpt = None,
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
    date_order: options.DateOrderOpt = None,
) -> None:
    """List events in date order, filtered.

    \b
    Examples:
      timeline list --from 2023 --to 2024 -a 'North Korea'
      timeline list -s drone --json
      timeline list --view tree --group actor --bounds
    """
    run_events.list_events(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, limit=limit, reverse=reverse, fmt=fmt,
        json_=json_, view=view, group=group, show_bounds=show_bounds, date_order=date_order,
    )  # fmt: skip


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
        run_events.print_event(event)


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
    as_of: options.AsOfOpt = None,
    date_order: options.DateOrderOpt = None,
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
    ctx = run_events.context(as_of, date_order)
    if ctx.as_of:
        fields["as_of"] = None
    new = run_events.build(fields, ctx, old.id)
    run_events.print_event(store.update(new))
