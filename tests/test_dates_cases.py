"""Every row of tests/cases/dates.tsv and tests/cases/dates-more.tsv, the worked examples of the
date contract (`..` stands for an open side in the second)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import parse_when
from timeline.errors import DateError

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "dates.tsv"
MORE = ROOT / "tests" / "cases" / "dates-more.tsv"
SHARED = ROOT.parent / "shared" / "cases" / "dates.tsv"
SHARED_MORE = ROOT.parent / "shared" / "cases" / "dates-more.tsv"
DEFAULT_TODAY = date(2024, 10, 15)


def _rows(path: Path = CASES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _got(text: str, today: date) -> dict[str, str]:
    when = parse_when(text, today=today)
    end = when.end
    return {
        "start_earliest": ".." if when.start.open_earliest else when.start.earliest.isoformat(),
        "start_latest": ".." if when.start.open_latest else when.start.latest.isoformat(),
        "end_earliest": end.earliest.isoformat() if end else "",
        "end_latest": end.latest.isoformat() if end else "",
        "precision": when.precision,
        "approximate": str(when.start.approximate).lower(),
        "uncertain": str(when.start.uncertain).lower(),
    }


def test_the_table_has_rows() -> None:
    assert len(_rows()) >= 70


ALL = _rows() + _rows(MORE)


def test_the_more_table_has_the_shared_rows_and_more() -> None:
    more = _rows(MORE)
    assert len(more) >= 80
    if SHARED_MORE.exists():
        with SHARED_MORE.open(encoding="utf-8", newline="") as f:
            shared = list(csv.DictReader(f, delimiter="\t"))
        assert shared and all(row in more for row in shared)


@pytest.mark.parametrize("row", ALL, ids=lambda r: r["input"] or "<empty>")
def test_case(row: dict[str, str]) -> None:
    today = date.fromisoformat(row["as_of"]) if row["as_of"] else DEFAULT_TODAY
    if row["start_earliest"] == "ERROR":
        with pytest.raises(DateError):
            parse_when(row["input"], today=today)
        return
    expected = {k: v for k, v in row.items() if k not in ("input", "as_of")}
    assert _got(row["input"], today) == expected


_RELATIVE = [
    r for r in ALL
    if r["as_of"] and r["start_earliest"] != "ERROR"
    and parse_when(r["input"], today=date.fromisoformat(r["as_of"])).as_of is not None
]  # fmt: skip


def test_the_relative_cases_are_many() -> None:
    assert len(_RELATIVE) > 40


@pytest.mark.parametrize("row", _RELATIVE, ids=lambda r: r["input"])
def test_relative_cases_record_the_reference_day(row: dict[str, str]) -> None:
    """A date read against R keeps R, and means something else against another day."""
    when = parse_when(row["input"], today=date.fromisoformat(row["as_of"]))
    assert when.as_of == date.fromisoformat(row["as_of"])


def test_copy_matches_the_shared_table() -> None:
    if not SHARED.exists():
        pytest.skip("the shared case table is not beside this repository")
    assert CASES.read_bytes() == SHARED.read_bytes()
