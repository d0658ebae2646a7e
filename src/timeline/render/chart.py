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
- A chart is drawn on a `Canvas` a mark at a time: each lane keeps its rows of cells (a
  character each) and the columns its gaps shade, never its marks, so drawing a million events
  takes the memory of the cells alone. `render_chart` draws a `Layout` on it; `stream_chart`
  draws rows streamed from the store (`timeline.store.marks`), running each lane's gap sweep as
  the rows arrive (the certain quiet days between the latest end so far and the next start, as
  `timeline.gaps.find_gaps` finds them: `quiet_days`). Both give the same chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from timeline.render.lanes import Layout, Mark, month_starts, year_starts
from timeline.render.viewkit import MONTHS, inert

MAX_ROWS = 4
_COLORS = ("36", "33", "35", "32", "34", "31")
_DAY = timedelta(days=1)


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


class _Plot:
    """Maps days (or their ISO text, remembered) to columns of a plot `width` wide."""

    def __init__(self, start: date, end: date, width: int) -> None:
        self.start, self.width = start, width
        self.days = (end - start).days + 1
        self._cols: dict[str, int] = {}

    def col(self, day: date) -> int:
        offset = (day - self.start).days
        return max(0, min(self.width - 1, offset * self.width // self.days))

    def col_of(self, text: str) -> int:
        found = self._cols.get(text)
        if found is None:
            found = self._cols[text] = self.col(date.fromisoformat(text))
        return found


class _Lane:
    """One lane being drawn: up to `MAX_ROWS` rows of cells, and the columns its gaps shade."""

    __slots__ = ("ends", "name", "rows", "shaded")

    def __init__(self, name: str | None, width: int) -> None:
        self.name = name
        self.rows: list[list[str]] = [[" "] * width]
        self.ends: list[int] = [-2]  # per row, the column after its last mark
        self.shaded = bytearray(width)

    def mark(self, glyph: str, first: int, last: int) -> None:
        """Draw a mark on the first row free at `first` (a new row while there are fewer than
        `MAX_ROWS`, else over the last one)."""
        ends = self.ends
        for i in range(len(ends)):
            if ends[i] < first:
                break
        else:
            i = len(ends)
            if i < MAX_ROWS:
                self.rows.append([" "] * len(self.shaded))
                ends.append(first - 1)
            else:
                i -= 1
        self.rows[i][first : last + 1] = glyph * (last - first + 1)
        if last + 1 > ends[i]:
            ends[i] = last + 1

    def quiet(self, first: int, last: int) -> None:
        """Shade columns `first` … `last` of the first row where no mark is drawn."""
        self.shaded[first : last + 1] = b"\x01" * (last - first + 1)


class Canvas:
    """A chart `width` columns wide over `start` … `end`, filled a lane and a mark at a time."""

    def __init__(
        self, start: date, end: date, labels: Iterable[str | None], *, width: int, ascii: bool
    ) -> None:
        self.g = ASCII if ascii else UNICODE
        self.start, self.end = start, end
        width = max(24, width)
        widest = max((len(_label(name, 10**6, self.g).rstrip()) for name in labels), default=3)
        self.label_w = max(3, min(widest, width // 4))
        self.width = width
        self.plot = _Plot(start, end, width - self.label_w - 2)
        self.lanes: dict[str | None, _Lane] = {}

    def lane(self, name: str | None) -> _Lane:
        """The lane `name`, added after the others the first time it is asked for."""
        found = self.lanes.get(name)
        if found is None:
            found = self.lanes[name] = _Lane(name, self.plot.width)
        return found

    def quiet_days(self, lane: _Lane, first: date, last: date) -> None:
        """Shade the certain quiet days `first` … `last` (nothing when `last` is earlier)."""
        if first <= last:
            lane.quiet(self.plot.col(first), self.plot.col(last))

    def render(self, *, color: bool = False) -> str:
        g, color = self.g, color and self.g is UNICODE
        lines: list[str] = []
        for i, lane in enumerate(self.lanes.values()):
            style = _COLORS[i % len(_COLORS)] if color else None
            for j, row in enumerate(lane.rows):
                name = _label(lane.name if j == 0 else "", self.label_w, g)
                cells = _shade(row, lane.shaded, g.gap) if j == 0 else row
                lines.append(f"{name} {g.side}{_paint(cells, style, g.gap, color)}".rstrip())
        pad = " " * (self.label_w + 1)
        axis = _axis(self.start, self.end, self.plot, g)
        lines.append(f"{pad}{g.corner}{axis[0]}")
        lines.extend(f"{pad} {row}".rstrip() for row in axis[1:])
        lines.append(legend(g, self.width))
        return "\n".join(lines) + "\n"


def _shade(row: list[str], shaded: bytearray, gap: str) -> list[str]:
    return [gap if s and ch == " " else ch for ch, s in zip(row, shaded, strict=True)]


def _label(name: str | None, width: int, g: Glyphs) -> str:
    text = inert(name) if name is not None else "all events"
    if len(text) > width:
        text = text[: max(0, width - 1)] + g.cut
    return text.ljust(width)


def _paint(cells: list[str], style: str | None, gap: str, color: bool) -> str:
    if not color:
        return "".join(cells).rstrip()
    out = []
    for kind, run in groupby(
        cells, key=lambda ch: None if ch == " " else "2" if ch == gap else style
    ):
        text = "".join(run)
        out.append(f"\x1b[{kind}m{text}\x1b[0m" if kind else text)
    return "".join(out).rstrip()


def _place(row: list[str], at: int, text: str) -> bool:
    """Write `text` at column `at` if it fits without touching another label."""
    lo, hi = max(0, at - 1), at + len(text) + 1
    if at + len(text) > len(row) or any(c != " " for c in row[lo:hi]):
        return False
    row[at : at + len(text)] = list(text)
    return True


def _axis(start: date, end: date, plot: _Plot, g: Glyphs) -> list[str]:
    months = month_starts(start, end)
    by_month = len(months) > 0 and plot.width / max(1, plot.days / 30.44) >= 4
    rule = [g.rule] * plot.width
    years_row, months_row = [" "] * plot.width, [" "] * plot.width
    for d in months if by_month else year_starts(start, end):
        rule[plot.col(d)] = g.tick
    if by_month:
        for d in months:
            _place(months_row, plot.col(d), MONTHS[d.month - 1][:3])
    years = year_starts(start, end) or [start]
    if start not in years:
        years = [start, *years]
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


def _glyph(m: Mark, g: Glyphs) -> str:
    if m.kind == "open":
        return g.before if m.event.start.open_earliest else g.after
    return {"day": g.day, "fuzzy": g.fuzzy, "span": g.span}[m.kind]


def render_chart(
    layout: Layout, *, width: int = 80, color: bool = False, ascii: bool = False
) -> str:
    """The chart as text lines fitting `width` columns (at least 24)."""
    if not layout.lanes:
        return "(no events)\n"
    canvas = Canvas(
        layout.start, layout.end, (lane.name for lane in layout.lanes), width=width, ascii=ascii
    )
    col = canvas.plot.col
    for lane in layout.lanes:
        drawn = canvas.lane(lane.name)
        for gap in lane.gaps:
            canvas.quiet_days(drawn, gap.min_from + _DAY, gap.min_to - _DAY)
        for m in lane.marks:
            drawn.mark(_glyph(m, canvas.g), col(m.first), col(m.last))
    return canvas.render(color=color)


Row = Sequence[Any]
"""A streamed mark: `(id, start_earliest, start_latest, end_earliest, end_latest, open_latest,
has_end[, lane])`, the days ISO text (`timeline.store.marks`)."""


def stream_chart(
    rows: Iterable[Row],
    open_rows: Sequence[Row],
    canvas: Canvas,
    lanes_of: Callable[[Row], Iterable[str | None]],
) -> Canvas:
    """Draw streamed marks on `canvas`: `rows` in listing order (start_earliest, start_latest,
    id), `open_rows` (those whose start has an open earliest) by start_latest and id, merged
    in; `lanes_of` names the lanes of a row. Each lane's gaps are swept as its rows arrive:
    the open rows first (they start before every other), then the others in start order."""
    g, col = canvas.g, canvas.plot.col_of
    covers: dict[str | None, str] = {}  # per lane, the latest end so far (C)
    for row in open_rows:
        for name in lanes_of(row):
            if name not in covers or row[4] >= covers[name]:
                covers[name] = row[4]
    day = date.fromisoformat
    lane = canvas.lane
    for row, is_open in _merged(rows, open_rows):
        se, sl, ee, el, open_latest, has_end = row[1], row[2], row[3], row[4], row[5], row[6]
        first = sl if is_open else se
        last = ee if open_latest else el
        if last < first:
            last = first
        glyph = (
            g.before if is_open else g.after if open_latest else g.span if has_end
            else g.day if first == last else g.fuzzy
        )  # fmt: skip
        c0, c1 = col(first), col(last)
        for name in lanes_of(row):
            drawn = lane(name)
            drawn.mark(glyph, c0, c1)
            if is_open:
                continue
            cover = covers.get(name)
            if cover is None or el >= cover:
                covers[name] = el
            if cover is not None and se > cover:
                canvas.quiet_days(drawn, day(cover) + _DAY, day(se) - _DAY)
    return canvas


def _merged(rows: Iterable[Row], open_rows: Sequence[Row]) -> Iterator[tuple[Row, bool]]:
    """`rows` with `open_rows` (by start_latest and id) merged in by the listing's key (an open
    row sorts by its start_latest), each with whether it is an open row."""
    waiting = list(reversed(open_rows))  # popped from the end, earliest first
    for row in rows:
        if waiting:
            key = (row[1], row[2], row[0])
            while waiting and (waiting[-1][2], waiting[-1][2], waiting[-1][0]) < key:
                yield waiting.pop(), True
        yield row, False
    while waiting:
        yield waiting.pop(), True
