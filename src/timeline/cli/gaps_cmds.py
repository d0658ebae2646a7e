"""`timeline gaps`, `timeline quiet` and `timeline between`: quiet periods, who has been quiet
longest, and the time from A to B.

Decisions encoded here:
- The reference day (the end of an ongoing event, relative dates, the open gap) is `--as-of`,
  else today; the open gap ("nothing since …") is added only when `--as-of` is given.
- "no gaps" is talk, not data: it goes to stderr, saying why (how many events, the events whose
  spans cover their quiet periods, or the longest gap when `--min` left none); a table prints
  nothing, the data formats their empty form.
- `between` arguments: `#12` is an event's widest bounds; anything else is a date expression,
  so a bare `2022` is the year. The database is opened only when one of them is an id.
- `between --at-least/--at-most` exits 0 for yes, 1 for no, 4 for cannot tell; with `--json` the
  four fixed keys gain `answer` and `reason` only when a threshold is asked.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import (
    VIEWS,
    choose_format,
    command,
    data_out,
    note_role,
    output_options,
    print_data,
    timeline_of,
)
from timeline.errors import EXIT_CANNOT_TELL, EXIT_NO, EXIT_OK
from timeline.render.formats import offered

if TYPE_CHECKING:
    from timeline.api.results import GapReport

_VERDICT_EXIT = {"yes": EXIT_OK, "no": EXIT_NO, "cannot tell": EXIT_CANNOT_TELL}
GapsFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="|".join(offered("gaps")), help="Output format."),
]
QuietFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="|".join(offered("quiet")), help="Output format."),
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
        note_role(tl, selection)
        report = tl.gaps(at_least=min_, top=top, by=by, as_of=as_of, since=since, **selection)
    if not report.gaps:
        sys.stderr.write(why_no_gaps(report, min_) + "\n")  # talk, not data
        if chosen in VIEWS:
            return  # a table never prints its header alone
    writer("gaps", chosen)(report.gaps, data_out(chosen), output_options(certain=report.certain))


def why_no_gaps(report: GapReport, at_least: str | None) -> str:
    """The note for an empty answer: how many events, and what covers their quiet periods."""
    from timeline.render.safe import inert

    n = report.events or 0
    events = f"{n} event" + ("" if n == 1 else "s")
    if n == 0:
        return "no events match"
    if n == 1:
        return "no gaps in 1 event: a quiet period lies between two"
    if report.longest is not None:
        g = report.longest
        days = str(g.min_days) if g.min_days == g.max_days else f"{g.min_days} to {g.max_days}"
        after = f" → #{g.after.id}" if g.after else ""
        before = f"#{g.before.id}" if g.before else "the start"
        return (
            f"no gaps of at least {at_least} in {events}; the longest is {days} days "
            f"({before}{after})"
        )
    if not report.covering:
        return f"no gaps in {events}: together they cover every day from the first to the last"
    covers = "; ".join(
        f'#{c.event.id} "{inert(c.event.title)}" ({inert(c.event.when)}) covers '
        f"{_day(c.first)} … {_day(c.last)}"
        for c in report.covering
    )
    return (
        f"no gaps in {events}: {covers}; narrow the selection (-c, -a, -t, --from/--to) to see "
        "the quiet periods inside it"
    )


def _day(d: date) -> str:
    return "…" if d == date.min else "?" if d == date.max else d.isoformat()


@command("quiet")
@options.listing()
def quiet_cmd(
    ctx: typer.Context,
    selection: dict[str, Any],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DAY", help="The record as it stood on DAY (default today)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="actor|tag|category", help="One line per group."),
    ] = None,
    fmt: QuietFormatOpt = None,
    json_: options.JsonOpt = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """Who has been quiet longest: each group's last event and the time since, longest first.

    The record as it stood on --as-of (events that begin after that day are left out, ongoing
    ones end there); the time since is a range, as fuzzy dates make it.

    \b
    Examples:
      timeline quiet --as-of 2024-10-31 --by actor
      timeline quiet --by category -f json
    """
    from timeline.render.formats import writer

    chosen = choose_format("quiet", fmt, json_)
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        found = tl.quiet(as_of=as_of, by=by, **selection)
    if not found:
        sys.stderr.write("no events match\n")
        if chosen in VIEWS:
            return
    writer("quiet", chosen)(found, data_out(chosen), output_options())


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
        print_data(json.dumps(out, ensure_ascii=False))
    else:
        sys.stdout.write("".join(line + "\n" for line in r.between_lines(a, b, span)))
        if answer is not None:
            from timeline.render.safe import inert

            print(inert(answer.reason))
    if answer is not None:
        raise typer.Exit(_VERDICT_EXIT[answer.verdict])


@command("lags")
@options.listing(skip=("window", "role"))
def lags_cmd(
    ctx: typer.Context,
    selection: dict[str, Any],
    start: Annotated[
        str, typer.Option("--from", metavar="ROLE", help="The role the lag runs from (announced).")
    ],
    end: Annotated[
        str, typer.Option("--to", metavar="ROLE", help="The role the lag runs to (delivered).")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="|".join(offered("lags")), help="Output format."),
    ] = None,
    json_: options.JsonOpt = False,
    as_of: options.AsOfOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """The lag from one role date to another, per event (a range of days), and a summary.

    Each event with both dates: the time from its --from date to its --to date as `between`
    gives it ('#12:announced' '#12:delivered'), in the order of the --from dates; then how
    many, the shortest and longest (by midpoint) and the median of the midpoints. Events
    lacking either date are left out, with a note on stderr saying how many.

    \b
    Examples:
      timeline lags --from announced --to delivered -c us-aid
      timeline lags --from agreed --to delivered -a Iran --json
    """
    from timeline.render.formats import writer

    chosen = choose_format("lags", fmt, json_)
    with timeline_of(ctx, order=date_order) as tl:
        report = tl.lags(start, end, as_of=as_of, **selection)
    if report.left_out:
        said = "event lacks" if report.left_out == 1 else "events lack"
        print(f"note: {report.left_out} {said} the {report.start!r} or {report.end!r} date and "
              f"{'is' if report.left_out == 1 else 'are'} left out", file=sys.stderr)  # fmt: skip
    writer("lags", chosen)(report, data_out(chosen), output_options())
