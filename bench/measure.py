"""Measuring whole processes: wall time, CPU time and peak memory of a command and everything it
starts, and a figure's row in the benchmark table.

Decisions encoded here:
- CPU time is user + system from `os.wait4` on the command's process, which counts every
  descendant it waited for (the import's reading process included).
- Peak memory is the peak of the **sum** of the resident sets of the command's process tree,
  sampled every `SAMPLE_S` seconds from `/proc` (`task/*/children`, `statm`): a command that
  starts a second process is charged for both. A process too short for one sample is charged
  for what its last sample saw (start-up dominated commands are measured for time, not memory).
- Both ratios are reported (timeline / baseline, CPU and wall); a goal says which it is judged
  on (`Figure.limits`): CPU, and wall too where a command uses two processes at once.
- A run's stderr goes to a file, so a chatty command can never block on a full pipe.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

SAMPLE_S = 0.005
PAGE = os.sysconf("SC_PAGE_SIZE")


class Sample(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system, waited-for descendants included
    mib: float  # peak of the process tree's summed resident memory


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _resident(pids: Sequence[int]) -> int:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_once(cmd: Sequence[str], env: Mapping[str, str], codes: Sequence[int] = (0,)) -> Sample:
    """One run of `cmd`, its output discarded; an exit code outside `codes` is an error."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=err, env=dict(env))
        peak = [0]
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _resident(_tree(proc.pid)))
                done.wait(SAMPLE_S)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in codes:
            err.seek(0)
            said = err.read().decode(errors="replace").strip()
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {said}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[0] / 2**20)


def median(samples: Sequence[Sample]) -> Sample:
    return Sample(*(statistics.median(s[i] for s in samples) for i in range(3)))


Prep = Callable[[], None] | None


def pair(
    ours: Sequence[str],
    base: Sequence[str],
    runs: int,
    env: Mapping[str, str],
    prep: Prep = None,
    base_prep: Prep = None,
    codes: Sequence[int] = (0,),
) -> tuple[Sample, Sample]:
    """Medians of `runs` runs of each, interleaved, the order alternating each round."""
    got: tuple[list[Sample], list[Sample]] = ([], [])
    for r in range(runs):
        for which in (0, 1) if r % 2 == 0 else (1, 0):
            before = prep if which == 0 else base_prep
            if before:
                before()
            got[which].append(run_once(ours if which == 0 else base, env, codes))
    return median(got[0]), median(got[1])


@dataclass
class Figure:
    """One row: our sample (or a rate), the baseline's, and the goal on `on` (cpu or wall)."""

    size: int
    name: str
    ours: Sample
    base: Sample | None
    goal: str
    limits: Mapping[str, float] | None = None  # ratio goals by field: {"cpu": 1.5}
    unit: str = "s"  # "/s" for rates (ours.wall and base.wall hold them)
    memory_goal: float | None = None  # MiB

    def ratio(self, field: str) -> float | None:
        if self.base is None:
            return None
        b = getattr(self.base, field)
        return getattr(self.ours, field) / b if b else None

    @property
    def ok(self) -> bool | None:
        checks = []
        for field, limit in (self.limits or {}).items():
            r = self.ratio(field)
            if r is not None:
                checks.append(r >= limit if self.unit == "/s" else r <= limit)
        if self.memory_goal is not None:
            checks.append(self.ours.mib < self.memory_goal)
        return all(checks) if checks else None

    def row(self) -> str:
        size = f"{self.size:,}" if self.size else "-"
        met = {True: "yes", False: "**no**", None: ""}[self.ok]
        if self.unit == "/s":
            ours = f"{self.ours.wall:,.0f} /s"
            base = f"{self.base.wall:,.0f} /s" if self.base else ""
            r = self.ratio("wall")
            rate = f"{r:.2f}x" if r else ""
            return (
                f"| {size} | {self.name} | {ours} | | {base} | | {rate} | | | {self.goal} | {met} |"
            )
        base_wall = _s(self.base.wall) if self.base else ""
        base_cpu = _cpu(self.base) if self.base else ""
        cpu, wall = self.ratio("cpu"), self.ratio("wall")
        ratios = f"{cpu:.2f}x" if cpu else ""
        walls = f"{wall:.2f}x" if wall else ""
        mib = f"{self.ours.mib:.0f} MiB" if self.ours.mib else ""
        return (
            f"| {size} | {self.name} | {_s(self.ours.wall)} | {_cpu(self.ours)} | {base_wall} "
            f"| {base_cpu} | {ratios} | {walls} | {mib} | {self.goal} | {met} |"
        )


def _cpu(sample: Sample) -> str:
    return _s(sample.cpu) if sample.cpu else ""  # a reference figure has no CPU time


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(figures: Sequence[Figure]) -> str:
    head = (
        "| events | figure | timeline wall | timeline CPU | baseline wall | baseline CPU "
        "| ratio CPU | ratio wall | peak memory, all processes | goal | met |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n"
    )
    return head + "\n".join(f.row() for f in figures) + "\n"
