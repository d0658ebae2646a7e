"""Spans: `A to B`, `from A to B`, `between A and B`, `A – B`, `A/B`, `A..B`, `since A`, open ends.

Owns how a span is split into its two ends and how shared parts written once are shared
(`July–August 2024`, `3–5 September 2024`, `September 3–5, 2024`).
Decisions encoded here:
- A part without its year (or a bare day number) takes the missing words from the end of the
  other part: `July–August 2024` is July 2024 – August 2024.
- Open ends: `since A`, `A/..`, `A to present` / `now` / `date` / `ongoing`, `A until now`
  and `A so far` are ongoing as of the reference day R: the end is R (EDTF `..`).
- EDTF intervals with an unknown or open side (the 2019 specification): `A/` (end unknown) is
  one fuzzy date from A's earliest with an open latest, not ongoing; `/B` and `../B` are one
  fuzzy date with an open earliest and B's latest.
- `A and B` outside `between` is the span from A to B (`August and September 2023`).
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
from timeline.dates.types import ONGOING_EDTF, OPEN_EARLIEST, OPEN_LATEST, FuzzyDate
from timeline.errors import DateError

Part = tuple[FuzzyDate, bool]  # the value, and whether it used the reference day
PartReader = Callable[[str], Part | None]
Span = tuple[FuzzyDate, FuzzyDate | None, bool, bool]  # start, end, used R, ongoing

_OPEN = frozenset({"..", "present", "now", "date", "ongoing", "the present"})
_SINCE = re.compile(r"since (.+)")
_SO_FAR = re.compile(r"(.+?) (?:so far|to date|until now|till now|up to now)")
_FROM = re.compile(r"(?:from )?(.+?) (?:to|until|till|through|-) (.+)")
_BETWEEN = re.compile(r"between (.+?) and (.+)")
_AND = re.compile(r"(.+?) and (.+)")
_DAY_ONLY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_DAY_YEAR = re.compile(r"(\d{1,2}(?:st|nd|rd|th)?) (\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+\.?) \d{1,2}(?:st|nd|rd|th)?")


def split_span(s: str, text: str, read: PartReader, today: date) -> Span | None:
    """The span `s` means, or None when `s` is not a span of readable parts."""
    for pattern in (_SINCE, _SO_FAR):
        m = pattern.fullmatch(s)
        if m is not None:
            return _open_span(m[1], text, read, today)
    for pattern in (_BETWEEN, _FROM, _AND):
        m = pattern.fullmatch(s)
        if m is not None:
            return _closed_or_open(m[1], m[2], text, read, today)
    if s.count("/") == 1:
        a, b = (x.strip() for x in s.split("/"))
        if b == "":
            return _unknown_end(a, text, read)
        return _closed_or_open(a, b, text, read, today)
    if s.count("..") == 1:
        a, b = (x.strip() for x in s.split(".."))
        return _closed_or_open(a, b, text, read, today)
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
    if a in ("", ".."):
        return _open_start(a, b, text, read)
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
    end = FuzzyDate(today, today, "day", edtf=ONGOING_EDTF)
    return _checked(part[0], end, text, True, True)


def _open_start(a: str, b: str, text: str, read: PartReader) -> Span | None:
    """`/B` (start unknown) and `../B` (start open): one fuzzy date ending on B's latest day."""
    part = _read(b, read)
    if part is None:
        return None
    value, used = part
    start = FuzzyDate(
        OPEN_EARLIEST, value.latest, value.precision, value.approximate, value.uncertain,
        f"{a}/{cal.edtf_end(value, 'latest')}",
    )  # fmt: skip
    return start, None, used, False


def _unknown_end(a: str, text: str, read: PartReader) -> Span | None:
    """`A/`: A's earliest day, then no latest day known (not ongoing: nobody says it goes on)."""
    part = _read(a, read)
    if part is None:
        return None
    value, used = part
    start = FuzzyDate(
        value.earliest, OPEN_LATEST, value.precision, value.approximate, value.uncertain,
        f"{cal.edtf_end(value, 'earliest')}/",
    )  # fmt: skip
    return start, None, used, False


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
