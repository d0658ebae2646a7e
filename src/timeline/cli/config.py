"""The user's settings: `config.toml` in the config folder, and where each setting came from.

The file is `$XDG_CONFIG_HOME/timeline/config.toml` (`~/.config/timeline/config.toml` when the
variable is unset; the platform's config folder elsewhere, as `typer.get_app_dir` names it), read
with the standard library's `tomllib`. It holds flat `key = value` lines, and `timeline config
set` writes it back whole, in `SETTINGS` order, so no other TOML writer is needed.

Decisions encoded here:
- An option wins, then the environment (`TIMELINE_DB`, `TIMELINE_DATE_ORDER`, `NO_COLOR`), then
  the file, then the built-in default; `value(key)` returns the value and its origin, which
  `timeline info` prints.
- `db` is used after `--db`, `TIMELINE_DB` and a nearby `events.db` (found as git finds `.git`),
  before the default in the data folder. `as_of` is the reference day of `add` and `parse` when
  `--as-of` is not given and no source is cited (a cited source brings its published day).
  `color = false` turns colour off on a terminal (true keeps the default: colour only on a
  terminal). `format` is the default `-f` of `list`, `gaps`, `quiet` and `claims`, where that
  command offers it.
- Every value is checked when it is set and when it is read: a bad file is one line naming the
  file and the key (exit 2), never a traceback, and never silently ignored.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from timeline.errors import UsageError

FILE_NAME = "config.toml"


class Setting(NamedTuple):
    key: str
    help: str
    kind: str  # text, day, order, bool, format
    env: str | None = None


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("db", "database file when no --db, $TIMELINE_DB or nearby events.db", "text",
                "TIMELINE_DB"),
        Setting("date_order", "how all-numeric dates are written: DMY or MDY", "order",
                "TIMELINE_DATE_ORDER"),
        Setting("as_of", "reference day (YYYY-MM-DD) of add and parse without --as-of", "day"),
        Setting("color", "colour on a terminal: true or false", "bool", "NO_COLOR"),
        Setting("format", "default -f of list, gaps, quiet and claims", "format"),
    )
}  # fmt: skip


def path() -> str:
    """Where the config file is (it may not exist)."""
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "timeline", FILE_NAME)
    import typer

    return os.path.join(typer.get_app_dir("timeline"), FILE_NAME)


def key_of(name: str) -> Setting:
    """The setting `name` names (`date-order` and `date_order` alike)."""
    found = SETTINGS.get(name.strip().replace("-", "_"))
    if found is None:
        from difflib import get_close_matches

        close = get_close_matches(name.replace("-", "_"), SETTINGS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"no setting {name!r} (settings: {', '.join(SETTINGS)}){hint}")
    return found


def checked(setting: Setting, raw: object, where: str) -> Any:
    """`raw` as the value of `setting`, or a `UsageError` saying why not (`where` names it)."""
    kind = setting.kind
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "on", "yes", "1"):
            return True
        if text in ("false", "off", "no", "0"):
            return False
        raise UsageError(f"{where}: {setting.key} is {raw!r}; write true or false")
    if not isinstance(raw, str) or not raw.strip():
        raise UsageError(f"{where}: {setting.key} must be a non-empty text")
    text = raw.strip()
    if kind == "order":
        from timeline.select import date_order

        try:
            return date_order(text)
        except UsageError as err:
            raise UsageError(f"{where}: {setting.key}: {err.message}") from None
    if kind == "day":
        from datetime import date

        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise UsageError(
                f"{where}: {setting.key} is {raw!r}; write a day as YYYY-MM-DD"
            ) from None
    if kind == "format":
        from timeline.render.formats import FORMATS

        wanted = ("table", "json", "jsonl", "csv", "markdown")
        if text not in FORMATS or text not in wanted:
            raise UsageError(f"{where}: format is {raw!r}; write one of {', '.join(wanted)}")
        return text
    return raw


def read() -> dict[str, Any]:
    """The settings the file holds, checked (empty when there is no file)."""
    where = path()
    try:
        f = open(where, "rb")  # noqa: SIM115 (closed below; tomllib loads only for a file)
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise UsageError(f"config file {where!r} cannot be read: {err}") from None
    import tomllib

    try:
        with f:
            doc = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"config file {where!r} is not valid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"config file {where!r} cannot be read: {err}") from None
    values: dict[str, Any] = {}
    for name, raw in doc.items():
        if name not in SETTINGS:
            key_of(name)  # raises, with a suggestion
        values[name] = checked(SETTINGS[name], raw, f"config file {where!r}")
    return values


def from_file(key: str) -> Any:
    """The file's value of `key`, or None."""
    return read().get(key)


def value(key: str) -> tuple[Any, str]:
    """The value in force for `key` when no option gives one, and where it came from."""
    setting = SETTINGS[key]
    if setting.env == "NO_COLOR" and "NO_COLOR" in os.environ:
        return False, "NO_COLOR is set"
    if setting.env and setting.env != "NO_COLOR" and os.environ.get(setting.env):
        return os.environ[setting.env], f"from {setting.env}"
    found = read()
    if key in found:
        return found[key], f"from {path()}"
    return DEFAULTS[key], "the default"


DEFAULTS: dict[str, Any] = {
    "db": None,
    "date_order": None,
    "as_of": None,
    "color": True,
    "format": "table",
}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    import json

    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def write(values: dict[str, Any]) -> str:
    """Write the settings `values` as the whole file (atomically); its path."""
    where = path()
    lines = ["# timeline settings (timeline config list shows them)"]
    lines += [f"{key} = {_toml(values[key])}" for key in SETTINGS if key in values]
    temp = f"{where}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(where), exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(temp, where)
    except OSError as err:
        from timeline.errors import StorageError

        raise StorageError(f"cannot write the config file {where!r}: {err.strerror}") from None
    return where


def shown(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
