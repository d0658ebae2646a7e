"""One run of the reading commands at several sizes: is each still linear, is memory still flat?

Decisions encoded here:
- Each command (`list`, `gaps`, `stats --by month`, `chart`) runs once per size as a whole
  process with its output discarded (so `timeline` takes its piped path), timed and measured
  as `bench/run.py` measures (`measure.run_once`: wall, CPU including children, peak memory
  summed over every process).
- A database is reused from `--work` (`events-N.db`, as `bench/run.py` names them) or built by
  `synth.build_db` (about 19 minutes and 5.8 GB at 10,000,000 events); it is opened once,
  untimed, so a migration never lands in a timed run.
- Beside each figure: CPU per event, and against the smallest size the ratio of CPU per
  event (1.00 is linear) and of peak memory (1.00 is flat).

    python bench/scale.py --sizes 1000000,10000000 --work /var/tmp/timeline-bench
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from measure import Sample, run_once  # noqa: E402
from run import ENV, machine, timeline_bin  # noqa: E402

COMMANDS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "gaps": ("gaps",),
    "stats --by month": ("stats", "--by", "month"),
    "chart": ("chart",),
}


def database(size: int, work: Path) -> Path:
    db = work / f"events-{size}.db"
    if not db.exists():
        t0 = time.perf_counter()
        synth.build_db(db, size)
        print(f"built {db.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    subprocess.run([timeline_bin(), "--db", str(db), "info"], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return db


def measure(sizes: Sequence[int], work: Path) -> dict[tuple[str, int], Sample]:
    found: dict[tuple[str, int], Sample] = {}
    for size in sizes:
        db = database(size, work)
        for name, args in COMMANDS.items():
            found[name, size] = run_once([timeline_bin(), "--db", str(db), *args], ENV)
            print(f"{name} at {size:,}: {found[name, size]}", file=sys.stderr)
    return found


def report(found: dict[tuple[str, int], Sample], sizes: Sequence[int]) -> str:
    first = sizes[0]
    lines = [
        "| command | events | wall | CPU | CPU per event | peak memory, all processes "
        f"| CPU per event vs {first:,} | memory vs {first:,} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in COMMANDS:
        base = found[name, first]
        for size in sizes:
            s = found[name, size]
            per = s.cpu / size * 1e6
            linear = per / (base.cpu / first * 1e6)
            lines.append(
                f"| `{name}` | {size:,} | {s.wall:.1f} s | {s.cpu:.1f} s | {per:.2f} µs "
                f"| {s.mib:.0f} MiB | {linear:.2f}x | {s.mib / base.mib:.2f}x |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated sizes")
    parser.add_argument("--work", type=Path, required=True, help="folder of the databases")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    text = f"Machine: {machine()}\n\nOne run each.\n\n{report(measure(sizes, args.work), sizes)}"
    print(text)
    return text


if __name__ == "__main__":
    main()
