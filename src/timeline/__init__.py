"""timeline: dated chronologies built from sources, with honest fuzzy dates.

The Python API (the command-line tool is a thin shell over it):

    import timeline
    with timeline.open("events.db", create=True) as tl:
        tl.add("Iran sends 46 Shahed drones", when="August 2022", actors=["Iran"])
        for gap in tl.gaps(category="us-aid", top=3).gaps:
            print(gap.min_days, gap.max_days)

`open`, `Timeline` and the result types come from `timeline.api`; `Event`, `Gap`, `Filters`
from `timeline.model`; `parse` reads a date as the tool does; every error is a
`TimelineError` carrying its exit code. Names load on first use, so importing the package costs
nothing until one is used.

The package is split into rooms, each importing only the rooms before it (checked by
`tests/test_architecture.py`; the project's ARCHITECTURE.md draws them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.lazy import lazy_names

__version__ = "0.1.0"

if TYPE_CHECKING:
    from timeline.api import Between, GapReport, Health, Info, Timeline, open, parse
    from timeline.dates.types import Duration, FuzzyDate, When
    from timeline.errors import (
        DateError,
        NoDatabase,
        NotFoundError,
        StorageError,
        TimelineError,
        UsageError,
    )
    from timeline.model import Event, Filters
    from timeline.model.results import EventRef, Gap

_HOME = {
    **dict.fromkeys(("Between", "GapReport", "Health", "Info", "Timeline", "open", "parse"), "api"),
    **dict.fromkeys(("Duration", "FuzzyDate", "When"), "dates.types"),
    **dict.fromkeys(
        ("DateError", "NoDatabase", "NotFoundError", "StorageError", "TimelineError", "UsageError"),
        "errors",
    ),
    **dict.fromkeys(("Event", "Filters"), "model"),
    **dict.fromkeys(("EventRef", "Gap"), "model.results"),
}
__all__ = [
    "Between", "DateError", "Duration", "Event", "EventRef", "Filters", "FuzzyDate", "Gap",
    "GapReport", "Health", "Info", "NoDatabase", "NotFoundError", "StorageError", "Timeline",
    "TimelineError", "UsageError", "When", "__version__", "open", "parse",
]  # fmt: skip


__getattr__, __dir__ = lazy_names(__name__, _HOME, __all__)
