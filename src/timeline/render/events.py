"""List output for events, one function per format, in an explicit registry.

Every renderer takes the events as an iterable (streamed: nothing is held whole) and a text
stream. Decisions encoded here:
- `plain` (the table when piped, in `render.viewkit` so that a listing loads none of the writers
  below) is one fixed-width line per event: id, widest bounds with the qualifier marker, title,
  the date as typed, actors.
- `json` is a list of JSON events (`Event.to_json`, key order fixed), `jsonl` one per line; both
  keep the text exactly (JSON escapes control characters). `export --claims` adds the
  stored claims after the events, each as `{"claim": {...}}`, and `--sources` the source
  records, each as `{"source": {...}}`.
- `csv` writes `id` and `uuid` first, then the import columns, so its output can be imported
  again, then the resolved date (`earliest`, `latest`, `edtf`:
  `timeline.model.CSV_EXPORT_COLUMNS`), which import ignores, then for each role date the
  selection has, `date:ROLE`, `date:ROLE:end`, `date:ROLE:source` (none without role dates). A
  cell starting with `=`, `+`, `-`, `@`, tab, carriage return or `'` gets a leading `'` (the
  formula guard of `timeline.csvcell`, which the importer removes exactly); a plain number such
  as `-5` is not a formula. Other text is kept exactly, with one exception: an all-numeric day
  that needs a date order (`03/09/2024`, imported with `--date-order DMY`) is written in ISO
  form (`2024-09-03`), so the file reads the same without the option; the rest of the text stays
  as typed. Python's writer quotes a cell holding a line feed but not one holding a bare
  carriage return, which a reader then takes for the end of the row, so a row with a carriage
  return anywhere is written with every cell quoted. `bom=True` starts the file with a UTF-8
  byte order mark, which Excel needs to read UTF-8.
- `json` and `jsonl` write each `edtf` in the form other EDTF readers take
  (`render.edtf.portable`); the rest of the JSON event is `Event.to_json`.
- `markdown` is a table whose cells are inert (controls shown as escapes) and Markdown-escaped by
  `render.safe.md_escape` (`|`, links, emphasis, code and HTML all inert).
- `table` on a terminal is a rich table (see `render.event_table`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any, TextIO

from timeline.csvcell import GUARDED, guard
from timeline.dates.types import FuzzyDate
from timeline.model import CSV_EXPORT_COLUMNS, TYPED_FIELDS, Event
from timeline.render.edtf import portable, span_edtf
from timeline.render.safe import md_escape
from timeline.render.viewkit import bounds as bounds  # re-exported: `plain`'s bounds
from timeline.render.viewkit import plain


def fuzzy_json(value: FuzzyDate) -> dict[str, object]:
    """A date's JSON shape as an export writes it: its `edtf` as other EDTF readers take it."""
    doc = value.to_json()
    doc["edtf"] = portable(value)
    return doc


def json_event(e: Event) -> dict[str, object]:
    """The JSON event, each `edtf` as other EDTF readers take it."""
    doc = e.to_json()
    for key, value in (("start", e.start), ("end", e.end)):
        if value is not None and isinstance(doc.get(key), dict):
            doc[key] = fuzzy_json(value)
    return doc


def to_json(events: Iterable[Event], out: TextIO, extra: Iterable[object] = ()) -> None:
    """A JSON list of JSON events, then any `extra` objects (an export's stored claims and
    source records)."""
    write_json_texts(_json_texts(events, extra), out, "json")


def to_jsonl(events: Iterable[Event], out: TextIO, extra: Iterable[object] = ()) -> None:
    write_json_texts(_json_texts(events, extra), out, "jsonl")


def _json_texts(events: Iterable[Event], extra: Iterable[object]) -> Iterator[str]:
    import json  # json and csv load only for the formats that need them, not for the table

    encode = json.JSONEncoder(ensure_ascii=False).encode  # `json.dumps`, built once
    for item in chain((json_event(e) for e in events), extra):
        yield encode(item)


def write_json_texts(texts: Iterable[str], out: TextIO, fmt: str) -> None:
    """JSON texts laid out as one JSON list (`fmt` json: an item a line) or as JSON Lines."""
    if fmt == "jsonl":
        for text in texts:
            out.write(text + "\n")
        return
    out.write("[")
    sep = "\n"
    for text in texts:
        out.write(sep + text)
        sep = ",\n"
    out.write("\n]\n" if sep != "\n" else "]\n")


_CSV_FIELDS = tuple(s.name for s in TYPED_FIELDS if s.csv)
_CSV_VALUES = attrgetter(*_CSV_FIELDS)
_DATE_CELLS = tuple(i for i, name in enumerate(_CSV_FIELDS) if name in ("when", "end_when"))


def _text(value: str | None) -> str:
    return value or ""


def _joined(value: tuple[str, ...]) -> str:
    return ";".join(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _number(value: object) -> str:
    return "" if value is None else str(value)


_CELL_OF: dict[str, Callable[[Any], str]] = {"names": _joined, "day": _day, "number": _number}
_CONVERTERS = tuple(_CELL_OF.get(s.kind, _text) for s in TYPED_FIELDS if s.csv)
"""Each CSV field's cell maker, by its kind (a value of no field is `""`, names are joined with
`;`, a day is ISO), chosen once rather than by asking each value its type."""


def csv_row(e: Event) -> list[str]:
    """The cells of one event, in `CSV_EXPORT_COLUMNS` order."""
    cells = [str(e.id), e.uuid or ""]  # CSV_KEYS, then CSV_IDENTITY
    cells += [f(v) for f, v in zip(_CONVERTERS, _CSV_VALUES(e), strict=True)]
    for i in _DATE_CELLS:
        if cells[i + 2]:
            cells[i + 2] = rereadable(cells[i + 2], e)
    cells += date_cells(e.start, e.end, e.ongoing)
    return [guard(c) if c[:1] in GUARDED else c for c in cells]


def date_cells(start: FuzzyDate, end: FuzzyDate | None, ongoing: bool) -> tuple[str, str, str]:
    """The `earliest`, `latest` and `edtf` cells of an event with these dates (an open side
    is empty)."""
    last = end or start
    return (
        "" if start.open_earliest else start.earliest.isoformat(),
        "" if last.open_latest else last.latest.isoformat(),
        span_edtf(start, end, ongoing),
    )


def role_columns(roles: Iterable[str]) -> list[str]:
    """The CSV columns of these roles' dates, after the others: `date:ROLE`, `date:ROLE:end`
    and `date:ROLE:source` for each role, in the order given."""
    return [f"date:{r}{part}" for r in roles for part in ("", ":end", ":source")]


def role_cells(e: Event, roles: Iterable[str]) -> list[str]:
    """An event's cells under `role_columns(roles)` (empty where it has no such date)."""
    cells: list[str] = []
    for role in roles:
        d = e.role_date(role)
        if d is None:
            cells += ["", "", ""]
        else:
            cells += [guard(d.when), guard(d.end_when or ""), guard(d.source or "")]
    return cells


def to_csv(
    events: Iterable[Event], out: TextIO, *, bom: bool = False, roles: Iterable[str] = ()
) -> None:
    """The CSV of `events`; `roles` are the role dates given columns of their own (the roles
    of the events written, found beforehand, since the header comes first)."""
    import csv

    roles = list(roles)
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([*CSV_EXPORT_COLUMNS, *role_columns(roles)])
    for e in events:
        row = csv_row(e)
        if roles:
            row += role_cells(e, roles)
        (quoted if "\r" in "".join(row) else writer).writerow(row)


AMBIGUOUS = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/.])")


def rereadable(text: str, e: Event) -> str:
    """`text` with every all-numeric day that needs a date order (`03/09/2024`) written in ISO
    form, in the order that gives the event's own bounds; `text` itself when it has none or
    when neither order gives them."""
    found = [m for m in AMBIGUOUS.finditer(text) if _two_readings(m)]
    if not found:
        return text
    order = _order_of(e)
    if order is None:
        return text

    def iso(m: re.Match[str]) -> str:
        if not _two_readings(m):
            return m[0]
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        day, month = (a, b) if order == "DMY" else (b, a)
        return f"{year:04d}-{month:02d}-{day:02d}"

    return AMBIGUOUS.sub(iso, text)


def _two_readings(m: re.Match[str]) -> bool:
    a, b = int(m[1]), int(m[3])
    return a != b and 1 <= a <= 12 and 1 <= b <= 12


def _order_of(e: Event) -> str | None:
    """The date order that reads the event's `when` and `end` to its own bounds."""
    from timeline.dates import parse_when
    from timeline.errors import TimelineError

    today = e.as_of or e.sort_day
    wanted = _days(e.start, e.end)
    for order in ("DMY", "MDY"):
        try:
            when = parse_when(e.when, today=today, date_order=order)
            end = when.end
            if e.end_when:
                end = parse_when(e.end_when, today=today, date_order=order).start
        except TimelineError:
            continue
        if _days(when.start, end) == wanted:
            return order
    return None


def _days(start: FuzzyDate, end: FuzzyDate | None) -> tuple[date, ...]:
    last = end or start
    return (start.earliest, start.latest, last.earliest, last.latest)


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
