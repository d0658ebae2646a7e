"""The store: schema, connection settings, refusal of foreign files, filters, history and undo."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import parse_when
from timeline.errors import NoDatabase, NotFoundError, StorageError
from timeline.migrations import APPLICATION_ID, SCHEMA_VERSION
from timeline.model import Event, Filters
from timeline.store import Store, open_store

TODAY = date(2024, 10, 15)


def make(title: str, when: str, **kw: object) -> Event:
    w = parse_when(when, today=TODAY)
    return Event(
        id=0,
        title=title,
        when=when,
        start=w.start,
        end=w.end,
        ongoing=w.ongoing,
        as_of=w.as_of,
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def store(db_path: Path) -> Store:
    return open_store(db_path, create=True, clock=lambda: "2024-10-15T12:00:00Z")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_schema_ids_and_connection_settings(store: Store) -> None:
    c = store.conn
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 10000
    tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"events", "actors", "tags", "event_actors", "event_tags", "history"} <= tables
    assert "events_fts" in tables
    plan = c.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM events e WHERE e.start_earliest <= '2024-01-01' "
        "ORDER BY start_earliest"
    ).fetchall()
    assert "events_start" in str(plan)


def test_header_is_stamped_on_disk(store: Store, db_path: Path) -> None:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    head = db_path.read_bytes()[:100]
    assert int.from_bytes(head[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(head[60:64], "big") == SCHEMA_VERSION


def _other_app(path: Path) -> None:
    c = sqlite3.connect(path)
    c.execute("PRAGMA application_id = 1234")
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()


def _newer(path: Path) -> None:
    open_store(path, create=True).close()
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.execute("PRAGMA journal_mode = DELETE")
    c.close()


def _unknown_migration(path: Path) -> None:
    open_store(path, create=True).close()
    c = sqlite3.connect(path)
    c.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('timeline', 'm999_future', 'x')"
    )
    c.commit()
    c.execute("PRAGMA journal_mode = DELETE")
    c.close()


def _plain_sqlite(path: Path) -> None:
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda p: p.write_bytes(b"hello, not a database\n" * 10), "not a SQLite database"),
        (_other_app, "another application"),
        (_plain_sqlite, "not a timeline database"),
        (_newer, "newer version of timeline"),
        (_unknown_migration, "newer version of timeline"),
    ],
)
@pytest.mark.parametrize("create", [True, False])
def test_foreign_files_refused_unchanged(
    db_path: Path, setup: object, words: str, create: bool
) -> None:
    setup(db_path)  # type: ignore[operator]
    before = digest(db_path)
    with pytest.raises(StorageError, match=words) as info:
        open_store(db_path, create=create)
    assert info.value.exit_code == 5
    assert digest(db_path) == before
    assert not Path(str(db_path) + "-wal").exists()


def test_missing_file_for_reading(db_path: Path) -> None:
    with pytest.raises(NoDatabase, match="no database at") as info:
        open_store(db_path, create=False)
    assert info.value.path == str(db_path) and "timeline" not in info.value.message
    assert not db_path.exists()


def test_missing_folder_for_writing(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        open_store(tmp_path / "no" / "events.db", create=True)


def test_add_get_roundtrip_every_field(store: Store) -> None:
    e = make(
        "Title \x1b[31m[bold]x", "late 2023", actors=("North Korea", "Russia"),
        tags=("missiles",), category="c", source="s", quote="q\nline", value=46, unit="UAV",
        location="Poltava", notes="n\t",
    )  # fmt: skip
    stored = store.add(e)
    again = store.get(stored.id)
    assert again == stored
    assert again.title == "Title \x1b[31m[bold]x"
    assert again.created_at == "2024-10-15T12:00:00Z"


def test_get_unknown_id(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.get(99)


def test_where_uses_parameters_only(store: Store) -> None:
    sql, params = store.where(
        Filters(
            match={"actors": ("x'); DROP TABLE events; --",), "source": ("50%",)},
            search='"unbalanced',
        )
    )
    assert "DROP" not in sql and "unbalanced" not in sql and "50%" not in sql
    assert any("DROP" in str(p) for p in params)
    assert store.count(Filters(search='"unbalanced')) == 0  # no FTS syntax error


_FIELD_FILTERS = {"actors", "tags", "category", "source"}


def _ids(store: Store, **kw: object) -> list[int]:
    match = {k: kw.pop(k) for k in list(kw) if k in _FIELD_FILTERS}
    return [e.id for e in store.iter_events(Filters(match=match, **kw))]  # type: ignore[arg-type]


def test_filters_and_order(store: Store) -> None:
    a = store.add(make("Iran drones", "August 2022", actors=("Iran",), tags=("drones",)))
    b = store.add(make("Missiles", "late 2023", actors=("North Korea",), category="aid"))
    c = store.add(make("Same start later end", "2023-09-01", tags=("drones",)))
    assert _ids(store) == [a.id, b.id, c.id] or _ids(store) == [a.id, c.id, b.id]
    assert _ids(store)[0] == a.id
    assert _ids(store, reverse=True)[-1] == a.id
    assert _ids(store, limit=1) == [a.id]
    assert _ids(store, actors=("iran", "north korea")) == [a.id, b.id]
    assert _ids(store, actors=("Iran",), tags=("drones",)) == [a.id]
    assert _ids(store, category=("AID",)) == [b.id]
    assert _ids(store, search="drone") == [a.id]
    assert _ids(store, precisions=("day",)) == [c.id]
    w = dict(window_start=date(2023, 12, 1), window_end=date(2024, 1, 31))
    assert _ids(store, **w) == [b.id]
    assert _ids(store, **w, strictly=True) == []
    assert store.count(Filters(window_start=date(2023, 9, 1), window_end=date(2023, 12, 31),
                               strictly=True)) == 2  # fmt: skip


def test_actor_filter_uses_link_index(store: Store) -> None:
    sql, params = store.where(Filters(match={"actors": ("Iran",)}))
    plan = str(store.conn.execute(f"EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE {sql}",
                                  params).fetchall())  # fmt: skip
    assert "event_actors_actor" in plan


def test_undo_delete_restores_everything(store: Store) -> None:
    e = store.add(make("t", "last month", actors=("A", "B"), tags=("x",), value=1.5, notes="n"))
    store.delete([e.id])
    with pytest.raises(NotFoundError):
        store.get(e.id)
    entry = store.undo()
    assert entry.action == "delete"
    assert store.get(e.id) == e


def test_undo_edit_then_add_repeatedly(store: Store) -> None:
    e = store.add(make("first", "2022"))
    from dataclasses import replace

    store.update(replace(e, title="second", actors=("Z",)))
    assert store.get(e.id).title == "second"
    assert store.undo().action == "edit"
    assert store.get(e.id) == e
    assert store.undo().action == "add"
    assert store.count() == 0
    with pytest.raises(NotFoundError, match="nothing to undo"):
        store.undo()
    assert [h.undone_at is not None for h in store.log()] == [True, True]


def test_delete_is_all_or_nothing(store: Store) -> None:
    e = store.add(make("keep", "2022"))
    with pytest.raises(NotFoundError):
        store.delete([e.id, 999])
    assert store.get(e.id) == e


def test_import_and_undo_import(store: Store) -> None:
    store.add(make("before", "2021"))
    n = store.import_events((make(f"e{i}", "2022", tags=("t",)) for i in range(2500)), "f")
    assert n == 2500 and store.count() == 2501
    assert store.name_counts("tags") == [("t", 2500)]
    assert store.undo().action == "import"
    assert store.count() == 1
    assert store.conn.execute("SELECT count(*) FROM event_tags").fetchone()[0] == 0


def test_import_failure_rolls_back(store: Store) -> None:
    def events() -> object:
        yield make("ok", "2022")
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        store.import_events(events(), "f")  # type: ignore[arg-type]
    assert store.count() == 0 and store.log() == []


def test_everyday_open_does_not_import_sqlite_utils(store: Store, db_path: Path) -> None:
    code = (
        "import sys; from timeline.store import open_store; "
        f"s = open_store({str(db_path)!r}, create=False); s.count(); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
