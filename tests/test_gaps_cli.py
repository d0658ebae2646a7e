"""`timeline gaps` end to end: a real database, through CliRunner and the installed script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.dates import parse_when
from timeline.model import Event
from timeline.store import Store, open_store

TODAY = "2024-10-15"
JSON_KEYS = [
    "from", "to", "from_max", "to_max", "min_days", "max_days", "min_calendar", "max_calendar",
    "open", "group",
]  # fmt: skip


def add(store: Store, title: str, when: str, **kw: object) -> int:
    w = parse_when(when, today=date.fromisoformat(TODAY))
    event = Event(
        id=0, title=title, when=when, start=w.start, end=w.end, ongoing=w.ongoing,
        as_of=w.as_of, **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return store.add(event).id


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "events.db"
    store = open_store(path, create=True)
    add(store, "Consolidated Appropriations Act", "2022-12-23", tags=("aid",), category="us-aid")
    add(store, "Hwasong-11 shipments begin", "late 2023", actors=("North Korea", "Russia"))
    add(store, "April 2024 supplemental", "2024-04-23", tags=("aid",), category="us-aid")
    add(store, "Fath-360 shipment", "September 2024", actors=("Iran", "Russia"))
    store.close()
    yield path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": TODAY})
    return result.exit_code, result.stdout, result.stderr


def gaps_json(db: Path, *args: str) -> list[dict[str, object]]:
    code, out, err = run(db, "gaps", "--json", *args)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_json_shape_is_pinned(db: Path) -> None:
    data = gaps_json(db, "-c", "us-aid")
    assert data == [
        {
            "from": {"id": 1, "title": "Consolidated Appropriations Act", "when": "2022-12-23"},
            "to": {"id": 3, "title": "April 2024 supplemental", "when": "2024-04-23"},
            "from_max": {"id": 1, "title": "Consolidated Appropriations Act", "when": "2022-12-23"},
            "to_max": {"id": 3, "title": "April 2024 supplemental", "when": "2024-04-23"},
            "min_days": 487,
            "max_days": 487,
            "min_calendar": "1 year 4 months",
            "max_calendar": "1 year 4 months",
            "open": False,
            "group": None,
        }
    ]
    assert list(data[0]) == JSON_KEYS


def test_worked_example_through_the_cli(db: Path) -> None:
    data = gaps_json(db, "-a", "North Korea", "-a", "Iran")
    assert [(g["min_days"], g["max_days"]) for g in data] == [(245, 395)]
    assert data[0]["from"]["id"] == 2 and data[0]["to"]["id"] == 4  # type: ignore[index]


def test_longest_first(db: Path) -> None:
    data = gaps_json(db)
    mins = [g["min_days"] for g in data]
    assert mins == sorted(mins, reverse=True) and len(mins) == 3  # type: ignore[type-var]


def test_top_keeps_the_longest(db: Path) -> None:
    (only,) = gaps_json(db, "--top", "1")
    assert only["min_days"] == max(g["min_days"] for g in gaps_json(db))  # type: ignore[type-var]


def test_by_actor_counts_an_event_in_each_of_its_groups(db: Path) -> None:
    data = gaps_json(db, "--by", "actor")
    assert {g["group"] for g in data} == {"Russia"}
    (russia,) = data
    assert (russia["min_days"], russia["max_days"]) == (245, 395)
    code, _, err = run(db, "gaps", "--by", "colour")
    assert code == 2 and "colour" in err


def test_as_of_adds_the_open_gap_and_since_the_first(db: Path) -> None:
    data = gaps_json(db, "-c", "us-aid", "--as-of", "2024-10-15", "--since", "2022-02-24")
    since = [g for g in data if g["from"] is None]
    opened = [g for g in data if g["open"]]
    assert len(since) == 1 and since[0]["min_days"] == (date(2022, 12, 23) - date(2022, 2, 24)).days
    assert len(opened) == 1 and opened[0]["to"] is None
    assert opened[0]["min_days"] == (date(2024, 10, 15) - date(2024, 4, 23)).days


def test_ongoing_event_ends_on_its_own_reference_day(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    add(store, "Decline", "since early 2023")  # read on 2024-10-15: ongoing as of that day
    add(store, "Within", "2024-06-01")
    add(store, "Later", "2025-03-01")
    store.close()
    (g,) = gaps_json(path)
    assert g["from"]["id"] == 1 and g["min_days"] == (date(2025, 3, 1) - date(2024, 10, 15)).days  # type: ignore[index]
    later = gaps_json(path, "--as-of", "2025-06-01")  # a later question does not stretch it
    assert [(x["min_days"], x["open"]) for x in later] == [(137, False), (92, True)]
    earlier = gaps_json(path, "--as-of", "2024-07-01")  # an earlier one cuts it on that day
    assert earlier[0]["min_days"] == (date(2025, 3, 1) - date(2024, 7, 1)).days


def test_min_keeps_possible_and_marks_certain(db: Path) -> None:
    code, out, _ = run(db, "gaps", "--min", "8 months", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["min_days"], r["certainty"]) for r in rows] == [("252", "certain")]
    code, out, _ = run(
        db, "gaps", "-a", "North Korea", "-a", "Iran", "--min", "1 year", "-f", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["min_days"], r["max_days"], r["certainty"]) for r in rows] == [
        ("245", "395", "possible")
    ]
    code, out, _ = run(db, "gaps", "-c", "us-aid", "--min", "16 months", "-f", "csv")
    assert [r["certainty"] for r in csv.DictReader(io.StringIO(out))] == ["certain"]
    assert len(gaps_json(db, "--min", "2 years")) == 0


def test_plain_table_names_both_sides_and_one_figure_when_exact(db: Path) -> None:
    code, out, _ = run(db, "gaps", "-c", "us-aid")
    assert code == 0
    assert out == (
        "#1 Consolidated Appropriations Act (2022-12-23) → #3 April 2024 supplemental "
        "(2024-04-23): 487 days (1 year 4 months)\n"
    )
    _, out, _ = run(db, "gaps", "-a", "Iran", "-a", "North Korea")
    assert out.endswith(": 245 to 395 days (8 months 1 day to 1 year 29 days)\n")


def test_markdown_and_csv_make_user_text_inert(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    add(store, "=HYPERLINK(1) | \x1b[31mred", "2020-01-01")
    add(store, "b", "2020-02-01")
    store.close()
    _, md, _ = run(path, "gaps", "-f", "markdown")
    assert "\x1b" not in md and "\\|" in md
    _, out, _ = run(path, "gaps", "-f", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["from_title"].startswith("'=") and "\x1b" not in row["from_title"]


def test_no_gaps_and_bad_duration(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    open_store(path, create=True).close()
    assert run(path, "gaps") == (0, "", "no events match\n")
    assert gaps_json(path) == []
    code, _, err = run(path, "gaps", "--min", "soon")
    assert code == 2 and "soon" in err


@pytest.mark.skipif(
    shutil.which("timeline") is None and not Path(sys.executable).with_name("timeline").exists(),
    reason="installed script not found",
)
def test_installed_script(db: Path) -> None:
    exe = shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))
    env = {**os.environ, "TIMELINE_TODAY": TODAY}
    done = subprocess.run(
        [exe, "--db", str(db), "gaps", "--json", "--top", "1", "-c", "us-aid"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (top,) = json.loads(done.stdout)
    assert top["min_days"] == 487 and top["min_calendar"] == "1 year 4 months"


def test_by_category_groups_without_regard_to_case(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    store = open_store(path, create=True)
    add(store, "First pledge", "2022-01-10", category="Aid")
    add(store, "Second pledge", "2022-06-10", category="aid")
    add(store, "Third pledge", "2023-01-10", category="AID")
    add(store, "Sanctions", "2022-03-01", category="sanctions")
    store.close()
    gaps = gaps_json(path, "--by", "category")
    assert sorted({str(g["group"]) for g in gaps}) == ["Aid"]  # named as the first event spells it
    assert sorted((g["from"]["title"], g["to"]["title"]) for g in gaps) == [  # type: ignore[index]
        ("First pledge", "Second pledge"),
        ("Second pledge", "Third pledge"),
    ]
    filtered = gaps_json(path, "--by", "category", "-c", "aid")
    assert len(filtered) == 2


# --- names: the sweep reads extents only; the gaps shown are named afterwards by id ----------

NAMES = {
    1: ("Consolidated Appropriations Act", "2022-12-23"),
    2: ("Hwasong-11 shipments begin", "late 2023"),
    3: ("April 2024 supplemental", "2024-04-23"),
    4: ("Fath-360 shipment", "September 2024"),
}


def sides(data: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """(id, title, when) of every named side of every gap, in output order."""
    out = []
    for g in data:
        for side in (g["from"], g["to"]):
            if isinstance(side, dict):
                out.append((side["id"], side["title"], side["when"]))
    return out


def real(ids: list[int]) -> list[tuple[object, ...]]:
    return [(i, *NAMES[i]) for i in ids]


def test_gaps_name_their_events_with_real_titles_and_whens(db: Path) -> None:
    data = gaps_json(db)
    assert [g["min_days"] for g in data] == [252, 131, 114]
    assert sides(data) == real([1, 2, 3, 4, 2, 3])


def test_top_and_min_name_the_gaps_they_keep(db: Path) -> None:
    assert sides(gaps_json(db, "--top", "1")) == real([1, 2])
    assert sides(gaps_json(db, "--min", "8 months", "--top", "1")) == real([1, 2])
    kept = gaps_json(db, "-c", "us-aid", "--as-of", "2025-12-31", "--since", "2022-01-01")
    assert [(g["min_days"], g["open"]) for g in kept] == [(617, True), (487, False), (356, False)]
    assert sides(kept) == real([3, 1, 3, 1])  # the open gap has no `to`, the --since no `from`


def test_by_actor_names_each_groups_events(db: Path) -> None:
    data = gaps_json(db, "--by", "actor", "--as-of", "2024-10-15", "--top", "2")
    assert [(g["group"], g["min_days"]) for g in data] == [("North Korea", 289), ("Russia", 245)]
    assert sides(data) == real([2, 2, 4])


def test_names_are_looked_up_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.store.spans as spans

    path = tmp_path / "events.db"
    store = open_store(path, create=True)
    for i in range(12):
        add(store, f"Event {i}", f"{2000 + i}-0{1 + i % 9}-15")
    store.close()
    monkeypatch.setattr(spans, "NAME_BATCH", 5)
    data = gaps_json(path)
    assert len(data) == 11
    for g in data:
        for side in (g["from"], g["to"]):
            assert isinstance(side, dict)
            i = int(side["id"]) - 1
            assert (side["title"], side["when"]) == (f"Event {i}", f"{2000 + i}-0{1 + i % 9}-15")


def test_no_gaps_says_which_spans_cover_them(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    add(store, "Deliveries to date", "2022 to this month")
    add(store, "Drones", "August 2022")
    add(store, "Missiles", "late 2023")
    store.close()
    code, out, err = run(path, "gaps")
    assert (code, out) == (0, "")
    assert err.startswith('no gaps in 3 events: #1 "Deliveries to date" (2022 to this month) ')
    assert "covers 2022-01-01 … 2024-10-31" in err and "#2" not in err and "narrow" in err
    code, out, err = run(path, "gaps", "--json")
    assert (code, out.strip()) == (0, "[]") and "#1" in err  # data stays data; the note is talk
    (gap,) = gaps_json(path, "--precision", "month", "--precision", "third")
    assert gap["from"]["id"] == 2 and gap["to"]["id"] == 3


def test_min_with_no_gap_long_enough_names_the_longest(db: Path) -> None:
    code, out, err = run(db, "gaps", "-c", "us-aid", "--min", "2 years")
    assert (code, out) == (0, "")
    assert err == "no gaps of at least 2 years in 2 events; the longest is 487 days (#1 → #3)\n"
    code, _, err = run(db, "gaps", "-c", "us-aid", "--from", "2024")
    assert err == "no gaps in 1 event: a quiet period lies between two\n"


def test_a_gap_names_the_events_that_decide_each_bound(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    store = open_store(path, create=True)
    add(store, "Package, as dated", "December 2023")
    add(store, "Package, exact", "2023-12-27")
    add(store, "Next package", "2024-04-23")
    store.close()
    (gap,) = gaps_json(path)
    assert (gap["from"]["id"], gap["from_max"]["id"], gap["to"]["id"], gap["to_max"]["id"]) == (
        1, 2, 3, 3,
    )  # fmt: skip
    assert (gap["min_days"], gap["max_days"]) == (114, 118)
    code, out, _ = run(path, "gaps")
    assert (
        "#1 Package, as dated (December 2023); longest from #2 Package, exact (2023-12-27)" in out
    )
    code, out, _ = run(path, "gaps", "-f", "csv")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["from_id"], row["from_max_id"], row["to_max_id"]) == ("1", "2", "3")
