"""The benchmark suite: every figure of the performance goals beside a baseline that gives the
same answer, as a table.

Decisions encoded here:
- Every figure is a whole process, timed from start to exit, run `--runs` times (default 5)
  interleaved with its baseline (the order alternates each round); the table gives the medians
  of wall and CPU time (user + system, waited-for descendants included) for both, both ratios,
  and our peak memory summed over every process the command starts (`bench/measure.py`).
- Every baseline gives the command's answer (the same gaps, rows, counts), and
  `tests/test_bench_smoke.py` checks each on a small database. The gaps baseline is the
  running-MAX query (`baselines/gaps_max.sql`: each event against the latest end so far, as the
  sweep does), not a LAG against the previous event alone.
- Where a goal is set against a baseline that also imports typer, the baseline is the minimal
  typer program running the same SQL (`baselines/typer_min.py`), so the framework's start-up is
  in both; otherwise it is the `sqlite3` program running the same query with the same joins.
- A database kept in `--work` from an earlier run is opened once, untimed, so a migration to
  the current schema never lands in a timed run. Writes are measured on copies.
- Output goes to /dev/null, so `timeline` takes its piped path (plain lines, no rich table).
- The package's bytecode is written before anything is timed, as an installed package has it.
- Date parsing is measured in-process on the texts both parsers read (`bench/bench_dates.py`).
- Peers: `--jrnl PATH` and a `timew` on PATH are measured when given; otherwise the reference
  figures (jrnl `-n 10` 3.4 s, `timew gaps` 4.4 s on the same kind of machine) stand.
- Benchmarks report; nothing here fails on speed.

    python bench/run.py --quick                         # small sizes, a few minutes
    python bench/run.py --sizes 100000,1000000 --runs 5 --write BENCHMARKS.md
    python bench/run.py --sizes 1000000 --runs 3 --only import   # one group
"""

from __future__ import annotations

import argparse
import json
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
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from measure import Figure, Sample, median, pair, run_once, table  # noqa: E402

BASE = HERE / "baselines"
ENV = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "NO_COLOR": "1", "TIMELINE_DB": ""}
ACTOR, CATEGORY, FROM, TO = "Iran", "energy", "2000", "2005"
JRNL_REF, TIMEW_REF = 3.4, 4.4


def timeline_bin() -> str:
    return shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))


def tl(db: Path, *args: str) -> list[str]:
    return [timeline_bin(), "--db", str(db), *args]


def typer_min(db: Path, *args: str) -> list[str]:
    """The minimal typer program (`baselines/typer_min.py`) running one command's SQL."""
    return [sys.executable, str(BASE / "typer_min.py"), str(db), *args]


def sql(db: Path, query: str, *flags: str) -> list[str]:
    return ["sqlite3", *flags, str(db), query]


MEMORY = 150.0  # MiB: the peak every command stays under, flat from 100k to 1M


def figure(
    size: int, name: str, m: tuple[Sample, Sample], goal: str = "report",
    limits: dict[str, float] | None = None, memory: float | None = MEMORY,
) -> Figure:  # fmt: skip
    text = goal + (f"; < {memory:g} MiB" if memory else "")
    return Figure(size, name, m[0], m[1], text, limits, memory_goal=memory)


def fig_help(runs: int) -> list[Figure]:
    m = pair([timeline_bin(), "--help"], [sys.executable, "-c", "import typer"], runs, ENV)
    return [figure(0, "`timeline --help` vs `import typer`", m, "<= 2x CPU", {"cpu": 2.0})]


def fig_dates(n: int, runs: int) -> list[Figure]:
    from dateutil.parser import parse as dateutil_parse

    from bench_dates import both_read, expressions, rate
    from timeline.dates import parse_when

    texts = both_read(expressions(n))
    today = date(2024, 10, 15)
    ours, _ = rate(lambda t: parse_when(t, today=today), texts, runs)
    theirs, _ = rate(dateutil_parse, texts, runs)
    name = f"date parsing, {len(texts):,} texts both parsers read (rate; ratio ours/theirs)"
    return [Figure(0, name, Sample(ours, 0, 0), Sample(theirs, 0, 0), ">= 5x", {"wall": 5.0},
                   unit="/s")]  # fmt: skip


def fig_add(db: Path, size: int, runs: int, work: Path) -> list[Figure]:
    copy = work / f"add-{size}.db"
    shutil.copyfile(db, copy)
    os.sync()  # else the copy's write-back competes with the first commits' fsyncs
    ours = tl(copy, "add", "Bench event", "--when", "2024-03-05")
    m = pair(ours, typer_min(copy, "add", "Bench event", "2024-03-05"), runs, ENV)
    copy.unlink()
    return [figure(size, "`add` vs a minimal typer program + sqlite3", m, "<= 1.3x CPU",
                   {"cpu": 1.3})]  # fmt: skip


def fig_list(db: Path, size: int, runs: int) -> list[Figure]:
    ours = tl(db, "list", "-n", "50", "--actor", ACTOR, "--from", FROM, "--to", TO)
    base = typer_min(db, "list", ACTOR, f"{FROM}-01-01", f"{TO}-12-31")
    name = "`list -n 50 --actor --from --to` vs a minimal typer program + sqlite3"
    out = [figure(size, name, pair(ours, base, runs, ENV), "<= 1.3x CPU", {"cpu": 1.3})]
    for name, args in (("`show`", ["show", str(size // 2)]),):
        m = pair(tl(db, *args), typer_min(db, *args), runs, ENV)
        out.append(figure(size, f"{name} vs a minimal typer program + sqlite3", m,
                          "<= 1.3x CPU", {"cpu": 1.3}))  # fmt: skip
    return out


def max_sql(category: str | None) -> str:
    """The running-MAX gaps query: all events, or (for `gaps -c C`) one category's."""
    where = f"WHERE category = '{category}' COLLATE NOCASE" if category else ""
    return (BASE / "gaps_max.sql").read_text().replace("{where}", where)


def fig_gaps(db: Path, size: int, runs: int) -> list[Figure]:
    out = []
    big = size >= 1_000_000
    for label, extra in (("`gaps -c C`", ["-c", CATEGORY]), ("`gaps`", [])):
        cat = CATEGORY if extra else None
        ours = tl(db, "gaps", *extra)
        m = pair(ours, sql(db, max_sql(cat)), runs, ENV)
        goal = ("<= 0.8x CPU", {"cpu": 0.8}) if big else ("report", None)
        out.append(figure(size, f"{label} vs the running-MAX query in sqlite3", m, *goal))
        m = pair(ours, typer_min(db, "gaps-sql", *([cat] if cat else [])), runs, ENV)
        goal = ("report", None) if big else ("<= 1.0x CPU", {"cpu": 1.0})
        out.append(figure(size, f"{label} vs that query in a minimal typer program", m, *goal))
    return out


def fig_views(db: Path, size: int, runs: int) -> list[Figure]:
    """`chart` and `stats --by month` against typer programs reading the same dates."""
    small = size < 1_000_000
    m = pair(tl(db, "chart"), typer_min(db, "dates"), runs, ENV)
    goal = ("<= 3x CPU", {"cpu": 3.0}) if small else ("report", None)
    out = [figure(size, "`chart` vs a typer program reading the same dates", m, *goal,
                  memory=100.0)]  # fmt: skip
    m = pair(tl(db, "stats", "--by", "month"), typer_min(db, "stats"), runs, ENV)
    goal = ("<= 1.5x CPU", {"cpu": 1.5}) if small else ("report", None)
    out.append(figure(size, "`stats --by month` vs its GROUP BY in a typer program", m, *goal))
    return out


def fig_import(csv_path: Path, size: int, runs: int, work: Path) -> list[Figure]:
    ours_db, base_db = work / "import-ours.db", work / "import-base.db"

    def fresh(path: Path) -> Callable[[], None]:
        def clear() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return clear

    ours = tl(ours_db, "import", str(csv_path))
    base = sql(base_db, f".import --csv {csv_path} plain")
    m = pair(ours, base, runs, ENV, fresh(ours_db), fresh(base_db))
    fresh(ours_db)()
    fresh(base_db)()
    if size >= 1_000_000:
        goal, limits = "<= 7x wall, <= 11x CPU", {"wall": 7.0, "cpu": 11.0}
    else:
        goal, limits = "<= 10x wall", {"wall": 10.0}
    return [figure(size, "`import` CSV vs sqlite3 `.import`", m, goal, limits),
            *fig_undo(csv_path, size, runs, work)]  # fmt: skip


def undo_sql(db: Path) -> str:
    """The baseline's statements for undoing the latest import of `db` (`undo_import.sql`)."""
    with sqlite3.connect(db) as conn:
        after = conn.execute(
            "SELECT after FROM history WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    span = json.loads(after)
    runs = span.get("source_runs") or [[0, -1]]
    text = "\n".join(
        line
        for line in (BASE / "undo_import.sql").read_text().splitlines()
        if not line.startswith("--")
    )  # the sqlite3 program reads "--" as an option
    return (
        text.replace("{first}", str(span["first_id"])).replace("{last}", str(span["last_id"]))
        .replace("{source_runs}", ", ".join(f"({a}, {b})" for a, b in runs))
    )  # fmt: skip


def fig_undo(csv_path: Path, size: int, runs: int, work: Path) -> list[Figure]:
    """`undo` of an import of the CSV into a new file, beside the same removal in plain SQL
    run by the sqlite3 program (`undo_import.sql`); each run starts from a copy of the file
    as the import left it."""
    imported, ours_db, base_db = (work / f"undo-{n}.db" for n in ("imported", "ours", "base"))
    for path in (imported, ours_db, base_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    subprocess.run(tl(imported, "import", str(csv_path)), env={**os.environ, **ENV},
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run(["sqlite3", str(imported), "PRAGMA wal_checkpoint(TRUNCATE)"], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip

    def copy(to: Path) -> Callable[[], None]:
        def fresh() -> None:
            shutil.copyfile(imported, to)
            for suffix in ("-wal", "-shm"):
                Path(f"{to}{suffix}").unlink(missing_ok=True)
            os.sync()  # else the copy's write-back competes with the undo's own writes

        return fresh

    m = pair(tl(ours_db, "undo"), sql(base_db, undo_sql(imported)), runs, ENV,
             copy(ours_db), copy(base_db))  # fmt: skip
    for path in (imported, ours_db, base_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return [figure(size, "`undo` of that import vs the same removal in plain SQL", m)]


EXPORT_SQL = (BASE / "export.sql").read_text().strip()
"""The rows `export -f csv` writes, with the same joins (a test checks the same ids in order)."""


def fig_export(db: Path, size: int, runs: int) -> list[Figure]:
    """Each export beside the sqlite3 program writing the same rows (the goal), and beside the
    least a Python program does to write them (`typer_min.py DB export`: typer's start-up, the
    same query through the sqlite3 module, the csv or json module's writer), the floor of any
    writer in this stack."""
    out = []
    for fmt, flag in (("csv", "-csv"), ("jsonl", "-json")):
        ours = tl(db, "export", "-f", fmt)
        m = pair(ours, sql(db, EXPORT_SQL, flag, "-header"), runs, ENV)
        name = f"`export -f {fmt}` vs `sqlite3 {flag}` with the same joins"
        out.append(figure(size, name, m, "<= 1.5x CPU", {"cpu": 1.5}))
        m = pair(ours, typer_min(db, "export", fmt), runs, ENV)
        name = f"`export -f {fmt}` vs the same rows written by a minimal typer program"
        out.append(figure(size, name, m))
    return out


QUIET_SQL = (
    "SELECT k.name, max(e.end_latest) FROM events e JOIN event_actors l ON l.event_id = e.id "
    "JOIN actors k ON k.id = l.actor_id WHERE e.start_earliest <= '{day}' GROUP BY k.name "
    "ORDER BY 2"
)
"""Each actor's latest end among the events begun by the day: what `quiet --by actor` reads."""
QUIET_DAY = "2024-10-31"


def fig_questions(db: Path, size: int, runs: int, work: Path) -> list[Figure]:
    """`quiet`, `check`, `publish`: the newer commands, each beside the SQL of its work."""
    out = []
    m = pair(tl(db, "quiet", "--as-of", QUIET_DAY, "--by", "actor"),
             sql(db, QUIET_SQL.replace("{day}", QUIET_DAY)), runs, ENV)  # fmt: skip
    out.append(figure(size, "`quiet --by actor` vs its GROUP BY in sqlite3", m))
    check = tl(db, "check", "gap", "--after", "2000", "--lasted", "about a month", "-c", CATEGORY)
    after = f"category = '{CATEGORY}' COLLATE NOCASE AND start_earliest > '2000-12-31'"
    first_after = sql(db, f"SELECT min(start_earliest) FROM events WHERE {after}")
    m = pair(check, first_after, runs, ENV, codes=(0, 1, 4))  # a verdict is an exit code
    out.append(figure(size, "`check gap -c C` vs the first start after it in sqlite3", m))
    target = work / "published"

    def clear() -> None:
        shutil.rmtree(target, ignore_errors=True)
        Path(f"{target}.db").unlink(missing_ok=True)

    m = pair(tl(db, "publish", str(target)), sql(db, f".backup {target}.db"), runs, ENV,
             clear, clear)  # fmt: skip
    clear()
    out.append(figure(size, "`publish` vs sqlite3 `.backup` of the same file", m))
    return out


def fig_merge(size: int, runs: int, work: Path) -> list[Figure]:
    """`merge` of a tenth as many events (`bench_merge.py`'s files) into a fresh copy each run,
    beside the plain-SQL merge of `bench_merge.baseline` (the same counts, tested)."""
    import bench_merge

    ours_db, theirs = bench_merge.build(work, size, max(size // 10, 100))
    copy = work / "merge-round.db"

    def fresh() -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(ours_db, copy)

    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_merge as b; "
            f"b.baseline(b.Path({str(copy)!r}), b.Path({str(theirs)!r}))")  # fmt: skip
    m = pair(tl(copy, "merge", str(theirs)), [sys.executable, "-c", code], runs, ENV,
             fresh, fresh)  # fmt: skip
    copy.unlink(missing_ok=True)
    name = f"`merge` of {max(size // 10, 100):,} events vs the same merge in plain SQL"
    return [figure(size, name, m, "report; well under a minute")]


def fig_extract(runs: int, work: Path) -> list[Figure]:
    """`extract` on the annotated articles joined to about 200 KB, beside a process running the
    exhaustive finder of `bench_extract.baseline` (the same dates, tested) on the same text."""
    import bench_extract

    joined = work / "articles.txt"
    corpus = bench_extract.texts()
    kb = sum(len(t.encode()) for t in corpus) / 1024
    joined.write_text("\n\n".join(corpus * max(1, round(200 / kb))), encoding="utf-8")
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_extract as b; "
            f"b.baseline(open({str(joined)!r}, encoding='utf-8').read())")  # fmt: skip
    ours = [timeline_bin(), "--db", str(work / "none.db"), "extract", str(joined),
            "--published", "2024-10-15", "-f", "csv"]  # fmt: skip
    m = pair(ours, [sys.executable, "-c", code], runs, ENV)
    size_kb = joined.stat().st_size / 1024
    name = (
        f"`extract` of {size_kb:.0f} KB ({size_kb / m[0].wall:.0f} KB/s) vs the exhaustive finder"
    )
    return [figure(0, name, m, "report; >= 100 KB/s")]


CLAIMS = 1_000


def claims_db(db: Path, size: int, work: Path, count: int = CLAIMS) -> Path:
    """A copy of `db` holding `count` stored claims (gap, count and order claims over its
    categories and years), made once and kept in `work`."""
    target = work / f"claims-{count}-of-{size}.db"
    if target.exists():
        return target
    import timeline

    shutil.copyfile(db, target)
    cats = [r[0] for r in sqlite3.connect(db).execute("SELECT DISTINCT category FROM events")]
    with timeline.open(target, today=date(2024, 10, 15)) as tl_:
        for n in range(count):
            cat, year = cats[n % len(cats)], 1961 + n % 63
            if n % 2:
                check = tl_.check.count(within=str(year), count="about a dozen", category=cat)
                args = {"kind": "count", "claim": "about a dozen", "within": str(year)}
            else:
                check = tl_.check.gap(after=str(year), lasted="about a month", category=cat)
                args = {"kind": "gap", "claim": "about a month", "a": str(year)}
            tl_.claims.record(check, {**args, "selection": {"category": [cat]}})
    return target


def fig_claims(db: Path, size: int, runs: int, work: Path, count: int) -> list[Figure]:
    """`claims` re-checking `count` stored claims; no baseline does that work, so it is reported
    with the per-claim time (an indexed question each, not a scan: compare the sizes)."""
    target = claims_db(db, size, work, count)
    samples = [run_once(tl(target, "claims", "-f", "json"), ENV) for _ in range(runs)]
    m = (median(samples), None)
    per = m[0].wall / count * 1000
    name = f"`claims`: {count:,} stored claims re-checked ({per:.1f} ms a claim)"
    return [Figure(size, name, m[0], None, "report; < 150 MiB", memory_goal=MEMORY)]


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


GROUPS = ("help", "dates", "add", "list", "gaps", "views", "import", "export", "questions",
          "claims", "merge", "extract", "peers")  # fmt: skip


def suite(
    size: int, runs: int, work: Path, only: frozenset[str] = frozenset(GROUPS),
    claims: int = CLAIMS,
) -> list[Figure]:  # fmt: skip
    db, csv_path = build(size, work, db_needed=bool(only - {"import"}))
    figures: list[Figure] = []
    if "add" in only:
        figures += fig_add(db, size, runs, work)
    if "list" in only:
        figures += fig_list(db, size, runs)
    if "gaps" in only:
        figures += fig_gaps(db, size, runs)
    if "views" in only:
        figures += fig_views(db, size, runs)
    if "import" in only:
        figures += fig_import(csv_path, size, runs, work)
    if "export" in only:
        figures += fig_export(db, size, runs)
    if "questions" in only:
        figures += fig_questions(db, size, runs, work)
    if "claims" in only:
        figures += fig_claims(db, size, runs, work, claims)
    if "merge" in only:
        figures += fig_merge(size, runs, work)
    return figures


def peers(size: int, runs: int, work: Path, jrnl: str | None) -> list[Figure]:
    """Our reads at `size` against jrnl / timewarrior: measured when present, else the issue's."""
    import peers as peer_bench

    db, _ = build(size, work)
    ours_list = statistics.median(run_once(tl(db, "list", "-n", "10"), ENV).wall
                                  for _ in range(runs))  # fmt: skip
    ours_gaps = statistics.median(run_once(tl(db, "gaps"), ENV).wall for _ in range(runs))
    j = peer_bench.jrnl_seconds(jrnl, size, runs, work) if jrnl else None
    t = peer_bench.timew_seconds(runs, work) if shutil.which("timew") else None
    jl = "jrnl `-n 10`" + (" (measured)" if j else " (issue's 3.4 s)")
    timew = "`timew gaps`, a year of 10k intervals" + (" (measured)" if t else " (issue's 4.4 s)")
    jt, tt = j or JRNL_REF, t or TIMEW_REF
    return [
        Figure(size, f"`list -n 10` vs {jl}", Sample(ours_list, 0, 0), Sample(jt, 0, 0),
               "<= 0.1x wall", {"wall": 0.1}),
        Figure(size, f"`gaps` vs {timew}", Sample(ours_gaps, 0, 0), Sample(tt, 0, 0),
               "<= 0.05x wall", {"wall": 0.05}),
    ]  # fmt: skip


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


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 events, 3 runs")
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="folder for the databases (kept; reused)")
    parser.add_argument("--dates", type=int, default=100_000, help="texts for date parsing")
    parser.add_argument("--claims", type=int, default=CLAIMS, help="stored claims for `claims`")
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
    figures += fig_extract(runs, work) if "extract" in only else []
    for size in sizes:
        figures += suite(size, runs, work, only, args.claims)
    if peer_size and "peers" in only:
        figures += peers(peer_size, runs, work, args.jrnl)
    report = (f"Machine: {machine()}\n\nMedians of {runs} runs each; ratios are timeline / "
              f"baseline.\n\n{table(figures)}")  # fmt: skip
    print(report)
    if args.write:
        args.write.write_text(report)
    return report


if __name__ == "__main__":
    main()
