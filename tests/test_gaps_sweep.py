"""The gap sweep (timeline.gaps.find_gaps) against DATES.md and a brute-force reference."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.gaps import find_gaps, rank_gaps, with_names
from timeline.model.results import EventRef, Gap

D = date.fromisoformat


def ev(
    id_: int, se: str, sl: str | None = None, ee: str | None = None, el: str | None = None
) -> tuple[object, ...]:
    """A row: an instant when only (se, sl) are given, a span when (ee, el) are too."""
    sl = sl or se
    return (id_, se, sl, ee or se, el or sl)


def gaps_of(rows: list[tuple[object, ...]], **kw: object) -> list[Gap]:
    rows = sorted(rows, key=lambda r: (r[1], r[0]))
    return list(find_gaps(rows, **kw))  # type: ignore[arg-type]


def test_worked_example_late_2023_then_september_2024() -> None:
    rows = [ev(1, "2023-09-01", "2023-12-31"), ev(2, "2024-09-01", "2024-09-30")]
    (g,) = gaps_of(rows)
    assert (g.min_days, g.max_days) == (245, 395)
    assert g.before is not None and g.before.id == 1
    assert g.after is not None and g.after.id == 2


def test_seed_aid_gap_is_exact_between_day_dates() -> None:
    (g,) = gaps_of([ev(1, "2022-12-23"), ev(2, "2024-04-23")])
    assert g.min_days == g.max_days == 487
    assert (g.min_from, g.min_to) == (D("2022-12-23"), D("2024-04-23"))


def test_same_day_no_gap_consecutive_days_gap_of_one() -> None:
    assert gaps_of([ev(1, "2024-01-05"), ev(2, "2024-01-05")]) == []
    (g,) = gaps_of([ev(1, "2024-01-05"), ev(2, "2024-01-06")])
    assert g.min_days == g.max_days == 1


def test_overlapping_and_nested_spans_leave_no_gap_inside() -> None:
    rows = [
        ev(1, "2020-01-01", "2020-01-01", "2020-12-31", "2020-12-31"),
        ev(2, "2020-03-01", "2020-03-01", "2020-04-01", "2020-04-01"),  # nested in 1
        ev(3, "2020-12-01", "2020-12-01", "2021-02-01", "2021-02-01"),  # overlaps 1
        ev(4, "2021-03-01"),
    ]
    (g,) = gaps_of(rows)
    assert g.before is not None and g.before.id == 3
    assert (g.min_from, g.min_to) == (D("2021-02-01"), D("2021-03-01"))


def test_nested_event_is_not_named_from_side() -> None:
    rows = [
        ev(1, "2020-01-01", "2020-01-01", "2020-12-31", "2020-12-31"),
        ev(2, "2020-06-01"),
        ev(3, "2021-06-01"),
    ]
    (g,) = gaps_of(rows)
    assert g.before is not None and g.before.id == 1
    assert g.min_days == (D("2021-06-01") - D("2020-12-31")).days


def test_fuzzy_neighbours_give_a_range() -> None:
    # 2022 (a year), then March 2023 (a month)
    (g,) = gaps_of([ev(1, "2022-01-01", "2022-12-31"), ev(2, "2023-03-01", "2023-03-31")])
    assert g.min_days == (D("2023-03-01") - D("2022-12-31")).days
    assert g.max_days == (D("2023-03-31") - D("2022-01-01")).days


def test_least_start_latest_over_all_later_events() -> None:
    # The first event after the gap is a decade; a later, precise one bounds the maximum.
    rows = [ev(1, "2019-06-01"), ev(2, "2020-01-01", "2029-12-31"), ev(3, "2020-02-01")]
    (g,) = gaps_of(rows)
    assert g.after is not None and g.after.id == 2
    assert g.max_to == D("2020-02-01")


def test_open_ended_span_resolved_to_reference_day_covers_until_then() -> None:
    # an ongoing span arrives with its end already resolved to the reference day
    rows = [ev(1, "2022-08-01", "2022-08-31", "2024-10-15", "2024-10-15"), ev(2, "2023-05-01")]
    assert gaps_of(rows) == []
    assert gaps_of(rows, as_of=D("2024-10-15")) == []


def test_as_of_adds_open_gap_and_since_adds_first_gap() -> None:
    rows = [ev(1, "2023-03-01", "2023-03-31"), ev(2, "2023-06-10")]
    gaps = gaps_of(rows, as_of=D("2023-07-10"), since=(D("2023-01-01"), D("2023-01-31")))
    since_gap, middle, open_gap = gaps
    assert since_gap.before is None and since_gap.after is not None
    assert (since_gap.min_days, since_gap.max_days) == (29, 89)
    assert not middle.open and middle.min_days == (D("2023-06-10") - D("2023-03-31")).days
    assert open_gap.open and open_gap.after is None and open_gap.min_days == 30
    assert open_gap.before is not None and open_gap.before.id == 2


def test_as_of_on_or_before_the_last_end_adds_nothing() -> None:
    assert gaps_of([ev(1, "2023-03-01")], as_of=D("2023-03-01")) == []


def test_grouped_runs_are_separate() -> None:
    rows = [
        (*ev(1, "2020-01-01"), "Iran"),
        (*ev(3, "2020-03-01"), "Iran"),
        (*ev(2, "2020-02-01"), "Russia"),
        (*ev(3, "2020-03-01"), "Russia"),
    ]
    gaps = list(find_gaps(rows, grouped=True))
    assert [(g.group, g.min_days) for g in gaps] == [("Iran", 60), ("Russia", 29)]


def test_case_blind_groups_read_the_group_after_the_extent() -> None:
    rows = [
        (*ev(1, "2020-01-01"), "Aid"),
        (*ev(2, "2020-03-01"), "aid"),
        (*ev(3, "2020-02-01"), "oil"),
    ]
    gaps = list(find_gaps(rows, grouped=True, case_blind=True))
    assert [(g.group, g.min_days) for g in gaps] == [("Aid", 60)]


def test_sweep_refs_are_unnamed_until_with_names() -> None:
    rows = [ev(1, "2023-01-01"), ev(2, "2023-03-01")]
    (g,) = gaps_of(rows)
    assert g.before is not None and (g.before.title, g.before.when) == ("", "")
    names = {1: ("Deal signed", "1 January 2023"), 2: ("Shipment", "March 2023")}
    named = with_names(gaps_of(rows, as_of=D("2023-04-01")), names)
    assert [(g.before, g.after) for g in named] == [
        (EventRef(1, "Deal signed", "1 January 2023"), EventRef(2, "Shipment", "March 2023")),
        (EventRef(2, "Shipment", "March 2023"), None),
    ]
    assert [(g.min_days, g.open) for g in named] == [(59, False), (31, True)]


def test_with_names_leaves_an_unknown_id_unnamed() -> None:
    gaps = gaps_of([ev(1, "2023-01-01"), ev(2, "2023-03-01")])
    (g,) = with_names(gaps, {2: ("Shipment", "March 2023")})
    assert g.before == EventRef(1, "", "") and g.after == EventRef(2, "Shipment", "March 2023")
    assert with_names([], {1: ("x", "y")}) == []


def test_rank_longest_first_then_max_then_earlier_start() -> None:
    rows = [ev(1, "2020-01-01"), ev(2, "2020-01-11"), ev(3, "2020-01-21"), ev(4, "2020-03-01")]
    gaps = rank_gaps(gaps_of(rows))
    assert [g.min_days for g in gaps] == [40, 10, 10]
    assert gaps[1].min_from < gaps[2].min_from
    assert [g.min_days for g in rank_gaps(gaps_of(rows), top=1)] == [40]


# --- the property: the sweep equals a brute-force reference ---------------------------------

BASE = date(2000, 1, 1)
PRECISION_DAYS = [0, 0, 0, 6, 9, 30, 90, 120, 365]  # day, week, month-part, …, year widths


@st.composite
def events(draw: st.DrawFn) -> list[tuple[object, ...]]:
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        s0 = draw(st.integers(0, 400))
        sw = draw(st.sampled_from(PRECISION_DAYS))
        if draw(st.booleans()):
            out.append(ev(i, *(str(BASE + timedelta(x)) for x in (s0, s0 + sw))))
            continue
        e0 = s0 + draw(st.integers(0, 200))
        ew = draw(st.sampled_from(PRECISION_DAYS))
        days = (s0, s0 + sw, e0, e0 + ew)
        out.append(ev(i, *(str(BASE + timedelta(x)) for x in days)))
    return out


def reference(rows: list[tuple[object, ...]]) -> list[tuple[int, int, object, object]]:
    """Split the sorted events at every index where the prefix cannot reach the suffix."""
    rows = sorted(rows, key=lambda r: (r[1], r[0]))
    out = []
    for i in range(1, len(rows)):
        before, after = rows[:i], rows[i:]
        cover = max(str(r[4]) for r in before)
        if str(after[0][1]) <= cover:
            continue
        min_days = (D(str(after[0][1])) - D(cover)).days
        max_to = min(D(str(r[2])) for r in after)
        max_days = (max_to - max(D(str(r[3])) for r in before)).days
        named = [r for r in before if r[4] == cover][-1]
        out.append((min_days, max_days, named[0], after[0][0]))
    return out


@settings(max_examples=250, deadline=None)
@given(events())
def test_sweep_equals_brute_force_reference(rows: list[tuple[object, ...]]) -> None:
    got = [
        (g.min_days, g.max_days, g.before and g.before.id, g.after and g.after.id)
        for g in gaps_of(rows)
    ]
    assert got == reference(rows)


@settings(max_examples=250, deadline=None)
@given(events())
def test_no_gap_is_touched_by_any_event(rows: list[tuple[object, ...]]) -> None:
    for g in gaps_of(rows):
        assert 0 < g.min_days <= g.max_days
        for r in rows:
            assert D(str(r[4])) <= g.min_from or D(str(r[1])) >= g.min_to


@settings(max_examples=150, deadline=None)
@given(events())
def test_every_uncovered_day_inside_the_selection_is_in_a_gap(
    rows: list[tuple[object, ...]],
) -> None:
    covered = set()
    for r in rows:
        d = D(str(r[1]))
        while d <= D(str(r[4])):
            covered.add(d)
            d += timedelta(1)
    if not covered:
        return
    inside = {min(covered) + timedelta(i) for i in range((max(covered) - min(covered)).days)}
    quiet = inside - covered
    in_gaps = set()
    for g in gaps_of(rows):
        in_gaps |= {g.min_from + timedelta(i) for i in range(1, g.min_days)}
    assert quiet == in_gaps


def test_since_adds_only_the_gap_before_the_first_event() -> None:
    rows = [ev(1, "2021-06-01"), ev(2, "2023-06-01"), ev(3, "2024-06-01")]
    plain = [(g.min_days, g.before and g.before.id) for g in gaps_of(rows)]
    with_since = gaps_of(rows, since=(D("2021-01-01"), D("2021-01-01")))
    assert [(g.min_days, g.before and g.before.id) for g in with_since] == [(151, None), *plain]
    # a date after the first event adds nothing and takes nothing away
    late = (D("2022-02-24"), D("2022-02-24"))
    assert [(g.min_days, g.max_days) for g in gaps_of(rows, since=late)] == [
        (g.min_days, g.max_days) for g in gaps_of(rows)
    ]
    # nor does it hide the open gap to --as-of
    after_all = gaps_of(rows, since=(D("2024-12-01"),) * 2, as_of=D("2024-12-31"))
    assert [(g.open, g.min_days) for g in after_all][-1] == (True, 213)


def test_since_gap_reaches_the_least_latest_start_after_it() -> None:
    rows = [ev(1, "2023-01-01", "2023-12-31"), ev(2, "2023-03-05")]
    (g,) = gaps_of(rows, since=(D("2022-12-01"), D("2022-12-31")))
    assert g.before is None and g.after is not None and g.after.id == 1
    assert (g.min_days, g.max_days) == (1, (D("2023-03-05") - D("2022-12-01")).days)
