"""Calendar arithmetic and the constructors of every fuzzy date the parser produces.

Owns: month lengths, calendar-aware month shifting (month-end clipping, as dateutil's
relativedelta does), the EDTF sub-year groupings 21–41 and the EDTF text of a value.
Decisions encoded here:
- Years run 1–9999; anything else raises `DateError` saying so.
- EDTF winter (24, 28 and southern summer 30) runs Dec 1 – end of Feb of the next year.
- A value's EDTF is derived from its bounds and precision, except that a sub-year grouping
  keeps the code it was read from (`2023-29`, a southern spring, stays `2023-29`); week and
  month-part values, which have no EDTF of their own, are written as an interval of their
  bounds.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.dates.described import qualifier_mark
from timeline.dates.types import FuzzyDate
from timeline.errors import DateError

MIN_YEAR = 1
MAX_YEAR = 9999
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# code -> (precision, first month, number of months)
GROUPINGS: dict[int, tuple[str, int, int]] = {
    21: ("season", 3, 3),
    22: ("season", 6, 3),
    23: ("season", 9, 3),
    24: ("season", 12, 3),
    25: ("season", 3, 3),
    26: ("season", 6, 3),
    27: ("season", 9, 3),
    28: ("season", 12, 3),
    29: ("season", 9, 3),
    30: ("season", 12, 3),
    31: ("season", 3, 3),
    32: ("season", 6, 3),
    33: ("quarter", 1, 3),
    34: ("quarter", 4, 3),
    35: ("quarter", 7, 3),
    36: ("quarter", 10, 3),
    37: ("third", 1, 4),
    38: ("third", 5, 4),
    39: ("third", 9, 4),
    40: ("half", 1, 6),
    41: ("half", 7, 6),
}


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    """Number of days in `month` of `year`."""
    if month == 2 and is_leap(year):
        return 29
    return _DAYS[month - 1]


def check_year(year: int, text: str) -> int:
    """`year` if it lies in 1–9999, else a `DateError` that says so."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return year
    raise DateError(text, f"year {year} is outside 1–9999", "years run from 0001 to 9999")


def shift_months(year: int, month: int, delta: int, text: str) -> tuple[int, int]:
    """The (year, month) `delta` months after `year`-`month`, checked against 1–9999."""
    index = year * 12 + (month - 1) + delta
    return check_year(index // 12, text), index % 12 + 1


def add_months(day: date, delta: int, text: str) -> date:
    """`day` moved by `delta` calendar months, clipping to the month's last day."""
    year, month = shift_months(day.year, day.month, delta, text)
    return date(year, month, min(day.day, month_days(year, month)))


def add_days(day: date, delta: int, text: str) -> date:
    """`day` + `delta` days, or a `DateError` when that leaves years 1–9999."""
    try:
        return day + timedelta(days=delta)
    except OverflowError:
        raise DateError(text, "that day is outside years 1–9999") from None


def months_span(year: int, month: int, count: int, text: str) -> tuple[date, date]:
    """First day of `year`-`month` and last day of the month `count - 1` later."""
    check_year(year, text)
    end_year, end_month = shift_months(year, month, count - 1, text)
    return date(year, month, 1), date(end_year, end_month, month_days(end_year, end_month))


def edtf_of(earliest: date, latest: date, precision: str) -> str:
    """The EDTF text of a value with these bounds and precision (qualifiers not included)."""
    y = earliest.year
    if precision == "day":
        return earliest.isoformat()
    if precision == "month":
        return f"{y:04d}-{earliest.month:02d}"
    if precision == "year":
        return f"{y:04d}"
    if precision == "decade":
        return f"{y // 10:03d}X"
    if precision == "century":
        return f"{y // 100:02d}XX"
    code = _grouping_code(earliest.month, precision)
    if code:
        return f"{y:04d}-{code}"
    return f"{earliest.isoformat()}/{latest.isoformat()}"


def _grouping_code(month: int, precision: str) -> int:
    if precision == "quarter":
        return 33 + (month - 1) // 3
    if precision == "third":
        return 37 + (month - 1) // 4
    if precision == "half":
        return 40 if month <= 6 else 41
    if precision == "season":
        return {3: 21, 6: 22, 9: 23, 12: 24}[month]
    return 0


def edtf_end(value: FuzzyDate, side: str) -> str:
    """The EDTF of one end of `value` for an interval or a set around it: its own EDTF (without
    qualifiers) when it is a single EDTF value, else its `earliest` or `latest` day."""
    plain = value.edtf.rstrip("~?%")
    if plain and "/" not in plain and ".." not in plain:
        return plain
    return (value.earliest if side == "earliest" else value.latest).isoformat()


def fuzzy(
    earliest: date, latest: date, precision: str, approx: bool = False, uncertain: bool = False
) -> FuzzyDate:
    """A `FuzzyDate` with its EDTF filled in (qualifier marker appended)."""
    plain = FuzzyDate(earliest, latest, precision, edtf=edtf_of(earliest, latest, precision))
    return qualified(plain, approx, uncertain)


def qualified(value: FuzzyDate, approx: bool, uncertain: bool) -> FuzzyDate:
    """`value` with its qualifiers set and their EDTF mark appended to each part of its EDTF."""
    mark = qualifier_mark(approx, uncertain)
    edtf = "/".join(
        part.rstrip("~?%") + mark if part not in ("", "..") else part
        for part in value.edtf.split("/")
    )
    return FuzzyDate(value.earliest, value.latest, value.precision, approx, uncertain, edtf)


def day_value(year: int, month: int, day: int, text: str) -> FuzzyDate:
    """One calendar day, with a clear error for an impossible one (30 February)."""
    check_year(year, text)
    if not 1 <= month <= 12:
        raise DateError(text, f"{month} is not a month (1–12)")
    if not 1 <= day <= month_days(year, month):
        name = date(2000, month, 1).strftime("%B")
        raise DateError(
            text, f"{name} {year:04d} has no day {day}", f"it has {month_days(year, month)} days"
        )
    d = date(year, month, day)
    return fuzzy(d, d, "day")


def month_value(year: int, month: int, text: str) -> FuzzyDate:
    """A whole calendar month."""
    first, last = months_span(year, month, 1, text)
    return fuzzy(first, last, "month")


def year_value(year: int, text: str) -> FuzzyDate:
    """A whole calendar year."""
    check_year(year, text)
    return fuzzy(date(year, 1, 1), date(year, 12, 31), "year")


def grouping_value(year: int, code: int, text: str) -> FuzzyDate:
    """An EDTF sub-year grouping 21–41 of `year` (winter runs into the next year)."""
    precision, month, count = GROUPINGS[code]
    first, last = months_span(year, month, count, text)
    return FuzzyDate(first, last, precision, edtf=f"{year:04d}-{code}")


def years_value(first_year: int, count: int, precision: str, text: str) -> FuzzyDate:
    """A decade or century starting at `first_year`, clipped to year 1 at the bottom."""
    start = max(first_year, MIN_YEAR)
    check_year(first_year + count - 1, text)
    return fuzzy(date(start, 1, 1), date(first_year + count - 1, 12, 31), precision)


def week_value(iso_year: int, week: int, text: str) -> FuzzyDate:
    """ISO week `week` of `iso_year`, Monday to Sunday."""
    check_year(iso_year, text)
    try:
        monday = date.fromisocalendar(iso_year, week, 1)
    except ValueError:
        raise DateError(text, f"{iso_year:04d} has no ISO week {week}") from None
    return fuzzy(monday, add_days(monday, 6, text), "week")


def week_of(day: date, text: str) -> FuzzyDate:
    """The ISO week (Monday – Sunday) containing `day`."""
    monday = add_days(day, -day.weekday(), text)
    return fuzzy(monday, add_days(monday, 6, text), "week")


def month_part_value(year: int, month: int, part: str, text: str) -> FuzzyDate:
    """`early` (1–10), `mid` (11–20) or `late` (21–last day) of a month."""
    check_year(year, text)
    first, last = {"early": (1, 10), "mid": (11, 20)}.get(part, (21, month_days(year, month)))
    return fuzzy(date(year, month, first), date(year, month, last), "month-part")
