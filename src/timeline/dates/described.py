"""Words for a value on a terminal: `describe(when)` and the qualifier `marker`.

Owns the one-line reading shared by `parse` and `add`, e.g.
`2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)`.
Decisions encoded here: a single day is shown once; qualifiers are named in words after the
precision (`year, approximate`); an open earliest is shown `… 2024-03-31` and an unknown latest
`2004-06-01 … ?`; a span shows both ends joined by ` to `; an ongoing end is shown
`2024-10-15+ (ongoing as of 2024-10-15; EDTF 2022-08/..)`; `as of R` follows when the
reference day was used otherwise.
"""

from __future__ import annotations

from datetime import date

from timeline.dates.types import FuzzyDate, When

PRECISION_WORDS: dict[str, str] = {
    "day": "day",
    "week": "ISO week",
    "month-part": "part of a month",
    "month": "month",
    "quarter": "quarter",
    "third": "third of a year",
    "half": "half year",
    "season": "season",
    "year": "year",
    "decade": "decade",
    "century": "century",
}


def marker(fd: FuzzyDate) -> str:
    """The qualifier marker: `%` approximate and uncertain, `~` approximate, `?` uncertain."""
    return qualifier_mark(fd.approximate, fd.uncertain)


def qualifier_mark(approximate: bool, uncertain: bool) -> str:
    """`%` for both, `~` approximate, `?` uncertain, else nothing (EDTF's marks)."""
    if approximate and uncertain:
        return "%"
    if approximate:
        return "~"
    return "?" if uncertain else ""


def bounds_text(fd: FuzzyDate, sep: str = " … ") -> str:
    """`2023-09-01 … 2023-12-31`, one day once, `… 2024-03-31` or `2004-06-01 … ?` for an open
    side."""
    first = "" if fd.open_earliest else fd.earliest.isoformat()
    last = "?" if fd.open_latest else fd.latest.isoformat()
    if fd.open_earliest:
        return f"{sep.strip()} {last}" if sep.strip() == "…" else f"{sep}{last}"
    return first if first == last else f"{first}{sep}{last}"


def describe_fuzzy(fd: FuzzyDate) -> str:
    """`2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)`."""
    bounds = bounds_text(fd)
    words = [PRECISION_WORDS.get(fd.precision, fd.precision)]
    if fd.open_earliest:
        words.append("no earliest day")
    if fd.open_latest:
        words.append("no latest day")
    if fd.approximate:
        words.append("approximate")
    if fd.uncertain:
        words.append("uncertain")
    return f"{bounds} ({', '.join(words)}; EDTF {fd.edtf})"


def ongoing_text(day: date) -> str:
    """`2024-10-15+ (ongoing as of 2024-10-15)`: how an ongoing end is shown."""
    return f"{day.isoformat()}+ (ongoing as of {day.isoformat()})"


def describe(when: When) -> str:
    """The whole value in words: one date, or both ends of a span, with `ongoing` and R."""
    text = describe_fuzzy(when.start)
    if when.ongoing and when.end is not None:
        r = when.end.latest
        edtf = when.start.edtf + "/" + when.end.edtf
        return f"{text} to {r.isoformat()}+ (ongoing as of {r.isoformat()}; EDTF {edtf})"
    if when.end is not None:
        text += " to " + describe_fuzzy(when.end)
    if when.as_of is not None:
        text += f", as of {when.as_of.isoformat()}"
    return text
