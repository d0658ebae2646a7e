"""The benchmark suite: every figure of the performance goals beside its baseline, as a table.

Decisions encoded here:
- Every figure is a whole process, timed from start to exit, run `--runs` times (default 5)
  interleaved with its baseline (the order alternates each round), reported as the medians and
  their ratio. Peak memory is the child's own `ru_maxrss` from `os.wait4`.
- A database kept in `--work` from an earlier run is opened once, untimed, so a migration to
  the current schema never lands in a timed run.
- Writes are measured on copies: `add` (ours and the baseline) into one copy of the database,
  `import` (ours and the `sqlite3` program's `.import`) each into a fresh file every round.
- Output goes to /dev/null, so `timeline` takes its piped path (plain lines, no rich table).
- The package's bytecode is written before anything is timed, as an installed package has it.
- The everyday commands (`add`, `list`, `gaps -c`, `show`) are compared with a minimal typer
  program running the same SQL (`baselines/typer_min.py`), so typer's own start-up is in both.
- Date parsing is measured in-process by `bench/bench_dates.py`'s functions.
- Peers: `--jrnl PATH` and a `timew` on PATH are measured when given; otherwise the issue's
  reference figures (jrnl `-n 10` 3.4 s, `timew gaps` 4.4 s on the same kind of machine) stand.
- Benchmarks report; nothing here fails on speed.

    python bench/run.py --quick                         # small sizes, about a minute
    python bench/run.py --sizes 100000,1000000 --runs 5 --write BENCHMARKS.md
    python bench/run.py --sizes 1000000 --runs 3 --only import   # one figure
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

BASE = HERE / "baselines"
ENV = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1", "TIMELINE_DB": ""}
ACTOR, CATEGORY, FROM, TO = "Iran", "energy", "2000", "2005"
JRNL_REF, TIMEW_REF = 3.4, 4.4


@dataclass
class Figure:
    size: int
    name: str
    ours: float
    base: float | None
    goal: str
    ok: bool | None
    unit: str = "s"

    def row(self) -> str:
        base = "" if self.base is None else _fmt(self.base, self.unit)
        ratio = "" if not self.base else f"{self.ours / self.base:.2f}x"
        met = {True: "yes", False: "**no**", None: ""}[self.ok]
        size = f"{self.size:,}" if self.size else "-"
        ours = _fmt(self.ours, self.unit)
        return f"| {size} | {self.name} | {ours} | {base} | {ratio} | {self.goal} | {met} |"


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:,.0f} {unit}"


def timeline_bin() -> str:
    return shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))


TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(cmd: Sequence[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one whole process, its output discarded.

    Linux keeps a forked child's `ru_maxrss` across exec, so the child's own figure would include
    this (large) process; `/usr/bin/time`, a small C program, forks it instead when present.
    """
    wrapped = [TIME, "-f", "maxrss=%M", *cmd] if TIME else list(cmd)
    t0 = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.strip()}")
    lines = err.strip().splitlines()
    if TIME and lines and lines[-1].startswith("maxrss="):
        return seconds, int(lines[-1].removeprefix("maxrss=")) / 1024
    return seconds, usage.ru_maxrss / 1024


Prep = Callable[[], None] | None


def pair(
    ours: Sequence[str], base: Sequence[str], runs: int, prep: Prep = None, base_prep: Prep = None
) -> tuple[float, float, float]:
    """Medians (ours s, baseline s, ours peak MiB), runs interleaved, order alternating."""
    t_ours: list[float] = []
    t_base: list[float] = []
    mem: list[float] = []
    for r in range(runs):
        for which in (0, 1) if r % 2 == 0 else (1, 0):
            if which == 0:
                prep and prep()
                seconds, peak = run_once(ours)
                t_ours.append(seconds)
                mem.append(peak)
            else:
                base_prep and base_prep()
                t_base.append(run_once(base)[0])
    return statistics.median(t_ours), statistics.median(t_base), statistics.median(mem)


def _ratio_goal(size: int, name: str, m: tuple[float, float, float], goal: float) -> Figure:
    return Figure(size, name, m[0], m[1], f"<= {goal:g}x", m[0] / m[1] <= goal)


def fig_help(runs: int) -> list[Figure]:
    m = pair([timeline_bin(), "--help"], [sys.executable, "-c", "import typer"], runs)
    return [_ratio_goal(0, "`timeline --help` vs `import typer`", m, 2.0)]


def typer_min(db: Path, *args: str) -> list[str]:
    """The minimal typer program (`baselines/typer_min.py`) running one command's SQL."""
    return [sys.executable, str(BASE / "typer_min.py"), str(db), *args]


def fig_add(db: Path, size: int, runs: int, work: Path) -> list[Figure]:
    copy = work / f"add-{size}.db"
    shutil.copyfile(db, copy)
    os.sync()  # else the copy's write-back competes with the first commits' fsyncs
    ours = [timeline_bin(), "--db", str(copy), "add", "Bench event", "--when", "2024-03-05"]
    m = pair(ours, typer_min(copy, "add", "Bench event", "2024-03-05"), runs)
    copy.unlink()
    return [_ratio_goal(size, "`add` vs a minimal typer program + sqlite3", m, 1.3)]


def fig_list(db: Path, size: int, runs: int) -> list[Figure]:
    ours = [timeline_bin(), "--db", str(db), "list", "-n", "50", "--actor", ACTOR]
    ours += ["--from", FROM, "--to", TO]
    base = typer_min(db, "list", ACTOR, f"{FROM}-01-01", f"{TO}-12-31")
    m = pair(ours, base, runs)
    name = "`list -n 50 --actor --from --to` vs a minimal typer program + sqlite3"
    return [_ratio_goal(size, name, m, 1.3)]


def fig_everyday(db: Path, size: int, runs: int) -> list[Figure]:
    """`gaps -c C` and `show` against the minimal typer program running the same SQL."""
    out = []
    for name, ours, base in (
        ("`gaps -c C`", ["gaps", "-c", CATEGORY], ["gaps", CATEGORY]),
        ("`show`", ["show", str(size // 2)], ["show", str(size // 2)]),
    ):
        m = pair([timeline_bin(), "--db", str(db), *ours], typer_min(db, *base), runs)
        out.append(_ratio_goal(size, f"{name} vs a minimal typer program + sqlite3", m, 1.3))
    return out


def lag_sql(category: str | None) -> str:
    """The LAG baseline: all events, or (for `gaps -c C`) one category's, in place of {where}."""
    where = f"WHERE category = '{category}' COLLATE NOCASE" if category else ""
    return (BASE / "gaps_lag.sql").read_text().replace("{where}", where)


def fig_gaps(db: Path, size: int, runs: int) -> tuple[list[Figure], float]:
    out = []
    mem = 0.0
    for label, extra, cat in (("`gaps -c C`", ["-c", CATEGORY], CATEGORY), ("`gaps`", [], None)):
        ours = [timeline_bin(), "--db", str(db), "gaps", *extra]
        m = pair(ours, ["sqlite3", str(db), lag_sql(cat)], runs)
        f = _ratio_goal(size, f"{label} vs LAG in sqlite3", m, 1.0)
        f.goal += " (stretch 0.5x)"
        out.append(f)
        mem = m[2] if not cat else mem
    floor = [sys.executable, str(BASE / "gaps_floor.py"), str(db), CATEGORY, ENV["TIMELINE_TODAY"]]
    m = pair(floor, ["sqlite3", str(db), lag_sql(CATEGORY)], runs)
    name = "`gaps -c C` floor: the least Python program (`gaps_floor.py`) vs LAG"
    out.append(Figure(size, name, m[0], m[1], "report", None))
    return out, mem


def fig_import(csv_path: Path, size: int, runs: int, work: Path) -> tuple[list[Figure], float]:
    ours_db, base_db = work / "import-ours.db", work / "import-base.db"

    def fresh(path: Path) -> Callable[[], None]:
        def clear() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return clear

    ours = [timeline_bin(), "--db", str(ours_db), "import", str(csv_path)]
    base = ["sqlite3", str(base_db), f".import --csv {csv_path} plain"]
    m = pair(ours, base, runs, fresh(ours_db), fresh(base_db))
    fresh(ours_db)()
    fresh(base_db)()
    f = _ratio_goal(size, "`import` CSV vs sqlite3 `.import`", m, 10)
    f.goal += " (stretch 6x)"
    return [f], m[2]


def fig_export(db: Path, size: int, runs: int) -> tuple[list[Figure], float]:
    ours = [timeline_bin(), "--db", str(db), "export", "-f", "jsonl"]
    base = ["sqlite3", "-json", str(db), "SELECT * FROM events ORDER BY start_earliest"]
    m = pair(ours, base, runs)
    return [Figure(size, "`export -f jsonl` vs `sqlite3 -json`", m[0], m[1], "report", None)], m[2]


def fig_memory(size: int, peaks: dict[str, float]) -> list[Figure]:
    return [
        Figure(size, f"peak memory of `{name}`", mib, None, "< 150 MiB, flat", mib < 150, "MiB")
        for name, mib in peaks.items()
    ]


def fig_dates(n: int, runs: int) -> list[Figure]:
    from datetime import date

    from dateutil.parser import parse as dateutil_parse

    from bench_dates import expressions, rate
    from timeline.dates import parse_when

    texts = expressions(n)
    today = date(2024, 10, 15)
    ours, _ = rate(lambda t: parse_when(t, today=today), texts, runs)
    theirs, _ = rate(dateutil_parse, texts, runs)
    ok = ours >= 5 * theirs
    name = f"date parsing, {n:,} texts (rate, higher is better; ratio ours/theirs)"
    return [Figure(0, name, ours, theirs, ">= 5x", ok, "/s")]


def build(size: int, work: Path, db_needed: bool = True) -> tuple[Path, Path]:
    db, csv_path = work / f"events-{size}.db", work / f"events-{size}.csv"
    if db_needed and not db.exists():
        t0 = time.perf_counter()
        synth.build_db(db, size)
        print(f"built {db.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if db_needed:  # a database kept from an older schema is brought up to date, untimed
        subprocess.run([timeline_bin(), "--db", str(db), "info"], env=ENV, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    if not csv_path.exists():
        synth.write_csv(csv_path, size)
    return db, csv_path


GROUPS = ("help", "dates", "add", "list", "gaps", "import", "export", "peers")


def suite(
    size: int, runs: int, work: Path, only: frozenset[str] = frozenset(GROUPS)
) -> list[Figure]:
    db, csv_path = build(size, work, db_needed=bool(only - {"import"}))
    figures: list[Figure] = []
    peaks: dict[str, float] = {}
    if "add" in only:
        figures += fig_add(db, size, runs, work)
    if "list" in only:
        figures += fig_list(db, size, runs)
        figures += fig_everyday(db, size, runs)
    if "gaps" in only:
        gaps, peaks["gaps"] = fig_gaps(db, size, runs)
        figures += gaps
    if "import" in only:
        imported, peaks["import"] = fig_import(csv_path, size, runs, work)
        figures += imported
    if "export" in only:
        exported, peaks["export -f jsonl"] = fig_export(db, size, runs)
        figures += exported
    return figures + fig_memory(size, peaks)


def peers(size: int, runs: int, work: Path, jrnl: str | None) -> list[Figure]:
    """Our reads at `size` against jrnl / timewarrior: measured when present, else the issue's."""
    import peers as peer_bench

    db, _ = build(size, work)
    ours_list = statistics.median(
        run_once([timeline_bin(), "--db", str(db), "list", "-n", "10"])[0] for _ in range(runs)
    )
    ours_gaps = statistics.median(
        run_once([timeline_bin(), "--db", str(db), "gaps"])[0] for _ in range(runs)
    )
    j = peer_bench.jrnl_seconds(jrnl, size, runs, work) if jrnl else None
    t = peer_bench.timew_seconds(runs, work) if shutil.which("timew") else None
    jl = "jrnl `-n 10`" + (" (measured)" if j else " (issue's 3.4 s)")
    tl = "`timew gaps`, a year of 10k intervals" + (" (measured)" if t else " (issue's 4.4 s)")
    jt, tt = j or JRNL_REF, t or TIMEW_REF
    return [
        Figure(size, f"`list -n 10` vs {jl}", ours_list, jt, "<= 0.1x", ours_list * 10 <= jt),
        Figure(size, f"`gaps` vs {tl}", ours_gaps, tt, "<= 0.05x", ours_gaps * 20 <= tt),
    ]


def compile_bytecode() -> None:
    """Write the `.pyc` files of the installed package (an install from PyPI has them), so no
    timed run compiles a module: with PYTHONDONTWRITEBYTECODE set, every run would."""
    import compileall

    import timeline

    compileall.compile_dir(str(Path(timeline.__file__).parent), quiet=1)
    compileall.compile_dir(str(BASE), quiet=1)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version} (module), "
        + subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
        + " (sqlite3 program)"
    )


def table(figures: list[Figure]) -> str:
    head = "| events | figure | timeline | baseline | ratio | goal | met |\n"
    head += "| ---: | --- | ---: | ---: | ---: | --- | --- |\n"
    return head + "\n".join(f.row() for f in figures) + "\n"


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 events, 3 runs")
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="folder for the databases (kept; reused)")
    parser.add_argument("--dates", type=int, default=100_000, help="texts for date parsing")
    parser.add_argument("--peers", type=int, default=100_000, help="size for peers (0: skip)")
    parser.add_argument("--jrnl", help="a jrnl executable to measure (else the issue's figure)")
    parser.add_argument("--write", type=Path, help="also write the table as markdown here")
    parser.add_argument(
        "--only",
        help=f"comma-separated figures to measure, of {','.join(GROUPS)} (default: all)",
    )
    args = parser.parse_args(argv)
    compile_bytecode()
    only = frozenset(args.only.split(",")) if args.only else frozenset(GROUPS)
    if only - set(GROUPS):
        parser.error(f"--only: unknown {', '.join(sorted(only - set(GROUPS)))}")
    sizes = [20_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 3 if args.quick else args.runs
    dates_n = 20_000 if args.quick else args.dates
    peer_size = (20_000 if args.quick else args.peers) if args.peers else 0
    work = args.work or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = fig_help(runs) if "help" in only else []
    figures += fig_dates(dates_n, runs) if "dates" in only else []
    for size in sizes:
        figures += suite(size, runs, work, only)
    if peer_size and "peers" in only:
        figures += peers(peer_size, runs, work, args.jrnl)
    report = f"Machine: {machine()}\n\nMedians of {runs} runs each.\n\n{table(figures)}"
    print(report)
    if args.write:
        args.write.write_text(report)
    return report


if __name__ == "__main__":
    main()
