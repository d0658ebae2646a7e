"""`timeline check …`, `timeline relate` and `timeline claims`: what sources say about time,
checked against the chronology (CLAIMS.md).

Decisions encoded here:
- `timeline check` with no subcommand checks the database file, as it always has; its
  subcommands check a claim: `gap`, `duration`, `count`, `first`, `order`. Each prints the
  claim as read, the true range, the deciding events and the verdict (`--json` for machines)
  and exits 0 holds, 1 contradicted, 4 cannot tell.
- The check subcommands take the list filters for their selection, except `--source`, which
  here names the claim's source (with `--record`).
- `--record` stores the claim with its verdict (a change in the history, which `undo`
  reverts); `timeline claims` checks every stored claim again and prints the fact-check sheet,
  with a line for each verdict that changed since it was recorded, and exits 0 whatever the
  verdicts.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.cli import options
from timeline.cli.app import (
    VIEWS,
    choose_format,
    color_allowed,
    command,
    data_out,
    group,
    note_role,
    output_options,
    print_data,
    timeline_of,
)
from timeline.errors import EXIT_CANNOT_TELL, EXIT_NO, EXIT_OK, StorageError, UsageError
from timeline.render.formats import offered
from timeline.render.safe import inert

if TYPE_CHECKING:
    from timeline.api import Timeline
    from timeline.claims import Check

EXIT_OF = {"holds": EXIT_OK, "contradicted": EXIT_NO, "cannot tell": EXIT_CANNOT_TELL}
LastedOpt = Annotated[
    str,
    typer.Option(
        "--lasted",
        metavar="DURATION",
        help="The claimed duration, as the source says it ('nearly sixteen months').",
    ),
]
RecordOpt = Annotated[bool, typer.Option("--record", help="Store the claim with its verdict.")]
ClaimSourceOpt = Annotated[
    str | None, typer.Option("--source", metavar="TEXT", help="With --record: the claim's source.")
]
QuoteOpt = Annotated[
    str | None, typer.Option("--quote", metavar="TEXT", help="With --record: the source's words.")
]
AnchorArg = Annotated[str, typer.Argument(metavar="A", help="An event id (#12) or a date.")]
OtherArg = Annotated[str, typer.Argument(metavar="B", help="An event id (#12) or a date.")]

check_app = group("check", invoke_without_command=True)


@check_app.callback()
def check(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check the database (no subcommand), or a claim: gap, duration, count, first, order.

    Without a subcommand: SQLite's integrity check, the schema version and counts; exits 5 when
    the check finds a problem. With one: the claim as read, the true range, the events that
    decide it and the verdict; exit 0 holds, 1 contradicted, 4 cannot tell.

    \b
    Examples:
      timeline check && timeline backup ~/backups/
      timeline check gap --after 'December 2023' --lasted 'nearly sixteen months' -c us-aid
      timeline check order '#1' '#11' --before
    """
    if ctx.invoked_subcommand is not None:
        return
    with timeline_of(ctx) as tl:
        health = tl.health()
    _print_health(health, json_)
    if health.problems:
        raise StorageError(f"{health.path!r} failed its integrity check: {health.problems[0]}")


def _print_health(health: Any, json_: bool) -> None:
    problems = health.problems
    if json_:
        import json

        status = "ok" if not problems else "damaged"
        doc = {"database": health.path, "status": status, "problems": problems}
        print_data(json.dumps(doc | {"schema": health.schema} | health.counts, ensure_ascii=False))
        return
    print(f"database: {inert(health.path)}")
    print("integrity: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    for line in problems:
        print(f"  {line}")
    print(f"schema: {health.schema}")
    for table, n in health.counts.items():
        print(f"{table}: {n}")


def _answer(
    tl: Timeline, check: Check, args: Mapping[str, object], json_: bool, keep: tuple[bool, Any, Any]
) -> None:
    """Print a check, store it with `--record`, and exit with its verdict's code."""
    from timeline.render import claims as r

    record, source, quote = keep
    if json_:
        import json

        print_data(json.dumps(r.check_json(check), ensure_ascii=False))
    else:
        sys.stdout.write("".join(line + "\n" for line in r.check_lines(check)))
    if record:
        stored = tl.claims.record(check, args, source=source, quote=quote)
        sys.stderr.write(f"recorded as claim #{stored.id}\n")
    raise typer.Exit(EXIT_OF[check.verdict])


def _selection(selection: dict[str, Any]) -> dict[str, Any]:
    """The selection as it is stored with a claim: only what was given."""
    from timeline.select import given

    return {k: list(v) if isinstance(v, tuple) else v for k, v in selection.items() if given(v)}


@check_app.command("gap")
@options.listing(skip=("source",))
def check_gap(
    ctx: typer.Context,
    selection: dict[str, Any],
    after: Annotated[
        str, typer.Option("--after", metavar="A", help="The event (#12) or date it follows.")
    ],
    lasted: LastedOpt,
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    record: RecordOpt = False,
    source: ClaimSourceOpt = None,
    quote: QuoteOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """ "After A, no (selected) event for D": the gap after A against the claimed duration.

    \b
    Example:
      timeline check gap --after 'December 2023' --lasted 'nearly sixteen months' -c us-aid
    """
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        found = tl.check.gap(after=after, lasted=lasted, as_of=as_of, **selection)
        args = {"kind": "gap", "claim": lasted, "a": after, "as_of": as_of,
                "selection": _selection(selection)}  # fmt: skip
        _answer(tl, found, args, json_, (record, source, quote))


@check_app.command("duration")
@options.listing(skip=("source",))
def check_duration(
    ctx: typer.Context,
    a: AnchorArg,
    b: OtherArg,
    selection: dict[str, Any],
    lasted: LastedOpt,
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    record: RecordOpt = False,
    source: ClaimSourceOpt = None,
    quote: QuoteOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """ "B came D after A": the time from A to B against the claimed duration.

    The filters choose where the events that would make a contradicted claim hold are looked
    for.

    \b
    Example:
      timeline check duration '#12' '#14' --lasted 'about four months'
    """
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        found = tl.check.duration(a, b, lasted=lasted, as_of=as_of, **selection)
        args = {"kind": "duration", "claim": lasted, "a": a, "b": b, "as_of": as_of,
                "selection": _selection(selection)}  # fmt: skip
        _answer(tl, found, args, json_, (record, source, quote))


@check_app.command("count")
@options.listing(skip=("source",))
def check_count(
    ctx: typer.Context,
    selection: dict[str, Any],
    within: Annotated[str, typer.Option("--in", metavar="WINDOW", help="The period (any date).")],
    count: Annotated[
        str,
        typer.Option("--is", metavar="AMOUNT", help="The claimed count ('four', 'about a dozen')."),
    ],
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    record: RecordOpt = False,
    source: ClaimSourceOpt = None,
    quote: QuoteOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """ "N (selected) events in W": at least those wholly inside W, at most those overlapping it.

    \b
    Example:
      timeline check count --in 2022 --is four -c us-aid
    """
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        found = tl.check.count(within=within, count=count, as_of=as_of, **selection)
        args = {"kind": "count", "claim": count, "within": within, "as_of": as_of,
                "selection": _selection(selection)}  # fmt: skip
        _answer(tl, found, args, json_, (record, source, quote))


@check_app.command("first")
@options.listing(skip=("source",))
def check_first(
    ctx: typer.Context,
    a: AnchorArg,
    selection: dict[str, Any],
    since: Annotated[str, typer.Option("--since", metavar="B", help="The event or date before.")],
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    record: RecordOpt = False,
    source: ClaimSourceOpt = None,
    quote: QuoteOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """ "A was the first (selected) event since B": no selected event lies between them.

    \b
    Example:
      timeline check first '#14' --since '#6' -c us-aid
    """
    with timeline_of(ctx, order=date_order) as tl:
        note_role(tl, selection)
        found = tl.check.first(a, since=since, as_of=as_of, **selection)
        args = {"kind": "first", "claim": "first", "a": a, "b": since, "as_of": as_of,
                "selection": _selection(selection)}  # fmt: skip
        _answer(tl, found, args, json_, (record, source, quote))


@check_app.command("order")
def check_order(
    ctx: typer.Context,
    a: AnchorArg,
    b: OtherArg,
    before: Annotated[bool, typer.Option("--before", help="A ends before B begins.")] = False,
    after: Annotated[bool, typer.Option("--after", help="A begins after B ends.")] = False,
    during: Annotated[bool, typer.Option("--during", help="A lies within B.")] = False,
    overlaps: Annotated[bool, typer.Option("--overlaps", help="A and B share a day.")] = False,
    same_day: Annotated[bool, typer.Option("--same-day", help="Both on one day.")] = False,
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    record: RecordOpt = False,
    source: ClaimSourceOpt = None,
    quote: QuoteOpt = None,
    date_order: options.DateOrderOpt = None,
) -> None:
    """ "A before B" (or after, during, overlaps, the same day), from the bounds of both.

    \b
    Example:
      timeline check order '#1' '#11' --before
    """
    asked = [name for name, given in (("before", before), ("after", after), ("during", during),
             ("overlaps", overlaps), ("same-day", same_day)) if given]  # fmt: skip
    if len(asked) != 1:
        raise UsageError("give exactly one of --before, --after, --during, --overlaps, --same-day")
    with timeline_of(ctx, order=date_order) as tl:
        found = tl.check.order(a, b, relation=asked[0], as_of=as_of)
        args = {"kind": "order", "claim": asked[0], "a": a, "b": b, "as_of": as_of}
        _answer(tl, found, args, json_, (record, source, quote))


@command("relate")
def relate_cmd(
    ctx: typer.Context,
    a: AnchorArg,
    b: OtherArg,
    as_of: options.AsOfOpt = None,
    json_: options.JsonOpt = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """All thirteen of Allen's relations of A to B, each yes, no or cannot tell.

    The relations that can hold are shown in bold on a terminal.

    \b
    Example:
      timeline relate '#11' '#17'
    """
    from timeline.render import claims as r

    with timeline_of(ctx, order=date_order) as tl:
        found = tl.check.relate(a, b, as_of=as_of)
    if json_:
        import json

        print_data(json.dumps(dict(found.relations), ensure_ascii=False))
        return
    sys.stdout.write("".join(line + "\n" for line in r.relation_lines(found, color_allowed())))


ClaimsFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="|".join(offered("claims")), help="Output format."),
]


@command("claims")
def claims_cmd(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar="KIND", help="gap, duration, count, first or order (repeatable)."
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="TEXT", help="Claims whose source has TEXT.")
    ] = None,
    verdict: Annotated[
        str | None,
        typer.Option("--verdict", metavar="V", help="holds, contradicted or cannot-tell (now)."),
    ] = None,
    fmt: ClaimsFormatOpt = None,
    json_: options.JsonOpt = False,
    delete: Annotated[
        int | None, typer.Option("--delete", metavar="ID", help="Delete stored claim ID.")
    ] = None,
) -> None:
    """The fact-check sheet: every stored claim checked again against the chronology now.

    A line notes each claim whose verdict changed since it was recorded. Exits 0 whatever the
    verdicts (the codes 0/1/4 belong to `timeline check`).

    \b
    Examples:
      timeline claims
      timeline claims --verdict contradicted -f markdown
    """
    from timeline.render.formats import writer

    chosen = choose_format("claims", fmt, json_)
    with timeline_of(ctx) as tl:
        if delete is not None:
            gone = tl.claims.delete(delete)
            print(f"deleted claim #{gone.id}")
            return
        rows = tl.claims.rechecked()
    wanted = verdict.replace("-", " ") if verdict else None
    rows = [
        (claim, check) for claim, check in rows
        if (not kind or claim.kind in kind)
        and (source is None or source.lower() in (claim.source or "").lower())
        and (wanted is None or check.verdict == wanted)
    ]  # fmt: skip
    if not rows:
        sys.stderr.write("no stored claims match\n")
        if chosen in VIEWS:
            return
    writer("claims", chosen)(rows, data_out(chosen), output_options())
