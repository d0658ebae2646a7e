"""`timeline parse`: show how the tool understands typed dates, one line (or JSON object) each.

Owns the `parse` command. Decisions encoded here:
- `-` as the only argument reads one expression per line from stdin; a blank line is an input
  too (and an error), so output lines match input lines one for one.
- `--json` prints one compact JSON object per input, in order, errors included as
  `{"input": …, "error": …}`; without it errors go to stderr as one line each.
- Every input is read even after a bad one; the exit status is 2 if any could not be read.
- User text echoed to the terminal has control and formatting characters removed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated

import typer

from timeline.cli.app import command, data_out, date_order, today
from timeline.cli.options import AsOfOpt, DateOrderOpt
from timeline.errors import EXIT_OK, EXIT_USAGE, DateError
from timeline.render.safe import inert

HELP = """Show how dates are read: bounds, precision, qualifiers and EDTF.

Each TEXT is a date, a span, a relative date or an EDTF string; with `-` as the only TEXT,
one expression per line is read from stdin. The exit status is 2 if any could not be read.

\b
Examples:
  timeline parse 'late 2023' 'Q3 2024' 'July–August 2024'
  timeline parse 'last month' 'since August 2022' --as-of 2024-10-15
  timeline parse 03/09/2024 --date-order DMY
  printf '2022-08\\nSmarch 2023\\n' | timeline parse - --json
  timeline parse --duration 'nearly sixteen months' 'about a year'

With --duration, each TEXT is a duration as sources say it ('nearly sixteen months', 'more than
a year', 'a two-week lull') and is shown as the interval of days it allows (CLAIMS.md).
"""


def _inputs(texts: list[str]) -> Iterator[str]:
    if texts == ["-"]:
        for line in sys.stdin:
            yield line.rstrip("\r\n")
    else:
        yield from texts


def _json_line(text: str, ref: date, order: str | None) -> tuple[str, bool]:
    from timeline.dates import parse_when

    try:
        when = parse_when(text, today=ref, date_order=order)
    except DateError as err:
        doc: dict[str, object] = {"input": text, "error": err.message}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), False
    doc = {
        "input": text,
        "start": when.start.to_json(),
        "end": when.end.to_json() if when.end else None,
        "as_of": when.as_of.isoformat() if when.as_of else None,
        "ongoing": when.ongoing,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), True


def _text_line(text: str, ref: date, order: str | None) -> tuple[str, bool]:
    from timeline.dates import describe, parse_when

    try:
        when = parse_when(text, today=ref, date_order=order)
    except DateError as err:
        return f"timeline: {inert(err.message)}", False
    return f"{inert(text)} → {describe(when)}", True


def _duration_line(text: str, ref: date, order: str | None, as_json: bool) -> tuple[str, bool]:
    """A claimed duration (`nearly sixteen months`) as the interval of days it allows."""
    from timeline.dates.amounts import parse_claimed_duration

    try:
        claimed = parse_claimed_duration(text)
    except DateError as err:
        if as_json:
            doc: dict[str, object] = {"input": text, "error": err.message}
            return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), False
        return f"timeline: {inert(err.message)}", False
    if as_json:
        doc = {"input": text, "lo_days": claimed.lo, "hi_days": claimed.hi}
        doc |= {"hedge": claimed.hedge or None, "amount": claimed.amount, "unit": claimed.unit}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")), True
    days = f"{claimed.lo} to {claimed.hi} days"
    if claimed.hi is None or claimed.hi == claimed.lo:
        days = f"{claimed.lo} days" + (" or more" if claimed.hi is None else "")
    hedge = f"; hedged '{claimed.hedge}'" if claimed.hedge else ""
    amount = f"{claimed.amount:g} {claimed.unit}{'s' if claimed.amount != 1 else ''}"
    return f"{inert(text)} → {days} ({amount}{hedge})", True


def run(
    texts: Iterable[str], ref: date, order: str | None, as_json: bool, duration: bool = False
) -> int:
    """Print one line per input; the exit status (2 if any input could not be read)."""
    status = EXIT_OK
    for text in texts:
        if duration:
            line, ok = _duration_line(text, ref, order, as_json)
        else:
            line, ok = (_json_line if as_json else _text_line)(text, ref, order)
        out = data_out("json" if as_json else "table") if ok or as_json else sys.stderr
        out.write(line + "\n")
        out.flush()
        status = status if ok else EXIT_USAGE
    return status


@command("parse", help=HELP)
def parse_command(
    texts: Annotated[list[str], typer.Argument(metavar="TEXT", show_default=False)],
    as_of: AsOfOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per input line.")
    ] = False,
    order: DateOrderOpt = None,
    duration: Annotated[
        bool,
        typer.Option("--duration", help="Read each TEXT as a claimed duration (CLAIMS.md)."),
    ] = False,
) -> None:
    from timeline.select import reference_day

    checked = date_order(order)
    if as_of is None:
        from timeline.cli.app import default_as_of

        as_of = default_as_of()  # the config file's day, when it sets one
    reference = reference_day(as_of, today(), checked)
    status = run(_inputs(texts), reference, checked, as_json, duration)
    if status:
        raise typer.Exit(status)
