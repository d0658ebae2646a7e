"""`timeline source …`, `timeline conflicts` and `timeline actors …`: the sources as records,
the events their sources date incompatibly, and actor names with their aliases.

Decisions encoded here:
- `source add|list|show|edit|rm`: a source is named by its id (`3`, `#3`) or its title. On
  `edit`, an option given replaces the field and an empty value clears it (never the title).
  `rm` refuses while events cite the source unless `--force`; every change is undoable.
- `conflicts` takes the list filters and prints each event whose sources disagree with each
  other or with the event's own date, every dating under it; it exits 0 whatever it finds.
- `actors` alone lists the actors (with their aliases); `actors alias ACTOR ALIAS…` and
  `actors unalias ALIAS…` change the aliases.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import command, group, note, print_data, timeline_of
from timeline.render.safe import inert

if TYPE_CHECKING:
    from timeline.model.sources import Source

SourceArg = Annotated[str, typer.Argument(metavar="SOURCE", help="A source's id (3, #3) or title.")]
UrlOpt = Annotated[str | None, typer.Option("--url", metavar="URL", help="Where it is.")]
PublisherOpt = Annotated[
    str | None, typer.Option("--publisher", metavar="NAME", help="Who published it.")
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published", metavar="DAY", help="The day it appeared: its relative dates' reference."
    ),
]
AccessedOpt = Annotated[
    str | None, typer.Option("--accessed", metavar="DAY", help="The day it was read.")
]
ArchivedOpt = Annotated[
    str | None, typer.Option("--archived-url", metavar="URL", help="An archived copy.")
]
NotesOpt = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Notes.")]

source_app = group("source", no_args_is_help=True)
source_app.info.help = """Sources as records: add, list, show, edit, rm.

Events cite sources with `add --source 3` (or a title); a source's --published day is the
reference day for the relative dates of the events that cite it.

\b
Examples:
  timeline source add 'Reuters: Iran sends Fath-360' --published 2024-10-15 --url https://…
  timeline source list
  timeline source show 3
"""


def _print_source(source: Source) -> None:
    print(f"#{source.id} {inert(source.title)}")
    for label, value in (
        ("publisher", source.publisher),
        ("published", source.published and source.published.isoformat()),
        ("url", source.url),
        ("archived", source.archived_url),
        ("accessed", source.accessed and source.accessed.isoformat()),
        ("notes", source.notes),
        ("cited by", f"{source.events} events" if source.events is not None else None),
        ("created", f"{source.created_at}, updated {source.updated_at}"),
    ):
        if value:
            print(f"  {label + ':':<11}{inert(str(value))}")


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The source's title.")],
    url: UrlOpt = None,
    publisher: PublisherOpt = None,
    published: PublishedOpt = None,
    accessed: AccessedOpt = None,
    archived_url: ArchivedOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Add a source.

    \b
    Example:
      timeline source add 'The Fath-360 shipment' --publisher Reuters --published 2024-10-15
    """
    fields = {"url": url, "publisher": publisher, "published": published, "accessed": accessed,
              "archived_url": archived_url, "notes": notes}  # fmt: skip
    with timeline_of(ctx, create=True) as tl:
        _print_source(tl.sources.add(title, **fields))


@source_app.command("list")
def source_list(ctx: typer.Context, json_: options.JsonOpt = False) -> None:
    """Every source, with its published day and how many events cite it.

    \b
    Example:
      timeline source list --json
    """
    with timeline_of(ctx) as tl:
        found = tl.sources.all()
    if not found:
        note("no sources yet; `timeline source add TITLE` adds one")
    if json_:
        import json

        print_data(json.dumps([s.to_json() for s in found], ensure_ascii=False))
        return
    for s in found:
        day = s.published.isoformat() if s.published else "-"
        by = f"  ({inert(s.publisher)})" if s.publisher else ""
        cited = f"{s.events or 0} event" + ("" if s.events == 1 else "s")
        print(f"{'#' + str(s.id):>6}  {day:<10}  {cited:>11}  {inert(s.title)}{by}")


@source_app.command("show")
def source_show(ctx: typer.Context, ref: SourceArg, json_: options.JsonOpt = False) -> None:
    """Show a source and the events that cite it.

    \b
    Example:
      timeline source show 3
    """
    from timeline.render.viewkit import plain

    with timeline_of(ctx) as tl:
        source = tl.sources.get(ref)
        events = tl.sources.citing(source.id)
    if json_:
        import json

        doc = source.to_json() | {"cited_by": [e.id for e in events]}
        print_data(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _print_source(source)
    plain(events, sys.stdout)


@source_app.command("edit")
def source_edit(
    ctx: typer.Context,
    ref: SourceArg,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="Its title.")
    ] = None,
    url: UrlOpt = None,
    publisher: PublisherOpt = None,
    published: PublishedOpt = None,
    accessed: AccessedOpt = None,
    archived_url: ArchivedOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Change a source: each option given replaces the field ('' clears it).

    A new --published day reads the source's datings (`add --source-when`) again; the events'
    own dates stay as they were read. `timeline undo` reverts the edit.

    \b
    Example:
      timeline source edit 3 --published 2024-10-16 --publisher Reuters
    """
    fields = {"title": title, "url": url, "publisher": publisher, "published": published,
              "accessed": accessed, "archived_url": archived_url, "notes": notes}  # fmt: skip
    with timeline_of(ctx) as tl:
        _print_source(tl.sources.edit(ref, **fields))


@source_app.command("rm")
def source_rm(
    ctx: typer.Context,
    ref: SourceArg,
    force: Annotated[
        bool, typer.Option("--force", help="Remove it even though events cite it.")
    ] = False,
) -> None:
    """Remove a source; refused while events cite it, unless --force (undo brings it back).

    \b
    Example:
      timeline source rm 3 --force
    """
    with timeline_of(ctx) as tl:
        gone = tl.sources.rm(ref, force=force)
    cited = f" and its citations in {gone.events} events" if gone.events else ""
    print(f"removed source #{gone.id} {inert(gone.title)}{cited}")


@command("conflicts")
@options.listing(skip=("role",))
def conflicts(
    ctx: typer.Context,
    selection: dict[str, Any],
    json_: options.JsonOpt = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """Events whose sources date them incompatibly, with each source's reading.

    An event is listed when two of its sources' datings (`add --source-when`) cannot both be
    true, or one cannot be the event's own date.

    \b
    Examples:
      timeline conflicts
      timeline conflicts -a Iran --json
    """
    from timeline.render.event_table import citation_lines
    from timeline.render.viewkit import plain

    with timeline_of(ctx, order=date_order) as tl:
        found = tl.conflicts(**selection)
    if not found:
        note("no events whose sources conflict")
    if json_:
        import json

        print_data(json.dumps([c.to_json() for c in found], ensure_ascii=False))
        return
    for conflict in found:
        plain([conflict.event], sys.stdout)
        for reading in conflict.readings:
            first, *rest = citation_lines(reading.citation, reading.fits)
            print("          " + first)
            for line in rest:
                print("            " + line)
    if found:
        count = len(found)
        print(f"{count} event{'s' if count != 1 else ''} whose sources conflict")


actors_app = group("actors", invoke_without_command=True)


@actors_app.callback()
def actors(ctx: typer.Context, json_: options.JsonOpt = False) -> None:
    """Actors with how many events involve each, and their aliases; or change the aliases.

    \b
    Examples:
      timeline actors --json
      timeline actors alias 'United States' US USA 'U.S.'
      timeline actors unalias USA
    """
    if ctx.invoked_subcommand is not None:
        return
    with timeline_of(ctx) as tl:
        counts = tl.names("actor")
        aliases = tl.aliases()
    counted = dict(counts)
    rows = counts + [(name, 0) for name in aliases if name not in counted]
    if not rows:
        note("no actors yet")
    if json_:
        import json

        doc = [{"name": n, "events": c, "aliases": aliases.get(n, [])} for n, c in rows]
        print_data(json.dumps(doc, ensure_ascii=False))
        return
    for name, count in rows:
        also = f"  (also: {inert(', '.join(aliases[name]))})" if name in aliases else ""
        print(f"{count:>6}  {inert(name)}{also}")


@actors_app.command("alias")
def actors_alias(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="The actor's name.")],
    names: Annotated[list[str], typer.Argument(metavar="ALIAS...", help="Other names for it.")],
) -> None:
    """Make names aliases of an actor: filters, add and import map each to it (any case).

    Events that already name an alias as their actor move to the actor; `timeline undo`
    reverts each alias (and the move) one at a time.

    \b
    Example:
      timeline actors alias 'United States' US USA 'U.S.'
    """
    with timeline_of(ctx, create=True) as tl:
        added = tl.alias(actor, *names)
    for name in added:
        print(f"alias {inert(name)} -> {inert(actor)}")
    if not added:
        print(f"no new aliases: each is already {inert(actor)}'s")


@actors_app.command("unalias")
def actors_unalias(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(metavar="ALIAS...", help="Aliases to remove.")],
) -> None:
    """Remove aliases (events moved to the actor stay with it).

    \b
    Example:
      timeline actors unalias USA
    """
    with timeline_of(ctx) as tl:
        gone = tl.unalias(*names)
    for name, actor in gone:
        print(f"removed alias {inert(name)} of {inert(actor)}")
