"""The values the API returns besides the model's (`GapReport`, `Between`, `Info`, `Health`),
and the two readers that need no database (`parse`, `duration`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from timeline import select
from timeline.errors import UsageError
from timeline.model.results import EventRef, Gap

if TYPE_CHECKING:
    from timeline.dates.types import Duration, When
    from timeline.gaps import Answer, Span


class Cover(NamedTuple):
    """An event and the widest days it covers (`first` … `last`), as "no gaps" names it."""

    event: EventRef
    first: date
    last: date


class GapReport(NamedTuple):
    """The gaps of a selection, longest first; with `at_least`, whether each is certainly
    that long (`certain[i]` for `gaps[i]`), else None.

    When there are none, `events` counts the selection, `covering` names the events with the
    widest extents (which a span such as "2022 to this month" makes cover every day), and
    `longest` is the longest gap there was when `at_least` left none."""

    gaps: list[Gap]
    certain: list[bool] | None = None
    events: int | None = None
    covering: tuple[Cover, ...] = ()
    longest: Gap | None = None


class Between(NamedTuple):
    """The time from A to B (`span`), and the answer to a threshold question if one was asked."""

    span: Span
    answer: Answer | None = None


class Info(NamedTuple):
    path: str
    schema: int
    sqlite: str
    events: int


class Health(NamedTuple):
    """What SQLite's integrity checks found (empty: healthy), the schema and the table counts."""

    path: str
    problems: list[str]
    schema: int
    counts: dict[str, int]


def parse(
    text: str, *, as_of: str | date | None = None, today: date | None = None,
    date_order: str | None = None,
) -> When:  # fmt: skip
    """How `text` is read as a date or span (`timeline.dates.parse_when`)."""
    from timeline.dates import parse_when

    order = select.date_order(date_order)
    ref = select.reference_day(as_of, today or date.today(), order)
    return parse_when(text, today=ref, date_order=order)


def duration(text: str | None) -> Duration | None:
    """A threshold duration (`3 months`, `90d`), None for None; negative ones refused."""
    if text is None:
        return None
    from timeline.dates import parse_duration

    d = parse_duration(text)
    if d.years < 0 or d.months < 0 or d.days < 0:
        raise UsageError(f"{text!r} is negative")
    return d
