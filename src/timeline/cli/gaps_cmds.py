"""`timeline gaps` and `timeline between`: quiet periods and the time from A to B.

`gaps` declares its options here and runs in `run_gaps` (which the quick path calls too,
without typer); `between` runs here. Decisions encoded here:
- The reference day is `--as-of`, else today, as for `gaps`.
- `between` arguments: `#12` (or `#12` with spaces around) is an event's widest bounds; anything
  else is a date expression, so a bare `2022` is the year. The store is opened only for ids,
  once for both, and closed.
- `between --at-least/--at-most` exits 0 for yes, 1 for no, 4 for cannot tell; with `--json` the
  four fixed keys gain `answer` and `reason` only when a threshold is asked.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli import common as c
from timeline.cli import options as o
from timeline.cli import run_gaps
from timeline.cli.group import typer_app as app
from timeline.errors import EXIT_CANNOT_TELL, EXIT_NO, EXIT_OK

if TYPE_CHECKING:
    from timeline.store import Store

_VERDICT_EXIT = {"yes": EXIT_OK, "no": EXIT_NO, "cannot tell": EXIT_CANNOT_TELL}

FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", metavar="table|json|csv|markdown", help="Output format."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as -f json.")]


@app.command("gaps")
def gaps_cmd(
    from_: o.FromOpt = None,
    to: o.ToOpt = None,
    strictly: o.StrictlyOpt = False,
    actor: o.ActorOpt = None,
    tag: o.TagOpt = None,
    category: o.CategoryOpt = None,
    search: o.SearchOpt = None,
    precision: o.PrecisionOpt = None,
    source: o.SourceOpt = None,
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
    date_order: o.DateOrderOpt = None,
) -> None:
    """The quiet periods of the selected events, longest first.

    \b
    Examples:
      timeline gaps --min '3 months' --top 10
      timeline gaps --by actor --as-of 2024-10-15 -f json
    """
    run_gaps.gaps(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, min_=min_, top=top, by=by,
        as_of=as_of, since=since, fmt=fmt, json_=json_, date_order=date_order,
    )  # fmt: skip


def _end_bounds(text: str, reference: date, order: str | None, store: Store) -> tuple[date, date]:
    """`#12` is an event's widest bounds; anything else a date expression."""
    if not text.strip().startswith("#"):
        return run_gaps.day_bounds(text, reference, order)
    from timeline.store.spans import event_extent

    return event_extent(store, c.parse_id(text), reference=reference)


def _both_ends(
    a: str, b: str, reference: date, order: str | None
) -> tuple[tuple[date, date], tuple[date, date]]:
    """A's and B's bounds, opening the store once (and only) when one of them is an id."""
    if not any(t.strip().startswith("#") for t in (a, b)):
        return run_gaps.day_bounds(a, reference, order), run_gaps.day_bounds(b, reference, order)
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
    as_of: o.AsOfOpt = None,
    date_order: o.DateOrderOpt = None,
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
    low, high = run_gaps.duration(at_least, "--at-least"), run_gaps.duration(at_most, "--at-most")
    span = g.between(*_both_ends(a, b, reference, date_order))
    answer = g.answer(span, low, high) if (low or high) else None
    if json_:
        out = r.between_json(span)
        if answer is not None:
            out |= {"answer": answer.verdict, "reason": answer.reason}
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        run_gaps.print_lines(r.between_lines(a, b, span))
        if answer is not None:
            from timeline.render.viewkit import inert

            typer.echo(inert(answer.reason))
    if answer is not None:
        raise typer.Exit(_VERDICT_EXIT[answer.verdict])
