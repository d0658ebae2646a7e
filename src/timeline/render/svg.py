"""The chart as a standalone SVG image (also inlined by the HTML export).

Decisions encoded here:

- Same layout as the terminal chart (`render.lanes`): a lane per group, an exact day a dot, a
  fuzzy date a pale bar across its bounds, a span a solid bar, each lane's certain quiet days
  shaded grey. Ticks every year, and every month when a month is at least 28 px wide.
- Every mark carries a `<title>` (date as typed, title) so browsers show it on hover.
- All user text is made inert (no control or bidi character: XML forbids most controls
  anyway) and XML-escaped; the image references nothing outside itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from timeline.render.lanes import Lane, Layout, Mark, month_starts, pack, year_starts
from timeline.render.safe import html_escape
from timeline.render.viewkit import MONTHS, date_label

LABEL_W, ROW_H, TOP, AXIS_H, MAX_ROWS = 150, 22, 12, 44, 6
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


class _Scale:
    def __init__(self, layout: Layout, width: int) -> None:
        self.start, self.days = layout.start, layout.days
        self.left, self.plot_w = LABEL_W, width - LABEL_W - 16

    def px(self, day: date) -> int:
        return self.left + (day - self.start).days * self.plot_w // self.days

    def right(self, day: date) -> int:
        return self.left + ((day - self.start).days + 1) * self.plot_w // self.days


def _mark(m: Mark, s: _Scale, y: int, color: str) -> str:
    tip = f"<title>{html_escape(date_label(m.event))} — {html_escape(m.event.title)}</title>"
    mid = y + ROW_H // 2
    if m.kind == "open":
        x = s.px(m.first) + 1
        tip_open = tip.replace("</title>", " (open-ended)</title>")
        point = f"{x - 7},{mid} {x},{mid - 6} {x},{mid + 6}"
        if not m.event.start.open_earliest:
            point = f"{x + 7},{mid} {x},{mid - 6} {x},{mid + 6}"
        return f'<polygon class="open" points="{point}" fill="{color}">{tip_open}</polygon>'
    if m.kind == "day":
        return f'<circle cx="{s.px(m.first) + 1}" cy="{mid}" r="5" fill="{color}">{tip}</circle>'
    left, w = s.px(m.first), max(3, s.right(m.last) - s.px(m.first))
    style = (
        f'fill="{color}"'
        if m.kind == "span"
        else f'fill="{color}" fill-opacity="0.3" stroke="{color}" stroke-dasharray="3 2"'
    )
    box = f'x="{left}" y="{mid - 5}" width="{w}" height="10"'
    return f'<rect class="{m.kind}" {box} {style}>{tip}</rect>'


def _gaps(lane: Lane, s: _Scale, y: int, h: int) -> Iterator[str]:
    for g in lane.gaps:
        first, last = g.min_from + timedelta(days=1), g.min_to - timedelta(days=1)
        if first > last:
            continue
        tip = f"quiet {g.min_days}–{g.max_days} days"
        yield (
            f'<rect class="gap" x="{s.px(first)}" y="{y}"'
            f' width="{max(1, s.right(last) - s.px(first))}"'
            f' height="{h}" fill="#888" fill-opacity="0.18"><title>{tip}</title></rect>'
        )


def _lane(lane: Lane, i: int, s: _Scale, y: int) -> tuple[list[str], int]:
    rows = pack(lane.marks, s.px, MAX_ROWS)
    h = ROW_H * len(rows)
    color = PALETTE[i % len(PALETTE)]
    name = lane.name if lane.name is not None else "all events"
    out = [
        f'<rect x="0" y="{y}" width="100%" height="{h}" fill="{"#f6f6f6" if i % 2 else "#fff"}"/>',
        f'<text x="8" y="{y + ROW_H // 2 + 4}" class="lane">{html_escape(name[:24])}</text>',
        *_gaps(lane, s, y, h),
    ]
    for j, row in enumerate(rows):
        out.extend(_mark(m, s, y + j * ROW_H, color) for m in row)
    return out, h


def _axis(layout: Layout, s: _Scale, y: int) -> Iterator[str]:
    months = month_starts(layout.start, layout.end)
    by_month = s.plot_w / max(1, len(months)) >= 28
    yield f'<line x1="{s.left}" y1="{y}" x2="{s.left + s.plot_w}" y2="{y}" stroke="#333"/>'
    for d in months if by_month else year_starts(layout.start, layout.end):
        yield f'<line x1="{s.px(d)}" y1="{y}" x2="{s.px(d)}" y2="{y + 5}" stroke="#333"/>'
        if by_month:
            name = MONTHS[d.month - 1][:3]
            yield f'<text x="{s.px(d) + 2}" y="{y + 16}" class="tick">{name}</text>'
    last = -100
    for d in year_starts(layout.start, layout.end) or [layout.start]:
        if s.px(d) - last >= 36:
            yield f'<text x="{s.px(d) + 2}" y="{y + 32}" class="year">{d.year:04d}</text>'
            last = s.px(d)


def render_svg(layout: Layout, *, width: int = 1000, standalone: bool = True) -> str:
    """The chart as one SVG element (with the XML namespace, so it also stands alone)."""
    s = _Scale(layout, max(400, width))
    body: list[str] = []
    y = TOP
    for i, lane in enumerate(layout.lanes):
        parts, h = _lane(lane, i, s, y)
        body.extend(parts)
        y += h
    body.extend(_axis(layout, s, y + 4))
    height = y + AXIS_H
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{s.left + s.plot_w + 16}"'
        f' height="{height}" viewBox="0 0 {s.left + s.plot_w + 16} {height}"'
        ' font-family="sans-serif" font-size="12"><title>Chronology chart</title>'
        "<style>.lane{fill:#222}.tick{fill:#555;font-size:10px}.year{fill:#222;font-weight:bold}</style>"
        + "\n".join(body)
        + "</svg>\n"
    )
