"""How fast `timeline merge` combines a colleague's file with a large database: `--other` events
(default 100,000) merged into `--size` events (default 1,000,000), against a baseline that does
the same matching and adds the same rows with plain SQL over an attached database.

Decisions encoded here:
- Ours is the synthetic database of `synth.py`. Theirs is the same generator's first `--other`
  events with: the first half under our events' UUIDs (every other one retitled, so a quarter
  of the file is in conflict and a quarter the same), the second half new, retitled except for
  one in a hundred, which keeps the title, dates and source of one of ours (a possible
  duplicate).
- Each round merges into a fresh copy of ours (the copy is not timed): `timeline merge` as a
  whole process, and the baseline as a process running `baseline()` (the `sqlite3` module,
  no timeline code): match by UUID, compare the typed columns, actors, tags and citations,
  find the possible duplicates, insert the new events with their links, all in one
  transaction. Wall and CPU time (the child's user + system) are medians of `--runs` rounds.
- `same_answer` checks that the baseline's counts (added, same, conflicts, duplicates) are the
  command's (a test runs it at a small size).
- Benchmarks report; nothing here fails on speed. Goal (the issue): well under a minute.

    python bench/bench_merge.py --size 1000000 --other 100000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

TYPED = ("title", "when_text", "end_text", "category", "value", "unit", "location", "notes",
         "as_of")  # fmt: skip


def build(work: Path, size: int, other: int) -> tuple[Path, Path]:
    """Ours and theirs (kept in `work` between runs of the same sizes)."""
    ours, theirs = work / f"ours-{size}.db", work / f"theirs-{other}-of-{size}.db"
    if not ours.exists():
        synth.build_db(ours, size)
    if not theirs.exists():
        synth.build_db(theirs, other)
        half = other // 2
        conn = sqlite3.connect(theirs, isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("ATTACH ? AS o", [str(ours)])
        conn.execute("UPDATE events SET uuid = 'x' || id")  # out of the way of the unique index
        conn.execute(
            "UPDATE events SET uuid = (SELECT x.uuid FROM o.events x WHERE x.id = events.id) "
            "WHERE id <= ?",
            [half],
        )
        conn.execute("UPDATE events SET uuid = lower(hex(randomblob(16))) WHERE id > ?", [half])
        conn.execute(
            "UPDATE events SET title = title || ' (as reported)' "
            "WHERE (id <= ? AND id % 2 = 0) OR (id > ? AND id % 100 != 0)",
            [half, half],
        )
        conn.execute("COMMIT")
        conn.execute("DETACH o")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    return ours, theirs


def _signatures(schema: str, where: str = "") -> str:
    """SQL of (uuid, typed columns…, actors, tags, citations) for every event of `schema`."""
    names = "".join(
        f", (SELECT group_concat(name, ';') FROM (SELECT k.name FROM {schema}.event_{kind}s x "
        f"JOIN {schema}.{kind}s k ON k.id = x.{kind}_id WHERE x.event_id = e.id "
        f"ORDER BY x.position)) AS {kind}s"
        for kind in ("actor", "tag")
    )
    cited = (
        ", (SELECT group_concat(t, ';') FROM (SELECT s.title || '|' || coalesce(c.quote, '') "
        f"|| '|' || coalesce(c.source_when, '') AS t FROM {schema}.citations c JOIN "
        f"{schema}.sources s ON s.id = c.source_id WHERE c.event_id = e.id "
        "ORDER BY c.position)) AS cited"
    )
    typed = ", ".join(f"e.{c}" for c in TYPED)
    return f"SELECT e.uuid, {typed}{names}{cited} FROM {schema}.events e {where}"


def baseline(ours: Path, theirs: Path) -> dict[str, int]:
    """The merge's matching and inserts in plain SQL: its counts."""
    conn = sqlite3.connect(ours, isolation_level=None)
    conn.execute("ATTACH ? AS o", [str(theirs)])
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(f"CREATE TEMP TABLE theirs AS {_signatures('o')}")
    conn.execute(
        "CREATE TEMP TABLE ours AS "
        + _signatures("main", "WHERE e.uuid IN (SELECT uuid FROM o.events)")
    )
    joined = "FROM temp.theirs t JOIN temp.ours u ON u.uuid = t.uuid"
    matched = conn.execute(f"SELECT count(*) {joined}").fetchone()[0]
    equal = " AND ".join(f't."{c}" IS u."{c}"' for c in _column_names(conn, "theirs")[1:])
    same = conn.execute(f"SELECT count(*) {joined} AND {equal}").fetchone()[0]
    top = conn.execute("SELECT coalesce(max(id), 0) FROM main.events").fetchone()[0]
    new = "SELECT * FROM o.events WHERE uuid NOT IN (SELECT uuid FROM main.events)"
    duplicates = conn.execute(
        f"SELECT count(*) FROM ({new}) n WHERE EXISTS (SELECT 1 FROM main.events e WHERE "
        "e.start_earliest = n.start_earliest AND e.end_latest = n.end_latest AND "
        "e.title = n.title AND e.source IS n.source)"
    ).fetchone()[0]
    columns = [c for c in _column_names(conn, "events", "o") if c != "id"]
    listed = ", ".join(columns)
    conn.execute(
        f"CREATE TEMP TABLE added AS SELECT id AS old, {top} + row_number() OVER (ORDER BY id) "
        f"AS new FROM ({new})"
    )
    picked = ", ".join("n." + c for c in columns)
    conn.execute(
        f"INSERT INTO main.events (id, {listed}) SELECT a.new, {picked} "
        "FROM temp.added a JOIN o.events n ON n.id = a.old"
    )
    for kind in ("actor", "tag"):
        conn.execute(f"INSERT OR IGNORE INTO main.{kind}s (name) SELECT name FROM o.{kind}s")
        conn.execute(
            f"INSERT INTO main.event_{kind}s (event_id, {kind}_id, position) SELECT a.new, m.id, "
            f"x.position FROM temp.added a JOIN o.event_{kind}s x ON x.event_id = a.old "
            f"JOIN o.{kind}s k ON k.id = x.{kind}_id JOIN main.{kind}s m ON m.name = k.name"
        )
    added = conn.execute("SELECT count(*) FROM temp.added").fetchone()[0]
    conn.execute("COMMIT")
    conn.close()
    return {"added": added, "same": same, "conflicts": matched - same, "duplicates": duplicates}


def _column_names(conn: sqlite3.Connection, table: str, schema: str = "temp") -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def ours_merge(ours: Path, theirs: Path) -> dict[str, int]:
    """`timeline merge --json` as a process: its counts."""
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", str(ours), "merge", str(theirs), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    events = report["events"]
    return {"added": events["added"], "same": events["same"], "conflicts": events["conflicts"],
            "duplicates": len(report["duplicates"])}  # fmt: skip


def same_answer(work: Path, size: int, other: int) -> tuple[dict[str, int], dict[str, int]]:
    """The command's counts and the baseline's, each on its own copy of ours."""
    ours, theirs = build(work, size, other)
    a, b = work / "a.db", work / "b.db"
    shutil.copy(ours, a)
    shutil.copy(ours, b)
    return ours_merge(a, theirs), baseline(b, theirs)


def _timed(cmd: list[str]) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        said = proc.stderr.read().decode() if proc.stderr else ""
        raise RuntimeError(f"{' '.join(cmd)} failed: {said}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--other", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the built databases here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-merge-"))
    work.mkdir(parents=True, exist_ok=True)
    ours, theirs = build(work, args.size, args.other)
    got, want = same_answer(work, args.size, args.other)
    print(f"counts: timeline {got}, baseline {want}, same answer: {got == want}")
    copy = work / "round.db"
    rows: dict[str, list[tuple[float, float]]] = {"timeline merge": [], "baseline (SQL)": []}
    for n in range(args.runs):
        order = list(rows) if n % 2 == 0 else list(reversed(rows))
        for name in order:
            shutil.copy(ours, copy)
            if name == "timeline merge":
                cmd = [sys.executable, "-m", "timeline", "--db", str(copy), "merge", str(theirs)]
            else:
                call = f"b.baseline(b.Path({str(copy)!r}), b.Path({str(theirs)!r}))"
                code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_merge as b"
                cmd = [sys.executable, "-c", f"{code}; {call}"]
            rows[name].append(_timed(cmd))
    print(f"\nmerge {args.other:,} events into {args.size:,} ({args.runs} runs, medians)")
    print(f"{'':18} {'wall s':>8} {'cpu s':>8}")
    medians = {}
    for name, times in rows.items():
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        medians[name] = wall
        print(f"{name:18} {wall:8.2f} {cpu:8.2f}")
    ratio = medians["timeline merge"] / medians["baseline (SQL)"]
    print(f"ratio (wall) timeline / baseline: {ratio:.2f}x")


if __name__ == "__main__":
    main()
