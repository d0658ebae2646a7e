"""The command-line interface: typer commands and the one error boundary.

This is the only room that prints, exits or reads the clock. Each command module registers its
commands on `app`; they parse options, call the core, and hand results to a renderer.
`TimelineGroup.main` is the error boundary: a `TimelineError` becomes one line on stderr and its
exit code, a usage error from option parsing becomes one line and exit 2, and nothing reaches the
user as a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from timeline.errors import EXIT_USAGE, TimelineError, UsageError

EXIT_INTERNAL = 70


def _say(message: str) -> None:
    """One line on stderr; user text inside it is already quoted by the caller."""
    line = " ".join(message.split("\n")).strip()
    sys.stderr.write(f"timeline: {line}\n")
    sys.stderr.flush()


class TimelineGroup(TyperGroup):
    """A typer group whose `main` turns every failure into one line and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            args = _checked_arguments(sys.argv[1:] if args is None else args)
            rv = super().main(
                args=args,
                prog_name=prog_name or "timeline",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except TimelineError as err:
            _say(err.message)
            sys.exit(err.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as err:  # the boundary: nothing escapes as a traceback
            sys.exit(_click_failure(err))
        sys.exit(rv if isinstance(rv, int) else 0)


def _checked_arguments(args: Sequence[str]) -> list[str]:
    """Refuse an argument that was not valid UTF-8 (Python keeps such bytes as surrogates)."""
    for number, arg in enumerate(args, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            raise UsageError(f"argument {number} ({shown!r}) is not valid UTF-8")
    return list(args)


def _click_failure(err: Exception) -> int:
    """Report a failure raised by option parsing (click's exceptions) or an internal bug."""
    show = getattr(err, "format_message", None)
    code = getattr(err, "exit_code", None)
    if callable(show) and type(err).__name__ == "NoArgsIsHelpError":
        sys.stdout.write(f"{show()}\n")  # a bare `timeline`: the help, as --help prints it
        return 0
    if callable(show) and isinstance(code, int):
        _say(str(show()))
        return code
    if type(err).__name__ == "Abort":
        _say("aborted")
        return 1
    _say(f"internal error ({type(err).__name__}): {err}")
    return EXIT_INTERNAL


app = typer.Typer(
    cls=TimelineGroup,
    name="timeline",
    help=(
        "Track dated events from sources, with honest fuzzy dates.\n\n"
        "\b\nExamples:\n"
        "  timeline add 'Iran sends 46 Shahed drones' --when 'August 2022' -a Iran\n"
        "  timeline list --from 2023 --to 2024 -a 'North Korea'\n"
        "  timeline gaps --min '3 months'\n"
        "  timeline between 'December 2022' 'April 2024'\n"
        "  timeline parse 'late 2023' 'last month' --as-of 2024-10-15"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="PATH",
        help="Database file (else $TIMELINE_DB, else the nearest events.db upward, "
        "else events.db in the user's data folder).",
    ),
) -> None:
    """Track dated events from sources, with honest fuzzy dates."""
    from timeline.cli import common

    common.STATE.db_option = db


def _register() -> None:
    """Import the command modules; each adds its commands to `app`."""
    import importlib

    for name in ("parse_cmd", "events_cmds", "gaps_cmds", "views_cmds", "maintenance_cmds"):
        importlib.import_module(f"timeline.cli.{name}")


_register()


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["EXIT_USAGE", "app", "main"]
