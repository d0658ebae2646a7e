"""Fuzzy dates: reading typed dates into honest bounds (the contract is DATES.md).

Pure: no clock, no I/O; `today` is always a parameter. Importing this package must not import
rich, typer or sqlite_utils, and keeps dateutil out of the common path.

The names below are loaded on first use (PEP 562 `__getattr__`): importing `timeline.dates` or
one of its small modules (`timeline.dates.types`, which every `Event` needs) does not load the
parsers, so a command that never reads a typed date does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.lazy import lazy_names

if TYPE_CHECKING:
    from timeline.dates.described import describe, marker
    from timeline.dates.durations import add_duration, calendar_form, parse_duration
    from timeline.dates.parse import parse_when
    from timeline.dates.types import PRECISIONS, Duration, FuzzyDate, When

_HOME = {
    "PRECISIONS": "types",
    "Duration": "types",
    "FuzzyDate": "types",
    "When": "types",
    "add_duration": "durations",
    "calendar_form": "durations",
    "describe": "described",
    "marker": "described",
    "parse_duration": "durations",
    "parse_when": "parse",
}

__all__ = [
    "PRECISIONS",
    "Duration",
    "FuzzyDate",
    "When",
    "add_duration",
    "calendar_form",
    "describe",
    "marker",
    "parse_duration",
    "parse_when",
]


__getattr__, __dir__ = lazy_names(__name__, _HOME, __all__)
