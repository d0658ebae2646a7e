"""`timeline check …`, `relate` and `claims` (CLAIMS.md), through the CLI and the API, on real
SQLite files; CLAIMS.md's worked example as a test."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import timeline
from timeline.cli.app import app

TODAY = "2024-10-15"
BIN = Path(sys.executable).with_name("timeline")


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["--db", str(db), *args], env={"TIMELINE_TODAY": TODAY})
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def worked(tmp_path: Path) -> Path:
    """CLAIMS.md's chronology: us-appropriation events on 2022-12-29 (#1) and 2024-04-24 (#2)."""
    db = tmp_path / "w.db"
    for title, when in (
        ("Consolidated Appropriations Act", "2022-12-29"),
        ("Ukraine supplemental", "2024-04-24"),
    ):
        assert run(db, "add", title, "--when", when, "-c", "us-appropriation")[0] == 0
    return db


def test_the_worked_example_of_claims_md(worked: Path) -> None:
    args = [
        "check",
        "gap",
        "--after",
        "December 2023",
        "--lasted",
        "nearly sixteen months",
        "-c",
        "us-appropriation",
    ]
    code, out, _ = run(worked, *args)
    assert code == 1
    assert "read as: 438 to 487 days" in out
    assert "true:    115 to 145 days (3 months 24 days to 4 months 23 days)" in out
    assert "verdict: contradicted" in out
    assert "decided by: from December 2023; to #2 Ukraine supplemental (2024-04-24)" in out
    (hold,) = [line for line in out.splitlines() if line.startswith("would hold")]
    assert hold == (
        "would hold after #1 Consolidated Appropriations Act (2022-12-29): 482 days "
        "(1 year 3 months 26 days)"
    )
    code, out, _ = run(worked, *args, "--json")
    doc = json.loads(out)
    assert (doc["read_as"]["lo"], doc["read_as"]["hi"], doc["true"]) == (
        438,
        487,
        {"min": 115, "max": 145},
    )
    assert [h["id"] for h in doc["would_hold"]] == [1]  # December 2022 itself: cannot tell


def test_the_date_a_year_earlier_is_not_offered_when_it_cannot_tell(worked: Path) -> None:
    code, out, _ = run(
        worked,
        "check",
        "gap",
        "--after",
        "December 2022",
        "--lasted",
        "nearly sixteen months",
        "-c",
        "us-appropriation",
        "--json",
    )
    doc = json.loads(out)
    assert (code, doc["true"], doc["verdict"]) == (4, {"min": 480, "max": 510}, "cannot tell")


def test_a_year_off_is_offered_when_it_holds(worked: Path) -> None:
    code, out, _ = run(
        worked,
        "check",
        "gap",
        "--after",
        "2023-12-29",
        "--lasted",
        "sixteen months",
        "-c",
        "us-appropriation",
        "--json",
    )
    doc = json.loads(out)
    assert code == 1
    assert "2022-12-29" in [h["label"] for h in doc["would_hold"]]


def test_duration_count_first_order_and_exit_codes(worked: Path) -> None:
    assert run(worked, "check", "duration", "#1", "#2", "--lasted", "nearly sixteen months")[0] == 0
    assert run(worked, "check", "duration", "#1", "#2", "--lasted", "about four months")[0] == 1
    assert run(worked, "check", "duration", "2022", "#2", "--lasted", "sixteen months")[0] == 4
    assert run(worked, "check", "count", "--in", "2022", "--is", "one")[0] == 0
    assert run(worked, "check", "count", "--in", "2022", "--is", "four")[0] == 1
    assert run(worked, "check", "first", "#2", "--since", "#1")[0] == 0
    assert run(worked, "check", "first", "#1", "--since", "#2")[0] == 1
    assert run(worked, "add", "Between", "--when", "2023-06-01")[0] == 0
    code, out, _ = run(worked, "check", "first", "#2", "--since", "#1")
    assert code == 1 and "certainly between #3 Between" in out
    assert run(worked, "check", "order", "#1", "#2", "--before")[0] == 0
    assert run(worked, "check", "order", "#1", "#2", "--after")[0] == 1
    year_long = "2023-01-01 to 2023-12-31"  # a span; "2023" alone is one day some time in 2023
    assert run(worked, "check", "order", year_long, "#3", "--overlaps")[0] == 0
    assert run(worked, "check", "order", "2023", "#3", "--overlaps")[0] == 4
    assert run(worked, "check", "order", "June 2023", year_long, "--during")[0] == 0
    code, _, err = run(worked, "check", "order", "#1", "#2")
    assert code == 2 and "exactly one" in err
    code, _, err = run(worked, "check", "gap", "--after", "#1", "--lasted", "ages")
    assert code == 2 and "hedges" in err
    code, _, err = run(worked, "check", "gap", "--after", "#99", "--lasted", "a year")
    assert code == 3 and "#99" in err


def test_relate_names_all_thirteen_relations(worked: Path) -> None:
    code, out, _ = run(worked, "relate", "late 2023", "December 2023", "--json")
    found = json.loads(out)
    assert code == 0 and len(found) == 13
    assert found["before"] == found["equals"] == "cannot tell" and found["overlaps"] == "no"
    code, out, _ = run(worked, "relate", "#1", "#2")
    assert out.splitlines()[0] == "before: yes" and out.count(": no") == 12


def test_recorded_claims_are_a_sheet_in_the_record(worked: Path, tmp_path: Path) -> None:
    code, _, err = run(
        worked,
        "check",
        "gap",
        "--after",
        "December 2023",
        "--lasted",
        "nearly sixteen months",
        "-c",
        "us-appropriation",
        "--record",
        "--source",
        "Seed article",
        "--quote",
        "no more aid …",
    )
    assert code == 1 and "recorded as claim #1" in err
    code, out, _ = run(worked, "claims", "-f", "json")
    (row,) = json.loads(out)
    assert (code, row["recorded_verdict"], row["verdict"], row["changed"]) == (
        0,
        "contradicted",
        "contradicted",
        False,
    )
    assert (
        run(worked, "add", "January package", "--when", "2025-02-10", "-c", "us-appropriation")[0]
        == 0
    )
    code, out, _ = run(worked, "claims")
    assert code == 0 and "contradicted" in out
    assert "log" and "add-claim" in run(worked, "log")[1]
    exported = tmp_path / "all.jsonl"
    assert run(worked, "export", "-f", "jsonl", "-o", str(exported), "--claims")[0] == 0
    assert exported.read_text().splitlines()[-1].startswith('{"claim": {')
    other = tmp_path / "other.db"
    assert run(other, "import", str(exported))[0] == 0
    code, out, _ = run(other, "claims", "-f", "csv")
    assert "nearly sixteen months" in out
    assert run(other, "undo")[0] == 0
    assert run(other, "claims", "-f", "json")[1].strip() == "[]"
    code, out, _ = run(worked, "claims", "--delete", "1")
    assert (code, out) == (0, "deleted claim #1\n")
    assert run(worked, "undo")[0] == 0
    assert json.loads(run(worked, "claims", "-f", "json")[1])[0]["id"] == 1


def test_a_claims_anchor_ids_are_renumbered_on_import(worked: Path, tmp_path: Path) -> None:
    run(worked, "check", "duration", "#1", "#2", "--lasted", "nearly sixteen months", "--record")
    exported = tmp_path / "all.json"
    run(worked, "export", "-f", "json", "-o", str(exported), "--claims")
    other = tmp_path / "other.db"
    run(other, "add", "Something else first", "--when", "2020")
    assert run(other, "import", str(exported))[0] == 0
    (row,) = json.loads(run(other, "claims", "-f", "json")[1])
    assert row["claim"] == "#3 came nearly sixteen months after #2" and row["verdict"] == "holds"


def test_the_api(worked: Path) -> None:
    with timeline.open(worked, today=date(2024, 10, 15)) as tl:
        check = tl.check.gap(
            after="December 2023", lasted="nearly sixteen months", category="us-appropriation"
        )
        assert (check.verdict, check.true_min, check.true_max) == ("contradicted", 115, 145)
        stored = tl.claims.record(
            check,
            {
                "kind": "gap",
                "claim": "nearly sixteen months",
                "a": "December 2023",
                "selection": {"category": "us-appropriation"},
            },
        )
        ((claim, again),) = tl.claims.rechecked()
        assert claim == stored and again.verdict == "contradicted"


def test_parse_duration(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(BIN), "parse", "--duration", "nearly sixteen months", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(proc.stdout)["lo_days"] == 438
    proc = subprocess.run(
        [str(BIN), "parse", "--duration", "soon"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_check_with_no_subcommand_still_checks_the_file(worked: Path) -> None:
    code, out, _ = run(worked, "check", "--json")
    doc = json.loads(out)
    assert (code, doc["status"], doc["claims"]) == (0, "ok", 0)
