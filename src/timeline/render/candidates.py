"""The candidates of `timeline extract`, written so that `timeline import` reads them as they are.

Decisions encoded here:
- CSV: the import columns (`CSV_COLUMNS`), then the resolved date (`earliest`, `latest`,
  `edtf`, as the CSV export writes them) and `offset`, `background` (`CANDIDATE_COLUMNS`), which
  import reads past; cells take the CSV export's formula guard, which import removes.
- JSON Lines (and JSON, a list): each candidate as an import record, its source cited with the
  sentence and the date (`sources`), plus its bounds (`start`, `end`, `ongoing`, which import
  recomputes) and `offset`, `background`.
- The table (a terminal) shows where each date stands, how it reads and the title; piped, it is
  one plain line per candidate. Every text is inert.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from timeline.csvcell import guard
from timeline.model import CSV_BOUNDS, CSV_COLUMNS, Event
from timeline.model.results import CANDIDATE_COLUMNS, Candidate
from timeline.render.safe import as_text, inert

COLUMNS = (*CSV_COLUMNS, *CSV_BOUNDS, *CANDIDATE_COLUMNS)
"""The CSV columns of the candidates, in order."""


def as_event(c: Candidate) -> Event:
    """The event a candidate would be (id 0), for what is shown of its date."""
    return Event(id=0, title=c.title, when=c.when, start=c.start, end=c.end, ongoing=c.ongoing,
                 as_of=c.published, actors=c.actors, source=c.source, quote=c.quote,
                 notes=c.note)  # fmt: skip


def _bounds(c: Candidate) -> tuple[str, str, str]:
    from timeline.render.edtf import event_edtf

    end = c.end or c.start
    first = "" if c.start.open_earliest else c.earliest.isoformat()
    last = "" if end.open_latest else c.latest.isoformat()
    return first, last, event_edtf(as_event(c))


def write_csv(found: Sequence[Candidate], out: TextIO) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in found:
        record = c.record()
        cells = {
            "title": c.title, "when": c.when, "actors": ";".join(c.actors),
            "source": c.source or "", "quote": c.quote, "notes": c.note or "",
            "as_of": str(record["as_of"]),
        }  # fmt: skip
        first, last, edtf = _bounds(c)
        cells |= {"earliest": first, "latest": last, "edtf": edtf, "offset": str(c.offset),
                  "background": "true" if c.background else "false"}  # fmt: skip
        writer.writerow([guard(cells.get(column, "")) for column in COLUMNS])


def candidate_json(c: Candidate) -> dict[str, object]:
    """One candidate as a JSON object that `timeline import` reads."""
    record = c.record()
    sources = record.pop("citations")
    return {
        "title": c.title,
        "when": c.when,
        "start": c.start.to_json(),
        "end": c.end.to_json() if c.end else None,
        "ongoing": c.ongoing,
        "actors": list(c.actors),
        "source": c.source,
        "quote": c.quote,
        "sources": sources,
        "notes": c.note,
        "as_of": record["as_of"],
        "offset": c.offset,
        "background": c.background,
    }


def write_jsonl(found: Sequence[Candidate], out: TextIO) -> None:
    for c in found:
        out.write(json.dumps(candidate_json(c), ensure_ascii=False) + "\n")


def write_json(found: Sequence[Candidate], out: TextIO) -> None:
    out.write(json.dumps([candidate_json(c) for c in found], ensure_ascii=False, indent=1) + "\n")


def write_table(found: Sequence[Candidate], out: TextIO, *, terminal: bool, color: bool) -> None:
    from timeline.render.viewkit import bounds_label

    if not terminal:
        for c in found:
            days = bounds_label(as_event(c), "..")
            mark = "  (background)" if c.background else ""
            out.write(f"{c.offset:>7}  {days:<23}  {inert(c.title)}  ({inert(c.when)}){mark}\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold" if color else "")
    for name in ("At", "Dates", "When", "Title", "Actors"):
        table.add_column(name, overflow="fold", no_wrap=name in ("At", "Dates"))
    for c in found:
        table.add_row(
            as_text(str(c.offset)),
            as_text(bounds_label(as_event(c), "..")),
            as_text(c.when + (" (background)" if c.background else "")),
            as_text(c.title),
            as_text(", ".join(c.actors)),
        )
    Console(file=out, no_color=not color, highlight=False).print(table)
