"""The words the parser knows: month names, seasons, number words, qualifiers.

Decisions encoded here: month names are matched full, by their first three letters, or as
`Sept`; `fall` is `autumn`; numbers may be written as words up to twenty (and `a`/`an` as one);
weekday names are known so that `Tuesday, 3 September 2024` can be checked, not guessed.
"""

from __future__ import annotations

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

MONTHS: dict[str, int] = {name: i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)})
MONTHS["sept"] = 9

# season word -> EDTF code (northern hemisphere, meteorological)
SEASONS: dict[str, int] = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

THIRDS: dict[str, int] = {"early": 37, "mid": 38, "late": 39}

WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    WEEKDAYS[_name] = _i
    WEEKDAYS[_name[:3]] = _i
WEEKDAYS.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})

_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS: dict[str, int] = {word: i for i, word in enumerate(_NUMBERS.split(" "))}
NUMBER_WORDS.update({"a": 1, "an": 1})

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip

APPROXIMATE_WORDS = ("approximately", "around", "about", "circa", "ca.", "ca", "c.", "c")
UNCERTAIN_WORDS = ("possibly", "probably")


def number(word: str) -> int | None:
    """A numeral or number word (`3`, `three`), else None."""
    if word.isdigit() and len(word) <= 6:
        return int(word)
    return NUMBER_WORDS.get(word)
