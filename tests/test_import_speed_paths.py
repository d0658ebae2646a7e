"""The fast paths of `import` give the same database as the plain path, and fail the same way.

Bulk mode (indexes and full-text triggers dropped, then rebuilt), the forked reader, the date
cache and the cheap CSV guard check are exercised at small sizes by lowering their thresholds.
No timing is asserted here: `bench/run.py --only import` measures speed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.errors import StorageError, UsageError
from timeline.io import csv_reader, records
from timeline.io.records import Context, build_event, names
from timeline.model import Citation, Event
from timeline.store import Store, core, feed, importing, open_store, sources

CTX = Context(today=date(2024, 10, 15))
STAMP = "2024-10-15T12:00:00Z"


def _bin() -> str:
    return shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))


def event(i: int, **fields: str) -> Event:
    base = {"title": f"Event {i} alpha{i}", "when": f"{2000 + i % 20}-{i % 12 + 1:02d}"}
    base |= {"actors": f"A{i % 7};B", "tags": f"t{i % 3}"}
    return build_event({**base, **fields}, CTX)


@pytest.fixture
def small_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk mode and the forked reader after 50 rows, in batches of 20."""
    monkeypatch.setattr(importing, "BULK_AFTER", 50)
    monkeypatch.setattr(importing, "FORK_AFTER", 50)
    monkeypatch.setattr(feed, "BATCH", 20)


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(db_path, create=True, clock=lambda: STAMP)
    yield s
    s.close()


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()


def content(conn: sqlite3.Connection) -> list[object]:
    return [
        [r[:-1] for r in conn.execute("SELECT * FROM events ORDER BY id")],  # uuid (last) aside
        conn.execute("SELECT * FROM event_actors ORDER BY event_id, actor_id").fetchall(),
        conn.execute("SELECT * FROM event_tags ORDER BY event_id, tag_id").fetchall(),
        conn.execute("SELECT * FROM actors ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM tags ORDER BY id").fetchall(),
    ]


def test_bulk_import_equals_plain_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_thresholds: None
) -> None:
    plain = open_store(tmp_path / "plain.db", create=True, clock=lambda: STAMP)
    fast = open_store(tmp_path / "fast.db", create=True, clock=lambda: STAMP)
    before = schema(fast.conn)
    dropped: list[int] = []
    real_drop = importing._drop_secondary

    def spy(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> importing.Ddl:
        ddl = real_drop(conn, *args, **kwargs)
        dropped.append(len(ddl))
        return ddl

    monkeypatch.setattr(importing, "_drop_secondary", spy)
    assert fast.import_events((event(i) for i in range(300)), "f") == 300
    assert dropped and dropped[0] >= 8  # indexes of events and links, and the FTS triggers
    monkeypatch.setattr(importing, "BULK_AFTER", 10**9)
    assert plain.import_events((event(i) for i in range(300)), "f") == 300
    assert schema(fast.conn) == before
    assert content(fast.conn) == content(plain.conn)
    assert fast.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert fast.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fast.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert fast.conn.execute("PRAGMA threads").fetchone()[0] == 0  # set back after the rebuild
    fast.conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    for i in (3, 60, 299):  # before the switch, at it, after it
        hits = fast.conn.execute(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH ?", [f"alpha{i}"]
        ).fetchall()
        assert hits == [(i + 1,)]


def test_bulk_mode_left_out_when_the_table_is_much_larger(
    store: Store, monkeypatch: pytest.MonkeyPatch, small_thresholds: None
) -> None:
    store.import_events((event(i) for i in range(1000)), "big")
    calls: list[object] = []

    def spy(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> importing.Ddl:
        calls.append(conn)
        return []

    monkeypatch.setattr(importing, "_drop_secondary", spy)
    store.import_events((event(i) for i in range(100)), "small")
    assert calls == []
    assert importing.bulk_worth_it(250, 1000) and not importing.bulk_worth_it(249, 1000)
    assert not importing.bulk_worth_it(49, 0)


def test_forked_reader_is_used_and_ids_follow_file_order(
    store: Store, monkeypatch: pytest.MonkeyPatch, small_thresholds: None
) -> None:
    forks: list[int] = []
    real = feed.forked

    def spy(events: Iterator[Event], first: int, stamp: str) -> feed.Batches:
        forks.append(first)
        return real(events, first, stamp)

    monkeypatch.setattr(feed, "forked", spy)
    store.import_events((event(i, title=f"n{i}") for i in range(130)), "f")
    assert forks == [61]  # after the first 60 rows (three batches of 20)
    got = store.conn.execute("SELECT id, title, created_at FROM events ORDER BY id").fetchall()
    assert got == [(i + 1, f"n{i}", STAMP) for i in range(130)]
    assert store.name_counts("actors")[0] == ("B", 130)


def _failing(n: int, bad_at: int, exc: BaseException) -> Iterator[Event]:
    for i in range(n):
        if i == bad_at:
            raise exc
        yield event(i)


@pytest.mark.parametrize("bad_at", [10, 55, 120])
def test_error_anywhere_leaves_the_database_as_it_was(
    store: Store, small_thresholds: None, bad_at: int
) -> None:
    store.import_events((event(i) for i in range(5)), "seed")
    before_schema, before = schema(store.conn), content(store.conn)
    err = UsageError("in.csv: row 9, column 'when': nonsense")
    err.exit_code = 2
    with pytest.raises(UsageError) as caught:
        store.import_events(_failing(200, bad_at, err), "in.csv")
    assert caught.value.message == err.message and caught.value.exit_code == 2
    assert schema(store.conn) == before_schema
    assert content(store.conn) == before
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.import_events((event(i) for i in range(3)), "again") == 3  # still usable


def test_a_bug_in_the_forked_reader_is_reported_not_hidden(
    store: Store, small_thresholds: None
) -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        store.import_events(_failing(200, 120, ZeroDivisionError("x")), "f")
    assert store.count() == 0


def test_a_failed_write_stops_the_reader_process(
    store: Store, monkeypatch: pytest.MonkeyPatch, small_thresholds: None
) -> None:
    real = importing._Writer.write
    calls: list[int] = []

    def failing(self: importing._Writer, prepared: feed.Prepared) -> None:
        calls.append(1)
        if len(calls) == 5:  # after the fork (the first three batches are read here)
            raise StorageError("cannot write: disk full")
        real(self, prepared)

    monkeypatch.setattr(importing._Writer, "write", failing)
    with pytest.raises(StorageError):
        store.import_events((event(i) for i in range(20_000)), "f")
    with pytest.raises(ChildProcessError):  # the reader was killed and waited for
        os.waitpid(-1, os.WNOHANG)
    assert store.count() == 0


def test_timestamps_filled_once_and_kept_when_given(store: Store) -> None:
    given_both = event(1, created_at="2020-01-01T00:00:00Z", updated_at="2021-01-01T00:00:00Z")
    created_only = event(2, created_at="2020-05-05T00:00:00Z")
    store.import_events([given_both, created_only, event(3)], "f")
    got = store.conn.execute("SELECT created_at, updated_at FROM events ORDER BY id").fetchall()
    assert got == [
        ("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
        ("2020-05-05T00:00:00Z", "2020-05-05T00:00:00Z"),
        (STAMP, STAMP),
    ]


def test_date_cache_keys_on_reference_day_and_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "CACHE_SIZE", 3)
    records._RESOLVED.clear()
    for day in (date(2024, 10, 15), date(2023, 3, 1), date(2024, 10, 15)):
        start = records.resolve("last month", None, day, CTX)[0]
        assert start.earliest == date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)
    dmy = Context(today=CTX.today, date_order="DMY")
    mdy = Context(today=CTX.today, date_order="MDY")
    assert records.resolve("03/09/2024", None, None, dmy)[0].earliest == date(2024, 9, 3)
    assert records.resolve("03/09/2024", None, None, mdy)[0].earliest == date(2024, 3, 9)
    for year in range(2000, 2010):
        assert records.resolve(str(year), None, None, CTX)[0].earliest == date(year, 1, 1)
    assert len(records._RESOLVED) <= 3


def test_date_errors_are_not_cached() -> None:
    for _ in range(2):
        with pytest.raises(records.RecordError, match="when"):
            records.resolve("Smarch 2023", None, None, CTX)


def test_csv_guard_undone_in_any_column_and_only_there(tmp_path: Path) -> None:
    rows = [
        "title,when,notes,source",
        "'=SUM(A1),2022,'+1,'plain",
        "plain,2022,it's,x'y",
    ]
    got = [f for _, f in csv_reader.read([(r + "\n").encode() for r in rows], "in.csv")]
    assert got[0] == {"title": "=SUM(A1)", "when": "2022", "notes": "+1", "source": "'plain"}
    assert got[1] == {"title": "plain", "when": "2022", "notes": "it's", "source": "x'y"}


@settings(max_examples=200)
@given(st.lists(st.text(alphabet=" ab;\t", max_size=4), max_size=5))
def test_names_from_text_and_list_agree(parts: list[str]) -> None:
    expected: list[str] = []
    for part in ";".join(parts).split(";"):
        if part.strip() and part.strip() not in expected:
            expected.append(part.strip())
    assert names(";".join(parts), "actors") == tuple(expected)
    assert names(";".join(parts).split(";"), "actors") == tuple(expected)


def _csv(path: Path, n: int, bad_row: int | None = None) -> Path:
    with path.open("w") as f:
        f.write("title,when,actors,tags,notes\n")
        for i in range(1, n + 1):
            when = "Smarch 2023" if i == bad_row else f"{2000 + i % 25}-{i % 12 + 1:02d}"
            f.write(f"Event {i} beta{i},{when},A{i % 50};B,t{i % 9},n {i}\n")
    return path


def test_cli_runner_import_through_the_fast_paths(
    env: dict[str, str], tmp_path: Path, small_thresholds: None
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(_csv(tmp_path / "a.csv", 400))])
    assert result.exit_code == 0, result.output
    assert "imported 400 events" in result.output
    found = runner.invoke(app, ["list", "--search", "beta333", "--json"])
    assert '"Event 333 beta333"' in found.output
    bad = runner.invoke(app, ["import", str(_csv(tmp_path / "b.csv", 400, bad_row=350))])
    assert bad.exit_code == 2
    assert "row 350 (line 351), column 'when'" in bad.output
    count = runner.invoke(app, ["list", "--json"])
    assert count.output.count('"title"') == 400


@pytest.mark.slow
def test_subprocess_large_import_bad_row_near_the_end(env: dict[str, str], tmp_path: Path) -> None:
    """Real thresholds: 30,000 rows go through bulk mode and the forked reader."""
    assert importing.BULK_AFTER < 30_000 and importing.FORK_AFTER < 30_000
    good = subprocess.run(
        [_bin(), "import", str(_csv(tmp_path / "good.csv", 30_000))],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
    )
    assert good.returncode == 0, good.stderr
    assert "imported 30000 events" in good.stdout
    db = Path(env["TIMELINE_DB"])
    before = db.read_bytes() if not Path(f"{db}-wal").exists() else None
    conn = sqlite3.connect(db)
    state = content(conn), schema(conn)
    conn.close()
    bad = subprocess.run(
        [_bin(), "import", str(_csv(tmp_path / "bad.csv", 30_000, bad_row=29_990))],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "row 29990 (line 29991), column 'when'" in bad.stderr
    conn = sqlite3.connect(db)
    assert (content(conn), schema(conn)) == state
    hits = conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH 'beta29999'")
    assert hits.fetchall() == [(29_999,)]
    conn.close()
    if before is not None:
        assert db.read_bytes() == before


TITLES = ("Reuters", "reuters", "AP", "Tass ", "Kyiv Independent")
CITED = st.one_of(
    st.builds(
        lambda title, url, day: Citation(title, url=url, published=day),
        st.sampled_from(TITLES),
        st.sampled_from([None, "https://a.example", "https://b.example"]),
        st.sampled_from([None, date(2024, 10, 1), date(2023, 1, 2)]),
    ),
    st.builds(lambda i: Citation(f"#{i}", source_id=i), st.sampled_from([1, 2])),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(CITED, min_size=0, max_size=3), min_size=1, max_size=70))
def test_sources_found_in_batches_as_one_by_one(tmp_path_factory: pytest.TempPathFactory,
                                                cited: list[list[Citation]]) -> None:  # fmt: skip
    """An import finds and creates a batch's sources at once; the sources and citations it
    stores are those of adding its events one by one: a title matched exactly (case and
    spaces kept, the oldest source of a title wins), created once with its first citation's
    url and day, an id kept, across batches, the forked reader and sources forgotten."""
    _batched_as_one_by_one(tmp_path_factory, cited, bulk_after=importing.BULK_AFTER)


TITLED = st.builds(
    lambda n, url, day: Citation(f"T{n}" if n % 3 else TITLES[n % len(TITLES)], url=url,
                                 published=day),
    st.integers(0, 40), st.sampled_from([None, "https://a.example", "https://b.example"]),
    st.sampled_from([None, date(2024, 10, 1), date(2023, 1, 2)]),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(TITLED, TITLED, CITED), min_size=0, max_size=3), min_size=30,
                max_size=70))  # fmt: skip
def test_sources_resolved_at_the_end_as_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, cited: list[list[Citation]]
) -> None:
    """Past the bulk threshold of new sources, citations by title wait and are resolved at the
    end: still the sources, citations and `source` copies of adding the events one by one."""
    _batched_as_one_by_one(tmp_path_factory, cited, bulk_after=2)


def _batched_as_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, cited: list[list[Citation]], bulk_after: int
) -> None:
    here = tmp_path_factory.mktemp("batched")
    stores = []
    for name in ("one.db", "batch.db"):
        s = open_store(here / name, create=True, clock=lambda: STAMP)
        with s.write():
            for title in ("Reuters", "AP", "Reuters"):  # two of one title: #1 is the oldest
                sources.insert(s, {"title": title, "url": "https://stored.example"})
        stores.append(s)
    one, batch = stores
    events = [
        replace(event(i), citations=tuple(c), source=c[0].source if c else None)
        for i, c in enumerate(cited)
    ]
    for e in events:
        one.add(e)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importing, "FORK_AFTER", 20)
        mp.setattr(importing, "BULK_AFTER", bulk_after)
        mp.setattr(feed, "BATCH", 8)
        mp.setattr(core, "SOURCES_REMEMBERED", 3)  # forgotten sources are found again
        assert batch.import_events(iter(events), "f") == len(events)
    assert (
        batch.conn.execute(
            "SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'timeline_%'"
        ).fetchone()[0]
        == 0
    )  # no waiting table is left behind

    def stored(s: Store) -> list[object]:
        return [
            s.conn.execute("SELECT id, title, url, published FROM sources ORDER BY id").fetchall(),
            s.conn.execute("SELECT * FROM citations ORDER BY event_id, position").fetchall(),
            s.conn.execute("SELECT id, source FROM events ORDER BY id").fetchall(),
        ]

    assert stored(batch) == stored(one)
    made = batch.conn.execute("SELECT count(*) FROM sources").fetchone()[0] - 3
    entry = batch.log(1)[0]
    assert (f"({made} new sources)" in entry.summary) == (made > 0)
    batch.undo()
    assert batch.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 3
    for s in stores:
        s.close()


def test_many_new_sources_go_in_with_their_indexes_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_thresholds: None
) -> None:
    """Past the bulk threshold of new sources, the indexes of `sources` but the title lookup's
    are dropped and rebuilt: the same sources and citations as with every index live."""

    def cited(i: int) -> Event:
        title = f"Source {i // 2}" if i % 5 else "Shared"
        return replace(event(i), citations=(Citation(title, quote=f"q{i}"),), source=title)

    plain = open_store(tmp_path / "plain.db", create=True, clock=lambda: STAMP)
    fast = open_store(tmp_path / "fast.db", create=True, clock=lambda: STAMP)
    before = schema(fast.conn)
    dropped: list[list[str]] = []
    lookups: list[bool] = []
    real_drop, real_ids = importing._drop_secondary, fast._source_ids

    def spy(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> importing.Ddl:
        ddl = real_drop(conn, *args, **kwargs)
        dropped.append(sorted(name for _, name, _ in ddl))
        return ddl

    def ids(given: Any, stamp: str) -> list[tuple[int, str]]:
        kept = fast.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", [importing.SOURCE_LOOKUP_INDEX]
        )
        lookups.append(kept.fetchone() is not None)
        return real_ids(given, stamp)

    resolved: list[int] = []
    real_resolve = importing._Writer._resolve_pending

    def resolve(writer: importing._Writer) -> None:
        resolved.append(writer.conn.execute(
            f"SELECT count(*) FROM temp.{importing.PENDING}").fetchone()[0])  # fmt: skip
        real_resolve(writer)

    monkeypatch.setattr(importing, "_drop_secondary", spy)
    monkeypatch.setattr(fast, "_source_ids", ids)
    monkeypatch.setattr(importing._Writer, "_resolve_pending", resolve)
    assert fast.import_events((cited(i) for i in range(300)), "f") == 300
    assert ["sources_title_nocase", "sources_uuid"] in dropped
    assert lookups and all(lookups)
    assert len(resolved) == 1 and 0 < resolved[0] < 300  # the later citations waited
    monkeypatch.setattr(importing, "BULK_AFTER", 10**9)
    assert plain.import_events((cited(i) for i in range(300)), "f") == 300
    assert schema(fast.conn) == before

    def stored(s: Store) -> list[object]:
        return [
            s.conn.execute("SELECT id, title, url, created_at FROM sources ORDER BY id").fetchall(),
            s.conn.execute("SELECT * FROM citations ORDER BY event_id, position").fetchall(),
            s.conn.execute("SELECT count(DISTINCT uuid), count(*) FROM sources").fetchone(),
            s.conn.execute("SELECT id, source FROM events ORDER BY id").fetchall(),
            s.conn.execute("SELECT summary, after FROM history").fetchall(),
        ]

    assert stored(fast) == stored(plain)
    assert stored(fast)[2] == (151, 151)  # 150 titles of their own and the shared one
    assert fast.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fast.undo()
    assert fast.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
    for s in (plain, fast):
        s.close()


def test_a_late_citation_by_id_of_a_source_the_import_made(
    tmp_path: Path, small_thresholds: None
) -> None:
    """While citations by title wait, one by id of a source this import created (in an earlier
    batch) finds it, and a `source` copy other than the first title is set to it, as when the
    events are added one by one."""

    def made(i: int) -> Event:
        return replace(event(i), citations=(Citation(f"New {i}", url=f"https://{i}.example"),),
                       source=f"New {i}")  # fmt: skip

    events = [made(i) for i in range(200)]
    events += [replace(event(200), citations=(Citation("#5", source_id=5),), source="#5"),
               replace(event(201), citations=(Citation("#150", source_id=150),
                                              Citation("New 3")), source="#150"),
               replace(made(202), source="another copy")]  # fmt: skip
    one = open_store(tmp_path / "one.db", create=True, clock=lambda: STAMP)
    for e in events:
        one.add(e)
    batch = open_store(tmp_path / "batch.db", create=True, clock=lambda: STAMP)
    flushed: list[int] = []
    real = importing._Writer._resolve_pending

    def spy(writer: importing._Writer) -> None:
        flushed.append(writer.count)
        real(writer)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importing._Writer, "_resolve_pending", spy)
        assert batch.import_events(iter(events), "f") == len(events)
    assert len(flushed) == 2  # once for the late ids, once at the end

    def stored(s: Store) -> list[object]:
        return [
            s.conn.execute("SELECT id, title, url FROM sources ORDER BY id").fetchall(),
            s.conn.execute("SELECT * FROM citations ORDER BY event_id, position").fetchall(),
            s.conn.execute("SELECT id, source FROM events ORDER BY id").fetchall(),
        ]

    assert stored(batch) == stored(one)
    assert stored(batch)[2][-1] == (203, "New 202")
    for s in (one, batch):
        s.close()


@given(st.lists(st.one_of(st.integers(1, 60).map(lambda i: [i]),
                          st.tuples(st.integers(1, 60), st.integers(0, 5))
                          .map(lambda t: range(t[0], t[0] + t[1]))), max_size=12))  # fmt: skip
def test_id_runs_hold_the_ids_given_in_order(parts: list[list[int] | range]) -> None:
    from timeline.store.idruns import IdRuns

    runs = IdRuns()
    for part in parts:
        runs.extend(part)
    given = [i for part in parts for i in part]
    assert list(runs) == given and len(runs) == len(given) and bool(runs) == bool(given)
    assert [i for first, last in runs.runs() for i in range(first, last + 1)] == given
    assert all(a[1] + 1 != b[0] for a, b in zip(runs.runs(), runs.runs()[1:], strict=False))


def test_an_import_names_its_new_sources_as_runs_and_an_older_entry_undoes_too(
    store: Store,
) -> None:
    import json

    def cites(i: int) -> Event:
        return replace(event(i), citations=(Citation(f"S{i}"),), source=f"S{i}")

    with store.write():
        sources.insert(store, {"title": "Kept"})
    for legacy in (False, True):
        assert store.import_events((cites(i) for i in range(30)), "f") == 30
        entry = store.conn.execute("SELECT id, after FROM history ORDER BY id DESC").fetchone()
        after = json.loads(entry[1])
        first = 2 if not legacy else 32  # ids are not reused after an undo
        assert after["source_runs"] == [[first, first + 29]]
        if legacy:  # as an import recorded before the runs wrote it: every id listed
            ids = [i for first, last in after.pop("source_runs") for i in range(first, last + 1)]
            after["sources"] = ids
            store.conn.execute("UPDATE history SET after = ? WHERE id = ?",
                               [json.dumps(after), entry[0]])  # fmt: skip
        store.undo()
        left = store.conn.execute("SELECT title FROM sources ORDER BY id").fetchall()
        assert left == [("Kept",)]


def _everything(conn: sqlite3.Connection) -> list[object]:
    """Every row an import adds, and what full-text search finds, uuids included."""
    tables = ("events", "event_actors", "event_tags", "citations", "event_dates", "sources",
              "claims")  # fmt: skip
    found: list[object] = [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                           for t in tables]  # fmt: skip
    for word in ("alpha3", "alpha150", "kept", "cited"):
        found.append(conn.execute(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid", [word]
        ).fetchall())  # fmt: skip
    return found


def _cited(i: int) -> Event:
    """An event citing a new source of its own (with a quote), with a role date."""
    e = event(i, dates={"delivered": f"{2001 + i % 9}"})  # type: ignore[arg-type]
    return replace(e, citations=(Citation(f"Source {i}", "cited words"),), source=f"Source {i}")


@pytest.mark.parametrize(
    ("kept", "imported", "bulk", "rebuilt"),
    [
        (0, 120, True, True),  # into an empty file: indexes dropped, full-text index rebuilt
        (100, 60, True, False),  # more stay than go: the range cleared from the full-text index
        (300, 20, False, False),  # small beside the table: every index kept live
    ],
    ids=["into-empty", "beside-more", "small"],
)
def test_undoing_an_import_leaves_the_database_as_it_was(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    small_thresholds: None,
    kept: int,
    imported: int,
    bulk: bool,
    rebuilt: bool,
) -> None:
    monkeypatch.setattr(importing, "BULK_AFTER", 10**9)  # the kept events: a plain import
    for i in range(kept):
        store.add(replace(event(i, notes="kept"), citations=(Citation("Kept source"),),
                          source="Kept source"))  # fmt: skip
    monkeypatch.setattr(importing, "BULK_AFTER", 15)
    before, shape = _everything(store.conn), schema(store.conn)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    assert store.import_events((_cited(kept + i) for i in range(imported)), "f") == imported
    statements.clear()
    entry = store.undo()
    store.conn.set_trace_callback(None)
    assert entry.action == "import"
    assert _everything(store.conn) == before
    assert schema(store.conn) == shape
    dropped = any(s.startswith('DROP INDEX "events_') for s in statements)
    assert dropped is bulk
    assert any("VALUES ('rebuild')" in s for s in statements) is rebuilt
    assert any("SELECT 'delete'" in s for s in statements) is (bulk and not rebuilt)
    assert any(s.startswith("PRAGMA foreign_keys = OFF") for s in statements)
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    assert store.count() == kept


def test_an_import_undone_with_foreign_keys_on_still_removes_every_dependent_row(
    store: Store, small_thresholds: None
) -> None:
    from timeline.store import history

    assert store.import_events((_cited(i) for i in range(80)), "f") == 80
    with store.write():  # as a caller that leaves foreign keys on would
        history.undo_latest(store.conn, STAMP, store._restore)
    for table in ("events", "event_actors", "event_tags", "citations", "event_dates", "sources"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_a_change_recorded_after_the_look_is_undone_the_ordinary_way(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.store import history

    store.import_events((event(i) for i in range(3)), "f")
    added = store.add(event(99, notes="later"))
    # as if another process added the event between `undo`'s look and its transaction
    monkeypatch.setattr(history, "latest_is_import", lambda conn: True)
    entry = store.undo()
    assert entry.action == "add" and entry.event_id == added.id
    assert store.count() == 3
    assert (
        store.conn.execute(
            "SELECT count(*) FROM event_actors WHERE event_id = ?", [added.id]
        ).fetchone()[0]
        == 0
    )  # the cascade ran: foreign keys were on for this undo
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.undo().action == "import" and store.count() == 0
