"""The bodies of `add` and `list`, and what `show` and `edit` share with them; no typer here.

The typer commands in `events_cmds` declare the options and call these functions with them; the
quick path (`quick`) calls the same functions with the same arguments parsed without typer.
Decisions encoded here:
- Input is checked before the database is opened, so a bad date never creates or touches a file.
- `list` prints a rich table on a terminal and plain fixed-width lines when piped.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from timeline.cli import common, db
from timeline.errors import UsageError

if TYPE_CHECKING:
    from timeline.io.records import Context, Field
    from timeline.model import Event

OPTION_NAMES = {"notes": "--note", "as_of": "--as-of"}


def context(as_of: str | None, date_order: str | None) -> Context:
    """How an event's date texts are read: today, the date order and the `--as-of` day."""
    from timeline.io.records import Context

    order = common.date_order(date_order)  # validates the option value first
    ref = common.reference_day(as_of, order) if as_of else None
    return Context(today=common.today(), date_order=order, as_of=ref)


def build(fields: dict[str, Field], ctx: Context, event_id: int = 0) -> Event:
    """The event the fields describe; a bad field is a `UsageError` naming its option."""
    from timeline.io.records import RecordError, build_event

    try:
        return build_event(fields, ctx, event_id)
    except RecordError as err:
        option = OPTION_NAMES.get(err.column, "--" + err.column.replace("_", "-"))
        raise UsageError(f"{option}: {err.reason}") from None


def print_event(event: Event) -> None:
    from timeline.render.event_table import detail

    detail(event, sys.stdout)


def add(
    *,
    title: str,
    when: str,
    end: str | None = None,
    actor: list[str] | None = None,
    tag: list[str] | None = None,
    category: str | None = None,
    source: str | None = None,
    quote: str | None = None,
    value: str | None = None,
    unit: str | None = None,
    location: str | None = None,
    note: str | None = None,
    as_of: str | None = None,
    date_order: str | None = None,
) -> None:
    """`timeline add`: store the event and show how its date was understood."""
    fields: dict[str, Field] = {
        "title": title, "when": when, "end": end, "actors": actor or [], "tags": tag or [],
        "category": category, "source": source, "quote": quote, "value": value, "unit": unit,
        "location": location, "notes": note,
    }  # fmt: skip
    event = build(fields, context(as_of, date_order))
    print_event(db.open_for_write().add(event))


def _check_view(view: str, group: str | None, other_format: object) -> None:
    if view not in ("table", "tree"):
        raise UsageError(f"--view {view!r} is not table or tree")
    if group is not None:
        from timeline.render.lanes import GROUPINGS

        common.check_choice("--group", group, GROUPINGS)
    if view == "tree" and other_format:
        raise UsageError("--view tree prints a tree; drop --format/--json, or use --view table")
    if view != "tree" and (group is not None):
        raise UsageError("--group applies to --view tree")


def list_events(
    *,
    from_: str | None = None,
    to: str | None = None,
    strictly: bool = False,
    actor: list[str] | None = None,
    tag: list[str] | None = None,
    category: list[str] | None = None,
    search: str | None = None,
    precision: list[str] | None = None,
    source: str | None = None,
    limit: int | None = None,
    reverse: bool = False,
    fmt: str | None = None,
    json_: bool = False,
    view: str = "table",
    group: str | None = None,
    show_bounds: bool = False,
    date_order: str | None = None,
) -> None:
    """`timeline list`: the selected events in date order, as a table, a tree or data."""
    from timeline.render.events import RENDERERS

    if json_ and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt!r} disagree; give one of them")
    chosen = "json" if json_ else (fmt or "table")
    if chosen not in RENDERERS:
        raise UsageError(f"--format {chosen!r} is not one of {', '.join(RENDERERS)}")
    _check_view(view, group, fmt or json_)
    filters = common.build_filters(
        from_=from_, to=to, strictly=strictly, actor=actor, tag=tag, category=category,
        search=search, precision=precision, source=source, limit=limit, reverse=reverse,
        order_option=date_order,
    )  # fmt: skip
    events = db.open_for_read().iter_events(filters)
    if view == "tree":
        from timeline.render.tree import render_tree

        tree = render_tree(events, group=group, bounds=show_bounds, color=common.color_allowed())
        sys.stdout.write(tree)
    elif chosen == "table" and common.stdout_is_terminal():
        from timeline.render.event_table import rich_table

        rich_table(events, sys.stdout, color=common.color_allowed())
    else:
        RENDERERS[chosen](events, sys.stdout)
