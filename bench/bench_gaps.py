"""Benchmark: `timeline gaps` over N synthetic events against a LAG window query in `sqlite3`.

The database is the benchmark suite's (`bench/synth.py`, seeded, in the real schema) and the
baseline is the suite's LAG query (`bench/baselines/gaps_lag.sql`); this script times that one
figure alone. It runs, alternately and as whole processes, `timeline --db X gaps -f json >
/dev/null` and the `sqlite3` program on the query, and prints the medians and their ratio. Not a
test: figures drift from run to run.

    python bench/bench_gaps.py            # 1,000,000 events, 5 runs each
    python bench/bench_gaps.py --quick    # 100,000 events
    python bench/bench_gaps.py --db /tmp/gaps-1m.db --runs 5
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import build_db

LAG_QUERY = (
    (Path(__file__).parent / "baselines" / "gaps_lag.sql").read_text().replace("{where}", "")
)


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
        build_db(path, n)
        print(f"built {path} with {n:,} events in {time.perf_counter() - t0:.1f} s")
    run(path, args.runs)


if __name__ == "__main__":
    main()
