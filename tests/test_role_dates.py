"""Role dates (announced, delivered, …): several dated facets per event, through the API, the
command line (CliRunner and a real process), the history, and JSON, JSONL and CSV files."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_cli_events import proc, run

import timeline
from timeline.errors import NotFoundError, UsageError
from timeline.model import role_name

TODAY = date(2024, 10, 15)


def _open(path: Path) -> timeline.Timeline:
    return timeline.open(path, create=True, today=TODAY)


def _dates(event: timeline.Event) -> dict[str, tuple[str, str, str]]:
    return {d.role: (d.when, d.earliest.isoformat(), d.latest.isoformat()) for d in event.dates}


def test_add_reads_each_role_date_with_its_own_bounds(db_path: Path) -> None:
    with _open(db_path) as tl:
        e = tl.add("Package", when="2023-09-13",
                   dates={"Delivered": "late 2023", "announced": "2023-09-13"})  # fmt: skip
        assert _dates(e) == {
            "announced": ("2023-09-13", "2023-09-13", "2023-09-13"),
            "delivered": ("late 2023", "2023-09-01", "2023-12-31"),
        }
        assert tl.get(e.id) == e  # stored and read back exactly
        assert (e.earliest, e.latest) == (date(2023, 9, 13), date(2023, 9, 13))  # main date kept


def test_relative_role_dates_read_against_the_events_as_of(db_path: Path) -> None:
    with _open(db_path) as tl:
        e = tl.add("Report", when="2024", as_of="2024-10-15",
                   dates={"reported": "last month", "occurred": "by September 2024"})  # fmt: skip
        assert _dates(e)["reported"][1:] == ("2024-09-01", "2024-09-30")
        occurred = e.role_date("occurred")
        assert occurred is not None and occurred.start.open_earliest
        assert occurred.latest == date(2024, 9, 30)
        plain = tl.add("No as-of", when="2024", dates={"reported": "last month"})
        assert plain.as_of == TODAY  # the day a relative role date needed is kept


def test_edit_sets_and_drops_roles_and_undo_reverses_each(db_path: Path) -> None:
    with _open(db_path) as tl:
        e = tl.add("P", when="2023", dates={"announced": "2023-09-13", "delivered": "late 2023"})
        one = tl.edit(e.id, dates={"delivered": "December 2023"})
        assert _dates(one)["delivered"][0] == "December 2023" and "announced" in _dates(one)
        two = tl.edit(e.id, drop_dates=["announced"])
        assert list(_dates(two)) == ["delivered"]
        assert tl.history()[0].changed() == ["dates"]
        tl.undo()
        assert tl.get(e.id) == one
        tl.undo()
        assert tl.get(e.id) == e
        tl.rm(e.id)
        tl.undo()
        assert tl.get(e.id) == e  # a delete keeps them in its snapshot


def test_bad_role_dates_change_nothing(db_path: Path) -> None:
    with _open(db_path) as tl:
        e = tl.add("P", when="2023", dates={"delivered": "late 2023"})
        before = tl.history()
        with pytest.raises(NotFoundError, match="no 'used' date"):
            tl.edit(e.id, drop_dates=["used"])
        with pytest.raises(UsageError, match="needs a name"):
            tl.edit(e.id, dates={"": "2024"})
        with pytest.raises(UsageError, match="date:delivered"):
            tl.edit(e.id, dates={"delivered": "soonish"})
        with pytest.raises(UsageError, match="not a word"):
            tl.add("Q", when="2023", dates={"de livered": "2024"})
        assert tl.get(e.id) == e and tl.history() == before and tl.count() == 1


@given(st.text(min_size=1, max_size=12))
def test_a_role_name_is_a_lower_case_word_or_refused(text: str) -> None:
    try:
        name = role_name(text)
    except UsageError:
        word = text.strip()
        assert (
            not word
            or not word[0].isalpha()
            or not all(c.isalnum() or c in "-_" for c in word)
            or len(word.lower()) > 40
        )
    else:
        assert name == text.strip().lower() and name[0].isalpha()
        assert ":" not in name and "=" not in name and " " not in name


ROLE_TEXTS = st.sampled_from(["2023-09-13", "late 2023", "Q3 2024", "by March 2024",
                              "July to August 2024", "last month", "2022-08/..", "c. 2021",
                              "since August 2022", "2023?"])  # fmt: skip
ROLES = st.sampled_from(["announced", "delivered", "used", "first-use", "signed"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(ROLES, ROLE_TEXTS, max_size=4))
def test_role_dates_survive_json_and_csv_export_and_import(
    tmp_path: Path, found: dict[str, str]
) -> None:
    src = tmp_path / f"src-{abs(hash(tuple(found.items())))}.db"
    src.unlink(missing_ok=True)
    with _open(src) as tl:
        e = tl.add("P", when="2023", as_of="2024-10-15", dates=found)
        for fmt in ("json", "jsonl", "csv"):
            out = io.StringIO()
            tl.export(fmt, out)
            dst = tmp_path / f"dst-{fmt}.db"
            dst.unlink(missing_ok=True)
            with _open(dst) as back:
                back.import_(io.BytesIO(out.getvalue().encode()), fmt=fmt)
                [again] = list(back.events())
                assert again.dates == e.dates, fmt
                assert again.uuid == e.uuid


def test_json_shape_and_csv_columns(db_path: Path) -> None:
    with _open(db_path) as tl:
        tl.add("P", when="2023", dates={"delivered": "2023-09 to 2023-12", "announced": "2023"})
        tl.add("Q", when="2024")
        doc = json.loads(_export(tl, "json"))
        assert list(doc[0]["dates"]) == ["announced", "delivered"]
        delivered = doc[0]["dates"]["delivered"]
        assert list(delivered) == ["when", "end_when", "start", "end", "ongoing", "source"]
        assert delivered["end"]["latest"] == "2023-12-31" and doc[1]["dates"] == {}
        rows = list(csv.reader(io.StringIO(_export(tl, "csv"))))
        head = rows[0]
        roles = ("announced", "delivered")
        assert head[-6:] == [f"date:{r}{p}" for r in roles for p in ("", ":end", ":source")]
        assert rows[1][head.index("date:delivered")] == "2023-09 to 2023-12"
        assert rows[2][head.index("date:delivered")] == ""
        tl.rm(1, 2)
        plain = io.StringIO()
        tl.export("csv", plain)
        assert "date:" not in plain.getvalue()  # no role dates, the CSV as before


def _export(tl: timeline.Timeline, fmt: str) -> str:
    out = io.StringIO()
    tl.export(fmt, out)
    return out.getvalue()


def test_csv_import_reads_role_columns_and_an_end_typed_apart(db_path: Path) -> None:
    text = "title,when,date:Delivered,date:delivered:end,date:announced\nP,2023,2023-09,2023-12,\n"
    with _open(db_path) as tl:
        assert tl.import_(io.BytesIO(text.encode()), fmt="csv") == 1
        [e] = list(tl.events())
        d = e.role_date("delivered")
        assert d is not None and d.end_when == "2023-12" and d.latest == date(2023, 12, 31)
        assert e.role_date("announced") is None  # an empty cell is no date
        bad = "title,when,date:delivered\nP,2023,soonish\n"
        with pytest.raises(UsageError, match="date:delivered"):
            tl.import_(io.BytesIO(bad.encode()), fmt="csv")
        assert tl.count() == 1


def test_cli_add_show_edit_and_errors(env: dict[str, str], db_path: Path) -> None:
    code, out, _ = run("add", "Package", "--when", "2023-09-13", "--date", "announced=2023-09-13",
                       "--date", "delivered=late 2023")  # fmt: skip
    assert code == 0
    assert "delivered: late 2023 -> 2023-09-01 … 2023-12-31" in out
    code, out, _ = run("show", "1")
    assert "announced: 2023-09-13 -> 2023-09-13" in out
    for args, exit_code, words in (
        (["edit", "1", "--drop-date", "used"], 3, "no 'used' date"),
        (["edit", "1", "--date", "=2024"], 2, "needs a name"),
        (["edit", "1", "--date", "delivered=soonish"], 2, "--date delivered: could not read"),
        (["edit", "1", "--date", "delivered"], 2, "write ROLE=DATE"),
        (["add", "X", "--when", "2024", "--date", "a b=2024"], 2, "not a word"),
    ):
        p = proc(env, *args)
        assert p.returncode == exit_code, args
        assert words in p.stderr and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM event_dates").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    p = proc(env, "edit", "1", "--drop-date", "announced", "--date", "delivered=December 2023")
    assert p.returncode == 0 and "announced" not in p.stdout
    assert proc(env, "undo").returncode == 0
    shown = json.loads(proc(env, "show", "1", "--json").stdout)
    assert shown["dates"]["delivered"]["when"] == "late 2023" and "announced" in shown["dates"]


def test_the_migration_changes_no_event(tmp_path: Path) -> None:
    """A schema 9 file upgraded to 10: the same events, an empty role table."""
    from timeline.migrations import MIGRATIONS

    old = tmp_path / "old.db"
    with _open(old) as tl:
        tl.add("A", when="late 2023", actors=["Iran"])
    with sqlite3.connect(old) as conn:
        before = conn.execute("SELECT * FROM events").fetchall()
        conn.execute("DROP TRIGGER event_dates_category")
        conn.execute("DROP TABLE event_dates")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_role_dates'")
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    with timeline.open(old, today=TODAY) as tl:
        [e] = list(tl.events())
        assert e.dates == () and tl.info().schema == len(MIGRATIONS)
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT * FROM events").fetchall() == before
        assert conn.execute("SELECT count(*) FROM event_dates").fetchone()[0] == 0


def test_a_role_date_names_its_source_and_keeps_it_through_edits(
    env: dict[str, str], db_path: Path
) -> None:
    code, out, _ = run("add", "P", "--when", "2023", "--date", "delivered=late 2023",
                       "--date-source", "delivered=Kiel tracker")  # fmt: skip
    assert code == 0 and "[source: Kiel tracker]" in out
    run("edit", "1", "--date", "delivered=December 2023")
    with timeline.open(db_path, today=TODAY) as tl:
        d = tl.get(1).role_date("delivered")
        assert d is not None and (d.when, d.source) == ("December 2023", "Kiel tracker")
        doc = json.loads(_export(tl, "json"))
        assert doc[0]["dates"]["delivered"]["source"] == "Kiel tracker"
        assert "Kiel tracker" in _export(tl, "csv").splitlines()[1]
    p = proc(env, "edit", "1", "--date-source", "used=#3")
    assert p.returncode == 3 and "no 'used' date to name a source for" in p.stderr
    run("edit", "1", "--date-source", "delivered=")
    with timeline.open(db_path, today=TODAY) as tl:
        d = tl.get(1).role_date("delivered")
        assert d is not None and d.source is None and d.when == "December 2023"
