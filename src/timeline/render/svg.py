"""The chart as a standalone SVG image (also inlined by the HTML export): a graphic to publish.

Decisions encoded here:

- Same layout as the terminal chart (`render.lanes`): a lane per group, an exact day a dot, a
  fuzzy date a pale dashed bar across its bounds, a span a solid bar, a span ongoing as of its
  reference day a solid bar ending in an arrowhead there, a date with an open side a triangle at
  its known day pointing to the open side; each lane's certain quiet days shaded grey.
- Every mark is labelled with its event's title, shortened (`chartkit.shorten`): inside a span
  wide enough to hold it (white on the bar, drawn taller), else to the right of the mark, or
  to its left where the right edge is too near; marks are packed into as many rows of their
  lane as their labels need, so no two labels overlap. The mark and its label
  share one `<g>` whose `<title>` holds the full title, the date as typed and the days it
  resolves to: browsers show it on hover, with no script.
- Each shaded gap is annotated with its duration range in a band under its lane
  (`quiet 245–395 days`, shorter where narrow, left out where it cannot fit or would touch
  another), and its `<title>` gives the calendar form and the events either side.
- Ticks every year, and every month when a month is at least 28 px wide.
- `narrow=True` draws the same chart for a phone (360 px): each lane's name on a line above
  it instead of in a column to its left, so the plot keeps nearly the whole width.
- The standalone image carries its title and a legend (`chartkit.LEGEND`); inlined in the
  HTML page (`standalone=False`) it carries neither, since the page shows them as text.
- Fonts are the reader's system sans-serif; all user text is made inert and XML-escaped; the
  image references nothing outside itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from timeline.render import chartkit as kit
from timeline.render.lanes import Lane, Layout, Mark, month_starts, year_starts
from timeline.render.safe import html_escape, html_escape_block
from timeline.render.viewkit import MONTHS

LABEL_W, ROW_H, TOP, AXIS_H, GAP_BAND, PAD = 150, 24, 12, 44, 14, 16
NARROW_LEFT, LANE_HEAD = 10, 20
"""A narrow chart (for a phone) names each lane on a line of its own above it."""
MAX_ROWS = 40
PALETTE = ("#1f5fa8", "#b3261e", "#2e7d32", "#6a3d9a", "#c25e00", "#00838f", "#795548")
STYLE = "".join(
    f".tl-chart {rule}"
    for rule in (
        ".lane{fill:#222;font-weight:600}", ".tick{fill:#555;font-size:10px}",
        ".year{fill:#222;font-weight:bold}", ".label{fill:#222;font-size:11px}",
        ".gaplabel{fill:#555;font-size:10px;font-style:italic}",
        ".title{font-size:15px;font-weight:bold}",
        ".label.on-bar{fill:#fff;font-weight:600;font-size:10.5px}",
        ".key{fill:#333;font-size:11px}",
        "g.event:hover .label{text-decoration:underline}",
    )
)  # fmt: skip
"""Scoped to the chart (`class="tl-chart"`): inlined in a page, a `<style>` applies to all of it."""


class _Scale:
    def __init__(self, layout: Layout, width: int, narrow: bool = False) -> None:
        self.start, self.days = layout.start, layout.days
        self.narrow = narrow
        self.left = NARROW_LEFT if narrow else LABEL_W
        self.plot_w = width - self.left - (NARROW_LEFT if narrow else PAD)
        self.right_edge = self.left + self.plot_w

    def px(self, day: date) -> float:
        return self.left + (day - self.start).days * self.plot_w / self.days

    def right(self, day: date) -> float:
        return self.left + ((day - self.start).days + 1) * self.plot_w / self.days


class _Placed:
    """A mark with its drawn extent and label place, in pixels."""

    def __init__(self, m: Mark, s: _Scale) -> None:
        self.mark = m
        self.x0 = s.px(m.first)
        self.x1 = self.x0 + 10 if m.kind == "day" else max(self.x0 + 3, s.right(m.last))
        if m.kind == "day":
            self.x0 -= 5
            self.x1 -= 5
        self.x = self.x0
        if m.kind == "open":
            left = m.event.start.open_earliest
            self.x0, self.x1 = (self.x - 26, self.x + 2) if left else (self.x - 2, self.x + 26)
        if m.event.ongoing:
            self.x1 += 8
        self.label, self.anchor, self.lx = self._label(s)
        w = kit.text_width(self.label)
        lo, hi = (self.lx, self.lx + w) if self.anchor != "end" else (self.lx - w, self.lx)
        self.lo, self.hi = min(self.x0, lo), max(self.x1, hi)

    def _label(self, s: _Scale) -> tuple[str, str, float]:
        """The shortened title, `start`/`end` anchoring, and x: right of the mark if it fits,
        else left of it, else cut to the wider of the two spaces."""
        title = self.mark.event.title
        bar_end = self.x1 - 8 if self.mark.event.ongoing else self.x1  # the arrow is outside
        inside = (bar_end - self.x0 - 8) / 1.12  # bold white text runs wider than the estimate
        if self.mark.kind == "span" and inside >= kit.text_width("Abcdefghijklmno…"):
            for limit in (kit.LABEL_CHARS, 24, 16):
                text = kit.shorten(title, limit)
                if kit.text_width(text) <= inside:
                    return text, "inside", self.x0 + 4
        right_room = s.right_edge + (NARROW_LEFT if s.narrow else PAD) - 2 - (self.x1 + 4)
        left_room = self.x0 - 4 - s.left
        for limit in (kit.LABEL_CHARS, 24, 16, 10):
            text = kit.shorten(title, limit)
            if kit.text_width(text) <= right_room:
                return text, "start", self.x1 + 4
            if kit.text_width(text) <= left_room:
                return text, "end", self.x0 - 4
        return "", "start", self.x1 + 4


def _rows(marks: list[Mark], s: _Scale) -> list[list[_Placed]]:
    """Rows in which no two marks or labels touch (at most `MAX_ROWS`; then the last row)."""
    rows: list[list[_Placed]] = []
    ends: list[float] = []
    for m in marks:
        p = _Placed(m, s)
        free = next((i for i, end in enumerate(ends) if end + 6 <= p.lo), None)
        if free is None and len(rows) < MAX_ROWS:
            rows.append([])
            ends.append(p.lo)
        free = len(rows) - 1 if free is None else free
        rows[free].append(p)
        ends[free] = max(ends[free], p.hi)
    return rows or [[]]


def _mark(p: _Placed, y: float, color: str) -> str:
    m, e = p.mark, p.mark.event
    mid = y + ROW_H / 2
    tip = f"<title>{html_escape_block(kit.event_tip(e))}</title>"
    if m.kind == "open":
        shape = kit.open_mark(p.x, mid, color, pointing_left=e.start.open_earliest)
    elif m.kind == "day":
        shape = f'<circle cx="{p.x0 + 5:.1f}" cy="{mid:.1f}" r="5" fill="{color}"/>'
    elif m.kind == "span":
        end = p.x1 - 8 if e.ongoing else p.x1
        shape = kit.span_bar(p.x0, mid - 5, end - p.x0, color)
        if p.anchor == "inside":  # a taller bar holds its label
            shape = shape.replace(f'y="{mid - 5:.1f}"', f'y="{mid - 7:.1f}"').replace(
                'height="10"', 'height="14"'
            )
        if e.ongoing:
            shape += kit.arrow(end, mid, color)
    else:
        shape = kit.fuzzy_bar(p.x0, mid - 5, p.x1 - p.x0, color)
    label = ""
    if p.label:
        inside = p.anchor == "inside"
        solid = inside and m.kind == "span"
        label = (
            f'<text class="label{" on-bar" if solid else ""}" x="{p.lx:.1f}" y="{mid + 4:.1f}"'
            f' text-anchor="{"start" if inside else p.anchor}">{html_escape(p.label)}</text>'
        )
    kind = "ongoing" if e.ongoing else m.kind
    return f'<g class="event {kind}" id="mark-{e.id}">{tip}{shape}{label}</g>'


def _gaps(lane: Lane, s: _Scale, y: float, h: float) -> Iterator[str]:
    """The shaded quiet days of a lane, and their annotations in the band below it."""
    taken: list[tuple[float, float]] = []
    for g in sorted(lane.gaps, key=lambda g: -g.min_days):
        first, last = g.min_from + timedelta(days=1), g.min_to - timedelta(days=1)
        if first > last:
            continue
        x, w = s.px(first), max(1.0, s.right(last) - s.px(first))
        tip = f"<title>{html_escape(kit.gap_tip(g))}</title>"
        text = kit.gap_label(g, w)
        lo, hi = x + w / 2 - kit.text_width(text, 10) / 2, x + w / 2 + kit.text_width(text, 10) / 2
        if text and any(lo < b + 4 and a < hi + 4 for a, b in taken):
            text = ""
        label = ""
        if text:
            taken.append((lo, hi))
            label = (
                f'<text class="gaplabel" x="{x + w / 2:.1f}" y="{y + h + GAP_BAND - 4:.1f}" '
                f'text-anchor="middle">{html_escape(text)}</text>'
            )
        yield (
            f'<g class="gap">{tip}<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" '
            f'fill="#888" fill-opacity="0.22"/>{label}</g>'
        )


def _lane(lane: Lane, i: int, s: _Scale, y: float, width: int) -> tuple[list[str], float]:
    rows = _rows(lane.marks, s)
    head = LANE_HEAD if s.narrow else 0
    h = ROW_H * len(rows)
    color = PALETTE[i % len(PALETTE)]
    name = lane.name if lane.name is not None else "all events"
    band = GAP_BAND if lane.gaps else 0
    shown = html_escape(kit.shorten(name, 50 if s.narrow else 22))
    name_y = y + 14 if s.narrow else y + ROW_H / 2 + 4
    out = [
        f'<rect x="0" y="{y}" width="{width}" height="{head + h + band}" '
        f'fill="{"#f5f5f5" if i % 2 else "#fff"}"/>',
        f'<text x="{NARROW_LEFT if s.narrow else 8}" y="{name_y:.1f}" class="lane">{shown}'
        f"<title>{html_escape(name)}</title></text>",
        *_gaps(lane, s, y + head, h),
    ]
    for j, row in enumerate(rows):
        out.extend(_mark(p, y + head + j * ROW_H, color) for p in row)
    return out, head + h + band


def _axis(layout: Layout, s: _Scale, y: float) -> Iterator[str]:
    months = month_starts(layout.start, layout.end)
    by_month = s.plot_w / max(1, len(months)) >= 28
    yield f'<line x1="{s.left}" y1="{y}" x2="{s.right_edge}" y2="{y}" stroke="#333"/>'
    for d in months if by_month else year_starts(layout.start, layout.end):
        x = s.px(d)
        yield f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}" stroke="#333"/>'
        if by_month:
            name = MONTHS[d.month - 1][:3]
            yield f'<text x="{x + 2:.1f}" y="{y + 16}" class="tick">{name}</text>'
    last = -100.0
    for d in year_starts(layout.start, layout.end) or [layout.start]:
        if s.px(d) - last >= 36:
            yield f'<text x="{s.px(d) + 2:.1f}" y="{y + 32}" class="year">{d.year:04d}</text>'
            last = s.px(d)


def _legend(y: float, width: int) -> tuple[list[str], float]:
    """The key as rows of swatches and words that wrap to `width`."""
    out, x, row_y = [], 8.0, y
    for key in kit.LEGEND:
        w = 36 + 6 + kit.text_width(key.label) + 18
        if x + w > width - 8 and x > 8:
            x, row_y = 8.0, row_y + 20
        out.append(
            f'<g transform="translate({x:.1f},{row_y:.1f})">{kit.swatch(key.kind)}'
            f'<text class="key" x="42" y="11">{html_escape(key.label)}</text></g>'
        )
        x += w
    return out, row_y + 20 - y


def render_svg(
    layout: Layout,
    *,
    width: int = 1000,
    standalone: bool = True,
    title: str | None = None,
    narrow: bool = False,
) -> str:
    """The chart as one SVG element (with the XML namespace, so it also stands alone);
    `narrow` lays it out for a phone (`width` from 300), lane names above their lanes."""
    width = max(300 if narrow else 400, width)
    s = _Scale(layout, width, narrow)
    body: list[str] = []
    y = float(TOP)
    if standalone and title:
        body.append(f'<text class="title" x="8" y="{y + 12}">{html_escape(title)}</text>')
        y += 26
    for i, lane in enumerate(layout.lanes):
        parts, h = _lane(lane, i, s, y, width)
        body.extend(parts)
        y += h
    body.extend(_axis(layout, s, y + 4))
    height = y + AXIS_H
    if standalone:
        key, key_h = _legend(height, width)
        body.extend(key)
        height += key_h + 8
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    name = html_escape(title) if title else "Chronology chart"
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart" role="img" width="{width}"'
        f' height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" aria-label="{name}"'
        ' font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">'
        f"<title>{name}</title><style>{STYLE}</style>\n" + "\n".join(body) + "</svg>\n"
    )
