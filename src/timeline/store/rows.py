"""Between `Event` values and rows of the `events` table (plus actor and tag lists).

The columns are derived from the field declarations (`timeline.model.EVENT_FIELDS`): every
stored field is the column it declares, and an event's dates are the thirteen date columns
below. Decisions encoded here:
- An instant's end columns repeat its start and `end_precision` is NULL: that NULL is how an
  instant is told from a span on the way back.
- Booleans are 0/1 integers, dates ISO text, `value` keeps int or float as SQLite stores it.
- `SELECT_EVENT` reads an event's names (actors, tags) in the same statement (joined with NUL,
  which no name holds, by correlated subqueries over the indexed link tables), so streaming a
  listing costs one query.
- A history snapshot keeps each column by name, so a snapshot written before a column existed
  restores with that column empty.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from timeline.dates.types import FuzzyDate
from timeline.migrations import UUID_SQL
from timeline.model import EVENT_FIELDS, Citation, Event, RoleDate

_STORED = tuple(s for s in EVENT_FIELDS if s.column and s.kind != "id")
CITATIONS = "citations"
"""The field holding an event's citations (`timeline.model.Citation`), in table `citations`."""
ROLE_DATES = "dates"
"""The field holding an event's role dates (`timeline.model.RoleDate`), in table
`event_dates`: one row per (event, role), with the events' own date columns."""
_DAYS = frozenset(s.name for s in _STORED if s.kind == "day")
NAME_KINDS: tuple[str, ...] = tuple(s.name for s in EVENT_FIELDS if s.kind == "names")
"""The fields kept in link tables, e.g. `actors` in `actors` and `event_actors`."""
DATE_COLUMNS: tuple[str, ...] = (
    *("start_earliest", "start_latest", "end_earliest", "end_latest", "precision"),
    *("approximate", "uncertain", "start_edtf", "end_precision", "end_approximate"),
    *("end_uncertain", "end_edtf", "ongoing"),
)
FIELD_COLUMNS: tuple[str, ...] = tuple(s.column or "" for s in _STORED)
COLUMNS: tuple[str, ...] = (*FIELD_COLUMNS, *DATE_COLUMNS)
_FIELD_NAMES = tuple(s.name for s in _STORED)
_get_fields = attrgetter(*_FIELD_NAMES)
_STAMPS = (_FIELD_NAMES.index("created_at"), _FIELD_NAMES.index("updated_at"))
_DAY_AT = tuple(i for i, n in enumerate(_FIELD_NAMES) if n in _DAYS)


def link_kind(name: str) -> str:
    """The singular of a names field (`actors` -> `actor`), which names its tables."""
    return name.removesuffix("s")


NAMES_SQL = (
    "(SELECT json_group_array(name) FROM (SELECT k.name AS name FROM event_{kind}s l "
    "JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id ORDER BY l.position))"
)
LISTED_SQL = (
    "(SELECT group_concat(name, char(0)) FROM (SELECT k.name AS name FROM event_{kind}s l "
    "JOIN {kind}s k ON k.id = l.{kind}_id WHERE l.event_id = e.id ORDER BY l.position))"
)
"""An event's names of one kind joined with NUL, which no name holds (NULL for none): read
back by splitting, cheaper than a JSON array."""
CITATIONS_SQL = (
    "(SELECT json_group_array(json_array(source_id, title, url, published, quote, source_when, "
    "when_earliest, when_latest)) FROM (SELECT c.source_id, s.title, s.url, s.published, "
    "c.quote, c.source_when, c.when_earliest, c.when_latest FROM citations c "
    "JOIN sources s ON s.id = c.source_id WHERE c.event_id = e.id ORDER BY c.position))"
)
ROLE_COLUMNS: tuple[str, ...] = ("role", "when_text", "end_text", *DATE_COLUMNS, "source")
"""The columns of `event_dates` after `event_id`, in the order its rows are written."""
_DATED_SQL = (
    "(SELECT json_group_array(json_array("
    + ", ".join(ROLE_COLUMNS)
    + ")) FROM (SELECT * FROM event_dates d WHERE d.event_id = e.id ORDER BY d.role))"
)
SELECT_EVENT_COLUMNS = (
    "SELECT e.id, "
    + ", ".join(f"e.{c}" for c in COLUMNS)
    + "".join(", " + LISTED_SQL.format(kind=link_kind(n)) for n in NAME_KINDS)
    + ", "
    + CITATIONS_SQL
    + ", "
    + _DATED_SQL
)
SELECT_EVENT = SELECT_EVENT_COLUMNS + " FROM events e"
_MARKS = ", ".join(f"coalesce(?, {UUID_SQL})" if c == "uuid" else "?" for c in COLUMNS)
INSERT_EVENT = f"INSERT INTO events (id, {', '.join(COLUMNS)}) VALUES (?, {_MARKS})"
"""An event's row; one that arrives without a UUID gets a random one from SQLite."""
UPDATE_EVENT = f"UPDATE events SET {', '.join(f'{c} = ?' for c in COLUMNS)} WHERE id = ?"


def open_start_sql(a: str = "e") -> str:
    """An event (or a role date, `a` = `d`) whose start has an open earliest (`by March
    2024`): its start_earliest is the first day there is, and its EDTF says so
    (`timeline.dates.types.OPEN_START_EDTF`)."""
    return (
        f"({a}.start_earliest = '0001-01-01' AND ({a}.start_edtf LIKE '[..%' "
        f"OR {a}.start_edtf LIKE '../%' OR {a}.start_edtf LIKE '/%'))"
    )


def sort_day_sql(a: str = "e") -> str:
    """The day an event (or a role date) sorts and counts by: its earliest, or an open
    earliest's latest."""
    return f"(CASE WHEN {open_start_sql(a)} THEN {a}.start_latest ELSE {a}.start_earliest END)"


def own_lookup(a: str, expr: str) -> str:
    """`expr` over the row's own table row (alias `x`), looked up by key. Asked only of the few
    rows that a test of an index's columns leaves in doubt, it keeps a query on a covering
    index (SQLite reads the table for every row as soon as a column outside it is named)."""
    if a == "e":
        return f"(SELECT {expr} FROM events x WHERE x.id = e.id)"
    return f"(SELECT {expr} FROM event_dates x WHERE x.event_id = d.event_id AND x.role = d.role)"


def open_start_indexed_sql(a: str = "e") -> str:
    """`open_start_sql` that reads the EDTF (by key) only for a start on 0001-01-01."""
    own = own_lookup(a, open_start_sql("x"))
    return f"(CASE WHEN {a}.start_earliest = '0001-01-01' THEN {own} ELSE 0 END)"


def sort_day_indexed_sql(a: str = "e") -> str:
    """`sort_day_sql` from the start index's columns (the EDTF by key for 0001-01-01 only)."""
    return (
        f"(CASE WHEN {open_start_indexed_sql(a)} THEN {a}.start_latest ELSE {a}.start_earliest END)"
    )


OPEN_START_SQL = open_start_sql()
SORT_DAY_SQL = sort_day_sql()
DATES_AT = 1 + COLUMNS.index("start_earliest")
"""Where the date columns start in a row of `SELECT_EVENT` (after the id)."""
_SE, _SL = DATES_AT, 1 + COLUMNS.index("start_latest")
_EDTF = 1 + COLUMNS.index("start_edtf")
_OPEN_EDTF = ("[..", "../", "/")
assert COLUMNS[DATES_AT - 1 :] == DATE_COLUMNS and ROLE_COLUMNS[3:-1] == DATE_COLUMNS


def sort_key(row: Sequence[Any]) -> tuple[str, str, int]:
    """The order of `SELECT_EVENT` rows in a listing: the sort day, the start's latest, the id."""
    return sort_key_of(row[0], row[_SE], row[_SL], row[_EDTF])


def sort_key_of(event_id: int, earliest: str, latest: str, edtf: str) -> tuple[str, str, int]:
    """The listing order of an event with this id and start (its stored columns): its sort
    day (an open earliest sorts by its latest), its start's latest, its id."""
    if earliest == "0001-01-01" and edtf.startswith(_OPEN_EDTF):
        return latest, latest, event_id
    return earliest, latest, event_id


def role_sort_key(row: Sequence[Any]) -> tuple[str, str, int]:
    """`sort_key` for rows of a listing asked of a role: `SELECT_EVENT` rows followed by the
    role date's start_earliest, start_latest and start_edtf."""
    start, latest, edtf = row[-3], row[-2], row[-1]
    if start == "0001-01-01" and edtf.startswith(_OPEN_EDTF):
        start = latest
    return start, latest, row[0]


def event_values(event: Event) -> tuple[Any, ...]:
    """The values of `COLUMNS` for `event`, in order."""
    return _values(event, event.created_at, event.updated_at)


def insert_values(event: Event, event_id: int, stamp: str) -> tuple[Any, ...]:
    """The parameters of `INSERT_EVENT` for `event` stored as `event_id`, in one tuple.

    Timestamps the event does not carry become `stamp` (an `updated_at` missing beside a given
    `created_at` takes the `created_at`), as `Store.add` fills them; no copy of the event is made.
    """
    created = event.created_at or stamp
    return (event_id, *_values(event, created, event.updated_at or created))


def _values(event: Event, created: str, updated: str) -> tuple[Any, ...]:
    values = list(_get_fields(event))
    for i in _DAY_AT:
        if values[i] is not None:
            values[i] = values[i].isoformat()
    values[_STAMPS[0]], values[_STAMPS[1]] = created, updated
    return (*values, *_date_columns(event.start, event.end, event.ongoing))


_DATES: dict[tuple[int, int, bool], tuple[FuzzyDate, FuzzyDate | None, tuple[Any, ...]]] = {}
DATES_CACHE_SIZE = 50_000


def _date_columns(start: FuzzyDate, end: FuzzyDate | None, ongoing: bool) -> tuple[Any, ...]:
    """`start_earliest` … `ongoing` for these dates, remembered by identity.

    An import's date reader hands out the same date objects for the same text, so the columns
    are computed once per distinct date. The cache holds the objects it is keyed by, so their
    ids cannot be reused while an entry lives.
    """
    key = (id(start), id(end), ongoing)
    hit = _DATES.get(key)
    if hit is not None and hit[0] is start and hit[1] is end:
        return hit[2]
    last = end or start
    columns = (
        start.earliest.isoformat(),
        start.latest.isoformat(),
        last.earliest.isoformat(),
        last.latest.isoformat(),
        start.precision,
        int(start.approximate),
        int(start.uncertain),
        start.edtf,
        end.precision if end else None,
        int(end.approximate) if end else 0,
        int(end.uncertain) if end else 0,
        end.edtf if end else None,
        int(ongoing),
    )
    if len(_DATES) >= DATES_CACHE_SIZE:
        _DATES.clear()
    _DATES[key] = (start, end, columns)
    return columns


def dates_at(v: Sequence[Any]) -> tuple[FuzzyDate, FuzzyDate | None]:
    """The start and end of the thirteen values of `DATE_COLUMNS`, in that order."""
    start = FuzzyDate(
        date.fromisoformat(v[0]), date.fromisoformat(v[1]), v[4], bool(v[5]), bool(v[6]), v[7]
    )
    if v[8] is None:
        return start, None
    end = FuzzyDate(
        date.fromisoformat(v[2]), date.fromisoformat(v[3]), v[8], bool(v[9]), bool(v[10]),
        v[11] or "",
    )  # fmt: skip
    return start, end


def row_event(row: Sequence[Any]) -> Event:
    """An `Event` from a row of `SELECT_EVENT`."""
    fields: dict[str, Any] = dict(zip(_FIELD_NAMES, row[1:DATES_AT], strict=True))
    for name in _DAYS:
        fields[name] = date.fromisoformat(fields[name]) if fields[name] else None
    for i, name in enumerate(NAME_KINDS):
        listed = row[len(COLUMNS) + 1 + i]
        fields[name] = tuple(listed.split("\x00")) if listed is not None else ()
    cited = row[len(COLUMNS) + 1 + len(NAME_KINDS)]
    fields[CITATIONS] = _citations(cited) if cited != "[]" else ()
    dated = row[len(COLUMNS) + 2 + len(NAME_KINDS)]
    fields[ROLE_DATES] = _role_dates(dated) if dated != "[]" else ()
    start, end = dates_at(row[DATES_AT : DATES_AT + len(DATE_COLUMNS)])
    return Event(id=int(row[0]), start=start, end=end, ongoing=bool(row[len(COLUMNS)]), **fields)


def _role_dates(text: str) -> tuple[RoleDate, ...]:
    """An event's role dates from their JSON text (rows of `ROLE_COLUMNS`)."""
    found = []
    for role, when, end_text, *dated, source in json.loads(text):
        start, end = dates_at(dated)
        found.append(RoleDate(role, when, start, end, bool(dated[-1]), end_text, source))
    return tuple(found)


def role_values(event_id: int, event: Event) -> list[tuple[Any, ...]]:
    """The `event_dates` rows of an event stored as `event_id` (`ROLE_STORED`)."""
    return [
        (event_id, d.role, d.when, d.end_when, *_date_columns(d.start, d.end, d.ongoing),
         d.source, event.category)
        for d in event.dates
    ]  # fmt: skip


ROLE_STORED = (*ROLE_COLUMNS, "category")
"""The columns a role date's row is written with: its own, and a copy of its event's category
(for the `event_dates_role_category` index; never read back as part of the role date)."""
INSERT_ROLE_DATE = (
    f"INSERT INTO event_dates (event_id, {', '.join(ROLE_STORED)}) "
    f"VALUES (?, {', '.join('?' * len(ROLE_STORED))})"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_CITED: dict[str, tuple[Citation, ...]] = {}
_CITED_MAX = 20_000


def citations_of(text: str) -> tuple[Citation, ...]:
    """An event's citations from their JSON text in a row of `SELECT_EVENT`."""
    return _citations(text) if text != "[]" else ()


def _citations(text: str) -> tuple[Citation, ...]:
    """An event's citations from their JSON text (remembered: events often cite the same
    source in the same way, and a `Citation` is immutable)."""
    found = _CITED.get(text)
    if found is None:
        found = _read_citations(text)
        if len(_CITED) >= _CITED_MAX:
            _CITED.clear()
        _CITED[text] = found
    return found


def _read_citations(text: str) -> tuple[Citation, ...]:
    found = []
    for source_id, title, url, published, quote, when, first, last in json.loads(text):
        found.append(Citation(title, quote, when, int(source_id), url, _day(published),
                              _day(first), _day(last)))  # fmt: skip
    return tuple(found)


def citation_values(event_id: int, event: Event) -> list[tuple[Any, ...]]:
    """The `citations` rows of a stored event (every citation's source already has its id)."""
    return [
        (event_id, position, c.source_id, c.quote, c.when, _iso(c.earliest), _iso(c.latest))
        for position, c in enumerate(event.citations)
    ]


def cited_values(event: Event) -> tuple[tuple[Any, ...], ...]:
    """An event's citations as plain values, its source not yet found: (title, quote, when,
    source id, url, published, earliest, latest), days as ISO text (`feed.prepare`)."""
    return tuple(
        (c.source, c.quote, c.when, c.source_id, c.url, _iso(c.published), _iso(c.earliest),
         _iso(c.latest))
        for c in event.citations
    )  # fmt: skip


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


INSERT_CITATION = (
    "INSERT INTO citations (event_id, position, source_id, quote, source_when, when_earliest, "
    "when_latest) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def snapshot(event: Event) -> str:
    """Everything needed to put `event` back exactly, as JSON text (for the history)."""
    values = dict(zip(COLUMNS, event_values(event), strict=True))
    doc: dict[str, object] = {"id": event.id, "row": values}
    doc.update((n, list(getattr(event, n))) for n in NAME_KINDS)
    doc[CITATIONS] = [list(r[1:]) for r in citation_values(event.id, event)]
    if event.dates:  # a snapshot without role dates reads the same as before they existed
        doc[ROLE_DATES] = [list(r[1:]) for r in role_values(event.id, event)]
    return json.dumps(doc, ensure_ascii=False)


Restored = tuple[
    int, tuple[Any, ...], dict[str, list[str]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]


def from_snapshot(text: str) -> Restored:
    """(id, values of COLUMNS, {names field: names}, citation rows, role date rows) from
    `snapshot` text."""
    data = json.loads(text)
    row = data["row"]
    names = {n: data.get(n, []) for n in NAME_KINDS}
    event_id = int(data["id"])
    cited = [(event_id, *r) for r in data.get(CITATIONS, [])]
    dated = [(event_id, *r) for r in data.get(ROLE_DATES, [])]
    return event_id, tuple(row.get(c) for c in COLUMNS), names, cited, dated
