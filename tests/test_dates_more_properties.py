"""Properties of DATES.md's newer forms, for every month, year and reference day (hypothesis)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import parse_when
from timeline.errors import DateError

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
years = st.integers(2, 9997)
months = st.integers(1, 12)
days = st.dates(date(2, 1, 1), date(9997, 12, 31))
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


@given(years, months)
def test_the_edges_and_weeks_of_a_month_lie_inside_it(year: int, month: int) -> None:
    x = f"{MONTHS[month - 1]} {year:04d}"
    last = monthrange(year, month)[1]
    start = parse_when(f"the start of {x}", today=date(2024, 1, 1)).start
    end = parse_when(f"the end of {x}", today=date(2024, 1, 1)).start
    assert (start.earliest.day, start.latest.day) == (1, 10)
    assert (end.earliest.day, end.latest.day) == (21, last)
    for n, word in enumerate(("first", "second", "third", "fourth"), start=1):
        week = parse_when(f"the {word} week of {x}", today=date(2024, 1, 1)).start
        assert (week.earliest.day, week.latest.day) == (7 * n - 6, 7 * n)
    final = parse_when(f"the last week of {x}", today=date(2024, 1, 1)).start
    assert (final.latest.day, (final.latest - final.earliest).days) == (last, 6)


@given(years, months, days)
def test_by_and_before_close_the_latest_day_and_leave_the_earliest_open(
    year: int, month: int, r: date
) -> None:
    x = f"{MONTHS[month - 1]} {year:04d}"
    by = parse_when(f"by {x}", today=r).start
    before = parse_when(f"before {x}", today=r).start
    assert by.open_earliest and before.open_earliest
    assert by.latest == date(year, month, monthrange(year, month)[1])
    assert before.latest == date(year, month, 1) - timedelta(days=1)
    assert by.precision == before.precision == "month"


@given(years, months, days)
def test_after_runs_from_the_next_day_to_the_reference_day_or_is_refused(
    year: int, month: int, r: date
) -> None:
    x = f"{MONTHS[month - 1]} {year:04d}"
    first = date(year, month, monthrange(year, month)[1]) + timedelta(days=1)
    try:
        after = parse_when(f"after {x}", today=r)
    except DateError:
        assert first > r
        return
    assert (after.earliest, after.latest, after.end, after.ongoing) == (first, r, None, False)
    assert after.as_of == r


@given(days, st.sampled_from(sorted(SEASONS)))
def test_relative_seasons_follow_the_reference_month(r: date, season: str) -> None:
    here = r.year * 12 + r.month - 1
    last = parse_when(f"last {season}", today=r).start
    this = parse_when(f"this {season}", today=r).start
    nxt = parse_when(f"next {season}", today=r).start
    for value in (last, this, nxt):
        assert value.earliest.month == SEASONS[season] and value.precision == "season"

    def index(d: date) -> int:
        return d.year * 12 + d.month - 1

    assert index(last.latest) < here and index(last.latest) + 12 >= here
    assert index(nxt.earliest) > here and index(nxt.earliest) - 12 <= here
    assert last.earliest <= this.earliest <= nxt.earliest  # "this" may be the last or next one
    assert last.earliest < nxt.earliest


@given(days)
def test_a_weekday_alone_is_the_latest_such_day_on_or_before_r(r: date) -> None:
    for n, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")):
        got = parse_when(name, today=r).start.earliest
        assert got.weekday() == n and 0 <= (r - got).days < 7


@given(days)
def test_parts_of_this_year_split_it_at_r(r: date) -> None:
    so_far = parse_when("so far this year", today=r).start
    assert (so_far.earliest, so_far.latest) == (date(r.year, 1, 1), r)
    if r.month != 12 or r.day != 31:
        later = parse_when("later this year", today=r).start
        assert (later.earliest, later.latest) == (r + timedelta(days=1), date(r.year, 12, 31))


@given(st.dates(date(3, 1, 1), date(9997, 12, 31)), st.sampled_from(["since", "so far", "to date"]))
def test_an_open_end_is_ongoing_as_of_r_and_ends_there(r: date, how: str) -> None:
    start = r - timedelta(days=400)
    text = f"since {start.isoformat()}" if how == "since" else f"{start.isoformat()} {how}"
    when = parse_when(text, today=r)
    assert when.ongoing and when.end is not None
    assert (when.end.earliest, when.end.latest, when.end.edtf, when.as_of) == (r, r, "..", r)
