"""The rows of the one-line listing (`timeline list` piped): what it prints, read alone.

`SELECT_LINE_COLUMNS` reads an event's id, dates, title, date as typed and actors, with none
of the subqueries for tags, citations and role dates that `rows.SELECT_EVENT` runs for every
row; `row_line` makes a `timeline.model.lines.Line` of each with the same functions that make
an `Event`'s dates (`rows.dates_at`). Loaded by `Store.iter_lines` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from timeline.model.lines import Line
from timeline.store.rows import DATE_COLUMNS, LISTED_SQL, dates_at, sort_key_of

SELECT_LINE_COLUMNS = (
    "SELECT e.id, "
    + ", ".join(f"e.{c}" for c in DATE_COLUMNS)
    + ", e.title, e.when_text, "
    + LISTED_SQL.format(kind="actor")
)
"""An event's id, the values of `DATE_COLUMNS`, its title, date as typed and actors."""
_DATES = slice(1, 1 + len(DATE_COLUMNS))
_EDTF = 1 + DATE_COLUMNS.index("start_edtf")


def line_sort_key(row: Sequence[Any]) -> tuple[str, str, int]:
    """The listing order of a row of `SELECT_LINE_COLUMNS` (as `rows.sort_key` of an event's)."""
    return sort_key_of(row[0], row[1], row[2], row[_EDTF])


def row_line(row: Sequence[Any]) -> Line:
    """A `Line` from a row of `SELECT_LINE_COLUMNS`."""
    dated = row[_DATES]
    start, end = dates_at(dated)
    actors = tuple(row[-1].split("\x00")) if row[-1] is not None else ()
    return Line(int(row[0]), row[-3], row[-2], start, end, bool(dated[-1]), actors)
