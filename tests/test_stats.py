"""`timeline stats`: counts and sums per period in SQL, empty periods included."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.store import open_store
from timeline.store.periods import period_of, period_totals

ENV = {"TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1"}
runner = CliRunner()

ROWS = [  # title, when, value, unit
    ("a", "2024-01-05", "3", "drones"),
    ("b", "January 2024", "2", "drones"),
    ("c", "late 2024", "1.5", "USD"),  # counts in September (its earliest day)
    ("d", "2024-05-02", "", ""),
    ("e", "2025-02-01 to 2025-06-30", "7", ""),
]


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env=ENV)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    for title, when, value, unit in ROWS:
        args = ["add", title, "--when", when]
        args += ["--value", value] if value else []
        args += ["--unit", unit] if unit else []
        code, _, err = run(path, *args)
        assert code == 0, err
    return path


def test_months_with_empty_ones(db: Path) -> None:
    code, out, err = run(db, "stats", "--by", "month", "-f", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows[0] == {"period": "2024-01", "count": 2, "sums": {}}
    assert [r["period"] for r in rows][:3] == ["2024-01", "2024-02", "2024-03"]
    assert rows[-1]["period"] == "2025-02" and len(rows) == 14
    assert {r["period"]: r["count"] for r in rows}["2024-09"] == 1
    assert sum(r["count"] for r in rows) == 5
    assert sum(1 for r in rows if r["count"] == 0) == 10


def test_quarters_years_and_sums(db: Path) -> None:
    rows = json.loads(run(db, "stats", "--by", "quarter", "--sum", "value", "-f", "json")[1])
    assert rows[0] == {"period": "2024-Q1", "count": 2, "sums": {"drones": 5}}
    assert rows[2] == {"period": "2024-Q3", "count": 1, "sums": {"USD": 1.5}}
    assert rows[4] == {"period": "2025-Q1", "count": 1, "sums": {"": 7}}
    years = json.loads(run(db, "stats", "--by", "year", "-f", "json")[1])
    assert years == [
        {"period": "2024", "count": 4, "sums": {}},
        {"period": "2025", "count": 1, "sums": {}},
    ]


def test_window_widens_the_range_and_filters_select(db: Path) -> None:
    rows = json.loads(
        run(db, "stats", "--by", "year", "--from", "2022", "--to", "2026", "-f", "json")[1]
    )
    assert [r["period"] for r in rows] == ["2022", "2023", "2024", "2025", "2026"]
    assert [r["count"] for r in rows] == [0, 0, 4, 1, 0]
    only = json.loads(run(db, "stats", "--by", "year", "-s", "a", "-f", "json")[1])
    assert only == [{"period": "2024", "count": 1, "sums": {}}]


def test_table_has_a_bar_per_row_and_csv(db: Path) -> None:
    code, out, _ = run(db, "stats", "--by", "quarter", "--sum", "value")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["period", "count"]
    q1 = next(line for line in lines if line.startswith("2024-Q1"))
    q3 = next(line for line in lines if line.startswith("2024-Q3"))
    assert q1.count("#") == 24 and 0 < q3.count("#") < 24
    assert "2024-Q4      0" in out
    csv_out = run(db, "stats", "--by", "year", "--sum", "value", "-f", "csv")[1]
    assert csv_out.splitlines()[0] == "period,count,sum:,sum:USD,sum:drones"
    assert csv_out.splitlines()[1] == "2024,4,,1.5,5"


def test_bad_options(db: Path) -> None:
    assert run(db, "stats", "--by", "week")[0] == 2
    assert run(db, "stats", "--sum", "title")[0] == 2
    assert run(db, "stats", "-f", "xml")[0] == 2


def test_period_keys_and_store_function(db: Path) -> None:
    from datetime import date

    from timeline.model import Filters

    assert period_of(date(2024, 12, 31), "quarter") == "2024-Q4"
    assert period_of(date(900, 3, 1), "month") == "0900-03"
    store = open_store(db, create=False)
    try:
        totals = period_totals(store, Filters(), by="year", sums=True)
    finally:
        store.close()
    assert totals[0].period == "2024" and totals[0].sums == {"USD": 1.5, "drones": 5}


def test_stats_as_a_real_process(db: Path) -> None:
    proc = subprocess.run(
        ["timeline", "--db", str(db), "stats", "--by", "year"],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("period"), proc.stderr
    assert "\x1b" not in proc.stdout


def test_hostile_unit_names_are_inert(tmp_path: Path) -> None:
    from test_views_fixtures import HOSTILE

    db = tmp_path / "h.db"
    unit = HOSTILE.replace("\x00", "")
    assert run(db, "add", "x", "--when", "2024-03-01", "--value", "2", "--unit", unit)[0] == 0
    code, out, _ = run(db, "stats", "--sum", "value")
    assert code == 0 and "[bold]x[/bold]" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    rows = json.loads(run(db, "stats", "--sum", "value", "-f", "json")[1])
    assert rows[0]["sums"] == {unit: 2}  # JSON keeps the data exactly
    header = run(db, "stats", "--sum", "value", "-f", "csv")[1].splitlines()[0]
    assert header.startswith("period,count,")


def test_float_sums_show_without_binary_noise(tmp_path: Path) -> None:
    db = tmp_path / "sums.db"
    for value in ("0.1", "1.1"):
        r = CliRunner().invoke(
            app,
            ["--db", str(db), "add", "x", "--when", "2024-01-05", "--value", value, "--unit", "t"],
        )
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["--db", str(db), "stats", "--sum", "value", "-f", "json"])
    assert json.loads(r.stdout)[0]["sums"] == {"t": 1.2}


def test_chart_of_nothing_keeps_stdout_empty(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    assert CliRunner().invoke(app, ["--db", str(db), "init", str(db)]).exit_code == 0
    r = CliRunner().invoke(app, ["--db", str(db), "chart"])
    assert (r.exit_code, r.stdout) == (0, "")
    assert "no events" in r.stderr
