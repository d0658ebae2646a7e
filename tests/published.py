"""Shared by the publish and Datasette tests: a chronology with every kind of date the view
must carry, and what the tool says each `chronology` row holds."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import timeline
from timeline.model import Event

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2024, 10, 15)
EXTRA: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Plan to buy drones from Iran", {"when": "by March 2024", "actors": ["Iran", "Belarus"]}),
    ("Archive opens its drone files", {"when": "2004-06-01/", "actors": ["Archive"]}),
    ("Belarus trains drone crews", {"when": "since August 2022", "actors": ["Belarus"],
                                    "tags": ["drones", "training"], "source": "Minsk daily"}),
    ("A decade of drone exports", {"when": "the 2020s", "actors": ["Iran"], "category": "trade"}),
    ("Talks about drones, roughly", {"when": "c. 2023", "actors": ["Belarus", "Russia"],
                                     "category": "diplomacy"}),
    ("Drone deal, perhaps", {"when": "2023?", "actors": ["Belarus"], "category": "diplomacy",
                             "citations": ["Minsk daily", "#1"]}),
    ("Three weeks of strikes", {"when": "2024-W36 to 2024-W38", "actors": ["Russia"],
                                "tags": ["drones"], "category": "attack",
                                "source": "Minsk daily"}),
)  # fmt: skip
"""Events added to the bundled chronology: an open earliest, an unknown end, an ongoing span,
a decade, approximate and uncertain dates, two sources and none, a span starting in a week."""


def build(folder: Path) -> Path:
    """A copy of the bundled events.db in `folder`, with `EXTRA` added."""
    db = folder / "events.db"
    shutil.copy(ROOT / "events.db", db)
    with timeline.open(db, today=TODAY) as tl:
        for title, fields in EXTRA:
            tl.add(title, as_of=TODAY, **fields)
    return db


def view_row(e: Event) -> dict[str, Any]:
    """The `chronology` row of `e`, as the tool's own event says it."""
    end = e.end or e.start
    one_year = not e.start.open_earliest and e.start.earliest.year == e.start.latest.year
    one_month = one_year and e.start.earliest.month == e.start.latest.month
    return {
        "id": e.id,
        "title": e.title,
        "when_text": e.when,
        "start": e.sort_day.isoformat(),
        "start_earliest": e.start.earliest.isoformat(),
        "start_latest": e.start.latest.isoformat(),
        "end_earliest": end.earliest.isoformat(),
        "end_latest": end.latest.isoformat(),
        "effective_end": None if end.open_latest else end.latest.isoformat(),
        "ongoing": int(e.ongoing),
        "open_earliest": int(e.start.open_earliest),
        "open_latest": int(end.open_latest),
        "precision": e.start.precision,
        "end_precision": e.end.precision if e.end else None,
        "approximate": int(e.start.approximate),
        "uncertain": int(e.start.uncertain),
        "start_edtf": e.start.edtf,
        "end_edtf": e.end.edtf if e.end else None,
        "start_year": e.start.earliest.year if one_year else None,
        "start_month": e.start.earliest.isoformat()[:7] if one_month else None,
        "category": e.category,
        "actors": list(e.actors),
        "tags": list(e.tags),
        "sources": [c.source for c in e.citations],
        "source_count": len(e.citations),
        "as_of": e.as_of.isoformat() if e.as_of else None,
    }


def decoded(row: dict[str, Any]) -> dict[str, Any]:
    """A `chronology` row with its JSON arrays read."""
    out = dict(row)
    for key in ("actors", "tags", "sources"):
        out[key] = json.loads(out[key])
    return out


def review_reasons(e: Event) -> list[str]:
    """Why the `needs_review` query lists `e` (empty: it does not)."""
    end = e.end or e.start
    reasons = []
    if e.start.approximate or (e.end is not None and end.approximate):
        reasons.append("approximate")
    if e.start.uncertain or (e.end is not None and end.uncertain):
        reasons.append("uncertain")
    if len(e.citations) < 2:
        reasons.append("no source" if not e.citations else "single source")
    if e.start.open_earliest:
        reasons.append("open earliest")
    return reasons
