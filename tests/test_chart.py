"""`timeline chart` through the CLI: width, lanes, ASCII when piped, hostile text inert."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_views_fixtures import HOSTILE
from timeline.cli.app import app

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-article.csv"
ENV = {"TIMELINE_TODAY": "2024-10-15"}
runner = CliRunner()


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, ["--db", str(db), *args], env={**ENV, **(env or {})})
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chart") / "events.db"
    assert run(path, "import", str(SEED))[0] == 0
    name = HOSTILE.replace("\x00", "").replace(";", "")
    code, _, err = run(path, "add", name, "--when", "March 2023", "-a", name, "-c", name)
    assert code == 0, err
    return path


def test_chart_fits_the_width_with_a_lane_per_actor(db: Path) -> None:
    for width in (60, 100, 160):
        code, out, err = run(db, "chart", "--by", "actor", "--width", str(width))
        assert code == 0, err
        assert all(len(line) <= width for line in out.splitlines())
    lanes = [line.split("|")[0].strip() for line in out.splitlines() if "|" in line]
    assert {"Iran", "North Korea", "Russia", "China"} <= set(lanes)
    assert out.isascii()  # not a terminal: plain ASCII, no colour
    assert "2022" in out and "2024" in out


def test_chart_window_and_single_lane(db: Path) -> None:
    code, out, _ = run(db, "chart", "--from", "2024-07", "--to", "2024-09", "--width", "80")
    assert code == 0
    assert "Jul" in out and "Sep" in out and "all events" in out


def test_chart_hostile_text_prints_inert(db: Path) -> None:
    _, out, _ = run(db, "chart", "--by", "category", "--width", "200")
    assert "[bold]x" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)


def test_chart_bad_options(db: Path) -> None:
    assert run(db, "chart", "--by", "colour")[0] == 2
    assert run(db, "chart", "--width", "5")[0] == 2


def test_chart_as_a_real_process_honours_no_color(db: Path) -> None:
    env = {**os.environ, **ENV, "NO_COLOR": "1", "COLUMNS": "90"}
    proc = subprocess.run(
        ["timeline", "--db", str(db), "chart", "--by", "actor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and proc.stdout.isascii()
    assert max(len(line) for line in proc.stdout.splitlines()) <= 90
