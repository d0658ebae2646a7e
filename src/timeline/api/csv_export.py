"""`export -f csv` written from flat rows (`timeline.store.flat`): no `Event` per row.

The file is the one `render.events.to_csv` writes from events, cell for cell (a test checks
both on the same databases). Decisions encoded here:
- SQLite reads the cells as text; Python adds the id and `value` (`str`, as `to_csv` writes
  a number) and the resolved-date cells (`earliest`, `latest`, `edtf`), which depend on the
  thirteen date columns alone, so they are made once per distinct dating and remembered
  (bounded).
- The formula guard and the quoting of a row with a carriage return look at one joined string
  per row; only a row where either applies is guarded cell by cell.
- A row the cells cannot write exactly (one with role dates, an ongoing one, whose end a
  reference day may cut, one whose date text has an all-numeric day that may need a date order)
  is written from its full event (`event_of`) as `to_csv` writes it. Such rows are few; each
  costs one query. Without role dates in the selection (`roles` empty), none is looked up.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from timeline.csvcell import GUARDED, guard
from timeline.model import CSV_EXPORT_COLUMNS, Event, Filters
from timeline.render.events import AMBIGUOUS, csv_row, date_cells, role_cells, role_columns
from timeline.store.flat import CELLS_AT, DATED, END_AT, ROLE_DATED, VALUE_AT, WHEN_AT, flat_rows
from timeline.store.rows import dates_at

if TYPE_CHECKING:
    from timeline.store import Store

_BOUNDS_MAX = 50_000
_SEP = "\x00"  # the store refuses text with NUL; one held would only mean a closer look
_GUARD_AT_START = re.compile(_SEP + "[" + re.escape("".join(sorted(GUARDED))) + "]").search
"""A cell the formula guard may change, in a row joined with (and led by) `_SEP`."""
_ONGOING = DATED.stop - 1


def export_csv(
    store: Store, filters: Filters, out: TextIO, *, bom: bool, roles: Sequence[str]
) -> None:
    """The CSV export of the selection (`roles`: the role dates it has), the file `to_csv`
    writes from the selection's events."""
    day = filters.reference_day

    def event_of(event_id: int) -> Event:
        event = store.get(event_id)
        return event.resolved(day) if day and event.ongoing else event

    flat = flat_rows(store, filters, role_dates=bool(roles))
    write_csv(flat, out, event_of, bom=bom, roles=roles)


def _bounds(dated: tuple[Any, ...]) -> tuple[str, str, str]:
    """The `earliest`, `latest` and `edtf` cells of an event with these date columns."""
    start, end = dates_at(dated)
    return date_cells(start, end, bool(dated[-1]))


def _order_may_matter(row: tuple[Any, ...]) -> bool:
    """The date text has an all-numeric day that may need a date order (`03/09/2024`)."""
    return any(
        ("/" in text or "." in text) and AMBIGUOUS.search(text) is not None
        for text in (row[WHEN_AT], row[END_AT])
    )


def write_csv(
    flat: Iterable[tuple[Any, ...]],
    out: TextIO,
    event_of: Callable[[int], Event],
    *,
    bom: bool = False,
    roles: Iterable[str] = (),
) -> None:
    """The CSV of these flat rows; `event_of(id)` is an event in full as the listing sees it,
    for the rows that need it; `roles` are the selection's role dates, given columns of their
    own (after the others)."""
    roles = list(roles)
    no_roles = [""] * (3 * len(roles))
    if bom:
        out.write("\ufeff")
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    plain.writerow([*CSV_EXPORT_COLUMNS, *role_columns(roles)])
    first, value_at, end = CELLS_AT - 1, VALUE_AT - CELLS_AT + 1, DATED.start
    known: dict[tuple[Any, ...], tuple[str, str, str]] = {}
    write, guard_at_start = plain.writerow, _GUARD_AT_START
    for row in flat:
        if row[ROLE_DATED] or row[_ONGOING] or _order_may_matter(row):
            event = event_of(row[0])
            cells = csv_row(event) + role_cells(event, roles)
            (quoted if "\r" in "".join(cells) else plain).writerow(cells)
            continue
        cells = list(row[first:end])  # the cell before the first is replaced by the id
        cells[0] = str(row[0])
        cells[value_at] = str(cells[value_at])
        dated = row[DATED]
        bounds = known.get(dated)
        if bounds is None:
            if len(known) >= _BOUNDS_MAX:
                known.clear()
            bounds = known[dated] = _bounds(dated)
        cells += bounds
        joined = _SEP + _SEP.join(cells)
        if guard_at_start(joined) or "\r" in joined:
            cells = [guard(c) if c[:1] in GUARDED else c for c in cells]
            (quoted if "\r" in joined else plain).writerow(cells + no_roles)
        else:
            write(cells + no_roles if no_roles else cells)
