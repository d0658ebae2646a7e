"""Checked claims as text and JSON, Allen's relations as lines, and the fact-check sheet of the
stored claims as a table, JSON, CSV or Markdown.

Decisions encoded here:
- A check prints the claim, how it was read (its interval, in days and in calendar form counted
  from the day the true range is measured from), the true range (likewise), the events and
  dates that decide it by id, the verdict, and for a contradicted claim the anchors with which
  it would hold.
- The JSON check: `kind`, `claim`, `read_as` (`lo`, `hi` — null when unbounded — `unit`,
  `hedge`), `true` (`min`, `max`), `verdict`, `deciding` (`role`, `id`, `title`, `when`),
  `would_hold` (`label`, `id`, `min_days`, `max_days`), `relations` (name → yes / no /
  cannot tell); one line.
- The sheet: one row per stored claim with its source, the verdict recorded, the verdict now and
  whether it changed, the true range and the deciding ids; a note line for each change.
- User text is inert; CSV cells carry the formula guard; Markdown cells are escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from timeline.claims import Check, Claim, Decider
from timeline.csvcell import guard
from timeline.dates.durations import calendar_form
from timeline.render.safe import inert, md_escape

Row = tuple[Claim, Check]


def _days(n: int | None) -> str:
    return "no upper bound" if n is None else str(n)


def _range(low: int | None, high: int | None, unit: str) -> str:
    if low is None:
        return ""
    if unit == "events" and low == high == 1:
        unit = "event"
    if high is None:
        return f"{low} {unit} or more"
    return f"{low} {unit}" if low == high else f"{low} to {high} {unit}"


def _calendar(start: date | None, low: int | None, high: int | None) -> str:
    if start is None or low is None:
        return ""
    try:
        first = calendar_form(start, start + timedelta(days=low))
        if high is None:
            return f" ({first} or more)"
        last = calendar_form(start, start + timedelta(days=high))
    except OverflowError:
        return ""
    return f" ({first})" if low == high else f" ({first} to {last})"


def decider(d: Decider) -> str:
    if d.id is None:
        return inert(d.when)
    return f"#{d.id} {inert(d.title)} ({inert(d.when)})"


def check_lines(check: Check) -> Iterator[str]:
    """The answer to one check, as lines."""
    start = check.span[2] if check.span else None
    yield f"claim:   {inert(check.claim)}"
    if check.claimed is not None:
        c = check.claimed
        unit = "days" if check.unit == "days" else check.unit
        read = _range(c.lo, c.hi, unit) + (_calendar(start, c.lo, c.hi) if unit == "days" else "")
        yield f"read as: {read}"
    if check.true_min is not None:
        calendar = _calendar(start, check.true_min, check.true_max) if check.unit == "days" else ""
        yield f"true:    {_range(check.true_min, check.true_max, check.unit)}{calendar}"
    for name, answer in check.relations:
        yield f"{name}: {answer}"
    if check.deciding:
        yield "decided by: " + "; ".join(
            f"{d.role} {decider(d)}" if d.role else decider(d) for d in check.deciding
        )
    yield f"verdict: {check.verdict}"
    for s in check.would_hold:
        days = _range(s.min_days, s.max_days, "days") + _calendar(s.start, s.min_days, s.max_days)
        yield f"would hold after {inert(s.label)}: {days}"


def check_json(check: Check) -> dict[str, object]:
    c = check.claimed
    return {
        "kind": check.kind,
        "claim": check.claim,
        "read_as": None
        if c is None
        else {"lo": c.lo, "hi": c.hi, "unit": check.unit, "hedge": c.hedge or None},
        "true": {"min": check.true_min, "max": check.true_max},
        "verdict": check.verdict,
        "deciding": [d._asdict() for d in check.deciding],
        "would_hold": [
            {k: v for k, v in s._asdict().items() if k != "start"} for s in check.would_hold
        ],
        "relations": dict(check.relations),
    }


def relation_lines(check: Check, color: bool) -> Iterator[str]:
    """`before: yes`, one line per relation; on a terminal the ones that can hold in bold."""
    for name, answer in check.relations:
        line = f"{name}: {answer}"
        yield f"\x1b[1m{line}\x1b[0m" if color and answer != "no" else line


# -- the fact-check sheet ------------------------------------------------------------------

HEADERS = ("#", "claim", "source", "recorded", "now", "true", "decided by")


def sheet_cells(claim: Claim, check: Check) -> tuple[str, ...]:
    now = check.verdict + (" (changed)" if check.verdict != claim.recorded_verdict else "")
    return (
        str(claim.id),
        inert(check.claim),
        inert(claim.source),
        claim.recorded_verdict,
        now,
        _range(check.true_min, check.true_max, check.unit),
        ", ".join(f"#{d.id}" for d in check.deciding if d.id is not None),
    )


def changes(rows: Sequence[Row]) -> Iterator[str]:
    for claim, check in rows:
        if check.verdict != claim.recorded_verdict:
            yield (
                f"claim #{claim.id} was {claim.recorded_verdict} when recorded and is "
                f"{check.verdict} now: {inert(check.claim)}"
            )


def sheet_plain(rows: Sequence[Row]) -> Iterator[str]:
    for claim, check in rows:
        cells = sheet_cells(claim, check)
        yield f"#{cells[0]} {cells[4]}: {cells[1]} [{cells[2] or 'no source'}] true {cells[5]}"
        for s in check.would_hold:
            yield f"    would hold after {inert(s.label)}: {_range(s.min_days, s.max_days, 'days')}"
    yield from changes(rows)


def sheet_json(rows: Sequence[Row]) -> Iterator[str]:
    doc = [
        {
            "id": claim.id,
            "source": claim.source,
            "quote": claim.quote,
            "recorded_verdict": claim.recorded_verdict,
            "changed": check.verdict != claim.recorded_verdict,
            **check_json(check),
        }
        for claim, check in rows
    ]
    yield json.dumps(doc, ensure_ascii=False)


def sheet_csv(rows: Sequence[Row]) -> Iterator[str]:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "kind", "claim", "source", "quote", "recorded_verdict", "verdict",
                     "changed", "true_min", "true_max", "deciding_ids"])  # fmt: skip
    for claim, check in rows:
        writer.writerow([guard(inert(str(v))) for v in (
            claim.id, check.kind, check.claim, claim.source or "", claim.quote or "",
            claim.recorded_verdict, check.verdict,
            str(check.verdict != claim.recorded_verdict).lower(),
            "" if check.true_min is None else check.true_min,
            "" if check.true_max is None else check.true_max,
            " ".join(str(d.id) for d in check.deciding if d.id is not None),
        )])  # fmt: skip
    yield buf.getvalue().rstrip("\n")


def sheet_markdown(rows: Sequence[Row]) -> Iterator[str]:
    yield "| " + " | ".join(HEADERS) + " |"
    yield "|" + "---|" * len(HEADERS)
    for claim, check in rows:
        yield "| " + " | ".join(md_escape(c) for c in sheet_cells(claim, check)) + " |"


def sheet_table(rows: Sequence[Row]) -> object:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for name in HEADERS:
        table.add_column(name)
    for claim, check in rows:
        table.add_row(*(Text(c) for c in sheet_cells(claim, check)))
    return table
