"""Events (and summed values) per period: a table with a small bar per row, JSON, or CSV.

Decisions encoded here:

- Rows are `(period, count, sums)` tuples (`model.PeriodTotal`); empty periods stay in,
  shown with an empty bar: they are the point of the view.
- The bar is scaled to the busiest period (`BAR` columns wide), `█` on a terminal, `#` in ASCII.
- JSON is a list of `{"period", "count", "sums": {unit: number}}`; CSV has `period,count` and a
  `sum:<unit>` column per unit seen (units sorted), empty where a period has none. Unit names are
  user text: made inert in the table, formula-guarded in CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping

from timeline.csvcell import guard
from timeline.render.viewkit import inert

Row = tuple[str, int, Mapping[str, float | int]]
BAR = 24


def _num(v: float | int) -> str:
    return f"{v:,}" if isinstance(v, int) else f"{v:,.6g}"


def render_stats_table(rows: Iterable[Row], *, ascii: bool = False) -> str:
    rows = list(rows)
    peak = max((r[1] for r in rows), default=0) or 1
    units = sorted({u for r in rows for u in r[2]})
    block = "#" if ascii else "█"
    head = ["period", "count", "", *(f"sum {inert(u) or '(no unit)'}" for u in units)]
    table = [head]
    for period, count, sums in rows:
        bar = block * round(count * BAR / peak) if count else ""
        if count and not bar:
            bar = "▏" if not ascii else "."
        table.append(
            [
                period,
                str(count),
                bar.ljust(BAR),
                *(_num(sums[u]) if u in sums else "" for u in units),
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = []
    for r in table:
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].ljust(widths[2])]
        cells += [c.rjust(w) for c, w in zip(r[3:], widths[3:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_stats_json(rows: Iterable[Row]) -> str:
    data = [{"period": p, "count": n, "sums": dict(s)} for p, n, s in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_stats_csv(rows: Iterable[Row]) -> Iterator[str]:
    rows = list(rows)
    units = sorted({u for r in rows for u in r[2]})
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["period", "count", *(guard(f"sum:{u}") for u in units)])
    for p, n, s in rows:
        writer.writerow([p, n, *(s.get(u, "") for u in units)])
    yield buf.getvalue()
