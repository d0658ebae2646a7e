"""`Store`: the events, their actors and tags, and the history, over one SQLite connection.

Decisions encoded here:
- Every write runs in `write()`: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error, so a
  reader-then-writer never fails with "database is locked" while another process writes, and a
  failed command leaves the database as it was. While another process writes, BEGIN IMMEDIATE
  is retried for up to `wait` seconds (`timeline.store.waiting`); `waited` keeps how long the
  last write waited. SQLite errors become `StorageError` (exit 5), a full disk said as such.
- Listing streams rows from one ordered query (start_earliest, start_latest, id) that the
  `events_start_extent` index serves; nothing holds the whole selection in memory. Rows are
  fetched through `stream`, so a damaged page met mid-listing is a `StorageError` as well.
- Timestamps (created_at, updated_at, history) are UTC `YYYY-MM-DDTHH:MM:SSZ` from the clock the
  caller passes; an event that arrives with timestamps (an import) keeps them.
- Ids given in imported files are not kept: imported events get new ids, in file order.
"""

from __future__ import annotations

import heapq
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from itertools import chain, islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from timeline.errors import NotFoundError, StorageError
from timeline.migrations import SCHEMA_VERSION
from timeline.model import Event, Filters
from timeline.store import filters as _filters
from timeline.store import rows
from timeline.store.failures import storage_error
from timeline.store.idruns import IdRuns
from timeline.store.waiting import DEFAULT_WAIT, begin_immediate

if TYPE_CHECKING:
    from timeline.model.lines import Line
    from timeline.model.results import Gap, PeriodTotal
    from timeline.store.history import HistoryEntry
    from timeline.store.merge_report import Incoming, MergeReport


def utc_now() -> str:
    """The default clock, for library use; the CLI passes its own (`cli.common.now_stamp`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


SOURCES_REMEMBERED = 50_000
"""How many sources an import remembers by title or id (`Store._source_ids`)."""


class Store:
    """The open database. `conn` is the stdlib connection, in autocommit mode.

    A context manager: `with open_store(path, create=False) as store:` closes it at the end.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: str,
        clock: Callable[[], str],
        *,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.wait = wait
        self.on_wait = on_wait
        self.waited = 0.0
        self._names: dict[tuple[str, str], int] = {}
        self._sources: dict[object, tuple[int, str]] = {}  # an import's (id, title) by title or id
        self._created = IdRuns()  # the sources the current change created

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on any error."""
        try:
            waited = begin_immediate(self.conn, self.path, wait=self.wait, on_wait=self.on_wait)
        except sqlite3.Error as err:
            raise storage_error(self.path, err, "cannot write to") from None
        self.waited = waited
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except (sqlite3.Error, MemoryError) as err:
            self._rollback()
            raise storage_error(self.path, err, "cannot write to") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        self.forget_names()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def forget_names(self) -> None:
        """Drop the remembered name and source ids (after a rollback, or a new alias)."""
        self._names.clear()
        self._sources.clear()
        self._created = IdRuns()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the database (one read transaction under WAL),
        so another process's write cannot land between them. Inside another snapshot it is
        that one."""
        if self.conn.in_transaction:
            yield
            return
        self._query("BEGIN", [])
        try:
            yield
        except BaseException:
            self._end_read(quietly=True)  # the first error is the one to report
            raise
        self._end_read(quietly=False)

    def _end_read(self, *, quietly: bool) -> None:
        """End a read transaction; SQLite failing to (a damaged file) is a `StorageError`."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            if not quietly:
                raise self._read_error(err) from None

    # -- reading ------------------------------------------------------------------------

    def where(self, filters: Filters) -> tuple[str, list[object]]:
        """An SQL boolean expression over `events e` selecting `filters`, and its parameters."""
        return _filters.where(filters)

    def get(self, event_id: int) -> Event:
        row = self.conn.execute(rows.SELECT_EVENT + " WHERE e.id = ?", [event_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no event #{event_id}")
        return rows.row_event(row)

    def iter_events(self, filters: Filters) -> Iterator[Event]:
        """The selected events, streamed in date order (newest first with `reverse`)."""
        day = filters.reference_day
        for row in self.ordered_rows(filters, rows.SELECT_EVENT_COLUMNS):
            event = rows.row_event(row)
            yield event.resolved(day) if day and event.ongoing else event

    def iter_lines(self, filters: Filters) -> Iterator[Line]:
        """The selected events as the one-line listing prints them (`timeline.store.lines`),
        streamed in the order of `iter_events`; not for a selection asked of a role."""
        from timeline.store.lines import SELECT_LINE_COLUMNS, line_sort_key, row_line

        if filters.role is not None:
            raise ValueError("lines are of the events' own dates")
        day = filters.reference_day
        found = self.ordered_rows(filters, SELECT_LINE_COLUMNS, line_sort_key)
        return (
            line.resolved(day) if day and line.ongoing else line for line in map(row_line, found)
        )

    def ordered_rows(
        self, filters: Filters, select: str, key: Callable[[Sequence[Any]], Any] | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """The selected events' rows of `select` (columns over `events e` that start with
        `e.id` and the stored `rows.COLUMNS`, or any columns that `key` orders as
        `rows.sort_key` orders those), streamed in date order (newest first with `reverse`),
        as stored: no reference day applied.

        An event with an open earliest sorts by its latest day (DATES.md): those few come
        from a second query in that order and are merged into the main one, which the start
        index keeps in order without sorting. The second query runs at once: when it finds
        none (the usual case), the main query's rows are returned as they come.
        """
        sql, params = self.where(filters)
        order = "DESC" if filters.reverse else "ASC"
        limit = "" if filters.limit is None else " LIMIT ?"
        extra = [] if filters.limit is None else [filters.limit]
        a = _filters.dated(filters)
        role_order = (
            "" if filters.role is None else ", d.start_earliest, d.start_latest, d.start_edtf"
        )
        select = f"{select}{role_order} FROM {_filters.rows_from(filters)}"
        dated = self.stream(
            f"{select} WHERE {sql} AND NOT {rows.open_start_sql(a)} "
            f"ORDER BY {a}.start_earliest {order}, {a}.start_latest {order}, e.id {order}{limit}",
            [*params, *extra],
        )
        open_start = self.stream(
            f"{select} WHERE {sql} AND {rows.open_start_sql(a)} "
            f"ORDER BY {a}.start_latest {order}, e.id {order}{limit}",
            [*params, *extra],
        )
        first_open = next(open_start, None)
        if first_open is None:  # the usual case: nothing to merge, no key made for each row
            return dated
        if key is None:
            key = rows.sort_key if filters.role is None else rows.role_sort_key
        merged = heapq.merge(
            dated, chain((first_open,), open_start), key=key, reverse=filters.reverse
        )
        return islice(merged, filters.limit)

    def events_by_id(self) -> Iterator[Event]:
        """Every event as stored, in id order (no reference day applied)."""
        for row in self.stream(f"{rows.SELECT_EVENT} ORDER BY e.id", []):
            yield rows.row_event(row)

    def roles(self, filters: Filters | None = None) -> list[str]:
        """The roles of the selected events' role dates, in alphabetical order."""
        filters = filters or Filters()
        sql, params = self.where(filters)
        query = (
            "SELECT DISTINCT r.role FROM event_dates r WHERE r.event_id IN "
            f"(SELECT {'e.id' if filters.role is None else 'd.event_id'} "
            f"FROM {_filters.rows_from(filters, events=False)} WHERE {sql}) ORDER BY r.role"
        )
        return [str(r[0]) for r in self._query(query, params)]

    def lacking(self, filters: Filters) -> int:
        """How many events the filters other than dates select that have no date of
        `filters.role` (0 without a role): those a question asked of the role leaves out."""
        if filters.role is None:
            return 0
        own = replace(filters, window_start=None, window_end=None, precisions=(), role=None,
                       limit=None)  # fmt: skip
        sql, params = self.where(own)
        every = int(self._query(f"SELECT count(*) FROM events e WHERE {sql}", params).fetchone()[0])
        having = self.count(replace(own, role=filters.role))
        return every - having

    def any(self, filters: Filters) -> bool:
        """Whether any event is selected (for a role: any with that role's date), found
        without counting or ordering them."""
        sql, params = self.where(filters)
        source = _filters.rows_from(filters, events=False)
        query = f"SELECT EXISTS (SELECT 1 FROM {source} WHERE {sql})"
        return bool(self._query(query, params).fetchone()[0])

    def count(self, filters: Filters | None = None) -> int:
        """How many events are selected (for a role: how many have that role's date and are
        selected by it)."""
        filters = filters or Filters()
        sql, params = self.where(filters)
        query = f"SELECT count(*) FROM {_filters.rows_from(filters, events=False)} WHERE {sql}"
        if filters.role is not None and _filters.has_event_filters(filters):
            (dates, date_params), (own, own_params) = _filters.role_split(filters)
            query = (
                "SELECT count(*) FROM events e CROSS JOIN event_dates d ON d.event_id = e.id "
                f"AND d.role = ? WHERE {dates} AND {own}"
            )  # the selected events first, as `timeline.store.spans` reads them
            params = [filters.role, *date_params, *own_params]
        return int(self._query(query, params).fetchone()[0])

    def _query(self, sql: str, params: list[object]) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except (sqlite3.Error, MemoryError) as err:
            raise self._read_error(err) from None

    def stream(self, sql: str, params: list[object]) -> Iterator[tuple[Any, ...]]:
        """A query's rows, streamed; a SQLite error while fetching them is a `StorageError` too.

        (SQLite reports a damaged page when the cursor reaches it, long after `execute`.)
        """
        cursor = self._query(sql, params)
        try:
            for row in cursor:  # noqa: UP028 (`yield from` would close a cursor on GeneratorExit)
                yield row
        except (sqlite3.Error, MemoryError) as err:
            raise self._read_error(err) from None

    def _read_error(self, err: BaseException) -> StorageError:
        """SQLite reports some damaged pages as out of memory (SQLITE_NOMEM, a `MemoryError`)."""
        return storage_error(self.path, err, "cannot read")

    def name_counts(self, field: str) -> list[tuple[str, int]]:
        """The names of a names field (`actors`, `tags`) with how many events carry each, most
        used first."""
        if field not in rows.NAME_KINDS:
            raise ValueError(field)
        kind = rows.link_kind(field)
        sql = (
            f"SELECT k.name, count(l.event_id) AS n FROM {kind}s k "
            f"JOIN event_{kind}s l ON l.{kind}_id = k.id GROUP BY k.id ORDER BY n DESC, k.name"
        )
        return [(r[0], int(r[1])) for r in self.stream(sql, [])]

    def spans(
        self, filters: Filters, *, reference: date, by: str | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """The selected events' extents, sorted for the gap sweep (`timeline.store.spans`)."""
        from timeline.store.spans import iter_spans

        return iter_spans(self, filters, reference=reference, by=by)

    def role_pairs(
        self, filters: Filters, *, end: str, reference: date
    ) -> Iterator[tuple[Any, ...]]:
        """The dates of `filters.role` and `end` of each selected event with both
        (`timeline.store.spans.role_pairs`)."""
        from timeline.store.spans import role_pairs

        return role_pairs(self, filters, end=end, reference=reference)

    def around(self, filters: Filters, *, reference: date, start: str) -> Iterator[tuple[Any, ...]]:
        """Rows for a sweep that begins near `start` (`timeline.store.spans.around`)."""
        from timeline.store.spans import around

        return around(self, filters, reference=reference, start=start)

    def conflicting(self, filters: Filters) -> list[int]:
        """The selected events whose citations date them incompatibly: two readings that do
        not overlap, or one that does not overlap the event's widest bounds; in date order."""
        where, params = _filters.where(filters)
        sql = (
            f"SELECT e.id FROM events e WHERE {where} AND EXISTS (SELECT 1 FROM citations c "
            "WHERE c.event_id = e.id AND c.when_earliest IS NOT NULL AND ("
            "c.when_latest < e.start_earliest OR c.when_earliest > e.end_latest OR EXISTS ("
            "SELECT 1 FROM citations d WHERE d.event_id = e.id AND d.when_earliest > "
            "c.when_latest))) ORDER BY e.start_earliest, e.start_latest, e.id"
        )
        return [int(r[0]) for r in self.stream(sql, params)]

    def extent(
        self, event_id: int, *, reference: date, role: str | None = None
    ) -> tuple[date, date]:
        """An event's widest bounds (start's earliest, end's latest), or its `role` date's."""
        from timeline.store.spans import event_extent

        return event_extent(self, event_id, reference=reference, role=role)

    def name_gaps(self, gaps: list[Gap], role: str | None = None) -> list[Gap]:
        """`gaps` with their events' titles and date texts (in place, a few hundred at a time,
        so a long list never holds every name at once); with `role`, that role's texts."""
        from timeline.model.results import with_names
        from timeline.store.spans import NAME_BATCH, gap_names

        step = NAME_BATCH // 4  # up to four events per gap: one lookup per step
        for start in range(0, len(gaps), step):
            part = gaps[start : start + step]
            gaps[start : start + step] = with_names(part, gap_names(self, part, role))
        return gaps

    def names_of(self, ids: Iterable[int], role: str | None = None) -> dict[int, tuple[str, str]]:
        """`{id: (title, when_text)}` of these events (`timeline.store.spans.event_names`)."""
        from timeline.store.spans import event_names

        return event_names(self, ids, role)

    def covering(
        self, filters: Filters, *, reference: date, limit: int = 3
    ) -> tuple[list[tuple[Any, ...]], tuple[str, str] | None]:
        """The selected events with the widest extents (`timeline.store.spans.covering`)."""
        from timeline.store.spans import covering

        return covering(self, filters, reference=reference, limit=limit)

    def period_totals(
        self, filters: Filters, *, by: str = "month", sums: bool = False
    ) -> list[PeriodTotal]:
        """Events (and summed values) per period (`timeline.store.periods`)."""
        from timeline.store.periods import period_totals

        return period_totals(self, filters, by=by, sums=sums)

    def backup_to(self, target: Path) -> int:
        """A verified copy in `target` (`timeline.store.maintenance`); its event count."""
        from timeline.store.maintenance import backup_to

        return backup_to(self, target)

    def integrity_problems(self) -> list[str]:
        from timeline.store.maintenance import integrity_problems

        return integrity_problems(self)

    def table_counts(self) -> dict[str, int]:
        from timeline.store.maintenance import table_counts

        return table_counts(self)

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def log(self, limit: int | None = None) -> list[HistoryEntry]:
        from timeline.store import history

        return history.entries(self.conn, limit)

    # -- writing ------------------------------------------------------------------------

    def add(self, event: Event) -> Event:
        """Store a new event (its id is assigned here) and record it."""
        from timeline.store import changes

        return changes.add(self, event)

    def update(self, event: Event) -> Event:
        """Replace the stored event of the same id; `updated_at` moves to now.

        An update that changes nothing is not written and not recorded (the stored event is
        returned as it was).
        """
        from timeline.store import changes

        return changes.update(self, event)

    def update_links(self, event_id: int, field: str, names: Iterable[str], stamp: str) -> None:
        """Set one names field of an event (inside the caller's recorded change)."""
        kind = rows.link_kind(field)
        self.conn.execute(f"DELETE FROM event_{kind}s WHERE event_id = ?", [event_id])
        self._link(kind, event_id, names)
        self.conn.execute("UPDATE events SET updated_at = ? WHERE id = ?", [stamp, event_id])

    def delete(self, ids: Iterable[int]) -> list[Event]:
        """Delete events (all or none: an unknown id deletes nothing) as one recorded change.

        One `undo` brings every event of the call back; the history keeps one snapshot of each.
        """
        from timeline.store import changes

        return changes.delete(self, ids)

    def undo(self) -> HistoryEntry:
        """Revert the latest change not yet undone.

        An import is undone with foreign keys unchecked (set outside the transaction, where it
        applies): `importing.remove_events` removes every dependent row itself, and SQLite
        would otherwise look for each event's dependents one by one. Should another process
        record a change between the look and the transaction, that change is undone the
        ordinary way."""
        from timeline.store import history
        from timeline.store.importing import without_foreign_key_checks

        if history.latest_is_import(self.conn):
            try:
                with without_foreign_key_checks(self.conn), self.write():
                    return history.undo_latest(
                        self.conn, self.clock(), self._restore, only_import=True
                    )
            except history.NotAnImport:
                pass
        with self.write():
            return history.undo_latest(self.conn, self.clock(), self._restore)

    def import_events(
        self,
        events: Iterable[Event],
        label: str,
        claims: Sequence[Mapping[str, Any]] = (),
        old_ids: Sequence[object] = (),
        sources: Sequence[Mapping[str, Any]] = (),
    ) -> int:
        """Add many events in one transaction (`timeline.store.importing`), and the stored
        claims that came with them (`#N` in their anchors renumbered from the file's ids,
        `old_ids` in file order, to the new ones), and the source records (each one whose
        title names no stored source is added; a stored one is kept as it is); returns how
        many events."""
        from timeline.store import changes

        return changes.import_events(self, events, label, claims, old_ids, sources)

    def merge(
        self, incoming: Incoming, *, prefer: str | None = None, dry_run: bool = False
    ) -> MergeReport:
        """Merge another chronology's events, sources, claims and aliases, matched by UUID,
        as one recorded change (`timeline.store.merging`); with `dry_run`, only the report."""
        from timeline.store import merging

        return merging.merge(self, incoming, prefer=prefer, dry_run=dry_run)

    # -- helpers ------------------------------------------------------------------------

    def _stamped(self, event: Event) -> Event:
        """`event` with its timestamps filled in."""
        created = event.created_at or self.clock()
        updated = event.updated_at or created
        if (created, updated) == (event.created_at, event.updated_at):
            return event
        return replace(event, created_at=created, updated_at=updated)

    def _next_id(self) -> int:
        seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        top = self.conn.execute("SELECT max(id) FROM events").fetchone()[0]
        return max(seq[0] if seq else 0, top or 0) + 1

    def _insert(self, event: Event, event_id: int | None) -> Event:
        cur = self.conn.execute(rows.INSERT_EVENT, [event_id, *rows.event_values(event)])
        new_id = int(cur.lastrowid or 0) if event_id is None else event_id
        for field in rows.NAME_KINDS:
            self._link(rows.link_kind(field), new_id, getattr(event, field))
        self.conn.executemany(rows.INSERT_CITATION, rows.citation_values(new_id, event))
        self.conn.executemany(rows.INSERT_ROLE_DATE, rows.role_values(new_id, event))
        return replace(event, id=new_id)

    def _resolved(self, event: Event) -> tuple[Event, list[int]]:
        """The event with each citation's source found by id or title (created when a title
        names none, inside the caller's transaction), its `source` the first one's title; and
        the ids of the sources created."""
        from timeline.store.aliases import actor_names

        if event.actors:
            event = replace(event, actors=actor_names(self, event.actors))
        if not event.citations:
            return event, []
        from timeline.store.sources import resolve  # only for an event that cites a source

        cited, created = [], []
        for citation in event.citations:
            found, new = resolve(self, citation)
            cited.append(found)
            if new and found.source_id is not None:
                created.append(found.source_id)
        return replace(event, citations=tuple(cited), source=cited[0].source), created

    def _import_sources(self, found: Sequence[Mapping[str, Any]]) -> None:
        from timeline.store.sources import by_title, insert

        for values in found:
            known = values.get("uuid") and self.conn.execute(
                "SELECT 1 FROM sources WHERE uuid = ?", [values["uuid"]]
            ).fetchone()  # fmt: skip
            if not known and by_title(self, str(values["title"]), exact=True) is None:
                self._created.append(int(insert(self, values)["id"]))

    def _source_ids(self, cited: Sequence[Sequence[Any]], stamp: str) -> list[tuple[int, str]]:
        """Each imported citation's source id and stored title, in order (`cited` are
        prepared citations, `feed.prepare`): found by id, or by title and created (with
        `stamp`) when the title names none. Each source is looked up once while it is
        remembered: at most `SOURCES_REMEMBERED` are, so that a file citing a million sources
        does not hold them all (one forgotten is found again in the database, where the import
        has already put it)."""
        from timeline.store.sources import get, resolve_titles

        known = self._sources
        if len(known) >= SOURCES_REMEMBERED:
            known.clear()
        wanted: dict[str, tuple[object, object]] = {}
        for c in cited:
            title, source_id = c[0], c[3]
            if source_id is not None:
                if ("#", source_id) not in known:
                    row = get(self, source_id)
                    known[("#", source_id)] = (int(row["id"]), str(row["title"]))
            elif title not in known and title not in wanted:
                wanted[title] = (c[4], c[5])  # url and published, for a source created
        if wanted:
            found, created = resolve_titles(self, wanted, stamp)
            known.update(found)
            self._created.extend(created)
        return [known[c[0] if c[3] is None else ("#", c[3])] for c in cited]

    def _link(self, kind: str, event_id: int, names: Iterable[str]) -> None:
        self.conn.executemany(
            f"INSERT OR IGNORE INTO event_{kind}s (event_id, {kind}_id, position) VALUES (?, ?, ?)",
            [(event_id, self._name_id(kind, n), pos) for pos, n in enumerate(names)],
        )

    def _name_id(self, kind: str, name: str) -> int:
        """The id of a name (created when new); an actor's alias is its actor."""
        key = (kind, name)
        if key not in self._names:
            alias = None
            if kind == "actor":
                alias = self.conn.execute(
                    "SELECT actor_id FROM actor_aliases WHERE alias = ?", [name]
                ).fetchone()
            if alias is not None:
                self._names[key] = int(alias[0])
            else:
                self.conn.execute(f"INSERT OR IGNORE INTO {kind}s (name) VALUES (?)", [name])
                found = self.conn.execute(f"SELECT id FROM {kind}s WHERE name = ?", [name])
                self._names[key] = int(found.fetchone()[0])
        return self._names[key]

    def _restore(self, snapshot: str) -> None:
        event_id, values, names, cited, dated = rows.from_snapshot(snapshot)
        self.conn.execute(rows.INSERT_EVENT, [event_id, *values])
        for field, listed in names.items():
            self._link(rows.link_kind(field), event_id, listed)
        self.conn.executemany(rows.INSERT_CITATION, cited)
        self.conn.executemany(rows.INSERT_ROLE_DATE, dated)


def open_store(
    path: str | os.PathLike[str],
    *,
    create: bool,
    clock: Callable[[], str] | None = None,
    wait: float | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Store:
    """Open (and with `create`, create) the database at `path`, checked and migrated; writes
    wait up to `wait` seconds for another process's write, calling `on_wait` once after 2 s."""
    from timeline.store.opening import connect

    p = _file_path(os.fspath(path))
    wait = DEFAULT_WAIT if wait is None else wait
    conn = connect(p, create=create, wait=wait)
    return Store(conn, p, clock or utc_now, wait=wait, on_wait=on_wait)


def _file_path(path: str) -> str:
    """`path` without trailing separators (`aid.db/` is the file `aid.db`, as pathlib reads it);
    an empty path names no file."""
    if not path:
        raise StorageError("an empty path names no database file")
    return path.rstrip(os.sep + (os.altsep or "")) or path


__all__ = ["SCHEMA_VERSION", "Store", "open_store", "utc_now"]
