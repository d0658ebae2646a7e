"""Reading typed date text into a `When` (stub: to be implemented per DATES.md)."""

from __future__ import annotations

from datetime import date

from timeline.dates.types import When


def parse_when(text: str, *, today: date, date_order: str | None = None) -> When:
    """Read a date, span, relative or EDTF expression; raise `DateError` if it cannot be read."""
    raise NotImplementedError
