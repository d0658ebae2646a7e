"""A chronology for an article, in Markdown: a heading per year, a line per event.

Decisions encoded here:

- The year heading is that of the day the event sorts by (its earliest day, or an open
  earliest's latest); events come in date order.
- A line reads `- **<date as typed, with marker>** — <title> ([source](<url>))`. The source is a
  link only when it is an http(s) URL; any other source is shown as plain text.
- User text is Markdown-escaped after controls are removed (`render.safe.md_escape`), so a
  title cannot open a link, an image, emphasis, code or raw HTML (a line starts with our own
  `- **`, so block syntax cannot start), and holds no HTML entities (`A & B` reads `A & B`
  as text too). A title ending in `#` keeps it (`\\#`). A URL sits inside `<…>` with `<`,
  `>` and spaces percent-encoded. The document is CommonMark (checked with markdown-it-py).
- Streamed: a line per event as it arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.model import Event
from timeline.render.safe import md_escape
from timeline.render.viewkit import date_label, is_web_url


def md_heading(text: str) -> str:
    """Heading text: escaped, and a closing `#` kept (CommonMark would drop a final `#` run)."""
    escaped = md_escape(text)
    stripped = escaped.rstrip(" ")
    if stripped.endswith("#"):
        return stripped[:-1] + "\\#"
    return escaped


def md_url(url: str) -> str:
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def md_line(event: Event) -> str:
    line = f"- **{md_escape(date_label(event))}** — {md_escape(event.title)}"
    if event.source and is_web_url(event.source):
        line += f" ([source]({md_url(event.source)}))"
    elif event.source:
        line += f" (source: {md_escape(event.source)})"
    return line + "\n"


def render_markdown_doc(events: Iterable[Event], title: str = "Chronology") -> Iterator[str]:
    """The document as chunks of text, streamed."""
    yield f"# {md_heading(title)}\n"
    year = None
    for event in events:
        if event.sort_day.year != year:
            year = event.sort_day.year
            yield f"\n## {year:04d}\n\n"
        yield md_line(event)
