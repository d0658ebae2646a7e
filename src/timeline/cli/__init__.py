"""The command-line interface: typer commands and the one error boundary.

This is the only room that prints, exits or reads the clock. Each command module registers its
commands on `typer_app`; they parse options, call the core, and hand results to a renderer.
`app` is the same typer app with every command module imported (for `CliRunner` and embedding).
`TimelineGroup.main` is the error boundary: a `TimelineError` becomes one line on stderr and its
exit code, a usage error from option parsing becomes one line and exit 2, and nothing reaches the
user as a traceback.

Start-up is paid on every call, so the console script neither imports every command module nor
lets typer convert every registered command into a click command (as `typer.main.get_command`
does): `lazy_group()` builds the group alone, and a command's module is imported and the command
converted the first time it is looked up (`timeline add …` imports `events_cmds` and converts
`add` only; `--help` and completion, which list them all, load them all). `COMMANDS` names the
module of every command; a test checks it against what the modules register. The conversion is
typer's own `get_command_from_info`, so a command is the same whichever way it was built; tests
pin that for every command on the supported typer range.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from timeline.errors import EXIT_USAGE, TimelineError, UsageError

if TYPE_CHECKING:
    from typer._click import Command, Context
    from typer.models import CommandInfo

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

    def list_commands(self, ctx: Context) -> list[str]:
        """The command names in the order they were registered, without building them."""
        return list(self.commands)


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


typer_app = typer.Typer(
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


@typer_app.callback()
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

if TYPE_CHECKING:
    app: typer.Typer  # provided by `__getattr__`, every command registered


def register_all() -> typer.Typer:
    """Import every command module (each registers its commands on `typer_app`)."""
    import importlib

    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"{__name__}.{module}")
    return typer_app


def __getattr__(name: str) -> object:
    """`app`: the typer app with every command registered (for `CliRunner` and embedding)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()["app"] = register_all()
    return typer_app


def _command_name(info: CommandInfo) -> str:
    from typer.main import get_command_name

    return info.name or get_command_name(getattr(info.callback, "__name__", ""))


class LazyCommands(MutableMapping[str, "Command"]):
    """A group's commands by name (`COMMANDS`); each module is imported and each command
    converted from typer's `CommandInfo` the first time it is looked up."""

    def __init__(self) -> None:
        self._names: dict[str, None] = dict.fromkeys(COMMANDS)
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = _load(name)  # KeyError: no such command
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._names[name] = None
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def built(self) -> list[str]:
        """The names converted so far (for tests and diagnostics)."""
        return list(self._built)


def _load(name: str) -> Command:
    """Import the module of command `name` and convert it as `typer.main.get_command` does."""
    import importlib

    from typer.main import get_command_from_info

    importlib.import_module(f"{__name__}.{COMMANDS[name]}")
    for info in typer_app.registered_commands:
        if _command_name(info) == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=typer_app.pretty_exceptions_short,
                rich_markup_mode=typer_app.rich_markup_mode,
            )
    raise KeyError(name)


def lazy_group() -> TimelineGroup:
    """The click group of the app, each command imported and built on first lookup."""
    import copy

    from typer.main import get_command

    shell = copy.copy(typer_app)  # the same settings and callback, without commands to convert
    shell.registered_commands = []
    group = get_command(shell)
    assert isinstance(group, TimelineGroup)
    group.commands = LazyCommands()
    return group


def main() -> None:
    """Console-script entry point."""
    lazy_group()()


__all__ = ["COMMANDS", "EXIT_USAGE", "app", "lazy_group", "main", "register_all", "typer_app"]
