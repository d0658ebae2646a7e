"""The rich table of events (a terminal only) and the detail view of one event.

Decisions encoded here: every cell is a `rich.text.Text` of inert text (markup in titles prints
literally); colour only when the caller allows it; the detail view is plain `label: value` lines
whose first line after the title says how the date was understood (`dates.describe`), so a
misreading is seen at once; each role date follows on its own line, understood the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from timeline.dates import When, describe
from timeline.fields import Spec
from timeline.model import EVENT_FIELDS, TYPED_FIELDS, Citation, Event
from timeline.render.safe import as_text, inert, inert_block
from timeline.render.viewkit import bounds


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


def _shown(event: Event, spec: Spec) -> str:
    """One field's value as `show` prints it (inert), with the fields shown on its line."""
    value = getattr(event, spec.name)
    if spec.kind == "block":
        text = inert_block(value or "")
    elif spec.kind == "names":
        text = inert(", ".join(value))
    elif spec.kind == "day":
        text = value.isoformat() if value else ""
    elif spec.kind == "number":
        text = "" if value is None else str(value)
    else:
        text = inert(value)
    extra = [inert(getattr(event, s.name)) for s in EVENT_FIELDS if s.part_of == spec.name]
    return " ".join(t for t in (text, *extra) if t) if text else ""


_ORDER = {"names": 0, "text": 0, "number": 0, "block": 1, "day": 2}
_LINES = sorted(
    (s for s in TYPED_FIELDS if s.kind in _ORDER and not s.part_of), key=lambda s: _ORDER[s.kind]
)
"""The fields `show` lists after the date: one-line fields, then blocks, then reference days,
each group in declaration order."""


def citation_lines(c: Citation, fits: bool | None = None) -> list[str]:
    """A citation as `show` and `conflicts` print it: the source (id, title, published day,
    url), the source's words, and its dating with the days it can mean (inert)."""
    head = f"#{c.source_id} {inert(c.source)}"
    about = [f"published {c.published.isoformat()}"] if c.published else []
    if c.url and c.url != c.source:
        about.append(inert(c.url))
    lines = [head + (f" ({', '.join(about)})" if about else "")]
    if c.quote:
        lines.append('"' + inert_block(c.quote).replace("\n", "\n ") + '"')
    if c.when:
        days = f"{c.earliest} … {c.latest}" if c.earliest != c.latest else f"{c.earliest}"
        mark = "" if fits is None else ("" if fits else "  <- outside the event's date")
        lines.append(f'dated "{inert(c.when)}": {days}{mark}')
    return lines


def role_lines(event: Event) -> str:
    """Every role date, in date order, one per line: its role, the text as typed, and how it
    was understood (its bounds and precision), and the source that gives it."""
    lines = []
    for d in sorted(event.dates, key=lambda d: (d.sort_day, d.start.latest, d.role)):
        typed = inert(d.when) + (f" (end: {inert(d.end_when)})" if d.end_when else "")
        read = describe(When(d.when, d.start, d.end, d.ongoing, event.as_of))
        cited = f" [source: {inert(d.source)}]" if d.source else ""
        lines.append(f"{d.role}: {typed} -> {read}{cited}")
    return "\n".join(lines)


def _citations(event: Event) -> str:
    """Every citation, one after another, each on its own lines."""
    blocks = []
    for c in event.citations:
        first, *rest = citation_lines(c)
        blocks.append("\n".join([first, *("  " + line for line in rest)]))
    return "\n".join(blocks)


def detail(event: Event, out: TextIO) -> None:
    """The whole event as `label: value` lines (inert); its sources listed with their words
    and datings (the `source` and `quote` columns copy the first, so they are not repeated)."""
    end = f"  (end: {inert(event.end_when)})" if event.end_when else ""
    copied = ("source", "quote") if event.citations else ()
    label = "sources" if len(event.citations) > 1 else "source"
    rows: list[tuple[str, str]] = [
        ("when", inert(event.when) + end),
        ("understood", understood(event)),
        ("dates", role_lines(event)),
        *((s.label, _shown(event, s)) for s in _LINES if s.name not in copied and s.kind != "day"),
        (label, _citations(event)),
        *((spec.label, _shown(event, spec)) for spec in _LINES if spec.kind == "day"),
        ("created", f"{event.created_at}, updated {event.updated_at}"),
    ]
    out.write(f"#{event.id} {inert(event.title)}\n")
    for label, value in rows:
        if value:
            value = value.replace("\n", "\n" + " " * 14)
            out.write(f"  {label + ':':<12}{value}\n")
