"""The floors under the import and export goals: how much of each command is SQLite's own
work, which no change to the Python around it can remove.

- `import`: the import of a CSV file into a new database, run in this one process (no reading
  process), with every statement the store runs through its connections timed (`execute`,
  `executemany`, `executescript`: SQLite's work plus the sqlite3 module's binding of the
  parameters), beside `sqlite3 .import` of the same file as a whole process, in the same go.
  The statements' sum is what the writer spends in SQLite: an import whose reading took no
  time at all, in a second process, could not be faster than that.
- `export`: the rows `export -f csv` writes, read by its own query (`timeline.store.flat`, in
  listing order) and fetched by the sqlite3 module, nothing written, as a whole process,
  beside the `sqlite3` program writing the same rows as CSV (`baselines/export.sql`): no
  writer in Python can be faster than its reading.

    python bench/floors.py import CSV --runs 3
    python bench/floors.py export DB --runs 3

Each prints a Markdown table of medians (wall and CPU) and the ratios to the baseline; the
answers are checked (the import's event count, the rows read in the export's order; see
`tests/test_bench_smoke.py`). Not a test: figures drift from run to run.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Sample, median, pair, run_once
from run import ENV, EXPORT_SQL


class _Timed(sqlite3.Connection):
    """A connection that adds the time of each statement it runs to `spent`, by kind."""

    spent: ClassVar[Counter[str]] = Counter()

    def _timed(self, run: Callable[..., Any], sql: str, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return run(sql, *args)
        finally:
            _Timed.spent[_kind(sql)] += time.perf_counter() - start

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._timed(super().execute, sql, *args)  # type: ignore[no-any-return]

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        return self._timed(super().executemany, sql, *args)  # type: ignore[no-any-return]

    def executescript(self, sql: str) -> sqlite3.Cursor:  # type: ignore[override]
        return self._timed(super().executescript, sql)  # type: ignore[no-any-return]


def _kind(sql: str) -> str:
    """A statement's kind: its verb and the table it names (`INSERT events`)."""
    words = re.sub(r"[\"(]", " ", sql).split()
    verb = " ".join(w.upper() for w in words[:3] if w.upper() in ("INSERT", "OR", "IGNORE",
                    "CREATE", "UNIQUE", "INDEX", "DELETE", "UPDATE", "SELECT", "DROP"))  # fmt: skip
    table = next((w for w in words if w.lower().startswith(("events", "event_", "sources",
                  "citations", "temp.", "actors", "tags", "history"))), "")  # fmt: skip
    return f"{verb or words[0].upper() if words else '?'} {table}".strip()


@contextmanager
def timed_statements() -> Iterator[Counter[str]]:
    """Every connection opened inside times its statements into the counter yielded."""
    real = sqlite3.connect
    _Timed.spent = Counter()

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real(*args, **kwargs, factory=_Timed)  # type: ignore[misc]

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield _Timed.spent
    finally:
        sqlite3.connect = real


def import_in_process(csv_path: Path, db: Path) -> tuple[float, float, Counter[str], int]:
    """Import `csv_path` into the new file `db` in this process, reading included: wall and
    CPU seconds, the statements' seconds by kind, and the events stored."""
    from typer.testing import CliRunner

    from timeline.cli.app import app
    from timeline.store import feed

    can_fork, feed.can_fork = feed.can_fork, lambda: False
    try:
        with timed_statements() as spent:
            wall, cpu = time.perf_counter(), time.process_time()
            result = CliRunner().invoke(app, ["--db", str(db), "import", str(csv_path)], env=ENV)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        feed.can_fork = can_fork
    if result.exit_code != 0:
        raise SystemExit(f"the import failed: {result.output.strip()}")
    with sqlite3.connect(db) as conn:
        count = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    return wall, cpu, Counter(spent), count


def _clear(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def import_floor(csv_path: Path, runs: int, work: Path) -> str:
    """The import's statements beside `.import`: a Markdown report."""
    ours_db, base_db = work / "floor-import.db", work / "floor-base.db"
    statements: list[float] = []
    whole: list[Sample] = []
    kinds: list[Counter[str]] = []
    base: list[Sample] = []
    counts = set()
    for _ in range(runs):
        _clear(base_db)
        base.append(run_once(["sqlite3", str(base_db), f".import --csv {csv_path} plain"], ENV))
        _clear(ours_db)
        wall, cpu, spent, count = import_in_process(csv_path, ours_db)
        counts.add(count)
        statements.append(sum(spent.values()))
        whole.append(Sample(wall, cpu, 0.0))
        kinds.append(spent)
    _clear(ours_db)
    _clear(base_db)
    b, w, s = median(base), median(whole), statistics.median(statements)
    top = Counter({k: statistics.median(c[k] for c in kinds) for k in kinds[0]})
    lines = [
        f"{csv_path.name}: {', '.join(map(str, sorted(counts)))} events; medians of {runs} runs",
        "",
        "| figure | wall | CPU | ratio to `.import` (wall) |",
        "| --- | ---: | ---: | ---: |",
        f"| `sqlite3 .import` (whole process) | {b.wall:.2f} s | {b.cpu:.2f} s | 1.00x |",
        f"| the import in one process, reading included | {w.wall:.2f} s | {w.cpu:.2f} s | "
        f"{w.wall / b.wall:.2f}x |",
        f"| its statements alone (SQLite and the parameters' binding) | {s:.2f} s | | "
        f"{s / b.wall:.2f}x |",
        *(f"| - {k} | {v:.2f} s | | {v / b.wall:.2f}x |" for k, v in top.most_common(8)),
    ]
    return "\n".join(lines)


def export_read(db: Path) -> int:
    """Read the rows `export -f csv` writes, in its order, and write nothing: how many."""
    from timeline.model import Filters
    from timeline.store.core import open_store
    from timeline.store.flat import flat_rows

    store = open_store(db, create=False)
    filters = Filters()
    return sum(1 for _ in flat_rows(store, filters, role_dates=bool(store.roles(filters))))


def export_floor(db: Path, runs: int) -> str:
    """The export's reading beside `sqlite3 -csv`: a Markdown report."""
    read = [sys.executable, __file__, "export-read", str(db)]
    base = ["sqlite3", "-csv", "-header", str(db), EXPORT_SQL]
    o, b = pair(read, base, runs, ENV)
    return "\n".join(
        [
            f"{db.name}: medians of {runs} runs, whole processes",
            "",
            "| figure | wall | CPU | ratio CPU | ratio wall |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| `sqlite3 -csv` writing the rows | {b.wall:.2f} s | {b.cpu:.2f} s | 1.00x | 1.00x |",
            f"| the export's query read in Python, nothing written | {o.wall:.2f} s | "
            f"{o.cpu:.2f} s | {o.cpu / b.cpu:.2f}x | {o.wall / b.wall:.2f}x |",
        ]
    )


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("import", "export", "export-read"))
    parser.add_argument("path", type=Path, help="the CSV file (import) or database (export)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.what == "export-read":
        return str(export_read(args.path))
    if args.what == "export":
        return export_floor(args.path, args.runs)
    with tempfile.TemporaryDirectory() as work:
        return import_floor(args.path, args.runs, Path(work))


if __name__ == "__main__":
    print(main())
