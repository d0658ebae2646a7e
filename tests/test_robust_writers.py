"""Many writers at once through the real `timeline` script: adds, edits, deletes, undos and
imports from 40 processes with readers alongside, then the history replayed against the final
state. No write may fail with "database is locked", none may be lost, and the history must
explain exactly what is in the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from robust_helpers import base_env

BIN = str(Path(sys.executable).with_name("timeline"))

# One writer: OPS operations, each a `timeline` process, its outcome one JSON line on stdout.
WRITER = r"""
import json, random, subprocess, sys, time
bin_, worker, ops, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(worker)
mine = []
def run(kind, *args):
    started = time.monotonic()
    p = subprocess.run([bin_, *args], capture_output=True, text=True)
    print(json.dumps({"kind": kind, "code": p.returncode, "out": p.stdout, "err": p.stderr,
                      "seconds": time.monotonic() - started}), flush=True)
    return p
for i in range(ops):
    kind = rng.choices(["add", "edit", "rm", "undo", "import"], [40, 20, 10, 10, 20])[0]
    if kind in ("edit", "rm") and not mine:
        kind = "add"
    if kind == "add":
        p = run(kind, "add", f"w{worker} o{i}", "--when", "2024-01-01", "-a", f"W{worker}")
        if p.returncode == 0:
            mine.append(int(p.stdout.split()[0].lstrip("#")))
    elif kind == "edit":
        run(kind, "edit", str(rng.choice(mine)), "--title", f"w{worker} o{i} edited")
    elif kind == "rm":
        run(kind, "rm", str(mine.pop(rng.randrange(len(mine)))), "--yes")
    elif kind == "undo":
        run(kind, "undo")
    else:
        path = f"{folder}/w{worker}-o{i}.csv"
        with open(path, "w") as f:
            f.write("title,when,actors\n" + "".join(
                f"w{worker} o{i} r{k},2023-0{k + 1}-01,W{worker}\n" for k in range(3)))
        run(kind, "import", path)
"""

READER_COMMANDS = [("list", "-f", "jsonl"), ("export", "-f", "json"), ("log", "--json", "-n", "5"),
                   ("gaps", "--top", "3"), ("list", "--view", "tree", "--by", "actor")]  # fmt: skip


def _reader(env: dict[str, str], stop: Path, number: int) -> subprocess.Popen[str]:
    loop = (
        "import subprocess, sys, time, os\n"
        f"cmds = {READER_COMMANDS!r}\n"
        "i = 0\n"
        f"while not os.path.exists({str(stop)!r}):\n"
        f"    args = cmds[(i + {number}) % len(cmds)]\n"
        f"    p = subprocess.run([{BIN!r}, *args], capture_output=True, text=True)\n"
        "    print(p.returncode, repr(p.stderr), flush=True)\n"
        "    i += 1\n"
        "    time.sleep(0.2)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", loop], env=env, stdout=subprocess.PIPE, text=True
    )


def _cli(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _replay(history: list[dict[str, Any]], imports: dict[str, list[str]]) -> dict[int, str]:
    """The state the entries not undone build, oldest first: id -> title. (Undo reverts strictly
    newest first, so the entries left standing are a history of the final state on their own.)"""
    state: dict[int, str] = {}
    for entry in sorted(history, key=lambda e: e["id"]):
        if entry["undone_at"]:
            continue
        action = entry["action"]
        if action in ("add", "edit"):
            state[entry["event_id"]] = entry["after"]["row"]["title"]
        elif action == "delete":
            gone = entry["before"] if isinstance(entry["before"], list) else [entry["before"]]
            for snapshot in gone:
                del state[snapshot["id"]]
        elif action == "import":
            label = entry["summary"].split(" events from ", 1)[1]
            span = entry["after"]
            titles = imports[label]
            assert span["count"] == len(titles)
            for offset, title in enumerate(titles):
                state[span["first_id"] + offset] = title
        else:
            raise AssertionError(f"unexpected action {action!r}")
    return state


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@pytest.mark.slow
def test_40_writers_25_mixed_operations_6_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workers, ops, readers = 40, 25, 6
    db = tmp_path / "events.db"
    env = base_env(db)
    env.pop("TIMELINE_WAIT", None)
    subprocess.run([BIN, "init", str(db)], env=env, check=True, capture_output=True)
    stop = tmp_path / "stop"
    started = time.monotonic()
    reading = [_reader(env, stop, n) for n in range(readers)]
    pipe = subprocess.PIPE
    writing = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, BIN, str(w), str(ops), str(tmp_path)],
            env=env,
            stdout=pipe,
            stderr=pipe,
            text=True,
        )
        for w in range(workers)
    ]
    outcomes: list[dict[str, Any]] = []
    for w in writing:
        out, err = w.communicate(timeout=900)
        assert w.returncode == 0, err
        outcomes += [json.loads(line) for line in out.splitlines()]
    elapsed = time.monotonic() - started
    stop.touch()
    reads = []
    for r in reading:
        out, _ = r.communicate(timeout=120)
        reads += out.splitlines()

    # every operation ended as it may: done, or (for a change another writer's undo took away,
    # or an undo with nothing left) "not found"; never a storage error
    assert len(outcomes) == workers * ops
    locked = [o for o in outcomes if "locked" in o["err"]]
    failed = [o for o in outcomes if o["code"] not in (0, 3) or (o["code"] == 3 and o["kind"] in
              ("add", "import"))]  # fmt: skip
    assert not locked and not failed, (len(locked), len(failed), (locked + failed)[:3])
    assert all(o["err"] == "" for o in outcomes if o["code"] == 0)
    # a reader may say on stderr that nothing matches yet (an empty file at the start), but it
    # must succeed and never meet a lock
    bad_reads = [line for line in reads if not line.startswith("0 ") or "locked" in line]
    assert not bad_reads, bad_reads[:3]

    # nothing lost: the history holds exactly the changes that succeeded
    history = _cli(env, "log", "--json")
    done = Counter(o["kind"] for o in outcomes if o["code"] == 0)
    actions = Counter(e["action"] for e in history)
    assert actions["add"] == done["add"] and actions["edit"] == done["edit"]
    assert actions["delete"] == done["rm"] and actions["import"] == done["import"]
    assert sum(1 for e in history if e["undone_at"]) == done["undo"]
    added = {int(o["out"].split()[0].lstrip("#")) for o in outcomes if o["kind"] == "add" and
             o["code"] == 0}  # fmt: skip
    assert added == {e["event_id"] for e in history if e["action"] == "add"}

    # and replaying it gives the final state
    imports = {
        str(p): [line.split(",")[0] for line in p.read_text().splitlines()[1:]]
        for p in tmp_path.glob("w*-o*.csv")
    }
    final = {e["id"]: e["title"] for e in _cli(env, "list", "--json")}
    assert _replay(history, imports) == final
    assert subprocess.run([BIN, "check"], env=env, capture_output=True).returncode == 0

    seconds = [o["seconds"] for o in outcomes]
    with capsys.disabled():
        print(
            f"\n{workers}x{ops} writers, {readers} readers on {os.cpu_count()} cores: "
            f"{sum(done.values())} of {len(outcomes)} operations done "
            f"({dict(done)}; the rest found their event undone by another writer), "
            f"0 lock errors, 0 lost, {len(reads)} reads all clean; "
            f"per operation p50 {_percentile(seconds, 0.5):.2f} s, "
            f"p99 {_percentile(seconds, 0.99):.2f} s, max {max(seconds):.2f} s; "
            f"{elapsed:.0f} s in all"
        )


def test_a_write_waits_for_another_and_says_so_on_a_terminal(tmp_path: Path) -> None:
    """A held write lock: the second writer waits, tells a terminal once after 2 s, then goes
    on; with a short --wait it gives up with one line naming the wait."""
    import pty
    import sqlite3

    db = tmp_path / "events.db"
    env = base_env(db)
    subprocess.run([BIN, "init"], env=env, check=True, capture_output=True)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    short = subprocess.run([BIN, "--wait", "0.5", "add", "A", "--when", "2024"], env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert short.returncode == 5
    assert short.stderr.count("\n") == 1 and "kept it locked for 0.5 s" in short.stderr
    assert "--wait" in short.stderr

    master, slave = pty.openpty()
    started = time.monotonic()
    child = subprocess.Popen([BIN, "add", "B", "--when", "2024"], env=env, stdin=slave,
                             stdout=subprocess.PIPE, stderr=slave)  # fmt: skip
    os.close(slave)
    time.sleep(3.5)
    holder.execute("COMMIT")
    holder.close()
    out, _ = child.communicate(timeout=60)
    talk = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        talk += chunk
    os.close(master)
    assert child.returncode == 0 and out.startswith(b"#1 B")
    assert time.monotonic() - started >= 3.5
    told = talk.decode().replace("\r\n", "\n")
    assert told.count("another timeline process is writing") == 1, told


def test_store_writers_report_how_long_they_waited(tmp_path: Path) -> None:
    from robust_helpers import event
    from timeline.store import open_store

    db = tmp_path / "events.db"
    store = open_store(db, create=True, wait=0.3)
    other = open_store(db, create=False, wait=0)
    store.add(event("first"))
    assert 0 <= store.waited < 0.3
    with store.write():
        from timeline.errors import DatabaseBusy

        with pytest.raises(DatabaseBusy) as raised:
            other.add(event("second"))
        assert "locked" in raised.value.message and raised.value.exit_code == 5
    other.add(event("second"))
    store.close()
    other.close()


def test_the_wait_is_in_the_help_and_checked(tmp_path: Path) -> None:
    helped = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=base_env())
    assert "--wait SECONDS" in helped.stdout and "TIMELINE_WAIT" in helped.stdout
    for command in ("add", "edit", "rm", "undo", "import"):
        helped = subprocess.run([BIN, command, "--help"], capture_output=True, text=True,
                                env=base_env())  # fmt: skip
        words = " ".join(helped.stdout.split())
        assert "TIMELINE_WAIT" in words and "waits up to 60 s" in words, command
    env = base_env(tmp_path / "events.db") | {"TIMELINE_WAIT": "soon"}
    bad = subprocess.run([BIN, "add", "A", "--when", "2024"], env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert bad.returncode == 2 and "TIMELINE_WAIT" in bad.stderr
    assert not (tmp_path / "events.db").exists()
