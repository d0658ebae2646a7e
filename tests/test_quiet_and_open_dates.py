"""`timeline quiet`, and dates with an open side through every view (DATES.md: `by X`,
`2004-06-01/`): sorted by the day that is known, shown `… 2024-03-31`, null in JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import timeline
from timeline.cli.app import app

TODAY = "2024-10-15"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": TODAY})
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    for title, when, actor in (
        ("Drones arrive", "August 2022", "Iran"),
        ("Shells sold", "in 2022", "North Korea"),
        ("Missiles shipped", "late 2023", "North Korea"),
        ("Fath-360 shipment", "September 2024", "Iran"),
        ("Package passed", "2024-04-23", "United States"),
        ("Plan agreed", "by March 2024", "Iran"),
        ("Later still", "2024-11-20", "Iran"),
    ):
        code, _, err = run(path, "add", title, "--when", when, "-a", actor, "--as-of", TODAY)
        assert code == 0, err
    return path


def test_quiet_per_actor_longest_first(db: Path) -> None:
    code, out, err = run(db, "quiet", "--as-of", "2024-10-31", "--by", "actor", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [q["group"] for q in found] == ["North Korea", "United States", "Iran"]
    korea = found[0]
    assert (korea["last"]["id"], korea["min_days"], korea["max_days"]) == (3, 305, 426)
    assert (korea["since_min"], korea["since_max"]) == ("2023-12-31", "2023-09-01")
    iran = found[2]  # "Later still" begins after the day asked: left out
    assert (iran["last"]["id"], iran["min_days"], iran["max_days"]) == (4, 31, 60)
    assert found[1]["min_days"] == found[1]["max_days"] == 191


def test_quiet_views_and_the_whole_selection(db: Path) -> None:
    code, out, _ = run(db, "quiet", "--as-of", "2024-10-31")
    assert code == 0
    assert out == (
        "all events: quiet for 31 to 60 days (1 month 1 day to 1 month 30 days) "
        "since #4 Fath-360 shipment (September 2024)\n"
    )
    code, out, _ = run(db, "quiet", "--as-of", "2024-10-31", "--by", "actor", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["group"] for r in rows] == ["North Korea", "United States", "Iran"]
    code, out, _ = run(db, "quiet", "--as-of", "2024-10-31", "--by", "actor", "-f", "markdown")
    assert out.splitlines()[0] == "| group | last event | quiet for | calendar |"
    code, out, err = run(db, "quiet", "-a", "nobody", "-f", "json")
    assert (code, out.strip(), err) == (0, "[]", "no events match\n")
    code, _, err = run(db, "quiet", "--by", "colour")
    assert code == 2 and "colour" in err


def test_quiet_through_the_api(db: Path) -> None:
    with timeline.open(db, today=date(2024, 10, 15)) as tl:
        (us,) = tl.quiet(as_of="2024-10-31", actor="United States")
    assert (us.group, us.last.title, us.min_days) == (None, "Package passed", 191)


def test_an_open_earliest_sorts_by_its_latest_day_and_shows_it_open(db: Path) -> None:
    code, out, _ = run(db, "list")
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == ["#2", "#1", "#3", "#6", "#5", "#4", "#7"]
    assert "  ..2024-03-31  " in out
    code, out, _ = run(db, "list", "--json", "-s", "plan")
    (plan,) = json.loads(out)
    assert plan["start"]["earliest"] is None and plan["start"]["edtf"] == "[..2024-03]"
    code, out, _ = run(db, "show", "6")
    assert "… 2024-03-31 (month, no earliest day; EDTF [..2024-03])" in out
    code, out, _ = run(db, "list", "--reverse", "-n", "4")
    assert [line.split()[0] for line in out.splitlines()] == ["#7", "#4", "#5", "#6"]
    code, out, _ = run(db, "stats", "--by", "year", "-f", "json")
    assert code == 0
    assert {r["period"]: r["count"] for r in json.loads(out)}["2024"] == 4


def test_an_open_earliest_is_drawn_and_exported_on_the_day_that_is_known(db: Path) -> None:
    code, ics, _ = run(db, "export", "-f", "ics", "-s", "plan")
    assert "DTSTART;VALUE=DATE:20240331" in ics and "DTEND;VALUE=DATE:20240401" in ics
    code, out, _ = run(db, "export", "-f", "timelinejs", "-s", "plan")
    (slide,) = json.loads(out)["events"]
    assert slide["start_date"] == {"year": 2024, "month": 3, "day": 31}
    code, out, _ = run(db, "chart", "--width", "80")
    assert code == 0 and "<" in out and "0001" not in out
    code, out, _ = run(db, "export", "-f", "svg")
    assert 'class="event open"' in out


def test_gaps_and_between_with_an_open_side(db: Path) -> None:
    code, out, _ = run(db, "gaps", "-a", "Iran", "--json")
    plan = [g for g in json.loads(out) if g["from"]["id"] == 6]  # by March 2024 -> Sep 2024
    assert plan[0]["min_days"] == 154  # it can have been as early as the drones (#1):
    assert (plan[0]["from_max"]["id"], plan[0]["max_days"]) == (1, 791)
    code, out, _ = run(db, "gaps", "-a", "Iran", "--from", "2023", "--json")
    (alone,) = [g for g in json.loads(out) if g["from"]["id"] == 6]  # nothing before it:
    assert (alone["min_days"], alone["max_days"], alone["max_calendar"]) == (154, None, None)
    code, out, _ = run(db, "gaps", "-a", "Iran", "--from", "2023")
    assert "154 or more days (5 months 1 day or more)" in out
    code, out, _ = run(db, "between", "#6", "#4", "--json")
    assert json.loads(out) == {
        "min_days": 154, "max_days": None, "min_calendar": "5 months 1 day", "max_calendar": None,
    }  # fmt: skip
    code, out, _ = run(db, "between", "#6", "#4", "--at-least", "3 months")
    assert code == 0 and "no most" in out
    code, _, _ = run(db, "between", "#6", "#4", "--at-most", "1 year")
    assert code == 4  # it can have been any length


def test_an_unknown_end_covers_every_later_day(tmp_path: Path) -> None:
    path = tmp_path / "u.db"
    run(path, "add", "Talks begin", "--when", "2004-06-01/")
    run(path, "add", "Later", "--when", "2010")
    code, out, err = run(path, "gaps")
    assert (code, out) == (0, "") and "no gaps in 2 events" in err
    code, out, _ = run(path, "show", "1", "--json")
    assert json.loads(out)["start"]["latest"] is None
