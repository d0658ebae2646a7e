"""Reading JSON text for the JSON, JSON Lines and TimelineJS imports: one place for its errors.

Decisions encoded here: every way `json.loads` can fail on hostile input is one `UsageError`
naming the file (and the line, where the format has lines): malformed JSON with its line and
column; nesting too deep for the parser (100,000 `[`) as "nested too deeply"; and an integer
typed with more than `MAX_DIGITS` digits as too large to store, before Python's own limit on
converting digits is reached. (Lone surrogates such as `"\\ud800"` are read as they are and
refused with the field they are in by `timeline.io.records`.)
"""

from __future__ import annotations

import json

from timeline.errors import UsageError

MAX_DIGITS = 100


class _TooManyDigits(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _TooManyDigits(digits)
    return int(text)


def loads(text: str, label: str, where: str = "") -> object:
    """The JSON value of `text`; `where` (`line 3`) places an error within `label`."""
    at = f"{label}: {where}" if where else f"{label}:"
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as err:
        place = f"column {err.colno}" if where else f"line {err.lineno} column {err.colno}"
        raise UsageError(f"{at} {place}: {err.msg}") from None
    except _TooManyDigits as err:
        raise UsageError(f"{label}: {where + ': ' if where else ''}a number of {err.digits:,} "
                         "digits is too large to store") from None  # fmt: skip
    except RecursionError:
        raise UsageError(
            f"{label}: {where + ': ' if where else ''}the JSON is nested too deeply to read"
        ) from None
