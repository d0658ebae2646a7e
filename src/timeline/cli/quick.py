"""The quick path: the everyday commands parsed and run without importing typer.

`import typer` costs about as much as a whole `timeline add` does without it, and `add`, `list`
and `gaps` are the commands typed dozens of times an hour. So `timeline.cli.main` offers the
arguments here first. `parse` knows those commands' options exactly as their typer declarations
spell them (`SPECS`; a test compares the two, option by option) and returns the call to make, or
None for anything it does not recognise exactly; typer then parses, explains and refuses as it
always does. Decisions encoded here:
- Only the plain shapes are taken: `[--db PATH] COMMAND` followed by known options as `--opt V`,
  `--opt=V`, `-o V` or `-oV`, flags, positional arguments where the command has them, and `--`.
- Whatever typer would answer with help or an error goes to typer: `-h`/`--help`, an unknown
  option, a flag given a value, a missing value or argument, a surplus argument, an argument that
  is not valid UTF-8, a number typer would refuse (`--top 0`, or too long to convert), and any
  run with `_TIMELINE_COMPLETE` set (typer answers shell completion then, and runs nothing).
- Where typer's reading is less obvious the quick path declines too, so the two never differ:
  an option value taken from the next argument that starts with `-`, an argument that is `-`
  alone, and a number written other than in ASCII digits (typer reads `+5` and `1_000`).
- Like typer, a repeated single-value option keeps its last value, and repeatable options
  collect their values in order.
- The call passes the values by the typer command's parameter names, with typer's defaults,
  to the same typer-free body the typer command calls (`run_events`, `run_gaps`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

COMPLETION_VARIABLE = "_TIMELINE_COMPLETE"

TEXT, TEXTS, FLAG, INT, COUNT = "text", "texts", "flag", "int", "count"
"""Kinds of option: one text, repeatable texts, an on/off flag, a whole number, a number >= 1."""


@dataclass(frozen=True)
class Option:
    name: str  # the typer command's parameter name
    kind: str
    spellings: tuple[str, ...]
    default: object = None


@dataclass(frozen=True)
class Spec:
    """One command as the quick path knows it: its body, arguments and options."""

    module: str
    function: str
    arguments: tuple[str, ...]
    options: tuple[Option, ...]
    required: frozenset[str] = frozenset()
    by_spelling: Mapping[str, Option] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spelled = {s: o for o in self.options for s in o.spellings}
        object.__setattr__(self, "by_spelling", spelled)


def _opt(name: str, kind: str, *spellings: str, default: object = None) -> Option:
    if kind == FLAG and default is None:
        default = False
    return Option(name, kind, spellings, default)


_FILTERS = (
    _opt("from_", TEXT, "--from"),
    _opt("to", TEXT, "--to"),
    _opt("strictly", FLAG, "--strictly"),
    _opt("actor", TEXTS, "--actor", "-a"),
    _opt("tag", TEXTS, "--tag", "-t"),
    _opt("category", TEXTS, "--category", "-c"),
    _opt("search", TEXT, "--search", "-s"),
    _opt("precision", TEXTS, "--precision"),
    _opt("source", TEXT, "--source"),
)
_DATE_ORDER = _opt("date_order", TEXT, "--date-order")

SPECS: dict[str, Spec] = {
    "add": Spec(
        "run_events",
        "add",
        arguments=("title",),
        options=(
            _opt("when", TEXT, "--when", "-w"),
            _opt("end", TEXT, "--end"),
            _opt("actor", TEXTS, "--actor", "-a"),
            _opt("tag", TEXTS, "--tag", "-t"),
            _opt("category", TEXT, "--category", "-c"),
            _opt("source", TEXT, "--source"),
            _opt("quote", TEXT, "--quote"),
            _opt("value", TEXT, "--value"),
            _opt("unit", TEXT, "--unit"),
            _opt("location", TEXT, "--location"),
            _opt("note", TEXT, "--note"),
            _opt("as_of", TEXT, "--as-of"),
            _DATE_ORDER,
        ),
        required=frozenset({"title", "when"}),
    ),
    "list": Spec(
        "run_events",
        "list_events",
        arguments=(),
        options=(
            *_FILTERS,
            _opt("limit", INT, "--limit", "-n"),
            _opt("reverse", FLAG, "--reverse"),
            _opt("fmt", TEXT, "--format", "-f"),
            _opt("json_", FLAG, "--json"),
            _opt("view", TEXT, "--view", default="table"),
            _opt("group", TEXT, "--group"),
            _opt("show_bounds", FLAG, "--bounds"),
            _DATE_ORDER,
        ),
    ),
    "gaps": Spec(
        "run_gaps",
        "gaps",
        arguments=(),
        options=(
            *_FILTERS,
            _opt("min_", TEXT, "--min"),
            _opt("top", COUNT, "--top"),
            _opt("by", TEXT, "--by"),
            _opt("as_of", TEXT, "--as-of"),
            _opt("since", TEXT, "--since"),
            _opt("fmt", TEXT, "--format", "-f", default="table"),
            _opt("json_", FLAG, "--json"),
            _DATE_ORDER,
        ),
    ),
}


@dataclass(frozen=True)
class Call:
    """A parsed command line: the command, its body's keyword arguments, and `--db`."""

    command: str
    values: dict[str, Any]
    db: str | None

    def run(self) -> object:
        import importlib

        from timeline.cli import common

        spec = SPECS[self.command]
        common.STATE.db_option = self.db
        body = getattr(importlib.import_module(f"timeline.cli.{spec.module}"), spec.function)
        return body(**self.values)


def parse(argv: Sequence[str]) -> Call | None:
    """The call `argv` asks for, or None when typer should handle it."""
    if any("\ud800" <= ch <= "\udfff" for arg in argv for ch in arg):
        return None
    if COMPLETION_VARIABLE in os.environ:  # typer answers shell completion instead of running
        return None
    db: str | None = None
    i = 0
    while i < len(argv) and argv[i].startswith("--db"):
        token = argv[i]
        if token.startswith("--db="):
            db, i = token[5:], i + 1
        elif token == "--db" and i + 1 < len(argv) and not _looks_like_option(argv[i + 1]):
            db, i = argv[i + 1], i + 2
        else:
            return None
    if i >= len(argv) or argv[i] not in SPECS:
        return None
    values = _parse_command(SPECS[argv[i]], argv[i + 1 :])
    return None if values is None else Call(argv[i], values, db)


def _looks_like_option(token: str) -> bool:
    return token.startswith("-")


def _parse_command(spec: Spec, tokens: Sequence[str]) -> dict[str, Any] | None:
    """The body's keyword arguments, or None when anything is not plainly understood."""
    given: dict[str, Any] = {}
    positional: list[str] = []
    i, only_arguments = 0, False
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if only_arguments or not token.startswith("-"):
            positional.append(token)
            continue
        if token == "--":
            only_arguments = True
            continue
        option, value, used_next = _option(spec, token, tokens[i] if i < len(tokens) else None)
        if option is None:
            return None
        i += used_next
        if not _take(given, option, value):
            return None
    if len(positional) != len(spec.arguments):
        return None
    given.update(zip(spec.arguments, positional, strict=True))
    if not spec.required <= given.keys():
        return None
    return {o.name: given.get(o.name, o.default) for o in spec.options} | {
        name: given[name] for name in spec.arguments
    }


def _option(spec: Spec, token: str, after: str | None) -> tuple[Option | None, str | None, int]:
    """The option `token` names, its value (None for a flag) and how many tokens that used."""
    if token.startswith("--"):
        spelling, equals, attached = token.partition("=")
        option = spec.by_spelling.get(spelling)
        if option is None or (option.kind == FLAG and equals):
            return None, None, 0
        if option.kind == FLAG or equals:
            return option, attached if equals else None, 0
    else:
        option = spec.by_spelling.get(token[:2])
        if option is None or option.kind == FLAG:  # no short flags: `-xy` bundles are typer's
            return None, None, 0
        if len(token) > 2:
            return option, token[2:], 0
    if after is None or _looks_like_option(after):
        return None, None, 0
    return option, after, 1


def _take(given: dict[str, Any], option: Option, value: str | None) -> bool:
    """Record one option's value; False when typer might read it differently."""
    if option.kind == FLAG:
        given[option.name] = True
    elif option.kind == TEXTS:
        given.setdefault(option.name, []).append(value)
    elif option.kind in (INT, COUNT):
        if value is None or not (value.isascii() and value.isdigit()):
            return False
        try:
            number = int(value)
        except ValueError:  # longer than Python converts (4,300 digits): typer's error
            return False
        if option.kind == COUNT and number < 1:
            return False
        given[option.name] = number
    else:
        given[option.name] = value
    return True
