"""Absolute single dates: ISO and EDTF strings, named months, quarters, thirds, halves, seasons.

Owns the regular expressions for every form of DATES.md that names its own year. Each reader
gets normalised text (lower case, commas dropped, dashes as `-`, single spaces) and returns a
`FuzzyDate`, None when the form is not its own, or raises `DateError` when the form is
recognised but impossible (`30 February 2024`, `2023-13`).
Decisions encoded here:
- Years are four digits; one or two digits beside a month name are a day, never a year.
- `YYYY-MM` is always a month and `YYYY-NN` (21–41) a sub-year grouping, never a span.
- `winter 2023` is the winter that begins in December 2023 (= `winter 2023/24`).
- `the 1990s` is a decade; centuries are only read in EDTF (`19XX`).
- All-numeric `D/M/YYYY` (or dots) is read only when one reading exists or `date_order` says
  which; `YYYY/MM/DD` is always year-month-day.
- A date and time (`2022-08-24T10:00Z`) is its day; time and zone are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from timeline.dates import cal
from timeline.dates.diagnose import no_year_hint
from timeline.dates.types import FuzzyDate
from timeline.dates.words import MONTH_NAMES, MONTHS, ORDINALS, SEASONS, THIRDS, WEEKDAYS
from timeline.errors import DateError

_TIME = r"(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d(?::?\d\d)?)?)?"
_ISO_DAY = re.compile(rf"(\d{{4,}})-(\d\d)-(\d\d){_TIME}")
_ISO_MONTH = re.compile(r"(\d{4,})-(\d\d)")
_DIGITS = re.compile(r"\d+")
_WORD_NUM = re.compile(r"([a-z]+)\.?(?:-| )?(\d+)")
_PART_MONTH = re.compile(r"(early|mid|late)(?:-| )([a-z]+)\.? (\d+)")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.? (\d+)")
_MONTH_DAY = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d+)")
_QUARTER = re.compile(r"q([1-4])(?:-| )?(\d+)|(\d+)(?:-| )?q([1-4])")
_QUARTER_WORDS = re.compile(r"(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?(\d+)")
_HALF = re.compile(r"h([12])(?:-| )?(\d+)|(\d+)(?:-| )?h([12])")
_HALF_WORDS = re.compile(r"(first|second|1st|2nd) half (?:of )?(\d+)")
_SEASON_OF = re.compile(r"(spring|summer|autumn|fall|winter) of (\d+)")
_WINTER = re.compile(r"winter (?:of )?(\d{4})(?:/|-)(\d{2}|\d{4})")
_DECADE = re.compile(r"(?:the )?(\d{3})0'?s")
_WEEK = re.compile(r"(\d{4})-?w(\d\d)(?:-?([1-7]))?")
_EDTF_X = re.compile(r"(\d{4})-(\d\d|xx)-xx|(\d{4})-xx|(\d{3})x|(\d{2})xx")
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")
_NUMERIC_YMD = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})")
_EXTENDED = re.compile(r"y-?\d+|-\d{4,}|\d{5,}")
_WEEKDAY = re.compile(r"([a-z]+)\.? (.+)")


def year_of(digits: str, text: str) -> int:
    """Four digits as a year in 1–9999, else a `DateError` saying how to write it."""
    if len(digits) != 4:
        if len(digits) > 4:
            raise DateError(
                text, f"year {int(digits)} is outside 1–9999", "years run from 0001 to 9999"
            )
        raise DateError(
            text,
            f"'{digits}' is not a four-digit year",
            f"write the year with four digits, e.g. '{int(digits):04d}'",
        )
    return cal.check_year(int(digits), text)


def iso_day(s: str, text: str) -> FuzzyDate | None:
    m = _ISO_DAY.fullmatch(s)
    if m is None:
        return None
    return cal.day_value(year_of(m[1], text), int(m[2]), int(m[3]), text)


def iso_month(s: str, text: str) -> FuzzyDate | None:
    m = _ISO_MONTH.fullmatch(s)
    if m is None:
        return None
    year, nn = year_of(m[1], text), int(m[2])
    if 1 <= nn <= 12:
        return cal.month_value(year, nn, text)
    if nn in cal.GROUPINGS:
        return cal.grouping_value(year, nn, text)
    raise DateError(
        text,
        f"'{m[2]}' in '{s}' is not a month (01–12) or a season, quarter, "
        "third or half code (21–41)",
        f"try '{m[1]}-08' or 'Q3 {m[1]}'",
    )


def bare_year(s: str, text: str) -> FuzzyDate | None:
    if _DIGITS.fullmatch(s) is None:
        return None
    return cal.year_value(year_of(s, text), text)


def word_number(s: str, text: str) -> FuzzyDate | None:
    """`August 2022`, `late 2023`, `mid-2023`, `spring 2023`, `in 2022`, `Q3`-less forms."""
    m = _WORD_NUM.fullmatch(s)
    if m is None:
        return None
    word, digits = m[1], m[2]
    if word in MONTHS:
        if len(digits) <= 2:
            raise MissingYear(text, s)
        return cal.month_value(year_of(digits, text), MONTHS[word], text)
    if word in THIRDS:
        return cal.grouping_value(year_of(digits, text), THIRDS[word], text)
    if word in SEASONS:
        return cal.grouping_value(year_of(digits, text), SEASONS[word], text)
    return None


def month_part(s: str, text: str) -> FuzzyDate | None:
    m = _PART_MONTH.fullmatch(s)
    if m is None or m[2] not in MONTHS:
        return None
    return cal.month_part_value(year_of(m[3], text), MONTHS[m[2]], m[1], text)


def day_month(s: str, text: str) -> FuzzyDate | None:
    """`3 September 2024`, `3rd of Sept. 2024`, `September 3, 2024`, `Sep 3rd 2024`."""
    m = _DAY_MONTH.fullmatch(s)
    if m is not None and m[2] in MONTHS:
        day, month, digits = int(m[1]), MONTHS[m[2]], m[3]
    else:
        m = _MONTH_DAY.fullmatch(s)
        if m is None or m[1] not in MONTHS:
            return None
        day, month, digits = int(m[2]), MONTHS[m[1]], m[3]
    return cal.day_value(year_of(digits, text), month, day, text)


def quarter(s: str, text: str) -> FuzzyDate | None:
    m = _QUARTER.fullmatch(s)
    if m is not None:
        q, digits = (m[1], m[2]) if m[1] else (m[4], m[3])
        return cal.grouping_value(year_of(digits, text), 32 + int(q), text)
    m = _QUARTER_WORDS.fullmatch(s)
    if m is None:
        return None
    return cal.grouping_value(year_of(m[2], text), 32 + ORDINALS[m[1]], text)


def half(s: str, text: str) -> FuzzyDate | None:
    m = _HALF.fullmatch(s)
    if m is not None:
        h, digits = (m[1], m[2]) if m[1] else (m[4], m[3])
        return cal.grouping_value(year_of(digits, text), 39 + int(h), text)
    m = _HALF_WORDS.fullmatch(s)
    if m is None:
        return None
    return cal.grouping_value(year_of(m[2], text), 39 + ORDINALS[m[1]], text)


def season(s: str, text: str) -> FuzzyDate | None:
    """`summer of 2023`, `winter 2023/24`, `winter 2023-2024` (plain `spring 2023`: word_number)."""
    m = _SEASON_OF.fullmatch(s)
    if m is not None:
        return cal.grouping_value(year_of(m[2], text), SEASONS[m[1]], text)
    m = _WINTER.fullmatch(s)
    if m is None:
        return None
    year = year_of(m[1], text)
    second = int(m[2]) if len(m[2]) == 4 else (year // 100) * 100 + int(m[2])
    if second != year + 1:
        raise DateError(
            text,
            f"a winter runs from one year into the next, not {m[1]}/{m[2]}",
            f"try 'winter {year:04d}/{(year + 1) % 100:02d}'",
        )
    return cal.grouping_value(year, 24, text)


def decade(s: str, text: str) -> FuzzyDate | None:
    m = _DECADE.fullmatch(s)
    if m is None:
        return None
    return cal.years_value(int(m[1]) * 10, 10, "decade", text)


def iso_week(s: str, text: str) -> FuzzyDate | None:
    m = _WEEK.fullmatch(s)
    if m is None:
        return None
    week = cal.week_value(year_of(m[1], text), int(m[2]), text)
    if m[3] is None:
        return week
    day = cal.add_days(week.earliest, int(m[3]) - 1, text)
    return cal.fuzzy(day, day, "day")


def edtf_unspecified(s: str, text: str) -> FuzzyDate | None:
    """EDTF level 1 unspecified digits: `2022-08-XX`, `2022-XX`, `2022-XX-XX`, `201X`, `20XX`."""
    m = _EDTF_X.fullmatch(s)
    if m is None:
        return None
    if m[1] is not None:
        year = year_of(m[1], text)
        if m[2] == "xx":
            return cal.year_value(year, text)
        if not 1 <= int(m[2]) <= 12:
            raise DateError(text, f"'{m[2]}' is not a month (01–12)")
        return cal.month_value(year, int(m[2]), text)
    if m[3] is not None:
        return cal.year_value(year_of(m[3], text), text)
    if m[4] is not None:
        return cal.years_value(int(m[4]) * 10, 10, "decade", text)
    return cal.years_value(int(m[5]) * 100, 100, "century", text)


def numeric(s: str, text: str, order: str | None) -> FuzzyDate | None:
    """`13/09/2024`, `03.09.2024` (with a date order), `2024/09/03`."""
    m = _NUMERIC_YMD.fullmatch(s)
    if m is not None:
        return cal.day_value(year_of(m[1], text), int(m[3]), int(m[4]), text)
    m = _NUMERIC.fullmatch(s)
    if m is None:
        return None
    a, b, year = int(m[1]), int(m[3]), year_of(m[4], text)
    if order is None and a <= 12 and b <= 12 and a != b:
        iso_dmy, iso_mdy = f"{year:04d}-{b:02d}-{a:02d}", f"{year:04d}-{a:02d}-{b:02d}"
        raise DateError(
            text,
            f"'{s}' could be {iso_dmy} or {iso_mdy}",
            f"write it as '{iso_dmy}' (ISO), or say the order with "
            "--date-order DMY|MDY or TIMELINE_DATE_ORDER",
        )
    if order == "MDY" or (order is None and b > 12):
        a, b = b, a
    return cal.day_value(year, b, a, text)


def extended_year(s: str, text: str) -> FuzzyDate | None:
    """EDTF `Y12345`, negative or five-digit years: outside 1–9999, so an error."""
    if _EXTENDED.fullmatch(s) is None:
        return None
    raise DateError(text, f"'{s.upper()}' is outside years 1–9999", "years run from 0001 to 9999")


def with_weekday(s: str, text: str, order: str | None) -> FuzzyDate | None:
    """`Tuesday 3 September 2024`: the day, checked against the weekday named."""
    m = _WEEKDAY.fullmatch(s)
    if m is None or m[1] not in WEEKDAYS:
        return None
    value = absolute(m[2], text, order)
    if value is None or value.precision != "day":
        return None
    if value.earliest.weekday() != WEEKDAYS[m[1]]:
        actual = value.earliest.strftime("%A")
        named = date(2024, 1, 1 + WEEKDAYS[m[1]]).strftime("%A")  # 2024-01-01 is a Monday
        raise DateError(text, f"{value.earliest.isoformat()} is a {actual}, not a {named}")
    return value


class MissingYear(DateError):
    """A month or day written without its year (`March`, `3 September`)."""

    def __init__(self, text: str, part: str, month_word: str = "") -> None:
        word = month_word or part.split()[0].rstrip(".")
        name = next(n for n in MONTH_NAMES if n.startswith(word[:3])).capitalize()
        shown = " ".join(w.capitalize() if w.rstrip(".") in MONTHS else w for w in part.split())
        super().__init__(
            text,
            f"'{shown}' has no year",
            no_year_hint(shown, name),
        )


_NO_YEAR = re.compile(
    r"(?:(?:early|mid|late)(?:-| ))?(?:\d{1,2}(?:st|nd|rd|th)? (?:of )?)?([a-z]+)\.?"
    r"(?: \d{1,2}(?:st|nd|rd|th)?)?"
)


def no_year(s: str, text: str) -> FuzzyDate | None:
    """`March`, `3 September`, `Sept 3`, `late March`: recognised, and refused."""
    m = _NO_YEAR.fullmatch(s)
    if m is not None and m[1] in MONTHS:
        raise MissingYear(text, s, m[1])
    return None


Reader = Callable[[str, str], FuzzyDate | None]
_BY_DIGIT: tuple[Reader, ...] = (
    iso_day, iso_month, bare_year, word_number, quarter, half, decade, iso_week,
    edtf_unspecified, day_month, extended_year, no_year,
)  # fmt: skip
_BY_WORD: tuple[Reader, ...] = (
    word_number, month_part, day_month, quarter, half, season, decade, extended_year, no_year,
)  # fmt: skip


def absolute(s: str, text: str, order: str | None) -> FuzzyDate | None:
    """The absolute date `s` means, None if no absolute form matches."""
    if not s:
        return None
    readers = _BY_DIGIT if s[0].isdigit() else _BY_WORD
    for read in readers:
        value = read(s, text)
        if value is not None:
            return value
    if s[0].isdigit():
        return numeric(s, text, order)
    return with_weekday(s, text, order)
