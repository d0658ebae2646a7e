"""`timeline chart`, `timeline stats` and `timeline export`: views to read and files to share.

Decisions encoded here:

- All three take the list filters (`--from`, `--to`, `-a`, `-t`, `-c`, `-s`, …) and read the
  selection in date order. `json`, `jsonl`, `csv`, `markdown`, `ics` and `timelinejs` exports
  stream (written as the rows arrive); `html`, `svg` and `chart` hold the selection in memory
  to lay the chart out.
- `export -o FILE` replaces FILE atomically and never writes over the database or its
  companions (exit 2): see `timeline.api.files`, shared with `backup`.
- `chart` fits `--width` or the terminal's width, and is plain ASCII without colour when the
  output is not a terminal or NO_COLOR is set.
- `stats` counts an event in the period of its earliest day; `--sum value` adds the summed
  values per unit.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import (
    color_allowed,
    command,
    data_out,
    note_role,
    nothing_to_show,
    output_options,
    timeline_of,
)
from timeline.errors import UsageError
from timeline.render.formats import offered

ByOpt = Annotated[
    str | None,
    typer.Option("--by", metavar="actor|tag|category", help="One lane per actor, tag or category."),
]
TitleOpt = Annotated[
    str,
    typer.Option("--title", metavar="TEXT", help="Heading of markdown/html/timelinejs/ics."),
]
EXPORT_FORMATS = offered("export")


@command("chart")
@options.listing()
def chart(
    ctx: typer.Context,
    selection: dict[str, Any],
    date_order: options.DateOrderOpt = None,
    by: ByOpt = None,
    width: Annotated[
        int | None, typer.Option("--width", metavar="N", help="Columns (default: the terminal's).")
    ] = None,
) -> None:
    """Draw the selected events as a chart: a lane per group, time running across.

    An exact day is a dot, a fuzzy date a bar as wide as its bounds, a span a bar from start to
    end; each lane's quiet periods (gaps) are shaded. Plain ASCII when piped or NO_COLOR is set.

    \b
    Example:
      timeline chart --by actor --from 2022 --to 2024
    """
    import shutil

    if width is not None and not 24 <= width <= 2000:
        raise UsageError(f"--width {width} is not between 24 and 2000")
    plain = not color_allowed()
    cols = width or shutil.get_terminal_size((80, 24)).columns
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        text = tl.draw_chart(by=by, width=cols, color=not plain, ascii=plain, **selection)
    if not text:
        sys.stderr.write("no events to chart\n")  # talk, not data: stdout stays empty
        return
    sys.stdout.write(text)


@command("stats")
@options.listing()
def stats(
    ctx: typer.Context,
    selection: dict[str, Any],
    date_order: options.DateOrderOpt = None,
    by: Annotated[
        str, typer.Option("--by", metavar="month|quarter|year", help="Period length.")
    ] = "month",
    sum_: Annotated[
        str | None, typer.Option("--sum", metavar="value", help="Also sum `value`, per unit.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="|".join(offered("stats")), help="Output format."),
    ] = "table",
) -> None:
    """Count events per month, quarter or year, empty periods included.

    An event counts in the period of its earliest possible day. The range runs from --from (else
    the first event) to --to (else the last), so months with nothing in them show as zero.

    \b
    Example:
      timeline stats --by quarter --sum value -c 'military aid' -f json
    """
    from timeline.render.formats import writer

    write = writer("stats", fmt)
    if sum_ not in (None, "value"):
        raise UsageError(f"--sum {sum_!r}: only 'value' can be summed")
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        rows = tl.stats(by=by, sums=sum_ is not None, **selection)
    if nothing_to_show(len(rows), fmt, "no events match"):
        return
    write(rows, data_out(fmt), output_options())


@command("export")
@options.listing(limit=True, reverse=True)
def export(
    ctx: typer.Context,
    selection: dict[str, Any],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="|".join(EXPORT_FORMATS), help="File format."),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write FILE (atomic); - is stdout."),
    ] = None,
    date_order: options.DateOrderOpt = None,
    by: ByOpt = None,
    title: TitleOpt = "Chronology",
    claims: Annotated[
        bool, typer.Option("--claims", help="json/jsonl: add the stored claims after the events.")
    ] = False,
    sources: Annotated[
        bool,
        typer.Option("--sources", help="json/jsonl: add every source record after the events."),
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV file with a byte order mark (for Excel).")
    ] = False,
) -> None:
    """Export the selected events to stdout or to FILE, in date order.

    json/jsonl: the JSON event; csv: id, the import columns (formula cells guarded with a
    leading ') and the resolved earliest, latest and EDTF; markdown: a chronology for an
    article; ics: all-day calendar events spanning each date's bounds; timelinejs: TimelineJS3
    JSON; html: one self-contained page (labelled chart, legend, events, gaps); svg: the chart
    alone. -o FILE is written beside FILE and renamed into place, and can never be the database.
    --claims adds the stored claims to a json or jsonl export, and --sources every source
    record (publisher, days, notes), which import reads back with the events.

    \b
    Example:
      timeline export -f html -o chronology.html --by actor
    """
    output = None if output == "-" else output  # `-o -`: stdout, as without -o (`./-` is a file)
    with timeline_of(ctx, order=date_order) as tl:
        target = data_out(fmt) if output is None else output
        note_role(tl, selection)
        tl.export(
            fmt, target, by=by, title=title, claims=claims, sources=sources, bom=bom, **selection
        )
