"""`Filters` as one SQL boolean expression over `events e`, shared by every listing command.

Decisions encoded here:
- Every value is a parameter, never formatted into the SQL.
- `--from/--to`: an event can fall in the window when `start_earliest <= to` and
  `end_latest >= from` (its widest bounds overlap it); `strictly` asks for
  `start_earliest >= from` and `end_latest <= to`. Both are plain comparisons that the
  `events_start_extent` and `events_end` indexes serve. An ongoing event ends on its own
  reference day R (its stored end), or on the question's reference day
  (`Filters.reference_day`: `--as-of`, else today) when that is earlier (never before its
  start): the stored end stays the indexed bound and the cut is checked beside it.
- Each filtering field (`timeline.model.FILTER_FIELDS`) by its declaration: names (actors,
  tags) through the link tables as `e.id IN (subquery)`, matched without regard to ASCII case;
  an `any` field (category) likewise with `COLLATE NOCASE`. OR within a field, AND across.
- Full-text search: each word of the text must appear (as a word or the start of one) in the
  title, quote or notes; the words are quoted for FTS5, so no input is a syntax error.
- A `contains` field contains TEXT (case-insensitive for ASCII). A `cites` field (`--source
  TEXT`) asks for events that cite a source whose title contains TEXT, or the source `#3`
  (`3`): through the `citations` table, whose `(source_id, event_id)` index serves it.
- An actor filter also matches the actor's aliases (`actor_aliases`, case-blind).
- A question asked of a role (`Filters.role`) reads the role's rows of `event_dates d` in place
  of the events' own date columns (the same names, so the same conditions), and selects the
  events by the other filters through a subquery (`where`): `rows_from` says what to read.
"""

from __future__ import annotations

from timeline.model import FIELD, Filters
from timeline.store.rows import link_kind

ROLE_ALIAS = "d"
"""The alias of `event_dates` in a question asked of a role's dates."""
ROLE_ROWS = "event_dates d"
ROLE_JOINED = "event_dates d JOIN events e ON e.id = d.event_id"


def dated(filters: Filters) -> str:
    """The alias whose date columns the question reads: `e` (the events' own dates), or `d`
    (the role's, in `event_dates d`)."""
    return "e" if filters.role is None else ROLE_ALIAS


def rows_from(filters: Filters, *, events: bool = True) -> str:
    """The FROM clause `where` is written for: `events e`, or for a role the role's dates
    (`event_dates d`), joined to their events when the caller reads the events' columns."""
    if filters.role is None:
        return "events e"
    return ROLE_JOINED if events else ROLE_ROWS


def where(filters: Filters) -> tuple[str, list[object]]:
    """(SQL boolean expression over `rows_from(filters)`, its parameters).

    For a role, the dates asked of (window, precisions) are the role's (`d`), the role is
    `d.role = ?`, and the other filters select the events as they do without one, as
    `d.event_id IN (SELECT e.id FROM events e WHERE …)`, so the expression holds over the
    role's rows alone (the gap sweep's index) and over the join alike."""
    if filters.role is None:
        return _joined((*_date_parts(filters), *_event_parts(filters)))
    own, own_params = _joined(_event_parts(filters))
    parts: list[tuple[str, list[object]]] = [("d.role = ?", [filters.role]),
                                             *_date_parts(filters)]  # fmt: skip
    if own != "1":
        parts.append((f"d.event_id IN (SELECT e.id FROM events e WHERE {own})", own_params))
    return _joined(tuple(parts))


def role_split(filters: Filters) -> tuple[tuple[str, list[object]], tuple[str, list[object]]]:
    """A role question's conditions in two: over the role's rows (`d`: its dates; the role
    itself is left to the caller's join) and over the events (`e`: the other filters), for a
    query that reads the selected events first and joins their role dates to them (which is
    faster than `where` when the other filters select few events)."""
    return _joined(_date_parts(filters)), _joined(_event_parts(filters))


ROLE_COPIES = ("category",)
"""The event fields a role date's row keeps a copy of (`m010`), so that a role question filters
and groups by them from the role's own index."""


def has_event_filters(filters: Filters) -> bool:
    """Whether filters the role's rows cannot answer alone select the events (names,
    sources, words; with a role, a category is the role row's own copy)."""
    copied = ROLE_COPIES if filters.role is not None else ()
    return any(v for k, v in filters.match.items() if k not in copied) or bool(
        filters.search and filters.search.split()
    )


def _date_parts(filters: Filters) -> tuple[tuple[str, list[object]], ...]:
    a = dated(filters)
    parts = [_window(filters, a), _in(f"{a}.precision", filters.precisions)]
    if a == ROLE_ALIAS:
        parts += [_field(n, v, a) for n, v in filters.match.items() if n in ROLE_COPIES]
    return tuple(parts)


def _event_parts(filters: Filters) -> tuple[tuple[str, list[object]], ...]:
    copied = ROLE_COPIES if filters.role is not None else ()
    return (
        *(_field(name, values) for name, values in filters.match.items() if name not in copied),
        _search(filters.search),
    )


def _joined(found: tuple[tuple[str, list[object]], ...]) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    for sql, values in found:
        if sql:
            parts.append(sql)
            params.extend(values)
    return (" AND ".join(parts) or "1"), params


def _field(name: str, values: tuple[str, ...], a: str = "e") -> tuple[str, list[object]]:
    """A filtering field's condition: names through their link table, `any` as a case-blind
    `IN`, `contains` as a `LIKE` of each value (all must match)."""
    spec = FIELD[name]
    if not values:
        return "", []
    if spec.kind == "names":
        return _names(link_kind(name), values)
    if spec.filter == "any":
        return _in(f"{a}.{spec.column} COLLATE NOCASE", values)
    if spec.filter == "cites":
        return _cites(values)
    return _contains(f"e.{spec.column}", values)


def _window(f: Filters, a: str = "e") -> tuple[str, list[object]]:
    # An ongoing event's end, cut at the question's reference day (never before its start).
    cut = f"max(min({a}.end_latest, ?), {a}.start_earliest)"
    ref = f.reference_day.isoformat() if f.reference_day else "9999-12-31"
    parts: list[str] = []
    params: list[object] = []
    if f.strictly:
        if f.window_start:
            parts.append(f"{a}.start_earliest >= ?")
            params.append(f.window_start.isoformat())
        if f.window_end:
            parts.append(f"({a}.end_latest <= ? OR ({a}.ongoing = 1 AND {cut} <= ?))")
            params += [f.window_end.isoformat(), ref, f.window_end.isoformat()]
    else:
        if f.window_end:
            parts.append(f"{a}.start_earliest <= ?")
            params.append(f.window_end.isoformat())
        if f.window_start:
            parts.append(f"({a}.end_latest >= ? AND ({a}.ongoing = 0 OR {cut} >= ?))")
            params += [f.window_start.isoformat(), ref, f.window_start.isoformat()]
    return " AND ".join(parts), params


def _names(kind: str, names: tuple[str, ...]) -> tuple[str, list[object]]:
    if not names:
        return "", []
    marks = ", ".join("?" * len(names))
    aliases = ""
    if kind == "actor":
        aliases = f" UNION SELECT a.actor_id FROM actor_aliases a WHERE a.alias IN ({marks})"
    sql = (
        f"e.id IN (SELECT l.event_id FROM event_{kind}s l WHERE l.{kind}_id IN "
        f"(SELECT k.id FROM {kind}s k WHERE k.name COLLATE NOCASE IN ({marks}){aliases}))"
    )
    params: list[object] = [*names, *(names if aliases else ())]
    return sql, params


def _in(column: str, values: tuple[str, ...]) -> tuple[str, list[object]]:
    if not values:
        return "", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def fts_query(text: str) -> str:
    """Each word quoted (FTS5 string syntax) as a prefix term; all must match."""
    words = text.split()
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _search(text: str | None) -> tuple[str, list[object]]:
    if not text or not text.split():
        return "", []
    sql = "e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
    return sql, [fts_query(text)]


def _cites(values: tuple[str, ...]) -> tuple[str, list[object]]:
    """Events citing, for each value, a source it names (all values must be met)."""
    from timeline.store.sources import source_id_of

    parts: list[str] = []
    params: list[object] = []
    for text in values:
        if not text:
            continue
        source_id = source_id_of(text)
        if source_id is not None:
            parts.append("e.id IN (SELECT c.event_id FROM citations c WHERE c.source_id = ?)")
            params.append(source_id)
            continue
        titles, found = _contains("s.title", (text,))
        parts.append(
            "e.id IN (SELECT c.event_id FROM citations c WHERE c.source_id IN "
            f"(SELECT s.id FROM sources s WHERE {titles}))"
        )
        params.extend(found)
    return " AND ".join(parts), params


def _contains(column: str, values: tuple[str, ...]) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    for text in values:
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parts.append(f"{column} LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
    return " AND ".join(parts), params
