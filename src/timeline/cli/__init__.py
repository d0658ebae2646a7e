"""The command-line interface: the entry point, the one error boundary, and the command table.

This is the only room that prints, exits or reads the clock. The commands are typer commands
(`group` holds the app; each command module registers its commands on it). `app` is that typer app
with every command module imported (for `CliRunner` and embedding).

`guarded` is the error boundary for every way a command runs: a `TimelineError` becomes one line
on stderr and its exit code, a usage error from option parsing becomes one line and exit 2, and
nothing reaches the user as a traceback. A closed output pipe ends the command quietly with exit
1 (typer's own rule, which applies first on the typer path) and Ctrl-C with 130.

Start-up is paid on every call, and importing typer alone costs about as much as a whole
`timeline add` without it. So `main` first offers the arguments to `quick`, a small parser that
knows the options of the everyday commands (`add`, `list`, `gaps`) and runs their typer-free
bodies directly; anything it does not recognise exactly (help, an unknown or malformed option, a
missing value) goes to typer, which parses, explains and refuses as it always does. This package
itself imports no typer: `group`, `lazy_group`, `register_all`, `typer_app` and `app` load it
when first asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from timeline.errors import EXIT_USAGE, TimelineError, UsageError

if TYPE_CHECKING:
    import typer

    from timeline.cli.group import TimelineGroup

    app: typer.Typer  # every command registered
    typer_app: typer.Typer  # the commands registered so far

    def lazy_group() -> TimelineGroup: ...
    def register_all() -> typer.Typer: ...


EXIT_INTERNAL = 70

# Every command and the module that registers it, in the order `timeline --help` lists them.
# A test checks this against what the modules register.
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
    "actors": "record_cmds",
    "tags": "record_cmds",
    "gaps": "gaps_cmds",
    "between": "gaps_cmds",
    "chart": "views_cmds",
    "stats": "views_cmds",
    "export": "views_cmds",
    "backup": "maintenance_cmds",
    "check": "maintenance_cmds",
}


def _say(message: str) -> None:
    """One line on stderr; user text inside it is already quoted by the caller."""
    line = " ".join(message.split("\n")).strip()
    sys.stderr.write(f"timeline: {line}\n")
    sys.stderr.flush()


def guarded(run: Callable[[], object]) -> NoReturn:
    """Run a command and exit: 0 (or the int it returns), else one stderr line and a code."""
    try:
        rv = run()
        sys.stdout.flush()
    except TimelineError as err:
        _say(err.message)
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


_FROM_GROUP = ("typer_app", "lazy_group", "register_all")


def __getattr__(name: str) -> object:
    """The typer side, imported on first use: `app` (every command registered), `typer_app`,
    `lazy_group` and `register_all` (from `group`)."""
    if name == "app":
        from timeline.cli.group import register_all as everything

        globals()["app"] = everything()
        return globals()["app"]
    if name in _FROM_GROUP:
        from timeline.cli import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point: the quick path when it applies, else the typer app."""
    from timeline.cli import quick

    call = quick.parse(sys.argv[1:])
    if call is not None:
        guarded(call.run)
    from timeline.cli.group import lazy_group as build

    build()()


__all__ = [
    "COMMANDS",
    "EXIT_USAGE",
    "app",
    "checked_arguments",
    "guarded",
    "lazy_group",
    "main",
    "register_all",
    "typer_app",
]
