"""The terminal chart drawn from the store a row at a time (`Timeline.draw_chart`).

Decisions encoded here:
- The selection's first and last day and its lanes come first, from aggregates
  (`timeline.store.marks.extent`), so the columns and the width of the lane names are fixed
  before any mark is drawn; then the marks stream onto the canvas. Every read is inside one
  snapshot, so the extent and the marks see the same events.
- The memory is the canvas's (a few rows of cells per lane), not the events': flat from a
  hundred events to millions.
- A selection with a limit or in reverse order is drawn from its `Layout`, as `render_chart`
  draws it: its marks are the listing's, which the streamed order does not give.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.model import FIELD, Filters
from timeline.render.chart import Canvas, stream_chart
from timeline.render.lanes import names_of, time_range
from timeline.store import marks

if TYPE_CHECKING:
    from timeline.store.core import Store


def _lanes_of(by: str | None) -> Callable[[Any], Iterable[str | None]]:
    if by is None:
        return lambda row: (None,)
    if FIELD[by].kind == "names":
        return lambda row: names_of(json.loads(row[7]), by)
    return lambda row: names_of(row[7], by)


def draw(
    store: Store, filters: Filters, by: str | None, *, width: int, color: bool, ascii: bool
) -> str:
    """The chart of the selection grouped by the field `by` (None: one lane); empty when
    nothing is selected."""
    with store.snapshot():
        low, high, values = marks.extent(store, filters, by)
        if low is None or high is None:
            return ""
        labels: list[str | None] = (
            [None] if by is None else [n for v in values for n in names_of(v, by)]
        )
        window = (filters.window_start, filters.window_end)
        start, end = time_range(date.fromisoformat(low), date.fromisoformat(high), window)
        canvas = Canvas(start, end, labels, width=width, ascii=ascii)
        rows, open_rows = marks.marks(store, filters, by), marks.open_marks(store, filters, by)
        stream_chart(rows, open_rows, canvas, _lanes_of(by))
    return canvas.render(color=color)
