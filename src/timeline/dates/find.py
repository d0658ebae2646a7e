"""Finding the dates in a sentence of running text (for `timeline extract`): every phrase the
date reader reads, longest first, and nothing that only looks like a date.

Decisions encoded here:
- A sentence is cut into words; a run is a stretch of words that can belong to a date (month
  and weekday names, years, day numbers, seasons, quarters, the words of relative forms, spans,
  qualifiers and phrases such as `since`, `by`, `the beginning of`: `_WORDS`). Any other word,
  or punctuation that closes a clause, ends the run. Within a run the longest stretch that
  `parse_when` reads is a date, then the rest of the run is searched again. A stretch must hold
  an anchor (a month, weekday, season, year, holiday, quarter, or a relative unit or day word)
  and cannot begin or end on a word that only joins (`and`, `to`, `of`…).
- Month and weekday names count only when capitalised, as running text writes them, so `may`
  and `march` as ordinary words are never dates. A year is four digits from 1000 to 2999 on its
  own: `155mm`, `$61bn`, `1,339`, `H.R. 8035`, `Fath-360` and `Hwasong-11` are not dates;
  durations (`for nearly five months`, `within weeks`) are not date forms, so the reader
  refuses them.
- A date without a year (`on 5 November`, `since August`, `mid-February`) takes its year from the
  publication day (DATES.md): the latest such date that begins on or before it; after `by`,
  `before`, `no later than`, `until` or `till`, the nearest one, before or after. Only a stretch
  with a day number or a leading word such as `in`, `on`, `since`, `early` is read so: a month
  name alone (`May`, at the start of a sentence) is not a date. Its `when` carries the year.
- `to date`, `so far`, `until now` and `thus far` on their own say "by the publication day": an
  open earliest up to that day (`by 2024-10-15`).
- `written` is the phrase as the text has it, without a leading `in`, `on` or `at`.
- Reading is pure and repeats (articles repeat their phrases), so results are remembered per
  (text, reference day, date order), up to `CACHE_SIZE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from timeline.dates.types import When
from timeline.dates.words import MONTHS, NUMBER_WORDS, ORDINALS, SEASONS, WEEKDAYS
from timeline.errors import DateError

CACHE_SIZE = 20_000
MAX_RUN = 12  # words: no date form is longer


@dataclass(frozen=True, slots=True)
class Found:
    """A date in a sentence: where (`start` … `end`, characters of the sentence), the phrase as
    written, the date text to store (`when`, the year added where the text has none), how it
    reads, and a note saying what was added (or None)."""

    start: int
    end: int
    written: str
    when: str
    value: When
    note: str | None = None


_NAMED = frozenset(
    [*(m for m in MONTHS if len(m) >= 3), *(d for d in WEEKDAYS if len(d) > 4)]
)  # names that count only when capitalised (`may`, `march`, `sunday`)
_ANCHOR_WORDS = frozenset(
    [*SEASONS, "today", "yesterday", "tomorrow", "day", "days", "week", "weeks", "month",
     "months", "year", "years", "decade", "quarter", "half", "century", "weekend", "christmas",
     "easter", "date", "now", "present", "far", "winter"]
)  # fmt: skip
_JOINING = frozenset(
    [
        "and",
        "to",
        "of",
        "than",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "from",
        "between",
        "since",
        "by",
        "before",
        "after",
        "until",
        "till",
        "through",
        "or",
        "nor",
        "not",
        "no",
    ]
)
_WORDS = frozenset(
    [*_ANCHOR_WORDS, *NUMBER_WORDS, *ORDINALS, *_JOINING,
     "this", "last", "next", "early", "mid", "middle", "late", "beginning", "start", "end",
     "eve", "new", "year's", "orthodox", "western", "sunday", "ago", "later", "earlier", "so",
     "thus", "up", "circa", "c.", "ca.", "c", "ca", "around", "about", "approximately",
     "roughly", "some", "time", "possibly", "probably", "q1", "q2", "q3", "q4", "h1", "h2",
     "st", "nd", "rd", "th", "-", "–", "—", "/", "~", "?", "..", "ongoing", "fourth", "third",
     "second", "first", "sometime", "during", "than"]
)  # fmt: skip
_BY = ("by ", "before ", "no later than ", "not later than ", "until ", "till ")
_YEARLESS_LEAD = (
    "in ", "on ", "since ", "by ", "before ", "after ", "until ", "till ", "from ", "between ",
    "early", "mid", "late", "last ", "this ", "next ", "the ", "no later than ", "not before ",
    "during ", "around ", "about ", "circa ", "c. ",
)  # fmt: skip
_SO_FAR = frozenset(("to date", "so far", "until now", "thus far", "up to now", "up until now"))
_DROP_LEAD = ("in ", "on ", "at ", "In ", "On ", "At ")

_YEAR = re.compile(r"(?:1\d|2\d)\d\d(?:s|'s)?")
_DAY = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_CODED = re.compile(
    r"[\dX]{4}(?:-(?:[\dX]{2}|W\d\d|Q[1-4]))?(?:-[\dX]{2})?[~?%]?"  # 2024-09, 2024-W36, 201X
    r"|\d{4}-Q[1-4]|[\d.]{1,2}[/.]\d{1,2}[/.]\d{4}|\[?\.\.[\d-]+\]?|\[[\d-]+\.\.\]"
    r"|\d{4}(?:-\d\d){0,2}/(?:\d{4}(?:-\d\d){0,2}|\.\.)?|\.\./\d{4}(?:-\d\d){0,2}",
    re.I,
)
_TOKEN = re.compile(r"\S+")
_OPEN = "([{\"“‘'«"
_CLOSE = ")]}\"”’'»"
_ENDS_CLAUSE = ",;:!?"
_ABBREVIATED = frozenset(
    [*(m[:3] + "." for m in MONTHS if m != "may"), "sept.", "c.", "ca.", "approx.", "est."]
)  # a full stop that does not end the sentence (`May.` does)


@dataclass(frozen=True, slots=True)
class _Word:
    start: int  # in the sentence, after opening punctuation
    end: int  # after closing punctuation is taken off
    key: str  # lower case, apostrophes straight, a trailing 's dropped
    dateish: bool
    anchor: bool
    breaks: bool  # the run ends after this word


def find_dates(sentence: str, reference: date, date_order: str | None = None) -> list[Found]:
    """Every date phrase in `sentence`, in order, read against `reference` (the publication
    day)."""
    words = _words(sentence)
    found: list[Found] = []
    i = 0
    while i < len(words):
        if not words[i].dateish:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and not words[j].breaks and words[j + 1].dateish:
            j += 1
        _search(sentence, words, i, min(j, i + MAX_RUN - 1), reference, date_order, found)
        i = j + 1
    found.sort(key=lambda f: f.start)
    return found


def _words(sentence: str) -> list[_Word]:
    out: list[_Word] = []
    for m in _TOKEN.finditer(sentence):
        raw = m[0]
        start, end = m.start(), m.end()
        while raw and raw[0] in _OPEN:
            raw, start = raw[1:], start + 1
        breaks = False
        while raw and (raw[-1] in _CLOSE or raw[-1] in _ENDS_CLAUSE or raw[-1] == "."):
            if raw[-1] == "." and raw.lower().replace("’", "'") in _ABBREVIATED:
                break
            breaks = breaks or raw[-1] in _ENDS_CLAUSE or raw[-1] in _CLOSE or raw[-1] == "."
            raw, end = raw[:-1], end - 1
        if not raw:
            continue
        key = raw.lower().replace("’", "'")
        for tail in ("'s", "s'"):
            if key.endswith(tail) and len(key) > 3 and key[: -len(tail)] + "s" != key:
                key = key[: -len(tail)] if tail == "'s" else key[:-1]
        dateish, anchor = _classify(raw, key)
        out.append(_Word(start, end, key, dateish, anchor, breaks))
    _join_commas(out, sentence)
    return out


def _join_commas(words: list[_Word], sentence: str) -> None:
    """A comma inside a date (`Sept. 3, 2024`, `Tuesday, 3 September`) does not end its run."""
    for i, w in enumerate(words[:-1]):
        if not w.breaks or sentence[w.end : w.end + 1] != ",":
            continue
        following = words[i + 1]
        if (_YEAR.fullmatch(following.key) and _DAY.fullmatch(w.key)) or (
            w.key in WEEKDAYS and (_DAY.fullmatch(following.key) or following.key in MONTHS)
        ):
            words[i] = _Word(w.start, w.end, w.key, w.dateish, w.anchor, False)


def _classify(raw: str, key: str) -> tuple[bool, bool]:
    """(can be part of a date, is an anchor) for one word."""
    bare = key.rstrip("~?%")
    if bare.isdigit() and len(bare) == 4 and not _YEAR.fullmatch(bare):
        return False, False  # a number such as a bill's (`H.R. 8035`), not a year of news
    if bare in _NAMED or bare.rstrip(".") in _NAMED:
        named = raw[0].isupper()
        return named, named
    if _YEAR.fullmatch(bare) or _CODED.fullmatch(bare):
        return True, True
    if bare in _ANCHOR_WORDS:
        return True, True
    if bare in _WORDS or _DAY.fullmatch(bare):
        return True, False
    if "-" in bare or "–" in bare:  # mid-February, July-August, mid-2023, 2022-23
        parts = [p for p in re.split(r"[-–]", raw) if p]
        classes = [_classify(p, p.lower()) for p in parts]
        if parts and all(d for d, _ in classes):
            return True, any(a for _, a in classes)
    return False, False


_RESULTS: dict[tuple[str, date, str | None], When | DateError] = {}


def _read(text: str, reference: date, order: str | None) -> When | DateError:
    key = (text, reference, order)
    found = _RESULTS.get(key)
    if found is None:
        from timeline.dates import parse_when

        try:
            found = parse_when(text, today=reference, date_order=order)
        except DateError as err:
            found = err
        if len(_RESULTS) >= CACHE_SIZE:
            _RESULTS.clear()
        _RESULTS[key] = found
    return found


def _search(
    sentence: str,
    words: list[_Word],
    first: int,
    last: int,
    reference: date,
    order: str | None,
    found: list[Found],
) -> None:
    """The longest date in words `first` … `last`, then the rest on either side."""
    for length in range(last - first + 1, 0, -1):
        for i in range(first, last - length + 2):
            j = i + length - 1
            if not _stretch(words, i, j):
                continue
            hit = _date(sentence, words, i, j, reference, order)
            if hit is not None:
                found.append(hit)
                if i > first:
                    _search(sentence, words, first, i - 1, reference, order, found)
                if j < last:
                    _search(sentence, words, j + 1, last, reference, order, found)
                return


def _stretch(words: list[_Word], i: int, j: int) -> bool:
    if " ".join(w.key for w in words[i : j + 1]) in _SO_FAR:
        return True
    if not any(w.anchor for w in words[i : j + 1]):
        return False
    head, tail = words[i].key, words[j].key
    if tail in _JOINING or tail in ("this", "last", "next", "early", "mid", "late", "the"):
        return False
    return head not in ("and", "to", "of", "than", "or", "nor", "-", "–", "/")


def _date(
    sentence: str, words: list[_Word], i: int, j: int, reference: date, order: str | None
) -> Found | None:
    start, end = words[i].start, words[j].end
    text = sentence[start:end]
    if text.lower().replace("’", "'").endswith("'s"):
        text, end = text[:-2], end - 2
    lowered = " ".join(text.lower().split())
    if lowered in _SO_FAR:
        day = reference.isoformat()
        value = _read(f"by {day}", reference, order)
        if isinstance(value, When):
            note = f"'{text}' read as by the publication day {day}"
            return Found(start, end, text, f"by {day}", value, note)
        return None
    value = _read(text, reference, order)
    written = _written(text)
    offset = start + len(text) - len(written)
    if isinstance(value, When):
        return Found(offset, end, written, written, value)
    stretch = words[i : j + 1]
    if any(_YEAR.fullmatch(w.key) or _CODED.fullmatch(w.key) for w in stretch):
        return None  # it has its year: the reader refused it for another reason
    if not _yearless_ok(words, i, j, lowered):
        return None
    return _with_year(offset, end, written, lowered, reference, order)


def _written(text: str) -> str:
    for lead in _DROP_LEAD:
        if text.startswith(lead) and len(text) > len(lead):
            return text[len(lead) :]
    return text


def _yearless_ok(words: list[_Word], i: int, j: int, lowered: str) -> bool:
    """Whether a stretch without a year reads as a date: it has a day number, or a leading
    word that makes a month name a date (`in May`), or names two months (a span)."""
    stretch = words[i : j + 1]
    if any(_DAY.fullmatch(w.key) for w in stretch):
        return True
    if lowered.startswith(_YEARLESS_LEAD):
        return True
    return sum(1 for w in stretch if w.anchor) >= 2


def _with_year(
    start: int, end: int, written: str, lowered: str, reference: date, order: str | None
) -> Found | None:
    """The year-less date with the year DATES.md gives it (see the module's decisions)."""
    nearest = lowered.startswith(_BY)
    years = (reference.year - 1, reference.year, reference.year + 1)
    best: tuple[int, str, When] | None = None
    for year in years:
        text = f"{written} {year}"
        value = _read(text, reference, order)
        if not isinstance(value, When):
            continue
        if nearest:  # the named day's distance (an open earliest has only its latest)
            first = value.latest if value.start.open_earliest else value.earliest
            gap = max(first.toordinal() - reference.toordinal(),
                      reference.toordinal() - value.latest.toordinal(), 0)  # fmt: skip
            if best is None or gap < best[0]:
                best = (gap, text, value)
        elif value.earliest <= reference:
            best = (0, text, value)  # the years are tried in order: the latest one wins
    if best is None:
        return None
    _, text, value = best
    note = f"the year {text.rsplit(' ', 1)[1]} taken from the publication day"
    return Found(start, end, written, text, value, note)
