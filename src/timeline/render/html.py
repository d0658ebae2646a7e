"""The chronology as one self-contained HTML page: the chart, the events table, the gaps table.

Decisions encoded here:

- Nothing is fetched: no CDN, no external script, style or font; the chart is inline SVG. A
  Content-Security-Policy meta tag (`default-src 'none'`, inline styles only) makes a browser
  refuse any script or request even if one slipped in.
- Every piece of user text is made inert and HTML-escaped; a source is a link (`rel="noopener
  noreferrer"`) only when it is an http(s) URL, else plain text. Quotes and notes keep their
  line breaks.
- The gaps table lists the certain quiet period (min) and the longest it can have been (max),
  with the events on either side, longest first as `timeline gaps` ranks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.model import Event, Gap
from timeline.render.safe import html_escape, html_escape_block
from timeline.render.viewkit import date_label, is_web_url

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.when{white-space:nowrap}.note{white-space:pre-wrap;color:#555}
figure{margin:0 0 2rem;overflow-x:auto}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _block(text: str) -> str:
    return html_escape_block(text).replace("\n", "<br>")


def source_cell(source: str | None) -> str:
    if source and is_web_url(source):
        url = html_escape(source)
        return f'<a href="{url}" rel="noopener noreferrer">{url}</a>'
    return html_escape(source)


def _event_row(e: Event) -> str:
    details = "".join(f'<div class="note">{_block(t)}</div>' for t in (e.quote, e.notes) if t)
    value = f"{e.value:,} {html_escape(e.unit)}".strip() if e.value is not None else ""
    cells = [
        f'<td class="when">{html_escape(date_label(e))}</td>',
        f'<td class="title">{html_escape(e.title)}{details}</td>',
        f"<td>{html_escape(', '.join(e.actors))}</td>",
        f"<td>{html_escape(e.category)}</td>",
        f"<td>{value}</td>",
        f"<td>{source_cell(e.source)}</td>",
    ]
    return f'<tr id="event-{e.id}">{"".join(cells)}</tr>\n'


def _gap_row(g: Gap) -> str:
    before = (
        f"{html_escape(g.before.when)} — {html_escape(g.before.title)}" if g.before else "(start)"
    )
    after = (
        f"{html_escape(g.after.when)} — {html_escape(g.after.title)}"
        if g.after
        else "(now: nothing since)"
    )
    span = f"{g.min_days}" if g.min_days == g.max_days else f"{g.min_days}–{g.max_days}"
    return (
        f'<tr><td class="when">{g.min_from.isoformat()}</td><td class="when">'
        f"{g.min_to.isoformat()}</td><td>{span} days</td><td>{before}</td><td>{after}</td></tr>\n"
    )


def render_html(
    events: Iterable[Event], gaps: Iterable[Gap], *, chart_svg: str, title: str = "Chronology"
) -> Iterator[str]:
    """The page as chunks of text; `chart_svg` is `render.svg.render_svg(..., standalone=False)`."""
    yield (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n<h1>{html_escape(title)}</h1>\n"
    )
    yield f'<figure id="chart">{chart_svg}</figure>\n<h2>Events</h2>\n'
    yield (
        '<table id="events"><thead><tr><th>Date</th><th>Event</th><th>Actors</th>'
        "<th>Category</th><th>Value</th><th>Source</th></tr></thead><tbody>\n"
    )
    yield from (_event_row(e) for e in events)
    yield "</tbody></table>\n<h2>Gaps</h2>\n"
    yield (
        '<table id="gaps"><thead><tr><th>Quiet from</th><th>to</th><th>For</th>'
        "<th>After</th><th>Before</th></tr></thead><tbody>\n"
    )
    yield from (_gap_row(g) for g in gaps)
    yield "</tbody></table>\n</body></html>\n"
