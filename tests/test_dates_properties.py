"""Properties of the date core that must hold for every input, checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import parse_when
from timeline.dates.fast import fast
from timeline.dates.parse import _parse
from timeline.errors import DateError

R = date(2024, 10, 15)
MONTH_WORDS = ["January", "Feb", "march", "Sept", "Sept.", "october", "DEC"]
WORDS = ["early", "mid", "late", "spring", "summer", "autumn", "fall", "winter", "in", "Q3"]

years = st.integers(1, 9998).map(lambda y: f"{y:04d}")
forms = st.one_of(
    st.builds(lambda d: d.isoformat(), st.dates(date(1, 1, 1), date(9998, 12, 31))),
    st.builds(lambda y, m: f"{y}-{m:02d}", years, st.integers(1, 12)),
    st.builds(lambda y, c: f"{y}-{c}", years, st.integers(21, 41)),
    years,
    st.builds(lambda w, y: f"{w} {y}", st.sampled_from(MONTH_WORDS + WORDS), years),
    st.builds(lambda q, y: f"Q{q} {y}", st.integers(1, 4), years),
    st.builds(lambda h, y: f"H{h} {y}", st.integers(1, 2), years),
    st.builds(lambda p, m, y: f"{p}{m} {y}", st.sampled_from(["early ", "mid-", "late "]),
              st.sampled_from(MONTH_WORDS), years),
    st.builds(lambda d, y: f"{d}X", st.integers(0, 999).map(lambda n: f"{n:03d}"), st.none()),
    st.builds(lambda y, w: f"{y:04d}-W{w:02d}", st.integers(1, 9998), st.integers(1, 52)),
    st.builds(lambda y, q: f"{y}{q}", years, st.sampled_from(["~", "?", "%"])),
)  # fmt: skip
noise = st.text(
    alphabet=st.sampled_from(list("0123456789-/.~?%XxWQHq ,–abcdeilmnorstuy\x00\x1b\n\t")),
    max_size=30,
)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=60), noise, forms))
def test_only_date_errors_escape(text: str) -> None:
    try:
        when = parse_when(text, today=R)
    except DateError as err:
        assert err.message.startswith("could not read ")
        return
    assert when.text == text


@settings(max_examples=300)
@given(forms)
def test_earliest_never_after_latest(text: str) -> None:
    when = parse_when(text, today=R)
    assert when.start.earliest <= when.start.latest
    assert when.earliest <= when.latest


@settings(max_examples=300)
@given(forms)
def test_a_values_edtf_reads_back_to_the_same_bounds(text: str) -> None:
    when = parse_when(text, today=R)
    again = parse_when(when.start.edtf, today=R)
    assert (again.earliest, again.latest) == (when.start.earliest, when.start.latest)
    assert (again.start.approximate, again.start.uncertain) == (
        when.start.approximate,
        when.start.uncertain,
    )


@settings(max_examples=200)
@given(forms, st.floats(0, 1))
def test_any_day_inside_the_bounds_reads_inside_them(text: str, where: float) -> None:
    when = parse_when(text, today=R)
    span = (when.latest - when.earliest).days
    day = when.earliest + timedelta(days=round(span * where))
    inner = parse_when(day.isoformat(), today=R)
    assert when.earliest <= inner.earliest == inner.latest <= when.latest


@settings(max_examples=300)
@given(forms)
def test_the_fast_path_agrees_with_the_full_parser(text: str) -> None:
    quick = fast(text)
    if quick is not None:
        assert _parse(text, R, None).start == quick
