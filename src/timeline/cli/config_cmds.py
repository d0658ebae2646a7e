"""`timeline config get|set|unset|list|path`: the settings file, read and written.

Decisions encoded here: `set` checks the value as every reader would (a `db` path is made
absolute, so it names one file from every folder), then writes the whole file anew
(atomically); `get` prints the value in force and `list` every setting with where it came from
(an option on a later command still wins over both). Values print as plain text on stdout, one
per line, so `$(timeline config get db)` works; an unset value prints nothing and says so on
stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from timeline.cli import config
from timeline.cli.app import group, note
from timeline.render.safe import inert

config_app = group("config", invoke_without_command=True)
config_app.info.help = """Read and change the settings in config.toml (in the config folder).

Settings: db, date_order (DMY or MDY), as_of (a day), color (true or false), format (table,
json, jsonl, csv or markdown). An option (--db, --date-order, --as-of, -f) and the environment
($TIMELINE_DB, $TIMELINE_DATE_ORDER, $NO_COLOR) still win. Alone, `config` lists them.

\b
Examples:
  timeline config set as_of 2024-10-15
  timeline config set date_order DMY
  timeline config list
  timeline config path
"""
KeyArg = Annotated[str, typer.Argument(metavar="KEY", help=f"One of {', '.join(config.SETTINGS)}.")]


@config_app.callback()
def config_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        config_list()


@config_app.command("get")
def config_get(key: KeyArg) -> None:
    """Print the value in force for KEY.

    \\b
    Example:
      timeline config get date_order
    """
    setting = config.key_of(key)
    value, origin = config.value(setting.key)
    if value is None:
        note(f"{setting.key} is not set ({origin})")
        return
    print(inert(config.shown(value)))


@config_app.command("set")
def config_set(
    key: KeyArg, value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")]
) -> None:
    """Set KEY to VALUE in the config file.

    \\b
    Examples:
      timeline config set as_of 2024-10-15
      timeline config set color false
    """
    setting = config.key_of(key)
    checked = config.checked(setting, value, setting.key)
    if setting.key == "db":  # the same file from every folder
        import os

        checked = os.path.abspath(os.path.expanduser(checked))
    values = config.read() | {setting.key: checked}
    where = config.write(values)
    note(f"{setting.key} = {inert(config.shown(checked))} in {inert(where)}")


@config_app.command("unset")
def config_unset(key: KeyArg) -> None:
    """Remove KEY from the config file (its default, or the environment, applies again).

    \\b
    Example:
      timeline config unset as_of
    """
    setting = config.key_of(key)
    values = config.read()
    if setting.key not in values:
        note(f"{setting.key} is not in the config file")
        return
    del values[setting.key]
    where = config.write(values)
    note(f"{setting.key} removed from {inert(where)}")


@config_app.command("list")
def config_list() -> None:
    """Every setting, its value and where it came from (`config --help` says what each means).

    \\b
    Example:
      timeline config list
    """
    for key in config.SETTINGS:
        value, origin = config.value(key)
        print(f"{key} = {inert(config.shown(value))}  # {inert(origin)}")


@config_app.command("path")
def config_path() -> None:
    """Print where the config file is (it may not exist yet).

    \\b
    Example:
      timeline config path
    """
    print(config.path())
