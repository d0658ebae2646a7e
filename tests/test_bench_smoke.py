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
    "`gaps -c C`",
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
