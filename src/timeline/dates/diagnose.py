"""Explaining text that is no date form: which part was not understood and what would work.

Owns the messages of `DateError` for unknown text (`'Smarch' is not a month; try 'March 2023'
or '2023-03'`). The close-match search (difflib) only runs on this error path.
"""

from __future__ import annotations

import re

from timeline.dates.words import (
    APPROXIMATE_WORDS,
    MONTH_NAMES,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    THIRDS,
    UNCERTAIN_WORDS,
    WEEKDAYS,
)
from timeline.errors import DateError

GENERIC_HINT = (
    "try a day '2024-09-03', a month 'August 2022', 'late 2023', 'Q3 2024', 'spring 2023', "
    "'last month' or a span 'July to August 2024'"
)
_GRAMMAR = (
    "of the in to from between and since until till through present now date ongoing this "
    "last next ago day days week weeks month months year years quarter half today yesterday "
    "tomorrow st nd rd th x xx q w h t z s"
)
_KNOWN = frozenset(
    (*MONTHS, *SEASONS, *THIRDS, *WEEKDAYS, *NUMBER_WORDS, *ORDINALS, *APPROXIMATE_WORDS)
) | frozenset((*UNCERTAIN_WORDS, *_GRAMMAR.split(" ")))
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"\b\d{4}\b")


def no_year_hint(shown: str, month: str) -> str:
    """The hint for a month or day without its year (`March`, `3 September`)."""
    return f"add the year (e.g. '{shown} 2024') or say 'last {month}' or 'this {month}'"


_TWO_DIGIT_YEAR = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{2})")
_QUOTED_YEAR = re.compile(r"(.*?)'(\d{2})")
_HEDGES = (
    "nearly", "almost", "just under", "close to", "over", "more than", "just over",
    "a little more than", "slightly more than", "at least", "no less than", "less than",
    "under", "within", "at most", "no more than", "up to", "longer than", "upwards of",
)  # fmt: skip


def _likely(s: str, text: str) -> DateError | None:
    """The error for a text that probably means something particular: a two-digit year
    (`3/9/24`, `Q4 '23`) or a hedged duration (`nearly sixteen months ago`)."""
    m = _TWO_DIGIT_YEAR.fullmatch(s)
    if m is not None:
        a, b, year = int(m[1]), int(m[3]), 2000 + int(m[4])
        readings = dict.fromkeys(
            f"{year:04d}-{mo:02d}-{d:02d}"
            for d, mo in ((a, b), (b, a))
            if 1 <= mo <= 12 and 1 <= d <= 31
        )
        shown = " or ".join(f"'{r}'" for r in readings) or f"a day in {year}"
        return DateError(
            text, f"'{m[4]}' is a two-digit year", f"write the year with four digits: {shown}"
        )
    m = _QUOTED_YEAR.fullmatch(s)
    if m is not None and m[1].strip():
        fixed = f"{m[1].strip()} 20{m[2]}".upper() if m[1].strip()[:1] in "qh" else None
        fixed = fixed or f"{_original(m[1].strip(), text)} 20{m[2]}"
        return DateError(
            text, f"'{m[2]} is a two-digit year", f"write the year with four digits: '{fixed}'"
        )
    hedge = next((h for h in _HEDGES if s.startswith(h + " ")), None)
    if hedge is not None:
        rest = s[len(hedge) + 1 :]
        return DateError(
            text,
            f"'{hedge}' hedges a duration, and a date is a time, not an amount of time",
            f"for the date write '{rest}'; to test a claimed duration use `timeline check`"
            if rest.endswith(" ago")
            else "to test a claimed duration use `timeline check`",
        )
    return None


def unknown(s: str, text: str) -> DateError:
    """The error for `s` (normalised `text`), naming the first word that is not understood."""
    likely = _likely(s, text)
    if likely is not None:
        return likely
    words = _WORD.findall(s)
    strange = [w for w in words if w not in _KNOWN]
    year_match = _YEAR.search(s)
    year = year_match[0] if year_match else "2024"
    if strange:
        return _strange_word(strange[0], text, year)
    months = [w for w in words if w in MONTHS]
    if months and not year_match:
        name = MONTH_NAMES[MONTHS[months[0]] - 1].capitalize()
        return DateError(text, "no year is given", no_year_hint(name, name))
    if any(w in WEEKDAYS for w in words):
        return DateError(
            text, "weekdays are not read on their own", "write the day, e.g. '2024-10-17'"
        )
    if len(words) == 1 and words[0] in {**THIRDS, **SEASONS} and not year_match:
        w = words[0]
        return DateError(
            text,
            f"'{w}' needs a year",
            f"try '{w} 2023' or '{w} August 2023'" if w in THIRDS else f"try '{w} 2023'",
        )
    return DateError(text, "this is not a date form I know", GENERIC_HINT)


def _strange_word(word: str, text: str, year: str) -> DateError:
    import difflib

    original = _original(word, text)
    close = difflib.get_close_matches(word, MONTH_NAMES, n=1, cutoff=0.6)
    if close:
        name = close[0].capitalize()
        month = MONTH_NAMES.index(close[0]) + 1
        return DateError(
            text, f"'{original}' is not a month", f"try '{name} {year}' or '{year}-{month:02d}'"
        )
    return DateError(text, f"'{original}' is not part of any date form I know", GENERIC_HINT)


def _original(word: str, text: str) -> str:
    """`word` as the user typed it (case kept), found in `text`."""
    m = re.search(re.escape(word), text, re.IGNORECASE)
    return m[0] if m else word
