"""`timeline quiet`: who has been quiet longest, as plain lines, a rich table, JSON, CSV or
Markdown.

Decisions encoded here:
- One row per group (`group` null for the whole selection): its last event (the latest end,
  which decides the least time since), the event that decides the most when it differs, and
  the time since on the day asked (`as_of`) as days and calendar forms, one figure when exact.
- A group whose events reach the day asked has been quiet for `0 days`.
- The JSON row: `group`, `last`, `last_max` (each `{"id", "title", "when"}`), `since_min`,
  `since_max` (the days quiet began at the latest / at the earliest), `min_days`, `max_days`,
  `min_calendar`, `max_calendar`, `as_of`; the list is one line.
- User text is inert everywhere; CSV cells carry the formula guard; Markdown cells are escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from timeline.csvcell import guard
from timeline.dates.durations import calendar_form
from timeline.model.results import EventRef, Quiet
from timeline.render.safe import md_escape
from timeline.render.viewkit import inert

HEADERS = ("group", "last event", "quiet for", "calendar")


def _side(ref: EventRef) -> dict[str, object]:
    return {"id": ref.id, "title": ref.title, "when": ref.when}


def _calendars(q: Quiet) -> tuple[str, str]:
    low = calendar_form(min(q.cover, q.as_of), q.as_of)
    return low, calendar_form(min(q.max_from, q.as_of), q.as_of)


def quiet_json(q: Quiet) -> dict[str, object]:
    low, high = _calendars(q)
    return {
        "group": q.group,
        "last": _side(q.last),
        "last_max": _side(q.last_max),
        "since_min": min(q.cover, q.as_of).isoformat(),
        "since_max": min(q.max_from, q.as_of).isoformat(),
        "min_days": q.min_days,
        "max_days": q.max_days,
        "min_calendar": low,
        "max_calendar": high,
        "as_of": q.as_of.isoformat(),
    }


def render_json(found: Sequence[Quiet]) -> Iterator[str]:
    yield json.dumps([quiet_json(q) for q in found], ensure_ascii=False)


def _label(q: Quiet) -> str:
    label = f"#{q.last.id} {inert(q.last.title)} ({inert(q.last.when)})"
    if q.last_max.id != q.last.id and q.max_days != q.min_days:
        label += f"; at most since #{q.last_max.id} ({inert(q.last_max.when)})"
    return label


def _range(low: str, high: str) -> str:
    return low if low == high else f"{low} to {high}"


def cells(q: Quiet) -> tuple[str, str, str, str]:
    low, high = _calendars(q)
    group = inert(q.group) if q.group is not None else "all events"
    return group, _label(q), f"{_range(str(q.min_days), str(q.max_days))} days", _range(low, high)


def render_plain(found: Sequence[Quiet]) -> Iterator[str]:
    """`group: quiet for 245 to 395 days (8 months … to 1 year …) since #11 … (late 2023)`."""
    for q in found:
        group, last, days, calendar = cells(q)
        yield f"{group}: quiet for {days} ({calendar}) since {last}"


def render_csv(found: Sequence[Quiet]) -> Iterator[str]:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = ["group", "last_id", "last_title", "last_when", "last_max_id", "since_min"]
    writer.writerow([*head, "since_max", "min_days", "max_days", "min_calendar", "max_calendar"])
    for q in found:
        doc = quiet_json(q)
        row = [q.group or "", q.last.id, q.last.title, q.last.when, q.last_max.id]
        row += [doc[k] for k in ("since_min", "since_max", "min_days", "max_days")]
        row += [doc["min_calendar"], doc["max_calendar"]]
        writer.writerow([guard(inert(str(c))) for c in row])
    yield buf.getvalue().rstrip("\n")


def render_markdown(found: Sequence[Quiet]) -> Iterator[str]:
    yield "| " + " | ".join(HEADERS) + " |"
    yield "|" + "---|" * len(HEADERS)
    for q in found:
        yield "| " + " | ".join(md_escape(c) for c in cells(q)) + " |"


def rich_table(found: Sequence[Quiet]) -> object:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for name in HEADERS:
        table.add_column(name, justify="right" if name == "quiet for" else "left")
    for q in found:
        table.add_row(*(Text(c) for c in cells(q)))
    return table
