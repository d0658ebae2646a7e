"""Counts and sums of events per month, quarter or year, computed in SQL over a `Filters` selection.

Decisions encoded here:

- An event counts in the period of its `start.earliest` (the first day it can touch), so every
  event counts exactly once, whatever its precision or length; an event with an open earliest
  (`by March 2024`) counts in the period of its latest day, where it sorts.
- The period key is cut from the ISO `start_earliest` text (`2024-01`, `2024-Q1`, `2024`) and
  grouped in SQL; the selection is the same `Filters` expression `list` uses (`--limit` and
  `--reverse` do not apply to totals).
- Empty periods are included between the first and the last period: from the `--from` window
  when given (else the first event's) to the `--to` window (else the last event's).
- Asked of a role (`Filters.role`), an event counts in the period of that role's date, and
  events without one are not counted.
- Without sums the query reads the start index alone (`rows.sort_day_indexed_sql`); sums are
  per unit (`value` summed where it is set; a value without a unit sums under `""`),
  only when asked for; integer sums stay integers, float sums are rounded to 15 significant
  digits so that binary noise (`1.2000000000000002`) does not show.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from timeline.model import Filters
from timeline.model.results import PeriodTotal
from timeline.store.filters import dated, rows_from
from timeline.store.rows import sort_day_indexed_sql

if TYPE_CHECKING:
    from timeline.store.core import Store

BY = ("month", "quarter", "year")

_KEY = {
    "month": "substr({day}, 1, 7)",
    "year": "substr({day}, 1, 4)",
    "quarter": "substr({day}, 1, 4) || '-Q' || ((CAST(substr({day}, 6, 2) AS INTEGER) + 2) / 3)",
}
"""The period key of the sort day `{day}` (the event's, or with a role the role date's)."""


def period_of(day: date, by: str) -> str:
    """The period key of a day: `2024-01`, `2024-Q1` or `2024`."""
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month + 2) // 3}"
    return f"{day.year:04d}"


def _index(key: str, by: str) -> int:
    """Periods as consecutive integers, to walk a range including the empty ones."""
    year = int(key[:4])
    if by == "month":
        return year * 12 + int(key[5:7]) - 1
    if by == "quarter":
        return year * 4 + int(key[-1]) - 1
    return year


def _key(index: int, by: str) -> str:
    if by == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if by == "quarter":
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return f"{index:04d}"


def _grouped(
    store: Store, filters: Filters, by: str, sums: bool
) -> dict[str, tuple[int, dict[str, float | int]]]:
    sql, params = store.where(filters)
    key = _KEY[by].format(day=sort_day_indexed_sql(dated(filters)))
    if sums:
        query = (
            f"SELECT {key} AS period, coalesce(e.unit, '') AS unit, count(*), sum(e.value) "
            f"FROM {rows_from(filters)} WHERE {sql} GROUP BY period, unit ORDER BY period"
        )
    else:  # counts alone: the start index covers the query, the table is not read
        query = (
            f"SELECT {key} AS period, '', count(*), NULL "
            f"FROM {rows_from(filters)} WHERE {sql} GROUP BY period ORDER BY period"
        )
    out: dict[str, tuple[int, dict[str, float | int]]] = {}
    for period, unit, count, total in store.stream(query, params):
        n, totals = out.get(period, (0, {}))
        if total is not None:
            totals[unit] = _tidy(total)
        out[period] = (n + count, totals)
    return out


def _tidy(total: float | int) -> float | int:
    """A float sum without binary noise (0.1 + 1.1 shows as 1.2): 15 significant digits."""
    return total if isinstance(total, int) else float(f"{total:.15g}")


def period_totals(
    store: Store, filters: Filters, *, by: str = "month", sums: bool = False
) -> list[PeriodTotal]:
    """One row per period from the first to the last, empty ones included."""
    found = _grouped(store, filters, by, sums)
    keys = [_index(k, by) for k in found]
    first = [_index(period_of(filters.window_start, by), by)] if filters.window_start else keys[:1]
    last = [_index(period_of(filters.window_end, by), by)] if filters.window_end else keys[-1:]
    if not first or not last:
        return []
    rows = []
    for i in range(first[0], last[0] + 1):
        key = _key(i, by)
        count, totals = found.get(key, (0, {}))
        rows.append(PeriodTotal(key, count, dict(sorted(totals.items())) if sums else {}))
    return rows
