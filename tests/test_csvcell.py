"""The CSV formula guard round-trips every string and guards every risky first character."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.csvcell import guard, unguard


@given(st.text())
def test_unguard_undoes_guard(cell: str) -> None:
    assert unguard(guard(cell)) == cell


@given(st.sampled_from("=+-@\t\r"), st.text())
def test_formula_cells_are_guarded(first: str, rest: str) -> None:
    cell = first + rest
    number = re.fullmatch(r"[+-](\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cell, re.ASCII)
    assert guard(cell) == (cell if number else "'" + cell)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_a_plain_number_is_not_a_formula(value: float) -> None:
    text = repr(value) if isinstance(value, float) else str(value)
    assert guard(text) == text
    assert (float(text) if isinstance(value, float) else int(text)) == value


@pytest.mark.parametrize("cell", ["-5+1", "=1+1", "@SUM(A1)", "-A1", "- 5", "-5 ", "+", "-", "-٣"])
def test_what_only_looks_like_a_number_stays_guarded(cell: str) -> None:
    assert guard(cell) == "'" + cell and unguard(guard(cell)) == cell


def test_apostrophe_text_survives_and_plain_text_is_untouched() -> None:
    assert guard("'=SUM(A1)") == "''=SUM(A1)"
    assert unguard("''=SUM(A1)") == "'=SUM(A1)"
    assert guard("Shahed drones") == "Shahed drones"
    assert unguard("'tis") == "'tis"
    assert guard("") == ""
    assert guard("-5") == "-5" and guard("-0.25") == "-0.25" and guard("+3") == "+3"
