"""`timeline extract`: an article's dated statements as candidate events.

Decisions encoded here:
- The candidates go to stdout (or `-o FILE`, written atomically) as a table on a terminal and as
  CSV when piped, or in the `-f` format; with `-o` and no `-f` the format is the file's
  extension (`.csv`, `.jsonl`, `.json`), else CSV. `timeline import` reads the CSV and JSON
  Lines as they are.
- A line on stderr says how many candidates were found, against which day and citing which
  source; a text with no dates is not an error (exit 0, no candidates, a note on stderr).
- `--review` needs a terminal: it shows each candidate (its sentence, its date as read, its
  title and actors) and asks to accept it, change its title or its date, skip it, or stop;
  the accepted ones are imported in one change, which one `timeline undo` reverts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from timeline.cli import options
from timeline.cli.app import choose_format, command, data_out, output_options, timeline_of
from timeline.errors import UsageError
from timeline.render.formats import offered
from timeline.render.safe import inert

if TYPE_CHECKING:
    from timeline.api import Timeline
    from timeline.api.extract import Extraction
    from timeline.model.results import Candidate

_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".json": "json"}


@command("extract")
def extract(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The article: text, Markdown or HTML; - for stdin."),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DAY",
            help="The day it appeared: relative and year-less dates are read against it.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="SOURCE",
            help="Its source: an id (3, #3) or a title (default: the article's title).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="|".join(offered("candidates")), help="Format."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write FILE (atomic); - is stdout."),
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Step through them on a terminal and import.")
    ] = False,
    date_order: options.DateOrderOpt = None,
) -> None:
    """Propose an event for each dated statement of an article, ready for `timeline import`.

    Each candidate has a title from its clause, its date as written (a year taken from
    --published where the text has none) with its bounds, the whole sentence as its quote, the
    actors it names (those the database knows, aliases too), its source and where it stands
    in the file. Numbers that are not dates (155mm, $61bn, 1,339, Fath-360) and durations
    ("for nearly five months") are left out.

    \b
    Examples:
      timeline extract article.txt --published 2024-10-15 -o candidates.csv
      timeline import candidates.csv
      timeline extract article.html --source 3 --review
    """
    output = None if output == "-" else output  # `-o -`: stdout, as without -o (`./-` is a file)
    if review and (fmt or output):
        raise UsageError("--review imports what you accept; drop -f/-o, or drop --review")
    chosen = fmt or (_EXTENSIONS.get(_suffix(output), "csv") if output else None)
    if chosen is None:
        chosen = "table" if sys.stdout.isatty() else "csv"
    choose_format("candidates", chosen, False)
    if review and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "--review asks on a terminal; without one, write the candidates with -o FILE, "
            "edit them, and `timeline import FILE`"
        )
    label = "stdin" if file == "-" else file
    with timeline_of(ctx, order=date_order) as tl:
        target = _target(output, tl.path) if output is not None else None
        found = tl.extract(file, published=published, source=source)
        _summary(found, label)
        if review:
            _review(tl, found, label)
            return
    _write(found.candidates, chosen, target)


def _suffix(name: str | None) -> str:
    return Path(name or "").suffix.lower()


def _summary(found: Extraction, label: str) -> None:
    count = len(found.candidates)
    cited = f"; source: {inert(found.source)}" if found.source else ""
    if not count:
        sys.stderr.write(f"no dated statements found in {inert(label)}{cited}\n")
        return
    noun = "candidate" if count == 1 else "candidates"
    sys.stderr.write(
        f"{count} {noun} from {inert(label)}, read against {found.published.isoformat()}{cited}\n"
    )


def _target(output: str, database: str) -> Path:
    """The `-o` file, checked before anything is read: never the database (by any name)."""
    from timeline.api.files import checked_target, output_path, refuse_database_target

    path = checked_target(output_path(output))
    refuse_database_target(path, Path(database), "candidates")
    return path


def _write(found: list[Candidate], fmt: str, target: Path | None) -> None:
    from timeline.render.formats import writer

    write = writer("candidates", fmt)
    if target is None:
        write(found, data_out(fmt), output_options())
        return
    from timeline.api.files import atomic_text
    from timeline.render.formats import Options

    with atomic_text(target, through_links=True) as out:
        write(found, out, Options())


def _review(tl: Timeline, found: Extraction, label: str) -> None:
    """Ask about each candidate; import the accepted ones in one change."""
    accepted: list[Candidate] = []
    total = len(found.candidates)
    for number, c in enumerate(found.candidates, start=1):
        choice = _ask(tl, c, number, total)
        if choice is None:
            break
        if isinstance(choice, tuple):
            accepted.append(choice)
    if not accepted:
        print("nothing accepted; nothing imported")
        return
    count = tl.add_candidates(accepted, label=label)
    print(f"imported {count} events from {inert(label)} (one change: `timeline undo` reverts it)")


def _ask(tl: Timeline, c: Candidate, number: int, total: int) -> Candidate | bool | None:
    """The candidate as accepted (maybe changed), False to skip it, None to stop."""
    from timeline.render.candidates import as_event
    from timeline.render.viewkit import bounds_label

    while True:
        mark = " (background)" if c.background else ""
        print(f"\n[{number}/{total}] at {c.offset}: {inert(c.when)} → "
              f"{bounds_label(as_event(c))}{mark}")  # fmt: skip
        print(f'  "{inert(c.quote)}"')
        print(f"  title:  {inert(c.title)}")
        if c.actors:
            print(f"  actors: {inert(', '.join(c.actors))}")
        answer = typer.prompt(
            "  (a)ccept, (t)itle, (d)ate, (s)kip, (q)uit", default="a", show_default=False
        ).strip().lower()[:1]  # fmt: skip
        if answer == "a":
            return c
        if answer == "s":
            return False
        if answer == "q":
            return None
        if answer == "t":
            title = typer.prompt("  title", default=c.title).strip()
            c = c._replace(title=title or c.title)
        elif answer == "d":
            c = _redated(tl, c, typer.prompt("  date", default=c.when).strip())


def _redated(tl: Timeline, c: Candidate, text: str) -> Candidate:
    from timeline.errors import DateError

    try:
        when = tl.parse(text, c.published)
    except DateError as err:
        print(f"  {inert(err.message)}")
        return c
    return c._replace(when=text, start=when.start, end=when.end, ongoing=when.ongoing,
                      note=None)  # fmt: skip
