"""`timeline gaps` and `timeline between`: quiet periods and the time from A to B.

Decisions encoded here:
- The reference day (the end of an ongoing event, relative dates, the open gap) is `--as-of`,
  else today; the open gap ("nothing since …") is added only when `--as-of` is given.
- `gaps` lists every gap unless `--top N`; `--min D` filters before `--top` ranks.
- `between` arguments: `#12` (or `#12` with spaces around) is an event's widest bounds; anything
  else is a date expression, so a bare `2022` is the year. The store is opened only for ids,
  once for both, and closed.
- `between --at-least/--at-most` exits 0 for yes, 1 for no, 4 for cannot tell; with `--json` the
  four fixed keys gain `answer` and `reason` only when a threshold is asked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli import common as c
from timeline.cli import typer_app as app
from timeline.dates.types import Duration
from timeline.errors import EXIT_CANNOT_TELL, EXIT_NO, EXIT_OK, UsageError
from timeline.model import Filters, Gap

if TYPE_CHECKING:
    from timeline.store import Store

_VERDICT_EXIT = {"yes": EXIT_OK, "no": EXIT_NO, "cannot tell": EXIT_CANNOT_TELL}

FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", metavar="table|json|csv|markdown", help="Output format."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as -f json.")]


def _print(lines: Iterable[str]) -> None:
    """Write lines to stdout in large chunks (a per-line echo costs more than the sweep)."""
    out = sys.stdout
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 4096:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
    out.flush()


def _duration(text: str | None, option: str) -> Duration | None:
    if text is None:
        return None
    from timeline.dates import parse_duration

    d = parse_duration(text)
    if d.years < 0 or d.months < 0 or d.days < 0:
        raise UsageError(f"{option} {text!r} is negative")
    return d


def _day_bounds(text: str, reference: date, order: str | None) -> tuple[date, date]:
    from timeline.dates import parse_when

    when = parse_when(text, today=reference, date_order=c.date_order(order))
    return when.earliest, when.latest


def _show_gaps(gaps: Sequence[Gap], fmt: str, marks: Sequence[bool] | None) -> None:
    from timeline.render import gaps as r

    if fmt == "json":
        _print(r.render_json(gaps))
    elif fmt == "csv":
        _print(r.render_csv(gaps, marks))
    elif fmt == "markdown":
        _print(r.render_markdown(gaps, marks))
    elif not gaps:
        sys.stderr.write("no gaps\n")  # talk, not data: stdout stays empty
    elif c.stdout_is_terminal():
        from rich.console import Console

        plain = not c.color_allowed()
        Console(color_system=None if plain else "auto").print(r.rich_table(gaps, marks))
    else:
        _print(r.render_plain(gaps, marks))


def _check_format(fmt: str, json_: bool) -> str:
    from timeline.render.gaps import FORMATS

    if json_ and fmt not in ("table", "json"):
        raise UsageError(f"--json and --format {fmt!r} disagree; give one of them")
    fmt = "json" if json_ else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


@app.command("gaps")
def gaps_cmd(
    from_: c.FromOpt = None,
    to: c.ToOpt = None,
    strictly: c.StrictlyOpt = False,
    actor: c.ActorOpt = None,
    tag: c.TagOpt = None,
    category: c.CategoryOpt = None,
    search: c.SearchOpt = None,
    precision: c.PrecisionOpt = None,
    source: c.SourceOpt = None,
    min_: Annotated[
        str | None,
        typer.Option("--min", metavar="DURATION", help="Gaps that can be at least this long."),
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", metavar="N", min=1, help="Only the N longest.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="actor|category|tag", help="Gaps of each group apart."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DAY",
            help="Add the open gap from the last event to DAY; ongoing events reach DAY.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Add the gap from DATE to the first event."),
    ] = None,
    fmt: FormatOpt = "table",
    json_: JsonOpt = False,
    date_order: c.DateOrderOpt = None,
) -> None:
    """The quiet periods of the selected events, longest first.

    \b
    Examples:
      timeline gaps --min '3 months' --top 10
      timeline gaps --by actor --as-of 2024-10-15 -f json
    """
    from timeline.store.spans import check_grouping

    fmt = _check_format(fmt, json_)
    check_grouping(by)
    reference = c.reference_day(as_of, date_order)
    filters = c.build_filters(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, order_option=date_order,
        reference=reference,
    )  # fmt: skip
    threshold = _duration(min_, "--min")
    since_bounds = _day_bounds(since, reference, date_order) if since else None
    ranked, marks = _ranked_gaps(
        filters, by, top, threshold, since_bounds, reference, open_gap=bool(as_of)
    )
    _show_gaps(ranked, fmt, marks)


def _ranked_gaps(
    filters: Filters,
    by: str | None,
    top: int | None,
    threshold: Duration | None,
    since: tuple[date, date] | None,
    reference: date,
    *,
    open_gap: bool,
) -> tuple[list[Gap], list[bool] | None]:
    """The ranked gaps, their events named, and with `--min` whether each is certainly that long."""
    from timeline import gaps as g
    from timeline.cli.db import open_for_read
    from timeline.store.spans import gap_names, iter_spans

    as_of = reference if open_gap else None
    store = open_for_read()
    try:
        rows = iter_spans(store, filters, reference=reference, by=by)
        found = g.find_gaps(
            rows, grouped=by is not None, case_blind=by == "category", since=since, as_of=as_of
        )
        marks: list[bool] | None = None
        if threshold is None:
            ranked = g.rank_gaps(found, top)
        else:
            pairs = g.rank_marked(g.keep_at_least(found, threshold), top)
            ranked, marks = [gap for gap, _ in pairs], [mark for _, mark in pairs]
        return g.with_names(ranked, gap_names(store, ranked)), marks
    finally:
        store.close()


def _end_bounds(text: str, reference: date, order: str | None, store: Store) -> tuple[date, date]:
    """`#12` is an event's widest bounds; anything else a date expression."""
    if not text.strip().startswith("#"):
        return _day_bounds(text, reference, order)
    from timeline.store.spans import event_extent

    return event_extent(store, c.parse_id(text), reference=reference)


def _both_ends(
    a: str, b: str, reference: date, order: str | None
) -> tuple[tuple[date, date], tuple[date, date]]:
    """A's and B's bounds, opening the store once (and only) when one of them is an id."""
    if not any(t.strip().startswith("#") for t in (a, b)):
        return _day_bounds(a, reference, order), _day_bounds(b, reference, order)
    from timeline.cli.db import open_for_read

    store = open_for_read()
    try:
        return (
            _end_bounds(a, reference, order, store),
            _end_bounds(b, reference, order, store),
        )
    finally:
        store.close()


@app.command("between")
def between_cmd(
    a: Annotated[str, typer.Argument(metavar="A", help="An event id (#12) or a date.")],
    b: Annotated[str, typer.Argument(metavar="B", help="An event id (#12) or a date.")],
    at_least: Annotated[
        str | None,
        typer.Option("--at-least", metavar="DURATION", help="Ask: is it at least this long?"),
    ] = None,
    at_most: Annotated[
        str | None,
        typer.Option("--at-most", metavar="DURATION", help="Ask: is it at most this long?"),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    as_of: c.AsOfOpt = None,
    date_order: c.DateOrderOpt = None,
) -> None:
    """The time from A to B as least and greatest days and calendar forms.

    With --at-least/--at-most: exit 0 for yes, 1 for no, 4 for cannot tell.

    \b
    Examples:
      timeline between 'December 2023' 'April 2024'
      timeline between '#3' '#7' --at-least '16 months'
    """
    from timeline import gaps as g
    from timeline.render import gaps as r

    reference = c.reference_day(as_of, date_order)
    low, high = _duration(at_least, "--at-least"), _duration(at_most, "--at-most")
    span = g.between(*_both_ends(a, b, reference, date_order))
    answer = g.answer(span, low, high) if (low or high) else None
    if json_:
        out = r.between_json(span)
        if answer is not None:
            out |= {"answer": answer.verdict, "reason": answer.reason}
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        _print(r.between_lines(a, b, span))
        if answer is not None:
            from timeline.render.viewkit import inert

            typer.echo(inert(answer.reason))
    if answer is not None:
        raise typer.Exit(_VERDICT_EXIT[answer.verdict])
