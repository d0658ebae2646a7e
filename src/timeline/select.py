"""A selection typed as text (`from_="2023"`, `actor=["Iran"]`) read into `Filters`, once, for
every caller; and the small readers every command shares (ids, reference days, date order).

Decisions encoded here:
- The selection keywords are `from_`, `to`, `strictly`, `search`, `precision`, `limit`,
  `reverse`, `role` (ask every date question of that role's dates), and one per filtering
  field, named as its option (`actor`, `tag`, `category`, `source`:
  `timeline.model.FILTER_FIELDS`). A value may be one text or a sequence of texts.
- `from_`/`to` are fuzzy dates: the window runs from the earliest day of `from_` to the latest
  day of `to`, read against the question's reference day.
- A negative limit is refused; a limit beyond SQLite's integers means "all".
- Ids are typed `12` or `#12` (spaces around allowed).
- A reference day (`as_of`) is any form that means exactly one day (`2024-10-15`,
  `15 October 2024`, `yesterday`), read against today.
- A wait for the write lock is a number of seconds from 0 to `MAX_WAIT` (a day); None leaves
  the store's default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from timeline.dates.types import PRECISIONS
from timeline.errors import NotFoundError, UsageError
from timeline.model import FILTER_FIELDS, GROUPINGS, Filters, role_name

SQLITE_MAX_INT = 2**63 - 1
DATE_ORDERS = ("DMY", "MDY")
WINDOW_KEYS = ("from_", "to", "strictly")
OTHER_KEYS = ("search", "precision", "limit", "reverse", "role")
FILTER_KEYS: Mapping[str, str] = {s.key: s.name for s in FILTER_FIELDS}
"""Each filtering field's keyword (`actor`) to its field name (`actors`)."""
KEYS = (*WINDOW_KEYS, *FILTER_KEYS, *OTHER_KEYS)

Selection = Mapping[str, object]
"""Selection keywords (`KEYS`) to their typed values."""


def date_order(value: str | None) -> str | None:
    """`DMY`, `MDY` (any case) or None; anything else is a `UsageError`."""
    if value is None or not value.strip():
        return None
    order = value.strip().upper()
    if order not in DATE_ORDERS:
        raise UsageError(f"date order {order!r} is not DMY or MDY")
    return order


MAX_WAIT = 86_400.0


def wait_seconds(value: float | str | None, name: str = "wait") -> float | None:
    """Seconds to wait for another process's write: a number from 0 to a day, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 <= seconds <= MAX_WAIT:  # also refuses NaN
        raise UsageError(f"{name} {value!r} is not a number of seconds from 0 to {MAX_WAIT:.0f}")
    return seconds


def reference_day(text: str | date | None, today: date, order: str | None = None) -> date:
    """The reference day for relative dates: `text` read as one day, else `today`."""
    if text is None or text == "":
        return today
    if isinstance(text, date):
        return text
    from timeline.dates import parse_when

    when = parse_when(text, today=today, date_order=order)
    if when.end is not None or when.start.earliest != when.start.latest:
        raise UsageError(f"--as-of {text!r} is not a single day; write it as YYYY-MM-DD")
    return when.start.earliest


def parse_id(text: str | int) -> int:
    """`12` or `#12` (spaces around allowed) as an event id."""
    if isinstance(text, int) and not isinstance(text, bool):
        digits = str(text) if text >= 0 else ""
    else:
        digits = str(text).strip().removeprefix("#")
    if not digits.isdigit():
        raise UsageError(f"{text!r} is not an event id; write it as 12 or '#12'")
    if int(digits) > SQLITE_MAX_INT:  # no such id can exist, and SQLite cannot bind it
        raise NotFoundError(f"no event #{digits}")
    return int(digits)


def is_event_ref(text: str) -> bool:
    """Whether an end of `between` names an event (`#12`, `#12:delivered`) rather than a date."""
    return text.strip().startswith("#")


def event_ref(text: str) -> tuple[int, str | None]:
    """`#12` as (12, None); `#12:delivered` (the event's date of that role) as
    (12, "delivered")."""
    ref, sep, role = text.strip().partition(":")
    if not sep:
        return parse_id(ref), None
    return parse_id(ref), role_name(role)


def grouping(by: str | None) -> str | None:
    """The field a `by` word groups by (`actor` -> `actors`); None for None."""
    if by is None:
        return None
    if by not in GROUPINGS:
        raise UsageError(f"--by {by!r} is not one of {', '.join(GROUPINGS)}")
    return GROUPINGS[by]


def given(value: object) -> bool:
    """Whether a selection keyword was given a value (not None, False or empty)."""
    if value is None or value is False:
        return False
    return not (isinstance(value, str | list | tuple) and not value)


def _texts(key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise UsageError(f"{key}={value!r}: give a text or a list of texts")


def filters(
    selection: Selection,
    *,
    today: date,
    date_order: str | None = None,
    reference: date | None = None,
) -> Filters:
    """`Filters` for a selection typed as text (keywords: `KEYS`).

    `reference` is the day ongoing events reach for this question (`as_of`), else `today`;
    relative dates in `from_`/`to` are read against it.
    """
    unknown = [k for k in selection if k not in KEYS]
    if unknown:
        raise UsageError(f"unknown selection {unknown[0]!r}; known: {', '.join(KEYS)}")
    get = selection.get
    ref = reference or today
    start = end = None
    from_, to = get("from_"), get("to")
    if from_ or to:  # the parsers (and their patterns) load only when a window is asked for
        from timeline.dates import parse_when

        if from_:
            start = parse_when(str(from_), today=ref, date_order=date_order).earliest
        if to:
            end = parse_when(str(to), today=ref, date_order=date_order).latest
    if start and end and end < start:
        raise UsageError(f"--to {to!r} ends before --from {from_!r} begins")
    precisions = _texts("precision", get("precision"))
    for p in precisions:
        if p not in PRECISIONS:
            raise UsageError(f"precision {p!r} is not one of {', '.join(PRECISIONS)}")
    return Filters(
        window_start=start,
        window_end=end,
        strictly=bool(get("strictly")),
        match={
            name: values for key, name in FILTER_KEYS.items() if (values := _texts(key, get(key)))
        },
        precisions=precisions,
        search=_search(get("search")),
        limit=_limit(get("limit")),
        reverse=bool(get("reverse")),
        reference_day=ref,
        role=role_name(get("role")) if get("role") is not None else None,
    )


def _search(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise UsageError(f"search={value!r}: give the words as one text")


def _limit(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise UsageError(f"limit={value!r} is not a whole number")
    if value < 0:
        raise UsageError(f"--limit {value} is negative")
    return min(value, SQLITE_MAX_INT)  # larger than any count: all (SQLite binds 64 bits)
