"""The chronology as one self-contained HTML page: legend, labelled chart, events, quiet periods.

Decisions encoded here:

- Nothing is fetched: no CDN, no external script, style, font or image; the chart is inline SVG
  and the icon an empty data URL (so a browser does not ask for `/favicon.ico`). A
  Content-Security-Policy meta tag (`default-src 'none'`, inline styles and data images only,
  no base URL, no form target) makes a browser refuse any script or request even if one slipped
  in. Nothing needs a script: hover texts are SVG `<title>`s.
- Readable on a phone: at 390 px the page never scrolls sideways. A narrow screen is shown the
  same chart laid out for it (`render_svg(narrow=True)`: lane names above the lanes), and any
  chart wider than its box scrolls inside it; the tables reflow into one block per row with
  each cell's heading beside it; long words and URLs wrap.
- Printable: a print stylesheet fits the chart to the page width, drops the scroll note and
  backgrounds, keeps rows from splitting across pages and repeats table headings.
- The legend is HTML (it wraps on a phone), drawn with the chart's own swatches.
- Every date is shown as typed and with the days it resolves to, so `last month` is never
  without its dates. A span ongoing as of a day says so.
- The quiet periods list the certain quiet period and the longest it can have been, in days and
  calendar form, with the events on either side, longest first as `timeline gaps` ranks them;
  with none, a sentence says so instead of an empty table.
- Every piece of user text is made inert and HTML-escaped; a source is a link (`rel="noopener
  noreferrer"`) only when it is an http(s) URL, else plain text. Quotes and notes keep their
  line breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from timeline.model import Event
from timeline.model.results import Gap
from timeline.render import chartkit as kit
from timeline.render.safe import html_escape, html_escape_block
from timeline.render.viewkit import bounds_label, date_label, is_web_url

_STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
padding:1.5rem 2rem;color:#1d1d1d;max-width:1100px;line-height:1.45}
h1{font-size:1.7rem;margin:.2rem 0 .3rem}h2{font-size:1.25rem;margin:2rem 0 .6rem}
.summary{color:#444;margin:0 0 1rem}
.legend{display:flex;flex-wrap:wrap;gap:.35rem 1.1rem;list-style:none;padding:0;margin:0 0 .8rem;
font-size:.9rem;color:#333}
.legend li{display:flex;align-items:center;gap:.4rem}.swatch{flex:none}
figure{margin:0 0 1.5rem}
.chart{overflow-x:auto;max-width:100%;border:1px solid #e3e3e3;border-radius:4px}
.chart svg{display:block}.chart.narrow{display:none}
.chart.narrow svg{width:100%;height:auto}
.hint{display:none;font-size:.85rem;color:#555;margin:.3rem 0 0}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem;table-layout:fixed}
th,td{border-bottom:1px solid #ddd;padding:.4rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:break-word}
td a{overflow-wrap:anywhere}
col.c-when{width:11.5rem}col.c-actors{width:8rem}col.c-cat{width:8rem}col.c-value{width:7rem}
col.c-source{width:12rem}td.title{font-weight:600}.note{font-weight:400}col.c-day{width:7.5rem}col.c-for{width:11rem}
th{background:#f2f2f2;font-weight:600}
.bounds{display:block;color:#555;font-size:.82rem}.day{white-space:nowrap}
.note{white-space:pre-wrap;color:#555;font-size:.92rem;margin-top:.25rem}
.none{color:#333;font-style:italic}
a{color:#1f5fa8}
@media (max-width:700px){
body{padding:1rem}
h1{font-size:1.35rem}
.hint{display:block}
.chart.wide:has(+ .chart.narrow){display:none}.chart.narrow{display:block}
table,thead,tbody,tr,th,td{display:block}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tr{border-bottom:1px solid #ccc;padding:.5rem 0}
td{border:0;padding:.15rem 0;min-width:0}
td[data-label]:not(:empty)::before{content:attr(data-label) ": ";font-weight:600;color:#444}
td.title::before,td.when::before{content:none}
colgroup{display:none}
}
@media print{
@page{margin:1.5cm}
body{max-width:none;padding:0;font-size:10pt;color:#000}
.hint{display:none}
.chart{overflow:visible;border:0}.chart.wide{display:block!important}
.chart.narrow{display:none!important}
.chart svg{width:100%;height:auto}
th{background:none}
thead{display:table-header-group}
tr,figure,.legend{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


def _block(text: str) -> str:
    return html_escape_block(text).replace("\n", "<br>")


def source_cell(source: str | None) -> str:
    if source and is_web_url(source):
        url = html_escape(source)
        return f'<a href="{url}" rel="noopener noreferrer">{url}</a>'
    return html_escape(source)


def _when_cell(e: Event) -> str:
    typed = html_escape(date_label(e, ongoing=False))
    days = " – ".join(
        f'<span class="day">{html_escape(part)}</span>'
        for part in bounds_label(e, " – ").replace("+", "").split(" – ")
    )
    ongoing = f", ongoing as of {e.latest.isoformat()}" if e.ongoing else ""
    return f'<td class="when">{typed}<span class="bounds">{days}{ongoing}</span></td>'


def _event_row(e: Event) -> str:
    details = "".join(f'<div class="note">{_block(t)}</div>' for t in (e.quote, e.notes) if t)
    value = f"{e.value:,} {html_escape(e.unit)}".strip() if e.value is not None else ""
    cells = [
        _when_cell(e),
        f'<td class="title">{html_escape(e.title)}{details}</td>',
        f'<td data-label="Actors">{html_escape(", ".join(e.actors))}</td>',
        f'<td data-label="Category">{html_escape(e.category)}</td>',
        f'<td data-label="Value">{value}</td>',
        f'<td data-label="Source">{source_cell(e.source)}</td>',
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
    calendar = kit.gap_calendar(g)
    return (
        f'<tr><td class="when" data-label="Quiet from">{g.min_from.isoformat()}</td>'
        f'<td data-label="to">{g.min_to.isoformat()}</td>'
        f'<td data-label="For">{kit.gap_days(g)} days<span class="bounds">'
        f"{html_escape(calendar)}</span></td>"
        f'<td data-label="After">{before}</td><td data-label="Before">{after}</td></tr>\n'
    )


def _legend() -> str:
    items = "".join(
        f"<li>{kit.legend_svg(key.kind)}<span>{html_escape(key.label)}</span></li>"
        for key in kit.LEGEND
    )
    return f'<ul class="legend" aria-label="Legend">{items}</ul>\n'


def _summary(events: list[Event], gaps: list[Gap]) -> str:
    if not events:
        return '<p class="summary">No events.</p>\n'
    first = min(e.sort_day for e in events)
    last = max(e.shown_days[1] for e in events)
    quiet = f"{len(gaps)} quiet period{'s' if len(gaps) != 1 else ''}" if gaps else "no gap"
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    return (
        f'<p class="summary">{count} from {first.isoformat()} to {last.isoformat()}; {quiet}.</p>\n'
    )


def render_html(
    events: Iterable[Event],
    gaps: Iterable[Gap],
    *,
    chart_svg: str,
    narrow_svg: str = "",
    title: str = "Chronology",
) -> Iterator[str]:
    """The page as chunks of text; `chart_svg` is `render.svg.render_svg(..., standalone=False)`
    and `narrow_svg` the same chart laid out for a phone (`narrow=True`), shown instead of it
    on a narrow screen."""
    selected, quiet = list(events), list(gaps)
    name = html_escape(title)
    yield (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light"><link rel="icon" href="data:,">'
        f"<title>{name}</title><style>{_STYLE}</style></head>\n<body>\n<h1>{name}</h1>\n"
    )
    yield _summary(selected, quiet)
    yield _legend()
    narrow = f'<div class="chart narrow">{narrow_svg}</div>' if narrow_svg else ""
    hint = (
        "Hold a mark for its full text."
        if narrow_svg
        else "The chart scrolls sideways; hold a mark for its full text."
    )
    yield (
        f'<figure id="chart"><div class="chart wide">{chart_svg}</div>{narrow}'
        f'<figcaption class="hint">{hint}</figcaption></figure>\n<h2>Events</h2>\n'
    )
    yield (
        '<table id="events"><colgroup><col class="c-when"><col><col class="c-actors">'
        '<col class="c-cat"><col class="c-value"><col class="c-source"></colgroup>'
        "<thead><tr><th>Date</th><th>Event</th><th>Actors</th>"
        "<th>Category</th><th>Value</th><th>Source</th></tr></thead><tbody>\n"
    )
    yield from (_event_row(e) for e in selected)
    yield "</tbody></table>\n<h2>Quiet periods</h2>\n"
    if not quiet:
        yield (
            '<p class="none" id="gaps">No quiet periods: the selected events leave no day '
            "between them that none of them can cover.</p>\n</body></html>\n"
        )
        return
    yield (
        '<table id="gaps"><colgroup><col class="c-day"><col class="c-day"><col class="c-for">'
        "<col><col></colgroup><thead><tr><th>Quiet from</th><th>to</th><th>For</th>"
        "<th>After</th><th>Before</th></tr></thead><tbody>\n"
    )
    yield from (_gap_row(g) for g in quiet)
    yield "</tbody></table>\n</body></html>\n"
