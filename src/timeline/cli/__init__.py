"""The command-line interface: the entry point, the one error boundary, and the command table.

This is the only room that prints, exits or reads the environment and the clock. Every command
is a typer command (`cli.app`) over the Python API (`timeline.api`); each command module
declares its own commands, and `COMMANDS` names the module of each, so that a run imports and
builds only the command it runs. `app` is the typer app (for `CliRunner` and embedding).

`guarded` is the error boundary for every way a command runs: a `TimelineError` becomes one line
on stderr and its exit code, a usage error from option parsing becomes one line and exit 2, and
nothing reaches the user as a traceback. A closed output pipe ends the command quietly with exit
1 and Ctrl-C with 130.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from timeline.errors import EXIT_USAGE, DatabaseBusy, NoDatabase, TimelineError, UsageError

if TYPE_CHECKING:
    import typer

    app: typer.Typer

EXIT_INTERNAL = 70

# Every command and the module that declares it, in the order `timeline --help` lists them.
# A test checks this against what the modules declare.
COMMANDS: dict[str, str] = {
    "parse": "parse_cmd",
    "init": "events_cmds",
    "info": "events_cmds",
    "add": "events_cmds",
    "list": "events_cmds",
    "show": "events_cmds",
    "edit": "events_cmds",
    "rm": "record_cmds",
    "undo": "record_cmds",
    "log": "record_cmds",
    "import": "record_cmds",
    "merge": "merge_cmd",
    "extract": "extract_cmd",
    "actors": "sources_cmds",
    "tags": "record_cmds",
    "source": "sources_cmds",
    "conflicts": "sources_cmds",
    "gaps": "gaps_cmds",
    "quiet": "gaps_cmds",
    "lags": "gaps_cmds",
    "between": "gaps_cmds",
    "chart": "views_cmds",
    "stats": "views_cmds",
    "export": "views_cmds",
    "backup": "maintenance_cmds",
    "publish": "publish_cmds",
    "serve": "publish_cmds",
    "check": "claims_cmds",
    "relate": "claims_cmds",
    "claims": "claims_cmds",
    "config": "config_cmds",
}

# The first paragraph of each command's help, which `timeline --help` lists without building
# every command (`TimelineGroup.format_commands`). A test checks each against the command.
SUMMARIES: dict[str, str] = {
    "parse": "Show how dates are read: bounds, precision, qualifiers and EDTF.",
    "init": "Create a database, or bring an existing one up to date.",
    "info": (
        "Which database is in use and why, the version, the settings, the schema and the events."
    ),
    "add": "Add an event and show how its date was understood (its bounds and precision).",
    "list": "List events in date order, filtered.",
    "show": "Show one event: every field, and how its date was understood.",
    "edit": "Change an event; a new --when is read against its stored as-of day.",
    "rm": "Delete events (undo brings them back, under their own ids).",
    "undo": (
        "Revert the latest change not yet undone (repeatable: each call goes one further back)."
    ),
    "log": "The history of changes, newest first; --json includes each change's before and after.",
    "import": "Import events from a file, all or nothing.",
    "merge": "Merge another chronology into this one, as one change (one `timeline undo`).",
    "extract": (
        "Propose an event for each dated statement of an article, ready for `timeline import`."
    ),
    "actors": "Actors with how many events involve each, and their aliases; or change the aliases.",
    "tags": "Tags with how many events carry each.",
    "source": "Sources as records: add, list, show, edit, rm.",
    "conflicts": "Events whose sources date them incompatibly, with each source's reading.",
    "gaps": "The quiet periods of the selected events, longest first.",
    "quiet": (
        "Who has been quiet longest: each group's last event and the time since, longest first."
    ),
    "lags": "The lag from one role date to another, per event (a range of days), and a summary.",
    "between": "The time from A to B as least and greatest days and calendar forms.",
    "chart": "Draw the selected events as a chart: a lane per group, time running across.",
    "stats": "Count events per month, quarter or year, empty periods included.",
    "export": "Export the selected events to stdout or to FILE, in date order.",
    "backup": "Copy the database to PATH: one consistent snapshot, even while others write.",
    "publish": "Write a snapshot for Datasette into DIR: timeline.db, metadata.json and a README.",
    "serve": "Serve the chronology read-only with Datasette until Ctrl-C.",
    "check": "Check the database (no subcommand), or a claim: gap, duration, count, first, order.",
    "relate": "All thirteen of Allen's relations of A to B, each yes, no or cannot tell.",
    "claims": "The fact-check sheet: every stored claim checked again against the chronology now.",
    "config": "Read and change the settings in config.toml (in the config folder).",
}


def _say(message: str) -> None:
    """One line on stderr; user text inside it is already quoted by the caller, and anything
    that would still act on a terminal is shown as an escape."""
    from timeline.render.safe import visible

    line = visible(" ".join(message.splitlines()).strip())  # every line boundary, U+2028 too
    sys.stderr.write(f"timeline: {line}\n")
    sys.stderr.flush()


def _message(err: TimelineError) -> str:
    """The error's line, with the command that would help where there is one: for a missing
    database, the `init` that creates that very file; for a lock held past the wait, how to
    wait longer."""
    if isinstance(err, NoDatabase):
        from timeline.cli.db import init_hint

        return f"{err.message}; {init_hint(err.path)}"
    if isinstance(err, DatabaseBusy):
        return f"{err.message}; wait longer with --wait SECONDS or TIMELINE_WAIT"
    return err.message


def guarded(run: Callable[[], object]) -> NoReturn:
    """Run a command and exit: 0 (or the int it returns), else one stderr line and a code."""
    try:
        rv = run()
        sys.stdout.flush()
    except TimelineError as err:
        _say(_message(err))
        sys.exit(err.exit_code)
    except BrokenPipeError:  # the reader went away (`| head`): exit 1 quietly, as typer does
        sys.stderr.close()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except EOFError:  # input ended at a prompt: typer's "aborted"
        _say("aborted")
        sys.exit(1)
    except Exception as err:  # the boundary: nothing escapes as a traceback
        sys.exit(_click_failure(err))
    sys.exit(rv if isinstance(rv, int) else 0)


def checked_arguments(args: Sequence[str]) -> list[str]:
    """Refuse an argument that was not valid UTF-8 (Python keeps such bytes as surrogates)."""
    for number, arg in enumerate(args, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            raise UsageError(f"argument {number} ({shown!r}) is not valid UTF-8")
    return list(args)


def _click_failure(err: Exception) -> int:
    """Report a failure raised by option parsing (click's exceptions, which carry
    `format_message` and `exit_code`), `typer.Exit`/`typer.Abort`, or an internal bug."""
    import typer

    if isinstance(err, typer.Exit):
        return int(err.exit_code)
    if isinstance(err, typer.Abort):
        _say("aborted")
        return 1
    show = getattr(err, "format_message", None)
    code = getattr(err, "exit_code", None)
    if callable(show) and isinstance(code, int):
        _say(str(show()))
        return code
    _say(f"internal error ({type(err).__name__}): {err}")
    return EXIT_INTERNAL


def __getattr__(name: str) -> object:
    """`app`, the typer app, imported on first use."""
    if name == "app":
        from timeline.cli.app import app as the_app

        globals()["app"] = the_app
        return the_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point. The program owns its process, so sqlite_utils (loaded only
    to create or upgrade a file) is loaded without the pandas and numpy it never needs here
    (`timeline.migrations.load_sqlite_utils`)."""
    from timeline import migrations
    from timeline.cli.app import app as the_app

    migrations.LEAN_SQLITE_UTILS = True
    the_app()


__all__ = ["COMMANDS", "EXIT_USAGE", "app", "checked_arguments", "guarded", "main"]
