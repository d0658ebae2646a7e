"""Small promises: an edit that changes nothing says so, and undo with nothing to undo says
why there is nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import timeline
from robust_helpers import base_env, cli, one_line_error

BIN = str(Path(sys.executable).with_name("timeline"))


def test_an_edit_that_changes_nothing_says_so_on_stderr(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    assert cli("--db", str(db), "add", "A", "--when", "late 2023", "-a", "Iran")[0] == 0
    log = cli("--db", str(db), "log", "--json")[1]
    for args in (("--when", "late 2023"), ("-a", "Iran"), ()):
        code, out, err = cli("--db", str(db), "edit", "1", *args)
        assert code == 0 and out.startswith("#1 A"), err
        assert err == "timeline: #1 is unchanged: the edit changes nothing\n"
    assert cli("--db", str(db), "log", "--json")[1] == log  # nothing recorded
    done = subprocess.run([BIN, "--db", str(db), "edit", "1", "--title", "A"],
                          env=base_env(), capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0 and "unchanged" in done.stderr and done.stdout.startswith("#1")
    code, _, err = cli("--db", str(db), "edit", "1", "--title", "B")
    assert code == 0 and err == ""
    with timeline.open(db) as tl:
        assert tl.apply_edit(1, title="B")[1] is False
        event, changed = tl.apply_edit(1, title="C")
        assert changed and event.title == "C"


def test_undo_says_why_there_is_nothing_to_undo(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    assert cli("--db", str(db), "init")[0] == 0
    code, _, err = cli("--db", str(db), "undo")
    one_line_error(code, err, expect=3)
    assert err == "timeline: nothing to undo: no change has been recorded yet\n"
    assert cli("--db", str(db), "add", "A", "--when", "2024")[0] == 0
    assert cli("--db", str(db), "undo")[0] == 0
    code, _, err = cli("--db", str(db), "undo")
    one_line_error(code, err, expect=3)
    assert "every recorded change is already undone" in err
    assert json.loads(cli("--db", str(db), "log", "--json")[1])[0]["undone_at"]
