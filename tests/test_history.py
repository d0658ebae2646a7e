"""History: one rm is one change, a no-op edit records nothing, the log shows before and after."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli.app import app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": "2024-10-15"})
    return r.exit_code, r.stdout, r.stderr


def three(tmp_path: Path) -> Path:
    db = tmp_path / "h.db"
    for title, when in (("A", "2022"), ("B", "late 2023"), ("C", "2024-04-23")):
        assert run(db, "add", title, "--when", when, "-a", "Iran")[0] == 0
    return db


def listed(db: Path) -> list[dict[str, object]]:
    result: list[dict[str, object]] = json.loads(run(db, "list", "--json")[1])
    return result


def test_one_undo_brings_back_every_event_of_one_rm(tmp_path: Path) -> None:
    db = three(tmp_path)
    before = listed(db)
    assert run(db, "rm", "1", "3", "--yes")[0] == 0
    assert [e["title"] for e in listed(db)] == ["B"]
    code, out, _ = run(db, "undo")
    assert code == 0 and "2 events" in out
    assert listed(db) == before


def test_an_edit_that_changes_nothing_is_not_recorded(tmp_path: Path) -> None:
    db = three(tmp_path)
    entries = len(json.loads(run(db, "log", "--json")[1]))
    assert run(db, "edit", "2", "--when", "late 2023")[0] == 0
    assert len(json.loads(run(db, "log", "--json")[1])) == entries
    assert run(db, "undo")[0] == 0  # undoes the add of C, not a phantom edit
    assert [e["title"] for e in listed(db)] == ["A", "B"]


def test_log_shows_what_an_edit_changed_before_and_after(tmp_path: Path) -> None:
    db = three(tmp_path)
    assert run(db, "edit", "2", "--when", "December 2023", "-t", "missiles")[0] == 0
    code, out, _ = run(db, "log", "-n", "1")
    assert code == 0 and "[changed: when_text, tags]" in out
    (entry,) = json.loads(run(db, "log", "-n", "1", "--json")[1])
    assert entry["before"]["row"]["when_text"] == "late 2023"
    assert entry["after"]["row"]["when_text"] == "December 2023"
    assert entry["after"]["tags"] == ["missiles"]
