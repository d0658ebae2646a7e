"""Many new events into the store at once, the body of `Store.import_events`, and out again
when the import is undone (`remove_events`, `remove_source_runs`).

Decisions encoded here:
- The caller holds one BEGIN IMMEDIATE transaction around everything below, so an import is all
  or nothing: a bad row, a full disk or a kill -9 anywhere (bulk mode included) leaves the
  database as it was.
- Ids are assigned in file order from the next free id; every event without timestamps takes
  the one timestamp of the import. Rows go in with `executemany` in the batches
  `timeline.store.feed` prepares straight from the events, never through a copy of each event;
  after `FORK_AFTER` rows the rest of the file is read by a second process (`feed.forked`).
- Actor and tag names, and the sources cited, are resolved to ids through a dict for the
  import, so each distinct name or source costs one lookup. The sources a batch cites for the
  first time are looked up in one query, and the titles that name none are created in one
  statement (with the import's timestamp); the import's history entry lists them.
- Foreign keys are not checked during an import: its link rows name only the events it has
  just inserted and the names it has just looked up, so they hold by construction, and the
  checks cost about 1.2 s per million events.
- Bulk mode: once `BULK_AFTER` rows have gone in and the rows read so far are at least
  1/`BULK_SHARE` of the events already stored, the secondary indexes of the events and link
  tables and the triggers that keep the full-text index in step are dropped, the rest is
  inserted, and then exactly those indexes and triggers are recreated from the SQL read from
  `sqlite_master` before dropping (so the migrations stay the single source of the schema),
  with SQLite's sorter allowed `SORT_THREADS` helper threads (0.7 s less at a million events).
  While the triggers are away, each batch fills the full-text index for its own id range right
  after it is inserted (one `INSERT … SELECT`), which the writer does while the reader process
  prepares the next batch. An import that is small beside its table keeps every index live:
  rebuilding them would cost more.
- The sources an import creates are judged the same way, against the sources already stored:
  once enough have been created, the secondary indexes of `sources` are dropped too and rebuilt
  at the end, except `SOURCE_LOOKUP_INDEX`, which every batch's lookup by exact title needs
  (100,000 rows that each cite a new source: 6.6 s → 5.9 s). From then on (for an import, not
  a merge) a citation by title is not resolved batch by batch: it waits in a temporary table
  (`PENDING`), and at the end set-based statements find each title's oldest source, create the
  titles that name none (in the order they first appear, each with its first citation's url
  and day, as batch by batch) with the title lookup's index dropped and rebuilt, and write the
  citations. A million rows that each cite a new source: the sources and citations 23.8 s →
  13.9 s. A citation by id is still resolved with its batch; one that names a source this
  import made first resolves everything waiting, so that source exists.
- Undoing an import takes its events out by id range: first the rows that belong to them in
  every table whose foreign key names `events` (read from the schema), then the events, with
  foreign keys unchecked (`Store.undo` turns them off when the change to undo is an import), so
  SQLite does not look for each event's dependents one by one. When the range is a large share
  of the table (the import's own `bulk_worth_it` rule), the same secondary indexes and
  full-text triggers are dropped and rebuilt as for a bulk import, and the full-text index is
  cleared for the range in one statement, or rebuilt when fewer events remain than go. The
  sources the import created go the same way (a million-event import: 101.5 s → 9.1 s).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from timeline.errors import UsageError
from timeline.migrations import UUID_SQL
from timeline.model import Event
from timeline.store import feed, rows

BULK_AFTER = 4_000
BULK_SHARE = 4
FORK_AFTER = 4_000
SORT_THREADS = 2  # helper threads for SQLite's sorter while the indexes are rebuilt
FTS_TABLE = "events_fts"  # sqlite-utils' name for the full-text table of `events` (m002)
LINKED = ("events", *(f"event_{rows.link_kind(n)}s" for n in rows.NAME_KINDS), "citations",
          "event_dates")  # fmt: skip
SOURCE_LOOKUP_INDEX = "sources_title"  # on sources (title): `sources.resolve_titles` reads it
PENDING = "timeline_pending_citations"  # a temporary table: citations by title waiting
_SOURCE_AT = 1 + rows.COLUMNS.index("source")  # the `source` copy in an INSERT_EVENT row
_UUID_AT = 1 + rows.COLUMNS.index("uuid")


def _duplicate(conn: sqlite3.Connection, given: list[Any] | None) -> UsageError:
    """The error for an import that brings a UUID twice, or one already stored: it names one."""
    found = None
    if given is not None:
        marks = ", ".join("?" * len(given))
        row = conn.execute(
            f"SELECT uuid FROM events WHERE uuid IN ({marks}) LIMIT 1", [g for g in given]
        ).fetchone()
        found = row[0] if row else None
    if found is None:
        row = conn.execute(
            "SELECT uuid FROM events GROUP BY uuid HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        found = row[0] if row else "?"
    return UsageError(
        f"event uuid {found} is in the file twice or already in this database; "
        "`timeline merge FILE` combines files that share events"
    )


NameId = Callable[[str, str], int]
SourceIds = Callable[[Sequence[Sequence[Any]], str], list[tuple[int, str]]]
Created = Callable[[range], None]
Ddl = list[tuple[str, str, str]]


def insert_all(
    conn: sqlite3.Connection,
    events: Iterable[Event],
    first_id: int,
    stamp: str,
    name_id: NameId,
    source_ids: SourceIds,
    created: Created | None = None,
) -> int:
    """Insert `events` with ids from `first_id`; returns how many. Needs an open transaction.

    `created` is told the ids of the sources made at the end; without it (a merge) every
    citation is resolved with its batch."""
    it = iter(events)
    writer = _Writer(conn, first_id, stamp, name_id, source_ids, created)
    for prepared in feed.batches(it, first_id, stamp):
        writer.write(prepared)
        if writer.count >= FORK_AFTER:
            break
    else:
        return writer.finish()
    rest_from = first_id + writer.count
    rest = (
        feed.forked(it, rest_from, stamp) if feed.can_fork() else feed.batches(it, rest_from, stamp)
    )
    try:
        for prepared in rest:
            writer.write(prepared)
    finally:
        rest.close()  # a failed write stops the reader process now, not when collected
    return writer.finish()


@contextmanager
def without_foreign_key_checks(conn: sqlite3.Connection) -> Iterator[None]:
    """Foreign keys unchecked for the import (set outside its transaction, where it applies)."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def bulk_worth_it(read: int, stored: int) -> bool:
    """Whether the rows read so far make rebuilding the indexes cheaper than keeping them live.

    `stored` is the highest id before the import: at least the number of stored events.
    """
    return read >= BULK_AFTER and read * BULK_SHARE >= stored


class _Writer:
    """Writes prepared batches; switches to bulk mode once it pays, and back at the end."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        first_id: int,
        stamp: str,
        name_id: NameId,
        source_ids: SourceIds,
        created: Created | None = None,
    ) -> None:
        self.conn = conn
        self.first_id = first_id
        self.stamp = stamp
        self.name_id = name_id
        self.source_ids = source_ids
        self.created = created
        self.pending = False  # citations by title wait in `PENDING` until `finish`
        self.count = 0
        self.dropped: Ddl | None = None
        self.sources_top = _top(conn, "sources")  # the highest source id before the import
        self.sources_dropped: Ddl | None = None
        self.fill_fts: str | None = None  # set while the full-text triggers are away
        self.ids: dict[str, dict[str, int]] = {rows.link_kind(n): {} for n in rows.NAME_KINDS}

    def write(self, prepared: feed.Prepared) -> None:
        values, names, cited, dated = prepared
        if not values:
            return
        first = values[0][0]
        if self.pending and any(
            c[3] is not None and c[3] > self.sources_top for each in cited for c in each
        ):  # an id of a source this import made, which may still be waiting: make them now
            self._resolve_pending()
            self._start_pending()
        citations = self._citations(values, cited)
        if self.pending:
            waiting = [(values[i][0], position, c[0], c[4], c[5], c[1], c[2], c[6], c[7])
                       for i, each in enumerate(cited) for position, c in enumerate(each)
                       if c[3] is None]  # fmt: skip
            for i, each in enumerate(cited):  # the `source` copy: the first title, as stored
                if each and each[0][3] is None and values[i][_SOURCE_AT] != each[0][0]:
                    row = values[i]
                    values[i] = (*row[:_SOURCE_AT], each[0][0], *row[_SOURCE_AT + 1 :])
            if waiting:
                self.conn.executemany(
                    f"INSERT INTO temp.{PENDING} (event_id, position, title, url, published, "
                    "quote, source_when, when_earliest, when_latest) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    waiting,
                )
        try:
            self.conn.executemany(rows.INSERT_EVENT, values)
        except sqlite3.IntegrityError:
            raise _duplicate(self.conn, [v[_UUID_AT] for v in values]) from None
        for field, listed in zip(rows.NAME_KINDS, names, strict=True):
            self._links(rows.link_kind(field), first, listed)
        if citations:
            self.conn.executemany(rows.INSERT_CITATION, citations)
            if self.sources_dropped is None:
                created = _top(self.conn, "sources") - self.sources_top
                if bulk_worth_it(created, self.sources_top):
                    self.sources_dropped = _drop_secondary(
                        self.conn, ("sources",), keep=(SOURCE_LOOKUP_INDEX,)
                    )
                    if self.created is not None:
                        self._start_pending()
        if dated:
            self.conn.executemany(rows.INSERT_ROLE_DATE, dated)
        if self.fill_fts:
            self.conn.execute(self.fill_fts, [first, values[-1][0]])
        self.count += len(values)
        if self.dropped is None and bulk_worth_it(self.count, self.first_id - 1):
            self.dropped = _drop_secondary(self.conn)
            if any(kind == "trigger" for kind, _, _ in self.dropped):
                self.fill_fts = _fill_fts_sql(self.conn)

    def _citations(
        self, values: list[tuple[Any, ...]], cited: list[feed.Cited]
    ) -> list[tuple[Any, ...]]:
        """The `citations` rows of a batch, each source found or created (all of the batch's
        at once); an event's `source` copy (in `values`) takes its first source's title as
        stored."""
        flat = [c for each in cited for c in each if not self.pending or c[3] is not None]
        if not flat:
            return []
        resolved = iter(self.source_ids(flat, self.stamp))
        found = []
        for i, each in enumerate(cited):
            for position, c in enumerate(each):
                if self.pending and c[3] is None:
                    continue  # by title: resolved at the end (`_resolve_pending`)
                source_id, title = next(resolved)
                found.append((values[i][0], position, source_id, c[1], c[2], c[6], c[7]))
                if position == 0 and values[i][_SOURCE_AT] != title:
                    row = values[i]
                    values[i] = (*row[:_SOURCE_AT], title, *row[_SOURCE_AT + 1 :])
        return found

    def _links(self, kind: str, first: int, names: list[feed.Names]) -> None:
        """Link event `first + i` to each of `names[i]`, in order."""
        known = self.ids[kind]
        for each in names:
            for name in each:
                if name not in known:
                    known[name] = self.name_id(kind, name)
        links = [
            (first + i, known[name], pos)
            for i, each in enumerate(names)
            for pos, name in enumerate(each)
        ]
        if links:
            self.conn.executemany(
                f"INSERT OR IGNORE INTO event_{kind}s (event_id, {kind}_id, position) "
                "VALUES (?, ?, ?)",
                links,
            )

    def finish(self) -> int:
        """Put back what bulk mode took away; the number of events written."""
        if self.pending:
            self._resolve_pending()
        _recreate(self.conn, self.sources_dropped or [])  # new sources have new UUIDs
        try:
            _recreate(self.conn, self.dropped or [])
        except sqlite3.IntegrityError:  # the unique index of events' uuids failed
            raise _duplicate(self.conn, None) from None
        return self.count

    def _start_pending(self) -> None:
        """From the next batch on, citations by title wait in `PENDING`."""
        self.conn.execute(
            f"CREATE TEMP TABLE {PENDING} (seq INTEGER PRIMARY KEY, event_id, position, title, "
            "url, published, quote, source_when, when_earliest, when_latest)"
        )
        self.pending = True

    def _resolve_pending(self) -> None:
        """The citations waiting in `PENDING`, their sources found or created, as batch by
        batch: a title's oldest source; a title that names none created once, in the order
        titles first appear, with its first citation's url and day."""
        conn, new = self.conn, "timeline_new_titles"
        conn.execute(
            f"CREATE TEMP TABLE {new} AS SELECT title, url, published, min(seq) AS first "
            f"FROM temp.{PENDING} GROUP BY title"
        )  # with min(), the bare columns are those of the title's first citation
        conn.execute(
            f"DELETE FROM temp.{new} WHERE EXISTS "
            f"(SELECT 1 FROM sources s WHERE s.title = {new}.title)"
        )
        count = int(conn.execute(f"SELECT count(*) FROM temp.{new}").fetchone()[0])
        if count:
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'sources'")
            top = max(int((seq.fetchone() or (0,))[0]), _top(conn, "sources"))
            lookup = _drop_secondary(conn, ("sources",), keep=())  # all that is left: the lookup
            conn.execute(
                "INSERT INTO sources (id, title, url, published, created_at, updated_at, uuid) "
                f"SELECT ? + row_number() OVER (ORDER BY first), title, url, published, ?, ?, "
                f"{UUID_SQL} FROM temp.{new} ORDER BY first",
                [top, self.stamp, self.stamp],
            )
            _recreate(conn, lookup)
            if self.created is not None:
                self.created(range(top + 1, top + 1 + count))
        conn.execute(
            "INSERT INTO citations (event_id, position, source_id, quote, source_when, "
            "when_earliest, when_latest) SELECT p.event_id, p.position, "
            "(SELECT min(s.id) FROM sources s WHERE s.title = p.title), p.quote, "
            f"p.source_when, p.when_earliest, p.when_latest FROM temp.{PENDING} p ORDER BY p.seq"
        )
        conn.execute(f"DROP TABLE temp.{new}")
        conn.execute(f"DROP TABLE temp.{PENDING}")
        self.pending = False


def _recreate(conn: sqlite3.Connection, ddl: Ddl) -> None:
    """Run the SQL that `_drop_secondary` returned, SQLite's sorter given helper threads."""
    if not ddl:
        return
    before = int(conn.execute("PRAGMA threads").fetchone()[0])
    conn.execute(f"PRAGMA threads = {SORT_THREADS}")
    try:
        for _, _, sql in ddl:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA threads = {before}")


def _top(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])


def _dependents(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that names `events`, as the schema declares it."""
    found = conn.execute(
        'SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f '
        "WHERE m.type = 'table' AND f.\"table\" = 'events' ORDER BY m.name"
    ).fetchall()
    return [(str(table), str(column)) for table, column in found]


def remove_events(conn: sqlite3.Connection, first: int, last: int) -> None:
    """Remove events `first`…`last` and every row that belongs to them (the undo of an
    import); in bulk mode when the range is a large share of the table. Needs an open
    transaction; correct whether foreign keys are checked or not, faster when not."""
    stored = _top(conn, "events")
    count = max(0, min(last, stored) - first + 1)
    if not count:
        return
    dropped = _drop_secondary(conn) if bulk_worth_it(count, stored) else []
    rebuild = False
    if any(kind == "trigger" for kind, _, _ in dropped):
        rebuild = stored - count < count  # fewer events stay than go: index those anew
        if not rebuild:
            columns = ", ".join(
                f'"{r[1]}"' for r in conn.execute(f'PRAGMA table_info("{FTS_TABLE}")')
            )
            conn.execute(
                f'INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}", rowid, {columns}) '
                f"SELECT 'delete', id, {columns} FROM events WHERE id BETWEEN ? AND ?",
                [first, last],
            )
    for table, column in _dependents(conn):
        conn.execute(f'DELETE FROM "{table}" WHERE "{column}" BETWEEN ? AND ?', [first, last])
    conn.execute("DELETE FROM events WHERE id BETWEEN ? AND ?", [first, last])
    if rebuild:
        conn.execute(f'INSERT INTO "{FTS_TABLE}" ("{FTS_TABLE}") VALUES (\'rebuild\')')
    _recreate(conn, dropped)


def remove_source_runs(conn: sqlite3.Connection, runs: Sequence[Sequence[int]]) -> None:
    """Remove the sources of `runs` (`[first, last]` each: those an import created) that
    nothing cites any more; with the sources' secondary indexes dropped and rebuilt when they
    are a large share of the table."""
    count = sum(last - first + 1 for first, last in runs)
    if not count:
        return
    big = bulk_worth_it(count, _top(conn, "sources"))
    dropped = _drop_secondary(conn, ("sources",)) if big else []
    conn.executemany(
        "DELETE FROM sources WHERE id BETWEEN ? AND ? AND NOT EXISTS "
        "(SELECT 1 FROM citations WHERE source_id = sources.id)",
        [(first, last) for first, last in runs],
    )
    _recreate(conn, dropped)


def _drop_secondary(
    conn: sqlite3.Connection, tables: Sequence[str] = LINKED, keep: Sequence[str] = ()
) -> Ddl:
    """Drop the secondary indexes of `tables` (the event tables) but those named in `keep`,
    and the full-text triggers; their SQL."""
    marks = ", ".join("?" * len(tables))
    found = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY rowid",
        list(tables),
    ).fetchall()
    ddl: Ddl = [
        (kind, name, sql)
        for kind, name, sql in found
        if (kind == "index" and name not in keep) or (kind == "trigger" and FTS_TABLE in sql)
    ]
    for kind, name, _ in ddl:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    return ddl


def _fill_fts_sql(conn: sqlite3.Connection) -> str:
    """The statement that indexes events `?`…`?` for full-text search, as the trigger would."""
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{FTS_TABLE}")')]
    listed = ", ".join(f'"{c}"' for c in columns)
    return (
        f'INSERT INTO "{FTS_TABLE}" (rowid, {listed}) '
        f"SELECT id, {listed} FROM events WHERE id BETWEEN ? AND ?"
    )


_REF = re.compile(r"#(\d+)")


def insert_claims(
    conn: sqlite3.Connection, claims: Iterable[Mapping[str, object]], renumber: Mapping[str, int]
) -> list[int]:
    """Insert imported stored claims (new ids), their `#N` anchors renumbered; their ids."""
    from timeline.store.sources import new_uuid

    ids = []
    for claim in claims:
        row = {k: v for k, v in claim.items() if k != "id"}
        row["uuid"] = row.get("uuid") or new_uuid()
        if conn.execute("SELECT 1 FROM claims WHERE uuid = ?", [row["uuid"]]).fetchone():
            raise UsageError(
                f"claim uuid {row['uuid']} is already in this database; `timeline merge FILE` "
                "combines files that share records"
            )
        ids.append(add_claim_row(conn, renumbered(row, renumber)))
    return ids


def add_claim_row(conn: sqlite3.Connection, row: Mapping[str, object]) -> int:
    """Insert one stored claim's row (its columns by name); its new id."""
    cols = ", ".join(row)
    cur = conn.execute(
        f"INSERT INTO claims ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    return int(cur.lastrowid or 0)


def renumbered(row: dict[str, object], renumber: Mapping[str, int]) -> dict[str, object]:
    """A claim row with the `#N` of its anchors (`a`, `b`, `within`) renumbered."""
    for key in ("a", "b", "within"):
        value = row.get(key)
        if isinstance(value, str):
            row[key] = _REF.sub(lambda m: f"#{renumber.get(m[1], m[1])}", value)
    return row
