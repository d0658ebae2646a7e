"""Durations: typed thresholds (`90d`, `3 months`, `P1Y2M10D`) and shown calendar forms.

Owns reading a duration, adding one to a day, and the calendar form between two days.
Decisions encoded here:
- Weeks become days (`2w` is 14 days); months and years stay calendar units.
- Adding works as `dateutil.relativedelta` adds: years and months first, clipping to the
  month's last day (31 January + 1 month is 29 February in a leap year), then days.
- `calendar_form(a, b)` is what `relativedelta(b, a)` gives, computed here without dateutil;
  a negative difference is written with a leading `-` (`-3 months 1 day`).
- ISO 8601 durations with a time part (`PT5H`) are refused: dates here are whole days.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates import cal
from timeline.dates.types import Duration
from timeline.errors import DateError

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "mos": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
_TERM = re.compile(r"(\d{1,6}) ?([a-z]+)")
_ISO = re.compile(r"p(?:(\d{1,6})y)?(?:(\d{1,6})m)?(?:(\d{1,6})w)?(?:(\d{1,6})d)?")
_HINT = "try '90d', '90 days', '2w', '3 months', '1 year 2 months' or 'P1Y2M10D'"


def parse_duration(text: str) -> Duration:
    """Read `90d`, `3 months`, `1 year 2 months`, `P1Y2M10D`; raise `DateError` otherwise."""
    s = " ".join(text.lower().replace(",", " ").split())
    if not s or len(s) > 100 or not s.isascii():
        raise DateError(text[:60], "this is not a duration", _HINT)
    if s.startswith("p"):
        return _iso(s, text)
    totals = {"d": 0, "w": 0, "m": 0, "y": 0}
    rest = _TERM.sub(lambda m: _add_term(m, totals, text), s)
    if rest.replace(" and ", " ").strip(" ") or rest == s:
        raise DateError(text, f"'{rest.strip() or s}' is not a duration", _HINT)
    return Duration(totals["y"], totals["m"], totals["d"] + 7 * totals["w"], text)


def _add_term(m: re.Match[str], totals: dict[str, int], text: str) -> str:
    unit = _UNITS.get(m[2])
    if unit is None:
        raise DateError(text, f"'{m[2]}' is not a unit", "use days, weeks, months or years")
    totals[unit] += int(m[1])
    return " "


def _iso(s: str, text: str) -> Duration:
    m = _ISO.fullmatch(s)
    if m is None or s == "p":
        hint = "durations are whole days here; " if "t" in s else ""
        raise DateError(text, "this is not an ISO 8601 duration of days", hint + _HINT)
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return Duration(y, mo, d + 7 * w, text)


def add_duration(day: date, duration: Duration) -> date:
    """`day` + `duration`, calendar-aware (as `dateutil.relativedelta` adds)."""
    moved = cal.add_months(day, 12 * duration.years + duration.months, duration.text)
    return cal.add_days(moved, duration.days, duration.text)


def relative_parts(start: date, end: date) -> tuple[int, int, int]:
    """(years, months, days) as `relativedelta(end, start)` gives them (all of one sign)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    step = -1 if end >= start else 1
    while True:
        moved = cal.add_months(start, months, "")
        if (end < moved) if step == -1 else (end > moved):
            months += step
            continue
        break
    days = (end - moved).days
    sign = -1 if months < 0 else 1
    years, months = divmod(abs(months), 12)
    return sign * years, sign * months, days


def calendar_form(start: date, end: date) -> str:
    """The calendar form between two days, e.g. `1 year 4 months 1 day` (`0 days` if equal)."""
    years, months, days = relative_parts(start, end)
    parts = [
        f"{abs(n)} {unit}{'' if abs(n) == 1 else 's'}"
        for n, unit in ((years, "year"), (months, "month"), (days, "day"))
        if n
    ]
    if not parts:
        return "0 days"
    sign = "-" if (years or months or days) < 0 else ""
    return sign + " ".join(parts)
