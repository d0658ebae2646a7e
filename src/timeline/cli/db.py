"""Which database a command uses, and why.

Decisions encoded here: `--db PATH` (before the command) wins, then `TIMELINE_DB`, then the
nearest `events.db` in the current folder or a parent (as git finds `.git`), then the config
file's `db`, then `events.db` in the user's data folder (`data_folder()`:
`$XDG_DATA_HOME/timeline`, else `~/.local/share/timeline`, on Linux and other Unix systems; the
platform's application-data folder on macOS and Windows, as `typer.get_app_dir` names it). An
`events.db` already at the old default, the config folder (`typer.get_app_dir("timeline")`,
`~/.config/timeline` on Linux), keeps being used while the data folder has none, and `info`
says so and how to move it.
`timeline init` creates its PATH argument, else that same `--db` or `TIMELINE_DB`, else
`./events.db` (a PATH and a different `--db` together are refused). Reading commands on a
missing file exit 5 with the `init` command that creates that very file (`init_hint`); `add`
and `import` create the file when its folder exists, and the data folder itself when the file
is the default one there. The reason a file was chosen is kept for `timeline info`. Paths stay
plain strings, shown as given.
"""

from __future__ import annotations

import contextlib
import os
from typing import NamedTuple

from timeline.errors import UsageError

DB_NAME = "events.db"


class Choice(NamedTuple):
    path: str  # as given, or as found
    why: str
    source: str = "option"  # option, environment, found, default


_CHOSEN: dict[str, Choice] = {}
"""The choices this run made, by path: what the hint for a missing file is built from."""


def choose(option: str | None) -> Choice:
    """The database path (`option` is `--db`) and the reason it was chosen."""
    choice = _choose(option)
    _CHOSEN[choice.path] = choice
    return choice


def _choose(option: str | None) -> Choice:
    if option:
        return Choice(option, "given with --db", "option")
    env = os.environ.get("TIMELINE_DB")
    if env:
        return Choice(env, "from TIMELINE_DB", "environment")
    here = folder = os.getcwd()
    while True:
        candidate = os.path.join(folder, DB_NAME)
        if os.path.isfile(candidate):
            why = "found in the current folder" if folder == here else f"found in {folder}"
            return Choice(candidate, why, "found")
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    from timeline.cli import config

    configured = config.from_file("db")
    if configured:
        return Choice(os.path.expanduser(configured), f"from {config.path()}", "config")
    default = os.path.join(data_folder(), DB_NAME)
    old = os.path.join(old_data_folder(), DB_NAME)
    if old != default and not os.path.lexists(default) and os.path.isfile(old):
        why = (f"the old default in the config folder; `mv {_quoted(old)} {_quoted(default)}` "
               "moves it to the data folder")  # fmt: skip
        return Choice(old, why, "old-default")
    return Choice(default, "the default in the data folder", "default")


def _quoted(path: str) -> str:
    import shlex

    return shlex.quote(path)


def init_target(option: str | None, path: str | None) -> Choice:
    """What `timeline [--db X] init [PATH]` creates: PATH, else `--db`, else `TIMELINE_DB`,
    else `./events.db`."""
    if path is not None and option and os.path.abspath(path) != os.path.abspath(option):
        raise UsageError(
            f"init was given two databases, --db {option!r} and {path!r}; give one of them"
        )
    if path is not None:
        return Choice(path, "given as PATH", "argument")
    if option:
        return Choice(option, "given with --db", "option")
    env = os.environ.get("TIMELINE_DB")
    if env:
        return Choice(env, "from TIMELINE_DB", "environment")
    return Choice(DB_NAME, "the default in the current folder", "here")


def init_hint(path: str) -> str:
    """The command that creates the missing database `path` this run chose."""
    import shlex

    choice = _CHOSEN.get(path)
    named = f"timeline --db {shlex.quote(path)} init"
    if choice is None or choice.source == "option":
        return f"run `{named}` to create it"
    if choice.source == "environment":
        return "run `timeline init` to create it (TIMELINE_DB names it)"
    if choice.source == "default":
        return f"run `{named}` to create it (or `timeline init` for ./{DB_NAME} here)"
    return f"run `{named}` to create it"


def ensure_data_folder(path: str) -> None:
    """Create the data folder when `path` is the default database in it (and it is missing)."""
    folder = os.path.dirname(path)
    if folder == data_folder() and not os.path.isdir(folder):
        with contextlib.suppress(OSError):  # the store says what is wrong with the path
            os.makedirs(folder, exist_ok=True)


def data_folder() -> str:
    """timeline's folder for user data: `$XDG_DATA_HOME/timeline` (an absolute path), else
    `~/.local/share/timeline` on Linux and other Unix systems; elsewhere the platform's
    application-data folder (`typer.get_app_dir`: `~/Library/Application Support/timeline`,
    `%APPDATA%\\timeline`)."""
    import sys

    if sys.platform.startswith("win") or sys.platform == "darwin":
        return old_data_folder()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "timeline")
    return os.path.join(os.path.expanduser("~"), ".local", "share", "timeline")


def old_data_folder() -> str:
    """Where the default database was before it moved to the data folder (the config folder on
    Linux; the same folder as `data_folder()` on macOS and Windows)."""
    import typer

    return typer.get_app_dir("timeline")
