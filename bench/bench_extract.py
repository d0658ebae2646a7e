"""How fast `timeline extract` reads articles: KB of text a second, against a baseline that finds
the same dates by trying every stretch of words of each sentence (no runs, no remembered
readings).

Decisions encoded here:
- The articles are the ones the tests annotate (`fixtures/seed-article.txt`,
  `tests/extract/*.txt`). Each is read fresh,
  the remembered readings cleared first, so no article profits from another; the figure is the
  median of `--runs` rounds, wall and CPU, with the baseline run in the same rounds.
- The whole command is timed too (`timeline extract` as a process, output to /dev/null, on the
  articles joined and repeated to about `COMMAND_KB`: repeated phrases are read once, as in a
  long article), so start-up and writing the CSV are in the figure.
- `same_answer` checks that the baseline finds exactly what `find_dates` finds (a test runs it).
- Benchmarks report; nothing here fails on speed. Goal (the issue): at least 100 KB/s.

    python bench/bench_extract.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "tests" / "extract"
PUBLISHED = date(2024, 10, 15)
COMMAND_KB = 200

Found = list[tuple[int, str, str]]


def texts() -> list[str]:
    found = sorted(p for p in ARTICLES.glob("*.txt") if not p.name.endswith(".not.txt"))
    seed = HERE.parent / "fixtures" / "seed-article.txt"
    return [p.read_text(encoding="utf-8") for p in (seed, *found)]


def ours(text: str) -> Found:
    """`timeline.api.extract` as the command runs it: sentences, then `find_dates`."""
    import timeline.dates.find as find
    from timeline.api.extract import sentences

    find._RESULTS.clear()
    out = []
    for at, sentence in sentences(text):
        for f in find.find_dates(sentence, PUBLISHED):
            out.append((at + f.start, f.when, f.value.latest.isoformat()))
    return out


def baseline(text: str) -> Found:
    """The same sentences; every stretch of up to `MAX_RUN` words that holds an anchor tried,
    longest first, each through the date reader, with no remembered readings (the reader
    itself refuses the stretches with other words in them)."""
    import timeline.dates.find as find
    from timeline.api.extract import sentences

    out = []
    for at, sentence in sentences(text):
        words = find._words(sentence)
        taken: list[tuple[int, int]] = []
        hits = []
        for length in range(min(find.MAX_RUN, len(words)), 0, -1):
            for i in range(len(words) - length + 1):
                j = i + length - 1
                if any(not (b < i or a > j) for a, b in taken):
                    continue
                if not find._stretch(words, i, j):
                    continue
                find._RESULTS.clear()
                hit = find._date(sentence, words, i, j, PUBLISHED, None)
                if hit is not None:
                    taken.append((i, j))
                    hits.append(hit)
        for f in sorted(hits, key=lambda f: f.start):
            out.append((at + f.start, f.when, f.value.latest.isoformat()))
    return out


def same_answer() -> bool:
    return all(ours(t) == baseline(t) for t in texts())


def _time(fn: Callable[[str], Found], corpus: list[str]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for text in corpus:
        fn(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def _process(path: Path) -> tuple[float, float]:
    env = {**os.environ, "TIMELINE_TODAY": "2024-10-15", "TIMELINE_DB": str(path) + ".db"}
    before = os.times()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timeline", "extract", str(path), "--published", "2024-10-15",
         "-f", "csv"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    after = os.times()
    cpu = (
        after.children_user - before.children_user + after.children_system - before.children_system
    )
    return time.perf_counter() - start, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    corpus = texts()
    size = sum(len(t.encode()) for t in corpus) / 1024
    ours(corpus[0])  # import everything once, untimed
    rows: dict[str, list[tuple[float, float]]] = {"ours": [], "baseline": [], "command": []}
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "articles.txt"
        repeat = max(1, round(COMMAND_KB / size))
        joined.write_text("\n\n".join(corpus * repeat), encoding="utf-8")
        command_kb = joined.stat().st_size / 1024
        for n in range(args.runs):
            order = [("ours", ours), ("baseline", baseline)]
            for name, fn in order if n % 2 == 0 else reversed(order):
                rows[name].append(_time(fn, corpus))
            rows["command"].append(_process(joined))
    print(f"{len(corpus)} articles, {size:.1f} KB, median of {args.runs} runs")
    print(f"{'':<10} {'wall s':>8} {'cpu s':>8} {'KB/s':>8} {'vs baseline':>12}")
    base = statistics.median(w for w, _ in rows["baseline"])
    for name, timed in rows.items():
        wall = statistics.median(w for w, _ in timed)
        cpu = statistics.median(c for _, c in timed)
        ratio = f"{wall / base:.2f}x" if name != "command" else f"({command_kb:.0f} KB)"
        kb = command_kb if name == "command" else size
        print(f"{name:<10} {wall:>8.3f} {cpu:>8.3f} {kb / wall:>8.0f} {ratio:>12}")
    print("same answer as the baseline:", same_answer())


if __name__ == "__main__":
    main()
