"""The body of `timeline gaps`, and the helpers `between` shares with it; no typer here.

The typer command in `gaps_cmds` declares the options and calls `gaps` with them; the quick path
(`quick`) calls the same function with the same arguments parsed without typer. Decisions
encoded here:
- The reference day (the end of an ongoing event, relative dates, the open gap) is `--as-of`,
  else today; the open gap ("nothing since …") is added only when `--as-of` is given.
- Every gap is listed unless `--top N`; `--min D` filters before `--top` ranks; only the gaps
  shown are named (their events' titles and date texts looked up by id).
- "no gaps" is talk, not data: it goes to stderr and stdout stays empty.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from timeline.cli import common as c
from timeline.errors import UsageError

if TYPE_CHECKING:
    from timeline.dates.types import Duration
    from timeline.model import Filters, Gap
    from timeline.store import Store


def print_lines(lines: Iterable[str]) -> None:
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


def duration(text: str | None, option: str) -> Duration | None:
    if text is None:
        return None
    from timeline.dates import parse_duration

    d = parse_duration(text)
    if d.years < 0 or d.months < 0 or d.days < 0:
        raise UsageError(f"{option} {text!r} is negative")
    return d


def day_bounds(text: str, reference: date, order: str | None) -> tuple[date, date]:
    from timeline.dates import parse_when

    when = parse_when(text, today=reference, date_order=c.date_order(order))
    return when.earliest, when.latest


def _show_gaps(gaps: Sequence[Gap], fmt: str, marks: Sequence[bool] | None) -> None:
    from timeline.render import gaps as r

    if fmt == "json":
        print_lines(r.render_json(gaps))
    elif fmt == "csv":
        print_lines(r.render_csv(gaps, marks))
    elif fmt == "markdown":
        print_lines(r.render_markdown(gaps, marks))
    elif not gaps:
        sys.stderr.write("no gaps\n")  # talk, not data: stdout stays empty
    elif c.stdout_is_terminal():
        from rich.console import Console

        plain = not c.color_allowed()
        Console(color_system=None if plain else "auto").print(r.rich_table(gaps, marks))
    else:
        print_lines(r.render_plain(gaps, marks))


def _check_format(fmt: str, json_: bool) -> str:
    from timeline.render.gaps import FORMATS

    if json_ and fmt not in ("table", "json"):
        raise UsageError(f"--json and --format {fmt!r} disagree; give one of them")
    fmt = "json" if json_ else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


def gaps(
    *,
    from_: str | None = None,
    to: str | None = None,
    strictly: bool = False,
    actor: list[str] | None = None,
    tag: list[str] | None = None,
    category: list[str] | None = None,
    search: str | None = None,
    precision: list[str] | None = None,
    source: str | None = None,
    min_: str | None = None,
    top: int | None = None,
    by: str | None = None,
    as_of: str | None = None,
    since: str | None = None,
    fmt: str = "table",
    json_: bool = False,
    date_order: str | None = None,
) -> None:
    """`timeline gaps`: the quiet periods of the selected events, longest first."""
    from timeline.store.spans import check_grouping

    fmt = _check_format(fmt, json_)
    check_grouping(by)
    reference = c.reference_day(as_of, date_order)
    filters = c.build_filters(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, order_option=date_order,
        reference=reference,
    )  # fmt: skip
    threshold = duration(min_, "--min")
    since_bounds = day_bounds(since, reference, date_order) if since else None
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
    from timeline.store.spans import iter_spans

    as_of = reference if open_gap else None
    store = open_for_read()
    try:
        with store.snapshot():  # the names are read in the same snapshot as the sweep
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
            return _named(store, ranked), marks
    finally:
        store.close()


def _named(store: Store, gaps: list[Gap]) -> list[Gap]:
    """`gaps` with their events' names, looked up a few hundred gaps at a time so that a long
    list never holds every name at once; replaced in place and returned."""
    from timeline.gaps import with_names
    from timeline.store.spans import NAME_BATCH, gap_names

    step = NAME_BATCH // 2  # two events per gap: one lookup per step
    for start in range(0, len(gaps), step):
        part = gaps[start : start + step]
        gaps[start : start + step] = with_names(part, gap_names(store, part))
    return gaps
