"""Peers for the benchmark suite: jrnl and timewarrior, measured on data of the same size.

Decisions encoded here:
- jrnl reads a plain-text journal of `size` entries (one a day backwards from 2024-10-15, a
  title line each), through a config file in a private folder so the user's own is untouched.
- timewarrior gets a private database (`TIMEWARRIORDB`) of 10,000 tracked intervals over 2023
  and is asked for `timew gaps` over that year, the issue's reference question.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - t0


def jrnl_seconds(jrnl: str, size: int, runs: int, work: Path) -> float:
    """Median seconds of `jrnl -n 10` over a journal of `size` entries."""
    home = work / f"jrnl-{size}"
    journal = home / "journal.txt"
    config = home / "config" / "jrnl" / "jrnl.yaml"
    if not journal.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        day = datetime(2024, 10, 15, 9, 0)
        with journal.open("w") as f:
            for i in range(size):
                f.write(f"[{(day - timedelta(days=i)):%Y-%m-%d %H:%M}] Synthetic entry {i}.\n\n")
        config.write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: false\nindent_character: '|'\n"
            f"journals: {{default: {{journal: {journal}}}}}\nlinewrap: 79\n"
            "tagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n"
        )
    env = {**os.environ, "XDG_CONFIG_HOME": str(config.parent.parent), "HOME": str(home)}
    return statistics.median(_time([jrnl, "-n", "10"], env) for _ in range(runs))


def timew_seconds(runs: int, work: Path) -> float:
    """Median seconds of `timew gaps` over 2023 holding 10,000 intervals."""
    db = work / "timew"
    data = db / "data"
    if not data.exists():
        data.mkdir(parents=True)
        (db / "timewarrior.cfg").write_text("verbose = off\nconfirmation = off\n")
        start = datetime(2023, 1, 1)
        step = timedelta(days=365) / 10_000
        files: dict[str, list[str]] = {}
        for i in range(10_000):
            a = start + step * i
            b = a + step / 2
            line = f"inc {a:%Y%m%dT%H%M%SZ} - {b:%Y%m%dT%H%M%SZ} # bench\n"
            files.setdefault(f"{a:%Y-%m}.data", []).append(line)
        for name, lines in files.items():
            (data / name).write_text("".join(lines))
    env = {**os.environ, "TIMEWARRIORDB": str(db)}
    cmd = ["timew", "gaps", "2023-01-01", "-", "2024-01-01"]
    return statistics.median(_time(cmd, env) for _ in range(runs))
