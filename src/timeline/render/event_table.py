"""The rich table of events (a terminal only) and the detail view of one event.

Decisions encoded here: every cell is a `rich.text.Text` of inert text (markup in titles prints
literally); colour only when the caller allows it; the detail view is plain `label: value` lines
whose first line after the title says how the date was understood (`dates.describe`), so a
misreading is seen at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from timeline.dates import When, describe
from timeline.model import Event
from timeline.render.events import bounds
from timeline.render.safe import as_text, inert, inert_block


def rich_table(events: Iterable[Event], out: TextIO, *, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold" if color else "")
    for name in ("#", "Dates", "When", "Title", "Actors", "Tags"):
        table.add_column(name, overflow="fold", no_wrap=name in ("#", "Dates"))
    for e in events:
        table.add_row(
            as_text(str(e.id)),
            as_text(bounds(e)),
            as_text(e.when),
            as_text(e.title),
            as_text(", ".join(e.actors)),
            as_text(", ".join(e.tags)),
        )
    Console(file=out, no_color=not color, highlight=False).print(table)


def understood(event: Event) -> str:
    """How the event's date was understood, in words."""
    when = When(event.when, event.start, event.end, event.ongoing, event.as_of)
    return describe(when)


def detail(event: Event, out: TextIO) -> None:
    """The whole event as `label: value` lines (inert)."""
    rows: list[tuple[str, str]] = [
        (
            "when",
            inert(event.when) + (f"  (end: {inert(event.end_when)})" if event.end_when else ""),
        ),
        ("understood", understood(event)),
        ("actors", inert(", ".join(event.actors))),
        ("tags", inert(", ".join(event.tags))),
        ("category", inert(event.category)),
        ("source", inert(event.source)),
        ("value", "" if event.value is None else f"{event.value} {inert(event.unit)}".strip()),
        ("location", inert(event.location)),
        ("quote", inert_block(event.quote or "")),
        ("notes", inert_block(event.notes or "")),
        ("as of", event.as_of.isoformat() if event.as_of else ""),
        ("created", f"{event.created_at}, updated {event.updated_at}"),
    ]
    out.write(f"#{event.id} {inert(event.title)}\n")
    for label, value in rows:
        if value:
            value = value.replace("\n", "\n" + " " * 14)
            out.write(f"  {label + ':':<12}{value}\n")
