"""The fast path: the commonest forms read with one regular expression and no normalisation.

Owns speed only, never meaning: `fast(text)` returns the same `FuzzyDate` the full parser
would for ISO days, ISO months and sub-year codes, four-digit years, `August 2022`,
`late 2023`, `spring 2023` and `Q3 2024` as usually typed, and None for everything else
(including every impossible value, so that the full parser words the error). A property test
holds the two paths to the same answers.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates.cal import GROUPINGS, month_days
from timeline.dates.types import FuzzyDate
from timeline.dates.words import MONTHS, SEASONS, THIRDS

_FAST = re.compile(
    r"(?P<day>(?P<dy>\d{4})-(?P<dm>\d\d)-(?P<dd>\d\d))"
    r"|(?P<ym>(?P<my>\d{4})-(?P<mm>\d\d))"
    r"|(?P<year>\d{4})"
    r"|(?P<word>[A-Za-z]+)\.?[ -](?P<wy>\d{4})"
    r"|[Qq](?P<q>[1-4]) (?P<qy>\d{4})",
    re.ASCII,
)
_CODES: dict[str, int] = {**THIRDS, **SEASONS}


def _table() -> dict[int, tuple[str, int, int, int, str]]:
    """code -> (precision, first month, last month, years to the last month, EDTF code)."""
    table = {}
    for code, (precision, month, count) in GROUPINGS.items():
        end = month + count - 1
        table[code] = (precision, month, (end - 1) % 12 + 1, int(end > 12), f"-{code}")
    return table


_GROUPS = _table()


def fast(text: str) -> FuzzyDate | None:
    """The value of `text` when it is one of the commonest forms, else None."""
    m = _FAST.fullmatch(text)
    if m is None:
        return None
    kind = m.lastgroup  # the outermost group that closed last: day, ym, year, wy or qy
    if kind == "day":
        return _day(int(m["dy"]), int(m["dm"]), int(m["dd"]), m["day"])
    if kind == "ym":
        return _year_month(int(m["my"]), int(m["mm"]), m["ym"])
    if kind == "year":
        year = int(m["year"])
        return _whole_year(year, m["year"]) if year else None
    if kind == "wy":
        return _word_year(m["word"].lower(), int(m["wy"]), m["wy"])
    return _grouping(int(m["qy"]), 32 + int(m["q"]), m["qy"])


def _day(year: int, month: int, day: int, edtf: str) -> FuzzyDate | None:
    if not (year and 1 <= month <= 12 and 1 <= day <= month_days(year, month)):
        return None
    d = date(year, month, day)
    return FuzzyDate(d, d, "day", False, False, edtf)


def _month(year: int, month: int, edtf: str) -> FuzzyDate:
    last = date(year, month, month_days(year, month))
    return FuzzyDate(date(year, month, 1), last, "month", False, False, edtf)


def _whole_year(year: int, edtf: str) -> FuzzyDate:
    return FuzzyDate(date(year, 1, 1), date(year, 12, 31), "year", False, False, edtf)


def _year_month(year: int, nn: int, edtf: str) -> FuzzyDate | None:
    if not year:
        return None
    if 1 <= nn <= 12:
        return _month(year, nn, edtf)
    return _grouping(year, nn, edtf[:4]) if nn in _GROUPS else None


def _word_year(word: str, year: int, digits: str) -> FuzzyDate | None:
    if not year:
        return None
    month = MONTHS.get(word)
    if month is not None:
        return _month(year, month, f"{digits}-{month:02d}")
    code = _CODES.get(word)
    return _grouping(year, code, digits) if code is not None else None


def _grouping(year: int, code: int, digits: str) -> FuzzyDate | None:
    precision, month, end_month, offset, edtf = _GROUPS[code]
    end_year = year + offset
    if not year or end_year > 9999:
        return None
    last = date(end_year, end_month, month_days(end_year, end_month))
    return FuzzyDate(date(year, month, 1), last, precision, False, False, digits + edtf)
