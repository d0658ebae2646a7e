"""The benchmark suite runs end to end at a tiny size and prints every figure; nothing is timed."""

from __future__ import annotations

import csv
import io
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
    "`show` vs a minimal typer",
    "`gaps -c C` vs the running-MAX query",
    "`gaps -c C` vs that query in a minimal typer",
    "`gaps` vs the running-MAX query",
    "`gaps` vs that query in a minimal typer",
    "`chart` vs",
    "`stats --by month`",
    "`import` CSV",
    "`undo` of that import",
    "`export -f csv`",
    "`export -f jsonl`",
    "`export -f csv` vs the same rows written by a minimal typer",
    "`export -f jsonl` vs the same rows written by a minimal typer",
    "`quiet --by actor`",
    "`check gap -c C`",
    "`publish`",
    "`claims`: 20 stored claims",
    "`merge` of 200 events",
    "`extract` of",
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
        ["--sizes", "2000", "--runs", "1", "--dates", "200", "--peers", "2000", "--claims", "20",
         "--work", str(tmp_path), "--write", str(out)]
    )  # fmt: skip
    assert out.read_text() == report
    assert "Machine:" in report and "SQLite" in report
    rows = [line for line in report.splitlines() if line.startswith("| ")][2:]
    for name in FIGURES:
        assert any(name in r for r in rows), name
    for r in rows:
        cells = [c.strip() for c in r.strip("|").split("|")]
        assert cells[2], r  # every figure has a measured value
        if "/s" not in cells[2] and "issue's" not in r and "measured" not in r:
            assert cells[3] and cells[8].endswith("MiB"), r  # its CPU time and memory too


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


def test_the_merge_baseline_gives_the_merges_answer(tmp_path: Path) -> None:
    import bench_merge

    got, want = bench_merge.same_answer(tmp_path, 2_000, 400)
    assert got == want
    assert got["added"] == 200 and got["same"] == got["conflicts"] == 100
    assert got["duplicates"] == 2  # one in a hundred of the new ones


def _sqlite(db: Path, query: str, *flags: str) -> str:
    import subprocess

    return subprocess.run(["sqlite3", *flags, str(db), query], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 program")
def test_the_undo_baseline_leaves_what_undo_leaves(tmp_path: Path) -> None:
    """`undo_import.sql` removes an import as `undo` does: every table holds the same rows
    after either (the import's new actors and tags stay, in both), the entry marked undone."""
    import os

    csv_path, env = tmp_path / "e.csv", {**os.environ, **run.ENV}
    synth.write_csv(csv_path, 3000)
    first = tmp_path / "imported.db"
    _out(run.tl(first, "add", "Kept", "--when", "2001-02-03", "--source", "Kept source"), env)
    _out(run.tl(first, "import", str(csv_path)), env)
    _sqlite(first, "PRAGMA wal_checkpoint(TRUNCATE)")
    dbs = {name: tmp_path / f"{name}.db" for name in ("ours", "base")}
    for db in dbs.values():
        shutil.copyfile(first, db)
    _out(run.tl(dbs["ours"], "undo"), env)
    _out(run.sql(dbs["base"], run.undo_sql(dbs["base"])), env)
    tables = ("events", "event_actors", "event_tags", "citations", "event_dates", "sources",
              "actors", "tags", "events_fts")  # fmt: skip
    left = {}
    for name, db in dbs.items():
        with sqlite3.connect(db) as conn:
            left[name] = [[*conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()[:50],
                           conn.execute(f"SELECT count(*) FROM {t}").fetchone()]
                          for t in tables]  # fmt: skip
            left[name].append(
                conn.execute(
                    "SELECT action, undone_at IS NOT NULL FROM history ORDER BY id"
                ).fetchall()
            )
            left[name].append(conn.execute("SELECT rowid FROM events_fts WHERE events_fts "
                                           "MATCH 'kept'").fetchall())  # fmt: skip
    assert left["ours"] == left["base"]
    assert left["ours"][0][-1] == (1,) and left["ours"][5][-1] == (1,)  # Kept, Kept source
    assert left["ours"][-2] == [("add", 0), ("import", 1)]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 program")
def test_each_suite_baseline_gives_the_commands_answer(tmp_path: Path) -> None:
    """The gaps, views, export and newer commands' baselines answer what the commands answer."""
    import json
    import os

    db = tmp_path / "b.db"
    synth.build_db(db, 3000)
    env = {**os.environ, **run.ENV}
    ours = [run.timeline_bin(), "--db", str(db)]
    for cat in (run.CATEGORY, None):  # gaps: the same gaps, by the event after each
        extra = ["-c", cat] if cat else []
        gaps = json.loads(_out([*ours, "gaps", *extra, "--json"], env))
        want = sorted((g["to"]["id"], g["min_days"]) for g in gaps)
        rows = _sqlite(db, run.max_sql(cat)).splitlines()
        assert sorted((int(r.split("|")[0]), round(float(r.split("|")[3]))) for r in rows) == want
        typer_rows = _out(run.typer_min(db, "gaps-sql", *([cat] if cat else [])), env)
        assert sorted(int(line.split()[0][1:]) for line in typer_rows.splitlines()) == [
            w[0] for w in want
        ]
        assert want, "the synthetic events have gaps"
    stats = json.loads(_out([*ours, "stats", "--by", "month", "-f", "json"], env))
    counted = {p["period"]: p["count"] for p in stats if p["count"]}
    grouped = dict(line.split() for line in _out(run.typer_min(db, "stats"), env).splitlines())
    assert {k: int(v) for k, v in grouped.items()} == counted
    events = json.loads(_out([*ours, "export", "-f", "json"], env))
    first = min(e["start"]["earliest"] for e in events)
    last = max((e["end"] or e["start"])["latest"] for e in events)
    assert _out(run.typer_min(db, "dates"), env).split() == [
        str(len(events)),
        "events",
        "from",
        first,
        "to",
        last,
    ]  # chart's baseline reads every event's bounds
    exported = _out([*ours, "export", "-f", "csv"], env).splitlines()[1:]
    base = _sqlite(db, run.EXPORT_SQL, "-csv").splitlines()
    assert [r.split(",")[0] for r in base] == [r.split(",")[0] for r in exported]
    floor = list(csv.reader(io.StringIO(_out(run.typer_min(db, "export", "csv"), env))))
    assert floor[0][:3] == ["id", "uuid", "title"]
    assert floor[1:] == list(csv.reader(io.StringIO("\n".join(base))))  # sqlite3 quotes more
    lines = _out(run.typer_min(db, "export", "jsonl"), env).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in events]
    quiet = json.loads(_out([*ours, "quiet", "--as-of", run.QUIET_DAY, "--by", "actor",
                             "--json"], env))  # fmt: skip
    rows = _sqlite(db, run.QUIET_SQL.replace("{day}", run.QUIET_DAY)).splitlines()
    assert dict(r.split("|") for r in rows) == {q["group"]: q["since_min"] for q in quiet}
    import subprocess

    check = subprocess.run(
        [*ours, "check", "gap", "--after", "2000", "--lasted", "about a month", "-c",
         run.CATEGORY, "--json"], capture_output=True, text=True, env=env,
    )  # fmt: skip
    to = next(d for d in json.loads(check.stdout)["deciding"] if d["role"] == "to")
    after = f"category = '{run.CATEGORY}' COLLATE NOCASE AND start_earliest > '2000-12-31'"
    first_after = _sqlite(db, f"SELECT min(start_earliest) FROM events WHERE {after}").strip()
    assert _sqlite(db, f"SELECT start_earliest FROM events WHERE id = {to['id']}").strip() == (
        first_after
    )


def test_a_run_counts_the_cpu_and_memory_of_every_process_it_starts() -> None:
    """Memory is the peak of the whole tree's sum and CPU includes the children's."""
    import measure

    child = (
        "import time; x = bytearray(80 * 2**20); t = time.process_time()\n"
        "while time.process_time() - t < 0.3: pass\ntime.sleep(0.2)"
    )
    parent = (
        "import subprocess, sys; y = bytearray(40 * 2**20); "
        f"subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    )
    got = measure.run_once([sys.executable, "-c", parent], run.ENV)
    assert got.mib >= 115  # 80 MiB in the child while the parent holds 40 MiB
    assert got.cpu >= 0.3  # the child's busy loop is counted
    with pytest.raises(RuntimeError, match="exited 3"):
        measure.run_once([sys.executable, "-c", "raise SystemExit(3)"], run.ENV)
    assert measure.run_once([sys.executable, "-c", "raise SystemExit(3)"], run.ENV, (3,)).wall


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


def test_the_scale_run_reports_every_command_at_every_size(tmp_path: Path) -> None:
    import scale

    text = scale.main(["--sizes", "400,200", "--work", str(tmp_path)])
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 2 * len(scale.COMMANDS)
    assert all(f"| `{name}` |" in text for name in scale.COMMANDS)
    assert "| 200 |" in text and "| 400 |" in text
    assert rows[0].endswith("| 1.00x | 1.00x |")  # the smallest size against itself


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 program")
def test_the_floors_do_the_work_of_the_commands_they_bound(tmp_path: Path) -> None:
    """`floors.py`: the import timed statement by statement stores what `import` stores (the
    same rows but for random UUIDs and timestamps), its statements taking part of its time;
    the export's reading reads as many rows as `export -f csv` writes."""
    import os

    import floors

    csv_path, env = tmp_path / "e.csv", {**os.environ, **run.ENV}
    synth.write_csv(csv_path, 3000)
    plain, timed = tmp_path / "plain.db", tmp_path / "timed.db"
    _out(run.tl(plain, "import", str(csv_path)), env)
    wall, cpu, spent, count = floors.import_in_process(csv_path, timed)
    assert count == 3000
    assert 0 < sum(spent.values()) < wall and cpu > 0
    assert spent["INSERT events"] > 0 and spent["INSERT OR IGNORE event_actors"] > 0
    stored = {}
    for name, db in (("plain", plain), ("timed", timed)):
        with sqlite3.connect(db) as conn:
            stored[name] = [
                conn.execute("SELECT id, title, when_text, start_earliest, end_latest, category, "
                             "source, value FROM events ORDER BY id").fetchall(),
                conn.execute("SELECT * FROM event_actors ORDER BY 1, 2").fetchall(),
                conn.execute("SELECT * FROM event_tags ORDER BY 1, 2").fetchall(),
                conn.execute("SELECT event_id, position, source_id FROM citations "
                             "ORDER BY 1, 2").fetchall(),
                conn.execute("SELECT id, title, url FROM sources ORDER BY id").fetchall(),
            ]  # fmt: skip
    assert stored["plain"] == stored["timed"] and len(stored["plain"][0]) == 3000
    exported = list(csv.reader(io.StringIO(_out(run.tl(plain, "export", "-f", "csv"), env))))
    assert floors.export_read(plain) == len(exported) - 1 == 3000
    report = floors.main(["export", str(plain), "--runs", "1"])
    assert "the export's query read in Python" in report and "x |" in report
