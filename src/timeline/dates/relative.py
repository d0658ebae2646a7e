"""Relative forms resolved against a reference day R (`today`, `last month`, `3 weeks ago`…).

Owns the table of DATES.md "Relative forms". Pure: R is always a parameter.
Decisions encoded here:
- A relative form takes the precision of its unit (`yesterday` day, `last week` week).
- `N units ago` is the day / ISO week / month / year containing R minus N units, calendar-aware
  (a month ago from 31 March is in February); N is a numeral or a word up to twenty, or `a`/`an`.
- `last September` is the latest September that ends before R's month begins; `next September`
  the first that begins after R's month ends; `this September` is September of R's year.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates import cal
from timeline.dates.types import FuzzyDate
from timeline.dates.words import MONTHS, number
from timeline.errors import DateError


class NotACount(DateError):
    """`N units ago` whose N is not a count: final, no span reading is tried instead.

    Without this, `twenty-one days ago` would split at its hyphen and borrow words into a span
    from `twenty days ago` to `one days ago`: a silent misreading.
    """


_SIMPLE = re.compile(r"(today|yesterday|tomorrow|(this|last|next) (week|month|year))")
_AGO = re.compile(r"([a-z0-9-]+) (day|week|month|year)s? ago")
_NAMED = re.compile(r"(this|last|next) ([a-z]+)\.?")
_STEP = {"this": 0, "last": -1, "next": 1, "today": 0, "yesterday": -1, "tomorrow": 1}


def relative(s: str, text: str, today: date) -> FuzzyDate | None:
    """The value of a relative form against `today` (R), None if `s` is not one."""
    m = _SIMPLE.fullmatch(s)
    if m is not None:
        if m[2] is None:
            return _unit("day", today, _STEP[m[1]], text)
        return _unit(m[3], today, _STEP[m[2]], text)
    m = _AGO.fullmatch(s)
    if m is not None:
        n = number(m[1])
        if n is None:
            raise NotACount(
                text,
                f"'{m[1]}' is not a number",
                f"write it as a numeral or a word up to twenty, e.g. '3 {m[2]}s ago'",
            )
        return _unit(m[2], today, -n, text)
    m = _NAMED.fullmatch(s)
    if m is not None and m[2] in MONTHS:
        return _named_month(m[1], MONTHS[m[2]], today, text)
    return None


def _unit(unit: str, today: date, step: int, text: str) -> FuzzyDate:
    """The `unit` containing R moved by `step` units."""
    if unit == "day":
        day = cal.add_days(today, step, text)
        return cal.fuzzy(day, day, "day")
    if unit == "week":
        return cal.week_of(cal.add_days(today, 7 * step, text), text)
    if unit == "month":
        year, month = cal.shift_months(today.year, today.month, step, text)
        return cal.month_value(year, month, text)
    return cal.year_value(cal.check_year(today.year + step, text), text)


def _named_month(which: str, month: int, today: date, text: str) -> FuzzyDate:
    year = today.year
    if which == "last" and month >= today.month:
        year -= 1
    elif which == "next" and month <= today.month:
        year += 1
    return cal.month_value(cal.check_year(year, text), month, text)
