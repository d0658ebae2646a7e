"""The terminal chart: one lane per group, time running across, a year (and month) axis.

Decisions encoded here:

- The chart fits `width` columns: lane names take at most a quarter of it (cut with `…`), the
  rest is the plot. Days map to columns proportionally; a mark at least one column wide.
- An exact day is a dot (`●`, ASCII `o`), a fuzzy date a light bar as wide as its bounds (`╌`,
  ASCII `-`), a span a heavy bar from start to end (`━`, ASCII `=`), a date with no earliest
  day a `◂` at its latest (ASCII `<`), one with no latest day a `▸` (`>`); each lane's certain quiet
  days are shaded (`░`, ASCII `.`) where nothing is drawn. Marks that would overlap in a lane
  go on an extra row of that lane (at most `MAX_ROWS`; beyond that they are drawn over).
- The axis ticks every year, and every month when a month gets at least 4 columns; labels that
  would collide are skipped. A legend line closes the chart.
- `ascii=True` (output not a terminal, or NO_COLOR) gives plain ASCII and no colour; `color`
  adds SGR colours per lane. The only user text, the lane names, is made inert first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from timeline.model import Gap
from timeline.render.lanes import Layout, Mark, month_starts, pack, year_starts
from timeline.render.viewkit import MONTHS, inert

MAX_ROWS = 4
_COLORS = ("36", "33", "35", "32", "34", "31")


@dataclass(frozen=True, slots=True)
class Glyphs:
    day: str
    fuzzy: str
    span: str
    before: str  # an open earliest, drawn at its latest day
    after: str  # an unknown latest, drawn at its earliest day
    gap: str
    rule: str
    tick: str
    side: str
    corner: str
    cut: str


UNICODE = Glyphs("●", "╌", "━", "◂", "▸", "░", "─", "┬", "│", "└", "…")
ASCII = Glyphs("o", "-", "=", "<", ">", ".", "-", "+", "|", "+", "~")

Cell = tuple[str, str | None]


class _Plot:
    """Maps days to columns of a plot `width` wide."""

    def __init__(self, layout: Layout, width: int) -> None:
        self.start, self.width, self.days = layout.start, width, layout.days

    def col(self, day: date) -> int:
        offset = (day - self.start).days
        return max(0, min(self.width - 1, offset * self.width // self.days))


def _draw_row(
    marks: list[Mark], gaps: list[Gap], plot: _Plot, g: Glyphs, style: str | None
) -> list[Cell]:
    cells: list[Cell] = [(" ", None)] * plot.width
    for gap in gaps:
        first, last = gap.min_from + timedelta(days=1), gap.min_to - timedelta(days=1)
        if first <= last:
            for c in range(plot.col(first), plot.col(last) + 1):
                cells[c] = (g.gap, "2")
    for m in marks:
        glyph = {"day": g.day, "fuzzy": g.fuzzy, "span": g.span}.get(m.kind, "")
        if not glyph:
            glyph = g.before if m.event.start.open_earliest else g.after
        for c in range(plot.col(m.first), plot.col(m.last) + 1):
            cells[c] = (glyph, style)
    return cells


def _label(name: str | None, width: int, g: Glyphs) -> str:
    text = inert(name) if name is not None else "all events"
    if len(text) > width:
        text = text[: max(0, width - 1)] + g.cut
    return text.ljust(width)


def _paint(cells: list[Cell], color: bool) -> str:
    if not color:
        return "".join(ch for ch, _ in cells).rstrip()
    out = []
    for style, run in groupby(cells, key=lambda cell: cell[1]):
        text = "".join(ch for ch, _ in run)
        out.append(f"\x1b[{style}m{text}\x1b[0m" if style else text)
    return "".join(out).rstrip()


def _place(row: list[str], at: int, text: str) -> bool:
    """Write `text` at column `at` if it fits without touching another label."""
    lo, hi = max(0, at - 1), at + len(text) + 1
    if at + len(text) > len(row) or any(c != " " for c in row[lo:hi]):
        return False
    row[at : at + len(text)] = list(text)
    return True


def _axis(layout: Layout, plot: _Plot, g: Glyphs) -> list[str]:
    months = month_starts(layout.start, layout.end)
    by_month = len(months) > 0 and plot.width / max(1, layout.days / 30.44) >= 4
    rule = [g.rule] * plot.width
    years_row, months_row = [" "] * plot.width, [" "] * plot.width
    for d in months if by_month else year_starts(layout.start, layout.end):
        rule[plot.col(d)] = g.tick
    if by_month:
        for d in months:
            _place(months_row, plot.col(d), MONTHS[d.month - 1][:3])
    years = year_starts(layout.start, layout.end) or [layout.start]
    if layout.start not in years:
        years = [layout.start, *years]
    for d in years:
        _place(years_row, plot.col(d), f"{d.year:04d}")
    rows = [rule, months_row, years_row] if by_month else [rule, years_row]
    return ["".join(r).rstrip() for r in rows]


def legend(g: Glyphs, width: int) -> str:
    """The key to the marks, shortened when the chart is narrow."""
    full = (
        f"{g.day} exact day   {g.fuzzy * 3} fuzzy date (its bounds)   "
        f"{g.span * 3} span   {g.before} on or before   {g.gap * 3} gap"
    )
    return full if len(full) <= width else f"{g.day} day {g.fuzzy} fuzzy {g.span} span {g.gap} gap"


def render_chart(
    layout: Layout, *, width: int = 80, color: bool = False, ascii: bool = False
) -> str:
    """The chart as text lines fitting `width` columns (at least 24)."""
    g = ASCII if ascii else UNICODE
    color = color and not ascii
    if not layout.lanes:
        return "(no events)\n"
    width = max(24, width)
    label_w = min(
        max(len(_label(lane.name, 10**6, g).rstrip()) for lane in layout.lanes), width // 4
    )
    label_w = max(3, label_w)
    plot = _Plot(layout, width - label_w - 2)
    lines: list[str] = []
    for i, lane in enumerate(layout.lanes):
        style = _COLORS[i % len(_COLORS)] if color else None
        for j, marks in enumerate(pack(lane.marks, plot.col, MAX_ROWS)):
            name = _label(lane.name if j == 0 else "", label_w, g)
            cells = _draw_row(marks, lane.gaps if j == 0 else [], plot, g, style)
            lines.append(f"{name} {g.side}{_paint(cells, color)}".rstrip())
    pad = " " * (label_w + 1)
    axis = _axis(layout, plot, g)
    lines.append(f"{pad}{g.corner}{axis[0]}")
    lines.extend(f"{pad} {row}".rstrip() for row in axis[1:])
    lines.append(legend(g, width))
    return "\n".join(lines) + "\n"
