"""The main filter queries use an index: a lost index shows up here, not as a slow command."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from timeline.model import Filters
from timeline.store import open_store, rows
from timeline.store.filters import where
from timeline.store.spans import _query, names_sql


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("plans") / "events.db"
    open_store(path, create=True).close()
    return sqlite3.connect(path)


def plan(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[str]:
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def list_plan(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    cond, params = where(filters)
    sql = (
        f"{rows.SELECT_EVENT} WHERE {cond} ORDER BY e.start_earliest, e.start_latest, e.id LIMIT 50"
    )
    return plan(conn, sql, params)


def index_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [r[2] for r in conn.execute("SELECT * FROM pragma_index_info(?)", [name])]


def outer(steps: list[str]) -> list[str]:
    """The steps over `events e` (not the correlated name subqueries)."""
    return [s for s in steps if " e " in f" {s} "]


WINDOW = {"window_start": date(2000, 1, 1), "window_end": date(2005, 12, 31)}


def test_list_by_actor_and_window_starts_from_the_actor_link_index(
    conn: sqlite3.Connection,
) -> None:
    steps = list_plan(conn, Filters(match={"actors": ("Iran",)}, **WINDOW))  # type: ignore[arg-type]
    assert any("USING COVERING INDEX event_actors_actor" in s for s in steps)
    assert any(
        "USING INDEX actors_name_nocase" in s or "COVERING INDEX actors_name_nocase" in s
        for s in steps
    )
    assert not any(s.startswith("SCAN e") for s in steps)


def test_list_by_tag_uses_the_tag_link_index(conn: sqlite3.Connection) -> None:
    steps = list_plan(conn, Filters(match={"tags": ("oil",)}))
    assert any("event_tags_tag" in s for s in steps)
    assert not any(s.startswith("SCAN e") for s in steps)


def test_list_by_category_reads_one_category_in_date_order(conn: sqlite3.Connection) -> None:
    steps = outer(list_plan(conn, Filters(match={"category": ("energy",)})))
    assert steps == ["SEARCH e USING INDEX events_category_start (category=?)"]


def test_list_by_window_searches_the_start_index(conn: sqlite3.Connection) -> None:
    steps = outer(list_plan(conn, Filters(**WINDOW)))  # type: ignore[arg-type]
    assert steps == ["SEARCH e USING INDEX events_start_extent (start_earliest<?)"]


def test_gaps_stream_walks_the_covering_start_index(conn: sqlite3.Connection) -> None:
    sql, params = _query(Filters(), None)
    steps = plan(conn, sql, ["2024-10-15", "2024-10-15", *params])
    assert steps == ["SCAN e USING COVERING INDEX events_start_extent"]


def test_gaps_of_one_category_read_only_the_covering_category_index(
    conn: sqlite3.Connection,
) -> None:
    sql, params = _query(Filters(match={"category": ("energy",)}), None)
    steps = plan(conn, sql, ["2024-10-15", "2024-10-15", *params])
    assert steps == ["SEARCH e USING COVERING INDEX events_category_start (category=?)"]
    assert not any("TEMP B-TREE" in s for s in steps)


def test_gaps_of_a_window_search_the_covering_start_index(conn: sqlite3.Connection) -> None:
    sql, params = _query(Filters(**WINDOW), None)  # type: ignore[arg-type]
    steps = plan(conn, sql, ["2024-10-15", "2024-10-15", *params])
    assert steps == ["SEARCH e USING COVERING INDEX events_start_extent (start_earliest<?)"]


def test_gaps_by_category_sort_through_the_case_blind_index(conn: sqlite3.Connection) -> None:
    sql, params = _query(Filters(), "category")
    steps = plan(conn, sql, ["2024-10-15", "2024-10-15", *params])
    assert steps == ["SCAN e USING COVERING INDEX events_category_start"]


def test_gap_names_are_read_by_primary_key(conn: sqlite3.Connection) -> None:
    steps = plan(conn, names_sql(3), [1, 2, 3])
    assert steps == ["SEARCH events USING INTEGER PRIMARY KEY (rowid=?)"]


def test_the_gap_indexes_hold_extents_only(conn: sqlite3.Connection) -> None:
    extent = ["start_earliest", "start_latest", "id", "end_earliest", "end_latest", "ongoing"]
    assert index_columns(conn, "events_start_extent") == [*extent, "end_precision"]
    assert index_columns(conn, "events_category_start") == ["category", *extent]


def test_a_charts_marks_stream_from_the_start_index_alone(conn: sqlite3.Connection) -> None:
    """Every column of a mark is in `events_start_extent`; the table is read by key only for
    the EDTF of a start or an end on the first or last day there is."""
    from datetime import date

    from timeline.model import Filters
    from timeline.store import marks

    sql, params = marks._select(Filters(reference_day=date(2024, 10, 15)), None)
    order = (
        " AND NOT "
        + rows.open_start_indexed_sql("e")
        + " ORDER BY e.start_earliest, e.start_latest, e.id"
    )
    steps = plan(conn, sql + order, params)
    assert steps[0] == "SCAN e USING COVERING INDEX events_start_extent"
    assert set(steps[1:]) == {"SEARCH x USING INTEGER PRIMARY KEY (rowid=?)"} | {
        s for s in steps if s.startswith("CORRELATED SCALAR SUBQUERY")
    }


def test_the_exact_case_category_index_is_gone(conn: sqlite3.Connection) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "events_category" not in names and "events_category_start" in names


def test_counts_per_period_read_the_start_index_alone(conn: sqlite3.Connection) -> None:
    """`stats` without `--sum`: the start index covers the query (the EDTF by key for a start
    on 0001-01-01 only)."""
    from timeline.store import periods

    day = rows.sort_day_indexed_sql("e")
    sql = f"SELECT {periods._KEY['month'].format(day=day)} AS p, count(*) FROM events e GROUP BY p"
    steps = plan(conn, sql, [])
    assert steps[0] == "SCAN e USING COVERING INDEX events_start_extent"
    assert "SEARCH x USING INTEGER PRIMARY KEY (rowid=?)" in steps
