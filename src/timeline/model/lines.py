"""`Line`: an event as the one-line listing prints it (`timeline list` piped).

The listing shows an event's id, bounds, title, date as typed and actors, so it reads those
alone (`Store.iter_lines`): no tags, citations or role dates are fetched or decoded, and no
`Event` is built. `Line` has the attributes of `Event` that the listing reads, with the same
meaning, so `render.viewkit.plain` prints either alike (a test compares them). Apart from
`timeline.model` so that a command that prints no such line does not build its class.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from timeline.dates.types import FuzzyDate
from timeline.model import resolved_end


class Line(NamedTuple):
    """An event's id, title, date as typed (`when`), start and end, whether it is ongoing, and
    its actors in their stored order: the fields of `Event` of the same names."""

    id: int
    title: str
    when: str
    start: FuzzyDate
    end: FuzzyDate | None
    ongoing: bool
    actors: tuple[str, ...]

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    def resolved(self, day: date) -> Line:
        """This line as a question with reference day `day` sees it (`Event.resolved`)."""
        end = resolved_end(self.start, self.end, self.ongoing, day)
        return self if end is self.end else self._replace(end=end)
