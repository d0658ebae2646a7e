"""Words for a value on a terminal: `describe(when)` and the qualifier `marker`.

Owns the one-line reading shared by `parse` and `add`, e.g.
`2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)`.
Decisions encoded here: a single day is shown once; qualifiers are named in words after the
precision (`year, approximate`); a span shows both ends joined by ` to `, then `ongoing` and
`as of R` when the reference day was used.
"""

from __future__ import annotations

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


def describe_fuzzy(fd: FuzzyDate) -> str:
    """`2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)`."""
    bounds = fd.earliest.isoformat()
    if fd.latest != fd.earliest:
        bounds += f" … {fd.latest.isoformat()}"
    words = [PRECISION_WORDS.get(fd.precision, fd.precision)]
    if fd.approximate:
        words.append("approximate")
    if fd.uncertain:
        words.append("uncertain")
    return f"{bounds} ({', '.join(words)}; EDTF {fd.edtf})"


def describe(when: When) -> str:
    """The whole value in words: one date, or both ends of a span, with `ongoing` and R."""
    text = describe_fuzzy(when.start)
    if when.end is not None:
        text += " to " + describe_fuzzy(when.end)
    if when.ongoing:
        text += ", ongoing"
    if when.as_of is not None:
        text += f", as of {when.as_of.isoformat()}"
    return text
