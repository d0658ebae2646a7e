"""An ongoing event reaches the reference day of each question, in every listing and filter."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

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
    return [e["end"]["latest"] for e in json.loads(out)]


def test_list_and_show_resolve_the_open_end_to_today(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    assert ends(db, "2025-06-01") == ["2025-06-01"]
    code, out, _ = run(db, "2025-06-01", "show", "1", "--json")
    assert code == 0 and json.loads(out)["end"]["latest"] == "2025-06-01"
    assert json.loads(out)["as_of"] == "2024-10-15"


def test_window_filters_use_the_reference_day(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    assert ends(db, "2025-06-01", "--from", "2030") == []
    assert ends(db, "2030-02-01", "--from", "2030") == ["2030-02-01"]
    assert ends(db, "2025-06-01", "--from", "2023", "--to", "2025-03", "--strictly") == []
    assert ends(db, "2025-06-01", "--from", "2023", "--to", "2026", "--strictly") == ["2025-06-01"]


def test_gaps_as_of_is_the_reference_for_filters_too(tmp_path: Path) -> None:
    db = ongoing_db(tmp_path)
    code, _, err = run(db, "2024-10-15", "add", "Later", "--when", "2026-03-01")
    assert code == 0, err
    code, out, err = run(db, "2024-10-15", "gaps", "--as-of", "2025-03-01", "--json")
    assert code == 0, err
    (gap,) = json.loads(out)
    assert (gap["min_days"], gap["from"]["id"], gap["to"]["id"]) == (365, 1, 2)
