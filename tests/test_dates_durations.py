"""Durations: reading them, adding them to days, and the calendar form between two days."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import Duration, add_duration, calendar_form, parse_duration
from timeline.errors import DateError


@pytest.mark.parametrize(
    ("text", "years", "months", "days"),
    [
        ("90d", 0, 0, 90),
        ("90 days", 0, 0, 90),
        ("1 day", 0, 0, 1),
        ("2w", 0, 0, 14),
        ("2 weeks", 0, 0, 14),
        ("3mo", 0, 3, 0),
        ("3 months", 0, 3, 0),
        ("1y", 1, 0, 0),
        ("1 year 2 months", 1, 2, 0),
        ("1 year, 2 months and 3 days", 1, 2, 3),
        ("P1Y2M10D", 1, 2, 10),
        ("p2w", 0, 0, 14),
        ("P3M", 0, 3, 0),
    ],
)
def test_parse_duration(text: str, years: int, months: int, days: int) -> None:
    assert parse_duration(text) == Duration(years, months, days, text)


@pytest.mark.parametrize("text", ["", "3", "three months", "3 fortnights", "P", "PT5H", "-3d",
                                  "3 months later", "x" * 300])  # fmt: skip
def test_bad_durations_are_date_errors(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_duration(text)
    assert "try '90d'" in info.value.message or "is not a unit" in info.value.message


def test_add_duration_clips_to_the_month_end() -> None:
    assert add_duration(date(2024, 1, 31), parse_duration("1 month")) == date(2024, 2, 29)
    assert add_duration(date(2024, 2, 29), parse_duration("1y")) == date(2025, 2, 28)
    assert add_duration(date(2022, 12, 23), parse_duration("90d")) == date(2023, 3, 23)


def test_adding_past_year_9999_is_a_date_error() -> None:
    with pytest.raises(DateError):
        add_duration(date(9999, 6, 1), parse_duration("1 year"))


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        ("2022-12-23", "2024-04-24", "1 year 4 months 1 day"),
        ("2024-04-24", "2022-12-23", "-1 year 4 months 1 day"),
        ("2024-01-01", "2024-01-01", "0 days"),
        ("2024-01-31", "2024-02-29", "1 month"),
        ("2024-01-01", "2025-01-01", "1 year"),
        ("2023-09-01", "2024-09-02", "1 year 1 day"),
        ("2024-07-16", "2024-04-15", "-3 months 1 day"),
    ],
)
def test_calendar_form(a: str, b: str, text: str) -> None:
    assert calendar_form(date.fromisoformat(a), date.fromisoformat(b)) == text


days = st.dates(date(1, 1, 1), date(9000, 12, 31))


@settings(max_examples=300)
@given(days, st.integers(0, 50), st.integers(0, 40), st.integers(0, 1000))
def test_adding_matches_relativedelta(day: date, years: int, months: int, n: int) -> None:
    duration = parse_duration(f"{years}y {months}mo {n}d")
    assert add_duration(day, duration) == day + relativedelta(years=years, months=months, days=n)


@settings(max_examples=300)
@given(days, days)
def test_calendar_form_matches_relativedelta(a: date, b: date) -> None:
    rd = relativedelta(b, a)
    parts = [(rd.years, "year"), (rd.months, "month"), (rd.days, "day")]
    words = [f"{abs(n)} {unit}{'' if abs(n) == 1 else 's'}" for n, unit in parts if n]
    sign = "-" if b < a else ""
    assert calendar_form(a, b) == (sign + " ".join(words) if words else "0 days")
