"""The typer app: its root options, its click group, and the lazily built command table.

Every command module registers its commands on `typer_app`. The console script neither imports
every command module nor lets typer convert every registered command into a click command (as
`typer.main.get_command` does): `lazy_group()` builds the group alone, and a command's module is
imported and the command converted the first time it is looked up (`timeline show 3` imports
`events_cmds` and converts `show` only; `--help` and completion, which list them all, load them
all). `COMMANDS` (in the package) names the module of every command; a test checks it against
what the modules register. The conversion is typer's own `get_command_from_info`, so a command is
the same whichever way it was built; tests pin that for every command on the supported typer
range. `TimelineGroup.main` runs inside the package's error boundary (`guarded`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from timeline.cli import COMMANDS, checked_arguments, guarded

if TYPE_CHECKING:
    from typer._click import Command, Context
    from typer.models import CommandInfo


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
        def run() -> object:
            given = sys.argv[1:] if args is None else args
            return super(TimelineGroup, self).main(
                args=checked_arguments(given),
                prog_name=prog_name or "timeline",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )

        guarded(run)

    def list_commands(self, ctx: Context) -> list[str]:
        """The command names in the order they were registered, without building them."""
        return list(self.commands)


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


def register_all() -> typer.Typer:
    """Import every command module (each registers its commands on `typer_app`)."""
    import importlib

    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"timeline.cli.{module}")
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

    importlib.import_module(f"timeline.cli.{COMMANDS[name]}")
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
