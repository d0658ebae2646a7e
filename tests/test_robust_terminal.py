"""Hostile text and a real terminal: every format shows controls, bidi and invisible characters
inert when stdout is a terminal (JSON as \\u escapes that read back as the same data, other
formats as visible escapes), and keeps the data exact when piped or written with -o."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from robust_helpers import base_env, cli

BIN = str(Path(sys.executable).with_name("timeline"))

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # a clipboard write
OSC8 = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # a hidden link
TITLE = (
    f"Title {OSC52}{OSC8} \x07bell \x9b2J c1 \u202eevil\u2069"
    " zw\u200b\u200d\u2060\ufeff\xad ls\u2028ps\u2029"
)
ACTOR = "ad\u200bmin"
NEVER_RAW = [
    "\x1b", "\x07", "\x9b", "\x85", "\u202e", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff",
    "\xad", "\u2028", "\u2029",
]  # fmt: skip


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_TODAY", "2024-10-15")
    db = tmp_path / "events.db"
    for when in ("2022", "2024-03-01"):
        code, _, err = cli("--db", str(db), "add", TITLE, "--when", when, "-a", ACTOR, "-t",
                           TITLE, "--note", TITLE, "--quote", f"{TITLE}\r\nline 2")  # fmt: skip
        assert code == 0, err
    return db


def _on_terminal(db: Path, *args: str) -> str:
    """What `timeline ARGS` writes to a real terminal (the pty's CRLF read back as LF)."""
    master, slave = pty.openpty()
    env = base_env(db) | {"COLUMNS": "300", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    child = subprocess.Popen([BIN, *args], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert child.wait(timeout=60) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _piped(db: Path, *args: str) -> str:
    done = subprocess.run([BIN, *args], env=base_env(db), capture_output=True, check=True)
    return done.stdout.decode("utf-8")


JSON_DATA = [("list", "-f", "json"), ("list", "--json"), ("list", "-f", "jsonl"),
             ("export", "-f", "json"), ("export", "-f", "jsonl"), ("log", "--json"),
             ("show", "1", "--json"), ("actors", "--json"), ("tags", "--json"),
             ("export", "-f", "timelinejs"), ("gaps", "--json")]  # fmt: skip
TEXT_DATA = [("list", "-f", "csv"), ("export", "-f", "csv"), ("list", "-f", "markdown"),
             ("export", "-f", "markdown"), ("export", "-f", "html"), ("export", "-f", "svg"),
             ("export", "-f", "ics"), ("gaps", "-f", "csv"), ("quiet", "-f", "csv")]  # fmt: skip
VIEWS = [("list",), ("list", "--view", "tree"), ("show", "1"), ("log",), ("actors",),
         ("tags",), ("gaps",), ("quiet",)]  # fmt: skip


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:  # JSON Lines
        return [json.loads(line) for line in text.split("\n") if line]  # (not at U+2028)


@pytest.mark.parametrize("args", JSON_DATA, ids=" ".join)
def test_json_on_a_terminal_is_escaped_and_still_the_same_data(
    hostile: Path, args: tuple[str, ...]
) -> None:
    shown = _on_terminal(hostile, *args)
    for raw in NEVER_RAW:
        assert raw not in shown, (args, repr(raw))
    assert _loads(shown) == _loads(_piped(hostile, *args))  # escapes read back as the same text


@pytest.mark.parametrize("args", TEXT_DATA, ids=" ".join)
def test_other_formats_on_a_terminal_show_visible_escapes(
    hostile: Path, args: tuple[str, ...]
) -> None:
    shown = _on_terminal(hostile, *args)
    for raw in NEVER_RAW:
        assert raw not in shown, (args, repr(raw))
    assert "\r" not in shown, args  # (a bare carriage return would overwrite the line)
    if args[0] not in ("quiet", "gaps"):  # (their only user text is the title's start)
        assert "x1b" in shown and "x07bell" in shown, args  # shown, not removed


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_views_on_a_terminal_make_invisible_characters_visible(
    hostile: Path, args: tuple[str, ...]
) -> None:
    shown = _on_terminal(hostile, *args)
    user = shown
    for raw in NEVER_RAW[1:]:  # rich may style with its own ESC sequences, the user may not
        assert raw not in user, (args, repr(raw))
    assert "\x1b]52" not in shown and "\x1b]8;;http://evil" not in shown
    if args[0] in ("list", "show", "actors"):
        assert "ad\\u200bmin" in shown, args  # not "admin"


def test_piped_and_written_data_stays_exact(hostile: Path, tmp_path: Path) -> None:
    events = json.loads(_piped(hostile, "list", "--json"))
    assert events[0]["title"] == TITLE and events[0]["actors"] == [ACTOR]
    csv = _piped(hostile, "export", "-f", "csv")
    assert TITLE in csv and ACTOR in csv
    out = tmp_path / "out.jsonl"
    subprocess.run([BIN, "export", "-f", "jsonl", "-o", str(out)], env=base_env(hostile),
                   check=True)  # fmt: skip
    assert json.loads(out.read_text().split("\n")[0])["notes"] == TITLE
    log = json.loads(_piped(hostile, "log", "--json"))
    assert log[0]["after"]["row"]["title"] == TITLE


def test_a_terminal_csv_export_to_a_file_stays_exact(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    _on_terminal(hostile, "export", "-f", "csv", "-o", str(out))  # stdout a terminal, -o a file
    assert TITLE in out.read_text(encoding="utf-8")


# -- the rule itself -----------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.text())
def test_shown_text_holds_nothing_that_acts_and_json_escapes_read_back(text: str) -> None:
    from timeline.render.safe import inert, json_visible, visible

    for out in (visible(text), inert(text)):
        assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in out)
        assert not any(c in out for c in NEVER_RAW)
    dumped = json.dumps(text, ensure_ascii=False)
    assert json.loads(json_visible(dumped)) == text


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_a_cell_of_printable_ascii_is_shown_as_the_full_rule_shows_it(text: str) -> None:
    from timeline.render.safe import _LINE_BREAKS, inert, visible

    assert inert(text) == visible(_LINE_BREAKS.sub(" ", text))


def test_joiners_inside_scripts_that_need_them_are_kept() -> None:
    from timeline.render.safe import inert, visible

    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert visible(family) == family and visible(persian) == persian
    assert visible("ad\u200dmin") == "ad\\u200dmin" and visible("a\u200cb") == "a\\u200cb"
    assert visible("x\u200b") == "x\\u200b" and inert("a\rb\tc\nd") == "a b c d"
    assert visible("a\rb") == "a\\rb" and visible("\x9b") == "\\x9b"
