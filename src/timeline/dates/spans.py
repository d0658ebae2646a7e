"""Spans: `A to B`, `from A to B`, `between A and B`, `A – B`, `A/B`, `A..B`, `since A`, open ends.

Owns how a span is split into its two ends and how shared parts written once are shared
(`July–August 2024`, `3–5 September 2024`, `September 3–5, 2024`).
Decisions encoded here:
- A part without its year (or a bare day number) takes the missing words from the end of the
  other part: `July–August 2024` is July 2024 – August 2024.
- Open ends: `since A`, `A/..`, `A/` (EDTF unknown end) and `A to present` / `now` / `date` /
  `ongoing` are ongoing, resolved to the reference day. An open start (`../B`, `/B`) is refused:
  every event needs an earliest day.
- A span whose end's latest day is before its start's earliest day is an error.
- An unspaced hyphen is tried as a separator only after every single form has failed, at each
  hyphen from the left, so `2022-08` stays a month and `2023-21` a season.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from timeline.dates import cal
from timeline.dates.absolute import MissingYear
from timeline.dates.types import FuzzyDate
from timeline.errors import DateError

Part = tuple[FuzzyDate, bool]  # the value, and whether it used the reference day
PartReader = Callable[[str], Part | None]
Span = tuple[FuzzyDate, FuzzyDate, bool, bool]  # start, end, used reference day, ongoing

_OPEN = frozenset({"..", "", "present", "now", "date", "ongoing", "the present"})
_SINCE = re.compile(r"since (.+)")
_FROM = re.compile(r"(?:from )?(.+?) (?:to|until|till|through|-) (.+)")
_BETWEEN = re.compile(r"between (.+?) and (.+)")
_DAY_ONLY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_DAY_YEAR = re.compile(r"(\d{1,2}(?:st|nd|rd|th)?) (\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+\.?) \d{1,2}(?:st|nd|rd|th)?")


def split_span(s: str, text: str, read: PartReader, today: date) -> Span | None:
    """The span `s` means, or None when `s` is not a span of readable parts."""
    m = _SINCE.fullmatch(s)
    if m is not None:
        return _open_span(m[1], text, read, today)
    for pattern in (_BETWEEN, _FROM):
        m = pattern.fullmatch(s)
        if m is not None:
            return _closed_or_open(m[1], m[2], text, read, today)
    for sep in ("/", ".."):
        if s.count(sep) == 1:
            a, b = s.split(sep)
            return _closed_or_open(a.strip(), b.strip(), text, read, today)
    return _hyphen_span(s, text, read, today)


def _hyphen_span(s: str, text: str, read: PartReader, today: date) -> Span | None:
    for i, ch in enumerate(s):
        if ch == "-" and 0 < i < len(s) - 1:
            try:
                span = _closed_or_open(s[:i], s[i + 1 :], text, read, today)
            except DateError:
                continue
            if span is not None:
                return span
    return None


def _closed_or_open(a: str, b: str, text: str, read: PartReader, today: date) -> Span | None:
    if b in _OPEN:
        return _open_span(a, text, read, today)
    if a in _OPEN:
        raise DateError(text, "a span needs a start", "give the earliest day it can start")
    ends = _both_ends(a, b, read)
    if ends is None:
        return None
    (start, used_a), (end, used_b) = ends
    return _checked(start, end, text, used_a or used_b, False)


def _open_span(a: str, text: str, read: PartReader, today: date) -> Span | None:
    part = _read(a, read)
    if part is None:
        return None
    return _checked(part[0], cal.fuzzy(today, today, "day"), text, True, True)


def _checked(start: FuzzyDate, end: FuzzyDate, text: str, used: bool, ongoing: bool) -> Span:
    if end.latest < start.earliest and ongoing:
        raise DateError(
            text,
            f"it starts ({start.earliest.isoformat()}) after the reference day "
            f"({end.latest.isoformat()})",
            "an open span runs from its start to the reference day (--as-of, else today)",
        )
    if end.latest < start.earliest:
        raise DateError(
            text,
            f"the span ends ({end.latest.isoformat()}) before it starts "
            f"({start.earliest.isoformat()})",
            "write the earlier date first",
        )
    return start, end, used, ongoing


def _read(x: str, read: PartReader) -> Part | None:
    """A part's value; None when it is incomplete (no year, a bare day) or not a date form."""
    if _DAY_ONLY.fullmatch(x):
        return None
    try:
        return read(x)
    except MissingYear:
        return None


def _both_ends(a: str, b: str, read: PartReader) -> tuple[Part, Part] | None:
    ra, rb = _read(a, read), _read(b, read)
    if ra is None and rb is not None:
        ra = _borrow(a, b, read)
    elif rb is None and ra is not None:
        rb = _borrow(b, a, read)
    elif ra is None and rb is None:
        return _month_day_pair(a, b, read)
    if ra is None or rb is None:
        return None
    return ra, rb


def _borrow(part: str, other: str, read: PartReader) -> Part | None:
    """`part` completed with the shortest tail of `other` that makes it readable."""
    words = other.split()
    for n in range(1, len(words)):
        value = _read(f"{part} {' '.join(words[-n:])}", read)
        if value is not None:
            return value
    return None


def _month_day_pair(a: str, b: str, read: PartReader) -> tuple[Part, Part] | None:
    """`September 3–5, 2024`: the month from the start, the year from the end."""
    ma, mb = _MONTH_DAY.fullmatch(a), _DAY_YEAR.fullmatch(b)
    if ma is None or mb is None:
        return None
    ra, rb = _read(f"{a} {mb[2]}", read), _read(f"{ma[1]} {b}", read)
    if ra is None or rb is None:
        return None
    return ra, rb
