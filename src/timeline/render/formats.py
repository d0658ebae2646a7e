"""The one output registry: every format by name, with what it can write.

A `Format` names a writer for each kind of output it offers: `list` (events as a listing),
`export` (events as a file to share), `gaps`, `stats`, `quiet` and `lags`. The formats a command
offers are derived from this table (`offered`), and `writer` is the one place a `--format` value is
checked. Adding an export format is one module under `render/` and one line here.

Decisions encoded here:
- A writer takes what it writes, a text stream and the `Options` of the output; it imports its
  renderer when it runs, so choosing a format loads only that format's code.
- `table` is a rich table when `Options.terminal` is set (a terminal), else plain lines.
- `markdown` is a table in `list`, `gaps` and `stats`, and an article-ready chronology (a heading
  per year) in `export`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from timeline.errors import UsageError
from timeline.model import Event

if TYPE_CHECKING:
    from timeline.claims import Check, Claim
    from timeline.model.results import Candidate, Gap, LagReport, PeriodTotal, Quiet

TARGETS = ("list", "export", "gaps", "quiet", "stats", "claims", "candidates", "lags")


class Options(NamedTuple):
    """How an output is written: to a terminal (with colour or not), its title, its lanes and
    window (`by`, `window`), for gaps whether each is certainly as long as asked, and for CSV
    whether it starts with a byte order mark (`bom`, for Excel)."""

    terminal: bool = False
    color: bool = False
    title: str = "Chronology"
    by: str | None = None
    window: tuple[date | None, date | None] = (None, None)
    certain: Sequence[bool] | None = None
    extra: Sequence[object] = ()  # objects a JSON export adds after the events (claims)
    bom: bool = False
    roles: Sequence[str] = ()  # the role dates a CSV gives columns of their own
    role: str | None = None  # the role a view draws instead of the main date


EventsWriter = Callable[[Iterable[Event], TextIO, Options], None]
GapsWriter = Callable[[Sequence["Gap"], TextIO, Options], None]
QuietWriter = Callable[[Sequence["Quiet"], TextIO, Options], None]
ClaimsWriter = Callable[[Sequence[tuple["Claim", "Check"]], TextIO, Options], None]
StatsWriter = Callable[[Sequence["PeriodTotal"], TextIO, Options], None]
CandidatesWriter = Callable[[Sequence["Candidate"], TextIO, Options], None]
LagsWriter = Callable[["LagReport", TextIO, Options], None]


class Format(NamedTuple):
    name: str
    list: EventsWriter | None = None
    export: EventsWriter | None = None
    gaps: GapsWriter | None = None
    stats: StatsWriter | None = None
    quiet: QuietWriter | None = None
    claims: ClaimsWriter | None = None
    candidates: CandidatesWriter | None = None
    lags: LagsWriter | None = None


# -- events -----------------------------------------------------------------------------


def _events_table(events: Iterable[Event], out: TextIO, o: Options) -> None:
    if o.terminal:
        from timeline.render.event_table import rich_table

        rich_table(events, out, color=o.color)
    else:
        from timeline.render.viewkit import plain

        plain(events, out)


def _events(name: str) -> EventsWriter:
    def write(events: Iterable[Event], out: TextIO, o: Options) -> None:
        from timeline.render import events as r

        if name == "csv":
            r.to_csv(events, out, bom=o.bom, roles=o.roles)
            return
        if name in ("json", "jsonl"):
            (r.to_json if name == "json" else r.to_jsonl)(events, out, o.extra)
            return
        r.to_markdown(events, out)

    return write


def _markdown_doc(events: Iterable[Event], out: TextIO, o: Options) -> None:
    from timeline.render.markdown_doc import render_markdown_doc

    out.writelines(render_markdown_doc(events, o.title))


def _ics(events: Iterable[Event], out: TextIO, o: Options) -> None:
    from timeline.render.ics import render_ics

    out.writelines(render_ics(events, o.title))


def _timelinejs(events: Iterable[Event], out: TextIO, o: Options) -> None:
    from timeline.render.timelinejs import render_timelinejs

    out.writelines(render_timelinejs(events, o.title))


def _svg(events: Iterable[Event], out: TextIO, o: Options) -> None:
    from timeline.render.lanes import build_layout
    from timeline.render.svg import render_svg

    out.write(render_svg(build_layout(events, by=o.by, window=o.window), title=o.title))


def _html(events: Iterable[Event], out: TextIO, o: Options) -> None:
    from timeline.gaps import rank_gaps
    from timeline.render.html import render_html
    from timeline.render.lanes import build_layout, gaps_of
    from timeline.render.svg import render_svg

    selected = list(events)
    layout = build_layout(selected, by=o.by, window=o.window)
    chart_svg = render_svg(layout, standalone=False)
    narrow_svg = render_svg(layout, width=360, standalone=False, narrow=True)
    gaps = rank_gaps(gaps_of(selected))
    out.writelines(
        render_html(selected, gaps, chart_svg=chart_svg, narrow_svg=narrow_svg, title=o.title)
    )


# -- gaps -------------------------------------------------------------------------------


def _lines(lines: Iterable[str], out: TextIO) -> None:
    """Lines written in large chunks (a write per line costs more than the sweep)."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 4096:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")


def _gaps_table(gaps: Sequence[Gap], out: TextIO, o: Options) -> None:
    from timeline.render import gaps as r

    if o.terminal:
        from rich.console import Console

        Console(file=out, color_system="auto" if o.color else None).print(
            r.rich_table(gaps, o.certain)
        )
    else:
        _lines(r.render_plain(gaps, o.certain), out)


def _gaps(name: str) -> GapsWriter:
    def write(gaps: Sequence[Gap], out: TextIO, o: Options) -> None:
        from timeline.render import gaps as r

        if name == "json":
            _lines(r.render_json(gaps), out)
        elif name == "csv":
            _lines(r.render_csv(gaps, o.certain), out)
        else:
            _lines(r.render_markdown(gaps, o.certain), out)

    return write


# -- quiet -----------------------------------------------------------------------------


def _quiet_table(found: Sequence[Quiet], out: TextIO, o: Options) -> None:
    from timeline.render import quiet as r

    if o.terminal:
        from rich.console import Console

        Console(file=out, color_system="auto" if o.color else None).print(r.rich_table(found))
    else:
        _lines(r.render_plain(found), out)


def _quiet(name: str) -> QuietWriter:
    def write(found: Sequence[Quiet], out: TextIO, o: Options) -> None:
        from timeline.render import quiet as r

        render = {"json": r.render_json, "csv": r.render_csv, "markdown": r.render_markdown}
        _lines(render[name](found), out)

    return write


# -- claims ----------------------------------------------------------------------------


def _claims_table(rows: Sequence[tuple[Claim, Check]], out: TextIO, o: Options) -> None:
    from timeline.render import claims as r

    if o.terminal:
        from rich.console import Console

        Console(file=out, color_system="auto" if o.color else None).print(r.sheet_table(rows))
        _lines(r.changes(rows), out)
    else:
        _lines(r.sheet_plain(rows), out)


def _claims(name: str) -> ClaimsWriter:
    def write(rows: Sequence[tuple[Claim, Check]], out: TextIO, o: Options) -> None:
        from timeline.render import claims as r

        render = {"json": r.sheet_json, "csv": r.sheet_csv, "markdown": r.sheet_markdown}
        _lines(render[name](rows), out)

    return write


# -- stats ------------------------------------------------------------------------------


def _stats(name: str) -> StatsWriter:
    def write(rows: Sequence[PeriodTotal], out: TextIO, o: Options) -> None:
        from timeline.render import stats as r

        if name == "json":
            out.write(r.render_stats_json(rows))
        elif name == "csv":
            out.writelines(r.render_stats_csv(rows))
        else:
            out.write(r.render_stats_table(rows, ascii=not o.color))

    return write


# -- candidates (extract) -------------------------------------------------------------


def _candidates(name: str) -> CandidatesWriter:
    def write(found: Sequence[Candidate], out: TextIO, o: Options) -> None:
        from timeline.render import candidates as r

        if name == "table":
            r.write_table(found, out, terminal=o.terminal, color=o.color)
        else:
            {"csv": r.write_csv, "jsonl": r.write_jsonl, "json": r.write_json}[name](found, out)

    return write


def _lags(name: str) -> LagsWriter:
    def write(report: LagReport, out: TextIO, o: Options) -> None:
        from timeline.render import lags as r

        render = {"table": r.render_plain, "json": r.render_json, "csv": r.render_csv}
        _lines(render[name](report), out)

    return write


def _every(name: str) -> dict[str, Any]:
    """The writers of a data format for every kind of output but the events."""
    return {"gaps": _gaps(name), "stats": _stats(name), "quiet": _quiet(name),
            "claims": _claims(name), "lags": _lags(name)}  # fmt: skip


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table",
            list=_events_table,
            gaps=_gaps_table,
            stats=_stats("table"),
            quiet=_quiet_table,
            claims=_claims_table,
            candidates=_candidates("table"),
            lags=_lags("table"),
        ),
        Format(
            "json",
            list=_events("json"),
            export=_events("json"),
            **_every("json"),
            candidates=_candidates("json"),
        ),
        Format(
            "jsonl", list=_events("jsonl"), export=_events("jsonl"), candidates=_candidates("jsonl")
        ),
        Format(
            "csv",
            list=_events("csv"),
            export=_events("csv"),
            **_every("csv"),
            candidates=_candidates("csv"),
        ),
        Format(
            "markdown",
            list=_events("markdown"),
            export=_markdown_doc,
            gaps=_gaps("markdown"),
            quiet=_quiet("markdown"),
            claims=_claims("markdown"),
        ),
        Format("ics", export=_ics),
        Format("timelinejs", export=_timelinejs),
        Format("html", export=_html),
        Format("svg", export=_svg),
    )
}


def offered(target: str) -> tuple[str, ...]:
    """The formats that can write `target` (`list`, `export`, `gaps`, `stats`), in order."""
    return tuple(name for name, f in FORMATS.items() if getattr(f, target) is not None)


def writer(target: str, name: str) -> Any:
    """The writer of format `name` for `target`; a `UsageError` naming what is offered."""
    found = FORMATS.get(name)
    write = getattr(found, target) if found is not None else None
    if write is None:
        raise UsageError(f"--format {name!r} is not one of {', '.join(offered(target))}")
    return write
