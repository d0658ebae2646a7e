"""The everyday commands through typer's CliRunner and as a real `timeline` process."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

BIN = shutil.which("timeline") or str(Path(__file__).parents[1] / ".venv/bin/timeline")
runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), input=input)
    return r.exit_code, r.stdout, r.stderr


def proc(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=full, input=input)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


JSON_KEYS = [
    "id", "uuid", "title", "when", "end_when", "start", "end", "as_of", "ongoing", "dates",
    "actors", "tags", "category", "source", "quote", "sources", "value", "unit", "location",
    "notes", "created_at", "updated_at",
]  # fmt: skip
DATE_KEYS = ["earliest", "latest", "precision", "approximate", "uncertain", "edtf"]


def test_add_prints_understanding_and_persists(env: dict[str, str], db_path: Path) -> None:
    code, out, _ = run("add", "Hwasong-11 shipments", "--when", "late 2023", "-a", "North Korea",
                       "-t", "missiles", "--value", "46", "--unit", "UAV")  # fmt: skip
    assert code == 0
    assert "2023-09-01 … 2023-12-31" in out and "third of a year" in out
    p = proc(env, "list", "--json")
    assert p.returncode == 0
    [event] = json.loads(p.stdout)
    assert list(event) == JSON_KEYS
    assert list(event["start"]) == DATE_KEYS
    assert event["start"]["earliest"] == "2023-09-01" and event["end"] is None
    assert event["actors"] == ["North Korea"] and event["value"] == 46


def test_json_event_shape_pinned(env: dict[str, str]) -> None:
    run("add", "Span", "--when", "July-August 2024", "--source", "s")
    run("add", "Relative", "--when", "last month", "--end", "this month")
    p = proc(env, "list", "-f", "jsonl")
    one, two = (json.loads(line) for line in p.stdout.splitlines())
    for e in (one, two):
        e.pop("created_at"), e.pop("updated_at")
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                            str(e.pop("uuid")))  # fmt: skip
    assert one == {
        "id": 1, "title": "Span", "when": "July-August 2024", "end_when": None,
        "start": {"earliest": "2024-07-01", "latest": "2024-07-31", "precision": "month",
                  "approximate": False, "uncertain": False, "edtf": "2024-07"},
        "end": {"earliest": "2024-08-01", "latest": "2024-08-31", "precision": "month",
                "approximate": False, "uncertain": False, "edtf": "2024-08"},
        "as_of": None, "ongoing": False, "dates": {}, "actors": [], "tags": [], "category": None,
        "source": "s",
        "quote": None,
        "sources": [{"id": 1, "title": "s", "url": None, "published": None, "quote": None,
                     "when": None}],
        "value": None, "unit": None, "location": None, "notes": None,
    }  # fmt: skip
    assert two["end_when"] == "this month" and two["as_of"] == "2024-10-15"
    assert two["end"]["earliest"] == "2024-10-01"


def test_list_formats_and_filters(env: dict[str, str]) -> None:
    run("add", "=cmd", "--when", "2022", "-a", "Iran", "-c", "trade")
    run("add", "Later", "--when", "2024-04-23", "-a", "Russia", "-t", "aid")
    row = run("list", "-a", "iran", "-f", "csv")[1].splitlines()[1]
    assert re.match(r"1,[0-9a-f-]{36},'=cmd,2022", row)
    assert "| 2 | 2024-04-23 |" in run("list", "-f", "markdown", "-t", "aid")[1]
    plain = proc(env, "list").stdout.splitlines()
    assert plain[0].strip().startswith("#1") and "Later" in plain[1] and "\x1b" not in plain[1]
    assert len(run("list", "--from", "2023")[1].splitlines()) == 1
    assert len(run("list", "-n", "1", "--reverse")[1].splitlines()) == 1
    assert "Later" in run("list", "-n", "1", "--reverse")[1]


def test_show_accepts_hash_and_edit_rereads_as_of(env: dict[str, str]) -> None:
    run("add", "E", "--when", "last month", "--as-of", "2024-03-10")
    code, out, _ = run("show", "#1")
    assert code == 0 and "2024-02-01 … 2024-02-29" in out
    code, out, _ = run("edit", "1", "--when", "this month", "-a", "X")
    assert code == 0 and "2024-03-01 … 2024-03-31" in out
    event = json.loads(proc(env, "show", "1", "--json").stdout)
    assert event["when"] == "this month" and event["actors"] == ["X"]
    assert event["as_of"] == "2024-03-10"


def test_rm_needs_yes_without_terminal_then_undo_and_log(
    env: dict[str, str], db_path: Path
) -> None:
    run("add", "A", "--when", "2022", "--note", "keep me", "-t", "t1")
    before = proc(env, "show", "1", "--json").stdout
    p = proc(env, "rm", "1")
    assert p.returncode == 2 and "--yes" in p.stderr and len(p.stderr.splitlines()) == 1
    assert proc(env, "rm", "#1", "--yes").returncode == 0
    assert proc(env, "show", "1").returncode == 3
    undo = proc(env, "undo")
    assert undo.returncode == 0 and "delete" in undo.stdout
    assert proc(env, "show", "1", "--json").stdout == before
    log = proc(env, "log").stdout
    assert "delete" in log and "undone" in log and "add" in log
    assert proc(env, "undo").returncode == 0
    assert proc(env, "undo").returncode == 3
    assert json.loads(proc(env, "list", "--json").stdout) == []


def test_actors_tags_info_init(env: dict[str, str], db_path: Path, tmp_path: Path) -> None:
    run("add", "A", "--when", "2022", "-a", "Iran", "-a", "Russia", "-t", "drones")
    run("add", "B", "--when", "2023", "-a", "Iran")
    assert run("actors")[1].split() == ["2", "Iran", "1", "Russia"]
    assert json.loads(run("tags", "--json")[1]) == [{"name": "drones", "events": 1}]
    out = proc(env, "info").stdout
    assert "TIMELINE_DB" in out and "events: 2" in out and "schema:" in out
    other = tmp_path / "new.db"
    p = proc(env, "init", str(other))
    assert p.returncode == 0 and other.exists()
    assert proc(env, "--db", str(other), "list", "--json").stdout.strip() == "[]"


def test_database_found_upward(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "a" / "b").mkdir(parents=True)
    env = {"TIMELINE_TODAY": "2024-10-15"}
    clean = {k: v for k, v in os.environ.items() if k != "TIMELINE_DB"}
    subprocess.run([BIN, "init"], cwd=root, env=clean, check=True, capture_output=True)
    p = subprocess.run([BIN, "info"], cwd=root / "a" / "b", env={**clean, **env},
                       capture_output=True, text=True)  # fmt: skip
    assert p.returncode == 0 and str(root / "events.db") in p.stdout


BAD = [
    (["add", "x", "--when", "Smarch 2023"], 2, "Smarch"),
    (["add", "x", "--when", "2022", "--value", "1,000"], 2, "--value"),
    (["add", "x", "--when", "2023", "--end", "2022"], 2, "--end"),
    (["add", "x", "--when", "2022", "--as-of", "someday"], 2, "someday"),
    (["show", "99"], 3, "#99"),
    (["show", "abc"], 2, "'abc'"),
    (["edit", "99", "--title", "y"], 3, "#99"),
    (["edit", "1", "--when", "March"], 2, "March"),
    (["rm", "1", "99", "--yes"], 3, "#99"),
    (["list", "-f", "xml"], 2, "xml"),
    (["list", "--precision", "fortnight"], 2, "fortnight"),
    (["list", "--from", "2024", "--to", "2023"], 2, "--to"),
    (["list", "-n", "-3"], 2, "negative"),
]


@pytest.mark.parametrize(("args", "code", "words"), BAD)
def test_bad_input_one_line_and_unchanged(
    env: dict[str, str], db_path: Path, args: list[str], code: int, words: str
) -> None:
    assert proc(env, "add", "kept", "--when", "2022").returncode == 0
    before = proc(env, "list", "--json").stdout
    p = proc(env, *args)
    assert p.returncode == code
    assert len(p.stderr.splitlines()) == 1 and words in p.stderr
    assert p.stderr.startswith("timeline: ")
    assert proc(env, "list", "--json").stdout == before


def test_reading_missing_database_and_unwritable_path(env: dict[str, str], tmp_path: Path) -> None:
    p = proc(env, "list")
    assert p.returncode == 5 and "timeline init" in p.stderr
    bad = {**env, "TIMELINE_DB": str(tmp_path / "nope" / "events.db")}
    p = proc(bad, "add", "x", "--when", "2022")
    assert p.returncode == 5 and len(p.stderr.splitlines()) == 1
    assert not (tmp_path / "nope").exists()
    folder = {**env, "TIMELINE_DB": str(tmp_path)}  # a folder, not a file
    p = proc(folder, "add", "x", "--when", "2022")
    assert p.returncode == 5 and len(p.stderr.splitlines()) == 1


def test_bad_date_creates_no_database(env: dict[str, str], db_path: Path) -> None:
    assert proc(env, "add", "x", "--when", "Smarch").returncode == 2
    assert not db_path.exists()


def test_not_a_database_refused_unchanged(env: dict[str, str], db_path: Path) -> None:
    db_path.write_text("just text\n" * 20)
    before = digest(db_path)
    for args in (["list"], ["add", "x", "--when", "2022"], ["info"], ["undo"]):
        p = proc(env, *args)
        assert p.returncode == 5 and "not a SQLite database" in p.stderr
    assert digest(db_path) == before


def test_readonly_database_write_fails_cleanly(env: dict[str, str], db_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    proc(env, "add", "x", "--when", "2022")
    db_path.chmod(0o444)
    p = proc(env, "add", "y", "--when", "2023")
    assert p.returncode == 5 and len(p.stderr.splitlines()) == 1


def test_text_is_stored_exactly_and_shown_inert(env: dict[str, str]) -> None:
    title = "evil \x1b]8;;http://x\x07link\x1b[2J [bold]x[/bold] \u202eabc"
    assert proc(env, "add", title, "--when", "2022").returncode == 0
    assert json.loads(proc(env, "show", "1", "--json").stdout)["title"] == title
    for args in (["list"], ["show", "1"], ["log"]):
        out = proc(env, *args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "[bold]x[/bold]" in out
    out = proc(env, "list", "-f", "markdown").stdout  # Markdown shows the brackets escaped
    assert "\x1b" not in out and "\u202e" not in out and "\\[bold\\]x\\[/bold\\]" in out


def test_markdown_list_leaves_links_and_emphasis_inert(env: dict[str, str]) -> None:
    title = "[x](javascript:alert(1)) *bold* a|b <i>"
    assert proc(env, "add", title, "--when", "2022").returncode == 0
    for out in (run("list", "-f", "markdown")[1], proc(env, "list", "-f", "markdown").stdout):
        row = out.splitlines()[2]
        assert "\\[x\\](javascript:alert(1)) \\*bold\\* a\\|b \\<i>" in row
        assert row.count(" | ") == 6  # the title's `|` splits no cell
