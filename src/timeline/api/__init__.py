"""The Python API: `Timeline`, one open chronology, and every command's work as a method.

    import timeline
    with timeline.open("events.db") as tl:
        tl.add("Iran sends 46 Shahed drones", when="August 2022", actors=["Iran"], value=46)
        for event in tl.events(actor="Iran", from_="2022", to="2023"):
            print(event.title, event.earliest, event.latest)

Methods return the model's frozen values (`Event`, `Gap`, …) and raise the `TimelineError`
family; nothing here prints or exits. The command-line interface is a thin shell over it.

Decisions encoded here:
- The database is opened on first use, so a question that needs none (`between` two dates)
  touches no file; `create=True` creates a missing one (its folder must exist).
- `today` is the day relative dates are read against when no `as_of` is given (default: the
  computer's date); `date_order` reads ambiguous numeric dates (`DMY`, `MDY`, or None to refuse
  them); `clock` stamps changes (default: UTC now).
- A selection (`**selection`) is typed text, as on the command line: `from_`, `to`,
  `strictly`, `actor`, `tag`, `category`, `source`, `search`, `precision`, `limit`, `reverse`
  (`timeline.select`). Fields (`**fields`) are an event's fields by name (`timeline.model`).
- An event is named by its id: `12`, `"12"` or `"#12"`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.api.timeline import Timeline, open

if TYPE_CHECKING:
    from timeline.api.results import Between, GapReport, Health, Info, duration, parse


def __getattr__(name: str) -> object:
    """The result types and the readers of `timeline.api.results`, loaded on first use."""
    if name in ("Between", "GapReport", "Health", "Info", "duration", "parse"):
        from timeline.api import results

        return getattr(results, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Between", "GapReport", "Health", "Info", "Timeline", "duration", "open", "parse"]
