"""`Source`: a source as a record (`timeline source …`).

Apart from `timeline.model` so that a command that shows no source record does not build its
class at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timeline.model import SOURCE_FIELDS


@dataclass(frozen=True, slots=True)
class Source:
    """A source as a record: what it is, where it is, and the day it was published (the
    reference day for its relative dates). `events` is how many events cite it, where asked."""

    id: int
    title: str
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    accessed: date | None = None
    archived_url: str | None = None
    notes: str | None = None
    created_at: str = ""
    updated_at: str = ""
    events: int | None = None
    uuid: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in SOURCE_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        return out
