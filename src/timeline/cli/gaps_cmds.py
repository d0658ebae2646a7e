"""`timeline gaps` and `timeline between`: quiet periods and the time from A to B.

Decisions encoded here:
- The reference day (the end of an ongoing event, relative dates, the open gap) is `--as-of`,
  else today; the open gap ("nothing since …") is added only when `--as-of` is given.
- "no gaps" is talk, not data: it goes to stderr and stdout stays empty.
- `between` arguments: `#12` is an event's widest bounds; anything else is a date expression,
  so a bare `2022` is the year. The database is opened only when one of them is an id.
- `between --at-least/--at-most` exits 0 for yes, 1 for no, 4 for cannot tell; with `--json` the
  four fixed keys gain `answer` and `reason` only when a threshold is asked.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import choose_format, command, output_options, timeline_of
from timeline.errors import EXIT_CANNOT_TELL, EXIT_NO, EXIT_OK
from timeline.render.formats import offered

_VERDICT_EXIT = {"yes": EXIT_OK, "no": EXIT_NO, "cannot tell": EXIT_CANNOT_TELL}
GapsFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="|".join(offered("gaps")), help="Output format."),
]


@command("gaps")
@options.listing()
def gaps_cmd(
    ctx: typer.Context,
    selection: dict[str, Any],
    min_: Annotated[
        str | None,
        typer.Option("--min", metavar="DURATION", help="Gaps that can be at least this long."),
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", metavar="N", min=1, help="Only the N longest.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="actor|tag|category", help="Gaps of each group apart."),
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
    fmt: GapsFormatOpt = None,
    json_: options.JsonOpt = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """The quiet periods of the selected events, longest first.

    \b
    Examples:
      timeline gaps --min '3 months' --top 10
      timeline gaps --by actor --as-of 2024-10-15 -f json
    """
    from timeline.render.formats import writer

    chosen = choose_format("gaps", fmt, json_)
    with timeline_of(ctx, order=date_order) as tl:
        report = tl.gaps(at_least=min_, top=top, by=by, as_of=as_of, since=since, **selection)
    if not report.gaps and chosen == "table":
        sys.stderr.write("no gaps\n")  # talk, not data: stdout stays empty
        return
    writer("gaps", chosen)(report.gaps, sys.stdout, output_options(certain=report.certain))


@command("between")
def between_cmd(
    ctx: typer.Context,
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
    as_of: options.AsOfOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """The time from A to B as least and greatest days and calendar forms.

    With --at-least/--at-most: exit 0 for yes, 1 for no, 4 for cannot tell.

    \b
    Examples:
      timeline between 'December 2023' 'April 2024'
      timeline between '#3' '#7' --at-least '16 months'
    """
    from timeline.render import gaps as r

    with timeline_of(ctx, order=date_order) as tl:
        found = tl.between(a, b, as_of=as_of, at_least=at_least, at_most=at_most)
    span, answer = found.span, found.answer
    if json_:
        import json

        out = r.between_json(span)
        if answer is not None:
            out |= {"answer": answer.verdict, "reason": answer.reason}
        print(json.dumps(out, ensure_ascii=False))
    else:
        sys.stdout.write("".join(line + "\n" for line in r.between_lines(a, b, span)))
        if answer is not None:
            from timeline.render.safe import inert

            print(inert(answer.reason))
    if answer is not None:
        raise typer.Exit(_VERDICT_EXIT[answer.verdict])
