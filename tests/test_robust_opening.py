"""Choosing and opening the database: `init` and its hint name the chosen file, special files
are refused at once, a pending WAL of a file that is not ours stays as it was, and a full disk
is said to be full."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from robust_helpers import base_env, cli, digest, one_line_error, seed
from timeline.migrations import SCHEMA_VERSION

BIN = str(Path(sys.executable).with_name("timeline"))


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in base_env().items() if not k.startswith("TIMELINE_DB")}
    return subprocess.run(
        [BIN, *args], cwd=cwd, env={**clean, **(env or {})}, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


# -- init and its hint ---------------------------------------------------------------------------


def test_init_creates_the_file_db_names(tmp_path: Path) -> None:
    made = run(tmp_path, "--db", "aid.db", "init")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("created aid.db (schema")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aid.db"]  # and no ./events.db


def test_init_creates_the_file_timeline_db_names(tmp_path: Path) -> None:
    made = run(tmp_path, "init", env={"TIMELINE_DB": str(tmp_path / "env.db")})
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["env.db"]


def test_init_path_wins_over_the_environment_but_not_over_a_different_db(tmp_path: Path) -> None:
    made = run(tmp_path, "init", "given.db", env={"TIMELINE_DB": str(tmp_path / "env.db")})
    assert made.returncode == 0 and (tmp_path / "given.db").exists()
    assert not (tmp_path / "env.db").exists()
    same = run(tmp_path, "--db", "given.db", "init", "./given.db")
    assert same.returncode == 0 and same.stdout.startswith("checked ./given.db")
    both = run(tmp_path, "--db", "a.db", "init", "b.db")
    one_line_error(both.returncode, both.stderr, expect=2)
    assert "'a.db'" in both.stderr and "'b.db'" in both.stderr
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()


def _hinted_command(stderr: str) -> list[str]:
    import shlex

    line = stderr.strip()
    assert line.count("`") >= 2, line
    return shlex.split(line.split("`")[1])


@pytest.mark.parametrize("how", ["--db", "TIMELINE_DB"])
def test_the_hint_of_a_reading_command_creates_its_own_file(tmp_path: Path, how: str) -> None:
    target = tmp_path / "sub" / "aid db.db"
    target.parent.mkdir()
    args, env = (["--db", str(target)], {}) if how == "--db" else ([], {"TIMELINE_DB": str(target)})
    listed = run(tmp_path, *args, "list", env=env)
    one_line_error(listed.returncode, listed.stderr, expect=5)
    hinted = _hinted_command(listed.stderr)
    assert hinted[0] == "timeline" and "init" in hinted
    made = run(tmp_path, *hinted[1:], env=env)
    assert made.returncode == 0, made.stderr
    assert target.is_file() and not (tmp_path / "events.db").exists()
    assert run(tmp_path, *args, "list", env=env).returncode == 0


def test_the_hint_for_an_empty_file_found_upward_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "events.db").touch()  # an empty file: found, but not yet a database
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    listed = run(below, "list")
    one_line_error(listed.returncode, listed.stderr, expect=5)
    hinted = _hinted_command(listed.stderr)
    assert str(tmp_path / "events.db") in hinted
    assert run(below, *hinted[1:]).returncode == 0
    assert not (below / "events.db").exists()
    assert run(below, "list").returncode == 0


def test_the_hint_in_process_names_db(tmp_path: Path) -> None:
    code, _, err = cli("--db", str(tmp_path / "x.db"), "log")
    one_line_error(code, err, expect=5)
    assert f"timeline --db {tmp_path / 'x.db'} init" in err


# -- special files -------------------------------------------------------------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "device":
        return Path("/dev/null")
    return path


@pytest.mark.parametrize("kind", ["fifo", "folder", "loop", "device"])
@pytest.mark.parametrize(
    "args", [("list",), ("add", "X", "--when", "2024"), ("info",), ("init",)], ids=" ".join
)
def test_a_special_file_as_the_database_is_refused_at_once(
    tmp_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    path = _special(tmp_path, kind)
    started = time.monotonic()
    done = run(tmp_path, "--db", str(path), *args, timeout=20)
    assert time.monotonic() - started < 10
    one_line_error(done.returncode, done.stderr, expect=5)
    assert "not a" in done.stderr and "init" not in done.stderr.split(":", 2)[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if kind == "device" else [kind])


def test_a_fifo_given_to_the_library_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f")
    code = (
        "import sys, timeline\n"
        "from timeline.errors import StorageError\n"
        "try:\n"
        "    with timeline.open(sys.argv[1]) as tl:\n"
        "        tl.count()\n"
        "except StorageError as err:\n"
        "    print(err)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "f")],
                          capture_output=True, text=True, timeout=20)  # fmt: skip
    assert done.returncode == 0 and "named pipe (FIFO)" in done.stdout, done.stderr


# -- a pending WAL that is not ours --------------------------------------------------------------


def _with_pending_wal(src: Path, dst: Path, statements: list[str]) -> None:
    """`dst` (with its -wal and -shm) as `src` stood while a writer still had frames in the
    log that were not copied into the file."""
    conn = sqlite3.connect(src, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for sql in statements:
        conn.execute(sql)
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{src}{suffix}", f"{dst}{suffix}")
    conn.close()


def _three(db: Path) -> dict[str, str]:
    return {s: digest(Path(f"{db}{s}")) for s in ("", "-wal", "-shm")}


WAL_CASES = {
    "another application": ["CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')"],
    "a newer timeline": [f"PRAGMA user_version = {SCHEMA_VERSION + 1}", "CREATE TABLE later (x)"],
}
WAL_COMMANDS = [("list",), ("add", "X", "--when", "2024"), ("info",), ("check",), ("undo",),
                ("export", "-f", "json"), ("log",)]  # fmt: skip


@pytest.mark.parametrize("case", list(WAL_CASES))
def test_a_pending_wal_is_refused_without_touching_its_files(tmp_path: Path, case: str) -> None:
    src, db = tmp_path / "src.db", tmp_path / "copy.db"
    if case == "a newer timeline":
        seed(src, 3)
    _with_pending_wal(src, db, WAL_CASES[case])
    before = _three(db)
    assert "missing" not in before.values()
    for args in WAL_COMMANDS:
        code, _, err = cli("--db", str(db), *args)
        one_line_error(code, err, expect=5)
        assert ("newer" in err) == (case == "a newer timeline"), err
        assert _three(db) == before, args
    done = run(tmp_path, "--db", str(db), "list")  # and as a real process
    one_line_error(done.returncode, done.stderr, expect=5)
    assert _three(db) == before


def test_our_own_pending_wal_is_read(tmp_path: Path) -> None:
    src, db = tmp_path / "src.db", tmp_path / "copy.db"
    seed(src, 3)
    _with_pending_wal(src, db, ["UPDATE events SET title = 'from the log' WHERE id = 1"])
    code, out, err = cli("--db", str(db), "list")
    assert code == 0, err
    assert "from the log" in out


# -- a full disk ---------------------------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (root only); skipped where mounting is not allowed."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free < 4096


def test_a_full_disk_says_the_disk_is_full(tmpfs: Path) -> None:
    db = tmpfs / "events.db"
    made = run(tmpfs, "--db", str(db), "add", "Kept", "--when", "2024")
    assert made.returncode == 0, made.stderr
    before = digest(db)
    _fill(tmpfs)
    csv = tmpfs.parent / "in.csv"
    csv.write_text("title,when\nA,2024\n")
    for args in [("add", "New", "--when", "2024"), ("list",), ("import", str(csv)),
                 ("export", "-f", "json", "-o", str(tmpfs / "out.json")),
                 ("backup", str(tmpfs / "copy.db"))]:  # fmt: skip
        done = run(tmpfs, "--db", str(db), *args)
        one_line_error(done.returncode, done.stderr, expect=5)
        assert "the disk is full" in done.stderr, (args, done.stderr)
        assert "damaged" not in done.stderr and "I/O error" not in done.stderr
    fresh = run(tmpfs, "--db", str(tmpfs / "new.db"), "add", "New", "--when", "2024")
    one_line_error(fresh.returncode, fresh.stderr, expect=5)
    assert "the disk is full" in fresh.stderr
    assert not (tmpfs / "new.db").exists()  # a database it could not create is not left behind
    assert not list(tmpfs.glob("*.part")) and not (tmpfs / "out.json").exists()
    (tmpfs / "filler").unlink()
    assert digest(db) == before
    again = run(tmpfs, "--db", str(db), "list")
    assert again.returncode == 0 and "Kept" in again.stdout
