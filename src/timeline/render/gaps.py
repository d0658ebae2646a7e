"""Gaps as a table, JSON, CSV or Markdown, and a `between` answer as text or JSON.

Decisions encoded here:
- The JSON gap is a stable interface, key order included: `from`, `to` (each `{"id", "title",
  "when"}` or null: the events that decide the certain bounds), `from_max`, `to_max` (the
  events that decide the longest bounds, often the same), `min_days`, `max_days`,
  `min_calendar`, `max_calendar`, `open`, `group`; the list is encoded in one call (the C
  encoder) and printed on one line. An open earliest before a gap leaves its longest bound
  unknown: `max_days` and `max_calendar` are null then, and the text says "or more".
- Where the longest bound is decided by another event than the certain one, the text names both
  (`#12 … (December 2023); longest from #21 … (2023-12-27)`), so every figure can be checked
  by hand from the ids shown.
- Days and calendar forms show one figure when the minimum equals the maximum, else
  `245 to 395` and `8 months 1 day to 1 year 29 days`.
- A missing side is named by its day: `since 2023-01-01` (the `--since` gap), `as of 2024-10-15`
  (the open gap).
- With `--min`, the table, CSV and Markdown add a `certainty` column (`certain` or `possible`);
  the JSON keeps its fixed shape.
- User text is inert everywhere (`viewkit.inert`); CSV cells get the formula guard of
  `timeline.csvcell`; Markdown cells go through `render.safe.md_escape`.
- Plain text lines when stdout is not a terminal; a rich table (user text as `Text`) when it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date

from timeline.csvcell import guard
from timeline.dates import calendar_form
from timeline.gaps import Span
from timeline.model.results import EventRef, Gap
from timeline.render.safe import md_escape
from timeline.render.viewkit import inert

FORMATS = ("table", "json", "csv", "markdown")
HEADERS = ("group", "from", "to", "days", "calendar")


def _side(ref: EventRef | None) -> dict[str, object] | None:
    if ref is None:
        return None
    return {"id": ref.id, "title": ref.title, "when": ref.when}


def unbounded(g: Gap) -> bool:
    """Whether the longest bound is unknown (an open earliest before it, an open latest after)."""
    return g.max_from == date.min or g.max_to == date.max


def _calendars(g: Gap) -> tuple[str, str]:
    """(min_calendar, max_calendar), computed once when the bounds are the same days."""
    low = calendar_form(g.min_from, g.min_to)
    if (g.min_from, g.min_to) == (g.max_from, g.max_to):
        return low, low
    return low, "" if unbounded(g) else calendar_form(g.max_from, g.max_to)


def gap_json(g: Gap) -> dict[str, object]:
    """One gap in the stable JSON shape."""
    low, high = _calendars(g)
    return {
        "from": _side(g.before),
        "to": _side(g.after),
        "from_max": _side(g.before_max),
        "to_max": _side(g.after_max),
        "min_days": g.min_days,
        "max_days": None if unbounded(g) else g.max_days,
        "min_calendar": low,
        "max_calendar": high or None,
        "open": g.open,
        "group": g.group,
    }


def render_json(gaps: Sequence[Gap]) -> Iterator[str]:
    """The JSON list, encoded in one call (the C encoder), as a single line."""
    yield json.dumps([gap_json(g) for g in gaps], ensure_ascii=False)


def _label(ref: EventRef | None, day_label: str, longest: EventRef | None = None) -> str:
    if ref is None:
        return day_label
    label = f"#{ref.id} {inert(ref.title)} ({inert(ref.when)})"
    if longest is not None and longest.id != ref.id:
        label += f"; longest from #{longest.id} {inert(longest.title)} ({inert(longest.when)})"
    return label


def _range_label(low: str, high: str) -> str:
    if not high:
        return f"{low} or more"
    return low if low == high else f"{low} to {high}"


def _since_label(g: Gap) -> str:
    days = _range_label(g.max_from.isoformat(), g.min_from.isoformat())
    return f"since {days}"


def cells(g: Gap) -> tuple[str, str, str, str, str]:
    """(group, from, to, days, calendar) as plain, inert strings."""
    low, high = _calendars(g)
    most = "" if unbounded(g) else str(g.max_days)
    return (
        inert(g.group),
        _label(g.before, _since_label(g), g.before_max),
        _label(g.after, f"as of {g.min_to.isoformat()}", g.after_max),
        _range_label(str(g.min_days), most),
        _range_label(low, high),
    )


def _rows(gaps: Sequence[Gap], marks: Sequence[bool] | None) -> Iterator[list[str]]:
    for i, g in enumerate(gaps):
        row = list(cells(g))
        if marks is not None:
            row.append("certain" if marks[i] else "possible")
        yield row


def _headers(marks: Sequence[bool] | None) -> list[str]:
    return [*HEADERS, "certainty"] if marks is not None else list(HEADERS)


def _keep(gaps: Sequence[Gap]) -> slice:
    """Drop the group column when nothing is grouped."""
    return slice(0, None) if any(g.group is not None for g in gaps) else slice(1, None)


def render_plain(gaps: Sequence[Gap], marks: Sequence[bool] | None = None) -> Iterator[str]:
    """Tab-free plain lines for pipes: `from → to: days (calendar)`; none when there are none."""
    for row in _rows(gaps, marks):
        group, before, after, days, calendar = row[:5]
        line = f"{before} → {after}: {days} days ({calendar})"
        if len(row) > 5:
            line += f" [{row[5]}]"
        yield f"[{group}] {line}" if group else line


def render_csv(gaps: Sequence[Gap], marks: Sequence[bool] | None = None) -> Iterator[str]:
    """CSV with one column per JSON field (plus `certainty` with --min)."""
    import csv
    import io

    head = ["group", "from_id", "from_title", "from_when", "to_id", "to_title", "to_when"]
    head += ["min_days", "max_days", "min_calendar", "max_calendar", "open"]
    head += ["from_max_id", "to_max_id"]
    head += ["certainty"] if marks is not None else []
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(head)
    for i, g in enumerate(gaps):
        writer.writerow([guard(str(c)) for c in _csv_row(g, marks, i)])
    yield buf.getvalue().rstrip("\n")


def _csv_row(g: Gap, marks: Sequence[bool] | None, i: int) -> list[object]:
    row: list[object] = [inert(g.group)]
    for ref in (g.before, g.after):
        row += [ref.id, inert(ref.title), inert(ref.when)] if ref else ["", "", ""]
    row += [g.min_days, "" if unbounded(g) else g.max_days, *_calendars(g), str(g.open).lower()]
    row += [ref.id if ref else "" for ref in (g.before_max, g.after_max)]
    if marks is not None:
        row.append("certain" if marks[i] else "possible")
    return row


def render_markdown(gaps: Sequence[Gap], marks: Sequence[bool] | None = None) -> Iterator[str]:
    """A GitHub-flavoured Markdown table."""
    keep = _keep(gaps)
    head = _headers(marks)[keep]
    yield "| " + " | ".join(head) + " |"
    yield "|" + "---|" * len(head)
    for row in _rows(gaps, marks):
        yield "| " + " | ".join(md_escape(c) for c in row[keep]) + " |"


def rich_table(gaps: Sequence[Gap], marks: Sequence[bool] | None = None) -> object:
    """A rich `Table` for a terminal; user text goes in as `Text`, never markup."""
    from rich.table import Table
    from rich.text import Text

    keep = _keep(gaps)
    table = Table(show_lines=False)
    for name in _headers(marks)[keep]:
        table.add_column(name, justify="right" if name == "days" else "left")
    for row in _rows(gaps, marks):
        table.add_row(*(Text(c) for c in row[keep]))
    return table


def between_lines(a_label: str, b_label: str, s: Span) -> Iterator[str]:
    """`between` as plain lines: both ends with their days, then the duration."""
    from timeline.gaps import describe

    yield f"from: {inert(a_label)} ({_days(s.max_from, s.min_from)})"
    yield f"to:   {inert(b_label)} ({_days(s.min_to, s.max_to)})"
    yield describe(s)
    if s.min_days < 0:
        yield "B may come before A" if s.max_days >= 0 else "B comes before A"


def _days(first: date, last: date) -> str:
    """`2023-12-01 to 2023-12-31` with an open side shown `…` (earliest) or `?` (latest)."""
    low = "…" if first == date.min else first.isoformat()
    high = "?" if last == date.max else last.isoformat()
    return low if low == high else f"{low} to {high}"


def between_json(s: Span) -> dict[str, object]:
    """`between --json`: the four fixed keys (the longest ones null when there is none)."""
    return {
        "min_days": s.min_days,
        "max_days": None if s.unbounded else s.max_days,
        "min_calendar": calendar_form(s.min_from, s.min_to),
        "max_calendar": None if s.unbounded else calendar_form(s.max_from, s.max_to),
    }
