"""`timeline import`: CSV, JSON, JSON Lines; a malformed file is refused whole, naming the row."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.test_cli_events import BIN, proc, run

from timeline.io.csv_reader import unguard
from timeline.render.events import guard
from timeline.render.safe import inert

HEADER = "title,when,end,actors,tags,category,source,quote,value,unit,location,notes,as_of\n"


def events(env: dict[str, str]) -> list[dict[str, object]]:
    """The stored events, read in-process (`CliRunner`): the tests here run the import itself
    as a real process, and reading the result back needs no process start-up of its own."""
    code, out, err = run("--db", env["TIMELINE_DB"], "list", "--json")
    assert code == 0, err
    found: list[dict[str, object]] = json.loads(out)
    return found


def test_csv_import_all_columns(env: dict[str, str], tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    f.write_text(
        HEADER + '"Shells, many",last month,,North Korea; Russia;,ammo,aid,src,"q ""x""",'
        "65000000000,USD,Pyongyang,n,2024-03-10\n"
        "'=SUM(A1),2022,2023,,,,,,-3,,,,\n",
        encoding="utf-8",
    )
    p = proc(env, "import", str(f))
    assert p.returncode == 0 and "imported 2" in p.stdout
    one, two = events(env)
    assert one["title"] == "=SUM(A1)" and one["end_when"] == "2023" and one["value"] == -3
    assert two["title"] == "Shells, many" and two["actors"] == ["North Korea", "Russia"]
    assert two["start"]["earliest"] == "2024-02-01" and two["value"] == 65000000000  # type: ignore[index]
    assert two["quote"] == 'q "x"' and two["as_of"] == "2024-03-10"


def test_csv_bom_crlf_and_timestamps(env: dict[str, str], tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    f.write_bytes(b"\xef\xbb\xbftitle,when,created_at,updated_at\r\nA,2022,"
                  b"2020-01-02T03:04:05Z,2021-01-01T00:00:00Z\r\n")  # fmt: skip
    assert proc(env, "import", str(f)).returncode == 0
    [e] = events(env)
    assert e["title"] == "A" and e["created_at"] == "2020-01-02T03:04:05Z"
    assert e["updated_at"] == "2021-01-01T00:00:00Z"


MALFORMED = [
    ("a.csv", b"title,when,colour\nA,2022,red\n",
     "unknown column 'colour'; known columns: uuid, title"),
    ("a.csv", b"title\nA\n", "missing column 'when'"),
    ("a.csv", b"title,when\nA,2022\nB,Smarch 2023\n", "row 2 (line 3), column 'when'"),
    ("a.csv", b"title,when,value\nA,2022,lots\n", "row 1 (line 2), column 'value'"),
    ("a.csv", b"title,when\n,2022\n", "row 1 (line 2), column 'title'"),
    ("a.csv", b"title,when,notes\n\nA,2022,\n\nB,2022,\"x\ny\"\nC,Smarch,\n",
     "row 3 (line 7), column 'when'"),
    ("a.csv", b"title;when\nA;2022\nB;Smarch 2023\n", "row 2 (line 3), column 'when'"),
    ("a.csv", b"title|when|colour\nA|2022|red\n", "unknown column 'colour'"),
    ("a.csv", b"title:when\nA:2022\n", "looks separated by ':'"),
    ("a.csv", b"title,when\nA,2022\nB\xff,2022\n", "line 3 is not valid UTF-8"),
    ("a.csv", b"title,when\nA\x00,2022\n", "line 2 contains a NUL byte"),
    ("a.csv", b"", "empty"),
    ("a.json", b'[{"title": "A", "when": "2022"}, {"title": "B"}]', "item 2, column 'when'"),
    ("a.json", b'[{"title": "A", "when": "2022", "oops": 1}]', "unknown key 'oops'"),
    ("a.json", b'{"title": "A"}', "line 1, column 'when'"),  # a JSON event: JSON Lines
    ("a.json", b'{"x": 1}', "unknown key 'x'"),
    ("a.json", b'{\n "x": 1}', 'an object with an "events" list'),
    ("a.json", b'[{"title": "A",\n "when": }]', "line 2 column"),
    ("a.jsonl", b'{"title": "A", "when": "2022"}\n\n{"title": "B", "when": 5}\n',
     "line 3, column 'when'"),
    ("a.txt", b"title,when\nA,2022\n", "--format"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "words"), MALFORMED)
def test_malformed_refused_nothing_written(
    env: dict[str, str], tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    run("add", "kept", "--when", "2022")
    before = events(env)
    f = tmp_path / name
    f.write_bytes(data)
    p = proc(env, "import", str(f))
    assert p.returncode == 2, p.stderr
    assert len(p.stderr.splitlines()) == 1 and words in p.stderr
    assert events(env) == before
    assert "import" not in run("log")[1].split()


def test_missing_file_and_dry_run(env: dict[str, str], tmp_path: Path, db_path: Path) -> None:
    p = proc(env, "import", str(tmp_path / "nope.csv"))
    assert p.returncode == 2 and "cannot read" in p.stderr
    f = tmp_path / "a.csv"
    f.write_text("title,when\nA,2022\nB,2023\n")
    p = proc(env, "import", str(f), "--dry-run")
    assert p.returncode == 0 and "2 events would be imported" in p.stdout
    assert not db_path.exists()


def test_json_roundtrip_and_stdin(env: dict[str, str], tmp_path: Path) -> None:
    run("add", "A", "--when", "since August 2022", "-a", "X", "--quote", "q\x01")
    run("add", "B", "--when", "late 2023", "--end", "2024-09")
    exported = proc(env, "list", "--json").stdout
    other = {**env, "TIMELINE_DB": str(tmp_path / "other.db")}
    p = proc(other, "import", "-", input=exported)
    assert p.returncode == 0, p.stderr
    assert json.loads(proc(other, "list", "--json").stdout) == json.loads(exported)
    jsonl = proc(env, "list", "-f", "jsonl").stdout
    third = {**env, "TIMELINE_DB": str(tmp_path / "third.db")}
    assert proc(third, "import", "-", input=jsonl).returncode == 0
    assert proc(third, "list", "-f", "jsonl").stdout == jsonl


def test_csv_export_reimports(env: dict[str, str], tmp_path: Path) -> None:
    code, _, err = run(
        "add", "--when", "2022", "-t", "a", "-t", "b", "--value", "1.5", "--note", "x\ny",
        "--", "-minus",
    )  # fmt: skip
    assert code == 0, err
    csv_text = proc(env, "list", "-f", "csv").stdout
    other = {**env, "TIMELINE_DB": str(tmp_path / "o.db")}
    assert proc(other, "import", "-", "--format", "csv", input=csv_text).returncode == 0
    assert proc(other, "list", "-f", "csv").stdout == csv_text


def test_import_undo_removes_rows(env: dict[str, str], tmp_path: Path) -> None:
    run("add", "kept", "--when", "2022")
    f = tmp_path / "a.jsonl"
    f.write_text("".join(f'{{"title": "e{i}", "when": "2023"}}\n' for i in range(50)))
    assert proc(env, "import", str(f)).returncode == 0
    assert len(events(env)) == 51
    assert "import" in proc(env, "undo").stdout
    assert [e["title"] for e in events(env)] == ["kept"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_guard_roundtrip(cell: str) -> None:
    guarded = guard(cell)
    number = r"[+-](?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"  # a plain number stays as it is
    plain_number = cell.isascii() and re.fullmatch(number, cell) is not None
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r") or plain_number
    if not (cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r")):
        assert unguard(guarded) == cell


@settings(max_examples=200)
@given(st.text())
def test_inert_has_no_controls(text: str) -> None:
    out = inert(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in out)


@pytest.mark.slow
def test_import_100k_rows_in_seconds(env: dict[str, str], tmp_path: Path) -> None:
    import time

    f = tmp_path / "big.csv"
    with f.open("w") as out:
        out.write("title,when,actors,tags\n")
        for i in range(100_000):
            out.write(f"Event {i},{2000 + i % 20}-{1 + i % 12:02d},A{i % 7};B,t{i % 5}\n")
    start = time.perf_counter()
    p = subprocess.run([BIN, "import", str(f)], env={**os.environ, **env}, capture_output=True)
    assert p.returncode == 0
    assert time.perf_counter() - start < 30


def test_a_failed_import_leaves_no_new_database_behind(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from timeline.cli.app import app

    bad = tmp_path / "bad.csv"
    bad.write_text("title,when\nfine,2022\nbroken,Smarch 2023\n", encoding="utf-8")
    target = tmp_path / "new.db"
    result = CliRunner().invoke(app, ["--db", str(target), "import", str(bad)])
    assert result.exit_code == 2 and "row 2" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]
    existing = tmp_path / "old.db"
    assert CliRunner().invoke(app, ["--db", str(existing), "init", str(existing)]).exit_code == 0
    result = CliRunner().invoke(app, ["--db", str(existing), "import", str(bad)])
    assert result.exit_code == 2 and existing.exists()  # a database that was there stays
    listed = CliRunner().invoke(app, ["--db", str(existing), "list", "--json"])
    assert listed.stdout.strip() == "[]"


def test_a_blank_source_text_is_no_citation_and_round_trips(tmp_path: Path) -> None:
    """A `source` of white space only names no source (as `Timeline.add` reads `--source`):
    the text is kept, nothing is cited, and its JSON export imports back as it was."""
    import io
    import json
    from datetime import date

    import timeline

    with timeline.open(tmp_path / "a.db", create=True, today=date(2024, 10, 15)) as tl:
        e = tl.import_(io.BytesIO(b'[{"title": "0", "when": "2024", "source": "\\r"}]'), fmt="json")
        assert e == 1
        [stored] = list(tl.events())
        assert stored.source == "\r" and stored.citations == ()
        out = io.StringIO()
        tl.export("json", out)
    with timeline.open(tmp_path / "b.db", create=True, today=date(2024, 10, 15)) as back:
        assert back.import_(io.BytesIO(out.getvalue().encode()), fmt="json") == 1
        [again] = list(back.events())
        assert json.loads(out.getvalue())[0]["sources"] == [] and again.source == "\r"
