"""Flat rows: the CSV export's cells read as text by SQLite, for a writer with no `Event` per
row.

A flat row is the event's id, its start's `start_earliest`, `start_latest` and `start_edtf` (its
listing order, `flat_key`), then from `CELLS_AT` its cells under `timeline.model.CSV_COLUMNS`
after `uuid` (text, `""` for none; names joined with `;` in their order; `value` the stored
number, or `""`), then the thirteen `rows.DATE_COLUMNS` (`DATED`), and last `ROLE_DATED`: 1
when the event has role dates. Rows come in the order of `Store.iter_events`, as stored (an
ongoing end is not cut at a reference day).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from timeline.model import TYPED_FIELDS, Filters
from timeline.store import rows

if TYPE_CHECKING:
    from timeline.store.core import Store

_JOINED = (
    "coalesce((SELECT group_concat(name, ';') FROM (SELECT k.name AS name FROM event_{kind}s l "
    "JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id ORDER BY l.position)), '')"
)


def _cell(name: str, kind: str, column: str | None) -> str:
    if kind == "names":
        return _JOINED.format(kind=rows.link_kind(name))
    return f"coalesce(e.{column}, '')"


_CELLS = ["coalesce(e.uuid, '')", *(_cell(s.name, s.kind, s.column) for s in TYPED_FIELDS if s.csv)]
_ROLE_DATED = "EXISTS (SELECT 1 FROM event_dates r WHERE r.event_id = e.id)"
_SELECT = (
    "SELECT e.id, e.start_earliest, e.start_latest, e.start_edtf, "
    + ", ".join(_CELLS)
    + "".join(f", e.{c}" for c in rows.DATE_COLUMNS)
)
CELLS_AT = 4
DATED = slice(CELLS_AT + len(_CELLS), CELLS_AT + len(_CELLS) + len(rows.DATE_COLUMNS))
ROLE_DATED = DATED.stop
_CSV_NAMES = [s.name for s in TYPED_FIELDS if s.csv]
VALUE_AT = CELLS_AT + 1 + _CSV_NAMES.index("value")
WHEN_AT = CELLS_AT + 1 + _CSV_NAMES.index("when")
END_AT = CELLS_AT + 1 + _CSV_NAMES.index("end_when")


def flat_key(row: Sequence[Any]) -> tuple[str, str, int]:
    """The listing order of a flat row (`rows.sort_key`)."""
    return rows.sort_key_of(row[0], row[1], row[2], row[3])


def flat_rows(
    store: Store, filters: Filters, *, role_dates: bool = True
) -> Iterator[tuple[Any, ...]]:
    """The flat rows of the events `filters` select (a selection by a role's date has none:
    its events are seen on that date, which an `Event` gives). Without `role_dates` (the
    caller knows the selection has none), `ROLE_DATED` is 0 without being looked up."""
    if filters.role is not None:
        raise ValueError("flat rows are read on the events' own dates")
    select = f"{_SELECT}, {_ROLE_DATED if role_dates else '0'}"
    return store.ordered_rows(filters, select, flat_key)
