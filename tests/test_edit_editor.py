"""`timeline edit N --editor`: the event as text in $EDITOR, checked on save, re-opened on error.

The editor is a small scripted program: each time it is run it applies the next of the
replacements it was given (one per opening), and keeps a copy of every text it was shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.io.event_text import changes, from_text, to_text

BIN = Path(sys.executable).with_name("timeline")

EDITOR = r"""
import json, pathlib, re, sys
here = pathlib.Path(sys.argv[1])
path = pathlib.Path(sys.argv[2])
steps = json.loads((here / "steps.json").read_text())
shown = sorted(here.glob("shown-*.txt"))
text = path.read_text(encoding="utf-8")
(here / f"shown-{len(shown)}.txt").write_text(text, encoding="utf-8")
step = steps[len(shown)] if len(shown) < len(steps) else None
if step == "fail":
    sys.exit(3)
if step == "empty":
    text = ""
elif step:
    for key, value in step.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
path.write_text(text, encoding="utf-8")
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the scripted editor; write its steps with `steps()`."""
    here = tmp_path / "editor"
    here.mkdir()
    (here / "edit.py").write_text(EDITOR, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {here / 'edit.py'} {here}")
    monkeypatch.delenv("VISUAL", raising=False)
    return here


def steps(folder: Path, *each: object) -> None:
    (folder / "steps.json").write_text(json.dumps(list(each)), encoding="utf-8")


def shown(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("shown-*.txt"))]


def invoke(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def event(number: int = 1) -> dict[str, object]:
    found: dict[str, object] = json.loads(invoke("show", str(number), "--json")[1])
    return found


@pytest.fixture
def one(env: dict[str, str]) -> None:
    code, _, err = invoke(
        "add", "Iran sends drones", "--when", "August 2022", "-a", "Iran", "-t", "drones",
        "--note", "first line\nsecond line", "--value", "46",
    )  # fmt: skip
    assert code == 0, err


def test_a_saved_change_is_stored_and_undone_by_undo(one: None, editor: Path) -> None:
    steps(editor, {"when": '"late 2023"', "actors": '["Iran", "Russia"]'})
    code, out, err = invoke("edit", "1", "--editor")
    assert code == 0, err
    assert "late 2023" in out and err == ""
    after = event()
    assert after["when"] == "late 2023" and after["actors"] == ["Iran", "Russia"]
    assert after["notes"] == "first line\nsecond line" and after["value"] == 46
    (text,) = shown(editor)
    assert tomllib.loads(text)["when"] == "August 2022"
    assert invoke("undo")[0] == 0
    assert event()["when"] == "August 2022"


def test_a_bad_date_reopens_the_editor_with_the_error(one: None, editor: Path) -> None:
    steps(editor, {"when": '"Smarch 2023"'}, {"when": '"2023-03"'})
    code, out, err = invoke("edit", "1", "--editor")
    assert "understood: 2023-03-01" in out
    assert code == 0, err
    first, second = shown(editor)
    assert "# error" not in first
    assert second.startswith("# error: when: could not read 'Smarch 2023'")
    assert 'when = "Smarch 2023"' in second  # the text as the user left it, to correct
    assert event()["when"] == "2023-03"
    assert [e["action"] for e in json.loads(invoke("log", "--json")[1])] == ["edit", "add"]


@pytest.mark.parametrize(
    ("plan", "said"),
    [
        (["empty"], "the text was emptied"),
        (["fail"], "the editor exited with status 3"),
        ([{"when": '"Smarch 2023"'}, None], "'Smarch' is not a month"),
        ([{"title": '""'}, None], "title"),
        ([{"when": "[1"}, None], "not valid TOML"),
        ([{"value": "true"}, None], "value"),
    ],
    ids=["emptied", "editor-fails", "bad-date-kept", "no-title", "bad-toml", "bad-type"],
)
def test_aborting_changes_nothing(one: None, editor: Path, plan: list[object], said: str) -> None:
    before = event()
    steps(editor, *plan)
    code, out, err = invoke("edit", "1", "--editor")
    assert code == 1 and out == ""
    assert err.startswith("timeline: aborted: ") and said in err and "nothing changed" in err
    assert len(err.splitlines()) == 1
    assert event() == before
    assert len(json.loads(invoke("log", "--json")[1])) == 1


def test_a_save_that_changes_nothing_is_an_unchanged_edit(one: None, editor: Path) -> None:
    steps(editor, None)
    code, out, err = invoke("edit", "1", "--editor")
    assert code == 0 and "#1 Iran sends drones" in out
    assert err == "timeline: #1 is unchanged: the edit changes nothing\n"


def test_without_an_editor_or_with_other_options_it_says_so(
    one: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    code, _, err = invoke("edit", "1", "--editor")
    assert code == 2 and "set VISUAL or EDITOR" in err
    monkeypatch.setenv("EDITOR", "true")
    code, _, err = invoke("edit", "1", "--editor", "--when", "2023")
    assert code == 2 and "--editor" in err
    code, _, err = invoke("edit", "9", "--editor")
    assert code == 3 and "#9" in err


def test_visual_wins_over_editor_and_a_real_process_runs_it(
    one: None, editor: Path, env: dict[str, str]
) -> None:
    steps(editor, {"category": '"drone strikes"'})
    script = os.environ["EDITOR"]
    p = subprocess.run(
        [str(BIN), "edit", "#1", "--editor"], capture_output=True, text=True, check=False,
        env={**os.environ, "VISUAL": script, "EDITOR": "false"},
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert event()["category"] == "drone strikes"


def test_the_text_reads_back_as_the_same_fields(one: None) -> None:
    from timeline import open as open_timeline

    with open_timeline(os.environ["TIMELINE_DB"]) as tl:
        stored = tl.get(1)
    text = to_text(stored)
    assert changes(stored, text) == {}
    read = from_text(text)
    assert read["notes"] == "first line\nsecond line" and read["actors"] == ["Iran"]
    import dataclasses

    awkward = dataclasses.replace(stored, notes='ends in "quotes"\n\u0007')
    assert from_text(to_text(awkward))["notes"] == 'ends in "quotes"\n\u0007'
