"""Fuzzy dates: reading typed dates into honest bounds (the contract is DATES.md).

Pure: no clock, no I/O; `today` is always a parameter. Importing this package must not import
rich, typer or sqlite_utils, and keeps dateutil out of the common path.
"""

from __future__ import annotations

from timeline.dates.describe import describe, marker
from timeline.dates.durations import add_duration, calendar_form, parse_duration
from timeline.dates.parse import parse_when
from timeline.dates.types import PRECISIONS, Duration, FuzzyDate, When

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
