"""Benchmark: `timeline gaps` over N synthetic events against a LAG window query in `sqlite3`.

Builds (or reuses, with --db) a database in the real schema: the store creates the file, then
the events go in with stdlib `executemany` in one transaction, the date indexes dropped during
the insert and rebuilt from their own SQL afterwards. Then it runs, alternately and as whole
processes, `timeline --db X gaps -f json > /dev/null` and the `sqlite3` program on the query
below, and prints the medians and their ratio. Not a test: figures drift from run to run.

    python bench/bench_gaps.py            # 1,000,000 events, 5 runs each
    python bench/bench_gaps.py --quick    # 100,000 events
    python bench/bench_gaps.py --db /tmp/gaps-1m.db --runs 5

The synthetic events (seeded, so every build is the same): start days spread over the years
1000-2024; 90% day precision, 4% ISO week, 3% part of a month, 3% month; one in 25 a span
lasting up to 60 days, a handful ongoing from 2024.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

LAG_QUERY = (
    "SELECT id, prev_end, start_earliest, julianday(start_earliest) - julianday(prev_end) "
    "FROM (SELECT id, start_earliest, LAG(end_latest) OVER "
    "(ORDER BY start_earliest, start_latest, id) AS prev_end FROM events) "
    "WHERE start_earliest > prev_end;"
)
FIRST = date(1000, 1, 1).toordinal()
LAST = date(2024, 12, 31).toordinal()
STAMP = "2024-10-15T00:00:00Z"


def _fuzzy(rng: random.Random, day: date) -> tuple[date, date, str, str]:
    """(earliest, latest, precision, text) of a random precision around `day`."""
    roll = rng.random()
    if roll < 0.90:
        return day, day, "day", day.isoformat()
    if roll < 0.94:
        monday = day - timedelta(day.weekday())
        year, week, _ = monday.isocalendar()
        return monday, monday + timedelta(6), "week", f"{year}-W{week:02d}"
    first = day.replace(day=1)
    last = (first + timedelta(32)).replace(day=1) - timedelta(1)
    if roll < 0.97:
        return first, first + timedelta(9), "month-part", f"early {first:%B %Y}"
    return first, last, "month", f"{first:%Y-%m}"


def _row(rng: random.Random, i: int) -> tuple[object, ...]:
    start = date.fromordinal(rng.randint(FIRST, LAST))
    se, sl, precision, text = _fuzzy(rng, start)
    ee, el, ongoing = se, sl, 0
    if i % 25 == 0:
        ee, el = sl + timedelta(rng.randint(1, 60)), sl + timedelta(rng.randint(61, 90))
        text += f" to {el.isoformat()}"
    if i % 200_000 == 7:
        se = sl = date(2024, 6, 1)
        ee, el, ongoing, text = date(2024, 10, 15), date(2024, 10, 15), 1, "since June 2024"
    days = (se.isoformat(), sl.isoformat(), ee.isoformat(), el.isoformat())
    return (f"Synthetic event {i}", text, *days, precision, ongoing, STAMP, STAMP)


def build(path: Path, n: int) -> None:
    """Create the schema with the store, then bulk-insert `n` events."""
    from timeline.store import open_store

    open_store(path, create=True).close()
    conn = sqlite3.connect(path, isolation_level=None)
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
        "AND sql IS NOT NULL"
    ).fetchall()
    rng = random.Random(20241015)
    conn.execute("BEGIN")
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.executemany(
        "INSERT INTO events (title, when_text, start_earliest, start_latest, end_earliest, "
        "end_latest, precision, ongoing, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_row(rng, i) for i in range(n)),
    )
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=_env())
    return time.perf_counter() - t0


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "TIMELINE_TODAY": "2024-10-15"}


def _timeline() -> str:
    found = shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))
    return found


def run(path: Path, runs: int) -> None:
    ours = [_timeline(), "--db", str(path), "gaps", "-f", "json"]
    lag = ["sqlite3", str(path), LAG_QUERY]
    gaps = subprocess.run(ours, capture_output=True, text=True, check=True, env=_env())
    count = gaps.stdout.count('"min_days"')
    ours_t: list[float] = []
    lag_t: list[float] = []
    for _ in range(runs):
        ours_t.append(_timed(ours))
        lag_t.append(_timed(lag))
    a, b = statistics.median(ours_t), statistics.median(lag_t)
    events = sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"events: {events:,}   gaps found by timeline: {count:,}")
    print(f"timeline gaps -f json : median {a:.3f} s  ({', '.join(f'{t:.2f}' for t in ours_t)})")
    print(f"sqlite3 LAG query     : median {b:.3f} s  ({', '.join(f'{t:.2f}' for t in lag_t)})")
    print(f"ratio timeline / LAG  : {a / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this file")
    parser.add_argument("-n", type=int, default=1_000_000, help="events to build")
    parser.add_argument("--quick", action="store_true", help="100,000 events")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n = 100_000 if args.quick else args.n
    path = args.db or Path(tempfile.mkdtemp()) / f"gaps-{n}.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, n)
        print(f"built {path} with {n:,} events in {time.perf_counter() - t0:.1f} s")
    run(path, args.runs)


if __name__ == "__main__":
    main()
