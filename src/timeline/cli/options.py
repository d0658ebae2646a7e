"""The options several commands share, declared once and attached by decorators.

- `@listing()` adds the selection options of every listing command (`list`, `gaps`, `chart`,
  `stats`, `export`): `--from`, `--to`, `--strictly`, `--role`, one option per filtering field
  of the event (`-a`, `-t`, `-c`, `--source`: `timeline.model.FILTER_FIELDS`), `-s` and
  `--precision` (and `-n`/`--reverse` where asked); `skip` leaves out filters by keyword, the
  window (`window`) or the role (`role`). The command receives them as one `selection` mapping,
  keyed as `timeline.select` reads them.
- `@event_fields()` adds one option per typed field of the event (`--when`, `--end`, `-a`, …,
  `--as-of`) for `add` and `edit`; the command receives them as `fields`, by field name.
  `--source`, `--quote` and `--source-when` repeat, one per citation (`citing` pairs them).
- `AsOfOpt`, `DateOrderOpt`, `JsonOpt`, `FormatOpt` read the same way everywhere.

The decorators rewrite the function's signature (`__signature__`), which typer reads, so the
options are spelled here and in the field declarations only.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from timeline.errors import UsageError
from timeline.model import FILTER_FIELDS, TYPED_FIELDS

F = TypeVar("F", bound=Callable[..., Any])

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DAY", help="Reference day for relative dates (default today)."
    ),
]
DateOrderOpt = Annotated[
    str | None,
    typer.Option(
        "--date-order",
        metavar="DMY|MDY",
        help="How to read ambiguous numeric dates such as 03/09/2024 (or TIMELINE_DATE_ORDER).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", help="At most N entries.")
]


def _option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)  # fmt: skip


def _selection_parameters(
    limit: bool, reverse: bool, skip: tuple[str, ...]
) -> list[inspect.Parameter]:
    params = [
        _option("from_", Annotated[str | None, typer.Option(
            "--from", metavar="DATE", help="Events that can fall on or after DATE.")]),
        _option("to", Annotated[str | None, typer.Option(
            "--to", metavar="DATE", help="Events that can fall on or before DATE.")]),
        _option("strictly", Annotated[bool, typer.Option(
            "--strictly", help="Only events certainly inside the --from/--to window.")], False),
    ] if "window" not in skip else []  # fmt: skip
    if "role" not in skip:
        params.append(_option("role", Annotated[str | None, typer.Option(
            "--role", metavar="ROLE", help="Ask of that role's dates (delivered, …) instead "
            "of the main date; events without one are left out.")]))  # fmt: skip
    for spec in FILTER_FIELDS:
        if spec.key in skip:
            continue
        kind = list[str] | None if spec.filter == "any" else str | None
        info = typer.Option(*spec.option, metavar=spec.metavar, help=spec.filter_help)
        params.append(_option(spec.key, Annotated[kind, info]))
    params += [
        _option("search", Annotated[str | None, typer.Option(
            "--search", "-s", metavar="TEXT", help="Full-text search in title, quote, notes.")]),
        _option("precision", Annotated[list[str] | None, typer.Option(
            "--precision", metavar="P", help="Date precision: day, month, year, … (repeatable).")]),
    ]  # fmt: skip
    if limit:
        params.append(_option("limit", LimitOpt))
    if reverse:
        reverse_info = typer.Option("--reverse", help="Newest first.")
        params.append(_option("reverse", Annotated[bool, reverse_info], False))
    return params


CITING = ("source", "quote")
"""The fields repeated on `add` and `edit`, one per citation (`citing`)."""


def _field_parameters(required: tuple[str, ...], skip: tuple[str, ...]) -> list[inspect.Parameter]:
    params = []
    for spec in TYPED_FIELDS:
        if not spec.option or spec.name in skip:
            continue
        kind = list[str] if spec.repeats or spec.name in CITING or spec.kind == "roles" else str
        info = typer.Option(*spec.option, metavar=spec.metavar, help=spec.help)
        if spec.name in required:
            params.append(_option(spec.name, Annotated[kind, info], inspect.Parameter.empty))
        else:
            params.append(_option(spec.name, Annotated[kind | None, info]))
        if spec.name == "quote":
            when = typer.Option(
                "--source-when", metavar="DATE",
                help="The date as that --source gives it, read against its published day "
                "(repeatable: one per --source, in order).",
            )  # fmt: skip
            params.append(_option("source_when", Annotated[list[str] | None, when]))
        if spec.kind == "roles":
            cited = typer.Option(
                "--date-source", metavar="ROLE=SOURCE",
                help="The source that gives that role date, as named (a title or #3; '' "
                "removes it).",
            )  # fmt: skip
            params.append(_option("date_source", Annotated[list[str] | None, cited]))
    return params


def role_dates(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with the repeated `--date ROLE=DATE` and `--date-source ROLE=SOURCE` as the API
    takes them: `dates`, a mapping of each role to `{"when", "source"}` (`edit` keeps the
    role's date when only its source is given)."""
    from timeline.model import role_name

    given = fields.pop("dates", None) or []
    sources = fields.pop("date_source", None) or []
    if not given and not sources:
        return fields
    dates: dict[str, dict[str, str]] = {}
    for item in given:
        role, sep, when = item.partition("=")
        if not sep:
            raise UsageError(f"--date {item!r}: write ROLE=DATE, e.g. --date delivered='late 2023'")
        name = role_name(role)
        if name in dates:
            raise UsageError(f"--date {name}: given twice; an event has one date per role")
        if not when.strip():
            raise UsageError(f"--date {item!r}: the {name} date is empty")
        dates[name] = {"when": when}
    for item in sources:
        role, sep, source = item.partition("=")
        if not sep:
            raise UsageError(f"--date-source {item!r}: write ROLE=SOURCE, e.g. delivered='#3'")
        dates.setdefault(role_name(role), {})["source"] = source
    fields["dates"] = dates
    return fields


def citing(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with the repeated `--source`, `--quote` and `--source-when` as the API takes
    them: one source (with its quote) as `source`/`quote`, several, or any dating, as
    `citations`, matched by position. A `--quote` with no `--source` is the event's quote
    (`edit`: the first citation's)."""
    sources = fields.pop("source", None) or []
    quotes = fields.pop("quote", None) or []
    whens = fields.pop("source_when", None) or []
    if len(quotes) > max(len(sources), 1) or len(whens) > len(sources):
        option = "--quote" if len(quotes) > max(len(sources), 1) else "--source-when"
        given = len(quotes) if option == "--quote" else len(whens)
        raise UsageError(
            f"{option}: {given} given for {len(sources)} --source; give one per --source, "
            "in the same order"
        )
    if len(sources) > 1 and "" in sources:
        raise UsageError("--source '' removes every source; give it alone")
    if len(sources) <= 1 and not whens:
        if sources:
            fields["source"] = sources[0]
        if quotes:
            fields["quote"] = quotes[0]
        return fields
    fields["citations"] = [
        {"source": ref, "quote": quotes[i] if i < len(quotes) else None,
         "when": whens[i] if i < len(whens) else None}
        for i, ref in enumerate(sources)
    ]  # fmt: skip
    return fields


def _with_parameters(
    fn: F, extra: list[inspect.Parameter], into: str, key: Callable[[str], str] = str
) -> F:
    """`fn` with the `extra` parameters in its signature in place of its parameter `into`,
    which receives them as one dict."""
    sig = inspect.signature(fn, eval_str=True)
    own = list(sig.parameters.values())
    at = [p.name for p in own].index(into)
    names = [p.name for p in extra]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        collected = {key(n): kwargs.pop(n) for n in names if n in kwargs}
        return fn(*args, **{into: collected}, **kwargs)

    # The options stand where `into` stood; parameters after it become keyword-only too.
    after = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own[at + 1 :]]
    wrapper.__signature__ = sig.replace(parameters=[*own[:at], *extra, *after])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def listing(
    *, limit: bool = False, reverse: bool = False, skip: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Add the selection options (except the filters named in `skip`, by keyword); the command
    gets them as `selection` (`timeline.select`)."""

    def decorate(fn: F) -> F:
        return _with_parameters(fn, _selection_parameters(limit, reverse, skip), "selection")

    return decorate


def event_fields(*, required: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Add an option per typed event field (except `skip`); the command gets them as
    `fields`, by field name, None where not given."""

    def decorate(fn: F) -> F:
        return _with_parameters(fn, _field_parameters(required, skip), "fields")

    return decorate
