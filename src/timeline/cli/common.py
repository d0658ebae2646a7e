"""What every command shares: global state, the clock, the date order, the list filters, output.

`build_filters` turns the shared list options (declared once, for typer, in `options`) into a
`timeline.model.Filters`. Nothing here imports typer: the quick path (`quick`) runs the everyday
commands through this module without it. `today()` is the one place the clock is read:
`TIMELINE_TODAY=YYYY-MM-DD` overrides it for tests and reproducible runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from timeline.errors import NotFoundError, UsageError
from timeline.model import Filters


@dataclass
class _State:
    db_option: str | None = None


STATE = _State()


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
    """`--date-order`, else TIMELINE_DATE_ORDER, else None (ambiguous numeric dates refused)."""
    value = option or os.environ.get("TIMELINE_DATE_ORDER") or None
    if value is None:
        return None
    value = value.strip().upper()
    if value not in ("DMY", "MDY"):
        raise UsageError(f"date order {value!r} is not DMY or MDY")
    return value


def reference_day(as_of: str | None, order: str | None = None) -> date:
    """The reference day for relative dates: `--as-of DAY` (any day form), else today.

    `order` is the command's `--date-order`, which reads an all-numeric DAY too.
    """
    if not as_of:
        return today()
    from timeline.dates import parse_when

    when = parse_when(as_of, today=today(), date_order=date_order(order))
    if when.end is not None or when.start.earliest != when.start.latest:
        raise UsageError(f"--as-of {as_of!r} is not a single day; write it as YYYY-MM-DD")
    return when.start.earliest


SQLITE_MAX_INT = 2**63 - 1


def parse_id(text: str) -> int:
    """`12` or `#12` (spaces around allowed) as an event id."""
    digits = text.strip().removeprefix("#")
    if not digits.isdigit():
        raise UsageError(f"{text!r} is not an event id; write it as 12 or '#12'")
    if int(digits) > SQLITE_MAX_INT:  # no such id can exist, and SQLite cannot bind it
        raise NotFoundError(f"no event #{digits}")
    return int(digits)


def check_choice(option: str, value: str | None, allowed: Sequence[str]) -> None:
    """`UsageError` unless `value` is None or one of `allowed` (an option's fixed values)."""
    if value is not None and value not in allowed:
        raise UsageError(f"{option} {value!r} is not one of {', '.join(allowed)}")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def color_allowed() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (to anything)."""
    return stdout_is_terminal() and "NO_COLOR" not in os.environ


def build_filters(
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
    order_option: str | None = None,
    reference: date | None = None,
) -> Filters:
    """Turn the shared list options into `Filters`, reading --from/--to as fuzzy dates.

    `order_option` is the command's `--date-order`, if it has one; `reference` the day ongoing
    events reach (the command's `--as-of`), else today.
    """
    from timeline.dates.types import PRECISIONS

    start = end = None
    order = date_order(order_option)
    ref = reference or today()
    if from_ or to:  # the parsers (and their patterns) load only when a window is asked for
        from timeline.dates import parse_when

        if from_:
            start = parse_when(from_, today=ref, date_order=order).earliest
        if to:
            end = parse_when(to, today=ref, date_order=order).latest
    if start and end and end < start:
        raise UsageError(f"--to {to!r} ends before --from {from_!r} begins")
    for p in precision or ():
        if p not in PRECISIONS:
            raise UsageError(f"precision {p!r} is not one of {', '.join(PRECISIONS)}")
    if limit is not None and limit < 0:
        raise UsageError(f"--limit {limit} is negative")
    if limit is not None:
        limit = min(limit, SQLITE_MAX_INT)  # larger than any count: all (SQLite binds 64 bits)
    return Filters(
        window_start=start,
        window_end=end,
        strictly=strictly,
        actors=tuple(actor or ()),
        tags=tuple(tag or ()),
        categories=tuple(category or ()),
        precisions=tuple(precision or ()),
        search=search,
        source=source,
        limit=limit,
        reverse=reverse,
        reference_day=ref,
    )
