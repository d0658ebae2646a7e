"""The typer app: its root options, the lazily built command table, and what commands share.

Each command module declares its commands with `command(name)` (or `group(name)` for a command
with subcommands): every command is a small typer app of its own, which `typer.main.get_command`
turns into a click command. `TimelineGroup` looks a command up in `COMMANDS` (the package's
table of every command and its module), imports that one module and converts that one command
the first time it is asked for, so `timeline show 3` builds `show` alone. `timeline --help`
lists every command with a stand-in made from its summary (`SUMMARIES`, checked against the
commands by a test) and builds none; completion, which needs every option, builds them all.
`TimelineGroup.main` runs inside the package's error boundary (`guarded`).

The root option `--db` is kept in typer's context (`ctx.obj`, a `Session`); `timeline_of(ctx)`
opens the chosen database as a `timeline.api.Timeline`. Decisions encoded here:
- `today()` is the one place the clock is read: `TIMELINE_TODAY=YYYY-MM-DD` overrides it, for
  tests and reproducible runs. The date order is `--date-order`, else `TIMELINE_DATE_ORDER`.
- Stdout is data: colour only on a terminal, never when `NO_COLOR` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from timeline.cli import COMMANDS, SUMMARIES, checked_arguments, guarded
from timeline.errors import UsageError

if TYPE_CHECKING:
    from timeline.api import Timeline

F = TypeVar("F", bound=Callable[..., Any])
APP_SETTINGS: dict[str, Any] = {
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
REGISTRY: dict[str, typer.Typer] = {}
"""Each command's own typer app, by command name (filled as command modules are imported)."""


class Session:
    """What the root options say, for every command of this run (typer's `ctx.obj`).

    (A plain class: a dataclass would cost every command's start-up its generated methods.)"""

    __slots__ = ("db", "wait")

    def __init__(self, db: str | None = None, wait: str | None = None) -> None:
        self.db = db
        self.wait = wait


def command(name: str, **settings: Any) -> Callable[[F], F]:
    """Declare the command `name`: its function becomes a one-command typer app."""

    def register(fn: F) -> F:
        sub = typer.Typer(name=name, **APP_SETTINGS)
        sub.command(name, **settings)(fn)
        REGISTRY[name] = sub
        return fn

    return register


def group(name: str, **settings: Any) -> typer.Typer:
    """Declare the command `name` with subcommands: register them on the app returned."""
    sub = typer.Typer(name=name, **APP_SETTINGS, **settings)
    REGISTRY[name] = sub
    return sub


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands by name (`COMMANDS`): every name is known at once, and a
    command is built the first time it is looked up."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}
        self.listing = False  # while set, a command not built is looked up as its stand-in

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            if self.listing:
                return TyperCommand(name, help=SUMMARIES[name])
            self._built[name] = load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))

    def built(self) -> list[str]:
        """The commands built so far (for tests and diagnostics)."""
        return list(self._built)


class TimelineGroup(TyperGroup):
    """The root group: commands loaded on first lookup, and every failure one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = LazyCommands()
        self.commands = self.lazy

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> object:
            given = checked_arguments(sys.argv[1:] if args is None else args)
            if not given and not os.environ.get("_TIMELINE_COMPLETE"):
                given = ["--help"]  # a bare `timeline` prints the help and succeeds
            return super(TimelineGroup, self).main(
                args=given,
                prog_name=prog_name or "timeline",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )

        guarded(run)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `--help`, from each command's summary: nothing is built."""
        self.lazy.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.lazy.listing = False


def load(name: str) -> Any:
    """Import the module of command `name` and build its click command."""
    __import__(f"timeline.cli.{COMMANDS[name]}")  # (an import statement: -X importtime sees it)
    built = typer.main.get_command(REGISTRY[name])
    built.name = name
    return built


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
    **(APP_SETTINGS | {"add_completion": True}),
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="PATH",
        help="Database file (else $TIMELINE_DB, else the nearest events.db upward, "
        "else events.db in the user's data folder).",
    ),
    version: bool = typer.Option(
        False,
        "--version",
        is_eager=True,
        callback=lambda value: _version(value),
        help="Print the version and exit.",
    ),
    wait: str | None = typer.Option(
        None,
        "--wait",
        metavar="SECONDS",
        help="How long a change waits while another timeline process writes the same "
        "database (else $TIMELINE_WAIT, else 60); 0 tries once.",
    ),
) -> None:
    """Track dated events from sources, with honest fuzzy dates."""
    ctx.obj = Session(db=db, wait=wait)


def version() -> str:
    """This installation's version, as its package metadata says."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("timeline")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _version(value: bool) -> None:
    if value:
        print(f"timeline {version()}")
        raise typer.Exit()


# -- what commands share --------------------------------------------------------------------


def today() -> date:
    """The real date, unless TIMELINE_TODAY=YYYY-MM-DD says otherwise."""
    forced = os.environ.get("TIMELINE_TODAY")
    if forced:
        try:
            return date.fromisoformat(forced.strip())
        except ValueError:
            raise UsageError(
                f"TIMELINE_TODAY={forced!r} is not a day; write it as YYYY-MM-DD"
            ) from None
    return date.today()


def now_stamp() -> str:
    """The current UTC time as the store writes it (`YYYY-MM-DDTHH:MM:SSZ`)."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_order(option: str | None = None) -> str | None:
    """`--date-order`, else TIMELINE_DATE_ORDER, else the config file's `date_order`, else None
    (ambiguous numeric dates refused)."""
    from timeline.select import date_order as checked

    given = option or os.environ.get("TIMELINE_DATE_ORDER") or None
    if given is None:
        from timeline.cli import config

        given = config.from_file("date_order")
    return checked(given)


def session(ctx: typer.Context) -> Session:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Session) else Session()


def timeline_of(
    ctx: typer.Context, *, create: bool = False, order: str | None = None, path: str | None = None
) -> Timeline:
    """The chosen database (`cli.db.choose`, or `path`) as a `Timeline`, read with today's date
    and the date order of `--date-order` or the environment; its writes wait as `wait_for`
    says, and say so on a terminal after 2 s."""
    from timeline.api import Timeline
    from timeline.cli.db import choose, ensure_data_folder

    if path is None:
        path = choose(session(ctx).db).path
    if create:
        ensure_data_folder(path)
    wait = wait_for(ctx)
    return Timeline(path, create=create, today=today(), date_order=date_order(order),
                    clock=now_stamp, wait=wait, on_wait=_waiting_notice(path, wait))  # fmt: skip


def wait_for(ctx: typer.Context) -> float | None:
    """Seconds a change waits for another process's write: `--wait`, else TIMELINE_WAIT, else
    None (the store's default)."""
    from timeline.select import wait_seconds

    given = session(ctx).wait
    if given is not None:
        return wait_seconds(given, "--wait")
    return wait_seconds(os.environ.get("TIMELINE_WAIT"), "TIMELINE_WAIT")


def _waiting_notice(path: str, wait: float | None) -> Callable[[], None] | None:
    """On a terminal, what to say once when a change has waited 2 s for another writer."""
    if not sys.stderr.isatty():
        return None
    limit = 60.0 if wait is None else wait

    def say() -> None:
        sys.stderr.write(
            f"timeline: another timeline process is writing to {path!r}; "
            f"waiting for it (up to {limit:g} s)\n"
        )
        sys.stderr.flush()

    return say


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


JSON_FORMATS = ("json", "jsonl", "timelinejs")


def data_out(fmt: str = "json") -> TextIO:
    """Stdout for data in format `fmt`: exact when piped or redirected; on a terminal, with
    every control, bidi and invisible character escaped (`\\uXXXX` in JSON, a visible escape
    elsewhere: `render.safe.TerminalText`). A `table` is a view and makes its own text inert."""
    if fmt == "table" or not stdout_is_terminal():
        return sys.stdout
    from timeline.render.safe import for_terminal

    return for_terminal(sys.stdout, json=fmt in JSON_FORMATS)


def print_data(text: str, fmt: str = "json") -> None:
    """One piece of data (`text`, a line) on stdout, as `data_out(fmt)` writes it."""
    data_out(fmt).write(text + "\n")


VIEWS = ("table", "markdown")
"""Formats that are views for people: with nothing to show they print nothing (no header alone)."""


def note(message: str) -> None:
    """Talk, not data: one line on stderr (an empty result says so here, and exits 0)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def nothing_to_show(count: int | bool, fmt: str, message: str) -> bool:
    """For an empty result: say `message` on stderr and tell whether the view prints nothing.
    Views (`VIEWS`) print nothing at all; data formats still write their empty document
    (`[]`, no lines, a CSV header) so they stay parseable."""
    if count:
        return False
    note(message)
    return fmt in VIEWS


T = TypeVar("T")


def peeked(items: Iterable[T]) -> tuple[bool, Iterator[T]]:
    """Whether `items` has anything, and all of it still to read (a stream stays a stream)."""
    import itertools

    it = iter(items)
    for first in it:
        return True, itertools.chain((first,), it)
    return False, iter(())


def note_role(tl: Any, selection: dict[str, Any]) -> None:
    """With `--role`, one line on stderr saying how many events it leaves out (those the
    other filters select that have no date of that role), when any are."""
    if not selection.get("role"):
        return
    left = tl.lacking(**selection)
    if left:
        from timeline.model import role_name

        role = role_name(selection["role"])
        said = "event has" if left == 1 else "events have"
        verb = "is" if left == 1 else "are"
        print(f"note: {left} {said} no {role!r} date and {verb} left out", file=sys.stderr)


def color_allowed() -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (to anything), and not when the
    config file says `color = false`."""
    if not stdout_is_terminal() or "NO_COLOR" in os.environ:
        return False
    from timeline.cli import config

    return config.from_file("color") is not False


def output_options(**given: Any) -> Any:
    """`render.formats.Options` for stdout: terminal and colour as this run has them."""
    from timeline.render.formats import Options

    return Options(terminal=stdout_is_terminal(), color=color_allowed(), **given)


def choose_format(target: str, fmt: str | None, json_: bool, default: str = "table") -> str:
    """The format of `-f FORMAT` / `--json` for `target`, checked against the registry."""
    from timeline.render.formats import writer

    if json_ and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt!r} disagree; give one of them")
    chosen = "json" if json_ else (fmt or _configured(target) or default)
    writer(target, chosen)  # refuses a format the registry does not offer here
    return chosen


def _configured(target: str) -> str | None:
    """The config file's `format`, where `target` offers it."""
    from timeline.cli import config
    from timeline.render.formats import offered

    wanted = config.from_file("format")
    return wanted if wanted in offered(target) else None


def default_as_of() -> str | None:
    """The config file's `as_of`: the reference day when no --as-of is given."""
    from timeline.cli import config

    found: str | None = config.from_file("as_of")
    return found


@contextmanager
def as_options() -> Iterator[None]:
    """A bad field (`timeline.io.records.RecordError`) named by its option (`--note: …`)."""
    from timeline.io.records import RecordError
    from timeline.model import FIELD

    try:
        yield
    except RecordError as err:
        spec = FIELD.get(err.column)
        option = spec.option[0] if spec and spec.option else "--" + err.column.replace("_", "-")
        if err.column.startswith("date:"):  # a role date: `--date delivered: …`
            option = "--date " + err.column.removeprefix("date:").replace(":", " ")
        raise UsageError(f"{option}: {err.reason}") from None
