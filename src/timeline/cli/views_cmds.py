"""`timeline chart`, `timeline stats` and `timeline export`: views to read and files to share.

Decisions encoded here:

- All three take the list filters (`--from`, `--to`, `-a`, `-t`, `-c`, `-s`, …) and read the
  selection in date order. `json`, `jsonl`, `csv`, `markdown`, `ics` and `timelinejs` exports
  stream (written as the rows arrive); `html`, `svg` and `chart` hold the selection in memory
  to lay the chart out.
- `export -o FILE` replaces FILE atomically and never writes over the database or its
  companions (exit 2): see `cli/files.py`, shared with `backup`.
- `chart` fits `--width` or the terminal's width, and is plain ASCII without colour when the
  output is not a terminal or NO_COLOR is set.
- `stats` counts an event in the period of its earliest day; `--sum value` adds the summed
  values per unit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from timeline.cli import common as c
from timeline.cli import options as o
from timeline.cli.group import typer_app as app
from timeline.errors import UsageError
from timeline.model import Event, Filters

EXPORT_FORMATS = ("json", "jsonl", "csv", "markdown", "ics", "timelinejs", "html", "svg")

ByOpt = Annotated[
    str | None,
    typer.Option("--by", metavar="actor|category", help="One lane per actor or per category."),
]
TitleOpt = Annotated[
    str, typer.Option("--title", metavar="TEXT", help="Heading of markdown/html/timelinejs.")
]


def _check_by(by: str | None) -> str | None:
    from timeline.render.lanes import GROUPINGS

    c.check_choice("--by", by, GROUPINGS)
    return by


def _events(filters: Filters) -> list[Event]:
    from timeline.cli.db import open_for_read

    store = open_for_read()
    try:
        return list(store.iter_events(filters))
    finally:
        store.close()


# -- chart ----------------------------------------------------------------------------------


@app.command("chart")
def chart(
    from_: o.FromOpt = None,
    to: o.ToOpt = None,
    strictly: o.StrictlyOpt = False,
    actor: o.ActorOpt = None,
    tag: o.TagOpt = None,
    category: o.CategoryOpt = None,
    search: o.SearchOpt = None,
    precision: o.PrecisionOpt = None,
    source: o.SourceOpt = None,
    date_order: o.DateOrderOpt = None,
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

    from timeline.render.chart import render_chart
    from timeline.render.lanes import build_layout

    filters = c.build_filters(
        from_=from_,
        to=to,
        strictly=strictly,
        actor=actor,
        tag=tag,
        category=category,
        search=search,
        precision=precision,
        source=source,
        order_option=date_order,
    )
    if width is not None and not 24 <= width <= 2000:
        raise UsageError(f"--width {width} is not between 24 and 2000")
    layout = build_layout(
        _events(filters), by=_check_by(by), window=(filters.window_start, filters.window_end)
    )
    if not layout.lanes:
        sys.stderr.write("no events to chart\n")  # talk, not data: stdout stays empty
        return
    plain = not c.color_allowed()
    cols = width or shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write(render_chart(layout, width=cols, color=not plain, ascii=plain))


# -- stats ----------------------------------------------------------------------------------


@app.command("stats")
def stats(
    from_: o.FromOpt = None,
    to: o.ToOpt = None,
    strictly: o.StrictlyOpt = False,
    actor: o.ActorOpt = None,
    tag: o.TagOpt = None,
    category: o.CategoryOpt = None,
    search: o.SearchOpt = None,
    precision: o.PrecisionOpt = None,
    source: o.SourceOpt = None,
    date_order: o.DateOrderOpt = None,
    by: Annotated[
        str, typer.Option("--by", metavar="month|quarter|year", help="Period length.")
    ] = "month",
    sum_: Annotated[
        str | None, typer.Option("--sum", metavar="value", help="Also sum `value`, per unit.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="table|json|csv", help="Output format.")
    ] = "table",
) -> None:
    """Count events per month, quarter or year, empty periods included.

    An event counts in the period of its earliest possible day. The range runs from --from (else
    the first event) to --to (else the last), so months with nothing in them show as zero.

    \b
    Example:
      timeline stats --by quarter --sum value -c 'military aid' -f json
    """
    from timeline.cli.db import open_for_read
    from timeline.render import stats as r
    from timeline.store.periods import BY, period_totals

    if by not in BY:
        raise UsageError(f"--by {by!r} is not one of {', '.join(BY)}")
    if sum_ not in (None, "value"):
        raise UsageError(f"--sum {sum_!r}: only 'value' can be summed")
    if fmt not in ("table", "json", "csv"):
        raise UsageError(f"--format {fmt!r} is not one of table, json, csv")
    filters = c.build_filters(
        from_=from_,
        to=to,
        strictly=strictly,
        actor=actor,
        tag=tag,
        category=category,
        search=search,
        precision=precision,
        source=source,
        order_option=date_order,
    )
    store = open_for_read()
    try:
        rows = period_totals(store, filters, by=by, sums=sum_ is not None)
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(r.render_stats_json(rows))
    elif fmt == "csv":
        sys.stdout.writelines(r.render_stats_csv(rows))
    else:
        sys.stdout.write(r.render_stats_table(rows, ascii=not c.color_allowed()))


# -- export ---------------------------------------------------------------------------------

Writer = Callable[[Iterator[Event], Filters, "ExportOptions", TextIO], None]


class ExportOptions:
    def __init__(self, by: str | None, title: str) -> None:
        self.by, self.title = by, title


def _list_renderer(fmt: str) -> Writer:
    def write(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
        from timeline.render.events import RENDERERS

        RENDERERS[fmt](events, out)

    return write


def _markdown(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
    from timeline.render.markdown_doc import render_markdown_doc

    out.writelines(render_markdown_doc(events, o.title))


def _ics(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
    from timeline.render.ics import render_ics

    out.writelines(render_ics(events))


def _timelinejs(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
    from timeline.render.timelinejs import render_timelinejs

    out.writelines(render_timelinejs(events, o.title))


def _svg(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
    from timeline.render.lanes import build_layout
    from timeline.render.svg import render_svg

    layout = build_layout(events, by=o.by, window=(f.window_start, f.window_end))
    out.write(render_svg(layout))


def _html(events: Iterator[Event], f: Filters, o: ExportOptions, out: TextIO) -> None:
    from timeline.gaps import rank_gaps
    from timeline.render.html import render_html
    from timeline.render.lanes import build_layout, gaps_of
    from timeline.render.svg import render_svg

    selected = list(events)
    layout = build_layout(selected, by=o.by, window=(f.window_start, f.window_end))
    chart_svg = render_svg(layout, standalone=False)
    out.writelines(
        render_html(selected, rank_gaps(gaps_of(selected)), chart_svg=chart_svg, title=o.title)
    )


WRITERS: dict[str, Writer] = {
    "json": _list_renderer("json"),
    "jsonl": _list_renderer("jsonl"),
    "csv": _list_renderer("csv"),
    "markdown": _markdown,
    "ics": _ics,
    "timelinejs": _timelinejs,
    "html": _html,
    "svg": _svg,
}


def _output_path(text: str) -> Path:
    """`-o FILE` as a path, refusing names no file system takes (empty, NUL, too long)."""
    if not text.strip():
        raise UsageError("-o needs a file name")
    if "\x00" in text:
        raise UsageError("-o: a file name cannot contain a NUL byte")
    path = Path(text)
    if len(os.fsencode(path.name)) > 255 or len(os.fsencode(text)) > 4096:
        raise UsageError(f"-o: the file name {text[:40]!r}… is too long")
    return path


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="|".join(EXPORT_FORMATS), help="File format."),
    ],
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help="Write FILE (atomic).")
    ] = None,
    from_: o.FromOpt = None,
    to: o.ToOpt = None,
    strictly: o.StrictlyOpt = False,
    actor: o.ActorOpt = None,
    tag: o.TagOpt = None,
    category: o.CategoryOpt = None,
    search: o.SearchOpt = None,
    precision: o.PrecisionOpt = None,
    source: o.SourceOpt = None,
    date_order: o.DateOrderOpt = None,
    by: ByOpt = None,
    title: TitleOpt = "Chronology",
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="N", help="At most N events.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
) -> None:
    """Export the selected events to stdout or to FILE, in date order.

    json/jsonl: the JSON event; csv: the import columns (formula cells guarded with a leading
    '); markdown: a chronology for an article; ics: all-day calendar events spanning each date's
    bounds; timelinejs: TimelineJS3 JSON; html: one self-contained page (chart, events, gaps);
    svg: the chart alone. -o FILE is written beside FILE and renamed into place, and can never
    be the database.

    \b
    Example:
      timeline export -f html -o chronology.html --by actor
    """
    from timeline.cli.db import choose, open_for_read
    from timeline.cli.files import atomic_text, refuse_database_target

    if fmt not in WRITERS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    filters = c.build_filters(
        from_=from_,
        to=to,
        strictly=strictly,
        actor=actor,
        tag=tag,
        category=category,
        search=search,
        precision=precision,
        source=source,
        order_option=date_order,
        limit=limit,
        reverse=reverse,
    )
    options = ExportOptions(_check_by(by), title)
    if output is not None:
        refuse_database_target(_output_path(output), Path(choose().path), "export")
    store = open_for_read()
    try:
        events = store.iter_events(filters)
        if output is None:
            WRITERS[fmt](events, filters, options, sys.stdout)
            return
        with atomic_text(Path(output)) as out:
            WRITERS[fmt](events, filters, options, out)
    finally:
        store.close()
