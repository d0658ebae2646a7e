"""Benchmark: `timeline gaps --role delivered` against `timeline gaps`, at N role dates.

The database is the suite's (`bench/synth.py`, seeded, in the real schema) with one role date
per event, `delivered`, whose bounds are a copy of the event's own (`add_roles`): the two
commands then sweep the same extents, one from the `events` table (`events_start_extent`), the
other from `event_dates` (`event_dates_role_extent`), and must find the same gaps (checked on
every run here, and by `tests/test_bench_smoke.py`). Both are whole processes, `-f json` to
/dev/null, run alternately (the order alternating each round); the medians of wall time and of
CPU time (user + system, from `os.wait4`) and their ratios are printed. Goal: wall ratio within
1.2x. Not a test: figures drift from run to run.

    python bench/bench_roles.py                 # 1,000,000 events and role dates, 5 runs each
    python bench/bench_roles.py --quick         # 100,000
    python bench/bench_roles.py --db /tmp/roles-1m.db --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import build_db

ROLE = "delivered"
ENV = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1", "TIMELINE_DB": ""}
_DATE_COLUMNS = (
    "start_earliest, start_latest, end_earliest, end_latest, precision, approximate, uncertain, "
    "start_edtf, end_precision, end_approximate, end_uncertain, end_edtf, ongoing"
)


def add_roles(path: Path) -> int:
    """Give every event of `path` a `delivered` date equal to its own (text and bounds, and the
    copy of its category the store keeps beside a role date), in one transaction, the role
    indexes rebuilt after the insert; how many role dates there are."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_dates' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("DELETE FROM event_dates")
    conn.execute(
        f"INSERT INTO event_dates (event_id, role, when_text, end_text, {_DATE_COLUMNS}, "
        f"category) SELECT id, ?, when_text, end_text, {_DATE_COLUMNS}, category FROM events "
        "ORDER BY id",
        [ROLE],
    )
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = int(conn.execute("SELECT count(*) FROM event_dates").fetchone()[0])
    conn.close()
    return count


def timeline_bin() -> str:
    return shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))


CATEGORY = "energy"
SELECTIONS: tuple[tuple[str, ...], ...] = ((), ("-c", CATEGORY))
"""The two figures: every event, and one category's (as `bench/run.py` measures `gaps`)."""


def commands(path: Path, extra: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(ours: `gaps --role delivered`, baseline: `gaps`), both `-f json`, with `extra`."""
    base = [timeline_bin(), "--db", str(path), "gaps", "-f", "json", *extra]
    return [*base, "--role", ROLE], base


def same_answer(path: Path, extra: tuple[str, ...] = ()) -> bool:
    """Whether the two commands print the same gaps (their JSON, byte for byte)."""
    ours, base = commands(path, extra)
    a = subprocess.run(ours, capture_output=True, text=True, check=True, env=ENV).stdout
    b = subprocess.run(base, capture_output=True, text=True, check=True, env=ENV).stdout
    return a == b


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process, its output discarded."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def measure(path: Path, runs: int, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Medians of wall and CPU time of both commands, runs interleaved, order alternating."""
    ours, base = commands(path, extra)
    times: dict[str, list[float]] = {"ours": [], "ours_cpu": [], "base": [], "base_cpu": []}
    for r in range(runs):
        for which in ("ours", "base") if r % 2 == 0 else ("base", "ours"):
            wall, cpu = run_once(ours if which == "ours" else base)
            times[which].append(wall)
            times[f"{which}_cpu"].append(cpu)
    return {k: statistics.median(v) for k, v in times.items()}


def row(events: int, m: dict[str, float], extra: tuple[str, ...] = ()) -> str:
    """The figure as a BENCHMARKS.md table row."""
    ratio = m["ours"] / m["base"]
    more = f" {extra[0]} C" if extra else ""
    return (
        f"| {events:,} | `gaps{more} --role delivered` vs `gaps{more}` (same extents) | "
        f"{m['ours'] * 1000:.0f} ms (CPU {m['ours_cpu'] * 1000:.0f} ms) | "
        f"{m['base'] * 1000:.0f} ms (CPU {m['base_cpu'] * 1000:.0f} ms) | {ratio:.2f}x "
        f"(CPU {m['ours_cpu'] / m['base_cpu']:.2f}x) | <= 1.2x | "
        f"{'yes' if ratio <= 1.2 else '**no**'} |"
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this file")
    parser.add_argument("-n", type=int, default=1_000_000, help="events to build")
    parser.add_argument("--quick", action="store_true", help="100,000 events")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    n = 100_000 if args.quick else args.n
    path = args.db or Path(tempfile.mkdtemp()) / f"roles-{n}.db"
    if not path.exists():
        t0 = time.perf_counter()
        build_db(path, n)
        roles = add_roles(path)
        print(f"built {path}: {n:,} events, {roles:,} role dates, {time.perf_counter() - t0:.1f} s")
    subprocess.run(
        [timeline_bin(), "--db", str(path), "info"], env=ENV, check=True, capture_output=True
    )  # fmt: skip  (a migration never lands in a timed run)
    events = sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0]
    lines = []
    for extra in SELECTIONS:
        if not same_answer(path, extra):
            raise SystemExit(f"gaps {' '.join(extra)} --role delivered and gaps disagree: void")
        m = measure(path, args.runs, extra)
        said = " ".join(extra)
        print(f"events and role dates: {events:,} {said}; both commands print the same gaps")
        for name, key in (("gaps --role delivered", "ours"), ("gaps (baseline)", "base")):
            print(f"{name:<22}: wall {m[key]:.3f} s   CPU {m[key + '_cpu']:.3f} s (medians)")
        wall, cpu = m["ours"] / m["base"], m["ours_cpu"] / m["base_cpu"]
        print(f"ratio: wall {wall:.2f}x   CPU {cpu:.2f}x")
        lines.append(row(events, m, extra))
    print("\n".join(lines))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
