"""Round trips: every lossless export (CSV, JSON, JSON Lines) of hostile text imports back to
the same bytes; and the files `export -o` and `backup` write leave nothing behind when killed."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from robust_helpers import base_env, cli, count_events, digest, one_line_error, seed

BIN = str(Path(sys.executable).with_name("timeline"))
TODAY = date(2024, 10, 15)

# Any text a field can hold: every code point but NUL and surrogates, with the characters that
# break CSV, JSON and terminals drawn often.
HOSTILE = st.sampled_from(
    list("\r\n\t,;\"'=+-@ \\\x1b\x07\x7f\x85\x9b\u00ad\u200b\u200d\u2028\u2029\u202e\ufeff")
)
TEXT = st.text(
    st.one_of(HOSTILE, st.characters(exclude_categories=["Cs"], exclude_characters="\x00")),
    max_size=30,
)
EVENT = st.fixed_dictionaries(
    {
        "title": TEXT.filter(lambda t: t.strip() != ""),
        "actors": st.lists(TEXT, max_size=3),
        "tags": st.lists(TEXT, max_size=2),
        "category": TEXT,
        "source": TEXT.filter(  # not an id, and a title (or none) rather than only white space
            lambda t: (t == "" or t.strip() != "") and not re.fullmatch(r"\s*#?[0-9]+\s*", t)
        ),
        "quote": TEXT,
        "notes": TEXT,
        "unit": TEXT,
        "location": TEXT,
        "value": st.one_of(
            st.none(),
            st.integers(-(2**63), 2**63 - 1),
            st.floats(allow_nan=False, allow_infinity=False),
        ),
        "when": st.sampled_from(["2024", "late 2023", "since March 2022", "c. 1850", "by 2024-03"]),
    }
)


def _without_ids(text: str) -> str:
    """JSON events (and sources) without `"id": N`, CSV rows without their first (`id`) cell."""
    return re.sub(r'(?m)^"?\d+"?,', "", re.sub(r'\{"id": \d+, ', "{", text))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(events=st.lists(EVENT, min_size=1, max_size=4))
def test_every_lossless_export_imports_back_to_the_same_bytes(
    events: list[dict[str, object]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first_db = Path(folder) / "first.db"
        with timeline.open(first_db, create=True, today=TODAY) as tl:
            for fields in events:
                tl.add(**fields)  # type: ignore[arg-type]
            for fmt in ("csv", "json", "jsonl"):
                tl.export(fmt, Path(folder) / f"first.{fmt}")
        for fmt in ("csv", "json", "jsonl"):
            first = (Path(folder) / f"first.{fmt}").read_bytes()
            with timeline.open(Path(folder) / f"again-{fmt}.db", create=True, today=TODAY) as tl:
                assert tl.import_(Path(folder) / f"first.{fmt}") == len(events)
                tl.export(fmt, Path(folder) / f"again.{fmt}")
            again = (Path(folder) / f"again.{fmt}").read_bytes()
            assert _without_ids(again.decode()) == _without_ids(first.decode()), fmt


def test_a_bare_carriage_return_is_quoted_in_csv_and_imports_back(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    assert cli("--db", str(db), "add", "before\rafter", "--when", "2024", "-a", "a\rb")[0] == 0
    out = tmp_path / "out.csv"
    assert cli("--db", str(db), "export", "-f", "csv", "-o", str(out))[0] == 0
    row = out.read_bytes().split(b"\n")[1]
    assert row.startswith(b'"1","') and b',"before\rafter",' in row and b'"a\rb"' in row
    fresh = tmp_path / "fresh.db"
    code, _, err = cli("--db", str(fresh), "import", str(out))
    assert code == 0, err
    code, listed, _ = cli("--db", str(fresh), "show", "1", "--json")
    assert '"before\\rafter"' in listed and '"a\\rb"' in listed


# -- backup --------------------------------------------------------------------------------------


def test_backup_does_not_replace_a_file_without_force(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 3)
    copy = tmp_path / "copy.db"
    assert cli("--db", str(db), "backup", str(copy))[0] == 0
    cli("--db", str(db), "add", "Fourth", "--when", "2024")
    before = digest(copy)
    code, _, err = cli("--db", str(db), "backup", str(copy))
    one_line_error(code, err, expect=2)
    assert "exists" in err and "--force" in err and digest(copy) == before
    code, out, err = cli("--db", str(db), "backup", str(copy), "--force")
    assert code == 0 and "4 events" in out, err
    assert count_events(copy) == 4
    with timeline.open(db) as tl:
        with pytest.raises(timeline.TimelineError, match="--force"):
            tl.backup(copy)
        assert tl.backup(copy, force=True)[1] == 4


def _left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def test_the_next_backup_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 3)
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".copy.db.k1ll3d.part"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{stale}{suffix}").write_bytes(b"left by a killed backup")
    Path(out / ".copy.db.0rphan.part-wal").write_bytes(b"its part already gone")
    live = out / ".copy.db.l1ve.part"  # another backup still writing: locked, kept
    live.write_bytes(b"")
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        code, _, err = cli("--db", str(db), "backup", str(out / "copy.db"))
        assert code == 0, err
        assert _left_behind(out) == [live.name]
    finally:
        os.close(fd)
    assert cli("--db", str(db), "export", "-f", "json", "-o", str(out / "copy.json"))[0] == 0
    code, _, err = cli("--db", str(db), "backup", str(out / "copy.db"), "--force")
    assert code == 0, err
    assert _left_behind(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["copy.db", "copy.json"]


@pytest.mark.slow
def test_a_backup_killed_midway_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 60_000)
    out = tmp_path / "out"
    out.mkdir()
    env = base_env(db)
    killed = 0
    for _ in range(20):  # kill -9 while the copy is being written or verified
        child = subprocess.Popen([BIN, "backup", "--force", str(out / "copy.db")], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 30
        while not _left_behind(out) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
        child.wait()
        if killed and _left_behind(out):
            break
    assert killed and _left_behind(out), "no backup was caught in the middle"
    done = subprocess.run([BIN, "backup", "--force", str(out / "copy.db")], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _left_behind(out) == []
    assert count_events(out / "copy.db") == 60_000
