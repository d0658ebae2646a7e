"""Which database a command uses, and why.

Decisions encoded here: `--db PATH` (before the command) wins, then `TIMELINE_DB`, then the
nearest `events.db` in the current folder or a parent (as git finds `.git`), then `events.db` in
the user's data folder (`data_folder()`: the folder `typer.get_app_dir("timeline")` names).
Reading commands on a missing file exit 5 with a hint to run `timeline init`; `add` and
`import` create the file when its folder exists. The reason a file was chosen is kept for
`timeline info`. Paths stay plain strings, shown as given (`pathlib` and typer are slow imports
for the everyday commands).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from timeline.cli import common

if TYPE_CHECKING:
    from timeline.store import Store

DB_NAME = "events.db"


@dataclass(frozen=True, slots=True)
class Choice:
    path: str  # as given, or as found
    why: str


def choose() -> Choice:
    """The database path and the reason it was chosen."""
    if common.STATE.db_option:
        return Choice(common.STATE.db_option, "given with --db")
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
    """timeline's folder for user data: what `typer.get_app_dir("timeline")` returns (a test
    compares them), worked out here because importing typer would double this command's start."""
    if sys.platform.startswith("win"):
        folder = os.environ.get("APPDATA")
        return os.path.join(os.path.expanduser("~") if folder is None else folder, "timeline")
    if sys.platform == "darwin":
        return os.path.join(os.path.expanduser("~/Library/Application Support"), "timeline")
    return os.path.join(
        os.environ.get("XDG_CONFIG_HOME", os.path.expanduser("~/.config")), "timeline"
    )


def open_for_read() -> Store:
    """The chosen database, which must exist (a reading command never creates one)."""
    return open_for_write(create=False)


def open_for_write(create: bool = True) -> Store:
    """The chosen database, created (when its folder exists) unless `create` is False."""
    from timeline.cli.common import now_stamp
    from timeline.store import open_store

    return open_store(choose().path, create=create, clock=now_stamp)
