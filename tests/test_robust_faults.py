"""Faults: foreign and damaged files, a full disk, unwritable places, kill -9, backup and check.

Every refusal must be one stderr line with its exit code, and leave the file's bytes (and the
folder's contents) exactly as they were.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robust_helpers import (
    BIN,
    base_env,
    cli,
    count_events,
    digest,
    launcher_for,
    one_line_error,
    open_folder,
    proc,
    run_as,
    seed,
    tree_digest,
    unprivileged_user,
)
from timeline.migrations import SCHEMA_VERSION

# -- foreign, newer and damaged files --------------------------------------------------------


def _rollback_journal(db: Path) -> None:
    """Fold the WAL into the file and switch to a one-file journal (for byte surgery)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _newer_version(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _unknown_migration(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('timeline', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


def _other_app(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not ours')")
    conn.commit()
    conn.close()


def _other_app_with_id(db: Path) -> None:
    _other_app(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()


def _truncated(db: Path) -> None:
    _rollback_journal(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


def _first_page_only(db: Path) -> None:
    _rollback_journal(db)
    db.write_bytes(db.read_bytes()[:4096])


def _random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(7).randbytes(64 * 1024))


def _text_file(db: Path) -> None:
    db.write_text("title,when\nnot a database,2024\n")


DAMAGES = {
    "newer user_version": _newer_version,
    "unknown migration": _unknown_migration,
    "another application": _other_app,
    "another application id": _other_app_with_id,
    "truncated": _truncated,
    "first page only": _first_page_only,
    "random bytes": _random_bytes,
    "a text file": _text_file,
}
COMMANDS = [
    ("list",),
    ("add", "New", "--when", "2024"),
    ("info",),
    ("check",),
    ("log",),
    ("undo",),
    ("export", "-f", "json"),
]


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_foreign_or_damaged_file_refused_bytes_unchanged(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "events.db"
    seed(db, 300)
    DAMAGES[damage](db)
    before = tree_digest(tmp_path)
    csv = tmp_path / "in.csv"
    csv.write_text("title,when\nA,2024\n")
    before = tree_digest(tmp_path)
    for args in [*COMMANDS, ("import", str(csv)), ("backup", str(tmp_path / "copy.db"))]:
        code, _, err = cli("--db", str(db), *args)
        one_line_error(code, err, expect=5)
        assert tree_digest(tmp_path) == before, (damage, args)
    p = proc(db, "list")  # and once as a real process
    one_line_error(p.returncode, p.stderr, expect=5)
    assert tree_digest(tmp_path) == before


# -- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection the store opens may grow its file by a few pages only.

    `PRAGMA max_page_count` is per connection, so it is set on each new connection by wrapping
    the store's `connect` (the CLI runs in-process through CliRunner).
    """
    from timeline.store import opening

    real = opening.connect

    def limited(path: str, *, create: bool, **options: float) -> sqlite3.Connection:
        conn = real(path, create=create, **options)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 4}")
        return conn

    monkeypatch.setattr(opening, "connect", limited)


def _state(db: Path) -> tuple[list[object], str]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return rows, ok


def test_full_disk_clear_error_exit_5_database_as_it_was(tmp_path: Path, small_disk: None) -> None:
    db = tmp_path / "events.db"
    seed(db, 50)
    before = _state(db)
    big = tmp_path / "big.csv"
    big.write_text("title,when,notes\n" + "".join(f"E{i},2024,{'x' * 500}\n" for i in range(2000)))
    code, _, err = cli("--db", str(db), "import", str(big))
    one_line_error(code, err, expect=5)
    assert "full" in err
    code, _, err = cli("--db", str(db), "add", "Long", "--when", "2024", "--note", "y" * 40_000)
    one_line_error(code, err, expect=5)
    assert _state(db) == before and before[1] == "ok"
    assert count_events(db) == 50


# -- unwritable places, as an unprivileged user ------------------------------------------------


@pytest.fixture(scope="module")
def as_user() -> tuple[str, list[str]]:
    user = unprivileged_user()
    if user is None:
        pytest.skip("no unprivileged user on this system")
    command = launcher_for(user)
    assert command is not None, f"{user} can run neither the script nor a system Python"
    return user, command


def test_read_only_database_file(as_user: tuple[str, list[str]]) -> None:
    user, command = as_user
    with open_folder() as folder:
        db = folder / "events.db"
        seed(db, 3)
        os.chmod(folder, 0o777)
        os.chmod(db, 0o444)
        before = tree_digest(folder)
        p = run_as(user, command, "--db", str(db), "add", "New", "--when", "2024")
        one_line_error(p.returncode, p.stderr, expect=5)
        assert "events.db" in p.stderr
        p = run_as(user, command, "--db", str(db), "import", "/dev/null", "-f", "csv")
        assert p.returncode != 0 and "Traceback" not in p.stderr
        assert digest(db) == before["events.db"]
        assert count_events(db) == 3


def test_read_only_folder(as_user: tuple[str, list[str]]) -> None:
    user, command = as_user
    with open_folder() as folder:
        db = folder / "events.db"
        seed(db, 3)
        os.chmod(db, 0o666)
        os.chmod(folder, 0o555)
        before = tree_digest(folder)
        for args in (("add", "New", "--when", "2024"), ("undo",)):
            p = run_as(user, command, "--db", str(db), *args)
            one_line_error(p.returncode, p.stderr, expect=5)
        fresh = folder / "fresh.db"
        p = run_as(user, command, "--db", str(fresh), "add", "New", "--when", "2024")
        one_line_error(p.returncode, p.stderr, expect=5)
        p = run_as(user, command, "init", str(fresh))
        one_line_error(p.returncode, p.stderr, expect=5)
        assert tree_digest(folder) == before and not fresh.exists()


def test_missing_folder(as_user: tuple[str, list[str]]) -> None:
    user, command = as_user
    with open_folder() as folder:
        target = folder / "missing" / "events.db"
        for args in (("add", "New", "--when", "2024"), ("list",), ("check",)):
            p = run_as(user, command, "--db", str(target), *args)
            one_line_error(p.returncode, p.stderr, expect=5)
            assert "missing" in p.stderr
        assert list(folder.iterdir()) == []


# -- check and backup --------------------------------------------------------------------------


def test_check_reports_ok_schema_and_counts(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    cli("--db", str(db), "add", "A", "--when", "2024", "-a", "X", "-a", "Y", "-t", "t")
    cli("--db", str(db), "add", "B", "--when", "2023", "-a", "X")
    code, out, err = cli("--db", str(db), "check")
    assert code == 0, err
    assert "integrity: ok" in out and f"schema: {SCHEMA_VERSION}" in out
    assert "events: 2" in out and "actors: 2" in out and "tags: 1" in out and "history: 2" in out
    p = proc(db, "check", "--json")
    doc = json.loads(p.stdout)
    assert p.returncode == 0 and doc["status"] == "ok" and doc["schema"] == SCHEMA_VERSION
    assert (doc["events"], doc["actors"], doc["tags"], doc["history"]) == (2, 2, 1, 2)


def test_check_finds_damage_exit_5(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 3000)
    _rollback_journal(db)
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events_end'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:  # scribble over the index's root page
        f.seek((root[0] - 1) * page_size + 8)
        f.write(b"\xff" * 64)
    p = proc(db, "check")
    assert p.returncode == 5 and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "integrity" in p.stderr


def test_backup_refuses_the_database_and_foreign_files(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 5)
    before = digest(db)
    for target in (db, tmp_path / "events.db-wal", tmp_path / "." / "events.db", tmp_path):
        code, _, err = cli("--db", str(db), "backup", str(target))
        one_line_error(code, err, expect=2)
    os.link(db, tmp_path / "hard.db")
    code, _, err = cli("--db", str(db), "backup", str(tmp_path / "hard.db"))
    one_line_error(code, err, expect=2)
    (tmp_path / "hard.db").unlink()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    code, _, err = cli("--db", str(db), "backup", str(notes))
    one_line_error(code, err, expect=2)
    assert notes.read_text() == "my notes" and digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.db", "notes.txt"]
    code, _, err = cli("--db", str(db), "backup", "")
    one_line_error(code, err, expect=2)


def test_backup_replaces_an_earlier_backup_atomically(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 5)
    copy = tmp_path / "copy.db"
    assert proc(db, "backup", str(copy)).returncode == 0
    cli("--db", str(db), "add", "Sixth", "--when", "2024")
    before = digest(copy)
    p = proc(db, "backup", str(copy))  # an existing file is replaced only with --force
    one_line_error(p.returncode, p.stderr, expect=2)
    assert "--force" in p.stderr and digest(copy) == before
    p = proc(db, "backup", "--force", str(copy))
    assert p.returncode == 0 and "6 events" in p.stdout
    assert count_events(copy) == 6
    assert sorted(x.name for x in tmp_path.iterdir() if ".part" in x.name) == []


WRITER = """
import sys, time
sys.path[:0] = {paths!r}
from robust_helpers import event
from timeline.store import open_store
store = open_store(sys.argv[1], create=False)
deadline = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < deadline:
    store.import_events((event(f"w{{n}} {{i}}") for i in range(100)), "writer")
    n += 1
print(n)
"""


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 100)
    paths = [str(Path(__file__).parent)]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(paths=paths), str(db), "4"],
        stdout=subprocess.PIPE,
        text=True,
    )
    copies = []
    time.sleep(0.5)
    for i in range(4):
        copy = tmp_path / f"copy{i}.db"
        p = proc(db, "backup", str(copy))
        assert p.returncode == 0, p.stderr
        copies.append(copy)
        time.sleep(0.3)
    out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0 and int(out) > 0
    counts = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        imports = conn.execute("SELECT count(*) FROM history WHERE action = 'import'").fetchone()
        conn.close()
        assert events == 100 * imports[0]  # whole imports only: one consistent snapshot
        counts.append(events)
    assert counts == sorted(counts) and counts[-1] > 100
    assert count_events(db) == 100 * (1 + int(out))


# -- kill -9 in the middle of a 100,000-row import ---------------------------------------------


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    with path.open("w") as f:
        f.write("title,when,actors,tags,notes\n")
        for i in range(100_000):
            f.write(f"Event {i},{2000 + i % 25}-{i % 12 + 1:02d},A{i % 50};B,t{i % 9},n {i}\n")
    return path


@pytest.mark.slow
def test_kill_9_during_import(tmp_path: Path, big_csv: Path) -> None:
    base = tmp_path / "base.db"
    seed(base, 100)
    _rollback_journal(base)
    started = time.monotonic()
    timed = tmp_path / "timed.db"
    timed.write_bytes(base.read_bytes())
    assert proc(timed, "import", str(big_csv), timeout=600).returncode == 0
    full = time.monotonic() - started
    rng = random.Random(2024)
    split = {"before": 0, "after": 0}
    for trial in range(10):
        db = tmp_path / f"t{trial}.db"
        db.write_bytes(base.read_bytes())
        child = subprocess.Popen(
            [BIN, "import", str(big_csv)],
            env=base_env(db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # half the kills anywhere in the run, half around its commit at the end
        time.sleep(full * (rng.uniform(0.02, 1.0) if trial % 2 else rng.uniform(0.85, 1.1)))
        child.kill()  # SIGKILL
        child.wait()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        n = count_events(db)
        assert n in (100, 100_100), n
        split["before" if n == 100 else "after"] += 1
        assert proc(db, "check").returncode == 0
    print(f"kill -9 trials: {split} (full import {full:.1f} s)")
    assert sum(split.values()) == 10
