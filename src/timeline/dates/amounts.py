"""Amounts as sources say them (CLAIMS.md): `nearly sixteen months`, `about a dozen`, `an
18-month gap`, read into the interval of days (or of counts) that the true value must lie in.

A claimed duration is `[hedge] amount unit`; a claimed count is `[hedge] amount`. D is the
amount in days (week 7, fortnight 14, month 30.436875, year 365.2425, decade 3652.425), U one
unit in days (half a unit when the amount has a half); a count has U = 1. Each bound is rounded
to the nearest whole number, and a bound exactly halfway rounds inward (the low one up, the high
one down).

| hedge | interval |
| --- | --- |
| none | [D - U/2, D + U/2] |
| nearly, almost, just under, close to | [0.9 D, D] |
| about, around, roughly, some, approximately, circa, ~ | [0.9 D, 1.1 D] |
| more than, over, longer than, upwards of | [D + 1, no upper bound] |
| just over, a little more than, slightly more than | [D + 1, 1.1 D] |
| at least, no less than, a minimum of | [D, no upper bound] |
| less than, under, fewer than, within | [0, D - 1] |
| at most, no more than, up to | [0, D] |
| exactly, precisely | [D, D], in calendar units for a duration (start + amount = end) |

Decisions encoded here (* where CLAIMS.md is silent):
- Amounts: digits (`16`, `1,000`, `2.5`), number words up to ninety-nine (`sixteen`,
  `twenty-one`, `twenty one`), `a`/`an`/`one`, `a dozen` / `two dozen`, `half a`, `N and a
  half`, `a year and a half`; adjective forms `an 18-month gap`, `a two-week lull`, `a 90-day
  lull` (`a`/`an`, the amount and unit joined by a hyphen, then any one word).
- Units: day, week, fortnight, month, year, decade, singular or plural.
- *A leading `for` or `of` is dropped (`for nearly sixteen months`).
- *An interval is never empty: where the table's bounds cross for a small amount (`just over
  a day` gives [2, 1.1]), the upper bound is the lower one ([2, 2]).
- A phrase outside this table is refused with the table's words, never guessed.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from timeline.dates.types import Duration
from timeline.errors import DateError

UNIT_DAYS: dict[str, float] = {
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.436875,
    "year": 365.2425,
    "decade": 3652.425,
}
HEDGES: dict[str, tuple[str, ...]] = {
    "nearly": ("nearly", "almost", "just under", "close to"),
    "about": ("about", "around", "roughly", "some", "approximately", "circa", "~"),
    "more than": ("more than", "over", "longer than", "upwards of"),
    "just over": ("just over", "a little more than", "slightly more than"),
    "at least": ("at least", "no less than", "a minimum of"),
    "less than": ("less than", "under", "fewer than", "within"),
    "at most": ("at most", "no more than", "up to"),
    "exactly": ("exactly", "precisely"),
}
_HEDGE_OF = {word: hedge for hedge, words in HEDGES.items() for word in words}
_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_UNIT_WORD = r"(day|week|fortnight|month|year|decade)"
_UNIT = _UNIT_WORD + "s?"
_ADJECTIVE = re.compile(rf"an? (.+?)-{_UNIT_WORD}(?: [a-z]+)?")


class Claimed(NamedTuple):
    """A claimed amount: the interval `lo` … `hi` (None: no upper bound) in days (a duration)
    or events (a count), how it was hedged, and the amount in its unit (for `exactly`, the
    calendar `duration` to add)."""

    text: str
    lo: int
    hi: int | None
    hedge: str  # a key of HEDGES, or "" for none
    amount: float
    unit: str  # a key of UNIT_DAYS, or "" for a count
    duration: Duration | None = None

    def contains(self, days: int) -> bool:
        return self.lo <= days and (self.hi is None or days <= self.hi)


def _number_word(words: str) -> float | None:
    """`sixteen`, `twenty-one`, `twenty one`, `a`, `an`, `one`, `a dozen`, `2.5`, `1,000`."""
    w = words.strip().replace("-", " ")
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", w):
        return float(w.replace(",", ""))
    if w in ("a", "an"):
        return 1.0
    if w in _ONES:
        return float(_ONES.index(w))
    parts = w.split()
    if len(parts) == 2 and parts[1] == "dozen":
        n = _number_word(parts[0])
        return None if n is None else 12 * n
    if len(parts) == 1 and w in _TENS:
        return float(_TENS[w])
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _ONES[1:10]:
        return float(_TENS[parts[0]] + _ONES.index(parts[1]))
    return None


def _amount(words: str) -> tuple[float, bool] | None:
    """The amount and whether it has a half (`two and a half`, `half a`)."""
    w = words.strip()
    if w in ("half a", "half an"):
        return 0.5, True
    m = re.fullmatch(r"(.+?) and a half", w)
    if m is not None:
        n = _number_word(m[1])
        return None if n is None else (n + 0.5, True)
    n = _number_word(w)
    return None if n is None else (n, False)


def _split_hedge(s: str) -> tuple[str, str]:
    for word in sorted(_HEDGE_OF, key=len, reverse=True):
        if s.startswith(word + " ") or (word == "~" and s.startswith("~")):
            return _HEDGE_OF[word], s[len(word) :].strip()
    return "", s


def _round(lo: float, hi: float | None) -> tuple[int, int | None]:
    """Nearest whole numbers; exactly halfway rounds inward (lo up, hi down)."""

    def near(x: float, up: bool) -> int:
        frac = x - math.floor(x)
        if math.isclose(frac, 0.5, abs_tol=1e-9):
            return math.floor(x) + (1 if up else 0)
        return round(x)

    low = max(0, near(lo, True))
    return low, None if hi is None else max(low, near(hi, False))


def _interval(hedge: str, d: float, u: float) -> tuple[float, float | None]:
    return {
        "": (d - u / 2, d + u / 2),
        "nearly": (0.9 * d, d),
        "about": (0.9 * d, 1.1 * d),
        "more than": (d + 1, None),
        "just over": (d + 1, 1.1 * d),
        "at least": (d, None),
        "less than": (0.0, d - 1),
        "at most": (0.0, d),
        "exactly": (d, d),
    }[hedge]


_WORDS_HINT = (
    "say it as [hedge] amount unit, e.g. 'nearly sixteen months', 'about four months', "
    "'more than a year', 'a two-week lull'; hedges: "
    + ", ".join(w for words in HEDGES.values() for w in words)
    + "; units: days, weeks, fortnights, months, years, decades"
)


def parse_claimed_duration(text: str) -> Claimed:
    """`nearly sixteen months` as the interval of days a true duration must lie in."""
    s = " ".join(text.lower().replace("–", "-").split()).removeprefix("for ").removeprefix("of ")
    hedge, rest = _split_hedge(s)
    m = _ADJECTIVE.fullmatch(rest)
    if m is not None:
        amount_words, unit = m[1], m[2]
    else:
        m = re.fullmatch(rf"(.+?)[ -]{_UNIT}", rest)
        if m is None:
            m2 = re.fullmatch(r"an? (year|month|week|day|decade|fortnight) and a half", rest)
            if m2 is None:
                raise DateError(text, "this is not a duration as sources say them", _WORDS_HINT)
            amount_words, unit = "one and a half", m2[1]
        else:
            amount_words, unit = m[1], m[2]
    found = _amount(amount_words)
    if found is None:
        raise DateError(text, f"'{amount_words}' is not an amount", _WORDS_HINT)
    amount, half = found
    u = UNIT_DAYS[unit] * (0.5 if half else 1.0)
    lo, hi = _round(*_interval(hedge, amount * UNIT_DAYS[unit], u))
    exact = _calendar(amount, unit) if hedge == "exactly" else None
    return Claimed(text, lo, hi, hedge, amount, unit, exact)


def parse_claimed_count(text: str) -> Claimed:
    """`four`, `about a dozen`, `more than five` as the interval of counts."""
    s = " ".join(text.lower().split())
    hedge, rest = _split_hedge(s)
    found = _amount(rest)
    if found is None or found[1]:
        raise DateError(
            text,
            "this is not a count as sources say them",
            "say it as [hedge] amount, e.g. 'four', 'about a dozen', 'more than five'",
        )
    amount = found[0]
    lo, hi = _round(*_interval(hedge, amount, 1.0))
    return Claimed(text, lo, hi, hedge, amount, "")


def _calendar(amount: float, unit: str) -> Duration | None:
    """`exactly three months` as calendar units (None when it has no whole calendar form)."""
    n = int(amount)
    if n != amount:
        return None
    if unit == "year":
        return Duration(years=n, text=f"{n} years")
    if unit == "decade":
        return Duration(years=10 * n, text=f"{10 * n} years")
    if unit == "month":
        return Duration(months=n, text=f"{n} months")
    return Duration(days=int(UNIT_DAYS[unit]) * n, text=f"{int(UNIT_DAYS[unit]) * n} days")
