"""`timeline lags`: each event's lag from one role date to another, and the summary, as plain
lines, JSON and CSV.

Decisions encoded here:
- A lag is a range (DATES.md, Durations): its least and greatest days with their calendar forms;
  a negative least means the second date may come first; no greatest (`null`, `?`) when an open
  side leaves none.
- The summary: how many lags, how many have no greatest figure, the shortest and the longest
  (the events whose midpoints are least and greatest, with their ranges), and the median of the
  midpoints in days. JSON holds both as `{"lags": [...], "summary": {...}}`; CSV one row per
  event (the summary is for the eye and for JSON).
- Titles and date texts are inert in plain lines (`render.safe`); data formats keep them exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from timeline.csvcell import guard
from timeline.dates.durations import calendar_form
from timeline.model.results import Lag, LagReport
from timeline.render.safe import inert

CSV_COLUMNS = ("id", "title", "from_role", "from_when", "from_earliest", "from_latest", "to_role",
               "to_when", "to_earliest", "to_latest", "min_days", "max_days")  # fmt: skip


def _day(d: date, *, low: bool) -> str | None:
    if d == (date.min if low else date.max):
        return None
    return d.isoformat()


def _range(lag: Lag) -> str:
    high = "?" if lag.max_days is None else str(lag.max_days)
    if high != str(lag.min_days):
        return f"{lag.min_days} to {high} days"
    return f"{lag.min_days} day" if abs(lag.min_days) == 1 else f"{lag.min_days} days"


def render_plain(report: LagReport) -> Iterator[str]:
    """One line per event, then the summary."""
    for lag in report.lags:
        yield (f"#{lag.event.id} {inert(lag.event.title)}: {report.start} {inert(lag.from_when)}"
               f" -> {report.end} {inert(lag.to_when)}: {_range(lag)}")  # fmt: skip
    yield from summary_lines(report)


def summary_lines(report: LagReport) -> Iterator[str]:
    """The summary as plain lines."""
    count = len(report.lags)
    open_ = f" ({report.unbounded} with no longest figure)" if report.unbounded else ""
    yield f"lags from {report.start} to {report.end}: {count}{open_}"
    for label, lag in (("shortest", report.shortest), ("longest", report.longest)):
        if lag is not None:
            yield f"{label}: #{lag.event.id} {inert(lag.event.title)}, {_range(lag)}"
    if report.median is not None:
        yield f"median of the midpoints: {report.median:g} days"


def _lag_json(lag: Lag, report: LagReport) -> dict[str, object]:
    return {
        "id": lag.event.id,
        "title": lag.event.title,
        "from": {"role": report.start, "when": lag.from_when,
                 "earliest": _day(lag.from_days[0], low=True),
                 "latest": _day(lag.from_days[1], low=False)},
        "to": {"role": report.end, "when": lag.to_when,
               "earliest": _day(lag.to_days[0], low=True),
               "latest": _day(lag.to_days[1], low=False)},
        "min_days": lag.min_days,
        "max_days": lag.max_days,
        "min_calendar": calendar_form(lag.from_days[1], lag.to_days[0]),
        "max_calendar": None if lag.max_days is None
        else calendar_form(lag.from_days[0], lag.to_days[1]),
    }  # fmt: skip


def _brief(lag: Lag | None) -> dict[str, object] | None:
    if lag is None:
        return None
    return {"id": lag.event.id, "min_days": lag.min_days, "max_days": lag.max_days}


def render_json(report: LagReport) -> Iterator[str]:
    """`{"lags": [...], "summary": {...}}` on one line."""
    import json

    doc = {
        "lags": [_lag_json(lag, report) for lag in report.lags],
        "summary": {
            "from": report.start,
            "to": report.end,
            "count": len(report.lags),
            "unbounded": report.unbounded,
            "left_out": report.left_out,
            "shortest": _brief(report.shortest),
            "longest": _brief(report.longest),
            "median_days": report.median,
        },
    }
    yield json.dumps(doc, ensure_ascii=False)


def render_csv(report: LagReport) -> Iterator[str]:
    """A header, then one row per event (formula guard on every cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for lag in report.lags:
        j = _lag_json(lag, report)
        f, t = j["from"], j["to"]
        assert isinstance(f, dict) and isinstance(t, dict)
        cells = [lag.event.id, lag.event.title, report.start, lag.from_when, f["earliest"],
                 f["latest"], report.end, lag.to_when, t["earliest"], t["latest"], lag.min_days,
                 lag.max_days]  # fmt: skip
        writer.writerow([guard("" if c is None else str(c)) for c in cells])
    yield buffer.getvalue().removesuffix("\n")
