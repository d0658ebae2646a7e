"""The values of the date core: a fuzzy date, a typed date or span (`When`), a duration.

A fuzzy date is the closed range of calendar days a phrase can mean, plus how it was said;
nothing here ever rounds it to one day. These are plain frozen values: parsing lives in
`timeline.dates.parse`, arithmetic in `timeline.dates.durations`.

An open side is stored as the farthest day there is, so that every comparison, sort and sweep
treats it as "could be any day that way": an open earliest ("by March 2024", EDTF
`[..2024-03]`, `../2006`, `/2006`) is `OPEN_EARLIEST` (0001-01-01), an unknown latest (EDTF
`2004-06-01/`) is `OPEN_LATEST` (9999-12-31). Which it is, is told by the EDTF the value
carries, so year 1 itself is never mistaken for an open side; in JSON an open side is `null`.
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


OPEN_EARLIEST = date.min
OPEN_LATEST = date.max
OPEN_START_EDTF = ("[..", "..", "/")
"""How the EDTF of a value with an open earliest begins (`[..2024-03]`, `../2006`, `/2006`)."""
ONGOING_EDTF = ".."
"""The EDTF of an ongoing end (`2022-08/..`): open, and reaching the reference day R."""


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """The days a phrase can mean: `earliest` … `latest`, both inclusive."""

    earliest: date
    latest: date
    precision: str
    approximate: bool = False
    uncertain: bool = False
    edtf: str = ""

    @property
    def open_earliest(self) -> bool:
        """No earliest day is known ("by March 2024"): `earliest` is `OPEN_EARLIEST`."""
        return self.earliest == OPEN_EARLIEST and self.edtf.startswith(OPEN_START_EDTF)

    @property
    def open_latest(self) -> bool:
        """No latest day is known (EDTF `2004-06-01/`): `latest` is `OPEN_LATEST`."""
        return self.latest == OPEN_LATEST and self.edtf.rstrip("~?%").endswith("/")

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape shared by `parse --json` and the JSON event; an open side is
        null."""
        return {
            "earliest": None if self.open_earliest else self.earliest.isoformat(),
            "latest": None if self.open_latest else self.latest.isoformat(),
            "precision": self.precision,
            "approximate": self.approximate,
            "uncertain": self.uncertain,
            "edtf": self.edtf,
        }


class When(NamedTuple):
    """A typed date: an instant (`end is None`) or a span with its own fuzzy end.

    `text` is what the user typed, verbatim. `ongoing` marks an open end (`since August 2022`,
    `2022-08/..`): the source says it was still going on `as_of` (R) and nothing about
    afterwards, so `end` is R (EDTF `..`) and every question treats it as ending there. `as_of`
    is the reference day used, set only when the text needed one (a relative form or an open
    end), else None.
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
