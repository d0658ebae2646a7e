"""Durations and counts as sources say them (CLAIMS.md): every hedge, every amount form, and the
shared worked examples (`tests/cases/durations.tsv` is a byte copy of the shared one)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates.amounts import HEDGES, parse_claimed_count, parse_claimed_duration
from timeline.errors import DateError

CASES = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "cases" / "durations.tsv"


def _rows(name: str) -> list[dict[str, str]]:
    with (CASES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _rows("durations.tsv"), ids=lambda r: r["phrase"])
def test_the_shared_examples(row: dict[str, str]) -> None:
    got = parse_claimed_duration(row["phrase"])
    assert (got.lo, got.hi) == (
        int(row["lo_days"]),
        int(row["hi_days"]) if row["hi_days"] else None,
    )


def test_the_shared_table_is_copied_byte_for_byte() -> None:
    if not SHARED.exists():
        pytest.skip("the shared case table is not beside this repository")
    assert (CASES / "durations.tsv").read_bytes() == SHARED.read_bytes()


@pytest.mark.parametrize("row", _rows("claimed.tsv"), ids=lambda r: r["phrase"])
def test_every_hedge_and_amount_form(row: dict[str, str]) -> None:
    got = parse_claimed_duration(row["phrase"])
    assert (got.lo, got.hi, got.hedge) == (
        int(row["lo"]),
        int(row["hi"]) if row["hi"] else None,
        row["hedge"],
    )


def test_the_table_names_every_hedge_word() -> None:
    named = {r["phrase"].removeprefix("for ") for r in _rows("claimed.tsv")}
    for words in HEDGES.values():
        for word in words:
            assert any(p.startswith(word) for p in named), word


@pytest.mark.parametrize("row", _rows("counts.tsv"), ids=lambda r: r["phrase"])
def test_counts(row: dict[str, str]) -> None:
    got = parse_claimed_count(row["phrase"])
    assert (got.lo, got.hi) == (int(row["lo"]), int(row["hi"]) if row["hi"] else None)


@pytest.mark.parametrize(
    "phrase",
    [
        "within weeks",
        "a lot of months",
        "sixteen",
        "nearly",
        "for ages",
        "16 lunations",
        "nearly sixteen months ago",
        "",
    ],
)
def test_other_phrases_are_refused_with_the_tables_words(phrase: str) -> None:
    with pytest.raises(DateError) as info:
        parse_claimed_duration(phrase)
    assert "nearly" in info.value.message and "months" in info.value.message


@given(
    st.sampled_from([w for words in HEDGES.values() for w in words if w != "~"]),
    st.integers(1, 99),
    st.sampled_from(["day", "week", "fortnight", "month", "year", "decade"]),
)
def test_an_interval_holds_its_amount_unless_its_hedge_excludes_it(
    hedge: str, n: int, unit: str
) -> None:
    got = parse_claimed_duration(f"{hedge} {n} {unit}s")
    d = n * {"day": 1, "week": 7, "fortnight": 14, "month": 30.436875, "year": 365.2425,
             "decade": 3652.425}[unit]  # fmt: skip
    assert got.lo >= 0 and (got.hi is None or got.lo <= got.hi)
    if got.hedge in ("more than", "just over"):
        assert got.lo > d - 0.5
    elif got.hedge == "less than":
        assert got.hi is not None and got.hi < d + 0.5
    else:
        assert got.lo - 0.5 <= d and (got.hi is None or d <= got.hi + 0.5)
