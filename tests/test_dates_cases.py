"""Every row of tests/cases/dates.tsv, the worked examples of the date contract."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import parse_when
from timeline.errors import DateError

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "dates.tsv"
SHARED = ROOT.parent / "shared" / "cases" / "dates.tsv"
DEFAULT_TODAY = date(2024, 10, 15)


def _rows() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _got(text: str, today: date) -> dict[str, str]:
    when = parse_when(text, today=today)
    end = when.end
    return {
        "start_earliest": when.start.earliest.isoformat(),
        "start_latest": when.start.latest.isoformat(),
        "end_earliest": end.earliest.isoformat() if end else "",
        "end_latest": end.latest.isoformat() if end else "",
        "precision": when.precision,
        "approximate": str(when.start.approximate).lower(),
        "uncertain": str(when.start.uncertain).lower(),
    }


def test_the_table_has_rows() -> None:
    assert len(_rows()) >= 70


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["input"] or "<empty>")
def test_case(row: dict[str, str]) -> None:
    today = date.fromisoformat(row["as_of"]) if row["as_of"] else DEFAULT_TODAY
    if row["start_earliest"] == "ERROR":
        with pytest.raises(DateError):
            parse_when(row["input"], today=today)
        return
    expected = {k: v for k, v in row.items() if k not in ("input", "as_of")}
    assert _got(row["input"], today) == expected


_RELATIVE = [r for r in _rows() if r["as_of"] and r["start_earliest"] != "ERROR"]


@pytest.mark.parametrize("row", _RELATIVE, ids=lambda r: r["input"])
def test_relative_cases_record_the_reference_day(row: dict[str, str]) -> None:
    when = parse_when(row["input"], today=date.fromisoformat(row["as_of"]))
    assert when.as_of == date.fromisoformat(row["as_of"])


def test_copy_matches_the_shared_table() -> None:
    if not SHARED.exists():
        pytest.skip("the shared case table is not beside this repository")
    assert CASES.read_bytes() == SHARED.read_bytes()
