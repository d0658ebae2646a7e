"""Bad input: hostile arguments to every command, generated dates, and malformed import files.

Malformed input gets one `timeline:` line on stderr, a non-zero exit, and nothing written; text
with control characters is data (stored as given, shown inert); nothing ever prints a traceback.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from robust_helpers import cli, count_events, one_line_error, proc, seed
from timeline.errors import DateError, TimelineError

HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "\x1b[2J\x1b]0;owned\x07",
    "\r\n\t\x7f\x9b",
    "\u202eevil\u2066",
    "-1",
    "#-1",
    "0",
    "99999999999999999999",
    "#99999999999999999999",
    "9" * 400,
    "0000-00-00",
    "9999-12-32",
    "10000-01-01",
    "-0001-01-01",
    "2024-02-30",
    "1e309",
    "nan",
    "[bold]x[/bold]",
    "' OR 1=1 --",
    "--yes",
    "\udcff",
]

# Each command with the places an argument can go ({} is replaced by the hostile value).
COMMANDS: dict[str, list[list[str]]] = {
    "add": [["{}", "--when", "2024"], ["T", "--when", "{}"], ["T", "--when", "2024", "--end", "{}"],
            ["T", "--when", "2024", "--value", "{}"], ["T", "--when", "2024", "--as-of", "{}"],
            ["T", "--when", "2024", "--date-order", "{}"]],
    "list": [["--from", "{}"], ["--to", "{}"], ["-n", "{}"], ["-f", "{}"], ["--precision", "{}"]],
    "show": [["{}"]],
    "edit": [["{}", "--title", "x"], ["1", "--when", "{}"], ["1", "--value", "{}"],
             ["1", "--title", "{}"]],
    "rm": [["{}", "--yes"], ["1", "{}", "--yes"]],
    "log": [["-n", "{}"]],
    "undo": [["{}"]],
    "import": [["{}"], ["-", "-f", "{}"], ["-", "--as-of", "{}"]],
    "actors": [["{}"]],
    "tags": [["{}"]],
    "gaps": [["--min", "{}"], ["--top", "{}"], ["--as-of", "{}"], ["-f", "{}"]],
    "between": [["{}", "2024"], ["#1", "{}"], ["2023", "2024", "--at-least", "{}"]],
    "parse": [["{}"], ["2024", "--as-of", "{}"]],
    "chart": [["--width", "{}"], ["--by", "{}"], ["--from", "{}"]],
    "stats": [["--by", "{}"], ["--sum", "{}"], ["-f", "{}"]],
    "export": [["-f", "{}"], ["-f", "json", "--to", "{}"], ["-f", "json", "-o", "{}"]],
    "check": [["{}"]],
    "backup": [["{}"]],
    "info": [["{}"]],
}  # fmt: skip
UNKNOWN_OPTIONS = ["--nope", "-Z", "--when=", "--db"]
TRIED: dict[str, int] = {}


def _state(db: Path) -> tuple[list[object], int]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    hist = conn.execute("SELECT count(*) FROM history").fetchone()[0]
    conn.close()
    return rows, hist


def _check_run(db: Path, args: list[str], before: tuple[list[object], int]) -> None:
    code, out, err = cli("--db", str(db), *args)
    assert "Traceback" not in out + err, args
    assert code in (0, 1, 2, 3, 4, 5), (code, args, err[-300:])
    if code not in (0, 1, 4):
        lines = [ln for ln in err.splitlines() if ln.strip()]
        if args[0] != "parse":  # parse reports one line per unreadable input
            assert len(lines) == 1, (args, err[:500])
        assert all(ln.startswith("timeline: ") for ln in lines), err[:500]
        assert _state(db) == before, args


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_TODAY", "2024-10-15")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "events.db"
    seed(path, 3)
    return path


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_with_hostile_arguments(db: Path, command: str) -> None:
    before = _state(db)
    for shape in COMMANDS[command]:
        for value in HOSTILE:
            args = [command, *(value if part == "{}" else part for part in shape)]
            if command == "add" and shape[0] == "{}" and value.strip() and value != "--yes":
                _check_run(db, args, _state(db))  # a title of any text is stored
                continue
            if command in ("edit", "rm", "undo", "import") and value in ("1", "0"):
                continue
            _check_run(db, args, _state(db))
            TRIED[command] = TRIED.get(command, 0) + 1
    for option in UNKNOWN_OPTIONS:
        code, _, err = cli("--db", str(db), command, option)
        one_line_error(code, err, expect=2)
    assert count_events(db) >= before[0].__len__() - 3  # rm/undo may have acted on seeds


def test_hostile_text_is_stored_exactly(db: Path) -> None:
    text = "a\x1b[31mb\x07c\x9bd\u202ee\x01f\r\ng\t[bold]h"  # (NUL is refused: test_records)
    code, out, err = cli("--db", str(db), "add", text, "--when", "2024", "--note", text,
                         "-a", text, "--source", text)  # fmt: skip
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    stored = json.loads(cli("--db", str(db), "show", "4", "--json")[1])
    assert stored["title"] == text and stored["notes"] == text and stored["source"] == text
    assert stored["actors"] == [text.strip()]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    command=st.sampled_from(sorted(COMMANDS)),
    data=st.data(),
)
def test_generated_arguments_never_crash(
    tmp_path_factory: pytest.TempPathFactory, command: str, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("gen") / "events.db"
    seed(path, 2)
    shape = data.draw(st.sampled_from(COMMANDS[command]))
    text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.from_regex(r"#?-?\d{1,25}"))
    args = [command, *(data.draw(text) if part == "{}" else part for part in shape)]
    args += data.draw(
        st.lists(st.sampled_from(["--json", "--yes", "-n", "--bogus", "2"]), max_size=2)
    )
    _check_run(path, args, _state(path))


# -- generated dates ---------------------------------------------------------------------------

WORDS = ["early", "mid", "late", "c.", "circa", "around", "last", "this", "next", "since", "until",
         "to", "-", "–", "/", "and", "between", "spring", "summer", "Q3", "H1", "week", "month",
         "year", "ago", "3", "months", "January", "Feb", "Sept", "1999", "2024", "0", "12", "31",
         "2023-09", "2024-02-29", "2023?", "1850~", "..", "X", "s", "'", ",", "BC", "AD",
         "%"]  # fmt: skip


def _date_strings(n: int, seed_: int) -> list[str]:
    rng = random.Random(seed_)
    out = []
    for _ in range(n):
        k = rng.randint(1, 5)
        joiner = rng.choice([" ", "", "-", "/"])
        out.append(joiner.join(rng.choice(WORDS) for _ in range(k)))
        if rng.random() < 0.1:
            out[-1] = "".join(chr(rng.randint(0, 0x3000)) for _ in range(rng.randint(0, 6)))
    return out


def _reparse_check(text: str) -> bool:
    from timeline.dates import parse_when

    today = date(2024, 10, 15)
    try:
        when = parse_when(text, today=today)
    except TimelineError as err:
        assert isinstance(err, DateError), (text, err)
        return False
    assert parse_when(text, today=today) == when
    for part in (when.start, when.end):
        if part is not None and part.edtf and not when.ongoing:
            again = parse_when(part.edtf, today=today)  # a week's EDTF is an interval
            extent = (again.start.earliest, (again.end or again.start).latest)
            assert extent == (part.earliest, part.latest), (text, part)
    return True


def test_generated_date_strings_sample() -> None:
    parsed = sum(_reparse_check(t) for t in _date_strings(600, 1))
    assert parsed > 5


@pytest.mark.parametrize("name", ["", "a\x00b", "x" * 100_000])
def test_export_to_empty_or_overlong_output_name(db: Path, name: str) -> None:
    code, _, err = cli("--db", str(db), "export", "-f", "json", "-o", name)
    assert code in (2, 5) and "internal error" not in err


@pytest.mark.slow
def test_10000_generated_date_strings() -> None:
    parsed = sum(_reparse_check(t) for t in _date_strings(10_000, 2))
    print(f"10,000 generated date strings: {parsed} parsed, {10_000 - parsed} refused")
    assert parsed > 50


# -- import files --------------------------------------------------------------------------------

GOOD = "Event {i},2024-01-{d:02d},A;B\n"


def _csv(rows: int, bad: int | None, bad_row: str = "Broken,Smarch 2023,\n") -> bytes:
    body = "".join(bad_row if i + 1 == bad else GOOD.format(i=i, d=i % 28 + 1) for i in range(rows))
    return ("title,when,actors\n" + body).encode()


@pytest.mark.parametrize("where", [1, 50, 100])
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_bad_row_anywhere_nothing_imported_and_row_named(db: Path, where: int, fmt: str) -> None:
    rows = [{"title": f"E{i}", "when": "2024"} for i in range(100)]
    rows[where - 1] = {"title": "Broken", "when": "Smarch 2023"}
    path = db.parent / f"in.{fmt}"
    if fmt == "csv":
        path.write_bytes(_csv(100, where))
    elif fmt == "json":
        path.write_text(json.dumps(rows))
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    before = _state(db)
    p = proc(db, "import", str(path))
    one_line_error(p.returncode, p.stderr, expect=2)
    assert str(where) in p.stderr and "when" in p.stderr and "Smarch" in p.stderr
    assert _state(db) == before


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("latin-1", "title,when\nCaf\xe9,2024\n".encode("latin-1"), "UTF-8"),
        ("nul", b"title,when\nA\x00,2024\n", "NUL"),
        ("dup columns", b"title,when,title\nA,2024,B\n", "twice"),
        ("unknown column", b"title,when,colour\nA,2024,red\n", "colour"),
        ("extra cells", b"title,when\nA,2024,x,y\n", "row 1"),
        ("only a header", b"", "empty"),
        ("bad json", b'[{"title": "A", "when": "2024"},', "json"),
    ],
)
def test_malformed_files_refused(db: Path, name: str, content: bytes, needle: str) -> None:
    path = db.parent / ("in.json" if name == "bad json" else "in.csv")
    path.write_bytes(content)
    before = _state(db)
    p = proc(db, "import", str(path))
    one_line_error(p.returncode, p.stderr, expect=2)
    assert needle.lower() in p.stderr.lower(), p.stderr
    assert _state(db) == before


def test_bom_and_crlf_import(db: Path) -> None:
    path = db.parent / "in.csv"
    path.write_bytes(b'\xef\xbb\xbftitle,when,notes\r\nA,2024,"two\r\nlines"\r\nB,2023,\r\n')
    p = proc(db, "import", str(path))
    assert p.returncode == 0, p.stderr
    got = {e["title"]: e["notes"] for e in json.loads(proc(db, "list", "--json").stdout)}
    assert got["A"] == "two\r\nlines" and got["B"] is None and "\ufefftitle" not in got


@pytest.mark.slow
def test_100_mb_import_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 1)
    path = tmp_path / "big.csv"
    note = "n" * 1000
    rows = 100_000
    with path.open("w") as f:
        f.write("title,when,notes\n")
        for i in range(rows - 1):
            f.write(f"E{i},2024-01-{i % 28 + 1:02d},{note}\n")
        f.write(f"Last,2024-13-45,{note}\n")
    assert path.stat().st_size > 100_000_000
    p = proc(db, "import", str(path), timeout=900)
    one_line_error(p.returncode, p.stderr, expect=2)
    assert f"row {rows}" in p.stderr and count_events(db) == 1
    with path.open("r+") as f:  # mend the last row in place
        f.seek(path.stat().st_size - len(note) - len("2024-13-45,\n"))
        f.write("2024-12-15")
    p = proc(db, "import", str(path), timeout=900)
    assert p.returncode == 0, p.stderr
    assert count_events(db) == rows + 1
