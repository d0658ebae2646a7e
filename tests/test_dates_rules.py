"""One or more cases for each rule of the date contract, and for each error it names."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from timeline.dates import describe, marker, parse_when
from timeline.errors import EXIT_USAGE, DateError

R = date(2024, 10, 15)

# input, earliest, latest, precision, EDTF (of the start)
SINGLE = [
    ("2022-08-24T10:00", "2022-08-24", "2022-08-24", "day", "2022-08-24"),
    ("2022-08-24 10:00:00Z", "2022-08-24", "2022-08-24", "day", "2022-08-24"),
    ("2022-08-24T10:00:00+02:00", "2022-08-24", "2022-08-24", "day", "2022-08-24"),
    ("3rd of Sept. 2024", "2024-09-03", "2024-09-03", "day", "2024-09-03"),
    ("SEPTEMBER 3 2024", "2024-09-03", "2024-09-03", "day", "2024-09-03"),
    ("Tuesday, 3 September 2024", "2024-09-03", "2024-09-03", "day", "2024-09-03"),
    ("2024/09/03", "2024-09-03", "2024-09-03", "day", "2024-09-03"),
    ("13.09.2024", "2024-09-13", "2024-09-13", "day", "2024-09-13"),
    ("3/3/2024", "2024-03-03", "2024-03-03", "day", "2024-03-03"),
    ("2024-W36-2", "2024-09-03", "2024-09-03", "day", "2024-09-03"),
    ("2020-W53", "2020-12-28", "2021-01-03", "week", "2020-12-28/2021-01-03"),
    ("mid August 2022", "2022-08-11", "2022-08-20", "month-part", "2022-08-11/2022-08-20"),
    ("late February 2024", "2024-02-21", "2024-02-29", "month-part", "2024-02-21/2024-02-29"),
    ("early Aug. 2022", "2022-08-01", "2022-08-10", "month-part", "2022-08-01/2022-08-10"),
    ("in August 2022", "2022-08-01", "2022-08-31", "month", "2022-08"),
    ("Q4 2024", "2024-10-01", "2024-12-31", "quarter", "2024-36"),
    ("fourth quarter of 2024", "2024-10-01", "2024-12-31", "quarter", "2024-36"),
    ("H2 2024", "2024-07-01", "2024-12-31", "half", "2024-41"),
    ("2024-H1", "2024-01-01", "2024-06-30", "half", "2024-40"),
    ("summer of 2023", "2023-06-01", "2023-08-31", "season", "2023-22"),
    ("winter 2023-24", "2023-12-01", "2024-02-29", "season", "2023-24"),
    ("winter 2022", "2022-12-01", "2023-02-28", "season", "2022-24"),
    ("the 2020s", "2020-01-01", "2029-12-31", "decade", "202X"),
    ("in the 1990's", "1990-01-01", "1999-12-31", "decade", "199X"),
    ("20XX", "2000-01-01", "2099-12-31", "century", "20XX"),
    ("2022-XX", "2022-01-01", "2022-12-31", "year", "2022"),
    ("2022-XX-XX", "2022-01-01", "2022-12-31", "year", "2022"),
    ("0900", "0900-01-01", "0900-12-31", "year", "0900"),
    ("000X", "0001-01-01", "0009-12-31", "decade", "000X"),
    ("2023-25", "2023-03-01", "2023-05-31", "season", "2023-25"),
    ("2023-28", "2023-12-01", "2024-02-29", "season", "2023-28"),
    ("2023-29", "2023-09-01", "2023-11-30", "season", "2023-29"),
    ("2023-30", "2023-12-01", "2024-02-29", "season", "2023-30"),
    ("2023-31", "2023-03-01", "2023-05-31", "season", "2023-31"),
    ("2023-32", "2023-06-01", "2023-08-31", "season", "2023-32"),
    ("2023-33", "2023-01-01", "2023-03-31", "quarter", "2023-33"),
    ("2023-38", "2023-05-01", "2023-08-31", "third", "2023-38"),
    ("2023-41", "2023-07-01", "2023-12-31", "half", "2023-41"),
    ("9999-12-31", "9999-12-31", "9999-12-31", "day", "9999-12-31"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision", "edtf"), SINGLE)
def test_single_forms(text: str, earliest: str, latest: str, precision: str, edtf: str) -> None:
    when = parse_when(text, today=R)
    assert (when.end, when.as_of, when.ongoing) == (None, None, False)
    got = (when.earliest.isoformat(), when.latest.isoformat(), when.precision, when.start.edtf)
    assert got == (earliest, latest, precision, edtf)
    assert when.text == text


QUALIFIED = [
    ("~2022", True, False, "2022~"),
    ("2022 ~", True, False, "2022~"),
    ("c. 2022", True, False, "2022~"),
    ("c.2022", True, False, "2022~"),
    ("ca. 2022", True, False, "2022~"),
    ("around August 2022", True, False, "2022-08~"),
    ("about 2022", True, False, "2022~"),
    ("approximately Q3 2024", True, False, "2024-35~"),
    ("possibly 2022", False, True, "2022?"),
    ("probably late 2023", False, True, "2023-39?"),
    ("2022-08~", True, False, "2022-08~"),
    ("2022-08-03%", True, True, "2022-08-03%"),
    ("circa late August 2022", True, False, "2022-08-21~/2022-08-31~"),
]


@pytest.mark.parametrize(("text", "approximate", "uncertain", "edtf"), QUALIFIED)
def test_qualifiers_never_move_the_bounds(
    text: str, approximate: bool, uncertain: bool, edtf: str
) -> None:
    when = parse_when(text, today=R)
    plain = parse_when(edtf.rstrip("~?%").replace("~/", "/").replace("?/", "/"), today=R)
    assert (when.start.approximate, when.start.uncertain, when.start.edtf) == (
        approximate,
        uncertain,
        edtf,
    )
    assert (when.earliest, when.latest) == (plain.earliest, plain.latest)
    assert marker(when.start) == ("%" if approximate and uncertain else edtf[-1])


def test_marker_of_a_plain_date_is_empty() -> None:
    assert marker(parse_when("2022", today=R).start) == ""


RELATIVE = [
    ("tomorrow", "2024-10-16", "2024-10-16", "day"),
    ("this week", "2024-10-14", "2024-10-20", "week"),
    ("next week", "2024-10-21", "2024-10-27", "week"),
    ("next month", "2024-11-01", "2024-11-30", "month"),
    ("this year", "2024-01-01", "2024-12-31", "year"),
    ("next year", "2025-01-01", "2025-12-31", "year"),
    ("5 days ago", "2024-10-10", "2024-10-10", "day"),
    ("a week ago", "2024-10-07", "2024-10-13", "week"),
    ("3 weeks ago", "2024-09-23", "2024-09-29", "week"),
    ("one month ago", "2024-09-01", "2024-09-30", "month"),
    ("twenty years ago", "2004-01-01", "2004-12-31", "year"),
    ("next September", "2025-09-01", "2025-09-30", "month"),
    ("this December", "2024-12-01", "2024-12-31", "month"),
    ("last December", "2023-12-01", "2023-12-31", "month"),
    ("next November", "2024-11-01", "2024-11-30", "month"),
    ("around last month", "2024-09-01", "2024-09-30", "month"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), RELATIVE)
def test_relative_forms(text: str, earliest: str, latest: str, precision: str) -> None:
    when = parse_when(text, today=R)
    assert (when.earliest.isoformat(), when.latest.isoformat()) == (earliest, latest)
    assert (when.precision, when.as_of) == (precision, R)


def test_months_ago_is_calendar_aware() -> None:
    when = parse_when("1 month ago", today=date(2024, 3, 31))
    assert (when.earliest, when.latest) == (date(2024, 2, 1), date(2024, 2, 29))


# input, start earliest, start latest, end earliest, end latest, ongoing
SPANS = [
    ("September 3–5, 2024", "2024-09-03", "2024-09-03", "2024-09-05", "2024-09-05", False),
    ("3 September - 5 October 2024", "2024-09-03", "2024-09-03", "2024-10-05", "2024-10-05", False),
    ("between August and October 2023", "2023-08-01", "2023-08-31", "2023-10-01", "2023-10-31",
     False),
    ("from July to August 2024", "2024-07-01", "2024-07-31", "2024-08-01", "2024-08-31", False),
    ("2022–2023", "2022-01-01", "2022-12-31", "2023-01-01", "2023-12-31", False),
    ("July - August 2024", "2024-07-01", "2024-07-31", "2024-08-01", "2024-08-31", False),
    ("2022..2023", "2022-01-01", "2022-12-31", "2023-01-01", "2023-12-31", False),
    ("Dec 2023 - Feb 2024", "2023-12-01", "2023-12-31", "2024-02-01", "2024-02-29", False),
    ("spring-summer 2023", "2023-03-01", "2023-05-31", "2023-06-01", "2023-08-31", False),
    ("Q1-Q2 2024", "2024-01-01", "2024-03-31", "2024-04-01", "2024-06-30", False),
    ("2022-08-01/2022-08-05", "2022-08-01", "2022-08-01", "2022-08-05", "2022-08-05", False),
    ("from 2022 until 2023", "2022-01-01", "2022-12-31", "2023-01-01", "2023-12-31", False),
    ("2022-08/..", "2022-08-01", "2022-08-31", "2024-10-15", "2024-10-15", True),
    ("August 2022 to present", "2022-08-01", "2022-08-31", "2024-10-15", "2024-10-15", True),
    ("from August 2022 to now", "2022-08-01", "2022-08-31", "2024-10-15", "2024-10-15", True),
    ("since last month", "2024-09-01", "2024-09-30", "2024-10-15", "2024-10-15", True),
    ("c. 2022 to 2024?", "2022-01-01", "2022-12-31", "2024-01-01", "2024-12-31", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "se", "sl", "ee", "el", "ongoing"), SPANS)
def test_spans(text: str, se: str, sl: str, ee: str, el: str, ongoing: bool) -> None:
    when = parse_when(text, today=R)
    assert when.end is not None
    got = (when.start.earliest, when.start.latest, when.end.earliest, when.end.latest)
    assert tuple(d.isoformat() for d in got) == (se, sl, ee, el)
    assert when.ongoing is ongoing
    assert (when.as_of == R) is ongoing or text == "since last month"


def test_a_span_with_a_relative_end_records_the_reference_day() -> None:
    when = parse_when("last month to today", today=R)
    assert (when.as_of, when.ongoing, when.latest) == (R, False, R)


def test_each_end_of_a_span_keeps_its_own_qualifier() -> None:
    when = parse_when("c. 2022 to 2024?", today=R)
    assert when.end is not None
    assert (when.start.approximate, when.start.uncertain) == (True, False)
    assert (when.end.approximate, when.end.uncertain) == (False, True)


@pytest.mark.parametrize(("order", "expected"), [("DMY", "2024-09-03"), ("MDY", "2024-03-09")])
def test_date_order_settles_ambiguous_numeric_days(order: str, expected: str) -> None:
    assert parse_when("03/09/2024", today=R, date_order=order).earliest.isoformat() == expected


def test_unambiguous_numeric_day_ignores_no_order() -> None:
    assert parse_when("12/31/2024", today=R).earliest == date(2024, 12, 31)


# input, words the message must contain
ERRORS = [
    ("03/09/2024", ["2024-09-03", "--date-order", "TIMELINE_DATE_ORDER"]),
    ("Smarch 2023", ["'Smarch' is not a month", "'March 2023'", "'2023-03'"]),
    ("March", ["has no year", "'last March'", "'this March'"]),
    ("3 September", ["has no year", "'3 September 2024'", "'last September'"]),
    ("Sept 3", ["has no year"]),
    ("late March", ["has no year"]),
    ("March to June", ["no year", "'last March'"]),
    ("late", ["'late' needs a year", "'late 2023'"]),
    ("2023-13", ["'13'", "not a month", "21–41"]),
    ("2023-20", ["'20'", "21–41"]),
    ("2022-00", ["'00'"]),
    ("2022-13-01", ["13 is not a month"]),
    ("30 February 2024", ["February 2024 has no day 30"]),
    ("2022-02-29", ["February 2022 has no day 29"]),
    ("August 32 2024", ["no day 32"]),
    ("10000", ["outside 1–9999"]),
    ("12345-01", ["outside"]),
    ("0000", ["outside 1–9999"]),
    ("Y12345", ["outside years 1–9999"]),
    ("-2022", ["outside years 1–9999"]),
    ("900", ["four-digit year", "'0900'"]),
    ("in 22", ["four-digit year"]),
    ("2024 to 2022", ["before it starts", "earlier date first"]),
    ("since 2030", ["after the reference day"]),
    ("now to 2022", ["needs a start"]),
    ("2023-W53", ["no ISO week 53"]),
    ("winter 2023/25", ["one year into the next", "'winter 2023/24'"]),
    ("Monday 3 September 2024", ["is a Tuesday, not a Monday"]),
    ("next Thursday", ["'next Thursday' means different days", "'Thursday' alone"]),
    ("twentyone years ago", ["'twentyone' is not a number"]),
    ("", ["no date"]),
    ("   ", ["no date"]),
    ("next Thursday-ish", ["'ish'"]),
    ("2022\x00", ["control characters"]),
    ("a\x1b[31mb", ["control characters"]),
    ("x" * 500, ["500 characters"]),
]


@pytest.mark.parametrize(("text", "words"), ERRORS, ids=lambda v: repr(v)[:30])
def test_errors_say_what_was_not_understood(text: str, words: list[str]) -> None:
    with pytest.raises(DateError) as info:
        parse_when(text, today=R)
    err = info.value
    assert err.exit_code == EXIT_USAGE
    assert err.message.startswith("could not read ")
    for word in words:
        assert word in err.message
    assert len(err.message) < 400


def test_describe_words() -> None:
    assert describe(parse_when("late 2023", today=R)) == (
        "2023-09-01 … 2023-12-31 (third of a year; EDTF 2023-39)"
    )
    assert describe(parse_when("2022?", today=R)) == (
        "2022-01-01 … 2022-12-31 (year, uncertain; EDTF 2022?)"
    )
    assert describe(parse_when("since August 2022", today=R)) == (
        "2022-08-01 … 2022-08-31 (month; EDTF 2022-08) to 2024-10-15+ "
        "(ongoing as of 2024-10-15; EDTF 2022-08/..)"
    )
    assert describe(parse_when("by March 2024", today=R)) == (
        "… 2024-03-31 (month, no earliest day; EDTF [..2024-03])"
    )
    assert describe(parse_when("2004-06-01/", today=R)) == (
        "2004-06-01 … ? (day, no latest day; EDTF 2004-06-01/)"
    )
    assert describe(parse_when("yesterday", today=R)) == (
        "2024-10-14 (day; EDTF 2024-10-14), as of 2024-10-15"
    )


def test_importing_the_date_core_stays_light() -> None:
    code = (
        "import sys, timeline.dates; "
        "bad = [m for m in ('rich', 'typer', 'sqlite_utils', 'dateutil.parser', 'click') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "[]"


def test_hyphenated_count_is_refused_not_read_as_a_span() -> None:
    with pytest.raises(DateError) as err:
        parse_when("twenty-one days ago", today=date(2024, 10, 15))
    assert "'twenty-one' is not a number" in str(err.value)
    assert parse_when("twenty days ago", today=date(2024, 10, 15)).end is None


@pytest.mark.parametrize(
    ("text", "edtf", "earliest"),
    [
        ("2023-29", "2023-29", "2023-09-01"),
        ("2023-30~", "2023-30~", "2023-12-01"),
        ("2023-25", "2023-25", "2023-03-01"),
        ("spring 2023?", "2023-21?", "2023-03-01"),
        ("c. late 2023", "2023-39~", "2023-09-01"),
    ],
)
def test_an_edtf_grouping_keeps_its_own_code(text: str, edtf: str, earliest: str) -> None:
    start = parse_when(text, today=date(2024, 10, 15)).start
    assert (start.edtf, start.earliest.isoformat()) == (edtf, earliest)


def test_no_public_date_name_is_shadowed_by_a_submodule() -> None:
    import importlib
    import pkgutil
    import types

    import timeline.dates as dates

    for info in pkgutil.iter_modules(dates.__path__):
        importlib.import_module(f"timeline.dates.{info.name}")
    for name in dates.__all__:
        assert not isinstance(getattr(dates, name), types.ModuleType), name


def test_date_order_is_read_in_any_case_and_checked() -> None:
    today = date(2024, 10, 15)
    assert parse_when("03/09/2024", today=today, date_order="dmy").start.earliest == date(
        2024, 9, 3
    )
    assert parse_when("03/09/2024", today=today, date_order="MDY").start.earliest == date(
        2024, 3, 9
    )
    with pytest.raises(ValueError):
        parse_when("2024", today=today, date_order="YMD")
