"""EDTF for other programs: every EDTF string an export writes, in a form EDTF readers take.

The tool reads and shows its own EDTF (`timeline parse`): a sub-year grouping keeps its code with
its qualifier (`c. late 2023` is `2023-39~`), an open earliest names X's own code
(`[..2023-39]`) and a qualified one carries the mark after the set (`[..2024-03]?`). EDTF
readers such as python-edtf take none of these three: a qualifier follows a date or a season
(21–24) only, a set's `..X` names a date, and an interval's sides are dates or seasons 21–24.
So the exports (the JSON events' `edtf`, the CSV `edtf` column) write the same bounds in forms
they do take:

- a qualified sub-year grouping is the interval of its months, each qualified:
  `2023-39~` → `2023-09~/2023-12~` (so a qualified winter even keeps its February);
- an open earliest `[..X]` names X when X is a day, a month or a year, else X's last month (a
  grouping) or day; with a qualifier it is the open-start interval `../X?`, which readers take
  (the tool reads `../X` as the same open earliest);
- a side of an interval (`../X`, `/X`, `X/`) that is a grouping beyond the seasons is its
  first or last month.

Everything else is written as the tool has it. Two readings differ in python-edtf and are the
documented exceptions: an unqualified winter (`2023-24`) ends on 31 December there (DATES.md),
and an unknown side (`/2006`, `2004-06-01/`) is put ten years away, where the 2019
specification (and the tool) leave it unknown.

`event_edtf` is one string for a whole event: its date, a span `A/B` from its start's first
side to its end's last (each a date or season, with its qualifier, else the month or day of the
bound), and an ongoing span `A/..`: the open end stays open.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.dates.described import marker
from timeline.dates.types import ONGOING_EDTF, FuzzyDate
from timeline.model import Event

_GROUPING = re.compile(r"\d{4}-(?:2[1-9]|3\d|4[01])")
_SEASON = re.compile(r"\d{4}-2[1-4]")
_DATE_TEXT = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?"
_DATE = re.compile(_DATE_TEXT)
"""A level 0 date, as an EDTF reader takes it anywhere."""
_SIDE = re.compile(rf"(?:{_DATE_TEXT}|\d{{4}}-2[1-4])[~?%]?")
"""What an interval's side may be: a date or a season (21–24), qualified or not."""


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _bound(plain: str, day: date, *, grouping_month: bool = True) -> str:
    """`plain` (a tool EDTF without qualifier) when it is a date, else the month (a grouping)
    or the day of `day`."""
    if _DATE.fullmatch(plain):
        return plain
    if grouping_month and _GROUPING.fullmatch(plain):
        return _month(day)
    return day.isoformat()


def portable(fd: FuzzyDate) -> str:
    """The EDTF of `fd` as an export writes it (see the module docstring)."""
    edtf, mark = fd.edtf, marker(fd)
    if edtf == ONGOING_EDTF or not edtf:
        return edtf
    plain = edtf.rstrip("~?%")
    if _GROUPING.fullmatch(plain):
        if not mark or plain != edtf.removesuffix(mark):
            return edtf
        return f"{_month(fd.earliest)}{mark}/{_month(fd.latest)}{mark}"
    if edtf.startswith("[.."):
        inner = edtf[3:].rstrip("~?%").removesuffix("]").rstrip("~?%")
        x = _bound(inner, fd.latest)
        return f"../{x}{mark}" if mark else f"[..{x}]"
    if "/" in edtf:
        lower, upper = edtf.split("/", 1)
        return f"{_side(lower, fd.earliest)}/{_side(upper, fd.latest)}"
    return edtf


def _side(part: str, day: date) -> str:
    """One side of a tool interval, kept when a reader takes it."""
    if part in ("", ".."):
        return part
    if _SIDE.fullmatch(part):
        return part
    mark = part[len(part.rstrip("~?%")) :]
    return _bound(part.rstrip("~?%"), day) + mark


def _span_side(fd: FuzzyDate, side: str) -> str:
    """A fuzzy date as one side of the event's interval: its own EDTF when that is a date or
    a season (21–24), else the month (a grouping) or day of the bound on that side."""
    if side == "lower" and fd.open_earliest:
        return ".."
    if side == "upper" and fd.open_latest:
        return ""
    own = portable(fd)
    if _SIDE.fullmatch(own):
        return own
    day = fd.earliest if side == "lower" else fd.latest
    return _bound(fd.edtf.rstrip("~?%"), day) + marker(fd)


def event_edtf(event: Event) -> str:
    """One EDTF string for the whole event (`2022-08`, `2024-07/2024-08`, `2022-08/..`)."""
    return span_edtf(event.start, event.end, event.ongoing)


def span_edtf(start: FuzzyDate, end: FuzzyDate | None, ongoing: bool) -> str:
    """`event_edtf` of an event with these dates."""
    if end is None:
        return portable(start)
    upper = ONGOING_EDTF if ongoing else _span_side(end, "upper")
    return f"{_span_side(start, 'lower')}/{upper}"
