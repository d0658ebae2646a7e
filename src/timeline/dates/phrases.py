"""Phrases around a date (DATES.md, "More absolute forms"): the beginning or end of X, the Nth
week of a month, holidays, and the open-earliest and bounded forms (`by X`, `before X`,
`after X`, `not before X`).

Each reader gets normalised text (lower case, `the ` already dropped) and `read`, which reads the
inner date X as the parser does (so X may be any form, relative ones included); it returns the
value and whether the reference day was used, None when the phrase is not its own, or raises
`DateError` when it is but cannot hold.

Decisions encoded here (where DATES.md is silent, marked *):
- `the beginning/start/end of X`: of a year, its first/last month (precision month); of a month,
  days 1–10 / 21–last (month-part, as `early`/`late`). *Of a quarter, third, half or season,
  its first/last month; of a decade or century, its first/last year; of a day or week: refused.
- `the first … fourth week of MONTH`: days 1–7, 8–14, 15–21, 22–28; `the last week`: the last
  seven days (precision week). X must be a month.
- Holidays: `Christmas` (`Christmas Day`) 25 December, `Christmas Eve` 24 December,
  `New Year's Day` 1 January, `New Year's Eve` 31 December, `Easter` and `Orthodox Easter`
  (`dateutil.easter`, western and Orthodox), each with its four-digit year (`of` allowed).
  *A holiday without a year is refused with a suggestion, as a month without a year is.
- Open earliest (`OPEN_EARLIEST`, EDTF `[..X]`): `by X`, `no later than X`, `not later than
  X`, `before the end of X`, `by the end of X` end on X's last day; `before X` on the day before
  X's first day (EDTF `[..that day]`). The precision is X's.
- EDTF `[..X]` is read as `by X`; `[X..]` as X's earliest day with an open latest.
- Bounded, one fuzzy date with no end, not ongoing: `after X` from the day after X's latest,
  `not before X` / `no earlier than X` from X's earliest, to R (today when no `--as-of`);
  EDTF the interval of those bounds. Starting after R is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.dates import cal
from timeline.dates.types import OPEN_EARLIEST, OPEN_LATEST, FuzzyDate
from timeline.dates.words import ORDINALS
from timeline.errors import DateError

Part = tuple[FuzzyDate, bool]  # the value, and whether it used the reference day
Read = Callable[[str], Part | None]

_EDGE = re.compile(r"(beginning|start|end) of (.+)")
_WEEK = re.compile(r"(first|second|third|fourth|1st|2nd|3rd|4th|last) week (?:of |in )?(.+)")
_HOLIDAY = re.compile(
    r"(christmas(?: day)?|christmas eve|new year'?s(?: day)?|new year'?s eve"
    r"|(?:(orthodox|western) )?easter(?: sunday)?)(?: (?:of )?(\S+))?"
)
_BY = re.compile(r"(by the end of|before the end of|no later than|not later than|by|before) (.+)")
_AFTER = re.compile(r"(after|not before|no earlier than) (.+)")
_EDTF_BEFORE = re.compile(r"\[\.\.([^\]]+)\]")
_EDTF_AFTER = re.compile(r"\[([^\]]+)\.\.\]")
_MULTI_MONTH = ("quarter", "third", "half", "season", "year")


def phrase(s: str, text: str, today: date, read: Read) -> Part | None:
    """The value of a phrase around a date, or None if `s` is none of them."""
    for reader in (_edge, _week, _holiday, _by, _edtf_open):
        found = reader(s, text, read)
        if found is not None:
            return found
    return _after(s, text, today, read)


def _inner(x: str, text: str, read: Read, what: str) -> Part:
    part = read(x)
    if part is None:
        raise DateError(text, f"'{x}' after '{what}' is not a date", "try e.g. 'March 2024'")
    return part


def _edge(s: str, text: str, read: Read) -> Part | None:
    m = _EDGE.fullmatch(s)
    if m is None:
        return None
    value, used = _inner(m[2], text, read, f"the {m[1]} of")
    first = m[1] != "end"
    y, mo = value.earliest.year, value.earliest.month
    if value.precision == "month":
        part = cal.month_part_value(y, mo, "early" if first else "late", text)
    elif value.precision in _MULTI_MONTH:
        day = value.earliest if first else value.latest
        part = cal.month_value(day.year, day.month, text)
    elif value.precision in ("decade", "century"):
        part = cal.year_value((value.earliest if first else value.latest).year, text)
    else:
        raise DateError(
            text,
            f"'{m[2]}' is a {value.precision}, which has no beginning or end of its own",
            f"try 'the {m[1]} of' a month or a year",
        )
    return cal.qualified(part, value.approximate, value.uncertain), used


def _week(s: str, text: str, read: Read) -> Part | None:
    m = _WEEK.fullmatch(s)
    if m is None:
        return None
    value, used = _inner(m[2], text, read, f"the {m[1]} week of")
    if value.precision != "month":
        raise DateError(text, f"'{m[2]}' is not a month", "try e.g. 'the first week of March 2024'")
    y, mo = value.earliest.year, value.earliest.month
    if m[1] == "last":
        last = value.latest
        first = last - timedelta(days=6)
    else:
        start = 1 + 7 * (ORDINALS[m[1]] - 1)
        first, last = date(y, mo, start), date(y, mo, start + 6)
    return cal.fuzzy(first, last, "week"), used


_FIXED = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24)}


def _holiday(s: str, text: str, read: Read) -> Part | None:
    m = _HOLIDAY.fullmatch(s.replace("’", "'"))
    if m is None:
        return None
    name = m[1]
    if m[3] is None or not m[3].isdigit():
        shown = " ".join(w.capitalize() for w in name.split())
        raise DateError(text, f"'{shown}' has no year", f"add the year, e.g. '{shown} 2024'")
    from timeline.dates.absolute import year_of

    year = year_of(m[3], text)
    if "easter" in name:
        from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

        day = easter(year, EASTER_ORTHODOX if m[2] == "orthodox" else EASTER_WESTERN)
    elif name.endswith("eve") and name.startswith("new"):
        day = date(year, 12, 31)
    elif name.startswith("new"):
        day = date(year, 1, 1)
    else:
        day = date(year, *_FIXED[name])
    return cal.fuzzy(day, day, "day"), False


def _by(s: str, text: str, read: Read) -> Part | None:
    m = _BY.fullmatch(s)
    if m is None:
        return None
    value, used = _inner(m[2], text, read, m[1])
    if m[1] == "before":
        latest = cal.add_days(value.earliest, -1, text)
        edtf = f"[..{latest.isoformat()}]"
    else:
        latest = value.latest
        edtf = f"[..{cal.edtf_end(value, 'latest')}]"
    found = FuzzyDate(OPEN_EARLIEST, latest, value.precision, edtf=edtf)
    return cal.qualified(found, value.approximate, value.uncertain), used


def _edtf_open(s: str, text: str, read: Read) -> Part | None:
    """EDTF level 2 `[..X]` (on or before X: an open earliest) and `[X..]` (on or after X: an
    open latest)."""
    m = _EDTF_BEFORE.fullmatch(s)
    if m is not None:
        value, used = _inner(m[1], text, read, "[..")
        edtf = f"[..{cal.edtf_end(value, 'latest')}]"
        found = FuzzyDate(OPEN_EARLIEST, value.latest, value.precision, edtf=edtf)
        return found, used
    m = _EDTF_AFTER.fullmatch(s)
    if m is None:
        return None
    value, used = _inner(m[1], text, read, "..]")
    edtf = f"{cal.edtf_end(value, 'earliest')}/"
    found = FuzzyDate(value.earliest, OPEN_LATEST, value.precision, edtf=edtf)
    return found, used


def _after(s: str, text: str, today: date, read: Read) -> Part | None:
    m = _AFTER.fullmatch(s)
    if m is None:
        return None
    value, _ = _inner(m[2], text, read, m[1])
    first = cal.add_days(value.latest, 1, text) if m[1] == "after" else value.earliest
    if first > today:
        raise DateError(
            text,
            f"it begins ({first.isoformat()}) after the reference day ({today.isoformat()})",
            "give --as-of the day the source was written",
        )
    found = FuzzyDate(
        first, today, value.precision, edtf=f"{first.isoformat()}/{today.isoformat()}"
    )
    return cal.qualified(found, value.approximate, value.uncertain), True
