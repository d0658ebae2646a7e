"""The benchmark suite runs end to end at a tiny size and prints every figure; nothing is timed."""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
import synth  # noqa: E402

FIGURES = (
    "`timeline --help`",
    "date parsing",
    "`add`",
    "`list -n 50",
    "`gaps -c C` vs a minimal typer",
    "`show` vs a minimal typer",
    "`gaps -c C` vs LAG",
    "`gaps` vs LAG",
    "`gaps -c C` floor",
    "`import` CSV",
    "`export -f jsonl`",
    "peak memory of `gaps`",
    "peak memory of `import`",
    "peak memory of `export -f jsonl`",
    "`list -n 10` vs jrnl",
    "`gaps` vs `timew gaps`",
)


def test_synth_db_and_csv_hold_the_same_events(tmp_path: Path) -> None:
    db, csv_path = tmp_path / "s.db", tmp_path / "s.csv"
    synth.build_db(db, 500)
    synth.write_csv(csv_path, 500)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 500
    precisions = dict(conn.execute("SELECT precision, count(*) FROM events GROUP BY 1").fetchall())
    assert 80 <= precisions["day"] <= 170  # about a quarter exact days
    assert {"month", "third", "season", "quarter", "year"} <= set(precisions)
    assert conn.execute("SELECT count(*) FROM events WHERE end_precision IS NOT NULL").fetchone()[0]
    first = next(synth.records(1))
    row = conn.execute("SELECT title, when_text FROM events WHERE id = 1").fetchone()
    assert row == (first["title"], first["when"])
    texts = conn.execute("SELECT title, quote, notes FROM events").fetchall()
    worded = sum(
        any(re.search(r"\bdrones\b", t or "", re.IGNORECASE) for t in row) for row in texts
    )
    found = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'drones'")
    assert found.fetchone()[0] == worded > 0  # the full-text index is filled
    assert len(csv_path.read_text().splitlines()) == 501


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 program")
def test_suite_prints_every_figure_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    report = run.main(
        ["--sizes", "2000", "--runs", "1", "--dates", "200", "--peers", "2000",
         "--work", str(tmp_path), "--write", str(out)]
    )  # fmt: skip
    assert out.read_text() == report
    assert "Machine:" in report and "SQLite" in report
    rows = [line for line in report.splitlines() if line.startswith("| ")][1:]
    for name in FIGURES:
        assert any(name in r for r in rows), name
    for r in rows:
        cells = [c.strip() for c in r.strip("|").split("|")]
        assert cells[2], r  # every figure has a measured value


def _out(cmd: list[str], env: dict[str, str]) -> str:
    import subprocess

    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout


def test_the_typer_baseline_answers_what_the_commands_answer(tmp_path: Path) -> None:
    """`baselines/typer_min.py` is compared with `list`, `gaps -c`, `show` and `add`: it must
    select the same events, find the same gaps and store the same row."""
    import json
    import os

    db = tmp_path / "b.db"
    synth.build_db(db, 3000)
    env = {**os.environ, **run.ENV}
    ours = [run.timeline_bin(), "--db", str(db)]
    listed = json.loads(
        _out([*ours, "list", "-n", "50", "-a", run.ACTOR, "--from", run.FROM, "--to", run.TO,
              "--json"], env)
    )  # fmt: skip
    base = _out(run.typer_min(db, "list", run.ACTOR, f"{run.FROM}-01-01", f"{run.TO}-12-31"), env)
    assert [e["id"] for e in listed] == [int(m) for m in re.findall(r"^#\s*(\d+)", base, re.M)]
    assert listed, "the listed window holds events"
    gaps = json.loads(_out([*ours, "gaps", "-c", run.CATEGORY, "--json"], env))
    base_gaps = _out(run.typer_min(db, "gaps", run.CATEGORY), env).splitlines()
    ours_pairs = sorted((g["from"]["id"], g["to"]["id"]) for g in gaps)
    base_pairs = sorted((int(a[1:]), int(b[1:])) for a, _, _, b, _ in map(str.split, base_gaps))
    assert ours_pairs == base_pairs
    shown = json.loads(_out([*ours, "show", "7", "--json"], env))
    assert shown["title"] in _out(run.typer_min(db, "show", "7"), env)
    _out(run.typer_min(db, "add", "Baseline event", "2024-03-05"), env)
    _out([*ours, "add", "Our event", "--when", "2024-03-05"], env)
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT title, start_earliest, end_latest, precision FROM events "
            "ORDER BY id DESC LIMIT 2"
        )
        .fetchall()
    )
    assert [r[1:] for r in rows] == [("2024-03-05", "2024-03-05", "day")] * 2


def test_the_extract_baseline_finds_what_extract_finds() -> None:
    import bench_extract

    assert bench_extract.texts(), "the annotated articles are missing"
    for text in bench_extract.texts():
        found = bench_extract.ours(text)
        assert found, "each annotated article has dates"
        assert bench_extract.baseline(text) == found


def test_the_role_baseline_answers_what_gaps_role_answers(tmp_path: Path) -> None:
    """`bench_roles.py` compares `gaps --role delivered` with `gaps` over a copy of every
    event's date as its role date: the two must print the same gaps, and those gaps must be
    the ones a sweep of the role's own rows finds."""
    import json
    import os

    import bench_roles

    db = tmp_path / "r.db"
    synth.build_db(db, 3000)
    assert bench_roles.add_roles(db) == 3000
    assert bench_roles.same_answer(db)
    env = {**os.environ, **bench_roles.ENV}
    ours, base = bench_roles.commands(db)
    for extra in (["-c", run.CATEGORY], ["--from", "2000", "--to", "2005"]):
        assert _out([*ours, *extra], env) == _out([*base, *extra], env), extra
    gaps = json.loads(_out([*ours, "-c", run.CATEGORY], env))
    assert gaps, "one category's events leave gaps"
    line = bench_roles.row(3000, {"ours": 0.1, "ours_cpu": 0.1, "base": 0.1, "base_cpu": 0.1})
    assert line.startswith("| 3,000 |") and "1.00x" in line
