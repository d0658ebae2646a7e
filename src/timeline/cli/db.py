"""Which database a command uses, and why.

Decisions encoded here: `--db PATH` (before the command) wins, then `TIMELINE_DB`, then the
nearest `events.db` in the current folder or a parent (as git finds `.git`), then `events.db` in
the user's data folder (`data_folder()`: the folder `typer.get_app_dir("timeline")` names).
Reading commands on a missing file exit 5 with a hint to run `timeline init`; `add` and
`import` create the file when its folder exists. The reason a file was chosen is kept for
`timeline info`. Paths stay plain strings, shown as given.
"""

from __future__ import annotations

import os
from typing import NamedTuple

DB_NAME = "events.db"


class Choice(NamedTuple):
    path: str  # as given, or as found
    why: str


def choose(option: str | None) -> Choice:
    """The database path (`option` is `--db`) and the reason it was chosen."""
    if option:
        return Choice(option, "given with --db")
    env = os.environ.get("TIMELINE_DB")
    if env:
        return Choice(env, "from TIMELINE_DB")
    here = folder = os.getcwd()
    while True:
        candidate = os.path.join(folder, DB_NAME)
        if os.path.isfile(candidate):
            why = "found in the current folder" if folder == here else f"found in {folder}"
            return Choice(candidate, why)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return Choice(os.path.join(data_folder(), DB_NAME), "the default in the data folder")


def data_folder() -> str:
    """timeline's folder for user data."""
    import typer

    return typer.get_app_dir("timeline")
