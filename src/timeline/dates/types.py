"""The values of the date core: a fuzzy date, a typed date or span (`When`), a duration.

A fuzzy date is the closed range of calendar days a phrase can mean, plus how it was said;
nothing here ever rounds it to one day. These are plain frozen values: parsing lives in
`timeline.dates.parse`, arithmetic in `timeline.dates.durations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month-part",
    "month",
    "quarter",
    "third",
    "half",
    "season",
    "year",
    "decade",
    "century",
)


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """The days a phrase can mean: `earliest` … `latest`, both inclusive."""

    earliest: date
    latest: date
    precision: str
    approximate: bool = False
    uncertain: bool = False
    edtf: str = ""

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape shared by `parse --json` and the JSON event."""
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision,
            "approximate": self.approximate,
            "uncertain": self.uncertain,
            "edtf": self.edtf,
        }


class When(NamedTuple):
    """A typed date: an instant (`end is None`) or a span with its own fuzzy end.

    `text` is what the user typed, verbatim. `ongoing` marks an open end (`since August 2022`,
    `2022-08/..`): `end` then holds that end resolved against `as_of`, and each question asked
    later resolves it against its own reference day. `as_of` is the reference day used, set
    only when the text needed one (a relative form or an open end), else None.
    """

    text: str
    start: FuzzyDate
    end: FuzzyDate | None = None
    ongoing: bool = False
    as_of: date | None = None

    @property
    def earliest(self) -> date:
        """The first day the event can touch."""
        return self.start.earliest

    @property
    def latest(self) -> date:
        """The last day the event can touch (its end's latest, or its start's for an instant)."""
        return (self.end or self.start).latest

    @property
    def precision(self) -> str:
        """The start's precision (a span reports its start's, as `parse` does)."""
        return self.start.precision


class Duration(NamedTuple):
    """A typed duration in calendar units: `3 months` is months=3, `90d` days=90."""

    years: int = 0
    months: int = 0
    days: int = 0
    text: str = ""
