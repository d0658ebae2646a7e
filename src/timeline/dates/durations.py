"""Durations: typed thresholds and shown durations (stub: to be implemented per DATES.md)."""

from __future__ import annotations

from datetime import date

from timeline.dates.types import Duration


def parse_duration(text: str) -> Duration:
    """Read `90d`, `3 months`, `1 year 2 months`, `P1Y2M10D`; raise `DateError` otherwise."""
    raise NotImplementedError


def add_duration(day: date, duration: Duration) -> date:
    """`day` + `duration`, calendar-aware (as `dateutil.relativedelta` adds)."""
    raise NotImplementedError


def calendar_form(start: date, end: date) -> str:
    """The calendar form between two days, e.g. `1 year 4 months 1 day` (`0 days` if equal)."""
    raise NotImplementedError
