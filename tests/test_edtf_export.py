"""Every EDTF string the exports write, read by python-edtf (the `edtf` package), says the
tool's bounds; open ends stay open.

The strings come from the JSON export (`start.edtf`, `end.edtf`) and the CSV export's `edtf`
column, for every date of the worked-example tables (`tests/cases/*.tsv`) and for the forms the
tool writes in its own notation (qualified sub-year groupings, qualified or grouped open sides).
The exceptions are python-edtf's own readings, documented in DATES.md and `test_edtf_table.py`:
an unqualified winter (`-24`) ends on 31 December there, and an unknown side (`/2006`,
`2004-06-01/`) is put ten years away where the specification leaves it unknown.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pytest

from timeline.dates import parse_when
from timeline.dates.types import FuzzyDate
from timeline.errors import TimelineError
from timeline.model import Event
from timeline.render.edtf import event_edtf, portable
from timeline.render.events import csv_row, json_event

edtf = pytest.importorskip("edtf")

CASES = Path(__file__).resolve().parent / "cases"
R = date(2024, 10, 15)
MORE = [
    "c. late 2023", "late 2023?", "c. Q3 2024", "possibly H1 2024", "c. spring 2023",
    "possibly winter 2023", "2023-30~", "c. 2023-29", "2023-25", "c. 2020s", "c. 20XX",
    "2022-08-XX~", "probably by March 2024", "c. by March 2024", "by late 2023",
    "by the end of 2023", "before March 2024", "after August 2022", "c. after August 2022",
    "since early 2023", "since c. August 2022", "since Q1 2023", "2022-08/..", "../2023-39",
    "/2006", "2004-06-01/", "[2024-03..]", "2023-39/", "late 2022 to early 2023",
    "c. July-August 2024", "between late 2022 and Q1 2023", "winter 2022 to spring 2023",
    "2020s to 2023", "c. 2024-W36", "early August 2022?", "so far this year", "last week",
    "1984?/2004%", "Christmas 2023", "by 2024-W10",
]  # fmt: skip


def _texts() -> list[tuple[str, date]]:
    out = [(t, R) for t in MORE]
    for name in ("dates.tsv", "dates-more.tsv"):
        with (CASES / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                as_of = date.fromisoformat(row["as_of"]) if row["as_of"] else R
                out.append((row["input"], as_of))
    return out


def _event(text: str, as_of: date) -> Event | None:
    try:
        w = parse_when(text, today=as_of, date_order="DMY")
    except TimelineError:
        return None  # a refused row of the tables
    return Event(id=1, title="t", when=text, start=w.start, end=w.end, ongoing=w.ongoing,
                 as_of=w.as_of)  # fmt: skip


def _strict(text: str) -> tuple[object, object]:
    """python-edtf's strict bounds as days (or ±inf for an open side)."""
    from edtf import parse_edtf, struct_time_to_date

    value = parse_edtf(text)

    def day(t: object) -> object:
        return t if isinstance(t, float) else struct_time_to_date(t)

    return day(value.lower_strict()), day(value.upper_strict())


def _winter(text: str) -> bool:
    return any(part.rstrip("~?%").endswith("-24") for part in text.split("/"))


def _unknown_side(text: str) -> bool:
    return text.startswith("/") or text.endswith("/")


def _expect(text: str, first: FuzzyDate, last: FuzzyDate, ongoing: bool) -> None:
    got_lo, got_hi = _strict(text)
    lo = -math.inf if first.open_earliest else first.earliest
    hi = math.inf if ongoing or last.open_latest else last.latest
    if _unknown_side(text):  # python-edtf: ten years away; the spec: unknown
        known = got_hi if text.startswith("/") else got_lo
        assert known == (hi if text.startswith("/") else lo), text
        return
    if _winter(text) and got_hi != hi:  # python-edtf ends a winter on 31 December
        assert isinstance(got_hi, date) and got_hi.month == 12 and got_hi.day == 31, text
        got_hi = hi
    assert (got_lo, got_hi) == (lo, hi), text


TEXTS = _texts()


def test_the_sample_is_large() -> None:
    assert len({t for t, _ in TEXTS}) > 150


@pytest.mark.parametrize(("text", "as_of"), TEXTS, ids=[t for t, _ in TEXTS])
def test_json_and_csv_edtf_read_back_to_the_bounds(text: str, as_of: date) -> None:
    event = _event(text, as_of)
    if event is None:
        pytest.skip("refused by the tool")
    doc = json_event(event)
    start = doc["start"]
    assert isinstance(start, dict)
    _expect(start["edtf"], event.start, event.start, False)
    end = doc["end"]
    if isinstance(end, dict) and event.end is not None and not event.ongoing:
        _expect(end["edtf"], event.end, event.end, False)
    whole = csv_row(event)[-1]
    assert whole == event_edtf(event)
    _expect(whole, event.start, event.end or event.start, event.ongoing)


def test_open_ends_stay_open() -> None:
    for text, expected in (
        ("since August 2022", "2022-08/.."),
        ("2022-08/..", "2022-08/.."),
        ("since early 2023", "2023-01/.."),
        ("by March 2024", "[..2024-03]"),
        ("by late 2023", "[..2023-12]"),
        ("before March 2024", "[..2024-02-29]"),
        ("probably by March 2024", "../2024-03?"),
    ):
        event = _event(text, R)
        assert event is not None and event_edtf(event) == expected, text
        lo, hi = _strict(expected)
        assert lo == -math.inf or hi == math.inf


def test_the_tool_notation_is_kept_where_readers_take_it() -> None:
    for text in ("2023-39", "2024-35", "2023-29", "2022-08", "2022~", "202X", "2022-08/2022-09"):
        when = parse_when(text, today=R)
        assert portable(when.start) == when.start.edtf
    qualified = parse_when("c. winter 2023", today=R).start
    assert portable(qualified) == "2023-12~/2024-02~"  # and the winter keeps its February
    assert _strict(portable(qualified)) == (date(2023, 12, 1), date(2024, 2, 29))
