"""An ongoing event is ongoing as of its own reference day R and ends there for every question
(DATES.md, Spans); a question with an earlier reference day cuts it there."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli.app import app

runner = CliRunner()


def run(db: Path, today: str, *args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": today})
    return r.exit_code, r.stdout, r.stderr


def ongoing_db(tmp_path: Path) -> Path:
    db = tmp_path / "o.db"
    code, _, err = run(
        db, "2024-10-15", "add", "Decline", "--when", "since early 2023", "--as-of", "2024-10-15"
    )
    assert code == 0, err
    return db


def ends(db: Path, today: str, *args: str) -> list[str]:
    code, out, err = run(db, today, "list", "--json", *args)
    assert code == 0, err
    return [(e["end"] or e["start"])["latest"] for e in json.loads(out)]


def test_an_open_end_stays_at_its_own_reference_day(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    assert ends(db, "2026-11-30") == ["2024-10-15"]  # today is later: the end does not follow
    code, out, _ = run(db, "2026-11-30", "show", "1", "--json")
    event = json.loads(out)
    assert code == 0 and event["end"]["latest"] == "2024-10-15" and event["end"]["edtf"] == ".."
    assert (event["as_of"], event["ongoing"]) == ("2024-10-15", True)
    code, out, _ = run(db, "2026-11-30", "show", "1")
    assert "2024-10-15+ (ongoing as of 2024-10-15" in out


def test_window_filters_end_an_ongoing_event_at_its_reference_day(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    assert ends(db, "2026-11-30", "--from", "2026-11") == []
    assert ends(db, "2026-11-30", "--from", "2024-10") == ["2024-10-15"]
    assert ends(db, "2026-11-30", "--from", "2023", "--to", "2024-09", "--strictly") == []
    assert ends(db, "2026-11-30", "--from", "2023", "--to", "2024-12", "--strictly") == [
        "2024-10-15"
    ]


def test_a_question_with_an_earlier_reference_day_cuts_it_there(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    code, _, err = run(db, "2026-11-30", "add", "Later", "--when", "2026-03-01")
    assert code == 0, err
    code, out, err = run(db, "2026-11-30", "gaps", "--json")
    assert code == 0, err
    (gap,) = json.loads(out)
    assert (gap["min_days"], gap["from"]["id"], gap["to"]["id"]) == (502, 1, 2)
    code, out, err = run(db, "2026-11-30", "gaps", "--as-of", "2024-01-01", "--json")
    (gap,) = json.loads(out)  # the ongoing event is cut on 2024-01-01, then nothing until 2026
    assert gap["min_days"] == (date(2026, 3, 1) - date(2024, 1, 1)).days
    assert ends(db, "2026-11-30", "--from", "2024-06") == ["2024-10-15", "2026-03-01"]


def test_edit_as_of_moves_the_reference_day(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    code, _, err = run(db, "2026-11-30", "edit", "1", "--as-of", "2025-01-31")
    assert code == 0, err
    assert ends(db, "2026-11-30") == ["2025-01-31"]
    code, _, _ = run(db, "2026-11-30", "undo")
    assert code == 0 and ends(db, "2026-11-30") == ["2024-10-15"]
