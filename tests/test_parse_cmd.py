"""`timeline parse`: through typer's CliRunner and as a real subprocess of the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app
from timeline.render.safe import inert

ENV = {"TIMELINE_TODAY": "2024-10-15"}
runner = CliRunner()


def _script() -> str:
    found = Path(sys.executable).with_name("timeline")
    return str(found) if found.exists() else shutil.which("timeline") or "timeline"


def _run(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "TIMELINE_DATE_ORDER"}
    full_env = {**base, **ENV, **env}
    return subprocess.run(
        [_script(), "parse", *args], input=stdin, capture_output=True, text=True, env=full_env,
        timeout=30,
    )  # fmt: skip


def test_text_output_one_line_per_input() -> None:
    result = runner.invoke(app, ["parse", "late 2023", "2022-08"], env=ENV)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "late 2023 → 2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)",
        "2022-08 → 2022-08-01 … 2022-08-31 (month; EDTF 2022-08)",
    ]


def test_as_of_sets_the_reference_day() -> None:
    result = runner.invoke(app, ["parse", "last month", "--as-of", "2024-03-31"], env=ENV)
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "last month → 2024-02-01 … 2024-02-29 (month; EDTF 2024-02), as of 2024-03-31"
    )


def test_relative_dates_use_today_without_as_of() -> None:
    result = runner.invoke(app, ["parse", "yesterday"], env=ENV)
    assert "2024-10-14 (day; EDTF 2024-10-14), as of 2024-10-15" in result.stdout


def test_a_bad_input_goes_to_stderr_and_exits_2_after_the_rest() -> None:
    result = runner.invoke(app, ["parse", "Smarch 2023", "2022"], env=ENV)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "timeline: could not read 'Smarch 2023': 'Smarch' is not a month; "
        "try 'March 2023' or '2023-03'"
    )
    assert result.stdout.startswith("2022 → 2022-01-01 … 2022-12-31")


def test_json_output_shape() -> None:
    result = runner.invoke(app, ["parse", "since August 2022", "--json"], env=ENV)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert list(doc) == ["input", "start", "end", "as_of", "ongoing"]
    assert doc["start"]["edtf"] == "2022-08"
    assert doc["end"] == {
        "earliest": "2024-10-15",
        "latest": "2024-10-15",
        "precision": "day",
        "approximate": False,
        "uncertain": False,
        "edtf": "..",
    }
    assert doc["as_of"] == "2024-10-15" and doc["ongoing"] is True
    closed = json.loads(runner.invoke(app, ["parse", "2024", "--json"], env=ENV).stdout)
    assert closed["ongoing"] is False
    opened = json.loads(runner.invoke(app, ["parse", "by March 2024", "--json"], env=ENV).stdout)
    assert opened["start"]["earliest"] is None and opened["start"]["latest"] == "2024-03-31"
    assert opened["start"]["edtf"] == "[..2024-03]"
    assert result.stdout == json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.mark.parametrize(("option", "expected"), [("DMY", "2024-09-03"), ("MDY", "2024-03-09")])
def test_date_order_option(option: str, expected: str) -> None:
    result = runner.invoke(app, ["parse", "03/09/2024", "--date-order", option, "--json"], env=ENV)
    assert json.loads(result.stdout)["start"]["earliest"] == expected


def test_date_order_from_the_environment() -> None:
    result = runner.invoke(app, ["parse", "03/09/2024"], env={**ENV, "TIMELINE_DATE_ORDER": "dmy"})
    assert result.exit_code == 0
    assert "2024-09-03 (day" in result.stdout


def test_a_bad_date_order_is_a_usage_error() -> None:
    result = runner.invoke(app, ["parse", "2022", "--date-order", "YMD"], env=ENV)
    assert result.exit_code == 2
    assert "not DMY or MDY" in result.stderr


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "--as-of" in result.stdout and "--date-order" in result.stdout


def test_terminal_control_characters_are_shown_as_escapes() -> None:
    assert inert("late\x1b[31m 2023\x07\u202e") == "late\\x1b[31m 2023\\x07\\u202e"


def test_subprocess_stdin_json_with_blank_and_bad_lines() -> None:
    done = _run("-", "--json", stdin="2022-08\n\nSmarch 2023\nQ3 2024\n")
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["input"] for d in lines] == ["2022-08", "", "Smarch 2023", "Q3 2024"]
    assert lines[0]["start"]["precision"] == "month"
    assert "error" in lines[1] and "start" not in lines[1]
    assert lines[2]["error"].startswith("could not read 'Smarch 2023': 'Smarch' is not a month")
    assert lines[3]["start"]["edtf"] == "2024-35"
    assert done.stderr == ""


def test_subprocess_all_good_exits_0() -> None:
    done = _run("-", stdin="late 2023\r\n2024-W36\n")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "late 2023 → 2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)",
        "2024-W36 → 2024-09-02 … 2024-09-08 (ISO week; EDTF 2024-09-02/2024-09-08)",
    ]


def test_subprocess_ambiguous_date_names_the_fix() -> None:
    done = _run("03/09/2024")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "'2024-09-03'" in done.stderr and "--date-order" in done.stderr


def test_subprocess_control_characters_never_reach_the_terminal() -> None:
    done = _run("2022\x1b[2J")
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\\x1b" in done.stderr


def test_subprocess_bad_as_of() -> None:
    done = _run("last month", "--as-of", "2024")
    assert done.returncode == 2
    assert "not a single day" in done.stderr
