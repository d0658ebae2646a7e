"""The CSV formula guard round-trips every string and guards every risky first character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.csvcell import guard, unguard


@given(st.text())
def test_unguard_undoes_guard(cell: str) -> None:
    assert unguard(guard(cell)) == cell


@given(st.sampled_from("=+-@\t\r"), st.text())
def test_formula_cells_are_guarded(first: str, rest: str) -> None:
    assert guard(first + rest) == "'" + first + rest


def test_apostrophe_text_survives_and_plain_text_is_untouched() -> None:
    assert guard("'=SUM(A1)") == "''=SUM(A1)"
    assert unguard("''=SUM(A1)") == "'=SUM(A1)"
    assert guard("Shahed drones") == "Shahed drones"
    assert unguard("'tis") == "'tis"
    assert guard("") == ""
