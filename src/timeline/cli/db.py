"""Which database a command uses, and why.

Decisions encoded here: `--db PATH` (before the command) wins, then `TIMELINE_DB`, then the
nearest `events.db` in the current folder or a parent (as git finds `.git`), then `events.db` in
the user's data folder (`data_folder()`: the folder `typer.get_app_dir("timeline")` names).
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
    return Choice(os.path.join(data_folder(), DB_NAME), "the default in the data folder", "default")


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
        return f"run `timeline init` to create ./{DB_NAME} here, or `{named}` to create this one"
    return f"run `{named}` to create it"


def ensure_data_folder(path: str) -> None:
    """Create the data folder when `path` is the default database in it (and it is missing)."""
    folder = os.path.dirname(path)
    if folder == data_folder() and not os.path.isdir(folder):
        with contextlib.suppress(OSError):  # the store says what is wrong with the path
            os.makedirs(folder, exist_ok=True)


def data_folder() -> str:
    """timeline's folder for user data."""
    import typer

    return typer.get_app_dir("timeline")
