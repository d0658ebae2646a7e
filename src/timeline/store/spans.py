"""The SQL that streams event extents for gaps and durations, in index order, and that names the
events of the gaps shown.

Decisions encoded here:
- Rows are plain tuples `(id, start_earliest, start_latest, end_earliest, end_latest[, group])`
  read from the cursor one at a time: never `fetchall()`, never objects. No titles: the sweep
  reads extents only, so all events, a `--from`/`--to` window and one or more categories are
  answered from a slim covering index alone; the other filters (actor, tag, search, precision,
  source) and `--by actor|tag` read the table too.
- Ungrouped, the order is `start_earliest, start_latest, id`, which the covering
  `events_start_extent` index serves, so SQLite walks the index instead of sorting. One
  category's events come from the covering `events_category_start`, already in that order.
- Gaps are named afterwards (`gap_names`): only the events of the gaps that will be shown (after
  `--min` and `--top`), looked up by primary key, `NAME_BATCH` ids per `IN (…)` (well under
  SQLite's variable limit). It returns `{id: (title, when_text)}` and the caller applies
  `timeline.gaps.with_names` (the store does not import `gaps`). The caller reads the sweep and
  the names inside one `Store.snapshot()`, so every id named is still there.
- An ongoing event's end (both its earliest and latest day) is its own reference day R (the
  stored end), cut at the question's reference day (the command's `--as-of`, else today) when
  that is earlier, and never before its start.
- Grouped by a names field (actors, tags): one row per (event, name), so an event with two
  actors is in both groups; by a text field (category): its value. Events with no value are in
  no group. Name rows are ordered by name (then by its id, so equal-looking names never merge),
  then by start. Text values are matched without regard to ASCII case (as the filters match
  them), so their rows are ordered `COLLATE NOCASE`, then by start: for categories the
  `events_category_start` index serves that order, and "Aid" and "aid" form one group.
- Functions take the `Store`, not its connection: the connection stays the store's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError
from timeline.model import FIELD, Filters
from timeline.model.results import Gap
from timeline.store.filters import (
    ROLE_COPIES,
    dated,
    has_event_filters,
    role_split,
    rows_from,
    where,
)
from timeline.store.rows import link_kind

if TYPE_CHECKING:
    from timeline.store.core import Store

NAME_BATCH = 500

END_OF = (
    "CASE WHEN {a}.ongoing = 1 THEN max(min({a}.{col}, ?), {a}.start_earliest) ELSE {a}.{col} END"
)
_END = END_OF.replace("{a}", "e")


def _columns(filters: Filters) -> str:
    """The extent columns: the events' own dates, or (`Filters.role`) the role's."""
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    return (
        f"{ident}, {a}.start_earliest, {a}.start_latest, "
        + END_OF.format(a=a, col="end_earliest")
        + ", "
        + END_OF.format(a=a, col="end_latest")
    )


_COLUMNS = _columns(Filters())


def _query(filters: Filters, by: str | None) -> tuple[str, list[object]]:
    """The SQL and its filter parameters (the reference day's two marks come first); `by` is
    the field to group by (`actors`, `category`), or None. Asked of a role, the rows are the
    role's dates, in the order of `event_dates_role_extent`, and the events' table is read
    only for a filter or a grouping that needs it."""
    cond, params = where(filters)
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    columns = _columns(filters)
    order = f"{a}.start_earliest, {a}.start_latest, {ident}"
    if by is None and a == "d" and has_event_filters(filters):
        # The selected events first (their own indexes), then each one's role date by its
        # primary key, sorted: far less than every role row when the filters are selective.
        (dates, date_params), (own, own_params) = role_split(filters)
        sql = (
            f"SELECT {columns} FROM events e CROSS JOIN event_dates d ON d.event_id = e.id "
            f"AND d.role = ? WHERE {dates} AND {own} ORDER BY {order}"
        )
        return sql, [filters.role, *date_params, *own_params]
    if by is None:
        table = rows_from(filters, events=False)
        return f"SELECT {columns} FROM {table} WHERE {cond} ORDER BY {order}", params
    spec = FIELD[by]
    if spec.kind == "names":
        kind = link_kind(by)
        sql = (
            f"SELECT {columns}, k.name FROM {rows_from(filters, events=False)} "
            f"JOIN event_{kind}s l ON l.event_id = {ident} JOIN {kind}s k ON k.id = l.{kind}_id "
            f"WHERE {cond} ORDER BY k.name, k.id, {order}"
        )
        return sql, params
    copied = a == "d" and spec.name in ROLE_COPIES  # the role row's own copy: its index
    column = f"{'d' if copied else 'e'}.{spec.column}"
    table = rows_from(filters, events=not copied)
    sql = (
        f"SELECT {columns}, {column} FROM {table} WHERE {column} IS NOT NULL AND "
        f"{cond} ORDER BY {column} COLLATE NOCASE, {order}"
    )
    return sql, params


def iter_spans(
    store: Store, filters: Filters, *, reference: date, by: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Stream the selected events' extents sorted for the gap sweep (by group first)."""
    sql, params = _query(filters, by)
    ref = reference.isoformat()
    return store.stream(sql, [ref, ref, *params])


def around(
    store: Store, filters: Filters, *, reference: date, start: str
) -> Iterator[tuple[Any, ...]]:
    """The rows a sweep that begins near day `start` needs, in sweep order: the selected events
    that begin earlier but reach `start` or later, then every one that begins on `start` or
    later, streamed (both from indexes: the end index, then the start index)."""
    cond, params = where(filters)
    ref = reference.isoformat()
    a = dated(filters)
    ident = "e.id" if a == "e" else "d.event_id"
    end = END_OF.format(a=a, col="end_latest")
    order = f"ORDER BY {a}.start_earliest, {a}.start_latest, {ident}"
    rows = f"SELECT {_columns(filters)} FROM {rows_from(filters, events=False)} WHERE {cond}"
    before = store.stream(
        f"{rows} AND {a}.start_earliest < ? AND {a}.end_latest >= ? AND {end} >= ? {order}",
        [ref, ref, *params, start, start, ref, start],
    )
    after = store.stream(
        f"{rows} AND {a}.start_earliest >= ? {order}",
        [ref, ref, *params, start],
    )
    yield from before
    yield from after


def event_extent(
    store: Store, event_id: int, *, reference: date, role: str | None = None
) -> tuple[date, date]:
    """An event's widest bounds (start's earliest, end's latest), or those of its `role` date;
    `NotFoundError` if the event (or its role date) is absent.

    `event_id` must fit SQLite's 64-bit integers (`timeline.select.parse_id` sees to that).
    """
    filters = Filters(role=role)
    cond, params = where(filters)
    ident = "e.id" if role is None else "d.event_id"
    table = rows_from(filters, events=False)
    sql = f"SELECT {_columns(filters)} FROM {table} WHERE {cond} AND {ident} = ?"
    ref = reference.isoformat()
    row = next(store.stream(sql, [ref, ref, *params, event_id]), None)
    if row is None:
        if role is not None and next(
            store.stream("SELECT 1 FROM events WHERE id = ?", [event_id]), None
        ):
            have = [
                r[0]
                for r in store.stream(
                    "SELECT role FROM event_dates WHERE event_id = ? ORDER BY role", [event_id]
                )
            ]
            raise NotFoundError(
                f"event #{event_id} has no {role!r} date (its roles: {', '.join(have) or 'none'})"
            )
        raise NotFoundError(f"no event #{event_id}")
    return date.fromisoformat(row[1]), date.fromisoformat(row[4])


def gap_names(
    store: Store, gaps: Iterable[Gap], role: str | None = None
) -> dict[int, tuple[str, str]]:
    """`{id: (title, when_text)}` of the events the gaps name, for `timeline.gaps.with_names`
    (with `role`, the role date's text)."""
    refs = (ref for g in gaps for ref in (g.before, g.after, g.before_max, g.after_max))
    return event_names(store, {ref.id for ref in refs if ref is not None}, role)


def event_names(
    store: Store, wanted: Iterable[int], role: str | None = None
) -> dict[int, tuple[str, str]]:
    """`{id: (title, when_text)}` of these events, looked up by primary key in batches; with
    `role`, the text is that role date's (the event's own when it has none)."""
    ids = sorted(set(wanted))
    names: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), NAME_BATCH):
        batch: list[object] = list(ids[i : i + NAME_BATCH])
        if role is None:
            rows = store.stream(names_sql(len(batch)), batch)
        else:
            rows = store.stream(role_names_sql(len(batch)), [role, *batch])
        names.update((row[0], (row[1], row[2])) for row in rows)
    return names


def covering(
    store: Store, filters: Filters, *, reference: date, limit: int = 3
) -> tuple[list[tuple[Any, ...]], tuple[str, str] | None]:
    """What explains "no gaps": the selected events with the widest extents, widest first, as
    `(id, title, when_text, first day, last day)` (an ongoing end cut at `reference`), and the
    selection's own first and last day (an open earliest left out of the first)."""
    cond, params = where(filters)
    a = dated(filters)
    end = END_OF.format(a=a, col="end_latest")
    ref = reference.isoformat()
    ident = "e.id" if a == "e" else "d.event_id"
    named = "e.title, e.when_text" if a == "e" else "'', ''"  # a role's: named afterwards
    sql = (
        f"SELECT {ident}, {named}, {a}.start_earliest, {end} AS last "
        f"FROM {rows_from(filters, events=False)} WHERE {cond} "
        f"ORDER BY julianday(last) - julianday({a}.start_earliest) DESC, {ident} LIMIT ?"
    )
    widest = list(store.stream(sql, [ref, *params, limit]))
    if a != "e":  # from the role index alone, then the few widest named by id
        names = event_names(store, (row[0] for row in widest), filters.role)
        widest = [(r[0], *names.get(r[0], ("", "")), *r[3:]) for r in widest]
    whole = (
        f"SELECT min(nullif({a}.start_earliest, '0001-01-01')), max({end}) "
        f"FROM {rows_from(filters, events=False)} WHERE {cond}"
    )
    first, last = next(store.stream(whole, [ref, *params]))
    return widest, (first or last, last) if last else None


def role_names_sql(count: int) -> str:
    """The lookup of `count` events' titles and one role's date texts by primary key."""
    return (
        "SELECT e.id, e.title, coalesce(d.when_text, e.when_text) FROM events e "
        "LEFT JOIN event_dates d ON d.event_id = e.id AND d.role = ? "
        f"WHERE e.id IN ({', '.join('?' * count)})"
    )


def names_sql(count: int) -> str:
    """The lookup of `count` events' names by primary key."""
    return f"SELECT id, title, when_text FROM events WHERE id IN ({', '.join('?' * count)})"


def role_pairs(
    store: Store, filters: Filters, *, end: str, reference: date
) -> Iterator[tuple[Any, ...]]:
    """For each selected event with a date of both `filters.role` and `end`, in the order of
    the first: `(id, title, first when, its earliest, its latest, second when, its earliest,
    its latest)`, each the date's widest days (an ongoing end cut at `reference`)."""
    cond, params = where(filters)
    last = END_OF.format(a="d", col="end_latest")
    then = END_OF.format(a="b", col="end_latest")
    sql = (
        f"SELECT d.event_id, e.title, d.when_text, d.start_earliest, {last}, b.when_text, "
        f"b.start_earliest, {then} FROM {rows_from(filters)} JOIN event_dates b "
        f"ON b.event_id = d.event_id AND b.role = ? WHERE {cond} "
        "ORDER BY d.start_earliest, d.start_latest, d.event_id"
    )
    ref = reference.isoformat()
    return store.stream(sql, [ref, ref, end, *params])
