"""The options several commands share, declared once as annotated typer option types.

`list`, `gaps`, `chart`, `stats` and `export` take the same filter options with the same help
(`common.build_filters` turns them into a `timeline.model.Filters`); `--as-of` and `--date-order`
read the same way everywhere. Everything else the commands share is in `common`, which stays
free of typer so that the quick path (`quick`) can use it.
"""

from __future__ import annotations

from typing import Annotated

import typer

# The list filters, shared by list, gaps, chart, stats and export.
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="Events that can fall on or after DATE."),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="DATE", help="Events that can fall on or before DATE."),
]
StrictlyOpt = Annotated[
    bool,
    typer.Option("--strictly", help="Only events certainly inside the --from/--to window."),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", "-a", metavar="NAME", help="Involving NAME (repeatable: any of)."),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="NAME", help="Tagged NAME (repeatable: any of)."),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option("--category", "-c", metavar="NAME", help="In category NAME (repeatable)."),
]
SearchOpt = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Full-text search in title, quote, notes."),
]
PrecisionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--precision", metavar="P", help="Date precision: day, month, year, … (repeatable)."
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", metavar="TEXT", help="Source contains TEXT."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DAY", help="Reference day for relative dates (default today)."
    ),
]
DateOrderOpt = Annotated[
    str | None,
    typer.Option(
        "--date-order",
        metavar="DMY|MDY",
        help="How to read ambiguous numeric dates such as 03/09/2024 (or TIMELINE_DATE_ORDER).",
    ),
]
