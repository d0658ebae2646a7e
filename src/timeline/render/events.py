"""List output for events, one function per format, in an explicit registry.

Every renderer takes the events as an iterable (streamed: nothing is held whole) and a text
stream. Decisions encoded here:
- `plain` (the table when piped) is one fixed-width line per event, written with f-strings:
  id, widest bounds with the qualifier marker, title, the date as typed, actors.
- `json` is a list of JSON events (`Event.to_json`, key order fixed), `jsonl` one per line; both
  keep the text exactly (JSON escapes control characters).
- `csv` writes the import columns, so its output can be imported again; a cell starting with
  `=`, `+`, `-`, `@`, tab, carriage return or `'` gets a leading `'` (the formula guard of
  `timeline.csvcell`, which the importer removes exactly). Other text is kept exactly. Python's
  writer quotes a cell holding a line feed but not one holding a bare carriage return, which a
  reader then takes for the end of the row, so a row with a carriage return anywhere is
  written with every cell quoted.
- `markdown` is a table whose cells are inert (controls removed) and Markdown-escaped by
  `render.safe.md_escape` (`|`, links, emphasis, code and HTML all inert).
- `table` on a terminal is a rich table (see `render.event_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter
from typing import TextIO

from timeline.csvcell import guard
from timeline.dates.described import marker
from timeline.model import CSV_COLUMNS, TYPED_FIELDS, Event
from timeline.render.safe import inert, md_escape
from timeline.render.viewkit import bounds_label


def bounds(event: Event) -> str:
    """`2023-09-01..2023-12-31` (one day shown once) with the start's qualifier marker."""
    return bounds_label(event, "..") + marker(event.start)


def plain(events: Iterable[Event], out: TextIO) -> None:
    for e in events:
        who = f"  [{inert(', '.join(e.actors))}]" if e.actors else ""
        out.write(
            f"{'#' + str(e.id):>6}  {bounds(e):<23}  {inert(e.title)}  ({inert(e.when)}){who}\n"
        )


def to_json(events: Iterable[Event], out: TextIO) -> None:
    import json  # json and csv load only for the formats that need them, not for the table

    out.write("[")
    sep = "\n"
    for e in events:
        out.write(sep + json.dumps(e.to_json(), ensure_ascii=False))
        sep = ",\n"
    out.write("\n]\n" if sep != "\n" else "]\n")


def to_jsonl(events: Iterable[Event], out: TextIO) -> None:
    import json

    for e in events:
        out.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")


_CSV_VALUES = attrgetter(*(s.name for s in TYPED_FIELDS if s.csv))


def csv_cell(value: object) -> str:
    """A field's value as a CSV cell (names joined with `;`), before the formula guard."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def csv_row(e: Event) -> list[str]:
    return [guard(csv_cell(v)) for v in _CSV_VALUES(e)]


def to_csv(events: Iterable[Event], out: TextIO) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        row = csv_row(e)
        (quoted if "\r" in "".join(row) else writer).writerow(row)


def to_markdown(events: Iterable[Event], out: TextIO) -> None:
    out.write("| # | When | Earliest | Latest | Title | Actors | Tags |\n")
    out.write("|---:|---|---|---|---|---|---|\n")
    for e in events:
        cells = [
            str(e.id),
            md_escape(e.when),
            "…" if e.start.open_earliest else e.earliest.isoformat(),
            "?" if (e.end or e.start).open_latest else e.latest.isoformat(),
            md_escape(e.title),
            md_escape(", ".join(e.actors)),
            md_escape(", ".join(e.tags)),
        ]
        out.write("| " + " | ".join(cells) + " |\n")


Renderer = Callable[[Iterable[Event], TextIO], None]

RENDERERS: dict[str, Renderer] = {
    "table": plain,  # the CLI uses `render.event_table.rich_table` on a terminal
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "markdown": to_markdown,
}
