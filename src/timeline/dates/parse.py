"""Reading typed date text into a `When`: the entry point `parse_when` (contract: DATES.md).

Owns normalisation, qualifiers and the order in which forms are tried: the fast path for the
commonest forms, then one date (absolute, then relative), then a span. Pure: the reference
day is the `today` parameter. The readers of the full path (and their regular expressions)
load the first time a text needs them, so a run that types only `2024` or `August 2022`
compiles one pattern.
Decisions encoded here:
- Input is read case-insensitively, commas are optional, every dash (– — ‒ −) reads as `-`.
- An optional `in`, `on` and `the` before a form is dropped (`the summer of 2022`).
- Qualifiers: leading `circa`, `c.`, `ca.`, `around`, `about`, `approximately`, `~` mark a
  date approximate; leading `possibly`, `probably` or a trailing `?` uncertain; a trailing `~`
  approximate; `%` both. They never move the bounds. In a span each end has its own.
- Text longer than 200 characters, or with control characters, is refused, not guessed at.
- Only `DateError` ever leaves `parse_when`, whatever the input.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from timeline.dates.fast import fast
from timeline.dates.types import FuzzyDate, When
from timeline.dates.words import APPROXIMATE_WORDS, UNCERTAIN_WORDS
from timeline.errors import DateError

if TYPE_CHECKING:
    from timeline.dates.spans import Part

MAX_LENGTH = 200
_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", ",": " ", "’": "'"}
)
_APPROX = frozenset(APPROXIMATE_WORDS)
_UNCERTAIN = frozenset(UNCERTAIN_WORDS)
_GLUED = ("ca.", "c.", "~")


def parse_when(text: str, *, today: date, date_order: str | None = None) -> When:
    """Read a date, span, relative or EDTF expression; raise `DateError` if it cannot be read.

    `date_order` is "DMY", "MDY" (any case) or None; None refuses ambiguous numeric days.
    """
    order = date_order.upper() if date_order else None
    if order not in (None, "DMY", "MDY"):
        raise ValueError(f"date_order must be 'DMY', 'MDY' or None, not {date_order!r}")
    try:
        quick = fast(text)
        if quick is not None:
            return When(text, quick)
        return _parse(text, today, order)
    except DateError:
        raise
    except Exception as err:  # a bug must still reach the user as a date error, not a trace
        raise DateError(_short(text), f"it could not be read ({type(err).__name__})") from err


def _parse(text: str, today: date, order: str | None) -> When:
    from timeline.dates.relative import NotACount  # the full parser loads only when needed

    s = normalize(text)
    try:
        single = read_one(s, text, today, order)
    except NotACount:
        raise
    except DateError as err:
        return _span_or_raise(s, text, today, order, err)
    if single is not None:
        value, used = single
        return When(text, value, as_of=today if used else None)
    return _span_or_raise(s, text, today, order, None)


def _span_or_raise(
    s: str, text: str, today: date, order: str | None, err: DateError | None
) -> When:
    from timeline.dates.diagnose import unknown
    from timeline.dates.spans import split_span

    try:
        span = split_span(s, text, lambda x: read_one(x, text, today, order), today)
    except DateError as span_err:
        raise err or span_err from None
    if span is None:
        raise err or unknown(s, text)
    start, end, used, ongoing = span
    return When(text, start, end, ongoing=ongoing, as_of=today if used else None)


def normalize(text: str) -> str:
    """Lower case, commas dropped, dashes as `-`, single spaces; refuses unreadable text."""
    if len(text) > MAX_LENGTH:
        raise DateError(
            _short(text),
            f"it is {len(text)} characters long",
            f"a date is at most {MAX_LENGTH} characters",
        )
    if not text.isprintable() and any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        raise DateError(text, "it contains control characters", "type the date as plain text")
    s = " ".join(text.translate(_DASHES).lower().split())
    if not s:
        raise DateError(
            text, "there is no date in it", "try '2024-09-03', 'August 2022' or 'late 2023'"
        )
    return s


def read_one(s: str, text: str, today: date, order: str | None) -> Part | None:
    """One fuzzy date (qualifiers included) and whether it used `today`, or None."""
    from timeline.dates import cal
    from timeline.dates.absolute import absolute
    from timeline.dates.phrases import phrase
    from timeline.dates.relative import relative

    core, approx, uncertain = qualifiers(s)
    for word in ("in ", "on ", "the "):
        core = core.removeprefix(word)
    value: FuzzyDate | None = absolute(core, text, order)
    used = False
    if value is None:
        value = relative(core, text, today)
        used = value is not None
    if value is None:
        found = phrase(core, text, today, lambda x: read_one(x, text, today, order))
        if found is None:
            return None
        value, used = found
    if approx or uncertain:
        value = cal.qualified(value, approx, uncertain)
    return value, used


def qualifiers(s: str) -> tuple[str, bool, bool]:
    """`s` without its qualifiers, and whether it was approximate and uncertain."""
    approx = uncertain = False
    while s:
        head, _, rest = s.partition(" ")
        glued = next((g for g in _GLUED if s.startswith(g) and head not in _APPROX), "")
        if head in _APPROX or glued:
            approx, s = True, (s[len(glued) :].lstrip() if glued else rest)
        elif head in _UNCERTAIN:
            uncertain, s = True, rest
        else:
            break
    while s and s[-1] in "~?%":
        approx = approx or s[-1] in "~%"
        uncertain = uncertain or s[-1] in "?%"
        s = s[:-1].rstrip()
    return s, approx, uncertain


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"
