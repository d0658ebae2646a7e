"""Relative forms resolved against a reference day R (`today`, `last month`, `3 weeks ago`…).

Owns the table of DATES.md "Relative forms". Pure: R is always a parameter.
Decisions encoded here:
- A relative form takes the precision of its unit (`yesterday` day, `last week` week).
- `N units ago` is the day / ISO week / month / year containing R minus N units, calendar-aware
  (a month ago from 31 March is in February); N is a numeral or a word up to twenty, or `a`/`an`.
- `last September` is the latest September that ends before R's month begins; `next September`
  the first that begins after R's month ends; `this September` is September of R's year.
- Seasons likewise: `last winter` is the latest winter that ended before R's month began,
  `next summer` the first that begins after R's month ends, `this summer` the one holding R,
  else the one of R's year (a winter runs December – February).
- `so far this year` is 1 January of R's year – R, `earlier this year` 1 January – the day
  before R, `later this year` the day after R – 31 December; `this month` likewise (one fuzzy
  date of the unit's precision). `early/mid/late last year` (`this`, `next`) is that third.
- A weekday alone (`Tuesday`, `on Tue`) is the latest such day on or before R. *`last Tuesday`
  is refused with a suggestion: sources mean different days by it.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates import cal
from timeline.dates.types import FuzzyDate
from timeline.dates.words import MONTHS, SEASONS, THIRDS, WEEKDAYS, number
from timeline.errors import DateError


class NotACount(DateError):
    """`N units ago` whose N is not a count: final, no span reading is tried instead.

    Without this, `twenty-one days ago` would split at its hyphen and borrow words into a span
    from `twenty days ago` to `one days ago`: a silent misreading.
    """


_SIMPLE = re.compile(r"(today|yesterday|tomorrow|(this|last|next) (week|month|year))")
_AGO = re.compile(r"([a-z0-9-]+) (day|week|month|year)s? ago")
_NAMED = re.compile(r"(this|last|next) ([a-z]+)\.?")
_PART_OF_YEAR = re.compile(r"(so far|earlier|later) this (year|month)")
_THIRD_OF = re.compile(r"(early|mid|late)(?:-| )(this|last|next) year")
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
    if m is not None and m[2] in SEASONS:
        return _named_season(m[1], SEASONS[m[2]], today, text)
    if m is not None and m[2] in WEEKDAYS:
        name = date(2024, 1, 1 + WEEKDAYS[m[2]]).strftime("%A")  # 2024-01-01 is a Monday
        raise DateError(
            text,
            f"'{m[1]} {name}' means different days to different sources",
            f"give the day, or say '{name}' alone for the latest {name} on or before the "
            "reference day",
        )
    return _part_of_year(s, text, today) or _weekday(s, today, text)


def _part_of_year(s: str, text: str, today: date) -> FuzzyDate | None:
    m = _THIRD_OF.fullmatch(s)
    if m is not None:
        year = cal.check_year(today.year + _STEP[m[2]], text)
        return cal.grouping_value(year, THIRDS[m[1]], text)
    m = _PART_OF_YEAR.fullmatch(s)
    if m is None:
        return None
    whole = cal.year_value(today.year, text) if m[2] == "year" else _unit("month", today, 0, text)
    first, last = whole.earliest, whole.latest
    if m[1] == "so far":
        last = today
    elif m[1] == "earlier":
        last = cal.add_days(today, -1, text)
    else:
        first = cal.add_days(today, 1, text)
    if last < first:
        raise DateError(text, f"there is no '{s}' on {today.isoformat()}")
    edtf = f"{first.isoformat()}/{last.isoformat()}"
    return FuzzyDate(first, last, m[2], edtf=edtf)


def _weekday(s: str, today: date, text: str) -> FuzzyDate | None:
    word = s.rstrip(".")
    if word not in WEEKDAYS:
        return None
    day = cal.add_days(today, -((today.weekday() - WEEKDAYS[word]) % 7), text)
    return cal.fuzzy(day, day, "day")


def _named_season(which: str, code: int, today: date, text: str) -> FuzzyDate:
    """`last/this/next spring`: the season relative to R's month (a winter starts in December)."""
    month = {21: 3, 22: 6, 23: 9, 24: 12}[code]
    here = today.year * 12 + today.month - 1

    def span(year: int) -> tuple[int, int]:
        first = year * 12 + month - 1
        return first, first + 2

    if which == "this":
        year = today.year
        for y in (today.year - 1, today.year):
            if span(y)[0] <= here <= span(y)[1]:
                year = y
    elif which == "last":
        year = today.year
        while span(year)[1] >= here:
            year -= 1
    else:
        year = today.year
        while span(year)[0] <= here:
            year += 1
    return cal.grouping_value(cal.check_year(year, text), code, text)


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
